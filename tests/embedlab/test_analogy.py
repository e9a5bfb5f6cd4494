"""Analogies on tiny in-memory models where the answer is known, plus one real-model check."""

from __future__ import annotations

import numpy as np
import pytest

import embedlab
from embedlab.analogy import (
    METHODS,
    analogy,
    analogy_texts,
    expected_answer,
    parallelogram,
)
from tests.conftest import make_sentence_model, make_word_model, real_model


@pytest.fixture(scope="module")
def words():
    return make_word_model()


@pytest.mark.parametrize("method", METHODS)
def test_both_solvers_find_queen(words, method):
    answers = analogy(words, "man", "king", "woman", method=method)
    assert answers[0][0] == "queen"
    assert len(answers) == 5
    scores = [s for _, s in answers]
    assert scores == sorted(scores, reverse=True)


def test_numbers_equal_gensim(words):
    kv = words.kv
    add = analogy(words, "homem", "rei", "mulher", topn=8)
    mul = analogy(words, "homem", "rei", "mulher", method="3cosmul", topn=8)
    assert add == kv.most_similar(positive=["rei", "mulher"], negative=["homem"], topn=8)
    assert mul == kv.most_similar_cosmul(positive=["rei", "mulher"], negative=["homem"], topn=8)


def test_inputs_left_out_unless_asked(words):
    excluded = [w for w, _ in analogy(words, "man", "king", "woman", topn=30)]
    assert not {"man", "king", "woman"} & set(excluded)
    included = [w for w, _ in analogy(words, "man", "king", "woman", topn=5, exclude_inputs=False)]
    assert {"king", "woman"} & set(included)  # the teaching trap: inputs crowd the answers


def test_words_are_looked_up_lowercased(words):
    assert analogy(words, "Man", "KING", "Woman")[0][0] == "queen"


def test_restrict_vocab_searches_only_the_first_words(words):
    first = set(words.kv.index_to_key[:10])
    answers = analogy(words, "man", "king", "woman", topn=20, restrict_vocab=10)
    assert {w for w, _ in answers} <= first


def test_unknown_words_are_all_named_with_spellings(words):
    with pytest.raises(embedlab.UnknownWordError) as err:
        analogy(words, "man", "kingg", "wman")
    assert err.value.words == ["kingg", "wman"]
    assert "king" in err.value.suggestions["kingg"]
    assert "kingg" in str(err.value) and "did you mean" in str(err.value)


def test_repeated_word_is_a_clear_error(words):
    with pytest.raises(embedlab.InputError, match="'man' is both a and c"):
        analogy(words, "man", "king", "man")
    with pytest.raises(embedlab.InputError, match="both a and b"):
        analogy(words, "King", "king", "woman")  # the same vocabulary key


def test_all_three_the_same_is_a_clear_error(words):
    with pytest.raises(embedlab.InputError, match="All three inputs are 'king'"):
        analogy(words, "king", "king", "king")


def test_empty_input_and_bad_options(words):
    with pytest.raises(embedlab.InputError, match="Type a word for b"):
        analogy(words, "man", " ", "woman")
    with pytest.raises(embedlab.InputError, match="Must be one of"):
        analogy(words, "man", "king", "woman", method="3cosmax")  # type: ignore[arg-type]
    with pytest.raises(embedlab.InputError, match="topn"):
        analogy(words, "man", "king", "woman", topn=0)


def test_sentence_model_needs_candidates():
    with pytest.raises(embedlab.InputError, match="sentence model.*glove-50d"):
        analogy(make_sentence_model(), "man", "king", "woman")


@pytest.mark.parametrize("method", METHODS)
def test_sentence_model_ranks_candidates(method):
    # TopicEncoder: animals share one direction, vehicles another, so
    # carro − gato + cachorro lands among the vehicles.
    model = make_sentence_model()
    answers = analogy_texts(
        model, "gato", "carro", "cachorro", ["banana", "caminhão", "leão", "carro"], method=method
    )
    assert answers[0][0] == "caminhão"
    assert "carro" not in [w for w, _ in answers]  # an input
    with_inputs = analogy_texts(
        model, "gato", "carro", "cachorro", ["banana", "carro"], exclude_inputs=False
    )
    assert with_inputs[0][0] == "carro"


def test_texts_bad_input():
    model = make_sentence_model()
    with pytest.raises(embedlab.InputError, match="at least one candidate"):
        analogy_texts(model, "a x", "b y", "c z", ["  ", ""])
    with pytest.raises(embedlab.InputError, match="Every candidate is one of the inputs"):
        analogy_texts(model, "gato", "carro", "cachorro", ["Carro", "gato"])
    with pytest.raises(embedlab.InputError, match="All three"):
        analogy_texts(model, "gato", "Gato", "gato ", ["carro"])


def test_word_model_ranks_candidates_too(words):
    answers = analogy_texts(words, "man", "king", "woman", "banana\nqueen\ncarro")
    assert answers[0][0] == "queen"


def test_expected_answer_rank_score_and_gap(words):
    top = analogy(words, "man", "king", "woman", topn=2)
    first = expected_answer(words, "man", "king", "woman", "queen")
    assert (first.rank, first.gap, first.top_word) == (1, 0.0, "queen")
    second = expected_answer(words, "man", "king", "woman", "Rainha")
    assert second.word == "rainha" and second.rank == 2
    assert second.score == pytest.approx(top[1][1])
    assert second.gap == pytest.approx(top[0][1] - top[1][1])
    assert second.searched == len(words) - 3


def test_expected_answer_errors(words):
    with pytest.raises(embedlab.UnknownWordError, match="queeen"):
        expected_answer(words, "man", "king", "woman", "queeen")
    with pytest.raises(embedlab.InputError, match="one of the inputs"):
        expected_answer(words, "man", "king", "woman", "king")
    shown = expected_answer(words, "man", "king", "woman", "king", exclude_inputs=False)
    assert shown.rank >= 1
    with pytest.raises(embedlab.InputError, match="outside the 5 most frequent"):
        expected_answer(words, "man", "king", "woman", "queen", restrict_vocab=5)


def test_expected_answer_among_candidates_is_added_when_missing():
    model = make_sentence_model()
    result = expected_answer(
        model, "gato", "carro", "cachorro", "banana", candidates=["caminhão", "leão"]
    )
    assert result.word == "banana" and result.top_word == "caminhão" and result.rank > 1
    assert result.searched == 3


def test_parallelogram_points_right_and_keeps_the_offsets(words):
    X = np.stack([words.vector(w) for w in ("man", "king", "woman", "queen")])
    coords = parallelogram(X)
    assert coords.shape == (5, 2) and coords.dtype == np.float32
    man, king, woman, queen, target = coords
    assert king[0] > man[0] and king[1] == pytest.approx(man[1], abs=1e-5)
    assert woman[1] <= man[1]
    # king − man + woman is exactly queen in this model (before scaling to unit length).
    assert np.linalg.norm(queen - target) < 0.35 * np.linalg.norm(king - man)
    with pytest.raises(embedlab.InputError, match="4 vectors"):
        parallelogram(X[:3])


@pytest.mark.real_model
@pytest.mark.parametrize("method", METHODS)
def test_glove_man_king_woman_is_queen(method):
    glove = real_model("glove-50d")
    answers = analogy(glove, "man", "king", "woman", method=method)
    assert answers[0][0] == "queen"
    assert analogy(glove, "france", "paris", "italy", method=method)[0][0] == "rome"
