"""Analogies: a is to b as c is to ? (king − man + woman ≈ queen)."""

import pandas as pd
import streamlit as st

import embedlab
from embedlab.analogy import LANGUAGE_NAMES, METHOD_HELP, METHOD_NAMES, METHODS, solve
from embedlab.examples import (
    ANALOGY_BATCH_LANGUAGES,
    ANALOGY_BATCHES,
    ANALOGY_PRESETS,
)
from embedlab.plots.analogy import parallelogram_figure
from views import _ui as ui
from views._i18n import language as interface_language
from views._i18n import number, t, translate_message

# The word models to offer when a sentence model is picked (presets: ANALOGY_MODELS).
WORD_MODELS = {
    "use-words": t("USE word vectors (pt + en)"),
    "glove-50d": t("GloVe (English)"),
}
ANSWER_LANGUAGES = {
    "auto": t("Same as a, b, c"),
    "pt": t("Portuguese"),
    "en": t("English"),
    None: t("All words"),
}

st.title(t("Analogies"))
st.caption(
    t(
        "*a* is to *b* as *c* is to **?** The answer is the word whose vector is closest to "
        "b − a + c: the offset from a to b, added to c (rei − homem + mulher ≈ rainha)."
    )
)
model = ui.current_model()
is_word = isinstance(model, embedlab.WordModel)
tagged = is_word and bool(model.languages)


def _switch(model_id: str) -> None:
    st.session_state["model_choice"] = model_id  # the sidebar picker's key


def _use_preset() -> None:
    if st.session_state["an_preset"] is None:
        return
    preset = ANALOGY_PRESETS[st.session_state["an_preset"]]
    for key in ("a", "b", "c", "expected"):
        st.session_state[f"an_{key}"] = preset[key]
    st.session_state["an_candidates"] = "\n".join(preset["candidates"])


def _use_batch() -> None:
    st.session_state["an_batch"] = ANALOGY_BATCHES[st.session_state["an_batch_example"]]


if "an_a" not in st.session_state:
    # The first preset (and batch) in the interface language: a teacher sees Portuguese.
    st.session_state["an_preset"] = next(
        (k for k, p in ANALOGY_PRESETS.items() if p["language"] == interface_language()), None
    )
    _use_preset()
    st.session_state["an_batch_example"] = next(
        (k for k, lang in ANALOGY_BATCH_LANGUAGES.items() if lang == interface_language()),
        next(iter(ANALOGY_BATCHES)),
    )
    _use_batch()

if not is_word:
    st.info(
        t(
            "**{model}** is a sentence model: it has no vocabulary to search, so it ranks the "
            "candidate answers you list below. Word analogies work best with a word model: pick "
            "one in the sidebar's **Model** box, or switch here.",
            model=model.name,
        )
    )
    offers = {k: v for k, v in WORD_MODELS.items() if k in ui.model_choices("word")}
    for column, (model_id, label) in zip(st.columns(4), offers.items(), strict=False):
        column.button(
            t("Use {model}", model=label), key=f"an_use_{model_id}", on_click=_switch,
            args=(model_id,),
        )  # fmt: skip

s1, s2, s3, s4 = st.columns([1.2, 1, 1.3, 1.2])
method = s1.radio(
    t("Solver"),
    METHODS,
    key="an_method",
    horizontal=True,
    format_func=METHOD_NAMES.get,
    help="\n\n".join(t(text) for text in METHOD_HELP.values()),
)
topn = s2.slider(t("Answers shown"), 1, 25, 10, key="an_topn")
exclude = s3.checkbox(t("Exclude the input words"), value=True, key="an_exclude")
s3.caption(
    t("Without this the top answer is usually b or c itself: b − a + c stays close to both.")
)
restrict, language = 0, None
if is_word:
    restrict = s4.number_input(
        t("Search the N most frequent words"),
        min_value=0,
        value=0,
        step=10_000,
        key="an_restrict",
        help=t("0 = the whole vocabulary. Rare words are noisy: 30,000 is the benchmark setting."),
    )
if tagged:
    language = s4.selectbox(
        t("Answer language"),
        list(ANSWER_LANGUAGES),
        key="an_language",
        format_func=ANSWER_LANGUAGES.__getitem__,
        help=t(
            "{model} holds words of several languages. 'Same as a, b, c' answers in the "
            "language of the three words (homem, rei, mulher: Portuguese words only).",
            model=model.name,
        ),
    )


@st.cache_data(show_spinner=False, max_entries=128)
def _solve(model_id: str, words: tuple, options: tuple, candidates, _model):
    a, b, c, expected = words
    return solve(_model, a, b, c, candidates=candidates, expected=expected, **dict(options))


def _language_note(found) -> str:
    """Which words the answers came from, for a vocabulary of several languages."""
    if found.language is not None:
        name = t(LANGUAGE_NAMES.get(found.language, found.language))
        if language == "auto":
            return t("Answers from {language} words only: the language of a, b and c.",
                     language=name.lower())  # fmt: skip
        return t("Answers from {language} words only.", language=name.lower())
    if language == "auto":
        return t("a, b and c are not all of one language: answers from every language.")
    return t("Answers from every language of {model}.", model=model.name)


def _show_expected(hit) -> None:
    m1, m2, m3 = st.columns(3)
    m1.metric(
        t("Rank of '{word}'", word=hit.word), f"#{number(hit.rank)}",
        help=t("of {n} words or candidates", n=number(hit.searched)),
    )  # fmt: skip
    m2.metric(t("Its score"), f"{hit.score:.3f}")
    m3.metric(t("Gap to the top answer"), f"{hit.gap:.3f}")
    if hit.rank > 1:
        st.warning(
            t(
                "The expected answer, '{word}', is number {rank} of {searched}: {gap} below "
                "'{top}'.",
                word=hit.word, rank=number(hit.rank), searched=number(hit.searched),
                gap=f"{hit.gap:.3f}", top=hit.top_word,
            )
        )  # fmt: skip


one, many = st.tabs([t("One analogy"), t("Many at once")])
with one:
    st.selectbox(
        t("Preset"), list(ANALOGY_PRESETS), key="an_preset", on_change=_use_preset,
        index=None, placeholder=t("Load a preset…"),
    )  # fmt: skip
    edited = {"on_change": lambda: st.session_state.update(an_preset=None)}
    ca, cb, cc, ce = st.columns(4)
    a = ca.text_input("a", key="an_a", **edited)
    b = cb.text_input(t("is to b"), key="an_b", **edited)
    c = cc.text_input(t("as c is to ?"), key="an_c", **edited)
    expected = ce.text_input(t("Expected answer (optional)"), key="an_expected", **edited)
    candidates = None
    if not is_word:
        text = st.text_area(t("Candidate answers, one per line"), key="an_candidates", height=150)
        candidates = tuple(text.splitlines())
    options = (("method", method), ("topn", topn), ("exclude_inputs", exclude))
    if is_word:
        options += (("restrict_vocab", int(restrict) or None), ("language", language))
    try:
        found = _solve(model.id, (a, b, c, expected), options, candidates, model)
    except embedlab.EmbedlabError as err:
        ui.show_error(err)
    else:
        top, score = found.answers[0]
        st.success(f"{a} : {b} :: {c} : **{top}** ({t('score')} {score:.3f})")
        if tagged:
            st.caption(_language_note(found))
        if found.expected is not None:
            _show_expected(found.expected)
        if found.expected_problem:
            st.warning(translate_message(found.expected_problem))
        left, right = st.columns([1, 2])
        table = pd.DataFrame(found.answers, columns=[t("answer"), t("score")])
        table.index += 1
        number_format = st.column_config.NumberColumn(format="%.3f")
        left.dataframe(table, column_config={t("score"): number_format})
        figure = parallelogram_figure(found.words, found.coords)
        for trace in figure.data:
            trace.name = t(trace.name)
        with right:
            ui.show_chart(figure, key="an_picture")
        right.caption(
            t(
                "The vectors on their first two principal components. Blue arrow: a → b; red: "
                "c → answer. Dashed: the ideal parallelogram, whose fourth corner is b − a + c."
            )
        )

with many:
    st.caption(
        t("One analogy per line, `a b c expected` (the Google format; `: name` starts a section).")
    )
    st.selectbox(t("Example"), list(ANALOGY_BATCHES), key="an_batch_example", on_change=_use_batch)
    batch = st.text_area(t("Analogies"), key="an_batch", height=220)
    if not is_word:
        st.info(t("Many at once searches a vocabulary: switch to a word model (see above)."))
    else:
        try:
            report = ui.evaluate_analogies(
                model, batch.encode(), name=t("Your lines"),
                restrict_vocab=int(restrict) or None, method=method, language=language,
            )  # fmt: skip
        except embedlab.EmbedlabError as err:
            ui.show_error(err)
        else:
            for note in report.notes:
                st.warning(translate_message(note))
            if tagged and language is not None:
                st.caption(
                    t("Each line is answered in the language of its a, b and c.")
                    if language == "auto"
                    else t(
                        "Answers from {language} words only.",
                        language=t(LANGUAGE_NAMES[language]).lower(),
                    )  # fmt: skip
                )
            if report.total:
                st.metric(t("Accuracy"), f"{report.accuracy:.0%}")
                st.caption(
                    t(
                        "{correct} of {total} answered right. Misses, with what the model "
                        "answered (inputs are never answers here):",
                        correct=number(report.correct), total=number(report.total),
                    )
                )  # fmt: skip
                misses = report.misses_frame()
                misses.columns = [t(column) for column in misses.columns]
                st.dataframe(misses, hide_index=True)
