"""Methods, metrics, parameter specs and the argument checks every projection function shares."""

from __future__ import annotations

import math
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
