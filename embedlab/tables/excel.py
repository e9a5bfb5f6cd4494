"""Excel workbooks (.xlsx, .xlsm): sheets and reading one."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from embedlab.errors import FileFormatError
from embedlab.tables.columns import _column_name
from embedlab.tables.decode import _reject_binary
from embedlab.tables.limits import _check_rows

if TYPE_CHECKING:
    import pandas as pd


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
