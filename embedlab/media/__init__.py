"""Beyond text: images (CLIP) and sounds (CLAP) in the same space as sentences.

- :mod:`embedlab.media.images`: read uploads safely (formats, pixel limit, EXIF), thumbnails.
- :mod:`embedlab.media.audio`: read WAV/FLAC/OGG/MP3 clips, mono, resampled.
- :mod:`embedlab.media.files`: loose files and ZIP archives, with count and size limits.
- :mod:`embedlab.media.models`: the CLIP and CLAP adapters and their loaders.
- :mod:`embedlab.media.embedding`: embedding through the disk cache.

>>> from embedlab.media import media_kind
>>> media_kind("laion/clap-htsat-unfused"), media_kind("clip-ViT-B-32"), media_kind("glove-50d")
('audio', 'image', None)
"""

from __future__ import annotations

from embedlab.media.audio import ClipSet, read_clip, read_clips, resample
from embedlab.media.embedding import embed_clips_cached, embed_images_cached
from embedlab.media.files import Limits, Unpacked, unpack
from embedlab.media.images import ImageSet, data_uri, open_image, read_images, thumbnail
from embedlab.media.models import (
    AudioTextModel,
    ImageTextModel,
    find_media_models,
    load_clap,
    load_clip,
    load_media_model,
    media_kind,
)

__all__ = [
    "AudioTextModel",
    "ClipSet",
    "ImageSet",
    "ImageTextModel",
    "Limits",
    "Unpacked",
    "data_uri",
    "embed_clips_cached",
    "embed_images_cached",
    "find_media_models",
    "load_clap",
    "load_clip",
    "load_media_model",
    "media_kind",
    "open_image",
    "read_clip",
    "read_clips",
    "read_images",
    "resample",
    "thumbnail",
    "unpack",
]
