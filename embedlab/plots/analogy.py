"""Figure for the analogies page: the analogy as a parallelogram on a 2-D PCA map."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from embedlab.errors import InputError

if TYPE_CHECKING:
    import plotly.graph_objects as go

INPUT = "#3b6ea8"
ANSWER = "#e4572e"
EXPECTED = "#2a9d5c"
IDEAL = "#8a8a8a"


def parallelogram_figure(
    words: Sequence[str], coords: NDArray[np.floating], *, title: str | None = None
) -> go.Figure:
    """a, b, c and the answer with the two offset arrows, a → b and c → answer.

    The grey dashed outline joins a, b, the ideal point ``b − a + c`` and c: a perfect
    analogy puts the answer on the ideal point, so both arrows are the same arrow.

    Args:
        words: a, b, c, the answer, and optionally the expected answer.
        coords: ``(len(words) + 1, 2)`` from :func:`embedlab.analogy.parallelogram` (last
            row: ``b − a + c``).
        title: the figure title (default ``a : b :: c : answer``).

    Returns:
        A plotly figure.

    Raises:
        InputError: ``coords`` does not have one row per word plus the ideal point.
    """
    import plotly.graph_objects as go

    P = np.asarray(coords, dtype=float)
    if len(words) < 4 or P.shape != (len(words) + 1, 2):
        raise InputError(
            f"Expected {len(words) + 1} points (a, b, c, answer[, expected], b − a + c) "
            f"for {len(words)} words; got an array of shape {P.shape}."
        )
    a, b, c, answer = words[:4]
    ideal = P[-1]
    fig = go.Figure()
    outline = P[[0, 1, -1, 2, 0]]
    fig.add_trace(
        go.Scatter(
            x=outline[:, 0],
            y=outline[:, 1],
            mode="lines",
            line={"color": IDEAL, "dash": "dash", "width": 1},
            name="ideal parallelogram",
            hoverinfo="skip",
        )
    )
    points = [
        (P[:3], list(words[:3]), "inputs", INPUT, "circle", 12, "top"),
        (P[3:4], [answer], "answer", ANSWER, "circle", 15, "top"),
        (ideal[None, :], [f"{b} − {a} + {c}"], "b − a + c", IDEAL, "diamond-open", 13, "bottom"),
    ]
    if len(words) > 4:
        points.append((P[4:5], [words[4]], "expected", EXPECTED, "star", 15, "top"))
    for xy, labels, name, color, symbol, size, side in points:
        fig.add_trace(
            go.Scatter(
                x=xy[:, 0],
                y=xy[:, 1],
                mode="markers+text",
                text=labels,
                textposition=f"{side} center",
                textfont={"size": 14, "color": color},
                marker={"color": color, "symbol": symbol, "size": size},
                name=name,
                hovertemplate="%{text}<extra>" + name + "</extra>",
            )
        )
    for start, end in ((0, 1), (2, 3)):
        fig.add_annotation(
            x=P[end, 0],
            y=P[end, 1],
            ax=P[start, 0],
            ay=P[start, 1],
            xref="x",
            yref="y",
            axref="x",
            ayref="y",
            showarrow=True,
            arrowhead=3,
            arrowsize=1.4,
            arrowwidth=2.5,
            arrowcolor=ANSWER if start == 2 else INPUT,
            standoff=9,
            startstandoff=7,
            text="",
        )
    span = np.ptp(P, axis=0).max() or 1.0
    pad = 0.18 * span
    fig.update_layout(
        title=title or f"{a} : {b} :: {c} : {answer}",
        height=460,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        legend={"orientation": "h", "x": 1, "xanchor": "right", "y": 1.0, "yanchor": "bottom"},
        xaxis={
            "title": "PC 1",
            "range": [P[:, 0].min() - pad, P[:, 0].max() + pad],
            "zeroline": False,
        },
        yaxis={
            "title": "PC 2",
            "range": [P[:, 1].min() - pad, P[:, 1].max() + pad],
            "scaleanchor": "x",
            "zeroline": False,
        },
    )
    return fig
