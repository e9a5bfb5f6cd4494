"""Exact nearest neighbours and distances in the original space (UMAP's small-data path, faithfulness)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

# Below this many points UMAP gets exact neighbours computed here (a matrix product):
# faster than UMAP's own small-data path and it skips ~20 s of numba compilation.
# Above it UMAP's approximate search (pynndescent) wins. UMAP itself switches at 4096.
EXACT_KNN_LIMIT = 4096


def _unit_rows(X: NDArray[np.float32]) -> NDArray[np.float32]:
    norms = np.linalg.norm(X, axis=1, keepdims=True)
    return (X / np.where(norms > 0, norms, 1)).astype(np.float32)


def _prepared(X: NDArray[np.float32], metric: str) -> NDArray[np.float32]:
    """Rows transformed so that euclidean order equals ``metric`` order (cosine, correlation)."""
    if metric == "cosine":
        return _unit_rows(X)
    if metric == "correlation":
        return _unit_rows(X - X.mean(axis=1, keepdims=True))
    return X


def _all_same(X: NDArray[np.float32], metric: str) -> bool:
    """True when every pairwise distance under ``metric`` is zero."""
    Z = _prepared(X, metric)
    return float(np.ptp(Z, axis=0).max()) <= 1e-7


class _Distances:
    """Rows of the ``(n, n)`` distance matrix of ``X`` under ``metric``, a block at a time.

    Float64 unless the data is large: float32 blurs the order of close neighbours.
    """

    def __init__(self, X: NDArray[np.float32], metric: str, *, precise: bool = True) -> None:
        self.metric = metric
        dtype = np.float64 if precise and X.size <= 20_000_000 else np.float32
        self.Z = _prepared(X, metric).astype(dtype)
        self.sq = (self.Z * self.Z).sum(1) if metric == "euclidean" else None

    def block_size(self, per_row: int = 1) -> int:
        """Rows per block so that a block stays near 256 MB."""
        budget = (1 << 28) // self.Z.dtype.itemsize
        return max(1, min(1024, budget // max(1, len(self.Z) * per_row)))

    def rows(self, q: NDArray[np.int64]) -> NDArray[np.floating]:
        """``(len(q), n)`` distances from rows ``q`` to every row."""
        A = self.Z[q]
        if self.metric in ("cosine", "correlation"):
            return np.clip(1.0 - A @ self.Z.T, 0.0, 2.0)
        if self.metric == "euclidean":
            sq = self.sq[q][:, None] + self.sq[None, :] - 2.0 * (A @ self.Z.T)
            return np.sqrt(np.maximum(sq, 0.0))
        from sklearn.metrics import pairwise_distances

        return pairwise_distances(A, self.Z, metric=self.metric)


def _knn(
    X: NDArray[np.float32],
    k: int,
    metric: str,
    queries: NDArray[np.int64] | None = None,
    *,
    precise: bool = True,
) -> tuple[NDArray[np.int64], NDArray[np.float32]]:
    """Exact ``k`` nearest neighbours of each query row (all rows by default), itself
    excluded, nearest first: ``(m, k)`` indices and distances. Ties go to the lower index.
    ``precise=False`` computes in float32 (half the time; close neighbours may swap)."""
    n = len(X)
    rows = np.arange(n) if queries is None else np.asarray(queries)
    m = len(rows)
    k = min(k, n - 1)
    if X.shape[1] <= 3 and metric == "euclidean" and n > 1024:
        from sklearn.neighbors import NearestNeighbors

        index = NearestNeighbors(n_neighbors=k + 1).fit(X)
        dist, idx = index.kneighbors(X[rows])
        keep = idx != rows[:, None]
        # drop self (or, if a duplicate pushed self out of the list, the farthest)
        keep[keep.all(axis=1), -1] = False
        return (
            idx[keep].reshape(m, k).astype(np.int64),
            dist[keep].reshape(m, k).astype(np.float32),
        )
    space = _Distances(X, metric, precise=precise)
    chunk = space.block_size()
    out_idx = np.empty((m, k), np.int64)
    out_dist = np.empty((m, k), np.float32)
    for start in range(0, m, chunk):
        q = rows[start : start + chunk]
        d = space.rows(q)
        d[np.arange(len(q)), q] = np.inf
        part = np.argpartition(d, k - 1, axis=1)[:, :k]
        vals = np.take_along_axis(d, part, axis=1)
        order = np.lexsort((part, vals))
        out_idx[start : start + chunk] = np.take_along_axis(part, order, axis=1)
        out_dist[start : start + chunk] = np.take_along_axis(vals, order, axis=1)
    return out_idx, out_dist
