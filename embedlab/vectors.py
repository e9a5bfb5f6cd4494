"""Word-vector files: read the ones people bring, write the standard word2vec format.

Read (:func:`load_vectors`): word2vec text (a ``"<words> <dims>"`` header line, then
``word v1 v2 ...``), word2vec binary (the header, then ``word<space>`` and raw float32),
GloVe text (no header) and fastText ``.vec`` (word2vec text). A ``.gz`` file or a ``.zip``
holding one such file is opened first. The text parser is our own: it streams, accepts
UTF-8 words, blank lines and Windows line ends, and names the line of any malformed entry.

Never read: pickles. gensim ``.model``/``.kv`` files, ``.pkl``, joblib and PyTorch
files run arbitrary code when unpickled, so they are recognised — by extension and by
their first bytes — and refused with a message saying what to export instead.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import os
import re
import zipfile
from pathlib import PurePath
from typing import IO, TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from embedlab.errors import FileFormatError, InputError
from embedlab.models import Progress, WordModel

if TYPE_CHECKING:
    from gensim.models import KeyedVectors

VECTOR_EXTENSIONS: tuple[str, ...] = (".txt", ".vec", ".bin", ".w2v", ".glove")
"""Extensions offered in upload widgets (plus ``.gz`` and ``.zip`` of these)."""

PICKLE_EXTENSIONS: tuple[str, ...] = (
    ".model",
    ".kv",
    ".pkl",
    ".pickle",
    ".joblib",
    ".pt",
    ".pth",
    ".ckpt",
    ".npy",
    ".npz",
)

_HEADER = re.compile(rb"^\s*(\d+)\s+(\d+)\s*$")
_FASTTEXT_BIN_MAGIC = (793712314).to_bytes(4, "little")
_PROGRESS_EVERY = 20_000
_BLOCK_LINES = 4_096
_EXPORT_HINT = (
    "Export the vectors in word2vec text format and upload that file instead: in Python, "
    "open it with gensim where you trust it and call `.save_word2vec_format('vectors.txt')` "
    "on its KeyedVectors (`model.wv` for a Word2Vec or FastText model)."
)


def load_vectors(
    data: bytes,
    filename: str,
    *,
    limit: int | None = None,
    progress: Progress | None = None,
) -> WordModel:
    """Read a word-vector file into a word model.

    Args:
        data: the file's bytes.
        filename: its name (the extension helps recognise pickles and compression; the
            format itself is recognised from the content).
        limit: read only the first ``limit`` words (files list frequent words first).
        progress: called as ``progress(done, total)`` while reading (bytes or words).

    Returns:
        A :class:`VectorFileModel` (a :class:`~embedlab.models.WordModel`) with ``id``
        ``"vec-<hash of the bytes>"``, ``name`` ``"<file> (N words, D-d)"`` and ``notes``
        about skipped lines: a repeated word keeps its first vector, a word that is not
        valid UTF-8 is skipped.

    Raises:
        FileFormatError: a pickle or other unsafe file (refused unopened), an empty or
            unrecognised file, or a malformed line — the message names the line number and
            what is wrong (the count of numbers, a value that is not a number).
        InputError: ``limit`` below 1.

    Example:
        >>> m = load_vectors("2 3\\nação 1 0 0\\nvocê 0 1 0\\n".encode(), "pt.txt")
        >>> len(m), m.dim, "ação" in m
        (2, 3, True)
    """
    if limit is not None and (isinstance(limit, bool) or int(limit) < 1):
        raise InputError(f"limit must be at least 1 word; you gave {limit!r}.")
    name = PurePath(filename).name or "the file"
    words, vectors, notes, detected = _read(data, name, limit=limit, progress=progress)
    if not words:
        raise FileFormatError(f"{name} has no readable word vectors. {notes[0] if notes else ''}")
    from gensim.models import KeyedVectors

    kv = KeyedVectors(vectors.shape[1])
    kv.add_vectors(words, vectors)
    digest = hashlib.sha256(data).hexdigest()[:12]
    suffix = f"-first{limit}" if limit else ""
    return VectorFileModel(
        kv,
        id=f"vec-{digest}{suffix}",
        name=f"{name} ({len(words):,} words, {vectors.shape[1]}-d)",
        filename=name,
        file_format=detected,
        notes=notes,
    )


class VectorFileModel(WordModel):
    """A :class:`~embedlab.models.WordModel` read from a file.

    Attributes:
        filename: the file's name.
        file_format: ``"word2vec text"``, ``"word2vec binary"`` or ``"GloVe text"``.
        notes: sentences for the user about skipped lines (repeated or non-UTF-8 words).
    """

    def __init__(
        self,
        kv: KeyedVectors,
        *,
        id: str,
        name: str,
        filename: str,
        file_format: str,
        notes: list[str],
    ) -> None:
        super().__init__(kv, id=id, name=name)
        self.filename = filename
        self.file_format = file_format
        self.notes = notes


def check_not_pickle(data: bytes, filename: str) -> None:
    """Refuse pickles and other files that must not be opened, without opening them.

    Raises:
        FileFormatError: the name or the first bytes say pickle (or a NumPy/PyTorch file).
    """
    name = PurePath(filename).name
    ext = PurePath(name.lower().removesuffix(".gz")).suffix
    head = data[:8]
    if ext in PICKLE_EXTENSIONS or (head[:1] == b"\x80" and head[1:2] in b"\x02\x03\x04\x05"):
        what = "a NumPy array file" if ext in (".npy", ".npz") else "a Python pickle"
        raise FileFormatError(
            f"{name} is {what} (gensim .model/.kv, .pkl, joblib and PyTorch files are "
            "pickles). Opening a pickle can run any code hidden in it, so embedlab never "
            f"opens one. {_EXPORT_HINT}"
        )
    if head.startswith(b"\x93NUMPY"):
        raise FileFormatError(f"{name} is a NumPy array: it has no words. {_EXPORT_HINT}")


def _read(
    data: bytes, name: str, *, limit: int | None, progress: Progress | None, depth: int = 0
) -> tuple[list[str], NDArray[np.float32], list[str], str]:
    check_not_pickle(data, name)
    if not data.strip():
        raise FileFormatError(f"{name} is empty. Choose a word-vector file.")
    if depth < 2 and data[:2] == b"\x1f\x8b":
        try:
            inner = gzip.decompress(data)
        except (OSError, EOFError) as err:
            raise FileFormatError(f"{name} is a damaged gzip file ({err}).") from err
        return _read(inner, name.removesuffix(".gz"), limit=limit, progress=progress, depth=1)
    if depth < 2 and data[:4] == b"PK\x03\x04":
        inner_name, inner = _unzip(data, name)
        return _read(inner, inner_name, limit=limit, progress=progress, depth=1)
    if data[:4] == _FASTTEXT_BIN_MAGIC:
        raise FileFormatError(
            f"{name} is a fastText binary model (.bin). Upload its .vec file instead (fastText "
            "writes one beside the .bin; or run `fasttext print-word-vectors`)."
        )
    first_end = data.find(b"\n")
    first = data[: first_end if first_end >= 0 else len(data)]
    header = _HEADER.match(first)
    if header is None:
        return (*_read_text(data, name, limit=limit, progress=progress), "GloVe text")
    count, dim = int(header.group(1)), int(header.group(2))
    if count < 1 or dim < 1:
        raise FileFormatError(
            f"{name}: line 1 (the header) says {count} words of {dim} dimensions; both must "
            "be at least 1."
        )
    if _looks_like_text(data, first_end + 1, dim):
        return (
            *_read_text(data, name, limit=limit, progress=progress, header=(count, dim)),
            "word2vec text",
        )
    return (
        *_read_binary(data, name, first_end + 1, count, dim, limit=limit, progress=progress),
        "word2vec binary",
    )


def _unzip(data: bytes, name: str) -> tuple[str, bytes]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except zipfile.BadZipFile as err:
        raise FileFormatError(f"{name} is a damaged zip archive ({err}).") from err
    names = [m.filename for m in members]
    if any(n.endswith((".pkl", ".pickle")) or n.endswith("/data.pkl") for n in names):
        raise FileFormatError(
            f"{name} holds pickled data (a PyTorch or joblib archive). embedlab never opens "
            f"pickles. {_EXPORT_HINT}"
        )
    vector_files = [m for m in members if PurePath(m.filename).suffix.lower() in VECTOR_EXTENSIONS]
    if len(vector_files) != 1:
        listed = ", ".join(names[:8]) + (" …" if len(names) > 8 else "")
        raise FileFormatError(
            f"{name} should hold exactly one vectors file ({', '.join(VECTOR_EXTENSIONS)}); "
            f"it holds: {listed or 'nothing'}. Unzip it and upload the vectors file."
        )
    return PurePath(vector_files[0].filename).name, archive.read(vector_files[0])


def _looks_like_text(data: bytes, start: int, dim: int) -> bool:
    """True when the line after the header is ``word`` and ``dim`` numbers."""
    end = data.find(b"\n", start)
    parts = data[start : end if end >= 0 else len(data)].split()
    if len(parts) != dim + 1:
        return False
    try:
        parts[0].decode("utf-8")
        np.array(parts[1:], dtype=np.float32)
    except (UnicodeDecodeError, ValueError):
        return False
    return True


def _read_text(
    data: bytes,
    name: str,
    *,
    limit: int | None,
    progress: Progress | None,
    header: tuple[int, int] | None = None,
) -> tuple[list[str], NDArray[np.float32], list[str]]:
    """Parse text vectors block by block: pandas' C parser first, line by line on trouble."""
    dim = header[1] if header else None
    wanted = header[0] if header else None  # lines after the header's count are ignored
    words: list[str] = []
    chunks: list[NDArray[np.float32]] = []
    seen: set[str] = set()
    skipped: list[int] = []
    entries = number = repeated = 0
    stream = io.BytesIO(data)  # iterating it streams: no list of all lines
    if header:
        stream.readline()
        number = 1
    while True:
        block: list[bytes] = []
        numbers: list[int] = []
        room = _BLOCK_LINES if wanted is None else min(_BLOCK_LINES, wanted - entries)
        for line in stream if room > 0 else ():
            number += 1
            if line.strip():  # blank lines (a trailing newline, a blank last line) are skipped
                block.append(line)
                numbers.append(number)
                if len(block) == room:
                    break
        if not block:
            break
        if dim is None:
            dim = len(block[0].split()) - 1
            if dim < 1:
                raise FileFormatError(
                    f"{name}: line {numbers[0]} holds only '{_show(block[0].strip())}'. Each line "
                    "must be a word followed by its numbers (or the file must start with a "
                    "'<words> <dimensions>' header)."
                )
        parsed = _parse_fast(block, dim)
        if parsed is None:
            parsed = _parse_slow(block, numbers, dim, name, header is not None, skipped)
        block_words, values = parsed
        entries += len(block)
        keep: list[int] = []
        for i, word in enumerate(block_words):
            if not word:
                continue
            if word in seen:
                repeated += 1
            elif limit is not None and len(words) + len(keep) >= limit:
                break
            else:
                seen.add(word)
                keep.append(i)
        words.extend(block_words[i] for i in keep)
        chunks.append(values if len(keep) == len(values) else values[keep])
        if progress is not None:
            progress(stream.tell(), len(data))
        if (limit is not None and len(words) >= limit) or entries == wanted:
            break
    if not entries:
        raise FileFormatError(f"{name} has no word vectors after its header. Check the file.")
    if wanted is not None and entries < wanted and (limit is None or len(words) < limit):
        raise FileFormatError(
            f"{name}: the header (line 1) says {wanted:,} words, but the file ends after "
            f"{entries:,}. It may be cut short: download it again, or correct the header."
        )
    if progress is not None:
        progress(len(data), len(data))
    vectors = np.concatenate(chunks) if len(chunks) > 1 else chunks[0]
    return words, vectors, _notes(skipped, repeated, "line")


def _parse_fast(block: list[bytes], dim: int) -> tuple[list[str], NDArray[np.float32]] | None:
    """Words and vectors of well-formed lines with pandas' C parser; None when any is not."""
    import pandas as pd

    try:
        table = pd.read_csv(
            io.BytesIO(b"".join(block)),
            sep=r"\s+",
            header=None,
            index_col=False,
            quoting=csv.QUOTE_NONE,
            na_filter=False,  # the words "NA" and "null" are words
            dtype={0: object},
            encoding="utf-8",
            engine="c",
        )
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError):
        return None
    if table.shape != (len(block), dim + 1):
        return None
    numbers = table.iloc[:, 1:]
    if not all(pd.api.types.is_numeric_dtype(t) for t in numbers.dtypes):
        return None  # a value that is not a number: the slow path names it
    values = numbers.to_numpy(np.float32)
    if not np.isfinite(values).all():
        return None
    return [str(w) for w in table[0].tolist()], values


def _parse_slow(
    block: list[bytes],
    numbers: list[int],
    dim: int,
    name: str,
    header: bool,
    skipped: list[int],
) -> tuple[list[str], NDArray[np.float32]]:
    """Line by line: raises naming the first malformed line; a non-UTF-8 word becomes ''."""
    words: list[str] = []
    values = np.empty((len(block), dim), np.float32)
    for row, (line, number) in enumerate(zip(block, numbers, strict=True)):
        parts = line.split()
        if len(parts) != dim + 1:
            raise FileFormatError(_count_message(name, number, parts, dim, header))
        try:
            word = parts[0].decode("utf-8")
        except UnicodeDecodeError:
            word = ""  # skipped (and counted), not fatal: big files often hold a few
            skipped.append(number)
        try:
            values[row] = np.array(parts[1:], dtype=np.float32)
        except ValueError as err:
            raise FileFormatError(_number_message(name, number, word, parts[1:])) from err
        if not np.isfinite(values[row]).all():
            raise FileFormatError(
                f"{name}: line {number} ('{word}') has a value that is not a finite number "
                "(nan or inf). Fix or delete that line."
            )
        words.append(word)
    return words, values


def _notes(skipped: list[int], repeated: int, unit: str) -> list[str]:
    notes = []
    if skipped:
        where = ", ".join(str(n) for n in skipped[:5]) + (" …" if len(skipped) > 5 else "")
        were = "word was" if len(skipped) == 1 else "words were"
        notes.append(f"{len(skipped):,} {were} not valid UTF-8 text and skipped ({unit} {where}).")
    if repeated:
        were = "word was" if repeated == 1 else "words were"
        notes.append(f"{repeated:,} repeated {were} skipped (each word keeps its first vector).")
    return notes


def _show(token: bytes, size: int = 30) -> str:
    text = token.decode("utf-8", "replace")
    return text if len(text) <= size else text[:size] + "…"


def _count_message(name: str, number: int, parts: list[bytes], dim: int, header: bool) -> str:
    found = len(parts) - 1
    reference = "the header (line 1) says" if header else "the first line has"
    return (
        f"{name}: line {number} ('{_show(parts[0])}') has {found:,} numbers, but {reference} "
        f"{dim:,}. Each line must be a word followed by exactly {dim:,} numbers separated by "
        "spaces (a word containing a space breaks this). Fix or delete that line."
    )


def _number_message(name: str, number: int, word: str, values: list[bytes]) -> str:
    position, bad = next(
        ((i, token) for i, token in enumerate(values, start=1) if not _is_number(token)),
        (0, b""),
    )
    return (
        f"{name}: line {number} ('{word or '?'}'): value {position} is '{_show(bad)}', which is "
        "not a number. Numbers use a dot for decimals (0.25, -1.3e-05). Fix or delete that line."
    )


def _is_number(token: bytes) -> bool:
    try:
        float(token)
    except ValueError:
        return False
    return True


def _read_binary(
    data: bytes,
    name: str,
    start: int,
    count: int,
    dim: int,
    *,
    limit: int | None,
    progress: Progress | None,
) -> tuple[list[str], NDArray[np.float32], list[str]]:
    wanted = min(count, limit or count)
    width = 4 * dim
    vectors = np.empty((wanted, dim), np.float32)
    words: list[str] = []
    seen: set[str] = set()
    skipped: list[int] = []
    entries = 0
    pos, size = start, len(data)
    for index in range(1, count + 1):
        while pos < size and data[pos] in b"\n\r":
            pos += 1  # the C tool ends each vector with a newline; gensim does not
        end = data.find(b" ", pos, pos + 1_000)
        if pos >= size or end < 0:
            raise FileFormatError(
                f"{name}: the header says {count:,} words of {dim:,} dimensions, but the data "
                f"stops making sense at word {index:,} (byte {pos:,}): the file is cut short "
                "or is not word2vec binary. Download it again, or export word2vec text."
            )
        if end + 1 + width > size:
            raise FileFormatError(
                f"{name}: word {index:,} ('{_show(data[pos:end])}') is cut short: the file ends "
                f"before its {dim:,} numbers. Download the file again."
            )
        try:
            word = data[pos:end].decode("utf-8")
        except UnicodeDecodeError:
            word = ""
        row = np.frombuffer(data, dtype="<f4", count=dim, offset=end + 1)
        pos = end + 1 + width
        if not np.isfinite(row).all():
            raise FileFormatError(
                f"{name}: word {index:,} ('{word}') has a value that is not a finite number "
                "(nan or inf): the file is damaged or is not word2vec binary."
            )
        entries += 1
        if not word:
            skipped.append(index)
            continue
        if word in seen:
            continue
        seen.add(word)
        vectors[len(words)] = row
        words.append(word)
        if progress is not None and index % _PROGRESS_EVERY == 0:
            progress(index, count)
        if len(words) >= wanted:
            break
    if progress is not None:
        progress(count, count)
    return (
        words,
        vectors[: len(words)],
        _notes(skipped, entries - len(words) - len(skipped), "word"),
    )


def _vectors_of(model: WordModel | KeyedVectors) -> tuple[list[str], NDArray[np.float32]]:
    kv = model.kv if isinstance(model, WordModel) else model
    words = [str(w) for w in kv.index_to_key]
    return words, np.asarray(kv.vectors, dtype=np.float32)


def save_word2vec(
    model: WordModel | KeyedVectors,
    file: str | os.PathLike[str] | IO[bytes],
    *,
    binary: bool = False,
) -> None:
    """Write a model's vectors in the word2vec format.

    gensim reads the result with ``KeyedVectors.load_word2vec_format(file, binary=binary)``,
    and so does :func:`load_vectors`. Text numbers keep 6 significant digits (as the
    original word2vec tool); binary keeps float32 exactly. A FastText model's sub-word
    pieces are not saved (the format has no place for them): its vocabulary words are.

    Args:
        model: a word model (or a gensim ``KeyedVectors``).
        file: a path, or a file object opened for writing bytes.
        binary: binary word2vec instead of text.

    Raises:
        InputError: a vocabulary word contains a space or line break (the format cannot
            hold it).
    """
    words, vectors = _vectors_of(model)
    for word in words:
        if not word or any(ch.isspace() for ch in word):
            raise InputError(
                f"The word {word!r} contains a space or line break, which the word2vec "
                "format cannot hold."
            )
    if isinstance(file, (str, os.PathLike)):
        with open(file, "wb") as handle:
            _write(handle, words, vectors, binary)
    else:
        _write(file, words, vectors, binary)


def _write(handle: IO[bytes], words: list[str], vectors: NDArray[np.float32], binary: bool) -> None:
    n, dim = vectors.shape
    handle.write(f"{n} {dim}\n".encode())
    if binary:
        little = vectors.astype("<f4", copy=False)
        for word, row in zip(words, little, strict=True):
            handle.write(word.encode("utf-8") + b" " + row.tobytes() + b"\n")
        return
    for start in range(0, n, 10_000):
        numbers = np.char.mod("%.6g", vectors[start : start + 10_000])
        text = "".join(
            word + " " + " ".join(row) + "\n"
            for word, row in zip(words[start : start + 10_000], numbers.tolist(), strict=True)
        )
        handle.write(text.encode("utf-8"))
