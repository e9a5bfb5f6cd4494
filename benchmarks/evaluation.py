"""Benchmark evaluation: embedlab against gensim on glove-50d, numbers and time.

Run: ``python benchmarks/evaluation.py`` (~2-4 min on 2 shared cores: gensim's loop over the
Google set is the slow part); ``--skip-gensim-analogies`` leaves that part out.

Prints, for GloVe 6B 50d:
  - the whole Google analogy set (19,544 questions, 14 sections), restrict_vocab=30,000:
    accuracy, answered and skipped questions, and seconds, for ``embedlab.evaluate_analogies``
    (vectorised, 3CosAdd; then 3CosMul) and gensim's ``evaluate_word_analogies``, and whether
    the two agree question by question (target: equal, and embedlab < 30 s);
  - WordSim-353 and SimLex-999: Spearman, Pearson and OOV share from
    ``embedlab.evaluate_word_pairs`` and gensim's ``evaluate_word_pairs`` (defaults).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import embedlab  # noqa: E402
from embedlab.evaluation import benchmark_path  # noqa: E402


def _timed(fn):
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-gensim-analogies", action="store_true")
    parser.add_argument("--restrict-vocab", type=int, default=30_000)
    args = parser.parse_args()
    restrict = args.restrict_vocab

    print(f"cores: {os.cpu_count()}, load average: {os.getloadavg()[0]:.1f}")
    glove, seconds = _timed(lambda: embedlab.load_model("glove-50d"))
    print(f"glove-50d loaded in {seconds:.1f} s ({len(glove):,} words)\n")
    google = benchmark_path("google")

    print(f"Google analogies, restrict_vocab={restrict:,}")
    mine, t_mine = _timed(lambda: embedlab.evaluate_analogies(glove, restrict_vocab=restrict))
    print(
        f"  embedlab 3CosAdd: accuracy {mine.accuracy:.4f} ({mine.correct:,}/{mine.total:,}), "
        f"skipped {mine.skipped:,}, {t_mine:.1f} s"
    )
    mul, t_mul = _timed(
        lambda: embedlab.evaluate_analogies(glove, restrict_vocab=restrict, method="3cosmul")
    )
    print(
        f"  embedlab 3CosMul: accuracy {mul.accuracy:.4f} ({mul.correct:,}/{mul.total:,}), "
        f"{t_mul:.1f} s (gensim has no 3CosMul evaluation)"
    )
    if not args.skip_gensim_analogies:
        (score, sections), t_gensim = _timed(
            lambda: glove.kv.evaluate_word_analogies(str(google), restrict_vocab=restrict)
        )
        total = sections[-1]
        answered = len(total["correct"]) + len(total["incorrect"])
        print(
            f"  gensim   3CosAdd: accuracy {score:.4f} ({len(total['correct']):,}/{answered:,}), "
            f"{t_gensim:.1f} s"
        )
        same_sections = all(
            (s.name, s.correct, s.total - s.correct)
            == (g["section"], len(g["correct"]), len(g["incorrect"]))
            for s, g in zip(mine.sections, sections[:-1], strict=True)
        )
        misses = {(m.a, m.b, m.c, m.expected) for m in mine.misses}
        theirs = {q for g in sections[:-1] for q in g["incorrect"]}
        same_misses = {tuple(w.upper() for w in q) for q in misses} == theirs
        print(
            f"  equal: accuracy {mine.accuracy == score}, every section {same_sections}, "
            f"every wrong question {same_misses}; speed-up {t_gensim / t_mine:.0f}x"
        )
    print("  per section (embedlab):")
    for s in mine.sections:
        print(
            f"    {s.name:28s} {100 * s.accuracy:5.1f}%  {s.correct:5,}/{s.total:<5,} skipped {s.skipped:,}"
        )

    for name in ("wordsim353", "simlex999"):
        path = benchmark_path(name)
        report, t_report = _timed(lambda path=path: embedlab.evaluate_word_pairs(glove, path))
        (pearson, spearman, oov), t_g = _timed(
            lambda path=path: glove.kv.evaluate_word_pairs(str(path))
        )
        print(f"\n{name}")
        print(
            f"  embedlab: spearman {report.spearman:.6f}, pearson {report.pearson:.6f}, "
            f"OOV {100 * report.oov_share:.2f}% ({report.pairs} pairs), {t_report:.2f} s"
        )
        print(
            f"  gensim:   spearman {spearman[0]:.6f}, pearson {pearson[0]:.6f}, "
            f"OOV {oov:.2f}%, {t_g:.2f} s"
        )
        print(f"  equal: {report.spearman == spearman[0] and report.pearson == pearson[0]}")


if __name__ == "__main__":
    main()
