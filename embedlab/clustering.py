"""Group texts by their embeddings and name each group by its keywords.

The keywords themselves (c-TF-IDF, stop words) live in :mod:`embedlab.keywords`;
``cluster_keywords`` and ``stop_words`` are importable from here too.

Vectors are L2-normalised before clustering, so the Euclidean geometry the algorithms
use ranks pairs exactly as cosine similarity does. Cluster labels are renumbered by
size: 0 is the largest cluster; HDBSCAN's noise keeps the label -1.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np
from numpy.typing import NDArray

from embedlab.errors import InputError, TooFewPointsError
from embedlab.keywords import cluster_keywords, stop_words
from embedlab.neighbours import normalize

if TYPE_CHECKING:
    import pandas as pd


NOISE = -1
"""HDBSCAN's label for points that belong to no cluster."""


def cluster_kmeans(X: NDArray[np.floating], *, k: int, random_state: int = 0) -> NDArray[np.intp]:
    """k-means on the normalised vectors (cosine geometry).

    Args:
        X: ``(n, d)`` vectors.
        k: number of clusters, ``2 <= k <= n``.
        random_state: seed; the same data and seed give the same labels.

    Returns:
        ``(n,)`` labels ``0..k-1``, 0 the largest cluster.

    Raises:
        TooFewPointsError: ``k < 2`` or ``k > n``.
    """
    Xn = _checked(X, what="k-means")
    n = len(Xn)
    if not 2 <= k <= n:
        raise TooFewPointsError(
            f"k-means needs 2 <= k <= number of rows; you asked for k={k} with {n:,} rows. "
            + ("Choose a smaller k." if k > n else "Choose k of at least 2.")
        )
    return _by_size(_fit_kmeans(Xn, k, random_state=random_state, n_init=3).labels_)


@dataclass(frozen=True)
class KSuggestion:
    """The k with the best silhouette, and the silhouette of every k tried.

    Attributes:
        k: the suggested number of clusters.
        scores: silhouette (cosine, in ``[-1, 1]``, higher = better separated) per k.
        sample_size: rows the scores were computed on (a random sample for large inputs).
    """

    k: int
    scores: dict[int, float]
    sample_size: int


def suggest_k(
    X: NDArray[np.floating],
    *,
    k_range: Iterable[int] = range(2, 11),
    sample_size: int = 4_000,
    random_state: int = 0,
) -> KSuggestion:
    """Suggest a number of clusters for k-means by the silhouette score.

    For more than ``sample_size`` rows, k-means and the silhouette run on a seeded random
    sample (the silhouette costs ``n²``); the suggestion is then used on every row.

    Args:
        X: ``(n, d)`` vectors, ``n >= 3``.
        k_range: the values of k to try; those outside ``2..n-1`` are skipped.
        sample_size: most rows scored.
        random_state: seed for the sample and k-means.

    Returns:
        A :class:`KSuggestion`.

    Raises:
        TooFewPointsError: no k in ``k_range`` can be scored on ``n`` rows.
    """
    from sklearn.metrics import silhouette_score

    Xn = _checked(X, what="Suggesting k")
    rng = np.random.default_rng(random_state)
    if len(Xn) > sample_size:
        Xn = Xn[np.sort(rng.choice(len(Xn), size=sample_size, replace=False))]
    ks = [k for k in k_range if 2 <= k < len(Xn)]
    if not ks:
        raise TooFewPointsError(
            f"The silhouette needs 2 <= k < number of rows; with {len(Xn):,} rows no k in "
            f"{list(k_range)} fits. Add rows or pick k yourself."
        )
    distances = np.clip(1.0 - Xn @ Xn.T, 0.0, 2.0)  # cosine, computed once for every k
    np.fill_diagonal(distances, 0.0)
    scores: dict[int, float] = {}
    for k in ks:
        labels = _fit_kmeans(Xn, k, random_state=random_state, n_init=2).labels_
        if len(set(labels.tolist())) < 2:  # all points identical: nothing to separate
            scores[k] = -1.0
            continue
        scores[k] = float(silhouette_score(distances, labels, metric="precomputed"))
    best = max(scores, key=lambda k: (scores[k], -k))
    return KSuggestion(k=best, scores=scores, sample_size=len(Xn))


Reduction = Literal["pca", "umap", "none"]


def default_min_cluster_size(n: int) -> int:
    """HDBSCAN's smallest cluster for ``n`` rows: ``max(5, √n / 4)`` (13 for 2,500 rows,
    25 for 10,000, 79 for 100,000)."""
    return max(5, round(np.sqrt(n) / 4))


def cluster_hdbscan(
    X: NDArray[np.floating],
    *,
    min_cluster_size: int | None = None,
    min_samples: int | None = None,
    reduce: Reduction = "pca",
    n_components: int = 5,
    random_state: int = 0,
) -> NDArray[np.intp]:
    """HDBSCAN: clusters of any number and shape, and noise (label -1).

    Density cannot be estimated in 512 dimensions (every point is about as far from every
    other), so the normalised vectors are first reduced to ``n_components`` dimensions, as
    topic-modelling tools do (BERTopic: UMAP to 5). PCA is the fast default; UMAP finds more
    and finer clusters but costs a minute on a first call. On 2,506 Portuguese fortunes
    (USE multilingual) HDBSCAN on 50 PCA dimensions called every row noise; on 5 it finds
    clusters.

    Args:
        X: ``(n, d)`` vectors.
        min_cluster_size: smallest group called a cluster; default
            :func:`default_min_cluster_size`.
        min_samples: how conservative the clustering is (more noise when higher); default
            ``max(2, min_cluster_size // 5)``.
        reduce: ``"pca"``, ``"umap"`` or ``"none"`` (cluster the vectors themselves).
        n_components: dimensions after reduction.
        random_state: seed for the reduction.

    Returns:
        ``(n,)`` labels: ``0..m-1`` by decreasing size, ``-1`` for noise (see
        :func:`noise_note` for what to tell a person when most rows are noise).

    Raises:
        TooFewPointsError: fewer rows than ``min_cluster_size`` (or than 2).
        InputError: a bad ``min_cluster_size``, ``n_components`` or ``reduce``.
    """
    from sklearn.cluster import HDBSCAN

    Xn = _checked(X, what="HDBSCAN")
    n = len(Xn)
    if min_cluster_size is None:
        min_cluster_size = default_min_cluster_size(n)
    if min_cluster_size < 2:
        raise InputError(f"min_cluster_size must be at least 2; got {min_cluster_size}.")
    if n < min_cluster_size:
        raise TooFewPointsError(
            f"HDBSCAN with min_cluster_size={min_cluster_size} needs at least that many rows; "
            f"there are {n:,}. Lower min_cluster_size or use k-means."
        )
    if reduce not in ("pca", "umap", "none"):
        raise InputError(f"Unknown reduction: {reduce!r}. Must be one of: ['pca', 'umap', 'none'].")
    if n_components < 1:
        raise InputError(f"n_components must be at least 1; got {n_components}.")
    if min_samples is None:
        min_samples = max(2, min_cluster_size // 5)
    dims = min(n_components, Xn.shape[1], n - 2)
    if reduce != "none" and 1 <= dims < Xn.shape[1]:
        Xn = _reduce(Xn, reduce, dims, random_state=random_state)
    model = HDBSCAN(min_cluster_size=min_cluster_size, min_samples=min_samples, copy=True)
    return _by_size(model.fit_predict(np.asarray(Xn, dtype=np.float64)))


def _reduce(
    Xn: NDArray[np.float32], how: Reduction, dims: int, *, random_state: int
) -> NDArray[np.float32]:
    """``Xn`` in ``dims`` dimensions by PCA, or UMAP (cosine, min_dist 0: dense clumps)."""
    if how == "umap" and len(Xn) > 16:
        import umap

        reducer = umap.UMAP(
            n_components=dims,
            n_neighbors=15,
            min_dist=0.0,
            metric="cosine",
            random_state=random_state,
        )
        return reducer.fit_transform(Xn).astype(np.float32)
    from sklearn.decomposition import PCA

    return PCA(n_components=dims, random_state=random_state).fit_transform(Xn).astype(np.float32)


def noise_note(labels: Sequence[int] | NDArray[np.integer]) -> str | None:
    """What to tell a person when HDBSCAN left most rows as noise (None when it did not).

    Example:
        >>> noise_note([-1, -1, -1])
        'HDBSCAN found no cluster: all 3 rows are noise. ...'
    """
    labels = np.asarray(labels)
    if len(labels) == 0:
        return None
    noise = int((labels == NOISE).sum())
    share = noise / len(labels)
    fix = (
        "Rows are noise when no group of at least min_cluster_size rows is denser than its "
        "surroundings: the texts may be too varied, or the groups smaller. Lower "
        "min_cluster_size, try the UMAP reduction, or use k-means, which puts every row "
        "in a cluster."
    )
    if noise == len(labels):
        return f"HDBSCAN found no cluster: all {noise:,} rows are noise. {fix}"
    if share > 0.5:
        return f"HDBSCAN left {noise:,} of {len(labels):,} rows ({share:.0%}) as noise. {fix}"
    return None


def silhouette_meaning(score: float) -> str:
    """One sentence on what a silhouette score says about the clusters.

    Example:
        >>> silhouette_meaning(0.03)
        'Silhouette 0.03: the clusters overlap almost completely...'
    """
    if score >= 0.5:
        verdict = "the clusters are well separated: most rows are much closer to their own cluster than to the next one."
    elif score >= 0.25:
        verdict = "the clusters are real but touch: many rows sit near a border."
    elif score >= 0.1:
        verdict = (
            "the clusters overlap a lot: read them as themes in a continuum, not separate groups."
        )
    else:
        verdict = (
            "the clusters overlap almost completely: a row is about as close to the next cluster as to "
            "its own, so these groups are cuts through a continuum (common for short, varied texts), "
            "not natural groups."
        )
    return f"Silhouette {score:.2f}: {verdict} (The score runs from -1 to 1.)"


def describe_clusters(
    X: NDArray[np.floating],
    texts: Sequence[str],
    labels: Sequence[int] | NDArray[np.integer],
    *,
    top_n: int = 5,
    n_examples: int = 3,
) -> pd.DataFrame:
    """One row per cluster: its name (keywords), size, share and most typical texts.

    Args:
        X: ``(n, d)`` vectors the clusters were found on.
        texts: ``n`` texts.
        labels: ``(n,)`` cluster labels.
        top_n: keywords per cluster.
        n_examples: example texts per cluster: those closest to the cluster's mean direction.

    Returns:
        Columns ``cluster`` (int), ``name`` (``"3: preço · caro · entrega"``; noise is
        ``"noise"``), ``size``, ``share`` (0-1), ``keywords`` (list), ``examples`` (list);
        clusters in label order with noise last.
    """
    import pandas as pd

    labels = np.asarray(labels)
    Xn = normalize(X)
    keywords = cluster_keywords(texts, labels, top_n=top_n)
    rows = []
    for label in sorted(keywords, key=lambda c: (c == NOISE, c)):
        members = np.flatnonzero(labels == label)
        centre = normalize(Xn[members].mean(axis=0, keepdims=True))[0]
        rows.append(
            cluster_row(label, members, Xn[members] @ centre, keywords[label], texts,
                        total=len(labels), n_examples=n_examples)
        )  # fmt: skip
    return pd.DataFrame(rows, columns=CLUSTER_COLUMNS)


CLUSTER_COLUMNS = ["cluster", "name", "size", "share", "keywords", "examples"]


def cluster_row(
    label: int,
    members: NDArray[np.integer],
    closeness: NDArray[np.floating],
    words: list[str],
    texts: Sequence[str],
    *,
    total: int,
    n_examples: int,
) -> dict:
    """One row of a cluster table: its name from the first keywords, size, share of ``total``
    and the ``n_examples`` member texts closest to its centre (``closeness`` per member)."""
    typical = members[np.argsort(-np.asarray(closeness), kind="stable")[:n_examples]]
    if label == NOISE:
        name = "noise"
    else:
        name = f"{label}: " + (" · ".join(words[:3]) if words else "(no keywords)")
    return {
        "cluster": int(label),
        "name": name,
        "size": len(members),
        "share": len(members) / total,
        "keywords": words,
        "examples": [texts[i] for i in typical],
    }


def _fit_kmeans(Xn: NDArray[np.float32], k: int, *, random_state: int, n_init: int):
    """Best of ``n_init`` k-means runs, each seeded by k-means++ on a sample.

    scikit-learn's own k-means++ computes float32 distances by upcasting small chunks to
    float64, which made it 90% of the time on 10,000 × 512 vectors. Seeding on a float64
    sample of at most 2,000 rows, then running Lloyd on all rows in float32, is ~5× faster
    and as good (the sample only places the starting centres).
    """
    from sklearn.cluster import KMeans, kmeans_plusplus

    rng = np.random.default_rng(random_state)
    best = None
    for _ in range(n_init):
        seed = int(rng.integers(2**31 - 1))
        size = min(len(Xn), max(2_000, 20 * k))
        sample = Xn if size == len(Xn) else Xn[rng.choice(len(Xn), size=size, replace=False)]
        centres, _ = kmeans_plusplus(sample.astype(np.float64), k, random_state=seed)
        model = KMeans(n_clusters=k, init=centres.astype(np.float32), n_init=1, random_state=seed)
        model.fit(Xn)
        if best is None or model.inertia_ < best.inertia_:
            best = model
    return best


def _checked(X: NDArray[np.floating], *, what: str) -> NDArray[np.float32]:
    """Normalised float32 vectors, or a message saying why they cannot be clustered."""
    X = np.asarray(X)
    if X.ndim != 2:
        raise InputError(f"Expected a 2-D array of vectors (n, d); got shape {X.shape}.")
    if len(X) < 2:
        raise TooFewPointsError(
            f"{what} needs at least 2 rows to form groups; there {'is' if len(X) == 1 else 'are'}"
            f" {len(X)}. Add more rows."
        )
    bad = int((~np.isfinite(X)).any(axis=1).sum())
    if bad:
        raise InputError(
            f"{what}: {bad:,} of {len(X):,} vectors contain NaN or infinite values. Remove those "
            "rows, or embed them again."
        )
    return normalize(X)


def _by_size(labels: NDArray[np.integer]) -> NDArray[np.intp]:
    """Renumber labels 0, 1, ... by decreasing cluster size (ties by first appearance)."""
    labels = np.asarray(labels)
    kept = labels[labels != NOISE]
    if kept.size == 0:
        return labels.astype(np.intp)
    values, first, counts = np.unique(kept, return_index=True, return_counts=True)
    new_code = np.empty(len(values), dtype=np.intp)
    new_code[np.lexsort((first, -counts))] = np.arange(len(values))
    positions = np.searchsorted(values, np.where(labels == NOISE, values[0], labels))
    return np.where(labels == NOISE, NOISE, new_code[positions]).astype(np.intp)


__all__ = [
    "NOISE",
    "KSuggestion",
    "cluster_hdbscan",
    "cluster_keywords",
    "cluster_kmeans",
    "default_min_cluster_size",
    "describe_clusters",
    "noise_note",
    "silhouette_meaning",
    "stop_words",
    "suggest_k",
]
