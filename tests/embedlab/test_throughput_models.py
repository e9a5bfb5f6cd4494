"""Length-aware batching and the int8 ONNX MiniLM (parity with the float model)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import embedlab
from embedlab.models import SentenceModel
from embedlab.models.base import length_order
from tests.conftest import real_model


def _recording_model(sort_by_length: bool) -> tuple[SentenceModel, list[list[str]]]:
    seen: list[list[str]] = []

    def encode_batch(texts: list[str]) -> np.ndarray:
        seen.append(list(texts))
        return np.array([[len(t), t.count("a"), 1.0] for t in texts], np.float32)

    model = SentenceModel(
        encode_batch, id="fake", name="fake", dim=3, sort_by_length=sort_by_length
    )
    return model, seen


def test_length_order_is_longest_first_and_stable():
    assert length_order(["a", "ccc", "bb", "ddd", ""]).tolist() == [1, 3, 2, 0, 4]
    assert length_order([]).tolist() == []


def test_sorted_batches_hold_similar_lengths_and_rows_come_back_in_order():
    texts = ["a" * n for n in (5, 1, 9, 3, 7, 2, 8, 4, 6)] + ["banana", "b"]
    model, seen = _recording_model(True)
    plain, _ = _recording_model(False)
    done = []
    X = model.encode(texts, batch_size=4, progress=lambda d, t: done.append((d, t)))
    np.testing.assert_array_equal(X, plain.encode(texts, batch_size=4))
    assert [len(b) for b in seen] == [4, 4, 3]
    assert [max(map(len, b)) for b in seen] == [9, 6, 2]  # longest first
    assert done == [(4, 11), (8, 11), (11, 11)]


def test_unsorted_model_keeps_the_input_order_in_batches():
    model, seen = _recording_model(False)
    model.encode(["bb", "a", "ccc"], batch_size=2)
    assert seen == [["bb", "a"], ["ccc"]]


def test_int8_minilm_is_in_the_catalogue():
    info = embedlab.models.model_info("minilm-l6-int8")
    assert info is not None and info.dim == 384 and info.kind == "sentence"


@pytest.mark.real_model
def test_int8_minilm_builds_once_and_matches_the_float_model(tmp_path, monkeypatch):
    from embedlab.models import onnx_minilm

    monkeypatch.setenv("EMBEDLAB_CACHE_DIR", str(tmp_path))
    assert embedlab.models.needs_preparation("minilm-l6-int8")
    int8 = embedlab.load_model("minilm-l6-int8")
    folder = onnx_minilm.int8_path()
    assert (folder / "model.onnx").exists()
    assert not any(p.name.endswith(".partial") for p in tmp_path.iterdir())
    assert not embedlab.models.needs_preparation("minilm-l6-int8")
    stamp = (folder / "model.onnx").stat().st_mtime_ns
    import onnx

    ops = [n.op_type for n in onnx.load(str(folder / "model.onnx")).graph.node]
    assert ops.count("QAttention") == 6  # fused, then quantized: where the speed comes from
    assert sorted(p.name for p in folder.iterdir()) == ["model.onnx", "tokenizer.json"]
    embedlab.load_model("minilm-l6-int8")  # the second load reuses the file
    assert (folder / "model.onnx").stat().st_mtime_ns == stamp

    from gensim.test.utils import datapath

    raw = Path(datapath("lee_background.cor")).read_text(encoding="utf-8", errors="replace")
    texts = sorted({s.strip() for s in raw.replace("\n", " ").split(". ") if len(s) > 20})[:300]
    A = real_model("minilm-l6").encode(texts)
    B = int8.encode(texts)
    assert B.shape == A.shape and B.dtype == np.float32
    cosine = (A * B).sum(1) / np.linalg.norm(A, axis=1) / np.linalg.norm(B, axis=1)
    assert cosine.mean() >= 0.98

    def top10(X: np.ndarray) -> np.ndarray:
        S = X @ X.T
        np.fill_diagonal(S, -np.inf)
        return np.argsort(-S, axis=1)[:, :10]

    overlap = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(top10(A), top10(B), strict=True)])
    assert overlap >= 0.85  # 0.9+ on the full corpus (benchmarks/throughput.py)
