"""Maps of embeddings: PCA, UMAP and t-SNE in 2-D or 3-D, and how far to trust them.

One projection path for the whole project: :func:`project` (an array) and
:func:`make_map` (the array plus axis titles, explained variance and faithfulness,
which is what pages show). :func:`semantic_axes` places points on directions chosen
by the user (the Embedding Projector's "custom" projection).

Faithfulness: :func:`neighbors_kept` (the share of each point's nearest neighbours in
the original space that stay nearest on the map) and :func:`trustworthiness`
(scikit-learn's measure of how many map neighbours are impostors).

>>> import numpy as np
>>> X = np.random.default_rng(0).normal(size=(20, 12)).astype(np.float32)
>>> project(X, method="pca").shape
(20, 2)
"""

from __future__ import annotations

import math
import threading
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from numpy.typing import NDArray

from embedlab.errors import InputError, TooFewPointsError

if TYPE_CHECKING:
    import pandas as pd

Method = Literal["pca", "umap", "tsne"]
Metric = Literal["cosine", "euclidean", "manhattan", "correlation"]

METHODS: tuple[str, ...] = ("pca", "umap", "tsne")
METRICS: tuple[str, ...] = ("cosine", "euclidean", "manhattan", "correlation")
METHOD_NAMES = {"pca": "PCA", "umap": "UMAP", "tsne": "t-SNE"}

#: Fewest points each method accepts (3-D maps need at least 4 whatever the method).
MIN_POINTS = {"pca": 2, "umap": 4, "tsne": 2}
MIN_POINTS_3D = 4

#: Parameters each method accepts, with their defaults (``None``: chosen from the data).
PARAMS: dict[str, dict[str, Any]] = {
    "pca": {"components": None},
    "umap": {
        "n_neighbors": 15,
        "min_dist": 0.1,
        "metric": "cosine",
        "spread": 1.0,
        "n_epochs": None,
    },
    "tsne": {
        "perplexity": 30.0,
        "metric": "cosine",
        "learning_rate": "auto",
        "max_iter": 1000,
        "early_exaggeration": 12.0,
    },
}

# Below this many points UMAP gets exact neighbours computed here (a matrix product):
# faster than UMAP's own small-data path and it skips ~20 s of numba compilation.
# Above it UMAP's approximate search (pynndescent) wins. UMAP itself switches at 4096.
EXACT_KNN_LIMIT = 4096

# Exact trustworthiness builds an (n, n) distance matrix; above this it is estimated.
TRUST_EXACT_LIMIT = 2000
SAMPLE_QUERIES = 1000


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


@dataclass(frozen=True)
class Faithfulness:
    """How well a map keeps the neighbourhoods of the original space.

    Attributes:
        k: neighbours per point that were compared (capped by the number of points).
        kept: mean share of neighbours kept, in [0, 1] (see :func:`neighbors_kept`).
        kept_per_point: ``(n,)`` each point's own share, or ``None`` when it was
            estimated from a sample of points.
        trustworthiness: scikit-learn's trustworthiness in [0, 1] (``nan`` under 3 points).
        estimated: ``True`` when the numbers come from a sample of points (large maps).
    """

    k: int
    kept: float
    kept_per_point: NDArray[np.float32] | None
    trustworthiness: float
    estimated: bool = False

    def summary(self) -> str:
        """One sentence for the reader, e.g. "84% of each point's 10 nearest neighbours…"."""
        about = "about " if self.estimated else ""
        text = (
            f"{about}{self.kept:.0%} of each point's {self.k} nearest neighbours "
            "are still among its nearest on this map"
        )
        if not math.isnan(self.trustworthiness):
            text += f"; trustworthiness {self.trustworthiness:.2f} (1 = no false neighbours)"
        return text[0].upper() + text[1:] + "."


@dataclass(frozen=True)
class ProjectionMap:
    """A map ready to draw: coordinates plus everything needed to read it honestly.

    Attributes:
        coords: ``(n, 2)`` or ``(n, 3)`` float32.
        method: ``"pca"``, ``"umap"``, ``"tsne"`` or ``"axes"`` (semantic axes).
        params: the parameters actually used, defaults and caps resolved.
        axis_titles: one title per axis, e.g. ``("PC1 (23.1%)", "PC2 (9.8%)")``.
        faithfulness: neighbours kept and trustworthiness of this map.
        variance: PCA only: explained variance of the leading components.
    """

    coords: NDArray[np.float32]
    method: str
    params: dict[str, Any]
    axis_titles: tuple[str, ...]
    faithfulness: Faithfulness
    variance: PCAVariance | None = None
    notes: list[str] = field(default_factory=list)


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
        TooFewPointsError: fewer points than the method needs (UMAP 4, 3-D 4, others 2),
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
    if n < 2:
        raise TooFewPointsError(f"A map needs at least 2 points; you gave {n}. Add more lines.")
    if method == "umap" and n < MIN_POINTS["umap"]:
        raise TooFewPointsError(
            f"UMAP needs at least 4 points; you gave {n}. Add more lines or use PCA."
        )
    if n_components == 3 and n < MIN_POINTS_3D:
        raise TooFewPointsError(
            f"A 3-D map needs at least 4 points; you gave {n}. Add more lines or use 2-D."
        )
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
            nn = n - 1
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
            perplexity = float(min(30.0, max(1.0, (n - 1) / 3)))
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
    from sklearn.decomposition import PCA

    X = _check_vectors(X)
    n, d = X.shape
    if n < 2:
        raise TooFewPointsError(f"PCA needs at least 2 points; you gave {n}. Add more lines.")
    m = max(1, min(int(n_components), n, d))
    if float(np.ptp(X, axis=0).max()) == 0.0:
        zeros = np.zeros(m, np.float32)
        return PCAComponents(np.zeros((n, m), np.float32), PCAVariance(zeros, zeros.copy()))
    # Exact solvers, so every number of components gives the same leading axes.
    solver = "covariance_eigh" if n >= d else "full"
    pca = PCA(n_components=m, svd_solver=solver, random_state=random_state)
    with np.errstate(divide="ignore", invalid="ignore"):
        coords = pca.fit_transform(X.astype(np.float64))
    ratio = np.nan_to_num(pca.explained_variance_ratio_).astype(np.float32)
    variance = PCAVariance(ratio, np.cumsum(ratio, dtype=np.float64).astype(np.float32))
    return PCAComponents(coords.astype(np.float32), variance)


def _umap(
    X: NDArray[np.float32], n_components: int, seed: int, params: dict[str, Any]
) -> NDArray[np.float32]:
    import umap

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


def warm_up_umap(*, large: bool = False) -> None:
    """Compile UMAP's numba code now, on tiny arrays, so the first real map is quick.

    The first UMAP call in a process spends seconds compiling (see
    ``benchmarks/projection.py``); the app calls this in a background thread at start.
    Safe to call more than once or alongside real work.

    Args:
        large: also compile the approximate neighbour search (pynndescent) that maps of
            ``EXACT_KNN_LIMIT`` points or more use; it costs several times longer.
    """
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 8)).astype(np.float32)
    project(X, method="umap", n_neighbors=5, n_epochs=10)
    if large:
        from pynndescent import NNDescent

        for metric in ("cosine", "euclidean"):
            NNDescent(
                rng.normal(size=(300, 8)).astype(np.float32),
                n_neighbors=5,
                metric=metric,
                random_state=0,
                n_jobs=1,
                compressed=False,
            )


_warm_up_threads: dict[bool, threading.Thread] = {}
_warm_up_lock = threading.Lock()


def start_umap_warm_up(*, large: bool = False) -> threading.Thread:
    """Run :func:`warm_up_umap` in a daemon thread, once per process and ``large`` value
    (later calls return the same thread). The app calls this at start; a page about to map
    thousands of points can ask for ``large=True`` (about 1.5 min of background compiling
    on 2 cores, against 2 min in the user's way)."""
    with _warm_up_lock:
        if large not in _warm_up_threads:
            thread = threading.Thread(
                target=warm_up_umap,
                kwargs={"large": large},
                name=f"embedlab-umap-warm-up{'-large' * large}",
                daemon=True,
            )
            thread.start()
            _warm_up_threads[large] = thread
        return _warm_up_threads[large]


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


# --------------------------------------------------------------------------- faithfulness


def neighbors_kept(
    X: NDArray[np.floating],
    Y: NDArray[np.floating],
    *,
    k: int = 10,
    metric: Metric = "cosine",
    per_point: bool = False,
    max_queries: int | None = None,
    random_state: int = 0,
) -> float | NDArray[np.float32]:
    """Share of each point's ``k`` nearest neighbours in the original space (by ``metric``)
    that are also among its ``k`` nearest on the map (euclidean).

    1.0 means every neighbourhood survived; for random placement it is about ``k / n``.
    A neighbour at exactly the distance of the map's k-th neighbour counts as kept, so
    duplicate points do not lose neighbours to arbitrary tie-breaking.

    Args:
        X: ``(n, d)`` original vectors.
        Y: ``(n, c)`` map coordinates.
        k: neighbours per point; capped at ``n - 1``.
        metric: distance in the original space: ``"cosine"`` (default), ``"euclidean"``,
            ``"manhattan"`` or ``"correlation"``.
        per_point: return one share per point instead of the mean.
        max_queries: if set and ``n`` is larger, estimate the mean from this many points
            chosen with ``random_state`` (neighbours are still searched among all points).
            Ignored when ``per_point`` is true.
        random_state: seed for that sample.

    Returns:
        The mean share (a float in [0, 1]), or ``(n,)`` float32 shares when ``per_point``.

    Raises:
        InputError: ``X`` and ``Y`` have different numbers of rows, or ``k < 1``.
        TooFewPointsError: fewer than 2 points.
    """
    X, Y, k = _check_pair(X, Y, k)
    metric = _check_metric(metric)
    n = len(X)
    queries = None
    if not per_point and max_queries is not None and n > max_queries:
        queries = np.sort(np.random.default_rng(random_state).choice(n, max_queries, replace=False))
    shares = _kept(X, Y, k, metric, queries)
    return shares if per_point else float(shares.mean())


def trustworthiness(
    X: NDArray[np.floating],
    Y: NDArray[np.floating],
    *,
    k: int = 10,
    metric: Metric = "cosine",
    max_points: int | None = TRUST_EXACT_LIMIT,
    random_state: int = 0,
) -> float:
    """scikit-learn's trustworthiness of a map: 1.0 when no point's map neighbours are
    strangers in the original space; lower when the map invents neighbourhoods.

    ``sklearn.manifold.trustworthiness`` needs an ``(n, n)`` distance matrix; above
    ``max_points`` points the same formula is estimated from ``SAMPLE_QUERIES`` points
    (their ranks still taken among all points), which keeps memory linear in ``n``.

    Args:
        X: ``(n, d)`` original vectors.
        Y: ``(n, c)`` map coordinates.
        k: neighbours per point; capped below ``n / 2`` as scikit-learn requires.
        metric: distance in the original space.
        max_points: exact computation up to this many points (``None``: always exact).
        random_state: seed for the sample.

    Returns:
        Trustworthiness in [0, 1]; ``nan`` for fewer than 3 points (undefined).

    Raises:
        InputError: ``X`` and ``Y`` have different numbers of rows, or ``k < 1``.
    """
    X, Y, k = _check_pair(X, Y, k)
    metric = _check_metric(metric)
    n = len(X)
    k = min(k, math.ceil(n / 2) - 1)
    if k < 1:
        return float("nan")
    if _all_same(X, metric):
        return 1.0
    if max_points is None or n <= max_points:
        from sklearn.manifold import trustworthiness as sk_trustworthiness

        return float(sk_trustworthiness(X, Y, n_neighbors=k, metric=metric))
    queries = np.sort(
        np.random.default_rng(random_state).choice(n, min(SAMPLE_QUERIES, n), replace=False)
    )
    return _trustworthiness_sampled(X, Y, k, metric, queries)


def faithfulness(
    X: NDArray[np.floating],
    Y: NDArray[np.floating],
    *,
    k: int = 10,
    metric: Metric = "cosine",
    per_point_limit: int = 5_000,
) -> Faithfulness:
    """Both faithfulness numbers for a map (what pages show next to every map).

    Args:
        X: ``(n, d)`` original vectors.
        Y: ``(n, c)`` map coordinates.
        k: neighbours per point (capped for small ``n``; the cap is in the result).
        metric: distance in the original space.
        per_point_limit: above this many points the shares are estimated from a sample
            and ``kept_per_point`` is ``None`` (an exact search costs ``n²``).

    Returns:
        :class:`Faithfulness`.
    """
    X, Y, k_used = _check_pair(X, Y, k)
    n = len(X)
    if n <= per_point_limit:
        per = neighbors_kept(X, Y, k=k_used, metric=metric, per_point=True)
        kept = float(per.mean())
    else:
        per = None
        kept = neighbors_kept(X, Y, k=k_used, metric=metric, max_queries=SAMPLE_QUERIES)
    trust = trustworthiness(X, Y, k=k_used, metric=metric)
    return Faithfulness(k_used, kept, per, trust, estimated=per is None or n > TRUST_EXACT_LIMIT)


def _kept(
    X: NDArray[np.float32],
    Y: NDArray[np.float32],
    k: int,
    metric: str,
    queries: NDArray[np.int64] | None,
) -> NDArray[np.float32]:
    """Per-query share of original-space neighbours found within the map's k-th radius."""
    orig, _ = _knn(X, k, metric, queries)
    near, near_dist = _knn(Y, k, "euclidean", queries)
    radius = near_dist[:, -1:]
    rows = np.arange(len(X)) if queries is None else queries
    diff = Y[orig] - Y[rows][:, None, :]
    dist = np.sqrt((diff.astype(np.float64) ** 2).sum(-1))
    kept = dist <= radius.astype(np.float64) * (1 + 1e-6) + 1e-12
    return kept.mean(axis=1).astype(np.float32)


def _trustworthiness_sampled(
    X: NDArray[np.float32],
    Y: NDArray[np.float32],
    k: int,
    metric: str,
    queries: NDArray[np.int64],
) -> float:
    """scikit-learn's formula, with the penalty sum estimated from ``queries``."""
    n = len(X)
    near, _ = _knn(Y, k, "euclidean", queries)
    penalty = 0.0
    space = _Distances(X, metric)
    step = space.block_size(per_row=k + 1)
    for start in range(0, len(queries), step):
        q = queries[start : start + step]
        d = space.rows(q)
        d[np.arange(len(q)), q] = np.inf
        dij = np.take_along_axis(d, near[start : start + step], axis=1)
        # rank of j among i's neighbours in X (1 = nearest)
        ranks = (d[:, None, :] < dij[:, :, None]).sum(-1) + 1
        penalty += float(np.maximum(ranks - k, 0).sum())
    penalty *= n / len(queries)
    return float(1.0 - penalty * (2.0 / (n * k * (2.0 * n - 3.0 * k - 1.0))))


# --------------------------------------------------------------------------- maps for pages


def make_map(
    X: NDArray[np.floating],
    *,
    method: Method = "pca",
    n_components: int = 2,
    random_state: int = 0,
    k: int = 10,
    faithfulness_metric: Metric = "cosine",
    **params: Any,
) -> ProjectionMap:
    """:func:`project` plus what a reader needs: axis titles, PCA's explained variance,
    and the map's faithfulness (:func:`neighbors_kept` and :func:`trustworthiness`).

    Args:
        X: ``(n, d)`` vectors.
        method, n_components, random_state, **params: as :func:`project`.
        k: neighbours compared for faithfulness.
        faithfulness_metric: distance in the original space for faithfulness.

    Returns:
        :class:`ProjectionMap`.

    Raises:
        TooFewPointsError, InputError: as :func:`project`.
    """
    X = _check_vectors(X)
    method = _check_method(method)
    used = resolve_params(method, len(X), params, n_components=n_components, dim=X.shape[1])
    variance = None
    if method == "pca":
        comps = used["components"]
        pca = pca_components(X, n_components=max(10, max(comps) + 1), random_state=random_state)
        coords = pca.axes(comps)
        variance = PCAVariance(pca.variance.ratio, pca.variance.cumulative, comps)
        titles = tuple(f"PC{c + 1} ({100 * pca.variance.ratio[c]:.1f}%)" for c in comps)
    else:
        coords = _project(X, method, n_components, random_state, used)
        titles = tuple(f"{METHOD_NAMES[method]} {i + 1}" for i in range(n_components))
    notes = []
    if method == "umap" and "n_neighbors" not in params and used["n_neighbors"] < 15:
        notes.append(f"n_neighbors lowered to {used['n_neighbors']} for {len(X)} points.")
    return ProjectionMap(
        coords=coords,
        method=method,
        params={"n_components": n_components, "random_state": random_state, **used},
        axis_titles=titles,
        faithfulness=faithfulness(X, coords, k=k, metric=faithfulness_metric),
        variance=variance,
        notes=notes,
    )


def make_axes_map(
    X: NDArray[np.floating],
    ends: Sequence[NDArray[np.floating]],
    *,
    names: Sequence[str] = ("A", "B", "C", "D"),
    k: int = 10,
    normalize: bool = True,
) -> ProjectionMap:
    """:func:`semantic_axes` as a :class:`ProjectionMap` (titles "A → B", faithfulness).

    Args:
        X: ``(n, d)`` vectors to place.
        ends: the four ``(d,)`` vectors A, B, C, D.
        names: their names, for axis titles and errors.
        k: neighbours compared for faithfulness.
        normalize: as :func:`semantic_axes`.

    Raises:
        InputError: as :func:`semantic_axes`; fewer or more than four ends.
    """
    if len(ends) != 4 or len(names) != 4:
        raise InputError("Semantic axes need four ends: A → B for x and C → D for y.")
    X = _check_vectors(X)
    coords = semantic_axes(X, *ends, names=names, normalize=normalize)
    cos = direction_cosine(*ends, normalize=normalize)
    notes = []
    if abs(cos) > 0.7:
        notes.append(
            f"The two directions are alike (cosine {cos:.2f}): points will spread along a "
            "diagonal. Pick ends that differ in another way."
        )
    return ProjectionMap(
        coords=coords,
        method="axes",
        params={"names": tuple(names), "normalize": normalize, "direction_cosine": cos},
        axis_titles=(f"{names[0]} → {names[1]}", f"{names[2]} → {names[3]}"),
        faithfulness=faithfulness(X, coords, k=k),
        notes=notes,
    )


def coordinates_frame(
    coords: NDArray[np.floating],
    texts: Sequence[str],
    groups: Sequence[str] | None = None,
    *,
    extra: Mapping[str, Sequence[Any] | NDArray[Any]] | None = None,
) -> pd.DataFrame:
    """A table of the map: ``x``, ``y`` (``z``), ``text``, ``group`` and any ``extra`` columns.

    This is what the map builder draws and what the CSV export writes
    (``embedlab.export.table_csv(coordinates_frame(...))``).

    Args:
        coords: ``(n, 2)`` or ``(n, 3)``.
        texts: ``n`` labels.
        groups: ``n`` group names, or ``None`` for no group column.
        extra: more columns, e.g. ``{"kept": faithfulness.kept_per_point}``.

    Raises:
        InputError: a column does not have ``n`` values.
    """
    import pandas as pd

    coords = np.asarray(coords, dtype=np.float32)
    n = len(coords)
    columns: dict[str, Any] = {a: coords[:, j] for j, a in enumerate("xyz"[: coords.shape[1]])}
    named: dict[str, Any] = {"text": list(texts)}
    if groups is not None:
        named["group"] = list(groups)
    named.update(extra or {})
    for name, values in named.items():
        if len(values) != n:
            raise InputError(f"'{name}' has {len(values):,} values but the map has {n:,} points.")
        columns[name] = values
    return pd.DataFrame(columns)


# --------------------------------------------------------------------------- helpers


def _check_vectors(X: NDArray[np.floating]) -> NDArray[np.float32]:
    X = np.asarray(X, dtype=np.float32)
    if X.ndim != 2:
        raise InputError(f"Expected a table of vectors (n, d); got an array of shape {X.shape}.")
    if X.shape[1] == 0:
        raise InputError("The vectors are empty (0 dimensions).")
    if not np.isfinite(X).all():
        bad = int((~np.isfinite(X)).any(axis=1).sum())
        raise InputError(f"{bad} vector{'s' * (bad != 1)} contain NaN or infinite values.")
    return np.ascontiguousarray(X)


def _check_method(method: str) -> str:
    key = str(method).lower().replace("-", "")
    if key not in METHODS:
        raise InputError(f"Unknown method: {method!r}. Must be one of: {', '.join(METHODS)}.")
    return key


def _check_metric(metric: str) -> str:
    if metric not in METRICS:
        raise InputError(f"Unknown metric: {metric!r}. Must be one of: {', '.join(METRICS)}.")
    return metric


def _check_pair(
    X: NDArray[np.floating], Y: NDArray[np.floating], k: int
) -> tuple[NDArray[np.float32], NDArray[np.float32], int]:
    X, Y = _check_vectors(X), _check_vectors(Y)
    if len(X) != len(Y):
        raise InputError(f"X has {len(X):,} points but the map has {len(Y):,}.")
    if len(X) < 2:
        raise TooFewPointsError(f"Need at least 2 points to compare neighbours; got {len(X)}.")
    k = _as_int("k", k, "neighbour comparison")
    if k < 1:
        raise InputError(f"k={k}: compare at least 1 neighbour (10 is usual).")
    return X, Y, min(k, len(X) - 1)


def _as_int(name: str, value: Any, method: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer | float | np.floating):
        raise InputError(f"{name}={value!r}: {method} needs a whole number here.")
    if float(value) != int(value):
        raise InputError(f"{name}={value!r}: {method} needs a whole number here.")
    return int(value)


def _as_float(
    name: str,
    value: Any,
    method: str,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise InputError(f"{name}={value!r}: {method} needs a number here.")
    v = float(value)
    too_low = low is not None and (v <= low if low_open else v < low)
    if not math.isfinite(v) or too_low or (high is not None and v > high):
        lo = "" if low is None else f"{'above' if low_open else 'at least'} {low:g}"
        hi = "" if high is None else f"at most {high:g}"
        rule = " and ".join(s for s in (lo, hi) if s)
        raise InputError(f"{name}={value!r} is out of range for {method}: it must be {rule}.")
    return v


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


__all__ = [
    "METHODS",
    "METRICS",
    "Faithfulness",
    "PCAComponents",
    "PCAVariance",
    "ProjectionMap",
    "coordinates_frame",
    "direction_cosine",
    "faithfulness",
    "make_axes_map",
    "make_map",
    "neighbors_kept",
    "pca_components",
    "project",
    "resolve_params",
    "semantic_axes",
    "start_umap_warm_up",
    "trustworthiness",
    "warm_up_umap",
]
