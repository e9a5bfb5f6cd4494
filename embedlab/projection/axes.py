"""Semantic axes: points placed on directions the user chooses (the Embedding Projector's custom projection)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from embedlab.errors import InputError
from embedlab.projection._checks import _check_vectors
from embedlab.projection.distances import _unit_rows

# --------------------------------------------------------------------------- semantic axes


def semantic_axes(
    X: NDArray[np.floating],
    a: NDArray[np.floating],
    b: NDArray[np.floating],
    c: NDArray[np.floating],
    d: NDArray[np.floating],
    *,
    names: Sequence[str] = ("A", "B", "C", "D"),
    normalize: bool = True,
) -> NDArray[np.float32]:
    """Place points on two directions chosen by the user (Word2viz, the Projector's
    "custom" projection): x runs from A to B, y from C to D.

    Each coordinate is the projection on the direction, scaled so that A sits at x = -1
    and B at x = +1 (likewise C and D on y); a point at x = 0 is as close to A as to B.

    Args:
        X: ``(n, dim)`` vectors to place.
        a, b: ``(dim,)`` vectors of the x direction's ends (e.g. "homem" → "mulher").
        c, d: ``(dim,)`` vectors of the y direction's ends (e.g. "pobre" → "rico").
        names: the four ends' names, used in error messages.
        normalize: scale every vector to length 1 first (compares directions, as cosine
            similarity does; usual for word vectors).

    Returns:
        ``(n, 2)`` float32 coordinates.

    Raises:
        InputError: an end vector has the wrong size, or the two ends of a direction
            are the same.
    """
    X = _check_vectors(X)
    ends = []
    for name, v in zip(names, (a, b, c, d), strict=True):
        v = np.asarray(v, dtype=np.float32).reshape(-1)
        if v.shape[0] != X.shape[1]:
            raise InputError(
                f"'{name}' has {v.shape[0]} numbers but the vectors have {X.shape[1]}."
            )
        ends.append(v)
    if normalize:
        X = _unit_rows(X)
        ends = [_unit_rows(v[None, :])[0] for v in ends]
    coords = np.empty((len(X), 2), np.float32)
    for axis, (lo, hi, lo_name, hi_name) in enumerate(
        [(ends[0], ends[1], names[0], names[1]), (ends[2], ends[3], names[2], names[3])]
    ):
        direction = hi - lo
        half = float(direction @ direction) / 2
        if half < 1e-12:
            raise InputError(
                f"'{lo_name}' and '{hi_name}' have the same vector, so they make no "
                "direction. Pick two different words or sentences."
            )
        coords[:, axis] = ((X - (lo + hi) / 2) @ direction) / half
    return coords


def direction_cosine(
    a: NDArray[np.floating],
    b: NDArray[np.floating],
    c: NDArray[np.floating],
    d: NDArray[np.floating],
    *,
    normalize: bool = True,
) -> float:
    """Cosine between the directions A→B and C→D (near ±1: the two axes say the same thing)."""
    ends = [np.asarray(v, dtype=np.float32).reshape(1, -1) for v in (a, b, c, d)]
    if normalize:
        ends = [_unit_rows(v) for v in ends]
    u, v = (ends[1] - ends[0])[0], (ends[3] - ends[2])[0]
    nu, nv = float(np.linalg.norm(u)), float(np.linalg.norm(v))
    return float(u @ v / (nu * nv)) if nu > 0 and nv > 0 else 0.0
