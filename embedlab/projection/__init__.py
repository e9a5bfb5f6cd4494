"""Maps of embeddings: PCA, UMAP and t-SNE in 2-D or 3-D, and how far to trust them.

One projection path for the whole project: :func:`project` (an array) and
:func:`make_map` (the array plus axis titles, explained variance and faithfulness,
which is what pages show). :func:`semantic_axes` places points on directions chosen
by the user (the Embedding Projector's "custom" projection).

Faithfulness: :func:`neighbours_kept` (the share of each point's nearest neighbours in
the original space that stay nearest on the map) and :func:`trustworthiness`
(scikit-learn's measure of how many map neighbours are impostors).

>>> import numpy as np
>>> X = np.random.default_rng(0).normal(size=(20, 12)).astype(np.float32)
>>> project(X, method="pca").shape
(20, 2)
"""

from __future__ import annotations

from embedlab.projection._checks import (
    METHOD_NAMES,
    METHODS,
    METRICS,
    MIN_POINTS,
    MIN_POINTS_3D,
    PARAM_SPECS,
    PARAMS,
    TSNE_FEW_POINTS,
    Method,
    Metric,
    ParamSpec,
    _as_float,
    _as_int,
    _check_method,
    _check_metric,
    _check_pair,
    _check_vectors,
    check_points,
    min_points,
    param_bounds,
    param_default,
)
from embedlab.projection.axes import (
    direction_cosine,
    semantic_axes,
)
from embedlab.projection.distances import (
    EXACT_KNN_LIMIT,
    _all_same,
    _Distances,
    _knn,
    _prepared,
    _unit_rows,
)
from embedlab.projection.faithfulness import (
    MIN_FAITHFUL_POINTS,
    SAMPLE_QUERIES,
    TRUST_EXACT_LIMIT,
    Faithfulness,
    _kept,
    _trustworthiness_sampled,
    faithfulness,
    neighbors_kept,
    neighbours_kept,
    trustworthiness,
)
from embedlab.projection.maps import (
    ProjectionMap,
    coordinates_frame,
    make_axes_map,
    make_map,
)
from embedlab.projection.methods import (
    PCAComponents,
    PCAVariance,
    _project,
    _tsne,
    _umap,
    pca_components,
    project,
    resolve_params,
)
from embedlab.projection.warmup import (
    _warm_up_lock,
    _warm_up_threads,
    start_umap_warm_up,
    warm_up_umap,
)

__all__ = [
    "Faithfulness",
    "METHODS",
    "METRICS",
    "MIN_FAITHFUL_POINTS",
    "MIN_POINTS",
    "MIN_POINTS_3D",
    "PARAM_SPECS",
    "ParamSpec",
    "PCAComponents",
    "PCAVariance",
    "ProjectionMap",
    "coordinates_frame",
    "check_points",
    "direction_cosine",
    "faithfulness",
    "make_axes_map",
    "make_map",
    "neighbors_kept",
    "neighbours_kept",
    "param_bounds",
    "param_default",
    "min_points",
    "pca_components",
    "project",
    "resolve_params",
    "semantic_axes",
    "start_umap_warm_up",
    "trustworthiness",
    "warm_up_umap",
]
