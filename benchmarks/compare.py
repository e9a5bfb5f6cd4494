"""Comparing two models: time of compare_models / compare_vectors, and the README's numbers.

    python benchmarks/compare.py             # everything below
    python benchmarks/compare.py --quick     # 200 and 2,000 items only, no MiniLM

1. ``compare_models`` with GloVe 50d against the USE word vectors on the most frequent
   English words (wordfreq) that both vocabularies hold: 200 / 2,000 / 20,000 items (or as
   many as are shared). Both are word models, so this times the comparison plus lookups,
   not a neural encoder. ``use-words`` is built once into ~/.cache/embedlab (~3 min).
2. ``compare_vectors`` on random 20,000 × 512 vs 20,000 × 384 vectors, with the peak memory
   numpy allocates (tracemalloc): no (n, n) matrix is ever built.
3. ``compare_models`` with the multilingual USE against itself on 200 sentences, to show
   what a sentence encoder's embedding costs next to the comparison.
4. Translation precision@1/@5 on the page's Portuguese–English preset (72 pairs) for
   use-multilingual, use-words and (unless --quick) all-MiniLM-L6-v2.
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
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import embedlab  # noqa: E402
from embedlab.compare import compare_vectors, translation_precision  # noqa: E402
from embedlab.examples import COMPARE_SENTENCES, TRANSLATION_PAIRS  # noqa: E402


def shared_english_words(a, b, n: int) -> list[str]:
    """The ``n`` most frequent English words both word models know (fewer if not shared)."""
    from wordfreq import top_n_list

    words = [w for w in top_n_list("en", 60_000) if w.isalpha() and w in a and w in b]
    return words[:n]


def timed(f, *args, **kwargs):
    start = time.perf_counter()
    out = f(*args, **kwargs)
    return out, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="skip 20,000 items and MiniLM")
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs; numpy {np.__version__}\n")

    glove = embedlab.load_model("glove-50d")
    use_words = embedlab.load_model("use-words")
    sizes = (200, 2_000) if args.quick else (200, 2_000, 20_000)
    words = shared_english_words(glove, use_words, max(sizes))
    print(f"1. compare_models(glove-50d, use-words), k = 10 ({len(words):,} shared words)")
    print("   items | seconds | overlap | spearman |   cka")
    for size in sizes:
        result, seconds = timed(embedlab.compare_models, words[:size], glove, use_words, k=10)
        note = " (sampled)" if result.spearman_estimated else ""
        print(
            f"  {result.n:6,} | {seconds:7.2f} | {result.overlap:7.3f} | "
            f"{result.spearman:8.3f} | {result.cka:5.3f}{note}"
        )

    if not args.quick:
        rng = np.random.default_rng(0)
        X_a = rng.normal(size=(20_000, 512)).astype(np.float32)
        X_b = np.hstack([X_a[:, :384] @ np.linalg.qr(rng.normal(size=(384, 384)))[0]])
        X_b = X_b.astype(np.float32)
        tracemalloc.start()
        result, seconds = timed(compare_vectors, X_a, X_b, k=10)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(
            f"\n2. compare_vectors 20,000 × 512 vs 20,000 × 384: {seconds:.1f} s, peak "
            f"{peak / 2**20:,.0f} MB (an (n, n) float64 matrix would be "
            f"{20_000**2 * 8 / 2**20:,.0f} MB); overlap {result.overlap:.3f}"
        )

    use = embedlab.load_model("use-multilingual")
    sentences = (COMPARE_SENTENCES["pt"] + COMPARE_SENTENCES["en"]) * 5
    sentences = [f"{s} ({i})" for i, s in enumerate(sentences[:200])]
    result, seconds = timed(embedlab.compare_models, sentences, use, use, k=10)
    print(f"\n3. compare_models(use-multilingual, itself), 200 sentences: {seconds:.1f} s")

    print("\n4. Translation precision on the pt–en preset (72 pairs), both directions")
    models = ["use-multilingual", "use-words"] + ([] if args.quick else ["minilm-l6"])
    for model_id in models:
        model = embedlab.load_model(model_id)
        scores = translation_precision(TRANSLATION_PAIRS, model)
        cells = ", ".join(f"{d} @1 {p[1]:.0%} @5 {p[5]:.0%}" for d, p in scores.precision.items())
        print(f"   {model_id:17} {cells}; skipped {len(scores.skipped)}")


if __name__ == "__main__":
    main()
