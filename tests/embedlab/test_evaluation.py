"""Benchmark evaluation: equal to gensim on small models, and clear about bad files."""

from __future__ import annotations

import numpy as np
import pytest

import embedlab
from embedlab.evaluation import (
    BENCHMARKS,
    NO_SECTION,
    benchmark_path,
    evaluate_analogies,
    evaluate_word_pairs,
)
from tests.conftest import make_sentence_model, make_word_model, real_model

ROYAL = b"""\
: royalty
man king woman queen
homem rei mulher rainha
MAN KING WOMAN QUEEN
man king woman rainha
man king woman unicorn
: animals and cars
gato carro cachorro caminhao
gato carro cachorro caminh\xc3\xa3o
"""


@pytest.fixture(scope="module")
def words():
    return make_word_model()


def _mixed_case_model(seed: int = 1):
    """40 random words, some in two case variants, so folding and restrict_vocab matter."""
    from gensim.models import KeyedVectors

    rng = np.random.default_rng(seed)
    base = [f"w{i}" for i in range(34)]
    keys = base[:10] + ["W3", "Paris", "paris", "PARIS", "Rome", "rome"] + base[10:]
    kv = KeyedVectors(8)
    kv.add_vectors(keys, rng.normal(size=(len(keys), 8)).astype(np.float32))
    return kv


def _random_questions(kv, rng, n: int = 300) -> str:
    pool = [*kv.index_to_key, "W1", "w5", "PARIS", "nowhere", "ROME"]
    lines = []
    for s in range(3):
        lines.append(f": section-{s}")
        for _ in range(n // 3):
            lines.append(" ".join(rng.choice(pool, 4)))
    return "\n".join(lines) + "\n"


def _gensim_counts(sections):
    return [(s["section"], len(s["correct"]), len(s["incorrect"])) for s in sections[:-1]]


@pytest.mark.parametrize(
    ("restrict", "case_insensitive", "dummy"),
    [(None, True, False), (25, True, False), (30, False, False), (20, True, True)],
)
def test_analogies_equal_gensim(tmp_path, restrict, case_insensitive, dummy):
    kv = _mixed_case_model()
    path = tmp_path / "questions.txt"
    path.write_text(_random_questions(kv, np.random.default_rng(7)), encoding="utf-8")
    report = evaluate_analogies(
        kv, path, restrict_vocab=restrict, case_insensitive=case_insensitive, dummy4unknown=dummy
    )
    score, sections = kv.evaluate_word_analogies(
        str(path),
        restrict_vocab=restrict or len(kv),
        case_insensitive=case_insensitive,
        dummy4unknown=dummy,
    )
    assert report.accuracy == score
    mine = [(s.name, s.correct, s.total - s.correct) for s in report.sections]
    assert mine == _gensim_counts(sections)
    fold = str.upper if case_insensitive else str
    theirs = sorted(q for s in sections[:-1] for q in s["incorrect"])
    assert sorted(tuple(map(fold, (m.a, m.b, m.c, m.expected))) for m in report.misses) == theirs
    assert report.total == len(sections[-1]["correct"]) + len(sections[-1]["incorrect"])


def test_tiny_model_report(words):
    report = evaluate_analogies(words, ROYAL, restrict_vocab=None)
    royalty, cars = report.sections
    assert (royalty.name, royalty.correct, royalty.total, royalty.skipped) == ("royalty", 3, 4, 1)
    assert cars.skipped == 1 and cars.total == 1
    assert report.skipped == 2 and report.oov == 2 and report.questions == 7
    assert report.correct == 3 + cars.correct
    assert report.accuracy == pytest.approx(report.correct / report.total)
    miss = next(m for m in report.misses if m.expected == "rainha")
    assert miss.predicted == "queen" and miss.line == 5
    assert "'unicorn'" in " ".join(report.notes) and "'caminhao'" in " ".join(report.notes)
    frame = report.sections_frame()
    assert list(frame.columns) == ["section", "accuracy", "correct", "total", "skipped"]
    assert list(report.misses_frame().columns)[-2:] == ["expected", "predicted"]


def test_bytes_and_path_give_the_same_report(words, tmp_path):
    path = tmp_path / "royal.txt"
    path.write_bytes(ROYAL)
    from_bytes = evaluate_analogies(words, ROYAL, name="royal.txt")
    assert evaluate_analogies(words, path) == from_bytes
    assert evaluate_analogies(words, ROYAL).name == "The uploaded file"


def test_3cosmul_and_progress(words):
    calls = []
    report = evaluate_analogies(
        words, ROYAL, method="3cosmul", progress=lambda d, t: calls.append((d, t))
    )
    assert report.method == "3cosmul" and report.sections[0].correct == 3
    assert calls[0] == (0, 5) and calls[-1] == (5, 5)


def test_blank_and_three_word_lines_are_reported_and_skipped(words):
    text = b"man king woman queen\n\n   \nman king woman\nhomem rei mulher rainha extra\n"
    report = evaluate_analogies(words, text)
    assert report.total == 1 and report.correct == 1
    assert report.sections[0].name == NO_SECTION
    notes = " ".join(report.notes)
    assert "Skipped 2 lines with no words" in notes
    assert "2 lines without 4 words" in notes and "line 4 ('man king woman')" in notes


def test_repeated_words_are_scored_as_gensim_and_noted(words):
    report = evaluate_analogies(words, b"man man woman woman\nman king woman queen\n")
    assert report.total == 2
    assert "repeated among a, b, c in 1 line" in " ".join(report.notes)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (bytes(range(256)) * 4, "binary data"),
        (b"", "is empty"),
        (b"man king woman\nfoo\n", "no analogy questions"),
    ],
)
def test_bad_analogy_files(words, data, message):
    with pytest.raises(embedlab.FileFormatError, match=message):
        evaluate_analogies(words, data)


def test_missing_file_and_sentence_model(words, tmp_path):
    with pytest.raises(embedlab.FileFormatError, match="no file"):
        evaluate_analogies(words, tmp_path / "nope.txt")
    with pytest.raises(embedlab.InputError, match="sentence model"):
        evaluate_analogies(make_sentence_model(), ROYAL)
    with pytest.raises(embedlab.InputError, match="restrict_vocab"):
        evaluate_analogies(words, ROYAL, restrict_vocab=0)


def test_cp1252_upload_is_read(words):
    report = evaluate_analogies(words, "gato carro cachorro caminhão\n".encode("cp1252"))
    assert report.total == 1


PAIRS = """\
# word1\tword2\tscore
gato\tcachorro\t8.5
gato\tleão\t7.9
carro\tcaminhão\t8.8
banana\tuva\t7.0
gato\tcarro\t1.2
cavalo\tbanana\t0.5
King\tqueen\t9.0
king\tunicorn\t3.0
trem\tavião\t6.1
"""


@pytest.mark.parametrize(
    ("restrict", "case_insensitive", "dummy"),
    [(300_000, True, False), (20, True, False), (300_000, False, True)],
)
def test_word_pairs_equal_gensim(words, tmp_path, restrict, case_insensitive, dummy):
    path = tmp_path / "pairs.tsv"
    path.write_text(PAIRS, encoding="utf-8")
    report = evaluate_word_pairs(
        words, path, restrict_vocab=restrict, case_insensitive=case_insensitive, dummy4unknown=dummy
    )
    pearson, spearman, oov = words.kv.evaluate_word_pairs(
        str(path), restrict_vocab=restrict, case_insensitive=case_insensitive, dummy4unknown=dummy
    )
    assert report.pearson == pearson[0] and report.spearman == spearman[0]
    assert report.pearson_p == pearson[1] and report.spearman_p == spearman[1]
    assert report.oov_share * 100 == pytest.approx(oov)


def test_word_pairs_report(words):
    report = evaluate_word_pairs(words, PAIRS.encode())
    assert report.pairs == 8 and report.oov == 1
    assert list(report.table.columns) == ["word1", "word2", "human", "model"]
    assert report.table.human.tolist()[:2] == [8.5, 7.9]
    assert "'unicorn'" in " ".join(report.notes)
    assert report.pearson > 0.8  # same-topic pairs are closer in the tiny model


def test_non_numeric_scores_are_named_and_the_rest_scored(words):
    data = b"word1,word2,score\ngato,cachorro,8.5\ngato,carro,high\ncarro,trem,7\n" + (
        b"banana,uva,6\nuva,gato,x\nleao\n"
    )
    report = evaluate_word_pairs(words, data)
    assert report.pairs == 3
    notes = " ".join(report.notes)
    assert "Read line 1 as a header" in notes
    assert "2 lines where the score is not a number: line 3 ('gato,carro,high'), line 6" in notes
    assert "1 line without 3 fields" in notes


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        (b"\x00\x01\x02binary", embedlab.FileFormatError, "binary data"),
        (b"a,b,x\nc,d,y\ne,f,z\n", embedlab.FileFormatError, "no pair to score"),
        (b"gato,cachorro,1\ngato,carro,2\n", embedlab.InputError, "at least 3"),
        (b"zebra,unicorn,3\n", embedlab.FileFormatError, "out of vocabulary"),
    ],
)
def test_bad_word_pair_files(words, data, error, message):
    with pytest.raises(error, match=message):
        evaluate_word_pairs(words, data)


def test_bundled_benchmarks_exist():
    for benchmark in BENCHMARKS.values():
        assert benchmark_path(benchmark.id).is_file()
    with pytest.raises(embedlab.InputError, match="Must be one of"):
        benchmark_path("msr")


@pytest.mark.real_model
def test_glove_equals_gensim_on_a_google_section(tmp_path):
    glove = real_model("glove-50d")
    text = benchmark_path("google").read_text(encoding="utf-8").split("\n")
    start = text.index(": family")
    path = tmp_path / "family.txt"  # its first 200 questions: gensim takes ~5 ms per question
    path.write_text("\n".join(text[start : start + 201]) + "\n", encoding="utf-8")
    report = evaluate_analogies(glove, path, restrict_vocab=30_000)
    score, sections = glove.kv.evaluate_word_analogies(str(path), restrict_vocab=30_000)
    assert report.accuracy == score and report.total == 200 - report.skipped
    assert sorted(
        (m.a.upper(), m.b.upper(), m.c.upper(), m.expected.upper()) for m in report.misses
    ) == sorted(sections[0]["incorrect"])


@pytest.mark.real_model
@pytest.mark.parametrize("dataset", ["wordsim353", "simlex999"])
def test_glove_word_pairs_equal_gensim(dataset):
    glove = real_model("glove-50d")
    report = evaluate_word_pairs(glove, benchmark_path(dataset))
    pearson, spearman, oov = glove.kv.evaluate_word_pairs(str(benchmark_path(dataset)))
    assert (report.pearson, report.spearman) == (pearson[0], spearman[0])
    assert report.oov_share * 100 == pytest.approx(oov)
