"""The disk cache of embeddings."""

from __future__ import annotations

import os

import numpy as np
import pytest

from embedlab import cache
from tests.conftest import make_sentence_model


@pytest.fixture(autouse=True)
def _cache_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setenv("EMBEDLAB_CACHE_DIR", str(tmp_path))


class Counting:
    """Wraps a model and counts the texts it embeds."""

    def __init__(self, model):
        self.model, self.embedded = model, 0
        self.id, self.name, self.kind, self.dim = model.id, model.name, model.kind, model.dim

    def encode(self, texts, *, batch_size=64, progress=None):
        self.embedded += len(texts)
        return self.model.encode(texts, batch_size=batch_size, progress=progress)


TEXTS = ["gato preto", "cachorro", "carro azul", "ação", "não"]


def test_second_call_reads_the_disk(tmp_path):
    model = Counting(make_sentence_model())
    first = cache.embed_cached(model, TEXTS, batch_size=2)
    assert not first.from_cache and model.embedded == 5
    second = cache.embed_cached(model, TEXTS)
    assert second.from_cache and model.embedded == 5
    np.testing.assert_array_equal(first.vectors, second.vectors)
    assert second.vectors.dtype == np.float32
    assert cache.embeddings_path(model.id, TEXTS).is_relative_to(tmp_path)


def test_key_is_model_and_every_text():
    model = Counting(make_sentence_model())
    cache.embed_cached(model, TEXTS)
    cache.embed_cached(model, [*TEXTS[:-1], "nao"])
    cache.embed_cached(model, TEXTS[::-1])
    assert model.embedded == 15
    other = Counting(make_sentence_model(model_id="other/model"))
    assert not cache.embed_cached(other, TEXTS).from_cache
    assert cache.texts_digest(["ab", "c"]) != cache.texts_digest(["a", "bc"])
    assert "/" not in cache.embeddings_path("org/model", TEXTS).name


def test_progress_and_a_cancelled_run_leaves_nothing():
    model = make_sentence_model()
    calls = []
    cache.embed_cached(model, TEXTS, batch_size=2, progress=lambda d, t: calls.append((d, t)))
    assert calls == [(2, 5), (4, 5), (5, 5)]

    class Cancelled(Exception):
        pass

    def cancel(done, total):
        if done >= 2:
            raise Cancelled

    texts = ["outro", "texto", "aqui"]
    with pytest.raises(Cancelled):
        cache.embed_cached(model, texts, batch_size=2, progress=cancel)
    path = cache.embeddings_path(model.id, texts)
    assert not path.exists()
    assert not list(path.parent.glob("*.tmp"))


def test_unreadable_or_wrong_files_are_ignored():
    model = Counting(make_sentence_model())
    path = cache.embeddings_path(model.id, TEXTS)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not an npy file")
    assert cache.load_embeddings(model.id, TEXTS) is None
    np.save(path, np.zeros((2, 3), np.float32))  # wrong number of rows
    assert cache.load_embeddings(model.id, TEXTS) is None
    assert not cache.embed_cached(model, TEXTS).from_cache
    assert cache.load_embeddings(model.id, TEXTS) is not None


def test_prune_removes_least_recently_used():
    X = np.zeros((5, 100), np.float32)
    for i in range(3):
        path = cache.save_embeddings(f"m{i}", TEXTS, X)
        os.utime(path, (1_000 + i, 1_000 + i))
    size = path.stat().st_size
    assert cache.prune(max_bytes=2 * size) == 1
    assert cache.load_embeddings("m0", TEXTS) is None
    assert cache.load_embeddings("m2", TEXTS) is not None
