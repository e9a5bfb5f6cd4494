"""The light language guess behind the "this model does not read Portuguese" warning."""

from __future__ import annotations

import pytest

from embedlab.language import guess_language, uncovered_language


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["gato", "cachorro", "carro"], "pt"),
        (["O gato está dormindo no sofá", "Está chovendo muito hoje"], "pt"),
        (["cat", "dog", "car", "truck", "king", "queen"], "en"),
        (["Machine learning is fun", "It is raining today"], "en"),
        (["Machine learning is fun", "Aprendizado de máquina é divertido"], None),
        (["2024", "🙂"], None),
        ([], None),
    ],
)
def test_guess(texts, expected):
    assert guess_language(texts) == expected


def test_uncovered_language_only_for_models_that_miss_it():
    pt = ["O gato está dormindo no sofá", "Um gato dorme em cima do sofá"]
    assert uncovered_language(("en",), pt) == "pt"
    assert uncovered_language(("pt", "en"), pt) is None
    assert uncovered_language(("multilingual",), pt) is None
    assert uncovered_language(("en",), ["The cat sleeps"]) is None


def test_stop_words_decide_without_wordfreq(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_wordfreq(name, *args, **kwargs):
        if name == "wordfreq":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_wordfreq)
    assert guess_language(["O gato está no sofá da casa"]) == "pt"
    assert guess_language(["The cat is on the sofa of the house"]) == "en"
