"""Pick the text column and get its texts ready to embed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from embedlab.errors import InputError
from embedlab.tables.columns import _cell_text
from embedlab.tables.limits import MAX_TEXT_CHARS, _rows, _truncate, _were

if TYPE_CHECKING:
    import pandas as pd


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
