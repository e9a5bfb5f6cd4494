"""The one neighbour engine: top_k's fast default path gives the normalised path's answer."""

from __future__ import annotations

import numpy as np
import pytest

from embedlab import neighbours, similarity
from embedlab.errors import InputError
from embedlab.neighbours import knn, nearest_similarities, normalize, row_norms, top_k


@pytest.fixture(scope="module")
def corpus() -> np.ndarray:
    rng = np.random.default_rng(3)
    C = rng.normal(size=(500, 16)) * rng.uniform(0.1, 5.0, size=(500, 1))
    C[7] = 0.0  # a zero row is similar to nothing
    return C.astype(np.float32)


def test_normalize_gives_unit_rows_and_keeps_zero_rows(corpus):
    U = normalize(corpus)
    lengths = np.linalg.norm(U, axis=1)
    assert U.dtype == np.float32 and lengths[7] == 0.0
    assert np.allclose(np.delete(lengths, 7), 1.0, atol=1e-6)
    assert similarity.normalize is normalize and similarity.top_k is top_k


def test_raw_corpus_ranks_as_the_normalised_one_in_blocks(corpus, monkeypatch):
    Q = np.random.default_rng(4).normal(size=(37, 16)).astype(np.float32)
    want_idx, want = top_k(Q, normalize(corpus), k=8, normalized=True)
    monkeypatch.setattr(neighbours, "_BLOCK_BYTES", 4 * len(corpus) * 5)  # 5 queries a block
    idx, got = top_k(Q, corpus, k=8)
    assert np.array_equal(idx, want_idx)
    assert np.allclose(got, want, atol=1e-6)
    idx2, _ = top_k(Q, corpus, k=8, norms=row_norms(corpus))
    assert np.array_equal(idx2, want_idx)
    full = normalize(Q) @ normalize(corpus).T  # the plain definition
    assert np.array_equal(np.sort(idx, axis=1), np.sort(np.argsort(-full, axis=1)[:, :8], axis=1))


def test_top_k_checks_its_inputs(corpus):
    with pytest.raises(InputError, match="norms"):
        top_k(corpus[0], corpus, norms=np.ones(3))
    with pytest.raises(InputError, match="dimensions"):
        top_k(np.ones(3), corpus)
    idx, scores = top_k(corpus[0], corpus[:4], k=10)  # k capped at n
    assert idx.shape == scores.shape == (1, 4)


def test_knn_and_nearest_similarities_leave_each_row_out(corpus):
    X = corpus[:60]
    idx, dist = knn(X, k=3, metric="cosine")
    assert idx.shape == (60, 3) and not (idx == np.arange(60)[:, None]).any()
    assert (np.diff(dist, axis=1) >= 0).all()
    sims = nearest_similarities(normalize(X), k=3, block_rows=7)
    S = normalize(X) @ normalize(X).T
    np.fill_diagonal(S, -np.inf)
    assert np.allclose(np.sort(sims, axis=1), np.sort(S, axis=1)[:, -3:], atol=1e-6)
