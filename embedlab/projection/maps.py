"""A map ready to show: coordinates, axis titles, explained variance and faithfulness."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from embedlab.errors import InputError
from embedlab.projection._checks import (
    METHOD_NAMES,
    TSNE_FEW_POINTS,
    Method,
    Metric,
    _check_method,
    _check_vectors,
)
from embedlab.projection.axes import direction_cosine, semantic_axes
from embedlab.projection.faithfulness import Faithfulness, faithfulness
from embedlab.projection.methods import PCAVariance, _project, pca_components, resolve_params

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class ProjectionMap:
    """A map ready to draw: coordinates plus everything needed to read it honestly.

    Attributes:
        coords: ``(n, 2)`` or ``(n, 3)`` float32.
        method: ``"pca"``, ``"umap"``, ``"tsne"`` or ``"axes"`` (semantic axes).
        params: the parameters actually used, defaults and caps resolved.
        axis_titles: one title per axis, e.g. ``("PC1 (23.1%)", "PC2 (9.8%)")``.
        faithfulness: neighbours kept and trustworthiness of this map.
        variance: PCA only: explained variance of the leading components.
    """

    coords: NDArray[np.float32]
    method: str
    params: dict[str, Any]
    axis_titles: tuple[str, ...]
    faithfulness: Faithfulness
    variance: PCAVariance | None = None
    notes: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- maps for pages


def make_map(
    X: NDArray[np.floating],
    *,
    method: Method = "pca",
    n_components: int = 2,
    random_state: int = 0,
    k: int = 10,
    faithfulness_metric: Metric = "cosine",
    **params: Any,
) -> ProjectionMap:
    """:func:`project` plus what a reader needs: axis titles, PCA's explained variance,
    and the map's faithfulness (:func:`neighbours_kept` and :func:`trustworthiness`).

    Args:
        X: ``(n, d)`` vectors.
        method, n_components, random_state, **params: as :func:`project`.
        k: neighbours compared for faithfulness.
        faithfulness_metric: distance in the original space for faithfulness.

    Returns:
        :class:`ProjectionMap`.

    Raises:
        TooFewPointsError, InputError: as :func:`project`.
    """
    X = _check_vectors(X)
    method = _check_method(method)
    used = resolve_params(method, len(X), params, n_components=n_components, dim=X.shape[1])
    variance = None
    if method == "pca":
        comps = used["components"]
        pca = pca_components(X, n_components=max(10, max(comps) + 1), random_state=random_state)
        coords = pca.axes(comps)
        variance = PCAVariance(pca.variance.ratio, pca.variance.cumulative, comps)
        titles = tuple(f"PC{c + 1} ({100 * pca.variance.ratio[c]:.1f}%)" for c in comps)
    else:
        coords = _project(X, method, n_components, random_state, used)
        titles = tuple(f"{METHOD_NAMES[method]} {i + 1}" for i in range(n_components))
    notes = []
    if method == "umap" and "n_neighbors" not in params and used["n_neighbors"] < 15:
        notes.append(f"n_neighbors lowered to {used['n_neighbors']} for {len(X)} points.")
    if method == "tsne" and len(X) < TSNE_FEW_POINTS:
        notes.append(
            f"t-SNE on {len(X)} points: with fewer than {TSNE_FEW_POINTS}, its layout depends "
            "much on the seed. PCA shows small sets more faithfully."
        )
    return ProjectionMap(
        coords=coords,
        method=method,
        params={"n_components": n_components, "random_state": random_state, **used},
        axis_titles=titles,
        faithfulness=faithfulness(X, coords, k=k, metric=faithfulness_metric),
        variance=variance,
        notes=notes,
    )


def make_axes_map(
    X: NDArray[np.floating],
    ends: Sequence[NDArray[np.floating]],
    *,
    names: Sequence[str] = ("A", "B", "C", "D"),
    k: int = 10,
    normalize: bool = True,
) -> ProjectionMap:
    """:func:`semantic_axes` as a :class:`ProjectionMap` (titles "A → B", faithfulness).

    Args:
        X: ``(n, d)`` vectors to place.
        ends: the four ``(d,)`` vectors A, B, C, D.
        names: their names, for axis titles and errors.
        k: neighbours compared for faithfulness.
        normalize: as :func:`semantic_axes`.

    Raises:
        InputError: as :func:`semantic_axes`; fewer or more than four ends.
    """
    if len(ends) != 4 or len(names) != 4:
        raise InputError("Semantic axes need four ends: A → B for x and C → D for y.")
    X = _check_vectors(X)
    coords = semantic_axes(X, *ends, names=names, normalize=normalize)
    cos = direction_cosine(*ends, normalize=normalize)
    notes = []
    if abs(cos) > 0.7:
        notes.append(
            f"The two directions are alike (cosine {cos:.2f}): points will spread along a "
            "diagonal. Pick ends that differ in another way."
        )
    return ProjectionMap(
        coords=coords,
        method="axes",
        params={"names": tuple(names), "normalize": normalize, "direction_cosine": cos},
        axis_titles=(f"{names[0]} → {names[1]}", f"{names[2]} → {names[3]}"),
        faithfulness=faithfulness(X, coords, k=k),
        notes=notes,
    )


def coordinates_frame(
    coords: NDArray[np.floating],
    texts: Sequence[str],
    groups: Sequence[str] | None = None,
    *,
    extra: Mapping[str, Sequence[Any] | NDArray[Any]] | None = None,
) -> pd.DataFrame:
    """A table of the map: ``x``, ``y`` (``z``), ``text``, ``group`` and any ``extra`` columns.

    This is what the map builder draws and what the CSV export writes
    (``embedlab.export.table_csv(coordinates_frame(...))``).

    Args:
        coords: ``(n, 2)`` or ``(n, 3)``.
        texts: ``n`` labels.
        groups: ``n`` group names, or ``None`` for no group column.
        extra: more columns, e.g. ``{"kept": faithfulness.kept_per_point}``.

    Raises:
        InputError: a column does not have ``n`` values.
    """
    import pandas as pd

    coords = np.asarray(coords, dtype=np.float32)
    n = len(coords)
    columns: dict[str, Any] = {a: coords[:, j] for j, a in enumerate("xyz"[: coords.shape[1]])}
    named: dict[str, Any] = {"text": list(texts)}
    if groups is not None:
        named["group"] = list(groups)
    named.update(extra or {})
    for name, values in named.items():
        if len(values) != n:
            raise InputError(f"'{name}' has {len(values):,} values but the map has {n:,} points.")
        columns[name] = values
    return pd.DataFrame(columns)
