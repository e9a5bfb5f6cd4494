"""Outlier scores: how far each text sits from its nearest neighbours.

The anomaly-detection example of the teaching material: a text whose closest
neighbours are all far away is unusual in this collection.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from embedlab.errors import InputError, TooFewPointsError
from embedlab.neighbours import nearest_similarities, normalize


def outlier_scores(
    X: NDArray[np.floating], *, k: int = 10, block_rows: int | None = None
) -> NDArray[np.float32]:
    """Mean cosine distance of each row to its ``k`` nearest other rows.

    Higher = more unusual. Exact (no approximate index): similarities are computed in
    blocks of rows so that memory stays near 64 MB whatever ``n`` is (100,000 × 512
    fits; the time grows with ``n²``). Exact duplicates are each other's nearest
    neighbours at distance 0, so a text repeated many times never scores as unusual.

    Args:
        X: ``(n, d)`` vectors, ``n >= 2``.
        k: neighbours averaged; capped at ``n - 1``.
        block_rows: rows per block (default: as many as fit in 64 MB of similarities).

    Returns:
        float32 ``(n,)`` scores in ``[0, 2]``.

    Raises:
        TooFewPointsError: fewer than 2 rows.
        InputError: ``k < 1`` or ``X`` is not 2-D.
    """
    X = np.asarray(X)
    if X.ndim != 2:
        raise InputError(f"Expected a 2-D array of vectors (n, d); got shape {X.shape}.")
    n = len(X)
    if n < 2:
        raise TooFewPointsError(
            f"Outlier scores compare each row with its neighbours: they need at least 2 rows; "
            f"there {'is' if n == 1 else 'are'} {n}."
        )
    if k < 1:
        raise InputError(f"k must be at least 1; got {k}.")
    k = min(k, n - 1)
    nearest = nearest_similarities(normalize(X), k=k, block_rows=block_rows)
    return (1.0 - nearest.mean(axis=1)).astype(np.float32)


__all__ = ["outlier_scores"]
