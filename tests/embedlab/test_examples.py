"""Every built-in analogy preset and batch answers right on the word model made for its
language (``ANALOGY_MODELS``), as the Analogies page asks it (``language="auto"``)."""

from __future__ import annotations

import pytest

from embedlab.analogy import analogy
from embedlab.evaluation import evaluate_analogies
from embedlab.examples import (
    ANALOGY_BATCH_LANGUAGES,
    ANALOGY_BATCHES,
    ANALOGY_MODELS,
    ANALOGY_PRESETS,
)
from tests.conftest import real_model

# Model failures, measured (benchmarks/evaluation.py; README "Portuguese analogies"): the
# presets are right, the offline word models are not good enough yet. strict=True: a model
# that gets one right makes its test fail until it is taken off this list.
KNOWN_WRONG = {
    "walking : walked :: swimming : ?": "glove-50d answers 'athletics' (swam is #8)",
    "Portugal : Lisboa :: Brasil : ? (pt)": "use-words answers 'brasilia' (no accent; #2)",
    "França : Paris :: Itália : ? (pt)": "use-words answers 'somália' (roma is #32)",
    "menino : menina :: pai : ? (pt)": "use-words answers 'paiva' (mãe is #37)",
    "English (Google format)": "glove-50d misses 4 of 11 (cousin, daughter, athletics, larger)",
    "Português": "use-words misses 4 of 7 and lacks 'nadou' (brasilia, somália, japonesa, comido)",
}


def _known(names):
    return [
        pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=KNOWN_WRONG[n]))
        if n in KNOWN_WRONG
        else n
        for n in names
    ]


def test_every_preset_and_batch_has_a_language_with_a_model():
    assert {p["language"] for p in ANALOGY_PRESETS.values()} == {"pt", "en"}
    assert set(ANALOGY_BATCH_LANGUAGES) == set(ANALOGY_BATCHES)
    assert set(ANALOGY_MODELS) == {"pt", "en"}


@pytest.mark.real_model
@pytest.mark.parametrize("name", _known(ANALOGY_PRESETS))
def test_each_preset_answers_right_on_its_default_model(name):
    preset = ANALOGY_PRESETS[name]
    model = real_model(ANALOGY_MODELS[preset["language"]])
    answers = analogy(model, preset["a"], preset["b"], preset["c"], language="auto", topn=3)
    assert answers[0][0].casefold() == preset["expected"].casefold(), answers


@pytest.mark.real_model
@pytest.mark.parametrize("name", _known(ANALOGY_BATCHES))
def test_each_batch_line_answers_right_on_its_default_model(name):
    model = real_model(ANALOGY_MODELS[ANALOGY_BATCH_LANGUAGES[name]])
    report = evaluate_analogies(
        model, ANALOGY_BATCHES[name].encode(), restrict_vocab=None, language="auto"
    )
    assert report.skipped == 0, report.unknown_words
    assert not report.misses, report.misses_frame().to_string()
