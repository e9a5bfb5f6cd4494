"""UMAP's numba compilation, done once in the background so the first map is fast."""

from __future__ import annotations

import threading

import numpy as np

from embedlab.projection.methods import project


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
