"""Figures for the similarity page."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from embedlab.similarity import Metric, higher_is_closer

if TYPE_CHECKING:
    import plotly.graph_objects as go

_TITLES = {"cosine": "Cosine similarity", "dot": "Dot product", "euclidean": "Euclidean distance"}


def _short(text: str, width: int = 28) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def similarity_heatmap(
    labels: list[str], S: NDArray[np.floating], *, metric: Metric = "cosine"
) -> go.Figure:
    """A heatmap of ``S`` with each value written in its cell.

    Args:
        labels: the ``n`` texts (long ones are shortened on the axes, full on hover).
        S: ``(n, n)`` scores.
        metric: sets the title and the colour direction (dark = close).

    Returns:
        A plotly figure.
    """
    import plotly.graph_objects as go

    n = len(labels)
    # Plotly merges equal category names, so shortened duplicates get a numeric suffix.
    ticks = [
        f"{_short(t)} ({i + 1})" if n > 1 and _short(t) != t else _short(t)
        for i, t in enumerate(labels)
    ]
    values = np.asarray(S, dtype=float)
    show_text = n <= 30
    fig = go.Figure(
        go.Heatmap(
            z=values.round(4).tolist(),
            x=ticks,
            y=ticks,
            customdata=[[(a, b) for b in labels] for a in labels],
            hovertemplate="%{customdata[0]}<br>%{customdata[1]}<br>%{z:.3f}<extra></extra>",
            text=values.round(2).tolist() if show_text else None,
            texttemplate="%{text:.2f}" if show_text else None,
            colorscale="Viridis" if higher_is_closer(metric) else "Viridis_r",
            zmin=-1 if metric == "cosine" and values.min() < 0 else None,
            zmax=1 if metric == "cosine" else None,
            colorbar={"title": {"text": metric}},
        )
    )
    side = max(360, min(900, 60 + 48 * n))
    fig.update_layout(
        title=_TITLES.get(metric, metric),
        height=side,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        yaxis={"autorange": "reversed"},
    )
    return fig


def ranking_bars(labels: list[str], scores: list[float], *, query: str) -> go.Figure:
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
            hovertext=labels,
        )
    )
    fig.update_layout(
        title=f"Similarity to: {_short(query, 60)}",
        yaxis={"autorange": "reversed"},
        xaxis={"title": "cosine"},
        height=max(240, 40 + 32 * len(labels)),
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
    )
    return fig
