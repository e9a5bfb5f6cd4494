"""Read a user's uploaded file into a table, and get its texts ready to embed.

``read_upload`` turns the bytes of an upload (CSV, TSV, TXT, XLSX, Parquet, JSON Lines)
into a :class:`pandas.DataFrame`. It never unpickles anything. Whatever it had to change
on the way (a sniffed encoding or delimiter, renamed duplicate columns, a column of mixed
types turned into text, the sheet it read) is written as plain sentences in
``df.attrs["notes"]`` so the page can tell the user; ``df.attrs["encoding"]`` and
``df.attrs["delimiter"]`` say what was detected (``None`` where it does not apply).

Decisions where a choice had to be made:

- Encodings are tried in this order: UTF-16 (only with its BOM, as Excel's "Unicode text"
  writes it), strict UTF-8 (BOM removed), strict cp1252 (Windows/Excel in Portuguese,
  Spanish, French...), then charset-normalizer's guess, then Latin-1.
- Duplicated column names are kept, renamed ``name``, ``name.1``, ``name.2`` (as pandas
  does), and a note names them.
- A column that mixes text with numbers (or holds lists/dicts) becomes a text column;
  missing cells stay missing.
- Cells that are empty or one of ``#N/A NA N/A NaN nan NULL null`` are missing values; the
  word "None" stays text.
- In a semicolon-separated file a column whose values all look like ``3,5`` becomes numeric
  (decimal comma, as Excel writes in pt/es/fr/de locales).
- Too many rows or too many bytes is an error that states the limit; nothing is sampled.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import math
import re
import unicodedata
import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import TYPE_CHECKING, Literal

import numpy as np

from embedlab.errors import FileFormatError, InputError

if TYPE_CHECKING:
    import pandas as pd

MAX_UPLOAD_MB: float = 200
"""Largest upload read, in megabytes of 2**20 bytes (as Streamlit's ``maxUploadSize``)."""

MAX_ROWS: int = 100_000
"""Most rows read from one file."""

MAX_TEXT_CHARS: int = 2_000
"""Texts longer than this are cut before embedding (``prepare_texts`` counts them)."""

SUPPORTED_EXTENSIONS: tuple[str, ...] = (
    ".csv",
    ".tsv",
    ".txt",
    ".xlsx",
    ".xlsm",
    ".parquet",
    ".jsonl",
    ".ndjson",
    ".json",
)

DELIMITERS: tuple[str, ...] = (",", ";", "\t", "|")

_NA_VALUES = ["", "#N/A", "NA", "N/A", "NaN", "nan", "NULL", "null"]
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
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

TxtMode = Literal["auto", "lines", "paragraphs"]


# --------------------------------------------------------------------------- public API


def read_upload(
    data: bytes,
    filename: str,
    *,
    sheet: str | int | None = None,
    txt_mode: TxtMode = "auto",
    delimiter: str | None = None,
    encoding: str | None = None,
    max_rows: int | None = None,
    max_mb: float | None = None,
) -> pd.DataFrame:
    """Read an uploaded file into a table.

    Args:
        data: the file's bytes, exactly as uploaded.
        filename: the file's name; its extension picks the reader (see
            ``SUPPORTED_EXTENSIONS``).
        sheet: XLSX only: sheet name or 0-based position; default the first sheet.
        txt_mode: TXT only: ``"lines"`` (one text per line), ``"paragraphs"``
            (blank-line-separated blocks, their lines joined by a space) or ``"auto"``
            (paragraphs when the file has blank-line-separated blocks of several lines).
        delimiter: CSV only: force a delimiter instead of sniffing one of ``, ; TAB |``.
        encoding: CSV/TSV/TXT/JSONL: force an encoding instead of detecting it.
        max_rows: most rows accepted; default ``MAX_ROWS``.
        max_mb: largest file accepted in megabytes; default ``MAX_UPLOAD_MB``.

    Returns:
        The table, with string column names. ``df.attrs["notes"]`` lists (as sentences)
        what was detected or changed; ``df.attrs["encoding"]``, ``df.attrs["delimiter"]``
        and ``df.attrs["sheet"]`` say what was used (``None`` where not applicable).
        TXT files give the columns ``text`` and ``line`` (1-based first line).

    Raises:
        FileFormatError: the file is empty, binary, corrupt, has no data rows, has a
            malformed JSON line (its number is given), is over the size or row limit, or
            its extension is not supported. The message names the file and the fix.

    Example:
        >>> df = read_upload("texto;nota\\nação boa;3,5\\n".encode("cp1252"), "a.csv")
        >>> df["texto"][0], float(df["nota"][0]), df.attrs["delimiter"]
        ('ação boa', 3.5, ';')
    """
    max_rows = MAX_ROWS if max_rows is None else max_rows
    max_mb = MAX_UPLOAD_MB if max_mb is None else max_mb
    name = PurePath(filename).name or "the file"
    ext = PurePath(filename).suffix.lower()
    if ext not in SUPPORTED_EXTENSIONS:
        shown = f"'{ext}'" if ext else "no extension"
        raise FileFormatError(
            f"{name}: files with {shown} are not supported. "
            f"Use one of: {', '.join(SUPPORTED_EXTENSIONS)}."
            + (" Open it in Excel and save it as .xlsx." if ext == ".xls" else "")
        )
    if not data:
        raise FileFormatError(f"{name} is empty (0 bytes). Choose a file that has some data.")
    size_mb = len(data) / 2**20  # MB as Streamlit's upload limit counts them (MiB)
    if size_mb > max_mb:
        raise FileFormatError(
            f"{name} is {size_mb:,.1f} MB; the limit is {max_mb:,g} MB. "
            "Split the file or keep only the columns you need."
        )

    notes: list[str] = []
    attrs: dict[str, object] = {"encoding": None, "delimiter": None, "sheet": None}
    if ext in (".xlsx", ".xlsm"):
        df = _read_xlsx(data, name, sheet=sheet, max_rows=max_rows, notes=notes, attrs=attrs)
    elif ext == ".parquet":
        df = _read_parquet(data, name, max_rows=max_rows)
    else:
        text, used = _decode(data, name, encoding)
        attrs["encoding"] = used
        if used == "utf-8 (a few bytes in cp1252)":
            notes.append(
                "The file is UTF-8 except for a few bytes in cp1252 (Windows); both were "
                "decoded. Check the accents in the preview."
            )
        elif used not in ("utf-8", "ascii"):
            notes.append(f"Read as {used} text, not UTF-8 (accents decoded from {used}).")
        if ext in (".jsonl", ".ndjson", ".json"):
            df = _read_jsonl(text, name, max_rows=max_rows)
        elif ext == ".txt":
            df = _read_txt(text, name, mode=txt_mode, max_rows=max_rows, notes=notes)
        else:
            df = _read_csv(
                text,
                name,
                delimiter="\t" if ext == ".tsv" and delimiter is None else delimiter,
                max_rows=max_rows,
                notes=notes,
                attrs=attrs,
            )

    if df.shape[1] == 0:
        raise FileFormatError(f"{name} has no columns. Check that it is a table with a header.")
    if len(df) == 0:
        cols = ", ".join(map(str, df.columns[:10]))
        raise FileFormatError(
            f"{name} has a header ({cols}) but no data rows. Add rows below the header."
        )
    df.columns = _dedupe_names([_column_name(c, i) for i, c in enumerate(df.columns)], notes)
    _coerce_mixed(df, notes)
    df.attrs.update(attrs)
    df.attrs["notes"] = notes
    return df


def list_sheets(data: bytes, filename: str = "the workbook") -> list[str]:
    """Names of the sheets of an XLSX workbook, in workbook order.

    Raises:
        FileFormatError: the bytes are not a readable .xlsx workbook.
    """
    book = _open_workbook(data, filename)
    try:
        return list(book.sheetnames)
    finally:
        book.close()


def guess_text_column(df: pd.DataFrame) -> str:
    """The column most likely to hold the texts: the one of longest strings on average.

    Empty cells count as length 0, so a mostly empty column loses to a full one.
    Columns of numbers or dates are considered only when no column holds strings.

    Raises:
        InputError: the table has no columns.
    """
    if df.shape[1] == 0:
        raise InputError("The table has no columns, so there is no text column to pick.")
    best, best_len = None, -1.0
    sample = df.head(2_000)
    for col in sample.columns:
        values = sample[col]
        is_str = values.map(lambda v: isinstance(v, str))
        if not is_str.any():
            continue
        mean_len = float(values[is_str].str.len().sum()) / max(len(values), 1)
        if mean_len > best_len:
            best, best_len = col, mean_len
    return str(best if best is not None else df.columns[0])


@dataclass(frozen=True)
class PreparedTexts:
    """Texts taken from one column, ready to embed, and what was done to get them.

    Attributes:
        texts: the texts to embed, one per kept row (stripped, Unicode NFC, truncated).
        rows: ``(m,)`` int positions (``iloc``) in the original table of the kept rows.
        frame: the kept rows of the table, index reset to ``0..m-1`` (aligned with ``texts``).
        column: the text column's name.
        n_total: rows in the table.
        n_empty: rows left out because their text was missing or blank.
        n_duplicates: kept rows whose text repeats an earlier row's text (kept, counted).
        n_truncated: texts cut to ``max_chars`` characters.
        max_chars: the truncation length used.
        messages: the above as sentences for the user.
    """

    texts: list[str]
    rows: np.ndarray
    frame: pd.DataFrame
    column: str
    n_total: int
    n_empty: int
    n_duplicates: int
    n_truncated: int
    max_chars: int
    messages: list[str] = field(default_factory=list)


def prepare_texts(
    df: pd.DataFrame, column: str, *, max_chars: int = MAX_TEXT_CHARS
) -> PreparedTexts:
    """Take the texts of one column, ready to embed, counting what needs telling.

    Policy (stated to the user through ``messages``): missing or blank texts are left out
    (an empty text has no meaning to embed); duplicates are kept (every row keeps its place
    in the table, search and clusters) and counted; texts longer than ``max_chars`` are cut
    at the last space before the limit and counted. Non-string cells (numbers) become text.

    Args:
        df: the table from ``read_upload``.
        column: name of the text column.
        max_chars: longest text kept, in characters.

    Returns:
        A :class:`PreparedTexts`.

    Raises:
        InputError: the column does not exist, or has no text in any row.
    """
    if column not in df.columns:
        raise InputError(
            f"There is no column '{column}'. Columns: {', '.join(map(str, df.columns))}."
        )
    if max_chars < 1:
        raise InputError(f"max_chars must be at least 1; you gave {max_chars}.")
    values = df[column].tolist()
    texts: list[str] = []
    rows: list[int] = []
    n_truncated = 0
    for i, value in enumerate(values):
        text = _cell_text(value)
        if not text:
            continue
        if len(text) > max_chars:
            text = _truncate(text, max_chars)
            n_truncated += 1
        texts.append(text)
        rows.append(i)
    n_total, n_kept = len(values), len(texts)
    if n_kept == 0:
        raise InputError(
            f"Column '{column}' has no text in any of its {n_total:,} rows. "
            "Pick the column that holds the texts."
        )
    n_empty = n_total - n_kept
    n_duplicates = n_kept - len(set(texts))
    messages = [f"{n_kept:,} of {n_total:,} rows have a text in '{column}' and will be embedded."]
    if n_empty:
        messages.append(f"{_rows(n_empty)} with an empty text {_were(n_empty)} left out.")
    if n_duplicates:
        messages.append(
            f"{_rows(n_duplicates)} repeat an earlier text; they are kept (identical texts "
            "get identical vectors and sit on top of each other on the map)."
        )
    if n_truncated:
        messages.append(
            f"{_rows(n_truncated)} longer than {max_chars:,} characters {_were(n_truncated)} "
            f"cut to {max_chars:,} characters before embedding."
        )
    row_index = np.asarray(rows, dtype=np.int64)
    return PreparedTexts(
        texts=texts,
        rows=row_index,
        frame=df.iloc[row_index].reset_index(drop=True),
        column=column,
        n_total=n_total,
        n_empty=n_empty,
        n_duplicates=n_duplicates,
        n_truncated=n_truncated,
        max_chars=max_chars,
        messages=messages,
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


# --------------------------------------------------------------------------- readers


def _read_csv(
    text: str,
    name: str,
    *,
    delimiter: str | None,
    max_rows: int,
    notes: list[str],
    attrs: dict[str, object],
) -> pd.DataFrame:
    import pandas as pd

    if not text.strip():
        raise FileFormatError(f"{name} holds only blank space. Choose a file with data.")
    sep = delimiter or _sniff_delimiter(text)
    attrs["delimiter"] = sep
    if sep is None:
        # No delimiter splits the header: one column, whose texts may hold commas freely.
        sep = next(c for c in "\x1f\x1e\x1d\x1c" if c not in text)
        notes.append("The file has a single column: each line is one value.")
    elif delimiter is None and sep != ",":
        notes.append(f"Columns are separated by {_DELIMITER_NAMES.get(sep, repr(sep))}s.")
    raw_header = next(csv.reader(io.StringIO(text), delimiter=sep), [])
    try:
        with warnings.catch_warnings():
            # pandas would silently take an extra first field as the index, or drop it.
            warnings.simplefilter("error", pd.errors.ParserWarning)
            df = pd.read_csv(
                io.StringIO(text),
                index_col=False,
                sep=sep,
                engine="python" if len(sep) > 1 else "c",
                nrows=max_rows + 1,
                keep_default_na=False,
                na_values=_NA_VALUES,
                skip_blank_lines=True,
                on_bad_lines="error",
            )
    except pd.errors.EmptyDataError:
        raise FileFormatError(f"{name} has no columns or data. Check it is a CSV table.") from None
    except pd.errors.ParserWarning:
        raise FileFormatError(
            f"{name}: the first data row has more fields than the header. A text that "
            f"contains the delimiter ({_DELIMITER_NAMES.get(sep, repr(sep))}) must be "
            'in double quotes ("like, this"); save the file again as CSV from Excel.'
        ) from None
    except (pd.errors.ParserError, csv.Error, ValueError) as err:
        detail = str(err).strip().splitlines()[-1] if str(err).strip() else type(err).__name__
        raise FileFormatError(
            f"{name} is not a consistent table with {_DELIMITER_NAMES.get(sep, repr(sep))}-"
            f"separated columns ({detail}). Check the quoting, or save it again as CSV."
        ) from None
    _check_rows(len(df), max_rows, name)
    if len(raw_header) == df.shape[1]:
        # pandas silently renames duplicates to name.1; restore the raw names so that
        # _dedupe_names can report what it renamed.
        df.columns = [h.strip() or f"column {i + 1}" for i, h in enumerate(raw_header)]
    if sep == ";":
        _decimal_commas(df, notes)
    return df


def _sniff_delimiter(text: str) -> str | None:
    """The delimiter among , ; TAB | that splits the first lines most consistently.

    ``None`` when none of them splits the header: a single-column file.
    """
    sample = text[:_SNIFF_CHARS]
    if len(text) > _SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    best, best_score = None, (0.0, 0)
    for sep in DELIMITERS:
        try:
            counts = [len(r) for r in csv.reader(io.StringIO(sample), delimiter=sep) if r]
        except csv.Error:
            continue
        counts = counts[:200]
        if not counts or counts[0] < 2:
            continue
        hits = sum(c == counts[0] for c in counts)
        # The header must split like the rows do; more columns breaks ties.
        score = (hits / len(counts), counts[0])
        if score > best_score:
            best, best_score = sep, score
    return best


def _read_txt(
    text: str, name: str, *, mode: TxtMode, max_rows: int, notes: list[str]
) -> pd.DataFrame:
    import pandas as pd

    if mode not in ("auto", "lines", "paragraphs"):
        raise InputError(f"Unknown txt_mode '{mode}'. Must be one of: auto, lines, paragraphs.")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(lines, start=1):
        if line.strip():
            if not current:
                start = number
            current.append(line.strip())
        elif current:
            blocks.append((start, current))
            current = []
    if current:
        blocks.append((start, current))
    if not blocks:
        raise FileFormatError(f"{name} holds only blank lines. Choose a file with text.")
    if mode == "auto":
        mode = "paragraphs" if len(blocks) > 1 and any(len(b) > 1 for _, b in blocks) else "lines"
        notes.append(
            "Each blank-line-separated paragraph is one text."
            if mode == "paragraphs"
            else "Each non-blank line is one text."
        )
    if mode == "paragraphs":
        records = [(" ".join(block), first) for first, block in blocks]
    else:
        records = [
            (line.strip(), number) for number, line in enumerate(lines, start=1) if line.strip()
        ]
    _check_rows(len(records), max_rows, name)
    return pd.DataFrame.from_records(records, columns=["text", "line"])


def _read_jsonl(text: str, name: str, *, max_rows: int) -> pd.DataFrame:
    import pandas as pd

    stripped = text.lstrip()
    if stripped.startswith("["):  # a plain JSON array of records, accepted too
        try:
            records = json.loads(stripped, object_pairs_hook=_json_object)
        except json.JSONDecodeError as err:
            raise FileFormatError(
                f"{name} is not valid JSON: {err.msg} at line {err.lineno}, "
                f"column {err.colno}. Fix that line or save the data as JSON Lines."
            ) from None
        numbered = list(enumerate(records, start=1))
        where = "item"
    else:
        numbered = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                numbered.append((number, json.loads(line, object_pairs_hook=_json_object)))
            except json.JSONDecodeError as err:
                raise FileFormatError(
                    f"{name}: line {number} is not valid JSON ({err.msg} at column "
                    f"{err.colno}): {_preview(line)}. Each line must be one JSON object, "
                    'like {"text": "..."}.'
                ) from None
            if len(numbered) > max_rows:
                break
        where = "line"
    _check_rows(len(numbered), max_rows, name)
    if not numbered:
        raise FileFormatError(f"{name} holds no JSON records. Add one JSON object per line.")
    if all(isinstance(v, dict) for _, v in numbered):
        return pd.DataFrame.from_records([v for _, v in numbered])
    if all(isinstance(v, str | int | float) and not isinstance(v, bool) for _, v in numbered):
        return pd.DataFrame({"text": [v for _, v in numbered]})
    number, bad = next((n, v) for n, v in numbered if not isinstance(v, dict))
    raise FileFormatError(
        f"{name}: {where} {number} is a JSON {type(bad).__name__}, not an object. "
        'Each line must be one JSON object, like {"text": "..."}.'
    )


def _json_object(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """Keep every key of a JSON object, renaming a repeated key instead of dropping it."""
    out: dict[str, object] = {}
    for key, value in pairs:
        new, n = key, 0
        while new in out:
            n += 1
            new = f"{key}.{n}"
        out[new] = value
    return out


def _open_workbook(data: bytes, name: str):
    """Open an .xlsx with openpyxl (read-only), or raise a FileFormatError."""
    from openpyxl import load_workbook

    if not data:
        raise FileFormatError(f"{name} is empty (0 bytes). Choose a file that has some data.")
    if not data.startswith(b"PK"):
        _reject_binary(data, name)
        raise FileFormatError(
            f"{name} is not an Excel .xlsx workbook (it looks like text: if it is a CSV, "
            "rename it to .csv)."
        )
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many types for a broken zip/xml
        raise FileFormatError(
            f"{name} is a corrupt or unreadable .xlsx workbook ({type(err).__name__}). "
            "Open it in Excel, save it again as .xlsx and upload it again."
        ) from None


def _read_xlsx(
    data: bytes,
    name: str,
    *,
    sheet: str | int | None,
    max_rows: int,
    notes: list[str],
    attrs: dict[str, object],
) -> pd.DataFrame:
    import pandas as pd

    book = _open_workbook(data, name)
    try:
        sheets = list(book.sheetnames)
        if sheet is None:
            chosen = sheets[0]
        elif isinstance(sheet, int) and not isinstance(sheet, bool):
            if not 0 <= sheet < len(sheets):
                raise FileFormatError(
                    f"{name} has {len(sheets)} sheet(s); there is no sheet number {sheet}. "
                    f"Sheets: {', '.join(sheets)}."
                )
            chosen = sheets[sheet]
        elif sheet in sheets:
            chosen = sheet
        else:
            raise FileFormatError(
                f"{name} has no sheet '{sheet}'. Must be one of: {', '.join(sheets)}."
            )
        if len(sheets) > 1:
            notes.append(
                f"The workbook has {len(sheets)} sheets ({', '.join(sheets)}); read '{chosen}'."
            )
        attrs["sheet"] = chosen
        rows_iter = book[chosen].iter_rows(values_only=True)
        header = next(rows_iter, None)
        body = []
        for row in rows_iter:
            if any(v is not None and v != "" for v in row):
                body.append(row)
                if len(body) > max_rows:
                    break
    except FileFormatError:
        raise
    except Exception as err:
        raise FileFormatError(
            f"{name}: sheet could not be read ({type(err).__name__}). "
            "Open it in Excel, save it again as .xlsx and upload it again."
        ) from None
    finally:
        book.close()
    if header is None or all(v is None for v in header):
        raise FileFormatError(
            f"{name}: sheet '{chosen}' is empty. Choose another sheet"
            + (f" ({', '.join(s for s in sheets if s != chosen)})." if len(sheets) > 1 else ".")
        )
    _check_rows(len(body), max_rows, name)
    width = max([len(header)] + [len(r) for r in body])
    header = list(header) + [None] * (width - len(header))
    # Trailing columns with neither a header nor data are Excel formatting, not data.
    while (
        width > 1
        and header[width - 1] is None
        and all(len(r) < width or r[width - 1] is None for r in body)
    ):
        width -= 1
    body = [tuple(r[:width]) + (None,) * (width - len(r[:width])) for r in body]
    names = [_column_name(h, i) for i, h in enumerate(header[:width])]
    df = pd.DataFrame.from_records(body, columns=range(width))
    df.columns = names
    return df.infer_objects()


def _read_parquet(data: bytes, name: str, *, max_rows: int) -> pd.DataFrame:
    import pyarrow as pa
    import pyarrow.parquet as pq

    if not data.startswith(b"PAR1"):
        raise FileFormatError(
            f"{name} is not a Parquet file (it does not start with the Parquet marker). "
            "Check the file, or rename it to its real extension."
        )
    try:
        pfile = pq.ParquetFile(io.BytesIO(data))
        n = pfile.metadata.num_rows
        _check_rows(n, max_rows, name)
        table = pfile.read()
    except FileFormatError:
        raise
    except (pa.ArrowException, OSError, ValueError) as err:
        raise FileFormatError(
            f"{name} is a corrupt or unreadable Parquet file ({_preview(str(err))}). "
            "Write it again (e.g. pandas DataFrame.to_parquet) and upload it again."
        ) from None
    # Columns are de-duplicated by name here because pandas cannot hold them otherwise.
    names = [_column_name(c, i) for i, c in enumerate(table.column_names)]
    table = table.rename_columns([f"__c{i}" for i in range(len(names))])
    df = table.to_pandas(ignore_metadata=True)
    df.columns = names
    return df


# --------------------------------------------------------------------------- helpers


def _check_rows(n: int, max_rows: int, name: str) -> None:
    if n > max_rows:
        raise FileFormatError(
            f"{name} has more than {max_rows:,} rows; the limit is {max_rows:,}. "
            "Split the file, or keep a part of it (e.g. one period or one category)."
        )


def _column_name(value: object, position: int) -> str:
    """A usable column name for a header cell (missing headers get 'column N')."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return f"column {position + 1}"
    text = str(value).strip()
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    return text or f"column {position + 1}"


def _dedupe_names(names: Sequence[str], notes: list[str]) -> list[str]:
    """Rename repeated names to name.1, name.2 ... and note which were renamed."""
    seen = set(names)
    counts: Counter[str] = Counter()
    out: list[str] = []
    renamed: list[str] = []
    for name in names:
        if counts[name]:
            new, n = name, counts[name]
            while (new := f"{name}.{n}") in seen:
                n += 1
            counts[name] = n + 1
            seen.add(new)
            renamed.append(f"'{name}' → '{new}'")
            out.append(new)
        else:
            counts[name] = 1
            out.append(name)
    if renamed:
        notes.append(
            "Some column names were repeated; the repeats were renamed: " + ", ".join(renamed) + "."
        )
    return out


def _coerce_mixed(df: pd.DataFrame, notes: list[str]) -> None:
    """Turn columns mixing text and numbers (or holding lists/dicts) into text, in place."""
    import pandas as pd

    changed = []
    for col in df.columns:
        series = df[col]
        if series.dtype != object:
            continue
        values = series.dropna()
        kinds = {_kind(v) for v in values}
        if len(kinds) <= 1 and kinds <= {"str", "num", "bool", "time"}:
            continue
        df[col] = series.map(_to_text, na_action="ignore").astype(object)
        changed.append(str(col))
    if changed:
        notes.append(
            "These columns mixed text with numbers or other values and are read as text: "
            + ", ".join(changed)
            + "."
        )
    # Object columns holding only strings become pandas' string type: faster and Arrow-ready.
    for col in df.columns:
        if df[col].dtype == object and all(isinstance(v, str) for v in df[col].dropna()):
            df[col] = df[col].astype(pd.StringDtype(na_value=np.nan))


def _kind(value: object) -> str:
    import datetime as dt

    if isinstance(value, str):
        return "str"
    if isinstance(value, bool | np.bool_):
        return "bool"
    if isinstance(value, int | float | np.number):
        return "num"
    if isinstance(value, dt.date | dt.time | dt.datetime):
        return "time"
    return "other"


def _to_text(value: object) -> str:
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, np.ndarray):
        return json.dumps(value.tolist(), ensure_ascii=False, default=str)
    return str(value)


_DECIMAL_COMMA = re.compile(r"^\s*-?\d{1,3}(?:\.?\d{3})*(?:,\d+)?\s*$|^\s*-?\d+(?:,\d+)?\s*$")


def _decimal_commas(df: pd.DataFrame, notes: list[str]) -> None:
    """In a ;-separated file, read columns of values like '3,5' or '1.234,5' as numbers."""
    import pandas as pd

    converted = []
    for col in df.columns:
        if pd.api.types.is_numeric_dtype(df[col]):
            continue
        values = df[col].dropna()
        if values.empty or not all(isinstance(v, str) for v in values):
            continue
        if not any("," in v for v in values) or not all(_DECIMAL_COMMA.match(v) for v in values):
            continue
        df[col] = pd.to_numeric(
            df[col].str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
        )
        converted.append(str(col))
    if converted:
        notes.append(
            "Numbers with a decimal comma (like 3,5) were read as numbers in: "
            + ", ".join(converted)
            + "."
        )


def _cell_text(value: object) -> str:
    """A cell as stripped NFC text; '' for missing values."""
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    try:
        import pandas as pd

        if value is pd.NA or value is pd.NaT:
            return ""
    except ImportError:  # pragma: no cover
        pass
    text = value if isinstance(value, str) else _to_text(value)
    # NFC: macOS and some exports write accents as two code points (e + combining acute);
    # the same word must embed and count the same whichever way it was typed.
    return unicodedata.normalize("NFC", text).strip()


def _truncate(text: str, max_chars: int) -> str:
    """Cut at the last space before max_chars when that keeps most of the text."""
    cut = text[:max_chars]
    space = cut.rfind(" ")
    if space > max_chars * 0.8:
        cut = cut[:space]
    return cut.rstrip()


def _preview(text: str, n: int = 60) -> str:
    text = text.strip().replace("\n", " ")
    return repr(text if len(text) <= n else text[: n - 1] + "…")


def _rows(n: int) -> str:
    return f"{n:,} row" + ("" if n == 1 else "s")


def _were(n: int) -> str:
    return "was" if n == 1 else "were"


__all__ = [
    "DELIMITERS",
    "MAX_ROWS",
    "MAX_TEXT_CHARS",
    "MAX_UPLOAD_MB",
    "SUPPORTED_EXTENSIONS",
    "PreparedTexts",
    "guess_text_column",
    "list_sheets",
    "prepare_texts",
    "read_upload",
]
