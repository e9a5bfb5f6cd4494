"""embedlab: explore text embeddings in a notebook or in the app.

>>> import embedlab
>>> [m.id for m in embedlab.list_models()][:1]
['use-multilingual']
"""

from __future__ import annotations

from embedlab import io as io  # the old name of embedlab.tables: ``embedlab.io.X`` keeps working
from embedlab.analogy import analogy, analogy_language, analogy_texts
from embedlab.clustering import cluster_hdbscan, cluster_keywords, cluster_kmeans, suggest_k
from embedlab.collections import (
    Collection,
    create_collection,
    delete_collection,
    list_collections,
    open_collection,
)
from embedlab.compare import ModelComparison, compare_models, compare_vectors, procrustes
from embedlab.errors import (
    CollectionError,
    CollectionNotFoundError,
    EmbedlabError,
    FileFormatError,
    FilterError,
    InputError,
    ModelLoadError,
    StorageError,
    TooFewPointsError,
    UnknownWordError,
)
from embedlab.evaluation import evaluate_analogies, evaluate_word_pairs
from embedlab.models import (
    DEFAULT_MODEL_ID,
    Encoder,
    ModelInfo,
    SentenceModel,
    WordModel,
    encode_known,
    list_models,
    load_model,
)
from embedlab.outliers import outlier_scores
from embedlab.projection import (
    make_map,
    neighbors_kept,
    neighbours_kept,
    project,
    trustworthiness,
)
from embedlab.similarity import similarity_matrix, top_k
from embedlab.tables import read_upload
from embedlab.text import parse_lines
from embedlab.training import train_word_vectors
from embedlab.vector_text import looks_like_vectors, parse_vectors
from embedlab.vectors import load_vectors, save_word2vec

__all__ = [
    "Collection",
    "CollectionError",
    "CollectionNotFoundError",
    "FilterError",
    "StorageError",
    "create_collection",
    "delete_collection",
    "list_collections",
    "open_collection",
    "DEFAULT_MODEL_ID",
    "EmbedlabError",
    "Encoder",
    "FileFormatError",
    "InputError",
    "ModelInfo",
    "ModelComparison",
    "ModelLoadError",
    "SentenceModel",
    "TooFewPointsError",
    "UnknownWordError",
    "WordModel",
    "analogy",
    "analogy_language",
    "analogy_texts",
    "cluster_hdbscan",
    "cluster_keywords",
    "cluster_kmeans",
    "compare_models",
    "compare_vectors",
    "encode_known",
    "evaluate_analogies",
    "evaluate_word_pairs",
    "list_models",
    "load_model",
    "load_vectors",
    "looks_like_vectors",
    "make_map",
    "neighbors_kept",
    "neighbours_kept",
    "outlier_scores",
    "parse_lines",
    "parse_vectors",
    "procrustes",
    "project",
    "read_upload",
    "save_word2vec",
    "similarity_matrix",
    "suggest_k",
    "top_k",
    "train_word_vectors",
    "trustworthiness",
]
