"""Similarity between vectors: matrices, ranked pairs, nearest neighbours.

:func:`normalize` and :func:`top_k` live in :mod:`embedlab.neighbours` and are importable
from here too.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from embedlab.errors import InputError
from embedlab.neighbours import normalize, top_k

Metric = Literal["cosine", "dot", "euclidean"]
METRICS: tuple[Metric, ...] = ("cosine", "dot", "euclidean")


def similarity_matrix(X: NDArray[np.floating], *, metric: Metric = "cosine") -> NDArray[np.float32]:
    """All pairwise scores between the rows of ``X``.

    Args:
        X: ``(n, d)`` vectors.
        metric: ``"cosine"`` and ``"dot"`` (higher = more alike) or ``"euclidean"``
            distance (lower = more alike).

    Returns:
        float32 ``(n, n)``.

    Raises:
        InputError: unknown metric.
    """
    X = np.asarray(X, dtype=np.float32)
    if metric == "cosine":
        Xn = normalize(X)
        return np.clip(Xn @ Xn.T, -1.0, 1.0)
    if metric == "dot":
        return X @ X.T
    if metric == "euclidean":
        sq = np.sum(X * X, axis=1)
        d2 = sq[:, None] + sq[None, :] - 2.0 * (X @ X.T)
        D = np.sqrt(np.maximum(d2, 0.0)).astype(np.float32)
        np.fill_diagonal(D, 0.0)
        return D
    raise InputError(f"Unknown metric: '{metric}'. Must be one of: {list(METRICS)}.")


def higher_is_closer(metric: Metric) -> bool:
    """True for similarity scores, False for distances."""
    return metric != "euclidean"


def pairs_table(
    labels: list[str], S: NDArray[np.floating], *, metric: Metric = "cosine"
) -> pd.DataFrame:
    """Every unordered pair of ``labels`` with its score, closest pairs first.

    Args:
        labels: ``n`` names of the rows of ``S``.
        S: ``(n, n)`` scores from :func:`similarity_matrix`.
        metric: the metric ``S`` was computed with (sets the sort order).

    Returns:
        Columns ``a``, ``b`` and the metric's name.
    """
    i, j = np.triu_indices(len(labels), k=1)
    table = pd.DataFrame(
        {"a": [labels[k] for k in i], "b": [labels[k] for k in j], metric: S[i, j].astype(float)}
    )
    return table.sort_values(metric, ascending=not higher_is_closer(metric), ignore_index=True)


def rank(
    query: NDArray[np.floating], items: NDArray[np.floating], labels: list[str]
) -> pd.DataFrame:
    """Items ranked by cosine similarity to one query (the recommendation example).

    Args:
        query: ``(d,)`` vector.
        items: ``(n, d)`` vectors.
        labels: the ``n`` item names.

    Returns:
        Columns ``rank``, ``item``, ``cosine``; best first.
    """
    idx, scores = top_k(query, items, k=len(labels))
    return pd.DataFrame(
        {
            "rank": np.arange(1, len(labels) + 1),
            "item": [labels[i] for i in idx[0]],
            "cosine": scores[0].astype(float),
        }
    )


__all__ = [
    "METRICS",
    "Metric",
    "higher_is_closer",
    "normalize",
    "pairs_table",
    "rank",
    "similarity_matrix",
    "top_k",
]
