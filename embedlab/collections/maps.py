"""Maps, clusters and outlier scores for collections of any size.

Small collections go through the same functions as the rest of embedlab
(``embedlab.project``, ``cluster_kmeans``, ``outlier_scores``). Big ones are fitted on a
seeded sample and every other row is placed by the fitted model, reading the vectors
batch by batch so memory stays bounded: every row gets a result, none is dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from embedlab.errors import InputError, TooFewPointsError

if TYPE_CHECKING:
    import pandas as pd

    from embedlab.collections.store import Collection

PCA_SAMPLE = 100_000
UMAP_SAMPLE = 20_000
KMEANS_SAMPLE = 50_000
OUTLIER_EXACT = 20_000
KEYWORD_SAMPLE = 50_000
READ_BATCH = 50_000


def vector_batches(
    c: Collection, size: int = READ_BATCH
) -> Iterator[tuple[NDArray[np.int64], NDArray[np.float32]]]:
    """``(positions, vectors)`` for every stored row, ``size`` rows at a time."""
    from embedlab.collections.store import _matrix

    stored = c.row_numbers()
    reader = c.table.search().select(["row", "vector"]).limit(None).to_batches(size)
    for batch in reader:
        rows = batch.column(batch.schema.get_field_index("row")).to_numpy()
        vectors = _matrix(batch.column(batch.schema.get_field_index("vector")), c.dim)
        yield np.searchsorted(stored, rows).astype(np.int64), vectors


def sample_positions(n: int, size: int, random_state: int) -> NDArray[np.int64]:
    """A seeded, sorted sample of ``size`` positions out of ``n`` (all when ``n <= size``)."""
    if n <= size:
        return np.arange(n, dtype=np.int64)
    rng = np.random.default_rng(random_state)
    return np.sort(rng.choice(n, size=size, replace=False)).astype(np.int64)


def place(
    c: Collection,
    method: str,
    *,
    sample: int | None,
    random_state: int,
    progress: Callable[[int, int], None] | None,
    params: dict[str, Any],
) -> NDArray[np.float32]:
    """``(n, 2)`` map coordinates of every row, in row order."""
    from embedlab.projection import project

    if method not in ("pca", "umap"):
        raise InputError(f"Unknown method: '{method}'. Must be one of: ['pca', 'umap'].")
    n = len(c)
    size = int(sample or (PCA_SAMPLE if method == "pca" else UMAP_SAMPLE))
    if size < 4:
        raise InputError(f"sample must be at least 4 rows; got {size}.")
    if n <= size:
        coords = project(c.vectors(), method=method, random_state=random_state, **params)
        if progress is not None:
            progress(n, n)
        return np.asarray(coords, np.float32)
    fit_rows = c.row_numbers()[sample_positions(n, size, random_state)]
    X = c.vectors(fit_rows)
    if method == "pca":
        from sklearn.decomposition import PCA

        if params:
            raise InputError("PCA on a sample takes no options; leave them out.")
        model = PCA(n_components=2, svd_solver="covariance_eigh", random_state=random_state)
        model.fit(X.astype(np.float64))

        def transform(V: NDArray[np.float32]) -> NDArray[np.float32]:
            return model.transform(V.astype(np.float64)).astype(np.float32)
    else:
        model = _umap_model(X, random_state, params)

        def transform(V: NDArray[np.float32]) -> NDArray[np.float32]:
            import warnings

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return np.asarray(model.transform(V), np.float32)

    coords = np.empty((n, 2), np.float32)
    done = 0
    for positions, V in vector_batches(c):
        coords[positions] = transform(V)
        done += len(positions)
        if progress is not None:
            progress(done, n)
    return coords


def _umap_model(X: NDArray[np.float32], random_state: int, params: dict[str, Any]) -> Any:
    import warnings

    import umap

    from embedlab.projection import resolve_params

    resolved = resolve_params("umap", len(X), params, n_components=2, dim=X.shape[1])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = umap.UMAP(
            n_components=2,
            n_neighbors=resolved["n_neighbors"],
            min_dist=resolved["min_dist"],
            spread=resolved["spread"],
            metric=resolved["metric"],
            n_epochs=resolved["n_epochs"],
            random_state=random_state,
            n_jobs=1,
        ).fit(X)
    return model


def kmeans_labels(
    c: Collection, *, k: int, sample: int | None, random_state: int
) -> NDArray[np.int64]:
    """``(n,)`` k-means labels (0 the largest cluster), in row order."""
    from embedlab.clustering import cluster_kmeans
    from embedlab.neighbours import normalize

    n = len(c)
    size = int(sample or KMEANS_SAMPLE)
    if not isinstance(k, int) or not 2 <= k <= n:
        raise TooFewPointsError(
            f"k-means needs 2 <= k <= number of rows; you asked for k={k} with {n:,} rows."
        )
    if n <= size:
        return np.asarray(cluster_kmeans(c.vectors(), k=k, random_state=random_state), np.int64)
    fit_rows = c.row_numbers()[sample_positions(n, size, random_state)]
    X = normalize(c.vectors(fit_rows))
    fit_labels = cluster_kmeans(X, k=k, random_state=random_state)
    centres = normalize(np.stack([X[fit_labels == j].mean(axis=0) for j in range(k)]))
    labels = np.empty(n, np.int64)
    for positions, V in vector_batches(c):
        labels[positions] = np.argmax(normalize(V) @ centres.T, axis=1)
    return labels


def keywords_table(
    c: Collection, labels: NDArray[np.int64], *, top_n: int, random_state: int
) -> pd.DataFrame:
    """One row per cluster: ``cluster, name, size, share, keywords`` (keywords from a sample of texts)."""
    import pandas as pd

    from embedlab.clustering import cluster_keywords

    n = len(labels)
    pick = sample_positions(n, KEYWORD_SAMPLE, random_state)
    texts = c.table.take_offsets(pick.tolist()).select(["text"]).to_arrow().column("text")
    texts = ["" if t is None else t for t in texts.to_pylist()]
    keywords = cluster_keywords(texts, labels[pick], top_n=top_n)
    counts = np.bincount(labels, minlength=int(labels.max()) + 1 if n else 0)
    rows = []
    for label, size in enumerate(counts):
        words = keywords.get(label, [])
        rows.append(
            {
                "cluster": label,
                "name": f"{label}: " + (" · ".join(words[:3]) if words else "(no keywords)"),
                "size": int(size),
                "share": float(size) / n if n else 0.0,
                "keywords": words,
            }
        )
    return pd.DataFrame(rows, columns=["cluster", "name", "size", "share", "keywords"])


def outlier_scores_for(c: Collection, *, k: int) -> NDArray[np.float32]:
    """``(n,)`` mean cosine distance of each row to its ``k`` nearest rows, in row order."""
    from embedlab.neighbours import normalize
    from embedlab.outliers import outlier_scores

    n = len(c)
    if not isinstance(k, int) or k < 1:
        raise InputError(f"k must be a whole number of at least 1; got {k!r}.")
    if n <= OUTLIER_EXACT:
        return outlier_scores(c.vectors(), k=k)
    ref_positions = sample_positions(n, OUTLIER_EXACT, 0)
    R = normalize(c.vectors(c.row_numbers()[ref_positions]))
    k = min(k, len(R) - 1)
    scores = np.empty(n, np.float32)
    for positions, V in vector_batches(c, 2_000):  # 2,000 × 20,000 similarities: 160 MB
        S = normalize(V) @ R.T
        # A row in the reference sample must not count itself as its own neighbour.
        at = np.searchsorted(ref_positions, positions)
        inside = (at < len(ref_positions)) & (
            ref_positions[np.minimum(at, len(ref_positions) - 1)] == positions
        )
        S[np.flatnonzero(inside), at[inside]] = -np.inf
        nearest = np.partition(S, S.shape[1] - k, axis=1)[:, S.shape[1] - k :]
        scores[positions] = 1.0 - np.clip(nearest, -1.0, 1.0).mean(axis=1)
    return scores


__all__ = ["kmeans_labels", "keywords_table", "outlier_scores_for", "place", "vector_batches"]
