"""Methods, metrics, parameter specs and the argument checks every projection function shares."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from embedlab.errors import InputError, TooFewPointsError

Method = Literal["pca", "umap", "tsne"]
Metric = Literal["cosine", "euclidean", "manhattan", "correlation"]

METHODS: tuple[str, ...] = ("pca", "umap", "tsne")
METRICS: tuple[str, ...] = ("cosine", "euclidean", "manhattan", "correlation")
METHOD_NAMES = {"pca": "PCA", "umap": "UMAP", "tsne": "t-SNE"}

#: Fewest points each method accepts (3-D maps need at least 4 whatever the method).
#: t-SNE on fewer than 5 points draws a layout that is mostly its random start.
MIN_POINTS = {"pca": 2, "umap": 4, "tsne": 5}
MIN_POINTS_3D = 4
#: Below this many points t-SNE still runs, with a note that PCA is more faithful.
TSNE_FEW_POINTS = 30


@dataclass(frozen=True)
class ParamSpec:
    """One method parameter as every front end shows it (pages build their widgets here).

    Attributes:
        default: the value used when none is given (``None``: chosen from the data).
        low, high: the fixed bounds (``None``: open); :func:`param_bounds` narrows them for
            ``n`` points.
        step: the slider step of a number.
        choices: the allowed values of a choice.
        help: one sentence for the reader.
        shown: whether pages offer it (the others keep their default).
    """

    default: Any
    low: float | None = None
    high: float | None = None
    step: float | None = None
    choices: tuple[str, ...] = ()
    help: str = ""
    shown: bool = False


#: Every parameter of every method, with defaults, bounds and help.
PARAM_SPECS: dict[str, dict[str, ParamSpec]] = {
    "pca": {
        "components": ParamSpec(None, help="the principal components on the axes (PC1 first)"),
    },
    "umap": {
        "n_neighbors": ParamSpec(
            15, 2, None, 1, shown=True,
            help="how many neighbours shape each point's place: small = local detail, "
            "large = the overall layout",
        ),
        "min_dist": ParamSpec(
            0.1, 0.0, 1.0, 0.05, shown=True,
            help="how tightly points may pack: 0 = dense clumps, 1 = evenly spread",
        ),
        "metric": ParamSpec(
            "cosine", choices=METRICS, shown=True,
            help="how distance is measured between the original vectors",
        ),
        "spread": ParamSpec(1.0, 0.0),
        "n_epochs": ParamSpec(None, 1),
    },
    "tsne": {
        "perplexity": ParamSpec(
            30.0, 1, None, 1, shown=True,
            help="about how many neighbours each point considers; below the number of points",
        ),
        "metric": ParamSpec(
            "cosine", choices=METRICS,
            help="how distance is measured between the original vectors",
        ),
        "learning_rate": ParamSpec("auto"),
        "max_iter": ParamSpec(1000, 250),
        "early_exaggeration": ParamSpec(12.0, 1.0),
    },
}  # fmt: skip

#: Parameters each method accepts, with their defaults (``None``: chosen from the data).
PARAMS: dict[str, dict[str, Any]] = {
    method: {name: spec.default for name, spec in specs.items()}
    for method, specs in PARAM_SPECS.items()
}


def min_points(method: str, n_components: int = 2) -> int:
    """The fewest points ``method`` accepts for a map of ``n_components`` dimensions."""
    fewest = MIN_POINTS.get(method, 2)
    return max(fewest, MIN_POINTS_3D) if n_components == 3 else fewest


def check_points(method: str, n: int, n_components: int = 2) -> None:
    """Raise :class:`TooFewPointsError` (saying what to do) if ``n`` points are too few.

    >>> check_points("umap", 2)
    Traceback (most recent call last):
    ...
    embedlab.errors.TooFewPointsError: UMAP needs at least 4 points; you gave 2. Add more lines or use PCA.
    """
    if n < 2:
        raise TooFewPointsError(f"A map needs at least 2 points; you gave {n}. Add more lines.")
    if method in MIN_POINTS and n < MIN_POINTS[method]:
        raise TooFewPointsError(
            f"{METHOD_NAMES[method]} needs at least {MIN_POINTS[method]} points; you gave {n}. "
            "Add more lines or use PCA."
        )
    if n_components == 3 and n < MIN_POINTS_3D:
        raise TooFewPointsError(
            f"A 3-D map needs at least {MIN_POINTS_3D} points; you gave {n}. "
            "Add more lines or use 2-D."
        )


def param_bounds(method: str, name: str, n: int) -> tuple[Any, Any]:
    """The allowed range of a parameter for ``n`` points (after :func:`check_points`).

    >>> param_bounds("umap", "n_neighbors", 6), param_bounds("tsne", "perplexity", 6)
    ((2, 5), (1, 5))
    """
    spec = PARAM_SPECS[method][name]
    low, high = spec.low, spec.high
    if (method, name) in (("umap", "n_neighbors"), ("tsne", "perplexity")):
        high = n - 1  # both must stay below the number of points
    return low, high


def param_default(method: str, name: str, n: int) -> Any:
    """The value a parameter takes for ``n`` points when none is given.

    >>> param_default("umap", "n_neighbors", 6), param_default("tsne", "perplexity", 100)
    (5, 30.0)
    """
    spec = PARAM_SPECS[method][name]
    if (method, name) == ("umap", "n_neighbors"):
        return min(spec.default, n - 1)
    if (method, name) == ("tsne", "perplexity"):
        return float(min(spec.default, max(1.0, (n - 1) / 3)))
    return spec.default


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
