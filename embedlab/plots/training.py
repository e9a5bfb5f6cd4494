"""Figures for the Train page."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from embedlab.errors import InputError

if TYPE_CHECKING:
    import plotly.graph_objects as go


def loss_curves(losses: Mapping[str, Sequence[float]]) -> go.Figure:
    """Training loss per epoch, one line per training.

    A curve that is still falling at the last epoch says more epochs would help; a flat
    one, that the model has learnt what this corpus can teach it.

    Args:
        losses: training label → loss of each epoch (gensim's Word2Vec loss).

    Returns:
        A plotly figure with one ``lines+markers`` trace per training.

    Raises:
        InputError: no training has a loss (FastText reports none).
    """
    import plotly.graph_objects as go

    curves = {label: list(values) for label, values in losses.items() if len(values)}
    if not curves:
        raise InputError("No loss to plot: gensim reports the loss for Word2Vec only.")
    fig = go.Figure()
    for label, values in curves.items():
        fig.add_trace(
            go.Scatter(
                x=list(range(1, len(values) + 1)),
                y=values,
                mode="lines+markers",
                name=label,
                hovertemplate="epoch %{x}<br>loss %{y:,.0f}<extra>" + label + "</extra>",
            )
        )
    fig.update_layout(
        title="Training loss per epoch (lower = the model predicts its contexts better)",
        xaxis_title="epoch",
        yaxis_title="loss",
        height=320,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        legend={"orientation": "h", "y": -0.3},
        showlegend=len(curves) > 1,
    )
    fig.update_xaxes(dtick=1 if max(map(len, curves.values())) <= 20 else None)
    return fig
