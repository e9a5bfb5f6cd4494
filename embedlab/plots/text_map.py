"""The map of an analyst's rows: individual points up to a few tens of thousands, a density
image beyond (every row counted), and highlighted rows whose labels do not pile up.

Both builders are made to be read on a projector: solid, dark colours on white, points no
smaller than 4 px, highlighted rows as large gold rings with black text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from embedlab.density import Box, Density
from embedlab.plots.projection import _hover_text, _short, map_figure

if TYPE_CHECKING:
    import pandas as pd
    import plotly.graph_objects as go

#: Light-but-visible blue for one row per cell through to near-black navy for the densest.
DENSITY_COLORSCALE = [[0.0, "#6baed6"], [0.35, "#2171b5"], [0.7, "#08519c"], [1.0, "#08193e"]]
HIGHLIGHT = dict(color="rgba(255, 200, 0, 1)", line=dict(color="black", width=2))
POSITIONS = ("top center", "bottom center", "middle right", "middle left")


def place_labels(
    xy: NDArray[np.floating],
    labels: Sequence[str],
    *,
    box: Box,
    size: tuple[int, int] = (900, 600),
    char_px: float = 7.0,
    line_px: float = 16.0,
    gap_px: float = 8.0,
) -> list[str | None]:
    """Choose where each label goes so that no two overlap (greedy, in the given order).

    Each label tries above, below, right and left of its point; one that fits nowhere is
    left out (its point stays, and its text shows on hover). Put the most important rows
    first (the best search hit, the most unusual row).

    Args:
        xy: ``(m, 2)`` points in map units.
        labels: one text per point (already shortened).
        box: the region drawn ``(x0, x1, y0, y1)``.
        size: the plot's size in pixels ``(width, height)``, roughly.
        char_px, line_px: width of a character and height of a line, in pixels.
        gap_px: distance between a point and its label.

    Returns:
        One plotly ``textposition`` per point, or ``None`` for a label left out.
    """
    x0, x1, y0, y1 = box
    width, height = size
    px = (np.asarray(xy, dtype=float)[:, 0] - x0) / max(x1 - x0, 1e-12) * width
    py = (np.asarray(xy, dtype=float)[:, 1] - y0) / max(y1 - y0, 1e-12) * height
    taken: list[tuple[float, float, float, float]] = []
    # The markers themselves are obstacles too: a label must not hide another highlighted row.
    marks = [(x - 6, x + 6, y - 6, y + 6) for x, y in zip(px, py, strict=True)]
    chosen: list[str | None] = []
    for i, label in enumerate(labels):
        w, h = len(label) * char_px, line_px
        spots = {
            "top center": (px[i] - w / 2, px[i] + w / 2, py[i] + gap_px, py[i] + gap_px + h),
            "bottom center": (px[i] - w / 2, px[i] + w / 2, py[i] - gap_px - h, py[i] - gap_px),
            "middle right": (px[i] + gap_px, px[i] + gap_px + w, py[i] - h / 2, py[i] + h / 2),
            "middle left": (px[i] - gap_px - w, px[i] - gap_px, py[i] - h / 2, py[i] + h / 2),
        }
        others = [m for j, m in enumerate(marks) if j != i]
        for position in POSITIONS:
            rect = spots[position]
            inside = rect[0] >= 0 and rect[1] <= width and rect[2] >= 0 and rect[3] <= height
            if inside and not any(_overlap(rect, r) for r in [*taken, *others]):
                taken.append(rect)
                chosen.append(position)
                break
        else:
            chosen.append(None)
    return chosen


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]


def _highlight_trace(
    frame: pd.DataFrame, rows: Sequence[int], *, box: Box, hover: NDArray, gl: bool
) -> go.BaseTraceType:
    """Highlighted rows: gold rings, labels placed by :func:`place_labels`."""
    import plotly.graph_objects as go

    rows = list(rows)
    xy = frame[["x", "y"]].to_numpy()[rows]
    short = [_short(str(frame["text"].iat[i])) for i in rows]
    spots = place_labels(xy, short, box=box)
    kind = go.Scattergl if gl else go.Scatter
    return kind(
        x=xy[:, 0],
        y=xy[:, 1],
        mode="markers+text",
        name="highlighted",
        text=[s if p else "" for s, p in zip(short, spots, strict=True)],
        textposition=[p or "top center" for p in spots],
        textfont=dict(size=13, color="black"),
        marker=dict(size=14, symbol="circle", **HIGHLIGHT),
        customdata=hover[rows][:, None],
        hovertemplate="%{customdata[0]}<extra></extra>",
    )


def points_figure(
    table: pd.DataFrame,
    *,
    color: str | None = None,
    hover_columns: Sequence[str] = (),
    highlight: Sequence[int] = (),
    axis_titles: Sequence[str] | None = None,
    box: Box | None = None,
    height: int = 600,
) -> go.Figure:
    """Every row of ``table`` as a point, styled for a projector, highlights decluttered.

    Args:
        table: columns ``x``, ``y``, ``text`` and any others (see
            ``embedlab.collection.map_frame``).
        color: a column to colour by (groups or a number scale), or ``None``.
        hover_columns: more columns listed on hover.
        highlight: positions in ``table`` to ring and label, most important first.
        axis_titles: e.g. ``("PC1 (23.1%)", "PC2 (9.8%)")``.
        box: the region shown (default: the points' extent); labels are placed within it.
        height: pixels.

    Returns:
        A plotly figure (WebGL above 2,000 points).
    """
    from embedlab.density import bounds

    n = len(table)
    size = 10 if n <= 200 else 7 if n <= 2_000 else 5 if n <= 10_000 else 4
    fig = map_figure(
        table,
        color=color,
        hover_columns=hover_columns,
        axis_titles=axis_titles,
        marker_size=size,
        labels=n <= 60,
        height=height,
    )
    # Solid points read on a projector; when rows are highlighted the others step back a little.
    fig.update_traces(marker_opacity=0.45 if len(highlight) else 0.9)
    if len(highlight) and n:
        region = box or bounds(table[["x", "y"]].to_numpy())
        hover = _hover_text(table.reset_index(drop=True), "text", hover_columns)
        fig.add_trace(_highlight_trace(table, highlight, box=region, hover=hover, gl=n > 2_000))
    if box is not None:
        fig.update_xaxes(range=[box[0], box[1]])
        fig.update_yaxes(range=[box[2], box[3]])
    fig.update_layout(dragmode="select")
    return fig


def density_figure(
    grid: Density,
    *,
    marks: pd.DataFrame | None = None,
    centres: pd.DataFrame | None = None,
    axis_titles: Sequence[str] | None = None,
    count_name: str = "rows",
    height: int = 600,
) -> go.Figure:
    """A density image of many points: each cell coloured by how many rows fall in it.

    Colours go by the logarithm of the count, so one lone row is as visible as a cell
    of thousands is dark; empty cells stay white. Hover shows the count of a cell.

    Args:
        grid: from :func:`embedlab.density.density`.
        marks: rows to ring and label on top (columns ``x``, ``y``, ``text``), most
            important first (e.g. search hits).
        centres: group names to write on the map (columns ``x``, ``y``, ``name``), e.g.
            cluster names at each cluster's median point; placed without overlaps.
        axis_titles: e.g. ``("PC1 (23.1%)", "PC2 (9.8%)")``.
        count_name: what is counted, for hover and the colour bar (e.g. ``"texts"``).
        height: pixels.

    Returns:
        A plotly figure with a ``heatmap`` trace (box selection reports the region).
    """
    import plotly.graph_objects as go

    counts = grid.counts
    x0, x1, y0, y1 = grid.box
    dx, dy = grid.cell
    z = np.where(counts > 0, np.log10(np.maximum(counts, 1)), np.nan).astype(np.float32)
    top = max(int(counts.max()), 1)
    ticks = [v for v in (1, 10, 100, 1_000, 10_000, 100_000, 1_000_000) if v <= top] or [1]
    heat = go.Heatmap(
        z=z,
        x0=x0 + dx / 2,
        dx=dx,
        y0=y0 + dy / 2,
        dy=dy,
        customdata=counts.astype(np.int32),
        hovertemplate=f"%{{customdata:,}} {count_name}<extra></extra>",
        colorscale=DENSITY_COLORSCALE,
        zmin=0,
        zmax=max(np.log10(top), 1e-6),
        zsmooth=False,
        colorbar=dict(
            title=dict(text=count_name),
            tickvals=[np.log10(v) for v in ticks],
            ticktext=[f"{v:,}" for v in ticks],
            thickness=14,
        ),
        showscale=True,
    )
    fig = go.Figure(heat)
    if centres is not None and len(centres):
        names = [_short(str(n), 24) for n in centres["name"]]
        spots = place_labels(centres[["x", "y"]].to_numpy(), names, box=grid.box, gap_px=0)
        keep = [i for i, s in enumerate(spots) if s]
        fig.add_trace(
            go.Scatter(
                x=centres["x"].to_numpy()[keep],
                y=centres["y"].to_numpy()[keep],
                mode="text",
                text=[names[i] for i in keep],
                textposition=[spots[i] for i in keep],
                textfont=dict(size=13, color="#7a1f00"),
                hoverinfo="skip",
                showlegend=False,
            )
        )
    if marks is not None and len(marks):
        hover = _hover_text(marks.reset_index(drop=True), "text", [])
        trace = _highlight_trace(
            marks.reset_index(drop=True), range(len(marks)), box=grid.box, hover=hover, gl=False
        )
        fig.add_trace(trace)
    titles = list(axis_titles or ["x", "y"])
    fig.update_layout(
        height=height,
        margin=dict(l=10, r=10, t=20, b=10),
        template="plotly_white",
        dragmode="select",
        showlegend=False,
        hoverlabel=dict(align="left"),
    )
    fig.update_xaxes(title=titles[0], range=[x0, x1], zeroline=False, showgrid=False)
    fig.update_yaxes(
        title=titles[1], range=[y0, y1], zeroline=False, showgrid=False, scaleanchor="x"
    )
    return fig


__all__ = ["DENSITY_COLORSCALE", "density_figure", "place_labels", "points_figure"]
