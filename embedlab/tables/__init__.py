"""The old name of :mod:`embedlab.tables` (it shadowed the standard library's ``io``).

``from embedlab import io`` and ``import embedlab.io`` keep working: this module *is*
:mod:`embedlab.tables` (same object), so reading or setting ``embedlab.io.MAX_ROWS``
reads or sets ``embedlab.tables.MAX_ROWS``. New code imports :mod:`embedlab.tables`.
"""

from __future__ import annotations

from embedlab.tables.columns import (
    _DECIMAL_COMMA,
    _cell_text,
    _coerce_mixed,
    _column_name,
    _decimal_commas,
    _dedupe_names,
    _kind,
    _to_text,
)
from embedlab.tables.decode import (
    _CP1252_UNDEFINED,
    _LATIN1_FALLBACK,
    _MAGIC,
    _SNIFF_CHARS,
    _SURROGATES,
    _cp1252_bytes,
    _decode,
    _reject_binary,
    decode_text,
)
from embedlab.tables.delimited import (
    _DELIMITER_NAMES,
    DELIMITERS,
    _read_csv,
    _sniff_delimiter,
)
from embedlab.tables.excel import (
    _open_workbook,
    _read_xlsx,
    list_sheets,
)
from embedlab.tables.jsonl import (
    _json_object,
    _read_jsonl,
)
from embedlab.tables.limits import (
    _NA_VALUES,
    MAX_ROWS,
    MAX_TEXT_CHARS,
    MAX_UPLOAD_MB,
    SUPPORTED_EXTENSIONS,
    _check_rows,
    _preview,
    _rows,
    _truncate,
    _were,
)
from embedlab.tables.parquet import (
    _read_parquet,
)
from embedlab.tables.prepare import (
    PreparedTexts,
    guess_text_column,
    prepare_texts,
)
from embedlab.tables.txt import (
    TxtMode,
    _read_txt,
)
from embedlab.tables.upload import (
    read_upload,
)

__all__ = [
    "DELIMITERS",
    "MAX_ROWS",
    "MAX_TEXT_CHARS",
    "MAX_UPLOAD_MB",
    "PreparedTexts",
    "SUPPORTED_EXTENSIONS",
    "TxtMode",
    "decode_text",
    "guess_text_column",
    "list_sheets",
    "prepare_texts",
    "read_upload",
]
