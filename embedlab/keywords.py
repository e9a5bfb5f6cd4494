"""Name clusters by their words: class-based TF-IDF (as in BERTopic).

The stop words are the ones training leaves out (:func:`embedlab.tokens.stop_words`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from embedlab.errors import InputError
from embedlab.tokens import stop_words

_TOKEN_PATTERN = r"(?u)\b[^\W\d_][^\W_]+\b"  # words of 2+ characters starting with a letter
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)


def cluster_keywords(
    texts: Sequence[str],
    labels: Sequence[int] | NDArray[np.integer],
    *,
    top_n: int = 5,
    languages: tuple[str, ...] = ("pt", "en"),
) -> dict[int, list[str]]:
    """The words that set each cluster apart: class-based TF-IDF (as in BERTopic).

    The texts of a cluster are counted as one document; a word scores high when it is
    frequent in that cluster and rare in the others. Words are lower-cased and keep
    their accents ("ação" stays "ação"); stop words and numbers are left out.

    Args:
        texts: ``n`` texts.
        labels: ``(n,)`` cluster labels (``-1`` noise gets keywords too).
        top_n: keywords per cluster.
        languages: stop-word lists to remove (see :func:`stop_words`).

    Returns:
        ``{label: [keyword, ...]}`` for every label present, best first; a cluster whose
        texts hold no usable word gets ``[]``.

    Raises:
        InputError: ``texts`` and ``labels`` differ in length, or ``top_n < 1``.
    """
    from scipy import sparse
    from sklearn.feature_extraction.text import CountVectorizer

    labels = np.asarray(labels)
    if len(texts) != len(labels):
        raise InputError(f"Got {len(texts):,} texts but {len(labels):,} labels; they must match.")
    if top_n < 1:
        raise InputError(f"top_n must be at least 1; got {top_n}.")
    if len(texts) == 0:
        return {}
    classes, codes = np.unique(labels, return_inverse=True)
    vectorizer = CountVectorizer(
        preprocessor=_normalise_text,
        token_pattern=_TOKEN_PATTERN,
        stop_words=sorted(stop_words(languages)),
        min_df=2 if len(texts) >= 50 else 1,
    )
    try:
        counts = vectorizer.fit_transform(texts)
    except ValueError:  # empty vocabulary: only stop words, numbers or rare words
        return {int(c): [] for c in classes}
    onehot = sparse.csr_matrix(
        (np.ones(len(codes)), (codes, np.arange(len(codes)))), shape=(len(classes), len(codes))
    )
    per_class = np.asarray((onehot @ counts).todense(), dtype=np.float64)  # (c, V)
    words = vectorizer.get_feature_names_out()
    totals = per_class.sum(axis=1, keepdims=True)
    tf = np.divide(per_class, totals, out=np.zeros_like(per_class), where=totals > 0)
    frequency = per_class.sum(axis=0)
    idf = np.log1p(totals.mean() / np.maximum(frequency, 1))
    scores = tf * idf
    result: dict[int, list[str]] = {}
    for row, label in enumerate(classes):
        order = np.lexsort((words, -scores[row]))  # best score first, ties alphabetical
        result[int(label)] = [str(words[j]) for j in order[:top_n] if scores[row, j] > 0]
    return result


def _normalise_text(text: str) -> str:
    return _URL.sub(" ", unicodedata.normalize("NFC", text)).lower()


__all__ = ["cluster_keywords", "stop_words"]
