"""A light guess of a text's language (Portuguese or English), to warn when a model does not
cover it (an English-only sentence model on Portuguese text gives unreliable similarities).

Words are scored with ``wordfreq``'s frequency lists (a word frequent in one language and rare
in the other votes for it); without wordfreq, stop words vote instead.

>>> guess_language(["gato", "cachorro", "carro"]), guess_language(["The cat sleeps on the sofa"])
('pt', 'en')
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from embedlab.tokens import stop_words, tokenize

Language = Literal["pt", "en"]
NAMES = {"pt": "Portuguese", "en": "English"}
_MAX_WORDS = 400
_MARGIN = 0.5  # Zipf units (log10 of frequency per billion words)


def _votes(words: list[str]) -> tuple[int, int]:
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # the fallback: function words
        pt_only = stop_words(("pt",)) - stop_words(("en",))
        en_only = stop_words(("en",)) - stop_words(("pt",))
        return sum(w in pt_only for w in words), sum(w in en_only for w in words)
    pt = en = 0
    for word in words:
        diff = zipf_frequency(word, "pt") - zipf_frequency(word, "en")
        pt += diff > _MARGIN
        en += diff < -_MARGIN
    return pt, en


def guess_language(texts: Sequence[str]) -> Language | None:
    """``"pt"`` or ``"en"`` when the words of ``texts`` clearly lean one way, else ``None``.

    Args:
        texts: words or sentences (the first 400 words are read).

    Returns:
        The language most words belong to (at least 60 % of the words that vote, and a third
        of all words), or ``None`` for mixed, unknown or empty text.
    """
    words = [w for text in texts for w in tokenize(str(text))][:_MAX_WORDS]
    words = [w for w in words if not w.isdigit()]
    if not words:
        return None
    pt, en = _votes(words)
    voted = pt + en
    if voted < max(1, len(words) / 3):
        return None
    if pt >= 0.6 * voted:
        return "pt"
    if en >= 0.6 * voted:
        return "en"
    return None


def uncovered_language(model_languages: Sequence[str], texts: Sequence[str]) -> Language | None:
    """The language of ``texts`` when a model does not list it (``None`` when it does, when the
    model is multilingual, or when the language is unclear).

    >>> uncovered_language(("en",), ["O gato está dormindo no sofá"])
    'pt'
    >>> uncovered_language(("multilingual",), ["O gato está dormindo no sofá"]) is None
    True
    """
    if "multilingual" in model_languages:
        return None
    lang = guess_language(texts)
    return lang if lang is not None and lang not in model_languages else None


__all__ = ["NAMES", "guess_language", "uncovered_language"]
