"""Export bytes: the analysed table, the embeddings, the Embedding Projector pair."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from embedlab.errors import InputError
from embedlab.export import (
    analysis_table,
    embeddings_npy,
    embeddings_parquet,
    projector_tsv,
    table_csv,
    table_parquet,
)
from embedlab.io import read_upload


@pytest.fixture
def frame():
    return pd.DataFrame({"texto": ["ação boa", "não\tgostei\nnada"], "x": [1, 2]})


def test_analysis_table_adds_columns_without_clobbering(frame):
    coords = np.array([[0.5, 1.5], [2.5, 3.5]])
    out = analysis_table(
        frame,
        coords=coords,
        labels=[1, 0],
        keywords={0: ["preço", "caro"], 1: ["ação"]},
        outlier=np.array([0.1, 0.9]),
    )
    assert list(out.columns) == [
        "texto",
        "x",
        "map_x",
        "map_y",
        "cluster",
        "cluster_keywords",
        "outlier_score",
    ]
    assert out["cluster_keywords"].tolist() == ["ação", "preço, caro"]
    assert list(frame.columns) == ["texto", "x"]  # unchanged
    again = analysis_table(out, coords=coords)
    assert "map_x (embedlab)" in again.columns
    with pytest.raises(InputError, match="3 rows but the table has 2"):
        analysis_table(frame, outlier=np.zeros(3))


def test_analysis_table_row_numbers_come_first(frame):
    out = analysis_table(frame, row_ids=np.array([3, 9]))
    assert list(out.columns) == ["row", "texto", "x"] and out["row"].tolist() == [3, 9]


def test_analysis_table_3d(frame):
    out = analysis_table(frame, coords=np.zeros((2, 3)))
    assert {"map_x", "map_y", "map_z"} <= set(out.columns)


def test_csv_round_trips_with_accents_and_opens_in_excel(frame):
    data = table_csv(frame)
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel then reads UTF-8
    back = read_upload(data, "export.csv")
    assert back["texto"].tolist() == frame["texto"].tolist()


def test_parquet_round_trips(frame):
    out = analysis_table(frame, labels=[0, 1], keywords={0: ["a"], 1: ["b"]})
    back = pd.read_parquet(io.BytesIO(table_parquet(out)))
    pd.testing.assert_frame_equal(back, out, check_dtype=False)


def test_embeddings_npy_needs_no_pickle():
    X = np.random.default_rng(0).standard_normal((5, 3))
    back = np.load(io.BytesIO(embeddings_npy(X)), allow_pickle=False)
    assert back.dtype == np.float32
    np.testing.assert_allclose(back, X, rtol=1e-6)


def test_embeddings_parquet():
    X = np.arange(6, dtype=np.float32).reshape(3, 2)
    table = pq.read_table(io.BytesIO(embeddings_parquet(X, ids=["a", "b", "c"])))
    assert table.column("row").to_pylist() == ["a", "b", "c"]
    assert np.asarray(table.column("embedding").to_pylist()).tolist() == X.tolist()
    with pytest.raises(InputError, match="ids has 2 items"):
        embeddings_parquet(X, ids=[1, 2])


def test_projector_pair_one_column_has_no_header(frame):
    X = np.array([[0.1, 0.2], [0.3, 0.4]], dtype=np.float32)
    vectors, meta = projector_tsv(X, frame["texto"].tolist())
    assert vectors.decode().splitlines() == ["0.1\t0.2", "0.3\t0.4"]
    assert meta.decode().splitlines() == ["ação boa", "não gostei nada"]


def test_projector_pair_several_columns_have_a_header(frame):
    X = np.zeros((2, 4), dtype=np.float32)
    vectors, meta = projector_tsv(X, frame.assign(y=[None, "z"]))
    lines = meta.decode().splitlines()
    assert lines == ["texto\tx\ty", "ação boa\t1\t", "não gostei nada\t2\tz"]
    assert len(vectors.decode().splitlines()) == 2
    with pytest.raises(InputError, match="metadata has 2 rows but there are 3"):
        projector_tsv(np.zeros((3, 2)), frame)
