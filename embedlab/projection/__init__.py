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
    METHOD_NAMES as METHOD_NAMES,
)
from embedlab.projection._checks import (
    METHODS as METHODS,
)
from embedlab.projection._checks import (
    METRICS as METRICS,
)
from embedlab.projection._checks import (
    MIN_POINTS as MIN_POINTS,
)
from embedlab.projection._checks import (
    MIN_POINTS_3D as MIN_POINTS_3D,
)
from embedlab.projection._checks import (
    PARAMS as PARAMS,
)
from embedlab.projection._checks import (
    Method as Method,
)
from embedlab.projection._checks import (
    Metric as Metric,
)
from embedlab.projection._checks import (
    _as_float as _as_float,
)
from embedlab.projection._checks import (
    _as_int as _as_int,
)
from embedlab.projection._checks import (
    _check_method as _check_method,
)
from embedlab.projection._checks import (
    _check_metric as _check_metric,
)
from embedlab.projection._checks import (
    _check_pair as _check_pair,
)
from embedlab.projection._checks import (
    _check_vectors as _check_vectors,
)
from embedlab.projection.axes import (
    direction_cosine as direction_cosine,
)
from embedlab.projection.axes import (
    semantic_axes as semantic_axes,
)
from embedlab.projection.distances import (
    EXACT_KNN_LIMIT as EXACT_KNN_LIMIT,
)
from embedlab.projection.distances import (
    _all_same as _all_same,
)
from embedlab.projection.distances import (
    _Distances as _Distances,
)
from embedlab.projection.distances import (
    _knn as _knn,
)
from embedlab.projection.distances import (
    _prepared as _prepared,
)
from embedlab.projection.distances import (
    _unit_rows as _unit_rows,
)
from embedlab.projection.faithfulness import (
    SAMPLE_QUERIES as SAMPLE_QUERIES,
)
from embedlab.projection.faithfulness import (
    TRUST_EXACT_LIMIT as TRUST_EXACT_LIMIT,
)
from embedlab.projection.faithfulness import (
    Faithfulness as Faithfulness,
)
from embedlab.projection.faithfulness import (
    _kept as _kept,
)
from embedlab.projection.faithfulness import (
    _trustworthiness_sampled as _trustworthiness_sampled,
)
from embedlab.projection.faithfulness import (
    faithfulness as faithfulness,
)
from embedlab.projection.faithfulness import (
    neighbors_kept as neighbors_kept,
)
from embedlab.projection.faithfulness import (
    neighbours_kept as neighbours_kept,
)
from embedlab.projection.faithfulness import (
    trustworthiness as trustworthiness,
)
from embedlab.projection.maps import (
    ProjectionMap as ProjectionMap,
)
from embedlab.projection.maps import (
    coordinates_frame as coordinates_frame,
)
from embedlab.projection.maps import (
    make_axes_map as make_axes_map,
)
from embedlab.projection.maps import (
    make_map as make_map,
)
from embedlab.projection.methods import (
    PCAComponents as PCAComponents,
)
from embedlab.projection.methods import (
    PCAVariance as PCAVariance,
)
from embedlab.projection.methods import (
    _project as _project,
)
from embedlab.projection.methods import (
    _tsne as _tsne,
)
from embedlab.projection.methods import (
    _umap as _umap,
)
from embedlab.projection.methods import (
    pca_components as pca_components,
)
from embedlab.projection.methods import (
    project as project,
)
from embedlab.projection.methods import (
    resolve_params as resolve_params,
)
from embedlab.projection.warmup import (
    _warm_up_lock as _warm_up_lock,
)
from embedlab.projection.warmup import (
    _warm_up_threads as _warm_up_threads,
)
from embedlab.projection.warmup import (
    start_umap_warm_up as start_umap_warm_up,
)
from embedlab.projection.warmup import (
    warm_up_umap as warm_up_umap,
)

__all__ = [
    "Faithfulness",
    "METHODS",
    "METRICS",
    "PCAComponents",
    "PCAVariance",
    "ProjectionMap",
    "coordinates_frame",
    "direction_cosine",
    "faithfulness",
    "make_axes_map",
    "make_map",
    "neighbors_kept",
    "neighbours_kept",
    "pca_components",
    "project",
    "resolve_params",
    "semantic_axes",
    "start_umap_warm_up",
    "trustworthiness",
    "warm_up_umap",
]
