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
DENSITY_COLORSCALE = [[0.0, "#4a90c8"], [0.35, "#2171b5"], [0.7, "#08519c"], [1.0, "#08193e"]]
HIGHLIGHT = dict(color="rgba(255, 200, 0, 1)", line=dict(color="black", width=2))
POSITIONS = ("top center", "bottom center", "middle right", "middle left")
PLOT_PX = (700, 500)  # the plot area of a 600-px-high chart in a page column, roughly
LABEL_ALL = 150  # up to this many rows, rows that are not highlighted get labels too
RING_PX = 14
HIGHLIGHT_FONT = dict(size=13, color="black")
LABEL_FONT = dict(size=11, color="#333333")
CENTRE_FONT = dict(size=14, color="#8a2500")


def place_labels(
    xy: NDArray[np.floating] | Sequence[Sequence[float]],
    labels: Sequence[str],
    *,
    box: Box,
    size: tuple[int, int] = PLOT_PX,
    equal_scale: bool = True,
    marker_px: float | Sequence[float] = 14.0,
    char_px: float = 7.5,
    line_px: float = 16.0,
    gap_px: float = 6.0,
) -> list[str | None]:
    """Choose where each label goes so that no two overlap (greedy, in the given order).

    Each label tries above, below, right and left of its point and must not cover
    another label or any point's marker; one that fits nowhere is left out (its point
    stays, its text shows on hover). Put the most important rows first (the best search
    hit, the most unusual row).

    Args:
        xy: ``(m, 2)`` points in map units.
        labels: one text per point (already shortened).
        box: the region drawn ``(x0, x1, y0, y1)``.
        size: the plot area in pixels ``(width, height)``, roughly (err on the small side).
        equal_scale: the map keeps equal scales on both axes (plotly ``scaleanchor``), so
            one axis shows more than ``box``; placement follows.
        marker_px: each point's marker diameter (0 for a label with no marker).
        char_px, line_px: width of a character and height of a line, in pixels.
        gap_px: space between a marker and its label.

    Returns:
        One plotly ``textposition`` per point, or ``None`` for a label left out.

    Example:
        >>> place_labels([[0, 0], [0, 0]], ["a", "b"], box=(-1, 1, -1, 1))
        ['top center', 'bottom center']
    """
    x0, x1, y0, y1 = box
    width, height = size
    xy = np.asarray(xy, dtype=float).reshape(-1, 2)
    sx, sy = width / max(x1 - x0, 1e-12), height / max(y1 - y0, 1e-12)
    if equal_scale:
        sx = sy = min(sx, sy)
    px = (xy[:, 0] - (x0 + x1) / 2) * sx + width / 2
    py = (xy[:, 1] - (y0 + y1) / 2) * sy + height / 2
    radius = np.broadcast_to(np.asarray(marker_px, dtype=float) / 2, (len(xy),))
    # Every marker is an obstacle: a label must not hide another row.
    markers = [
        (x - r, x + r, y - r, y + r) for x, y, r in zip(px, py, radius, strict=True) if r > 0
    ]
    taken: list[tuple[float, ...]] = []
    chosen: list[str | None] = []
    for i, label in enumerate(labels):
        w, h, g = len(label) * char_px, line_px, gap_px + radius[i]
        spots = {
            "top center": (px[i] - w / 2, px[i] + w / 2, py[i] + g, py[i] + g + h),
            "bottom center": (px[i] - w / 2, px[i] + w / 2, py[i] - g - h, py[i] - g),
            "middle right": (px[i] + g, px[i] + g + w, py[i] - h / 2, py[i] + h / 2),
            "middle left": (px[i] - g - w, px[i] - g, py[i] - h / 2, py[i] + h / 2),
        }
        for position in POSITIONS:
            rect = spots[position]
            inside = rect[0] >= 0 and rect[1] <= width and rect[2] >= 0 and rect[3] <= height
            if inside and not any(_overlap(rect, r) for r in [*taken, *markers]):
                taken.append(rect)
                chosen.append(position)
                break
        else:
            chosen.append(None)
    return chosen


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]


def _labels_trace(
    xy: NDArray[np.floating],
    texts: Sequence[str],
    spots: Sequence[str | None],
    *,
    font: dict,
    marker_px: float = 0,
) -> go.Scatter:
    """The placed labels as a trace (labels left out are not drawn).

    With ``marker_px``, each label sits on an invisible marker of that size, so plotly
    keeps the text clear of the visible marker drawn underneath.
    """
    import plotly.graph_objects as go

    keep = [i for i, s in enumerate(spots) if s]
    xy = np.asarray(xy, dtype=float).reshape(-1, 2)
    return go.Scatter(
        x=xy[keep, 0],
        y=xy[keep, 1],
        mode="markers+text" if marker_px else "text",
        marker=dict(size=marker_px, opacity=0) if marker_px else None,
        text=[texts[i] for i in keep],
        textposition=[spots[i] for i in keep],
        textfont=font,
        hoverinfo="skip",
        showlegend=False,
    )


def _anchor(spot: str, shift: float) -> dict:
    """Annotation placement equivalent to a scatter ``textposition`` next to a marker."""
    where = {
        "top center": dict(xanchor="center", yanchor="bottom", yshift=shift),
        "bottom center": dict(xanchor="center", yanchor="top", yshift=-shift),
        "middle right": dict(xanchor="left", yanchor="middle", xshift=shift),
        "middle left": dict(xanchor="right", yanchor="middle", xshift=-shift),
    }[spot]
    return dict(showarrow=False, bgcolor="rgba(255, 255, 255, 0.85)", borderpad=1, **where)


def _rings(
    xy: NDArray[np.floating], hover: Sequence[str], *, gl: bool, name: str = "highlighted"
) -> go.BaseTraceType:
    """Highlighted rows: large gold rings with a black edge (hover: their text)."""
    import plotly.graph_objects as go

    kind = go.Scattergl if gl else go.Scatter
    xy = np.asarray(xy, dtype=float).reshape(-1, 2)
    return kind(
        x=xy[:, 0],
        y=xy[:, 1],
        mode="markers",
        name=name,
        marker=dict(size=RING_PX, symbol="circle", **HIGHLIGHT),
        customdata=np.asarray(hover, dtype=object)[:, None],
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
    highlight_name: str = "highlighted",
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
        highlight_name: the legend entry of the highlighted rows.
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
        labels=False,  # placed below, without overlaps
        height=height,
    )
    # Solid points read on a projector; with highlights the others step back a little.
    fig.update_traces(marker_opacity=0.7 if len(highlight) else 0.9)
    if not n:
        return fig
    region = box or bounds(table[["x", "y"]].to_numpy())
    xy = table[["x", "y"]].to_numpy(dtype=float)
    short = [_short(str(t)) for t in table["text"].tolist()]
    first = list(dict.fromkeys(int(i) for i in highlight))
    others = [i for i in range(n) if i not in set(first)] if n <= LABEL_ALL else []
    order = first + others
    spots = place_labels(
        xy[order],
        [short[i] for i in order],
        box=region,
        marker_px=[RING_PX] * len(first) + [size] * len(others),
    )
    if others:
        fig.add_trace(
            _labels_trace(
                xy[others],
                [short[i] for i in others],
                spots[len(first) :],
                font=LABEL_FONT,
                marker_px=size,
            )
        )
    if first:
        hover = _hover_text(table.reset_index(drop=True), "text", hover_columns)[first]
        fig.add_trace(_rings(xy[first], hover, gl=n > 2_000, name=highlight_name))
        fig.add_trace(
            _labels_trace(xy[first], [short[i] for i in first], spots[: len(first)],
                          font=HIGHLIGHT_FONT, marker_px=RING_PX)
        )  # fmt: skip
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
    marks = marks.reset_index(drop=True) if marks is not None else None
    mark_xy = marks[["x", "y"]].to_numpy(dtype=float) if marks is not None else np.zeros((0, 2))
    mark_texts = [_short(str(t)) for t in marks["text"]] if marks is not None else []
    centre_xy = (
        centres[["x", "y"]].to_numpy(dtype=float) if centres is not None else np.zeros((0, 2))
    )
    names = [_short(str(n), 24) for n in centres["name"]] if centres is not None else []
    # One placement for both: highlighted rows first, then group names where room is left.
    spots = place_labels(
        np.vstack([mark_xy, centre_xy]),
        mark_texts + names,
        box=grid.box,
        marker_px=[RING_PX] * len(mark_texts) + [0] * len(names),
    )
    # On a dark density image, labels need their own white background: annotations.
    if mark_texts:
        fig.add_trace(_rings(mark_xy, _hover_text(marks, "text", []), gl=False))
    labelled = zip(
        [*mark_xy, *centre_xy],
        [*mark_texts, *names],
        spots,
        [RING_PX] * len(mark_texts) + [0] * len(names),
        [HIGHLIGHT_FONT] * len(mark_texts) + [CENTRE_FONT] * len(names),
        strict=True,
    )
    for (x, y), text, spot, px, font in labelled:
        if spot:
            fig.add_annotation(x=x, y=y, text=text, font=font, **_anchor(spot, px / 2 + 3))
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
