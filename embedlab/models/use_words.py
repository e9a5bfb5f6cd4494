"""``use-words``: the most frequent Portuguese and English words embedded with USE, built once and cached.

Each word is tagged with its language(s) — from ``wordfreq.top_n_list("pt"/"en", N)`` —
so that analogies can answer in one language (the cache keeps the tags in
``languages.txt``). One build runs per cache folder whatever the number of callers: a file
lock makes the others wait, and they see the builder's progress (``<folder>.progress``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from embedlab.errors import ModelLoadError
from embedlab.models.base import _HAS_LETTER, Progress, WordModel, cache_dir
from embedlab.models.loaders import _load_use

USE_WORDS_PER_LANGUAGE = 20_000
USE_WORDS_LANGUAGES = ("pt", "en")
# v2: language tags (languages.txt) and vectors from two spellings; v1 folders are ignored.
_FORMAT = "v2"
# A listed word this many times more frequent in another language is a loanword there
# ("king": 7x more frequent in English than in Portuguese; "reina": 13x in Spanish): it is
# not tagged with the language whose list quotes it.
_LOANWORD_RATIO = 5.0
_BATCH = 512
_POLL_SECONDS = 0.5


def _per_language() -> int:
    """``USE_WORDS_PER_LANGUAGE`` as the package holds it now (tests set a small one)."""
    from embedlab import models

    return models.USE_WORDS_PER_LANGUAGE


def _folder(per_language: int) -> Path:
    return cache_dir() / f"use-words-{_FORMAT}-{per_language}"


def use_words_path() -> Path:
    """Where the ``use-words`` vectors are cached (inside :func:`cache_dir`)."""
    return _folder(_per_language())


def _use_words_vocabulary(per_language: int) -> tuple[list[str], list[tuple[str, ...]]]:
    """The words (most frequent first, the languages interleaved) and each one's languages.

    A word belongs to each language whose ``per_language`` most frequent words hold it,
    except where it is a loanword (see ``_LOANWORD_RATIO``; Spanish counts too, since
    Portuguese web text quotes it: "reina", "actriz"). Words left with no language are
    dropped. A word's most used language comes first.
    """
    from wordfreq import top_n_list, word_frequency

    lists = {
        lang: [w for w in top_n_list(lang, per_language * 2) if _HAS_LETTER.search(w)][
            :per_language
        ]
        for lang in USE_WORDS_LANGUAGES
    }
    members = {lang: set(words) for lang, words in lists.items()}
    words, tags = [], []
    seen: set[str] = set()
    for group in zip(*lists.values(), strict=False):
        for word in group:
            if word in seen:
                continue
            seen.add(word)
            freq = {lang: word_frequency(word, lang) for lang in (*USE_WORDS_LANGUAGES, "es")}
            langs = sorted(
                (
                    lang
                    for lang in USE_WORDS_LANGUAGES
                    if word in members[lang] and freq[lang] * _LOANWORD_RATIO >= max(freq.values())
                ),
                key=lambda lang: -freq[lang],
            )
            if langs:
                words.append(word)
                tags.append(tuple(langs))
    return words, tags


def _spellings(word: str) -> tuple[str, str]:
    """The word as listed (lowercase) and capitalised: USE knows names by their capital
    (Lisboa, Paris), common words by their lowercase form."""
    return word, word[:1].upper() + word[1:]


def encode_words(
    encode: Callable[[list[str]], object],
    words: Sequence[str],
    *,
    progress: Progress | None = None,
) -> NDArray[np.float32]:
    """Word vectors from a sentence encoder: the mean of the unit vectors of the word's
    lowercase and capitalised spellings, scaled to unit length.

    Args:
        encode: a function from a list of texts to an ``(n, d)`` array (USE's ``encode``).
        words: the words.
        progress: called as ``progress(done, total)`` after each batch of words.

    Returns:
        float32 ``(len(words), d)``, unit rows.
    """
    from embedlab.neighbours import normalize

    total = len(words)
    parts = []
    step = _BATCH // 2  # two spellings per word
    if progress is not None:
        progress(0, total)
    for start in range(0, total, step):
        chunk = words[start : start + step]
        texts = [s for w in chunk for s in _spellings(w)]
        X = normalize(np.asarray(encode(texts), dtype=np.float32))
        parts.append(normalize(X[0::2] + X[1::2]))
        if progress is not None:
            progress(start + len(chunk), total)
    dim = parts[0].shape[1] if parts else 0
    return np.vstack(parts) if parts else np.empty((0, dim), np.float32)


def _finished(folder: Path) -> bool:
    return all((folder / name).exists() for name in ("words.txt", "vectors.npy", "languages.txt"))


def _status_file(folder: Path) -> Path:
    return folder.with_name(folder.name + ".progress")


def _write_status(folder: Path, done: int, total: int) -> None:
    status = _status_file(folder)
    tmp = status.with_name(status.name + f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps({"done": done, "total": total}), encoding="utf-8")
    tmp.replace(status)  # atomic: a waiter never reads half a file


def _read_status(folder: Path) -> tuple[int, int] | None:
    try:
        data = json.loads(_status_file(folder).read_text(encoding="utf-8"))
        return int(data["done"]), int(data["total"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


@contextmanager
def _build_lock(folder: Path, progress: Progress | None) -> Iterator[None]:
    """Hold the build lock of ``folder``; while another process or thread holds it, relay
    that build's progress to ``progress``."""
    from filelock import FileLock, Timeout

    lock = FileLock(str(folder.with_name(folder.name + ".lock")))
    while True:
        try:
            lock.acquire(timeout=_POLL_SECONDS)
            break
        except Timeout:
            status = _read_status(folder)
            if progress is not None and status is not None:
                progress(*status)
    try:
        yield
    finally:
        lock.release()


def build_use_words(*, per_language: int | None = None, progress: Progress | None = None) -> Path:
    """Encode the most frequent Portuguese and English words with USE and cache them.

    Safe to call from many sessions or processes at once: one builds, the others wait for
    it (seeing its progress) and then find the files ready. The folder appears complete or
    not at all (written beside it, then renamed).

    Args:
        per_language: how many words per language (at most ``2 * per_language`` in all);
            default ``USE_WORDS_PER_LANGUAGE``.
        progress: called as ``progress(done, total)`` while encoding (or while waiting for
            another build).

    Returns:
        The folder holding ``words.txt``, ``languages.txt`` and ``vectors.npy``.
    """
    folder = _folder(per_language or _per_language())
    with _build_lock(folder, progress):
        if _finished(folder):  # built meanwhile by whoever held the lock
            return folder
        words, tags = _use_words_vocabulary(per_language or _per_language())

        def report(done: int, total: int) -> None:
            _write_status(folder, done, total)
            if progress is not None:
                progress(done, total)

        try:
            vectors = encode_words(_load_use().encode, words, progress=report)
            tmp = folder.with_name(folder.name + ".partial")
            tmp.mkdir(parents=True, exist_ok=True)
            np.save(tmp / "vectors.npy", vectors, allow_pickle=False)
            (tmp / "words.txt").write_text("\n".join(words) + "\n", encoding="utf-8")
            (tmp / "languages.txt").write_text(
                "\n".join(" ".join(t) for t in tags) + "\n", encoding="utf-8"
            )
            if folder.exists():  # a folder from an interrupted older layout
                for f in folder.iterdir():
                    f.unlink()
                folder.rmdir()
            # Rename last so an interrupted build is never mistaken for a finished one.
            tmp.rename(folder)
        finally:
            _status_file(folder).unlink(missing_ok=True)
    return folder


def needs_preparation(model_id: str) -> bool:
    """True when loading ``model_id`` will first build files (slow, with progress)."""
    return model_id == "use-words" and not _finished(use_words_path())


def prepare_model(model_id: str, *, progress: Progress | None = None) -> None:
    """Build the files ``model_id`` needs on first use (a no-op when they exist).

    Lets an app show its own progress bar before the (cached) load.
    """
    if model_id == "use-words" and needs_preparation(model_id):
        build_use_words(progress=progress)


def _load_use_words(progress: Progress | None = None) -> WordModel:
    from gensim.models import KeyedVectors

    folder = use_words_path()
    if not _finished(folder):
        build_use_words(progress=progress)
    words = (folder / "words.txt").read_text(encoding="utf-8").splitlines()
    lines = (folder / "languages.txt").read_text(encoding="utf-8").splitlines()
    tags = [tuple(line.split()) for line in lines]
    vectors = np.load(folder / "vectors.npy", allow_pickle=False)
    if not len(words) == len(tags) == len(vectors):
        raise ModelLoadError(
            f"The cached use-words files in {folder} do not match ({len(words)} words, "
            f"{len(tags)} language tags, {len(vectors)} vectors). Delete that folder and load "
            "the model again."
        )
    kv = KeyedVectors(vectors.shape[1])
    kv.add_vectors(words, vectors)
    return WordModel(kv, id="use-words", name="USE word vectors (pt + en)", word_languages=tags)
