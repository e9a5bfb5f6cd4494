"""Column clean-up shared by every reader: names, duplicates, mixed types, decimal commas."""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pandas as pd


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
