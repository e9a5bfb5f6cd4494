"""``use-words``: the most frequent Portuguese and English words embedded with USE, built once and cached."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from embedlab.errors import ModelLoadError
from embedlab.models.base import _HAS_LETTER, Progress, WordModel, cache_dir
from embedlab.models.loaders import _load_use

USE_WORDS_PER_LANGUAGE = 20_000


def _per_language() -> int:
    """``USE_WORDS_PER_LANGUAGE`` as the package holds it now (tests set a small one)."""
    from embedlab import models

    return models.USE_WORDS_PER_LANGUAGE


def use_words_path() -> Path:
    """Where the ``use-words`` vectors are cached (inside :func:`cache_dir`)."""
    return cache_dir() / f"use-words-{_per_language()}"


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
    per_language = per_language or _per_language()
    folder = (
        use_words_path()
        if per_language == _per_language()
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
