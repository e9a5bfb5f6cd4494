"""A collection of embedded rows (a user's table): neighbours, rankings, a sample to draw.

The row numbers used here are positions ``0..n-1`` in the table of embedded rows
(``PreparedTexts.frame``); :func:`rows_table` shows them as a ``row`` column.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from embedlab.errors import InputError
from embedlab.neighbours import top_k

if TYPE_CHECKING:
    import pandas as pd

MAP_POINT_LIMIT = 20_000
"""Most points :func:`draw_sample` keeps. (The app's map no longer samples: it draws every
row, as a density image past ``embedlab.density.POINT_LIMIT`` rows in view.)"""


def similar_rows(
    X: NDArray[np.floating], row: int, *, k: int = 10, normalized: bool = False
) -> tuple[NDArray[np.intp], NDArray[np.float32]]:
    """The ``k`` rows most cosine-similar to ``row``, the row itself left out.

    Other rows with the very same text are kept (cosine 1.0): they are real neighbours.

    Args:
        X: ``(n, d)`` vectors.
        row: position of the row, ``0 <= row < n``.
        k: how many; capped at ``n - 1``.
        normalized: the rows of ``X`` already have unit length (faster; see ``top_k``).

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
    idx, scores = top_k(X[row], X, k=min(k + 1, n), normalized=normalized)
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
    row_ids: NDArray[np.integer] | None = None,
) -> pd.DataFrame:
    """Some rows of the table, in the given order, with their row number and a score.

    Args:
        frame: the table of embedded rows.
        rows: positions to show.
        scores: one score per shown row, or ``None``.
        score_name: the score column's name.
        first: a column to put right after ``row`` (and the score), e.g. the text column.
        row_ids: the number to show for each position (e.g. ``PreparedTexts.rows``, the
            row in the uploaded file); default the position itself.

    Returns:
        Columns ``row``, ``score_name`` (if scores), ``first`` (if given), then the rest.
    """
    rows = np.asarray(rows, dtype=np.intp)
    out = frame.iloc[rows].reset_index(drop=True)
    lead = [first] if first is not None and first in out.columns else []
    out = out[lead + [c for c in out.columns if c not in lead]]
    if scores is not None:
        out.insert(0, score_name, np.asarray(scores, dtype=np.float64))
    out.insert(0, "row", rows if row_ids is None else np.asarray(row_ids)[rows])
    return out


def position_of(row_ids: NDArray[np.integer], row: int) -> int:
    """The position of file row ``row`` among the embedded rows.

    Args:
        row_ids: sorted file row numbers of the embedded rows (``PreparedTexts.rows``).
        row: a file row number.

    Raises:
        InputError: the row does not exist or was left out (no text).
    """
    row_ids = np.asarray(row_ids)
    at = int(np.searchsorted(row_ids, row))
    if at < len(row_ids) and row_ids[at] == row:
        return at
    if len(row_ids) and row_ids[0] <= row <= row_ids[-1]:
        raise InputError(f"Row {row} has no text, so it was not embedded. Pick another row.")
    last = int(row_ids[-1]) if len(row_ids) else 0
    raise InputError(
        f"There is no row {row}: rows with a text go from {int(row_ids[0])} to {last}."
    )


def draw_sample(
    n: int,
    *,
    limit: int | None = None,
    keep: Sequence[int] | NDArray[np.integer] = (),
    seed: int = 0,
) -> NDArray[np.intp]:
    """Which rows a map draws: all of them up to ``limit``, else a seeded random sample.

    The rows in ``keep`` (search hits, outliers, the selected row) are always drawn.
    ``limit`` defaults to ``MAP_POINT_LIMIT``.

    Returns:
        Sorted row positions, at most ``max(limit, len(keep))`` of them.
    """
    limit = MAP_POINT_LIMIT if limit is None else limit
    if n <= limit:
        return np.arange(n, dtype=np.intp)
    keep = np.unique(np.asarray(keep, dtype=np.intp))
    rng = np.random.default_rng(seed)
    others = np.setdiff1d(rng.choice(n, size=limit, replace=False), keep)
    return np.sort(np.concatenate([keep, others[: max(0, limit - len(keep))]]))


def positions_in(
    drawn: NDArray[np.integer], rows: Sequence[int] | NDArray[np.integer]
) -> list[int]:
    """Where ``rows`` sit in the ``drawn`` sample (rows not drawn are skipped).

    Args:
        drawn: sorted row positions, from :func:`draw_sample`.
        rows: row positions to find.

    Returns:
        Positions in ``drawn`` (what a map builder's ``highlight`` takes).
    """
    drawn = np.asarray(drawn)
    rows = np.asarray(rows, dtype=np.intp)
    at = np.searchsorted(drawn, rows)
    found = (at < len(drawn)) & (drawn[np.minimum(at, len(drawn) - 1)] == rows)
    return at[found].tolist()


def rows_at(
    coords: NDArray[np.floating],
    drawn: NDArray[np.integer],
    points: Sequence[tuple[float, float]],
) -> NDArray[np.intp]:
    """The rows under points selected on a 2-D map (box, lasso or clicks).

    Selection events report each point's coordinates; every drawn row at those
    coordinates is returned (identical texts share a spot), in row order.

    Args:
        coords: ``(n, 2)`` map coordinates of all rows.
        drawn: the rows the map drew (:func:`draw_sample`).
        points: ``(x, y)`` of each selected point.

    Returns:
        Sorted, unique row positions.
    """
    drawn = np.asarray(drawn, dtype=np.intp)
    if not len(points) or not len(drawn):
        return np.empty(0, dtype=np.intp)
    from scipy.spatial import cKDTree

    xy = np.asarray(coords, dtype=np.float64)[drawn, :2]
    scale = float(np.ptp(xy, axis=0).max()) or 1.0
    hits = cKDTree(xy).query_ball_point(np.asarray(points, dtype=np.float64), r=1e-5 * scale)
    found = {int(drawn[i]) for group in hits for i in group}
    return np.asarray(sorted(found), dtype=np.intp)


def map_frame(
    coords: NDArray[np.floating],
    texts: Sequence[str],
    frame: pd.DataFrame,
    *,
    rows: NDArray[np.integer],
    columns: Sequence[str] = (),
    labels: NDArray[np.integer] | None = None,
    cluster_names: Mapping[int, str] | None = None,
    outlier: NDArray[np.floating] | None = None,
) -> pd.DataFrame:
    """The table a map draws for some rows (see ``embedlab.projection.coordinates_frame``).

    Args:
        coords: ``(n, 2)`` map coordinates of all rows.
        texts: the ``n`` texts.
        frame: the table of embedded rows (metadata).
        rows: the rows to draw (:func:`draw_sample`).
        columns: metadata columns to carry (for colour and hover).
        labels: ``(n,)`` cluster labels, shown as ``cluster`` (named by ``cluster_names``).
        cluster_names: ``{label: name}``, e.g. ``"0: preço · caro"``.
        outlier: ``(n,)`` outlier scores, shown as ``outlier score``.

    Returns:
        Columns ``x``, ``y``, ``text``, then ``columns``, ``cluster``, ``outlier score``.
    """
    from embedlab.projection import coordinates_frame

    rows = np.asarray(rows, dtype=np.intp)
    extra: dict[str, object] = {c: frame[c].to_numpy()[rows] for c in columns}
    if labels is not None:
        names = cluster_names or {}
        extra["cluster"] = [names.get(int(c), str(int(c))) for c in np.asarray(labels)[rows]]
    if outlier is not None:
        extra["outlier score"] = np.asarray(outlier)[rows]
    return coordinates_frame(
        np.asarray(coords)[rows],
        [texts[i] for i in rows],
        extra=extra,  # type: ignore[arg-type]
    )


__all__ = [
    "MAP_POINT_LIMIT",
    "map_frame",
    "draw_sample",
    "position_of",
    "positions_in",
    "rows_at",
    "rows_table",
    "similar_rows",
    "top_rows",
]
