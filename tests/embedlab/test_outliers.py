"""outlier_scores: exact kNN distances, computed in blocks."""

from __future__ import annotations

import numpy as np
import pytest

from embedlab.errors import InputError, TooFewPointsError
from embedlab.outliers import outlier_scores
from tests.embedlab.topic_corpus import TopicEmbedder, topic_corpus


def brute_force(X: np.ndarray, k: int) -> np.ndarray:
    Xn = X / np.linalg.norm(X, axis=1, keepdims=True)
    D = 1.0 - Xn @ Xn.T
    np.fill_diagonal(D, np.inf)
    return np.sort(D, axis=1)[:, :k].mean(axis=1)


@pytest.mark.parametrize("block_rows", [None, 1, 7, 1000])
def test_matches_brute_force_whatever_the_block_size(block_rows):
    X = np.random.default_rng(0).standard_normal((53, 12)).astype(np.float32)
    scores = outlier_scores(X, k=5, block_rows=block_rows)
    assert scores.shape == (53,) and scores.dtype == np.float32
    np.testing.assert_allclose(scores, brute_force(X, 5), atol=1e-5)


def test_texts_off_topic_score_highest():
    texts, _ = topic_corpus(per_topic=40)
    odd = ["Xyzzy quux plugh.", "Lorem ipsum dolor sit amet.", "Foo bar baz qux."]
    X = TopicEmbedder().encode(texts + odd)
    scores = outlier_scores(X, k=10)
    assert set(np.argsort(-scores)[:3]) == {len(texts), len(texts) + 1, len(texts) + 2}
    assert scores.min() >= 0 and scores.max() <= 2


def test_duplicates_are_not_unusual():
    X = np.eye(4, dtype=np.float32)
    X = np.vstack([X, X[:1]])  # row 4 repeats row 0
    scores = outlier_scores(X, k=1)
    assert scores[0] == pytest.approx(0) and scores[4] == pytest.approx(0)
    assert scores[1] == pytest.approx(1)


def test_k_is_capped_and_zero_vectors_are_safe():
    X = np.array([[1, 0], [0, 1], [0, 0]], dtype=np.float32)
    scores = outlier_scores(X, k=50)  # only 2 neighbours exist
    assert np.isfinite(scores).all()
    assert scores[2] == pytest.approx(1.0)  # the zero vector has cosine 0 with anything


def test_errors():
    with pytest.raises(TooFewPointsError, match="at least 2 rows; there is 1"):
        outlier_scores(np.ones((1, 3)))
    with pytest.raises(InputError, match="k must be at least 1"):
        outlier_scores(np.ones((3, 3)), k=0)
    with pytest.raises(InputError, match="2-D"):
        outlier_scores(np.ones(3))
