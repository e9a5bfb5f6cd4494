"""How long maps take: PCA and UMAP on 1k, 5k and 20k points of 384-d and 512-d, plus the
first UMAP call in a fresh process (numba compilation) against a warm one.

    python benchmarks/projection.py            # everything (~10 min on 2 busy cores)
    python benchmarks/projection.py --quick    # 1k and 5k only

Data: random clustered vectors (20 centres + gaussian noise), float32, so UMAP's
neighbour graph has structure to find, like real embeddings.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def clustered(n: int, d: int, *, centres: int = 20, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    c = rng.normal(size=(centres, d)).astype(np.float32)
    X = c[rng.integers(0, centres, n)] + rng.normal(0, 0.6, (n, d)).astype(np.float32)
    return X.astype(np.float32)


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    return time.perf_counter() - start, out


# ---------------------------------------------------------------- fresh-process probe

PROBE = r"""
import json, sys, time, threading
sys.path.insert(0, {root!r})
t0 = time.perf_counter()
from embedlab.projection import project, warm_up_umap
import numpy as np
rng = np.random.default_rng(0)
X = rng.normal(size=({n}, 384)).astype(np.float32)
out = {{}}
if {warm!r}:
    t = time.perf_counter(); warm_up_umap(large={n} >= 4096); out["warm_up"] = time.perf_counter() - t
t = time.perf_counter(); import umap; out["import_umap"] = time.perf_counter() - t
t = time.perf_counter(); project(X, method="umap"); out["first"] = time.perf_counter() - t
t = time.perf_counter(); project(X, method="umap"); out["second"] = time.perf_counter() - t
print(json.dumps(out))
"""


def fresh(n: int, *, warm: bool = False, cache_dir: str | None = None) -> dict[str, float]:
    env = dict(os.environ)
    if cache_dir:
        env["NUMBA_CACHE_DIR"] = cache_dir
    code = PROBE.format(root=str(ROOT), n=n, warm=warm)
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="1k and 5k points only")
    parser.add_argument("--skip-fresh", action="store_true", help="skip fresh-process probes")
    args = parser.parse_args()

    import embedlab.projection as P

    sizes = [1000, 5000] if args.quick else [1000, 5000, 20000]
    print(f"# embedlab projection benchmark — {os.cpu_count()} cores, numpy {np.__version__}")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"# load average at start: {load:.1f}")

    if not args.skip_fresh:
        print("\n## First UMAP call in a fresh process (384-d, seconds)")
        print("| case | import umap | warm_up_umap() | first call | second call |")
        print("|---|---:|---:|---:|---:|")
        rows = [
            ("1,000 pts, cold", fresh(1000)),
            ("1,000 pts, after warm_up_umap()", fresh(1000, warm=True)),
        ]
        with tempfile.TemporaryDirectory() as cache:
            rows.append(("1,000 pts, NUMBA_CACHE_DIR, 1st process", fresh(1000, cache_dir=cache)))
            rows.append(("1,000 pts, NUMBA_CACHE_DIR, 2nd process", fresh(1000, cache_dir=cache)))
        rows.append(("5,000 pts (pynndescent), cold", fresh(5000)))
        rows.append(
            ("5,000 pts (pynndescent), after warm_up_umap(large=True)", fresh(5000, warm=True))
        )
        for name, r in rows:
            print(
                f"| {name} | {r['import_umap']:.1f} | {r.get('warm_up', float('nan')):.1f} "
                f"| {r['first']:.1f} | {r['second']:.1f} |"
            )

    print("\n## Warm timings (seconds; UMAP default n_neighbors=15, cosine; k=10 faithfulness)")
    P.warm_up_umap(large=True)
    print("| points | dim | PCA | UMAP | UMAP kNN | faithfulness | kept (UMAP) | trust (UMAP) |")
    print("|---:|---:|---:|---:|---|---:|---:|---:|")
    for n in sizes:
        for d in (384, 512):
            X = clustered(n, d)
            t_pca, _ = timed(P.project, X, method="pca")
            t_umap, Y = timed(P.project, X, method="umap")
            t_f, f = timed(P.faithfulness, X, Y)
            knn = "exact (here)" if n < P.EXACT_KNN_LIMIT else "pynndescent"
            sampled = f.kept_per_point is None
            print(
                f"| {n:,} | {d} | {t_pca:.2f} | {t_umap:.1f} | {knn} | {t_f:.1f} "
                f"| {f.kept:.2f}{'*' if sampled else ''} "
                f"| {f.trustworthiness:.2f}{'*' if n > P.TRUST_EXACT_LIMIT else ''} |"
            )
            sys.stdout.flush()
    print("\n* estimated from a sample of 1,000 points")


if __name__ == "__main__":
    main()
