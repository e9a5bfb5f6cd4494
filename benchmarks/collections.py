"""Collections at scale: import, index, search, reopen; and a real-text import.

Run: ``python benchmarks/collections.py`` (both parts; the 1,000,000-row part takes
~20-30 min on 2 shared cores), or ``--only vectors`` / ``--only text``; ``--rows`` and
``--text-rows`` shrink them. Everything is written under ``--workdir`` (a temporary
folder by default, deleted at the end unless ``--keep``).

Parts:
  vectors  ``--rows`` × ``--dim`` precomputed float32 vectors written to Parquet (seeded,
           with structure: 1,000 cluster centres in a 64-dimensional subspace, embedded
           in ``dim`` dimensions, plus noise, unit length; a ``category`` text column),
           then, each in a fresh process: the import (time, peak RSS vs the vectors'
           size), the index build, exact vs indexed search (p50/p95 ms, recall@10 of the
           index against the exact answer for several nprobes/refine settings), ``similar``
           latency, a filtered search, and reopening the collection in a fresh process
           (open + first search).
  text     ``--text-rows`` distinct real texts (news sentences of gensim's Lee corpus and
           the prose paragraphs of the installed packages' docstrings; see ``real_texts``)
           in a CSV, imported with ``create_collection`` and the default model
           (use-multilingual) in a fresh process: time, rows/s, peak RSS. Then recall@10
           of the ANN index against exact search on those real embeddings, for
           ``--text-queries`` held-out texts (not in the table) and 200 rows of the table,
           with the partition size the index has at 1,000,000 rows and several shares of
           the partitions searched (the default index type and IVF_SQ side by side).

``--reuse`` skips an import whose collection is already in ``--workdir`` (both parts).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

LATENT, CENTRES = 64, 1_000


# --------------------------------------------------------------------------- data


def write_vectors(path: Path, rows: int, dim: int, *, seed: int = 0, chunk: int = 50_000) -> float:
    """A Parquet file of structured unit vectors, written chunk by chunk; returns its MB."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = np.random.default_rng(seed)
    basis = rng.standard_normal((LATENT, dim)).astype(np.float32) / np.sqrt(LATENT)
    centres = rng.standard_normal((CENTRES, LATENT)).astype(np.float32)
    writer = None
    for start in range(0, rows, chunk):
        n = min(chunk, rows - start)
        which = rng.integers(0, CENTRES, n)
        latent = centres[which] + 0.6 * rng.standard_normal((n, LATENT), dtype=np.float32)
        X = latent @ basis + 0.15 * rng.standard_normal((n, dim), dtype=np.float32)
        X /= np.linalg.norm(X, axis=1, keepdims=True)
        table = pa.table(
            {
                "id": pa.array(np.arange(start, start + n)),
                "title": pa.array([f"document {i}" for i in range(start, start + n)]),
                "category": pa.array([f"c{w % 20}" for w in which]),
                "embedding": pa.FixedSizeListArray.from_arrays(pa.array(X.reshape(-1)), dim),
            }
        )
        if writer is None:
            writer = pq.ParquetWriter(path, table.schema)
        writer.write_table(table)
    writer.close()
    return path.stat().st_size / 2**20


def _prose(paragraph: str) -> bool:
    """True for a paragraph of running English text (not code, tables or links)."""
    if not 40 <= len(paragraph) <= 600 or not paragraph[0].isupper():
        return False
    if any(s in paragraph for s in (">>>", "::", "http", "|", "==", "->", "{", "}")):
        return False
    letters = sum(ch.isalpha() or ch == " " for ch in paragraph)
    return letters / len(paragraph) > 0.88 and paragraph.count(" ") >= 6


def real_texts(n: int, *, cache: Path | None = None) -> list[str]:
    """``n`` distinct real texts, seeded shuffle: news sentences and software documentation.

    Windows of 1-3 consecutive sentences of gensim's ``lee_background.cor`` (Australian news,
    ~8,000 texts) plus the prose paragraphs of the docstrings of every installed Python
    module (the pinned requirements: numpy, pandas, scipy, scikit-learn, torch, pyarrow,
    streamlit...; ~100,000 paragraphs), each written by a person, none repeated. Parsing the
    modules takes a few minutes: the list is kept in ``cache`` (one text per line).
    """
    import ast
    import random
    import warnings

    if cache is not None and cache.exists():
        texts = cache.read_text(encoding="utf-8").splitlines()
        if len(texts) >= n:
            return texts[:n]
    from gensim.test.utils import datapath

    raw = Path(datapath("lee_background.cor")).read_text(encoding="utf-8")
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", raw) if len(s.strip()) > 20]
    found: dict[str, None] = {}
    for size in (1, 2, 3):
        for i in range(len(sentences) - size + 1):
            found[" ".join(sentences[i : i + size])] = None
    lib = Path(sys.prefix) / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}"
    warnings.filterwarnings("ignore")
    for path in sorted(lib.rglob("*.py")):
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (SyntaxError, UnicodeDecodeError, ValueError, OSError):
            continue
        for node in ast.walk(tree):
            if not isinstance(
                node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef
            ):
                continue
            doc = ast.get_docstring(node)
            for para in re.split(r"\n\s*\n", doc or ""):
                para = " ".join(para.replace("`", "").split())
                if _prose(para):
                    found[para] = None
    texts = list(found)
    random.Random(0).shuffle(texts)
    if cache is not None:
        cache.write_text("\n".join(texts), encoding="utf-8")
    if len(texts) < n:
        raise SystemExit(f"only {len(texts):,} real texts found; ask for fewer (--text-rows)")
    return texts[:n]


# --------------------------------------------------------------------------- child processes


def run_child(code: str, env: dict[str, str]) -> dict:
    """Run ``code`` in a fresh Python; it prints one JSON line last. Returns that dict."""
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, **env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-4000:])
        raise SystemExit(f"child failed ({proc.returncode})")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["wall"] = time.perf_counter() - started
    return result


IMPORT_CODE = r"""
import json, resource, time, sys
import embedlab
from embedlab.collections import index as ann
ann.EXACT_LIMIT = 10**12  # build the index separately below, to time it on its own
t = time.perf_counter()
c = embedlab.create_collection(__KWARGS__)
t_import = time.perf_counter() - t
rss_import = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
ann.EXACT_LIMIT = __LIMIT__
t = time.perf_counter()
c._maybe_index()
t_index = time.perf_counter() - t
print(json.dumps({"import": t_import, "index": t_index, "rows": len(c), "rss_mb": rss_import,
                  "rss_after_index_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

REOPEN_CODE = r"""
import json, time
t0 = time.perf_counter()
import embedlab
import numpy as np
t1 = time.perf_counter()
c = embedlab.open_collection(__NAME__)
t2 = time.perf_counter()
q = np.random.default_rng(5).standard_normal(c.dim).astype(np.float32)
c.search(q, k=10)
t3 = time.perf_counter()
print(json.dumps({"import_embedlab": t1 - t0, "open": t2 - t1, "first_search": t3 - t2, "rows": len(c)}))
"""


# --------------------------------------------------------------------------- measurements


def percentiles(ms: list[float]) -> str:
    a = np.asarray(ms)
    return f"p50 {np.percentile(a, 50):7.1f} ms   p95 {np.percentile(a, 95):7.1f} ms"


def search_times(
    c,
    queries: np.ndarray,
    *,
    k: int = 10,
    exact: bool,
    where: str | None = None,
    nprobes: int | None = None,
    refine: int | None = None,
):
    """Per-query latency (ms) and the row numbers found, through LanceDB directly.

    ``nprobes``/``refine`` default to what the collection uses (``Collection._tune``).
    """
    times, found = [], []
    for q in queries:
        t = time.perf_counter()
        query = c.table.search(q, vector_column_name="vector").distance_type("cosine")
        if exact:
            query = query.bypass_vector_index()
        elif nprobes is None:
            query = c._tune(query)
        else:
            query = query.nprobes(nprobes).refine_factor(refine)
        if where:
            query = query.where(where, prefilter=True)
        got = query.select(["row", "_distance"]).limit(k).to_arrow()
        times.append(1000 * (time.perf_counter() - t))
        found.append(got.column("row").to_pylist())
    return times, found


def recall(found: list[list[int]], truth: list[list[int]], k: int = 10) -> float:
    return float(
        np.mean([len(set(f[:k]) & set(t[:k])) / k for f, t in zip(found, truth, strict=True)])
    )


def tune_grid(c, queries: np.ndarray, truth: list[list[int]]) -> None:
    for nprobes in (20, 40, 98, 122):
        for refine in (2, 5):
            times, found = search_times(c, queries, exact=False, nprobes=nprobes, refine=refine)
            print(
                f"    nprobes {nprobes:3d} refine {refine:2d}: recall@10 {recall(found, truth):.3f}   {percentiles(times)}"
            )


def part_vectors(work: Path, rows: int, dim: int, queries_n: int, reuse: bool = False) -> None:
    import embedlab

    print(f"\n== {rows:,} × {dim} precomputed vectors from Parquet ==")
    parquet = work / f"vectors-{rows}-{dim}.parquet"
    if not parquet.exists():
        t = time.perf_counter()
        mb = write_vectors(parquet, rows, dim)
        print(f"wrote {parquet.name}: {mb:,.0f} MB in {time.perf_counter() - t:.0f} s")
    raw_mb = rows * dim * 4 / 2**20
    env = {"EMBEDLAB_DATA_DIR": str(work / "db")}
    name = f"vec{rows}"
    kwargs = f"dict(name={name!r}, data={str(parquet)!r}, vector_column='embedding', text_column='title', overwrite=True)"
    from embedlab.collections import index as ann

    code = IMPORT_CODE.replace("__KWARGS__", "**" + kwargs).replace(
        "__LIMIT__", str(ann.EXACT_LIMIT)
    )
    if reuse and name in embedlab.list_collections(uri=env["EMBEDLAB_DATA_DIR"]):
        print("(import and index: reusing the collection of an earlier run)")
        r = None
    else:
        r = run_child(code, env)
        print(
            f"import: {r['import']:.1f} s ({rows / r['import']:,.0f} rows/s), peak RSS "
            f"{r['rss_mb']:,.0f} MB (the vectors alone are {raw_mb:,.0f} MB)"
        )
        print(
            f"index build ({ann.INDEX_TYPE}, {ann.partitions(rows)} partitions): {r['index']:.1f} s; peak RSS after {r['rss_after_index_mb']:,.0f} MB"
        )

    os.environ["EMBEDLAB_DATA_DIR"] = env["EMBEDLAB_DATA_DIR"]
    c = embedlab.open_collection(name)
    rng = np.random.default_rng(1)
    probe_rows = rng.choice(rows, size=queries_n, replace=False)
    Q = c.vectors(probe_rows) + 0.05 * rng.standard_normal((queries_n, dim)).astype(np.float32)
    search_times(c, Q[:3], exact=False)  # warm the index cache
    n_exact = min(queries_n, 30 if rows > 200_000 else queries_n)
    exact_ms, truth = search_times(c, Q[:n_exact], exact=True)
    ann_ms, found = search_times(c, Q, exact=False)
    print(f"exact search ({n_exact} queries): {percentiles(exact_ms)}")
    print(
        f"indexed search ({queries_n} queries, nprobes {ann.probes(ann.partitions(rows))}, refine {ann.REFINE_FACTOR}): {percentiles(ann_ms)}"
    )
    print(f"recall@10 indexed vs exact: {recall(found[:n_exact], truth):.3f}")
    print("  tuning grid (first queries):")
    tune_grid(c, Q[:n_exact], truth)

    t_sim = []
    for row in probe_rows[:50]:
        t = time.perf_counter()
        c.similar(int(row), k=10)
        t_sim.append(1000 * (time.perf_counter() - t))
    print(f"similar(row, k=10) through the API (50 rows): {percentiles(t_sim)}")
    t_api = []
    for q in Q[:50]:
        t = time.perf_counter()
        c.search(q, k=10)
        t_api.append(1000 * (time.perf_counter() - t))
    print(f"search(vector, k=10) through the API (returns a DataFrame): {percentiles(t_api)}")
    filt_ms, _ = search_times(c, Q[:30], exact=False, where="category = 'c3'")
    print(f"indexed search with where \"category = 'c3'\" (5% of rows): {percentiles(filt_ms)}")

    t = time.perf_counter()
    c.project("pca")
    print(
        f"project('pca') on every row (fitted on a 100,000-row sample): {time.perf_counter() - t:.1f} s"
    )
    t = time.perf_counter()
    c.cluster(k=20)
    print(
        f"cluster(k=20) (k-means on a 50,000-row sample, every row assigned): {time.perf_counter() - t:.1f} s"
    )

    reopen = [run_child(REOPEN_CODE.replace("__NAME__", repr(name)), env) for _ in range(3)]
    best = min(reopen, key=lambda x: x["open"] + x["first_search"])
    print(
        f"reopen in a fresh process: import embedlab {best['import_embedlab']:.2f} s, "
        f"open_collection {best['open']:.2f} s, first search {best['first_search']:.2f} s "
        f"(best of 3; process wall {best['wall']:.1f} s)"
    )


def part_text(work: Path, rows: int, queries_n: int = 1_000, reuse: bool = False) -> None:
    """The real-text import with the default model, then recall of the index on its vectors."""
    import pandas as pd

    import embedlab

    print(f"\n== {rows:,} real texts, default model (use-multilingual) ==")
    t = time.perf_counter()
    texts = real_texts(rows + queries_n, cache=work / "real-texts.txt")
    print(
        f"{len(texts):,} distinct real texts (news sentences + docstring paragraphs) in "
        f"{time.perf_counter() - t:.0f} s; mean length {np.mean([len(x) for x in texts]):.0f} "
        f"characters; the last {queries_n:,} are held out as queries"
    )
    table_texts, held_out = texts[:rows], texts[rows:]
    env = {"EMBEDLAB_DATA_DIR": str(work / "db")}
    name = f"text{rows}"
    if reuse and name in embedlab.list_collections(uri=env["EMBEDLAB_DATA_DIR"]):
        print("(import: reusing the collection of an earlier run)")
    else:
        csv = work / f"texts-{rows}.csv"
        pd.DataFrame({"texto": table_texts, "nota": [i % 5 + 1 for i in range(rows)]}).to_csv(
            csv, index=False
        )
        kwargs = f"dict(name={name!r}, data={str(csv)!r}, text_column='texto', overwrite=True)"
        code = IMPORT_CODE.replace("__KWARGS__", "**" + kwargs).replace("__LIMIT__", "0")
        r = run_child(code, env)
        print(
            f"import with embedding (create_collection, CSV {csv.stat().st_size / 2**20:.1f} MB): "
            f"{r['import']:.1f} s, {rows / r['import']:,.1f} rows/s (model load included), "
            f"peak RSS {r['rss_mb']:,.0f} MB; load average {os.getloadavg()[0]:.1f}"
        )
        print(f"index build on {rows:,} real embeddings: {r['index']:.1f} s")
    os.environ["EMBEDLAB_DATA_DIR"] = env["EMBEDLAB_DATA_DIR"]
    recall_study(embedlab.open_collection(name), held_out)


def recall_study(
    c,
    held_out: list[str],
    per_partition: tuple[int, ...] = (4_096,),
    index_types: tuple[str, ...] = ("IVF_RQ", "IVF_SQ"),
    shares: tuple[float, ...] = (0.08, 0.16, 0.25, 0.33, 0.4, 0.5),
) -> None:
    """Recall@10 of the ANN index vs exact on real embeddings, with 1M's partition sizes.

    The truth is an exact numpy scan. Queries: the held-out texts (embedded with the
    collection's model) and 200 rows of the table. For each size in ``per_partition``
    (rows per partition) the index is rebuilt on the collection and searched with shares
    of its partitions; each line says how many partitions that share is at 1,000,000 rows
    with the same partition size (the share is kept: see the README for why this is the
    cautious way to carry a recall over to 1M).
    """
    import embedlab
    from embedlab.collections import index as ann

    n = len(c)
    X = c.vectors()
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    rows = c.row_numbers()
    t = time.perf_counter()
    Qh = np.asarray(embedlab.load_model(c.model_id).encode(held_out), dtype=np.float32)
    print(f"{len(held_out):,} held-out queries embedded in {time.perf_counter() - t:.1f} s")
    rng = np.random.default_rng(2)
    Q = np.vstack([Qh, X[rng.choice(n, size=min(200, n), replace=False)]])
    Qn = Q / np.linalg.norm(Q, axis=1, keepdims=True)
    truth = []
    for start in range(0, len(Qn), 100):
        S = Qn[start : start + 100] @ X.T
        truth += [list(rows[top]) for top in np.argpartition(-S, 10, axis=1)[:, :10]]
    del X
    exact_ms, found = search_times(c, Q[:20], exact=True)
    print(
        f"exact search through LanceDB: {percentiles(exact_ms)}; finds "
        f"{recall(found, truth[:20]):.3f} of numpy's top 10"
    )
    held = len(held_out)
    print(f"recall@10: held-out queries ({held:,}) | rows of the table ({len(Q) - held})")
    layouts = [(kind, size) for kind in index_types for size in per_partition]
    for kind, size in layouts:
        parts, parts_1m = max(2, round(n / size)), round(1_000_000 / size)
        t = time.perf_counter()
        c.table.create_index(
            metric="cosine", vector_column_name="vector", index_type=kind,
            num_partitions=parts, replace=True, name=ann.INDEX_NAME,
        )  # fmt: skip
        default = " (the default layout)" if parts_1m == ann.partitions(1_000_000) else ""
        print(
            f"\n  {kind}, {parts} partitions of ~{size:,} rows{default}: built in "
            f"{time.perf_counter() - t:.1f} s; at 1M: {parts_1m} partitions, "
            f"the default searches {ann.probes(parts_1m)}"
        )
        search_times(c, Q[:5], exact=False, nprobes=1, refine=1)
        counts = sorted({max(1, round(s * parts)) for s in shares})
        for nprobes in counts:
            for refine in (2, 5):
                ms, got = search_times(c, Q, exact=False, nprobes=nprobes, refine=refine)
                print(
                    f"    nprobes {nprobes:3d} = {nprobes / parts:4.0%} (~{nprobes / parts * parts_1m:4.0f} "
                    f"at 1M) refine {refine}: {recall(got[:held], truth[:held]):.3f} | "
                    f"{recall(got[held:], truth[held:]):.3f}   {percentiles(ms)}"
                )
    ann.build_index(c.table, n)  # leave the default layout behind


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--only", nargs="+", choices=["vectors", "text"], default=["vectors", "text"]
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--dim", type=int, default=384)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--text-rows", type=int, default=100_000)
    parser.add_argument("--text-queries", type=int, default=1_000, help="held-out texts")
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument(
        "--reuse", action="store_true", help="reuse the collections left in --workdir"
    )
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="embedlab-coll-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"work folder: {work}; {os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f}")
    try:
        if "vectors" in args.only:
            part_vectors(work, args.rows, args.dim, args.queries, args.reuse)
        if "text" in args.only:
            part_text(work, args.text_rows, args.text_queries, args.reuse)
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
