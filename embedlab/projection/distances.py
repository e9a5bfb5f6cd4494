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

# Below this many points UMAP gets exact neighbours computed here (a matrix product):
# faster than UMAP's own small-data path and it skips ~20 s of numba compilation.
# Above it UMAP's approximate search (pynndescent) wins. UMAP itself switches at 4096.
EXACT_KNN_LIMIT = 4096


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
