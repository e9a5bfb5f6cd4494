"""Your own text: the map — every row as a point, or past the point limit a density
image of every row that a box selection zooms into."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from embedlab import collection, density
from views._i18n import number, t, tn
from views._your_text import Asked, Done, MapView, Rows, shown


def map_notes(view: MapView, n: int) -> list[str]:
    """How a map was made and how faithful it is, in the interface language."""
    notes = []
    method = view.method.upper()
    if view.fitted_on is not None and view.fitted_on < n:
        notes.append(
            t(
                "{method} fitted on a seeded sample of {sample} rows, then every other row "
                "placed by the fitted model: all {n} rows are on the map.",
                method=method,
                sample=number(view.fitted_on),
                n=number(n),
            )
        )
    if view.stored:
        notes.append(t("Stored in the collection: it reopens without computing."))
    if view.kept is not None:
        note = t(
            "{kept} of each row's {k} nearest neighbours stay nearest on the map.",
            kept=f"{view.kept:.0%}",
            k=view.k,
        )
        if view.kept_sample is not None and view.kept_sample < n:
            note += " " + t(
                "(Measured on a seeded sample of {sample} rows.)",
                sample=number(view.kept_sample),
            )
        notes.append(note)
    return notes


# --------------------------------------------------------------------------- the map


@dataclass
class DrawnMap:
    captions: list[str]
    picked: np.ndarray | None  # rows selected on a points map


def draw_map(rows: Rows, ask: Asked, done: Done) -> DrawnMap:
    """Draw the map (points, or a density image past ``density.POINT_LIMIT`` rows in view)
    and handle its selection: on a density image a box zooms in, on points it lists rows."""
    from embedlab.plots.text_map import density_figure, points_figure

    view = done.view
    coords = view.coords
    box = st.session_state.get("yt_view")
    inside = density.rows_in(coords, box) if box else np.arange(rows.n)
    marked = [int(i) for i in done.marked.get(ask.mark, [])]
    captions: list[str] = []
    if box and st.button(t("Whole map"), key="yt_whole"):
        st.session_state.pop("yt_view", None)
        st.rerun()
    limit = density.point_limit()
    if len(inside) <= limit:
        extra = _map_columns(rows, done, inside)
        colour = ask.colour if ask.colour in done.colour_options else None
        table = map_table(rows, coords, inside, extra)
        spot = {int(p): i for i, p in enumerate(inside)}
        highlight = [spot[p] for p in marked if p in spot]
        fig = points_figure(
            table, color=colour, hover_columns=list(table.columns[3:]), highlight=highlight,
            axis_titles=view.axis_titles, box=box, highlight_name=t("highlighted"),
        )  # fmt: skip
        what = tn(
            "All {n} row drawn as a point.", "All {n} rows drawn as points.", len(inside)
        ) if not box else tn(
            "{n} row in this region, drawn as a point.",
            "{n} rows in this region, drawn as points.",
            len(inside),
        )  # fmt: skip
        captions.append(what + " " + t("Select points (box or lasso) to list their rows."))
    else:
        # Cells of ~2 px for a million rows, bigger when there are few: a lone row stays visible.
        width = int(np.clip(2 * np.sqrt(len(inside)), 60, 400))
        grid = density.density(
            coords, box=box, width=width, height=_grid_height(coords, box, width)
        )
        fig = density_figure(
            grid,
            marks=_marks(rows, coords, marked, grid.box),
            centres=cluster_centres(coords, done.labels, done.names)
            if done.labels is not None
            else None,
            axis_titles=view.axis_titles,
            count_name=t("rows"),
        )
        captions.append(
            t(
                "{n} rows in view, every one counted: drawn as a density image ({w} × {h} "
                "cells; the darker, the more rows). Drag a box to zoom in; a region with at "
                "most {limit} rows shows each row as a point with its text.",
                n=number(grid.total),
                w=grid.counts.shape[1],
                h=grid.counts.shape[0],
                limit=number(limit),
            )
        )
    captions += map_notes(view, rows.n)
    # A new key per region: a zoom starts with an empty selection.
    region = "" if box is None else "_".join(f"{v:.6g}" for v in box)
    event = st.plotly_chart(fig, on_select="rerun", key=f"yt_map{region}")
    picked = None
    if len(inside) > limit and event.selection.box:
        st.session_state["yt_view"] = _box(event.selection.box[0])
        st.rerun()
    points = [(p["x"], p["y"]) for p in event.selection.points]
    if points:
        picked = collection.rows_at(coords, inside, points)
    return DrawnMap(captions, picked)


def _box(selected: dict) -> density.Box:
    xs, ys = sorted(selected["x"]), sorted(selected["y"])
    return (float(xs[0]), float(xs[-1]), float(ys[0]), float(ys[-1]))


def _grid_height(coords: np.ndarray, box: density.Box | None, width: int) -> int:
    """Cells up, so that cells are about square (the map keeps equal scales)."""
    x0, x1, y0, y1 = box or density.bounds(coords)
    return int(np.clip(round(width * (y1 - y0) / max(x1 - x0, 1e-12)), 10, 1.5 * width))


def _map_columns(rows: Rows, done: Done, inside: np.ndarray) -> dict[str, Any]:
    """The extra columns a points map carries (hover and colour), for the rows drawn."""
    extra: dict[str, Any] = {c: rows.frame[c].to_numpy()[inside] for c in rows.meta}
    if done.labels is not None:
        names = done.names
        extra[t("cluster")] = [names.get(int(c), str(int(c))) for c in done.labels[inside]]
    if done.outliers is not None:
        extra[t("outlier score")] = done.outliers[inside]
    return extra


def _marks(rows: Rows, coords: np.ndarray, marked: list[int], box: density.Box) -> pd.DataFrame:
    """Highlighted rows inside ``box``, most important first, for a density map."""
    keep = [
        p for p in marked if box[0] <= coords[p, 0] <= box[1] and box[2] <= coords[p, 1] <= box[3]
    ]
    return pd.DataFrame(
        {
            "x": coords[keep, 0] if keep else [],
            "y": coords[keep, 1] if keep else [],
            "text": [rows.texts[p] for p in keep],
        }
    )


def map_table(rows: Rows, coords: np.ndarray, positions: np.ndarray, extra: dict) -> pd.DataFrame:
    """The table a points map draws: x, y, text, row, then ``extra`` columns."""
    table = pd.DataFrame(
        {
            "x": coords[positions, 0],
            "y": coords[positions, 1],
            "text": [rows.texts[p] for p in positions],
            t("row"): rows.ids[positions],
        }
    )
    for name, values in extra.items():
        table[name] = values
    return shown(table)


def cluster_centres(coords: np.ndarray, labels: np.ndarray, names: dict[int, str]) -> pd.DataFrame:
    """Where to write each cluster's name: the median point of its rows (noise left out)."""
    out = []
    for label, name in names.items():
        mine = coords[labels == label] if label >= 0 else coords[:0]
        if len(mine):
            out.append((float(np.median(mine[:, 0])), float(np.median(mine[:, 1])), name))
    return pd.DataFrame(out, columns=["x", "y", "name"])
