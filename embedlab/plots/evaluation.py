"""Figures for the evaluation page: accuracy per section, correlations, human vs model."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from embedlab.evaluation import AnalogyReport, WordPairsReport

_COLORS = ("#3b6ea8", "#e4572e", "#2a9d5c", "#9c6ade", "#f2a541", "#5bc0be")


def section_bars(reports: Mapping[str, AnalogyReport]) -> go.Figure:
    """Accuracy per section, one bar colour per model, the total first.

    Args:
        reports: model name → its :class:`AnalogyReport` on the same benchmark.

    Returns:
        A horizontal grouped bar chart (accuracy in %); sections with no answered question
        are left out.
    """
    import plotly.graph_objects as go

    fig = go.Figure()
    order: dict[str, None] = {"Total": None}
    for report in reports.values():
        order.update({s.name: None for s in report.sections if s.total})
    for i, (model, report) in enumerate(reports.items()):
        by_name = {s.name: s for s in report.sections if s.total}
        names = [n for n in order if n == "Total" or n in by_name]
        acc = [report.accuracy if n == "Total" else by_name[n].accuracy for n in names]
        counts = [
            (report.correct, report.total)
            if n == "Total"
            else (by_name[n].correct, by_name[n].total)
            for n in names
        ]
        fig.add_trace(
            go.Bar(
                x=[100 * a for a in acc],
                y=names,
                orientation="h",
                name=model,
                marker_color=_COLORS[i % len(_COLORS)],
                text=[f"{100 * a:.1f}%" for a in acc],
                textposition="outside",
                textfont={"size": 13},
                cliponaxis=False,
                customdata=counts,
                hovertemplate="%{y}: %{x:.1f}% (%{customdata[0]}/%{customdata[1]})"
                f"<extra>{model}</extra>",
            )
        )
    fig.update_layout(
        title="Analogy accuracy per section",
        barmode="group",
        xaxis={"title": "accuracy (%)", "range": [0, 108]},
        yaxis={
            "autorange": "reversed",
            "categoryorder": "array",
            "categoryarray": list(order),
            "tickfont": {"size": 14},  # section names readable on a projector
        },  # fmt: skip
        height=max(320, 60 + 28 * len(order) * max(1, len(reports))),
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        legend={"orientation": "h", "y": -0.08},
    )
    return fig


def correlation_bars(reports: Mapping[str, Mapping[str, WordPairsReport]]) -> go.Figure:
    """Spearman correlation per word-pair benchmark, one bar colour per model.

    Args:
        reports: model name → benchmark name → its :class:`WordPairsReport`.

    Returns:
        A grouped bar chart of Spearman's ρ (Pearson's r on hover).
    """
    import plotly.graph_objects as go

    fig = go.Figure()
    for i, (model, by_benchmark) in enumerate(reports.items()):
        names = list(by_benchmark)
        fig.add_trace(
            go.Bar(
                x=names,
                y=[r.spearman for r in by_benchmark.values()],
                name=model,
                marker_color=_COLORS[i % len(_COLORS)],
                text=[f"{r.spearman:.3f}" for r in by_benchmark.values()],
                textposition="outside",
                cliponaxis=False,
                customdata=[(r.pearson, r.pairs) for r in by_benchmark.values()],
                hovertemplate="%{x}: ρ %{y:.3f}, r %{customdata[0]:.3f}, %{customdata[1]} pairs"
                f"<extra>{model}</extra>",
            )
        )
    fig.update_layout(
        title="Agreement with people's similarity scores (Spearman ρ)",
        barmode="group",
        yaxis={"title": "Spearman ρ", "range": [min(0.0, _lowest(reports)), 1]},
        height=360,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        legend={"orientation": "h", "y": -0.15},
    )
    return fig


def _lowest(reports: Mapping[str, Mapping[str, WordPairsReport]]) -> float:
    return min((r.spearman for by in reports.values() for r in by.values()), default=0.0)


def pairs_scatter(report: WordPairsReport, *, model: str = "model") -> go.Figure:
    """Human score against the model's cosine, one dot per word pair.

    Args:
        report: a :class:`WordPairsReport`.
        model: the model's name for the title.

    Returns:
        A scatter plot; hover shows the two words.
    """
    import plotly.graph_objects as go

    table = report.table
    fig = go.Figure(
        go.Scatter(
            x=table["human"],
            y=table["model"],
            mode="markers",
            marker={"size": 6, "opacity": 0.7, "color": _COLORS[0]},
            text=table["word1"] + " – " + table["word2"],
            hovertemplate="%{text}<br>human %{x:.2f} · cosine %{y:.3f}<extra></extra>",
        )
    )
    fig.update_layout(
        title=f"{report.name} · {model}: ρ = {report.spearman:.3f}, {report.pairs} pairs",
        xaxis={"title": "human score"},
        yaxis={"title": "cosine in the model"},
        height=380,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
    )
    return fig
