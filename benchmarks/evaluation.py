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

Then, for the default Portuguese word model (``use-words``), the Portuguese analogy file
(``analogias-pt``, 2,072 questions in 5 sections): accuracy per section for 3CosAdd and
3CosMul, with answers from all words or from the questions' language (``language="auto"``),
the whole vocabulary or its 30,000 most frequent words, as a Markdown table for the README;
then use-words' WordSim-353 and SimLex-999 Spearman (its English side), so a change made for
Portuguese analogies can be seen not to spoil similarity. ``--portuguese-only`` runs just
that part (the first run builds use-words: minutes).
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
    parser.add_argument("--portuguese-only", action="store_true")
    args = parser.parse_args()
    restrict = args.restrict_vocab
    if args.portuguese_only:
        portuguese()
        return

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
    print()
    portuguese()


def portuguese() -> None:
    """The Portuguese analogy file on use-words, per section, as a Markdown table."""
    print(f"cores: {os.cpu_count()}, load average: {os.getloadavg()[0]:.1f}")
    started = time.perf_counter()
    building = embedlab.models.needs_preparation("use-words")
    model = embedlab.load_model("use-words")
    what = "built and loaded" if building else "loaded"
    print(f"use-words {what} in {time.perf_counter() - started:.1f} s ({len(model):,} words)\n")
    path = benchmark_path("analogias-pt")
    runs = {}
    for language in (None, "auto"):
        for restrict in (None, 30_000):
            for method in ("3cosadd", "3cosmul"):
                report, seconds = _timed(
                    lambda language=language, restrict=restrict, method=method: (
                        embedlab.evaluate_analogies(
                            model, path, restrict_vocab=restrict, method=method, language=language
                        )
                    )
                )
                runs[(language, restrict, method)] = report
                print(
                    f"language={language!s:5} restrict_vocab={restrict!s:6} {method}: "
                    f"{100 * report.accuracy:5.1f}% ({report.correct:,}/{report.total:,}, "
                    f"skipped {report.skipped:,}), {seconds:.1f} s"
                )
    print(
        "\n| section | questions | "
        + " | ".join(
            f"{'3CosAdd' if m == '3cosadd' else '3CosMul'}, {'pt words' if lang else 'all words'}"
            f"{', top 30k' if r else ''}"
            for (lang, r, m) in runs
        )
        + " |"
    )
    print("|---|---:|" + "---:|" * len(runs))
    first = next(iter(runs.values()))
    for i, section in enumerate(first.sections):
        cells = [f"{100 * rep.sections[i].accuracy:.0f} %" for rep in runs.values()]
        print(f"| {section.name} | {section.total:,} | " + " | ".join(cells) + " |")
    cells = [f"**{100 * rep.accuracy:.1f} %**" for rep in runs.values()]
    print(f"| **all** | {first.total:,} | " + " | ".join(cells) + " |")
    print()
    for name in ("wordsim353", "simlex999"):
        pairs = embedlab.evaluate_word_pairs(model, benchmark_path(name))
        print(
            f"use-words {name}: spearman {pairs.spearman:.3f}, pearson {pairs.pearson:.3f}, "
            f"OOV {100 * pairs.oov_share:.1f}%"
        )


if __name__ == "__main__":
    main()
