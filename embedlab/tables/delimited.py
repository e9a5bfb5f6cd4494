"""CSV and TSV: delimiter sniffing and reading."""

from __future__ import annotations

import csv
import io
import warnings
from typing import TYPE_CHECKING

from embedlab.errors import FileFormatError
from embedlab.tables.columns import _decimal_commas
from embedlab.tables.decode import _SNIFF_CHARS
from embedlab.tables.limits import _NA_VALUES, _check_rows

if TYPE_CHECKING:
    import pandas as pd


DELIMITERS: tuple[str, ...] = (",", ";", "\t", "|")
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


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
