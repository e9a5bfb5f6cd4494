"""A disk cache of embeddings, keyed by (model id, SHA-256 of the texts).

Re-uploading the same file, or coming back to it after a server restart, then costs
one ``np.load`` instead of embedding every text again. Files live in
``cache_dir()/embeddings`` (``EMBEDLAB_CACHE_DIR``, default ``~/.cache/embedlab``), are
plain ``.npy`` (loaded with ``allow_pickle=False``), are written atomically (a run
that is cancelled or fails leaves nothing behind) and are pruned oldest-first beyond
``MAX_CACHE_BYTES``.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from embedlab.models import Encoder, Progress, cache_dir

MAX_CACHE_BYTES: int = 4 * 2**30
"""Embedding files beyond this total size are deleted, least recently used first."""


def texts_digest(texts: Sequence[str]) -> str:
    """SHA-256 (hex) of the texts in order; any change to any text changes it."""
    digest = hashlib.sha256()
    for text in texts:
        data = text.encode("utf-8", errors="surrogatepass")
        digest.update(len(data).to_bytes(8, "little"))  # so ["ab", "c"] != ["a", "bc"]
        digest.update(data)
    return digest.hexdigest()


def embeddings_path(model_id: str, texts: Sequence[str]) -> Path:
    """Where the embeddings of ``texts`` by ``model_id`` are (or would be) cached."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", model_id)[:80]
    model_hash = hashlib.sha256(model_id.encode()).hexdigest()[:8]  # ids differing in "/" vs "_"
    return cache_dir() / "embeddings" / f"{safe}-{model_hash}-{texts_digest(texts)[:40]}.npy"


def load_embeddings(model_id: str, texts: Sequence[str]) -> NDArray[np.float32] | None:
    """The cached ``(n, d)`` float32 embeddings, or ``None`` if absent or unreadable."""
    path = embeddings_path(model_id, texts)
    try:
        X = np.load(path, allow_pickle=False)
    except (OSError, ValueError):  # absent, truncated or not an array: embed again
        return None
    if X.ndim != 2 or len(X) != len(texts) or X.dtype != np.float32:
        return None
    os.utime(path)  # marks it recently used for pruning
    return X


def save_embeddings(model_id: str, texts: Sequence[str], X: NDArray[np.floating]) -> Path:
    """Store the embeddings atomically (write a temporary file, then rename it)."""
    path = embeddings_path(model_id, texts)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            np.save(handle, np.asarray(X, dtype=np.float32), allow_pickle=False)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    prune()
    return path


def prune(max_bytes: int | None = None) -> int:
    """Delete the least recently used embedding files beyond ``max_bytes``; returns how many."""
    limit = MAX_CACHE_BYTES if max_bytes is None else max_bytes
    folder = cache_dir() / "embeddings"
    files = []
    for path in folder.glob("*.npy"):
        try:
            stat = path.stat()
        except OSError:  # deleted meanwhile by another session
            continue
        files.append((stat.st_mtime, stat.st_size, path))
    total = sum(size for _, size, _ in files)
    removed = 0
    for _, size, path in sorted(files):
        if total <= limit:
            break
        path.unlink(missing_ok=True)
        total -= size
        removed += 1
    return removed


@dataclass(frozen=True)
class Embedded:
    """Embeddings and where they came from.

    Attributes:
        vectors: ``(n, d)`` float32.
        from_cache: True when read from disk, False when computed (and then saved).
        seconds: wall time of this call.
    """

    vectors: NDArray[np.float32]
    from_cache: bool
    seconds: float


def embed_cached(
    model: Encoder,
    texts: Sequence[str],
    *,
    batch_size: int | None = None,
    progress: Progress | None = None,
) -> Embedded:
    """Embed ``texts`` with ``model``, reading and filling the disk cache.

    Args:
        model: any :class:`~embedlab.models.Encoder`; ``model.id`` is the cache key, so
            it must name the weights exactly.
        texts: the texts, one per row.
        batch_size: texts per batch (progress is reported after each); default: the
            model's own (256 for use-multilingual).
        progress: called as ``progress(done, total)`` while embedding; not called on a
            cache hit. If it raises (a cancelled run), nothing is saved.

    Returns:
        An :class:`Embedded`.
    """
    started = time.perf_counter()
    texts = list(texts)
    cached = load_embeddings(model.id, texts)
    if cached is not None:
        return Embedded(cached, True, time.perf_counter() - started)
    options = {} if batch_size is None else {"batch_size": batch_size}
    X = np.asarray(model.encode(texts, progress=progress, **options), np.float32)
    save_embeddings(model.id, texts, X)
    return Embedded(X, False, time.perf_counter() - started)


__all__ = [
    "MAX_CACHE_BYTES",
    "Embedded",
    "embed_cached",
    "embeddings_path",
    "load_embeddings",
    "prune",
    "save_embeddings",
    "texts_digest",
]
