"""Analogies: a is to b as c is to ? (king − man + woman ≈ queen)."""

import pandas as pd
import streamlit as st

import embedlab
from embedlab.analogy import METHOD_HELP, METHOD_NAMES, METHODS, solve
from embedlab.examples import ANALOGY_BATCHES, ANALOGY_PRESETS
from embedlab.plots.analogy import parallelogram_figure
from views import _ui as ui

WORD_MODELS = {"glove-50d": "GloVe (English)", "use-words": "USE word vectors (pt + en)"}

st.title("Analogies")
st.caption(
    "*a* is to *b* as *c* is to **?** The answer is the word whose vector is closest to "
    "b − a + c: the offset from a to b, added to c (king − man + woman ≈ queen)."
)
model = ui.current_model()
is_word = isinstance(model, embedlab.WordModel)


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
    st.session_state["an_preset"] = next(iter(ANALOGY_PRESETS))
    _use_preset()
    st.session_state["an_batch_example"] = next(iter(ANALOGY_BATCHES))
    _use_batch()

if not is_word:
    st.info(
        f"**{model.name}** is a sentence model: it has no vocabulary to search, so it ranks the "
        "candidate answers you list below. Word analogies work best with a word model: pick one "
        "in the sidebar's **Model** box, or switch here."
    )
    offers = {k: v for k, v in WORD_MODELS.items() if k in ui.model_choices("word")}
    for column, (model_id, label) in zip(st.columns(4), offers.items(), strict=False):
        column.button(f"Use {label}", key=f"an_use_{model_id}", on_click=_switch, args=(model_id,))

s1, s2, s3, s4 = st.columns([1.2, 1, 1.3, 1.2])
method = s1.radio(
    "Solver",
    METHODS,
    key="an_method",
    horizontal=True,
    format_func=METHOD_NAMES.get,
    help="\n\n".join(METHOD_HELP.values()),
)
topn = s2.slider("Answers shown", 1, 25, 10, key="an_topn")
exclude = s3.checkbox("Exclude the input words", value=True, key="an_exclude")
s3.caption("Without this the top answer is usually b or c itself: b − a + c stays close to both.")
restrict = 0
if is_word:
    restrict = s4.number_input(
        "Search the N most frequent words",
        min_value=0,
        value=0,
        step=10_000,
        key="an_restrict",
        help="0 = the whole vocabulary. Rare words are noisy: 30,000 is the benchmark setting.",
    )


@st.cache_data(show_spinner=False, max_entries=128)
def _solve(model_id: str, words: tuple, options: tuple, candidates, _model):
    a, b, c, expected = words
    return solve(_model, a, b, c, candidates=candidates, expected=expected, **dict(options))


one, many = st.tabs(["One analogy", "Many at once"])
with one:
    st.selectbox(
        "Preset", list(ANALOGY_PRESETS), key="an_preset", on_change=_use_preset,
        index=None, placeholder="Load a preset…",
    )  # fmt: skip
    edited = {"on_change": lambda: st.session_state.update(an_preset=None)}
    ca, cb, cc, ce = st.columns(4)
    a = ca.text_input("a", key="an_a", **edited)
    b = cb.text_input("is to b", key="an_b", **edited)
    c = cc.text_input("as c is to ?", key="an_c", **edited)
    expected = ce.text_input("Expected answer (optional)", key="an_expected", **edited)
    candidates = None
    if not is_word:
        text = st.text_area("Candidate answers, one per line", key="an_candidates", height=150)
        candidates = tuple(text.splitlines())
    options = (("method", method), ("topn", topn), ("exclude_inputs", exclude))
    options += (("restrict_vocab", int(restrict) or None),) if is_word else ()
    try:
        found = _solve(model.id, (a, b, c, expected), options, candidates, model)
    except embedlab.EmbedlabError as err:
        st.error(str(err))
    else:
        top, score = found.answers[0]
        st.success(f"{a} : {b} :: {c} : **{top}** (score {score:.3f})")
        if found.expected is not None:
            hit = found.expected
            m1, m2, m3 = st.columns(3)
            m1.metric(f"Rank of '{hit.word}'", f"#{hit.rank:,}", help=f"of {hit.searched:,}")
            m2.metric("Its score", f"{hit.score:.3f}")
            m3.metric("Gap to the top answer", f"{hit.gap:.3f}")
        if found.expected_problem:
            st.warning(found.expected_problem)
        left, right = st.columns([1, 2])
        table = pd.DataFrame(found.answers, columns=["answer", "score"])
        table.index += 1
        left.dataframe(table, column_config={"score": st.column_config.NumberColumn(format="%.3f")})
        right.plotly_chart(parallelogram_figure(found.words, found.coords), key="an_picture")
        right.caption(
            "The vectors on their first two principal components. Blue arrow: a → b; red: "
            "c → answer. Dashed: the ideal parallelogram, whose fourth corner is b − a + c."
        )

with many:
    st.caption(
        "One analogy per line, `a b c expected` (the Google format; `: name` starts a section)."
    )
    st.selectbox("Example", list(ANALOGY_BATCHES), key="an_batch_example", on_change=_use_batch)
    batch = st.text_area("Analogies", key="an_batch", height=220)
    if not is_word:
        st.info("Many at once searches a vocabulary: switch to a word model (see above).")
    else:
        try:
            report = ui.evaluate_analogies(
                model, batch.encode(), name="Your lines", restrict_vocab=int(restrict) or None,
                method=method,
            )  # fmt: skip
        except embedlab.EmbedlabError as err:
            st.error(str(err))
        else:
            for note in report.notes:
                st.warning(note)
            if report.total:
                st.metric("Accuracy", f"{report.accuracy:.0%}")
                st.caption(f"{report.correct} of {report.total} answered right. Misses, with what "
                           "the model answered (inputs are never answers here):")  # fmt: skip
                st.dataframe(report.misses_frame(), hide_index=True)
