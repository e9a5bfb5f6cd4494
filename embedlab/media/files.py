"""Uploaded media files: loose files and ZIP archives, unpacked with limits.

Nothing here decodes a file; it only decides which (name, bytes) pairs reach the image and
audio readers, and lists what was left out and why. ZIP archives are read entry by entry
with a cap on the total unpacked size (a ZIP bomb stops early) and never extracted to disk.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from embedlab.errors import InputError

MB = 2**20


@dataclass(frozen=True)
class Limits:
    """How much one upload may hold.

    Attributes:
        max_files: media files kept (more: the first ones are kept, with a message).
        max_file_bytes: one file, after unpacking.
        max_total_bytes: all files together, after unpacking.
    """

    max_files: int
    max_file_bytes: int
    max_total_bytes: int


@dataclass
class Unpacked:
    """Files that may hold media, and what was left out.

    Attributes:
        files: ``(name, bytes)`` in upload order; names inside a ZIP keep their folder.
        skipped: ``(name, reason)`` for each file left out.
        notes: messages about the upload as a whole (e.g. the count limit was reached).
    """

    files: list[tuple[str, bytes]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _hidden(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return any(p.startswith(".") or p == "__MACOSX" for p in parts)


def unpack(
    uploads: Iterable[tuple[str, bytes]],
    *,
    extensions: Sequence[str],
    limits: Limits,
    what: str = "files",
) -> Unpacked:
    """Gather the files of an upload: loose files and the entries of ZIP archives.

    Files whose extension is not in ``extensions`` are listed in ``skipped`` (the readers
    check the content too). Folders, hidden files and macOS ``__MACOSX`` entries inside a
    ZIP are ignored silently.

    Args:
        uploads: ``(file name, bytes)`` pairs as uploaded.
        extensions: accepted extensions, lower case with the dot (``".png"``).
        limits: count and size limits.
        what: the kind of file, for messages (``"images"``, ``"sound clips"``).

    Returns:
        :class:`Unpacked`.

    Raises:
        InputError: the unpacked total exceeds ``limits.max_total_bytes``.
    """
    out = Unpacked()
    total = 0
    dropped = 0

    def add(name: str, size: int, read) -> None:
        nonlocal total, dropped
        suffix = PurePosixPath(name).suffix.lower()
        if suffix not in extensions:
            out.skipped.append((name, f"not an accepted file type ({', '.join(extensions)})"))
            return
        if size > limits.max_file_bytes:
            out.skipped.append(
                (name, f"{size / MB:,.1f} MB, over the {limits.max_file_bytes / MB:,.0f} MB limit")
            )
            return
        if len(out.files) >= limits.max_files:
            dropped += 1
            return
        total += size
        if total > limits.max_total_bytes:
            raise InputError(
                f"The upload unpacks to more than {limits.max_total_bytes / MB:,.0f} MB of "
                f"{what}. Upload fewer or smaller files."
            )
        try:
            out.files.append((name, read()))
        except InputError as err:
            out.skipped.append((name, str(err)))

    for name, data in uploads:
        if PurePosixPath(name).suffix.lower() == ".zip":
            _unpack_zip(name, data, add, out)
        else:
            add(name, len(data), lambda data=data: data)
    if dropped:
        out.notes.append(
            f"Only the first {limits.max_files:,} {what} are used; {dropped:,} more were left out."
        )
    return out


def _unpack_zip(name: str, data: bytes, add, out: Unpacked) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        out.skipped.append((name, "not a readable ZIP archive"))
        return
    with archive:
        for info in archive.infolist():
            if info.is_dir() or _hidden(info.filename):
                continue
            if info.flag_bits & 0x1:
                out.skipped.append((info.filename, "encrypted"))
                continue

            def read(info=info) -> bytes:
                try:
                    return archive.read(info)
                except (zipfile.BadZipFile, OSError, NotImplementedError, EOFError) as err:
                    raise InputError(f"cannot be unpacked ({err})") from err

            # zipfile stops at the declared size and checks the CRC, so a lying entry fails.
            add(info.filename, info.file_size, read)
