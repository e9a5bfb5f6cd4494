"""Embedding images and sound clips through the disk cache.

Vectors are cached per file content: the key is the model id plus the SHA-256 of every
file's bytes (in order), so the same photos uploaded again, or after a restart, open at once.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from embedlab.cache import Embedded, load_embeddings, save_embeddings

if TYPE_CHECKING:
    from PIL import Image as PILImage

    from embedlab.media.models import AudioTextModel, ImageTextModel, Progress


def _keys(modality: str, digests: Sequence[str]) -> list[str]:
    # One namespace per modality, so an image and a text never share a cache entry.
    return [f"{modality}:{d}" for d in digests]


def embed_images_cached(
    model: ImageTextModel,
    images: Sequence[PILImage.Image],
    digests: Sequence[str],
    *,
    batch_size: int | None = None,
    progress: Progress | None = None,
) -> Embedded:
    """Embed decoded images, reading and filling the disk cache.

    Args:
        model: a CLIP model (:class:`~embedlab.media.models.ImageTextModel`).
        images: RGB Pillow images (e.g. ``ImageSet.images``).
        digests: SHA-256 of each image file's bytes (``ImageSet.digests``), the cache key.
        batch_size: images per batch (progress is reported after each).
        progress: called as ``progress(done, total)``; not called on a cache hit.

    Returns:
        :class:`~embedlab.cache.Embedded` with ``(n, dim)`` unit vectors.
    """
    started = time.perf_counter()
    keys = _keys("image", digests)
    cached = load_embeddings(model.id, keys)
    if cached is not None:
        return Embedded(cached, True, time.perf_counter() - started)
    X = model.encode_images(list(images), batch_size=batch_size, progress=progress)
    save_embeddings(model.id, keys, X)
    return Embedded(X, False, time.perf_counter() - started)


def embed_clips_cached(
    model: AudioTextModel,
    clips: Sequence[np.ndarray],
    digests: Sequence[str],
    *,
    batch_size: int | None = None,
    progress: Progress | None = None,
) -> Embedded:
    """Embed decoded clips (at ``model.sampling_rate``), reading and filling the disk cache.

    Args:
        model: a CLAP model (:class:`~embedlab.media.models.AudioTextModel`).
        clips: mono float32 samples (``ClipSet.clips`` read at the model's rate).
        digests: SHA-256 of each clip file's bytes (``ClipSet.digests``), the cache key.
        batch_size, progress: as :func:`embed_images_cached`.

    Returns:
        :class:`~embedlab.cache.Embedded` with ``(n, dim)`` unit vectors.
    """
    started = time.perf_counter()
    keys = _keys(f"audio{model.sampling_rate}", digests)
    cached = load_embeddings(model.id, keys)
    if cached is not None:
        return Embedded(cached, True, time.perf_counter() - started)
    X = model.encode_samples(list(clips), batch_size=batch_size, progress=progress)
    save_embeddings(model.id, keys, X)
    return Embedded(X, False, time.perf_counter() - started)
