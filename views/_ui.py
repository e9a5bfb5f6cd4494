"""What the pages share: the model picker, cached model loading and cached embedding.

The only place besides the pages that imports streamlit; all logic lives in embedlab.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import streamlit as st

import embedlab
from embedlab.examples import COMPARE_PRESETS
from embedlab.models import Encoder, needs_preparation, prepare_model
from embedlab.models.policy import custom_models_allowed
from embedlab.progress import TimeLeft
from views._i18n import N_, number, t, translate_message


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
    Page(
        "views/similarity.py",
        N_("Similarity"),
        "🔗",
        N_("compare words and sentences, find neighbours"),
    ),
    Page(
        "views/analogies.py",
        N_("Analogies"),
        "👑",
        N_("king − man + woman ≈ queen, and many at once"),
    ),
    Page(
        "views/projection.py",
        N_("Projection"),
        "🗺️",
        N_("words and sentences on a 2-D/3-D map you can trust"),
    ),
    Page(
        "views/evaluation.py",
        N_("Evaluation"),
        "📊",
        N_("score word models on the standard benchmarks"),
    ),
    Page(
        "views/train.py",
        N_("Train word vectors"),
        "🏋️",
        N_("Word2Vec / FastText on your corpus, compared"),
    ),
    Page(
        "views/vector_files.py",
        N_("Word vector files"),
        "📦",
        N_("bring word2vec, fastText, GloVe files"),
    ),
    Page(
        "views/your_text.py",
        N_("Your own text"),
        "📄",
        N_("upload a file: search, clusters, outliers, map"),
    ),
    Page(
        "views/compare.py",
        N_("Compare models"),
        "⚖️",
        N_("two models (or trainings, or languages) on the same words, side by side"),
    ),
    Page(
        "views/images.py", N_("Images"), "🖼️", N_("search photos by a sentence, with a CLIP model")
    ),
    Page(
        "views/sounds.py",
        N_("Sounds"),
        "🔊",
        N_("search sound clips by a sentence, with a CLAP model"),
    ),
]


def show_error(err: Exception | str) -> None:
    """An ``EmbedlabError`` (or a message) as a red box, in the interface language."""
    st.error(translate_message(str(err)))


def show_chart(fig: Any, **kwargs: Any) -> None:
    """``st.plotly_chart`` with the figure's titles (made in English by embedlab.plots) in the
    interface language, through the same patterns as messages."""
    layout = fig.layout
    for title in (layout.title, layout.xaxis.title, layout.yaxis.title, layout.legend.title):
        if title.text:
            title.text = translate_message(title.text)
    st.plotly_chart(fig, **kwargs)


CUSTOM = "__custom__"
_ACTIVE = "active_model_id"
_SESSION_MODELS = "session_models"
_PICKER = "model_choice"


@st.cache_resource(show_spinner=False, max_entries=4)
def get_model(model_id: str) -> Encoder:
    """A catalogue / Hub / folder model, loaded once per server process (callers show the
    spinner, so its text follows the interface language)."""
    return embedlab.load_model(model_id)


def model_label(label: str) -> str:
    """A trained or uploaded model's label, made in English ("w2v-1: lee.cor, CBOW, window 5,
    20 epochs", "vec-1: v.txt (4 words, 2-d)"), in the interface language part by part."""
    label = translate_message(label)  # asides such as "(4 words, 2-d)"
    return ", ".join(translate_message(part) for part in label.split(", "))


def register_session_model(model: Encoder, label: str) -> None:
    """Offer a model made in this session (trained, uploaded) in the sidebar picker.

    ``model.id`` must be unique across sessions (include a hash of what made it), since
    cached results are keyed by it.
    """
    st.session_state.setdefault(_SESSION_MODELS, {})[model.id] = (label, model)


def session_models() -> dict[str, tuple[str, Encoder]]:
    """The models made in this session (trained, uploaded): id → (label, model), oldest first."""
    return st.session_state.get(_SESSION_MODELS, {})


def pick_model(model_id: str) -> None:
    """Choose ``model_id`` in the sidebar picker (the one place that writes its key; use as a
    button callback, which runs before the page draws the picker)."""
    st.session_state[_PICKER] = model_id


def model_choices(kind: str | None = None) -> dict[str, str]:
    """Id → label of the models a page may offer (available catalogue ones, then this
    session's), only those of ``kind`` (``"word"`` / ``"sentence"``) when given."""
    choices = {
        m.id: _label(m.id) for m in embedlab.list_models() if m.available and kind in (None, m.kind)
    }
    for model_id, (label, model) in session_models().items():
        if kind in (None, model.kind):
            choices[model_id] = label
    return choices


def load(model_id: str) -> Encoder:
    """A model by id, as the picker loads it (a first-use build shows a progress bar)."""
    return _load(model_id)


def _label(model_id: str) -> str:
    if model_id == CUSTOM:
        return t("Hugging Face id or local folder…")
    if model_id in session_models():
        return model_label(session_models()[model_id][0])
    info = embedlab.models.model_info(model_id)
    if info is None:
        return model_id
    # Short, so the longest name fits the sidebar: "USE word vectors (pt + en) · palavras".
    kind = t("words") if info.kind == "word" else t("sentences")
    return f"{info.name} · {kind}"


def model_picker() -> None:
    """The sidebar model choice, shared by all pages and kept in the URL (``?model=``)."""
    options = _picker_options()
    if _PICKER not in st.session_state:
        wanted = st.query_params.get("model", embedlab.DEFAULT_MODEL_ID)
        if wanted in options:
            st.session_state[_PICKER] = wanted
        elif CUSTOM in options:
            st.session_state[_PICKER] = CUSTOM
            st.session_state["custom_model_id"] = wanted
        else:
            st.session_state[_PICKER] = embedlab.DEFAULT_MODEL_ID
            st.sidebar.warning(
                t(
                    "This server offers only its own models; '{model}' from the link is not one "
                    "of them.",
                    model=wanted,
                )
            )
    else:
        _keep_choice(options)
    with st.sidebar:
        labels = {option: _label(option) for option in options}
        choice = st.selectbox(
            t("Model"),
            options,
            format_func=labels.__getitem__,
            key=_PICKER,
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
                    languages=", ".join(t(lang) for lang in info.languages),
                )
            )


def _model_chosen() -> None:
    """Put a model the person picked in the URL (``?model=``), for sharing.

    Only on a change by the person: a write on every run would add a browser-history entry
    after each page switch (Streamlit clears unbound parameters there), trapping Back.
    """
    _keep_choice()
    requested = requested_model_id()
    if requested and requested not in session_models():
        st.query_params["model"] = requested


def relabel_model_picker() -> None:
    """After a language switch: hand the picker its choice again, so the browser shows it
    with the new language's label (else it keeps the old label until the next click)."""
    if _PICKER in st.session_state:
        _keep_choice()
        st.session_state[_PICKER] = st.session_state[_PICKER]


def _picker_options() -> list[str]:
    """The picker's choices: catalogue models available here, this session's own models,
    and "custom" where the server allows other models."""
    catalogue = [m.id for m in embedlab.list_models() if m.available]
    return catalogue + list(session_models()) + ([CUSTOM] if custom_models_allowed() else [])


def _keep_choice(options: list[str] | None = None) -> None:
    """Keep the picked model when the interface language changes.

    The picker shows translated labels; after a language switch Streamlit hands back the
    label in the old language ("GloVe 6B 50d · palavras") instead of the id. Map it
    back to its model (so neither the choice nor a shared ``?model=`` link is lost), else
    fall back to the default model.
    """
    choice = st.session_state.get(_PICKER)
    options = _picker_options() if options is None else options
    if choice in options:
        return
    for option in options if isinstance(choice, str) else ():
        info = embedlab.models.model_info(option)
        if option in session_models():  # labelled "w2v-1: lee.cor, ..." in any language
            found = choice.split(":", 1)[0] == option
        else:
            found = info is not None and choice.startswith(f"{info.name} · ")
        if found:
            st.session_state[_PICKER] = option
            return
    st.session_state[_PICKER] = embedlab.DEFAULT_MODEL_ID


def requested_model_id() -> str:
    """The id the picker asks for (it becomes active once it loads)."""
    choice = st.session_state.get(_PICKER, embedlab.DEFAULT_MODEL_ID)
    if choice == CUSTOM:
        return (st.session_state.get("custom_model_id") or "").strip()
    return choice


def current_model_id() -> str:
    """The id of the model the pages use (the last one that loaded)."""
    return st.session_state.get(_ACTIVE, embedlab.DEFAULT_MODEL_ID)


def _load(model_id: str) -> Encoder:
    if model_id in session_models():
        return session_models()[model_id][1]
    if needs_preparation(model_id):
        bar = st.progress(
            0.0, text=t("Building {model} (once; later starts load from disk)…", model=model_id)
        )
        estimate = TimeLeft()

        def report(done: int, total: int) -> None:
            # Another session may be building it: this bar then follows that build.
            left = estimate.update(done, total)
            fields = {"model": model_id, "done": number(done), "total": number(total)}
            text = (
                t("Building {model}: {done}/{total} · estimating the time left…", **fields)
                if left is None
                else t(
                    "Building {model}: {done}/{total} · about {left} s left",
                    left=f"{left:.0f}",
                    **fields,
                )  # fmt: skip
            )
            bar.progress(done / max(total, 1), text=text)

        prepare_model(model_id, progress=report)
        bar.empty()
    with st.spinner(t("Loading model…")):
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


@st.cache_data(show_spinner=False, max_entries=64)
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
    with st.spinner(t("Embedding…")):
        kept, vectors, message, _ = _embed_known(model.id, tuple(texts), model)
    return kept, vectors, (translate_message(message) if message else None)


def embed(model: Encoder, texts: list[str]) -> np.ndarray:
    """Embed all texts (raises UnknownWordError for word models), cached by (model id, texts)."""
    with st.spinner(t("Embedding…")):
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
        raise embedlab.InputError(t("Type a word to see its neighbours."))
    pairs = _neighbours(model.id, word.strip(), k, model)
    return pd.DataFrame(pairs, columns=[t("word"), t("cosine")])


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
    bar = st.progress(0.0, text=t("Evaluating {model}…", model=_model.name))

    def report(done: int, total: int) -> None:
        text = t("{model}: {done}/{total} questions", model=_model.name, done=number(done),
                 total=number(total))  # fmt: skip
        bar.progress(done / max(total, 1), text=text)

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
    language: str | None = "auto",
) -> Any:
    """:func:`embedlab.evaluate_analogies` with a progress bar, cached by model id, data
    (a benchmark id such as ``"google"``, an upload's bytes, or None) and settings.

    ``language="auto"``: a vocabulary of several languages (use-words) answers each
    question in its own words' language, as the Analogies page does."""
    options = (("restrict_vocab", restrict_vocab), ("method", method), ("language", language))
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


@st.cache_data(show_spinner=False, max_entries=16)
def _compare_models(
    id_a: str, id_b: str, texts: tuple[str, ...], k: int, _model_a: Any, _model_b: Any
) -> Any:
    bar = st.progress(0.0, text=t("Embedding with both models…"))

    def report(done: int, total: int) -> None:
        bar.progress(
            min(1.0, done / max(total, 1)),
            text=t("Embedding with both models: {done}/{total}", done=done, total=total),
        )

    try:
        return embedlab.compare_models(list(texts), _model_a, _model_b, k=k, progress=report)
    finally:
        bar.empty()


def compare_models(model_a: Encoder, model_b: Encoder, texts: list[str], k: int) -> Any:
    """:func:`embedlab.compare_models` with a progress bar, cached by both ids, texts and k."""
    return _compare_models(model_a.id, model_b.id, tuple(texts), k, model_a, model_b)


@st.cache_data(show_spinner=False, max_entries=16)
def _aligned_maps(
    id_a: str, id_b: str, labels: tuple[str, ...], method: str, _X_a: Any, _X_b: Any
) -> tuple[np.ndarray, np.ndarray, float]:
    return embedlab.compare.aligned_maps(_X_a, _X_b, method=method)


def aligned_maps(result: Any, id_a: str, id_b: str, method: str) -> Any:
    """Both models' 2-D maps of a comparison, B aligned onto A (cached)."""
    with st.spinner(t("Drawing the maps…")):
        labels = tuple(result.labels)
        return _aligned_maps(id_a, id_b, labels, method, result.vectors_a, result.vectors_b)


@st.cache_data(show_spinner=False, max_entries=16)
def _translations(model_id: str, pairs: tuple[tuple[str, str], ...], _model: Any) -> Any:
    scores = embedlab.compare.translation_precision(list(pairs), _model)
    both = np.vstack([scores.vectors_source, scores.vectors_target])
    coords = embedlab.project(both, method="pca")
    m = len(scores.pairs)
    return scores, coords[:m], coords[m:]


def translations(model: Encoder, pairs: list[tuple[str, str]]) -> Any:
    """Translation precision of one model and the pairs' PCA map, cached by id and pairs."""
    with st.spinner(t("Embedding the pairs…")):
        return _translations(model.id, tuple(pairs), model)


COLLECTION_PREFIX = "collection:"
COLLECTION_SAMPLE = 500


def collection_names() -> list[str]:
    """Saved collections, or none when this install has no collections (support or data)."""
    lister = getattr(embedlab, "list_collections", None)
    if lister is None:
        return []
    try:
        return [str(name) for name in lister()]
    except embedlab.EmbedlabError:
        return []


@st.cache_data(show_spinner=False, max_entries=8, ttl=600)
def _collection_sample(name: str, n: int) -> list[str]:
    collection = embedlab.open_collection(name)  # type: ignore[attr-defined]
    return embedlab.compare.sample_texts(collection, n=n)


def compare_lines(preset: str) -> list[str]:
    """The items of a Compare preset: a built-in list, or ``collection:NAME`` (a seeded
    sample of a saved collection's texts, one per line)."""
    if preset.startswith(COLLECTION_PREFIX):
        return _collection_sample(preset.removeprefix(COLLECTION_PREFIX), COLLECTION_SAMPLE)
    return COMPARE_PRESETS[preset]


def compare_state(choices: dict[str, str], presets: list[str]) -> None:
    """The Compare page's choices on first run, from the URL (``?a=&b=&preset=&k=``) or
    defaults (the sidebar's model against GloVe, English words); a model no longer offered
    falls back to the default."""
    state, params, ids = st.session_state, st.query_params, list(choices)
    first = current_model_id() if current_model_id() in choices else ids[0]
    if "cmp_a" not in state:
        preset = params.get("preset", "words-en")
        preset = preset if preset in presets else "words-en"
        try:
            state["cmp_text"] = "\n".join(compare_lines(preset))
        except embedlab.EmbedlabError:
            preset = "words-en"
            state["cmp_text"] = "\n".join(compare_lines(preset))
        state["cmp_preset"] = preset
        k = params.get("k", "10")
        state["cmp_k"] = int(k) if k.isdigit() and 2 <= int(k) <= 50 else 10
        state["cmp_a"] = params.get("a", first)
        state["cmp_b"] = params.get("b", "")
    if state.get("cmp_preset") not in (None, *presets):
        state["cmp_preset"] = None
    if state["cmp_a"] not in choices:
        state["cmp_a"] = first
    if state["cmp_b"] not in choices:
        others = [m for m in ("glove-50d", *ids) if m in choices and m != state["cmp_a"]]
        state["cmp_b"] = others[0] if others else state["cmp_a"]
    if state.get("cmp_tr_model") not in choices:
        state["cmp_tr_model"] = (
            embedlab.DEFAULT_MODEL_ID if embedlab.DEFAULT_MODEL_ID in choices else first
        )


def compare_url(choices: dict[str, str]) -> None:
    """Keep the Compare page's models, preset and k in the URL once the person changes one,
    writing only what changed (this session's trained models cannot be shared, so they stay
    out). Nothing is written when the page just opens: every write adds a browser history
    entry, and one made on arrival would trap the Back button on this page."""
    state = st.session_state
    wanted = {
        "a": state["cmp_a"] if state["cmp_a"] not in session_models() else None,
        "b": state["cmp_b"] if state["cmp_b"] not in session_models() else None,
        "preset": state.get("cmp_preset"),
        "k": str(state["cmp_k"]),
    }
    if state.setdefault("cmp_url_seen", wanted) == wanted:
        return
    state["cmp_url_seen"] = wanted
    for key, value in wanted.items():
        if value is None:
            if key in st.query_params:
                del st.query_params[key]
        elif st.query_params.get(key) != value:
            st.query_params[key] = value
