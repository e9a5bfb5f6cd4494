"""Maps of many points as a density grid: every point counted, none sampled away.

A browser draws a few tens of thousands of plotly markers comfortably; a million would
mean a ~20 MB payload and seconds of software WebGL (``benchmarks/map_rendering.py``).
So a big map is aggregated here into a grid of counts (what datashader does, with
``numpy.bincount``: ~40 ms for 1,000,000 points) and drawn as an image; zooming into a
region re-aggregates that region, and once a region holds few enough rows the page draws
them as individual points with their texts.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from embedlab.errors import InputError

POINT_LIMIT = 20_000
"""A region with at most this many rows is drawn point by point; above it, as a density.
``EMBEDLAB_MAP_POINT_LIMIT`` overrides it (e.g. for a demo or a browser test)."""


def point_limit() -> int:
    """:data:`POINT_LIMIT`, or ``EMBEDLAB_MAP_POINT_LIMIT`` when set to a whole number."""
    value = os.environ.get("EMBEDLAB_MAP_POINT_LIMIT", "").strip()
    return int(value) if value.isdigit() else POINT_LIMIT


Box = tuple[float, float, float, float]
"""A region of the map: ``(x0, x1, y0, y1)``, ``x0 < x1`` and ``y0 < y1``."""


@dataclass(frozen=True)
class Density:
    """How many points fall in each cell of a grid over a region.

    Attributes:
        counts: ``(height, width)`` int64; row 0 is the bottom of the region (lowest y).
        box: the region ``(x0, x1, y0, y1)`` the grid covers.
        total: points inside the region (the sum of ``counts``).
    """

    counts: NDArray[np.int64]
    box: Box
    total: int

    @property
    def cell(self) -> tuple[float, float]:
        """Width and height of one cell, in map units."""
        h, w = self.counts.shape
        x0, x1, y0, y1 = self.box
        return (x1 - x0) / w, (y1 - y0) / h


def bounds(xy: NDArray[np.floating], *, margin: float = 0.02) -> Box:
    """The region holding every point, with a small margin on each side.

    Raises:
        InputError: no points, or coordinates that are not finite.
    """
    xy = np.asarray(xy)
    if not len(xy):
        raise InputError("There are no points to draw.")
    lo, hi = np.nanmin(xy[:, :2], axis=0), np.nanmax(xy[:, :2], axis=0)
    if not (np.isfinite(lo).all() and np.isfinite(hi).all()):
        raise InputError("The map coordinates are not finite numbers: compute the map again.")
    pad = np.maximum((hi - lo) * margin, 1e-6)
    return (
        float(lo[0] - pad[0]),
        float(hi[0] + pad[0]),
        float(lo[1] - pad[1]),
        float(hi[1] + pad[1]),
    )


def check_box(box: Box) -> Box:
    """``box`` as floats, checked.

    Raises:
        InputError: a side of zero or negative length, or a bound that is not a number.
    """
    x0, x1, y0, y1 = (float(v) for v in box)
    if not all(np.isfinite([x0, x1, y0, y1])) or x1 <= x0 or y1 <= y0:
        raise InputError(
            f"A region needs x0 < x1 and y0 < y1; got x {x0:g}…{x1:g}, y {y0:g}…{y1:g}."
        )
    return x0, x1, y0, y1


def rows_in(xy: NDArray[np.floating], box: Box) -> NDArray[np.intp]:
    """Positions of the points inside ``box`` (edges included), in row order."""
    x0, x1, y0, y1 = check_box(box)
    x, y = xy[:, 0], xy[:, 1]
    return np.flatnonzero((x >= x0) & (x <= x1) & (y >= y0) & (y <= y1))


def count_in(xy: NDArray[np.floating], box: Box) -> int:
    """How many points lie inside ``box``."""
    x0, x1, y0, y1 = check_box(box)
    x, y = xy[:, 0], xy[:, 1]
    return int(np.count_nonzero((x >= x0) & (x <= x1) & (y >= y0) & (y <= y1)))


def density(
    xy: NDArray[np.floating],
    *,
    box: Box | None = None,
    width: int = 600,
    height: int = 400,
    chunk: int = 1_000_000,
) -> Density:
    """Count the points in each cell of a ``height × width`` grid over ``box``.

    Works in chunks, so memory stays a few times ``chunk`` whatever the number of points.

    Args:
        xy: ``(n, 2)`` map coordinates.
        box: the region to grid (default: all points, see :func:`bounds`); points outside
            are left out of the grid.
        width, height: grid cells across and up.
        chunk: points binned per step.

    Returns:
        A :class:`Density`.

    Example:
        >>> d = density(np.array([[0.0, 0.0], [1.0, 1.0], [1.0, 1.0]]), width=2, height=2)
        >>> d.counts.tolist(), d.total
        ([[1, 0], [0, 2]], 3)
    """
    if width < 1 or height < 1:
        raise InputError(f"A density grid needs at least 1 × 1 cells; got {width} × {height}.")
    xy = np.asarray(xy)
    x0, x1, y0, y1 = bounds(xy) if box is None else check_box(box)
    counts = np.zeros(width * height, dtype=np.int64)
    for start in range(0, len(xy), chunk):
        part = xy[start : start + chunk]
        x, y = part[:, 0].astype(np.float64), part[:, 1].astype(np.float64)
        inside = (x >= x0) & (x <= x1) & (y >= y0) & (y <= y1)
        col = np.minimum(((x[inside] - x0) / (x1 - x0) * width).astype(np.intp), width - 1)
        row = np.minimum(((y[inside] - y0) / (y1 - y0) * height).astype(np.intp), height - 1)
        counts += np.bincount(row * width + col, minlength=width * height)
    grid = counts.reshape(height, width)
    return Density(counts=grid, box=(x0, x1, y0, y1), total=int(grid.sum()))


__all__ = [
    "POINT_LIMIT",
    "point_limit",
    "Box",
    "Density",
    "bounds",
    "check_box",
    "count_in",
    "density",
    "rows_in",
]
