"""The entry point: :func:`read_upload` picks the reader from the file's extension."""

from __future__ import annotations

from pathlib import PurePath
from typing import TYPE_CHECKING

from embedlab.errors import FileFormatError
from embedlab.tables.columns import _coerce_mixed, _column_name, _dedupe_names
from embedlab.tables.decode import _decode
from embedlab.tables.delimited import _read_csv
from embedlab.tables.excel import _read_xlsx
from embedlab.tables.jsonl import _read_jsonl
from embedlab.tables.limits import SUPPORTED_EXTENSIONS
from embedlab.tables.parquet import _read_parquet
from embedlab.tables.txt import TxtMode, _read_txt

if TYPE_CHECKING:
    import pandas as pd


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
    # The defaults are read from the package at call time, so a deployment (or a test)
    # that sets ``embedlab.tables.MAX_ROWS`` / ``MAX_UPLOAD_MB`` is obeyed.
    from embedlab import tables

    max_rows = tables.MAX_ROWS if max_rows is None else max_rows
    max_mb = tables.MAX_UPLOAD_MB if max_mb is None else max_mb
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
