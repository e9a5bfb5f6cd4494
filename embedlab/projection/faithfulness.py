"""How far to trust a map: neighbours kept and trustworthiness."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from embedlab.projection._checks import Metric, _check_metric, _check_pair
from embedlab.projection.distances import _all_same, _Distances, _knn

# Exact trustworthiness builds an (n, n) distance matrix; above this it is estimated.
TRUST_EXACT_LIMIT = 2000
SAMPLE_QUERIES = 1000
#: Below this many points neither number means anything: each point has only one to three
#: others, so any layout keeps "100 %" of them (or loses them by chance).
MIN_FAITHFUL_POINTS = 5


@dataclass(frozen=True)
class Faithfulness:
    """How well a map keeps the neighbourhoods of the original space.

    Attributes:
        k: neighbours per point that were compared (capped by the number of points).
        kept: mean share of neighbours kept, in [0, 1] (see :func:`neighbours_kept`).
        kept_per_point: ``(n,)`` each point's own share, or ``None`` when it was
            estimated from a sample of points.
        trustworthiness: scikit-learn's trustworthiness in [0, 1] (``nan`` under 3 points).
        estimated: ``True`` when the numbers come from a sample of points (large maps).
        n: the number of points of the map (0: not recorded).
    """

    k: int
    kept: float
    kept_per_point: NDArray[np.float32] | None
    trustworthiness: float
    estimated: bool = False
    n: int = 0

    @property
    def defined(self) -> bool:
        """False for maps of fewer than :data:`MIN_FAITHFUL_POINTS` points (numbers are ``nan``)."""
        return not math.isnan(self.kept)

    def summary(self) -> str:
        """One sentence for the reader, e.g. "84% of each point's 10 nearest neighbours…"."""
        if not self.defined:
            return (
                f"With {self.n} points, neighbours kept and trustworthiness are undefined: "
                f"they need at least {MIN_FAITHFUL_POINTS} points. Read the map by eye."
            )
        about = "about " if self.estimated else ""
        text = (
            f"{about}{self.kept:.0%} of each point's {self.k} nearest neighbours "
            "are still among its nearest on this map"
        )
        if not math.isnan(self.trustworthiness):
            text += f"; trustworthiness {self.trustworthiness:.2f} (1 = no false neighbours)"
        return text[0].upper() + text[1:] + "."


# --------------------------------------------------------------------------- faithfulness


def neighbours_kept(
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


#: The US spelling, kept so existing code keeps working.
neighbors_kept = neighbours_kept


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

    For small maps ``k`` is capped at ``(n - 1) // 2``: with ``k = n - 1`` every other point
    is a neighbour and any layout would keep "100 %". Under :data:`MIN_FAITHFUL_POINTS`
    points both numbers are ``nan`` (undefined) and ``kept_per_point`` is ``None``.

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
    k_used = max(1, min(k_used, (n - 1) // 2))
    if n < MIN_FAITHFUL_POINTS:
        return Faithfulness(k_used, float("nan"), None, float("nan"), n=n)
    if n <= per_point_limit:
        per = neighbours_kept(X, Y, k=k_used, metric=metric, per_point=True)
        kept = float(per.mean())
    else:
        per = None
        kept = neighbours_kept(X, Y, k=k_used, metric=metric, max_queries=SAMPLE_QUERIES)
    trust = trustworthiness(X, Y, k=k_used, metric=metric)
    estimated = per is None or n > TRUST_EXACT_LIMIT
    return Faithfulness(k_used, kept, per, trust, estimated=estimated, n=n)


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
