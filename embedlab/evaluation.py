"""Score a word model on the standard benchmarks: analogies and word-pair similarity.

:func:`evaluate_analogies` and :func:`evaluate_word_pairs` give the same numbers as gensim's
``KeyedVectors.evaluate_word_analogies`` / ``evaluate_word_pairs`` with the same settings:
the same case folding (words compared in upper case; of several case variants the most
frequent one's vector is used), the same ``restrict_vocab`` (questions or pairs with a word
outside the first ``restrict_vocab`` words are out of vocabulary and skipped, unless
``dummy4unknown``), the same 3CosAdd arithmetic and the same rule for the predicted word (the
best of the top 5 that is not an input in any case variant). Where gensim is silent, these
functions tell: blank lines, lines without 4 words, scores that are not numbers and binary
files are named in ``notes`` (or a :class:`FileFormatError`), and the rest is still scored.

Differences from gensim, all outside its supported input: analogy questions before the first
``: section`` line go into a section named ``(no section)`` (gensim raises), files may be bytes
(uploads) in UTF-8 or cp1252, words in word-pair files are stripped of spaces, and the
word-pair delimiter is detected (tab, comma, semicolon, else spaces) unless given.

Speed: all questions are answered in blocks of a few hundred, each block one matrix product
against the searched vocabulary.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from embedlab.analogy import (
    Method,
    _resolve_language,
    check_language,
    check_method,
    scores_against,
)
from embedlab.errors import FileFormatError, InputError
from embedlab.tables import decode_text

if TYPE_CHECKING:
    import pandas as pd
    from gensim.models import KeyedVectors

    from embedlab.models import WordModel

Progress = Callable[[int, int], None]
Source = str | os.PathLike | bytes | None
NO_SECTION = "(no section)"
_BLOCK_CELLS = 1 << 24  # scores per block (64 MB of float32): keeps memory flat for any vocab
_TOPN = 5  # gensim looks for its prediction among the 5 best answers


@dataclass(frozen=True)
class Benchmark:
    """A standard data set bundled with gensim's test data (or with embedlab).

    Attributes:
        id: short name (``"google"``, ``"wordsim353"``, ``"simlex999"``, ``"analogias-pt"``).
        title: human name.
        kind: ``"analogy"`` or ``"pairs"``.
        filename: the file in ``gensim/test/test_data`` (or ``embedlab/data``).
        description: one sentence for the page.
        language: the language of its words.
        bundled: shipped in ``embedlab/data`` rather than with gensim.
    """

    id: str
    title: str
    kind: Literal["analogy", "pairs"]
    filename: str
    description: str
    language: str = "en"
    bundled: bool = False


BENCHMARKS: dict[str, Benchmark] = {
    b.id: b
    for b in (
        Benchmark(
            "google",
            "Google analogies (19,544)",
            "analogy",
            "questions-words.txt",
            "Mikolov et al. 2013: 14 sections of 'a b c d' questions, semantic (capitals, "
            "family, currency) and syntactic (plurals, tenses, comparatives).",
        ),
        Benchmark(
            "analogias-pt",
            "Analogias em português (2,072)",
            "analogy",
            "analogias-pt.txt",
            "embedlab's Portuguese (pt-BR) set in the Google format: 5 sections of 'a b c d' "
            "questions (gênero, plural, verbo-passado, país-capital, antônimos).",
            language="pt",
            bundled=True,
        ),
        Benchmark(
            "wordsim353",
            "WordSim-353",
            "pairs",
            "wordsim353.tsv",
            "353 English word pairs rated 0–10 for relatedness by people (tiger–cat 7.35).",
        ),
        Benchmark(
            "simlex999",
            "SimLex-999",
            "pairs",
            "simlex999.txt",
            "999 English pairs rated for similarity, not relatedness (car–tyre is low).",
        ),
    )
}


def benchmark_path(benchmark_id: str) -> Path:
    """The file of a bundled benchmark.

    Raises:
        InputError: unknown id, or gensim (which ships the files) is not installed.
    """
    if benchmark_id not in BENCHMARKS:
        raise InputError(
            f"Unknown benchmark: '{benchmark_id}'. Must be one of: {list(BENCHMARKS)}."
        )
    if BENCHMARKS[benchmark_id].bundled:
        return Path(__file__).resolve().parent / "data" / BENCHMARKS[benchmark_id].filename
    spec = importlib.util.find_spec("gensim")
    if spec is None or not spec.submodule_search_locations:
        raise InputError("The standard benchmarks ship with gensim: pip install gensim")
    folder = Path(next(iter(spec.submodule_search_locations))) / "test" / "test_data"
    return folder / BENCHMARKS[benchmark_id].filename


# --------------------------------------------------------------------------- reports


@dataclass(frozen=True)
class SectionScore:
    """One section of an analogy benchmark.

    Attributes:
        name: the section's name (``capital-common-countries``...).
        correct: questions answered right.
        total: questions answered (all their words known).
        skipped: questions left out because a word is out of vocabulary.
    """

    name: str
    correct: int
    total: int
    skipped: int

    @property
    def accuracy(self) -> float:
        """``correct / total``; 0 when nothing was answered (as gensim)."""
        return self.correct / self.total if self.total else 0.0


@dataclass(frozen=True)
class Miss:
    """A question answered wrongly: the four words as in the file, and the model's answer."""

    section: str
    a: str
    b: str
    c: str
    expected: str
    predicted: str | None
    line: int


@dataclass(frozen=True)
class AnalogyReport:
    """The result of :func:`evaluate_analogies`.

    Attributes:
        name: the benchmark or file name.
        accuracy: ``correct / total`` (0..1) over the questions answered.
        correct: questions answered right.
        total: questions answered.
        skipped: questions left out as out of vocabulary (0 with ``dummy4unknown``).
        oov: questions with an out-of-vocabulary word (skipped or counted wrong).
        sections: per-section scores in file order (sections with no questions included).
        misses: every wrongly answered question with the model's answer.
        unknown_words: the out-of-vocabulary words, most frequent in the file first.
        notes: sentences about lines that were skipped or look odd.
        restrict_vocab: how many of the most frequent words were searched.
        method: the solver.
        language: the ``language`` option the answers were restricted with (None = all).
    """

    name: str
    accuracy: float
    correct: int
    total: int
    skipped: int
    oov: int
    sections: list[SectionScore]
    misses: list[Miss]
    unknown_words: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    restrict_vocab: int = 0
    method: str = "3cosadd"
    language: str | None = None

    @property
    def questions(self) -> int:
        """Valid questions in the file (answered + out of vocabulary)."""
        return self.total + self.skipped

    @property
    def oov_share(self) -> float:
        """Share (0..1) of the valid questions that had an out-of-vocabulary word."""
        return self.oov / self.questions if self.questions else 0.0

    def sections_frame(self) -> pd.DataFrame:
        """One row per section: ``section, accuracy, correct, total, skipped``."""
        import pandas as pd

        return pd.DataFrame(
            [(s.name, s.accuracy, s.correct, s.total, s.skipped) for s in self.sections],
            columns=["section", "accuracy", "correct", "total", "skipped"],
        )

    def misses_frame(self) -> pd.DataFrame:
        """One row per wrong answer: ``line, section, a, b, c, expected, predicted``."""
        import pandas as pd

        columns = ["line", "section", "a", "b", "c", "expected", "predicted"]
        return pd.DataFrame(
            [(m.line, m.section, m.a, m.b, m.c, m.expected, m.predicted) for m in self.misses],
            columns=columns,
        )


def sections_table(reports: Mapping[str, AnalogyReport]) -> pd.DataFrame:
    """Accuracy (%) per section side by side, one column per model, the total first.

    Args:
        reports: model name → its report on the same benchmark.

    Returns:
        Index ``section``; per model a column ``<model> %`` and ``<model> right`` (``7/10``).
    """
    import pandas as pd

    columns = {}
    for model, report in reports.items():
        names = ["Total", *(s.name for s in report.sections)]
        scored = [(report.correct, report.total), *((s.correct, s.total) for s in report.sections)]
        columns[f"{model} %"] = pd.Series(
            [100 * c / t if t else None for c, t in scored], index=names, dtype=float
        )
        columns[f"{model} right"] = pd.Series([f"{c}/{t}" for c, t in scored], index=names)
    table = pd.DataFrame(columns)
    table.index.name = "section"
    return table


@dataclass(frozen=True)
class WordPairsReport:
    """The result of :func:`evaluate_word_pairs`.

    Attributes:
        name: the benchmark or file name.
        spearman: Spearman rank correlation between human scores and model cosines.
        pearson: Pearson correlation.
        spearman_p, pearson_p: their two-sided p-values.
        pairs: pairs scored.
        oov: pairs with an out-of-vocabulary word.
        oov_share: ``oov`` as a share (0..1); gensim reports it in percent.
        table: ``word1, word2, human, model`` for every pair scored (model = cosine, or 0.0
            for an out-of-vocabulary pair with ``dummy4unknown``).
        unknown_words: the out-of-vocabulary words.
        notes: sentences about lines that were skipped.
    """

    name: str
    spearman: float
    pearson: float
    spearman_p: float
    pearson_p: float
    pairs: int
    oov: int
    oov_share: float
    table: pd.DataFrame
    unknown_words: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- reading


def _read_text(source: Source, default: str, what: str, name: str | None = None) -> tuple[str, str]:
    """The text of a file, bytes or bundled benchmark, and a name for messages."""
    if source is None:
        source = benchmark_path(default)
    if isinstance(source, bytes | bytearray):
        data, name = bytes(source), name or "The uploaded file"
    else:
        path = Path(source)
        if not path.is_file():
            raise FileFormatError(f"There is no file at '{path}'. Check the path.")
        data, name = path.read_bytes(), name or path.name
    if not data.strip():
        raise FileFormatError(f"{name} is empty: it should hold {what}.")
    return decode_text(data, name, fix=_want(what))[0], name


def _want(what: str) -> str:
    return f"Upload a plain-text file of {what}."


def _lines(text: str) -> list[str]:
    """Lines split on newlines only (as gensim reads files), no empty last line."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _shown(items: Sequence[tuple[int, str]], limit: int = 5) -> str:
    """``line 3 ('a b c'), line 9 (...)`` for at most ``limit`` lines."""
    parts = [f"line {n} ('{_short(t)}')" if t.strip() else f"line {n}" for n, t in items[:limit]]
    more = f" and {len(items) - limit} more" if len(items) > limit else ""
    return ", ".join(parts) + more


def _short(text: str, width: int = 40) -> str:
    text = text.strip()
    return text if len(text) <= width else text[: width - 1] + "…"


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'s' * (n != 1)}"


def _lines_word(n: int) -> str:
    return _count(n, "line")


def guess_kind(data: bytes) -> Literal["analogy", "pairs"]:
    """Whether an uploaded file holds analogies or word pairs, from its lines.

    ``: section`` lines or lines of 4 words mean analogies; lines whose last field is a
    number mean word pairs. Reads only the first 200 lines; never raises.
    """
    text = data[:200_000].decode("utf-8", errors="replace")
    lines = [line for line in text.splitlines()[:200] if line.strip() and line[0] != "#"]
    if any(line.startswith(": ") for line in lines):
        return "analogy"
    sep = _delimiter(lines)
    numeric = 0
    for line in lines:
        try:
            float((line.split(sep) if sep else line.split())[-1])
            numeric += 1
        except ValueError:
            continue
    four = sum(len(line.split()) == 4 for line in lines)
    return "pairs" if numeric > four else "analogy"


# --------------------------------------------------------------------------- vocabulary


def _vectors(model: WordModel | KeyedVectors) -> tuple[KeyedVectors, str, Any]:
    """The KeyedVectors behind ``model``, its name and the WordModel (or None)."""
    from embedlab.models import WordModel

    if isinstance(model, WordModel):
        return model.kv, model.name, model
    if hasattr(model, "index_to_key") and hasattr(model, "vectors"):
        return model, "the model", None
    raise InputError(
        f"{getattr(model, 'name', type(model).__name__)} is a sentence model: benchmarks "
        "score word vectors. Pick a word model such as glove-50d or use-words."
    )


def _searched(kv: KeyedVectors, restrict_vocab: int | None) -> int:
    if restrict_vocab is not None and restrict_vocab < 1:
        raise InputError(
            f"restrict_vocab must be at least 1 (or None for all words); got {restrict_vocab}."
        )
    size = len(kv.index_to_key)
    return size if restrict_vocab is None else min(int(restrict_vocab), size)


def _ok_vocab(kv: KeyedVectors, n: int, case_insensitive: bool) -> dict[str, int]:
    """Folded word → index of its first (most frequent) variant among the first ``n`` words."""
    ok: dict[str, int] = {}
    for i, key in enumerate(kv.index_to_key[:n]):
        ok.setdefault(str(key).upper() if case_insensitive else key, i)
    return ok


def _unknown_note(words: list[str], n: int, model: Any, size: int) -> str:
    """A sentence naming out-of-vocabulary words, with close spellings when a WordModel."""
    shown = words[:8]
    parts = []
    for w in shown:
        close = model.suggest(w) if model is not None and model.key(w) is None else []
        parts.append(f"'{w}'" + (f" (did you mean {'/'.join(close)}?)" if close else ""))
    more = f" and {len(words) - len(shown)} more" if len(words) > len(shown) else ""
    where = f"the {n:,} most frequent words" if n < size else "the vocabulary"
    return f"Not in {where}: {', '.join(parts)}{more}."


# --------------------------------------------------------------------------- analogies


@dataclass
class _Questions:
    sections: list[str] = field(default_factory=list)
    section: list[int] = field(default_factory=list)
    line: list[int] = field(default_factory=list)
    words: list[tuple[str, str, str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _parse_analogies(text: str) -> _Questions:
    """Sections and 4-word questions as gensim reads them; odd lines named in notes."""
    q = _Questions()
    blank: list[tuple[int, str]] = []
    invalid: list[tuple[int, str]] = []
    for number, line in enumerate(_lines(text), start=1):
        if line.startswith(": "):
            q.sections.append(line.lstrip(": ").strip())
            continue
        parts = line.split()
        if not parts:
            blank.append((number, line))
            continue
        if len(parts) != 4:
            invalid.append((number, line))
            continue
        if not q.sections:
            q.sections.append(NO_SECTION)
        q.section.append(len(q.sections) - 1)
        q.line.append(number)
        q.words.append(tuple(parts))  # type: ignore[arg-type]
    if blank:
        q.notes.append(f"Skipped {_lines_word(len(blank))} with no words.")
    if invalid:
        q.notes.append(
            f"Skipped {_lines_word(len(invalid))} without 4 words (a b c expected): "
            f"{_shown(invalid)}."
        )
    return q


def evaluate_analogies(
    model: WordModel | KeyedVectors,
    path: Source = None,
    *,
    restrict_vocab: int | None = 30_000,
    method: Method = "3cosadd",
    case_insensitive: bool = True,
    dummy4unknown: bool = False,
    progress: Progress | None = None,
    name: str | None = None,
    language: str | None = None,
) -> AnalogyReport:
    """Accuracy of a word model on an analogy test set ("a b c d" lines in sections).

    With ``method="3cosadd"`` the numbers equal gensim's
    ``kv.evaluate_word_analogies(path, restrict_vocab=..., case_insensitive=...,
    dummy4unknown=...)``.

    Args:
        model: a :class:`embedlab.WordModel` or a gensim ``KeyedVectors``.
        path: a file path, the file's bytes (an upload), or None for the Google analogy set
            (19,544 questions, 14 sections). Sections start with ``: name`` lines.
        restrict_vocab: search (and accept) only the first, most frequent, words; None = all.
        method: ``"3cosadd"`` (gensim's) or ``"3cosmul"``.
        case_insensitive: compare words in upper case (gensim's default).
        dummy4unknown: count questions with unknown words as wrong instead of skipping them.
        progress: called as ``progress(done, total)`` after each block of questions.
        name: what to call the file in messages and the report (e.g. an upload's name).
        language: with a vocabulary tagged by language (``use-words``), answer each question
            only with words of ``"pt"``, ``"en"``, or ``"auto"``: the language of its a, b
            and c (as :func:`embedlab.analogy`). None = all words (gensim's way).

    Returns:
        An :class:`AnalogyReport`.

    Raises:
        FileFormatError: missing, empty or binary file.
        InputError: a sentence model, no valid question, bad ``method`` or ``restrict_vocab``.

    Example:
        >>> evaluate_analogies(glove, restrict_vocab=30_000).accuracy  # doctest: +SKIP
        0.5...
    """
    check_method(method)
    check_language(language)
    kv, model_name, word_model = _vectors(model)
    text, name = _read_text(path, "google", "analogies, 4 words per line", name)
    parsed = _parse_analogies(text)
    if not parsed.words:
        raise FileFormatError(
            f"{name} has no analogy questions: each line needs 4 words, 'a b c expected' "
            "(e.g. 'Athens Greece Berlin Germany'); sections start with ': name'. "
            + " ".join(parsed.notes)
        )
    n = _searched(kv, restrict_vocab)
    ok = _ok_vocab(kv, n, case_insensitive)
    fold = str.upper if case_insensitive else str
    index = np.full((len(parsed.words), 4), -1, dtype=np.intp)
    unknown: dict[str, int] = {}
    for row, words in enumerate(parsed.words):
        for col, word in enumerate(words):
            i = ok.get(fold(word), -1)
            index[row, col] = i
            if i < 0:
                unknown[word] = unknown.get(word, 0) + 1
    known = (index >= 0).all(axis=1)
    correct = np.zeros(len(index), dtype=bool)
    predicted = np.full(len(index), -1, dtype=np.intp)
    rows = np.flatnonzero(known)
    languages, masks = _question_languages(word_model, index[rows], language, n)
    predicted[rows], correct[rows] = _answer(
        kv, n, index[rows], method, case_insensitive, progress, languages, masks
    )

    n_sections = len(parsed.sections)
    section = np.asarray(parsed.section, dtype=np.intp)
    answered = known | dummy4unknown
    counts = {
        key: np.bincount(section[mask], minlength=n_sections)
        for key, mask in (("correct", correct), ("total", answered), ("skipped", ~answered))
    }
    sections = [
        SectionScore(
            name=s,
            correct=int(counts["correct"][i]),
            total=int(counts["total"][i]),
            skipped=int(counts["skipped"][i]),
        )
        for i, s in enumerate(parsed.sections)
    ]
    names = kv.index_to_key
    misses = [
        Miss(
            section=parsed.sections[section[r]],
            a=parsed.words[r][0],
            b=parsed.words[r][1],
            c=parsed.words[r][2],
            expected=parsed.words[r][3],
            predicted=str(names[predicted[r]]) if predicted[r] >= 0 else None,
            line=parsed.line[r],
        )
        for r in np.flatnonzero(answered & ~correct)
    ]
    notes = list(parsed.notes)
    repeated = [
        (parsed.line[r], " ".join(parsed.words[r]))
        for r in rows
        if len({index[r, 0], index[r, 1], index[r, 2]}) < 3
    ]
    if repeated:
        notes.append(
            f"A word is repeated among a, b, c in {_lines_word(len(repeated))}, so the answer is "
            f"only a neighbour of an input (scored anyway, as gensim does): {_shown(repeated)}."
        )
    oov = int((~known).sum())
    if oov:
        how = "counted as wrong" if dummy4unknown else "skipped"
        notes.append(
            f"{oov:,} of {_count(len(known), 'question')} {how}: a word is out of vocabulary. "
            + _unknown_note(
                sorted(unknown, key=unknown.get, reverse=True),  # type: ignore[arg-type]
                n,
                word_model,
                len(kv.index_to_key),
            )
        )
    total = int(answered.sum())
    n_correct = int(correct.sum())
    return AnalogyReport(
        name=name,
        accuracy=n_correct / total if total else 0.0,
        correct=n_correct,
        total=total,
        skipped=int((~answered).sum()),
        oov=oov,
        sections=sections,
        misses=misses,
        unknown_words=sorted(unknown, key=unknown.get, reverse=True),  # type: ignore[arg-type]
        notes=notes,
        restrict_vocab=n,
        method=method,
        language=language,
    )


def _question_languages(
    word_model: Any, index: np.ndarray, language: str | None, n: int
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Per question the number of the language its answers are restricted to (-1 = none),
    and each language's mask over the first ``n`` words (in numbering order)."""
    none = np.full(len(index), -1, dtype=np.intp)
    if language is None or word_model is None or not word_model.languages:
        return none, {}
    keys = word_model.kv.index_to_key
    masks: dict[str, np.ndarray] = {}
    for row, idx in enumerate(index):
        lang = _resolve_language(word_model, [keys[i] for i in idx[:3]], language)
        if lang is not None:
            if lang not in masks:
                masks[lang] = word_model.language_mask(lang)[:n]
            none[row] = list(masks).index(lang)
    return none, masks


def _answer(
    kv: KeyedVectors,
    n: int,
    index: np.ndarray,
    method: Method,
    case_insensitive: bool,
    progress: Progress | None,
    languages: np.ndarray | None = None,
    masks: Mapping[str, np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Predicted vocabulary index and correctness for each question, in blocks.

    Args:
        index: ``(q, 4)`` indices of a, b, c and the expected word (first case variants).
        languages, masks: per question the number of its language in ``masks`` (-1 = all
            words), and each language's ``(n,)`` mask of allowed answers.

    Returns:
        ``(predicted (q,), correct (q,))``; predicted is -1 when nothing could be answered.
    """
    total = len(index)
    predicted = np.full(total, -1, dtype=np.intp)
    correct = np.zeros(total, dtype=bool)
    if progress is not None:
        progress(0, total)
    if total == 0:
        return predicted, correct
    kv.fill_norms()
    vectors, norms = kv.vectors[:n], kv.norms[:n]
    # canon[i]: the first variant of word i's folded form, so "King" and "king" compare equal.
    if case_insensitive:
        first: dict[str, int] = {}
        canon = np.fromiter(
            (first.setdefault(str(k).upper(), i) for i, k in enumerate(kv.index_to_key[:n])),
            dtype=np.intp,
            count=n,
        )
    else:
        canon = np.arange(n)
    copies = 1 if method == "3cosadd" else 3
    block = max(1, min(2048, _BLOCK_CELLS // (n * copies)))
    for start in range(0, total, block):
        idx = index[start : start + block]
        rows = np.arange(len(idx))
        units = [kv.vectors[idx[:, j]] / kv.norms[idx[:, j], None] for j in range(3)]
        scores = scores_against(vectors, norms, *units, method=method)
        for j in range(3):
            scores[rows, idx[:, j]] = -np.inf
        for number, mask in enumerate((masks or {}).values()):
            these = np.flatnonzero(languages[start : start + block] == number)  # type: ignore[index]
            if these.size:
                scores[np.ix_(these, np.flatnonzero(~mask))] = -np.inf
        top, top_scores = _top_rows(scores, min(_TOPN + 3, n))
        top, valid = top[:, :_TOPN], np.isfinite(top_scores[:, :_TOPN])
        folded = canon[top]
        is_input = (folded[:, :, None] == idx[:, None, :3]).any(axis=2)
        usable = valid & ~is_input
        # gensim's loop: the first usable answer, else the last one it looked at.
        last = np.maximum(valid.sum(axis=1) - 1, 0)
        pick = np.where(usable.any(axis=1), usable.argmax(axis=1), last)
        chosen = top[rows, pick]
        has = valid.any(axis=1)
        predicted[start : start + len(idx)] = np.where(has, chosen, -1)
        correct[start : start + len(idx)] = has & (canon[chosen] == idx[:, 3])
        if progress is not None:
            progress(min(start + block, total), total)
    return predicted, correct


def _top_rows(scores: np.ndarray, k: int, chunk: int = 128) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` highest scores of each row and their columns, best first.

    A full ``argpartition`` of a (rows, 30,000) block costs more than the matrix product
    that made it. Instead: the maximum of each chunk of ``chunk`` columns (one fast pass);
    the ``k`` best entries of a row lie in its ``k`` chunks with the highest maxima, so only
    those ``k * chunk`` entries are partitioned. NaN scores are never picked.

    Returns:
        ``(columns (rows, k), scores (rows, k))``.
    """
    rows, n = scores.shape
    if n <= 4 * k * chunk:
        cols = np.broadcast_to(np.arange(n), (rows, n))
        values = scores
    else:
        maxima = np.maximum.reduceat(scores, np.arange(0, n, chunk), axis=1)
        np.nan_to_num(maxima, copy=False, nan=-np.inf)
        best = np.argpartition(maxima, maxima.shape[1] - k, axis=1)[:, -k:]
        cols = (best[:, :, None] * chunk + np.arange(chunk)).reshape(rows, -1)
        inside = cols < n
        cols = np.where(inside, cols, 0)
        values = np.where(inside, np.take_along_axis(scores, cols, axis=1), -np.inf)
    values = np.nan_to_num(values, nan=-np.inf)
    m = values.shape[1]
    part = np.argpartition(values, m - k, axis=1)[:, -k:] if k < m else np.arange(m)[None, :]
    part = np.broadcast_to(part, (rows, part.shape[1]))
    part_values = np.take_along_axis(values, part, axis=1)
    order = np.argsort(-part_values, axis=1, kind="stable")
    return (
        np.take_along_axis(np.take_along_axis(cols, part, axis=1), order, axis=1),
        np.take_along_axis(part_values, order, axis=1),
    )


# --------------------------------------------------------------------------- word pairs


def _delimiter(lines: list[str]) -> str | None:
    body = [line for line in lines if line.strip() and not line.startswith("#")]
    for candidate in ("\t", ",", ";"):
        if any(candidate in line for line in body):
            return candidate
    return None


def evaluate_word_pairs(
    model: WordModel | KeyedVectors,
    path: Source = None,
    *,
    restrict_vocab: int | None = 300_000,
    case_insensitive: bool = True,
    dummy4unknown: bool = False,
    delimiter: str | None = None,
    name: str | None = None,
) -> WordPairsReport:
    """Correlation between a model's cosines and people's similarity scores.

    The numbers equal gensim's ``kv.evaluate_word_pairs(path, restrict_vocab=...,
    case_insensitive=..., dummy4unknown=...)`` (gensim's ``oov_ratio`` is in percent;
    ``oov_share`` here is 0..1).

    Args:
        model: a :class:`embedlab.WordModel` or a gensim ``KeyedVectors``.
        path: a file path, the file's bytes (an upload), or None for WordSim-353. Lines are
            ``word1, word2, score``; lines starting with ``#`` are comments. SimLex-999 is
            ``benchmark_path("simlex999")``.
        restrict_vocab: only the first, most frequent, words count as known; None = all.
        case_insensitive: compare words in upper case (gensim's default).
        dummy4unknown: give out-of-vocabulary pairs similarity 0 instead of skipping them.
        delimiter: the column separator; None = detect (tab, comma, semicolon, else spaces).
        name: what to call the file in messages and the report (e.g. an upload's name).

    Returns:
        A :class:`WordPairsReport`.

    Raises:
        FileFormatError: missing, empty or binary file, or no valid pair in it.
        InputError: a sentence model, or fewer than 2 pairs left to correlate.
    """
    from scipy import stats

    kv, _model_name, word_model = _vectors(model)
    text, name = _read_text(path, "wordsim353", "word pairs, 'word1, word2, score' per line", name)
    lines = _lines(text)
    sep = delimiter if delimiter is not None else _delimiter(lines)
    n = _searched(kv, restrict_vocab)
    ok = _ok_vocab(kv, n, case_insensitive)
    fold = str.upper if case_insensitive else str
    kv.fill_norms()
    gold: list[float] = []
    first_rows: list[int] = []
    second_rows: list[int] = []
    pairs: list[tuple[str, str]] = []
    not_three: list[tuple[int, str]] = []
    not_number: list[tuple[int, str]] = []
    unknown: dict[str, None] = {}
    header = ""
    oov = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = [p.strip() for p in (line.split(sep) if sep else line.split())]
        if len(parts) != 3:
            not_three.append((number, line))
            continue
        try:
            score = float(parts[2])
        except ValueError:
            if number == _first_line(lines):
                header = line  # a header row such as "word1,word2,score"
            else:
                not_number.append((number, line))
            continue
        if not np.isfinite(score):
            not_number.append((number, line))
            continue
        i, j = ok.get(fold(parts[0]), -1), ok.get(fold(parts[1]), -1)
        if i < 0 or j < 0:
            oov += 1
            unknown.update({w: None for w, k in ((parts[0], i), (parts[1], j)) if k < 0})
            if not dummy4unknown:
                continue
        gold.append(score)
        first_rows.append(i)
        second_rows.append(j)
        pairs.append((parts[0], parts[1]))
    notes = []
    if header:
        notes.append(f"Read line {_first_line(lines)} as a header: '{_short(header)}'.")
    if not_number:
        notes.append(
            f"Skipped {_lines_word(len(not_number))} where the score is not a number: "
            f"{_shown(not_number)}."
        )
    if not_three:
        notes.append(
            f"Skipped {_lines_word(len(not_three))} without 3 fields "
            f"(word1, word2, score): {_shown(not_three)}."
        )
    if unknown:
        notes.append(
            f"{_count(oov, 'pair')} {'scored 0' if dummy4unknown else 'skipped'}: a word is out of "
            "vocabulary. " + _unknown_note(list(unknown), n, word_model, len(kv.index_to_key))
        )
    if not gold:
        raise FileFormatError(
            f"{name} has no pair to score: each line needs 'word1, word2, score' with a "
            "number as score, and both words known to the model. " + " ".join(notes)
        )
    if len(gold) < 3:
        raise InputError(
            f"Only {len(gold)} pair{'s' * (len(gold) != 1)} could be scored: a correlation "
            "needs at least 3. " + " ".join(notes)
        )
    model_scores = _pair_cosines(kv, np.asarray(first_rows), np.asarray(second_rows))
    spearman = stats.spearmanr(gold, model_scores)
    pearson = stats.pearsonr(gold, model_scores)
    import pandas as pd

    table = pd.DataFrame(
        {
            "word1": [p[0] for p in pairs],
            "word2": [p[1] for p in pairs],
            "human": np.asarray(gold, dtype=float),
            "model": np.asarray(model_scores, dtype=float),
        }
    )
    counted = len(gold) if dummy4unknown else len(gold) + oov
    return WordPairsReport(
        name=name,
        spearman=float(spearman[0]),
        pearson=float(pearson[0]),
        spearman_p=float(spearman[1]),
        pearson_p=float(pearson[1]),
        pairs=len(gold),
        oov=oov,
        oov_share=oov / counted if counted else 0.0,
        table=table,
        unknown_words=list(unknown),
        notes=notes,
    )


def _first_line(lines: list[str]) -> int:
    """Number of the first line that is neither blank nor a comment."""
    return next(
        (n for n, line in enumerate(lines, 1) if line.strip() and not line.startswith("#")), 0
    )


def _pair_cosines(kv: KeyedVectors, first: np.ndarray, second: np.ndarray) -> list[float]:
    """Cosine of each pair as gensim's ``similarity`` rounds it; 0.0 where a row is -1."""
    known = (first >= 0) & (second >= 0)
    f64 = np.float64
    # gensim: unit vectors in float64 (BLAS nrm2/scal), cast to float32, then a float32 dot.
    u = kv.vectors[first[known]].astype(f64)
    w = kv.vectors[second[known]].astype(f64)
    with np.errstate(divide="ignore", invalid="ignore"):
        nu, nw = np.linalg.norm(u, axis=1, keepdims=True), np.linalg.norm(w, axis=1, keepdims=True)
        u = np.where(nu > 0, u * (1.0 / nu), u).astype(np.float32)
        w = np.where(nw > 0, w * (1.0 / nw), w).astype(np.float32)
    # One BLAS dot per pair, as gensim: a vectorised sum rounds differently in the last bit,
    # which can reorder near-equal cosines for Spearman. Pair files are small.
    cos = iter([float(np.dot(x, y)) for x, y in zip(u, w, strict=True)])
    return [next(cos) if k else 0.0 for k in known]
