"""What the Train and Word vector files pages share: corpora, cached trainings and uploads,
the session's own word models, and the side-by-side comparison.

Like _ui.py this imports streamlit; the logic lives in embedlab.training and embedlab.vectors.
Trainings and uploads are kept in ``st.cache_resource`` "slots" filled outside the cached
function, so a progress bar can be drawn while a model is made (an element drawn inside a
cached function would be replayed, stale, on every cache hit).
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import asdict
from pathlib import Path
from typing import Any

import streamlit as st

import embedlab
from embedlab import training
from embedlab.plots.training import loss_curves
from views import _ui as ui
from views import _word_groups as generated
from views._i18n import N_, number, t, translate_message

ASSETS = Path(__file__).resolve().parents[1] / "assets"
UPLOAD = N_("Upload a text file (TXT, or a column of a CSV / XLSX / JSONL / Parquet table)")
SAMPLES = {
    N_("English news: gensim's Lee corpus (300 articles, 60,000 words)"): "lee",
    N_("Crônicas em português: written for embedlab (25 paragraphs, 1,000 words)"): "pt",
    **dict.fromkeys(generated.GENERATED, "generated"),
}
# Defaults for the page where they differ from the library's: 5 epochs leave the sample
# corpora's neighbours close to random.
PAGE_DEFAULTS = {"epochs": 20}
# A training estimated to take longer asks for "Train anyway" first. The environment variable
# lets the browser test reach the warning on any machine speed.
LONG_SECONDS = float(os.environ.get("EMBEDLAB_LONG_TRAINING_SECONDS", "60"))
HELP = {
    "lowercase": N_("'Brasil' and 'brasil' become one word. Accents are always kept."),
    "stop": N_("Drop words like 'de', 'que', 'the', 'of': neighbours then show content words."),
    "phrases": N_(
        "Join words that nearly always appear together into one token: 'são paulo' → "
        "'são_paulo', 'rio de janeiro' → 'rio_de_janeiro'."
    ),
}
OWN_TEXT = N_("The file from the Your own text page")
OWN_TEXT_KEY = "own_text_upload"  # (name, bytes), set by views/your_text.py
COSINES = ("cos A", "cos B")
_SAVED = "wv_saved"
_COUNTS = "wv_counts"


def persist(defaults: dict[str, Any]) -> None:
    """Keep these widgets' values when the person visits another page and comes back.

    Streamlit forgets a widget's value once a page without that widget runs; a copy under
    another key survives and is put back before the widget is drawn again. Widgets so
    kept take their first value from ``defaults`` (so they are drawn without ``value=``).
    """
    saved = st.session_state.setdefault(_SAVED, {})
    for key, default in defaults.items():
        if key in st.session_state:
            saved[key] = st.session_state[key]
        else:
            st.session_state[key] = saved.get(key, default)


def corpus_choices() -> list[str]:
    """The corpus options: the Your own text file (named) when there is one, samples, upload."""
    own = st.session_state.get(OWN_TEXT_KEY)
    return [*([f"{OWN_TEXT}: {own[0]}"] if own else []), *SAMPLES, UPLOAD]


def corpus_label(choice: str) -> str:
    """A corpus option as shown, in the interface language (the file name kept as it is)."""
    if choice.startswith(f"{OWN_TEXT}: "):
        return f"{t(OWN_TEXT)}: {choice.removeprefix(f'{OWN_TEXT}: ')}"
    return t(choice)


def corpus_file(source: str) -> tuple[bytes, str, str]:
    """The chosen corpus as ``(bytes, file name to read it as, name to show)``; stops the
    page while no file is uploaded."""
    if source.startswith(OWN_TEXT) and OWN_TEXT_KEY in st.session_state:
        name, data = st.session_state[OWN_TEXT_KEY]
        return data, name, name
    if source == UPLOAD:
        file = st.file_uploader(
            t("Text file"),
            type=["txt", "csv", "tsv", "xlsx", "jsonl", "parquet"],
            key="tr_upload",
            help=t(
                "TXT: each line, or each blank-line-separated paragraph, is one text. "
                "Tables: pick the column with the texts. Up to 200 MB."
            ),
        )
        if file is not None:
            st.session_state["tr_upload_saved"] = (file.name, file.getvalue())
        elif "tr_upload_saved" in st.session_state:
            name = st.session_state["tr_upload_saved"][0]
            st.caption(t("Using {name}, uploaded earlier.", name=name))
        else:
            st.info(t("Choose a text file, e.g. a book saved as UTF-8 text."))
            st.stop()
        name, data = st.session_state["tr_upload_saved"]
        return data, name, name
    made = generated.corpus_file(source)
    if made is not None:
        return made
    if SAMPLES.get(source, "lee") == "lee":
        from gensim.test.utils import datapath

        data = Path(datapath("lee_background.cor")).read_bytes()
        return data, "lee_background.txt", "lee_background.cor"
    return (ASSETS / "cronicas_pt.txt").read_bytes(), "cronicas_pt.txt", "cronicas_pt.txt"


def read_table(data: bytes, filename: str) -> Any:
    """The uploaded file as a table (TXT: a ``text`` column), cached by its bytes."""
    with st.spinner(t("Reading the file…")):
        return _read_table(data, filename)


@st.cache_data(show_spinner=False, max_entries=8)
def _read_table(data: bytes, filename: str) -> Any:
    return embedlab.read_upload(data, filename, max_rows=2_000_000)


def column_picker(table: Any) -> str:
    """The text column: asked for only when the table has several columns."""
    for note in table.attrs.get("notes", []):
        st.caption(translate_message(note))
    columns = list(table.columns)
    if list(columns) in (["text"], ["text", "line"]):
        return "text"
    guess = embedlab.io.guess_text_column(table)
    return st.selectbox(t("Text column"), columns, index=columns.index(guess), key="tr_column")


def prepare(
    data: bytes,
    filename: str,
    column: str,
    lowercase: bool,
    stop: bool,
    phrases: bool,
    source: str,
) -> training.Corpus:
    """The tokenised corpus, cached by the file's bytes and the options (shared, read-only)."""
    with st.spinner(t("Splitting the corpus into words…")):
        return _prepare(data, filename, column, lowercase, stop, phrases, source)


@st.cache_resource(show_spinner=False, max_entries=4)
def _prepare(
    data: bytes,
    filename: str,
    column: str,
    lowercase: bool,
    stop: bool,
    phrases: bool,
    source: str,
) -> training.Corpus:
    texts = training.corpus_texts(read_table(data, filename), column)
    return training.prepare_corpus(
        texts, lowercase=lowercase, remove_stopwords=stop, phrases=phrases, source=source
    )


def parameter_inputs() -> dict[str, int]:
    """One number input per training parameter, its one-line explanation under it."""
    specs = list(training.PARAMETERS.values())
    persist({f"tr_{p.name}": PAGE_DEFAULTS.get(p.name, p.default) for p in specs})
    values = {}
    for row in (specs[:4], specs[4:]):
        for column, spec in zip(st.columns(4), row, strict=False):
            values[spec.name] = int(
                column.number_input(
                    t(spec.label), spec.low, spec.high, step=1, key=f"tr_{spec.name}"
                )
            )
            column.caption(t(spec.help))
    return values


@st.cache_data(show_spinner=False, max_entries=32)
def _speed(
    fingerprint: str, params_key: str, _corpus: training.Corpus, _params: Any
) -> training.TrainingSpeed:
    return training.measure_training_speed(_corpus, _params)


def estimate(corpus: training.Corpus, params: training.TrainingParams) -> float:
    """Seconds the training should take; measured only when it could be long."""
    work = corpus.n_tokens * params.epochs
    if work < 300_000:  # a few seconds at most, even for FastText Skip-gram
        return work / 100_000
    with st.spinner(t("Estimating the training time…")):
        speed = _speed(corpus.fingerprint, params.key(), corpus, params)
    return training.estimate_training_seconds(corpus, params, speed=speed)


def duration(seconds: float) -> str:
    """'45 s' or '3 min'."""
    return f"{seconds:.0f} s" if seconds < 90 else f"{seconds / 60:.0f} min"


@st.cache_resource(max_entries=8)
def _slot(key: str) -> dict[str, Any]:
    """A place, shared by all sessions, for the model made from ``key``."""
    return {}


def _cancel() -> None:
    st.session_state["tr_cancelled"] = True


def train_and_register(corpus: training.Corpus, params: training.TrainingParams) -> None:
    """Train (or take from the cache), add to the picker, and rerun so the sidebar shows it.

    The Cancel button works through Streamlit itself: clicking it asks for a rerun, which
    interrupts this script at its next Streamlit call — the progress update after the
    current epoch — so gensim's training stops there and nothing is cached.
    """
    slot = _slot(f"{corpus.fingerprint}|{params.key()}")
    model = slot.get("model")
    if model is None:
        st.button(t("Cancel"), key="tr_cancel", on_click=_cancel)
        bar = st.progress(0.0, text=t("Building the vocabulary…"))

        def report(r: training.EpochReport) -> None:
            loss = t(" · loss {loss}", loss=number(r.loss, ",.0f")) if r.loss is not None else ""
            left = r.seconds / r.epoch * (r.epochs - r.epoch)
            text = t(
                "Epoch {epoch}/{epochs}{loss} · {seconds} s, about {left} s left",
                epoch=r.epoch, epochs=r.epochs, loss=loss, seconds=f"{r.seconds:.0f}",
                left=f"{left:.0f}",
            )  # fmt: skip
            bar.progress(r.epoch / r.epochs, text=text)

        model = training.train_word_vectors(corpus, **asdict(params), on_epoch=report)
        slot["model"] = model
    add_model(model)
    st.session_state["tr_last"] = model.id
    st.rerun()


def load_and_register(file: Any, limit: int | None) -> embedlab.WordModel:
    """Read an uploaded vectors file (cached per upload and limit) and add it to the picker."""
    slot = _slot(f"upload|{file.file_id}|{file.size}|{limit}")
    model = slot.get("model")
    if model is None:
        bar = st.progress(0.0, text=t("Reading {name}…", name=file.name))

        def report(done: int, total: int) -> None:
            text = t("Reading {name}: {share}", name=file.name, share=f"{done / total:.0%}")
            bar.progress(min(done / max(total, 1), 1.0), text=text)

        try:
            model = embedlab.load_vectors(file.getvalue(), file.name, limit=limit, progress=report)
        finally:
            bar.empty()
        slot["model"] = model
    if model.id not in word_models():
        add_model(model)
        st.session_state["vf_last"] = model.id
        st.rerun()  # the sidebar picker was drawn before the model existed
    st.session_state["vf_last"] = model.id
    return model


def word_models() -> dict[str, tuple[str, Any]]:
    """This session's trained and uploaded word models: id → (label, model), oldest first
    (the word models of the one session-model registry in ``views/_ui.py``)."""
    return {k: v for k, v in ui.session_models().items() if v[1].kind == "word"}


def add_model(model: Any) -> str:
    """Label a model ("w2v-1: lee_background.cor, CBOW, ...") and offer it in the picker."""
    known = ui.session_models()
    if model.id in known:
        return known[model.id][0]
    prefix = model.id.split("-")[0]
    counts = st.session_state.setdefault(_COUNTS, {})
    counts[prefix] = counts.get(prefix, 0) + 1
    label = f"{prefix}-{counts[prefix]}: {getattr(model, 'summary', model.name)}"
    ui.register_session_model(model, label)
    return label


pick = ui.pick_model


def split_words(text: str) -> list[str]:
    """Words typed as a comma- or space-separated list."""
    return [w for w in re.split(r"[,;\s]+", text) if w]


def exporter(model: Any, *, binary: bool):
    """Bytes of the model in word2vec format, made only when the download is clicked."""

    def build() -> bytes:
        buffer = io.BytesIO()
        embedlab.save_word2vec(model, buffer, binary=binary)
        return buffer.getvalue()

    return build


def neighbour_table(model: Any, words: list[str], *, topn: int = 8) -> Any:
    """:func:`training.neighbour_table` with its headers and notes in the interface language."""
    table = training.neighbour_table(model, words, topn=topn)
    table.columns = [t("word"), t("{n} nearest words (cosine)", n=topn)]
    missing = N_("(not in the vocabulary)")  # neighbour_table's own text
    table.iloc[:, 1] = table.iloc[:, 1].replace(missing, t(missing))
    return table


def learnt(model: Any, *, key: str) -> None:
    """Vocabulary size and the neighbours of a few frequent words (or the ones typed)."""
    st.metric(
        t("Vocabulary"),
        t("{words} words · {dim} dimensions", words=number(len(model)), dim=model.dim),
    )
    words = st.text_input(
        t("Nearest neighbours of (comma-separated)"),
        ", ".join(training.frequent_words(model, 6)),
        key=f"{key}_words_{model.id}",
    )
    st.dataframe(neighbour_table(model, split_words(words)), hide_index=True)
    hint = training.training_hint(model)
    if hint:
        st.warning(translate_message(hint))
    st.button(t("Use it on every page"), key=f"{key}_use", on_click=pick, args=(model.id,))


def compare_section(models: dict[str, tuple[str, Any]]) -> None:
    """Two of the session's word models side by side: each word's neighbours and overlap."""
    if len(models) < 2:
        st.info(
            t(
                "Train again with one setting changed — Skip-gram instead of CBOW, or window 2 "
                "instead of 10 — then compare the neighbours of the same words here. Vector "
                "files loaded on the Word vector files page can be compared too."
            )
        )
        return
    ids = list(models)
    c1, c2 = st.columns(2)
    label = {i: ui.model_label(models[i][0]) for i in ids}
    a = c1.selectbox("A", ids, len(ids) - 2, format_func=label.__getitem__, key="cmp_a")
    b = c2.selectbox("B", ids, len(ids) - 1, format_func=label.__getitem__, key="cmp_b")
    (label_a, ma), (label_b, mb) = (label[a], models[a][1]), (label[b], models[b][1])
    shared = [w for w in training.frequent_words(ma, 30) if w in mb][:4]
    c1, c2 = st.columns([3, 1])
    words = c1.text_input(t("Words to compare"), ", ".join(shared), key=f"cmp_words_{a}_{b}")
    topn = c2.slider(t("Neighbours"), 3, 30, 10, key="cmp_topn")
    try:
        comparisons = training.compare_neighbours(ma, mb, split_words(words), topn=topn)
    except embedlab.EmbedlabError as err:
        ui.show_error(err)
        return
    losses = {"A": getattr(ma, "losses", []), "B": getattr(mb, "losses", [])}
    if all(losses.values()):
        ui.show_chart(loss_curves(losses), key="cmp_loss")
    for cmp in comparisons:
        if cmp.missing:
            where = {"a": label_a, "b": label_b, "both": t("either model")}[cmp.missing]
            st.warning(
                t("'{word}' is not in the vocabulary of {model}.", word=cmp.word, model=where)
            )
            if cmp.missing == "both":
                continue
        st.markdown(
            t(
                "**{word}** · {shared} of {topn} neighbours in both lists ({overlap}), marked ✓",
                word=cmp.word, shared=len(cmp.shared), topn=topn, overlap=f"{cmp.overlap:.0%}",
            )
        )  # fmt: skip
        st.dataframe(
            cmp.table("A", "B").rename(columns={"rank": t("rank")}),
            hide_index=True,
            key=f"cmp_table_{cmp.word}",
            column_config={c: st.column_config.NumberColumn(format="%.3f") for c in COSINES},
        )
