"""Training speed of Word2Vec / FastText through embedlab, and reading speed of vector files.

Run: ``python benchmarks/training.py`` (about 5 minutes on 2 shared cores; ``--quick`` for
the Lee corpus only). Prints two tables:

1. Trainings (vector_size 100, window 5, min_count 5, 5 epochs, one worker thread = the
   reproducible setting, plus one row with 2 threads): seconds, corpus words per second
   (words × epochs / seconds, vocabulary building included), vocabulary size, and the time
   the app's estimate predicted (a 20,000-word sample of the corpus, every k-th text,
   trained for two epochs; the second gives the speed).
   Corpora, all offline, from gensim's ``test_data``:
   - ``lee``: lee_background.cor, 300 English news articles (60,005 words);
   - ``large``: every prose file there — lee_background.cor, lee.cor, head500.noblanks.cor
     (500 stemmed Wikipedia articles), pang_lee_polarity.cor (film reviews),
     para2para_text1/2.txt, alldata-id-10.txt (IMDB reviews) — repeated 3 times.
2. Reading a 300-d word2vec text file and binary file with ``embedlab.load_vectors``
   against gensim's ``KeyedVectors.load_word2vec_format``: MB/s.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from embedlab import training  # noqa: E402
from embedlab.vectors import load_vectors, save_word2vec  # noqa: E402

LARGE_FILES = (
    "lee_background.cor",
    "lee.cor",
    "head500.noblanks.cor",
    "pang_lee_polarity.cor",
    "para2para_text1.txt",
    "para2para_text2.txt",
    "alldata-id-10.txt",
)


def read_lines(name: str) -> list[str]:
    from gensim.test.utils import datapath

    text = Path(datapath(name)).read_text(encoding="utf-8", errors="replace")
    return [line for line in text.splitlines() if line.strip()]


def corpora(quick: bool) -> dict[str, training.Corpus]:
    out = {"lee": training.prepare_corpus(read_lines("lee_background.cor"), source="lee")}
    if not quick:
        texts = [line for name in LARGE_FILES for line in read_lines(name)]
        out["large"] = training.prepare_corpus(texts * 3, source="large")
    return out


def bench_training(quick: bool) -> None:
    settings = [
        ("word2vec", 0, 1),
        ("word2vec", 1, 1),
        ("fasttext", 0, 1),
        ("fasttext", 1, 1),
        ("word2vec", 0, 2),
    ]
    print(
        f"{'corpus':<7} {'words':>9} {'algorithm':<9} {'arch':<9} {'thr':>3} {'vocab':>7} "
        f"{'seconds':>8} {'words/s':>9} {'estimate s':>10}"
    )
    for name, corpus in corpora(quick).items():
        for algorithm, sg, workers in settings:
            params = training.TrainingParams(algorithm=algorithm, sg=sg, workers=workers)
            estimate = training.estimate_training_seconds(corpus, params)
            started = time.perf_counter()
            model = training.train_word_vectors(corpus, algorithm=algorithm, sg=sg, workers=workers)
            seconds = time.perf_counter() - started
            print(
                f"{name:<7} {corpus.n_tokens:>9,} {algorithm:<9} "
                f"{'skip-gram' if sg else 'CBOW':<9} {workers:>3} {len(model):>7,} "
                f"{seconds:>8.1f} {corpus.n_tokens * 5 / seconds:>9,.0f} {estimate:>10.1f}"
            )


def bench_reading(words: int = 20_000, dim: int = 300) -> None:
    from gensim.models import KeyedVectors

    rng = np.random.default_rng(0)
    kv = KeyedVectors(dim)
    kv.add_vectors([f"palavra{i}ção" for i in range(words)], rng.normal(size=(words, dim)))
    print(f"\nReading {words:,} words × {dim} dimensions")
    print(f"{'format':<16} {'MB':>6} {'embedlab s':>10} {'MB/s':>6} {'gensim s':>9} {'MB/s':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        for binary in (False, True):
            buf = io.BytesIO()
            save_word2vec(kv, buf, binary=binary)
            data = buf.getvalue()
            path = os.path.join(tmp, "v.bin" if binary else "v.txt")
            Path(path).write_bytes(data)
            mb = len(data) / 1e6
            started = time.perf_counter()
            load_vectors(data, path)
            ours = time.perf_counter() - started
            started = time.perf_counter()
            KeyedVectors.load_word2vec_format(path, binary=binary)
            theirs = time.perf_counter() - started
            label = "word2vec binary" if binary else "word2vec text"
            print(
                f"{label:<16} {mb:>6.1f} {ours:>10.2f} {mb / ours:>6.1f} {theirs:>9.2f} "
                f"{mb / theirs:>6.1f}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the Lee corpus only")
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPU cores visible\n")
    bench_training(args.quick)
    bench_reading()


if __name__ == "__main__":
    main()
