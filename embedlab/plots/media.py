"""The map of images or sound clips: points, thumbnails drawn on the map, clusters, hits.

Plotly's hover box shows text only, so images are drawn *on* the map instead: each point's
thumbnail is a layout image centred on it (up to :data:`THUMBNAIL_LIMIT`), with a small dot in
its cluster's colour on top. Hovering names the file; each point carries its index in
``customdata`` so a page can show (or play) what a click or lasso selected.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:
    import plotly.graph_objects as go

#: Above this many points the map draws dots only (each thumbnail costs the browser).
THUMBNAIL_LIMIT = 300
#: Maps without thumbnails write file names beside the points up to this many points.
LABEL_LIMIT = 40
HIT_COLOUR = "#d62728"


def media_map_figure(
    coords: NDArray[np.floating],
    names: Sequence[str],
    *,
    thumbnails: Sequence[str] | None = None,
    labels: Sequence[int] | NDArray[np.integer] | None = None,
    highlight: Sequence[int] = (),
    axis_titles: Sequence[str] | None = None,
    thumbnail_size: float = 0.1,
    legend_title: str = "cluster",
    hits_name: str = "hits",
    height: int = 620,
) -> go.Figure:
    """A 2-D map of media items.

    Args:
        coords: ``(n, 2)`` map coordinates.
        names: ``n`` file names (shown on hover).
        thumbnails: ``n`` image URLs (``data:`` URIs) drawn centred on their points; left
            out when None or when there are more than :data:`THUMBNAIL_LIMIT` points. Maps
            without thumbnails write short file names beside up to :data:`LABEL_LIMIT` points.
        labels: ``(n,)`` cluster labels: one colour and legend entry per cluster.
        highlight: indices ringed in red on top (search hits).
        axis_titles: titles of the x and y axes.
        thumbnail_size: each thumbnail's side as a share of the larger axis range.
        legend_title, hits_name: names in the legend (translated by the caller).
        height: pixels.

    Returns:
        A plotly figure; each point's ``customdata`` is its index in ``names``.
    """
    import plotly.graph_objects as go

    coords = np.asarray(coords, dtype=np.float32)
    n = len(coords)
    index = np.arange(n)
    hover = np.array([html.escape(str(name)) for name in names], dtype=object)
    fig = go.Figure()
    groups = [(None, index)] if labels is None else [
        (int(c), index[np.asarray(labels) == c]) for c in sorted(set(np.asarray(labels).tolist()))
    ]  # fmt: skip
    drawn = thumbnails is not None and n <= THUMBNAIL_LIMIT
    short = np.array([str(name).rsplit("/", 1)[-1][:24] for name in names], dtype=object)
    labelled = not drawn and n <= LABEL_LIMIT
    for label, rows in groups:
        fig.add_trace(
            go.Scatter(
                x=coords[rows, 0],
                y=coords[rows, 1],
                mode="markers+text" if labelled else "markers",
                name=legend_title if label is None else f"{legend_title} {label}",
                customdata=rows.tolist(),  # plain numbers: come back in selections
                hovertext=hover[rows],
                text=short[rows] if labelled else None,
                textposition="top center",
                hovertemplate="%{hovertext}<extra></extra>",
                marker={"size": 9 if drawn else 11, "line": {"width": 1.5, "color": "white"}},
                showlegend=label is not None,
            )
        )
    hits = [int(i) for i in highlight if 0 <= int(i) < n]
    if hits:
        fig.add_trace(
            go.Scatter(
                x=coords[hits, 0],
                y=coords[hits, 1],
                mode="markers",
                name=hits_name,
                customdata=hits,
                hovertext=hover[hits],
                hovertemplate="%{hovertext}<extra></extra>",
                # A ring, so the thumbnail under it stays visible.
                marker={
                    "size": 30,
                    "symbol": "circle-open",
                    "color": HIT_COLOUR,
                    "line": {"width": 3, "color": HIT_COLOUR},
                },
            )
        )
    if drawn and n:
        span = float(max(np.ptp(coords[:, 0]), np.ptp(coords[:, 1]), 1e-6))
        side = span * thumbnail_size
        fig.update_layout(
            images=[
                {
                    "source": thumbnails[i],
                    "xref": "x",
                    "yref": "y",
                    "x": float(coords[i, 0]),
                    "y": float(coords[i, 1]),
                    "sizex": side,
                    "sizey": side,
                    "xanchor": "center",
                    "yanchor": "middle",
                    "layer": "below",
                }
                for i in range(n)
            ]
        )
        pad = side * 0.7  # so thumbnails at the edges are not cut
        for axis, column in (("xaxis", 0), ("yaxis", 1)):
            low, high = float(coords[:, column].min()), float(coords[:, column].max())
            fig.update_layout({axis: {"range": [low - pad, high + pad]}})
    titles = list(axis_titles or ("", ""))
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        xaxis={"title": titles[0], "zeroline": False, "showgrid": False},
        yaxis={"title": titles[1], "zeroline": False, "showgrid": False},
        plot_bgcolor="white",
        legend={"itemsizing": "constant"},
    )
    return fig
