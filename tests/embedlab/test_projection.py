"""Projections and their faithfulness, on data whose right answer is known."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from embedlab.errors import EmbedlabError, InputError, TooFewPointsError
from embedlab.plots.projection import figure_html, map_figure
from embedlab.projection import (
    _trustworthiness_sampled,
    coordinates_frame,
    direction_cosine,
    faithfulness,
    make_axes_map,
    make_map,
    neighbors_kept,
    pca_components,
    project,
    resolve_params,
    semantic_axes,
    trustworthiness,
)


def _rotation(d: int = 12, seed: int = 1) -> np.ndarray:
    q, _ = np.linalg.qr(np.random.default_rng(seed).normal(size=(d, d)))
    return q


@pytest.fixture(scope="module")
def flat_cloud() -> np.ndarray:
    """A 2-D gaussian cloud rotated into 12-D: nothing is lost by a 2-D PCA."""
    plane = np.random.default_rng(0).normal(size=(200, 2)) * [3.0, 1.0]
    return (plane @ _rotation()[:2] + 5.0).astype(np.float32)


@pytest.fixture(scope="module")
def circle() -> np.ndarray:
    """Unit vectors on a circle in a plane of 12-D (random angles: no distance ties)."""
    angles = np.random.default_rng(0).uniform(0, 2 * np.pi, 150)
    points = np.c_[np.cos(angles), np.sin(angles)]
    return (points @ _rotation()[2:4]).astype(np.float32)


@pytest.fixture(scope="module")
def clusters() -> np.ndarray:
    """Three topics in 32-D: a fixed direction each plus seeded noise (120 points)."""
    rng = np.random.default_rng(0)
    centres = np.eye(32, dtype=np.float32)[:3] * 4
    return np.vstack([c + rng.normal(0, 0.5, (40, 32)) for c in centres]).astype(np.float32)


# ---------------------------------------------------------------- known answers


def test_pca_keeps_every_euclidean_neighbour_of_a_flat_cloud(flat_cloud):
    Y = project(flat_cloud, method="pca")
    assert Y.shape == (200, 2) and Y.dtype == np.float32
    assert neighbors_kept(flat_cloud, Y, k=10, metric="euclidean") == 1.0
    per = neighbors_kept(flat_cloud, Y, k=10, metric="euclidean", per_point=True)
    assert per.shape == (200,) and per.min() == 1.0
    assert trustworthiness(flat_cloud, Y, metric="euclidean") == pytest.approx(1.0)


def test_pca_keeps_every_cosine_neighbour_of_a_circle(circle):
    Y = project(circle, method="pca")
    assert neighbors_kept(circle, Y, k=10) == 1.0
    assert neighbors_kept(circle, Y, k=10, per_point=True).min() == 1.0


def test_pca_variance_of_a_flat_cloud_is_all_on_two_components(flat_cloud):
    pca = pca_components(flat_cloud, n_components=5)
    ratio, cumulative = pca.variance.ratio, pca.variance.cumulative
    assert ratio[:2].sum() == pytest.approx(1.0, abs=1e-5)
    assert ratio[0] == pytest.approx(0.9, abs=0.05)  # std 3 vs 1: 9 / 10
    assert cumulative[1] == pytest.approx(1.0, abs=1e-5)
    assert np.all(np.diff(cumulative) >= -1e-6)


def test_pca_axes_pick_components(flat_cloud):
    pca = pca_components(flat_cloud, n_components=3)
    Y = project(flat_cloud, method="pca", components=(1, 0))
    np.testing.assert_allclose(Y, pca.coords[:, [1, 0]], atol=1e-4)
    m = make_map(flat_cloud, method="pca", components=(0, 2))
    assert m.axis_titles[0].startswith("PC1 (") and m.axis_titles[1].startswith("PC3 (")
    assert m.variance.axes == (0, 2)
    assert m.variance.on_axes == pytest.approx(float(m.variance.ratio[0] + m.variance.ratio[2]))


def test_random_map_keeps_about_k_over_n():
    rng = np.random.default_rng(3)
    X, Y = rng.normal(size=(400, 16)), rng.normal(size=(400, 2))
    assert neighbors_kept(X, Y, k=10) < 0.1


def test_kept_counts_ties_on_the_map_as_kept():
    X = np.array([[1, 0], [1, 0.1], [1, -0.1], [0, 1]], np.float32)
    Y = np.array([[0, 0], [1, 0], [-1, 0], [0, 5]], np.float32)  # 1 and 2 tie around 0
    assert neighbors_kept(X, Y, k=1, per_point=True)[0] == 1.0


def test_kept_sample_estimates_the_mean(clusters):
    Y = project(clusters, method="pca")
    exact = neighbors_kept(clusters, Y)
    estimate = neighbors_kept(clusters, Y, max_queries=60)
    assert abs(estimate - exact) < 0.1


def test_trustworthiness_estimate_equals_sklearn_on_all_points(clusters):
    from sklearn.manifold import trustworthiness as sk

    Y = clusters[:, [5, 6]].copy()  # a bad map: two noise dimensions
    want = sk(clusters, Y, n_neighbors=10, metric="cosine")
    got = _trustworthiness_sampled(clusters, Y, 10, "cosine", np.arange(len(clusters)))
    assert got == pytest.approx(want, abs=1e-9)
    assert trustworthiness(clusters, Y) == pytest.approx(want)
    assert trustworthiness(clusters, Y, max_points=50) == pytest.approx(want, abs=0.05)


def test_umap_and_tsne_separate_topics(clusters):
    labels = np.repeat([0, 1, 2], 40)
    for method in ("umap", "tsne"):
        Y = project(clusters, method=method)
        assert Y.shape == (120, 2) and Y.dtype == np.float32 and np.isfinite(Y).all()
        centres = np.array([Y[labels == t].mean(0) for t in range(3)])
        spread = max(np.linalg.norm(Y[labels == t] - centres[t], axis=1).mean() for t in range(3))
        gaps = [np.linalg.norm(centres[a] - centres[b]) for a, b in [(0, 1), (0, 2), (1, 2)]]
        assert min(gaps) > 2 * spread, method


@pytest.mark.parametrize("method", ["pca", "umap", "tsne"])
def test_same_inputs_and_seed_give_same_coordinates(clusters, method):
    a = project(clusters, method=method, random_state=7, n_components=3)
    b = project(clusters.copy(), method=method, random_state=7, n_components=3)
    assert a.shape == (120, 3)
    np.testing.assert_array_equal(a, b)


def test_umap_seed_changes_the_layout(clusters):
    a = project(clusters, method="umap", random_state=1)
    b = project(clusters, method="umap", random_state=2)
    assert not np.allclose(a, b)


def test_make_map_reports_faithfulness_and_titles(clusters):
    m = make_map(clusters, method="umap", n_neighbors=10, min_dist=0.2)
    assert m.params["n_neighbors"] == 10 and m.params["min_dist"] == 0.2
    assert m.axis_titles == ("UMAP 1", "UMAP 2")
    f = m.faithfulness
    assert f.k == 10 and 0 <= f.kept <= 1 and 0 <= f.trustworthiness <= 1
    assert f.kept_per_point.shape == (120,) and f.kept == pytest.approx(f.kept_per_point.mean())


def test_make_map_matches_project(clusters):
    np.testing.assert_array_equal(
        make_map(clusters, method="tsne", perplexity=10).coords,
        project(clusters, method="tsne", perplexity=10),
    )
    np.testing.assert_allclose(
        make_map(clusters).coords, project(clusters, method="pca"), atol=1e-5
    )


# ---------------------------------------------------------------- small and odd inputs


def test_pca_works_from_two_points():
    Y = project(np.array([[1, 0, 0], [0, 1, 0]], np.float32))
    assert Y.shape == (2, 2) and np.isfinite(Y).all()
    m = make_map(np.array([[1, 0, 0], [0, 1, 0]], np.float32))
    # Two points cannot lose each other: the numbers are undefined, and say so.
    assert not m.faithfulness.defined and np.isnan(m.faithfulness.kept)
    assert np.isnan(m.faithfulness.trustworthiness)
    assert "undefined" in m.faithfulness.summary()


@pytest.mark.parametrize("method", ["pca", "umap", "tsne"])
def test_identical_vectors_land_on_one_spot(method):
    X = np.ones((6, 8), np.float32)
    Y = project(X, method=method)
    assert Y.shape == (6, 2) and np.isfinite(Y).all() and np.ptp(Y) == 0
    m = make_map(X, method=method)
    assert m.faithfulness.kept == 1.0 and np.isfinite(m.coords).all()


def test_vectors_pointing_the_same_way_are_identical_for_cosine():
    X = np.arange(1, 6, dtype=np.float32)[:, None] * np.ones((1, 4), np.float32)
    assert np.ptp(project(X, method="tsne", perplexity=2)) == 0


def test_some_duplicates_are_fine():
    rng = np.random.default_rng(0)
    X = np.vstack([np.ones((5, 8)), rng.normal(size=(15, 8))]).astype(np.float32)
    for method in ("pca", "umap", "tsne"):
        assert np.isfinite(make_map(X, method=method).coords).all()


def test_umap_needs_four_points():
    X = np.eye(3, 5, dtype=np.float32)
    with pytest.raises(TooFewPointsError, match="UMAP needs at least 4 points; you gave 3"):
        project(X, method="umap")
    assert project(np.eye(4, 5, dtype=np.float32), method="umap").shape == (4, 2)


def test_tsne_perplexity_must_be_below_n():
    X = np.random.default_rng(0).normal(size=(10, 5)).astype(np.float32)
    with pytest.raises(TooFewPointsError, match="at most 9"):
        project(X, method="tsne", perplexity=10)
    assert project(X, method="tsne", perplexity=9).shape == (10, 2)
    assert resolve_params("tsne", 10, {})["perplexity"] == 3.0  # default shrinks with n


def test_three_d_needs_four_points():
    X = np.eye(3, 5, dtype=np.float32)
    with pytest.raises(TooFewPointsError, match="3-D map needs at least 4 points"):
        project(X, method="pca", n_components=3)


def test_tsne_refuses_fewer_than_five_points_and_warns_below_thirty():
    X = np.random.default_rng(0).normal(size=(12, 6)).astype(np.float32)
    with pytest.raises(TooFewPointsError, match="t-SNE needs at least 5 points; you gave 4"):
        project(X[:4], method="tsne")
    m = make_map(X[:5], method="tsne")
    assert any("t-SNE on 5 points" in note for note in m.notes)
    assert not any("t-SNE" in note for note in make_map(X, method="pca").notes)


def test_small_maps_compare_at_most_half_the_other_points():
    X = np.random.default_rng(0).normal(size=(12, 6)).astype(np.float32)
    f = make_map(X).faithfulness
    assert f.k == 5 and f.defined and f.n == 12  # k = 11 would keep "100 %" by construction
    assert not make_map(X[:4]).faithfulness.defined


def test_param_specs_drive_bounds_and_defaults():
    from embedlab.projection import PARAM_SPECS, PARAMS, min_points, param_bounds, param_default

    assert PARAMS["umap"]["n_neighbors"] == PARAM_SPECS["umap"]["n_neighbors"].default == 15
    assert param_bounds("umap", "n_neighbors", 4) == (2, 3)
    assert param_default("umap", "n_neighbors", 4) == 3
    assert resolve_params("umap", 4, {})["n_neighbors"] == 3
    assert min_points("umap", 2) == 4 and min_points("pca", 3) == 4 and min_points("tsne", 3) == 5
    shown = {m: [p for p, s in specs.items() if s.shown] for m, specs in PARAM_SPECS.items()}
    assert shown == {
        "pca": [],
        "umap": ["n_neighbors", "min_dist", "metric"],
        "tsne": ["perplexity"],
    }


def test_one_point_is_too_few():
    with pytest.raises(TooFewPointsError, match="at least 2 points"):
        project(np.ones((1, 4), np.float32))


def test_unknown_method_lists_the_valid_ones():
    with pytest.raises(InputError, match="Must be one of: pca, umap, tsne"):
        project(np.eye(5, dtype=np.float32), method="mds")


@pytest.mark.parametrize(
    ("method", "params", "match"),
    [
        ("umap", {"n_neighbors": 0}, "n_neighbors=0"),
        ("umap", {"n_neighbors": 2.5}, "n_neighbors=2.5"),
        ("umap", {"n_neighbors": 50}, "most allowed is 19"),
        ("umap", {"min_dist": -1}, "min_dist=-1"),
        ("umap", {"min_dist": 3}, "at most 1"),
        ("umap", {"metric": "hamming"}, "Must be one of: cosine"),
        ("umap", {"perplexity": 5}, "Unknown parameter 'perplexity' for UMAP"),
        ("tsne", {"perplexity": 0}, "perplexity=0"),
        ("tsne", {"max_iter": 10}, "at least 250"),
        ("pca", {"components": (0, 0)}, "different components"),
        ("pca", {"components": (0, 30)}, "between 0 and 19"),
    ],
)
def test_bad_parameters_are_named(method, params, match):
    X = np.random.default_rng(0).normal(size=(20, 24)).astype(np.float32)
    with pytest.raises(EmbedlabError, match=match):
        project(X, method=method, **params)


def test_bad_vectors_are_refused():
    with pytest.raises(InputError, match="NaN"):
        project(np.array([[1, np.nan], [0, 1]], np.float32))
    with pytest.raises(InputError, match="2 dimensions"):
        project(np.eye(5, 2, dtype=np.float32), n_components=3)
    with pytest.raises(InputError, match="2 or 3"):
        project(np.eye(5, dtype=np.float32), n_components=4)


def test_kept_checks_shapes():
    with pytest.raises(InputError, match="map has 3"):
        neighbors_kept(np.eye(4), np.eye(3, 2))
    assert neighbors_kept(np.eye(4), np.eye(4, 2), k=50) == pytest.approx(1.0)  # k capped


# ---------------------------------------------------------------- semantic axes


def test_semantic_axes_put_the_ends_at_minus_and_plus_one():
    rng = np.random.default_rng(0)
    a, b, c, d = rng.normal(size=(4, 16)).astype(np.float32)
    X = np.vstack([a, b, c, d, (a + b) / 2])
    Y = semantic_axes(X, a, b, c, d)
    assert Y.shape == (5, 2)
    assert Y[0, 0] == pytest.approx(-1, abs=1e-5) and Y[1, 0] == pytest.approx(1, abs=1e-5)
    assert Y[2, 1] == pytest.approx(-1, abs=1e-5) and Y[3, 1] == pytest.approx(1, abs=1e-5)


def test_semantic_axes_order_gender_words(word_model):
    words = ["king", "queen", "man", "woman"]
    X = word_model.encode(words)
    m = make_axes_map(
        X,
        [word_model.vector(w) for w in ("man", "woman", "man", "king")],
        names=("man", "woman", "man", "king"),
    )
    x, y = m.coords[:, 0], m.coords[:, 1]
    assert x[1] > x[0] and x[3] > x[2]  # queen more "woman" than king
    assert y[0] > y[2] and y[1] > y[3]  # royals more "king" than commoners
    assert m.axis_titles == ("man → woman", "man → king")
    assert not m.faithfulness.defined  # 4 points: undefined, and said so


def test_semantic_axes_refuse_a_direction_of_one_word():
    v = np.ones(4, np.float32)
    with pytest.raises(InputError, match="'rico' and 'rico' have the same vector"):
        semantic_axes(np.eye(4), v, -v, v, v, names=("a", "b", "rico", "rico"))


def test_direction_cosine():
    e = np.eye(3, dtype=np.float32)
    assert direction_cosine(e[0], e[1], e[0], e[1]) == pytest.approx(1.0)
    assert direction_cosine(e[0], e[0] * 0, e[1], e[1] * 0) == pytest.approx(0.0)


# ---------------------------------------------------------------- exports and figures


def test_coordinates_frame_and_csv(clusters):
    from embedlab.export import table_csv

    m = make_map(clusters[:5])
    df = coordinates_frame(
        m.coords,
        [f"t{i}" for i in range(5)],
        ["a"] * 5,
        extra={"kept": m.faithfulness.kept_per_point},
    )
    assert list(df.columns) == ["x", "y", "text", "group", "kept"]
    back = pd.read_csv(__import__("io").BytesIO(table_csv(df)))
    np.testing.assert_allclose(back[["x", "y"]].to_numpy(), m.coords, atol=1e-5)
    with pytest.raises(InputError, match="'group' has 2 values"):
        coordinates_frame(m.coords, ["t"] * 5, ["a", "b"])


def test_projector_pair_round_trips(clusters):
    from embedlab.export import projector_tsv

    vectors, meta = projector_tsv(
        clusters[:3], pd.DataFrame({"label": ["a\tb", "c", "d"], "group": "g"})
    )
    rows = vectors.decode().strip().split("\n")
    assert len(rows) == 3 and len(rows[0].split("\t")) == 32
    assert meta.decode().split("\n")[:2] == ["label\tgroup", "a b\tg"]


def _figure_frame(n: int, dims: int = 2) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    coords = rng.normal(size=(n, dims))
    groups = [["animais", "veículos"][i % 2] for i in range(n)]
    texts = [f"frase número {i} " + "muito longa " * (i % 12) for i in range(n)]
    return coordinates_frame(coords, texts, groups, extra={"kept": rng.uniform(size=n)})


def test_map_figure_small_2d_has_labels_legend_and_equal_axes():
    fig = map_figure(_figure_frame(50), color="group", axis_titles=("PC1", "PC2"))
    assert [t.name for t in fig.data] == ["animais", "veículos"]
    assert all(t.type == "scatter" and t.mode == "markers+text" for t in fig.data)
    assert fig.data[0].text[0] == "frase número 0"
    hover = fig.data[1].customdata[0][0]
    assert "muito longa" in hover and "<br>" not in hover or len(hover) > 80
    assert fig.layout.yaxis.scaleanchor == "x" and fig.layout.xaxis.title.text == "PC1"


def test_map_figure_large_uses_webgl_without_labels():
    fig = map_figure(_figure_frame(2500), color="group")
    assert {t.type for t in fig.data} == {"scattergl"} and fig.data[0].mode == "markers"
    assert len(fig.data[0].x) + len(fig.data[1].x) == 2500


def test_map_figure_3d_colour_scale_and_highlight():
    df = _figure_frame(30, dims=3)
    fig = map_figure(df, z="z", color="kept", color_range=(0, 1), highlight=[2, 5])
    assert fig.data[0].type == "scatter3d" and fig.data[0].marker.cmax == 1
    assert fig.data[0].marker.colorbar.title.text == "kept"
    assert fig.data[-1].name == "highlighted" and len(fig.data[-1].x) == 2
    assert fig.layout.scene.aspectmode == "data"


def test_map_figure_hover_escapes_html_and_shows_columns():
    df = pd.DataFrame(
        {"x": [0.0, 1.0], "y": [0.0, 1.0], "text": ["<b>x</b>", "y"], "cluster": [1, 2]}
    )
    fig = map_figure(df, color="cluster", categorical=True, hover_columns=["cluster"])
    assert [t.name for t in fig.data] == ["1", "2"]
    assert fig.data[0].customdata[0][0] == "&lt;b&gt;x&lt;/b&gt;<br><b>cluster</b>: 1"


def test_figure_html_is_standalone():
    page = figure_html(map_figure(_figure_frame(5))).decode()
    assert "<html>" in page[:100] and "plotly" in page and 'src="https://cdn' not in page


def test_faithfulness_estimates_large_maps():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(3000, 8)).astype(np.float32)
    f = faithfulness(X, X[:, :2], per_point_limit=1000)
    assert f.kept_per_point is None and f.estimated and 0 <= f.kept <= 1


def test_umap_warm_up_runs_once_in_the_background():
    from embedlab.projection import start_umap_warm_up

    thread = start_umap_warm_up()
    assert start_umap_warm_up() is thread and thread.daemon
    thread.join(timeout=600)
    assert not thread.is_alive()


@pytest.mark.parametrize("dims", [2, 3])
def test_umap_on_four_and_five_points(dims):
    X = np.random.default_rng(0).normal(size=(5, 8)).astype(np.float32)
    for n in (4, 5):
        Y = project(X[:n], method="umap", n_components=dims)
        assert Y.shape == (n, dims) and np.isfinite(Y).all()


def test_umap_on_precomputed_exact_neighbours_keeps_umaps_own_trustworthiness():
    """Exact neighbours handed to UMAP (no pynndescent compile) make as faithful a map."""
    import umap

    from embedlab.projection import trustworthiness

    rng = np.random.default_rng(3)
    centres = rng.normal(size=(8, 24))
    X = (centres[rng.integers(0, 8, 400)] + rng.normal(0, 0.5, (400, 24))).astype(np.float32)
    ours = project(X, method="umap", n_neighbors=10, n_epochs=200)
    theirs = umap.UMAP(
        n_neighbors=10, metric="cosine", n_epochs=200, random_state=0, n_jobs=1
    ).fit_transform(X)
    t_ours = trustworthiness(X, ours, k=10)
    t_theirs = trustworthiness(X, theirs, k=10)
    assert abs(t_ours - t_theirs) <= 0.01, (t_ours, t_theirs)


def test_umap_numba_disk_cache_is_switched_on_once(monkeypatch):
    from embedlab.projection import methods

    monkeypatch.setattr(methods, "_umap_cache_enabled", False)
    monkeypatch.setenv("EMBEDLAB_UMAP_NUMBA_CACHE", "0")
    assert methods.enable_umap_numba_cache() == 0  # turned off
    monkeypatch.delenv("EMBEDLAB_UMAP_NUMBA_CACHE")
    methods.enable_umap_numba_cache()
    assert methods._umap_cache_enabled and methods.enable_umap_numba_cache() == 0  # once

    import umap.umap_

    assert type(umap.umap_.smooth_knn_dist._cache).__name__ == "FunctionCache"
