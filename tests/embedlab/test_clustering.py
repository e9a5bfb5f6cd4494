"""Clustering and keywords on a fake-embedder corpus whose topics are known."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from embedlab.clustering import (
    NOISE,
    cluster_hdbscan,
    cluster_keywords,
    cluster_kmeans,
    default_min_cluster_size,
    describe_clusters,
    noise_note,
    silhouette_meaning,
    stop_words,
    suggest_k,
)
from embedlab.errors import InputError, TooFewPointsError
from tests.embedlab.topic_corpus import TOPICS, TopicEmbedder, topic_corpus


@pytest.fixture(scope="module")
def corpus():
    texts, truth = topic_corpus(per_topic=50)
    return texts, truth, TopicEmbedder().encode(texts)


def test_kmeans_recovers_the_topics(corpus):
    texts, truth, X = corpus
    labels = cluster_kmeans(X, k=4)
    assert labels.shape == (len(texts),)
    assert adjusted_rand_score(truth, labels) > 0.95
    assert np.array_equal(labels, cluster_kmeans(X, k=4))  # seeded


def test_kmeans_labels_are_numbered_by_size():
    rng = np.random.default_rng(1)
    X = np.vstack([rng.normal(5, 0.1, (30, 8)), rng.normal(-5, 0.1, (10, 8))])
    X[:, 1] = np.r_[np.full(30, 3.0), np.full(10, -3.0)]
    labels = cluster_kmeans(X, k=2)
    assert (labels[:30] == 0).all() and (labels[30:] == 1).all()


def test_suggest_k_finds_the_number_of_topics(corpus):
    _, _, X = corpus
    suggestion = suggest_k(X)
    assert suggestion.k == 4
    assert set(suggestion.scores) == set(range(2, 11))
    assert suggestion.scores[4] == max(suggestion.scores.values())
    assert suggestion.sample_size == len(X)


def test_suggest_k_samples_large_inputs(corpus):
    _, _, X = corpus
    suggestion = suggest_k(X, k_range=range(2, 7), sample_size=120)
    assert suggestion.sample_size == 120
    assert suggestion.k == 4


def test_hdbscan_recovers_the_topics_with_noise_as_minus_one(corpus):
    texts, truth, X = corpus
    labels = cluster_hdbscan(X)
    found = labels != NOISE
    assert found.mean() > 0.8
    assert len(set(labels[found].tolist())) == 4
    assert adjusted_rand_score(truth[found], labels[found]) > 0.95


def test_hdbscan_marks_isolated_points_as_noise():
    rng = np.random.default_rng(3)
    blobs = np.vstack([np.eye(16)[t] + rng.normal(0, 0.05, (40, 16)) for t in range(3)])
    isolated = np.eye(16)[8:13]  # each on its own axis, far from everything
    # Unreduced: 5 PCA dimensions would fold the 5 lone axes onto each other.
    labels = cluster_hdbscan(np.vstack([blobs, isolated]), reduce="none")
    assert (labels[-5:] == NOISE).all()
    assert labels[:-5].tolist() == [0] * 40 + [1] * 40 + [2] * 40


def test_hdbscan_on_the_reduced_space_recovers_loose_topics_in_512_dimensions():
    rng = np.random.default_rng(5)
    centres = rng.normal(size=(12, 512))
    X = np.vstack([c + rng.normal(0, 2.0, (60, 512)) for c in centres]).astype(np.float32)
    labels = cluster_hdbscan(X)  # PCA to 5 dimensions first
    assert labels.max() + 1 >= 10 and (labels == NOISE).mean() < 0.05
    assert adjusted_rand_score(np.repeat(np.arange(12), 60), labels) > 0.85
    assert noise_note(labels) is None


def test_noise_is_explained():
    assert noise_note([NOISE] * 720).startswith("HDBSCAN found no cluster: all 720 rows are noise.")
    assert "Lower min_cluster_size" in noise_note([NOISE] * 720)
    assert noise_note([NOISE] * 6 + [0] * 4).startswith("HDBSCAN left 6 of 10 rows (60%) as noise.")
    assert noise_note([NOISE] * 4 + [0] * 6) is None and noise_note([]) is None


def test_min_cluster_size_grows_with_the_rows():
    assert [default_min_cluster_size(n) for n in (20, 2_500, 10_000, 100_000)] == [5, 12, 25, 79]


def test_silhouette_is_explained_in_words():
    assert "overlap almost completely" in silhouette_meaning(0.03)
    assert "well separated" in silhouette_meaning(0.62)
    assert silhouette_meaning(0.3).startswith("Silhouette 0.30:")


def test_keywords_name_each_topic_and_keep_accents(corpus):
    texts, truth, _ = corpus
    keywords = cluster_keywords(texts, truth, top_n=5)
    assert sorted(keywords) == [0, 1, 2, 3]
    for t, words in enumerate(TOPICS.values()):
        assert len(keywords[t]) == 5
        assert set(keywords[t]) <= set(words), keywords[t]
    accented = {w for ws in keywords.values() for w in ws if not w.isascii()}
    assert accented & {"preço", "promoção", "reclamação", "educação", "café", "pão", "açúcar"}


def test_keywords_leave_out_stop_words_and_shared_words(corpus):
    texts, truth, _ = corpus
    top = {w for ws in cluster_keywords(texts, truth, top_n=5).values() for w in ws}
    assert not top & {"produto", "loja"}  # in every cluster: sets none apart
    every = {w for ws in cluster_keywords(texts, truth, top_n=50).values() for w in ws}
    assert not every & {"não", "muito", "para", "com", "que", "uma", "foi", "the", "and", "is"}


def test_keywords_on_found_clusters(corpus):
    texts, _, X = corpus
    labels = cluster_kmeans(X, k=4)
    keywords = cluster_keywords(texts, labels, top_n=3)
    named = {frozenset(ws) for ws in keywords.values()}
    for words in TOPICS.values():
        assert any(ws <= set(words) for ws in named)


def test_keywords_edge_cases():
    assert cluster_keywords([], []) == {}
    assert cluster_keywords(["não é", "the and"], [0, 1]) == {0: [], 1: []}
    # decomposed accents (macOS) count as the composed word
    kw = cluster_keywords(["ac\u0327a\u0303o boa", "ação ruim", "café"], [0, 0, 1], top_n=2)
    assert kw[0][0] == "ação"
    with pytest.raises(InputError, match="2 texts but 3 labels"):
        cluster_keywords(["a", "b"], [0, 1, 2])
    with pytest.raises(InputError, match="top_n"):
        cluster_keywords(["a"], [0], top_n=0)


def test_stop_words_cover_portuguese_and_english():
    words = stop_words()
    assert {"não", "nao", "você", "também", "de", "que", "the", "and", "which"} <= words
    assert len(stop_words(("pt",))) >= 200
    with pytest.raises(InputError, match="'pt', 'en'"):
        stop_words(("de",))


def test_describe_clusters(corpus):
    texts, _, X = corpus
    labels = cluster_kmeans(X, k=4)
    labels[:3] = NOISE
    table = describe_clusters(X, texts, labels, n_examples=2)
    assert table["cluster"].tolist() == [0, 1, 2, 3, NOISE]
    assert table["size"].sum() == len(texts)
    assert table["share"].sum() == pytest.approx(1.0)
    assert table["name"].iloc[-1] == "noise"
    assert table["name"].iloc[0].startswith("0: ")
    for row in table.itertuples():
        assert len(row.examples) == 2
        members = [t for t, lab in zip(texts, labels, strict=True) if lab == row.cluster]
        assert set(row.examples) <= set(members)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda X: cluster_kmeans(X[:1], k=2), "at least 2 rows"),
        (lambda X: cluster_kmeans(X[:5], k=6), "k=6 with 5 rows"),
        (lambda X: cluster_kmeans(X, k=1), "at least 2"),
        (lambda X: suggest_k(X[:2]), "no k in"),
        (lambda X: cluster_hdbscan(X[:6], min_cluster_size=10), "min_cluster_size=10"),
    ],
)
def test_too_few_points_errors(corpus, call, message):
    _, _, X = corpus
    with pytest.raises(TooFewPointsError, match=message):
        call(X)
