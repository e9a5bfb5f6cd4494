"""Neighbours, rankings and the drawing sample of a collection of rows."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from embedlab.collection import (
    draw_sample,
    map_frame,
    position_of,
    positions_in,
    rows_at,
    rows_table,
    similar_rows,
    top_rows,
)
from embedlab.errors import InputError

X = np.array([[1, 0], [0.9, 0.1], [0, 1], [1, 0], [-1, 0]], dtype=np.float32)


def test_similar_rows_leave_the_row_out_but_keep_duplicates():
    rows, scores = similar_rows(X, 0, k=2)
    assert rows.tolist() == [3, 1]  # row 3 has the same vector: a real neighbour
    assert scores[0] == pytest.approx(1.0)
    rows, _ = similar_rows(X, 4, k=10)
    assert len(rows) == 4 and 4 not in rows.tolist()
    with pytest.raises(InputError, match="no row 5: rows go from 0 to 4"):
        similar_rows(X, 5)
    with pytest.raises(InputError, match="k must be"):
        similar_rows(X, 0, k=0)


def test_top_rows():
    assert top_rows(np.array([0.1, 0.9, 0.5, 0.9]), n=3).tolist() == [1, 3, 2]
    assert top_rows(np.array([0.1]), n=5).tolist() == [0]


def test_rows_table_order_score_and_text_first():
    frame = pd.DataFrame({"nota": [1, 2, 3], "texto": ["a", "b", "c"]})
    table = rows_table(frame, [2, 0], scores=[0.9, 0.4], first="texto")
    assert list(table.columns) == ["row", "cosine", "texto", "nota"]
    assert table["row"].tolist() == [2, 0] and table["texto"].tolist() == ["c", "a"]
    assert list(rows_table(frame, []).columns) == ["row", "nota", "texto"]


def test_draw_sample_keeps_marked_rows():
    assert draw_sample(10, limit=20).tolist() == list(range(10))
    sample = draw_sample(1_000, limit=100, keep=[999, 5, 5])
    assert len(sample) == 100 and {5, 999} <= set(sample.tolist())
    assert np.array_equal(sample, np.sort(sample))
    assert np.array_equal(sample, draw_sample(1_000, limit=100, keep=[999, 5]))


def test_positions_in_the_drawn_sample():
    drawn = np.array([2, 5, 9])
    assert positions_in(drawn, [9, 3, 2]) == [2, 0]


def test_rows_at_selected_points_including_identical_texts():
    coords = np.array([[0, 0], [1, 1], [1, 1], [2, 0.5], [3, 3]], dtype=np.float32)
    drawn = np.array([0, 1, 2, 3])  # row 4 not drawn
    points = [(1.0, 1.0), (float(np.float32(2)), float(np.float32(0.5))), (3.0, 3.0)]
    assert rows_at(coords, drawn, points).tolist() == [1, 2, 3]
    assert rows_at(coords, drawn, []).tolist() == []


def test_map_frame_carries_metadata_clusters_and_scores():
    frame = pd.DataFrame({"texto": ["a", "b", "c"], "nota": [1, 2, 3]})
    coords = np.array([[0, 0], [1, 1], [2, 2]], dtype=np.float32)
    table = map_frame(
        coords,
        ["a", "b", "c"],
        frame,
        rows=np.array([0, 2]),
        columns=["nota"],
        labels=np.array([1, 0, -1]),
        cluster_names={0: "0: x", -1: "noise"},
        outlier=np.array([0.1, 0.2, 0.3]),
    )
    assert list(table.columns) == ["x", "y", "text", "nota", "cluster", "outlier score"]
    assert table["cluster"].tolist() == ["1", "noise"]
    assert table["nota"].tolist() == [1, 3] and table["x"].tolist() == [0, 2]


def test_file_row_numbers_survive_dropped_empty_rows():
    ids = np.array([0, 2, 3, 7])  # rows 1, 4, 5, 6 of the file had no text
    frame = pd.DataFrame({"texto": ["a", "c", "d", "h"]})
    assert rows_table(frame, [3, 0], row_ids=ids)["row"].tolist() == [7, 0]
    assert position_of(ids, 7) == 3
    with pytest.raises(InputError, match="Row 4 has no text"):
        position_of(ids, 4)
    with pytest.raises(InputError, match="no row 9: rows with a text go from 0 to 7"):
        position_of(ids, 9)
