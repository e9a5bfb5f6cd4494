"""The map figure: points of a 2-D or 3-D projection, for every page that draws one.

One builder for the whole project: :func:`map_figure` takes a table (one row per point,
as made by :func:`embedlab.projection.coordinates_frame` or any DataFrame with
coordinate columns) and draws it with plotly: text labels on small maps, the full text
on hover, a legend per group or a colour scale for a number column, WebGL for large maps,
and optional highlighted points (search hits).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas as pd
    import plotly.graph_objects as go

#: Red (neighbours lost) through amber to green (kept), dark enough to see on white.
KEPT_COLORSCALE = [[0.0, "#c62828"], [0.5, "#e69500"], [0.75, "#7cb342"], [1.0, "#1b5e20"]]

LABEL_LIMIT = 200
WEBGL_THRESHOLD = 2000
LABEL_CHARS = 30
HOVER_WIDTH = 80
NO_GROUP = "(no group)"


def map_figure(
    data: pd.DataFrame,
    *,
    x: str = "x",
    y: str = "y",
    z: str | None = None,
    text: str = "text",
    color: str | None = None,
    categorical: bool | None = None,
    hover_columns: Sequence[str] = (),
    highlight: Sequence[int] | None = None,
    axis_titles: Sequence[str] | None = None,
    title: str | None = None,
    labels: bool | None = None,
    label_limit: int = LABEL_LIMIT,
    webgl_threshold: int = WEBGL_THRESHOLD,
    colorscale: str | list = "Viridis",
    color_range: tuple[float, float] | None = None,
    color_title: str | None = None,
    marker_size: float | None = None,
    height: int = 600,
) -> go.Figure:
    """Draw a map of points.

    Args:
        data: one row per point; needs the columns named by ``x``, ``y`` (``z``), ``text``.
        x, y, z: coordinate columns; give ``z`` for a rotatable 3-D map.
        text: column with each point's text (shown whole on hover, shortened as a label).
        color: column to colour by: text values (or ``categorical=True``) make one
            legend entry per value, in order of first appearance; numbers make a
            colour scale (e.g. each point's kept share).
        categorical: force ``color`` to be read as categories (True) or numbers (False).
        hover_columns: more columns listed on hover (metadata, cluster, score...).
        highlight: row positions to emphasise (drawn on top, ringed and labelled; the
            others are dimmed).
        axis_titles: one per axis, e.g. ``("PC1 (23.1%)", "PC2 (9.8%)")``.
        title: figure title.
        labels: write texts on the points; default: only when there are at most
            ``label_limit`` points.
        label_limit: see ``labels``.
        webgl_threshold: 2-D maps with more points use WebGL (``scattergl``).
        colorscale: plotly colour scale for a number column (e.g. :data:`KEPT_COLORSCALE`).
        color_range: fixed ``(min, max)`` of the colour scale (e.g. ``(0, 1)`` for shares).
        color_title: colour bar title (default: the column name).
        marker_size: point size (default: smaller as the map gets bigger).
        height: pixels.

    Returns:
        A plotly ``Figure``. 2-D maps keep equal scales on both axes, so distances on
        screen are distances in the map.
    """
    import pandas as pd
    import plotly.graph_objects as go

    frame = data.reset_index(drop=True)
    n = len(frame)
    three_d = z is not None
    show_labels = (n <= label_limit) if labels is None else labels
    size = marker_size or (9 if n <= 200 else 6 if n <= 2000 else 4 if n <= 20000 else 2.5)
    gl = n > webgl_threshold
    dim = 0.3 if highlight is not None and len(highlight) else 0.85

    hover = _hover_text(frame, text, hover_columns)
    short = [_short(str(t)) for t in frame[text].tolist()] if show_labels else None

    def trace(rows: np.ndarray, name: str | None, marker: dict[str, Any], **extra: Any) -> Any:
        mode = "markers+text" if short is not None else "markers"
        common: dict[str, Any] = dict(
            x=frame[x].to_numpy()[rows],
            y=frame[y].to_numpy()[rows],
            mode=mode,
            name=name,
            marker=marker,
            customdata=hover[rows][:, None],
            hovertemplate="%{customdata[0]}<extra></extra>",
            **extra,
        )
        if short is not None:
            common["text"] = [short[i] for i in rows]
            common["textfont"] = dict(size=12, color="#262626")
        if three_d:
            common["z"] = frame[z].to_numpy()[rows]
            marker.pop("line", None)
            return go.Scatter3d(**common)
        if short is not None:
            common["textposition"] = "top center"
        return (go.Scattergl if gl else go.Scatter)(**common)

    traces = []
    everyone = np.arange(n)
    if color is None:
        traces.append(trace(everyone, None, dict(size=size, opacity=dim), showlegend=False))
    else:
        values = frame[color]
        is_number = pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)
        if categorical if categorical is not None else not is_number:
            groups = values.astype(object).where(values.notna(), NO_GROUP).astype(str)
            palette = _palette()
            for i, group in enumerate(pd.unique(groups)):
                rows = everyone[(groups == group).to_numpy()]
                colour = palette[i % len(palette)]
                traces.append(
                    trace(
                        rows, group, dict(size=size, color=colour, opacity=dim), legendgroup=group
                    )
                )
        else:
            numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
            lo, hi = color_range or (np.nanmin(numbers), np.nanmax(numbers))
            marker = dict(
                size=size,
                color=numbers,
                colorscale=colorscale,
                cmin=lo,
                cmax=hi,
                opacity=dim,
                showscale=True,
                colorbar=dict(title=dict(text=color_title or color), thickness=14),
            )
            traces.append(trace(everyone, None, marker, showlegend=False))

    if highlight is not None and len(highlight):
        rows = np.asarray(sorted({int(i) for i in highlight if 0 <= int(i) < n}), dtype=int)
        marker = dict(
            size=size * 1.8 + 4,
            color="rgba(255, 215, 0, 0.95)",
            line=dict(color="black", width=2),
            symbol="circle",
        )
        hi_trace = trace(rows, "highlighted", marker)
        hi_trace.mode = "markers+text"
        hi_trace.text = [_short(str(frame[text].iat[i])) for i in rows]
        hi_trace.textfont = dict(size=12, color="black")
        if not three_d:
            hi_trace.textposition = "top center"
        traces.append(hi_trace)

    fig = go.Figure(traces)
    titles = list(axis_titles or [x, y] + ([z] if three_d else []))
    # Projector-sized legend and axes: Streamlit's chart theme draws them at ~11 px in grey.
    legend = dict(
        itemsizing="constant", title=dict(text=color if color else "", font=dict(size=15)),
        font=dict(size=15),
    )  # fmt: skip
    fig.update_layout(
        title=title,
        height=height,
        margin=dict(l=10, r=10, t=50 if title else 20, b=10),
        legend=legend,
        hoverlabel=dict(align="left"),
        template="plotly_white",
    )
    if three_d:
        fig.update_layout(
            scene=dict(
                xaxis_title=titles[0],
                yaxis_title=titles[1],
                zaxis_title=titles[2],
                aspectmode="data",
                camera=dict(eye=dict(x=1.6, y=1.6, z=1.0)),  # the default crops the corners
            )
        )
    else:
        axis_text = dict(tickfont=dict(size=14), title_font=dict(size=15))
        fig.update_xaxes(title=titles[0], zeroline=False, **axis_text)
        fig.update_yaxes(
            title=titles[1], zeroline=False, scaleanchor="x", scaleratio=1, **axis_text
        )
    return fig


def figure_html(fig: go.Figure) -> bytes:
    """The figure as a standalone HTML page (plotly.js inlined: opens offline)."""
    return fig.to_html(full_html=True, include_plotlyjs=True).encode("utf-8")


def _hover_text(frame: pd.DataFrame, text: str, columns: Sequence[str]) -> np.ndarray:
    """One escaped, wrapped hover string per row."""
    body = [_wrap(html.escape(str(t))) for t in frame[text].tolist()]
    for column in columns:
        values = frame[column].tolist()
        name = html.escape(str(column))
        body = [
            f"{b}<br><b>{name}</b>: {html.escape(_fmt(v))}"
            for b, v in zip(body, values, strict=True)
        ]
    return np.asarray(body, dtype=object)


def _fmt(value: Any) -> str:
    if isinstance(value, float | np.floating):
        return f"{value:.3g}"
    return str(value)


def _wrap(text: str, width: int = HOVER_WIDTH) -> str:
    """Break a long text into lines of about ``width`` characters, at spaces."""
    if len(text) <= width:
        return text
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "<br>".join(lines)


def _short(text: str, width: int = LABEL_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _palette() -> list[str]:
    from plotly.colors import qualitative

    # D3 first: its first colours stay apart on a washed-out projector (Plotly's first blue
    # and purple look alike there).
    return list(qualitative.D3) + list(qualitative.Plotly) + list(qualitative.Alphabet)


__all__ = ["KEPT_COLORSCALE", "figure_html", "map_figure"]
