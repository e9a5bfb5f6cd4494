"""Maps of many rows: density grids, the map figures, blockwise PCA / k-means, saved
collections read back (embedlab.density, plots.text_map, big_tables, saved)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from embedlab import big_tables, density, saved
from embedlab.errors import InputError, TooFewPointsError
from embedlab.plots.text_map import density_figure, place_labels, points_figure
from tests.conftest import TOPICS, make_sentence_model


def blobs(n: int, *, d: int = 2, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.normal(0, 5, (4, d))
    return (centres[rng.integers(0, 4, n)] + rng.normal(0, 0.5, (n, d))).astype(np.float32)


# --------------------------------------------------------------------------- density


def test_density_counts_every_point_in_chunks():
    xy = blobs(10_001)
    grid = density.density(xy, width=37, height=23, chunk=1_000)
    assert grid.counts.shape == (23, 37)
    assert grid.total == grid.counts.sum() == 10_001  # none dropped, edges included
    assert grid.counts.sum() == density.density(xy, width=37, height=23).counts.sum()


def test_density_of_a_region_counts_only_its_points():
    xy = np.array([[0, 0], [1, 1], [2, 2], [3, 3]], dtype=np.float32)
    grid = density.density(xy, box=(0.5, 2.5, 0.5, 2.5), width=2, height=2)
    assert grid.total == 2 and grid.counts.tolist() == [[1, 0], [0, 1]]
    assert density.rows_in(xy, (0.5, 2.5, 0.5, 2.5)).tolist() == [1, 2]
    assert density.count_in(xy, (-1, 10, -1, 10)) == 4


@pytest.mark.parametrize("box", [(1, 0, 0, 1), (0, 1, 2, 2), (0, float("nan"), 0, 1)])
def test_bad_regions_are_refused(box):
    with pytest.raises(InputError, match="x0 < x1 and y0 < y1"):
        density.rows_in(np.zeros((3, 2)), box)


def test_bounds_of_nothing_or_of_nan():
    with pytest.raises(InputError, match="no points"):
        density.bounds(np.zeros((0, 2)))
    with pytest.raises(InputError, match="not finite"):
        density.bounds(np.array([[0.0, np.inf]]))


def test_point_limit_can_be_set_by_environment(monkeypatch):
    assert density.point_limit() == density.POINT_LIMIT
    monkeypatch.setenv("EMBEDLAB_MAP_POINT_LIMIT", "50")
    assert density.point_limit() == 50


# --------------------------------------------------------------------------- figures


def test_density_figure_shows_counts_log_colours_and_marks():
    xy = blobs(5_000)
    grid = density.density(xy, width=40, height=30)
    marks = pd.DataFrame({"x": xy[:3, 0], "y": xy[:3, 1], "text": ["um", "dois", "três"]})
    centres = pd.DataFrame({"x": [0.0], "y": [0.0], "name": ["0: gato · cão"]})
    fig = density_figure(grid, marks=marks, centres=centres, count_name="linhas")
    heat, ring = fig.data
    assert heat.type == "heatmap" and int(np.asarray(heat.customdata).sum()) == 5_000
    assert np.isnan(np.asarray(heat.z, dtype=float)[grid.counts == 0]).all()  # empty: white
    assert "linhas" in heat.hovertemplate
    assert ring.name == "highlighted" and len(ring.x) == 3
    labels = [a.text for a in fig.layout.annotations]  # on white backgrounds
    assert "0: gato · cão" in labels and set(labels) <= {"um", "dois", "três", "0: gato · cão"}
    assert fig.layout.dragmode == "select"


def test_highlight_labels_do_not_overlap():
    # Ten highlighted points on top of each other: at most four labels fit around them.
    xy = np.zeros((10, 2)) + [[5.0, 5.0]]
    spots = place_labels(xy, ["um texto longo"] * 10, box=(0, 10, 0, 10))
    assert 1 <= sum(s is not None for s in spots) <= 4
    # Far-apart points all get a label.
    apart = np.array([[1.0, 1.0], [9.0, 9.0], [1.0, 9.0]])
    assert None not in place_labels(apart, ["a", "b", "c"], box=(0, 10, 0, 10))


def test_points_figure_is_readable_on_a_projector():
    table = pd.DataFrame({"x": [0.0, 1, 2], "y": [0.0, 1, 0], "text": ["a", "b", "c"]})
    fig = points_figure(table, highlight=[2, 0])
    points, others, ring, labels = fig.data
    assert points.marker.size >= 7 and points.marker.opacity >= 0.7
    assert ring.name == "highlighted" and list(ring.x) == [2.0, 0.0]
    assert list(labels.text) == ["c", "a"] and list(others.text) == ["b"]


# --------------------------------------------------------------------------- big tables


def test_pca_map_matches_sklearn_up_to_sign():
    from sklearn.decomposition import PCA

    X = blobs(3_000, d=12)
    coords, ratio = big_tables.pca_map(X, block=700)
    ref = PCA(n_components=2).fit(X.astype(np.float64))
    expected = ref.transform(X.astype(np.float64))
    for j in range(2):
        assert abs(np.corrcoef(coords[:, j], expected[:, j])[0, 1]) > 0.9999
    np.testing.assert_allclose(ratio, ref.explained_variance_ratio_, rtol=1e-4)
    with pytest.raises(TooFewPointsError):
        big_tables.pca_map(X[:1])


def test_sampled_kmeans_finds_the_topics_and_labels_every_row():
    model = make_sentence_model()
    texts = [f"{w} {v}" for words in TOPICS.values() for w in words for v in words] * 20
    X = model.encode(texts)
    labels = big_tables.kmeans_labels(X, k=3, sample=300, block=100)
    assert len(labels) == len(texts) and set(labels) == {0, 1, 2}
    per_topic = np.asarray(labels).reshape(20, 3, -1).transpose(1, 0, 2).reshape(3, -1)
    assert all(len(set(row)) == 1 for row in per_topic)  # each topic one cluster
    summary = big_tables.describe_clusters(X, texts, labels, block=100)
    assert summary["size"].sum() == len(texts)
    assert list(summary.columns) == ["cluster", "name", "size", "share", "keywords", "examples"]


def test_sampled_faithfulness_says_it_is_an_estimate():
    X = blobs(4_000, d=8)
    coords, _ = big_tables.pca_map(X)
    found = big_tables.sampled_faithfulness(X, coords, sample=500)
    assert found.estimated and 0 < found.kept <= 1


# --------------------------------------------------------------------------- saved


def test_an_embedded_table_is_saved_without_embedding_again(tmp_path):
    model = make_sentence_model()
    texts = ["gato preto", "carro azul", "maçã verde"]
    table = pd.DataFrame({"texto": [texts[0], None, texts[1], texts[2]], "nota": [1, 2, 3, 4]})
    vectors = model.encode(texts)
    calls = []
    real_encode = model.encode
    model.encode = lambda batch, **kw: calls.append(batch) or real_encode(batch, **kw)
    c = saved.save_embedded(
        "tres", table, text_column="texto", model=model, texts=texts, vectors=vectors,
        uri=str(tmp_path), source="três.csv",
    )  # fmt: skip
    assert calls == []  # every text was known
    assert c.info["source"] == "três.csv" and c.complete
    assert c.row_numbers().tolist() == [0, 2, 3]  # the table's rows, the empty one left out
    np.testing.assert_allclose(c.vectors(), vectors, rtol=1e-6)
    assert saved.stored_map(c, "pca") is None and saved.stored_outliers(c) is None
    c.project("pca")
    assert saved.stored_map(c, "pca").shape == (3, 2) and saved.stored_map(c, "umap") is None
    c.cluster(k=2)
    labels, summary = saved.stored_clusters(c, 2)
    assert len(labels) == 3 and summary["size"].sum() == 3
    assert saved.stored_clusters(c, 3) is None
    assert saved.positions_of(c, [3, 0]).tolist() == [2, 0]


def test_known_vectors_ask_the_model_for_new_texts():
    model = make_sentence_model()
    known = saved.KnownVectors(model, ["gato"], model.encode(["gato"]))
    out = known.encode(["gato", "carro"])
    np.testing.assert_allclose(out, model.encode(["gato", "carro"]), rtol=1e-6)
    assert known.id == model.id and known.dim == model.dim
    with pytest.raises(InputError, match="2 texts but 1 vectors"):
        saved.KnownVectors(model, ["a", "b"], model.encode(["a"]))
