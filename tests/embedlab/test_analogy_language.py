"""Analogies in one language of a multilingual vocabulary, the Portuguese analogy file,
use-words' language tags and its one-build-per-server lock."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

import embedlab
from embedlab.analogy import analogy, analogy_language, expected_answer, solve
from embedlab.evaluation import BENCHMARKS, _parse_analogies, benchmark_path, evaluate_analogies
from embedlab.progress import TimeLeft
from tests.conftest import make_bilingual_word_model, make_word_model


@pytest.fixture(scope="module")
def words():
    return make_bilingual_word_model()


# --------------------------------------------------------------------------- language filter


def test_all_words_let_the_english_word_win(words):
    assert analogy(words, "homem", "rei", "mulher")[0][0] == "king"


@pytest.mark.parametrize("language", ["pt", "auto"])
@pytest.mark.parametrize("method", ["3cosadd", "3cosmul"])
def test_portuguese_only_answers_rainha(words, language, method):
    answers = analogy(words, "homem", "rei", "mulher", language=language, method=method, topn=20)
    assert answers[0][0] == "rainha"
    assert all("pt" in words.word_languages(w) for w, _ in answers)


def test_english_restriction_answers_in_english(words):
    answers = analogy(words, "man", "king", "woman", language="auto", topn=20)
    assert answers[0][0] == "queen"
    assert all("en" in words.word_languages(w) for w, _ in answers)
    assert analogy(words, "homem", "rei", "mulher", language="en")[0][0] == "king"


def test_auto_detects_the_language_of_the_inputs(words):
    assert analogy_language(words, "homem", "rei", "mulher") == "pt"
    assert analogy_language(words, "man", "king", "woman") == "en"
    # Mixed inputs share no language: every word is a candidate.
    assert analogy_language(words, "man", "rei", "mulher") is None
    # A word of both lists goes with the others; of two shared languages the one most
    # inputs are used in most wins.
    assert analogy_language(words, "paris", "lisboa", "homem") == "pt"
    assert analogy_language(words, "paris", "animal", "london") == "en"
    assert analogy_language(words, "homem", "rei", "mulher", language=None) is None


def test_untagged_vocabulary_ignores_language():
    plain = make_word_model()
    assert not plain.languages
    assert analogy_language(plain, "man", "king", "woman") is None
    assert analogy(plain, "man", "king", "woman", language="pt")[0][0] == "queen"


def test_bad_languages_are_named(words):
    with pytest.raises(embedlab.InputError, match="Unknown language: 'fr'"):
        analogy(words, "homem", "rei", "mulher", language="fr")
    tagged_pt_only = make_bilingual_word_model()
    tagged_pt_only._tags = [("pt",)] * len(tagged_pt_only)
    with pytest.raises(embedlab.InputError, match="no words tagged 'en'"):
        analogy(tagged_pt_only, "homem", "rei", "mulher", language="en")


def test_word_languages_must_match_the_vocabulary():
    base = make_word_model()
    with pytest.raises(embedlab.InputError, match="one tuple of language codes per"):
        embedlab.WordModel(base.kv, id="x", name="x", word_languages=[("pt",)])


def test_expected_answer_outside_the_language_is_explained(words):
    hit = expected_answer(words, "homem", "rei", "mulher", "rainha", language="auto")
    assert hit.rank == 1 and hit.top_word == "rainha"
    with pytest.raises(embedlab.InputError, match="not among the 'pt' words"):
        expected_answer(words, "homem", "rei", "mulher", "king", language="auto")
    found = solve(words, "homem", "rei", "mulher", expected="king", language="auto")
    assert found.answers[0][0] == "rainha" and found.language == "pt"
    assert "not among the 'pt' words" in found.expected_problem
    assert solve(words, "homem", "rei", "mulher").language is None


def test_evaluate_restricts_each_question_to_its_language(words):
    data = b": pt\nhomem rei mulher rainha\n"
    everything = evaluate_analogies(words, data, restrict_vocab=None)
    auto = evaluate_analogies(words, data, restrict_vocab=None, language="auto")
    assert everything.correct == 0 and everything.misses[0].predicted == "king"
    assert auto.correct == 1 and auto.language == "auto"
    with pytest.raises(embedlab.InputError, match="Unknown language"):
        evaluate_analogies(words, data, language="xx")


# --------------------------------------------------------------------------- the pt file


def test_portuguese_file_is_a_benchmark_with_its_sections():
    spec = BENCHMARKS["analogias-pt"]
    assert spec.kind == "analogy" and spec.language == "pt"
    path = benchmark_path("analogias-pt")
    parsed = _parse_analogies(path.read_text(encoding="utf-8"))
    assert len(parsed.words) >= 200 and not parsed.notes
    assert set(parsed.sections) >= {
        "gênero",
        "plural",
        "verbo-passado",
        "país-capital",
        "antônimos",
    }
    assert ("homem", "mulher", "rei", "rainha") in parsed.words
    assert all(len(set(w.casefold() for w in q)) == 4 for q in parsed.words)
    per_section = np.bincount(parsed.section)
    assert per_section.min() >= 40


# --------------------------------------------------------------------------- use-words tags


def test_use_words_tags_languages_and_drops_loanwords():
    from embedlab.models.use_words import _use_words_vocabulary

    words, tags = _use_words_vocabulary(3000)
    lang = dict(zip(words, tags, strict=True))
    assert lang["de"] == ("pt",) and lang["the"] == ("en",)
    assert lang["rei"] == ("pt",) and lang["king"] == ("en",)  # king: a loanword in pt text
    assert "reina" not in lang  # Spanish quoted in Portuguese text
    assert set(lang["paris"]) == {"pt", "en"}
    assert len(words) == len(set(words))


def test_capital_weights_lean_names_on_their_capital_within_the_floor():
    from embedlab.models.use_words import _SPELLING_FLOOR, capital_weights

    scores = {"lisboa": -30.0, "Lisboa": -8.0, "falar": -6.0, "Falar": -14.0, "rio": -9.0}
    scores["Rio"] = -9.0
    w = capital_weights(scores.__getitem__, ["lisboa", "falar", "rio"])
    assert w.dtype == np.float32
    assert w[0] == pytest.approx(1 - _SPELLING_FLOOR, abs=1e-4)  # a name: its capital
    assert w[1] == pytest.approx(_SPELLING_FLOOR, abs=1e-3)  # a verb: its lowercase forms
    assert w[2] == pytest.approx(0.5)  # as likely either way


def test_encode_words_mixes_lowercase_and_capitalised_spellings_by_weight():
    from embedlab.models.use_words import _spellings, encode_words

    axes = {}

    def encode(texts):
        # every spelling of "gato" gets its own axis: the mix is readable from the vector
        out = np.zeros((len(texts), 8), np.float32)
        for i, text in enumerate(texts):
            out[i, axes.setdefault(text, len(axes))] = 2.0  # not unit: encode_words scales
        return out

    assert _spellings("gato") == ("gato", '"gato"', "GATO", "Gato")
    assert _spellings("cat", "en") == ("cat", "cat.", "- cat", "Cat")
    lower, upper, half = encode_words(encode, ["gato", "gato", "gato"], capital=[0.0, 1.0, 0.5])
    assert np.allclose(np.linalg.norm([lower, upper, half], axis=1), 1.0)
    assert np.allclose(lower[:3], 1 / np.sqrt(3)) and lower[3] == 0  # the 3 lowercase forms
    assert upper[3] == pytest.approx(1.0) and np.allclose(upper[:3], 0)
    assert half[3] == pytest.approx(np.sqrt(0.5))  # equal parts of two unit vectors
    english = encode_words(encode, ["gato"], capital=[0.0], languages=["en"])[0]
    assert english[axes["gato."]] > 0 and english[axes['"gato"']] == 0  # other lowercase forms
    assert encode_words(encode, []).shape == (0, 0)
    with pytest.raises(ValueError, match="2 weights for 1 words"):
        encode_words(encode, ["gato"], capital=[0.5, 0.5])


def test_answer_languages_keep_dictionary_words_and_names_only():
    from embedlab.models.use_words import answer_languages

    dictionary = {"rainha", "mãe", "falou"}
    words = ["rainha", "paiva", "brasilia", "lisboa", "paris", "the", "mãe"]
    tags = [("pt",), ("pt",), ("pt",), ("pt",), ("pt", "en"), ("en",), ("pt",)]
    capital = [0.2, 0.45, 0.3, 0.8, 0.7, 0.2, 0.2]  # lisboa and paris: names
    got = answer_languages(words, tags, capital, known=lambda w, lang: w in dictionary)
    assert got == [("pt",), (), (), ("pt",), ("pt", "en"), ("en",), ("pt",)]


def test_answer_languages_use_simplemma_by_default():
    from embedlab.models.use_words import answer_languages

    got = answer_languages(["rainha", "paiva"], [("pt",), ("pt",)], [0.2, 0.2])
    assert got == [("pt",), ()]


def test_words_left_out_of_the_answers_can_still_be_typed():
    from gensim.models import KeyedVectors

    from embedlab.models import WordModel

    base = make_bilingual_word_model()
    keys = base.kv.index_to_key
    tags = [base.word_languages(k) for k in keys]
    answers = [() if k == "rainha" else t for k, t in zip(keys, tags, strict=True)]
    kv = KeyedVectors(base.dim)
    kv.add_vectors(keys, base.kv.vectors)
    m = WordModel(kv, id="t", name="T", word_languages=tags, answer_languages=answers)
    assert not m.language_mask("pt")[keys.index("rainha")]
    assert m.word_languages("rainha") == ("pt",)  # still Portuguese as an input
    found = analogy(m, "homem", "rei", "mulher", language="auto", topn=20)
    assert "rainha" not in dict(found) and found
    assert analogy(m, "mulher", "rainha", "homem", language="auto")  # typed as an input
    with pytest.raises(embedlab.InputError, match="not among the 'pt' words"):
        expected_answer(m, "homem", "rei", "mulher", "rainha", language="auto")
    with pytest.raises(embedlab.InputError, match="answer_languages has 1 entries"):
        WordModel(kv, id="t", name="T", word_languages=tags, answer_languages=[("pt",)])
    with pytest.raises(embedlab.InputError, match="needs word_languages"):
        WordModel(kv, id="t", name="T", answer_languages=answers)


class _FakeUse:
    """Stands in for USE: slow enough that a second builder has to wait."""

    calls = 0

    def encode(self, texts):
        type(self).calls += 1
        time.sleep(0.05)
        rng = np.random.default_rng(len(texts))
        return rng.normal(size=(len(texts), 8)).astype(np.float32)


def test_concurrent_builders_build_once_and_wait_with_progress(monkeypatch, tmp_path):
    from embedlab import models
    from embedlab.models import use_words

    monkeypatch.setenv("EMBEDLAB_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(models, "USE_WORDS_PER_LANGUAGE", 600)  # tiny: a few batches
    monkeypatch.setattr(use_words, "_POLL_SECONDS", 0.02)
    monkeypatch.setattr(use_words, "_load_use", lambda: _FakeUse())
    _FakeUse.calls = 0
    reports: dict[str, list] = {"first": [], "second": []}
    results = {}

    def build(name):
        results[name] = use_words.build_use_words(
            progress=lambda done, total: reports[name].append((done, total))
        )

    first = threading.Thread(target=build, args=("first",))
    first.start()
    while not reports["first"]:
        time.sleep(0.01)
    second = threading.Thread(target=build, args=("second",))
    second.start()
    first.join(60)
    second.join(60)
    assert results["first"] == results["second"] == use_words.use_words_path()
    batches = -(-len(use_words._use_words_vocabulary(600)[0]) // use_words._WORDS_PER_BATCH)
    assert _FakeUse.calls == batches  # one build, not two
    assert reports["second"], "the waiting builder saw the first one's progress"
    total = reports["first"][-1][1]
    assert all(t == total for _, t in reports["second"])
    assert not list(tmp_path.glob("*.partial")) and not list(tmp_path.glob("*.progress"))
    model = models.load_model("use-words")
    assert len(model) == total and set(model.languages) == {"pt", "en"}
    assert not models.needs_preparation("use-words")


def test_without_the_tokenizer_scores_every_word_answers_in_its_languages(monkeypatch, tmp_path):
    from embedlab import models
    from embedlab.models import use_words

    monkeypatch.setenv("EMBEDLAB_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(use_words, "_load_use", lambda: _FakeUse())
    monkeypatch.setattr(use_words, "_use_log_probability", lambda: None)
    folder = use_words.build_use_words(per_language=60)
    read = (folder / "answers.txt").read_text(encoding="utf-8")
    assert read == (folder / "languages.txt").read_text(encoding="utf-8")
    monkeypatch.setattr(models, "USE_WORDS_PER_LANGUAGE", 60)
    assert models.load_model("use-words").language_mask("pt").sum() > 50


def test_old_cache_folders_are_not_read(monkeypatch, tmp_path):
    from embedlab import models

    monkeypatch.setenv("EMBEDLAB_CACHE_DIR", str(tmp_path))
    (tmp_path / "use-words-20000").mkdir()  # the v1 layout: no languages.txt
    old = tmp_path / "use-words-v2-20000"  # v2: two equally weighted spellings, no answers.txt
    old.mkdir()
    for name in ("words.txt", "vectors.npy", "languages.txt"):
        (old / name).write_text("")
    assert models.use_words_path().name == "use-words-v3-20000"
    assert models.needs_preparation("use-words")


# --------------------------------------------------------------------------- time left


def test_time_left_waits_for_a_measured_rate_and_grows_when_slower():
    ticks = iter([0.0, 100.0, 110.0, 120.0, 160.0])
    left = TimeLeft(margin=1.0, slack=0.0, clock=lambda: next(ticks))
    assert left.update(0, 1000) is None  # model loading: no rate yet
    assert left.update(100, 1000) == pytest.approx(900.0)  # 100 per 100 s after the baseline
    left.update(200, 1000)
    fast = left.update(300, 1000)
    slow = left.update(350, 1000)  # the machine got busy: the estimate must not shrink
    assert slow > fast


def test_time_left_margin_makes_it_pessimistic():
    ticks = iter([0.0, 10.0])
    left = TimeLeft(clock=lambda: next(ticks))
    left.update(100, 1000)
    assert left.update(200, 1000) > 80.0  # the plain estimate
