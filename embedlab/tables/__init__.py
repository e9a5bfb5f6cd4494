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

from embedlab.tables.columns import (
    _DECIMAL_COMMA as _DECIMAL_COMMA,
)
from embedlab.tables.columns import (
    _cell_text as _cell_text,
)
from embedlab.tables.columns import (
    _coerce_mixed as _coerce_mixed,
)
from embedlab.tables.columns import (
    _column_name as _column_name,
)
from embedlab.tables.columns import (
    _decimal_commas as _decimal_commas,
)
from embedlab.tables.columns import (
    _dedupe_names as _dedupe_names,
)
from embedlab.tables.columns import (
    _kind as _kind,
)
from embedlab.tables.columns import (
    _to_text as _to_text,
)
from embedlab.tables.decode import (
    _CP1252_UNDEFINED as _CP1252_UNDEFINED,
)
from embedlab.tables.decode import (
    _LATIN1_FALLBACK as _LATIN1_FALLBACK,
)
from embedlab.tables.decode import (
    _MAGIC as _MAGIC,
)
from embedlab.tables.decode import (
    _SNIFF_CHARS as _SNIFF_CHARS,
)
from embedlab.tables.decode import (
    _SURROGATES as _SURROGATES,
)
from embedlab.tables.decode import (
    _cp1252_bytes as _cp1252_bytes,
)
from embedlab.tables.decode import (
    _decode as _decode,
)
from embedlab.tables.decode import (
    _reject_binary as _reject_binary,
)
from embedlab.tables.decode import (
    decode_text as decode_text,
)
from embedlab.tables.delimited import (
    _DELIMITER_NAMES as _DELIMITER_NAMES,
)
from embedlab.tables.delimited import (
    DELIMITERS as DELIMITERS,
)
from embedlab.tables.delimited import (
    _read_csv as _read_csv,
)
from embedlab.tables.delimited import (
    _sniff_delimiter as _sniff_delimiter,
)
from embedlab.tables.excel import (
    _open_workbook as _open_workbook,
)
from embedlab.tables.excel import (
    _read_xlsx as _read_xlsx,
)
from embedlab.tables.excel import (
    list_sheets as list_sheets,
)
from embedlab.tables.jsonl import (
    _json_object as _json_object,
)
from embedlab.tables.jsonl import (
    _read_jsonl as _read_jsonl,
)
from embedlab.tables.limits import (
    _NA_VALUES as _NA_VALUES,
)
from embedlab.tables.limits import (
    MAX_ROWS as MAX_ROWS,
)
from embedlab.tables.limits import (
    MAX_TEXT_CHARS as MAX_TEXT_CHARS,
)
from embedlab.tables.limits import (
    MAX_UPLOAD_MB as MAX_UPLOAD_MB,
)
from embedlab.tables.limits import (
    SUPPORTED_EXTENSIONS as SUPPORTED_EXTENSIONS,
)
from embedlab.tables.limits import (
    _check_rows as _check_rows,
)
from embedlab.tables.limits import (
    _preview as _preview,
)
from embedlab.tables.limits import (
    _rows as _rows,
)
from embedlab.tables.limits import (
    _truncate as _truncate,
)
from embedlab.tables.limits import (
    _were as _were,
)
from embedlab.tables.parquet import (
    _read_parquet as _read_parquet,
)
from embedlab.tables.prepare import (
    PreparedTexts as PreparedTexts,
)
from embedlab.tables.prepare import (
    guess_text_column as guess_text_column,
)
from embedlab.tables.prepare import (
    prepare_texts as prepare_texts,
)
from embedlab.tables.txt import (
    TxtMode as TxtMode,
)
from embedlab.tables.txt import (
    _read_txt as _read_txt,
)
from embedlab.tables.upload import (
    read_upload as read_upload,
)

__all__ = [
    "DELIMITERS",
    "MAX_ROWS",
    "MAX_TEXT_CHARS",
    "MAX_UPLOAD_MB",
    "PreparedTexts",
    "SUPPORTED_EXTENSIONS",
    "guess_text_column",
    "list_sheets",
    "prepare_texts",
    "read_upload",
]
