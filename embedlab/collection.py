"""A collection of embedded rows (a user's table): neighbours, rankings, a sample to draw.

The row numbers used here are positions ``0..n-1`` in the table of embedded rows
(``PreparedTexts.frame``); :func:`rows_table` shows them as a ``row`` column.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from embedlab.errors import InputError
from embedlab.similarity import top_k

if TYPE_CHECKING:
    import pandas as pd

MAP_POINT_LIMIT = 20_000
"""Most points a map draws; beyond it a seeded sample is drawn (and the page says so)."""


def similar_rows(
    X: NDArray[np.floating], row: int, *, k: int = 10
) -> tuple[NDArray[np.intp], NDArray[np.float32]]:
    """The ``k`` rows most cosine-similar to ``row``, the row itself left out.

    Other rows with the very same text are kept (cosine 1.0): they are real neighbours.

    Args:
        X: ``(n, d)`` vectors.
        row: position of the row, ``0 <= row < n``.
        k: how many; capped at ``n - 1``.

    Returns:
        ``(rows, scores)``, both ``(min(k, n-1),)``, best first.

    Raises:
        InputError: ``row`` out of range or ``k < 1``.
    """
    n = len(X)
    if not 0 <= row < n:
        raise InputError(f"There is no row {row}: rows go from 0 to {n - 1}.")
    if k < 1:
        raise InputError(f"k must be at least 1; got {k}.")
    idx, scores = top_k(X[row], X, k=min(k + 1, n))
    keep = idx[0] != row
    return idx[0][keep][:k], scores[0][keep][:k]


def top_rows(scores: NDArray[np.floating], *, n: int = 20) -> NDArray[np.intp]:
    """Positions of the ``n`` highest scores, highest first (ties: lower row first)."""
    scores = np.asarray(scores)
    n = max(0, min(n, len(scores)))
    return np.argsort(-scores, kind="stable")[:n]


def rows_table(
    frame: pd.DataFrame,
    rows: Sequence[int] | NDArray[np.integer],
    *,
    scores: Sequence[float] | NDArray[np.floating] | None = None,
    score_name: str = "cosine",
    first: str | None = None,
) -> pd.DataFrame:
    """Some rows of the table, in the given order, with their row number and a score.

    Args:
        frame: the table of embedded rows.
        rows: positions to show.
        scores: one score per shown row, or ``None``.
        score_name: the score column's name.
        first: a column to put right after ``row`` (and the score), e.g. the text column.

    Returns:
        Columns ``row``, ``score_name`` (if scores), ``first`` (if given), then the rest.
    """
    rows = np.asarray(rows, dtype=np.intp)
    out = frame.iloc[rows].reset_index(drop=True)
    lead = [first] if first is not None and first in out.columns else []
    out = out[lead + [c for c in out.columns if c not in lead]]
    if scores is not None:
        out.insert(0, score_name, np.asarray(scores, dtype=np.float64))
    out.insert(0, "row", rows)
    return out


def draw_sample(
    n: int,
    *,
    limit: int = MAP_POINT_LIMIT,
    keep: Sequence[int] | NDArray[np.integer] = (),
    seed: int = 0,
) -> NDArray[np.intp]:
    """Which rows a map draws: all of them up to ``limit``, else a seeded random sample.

    The rows in ``keep`` (search hits, outliers, the selected row) are always drawn.

    Returns:
        Sorted row positions, at most ``max(limit, len(keep))`` of them.
    """
    if n <= limit:
        return np.arange(n, dtype=np.intp)
    keep = np.unique(np.asarray(keep, dtype=np.intp))
    rng = np.random.default_rng(seed)
    others = np.setdiff1d(rng.choice(n, size=limit, replace=False), keep)
    return np.sort(np.concatenate([keep, others[: max(0, limit - len(keep))]]))


__all__ = ["MAP_POINT_LIMIT", "draw_sample", "rows_table", "similar_rows", "top_rows"]
