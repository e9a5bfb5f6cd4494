"""Figures for the similarity page."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from embedlab.similarity import Metric

if TYPE_CHECKING:
    import plotly.graph_objects as go

_TITLES = {"cosine": "Cosine similarity", "dot": "Dot product", "euclidean": "Euclidean distance"}


def _short(text: str, width: int = 28) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def color_range(metric: Metric, S: NDArray[np.floating]) -> tuple[float, float]:
    """The heatmap's colour range: fixed for cosine (−1…1), so a 0.36 never looks black;
    ``±`` the largest magnitude for dot products; 0…the largest distance for euclidean.

    >>> color_range("cosine", np.eye(2)), color_range("euclidean", np.array([[0, 2.5]]))
    ((-1.0, 1.0), (0.0, 2.5))
    """
    values = np.asarray(S, dtype=float)
    top = float(np.abs(values).max()) if values.size else 1.0
    top = top if top > 0 else 1.0
    if metric == "cosine":
        return -1.0, 1.0
    if metric == "dot":
        return -top, top
    return 0.0, top


def similarity_heatmap(
    labels: list[str],
    S: NDArray[np.floating],
    *,
    metric: Metric = "cosine",
    title: str | None = None,
    colorbar_title: str | None = None,
) -> go.Figure:
    """A heatmap of ``S`` with each value written in its cell.

    Colours span a fixed range per metric (:func:`color_range`): cosine −1…1 on a diverging
    scale (blue = alike, white = unrelated, red = opposite), so colours compare across
    examples. Cell labels are large enough for a projector.

    Args:
        labels: the ``n`` texts (long ones are shortened on the axes, full on hover).
        S: ``(n, n)`` scores.
        metric: sets the range, the title and the colour direction.
        title: the figure title (default: the metric's name).
        colorbar_title: the colour bar title (default: the metric and its range).

    Returns:
        A plotly figure.
    """
    import plotly.graph_objects as go

    n = len(labels)
    # Plotly merges equal category names, so a shortened label that another label shortens to
    # as well gets its line number; the others stay clean (a lone "(2)" reads as a count).
    shorts = [_short(t) for t in labels]
    ticks = [
        f"{short} ({i + 1})" if short != t and shorts.count(short) > 1 else short
        for i, (t, short) in enumerate(zip(labels, shorts, strict=True))
    ]
    values = np.asarray(S, dtype=float)
    low, high = color_range(metric, values)
    show_text = n <= 30
    text_size = 20 if n <= 6 else 16 if n <= 12 else 12
    if metric == "euclidean":
        scale, mid = "Blues_r", None
    else:
        scale, mid = "RdBu", 0.0
    bar = colorbar_title or f"{metric}<br>{low:.2g} … {high:.2g}"
    fig = go.Figure(
        go.Heatmap(
            z=values.round(4).tolist(),
            x=ticks,
            y=ticks,
            customdata=[[(a, b) for b in labels] for a in labels],
            hovertemplate="%{customdata[0]}<br>%{customdata[1]}<br>%{z:.3f}<extra></extra>",
            text=values.round(2).tolist() if show_text else None,
            texttemplate="%{text:.2f}" if show_text else None,
            textfont={"size": text_size},
            colorscale=scale,
            zmin=low,
            zmax=high,
            zmid=mid,
            xgap=2,
            ygap=2,
            colorbar={"title": {"text": bar}},
        )
    )
    side = max(380, min(900, 80 + 64 * n))
    fig.update_layout(
        title=title or _TITLES.get(metric, metric),
        height=side,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        yaxis={"autorange": "reversed", "tickfont": {"size": 15}},
        xaxis={"tickfont": {"size": 15}},
        font={"size": 15},
    )
    return fig


def ranking_bars(
    labels: list[str],
    scores: list[float],
    *,
    query: str,
    title: str | None = None,
    axis_title: str = "cosine",
) -> go.Figure:
    """Horizontal bars of items by similarity to ``query``, the best highlighted."""
    import plotly.graph_objects as go

    best = int(np.argmax(scores)) if len(scores) else -1
    colors = ["#e4572e" if i == best else "#8aa1b1" for i in range(len(scores))]
    fig = go.Figure(
        go.Bar(
            x=scores,
            y=[_short(t, 40) for t in labels],
            orientation="h",
            marker_color=colors,
            text=[f"{s:.3f}" for s in scores],
            textposition="auto",
            textfont={"size": 15},
            hovertext=labels,
        )
    )
    fig.update_layout(
        title=title or f"Similarity to: {_short(query, 60)}",
        yaxis={"autorange": "reversed", "tickfont": {"size": 15}},
        xaxis={"title": axis_title},
        # Projector-sized text, as on the heatmap: 12 px item names were unreadable.
        font={"size": 15},
        height=max(260, 60 + 44 * len(labels)),
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
    )
    return fig
