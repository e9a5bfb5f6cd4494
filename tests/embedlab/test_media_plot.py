"""The media map figure: thumbnails at their points, clusters, hits, indices for selections."""

from __future__ import annotations

import numpy as np

from embedlab.plots.media import LABEL_LIMIT, THUMBNAIL_LIMIT, media_map_figure


def _coords(n):
    return np.random.default_rng(0).normal(size=(n, 2)).astype(np.float32)


def test_thumbnails_sit_on_their_points_and_clusters_get_a_legend():
    coords = _coords(5)
    fig = media_map_figure(
        coords, [f"f{i}.png" for i in range(5)], thumbnails=["data:x"] * 5, labels=[0, 1, 0, 1, 1],
        highlight=[4], axis_titles=("PC1", "PC2"),
    )  # fmt: skip
    assert len(fig.layout.images) == 5
    assert (fig.layout.images[2].x, fig.layout.images[2].y) == (
        float(coords[2, 0]),
        float(coords[2, 1]),
    )
    names = [trace.name for trace in fig.data]
    assert names == ["cluster 0", "cluster 1", "hits"]
    assert list(fig.data[0].customdata) == [0, 2] and list(fig.data[2].customdata) == [4]
    assert fig.data[0].mode == "markers"  # thumbnails instead of written names


def test_big_maps_draw_dots_and_small_ones_without_thumbnails_write_names():
    many = THUMBNAIL_LIMIT + 1
    fig = media_map_figure(_coords(many), ["x"] * many, thumbnails=["data:x"] * many)
    assert not fig.layout.images and fig.data[0].text is None
    small = media_map_figure(_coords(3), ["sons/a.wav", "b.wav", "c.wav"])
    assert small.data[0].mode == "markers+text" and list(small.data[0].text) == [
        "a.wav",
        "b.wav",
        "c.wav",
    ]
    assert list(small.data[0].hovertext) == ["sons/a.wav", "b.wav", "c.wav"]
    big = media_map_figure(_coords(LABEL_LIMIT + 1), ["x"] * (LABEL_LIMIT + 1))
    assert big.data[0].mode == "markers"


def test_names_are_escaped_in_the_hover():
    fig = media_map_figure(_coords(2), ["<script>.png", "a&b.png"])
    assert list(fig.data[0].hovertext) == ["&lt;script&gt;.png", "a&amp;b.png"]
