"""Every built-in analogy preset and batch answers right on the word model made for its
language (``ANALOGY_MODELS``), as the Analogies page asks it (``language="auto"``), with
both solvers."""

from __future__ import annotations

import pytest

from embedlab.analogy import METHODS, analogy
from embedlab.evaluation import evaluate_analogies
from embedlab.examples import (
    ANALOGY_BATCH_LANGUAGES,
    ANALOGY_BATCHES,
    ANALOGY_MODELS,
    ANALOGY_PRESETS,
)
from tests.conftest import real_model


def test_every_preset_and_batch_has_a_language_with_a_model():
    assert {p["language"] for p in ANALOGY_PRESETS.values()} == {"pt", "en"}
    assert set(ANALOGY_BATCH_LANGUAGES) == set(ANALOGY_BATCHES)
    assert set(ANALOGY_MODELS) == {"pt", "en"}


@pytest.mark.real_model
@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("name", list(ANALOGY_PRESETS))
def test_each_preset_answers_right_on_its_default_model(name, method):
    preset = ANALOGY_PRESETS[name]
    model = real_model(ANALOGY_MODELS[preset["language"]])
    answers = analogy(
        model, preset["a"], preset["b"], preset["c"], language="auto", topn=3, method=method
    )
    assert answers[0][0].casefold() == preset["expected"].casefold(), answers


@pytest.mark.real_model
@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("name", list(ANALOGY_BATCHES))
def test_each_batch_line_answers_right_on_its_default_model(name, method):
    model = real_model(ANALOGY_MODELS[ANALOGY_BATCH_LANGUAGES[name]])
    report = evaluate_analogies(
        model, ANALOGY_BATCHES[name].encode(), restrict_vocab=None, language="auto", method=method
    )
    assert report.skipped == 0, report.unknown_words
    assert not report.misses, report.misses_frame().to_string()
