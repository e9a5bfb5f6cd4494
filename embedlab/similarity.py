"""Similarity between vectors: matrices, ranked pairs, nearest neighbours."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from embedlab.errors import InputError

Metric = Literal["cosine", "dot", "euclidean"]
METRICS: tuple[Metric, ...] = ("cosine", "dot", "euclidean")


def normalize(X: NDArray[np.floating]) -> NDArray[np.float32]:
    """Rows scaled to unit length; zero rows stay zero (their cosine with anything is 0).

    Args:
        X: ``(n, d)`` vectors.

    Returns:
        float32 ``(n, d)``.
    """
    X = np.asarray(X, dtype=np.float32)
    norms = np.linalg.norm(X, axis=-1, keepdims=True)
    return np.divide(X, norms, out=np.zeros_like(X), where=norms > 0)


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


def top_k(
    queries: NDArray[np.floating],
    corpus: NDArray[np.floating],
    *,
    k: int = 10,
    normalized: bool = False,
) -> tuple[NDArray[np.intp], NDArray[np.float32]]:
    """The ``k`` corpus rows most cosine-similar to each query.

    Args:
        queries: ``(q, d)`` vectors (a single ``(d,)`` vector is taken as one query).
        corpus: ``(n, d)`` vectors.
        k: how many per query; capped at ``n``.
        normalized: the corpus rows already have unit length (see :func:`normalize`).
            Normalise a large corpus once and pass this for repeated searches: it skips a
            full pass over the corpus on every call.

    Returns:
        ``(indices, scores)``, both ``(q, min(k, n))``, best first.

    Raises:
        InputError: ``k < 1`` or the dimensions differ.
    """
    Q = np.atleast_2d(np.asarray(queries, dtype=np.float32))
    C = np.asarray(corpus, dtype=np.float32)
    if k < 1:
        raise InputError(f"k must be at least 1; got {k}.")
    if Q.shape[1] != C.shape[1]:
        raise InputError(
            f"Queries have {Q.shape[1]} dimensions but the corpus has {C.shape[1]}: "
            "embed both with the same model."
        )
    k = min(k, len(C))
    scores = normalize(Q) @ (C if normalized else normalize(C)).T
    if k < len(C):
        part = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    else:
        part = np.broadcast_to(np.arange(len(C)), (len(Q), len(C)))
    part_scores = np.take_along_axis(scores, part, axis=1)
    order = np.argsort(-part_scores, axis=1, kind="stable")
    idx = np.take_along_axis(part, order, axis=1)
    return idx, np.take_along_axis(part_scores, order, axis=1).astype(np.float32)


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
