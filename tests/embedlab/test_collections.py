"""Collections: create/open/list/delete, search, add, maps, resumption, bad input, the CLI.

Every test stores its collections under its own ``tmp_path`` (``EMBEDLAB_DATA_DIR``) and
embeds with the tiny topic model of ``tests/conftest.py``.
"""

from __future__ import annotations

import errno
import json
import math
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import embedlab
from embedlab.collections import cli, index, ingest, maps, sources, store
from embedlab.errors import (
    CollectionError,
    CollectionNotFoundError,
    EmbedlabError,
    FileFormatError,
    FilterError,
    InputError,
    ModelLoadError,
    StorageError,
)
from tests.conftest import TOPICS, make_sentence_model

DATA = Path(__file__).resolve().parents[1] / "data"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "collections"
    monkeypatch.setenv("EMBEDLAB_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def model():
    m = make_sentence_model()
    store.remember_model(m)
    return m


def topic_frame(n_per_topic: int = 10) -> pd.DataFrame:
    """Texts about three topics (animals, vehicles, fruits), with an author and a score."""
    texts, authors, topics = [], [], []
    for topic, words in TOPICS.items():
        for i in range(n_per_topic):
            texts.append(f"o {words[i % len(words)]} e o {words[(i + 1) % len(words)]} número {i}")
            authors.append("Machado" if i % 2 else "Clarice")
            topics.append(topic)
    return pd.DataFrame(
        {"texto": texts, "autor": authors, "tema": topics, "nota": range(len(texts))}
    )


def vector_frame(n: int = 40, dim: int = 8, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, dim)).astype(np.float32)
    return pd.DataFrame({"id": range(n), "titulo": [f"doc {i}" for i in range(n)], "emb": list(X)})


# --------------------------------------------------------------------------- create / open


def test_create_open_list_delete(model, data_dir):
    df = topic_frame()
    c = embedlab.create_collection("frases", df, text_column="texto", model=model)
    assert (c.name, c.model_id, c.dim, len(c)) == ("frases", "fake-sentences", 32, 30)
    assert c.columns == ["autor", "tema", "nota"] and c.text_column == "texto"
    assert c.complete and (data_dir / "frases.lance").is_dir()
    assert embedlab.list_collections() == ["frases"]
    again = embedlab.open_collection("frases")
    np.testing.assert_allclose(again.vectors(), model.encode(df["texto"].tolist()), rtol=1e-6)
    table = again.to_pandas()
    assert list(table.columns[:5]) == ["row", "text", "autor", "tema", "nota"]
    assert table["row"].tolist() == list(range(30))
    embedlab.delete_collection("frases")
    assert embedlab.list_collections() == []


def test_delete_refused_or_raced_gives_clear_errors(model, monkeypatch):
    import lancedb.db

    embedlab.create_collection("frases", topic_frame(), text_column="texto", model=model)
    real_drop = lancedb.db.LanceDBConnection.drop_table

    def refuse(self, name, **kw):
        raise OSError(
            "LanceError(IO): failed to remove frases.lance: Permission denied (os error 13)"
        )

    monkeypatch.setattr(lancedb.db.LanceDBConnection, "drop_table", refuse)
    with pytest.raises(StorageError, match="Permission denied while deleting 'frases'"):
        embedlab.delete_collection("frases")
    assert len(embedlab.open_collection("frases")) == 30  # still readable

    def raced(self, name, **kw):  # another process deleted it between the check and the drop
        real_drop(self, name, **kw)
        raise ValueError(f"Table '{name}' was not found")

    monkeypatch.setattr(lancedb.db.LanceDBConnection, "drop_table", raced)
    with pytest.raises(CollectionNotFoundError, match="There is no collection 'frases'"):
        embedlab.delete_collection("frases")


def test_list_of_missing_folder_is_empty(tmp_path):
    assert embedlab.list_collections(uri=tmp_path / "nothing") == []


def test_explicit_uri_and_no_write_to_home(model, tmp_path):
    where = tmp_path / "elsewhere"
    embedlab.create_collection("a", topic_frame(2), text_column="texto", model=model, uri=where)
    assert embedlab.list_collections(uri=where) == ["a"]
    assert embedlab.list_collections() == []


def test_rows_without_text_are_left_out_but_keep_their_numbers(model):
    df = pd.DataFrame({"texto": ["gato", "", None, "  ", "carro"], "x": [1, 2, 3, 4, 5]})
    c = embedlab.create_collection("gaps", df, text_column="texto", model=model)
    assert c.row_numbers().tolist() == [0, 4]
    assert c.info["skipped"] == 3
    with pytest.raises(InputError, match="no row 2"):
        c.similar(2)


def test_default_text_column_is_guessed(model):
    c = embedlab.create_collection("g", topic_frame(2), model=model)
    assert c.text_column == "texto"


def test_user_columns_named_like_ours_are_renamed(model):
    df = pd.DataFrame({"frase": ["gato", "carro"], "text": ["a", "b"], "score": [1, 2]})
    c = embedlab.create_collection("r", df, text_column="frase", model=model)
    assert c.columns == ["text_", "score_"]
    found = c.search("gato", k=1)
    assert found.loc[0, "text"] == "gato" and found.loc[0, "text_"] == "a"


# --------------------------------------------------------------------------- search


def test_search_texts_and_vectors(model):
    c = embedlab.create_collection("s", topic_frame(), text_column="texto", model=model)
    found = c.search(["gato", "banana"], k=3)
    assert list(found.columns[:5]) == ["query", "rank", "row", "text", "score"]
    assert {"autor", "tema", "nota"} <= set(found.columns)
    assert found.groupby("query")["rank"].apply(list).to_dict() == {
        "banana": [1, 2, 3],
        "gato": [1, 2, 3],
    }
    assert set(found[found["query"] == "gato"]["tema"]) == {"animais"}
    assert set(found[found["query"] == "banana"]["tema"]) == {"frutas"}
    assert found["score"].between(-1, 1.0001).all()
    v = model.encode(["carro"])
    by_vector = c.search(v[0], k=3)
    assert by_vector["query"].tolist() == [0, 0, 0]
    assert by_vector["row"].tolist() == c.search("carro", k=3)["row"].tolist()


def test_search_where_filters_through_lancedb(model):
    c = embedlab.create_collection("w", topic_frame(), text_column="texto", model=model)
    found = c.search("gato", k=5, where="autor = 'Machado' AND nota >= 5")
    assert len(found) == 5
    assert (found["autor"] == "Machado").all() and (found["nota"] >= 5).all()
    assert c.search("gato", k=5, where="autor = 'Ninguém'").empty


def test_bad_filter_names_the_columns(model):
    c = embedlab.create_collection("w", topic_frame(2), text_column="texto", model=model)
    with pytest.raises(FilterError, match="autor, tema, nota") as err:
        c.search("gato", where="autr = 'Machado'")
    assert "autr" in str(err.value)
    with pytest.raises(FilterError, match="cannot be used"):
        c.search("gato", where="nota <== 3")
    with pytest.raises(FilterError):
        c.similar(0, where="nota >>> 2")


def test_similar_leaves_the_row_out(model):
    c = embedlab.create_collection("sim", topic_frame(), text_column="texto", model=model)
    found = c.similar(3, k=5)
    assert 3 not in found["row"].tolist() and len(found) == 5
    assert set(found["tema"]) == {"animais"}
    assert (found["query"] == 3).all()
    only = c.similar(3, k=5, where="tema = 'frutas'")
    assert set(only["tema"]) == {"frutas"}


def test_bad_search_input(model):
    c = embedlab.create_collection("b", topic_frame(2), text_column="texto", model=model)
    with pytest.raises(InputError, match="k must be"):
        c.search("gato", k=0)
    with pytest.raises(InputError, match="32 numbers"):
        c.search(np.zeros(5, np.float32))
    with pytest.raises(InputError, match="empty"):
        c.search("  ")
    with pytest.raises(InputError, match="embedded with 'fake-sentences'"):
        c.search("gato", model="use-multilingual")
    with pytest.raises(InputError, match="embedded with 'fake-sentences'"):
        c.search("gato", model=make_sentence_model(model_id="other"))


# --------------------------------------------------------------------------- add / vectors / to_pandas


def test_add_continues_row_numbers_and_is_searchable_at_once(model):
    c = embedlab.create_collection("add", topic_frame(2), text_column="texto", model=model)
    more = pd.DataFrame(
        {"texto": ["o tigre e o leão"], "autor": ["Rosa"], "tema": ["animais"], "nota": [99]}
    )
    c.add(more)
    assert len(c) == 7 and c.row_numbers()[-1] == 6
    assert c.search("o tigre e o leão", k=1)["row"].tolist() == [6]
    assert len(embedlab.open_collection("add")) == 7
    with pytest.raises(InputError, match="same columns"):
        c.add(pd.DataFrame({"texto": ["x"], "outra": [1]}))


def test_add_vectors_of_another_size_is_refused():
    c = embedlab.create_collection("v", vector_frame(dim=8), vector_column="emb")
    with pytest.raises(InputError, match="8-dimensional"):
        c.add(vector_frame(n=3, dim=5))
    assert len(embedlab.open_collection("v")) == 40


def test_vectors_by_row_in_the_order_asked(model):
    df = topic_frame(2)
    c = embedlab.create_collection("vec", df, text_column="texto", model=model)
    X = model.encode(df["texto"].tolist())
    np.testing.assert_allclose(c.vectors([4, 0, 4]), X[[4, 0, 4]], rtol=1e-6)
    with pytest.raises(InputError, match="no row 99"):
        c.vectors([99])


def test_to_pandas_columns(model):
    c = embedlab.create_collection("p", topic_frame(2), text_column="texto", model=model)
    assert list(c.to_pandas(["text", "nota"]).columns) == ["text", "nota"]
    assert len(c.to_pandas(["vector"])["vector"][0]) == 32
    with pytest.raises(InputError, match="no column 'nada'"):
        c.to_pandas(["nada"])


# --------------------------------------------------------------------------- precomputed vectors


def test_import_vectors_from_parquet(tmp_path):
    df = vector_frame()
    path = tmp_path / "v.parquet"
    df.to_parquet(path)
    c = embedlab.create_collection("pv", path, vector_column="emb", text_column="titulo")
    assert (c.model_id, c.dim, len(c)) == (None, 8, 40)
    np.testing.assert_allclose(c.vectors(), np.stack(df["emb"]), rtol=1e-6)
    assert c.similar(0, k=3)["row"].tolist() == list(np.argsort(-_cos(np.stack(df["emb"]), 0))[1:4])
    with pytest.raises(InputError, match="no model named"):
        c.search("texto")


def _cos(X, i):
    Xn = X / np.linalg.norm(X, axis=1, keepdims=True)
    return Xn @ Xn[i]


def test_imported_vectors_with_a_named_model_take_text_queries(model):
    df = topic_frame(2)
    df["emb"] = list(model.encode(df["texto"].tolist()))
    c = embedlab.create_collection(
        "named", df, text_column="texto", vector_column="emb", model=model
    )
    assert c.model_id == "fake-sentences"
    assert c.search("gato", k=1)["tema"].tolist() == ["animais"]
    with pytest.raises(InputError, match="cannot come from that model"):
        embedlab.create_collection("x", df, vector_column="emb", model=make_sentence_model(dim=16))


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ([[1.0, 2.0], [1.0, 2.0, 3.0], [1.0, 2.0]], "ragged: row 1 has 3 numbers"),
        ([[1.0, 2.0], None, [1.0, 2.0]], "no vector in row 1"),
        (
            [[1.0, 2.0], [1.0, float("nan")], [1.0, 2.0]],
            "(missing number|NaN or infinity) in row 1",
        ),
        (["a", "b", "c"], "must hold lists of numbers"),
        ([["a", "b"], ["c", "d"], ["e", "f"]], "row 0 holds"),
    ],
)
def test_bad_vectors_name_the_row(values, message):
    df = pd.DataFrame({"t": ["a", "b", "c"], "emb": values})
    with pytest.raises(InputError, match=message):
        embedlab.create_collection("bad", df, vector_column="emb", text_column="t")


def test_bad_vectors_in_a_later_batch_keep_the_stored_ones_readable():
    df = vector_frame(n=30, dim=4)
    df.at[25, "emb"] = np.ones(3, np.float32)
    with pytest.raises(InputError, match="row 25"):
        embedlab.create_collection("late", df, vector_column="emb", batch_size=10)
    c = embedlab.open_collection("late")
    assert len(c) == 20 and not c.complete


# --------------------------------------------------------------------------- files


@pytest.mark.parametrize(
    ("name", "text_column"),
    [
        ("reviews.tsv", "comentário"),
        ("reviews.jsonl", None),
        ("reviews.parquet", None),
        ("lines.txt", "text"),
        ("utf8_bom.csv", None),
        ("cp1252_semicolon.csv", None),
        ("sheets.xlsx", None),
    ],
)
def test_files_through_the_upload_readers(model, name, text_column):
    expected = embedlab.read_upload((DATA / name).read_bytes(), name)
    c = embedlab.create_collection("f", DATA / name, text_column=text_column, model=model)
    assert len(c) == int(expected.shape[0] - (expected[c.text_column].isna()).sum())


@pytest.mark.parametrize(
    "name",
    [
        "reviews.tsv",
        "cp1252_semicolon.csv",
        "pipe.csv",
        "lines.txt",
        "paragraphs.txt",
        "reviews.jsonl",
        "mixed_types.jsonl",
    ],
)
def test_streamed_files_read_like_small_ones(model, monkeypatch, name):
    small = sources.open_source(DATA / name)
    monkeypatch.setattr(sources, "SMALL_FILE_MB", 0)
    big = sources.open_source(DATA / name)
    a = pa.concat_tables([t for _, t in small.batches(3)]).to_pandas()
    b = pa.concat_tables([t for _, t in big.batches(3)]).to_pandas()
    assert big.total == small.total == len(a)
    assert list(b.columns) == list(a.columns)
    for col in a.columns:
        left = a[col].map(lambda v: None if pd.isna(v) else str(v).replace(".0", "")).tolist()
        right = b[col].map(lambda v: None if pd.isna(v) else str(v).replace(".0", "")).tolist()
        if "semicolon" in name and col != a.columns[0]:
            continue  # decimal commas are turned into numbers only by the upload reader
        assert left == right, col


def test_streamed_csv_types_hold_for_the_whole_file(tmp_path, monkeypatch, model):
    rows = 3000
    lines = ["texto,nota,codigo"] + [
        f"gato {i},{i},{i if i < 2500 else 'x' + str(i)}" for i in range(rows)
    ]
    path = tmp_path / "big.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(sources, "SMALL_FILE_MB", 0)
    monkeypatch.setattr(sources, "_BLOCK_BYTES", 4096)  # many blocks: the type must not flip
    c = embedlab.create_collection("big", path, text_column="texto", model=model, batch_size=700)
    table = c.to_pandas()
    assert len(table) == rows and table["nota"].dtype.kind == "i"
    assert table["codigo"].iloc[-1] == "x2999"
    assert len(c.search("gato", k=3, where="nota > 2990")) == 3


def test_bad_files(tmp_path, model):
    with pytest.raises(FileFormatError, match="no file"):
        embedlab.create_collection("x", tmp_path / "missing.csv", model=model)
    with pytest.raises(FileFormatError, match="cannot be imported"):
        embedlab.create_collection("x", DATA / "unsupported.docx", model=model)
    with pytest.raises(FileFormatError):
        embedlab.create_collection("x", DATA / "binary.csv", model=model)
    with pytest.raises(InputError, match="no text column 'nada'"):
        embedlab.create_collection("x", DATA / "reviews.tsv", text_column="nada", model=model)
    with pytest.raises(InputError, match="DataFrame or a file path"):
        embedlab.create_collection("x", [1, 2, 3], model=model)
    assert embedlab.list_collections() == []


# --------------------------------------------------------------------------- names, existing collections


@pytest.mark.parametrize("name", ["", "a b", "../etc", "a/b", "x.y", "-x", "ç", "a" * 101])
def test_bad_names(name, model):
    with pytest.raises(InputError, match="collection name"):
        embedlab.create_collection(name, topic_frame(1), text_column="texto", model=model)
    with pytest.raises(InputError):
        embedlab.open_collection(name)


def test_unknown_collection_lists_the_existing(model):
    with pytest.raises(CollectionNotFoundError, match="holds no collections yet"):
        embedlab.open_collection("nada")
    embedlab.create_collection("uma", topic_frame(1), text_column="texto", model=model)
    embedlab.create_collection("outra", topic_frame(1), text_column="texto", model=model)
    with pytest.raises(CollectionNotFoundError, match="Existing collections: outra, uma"):
        embedlab.open_collection("nada")
    with pytest.raises(CollectionNotFoundError):
        embedlab.delete_collection("nada")
    assert isinstance(CollectionNotFoundError("x"), KeyError)
    assert str(CollectionNotFoundError("plain")) == "plain"


class CountingModel:
    """The fake topic model, counting the texts it embeds and optionally failing."""

    def __init__(self, *, fail_after: int | None = None, model_id: str = "fake-sentences") -> None:
        self.inner = make_sentence_model(model_id=model_id)
        self.id, self.name, self.dim, self.kind = (
            self.inner.id,
            "counting",
            self.inner.dim,
            "sentence",
        )
        self.calls = 0
        self.texts = 0
        self.fail_after = fail_after

    def encode(self, texts, *, batch_size=None, progress=None):
        if self.fail_after is not None and self.calls >= self.fail_after:
            raise KeyboardInterrupt  # as if the process were stopped mid-import
        self.calls += 1
        self.texts += len(texts)
        return self.inner.encode(texts)


def test_same_call_again_reuses_a_finished_collection(model):
    df = topic_frame()
    embedlab.create_collection("same", df, text_column="texto", model=model)
    counting = CountingModel()
    seen = []
    c = embedlab.create_collection(
        "same", df, text_column="texto", model=counting, progress=lambda d, t: seen.append((d, t))
    )
    assert counting.texts == 0 and len(c) == 30 and seen == [(30, 30)]


def test_other_input_under_a_taken_name(model):
    embedlab.create_collection("taken", topic_frame(), text_column="texto", model=model)
    with pytest.raises(CollectionError, match="already exists.*overwrite=True"):
        embedlab.create_collection("taken", topic_frame(2), text_column="texto", model=model)
    assert len(embedlab.open_collection("taken")) == 30
    c = embedlab.create_collection(
        "taken", topic_frame(2), text_column="texto", model=model, overwrite=True
    )
    assert len(c) == 6


def test_word_models_are_refused(model):
    with pytest.raises(ModelLoadError, match="word model"):
        embedlab.create_collection("w", topic_frame(1), text_column="texto", model="glove-50d")


# --------------------------------------------------------------------------- resumption


def test_interrupted_import_resumes_each_row_once(model):
    df = topic_frame(20)  # 60 rows, 6 batches of 10
    with pytest.raises(KeyboardInterrupt):
        embedlab.create_collection(
            "res", df, text_column="texto", model=CountingModel(fail_after=3), batch_size=10
        )
    partial = embedlab.open_collection("res")
    assert len(partial) == 30 and not partial.complete
    counting = CountingModel()
    seen = []
    c = embedlab.create_collection(
        "res",
        df,
        text_column="texto",
        model=counting,
        batch_size=10,
        progress=lambda d, t: seen.append(d),
    )
    assert counting.texts == 30 and seen[0] == 30 and seen[-1] == 60
    assert c.complete and c.row_numbers().tolist() == list(range(60))
    np.testing.assert_allclose(c.vectors(), model.encode(df["texto"].tolist()), rtol=1e-6)


KILLED_IMPORT = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, {root!r})
    from tests.conftest import make_sentence_model
    import embedlab

    model = make_sentence_model()
    inner = model._encode_batch
    def slow(texts):
        time.sleep(0.15)
        return inner(texts)
    model._encode_batch = slow

    def progress(done, total):
        with open({log!r}, "a") as f:
            f.write(f"{{done}}\\n")

    embedlab.create_collection("killed", {csv!r}, text_column="texto", model=model,
                               batch_size=10, progress=progress, uri={uri!r})
    """
)


def test_import_killed_in_a_subprocess_resumes(tmp_path, data_dir, model):
    df = topic_frame(40)  # 120 rows
    csv = tmp_path / "textos.csv"
    df.to_csv(csv, index=False)
    log = tmp_path / "progress.log"
    code = KILLED_IMPORT.format(root=str(ROOT), log=str(log), csv=str(csv), uri=str(data_dir))
    proc = subprocess.Popen(
        [sys.executable, "-c", code], env={**os.environ, "EMBEDLAB_DATA_DIR": str(data_dir)}
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        done = [int(x) for x in log.read_text().split()] if log.exists() else []
        if done and done[-1] >= 40:
            break
        assert proc.poll() is None, "the import ended before it could be killed"
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    stored = len(embedlab.open_collection("killed"))
    assert 40 <= stored < 120
    seen = []
    c = embedlab.create_collection(
        "killed",
        csv,
        text_column="texto",
        model=model,
        batch_size=10,
        progress=lambda d, t: seen.append(d),
    )
    assert seen[0] == stored  # continued after the last stored batch
    assert c.complete and c.row_numbers().tolist() == list(range(120))
    texts = c.to_pandas()["text"].tolist()
    assert texts == df["texto"].tolist()


# --------------------------------------------------------------------------- storage errors


def test_disk_full_is_a_clear_error_and_the_collection_stays_readable(model, monkeypatch):
    real = ingest.append_batch
    calls = {"n": 0}

    def full(table, stored):
        calls["n"] += 1
        if calls["n"] >= 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(table, stored)

    monkeypatch.setattr(store, "append_batch", full)
    with pytest.raises(StorageError, match="disk is full"):
        embedlab.create_collection(
            "full", topic_frame(20), text_column="texto", model=model, batch_size=10
        )
    c = embedlab.open_collection("full")
    assert len(c) == 20 and len(c.search("gato", k=3)) == 3
    monkeypatch.setattr(store, "append_batch", real)
    c = embedlab.create_collection(
        "full", topic_frame(20), text_column="texto", model=model, batch_size=10
    )
    assert c.row_numbers().tolist() == list(range(60))


def test_permission_denied_on_the_data_dir(model, monkeypatch, tmp_path):
    def denied(self, *args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(Path, "mkdir", denied)
    with pytest.raises(StorageError, match="Permission denied"):
        embedlab.create_collection(
            "p", topic_frame(1), text_column="texto", model=model, uri=tmp_path / "no"
        )


def test_data_dir_that_is_a_file(model, tmp_path):
    path = tmp_path / "file"
    path.write_text("x")
    with pytest.raises(StorageError, match="is a file"):
        embedlab.create_collection("p", topic_frame(1), text_column="texto", model=model, uri=path)


def test_lance_messages_about_the_disk_become_storage_errors():
    from embedlab.collections.paths import raise_storage

    with pytest.raises(StorageError, match="disk is full"):
        raise_storage(
            RuntimeError("LanceError(IO): No space left on device (os error 28)"), "/x", "writing"
        )
    raise_storage(RuntimeError("something else"), "/x", "writing")  # not a disk problem: no raise


# --------------------------------------------------------------------------- index


def test_partitions_and_probes_follow_the_measured_rules():
    assert index.partitions(20_000) == 5 and index.partitions(1_000_000) == 244
    assert index.partitions(1) == 1 and index.partitions(10**9) == 4_096
    # Small indexes are searched whole; large ones a share of their partitions.
    assert index.probes(5) == 5 and index.probes(20) == 20 and index.probes(24) == 20
    assert index.probes(244) == math.ceil(index.PROBE_SHARE * 244) == 98
    assert index.probes(0) == 1
    last = 0
    for parts in range(1, 5_000):
        got = index.probes(parts)
        assert last <= got <= parts  # never more than exist, never fewer for a bigger index
        assert got >= min(parts, index.NPROBES) and got >= index.PROBE_SHARE * parts
        last = got


def test_search_uses_the_rules_probe_count(model, monkeypatch):
    monkeypatch.setattr(index, "EXACT_LIMIT", 200)
    c = embedlab.create_collection("idx", topic_frame(100), text_column="texto", model=model)
    seen = []
    monkeypatch.setattr(index, "probes", lambda parts: seen.append(parts) or 1)
    c.search("gato", k=3)
    assert seen == [c.info["index"]["partitions"]]


def test_index_is_built_above_the_threshold_and_rebuilt_after_large_adds(model, monkeypatch):
    monkeypatch.setattr(index, "EXACT_LIMIT", 200)
    df = topic_frame(100)  # 300 rows
    c = embedlab.create_collection("idx", df, text_column="texto", model=model)
    assert index.has_index(c.table) and c.info["index"]["rows"] == 300
    assert set(c.search("gato", k=5)["tema"]) == {"animais"}
    c.add(topic_frame(10))  # 30 rows: 10% < REBUILD_SHARE, searched by a scan meanwhile
    assert index.unindexed_rows(c.table) == (300, 30)
    assert c.search(model.encode([df["texto"][0]])[0], k=1)["row"].tolist() == [0]
    c.add(topic_frame(20))  # now 90 unindexed rows: 30% of 300, rebuilt
    assert index.unindexed_rows(c.table) == (390, 0)


def test_small_collections_have_no_index(model):
    c = embedlab.create_collection("small", topic_frame(), text_column="texto", model=model)
    assert not index.has_index(c.table)


# --------------------------------------------------------------------------- project, cluster, outliers


def test_project_stores_coordinates_for_every_row(model):
    c = embedlab.create_collection("map", topic_frame(), text_column="texto", model=model)
    coords = c.project("pca")
    assert list(coords.columns) == ["row", "x", "y"] and len(coords) == 30
    stored = embedlab.open_collection("map").to_pandas(["map_x", "map_y"])
    np.testing.assert_allclose(stored["map_x"], coords["x"], rtol=1e-6)
    assert c.info["map"]["method"] == "pca"
    expected = embedlab.project(c.vectors(), method="pca")
    np.testing.assert_allclose(coords[["x", "y"]].to_numpy(), expected, rtol=1e-4, atol=1e-5)
    c.project("pca")  # again: the columns are replaced, not duplicated
    assert c.to_pandas().columns.tolist().count("map_x") == 1
    c.add(topic_frame(1))  # rows added after a map have no place until the next project()
    assert c.to_pandas(["map_x"])["map_x"].isna().sum() == 3
    assert len(c.project("pca")) == 33


def test_project_on_a_sample_places_every_row(model):
    c = embedlab.create_collection("map2", topic_frame(), text_column="texto", model=model)
    done = []
    coords = c.project("pca", sample=12, progress=lambda d, t: done.append((d, t)))
    assert len(coords) == 30 and np.isfinite(coords[["x", "y"]].to_numpy()).all()
    assert done[-1] == (30, 30)
    with pytest.raises(InputError, match="Unknown method"):
        c.project("tsne")


def test_cluster_stores_labels_and_keywords(model):
    c = embedlab.create_collection("cl", topic_frame(), text_column="texto", model=model)
    summary = c.cluster(k=3)
    assert list(summary.columns) == ["cluster", "name", "size", "share", "keywords"]
    assert summary["size"].sum() == 30
    table = c.to_pandas(["tema", "cluster"])
    assert table.groupby("cluster")["tema"].nunique().max() == 1  # topics recovered
    assert set(embedlab.open_collection("cl").info["clusters"]["names"]) == {"0", "1", "2"}
    sampled = c.cluster(k=3, sample=9)
    assert sampled["size"].sum() == 30
    with pytest.raises(EmbedlabError, match="k-means needs"):
        c.cluster(k=31)


def test_outliers_exact_and_sampled(model, monkeypatch):
    df = topic_frame()
    df.loc[len(df)] = ["zzz qqq www", "Rosa", "nada", 99]
    c = embedlab.create_collection("out", df, text_column="texto", model=model)
    top = c.outliers(k=3, top=1)
    assert top["row"].tolist() == [30] and "score" in top.columns
    assert "outlier" in c.to_pandas().columns
    monkeypatch.setattr(maps, "OUTLIER_EXACT", 15)
    assert c.outliers(k=3, top=1)["row"].tolist() == [30]


# --------------------------------------------------------------------------- ingest building blocks


def test_transform_batch_is_a_plain_function(model):
    plan = ingest.make_plan(
        ["texto", "autor"], text_column="texto", vector_column=None, dim=model.dim
    )
    batch = pa.table({"texto": ["gato", "", "carro"], "autor": ["a", "b", "c"]})
    out = ingest.transform_batch(batch, np.array([10, 11, 12]), plan, model)
    assert out.column_names == ["row", "text", "autor", "vector"]
    assert out.column("row").to_pylist() == [10, 12]
    assert out.schema.field("vector").type.list_size == 32


# --------------------------------------------------------------------------- command line


def test_cli_import_list_search_export_delete(model, tmp_path, capsys):
    csv = tmp_path / "textos.csv"
    topic_frame().to_csv(csv, index=False)
    assert (
        cli.main(
            [
                "import",
                str(csv),
                "--name",
                "cli",
                "--text-column",
                "texto",
                "--model",
                "fake-sentences",
            ]
        )
        == 0
    )
    out, err = capsys.readouterr()
    assert "Collection 'cli': 30 rows" in out and "30 / 30 rows (100%)" in err
    assert cli.main(["list"]) == 0
    assert "cli\t30 rows\t32 dims\tfake-sentences" in capsys.readouterr().out
    assert cli.main(["search", "cli", "gato", "-k", "2", "--where", "autor = 'Machado'"]) == 0
    out = capsys.readouterr().out
    assert "rank" in out and "Machado" in out and "Clarice" not in out
    target = tmp_path / "out.parquet"
    assert cli.main(["export", "cli", str(target)]) == 0
    exported = pq.read_table(target)
    assert exported.num_rows == 30 and "vector" in exported.column_names
    assert cli.main(["export", "cli", str(tmp_path / "out.csv")]) == 0
    assert "vector" not in pd.read_csv(tmp_path / "out.csv").columns
    assert cli.main(["delete", "cli"]) == 0
    assert cli.main(["list"]) == 0
    assert "No collections" in capsys.readouterr().out


def test_cli_errors_have_messages_and_exit_codes(model, tmp_path, capsys):
    assert cli.main(["search", "nada", "gato"]) == cli.EXIT_ERROR
    assert "error: There is no collection 'nada'" in capsys.readouterr().err
    assert cli.main(["import", str(tmp_path / "x.csv"), "--name", "a b"]) == cli.EXIT_ERROR
    assert "not a valid collection name" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        cli.main(["import", "x.csv"])  # --name missing
    assert exit_.value.code == cli.EXIT_USAGE
    csv = tmp_path / "t.csv"
    topic_frame(1).to_csv(csv, index=False)
    cli.main(["import", str(csv), "--name", "ok", "--model", "fake-sentences"])
    capsys.readouterr()
    assert cli.main(["search", "ok", "gato", "--where", "nota <== 1"]) == cli.EXIT_ERROR
    assert "Columns you can filter on" in capsys.readouterr().err
    assert cli.main(["export", "ok", str(tmp_path / "x.xlsx")]) == cli.EXIT_ERROR


def test_python_dash_m_embedlab(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "embedlab", "list"],
        env={**os.environ, "EMBEDLAB_DATA_DIR": str(tmp_path / "none"), "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert proc.returncode == 0 and "No collections" in proc.stdout


def test_progress_line_reports_rate_and_time_left():
    import io

    stream = io.StringIO()
    line = cli.ProgressLine(stream=stream, every=0)
    line(0, 100)
    time.sleep(0.01)
    line(50, 100)
    line(100, 100)
    out = stream.getvalue().splitlines()
    assert out[0].startswith("0 / 100 rows (0%)")
    assert "rows/s" in out[1] and "left" in out[1]
    assert "took" in out[-1]


def test_info_is_json_serialisable(model):
    c = embedlab.create_collection("i", topic_frame(1), text_column="texto", model=model)
    assert json.loads(json.dumps(c.info))["model_id"] == "fake-sentences"


def test_console_script_is_declared():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["scripts"]["embedlab"] == "embedlab.collections.cli:main"


def test_streamed_jsonl_keeps_whole_numbers_whole(tmp_path, monkeypatch, model):
    path = tmp_path / "big.jsonl"
    lines = [
        json.dumps({"texto": f"gato {i}", "nota": i, "peso": i + 0.5 * (i % 2)}) for i in range(50)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(sources, "SMALL_FILE_MB", 0)
    c = embedlab.create_collection("j", path, text_column="texto", model=model, batch_size=20)
    table = c.to_pandas()
    assert table["nota"].dtype.kind == "i" and table["peso"].dtype.kind == "f"
    assert len(c.search("gato", k=2, where="nota >= 48")) == 2
