"""What the pages share: the model picker, cached model loading and cached embedding.

The only place besides the pages that imports streamlit; all logic lives in embedlab.
"""

from __future__ import annotations

import time
from typing import Any, NamedTuple

import numpy as np
import streamlit as st

import embedlab
from embedlab.models import Encoder, needs_preparation, prepare_model
from views._i18n import t, translate_message


class Page(NamedTuple):
    """A page of the app: its file in ``views/``, title, icon and one line for Home.

    Titles and blurbs are English keys of the translation layer (shown through ``t``).
    """

    path: str
    title: str
    icon: str
    blurb: str


# The app's pages, in menu order; app.py routes over them. Page files live in views/ (not
# pages/): see app.py for why.
PAGES: list[Page] = [
    Page("views/similarity.py", "Similarity", "🔗", "compare words and sentences, find neighbours"),
    Page("views/analogies.py", "Analogies", "👑", "king − man + woman ≈ queen, and many at once"),
    Page(
        "views/projection.py",
        "Projection",
        "🗺️",
        "words and sentences on a 2-D/3-D map you can trust",
    ),
    Page("views/evaluation.py", "Evaluation", "📊", "score word models on the standard benchmarks"),
    Page(
        "views/train.py", "Train word vectors", "🏋️", "Word2Vec / FastText on your corpus, compared"
    ),
    Page(
        "views/vector_files.py", "Word vector files", "📦", "bring word2vec, fastText, GloVe files"
    ),
    Page(
        "views/your_text.py",
        "Your own text",
        "📄",
        "upload a file: search, clusters, outliers, map",
    ),
]


def show_error(err: Exception | str) -> None:
    """An ``EmbedlabError`` (or a message) as a red box, in the interface language."""
    st.error(translate_message(str(err)))


CUSTOM = "__custom__"
_ACTIVE = "active_model_id"
_SESSION_MODELS = "session_models"


@st.cache_resource(show_spinner="Loading model…", max_entries=4)
def get_model(model_id: str) -> Encoder:
    """A catalogue / Hub / folder model, loaded once per server process."""
    return embedlab.load_model(model_id)


def register_session_model(model: Encoder, label: str) -> None:
    """Offer a model made in this session (trained, uploaded) in the sidebar picker.

    ``model.id`` must be unique across sessions (include a hash of what made it), since
    cached results are keyed by it.
    """
    st.session_state.setdefault(_SESSION_MODELS, {})[model.id] = (label, model)


def _session_models() -> dict[str, tuple[str, Encoder]]:
    return st.session_state.get(_SESSION_MODELS, {})


def model_choices(kind: str | None = None) -> dict[str, str]:
    """Id → label of the models a page may offer (available catalogue ones, then this
    session's), only those of ``kind`` (``"word"`` / ``"sentence"``) when given."""
    choices = {
        m.id: _label(m.id) for m in embedlab.list_models() if m.available and kind in (None, m.kind)
    }
    for model_id, (label, model) in _session_models().items():
        if kind in (None, model.kind):
            choices[model_id] = label
    return choices


def load(model_id: str) -> Encoder:
    """A model by id, as the picker loads it (a first-use build shows a progress bar)."""
    return _load(model_id)


def _label(model_id: str) -> str:
    if model_id == CUSTOM:
        return t("Hugging Face id or local folder…")
    if model_id in _session_models():
        return _session_models()[model_id][0]
    info = embedlab.models.model_info(model_id)
    if info is None:
        return model_id
    return f"{info.name} ({t(info.kind + ' model')})"


def model_picker() -> None:
    """The sidebar model choice, shared by all pages and kept in the URL (``?model=``)."""
    catalogue = [m.id for m in embedlab.list_models() if m.available]
    options = catalogue + list(_session_models()) + [CUSTOM]
    if "model_choice" not in st.session_state:
        wanted = st.query_params.get("model", embedlab.DEFAULT_MODEL_ID)
        if wanted in options:
            st.session_state["model_choice"] = wanted
        else:
            st.session_state["model_choice"] = CUSTOM
            st.session_state["custom_model_id"] = wanted
    elif st.session_state["model_choice"] not in options:
        st.session_state["model_choice"] = embedlab.DEFAULT_MODEL_ID
    with st.sidebar:
        labels = {option: _label(option) for option in options}
        choice = st.selectbox(
            t("Model"),
            options,
            format_func=labels.__getitem__,
            key="model_choice",
            on_change=_model_chosen,
        )
        if choice == CUSTOM:
            st.text_input(
                t("Model id or folder"),
                key="custom_model_id",
                placeholder="sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2",
                help=t(
                    "Any sentence-transformers model on the Hugging Face Hub (needs internet "
                    "the first time) or the path of a local model folder. Press Enter to load."
                ),
                on_change=_model_chosen,
            )
        requested = requested_model_id()
        info = embedlab.models.model_info(requested)
        if info is not None:
            st.caption(
                t(info.description)
                + " "
                + t(
                    "{dim} dimensions; {languages}.",
                    dim=info.dim,
                    languages=", ".join(info.languages),
                )
            )


def _model_chosen() -> None:
    """Put a model the person picked in the URL (``?model=``), for sharing.

    Only on a change by the person: a write on every run would add a browser-history entry
    after each page switch (Streamlit clears unbound parameters there), trapping Back.
    """
    requested = requested_model_id()
    if requested and requested not in _session_models():
        st.query_params["model"] = requested


def requested_model_id() -> str:
    """The id the picker asks for (it becomes active once it loads)."""
    choice = st.session_state.get("model_choice", embedlab.DEFAULT_MODEL_ID)
    if choice == CUSTOM:
        return (st.session_state.get("custom_model_id") or "").strip()
    return choice


def current_model_id() -> str:
    """The id of the model the pages use (the last one that loaded)."""
    return st.session_state.get(_ACTIVE, embedlab.DEFAULT_MODEL_ID)


def _load(model_id: str) -> Encoder:
    if model_id in _session_models():
        return _session_models()[model_id][1]
    if needs_preparation(model_id):
        bar = st.progress(
            0.0, text=t("Building {model} (once; later starts load from disk)…", model=model_id)
        )
        started = time.monotonic()

        def report(done: int, total: int) -> None:
            left = (time.monotonic() - started) / max(done, 1) * (total - done)
            bar.progress(
                done / total,
                text=t(
                    "Building {model}: {done}/{total} · {left} s left",
                    model=model_id,
                    done=f"{done:,}",
                    total=f"{total:,}",
                    left=f"{left:.0f}",
                ),
            )

        prepare_model(model_id, progress=report)
        bar.empty()
    return get_model(model_id)


def current_model() -> Encoder:
    """The model picked in the sidebar; if it fails to load, the previous one, with a message."""
    requested = requested_model_id()
    active = current_model_id()
    if requested and requested != active:
        try:
            model = _load(requested)
        except embedlab.EmbedlabError as err:
            st.sidebar.error(
                translate_message(str(err)) + " " + t("Still using {model}.", model=_label(active))
            )
        else:
            st.session_state[_ACTIVE] = requested
            return model
    return _load(current_model_id())


@st.cache_data(show_spinner="Embedding…", max_entries=64)
def _embed_known(
    model_id: str, texts: tuple[str, ...], _model: Any
) -> tuple[list[str], np.ndarray, str | None, list[str]]:
    kept, vectors, error = embedlab.encode_known(_model, list(texts))
    return kept, vectors, (str(error) if error else None), (error.words if error else [])


def embed_known(model: Encoder, texts: list[str]) -> tuple[list[str], np.ndarray, str | None]:
    """Embed what the model can, cached by (model id, texts).

    Returns:
        ``(kept_texts, vectors, message_about_unknown_words_or_None)``.
    """
    kept, vectors, message, _ = _embed_known(model.id, tuple(texts), model)
    return kept, vectors, message


def embed(model: Encoder, texts: list[str]) -> np.ndarray:
    """Embed all texts (raises UnknownWordError for word models), cached by (model id, texts)."""
    kept, vectors, _message, unknown = _embed_known(model.id, tuple(texts), model)
    if unknown:
        raise model.unknown_error(unknown)  # type: ignore[attr-defined]
    return vectors


@st.cache_data(show_spinner=False, max_entries=256)
def _neighbours(model_id: str, word: str, k: int, _model: Any) -> list[tuple[str, float]]:
    return _model.most_similar(word, topn=k)


def neighbours(model: embedlab.WordModel, word: str, k: int) -> Any:
    """A word model's ``k`` nearest vocabulary words to ``word`` as a table (cached)."""
    import pandas as pd

    if not word.strip():
        raise embedlab.InputError("Type a word to see its neighbours.")
    pairs = _neighbours(model.id, word.strip(), k, model)
    return pd.DataFrame(pairs, columns=["word", "cosine"])


@st.cache_data(show_spinner=False, max_entries=32)
def _evaluate(
    kind: str,
    model_id: str,
    data: bytes | str | None,
    name: str | None,
    options: tuple,
    _model: Any,
) -> Any:
    # The bar is made inside the cached function so that a cache hit replays it cleanly.
    bar = st.progress(0.0, text=f"Evaluating {_model.name}…")

    def report(done: int, total: int) -> None:
        bar.progress(done / max(total, 1), text=f"{_model.name}: {done:,}/{total:,} questions")

    source = embedlab.evaluation.benchmark_path(data) if isinstance(data, str) else data
    try:
        if kind == "analogy":
            return embedlab.evaluate_analogies(
                _model, source, name=name, progress=report, **dict(options)
            )
        return embedlab.evaluate_word_pairs(_model, source, name=name, **dict(options))
    finally:
        bar.empty()


def evaluate_analogies(
    model: Encoder,
    data: bytes | str | None = None,
    *,
    name: str | None = None,
    restrict_vocab: int | None = 30_000,
    method: str = "3cosadd",
) -> Any:
    """:func:`embedlab.evaluate_analogies` with a progress bar, cached by model id, data
    (a benchmark id such as ``"google"``, an upload's bytes, or None) and settings."""
    options = (("restrict_vocab", restrict_vocab), ("method", method))
    return _evaluate("analogy", model.id, data, name, options, model)


def evaluate_word_pairs(
    model: Encoder,
    data: bytes | str | None = None,
    *,
    name: str | None = None,
    restrict_vocab: int | None = 300_000,
) -> Any:
    """:func:`embedlab.evaluate_word_pairs`, cached by model id, data and settings."""
    return _evaluate("pairs", model.id, data, name, (("restrict_vocab", restrict_vocab),), model)
