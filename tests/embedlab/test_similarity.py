"""Similarity matrices, pairs, top-k, and line parsing."""

from __future__ import annotations

import numpy as np
import pytest

import embedlab
from embedlab import similarity
from embedlab.plots.similarity import ranking_bars, similarity_heatmap


def test_metrics_on_known_vectors():
    X = np.array([[1, 0], [0, 2], [3, 0]], dtype=np.float32)
    cos = similarity.similarity_matrix(X, metric="cosine")
    np.testing.assert_allclose(cos, [[1, 0, 1], [0, 1, 0], [1, 0, 1]], atol=1e-6)
    dot = similarity.similarity_matrix(X, metric="dot")
    np.testing.assert_allclose(dot, [[1, 0, 3], [0, 4, 0], [3, 0, 9]])
    euc = similarity.similarity_matrix(X, metric="euclidean")
    np.testing.assert_allclose(euc[0], [0, np.sqrt(5), 2], rtol=1e-6)


def test_zero_vector_gives_zero_cosine_not_nan():
    X = np.array([[0, 0], [1, 1]], dtype=np.float32)
    S = similarity.similarity_matrix(X)
    assert np.isfinite(S).all() and S[0, 1] == 0


def test_unknown_metric_lists_choices():
    with pytest.raises(embedlab.InputError, match="Must be one of"):
        similarity.similarity_matrix(np.eye(2), metric="manhattan")


def test_pairs_table_sorted_closest_first_for_each_metric():
    X = np.array([[1, 0], [0.9, 0.1], [0, 1]], dtype=np.float32)
    table = similarity.pairs_table(
        ["a", "b", "c"], similarity.similarity_matrix(X), metric="cosine"
    )
    assert list(table.columns) == ["a", "b", "cosine"] and len(table) == 3
    assert tuple(table.iloc[0][["a", "b"]]) == ("a", "b")
    D = similarity.similarity_matrix(X, metric="euclidean")
    assert tuple(
        similarity.pairs_table(["a", "b", "c"], D, metric="euclidean").iloc[0][["a", "b"]]
    ) == ("a", "b")


def test_top_k_matches_a_full_sort():
    rng = np.random.default_rng(0)
    C, Q = rng.normal(size=(500, 16)), rng.normal(size=(3, 16))
    idx, scores = embedlab.top_k(Q, C, k=7)
    assert idx.shape == scores.shape == (3, 7)
    full = similarity.normalize(Q) @ similarity.normalize(C).T
    np.testing.assert_array_equal(idx, np.argsort(-full, axis=1)[:, :7])
    assert np.all(np.diff(scores, axis=1) <= 0)


def test_top_k_caps_k_and_checks_dimensions():
    idx, _ = embedlab.top_k(np.ones(4), np.eye(4), k=10)
    assert idx.shape == (1, 4)
    with pytest.raises(embedlab.InputError, match="same model"):
        embedlab.top_k(np.ones(3), np.eye(4))
    with pytest.raises(embedlab.InputError, match="at least 1"):
        embedlab.top_k(np.ones(4), np.eye(4), k=0)


def test_rank_puts_the_best_item_first():
    items = np.array([[0, 1], [1, 0], [0.7, 0.7]], dtype=np.float32)
    table = similarity.rank(np.array([1, 0.1]), items, ["up", "right", "diag"])
    assert list(table["item"]) == ["right", "diag", "up"]


def test_parse_lines_cleans_and_tells():
    parsed = embedlab.parse_lines("  gato \n\n cachorro\ngato\n" + "x" * 20_000)
    assert parsed.lines == ["gato", "cachorro", "x" * 2_000]
    text = " ".join(parsed.notes)
    assert "blank" in text and "'gato'" in text and "20,000 characters" in text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "you entered nothing"),
        ("   \n\n", "you entered nothing"),
        ("gato", "you entered 1 line"),
        ("gato\ngato", "you entered 1 line"),
    ],
)
def test_parse_lines_too_few(text, message):
    with pytest.raises(embedlab.InputError, match=message):
        embedlab.parse_lines(text)


def test_parse_lines_too_many_says_how_many_to_remove():
    with pytest.raises(embedlab.InputError, match="201 lines; the limit here is 200. Remove 1"):
        embedlab.parse_lines("\n".join(f"w{i}" for i in range(201)))


def test_heatmap_writes_values_and_keeps_full_text_on_hover():
    labels = ["gato", "cachorro", "uma frase bem longa que não cabe no eixo do gráfico"]
    S = np.array([[1, 0.61, 0.1], [0.61, 1, 0.2], [0.1, 0.2, 1]])
    fig = similarity_heatmap(labels, S)
    trace = fig.data[0]
    assert trace.type == "heatmap" and trace.texttemplate == "%{text:.2f}"
    assert trace.text[0][1] == pytest.approx(0.61)
    assert trace.customdata[2][0][0] == labels[2]
    assert len(set(trace.x)) == 3
    assert not any("(" in tick for tick in trace.x)  # no clash, so no line-number suffix
    clash = similarity_heatmap([labels[2], labels[2] + " também", "gato"], np.eye(3))
    assert len(set(clash.data[0].x)) == 3 and clash.data[0].x[1].endswith("(2)")


def test_ranking_bars_highlight_the_best():
    fig = ranking_bars(["a", "b", "c"], [0.1, 0.9, 0.5], query="q")
    colors = list(fig.data[0].marker.color)
    assert colors[1] != colors[0] and colors[0] == colors[2]


def test_top_k_on_a_normalised_corpus_gives_the_same_answer():
    rng = np.random.default_rng(1)
    C, Q = rng.normal(size=(300, 8)), rng.normal(size=(2, 8))
    plain = embedlab.top_k(Q, C, k=5)
    fast = embedlab.top_k(Q, similarity.normalize(C), k=5, normalized=True)
    np.testing.assert_array_equal(plain[0], fast[0])
    np.testing.assert_allclose(plain[1], fast[1], rtol=1e-5)


def test_heatmap_colour_range_is_fixed_per_metric():
    from embedlab.plots.similarity import color_range

    S = np.array([[1.0, 0.36], [0.36, 1.0]])
    fig = similarity_heatmap(["a", "b"], S)
    assert (fig.data[0].zmin, fig.data[0].zmax, fig.data[0].zmid) == (-1, 1, 0)
    assert color_range("cosine", S) == (-1.0, 1.0)  # 0.36 sits above the middle, not black
    assert color_range("dot", np.array([[4.0, -2.0]])) == (-4.0, 4.0)
    assert color_range("euclidean", np.array([[0.0, 1.5]])) == (0.0, 1.5)
    assert fig.data[0].textfont.size >= 16


def test_vector_arrows_2d_and_3d():
    from embedlab.errors import InputError
    from embedlab.plots.vectors import vector_arrows

    fig = vector_arrows(["a", "b"], np.array([[1.0, 0.0], [0.0, 2.0]]))
    assert [d.type for d in fig.data] == ["scatter", "scatter"]
    assert list(fig.data[1].x) == [0, 0] and list(fig.data[1].y) == [0, 2]
    assert len(fig.layout.annotations) == 2 and fig.layout.yaxis.scaleanchor == "x"
    fig3 = vector_arrows(["u", "p"], np.array([[0.2, 0.8, 0.5], [0.3, 0.9, 0.5]]))
    assert [d.type for d in fig3.data] == ["scatter3d", "cone", "scatter3d", "cone"]
    with pytest.raises(InputError, match="2-D or 3-D"):
        vector_arrows(["a"], np.ones((1, 4)))
