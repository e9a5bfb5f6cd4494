"""Maps and clusters of tens of thousands of rows in bounded memory.

The general functions (``make_map``, ``cluster_kmeans``) copy the vectors a few times
(float64 for PCA, a normalised copy for k-means, all-points neighbour searches for the
faithfulness): fine for a few thousand rows, 6-12 × the vectors' size at 100,000 rows.
Here every step reads the vectors in blocks and keeps only small results, so a table of
``n × d`` vectors needs well under one more copy of them:

* :func:`pca_map`: exact PCA through the ``d × d`` covariance, accumulated block by block.
* :func:`umap_map`: UMAP fitted on a seeded sample, every other row placed by ``transform``.
* :func:`kmeans_labels`: k-means fitted on a seeded sample, every row joins its nearest centre.
* :func:`describe_clusters`: cluster names, keywords and typical texts, blockwise.
* :func:`sampled_faithfulness`: the map's faithfulness measured on a seeded sample of rows.

The same recipe (fit on a sample, place every row) as ``Collection.project`` / ``cluster``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from embedlab.errors import TooFewPointsError

if TYPE_CHECKING:
    import pandas as pd

EXACT_LIMIT = 20_000
"""Up to this many rows the general functions are exact and cheap enough: use them."""
BLOCK = 8_192
"""Rows per block."""
FIT_SAMPLE = 20_000
"""Rows a sampled method is fitted on."""
KMEANS_SAMPLE = 10_000
"""Rows k-means is fitted on (then every row joins its nearest centre)."""
FAITHFULNESS_SAMPLE = 2_000
"""Rows the faithfulness of a big map is measured on."""


def _sample(n: int, size: int, seed: int) -> NDArray[np.intp]:
    if n <= size:
        return np.arange(n, dtype=np.intp)
    return np.sort(np.random.default_rng(seed).choice(n, size=size, replace=False))


def pca_map(
    X: NDArray[np.floating], *, n_components: int = 2, block: int = BLOCK
) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
    """Exact PCA coordinates of every row, without copying ``X``.

    The mean and the ``d × d`` covariance are accumulated in float64 over blocks of rows;
    the leading eigenvectors are the principal axes (signs fixed so that each axis's
    largest loading is positive, as scikit-learn's ``svd_flip`` does for ``V``).

    Args:
        X: ``(n, d)`` vectors, ``n >= 2``.
        n_components: axes to return.
        block: rows per block.

    Returns:
        ``(coords, ratio)``: ``(n, n_components)`` float32 coordinates and the share of
        the variance each axis explains.

    Raises:
        TooFewPointsError: fewer than 2 rows.

    Example:
        >>> X = np.array([[0, 0], [2, 0], [4, 0.5]], dtype=np.float32)
        >>> coords, ratio = pca_map(X, n_components=1)
        >>> bool(ratio[0] > 0.9), coords.shape
        (True, (3, 1))
    """
    n, d = X.shape
    if n < 2:
        raise TooFewPointsError(f"PCA needs at least 2 rows; there are {n}.")
    total = np.zeros(d, np.float64)
    gram = np.zeros((d, d), np.float64)
    for start in range(0, n, block):
        part = np.asarray(X[start : start + block], np.float32)
        total += part.sum(axis=0, dtype=np.float64)
        gram += (part.T @ part).astype(
            np.float64
        )  # float32 products over a block, summed in float64
    mean = total / n
    cov = gram / n - np.outer(mean, mean)
    values, vectors = np.linalg.eigh(cov)
    order = np.argsort(values)[::-1][:n_components]
    axes = vectors[:, order]
    flip = np.sign(axes[np.abs(axes).argmax(axis=0), np.arange(axes.shape[1])])
    axes *= np.where(flip == 0, 1, flip)
    variance = max(float(np.clip(values, 0, None).sum()), 1e-30)
    ratio = (np.clip(values[order], 0, None) / variance).astype(np.float32)
    coords = np.empty((n, axes.shape[1]), np.float32)
    shift = mean @ axes
    axes32 = axes.astype(np.float32)
    for start in range(0, n, block):
        coords[start : start + block] = X[start : start + block] @ axes32 - shift
    return coords, ratio


def umap_map(
    X: NDArray[np.floating], *, sample: int = FIT_SAMPLE, seed: int = 0, block: int = BLOCK
) -> NDArray[np.float32]:
    """UMAP coordinates of every row: fitted on a seeded sample, the rest placed by
    ``transform`` block by block (rows of the sample keep their fitted places).

    Returns:
        ``(n, 2)`` float32.
    """
    import warnings

    from embedlab.projection import project

    n = len(X)
    fit = _sample(n, sample, seed)
    if len(fit) == n:
        return project(X, method="umap", random_state=seed)
    import umap

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = umap.UMAP(
            n_neighbors=15, min_dist=0.1, metric="cosine", random_state=seed, n_components=2
        )
        fitted = model.fit_transform(np.asarray(X[fit], np.float32))
        coords = np.empty((n, 2), np.float32)
        coords[fit] = fitted
        rest = np.setdiff1d(np.arange(n), fit)
        for start in range(0, len(rest), block):
            rows = rest[start : start + block]
            coords[rows] = model.transform(np.asarray(X[rows], np.float32))
    return coords


def kmeans_labels(
    X: NDArray[np.floating],
    *,
    k: int,
    sample: int = KMEANS_SAMPLE,
    seed: int = 0,
    block: int = BLOCK,
) -> NDArray[np.intp]:
    """k-means (cosine) fitted on a seeded sample; every row joins its nearest centre.

    Labels are numbered by decreasing cluster size (0 the largest), as ``cluster_kmeans``.

    Raises:
        TooFewPointsError: ``k < 2`` or more clusters than rows.
    """
    from embedlab.clustering import _by_size, cluster_kmeans

    n = len(X)
    if not 2 <= k <= n:
        raise TooFewPointsError(
            f"k-means needs 2 <= k <= number of rows; you asked for k={k} with {n:,} rows."
        )
    part = np.asarray(X[_sample(n, sample, seed)])
    fit_labels = cluster_kmeans(part, k=k, random_state=seed)
    centres = _unit(np.stack([_unit(part[fit_labels == c]).mean(axis=0) for c in range(k)]))
    del part
    labels = np.empty(n, np.intp)
    for start in range(0, n, block):
        labels[start : start + block] = np.argmax(X[start : start + block] @ centres.T, axis=1)
    return _by_size(labels)


def describe_clusters(
    X: NDArray[np.floating],
    texts: Sequence[str],
    labels: NDArray[np.integer],
    *,
    top_n: int = 5,
    n_examples: int = 3,
    block: int = BLOCK,
) -> pd.DataFrame:
    """``embedlab.clustering.describe_clusters`` reading the vectors block by block.

    Same columns and order: ``cluster``, ``name``, ``size``, ``share``, ``keywords``,
    ``examples`` (the texts closest to the cluster's mean direction).
    """
    import pandas as pd

    from embedlab.clustering import CLUSTER_COLUMNS, NOISE, cluster_keywords, cluster_row

    labels = np.asarray(labels)
    keywords = cluster_keywords(texts, labels, top_n=top_n)
    classes = sorted(keywords, key=lambda c: (c == NOISE, c))
    slot = {c: i for i, c in enumerate(classes)}
    codes = np.asarray([slot[int(c)] for c in labels], np.intp)
    sums = np.zeros((len(classes), X.shape[1]), np.float64)
    for start in range(0, len(X), block):
        part, part_codes = _unit(X[start : start + block]), codes[start : start + block]
        for i in np.unique(part_codes):
            sums[i] += part[part_codes == i].sum(axis=0)
    centres = _unit(sums).astype(np.float32)
    closeness = np.empty(len(X), np.float32)
    for start in range(0, len(X), block):
        part = _unit(X[start : start + block])
        closeness[start : start + block] = np.einsum(
            "ij,ij->i", part, centres[codes[start : start + block]]
        )
    rows = [
        cluster_row(label, members, closeness[members], keywords[label], texts,
                    total=len(labels), n_examples=n_examples)
        for i, label in enumerate(classes)
        for members in (np.flatnonzero(codes == i),)
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=CLUSTER_COLUMNS)


def _unit(V: NDArray[np.floating]) -> NDArray[np.floating]:
    V = np.asarray(V, np.float32 if V.dtype != np.float64 else np.float64)
    return V / np.maximum(np.linalg.norm(V, axis=1, keepdims=True), 1e-12)


def sampled_faithfulness(
    X: NDArray[np.floating],
    coords: NDArray[np.floating],
    *,
    k: int = 10,
    sample: int = FAITHFULNESS_SAMPLE,
    seed: int = 0,
):
    """The map's faithfulness (``embedlab.projection.faithfulness``) on a seeded sample
    of rows: each sampled row's neighbours sought among the sampled rows, in both spaces.

    Returns:
        A ``Faithfulness`` with ``estimated=True`` when a sample was used.
    """
    from dataclasses import replace

    from embedlab.projection import faithfulness

    rows = _sample(len(X), sample, seed)
    found = faithfulness(np.asarray(X[rows]), np.asarray(coords[rows]), k=k)
    return replace(found, estimated=found.estimated or len(rows) < len(X))


__all__ = [
    "EXACT_LIMIT",
    "FAITHFULNESS_SAMPLE",
    "FIT_SAMPLE",
    "kmeans_labels",
    "pca_map",
    "sampled_faithfulness",
    "umap_map",
]
