"""Figures of the Compare page: two models' maps of the same items, and translation pairs.

Both maps are expected in one frame already (see :func:`embedlab.compare.procrustes`), so
the same place on either map means the same thing.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from embedlab.plots.projection import KEPT_COLORSCALE, LABEL_LIMIT, WEBGL_THRESHOLD, _short

if TYPE_CHECKING:
    import plotly.graph_objects as go

COLOR_A = "#1f77b4"
COLOR_B = "#d62728"
LINK = "rgba(120, 120, 120, 0.45)"


def compare_maps(
    labels: Sequence[str],
    Y_a: NDArray[np.floating],
    Y_b: NDArray[np.floating],
    *,
    names: tuple[str, str] = ("A", "B"),
    overlap: Sequence[float] | None = None,
    overlay: bool = False,
    overlap_title: str = "neighbour overlap",
    height: int = 560,
) -> go.Figure:
    """The same items on two maps: side by side, or overlaid with a line joining each
    item's two positions.

    Args:
        labels: ``n`` item names (shortened on the points, whole on hover).
        Y_a: ``(n, 2)`` positions from the first model.
        Y_b: ``(n, 2)`` positions from the second, aligned to ``Y_a``'s frame.
        names: the two models' names (panel titles / legend).
        overlap: ``n`` per-item neighbour overlaps to colour the side-by-side points by
            (red = neighbours changed, green = kept).
        overlay: one panel with both maps and linking lines instead of two panels.
        overlap_title: colour bar title for ``overlap``.
        height: pixels.

    Returns:
        A plotly ``Figure``; both panels share their axes, so zooming one zooms the other.
    """
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    A = np.asarray(Y_a, dtype=float)
    B = np.asarray(Y_b, dtype=float)
    n = len(labels)
    scatter = go.Scattergl if n > WEBGL_THRESHOLD else go.Scatter
    show_text = n <= LABEL_LIMIT
    short = [_short(str(label)) for label in labels]
    hover = [html.escape(str(label)) for label in labels]
    if overlay:
        fig = go.Figure()
        xs, ys = _links(A, B)
        fig.add_trace(
            scatter(x=xs, y=ys, mode="lines", line=dict(color=LINK, width=1),
                    hoverinfo="skip", showlegend=False)
        )  # fmt: skip
        for Y, name, colour in ((A, names[0], COLOR_A), (B, names[1], COLOR_B)):
            fig.add_trace(
                scatter(
                    x=Y[:, 0], y=Y[:, 1], name=name,
                    mode="markers+text" if show_text and Y is A else "markers",
                    text=short if Y is A else None, textposition="top center",
                    textfont=dict(size=11, color="#3a3a3a"),
                    marker=dict(size=_size(n), color=colour, opacity=0.85),
                    customdata=np.asarray(hover, dtype=object)[:, None],
                    hovertemplate=f"%{{customdata[0]}}<br>{html.escape(name)}<extra></extra>",
                )
            )  # fmt: skip
        fig.update_yaxes(scaleanchor="x", scaleratio=1)
    else:
        fig = make_subplots(
            rows=1, cols=2, subplot_titles=[_short(names[0], 50), _short(names[1], 50)],
            shared_xaxes=True, shared_yaxes=True, horizontal_spacing=0.04,
        )  # fmt: skip
        marker: dict[str, Any] = dict(size=_size(n), color=COLOR_A, opacity=0.85)
        if overlap is not None:
            marker.update(
                color=np.asarray(overlap, dtype=float), colorscale=KEPT_COLORSCALE, cmin=0,
                cmax=1, colorbar=dict(title=dict(text=overlap_title), thickness=14),
            )  # fmt: skip
        extra = (
            [f"<br>{html.escape(overlap_title)}: {v:.2f}" for v in overlap]
            if overlap is not None
            else [""] * n
        )
        custom = np.asarray([h + e for h, e in zip(hover, extra, strict=True)], dtype=object)
        for col, Y in ((1, A), (2, B)):
            fig.add_trace(
                scatter(
                    x=Y[:, 0], y=Y[:, 1], mode="markers+text" if show_text else "markers",
                    text=short, textposition="top center",
                    textfont=dict(size=10, color="#3a3a3a"),
                    marker=dict(marker, showscale=col == 2 and overlap is not None),
                    customdata=custom[:, None], showlegend=False,
                    hovertemplate="%{customdata[0]}<extra></extra>",
                ),
                row=1, col=col,
            )  # fmt: skip
        fig.update_yaxes(scaleanchor="x", scaleratio=1, row=1, col=1)
        fig.update_yaxes(scaleanchor="x2", scaleratio=1, row=1, col=2)
    fig.update_layout(
        height=height, template="plotly_white", margin=dict(l=10, r=10, t=40, b=10),
        hoverlabel=dict(align="left"),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0),
    )  # fmt: skip
    return fig


def pairs_map(
    sources: Sequence[str],
    targets: Sequence[str],
    Y_source: NDArray[np.floating],
    Y_target: NDArray[np.floating],
    *,
    languages: tuple[str, str] = ("pt", "en"),
    height: int = 600,
) -> go.Figure:
    """Translation pairs on one map: each language in its colour, a line per pair.

    Args:
        sources, targets: the ``m`` words of each language, pair by pair.
        Y_source, Y_target: ``(m, 2)`` positions on the same map.
        languages: legend names of the two languages.
        height: pixels.

    Returns:
        A plotly ``Figure``; short lines mean the model puts translations together.
    """
    import plotly.graph_objects as go

    S = np.asarray(Y_source, dtype=float)
    T = np.asarray(Y_target, dtype=float)
    xs, ys = _links(S, T)
    fig = go.Figure(
        go.Scatter(x=xs, y=ys, mode="lines", line=dict(color=LINK, width=1), hoverinfo="skip",
                   showlegend=False)
    )  # fmt: skip
    for words, Y, name, colour in (
        (sources, S, languages[0], COLOR_A),
        (targets, T, languages[1], COLOR_B),
    ):
        fig.add_trace(
            go.Scatter(
                x=Y[:, 0], y=Y[:, 1], name=name, mode="markers+text",
                text=[_short(str(w)) for w in words], textposition="top center",
                textfont=dict(size=10, color=colour), marker=dict(size=8, color=colour),
                hovertemplate="%{text}<extra>" + html.escape(name) + "</extra>",
            )
        )  # fmt: skip
    fig.update_yaxes(scaleanchor="x", scaleratio=1)
    fig.update_layout(
        height=height, template="plotly_white", margin=dict(l=10, r=10, t=30, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0),
    )  # fmt: skip
    return fig


def _links(A: np.ndarray, B: np.ndarray) -> tuple[list[float | None], list[float | None]]:
    """Line segments from each row of ``A`` to the same row of ``B``, as one trace."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    for (ax, ay), (bx, by) in zip(A[:, :2], B[:, :2], strict=True):
        xs += [float(ax), float(bx), None]
        ys += [float(ay), float(by), None]
    return xs, ys


def _size(n: int) -> float:
    return 9 if n <= 200 else 6 if n <= 2000 else 4 if n <= 20000 else 2.5


__all__ = ["compare_maps", "pairs_map"]
