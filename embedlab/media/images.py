"""Reading images safely: only image formats, Pillow's decompression-bomb limit, upright.

An upload is never trusted: :func:`open_image` lets Pillow try only the formats in
:data:`FORMATS`, turns Pillow's decompression-bomb warning into an error (an image over
:data:`MAX_PIXELS` pixels is refused, not decoded), decodes fully (so a truncated file fails
here, not later) and applies the EXIF orientation so phone photos stand upright.
"""

from __future__ import annotations

import base64
import functools
import io
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Union

from embedlab.errors import InputError
from embedlab.media.files import MB, Limits, unpack

if TYPE_CHECKING:
    from PIL import Image as PILImage

#: Pillow formats accepted; anything else (SVG, PDF, EPS, PSD...) is refused. HEIF (iPhone
#: photos) is read when ``pillow-heif`` is installed.
FORMATS: tuple[str, ...] = ("JPEG", "PNG", "GIF", "WEBP", "BMP", "TIFF", "HEIF")
EXTENSIONS: tuple[str, ...] = (
    ".jpg", ".jpeg", ".jfif", ".png", ".gif", ".webp", ".bmp", ".tif", ".tiff", ".heic", ".heif",
)  # fmt: skip
#: Pixels per image above which an image is refused before decoding (Pillow's default
#: ``Image.MAX_IMAGE_PIXELS``; Pillow itself raises only above twice that).
MAX_PIXELS = 89_478_485
LIMITS = Limits(max_files=1000, max_file_bytes=50 * MB, max_total_bytes=1000 * MB)
THUMBNAIL_PX = 96
#: Longest side kept after reading. CLIP models look at 224-336 px, so a 12-megapixel photo
#: is shrunk on decoding (JPEG's draft mode) and kept small: 1,000 photos then fit in memory.
MAX_SIDE = 512

ImageLike = Union["PILImage.Image", bytes, str, Path]


@dataclass
class ImageSet:
    """The images of an upload, decoded, and what was skipped.

    Attributes:
        names: file names (inside a ZIP: with their folder), in upload order.
        images: RGB Pillow images, upright, one per name.
        digests: SHA-256 of each file's bytes (the disk-cache key of its vector).
        skipped: ``(name, reason)`` for each file that is not a usable image.
        notes: messages about the upload as a whole.
    """

    names: list[str] = field(default_factory=list)
    images: list[PILImage.Image] = field(default_factory=list)
    digests: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.names)


@functools.cache
def _heif() -> bool:
    """Teach Pillow to read HEIF/HEIC (once), if pillow-heif is installed."""
    try:
        from pillow_heif import register_heif_opener
    except ImportError:
        return False
    register_heif_opener()
    return True


def open_image(
    source: ImageLike, *, name: str | None = None, max_side: int | None = MAX_SIDE
) -> PILImage.Image:
    """Decode one image: an accepted format, within the pixel limit, upright, RGB.

    Args:
        source: a Pillow image (taken as it is), the file's bytes, or a path.
        name: the file name, for messages.
        max_side: shrink so that the longer side is at most this many pixels (None: keep).

    Returns:
        An RGB Pillow image with its EXIF orientation applied.

    Raises:
        InputError: not an image, a refused format, too many pixels, or a damaged file.
    """
    from PIL import Image, ImageOps, UnidentifiedImageError

    _heif()
    if isinstance(source, Image.Image):
        return _shrunk(source if source.mode == "RGB" else source.convert("RGB"), max_side)
    if isinstance(source, str | Path):
        label = name or str(source)
        try:
            data = Path(source).read_bytes()
        except OSError as err:
            raise InputError(f"Cannot read the image '{label}': {err.strerror or err}.") from err
    elif isinstance(source, bytes | bytearray | memoryview):
        label, data = name or "the image", bytes(source)
    else:
        raise InputError(
            f"Images must be Pillow images, bytes or file paths; got {type(source).__name__}."
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # refused below
            img = Image.open(io.BytesIO(data), formats=list(FORMATS))
        with img:
            # Image.open reads only the header; refuse big images before decoding a pixel.
            if img.width * img.height > MAX_PIXELS:
                raise Image.DecompressionBombError(f"{img.width}x{img.height}")
            if max_side and img.format == "JPEG":
                img.draft("RGB", (max_side, max_side))  # decode at 1/2, 1/4 or 1/8 scale
            img.load()
            return _shrunk(ImageOps.exif_transpose(img).convert("RGB"), max_side)
    except Image.DecompressionBombError as err:
        raise InputError(
            f"'{label}' has more than {MAX_PIXELS:,} pixels: refused as a possible "
            "decompression bomb. Resize it below that and upload it again."
        ) from err
    except UnidentifiedImageError as err:
        raise InputError(
            f"'{label}' is not an image in an accepted format ({', '.join(FORMATS)})."
        ) from err
    except (OSError, SyntaxError, ValueError) as err:  # truncated or damaged files
        raise InputError(f"'{label}' is a damaged image: {err}.") from err


def _shrunk(image: PILImage.Image, max_side: int | None) -> PILImage.Image:
    if not max_side or max(image.size) <= max_side:
        return image
    small = image.copy()
    small.thumbnail((max_side, max_side))
    return small


def read_images(uploads: Iterable[tuple[str, bytes]], *, limits: Limits = LIMITS) -> ImageSet:
    """Decode the images of an upload: loose image files and ZIP archives of them.

    Non-images (by extension or by content) are listed in ``skipped`` with the reason;
    the count and size limits come from ``limits``.

    Args:
        uploads: ``(file name, bytes)`` pairs.
        limits: count and size limits (default :data:`LIMITS`: 1,000 images, 50 MB each,
            1,000 MB in all).

    Returns:
        :class:`ImageSet`.

    Raises:
        InputError: no usable image at all, or the upload is too large.

    Example:
        >>> from PIL import Image
        >>> buf = io.BytesIO(); Image.new("RGB", (8, 8), "red").save(buf, "PNG")
        >>> found = read_images([("red.png", buf.getvalue()), ("notes.txt", b"hi")])
        >>> found.names, [name for name, _ in found.skipped]
        (['red.png'], ['notes.txt'])
    """
    import hashlib

    unpacked = unpack(uploads, extensions=EXTENSIONS, limits=limits, what="images")
    out = ImageSet(skipped=list(unpacked.skipped), notes=list(unpacked.notes))
    for name, data in unpacked.files:
        try:
            image = open_image(data, name=name)
        except InputError as err:
            out.skipped.append((name, str(err)))
            continue
        out.names.append(name)
        out.images.append(image)
        out.digests.append(hashlib.sha256(data).hexdigest())
    if not out.names:
        reasons = "; ".join(f"{n}: {r}" for n, r in out.skipped[:3])
        raise InputError(
            "No image could be read from the upload"
            + (f" ({reasons})" if reasons else "")
            + f". Upload {', '.join(EXTENSIONS[:5])}... files or a ZIP of them."
        )
    return out


def thumbnail(image: PILImage.Image, *, size: int = THUMBNAIL_PX) -> bytes:
    """A small JPEG of ``image`` (longest side ``size`` pixels), for maps and tables."""
    small = image.copy()
    small.thumbnail((size, size))
    buf = io.BytesIO()
    small.convert("RGB").save(buf, "JPEG", quality=80)
    return buf.getvalue()


def data_uri(jpeg: bytes) -> str:
    """A ``data:image/jpeg;base64,...`` URI, for plotly layout images and HTML."""
    return "data:image/jpeg;base64," + base64.b64encode(jpeg).decode("ascii")


def thumbnails(images: Sequence[PILImage.Image], *, size: int = THUMBNAIL_PX) -> list[bytes]:
    """:func:`thumbnail` of each image."""
    return [thumbnail(image, size=size) for image in images]
