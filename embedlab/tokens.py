"""Turning texts into the word lists that Word2Vec and FastText train on.

Words keep their accents ("ação", "você", "são_paulo"): texts are put in Unicode NFC
first, so an accent typed as a separate combining mark still belongs to its letter.
A word is a run of letters or digits, with inner hyphens or apostrophes kept
("guarda-chuva", "d'água") — the same rule the word models use to look words up.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import resources
from typing import Literal

from embedlab.errors import InputError

Language = Literal["pt", "en"]

# Same pattern as embedlab.models: what is trained is what can be looked up.
WORD = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)

# gensim refuses sentences longer than this (it silently cuts them): longer texts are split.
MAX_SENTENCE_WORDS = 10_000

_PT_CONNECTORS = (
    "a o as os à às ao aos de da do das dos em na no nas nos e ou para por pela pelo com"
)
# Words that may sit inside a phrase but never start or end one ("rio de janeiro").
PT_CONNECTOR_WORDS = frozenset(_PT_CONNECTORS.split())

# gensim's English list (the Glasgow list) also holds content words; a person training word
# vectors wants to see these, so they are kept.
_CONTENT_WORDS = (
    "amount bill bottom call computer con cry describe detail empty fill find fire found front "
    "full interest kg km mill move name part put see serious show side sincere system thick thin "
    "top"
)
_ENGLISH_KEEP = frozenset(_CONTENT_WORDS.split())
# Pieces of web addresses: never a keyword, never worth a vector.
WEB_FRAGMENTS = frozenset(
    ["http", "https", "www", "com", "br", "org", "net", "html", "htm", "php", "amp"]
)


def tokenize(text: str, *, lowercase: bool = True) -> list[str]:
    """The words of ``text``, in order.

    Args:
        text: any text.
        lowercase: lowercase the words ("Brasil" → "brasil").

    Returns:
        The words; punctuation and spaces are dropped, accents kept.

    Example:
        >>> tokenize("São Paulo é a maior cidade do Brasil!")
        ['são', 'paulo', 'é', 'a', 'maior', 'cidade', 'do', 'brasil']
    """
    text = unicodedata.normalize("NFC", text)
    if lowercase:
        text = text.lower()
    return WORD.findall(text)


@lru_cache(maxsize=4)
def stop_words(languages: tuple[Language, ...] = ("pt", "en")) -> frozenset[str]:
    """Lowercase stop words of ``languages``: the one list that training and cluster
    keywords both leave out.

    Portuguese: embedlab's list (``embedlab/data/stopwords_pt.txt``). English: gensim's list
    without the content words it contains ("computer", "system", "fire"...). Both: pieces of
    web addresses (http, www, br, ...).

    Raises:
        InputError: a language other than ``"pt"`` or ``"en"``.
    """
    words: set[str] = set(WEB_FRAGMENTS)
    for lang in languages:
        if lang == "pt":
            text = resources.files("embedlab").joinpath("data/stopwords_pt.txt").read_text("utf-8")
            words |= {w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#")}
        elif lang == "en":
            from gensim.parsing.preprocessing import STOPWORDS

            words |= set(STOPWORDS) - _ENGLISH_KEEP
        else:
            raise InputError(f"No stop words for '{lang}'. Must be one of: ['pt', 'en'].")
    return frozenset(unicodedata.normalize("NFC", w) for w in words)


def split_long(words: list[str], size: int = MAX_SENTENCE_WORDS) -> list[list[str]]:
    """``words`` cut into pieces of at most ``size`` words (gensim's sentence limit)."""
    if len(words) <= size:
        return [words]
    return [words[i : i + size] for i in range(0, len(words), size)]


def detect_phrases(
    sentences: Sequence[list[str]],
    *,
    min_count: int = 5,
    threshold: float = 0.6,
    connector_words: Iterable[str] | None = None,
) -> list[list[str]]:
    """Join words that often appear together into one token ("são paulo" → "são_paulo").

    Uses gensim ``Phrases`` scored by normalised pointwise mutual information (NPMI, from
    -1 to 1: 1 when the two words only ever appear together). Unlike the word2vec paper's
    score, NPMI does not grow with the vocabulary, so one threshold suits a small corpus
    and a large one; on gensim's Lee corpus 0.6 finds "bin_laden", "united_states",
    "per_cent" and few accidental pairs. Portuguese and English connector words may sit
    inside a phrase ("rio_de_janeiro") but never start or end one.

    Args:
        sentences: tokenised sentences.
        min_count: a pair must occur at least this often.
        threshold: NPMI above which a pair becomes a phrase; higher means fewer phrases.
        connector_words: words allowed inside phrases; default Portuguese + English ones.

    Returns:
        The sentences with phrases joined by ``_``.
    """
    from gensim.models.phrases import ENGLISH_CONNECTOR_WORDS, Phrases

    connectors = (
        frozenset(connector_words)
        if connector_words is not None
        else PT_CONNECTOR_WORDS | ENGLISH_CONNECTOR_WORDS
    )
    model = Phrases(
        sentences,
        min_count=min_count,
        threshold=threshold,
        scoring="npmi",
        connector_words=connectors,
    ).freeze()
    return [model[s] for s in sentences]
