"""Vectors as arrows from the origin (2-D or 3-D), for typed toy vectors."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from embedlab.errors import InputError

if TYPE_CHECKING:
    import plotly.graph_objects as go

# Colour-blind-safe (Okabe–Ito), strong enough for a projector.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]


def vector_arrows(
    labels: list[str], X: NDArray[np.floating], *, title: str | None = None
) -> go.Figure:
    """Each vector as an arrow from the origin, with equal axis scales so angles are true.

    Args:
        labels: ``n`` names.
        X: ``(n, 2)`` or ``(n, 3)`` vectors.
        title: the figure title.

    Returns:
        A plotly figure: 2-D lines with arrowheads, or 3-D lines with cones at the tips.

    Raises:
        InputError: vectors that are not 2-D or 3-D.
    """
    import plotly.graph_objects as go

    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] not in (2, 3) or len(labels) != len(X):
        raise InputError(
            f"Arrows are drawn for 2-D or 3-D vectors; these have {X.shape[-1]} numbers each."
        )
    fig = go.Figure()
    reach = float(np.abs(X).max()) if X.size else 1.0
    reach = reach if reach > 0 else 1.0
    for i, (label, v) in enumerate(zip(labels, X, strict=True)):
        colour = PALETTE[i % len(PALETTE)]
        coords = ", ".join(f"{c:g}" for c in v)
        hover = f"{label}<br>[{coords}]<extra></extra>"
        if X.shape[1] == 2:
            fig.add_trace(
                go.Scatter(x=[0, v[0]], y=[0, v[1]], mode="lines+text", name=label,
                           text=["", label], textposition="top center",
                           textfont={"size": 16, "color": colour},
                           line={"color": colour, "width": 4}, hovertemplate=hover)
            )  # fmt: skip
            fig.add_annotation(x=v[0], y=v[1], ax=0, ay=0, xref="x", yref="y", axref="x",
                               ayref="y", showarrow=True, arrowhead=3, arrowsize=1.5,
                               arrowwidth=3, arrowcolor=colour, text="")  # fmt: skip
        else:
            fig.add_trace(
                go.Scatter3d(x=[0, v[0]], y=[0, v[1]], z=[0, v[2]], mode="lines+text",
                             name=label, text=["", label], textfont={"size": 15, "color": colour},
                             line={"color": colour, "width": 8}, hovertemplate=hover)
            )  # fmt: skip
            norm = float(np.linalg.norm(v)) or 1.0
            fig.add_trace(
                go.Cone(x=[v[0]], y=[v[1]], z=[v[2]], u=[v[0] / norm], v=[v[1] / norm],
                        w=[v[2] / norm], sizemode="absolute", sizeref=0.12 * reach,
                        anchor="tip", showscale=False, colorscale=[[0, colour], [1, colour]],
                        hoverinfo="skip", showlegend=False)
            )  # fmt: skip
    span = [-0.05 * reach if X.min() >= 0 else -1.1 * reach, 1.1 * reach]
    if X.shape[1] == 2:
        fig.update_layout(
            xaxis={"range": span, "zeroline": True, "zerolinewidth": 2, "title": "x"},
            yaxis={"range": span, "zeroline": True, "zerolinewidth": 2, "title": "y",
                   "scaleanchor": "x", "scaleratio": 1},
        )  # fmt: skip
    else:
        axis = {"range": span}
        fig.update_layout(
            scene={"xaxis": {**axis, "title": "x"}, "yaxis": {**axis, "title": "y"},
                   "zaxis": {**axis, "title": "z"}, "aspectmode": "cube"}
        )  # fmt: skip
    fig.update_layout(
        title=title, height=520, showlegend=True, margin={"l": 10, "r": 10, "t": 50, "b": 10},
        font={"size": 15},
    )  # fmt: skip
    return fig
