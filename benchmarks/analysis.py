"""Speed of the analysis behind the "Your own text" page.

Run: ``python benchmarks/analysis.py`` (add ``--quick`` for a smaller run).
Prints one table: step, data size, time and the target where the issue sets one.

Vectors are synthetic but structured (20 topic directions plus noise, L2-normalised,
float32, 512-d like use-multilingual), so k-means and the neighbour searches see
clusters as they would on real embeddings.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from embedlab.clustering import cluster_hdbscan, cluster_kmeans, suggest_k  # noqa: E402
from embedlab.outliers import outlier_scores  # noqa: E402
from embedlab.similarity import top_k  # noqa: E402

DIM = 512


def topic_vectors(n: int, *, topics: int = 20, seed: int = 0) -> np.ndarray:
    """``n`` unit float32 vectors around ``topics`` random directions."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((topics, DIM)).astype(np.float32)
    X = centres[rng.integers(0, topics, n)] + rng.standard_normal((n, DIM), dtype=np.float32)
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    return X


def timed(fn: Callable[[], object], *, repeat: int = 1) -> float:
    """Best wall time of ``repeat`` runs, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, fewer repeats")
    args = parser.parse_args()
    n_corpus = 20_000 if args.quick else 100_000
    n_small = 2_000 if args.quick else 10_000

    rows: list[tuple[str, str, str, str]] = []

    corpus = topic_vectors(n_corpus)
    queries = topic_vectors(100, seed=1)
    one_at_a_time = timed(lambda: [top_k(q, corpus, k=10) for q in queries[:10]], repeat=3) / 10
    rows.append(
        (
            "top_k, one query per call",
            f"{n_corpus:,} × {DIM}",
            f"{one_at_a_time * 1e3:.1f} ms/query",
            "< 50 ms",
        )
    )
    batch = timed(lambda: top_k(queries, corpus, k=10), repeat=3) / len(queries)
    rows.append(
        (
            "top_k, 100 queries per call",
            f"{n_corpus:,} × {DIM}",
            f"{batch * 1e3:.1f} ms/query",
            "< 50 ms",
        )
    )

    X = topic_vectors(n_small)
    rows.append(
        (
            "outlier_scores (k=10, exact)",
            f"{n_small:,} × {DIM}",
            f"{timed(lambda: outlier_scores(X, k=10)):.2f} s",
            "",
        )
    )
    rows.append(
        (
            "cluster_kmeans (k=20)",
            f"{n_small:,} × {DIM}",
            f"{timed(lambda: cluster_kmeans(X, k=20)):.2f} s",
            "",
        )
    )
    rows.append(
        (
            "suggest_k (2..10, sample 4,000)",
            f"{n_small:,} × {DIM}",
            f"{timed(lambda: suggest_k(X)):.2f} s",
            "",
        )
    )
    rows.append(
        (
            "cluster_hdbscan (PCA 50)",
            f"{n_small:,} × {DIM}",
            f"{timed(lambda: cluster_hdbscan(X)):.2f} s",
            "",
        )
    )

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{os.cpu_count()} CPUs, load average {load} (shared machine: times vary)\n")
    widths = [max(len(r[i]) for r in [*rows, ("step", "data", "time", "target")]) for i in range(4)]
    header = ("step", "data", "time", "target")
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))


if __name__ == "__main__":
    main()
