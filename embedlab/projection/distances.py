"""The exact nearest neighbours a map needs, from :mod:`embedlab.neighbours` (one engine).

The private names are the ones the projection modules (and older code) use.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from embedlab.neighbours import Distances as _Distances
from embedlab.neighbours import all_same as _all_same
from embedlab.neighbours import knn
from embedlab.neighbours import metric_space as _prepared
from embedlab.neighbours import normalize as _unit_rows

# Below this many points UMAP gets exact neighbours computed here (blocked matrix
# products, :func:`embedlab.neighbours.knn`) as its precomputed kNN: no pynndescent index,
# so no 40-70 s of pynndescent's numba compilation on the first map of a process.
# Measured (benchmarks/throughput.py, 384-d, 2 busy cores): exact kNN 1.6 s at 5k and
# ~17 s at 20k points (quadratic), while the first pynndescent call costs over a minute
# of compiling; a map is drawn from at most 20,000 points. UMAP itself switches at 4096.
EXACT_KNN_LIMIT = 25_000


def _knn(
    X: NDArray[np.float32],
    k: int,
    metric: str,
    queries: NDArray[np.int64] | None = None,
    *,
    precise: bool = True,
) -> tuple[NDArray[np.int64], NDArray[np.float32]]:
    """:func:`embedlab.neighbours.knn` with the positional arguments the projection code uses."""
    return knn(X, k=k, metric=metric, queries=queries, precise=precise)


__all__ = ["EXACT_KNN_LIMIT", "_Distances", "_all_same", "_knn", "_prepared", "_unit_rows"]
