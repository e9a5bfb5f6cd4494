"""top_k before and after the one neighbour engine: time per query and peak memory.

    python benchmarks/neighbours.py            # 100,000 × 512 corpus, 1,000 queries
    python benchmarks/neighbours.py --quick    # 20,000 × 512

"Before" is the previous implementation (normalise a full copy of the corpus on every
call, score every query at once), kept here as the reference. Peak memory is what
tracemalloc sees numpy allocate during the call, as a multiple of the corpus's size.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from embedlab.neighbours import normalize, row_norms, top_k  # noqa: E402


def before_top_k(queries, corpus, *, k=10, normalized=False):
    """The implementation before this change (for comparison only)."""
    Q = np.atleast_2d(np.asarray(queries, dtype=np.float32))
    C = np.asarray(corpus, dtype=np.float32)
    k = min(k, len(C))
    scores = normalize(Q) @ (C if normalized else normalize(C)).T
    part = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    part_scores = np.take_along_axis(scores, part, axis=1)
    order = np.argsort(-part_scores, axis=1, kind="stable")
    return np.take_along_axis(part, order, axis=1), np.take_along_axis(part_scores, order, axis=1)


def per_call_ms(f, *args, repeat: int = 5, **kwargs) -> float:
    f(*args, **kwargs)
    start = time.perf_counter()
    for _ in range(repeat):
        f(*args, **kwargs)
    return (time.perf_counter() - start) / repeat * 1e3


def peak(f, *args, **kwargs) -> tuple[float, float]:
    tracemalloc.start()
    start = time.perf_counter()
    f(*args, **kwargs)
    seconds = time.perf_counter() - start
    top = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return seconds, top


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="20,000 rows instead of 100,000")
    args = parser.parse_args()
    n = 20_000 if args.quick else 100_000
    rng = np.random.default_rng(0)
    corpus = (rng.normal(size=(n, 512)) * rng.uniform(0.5, 3, size=(n, 1))).astype(np.float32)
    queries = rng.normal(size=(1000, 512)).astype(np.float32)
    unit = normalize(corpus)
    norms = row_norms(corpus)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"# top_k over {n:,} × 512 ({corpus.nbytes / 2**20:.0f} MB), load {load:.1f}")
    same = np.array_equal(before_top_k(queries[:100], corpus)[0], top_k(queries[:100], corpus)[0])
    print(f"same indices as before on 100 queries: {same}")
    print("\n| case | before | after |")
    print("|---|---:|---:|")
    q = queries[0]
    print(
        f"| 1 query, raw corpus | {per_call_ms(before_top_k, q, corpus):.1f} ms "
        f"| {per_call_ms(top_k, q, corpus):.1f} ms |"
    )
    print(
        f"| 1 query, raw corpus, norms= given | – | {per_call_ms(top_k, q, corpus, norms=norms):.1f} ms |"
    )
    print(
        f"| 1 query, normalised corpus | {per_call_ms(before_top_k, q, unit, normalized=True):.1f} ms "
        f"| {per_call_ms(top_k, q, unit, normalized=True):.1f} ms |"
    )
    for label, kw, C in (("raw", {}, corpus), ("normalised", {"normalized": True}, unit)):
        t0, p0 = peak(before_top_k, queries, C, **kw)
        t1, p1 = peak(top_k, queries, C, **kw)
        size = corpus.nbytes
        print(
            f"| 1,000 queries, {label} corpus: time, peak memory | {t0:.2f} s, "
            f"{p0 / 2**20:,.0f} MB ({p0 / size:.1f}×) | {t1:.2f} s, {p1 / 2**20:,.0f} MB ({p1 / size:.1f}×) |"
        )


if __name__ == "__main__":
    main()
