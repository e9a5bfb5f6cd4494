"""Nearest neighbours, exactly: one row normaliser and one k-NN engine for the package.

- :func:`normalize`: rows to unit length (float32; zero rows stay zero).
- :func:`top_k`: the corpus rows most cosine-similar to each query (search, "similar rows").
- :func:`knn`: each row's nearest other rows under a distance metric (UMAP's small-data
  path, a map's faithfulness).
- :func:`nearest_similarities`: each row's highest cosine similarities to the other rows
  (outlier scores).

Everything works in blocks so memory stays bounded whatever the number of queries: no
step holds more than about one more corpus-sized array (usually far less).

>>> import numpy as np
>>> corpus = np.array([[1, 0], [0, 2], [3, 3]], dtype=np.float32)
>>> idx, scores = top_k(np.array([0.0, 1.0]), corpus, k=2)
>>> idx.tolist(), [round(float(s), 3) for s in scores[0]]
([[1, 2]], [1.0, 0.707])
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from embedlab.errors import InputError

# One block of scores (queries × corpus rows) is kept near this size; argpartition's
# index array is twice it. 64 MB: small beside a 100,000 × 512 corpus (200 MB).
_BLOCK_BYTES = 64 * 1024 * 1024


def normalize(
    X: NDArray[np.floating], *, norms: NDArray[np.floating] | None = None
) -> NDArray[np.float32]:
    """Rows scaled to unit length; zero rows stay zero (their cosine with anything is 0).

    Args:
        X: ``(n, d)`` vectors (or one ``(d,)`` vector).
        norms: the rows' lengths when already known, ``(n, 1)`` (or a scalar for one
            vector), e.g. gensim's ``KeyedVectors.norms``; computed otherwise.

    Returns:
        float32, the shape of ``X``.
    """
    X = np.asarray(X, dtype=np.float32)
    if norms is None:
        norms = np.linalg.norm(X, axis=-1, keepdims=True)
    return np.divide(X, norms, out=np.zeros_like(X), where=np.asarray(norms) > 0)


def row_norms(X: NDArray[np.floating]) -> NDArray[np.float32]:
    """``(n,)`` lengths of the rows of ``X`` (no full-size temporary; float32).

    Pass them to :func:`top_k` as ``norms=`` when the same raw corpus is searched often.
    """
    X = np.asarray(X, dtype=np.float32)
    return np.sqrt(np.einsum("ij,ij->i", X, X))


def top_k(
    queries: NDArray[np.floating],
    corpus: NDArray[np.floating],
    *,
    k: int = 10,
    normalized: bool = False,
    norms: NDArray[np.floating] | None = None,
) -> tuple[NDArray[np.intp], NDArray[np.float32]]:
    """The ``k`` corpus rows most cosine-similar to each query.

    The corpus is never copied: raw dot products are divided by the rows' lengths
    (computed once per call unless given as ``norms``; skipped with ``normalized=True``),
    and queries are scored in blocks so that memory stays bounded however many there are.

    Args:
        queries: ``(q, d)`` vectors (a single ``(d,)`` vector is taken as one query).
        corpus: ``(n, d)`` vectors.
        k: how many per query; capped at ``n``.
        normalized: the corpus rows already have unit length (see :func:`normalize`).
            Normalise a large corpus once and pass this for repeated searches: it skips
            a pass over the corpus on every call.
        norms: ``(n,)`` lengths of the corpus rows (see :func:`row_norms`), to search the
            same raw corpus repeatedly without recomputing them.

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
    n = len(C)
    k = min(k, n)
    Qn = normalize(Q)
    if normalized:
        norms = None
    elif norms is None:
        norms = row_norms(C)
    else:
        norms = np.asarray(norms, dtype=np.float32).reshape(-1)
        if len(norms) != n:
            raise InputError(
                f"Got {len(norms):,} norms for a corpus of {n:,} rows; they must match."
            )
    idx = np.empty((len(Q), k), np.intp)
    out = np.empty((len(Q), k), np.float32)
    block = max(1, _BLOCK_BYTES // (4 * max(n, 1)))
    for start in range(0, len(Q), block):
        stop = min(start + block, len(Q))
        scores = Qn[start:stop] @ C.T  # (b, n)
        if norms is not None:
            # A zero row's dot products are 0 and stay 0: similar to nothing.
            np.divide(scores, norms, out=scores, where=norms > 0)
        idx[start:stop], out[start:stop] = _best(scores, k)
    return idx, out


def _best(scores: NDArray[np.float32], k: int) -> tuple[NDArray[np.intp], NDArray[np.float32]]:
    """The ``k`` highest of each row of ``scores``, best first (ties: stable). Reuses ``scores``."""
    n = scores.shape[1]
    np.negative(scores, out=scores)  # argpartition finds the smallest; no extra copy
    if k < n:
        part = np.argpartition(scores, k - 1, axis=1)[:, :k]
    else:
        part = np.broadcast_to(np.arange(n), scores.shape)
    part_scores = np.take_along_axis(scores, part, axis=1)
    order = np.argsort(part_scores, axis=1, kind="stable")
    best = np.take_along_axis(part, order, axis=1)
    return best, -np.take_along_axis(part_scores, order, axis=1)


def nearest_similarities(
    Xn: NDArray[np.float32], *, k: int, block_rows: int | None = None
) -> NDArray[np.float32]:
    """Each row's ``k`` highest cosine similarities to the *other* rows (in no order).

    Args:
        Xn: ``(n, d)`` unit rows (see :func:`normalize`), ``n >= 2``.
        k: how many per row; at most ``n - 1``.
        block_rows: rows per block (default: as many as fit in 64 MB of similarities).

    Returns:
        float32 ``(n, k)`` similarities clipped to ``[-1, 1]``.
    """
    n = len(Xn)
    if block_rows is None:
        block_rows = max(1, min(n, _BLOCK_BYTES // (4 * n)))
    out = np.empty((n, k), np.float32)
    for start in range(0, n, block_rows):
        stop = min(start + block_rows, n)
        S = Xn[start:stop] @ Xn.T  # (b, n)
        S[np.arange(stop - start), np.arange(start, stop)] = -np.inf  # leave each row out
        out[start:stop] = np.clip(np.partition(S, n - k, axis=1)[:, n - k :], -1.0, 1.0)
    return out


def metric_space(X: NDArray[np.float32], metric: str) -> NDArray[np.float32]:
    """Rows transformed so that euclidean order equals ``metric`` order (cosine, correlation)."""
    if metric == "cosine":
        return normalize(X)
    if metric == "correlation":
        return normalize(X - X.mean(axis=1, keepdims=True))
    return X


def all_same(X: NDArray[np.float32], metric: str) -> bool:
    """True when every pairwise distance under ``metric`` is zero."""
    Z = metric_space(X, metric)
    return float(np.ptp(Z, axis=0).max()) <= 1e-7


class Distances:
    """Rows of the ``(n, n)`` distance matrix of ``X`` under ``metric``, a block at a time.

    Float64 unless the data is large: float32 blurs the order of close neighbours.
    """

    def __init__(self, X: NDArray[np.float32], metric: str, *, precise: bool = True) -> None:
        self.metric = metric
        dtype = np.float64 if precise and X.size <= 20_000_000 else np.float32
        self.Z = metric_space(X, metric).astype(dtype, copy=False)
        self.sq = (self.Z * self.Z).sum(1) if metric == "euclidean" else None

    def block_size(self, per_row: int = 1) -> int:
        """Rows per block so that a block of distances, with the int64 positions
        ``argpartition`` makes beside it, stays near 64 MB."""
        budget = (1 << 26) // (self.Z.dtype.itemsize + 8)
        return max(1, min(1024, budget // max(1, len(self.Z) * per_row)))

    def rows(self, q: NDArray[np.int64]) -> NDArray[np.floating]:
        """``(len(q), n)`` distances from rows ``q`` to every row."""
        A = self.Z[q]
        if self.metric in ("cosine", "correlation"):
            d = A @ self.Z.T  # in place from here: one block-sized array
            np.subtract(1.0, d, out=d)
            return np.clip(d, 0.0, 2.0, out=d)
        if self.metric == "euclidean":
            sq = self.sq[q][:, None] + self.sq[None, :] - 2.0 * (A @ self.Z.T)
            return np.sqrt(np.maximum(sq, 0.0))
        from sklearn.metrics import pairwise_distances

        return pairwise_distances(A, self.Z, metric=self.metric)


def knn(
    X: NDArray[np.float32],
    *,
    k: int,
    metric: str = "euclidean",
    queries: NDArray[np.int64] | None = None,
    precise: bool = True,
) -> tuple[NDArray[np.int64], NDArray[np.float32]]:
    """Exact ``k`` nearest neighbours of each query row (all rows by default), itself excluded.

    Args:
        X: ``(n, d)`` vectors, ``n >= 2``.
        k: neighbours per row; capped at ``n - 1``.
        metric: ``"euclidean"``, ``"cosine"``, ``"correlation"`` or any metric
            scikit-learn's ``pairwise_distances`` knows.
        queries: ``(m,)`` row numbers to search for (default: every row).
        precise: compute in float64 (``False``: float32, half the time; close neighbours
            may swap).

    Returns:
        ``(m, k)`` indices and distances, nearest first; ties go to the lower index.
    """
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
    space = Distances(X, metric, precise=precise)
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


__all__ = [
    "Distances",
    "all_same",
    "knn",
    "metric_space",
    "nearest_similarities",
    "normalize",
    "row_norms",
    "top_k",
]
