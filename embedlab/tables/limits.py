"""Upload limits (bytes, rows, characters per text), the extensions accepted and small message helpers."""

from __future__ import annotations

from embedlab.errors import FileFormatError

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

_NA_VALUES = ["", "#N/A", "NA", "N/A", "NaN", "nan", "NULL", "null"]


# --------------------------------------------------------------------------- helpers


def _check_rows(n: int, max_rows: int, name: str) -> None:
    if n > max_rows:
        raise FileFormatError(
            f"{name} has more than {max_rows:,} rows; the limit is {max_rows:,}. "
            "Split the file, or keep a part of it (e.g. one period or one category)."
        )


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
