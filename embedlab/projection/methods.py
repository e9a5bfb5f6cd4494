"""PCA, UMAP and t-SNE: :func:`project` an array to 2-D or 3-D, and PCA's components."""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from embedlab.errors import InputError, TooFewPointsError
from embedlab.projection._checks import (
    METHOD_NAMES,
    PARAMS,
    Method,
    _as_float,
    _as_int,
    _check_method,
    _check_metric,
    _check_vectors,
    check_points,
    param_default,
)
from embedlab.projection.distances import EXACT_KNN_LIMIT, _all_same, _knn

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class PCAVariance:
    """Variance explained by the leading principal components.

    Attributes:
        ratio: ``(m,)`` share of the total variance explained by each component, in [0, 1].
        cumulative: ``(m,)`` running total of ``ratio``.
        axes: the 0-based components shown on the map's axes, e.g. ``(0, 1)``.
    """

    ratio: NDArray[np.float32]
    cumulative: NDArray[np.float32]
    axes: tuple[int, ...] = (0, 1)

    @property
    def on_axes(self) -> float:
        """Share of the variance the map's axes show together."""
        return float(sum(self.ratio[i] for i in self.axes))

    def table(self) -> pd.DataFrame:
        """Columns ``component`` ("PC1"…), ``variance %``, ``cumulative %``, ``on axis``."""
        import pandas as pd

        return pd.DataFrame(
            {
                "component": [f"PC{i + 1}" for i in range(len(self.ratio))],
                "variance %": (100 * self.ratio).round(1),
                "cumulative %": (100 * self.cumulative).round(1),
                "on axis": [
                    "xyz"[self.axes.index(i)] if i in self.axes else ""
                    for i in range(len(self.ratio))
                ],
            }
        )


@dataclass(frozen=True)
class PCAComponents:
    """The data on its leading principal components.

    Attributes:
        coords: ``(n, m)`` float32 coordinates on components ``0..m-1``.
        variance: the explained variance of those components.
    """

    coords: NDArray[np.float32]
    variance: PCAVariance

    def axes(self, components: Sequence[int]) -> NDArray[np.float32]:
        """Coordinates on the chosen 0-based components: ``(n, len(components))``."""
        return np.ascontiguousarray(self.coords[:, list(components)])


# --------------------------------------------------------------------------- projection


def project(
    X: NDArray[np.floating],
    *,
    method: Method = "pca",
    n_components: int = 2,
    random_state: int = 0,
    **params: Any,
) -> NDArray[np.float32]:
    """Place ``n`` vectors on a 2-D or 3-D map.

    Same inputs and seed give the same coordinates. If all vectors are identical (or, for
    an angular metric, point the same way) every point is placed at the origin.

    Args:
        X: ``(n, d)`` vectors.
        method: ``"pca"``, ``"umap"`` or ``"tsne"``.
        n_components: 2 or 3.
        random_state: seed for UMAP, t-SNE and randomised PCA.
        **params: method options (see :data:`PARAMS`):
            PCA: ``components`` (0-based components for the axes, default ``(0, 1[, 2])``);
            UMAP: ``n_neighbors`` (2..n-1, default ``min(15, n-1)``), ``min_dist``
            (0..spread), ``metric`` (default ``"cosine"``), ``spread``, ``n_epochs``;
            t-SNE: ``perplexity`` (below ``n``; default ``min(30, (n-1)/3)``), ``metric``
            (default ``"cosine"``), ``learning_rate``, ``max_iter`` (>= 250),
            ``early_exaggeration``.

    Returns:
        ``(n, n_components)`` float32 coordinates.

    Raises:
        TooFewPointsError: fewer points than the method needs (:data:`MIN_POINTS`: PCA 2,
            UMAP 4, t-SNE 5; 3-D maps 4),
            or a t-SNE perplexity not below the number of points.
        InputError: unknown method, parameter or metric, or a parameter out of range.
    """
    X = _check_vectors(X)
    method = _check_method(method)
    resolved = resolve_params(method, len(X), params, n_components=n_components, dim=X.shape[1])
    return _project(X, method, n_components, random_state, resolved)


def resolve_params(
    method: str,
    n: int,
    params: Mapping[str, Any],
    *,
    n_components: int = 2,
    dim: int | None = None,
) -> dict[str, Any]:
    """Check a method's parameters for ``n`` points and fill in the defaults.

    Pages call this to learn the bounds (e.g. the largest perplexity) before computing.

    Args:
        method: ``"pca"``, ``"umap"`` or ``"tsne"``.
        n: number of points.
        params: the options given (unknown names are an error).
        n_components: 2 or 3.
        dim: dimension of the vectors, if known (PCA cannot make more axes than that).

    Returns:
        Every parameter of the method with its value.

    Raises:
        TooFewPointsError, InputError: as :func:`project`.
    """
    method = _check_method(method)
    if n_components not in (2, 3):
        raise InputError(f"n_components={n_components!r}: maps have 2 or 3 dimensions.")
    name = METHOD_NAMES[method]
    check_points(method, n, n_components)
    unknown = sorted(set(params) - set(PARAMS[method]))
    if unknown:
        raise InputError(
            f"Unknown parameter {', '.join(map(repr, unknown))} for {name}. "
            f"Must be one of: {', '.join(PARAMS[method])}."
        )
    out = {**PARAMS[method], **{k: v for k, v in params.items() if v is not None}}

    if method == "pca":
        comps = out["components"]
        comps = tuple(range(n_components)) if comps is None else tuple(comps)
        limit = min(n, dim) if dim is not None else n
        if dim is not None and dim < n_components:
            raise InputError(
                f"The vectors have {dim} dimension{'s' * (dim != 1)}; "
                f"a {n_components}-D PCA map needs at least {n_components}."
            )
        if (
            len(comps) != n_components
            or len(set(comps)) != len(comps)
            or not all(isinstance(c, int | np.integer) and 0 <= c < limit for c in comps)
        ):
            raise InputError(
                f"components={comps!r}: choose {n_components} different components "
                f"between 0 and {limit - 1} (PC1 is 0)."
            )
        out["components"] = tuple(int(c) for c in comps)
    elif method == "umap":
        given = "n_neighbors" in params and params["n_neighbors"] is not None
        nn = _as_int("n_neighbors", out["n_neighbors"], "UMAP")
        if nn < 2:
            raise InputError(
                f"n_neighbors={nn} is not allowed: UMAP needs at least 2 neighbours (15 is usual)."
            )
        if nn > n - 1:
            if given:
                raise TooFewPointsError(
                    f"n_neighbors={nn} is too large for {n} points: the most allowed is {n - 1}. "
                    "Lower n_neighbors or add points."
                )
            nn = param_default("umap", "n_neighbors", n)
        out["n_neighbors"] = nn
        out["spread"] = _as_float("spread", out["spread"], "UMAP", low=0.0, low_open=True)
        out["min_dist"] = _as_float(
            "min_dist", out["min_dist"], "UMAP", low=0.0, high=out["spread"]
        )
        out["metric"] = _check_metric(out["metric"])
        if out["n_epochs"] is not None:
            out["n_epochs"] = _as_int("n_epochs", out["n_epochs"], "UMAP")
            if out["n_epochs"] < 1:
                raise InputError(f"n_epochs={out['n_epochs']} must be at least 1 (try 200).")
    else:
        given = "perplexity" in params and params["perplexity"] is not None
        perplexity = _as_float("perplexity", out["perplexity"], "t-SNE", low=0.0, low_open=True)
        if not given:
            perplexity = param_default("tsne", "perplexity", n)
        if perplexity >= n:
            raise TooFewPointsError(
                f"t-SNE perplexity {perplexity:g} is too large for {n} points: it must be "
                f"less than the number of points, so at most {n - 1}. "
                "Lower the perplexity or add points."
            )
        out["perplexity"] = perplexity
        out["metric"] = _check_metric(out["metric"])
        out["max_iter"] = _as_int("max_iter", out["max_iter"], "t-SNE")
        if out["max_iter"] < 250:
            raise InputError(f"max_iter={out['max_iter']} is too few: t-SNE needs at least 250.")
        if out["learning_rate"] != "auto":
            out["learning_rate"] = _as_float(
                "learning_rate", out["learning_rate"], "t-SNE", low=0.0, low_open=True
            )
        out["early_exaggeration"] = _as_float(
            "early_exaggeration", out["early_exaggeration"], "t-SNE", low=1.0
        )
    return out


def _project(
    X: NDArray[np.float32], method: str, n_components: int, seed: int, params: dict[str, Any]
) -> NDArray[np.float32]:
    """Run a method on checked inputs."""
    n = len(X)
    if method == "pca":
        return pca_components(
            X, n_components=max(params["components"]) + 1, random_state=seed
        ).axes(params["components"])
    if _all_same(X, params["metric"]):
        return np.zeros((n, n_components), np.float32)
    if method == "umap":
        return _umap(X, n_components, seed, params)
    return _tsne(X, n_components, seed, params)


def pca_components(
    X: NDArray[np.floating], *, n_components: int = 10, random_state: int = 0
) -> PCAComponents:
    """Principal components of ``X``, with the variance each explains.

    Choose the axes afterwards: ``pca_components(X).axes((0, 2))`` puts PC1 on x and PC3
    on y. Component signs are fixed (scikit-learn's ``svd_flip``), so results repeat.

    Args:
        X: ``(n, d)`` vectors, ``n >= 2``.
        n_components: how many leading components to keep; capped at ``min(n, d)``.
        random_state: seed used when scikit-learn picks its randomised solver.

    Returns:
        :class:`PCAComponents` with ``coords`` of shape ``(n, m)``, ``m = min(n_components, n, d)``.
        Identical vectors give zero coordinates and zero explained variance.

    Raises:
        TooFewPointsError: fewer than 2 vectors.
    """
    X = _check_vectors(X)
    n, d = X.shape
    if n < 2:
        raise TooFewPointsError(f"PCA needs at least 2 points; you gave {n}. Add more lines.")
    m = max(1, min(int(n_components), n, d))
    if float(np.ptp(X, axis=0).max()) == 0.0:
        zeros = np.zeros(m, np.float32)
        return PCAComponents(np.zeros((n, m), np.float32), PCAVariance(zeros, zeros.copy()))
    # Exact solvers (scikit-learn's "covariance_eigh" and "full", in plain numpy so the
    # first map does not wait seconds for scikit-learn's imports), so every number of
    # components gives the same leading axes.
    with np.errstate(divide="ignore", invalid="ignore"):
        coords, ratio = _exact_pca(X, m)
    ratio = np.nan_to_num(ratio).astype(np.float32)
    variance = PCAVariance(ratio, np.cumsum(ratio, dtype=np.float64).astype(np.float32))
    return PCAComponents(coords.astype(np.float32), variance)


_PCA_BLOCK = 8_192  # rows converted to float64 at a time: memory stays near the input's size


def _exact_pca(X: NDArray[np.floating], m: int) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Coordinates on the first ``m`` principal components and their explained variance
    ratios; the same numbers as scikit-learn's exact solvers, signs fixed as its
    ``svd_flip(u_based_decision=False)`` (each component's largest entry positive).

    Sums run in float64 a block of rows at a time, and the centred data is never stored."""
    n, d = X.shape
    blocks = [slice(s, min(s + _PCA_BLOCK, n)) for s in range(0, n, _PCA_BLOCK)]
    if n >= d:  # covariance_eigh: a d x d eigenproblem
        total, C = np.zeros(d), np.zeros((d, d))
        for rows in blocks:
            B = X[rows].astype(np.float64)
            total += B.sum(axis=0)
            C += B.T @ B
        mean = total / n
        C -= n * np.outer(mean, mean)
        C /= n - 1
        values, vectors = np.linalg.eigh(C)
        values, Vt = values[::-1].copy(), vectors[:, ::-1].T
        values[values < 0.0] = 0.0
    else:  # full: an SVD of the centred data (fewer rows than dimensions: small)
        X64 = X.astype(np.float64)
        mean = X64.mean(axis=0)
        _, S, Vt = np.linalg.svd(X64 - mean, full_matrices=False)
        values = S**2 / (n - 1)
    Vt = Vt[:m]
    signs = np.sign(Vt[np.arange(m), np.argmax(np.abs(Vt), axis=1)])
    signs[signs == 0] = 1.0
    Vt = Vt * signs[:, None]
    coords = np.empty((n, m))
    shift = mean @ Vt.T
    for rows in blocks:
        coords[rows] = X[rows].astype(np.float64) @ Vt.T - shift
    return coords, values[:m] / values.sum()


_NUMBA_CACHE_ENV = "EMBEDLAB_UMAP_NUMBA_CACHE"
_umap_cache_enabled = False


def enable_umap_numba_cache() -> int:
    """Let UMAP's numba functions be cached on disk, so only the first process ever compiles.

    umap-learn compiles its functions on every first call in a process (tens of seconds
    on 2 cores); most of them are not declared cacheable. Turning numba's on-disk cache on
    for them makes the first map of every later process start in about a second. The
    cache lives where numba puts it (next to umap's code, else numba's user cache folder).
    Set ``EMBEDLAB_UMAP_NUMBA_CACHE=0`` to turn this off. Idempotent.

    Returns:
        How many functions were switched to on-disk caching (0 when off or done before).
    """
    global _umap_cache_enabled
    if _umap_cache_enabled or os.environ.get(_NUMBA_CACHE_ENV, "1") == "0":
        return 0
    _umap_cache_enabled = True
    try:
        import umap.distances
        import umap.layouts
        import umap.spectral
        import umap.umap_
        import umap.utils
        from numba.core.registry import CPUDispatcher
    except ImportError:  # another numba/umap layout: compile as usual
        return 0
    count = 0
    for module in (umap.umap_, umap.layouts, umap.utils, umap.distances, umap.spectral):
        for value in list(vars(module).values()):
            if isinstance(value, CPUDispatcher) and type(value._cache).__name__ == "NullCache":
                try:
                    value.enable_caching()
                    count += 1
                except Exception:  # noqa: S112 - a function numba cannot cache: compiled each time
                    continue
    return count


def _umap(
    X: NDArray[np.float32], n_components: int, seed: int, params: dict[str, Any]
) -> NDArray[np.float32]:
    import umap

    enable_umap_numba_cache()

    nn = params["n_neighbors"]
    options: dict[str, Any] = dict(
        n_components=n_components,
        n_neighbors=nn,
        min_dist=params["min_dist"],
        spread=params["spread"],
        metric=params["metric"],
        n_epochs=params["n_epochs"],
        random_state=seed,
        n_jobs=1,  # what a seed implies in UMAP anyway; saying it silences a warning
    )
    if len(X) <= n_components + 2:
        # The spectral start needs more points than axes + 1 (4 points in 3-D crashed scipy).
        options["init"] = "random"
    if len(X) < EXACT_KNN_LIMIT:
        # UMAP's neighbour lists include the point itself, first, at distance 0.
        idx, dist = _knn(X, nn - 1, params["metric"], precise=False)
        n = len(X)
        idx = np.hstack([np.arange(n)[:, None], idx])
        dist = np.hstack([np.zeros((n, 1), np.float32), dist])
        options["precomputed_knn"] = (idx, dist, None)
    with warnings.catch_warnings():
        # Known, harmless: no search index (we never call transform); spectral
        # initialisation falling back to random on tiny or disconnected data.
        warnings.filterwarnings("ignore", category=UserWarning, module="umap")
        warnings.filterwarnings("ignore", message=".*knn_search_index.*")
        warnings.filterwarnings("ignore", message=".*[Ss]pectral initialisation failed.*")
        Y = umap.UMAP(**options).fit_transform(X)
    return np.asarray(Y, dtype=np.float32)


def _tsne(
    X: NDArray[np.float32], n_components: int, seed: int, params: dict[str, Any]
) -> NDArray[np.float32]:
    from sklearn.manifold import TSNE
    from threadpoolctl import threadpool_limits

    tsne = TSNE(
        n_components=n_components,
        perplexity=params["perplexity"],
        metric=params["metric"],
        learning_rate=params["learning_rate"],
        max_iter=params["max_iter"],
        early_exaggeration=params["early_exaggeration"],
        init="pca",
        random_state=seed,
    )
    # One OpenMP thread: the same result on every machine, and no spinning threads
    # (on a busy 2-core machine they made small maps 20x slower).
    with warnings.catch_warnings(), threadpool_limits(limits=1, user_api="openmp"):
        warnings.simplefilter("ignore", FutureWarning)
        return np.asarray(tsne.fit_transform(X), dtype=np.float32)
