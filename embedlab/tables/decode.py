"""Bytes to text: encoding detection (UTF-16 BOM, UTF-8, cp1252, charset-normalizer, Latin-1) and refusing binary files."""

from __future__ import annotations

import codecs
import re

from embedlab.errors import FileFormatError

_SNIFF_CHARS = 64_000
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a ZIP archive (an .xlsx workbook is one: rename it to .xlsx)"),
    (b"PAR1", "a Parquet file (rename it to .parquet)"),
    (b"\xd0\xcf\x11\xe0", "an old Excel .xls/Word file (open it in Excel and save as .xlsx)"),
    (b"%PDF", "a PDF document (export its text to .txt first)"),
    (b"\x1f\x8b", "a gzip-compressed file (decompress it first)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x80\x02", "a Python pickle (never loaded, for safety)"),
    (b"\x80\x03", "a Python pickle (never loaded, for safety)"),
    (b"\x80\x04", "a Python pickle (never loaded, for safety)"),
    (b"\x80\x05", "a Python pickle (never loaded, for safety)"),
    (b"\x93NUMPY", "a NumPy .npy array"),
)


# --------------------------------------------------------------------------- decoding


def decode_text(
    data: bytes, name: str, *, encoding: str | None = None, fix: str | None = None
) -> tuple[str, str]:
    """Decode an uploaded text file, refusing binary data.

    Tries UTF-8 (BOM or not), then cp1252 (Windows/Excel), then a detected encoding.

    Args:
        data: the file's bytes.
        name: the file name, for messages.
        encoding: force this encoding instead of detecting one.
        fix: the sentence telling what to upload instead, when the data is binary.

    Returns:
        ``(text, encoding used)``.

    Raises:
        FileFormatError: binary data, or bytes that are not in ``encoding``.
    """
    return _decode(data, name, encoding, fix=fix)


def _decode(
    data: bytes, name: str, encoding: str | None, *, fix: str | None = None
) -> tuple[str, str]:
    """Decode text bytes; returns (text, encoding used)."""
    if encoding is not None:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as err:
            raise FileFormatError(f"{name} cannot be read as {encoding}: {err}.") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    _reject_binary(data, name, fix=fix)
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    # A UTF-8 file with a few cp1252 bytes pasted in (files concatenated, a cell typed in
    # another program): decoding all of it as cp1252 would garble every UTF-8 accent.
    mixed = data.decode("utf-8-sig", errors="surrogateescape")
    bad = sum(1 for ch in mixed if "\udc80" <= ch <= "\udcff")
    good = sum(1 for ch in mixed if ch > "\x7f" and not "\udc80" <= ch <= "\udcff")
    if good > bad:
        return _SURROGATES.sub(_cp1252_bytes, mixed), "utf-8 (a few bytes in cp1252)"
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        pass
    # cp1252 fails only on its five undefined bytes. A few of them in a Western file are
    # stray control bytes: keep them (as Latin-1 does) and the accents stay right.
    undefined = sum(data.count(b) for b in _CP1252_UNDEFINED)
    if undefined <= max(1, len(data) // 1000):
        return data.decode("cp1252", errors=_LATIN1_FALLBACK), "cp1252"
    from charset_normalizer import from_bytes

    best = from_bytes(data[:1_000_000]).best()
    if best is not None:
        try:
            return data.decode(best.encoding), best.encoding
        except (UnicodeDecodeError, LookupError):
            pass
    return data.decode("latin-1"), "latin-1"


_SURROGATES = re.compile("[\udc80-\udcff]+")


def _cp1252_bytes(match: re.Match[str]) -> str:
    raw = match.group().encode("utf-8", errors="surrogateescape")
    return raw.decode("cp1252", errors=_LATIN1_FALLBACK)


_CP1252_UNDEFINED = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")
_LATIN1_FALLBACK = "embedlab.latin1_fallback"
codecs.register_error(
    _LATIN1_FALLBACK, lambda err: ("".join(map(chr, err.object[err.start : err.end])), err.end)
)


def _reject_binary(data: bytes, name: str, *, fix: str | None = None) -> None:
    """Raise when the bytes are clearly not text (magic number, NUL bytes, control chars)."""
    head = data[:8192]
    for magic, what in _MAGIC:
        if head.startswith(magic):
            more = f" {fix}" if fix else ""
            raise FileFormatError(f"{name} is not a text file: it looks like {what}.{more}")
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    if b"\x00" in head or controls > max(2, len(head) // 100):
        raise FileFormatError(
            f"{name} is not a text file: it holds binary data. "
            + (fix or "Export the data as CSV (UTF-8) or XLSX and upload that.")
        )
