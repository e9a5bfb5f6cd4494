"""embedlab: explore text embeddings in a notebook or in the app.

>>> import embedlab
>>> [m.id for m in embedlab.list_models()][:1]
['use-multilingual']
"""

from __future__ import annotations

from embedlab.errors import (
    EmbedlabError,
    FileFormatError,
    InputError,
    ModelLoadError,
    TooFewPointsError,
    UnknownWordError,
)
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
from embedlab.similarity import similarity_matrix, top_k
from embedlab.text import parse_lines

__all__ = [
    "DEFAULT_MODEL_ID",
    "EmbedlabError",
    "Encoder",
    "FileFormatError",
    "InputError",
    "ModelInfo",
    "ModelLoadError",
    "SentenceModel",
    "TooFewPointsError",
    "UnknownWordError",
    "WordModel",
    "encode_known",
    "list_models",
    "load_model",
    "parse_lines",
    "similarity_matrix",
    "top_k",
]
