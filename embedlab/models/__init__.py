"""The model catalogue and the adapters that give every model one interface.

Every model satisfies :class:`Encoder`: ``id``, ``name``, ``kind``, ``dim`` and
``encode(texts) -> (n, d) float32``. Word models (:class:`WordModel`) add a
vocabulary: ``word in model``, ``len(model)``, ``most_similar`` and close
spellings for unknown words.

Heavy libraries (torch, sentence_transformers, gensim) are imported inside the
functions that need them, so ``import embedlab`` and ``list_models()`` stay fast.
"""

from __future__ import annotations

from embedlab.models.base import (
    _HAS_LETTER,
    _TOKEN,
    DEFAULT_MODEL_ID,
    Encoder,
    Kind,
    ModelInfo,
    Progress,
    SentenceModel,
    WordModel,
    _check_texts,
    cache_dir,
    encode_known,
)
from embedlab.models.catalogue import (
    _CATALOGUE,
    _HF_ID,
    _Spec,
    list_models,
    load_model,
    model_info,
)
from embedlab.models.loaders import (
    _installed,
    _load_folder,
    _load_glove,
    _load_hub,
    _load_minilm,
    _load_use,
    _sentence_transformer,
)
from embedlab.models.use_words import (
    USE_WORDS_LANGUAGES,
    USE_WORDS_PER_LANGUAGE,
    _load_use_words,
    _per_language,
    _use_words_vocabulary,
    build_use_words,
    encode_words,
    needs_preparation,
    prepare_model,
    use_words_path,
)

__all__ = [
    "DEFAULT_MODEL_ID",
    "Encoder",
    "Kind",
    "ModelInfo",
    "Progress",
    "SentenceModel",
    "USE_WORDS_LANGUAGES",
    "USE_WORDS_PER_LANGUAGE",
    "WordModel",
    "build_use_words",
    "cache_dir",
    "encode_known",
    "encode_words",
    "list_models",
    "load_model",
    "model_info",
    "needs_preparation",
    "prepare_model",
    "use_words_path",
]
