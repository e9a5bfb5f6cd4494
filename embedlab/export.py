"""Files to download: the analysed table, the embeddings, the Embedding Projector pair.

Everything returns ``bytes`` so a page can hand it to a download button and a notebook
can write it to disk. Nothing is pickled: embeddings are saved with
``np.save(..., allow_pickle=False)`` or as Parquet.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from embedlab.errors import InputError

if TYPE_CHECKING:
    import pandas as pd


def analysis_table(
    frame: pd.DataFrame,
    *,
    coords: NDArray[np.floating] | None = None,
    labels: Sequence[int] | NDArray[np.integer] | None = None,
    keywords: Mapping[int, Sequence[str]] | None = None,
    outlier: NDArray[np.floating] | None = None,
    row_ids: NDArray[np.integer] | None = None,
) -> pd.DataFrame:
    """The user's rows with the analysis added as columns.

    Added columns (a name the table already uses gets `` (embedlab)`` appended):
    ``row`` first (the row in the uploaded file, from ``row_ids``), then at the end
    ``map_x``, ``map_y`` (and ``map_z`` for 3-D), ``cluster``, ``cluster_keywords``
    (keywords joined by ", "), ``outlier_score``. Arguments left as ``None`` add nothing.

    Args:
        frame: ``n`` rows (e.g. ``PreparedTexts.frame``).
        coords: ``(n, 2)`` or ``(n, 3)`` map coordinates.
        labels: ``(n,)`` cluster labels.
        keywords: ``{label: [word, ...]}`` from ``cluster_keywords``.
        outlier: ``(n,)`` outlier scores.
        row_ids: ``(n,)`` row numbers in the uploaded file (``PreparedTexts.rows``).

    Returns:
        A new table; ``frame`` is not changed.

    Raises:
        InputError: an array does not have ``n`` rows.
    """
    out = frame.reset_index(drop=True).copy()
    n = len(out)

    def put(name: str, values: object) -> None:
        column = name
        while column in out.columns:
            column = f"{column} (embedlab)"
        out[column] = values

    def check(what: str, values: object) -> np.ndarray:
        arr = np.asarray(values)
        if len(arr) != n:
            raise InputError(f"{what} has {len(arr):,} rows but the table has {n:,}.")
        return arr

    if coords is not None:
        xyz = check("coords", coords)
        for j, axis in enumerate("xyz"[: xyz.shape[1]]):
            put(f"map_{axis}", xyz[:, j].astype(np.float32))
    if labels is not None:
        lab = check("labels", labels).astype(np.int64)
        put("cluster", lab)
        if keywords is not None:
            put("cluster_keywords", [", ".join(keywords.get(int(c), [])) for c in lab])
    if outlier is not None:
        put("outlier_score", check("outlier", outlier).astype(np.float32))
    if row_ids is not None:
        ids = check("row_ids", row_ids).astype(np.int64)
        name = "row"
        while name in out.columns:
            name = f"{name} (embedlab)"
        out.insert(0, name, ids)
    return out


def table_csv(df: pd.DataFrame) -> bytes:
    """The table as CSV bytes: UTF-8 with a BOM, so Excel shows accents right; no index."""
    return df.to_csv(index=False).encode("utf-8-sig")


def table_parquet(df: pd.DataFrame) -> bytes:
    """The table as Parquet bytes (pyarrow, no index)."""
    buffer = io.BytesIO()
    df.to_parquet(buffer, index=False, engine="pyarrow")
    return buffer.getvalue()


def embeddings_npy(X: NDArray[np.floating]) -> bytes:
    """The ``(n, d)`` vectors as float32 ``.npy`` bytes (``np.load`` needs no pickle)."""
    buffer = io.BytesIO()
    np.save(buffer, np.asarray(X, dtype=np.float32), allow_pickle=False)
    return buffer.getvalue()


def embeddings_parquet(X: NDArray[np.floating], *, ids: Sequence[object] | None = None) -> bytes:
    """The ``(n, d)`` vectors as Parquet: a ``row`` column and an ``embedding`` column
    holding fixed-size float32 lists.

    Args:
        X: ``(n, d)`` vectors.
        ids: ``n`` row identifiers; default ``0..n-1``.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    X = np.ascontiguousarray(X, dtype=np.float32)
    n, d = X.shape
    rows = list(range(n)) if ids is None else list(ids)
    if len(rows) != n:
        raise InputError(f"ids has {len(rows):,} items but there are {n:,} vectors.")
    flat = pa.array(X.reshape(-1), type=pa.float32())
    table = pa.table(
        {"row": pa.array(rows), "embedding": pa.FixedSizeListArray.from_arrays(flat, d)}
    )
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()


def projector_tsv(
    X: NDArray[np.floating], metadata: pd.DataFrame | Sequence[str]
) -> tuple[bytes, bytes]:
    """The two files of the TensorFlow Embedding Projector (projector.tensorflow.org).

    Load them there with "Load" → "Choose file" (vectors) and "Load" → metadata.

    Args:
        X: ``(n, d)`` vectors.
        metadata: ``n`` labels, or a table of ``n`` rows (see :func:`projector_metadata`).

    Returns:
        ``(vectors_tsv, metadata_tsv)`` as UTF-8 bytes.

    Raises:
        InputError: ``metadata`` does not have ``n`` rows.
    """
    if len(metadata) != len(X):
        raise InputError(f"metadata has {len(metadata):,} rows but there are {len(X):,} vectors.")
    return projector_vectors(X), projector_metadata(metadata)


def projector_vectors(X: NDArray[np.floating]) -> bytes:
    """The Projector's vectors file: one row per vector, values separated by tabs."""
    import pandas as pd

    buffer = io.StringIO()
    pd.DataFrame(np.asarray(X, dtype=np.float32)).to_csv(
        buffer, sep="\t", header=False, index=False, float_format="%.6g"
    )
    return buffer.getvalue().encode("utf-8")


def projector_metadata(metadata: pd.DataFrame | Sequence[str]) -> bytes:
    """The Projector's metadata file: one line per vector.

    A single column (or a list of labels) is written without a header, as the Projector
    requires; several columns get a header row. Tabs and line breaks inside values
    become spaces; missing values become empty.
    """
    import pandas as pd

    meta = (
        metadata.reset_index(drop=True)
        if isinstance(metadata, pd.DataFrame)
        else pd.DataFrame({"label": list(metadata)})
    )
    clean = meta.astype(object).where(meta.notna(), "")
    clean = clean.map(lambda v: " ".join(str(v).split()))
    lines = []
    if clean.shape[1] > 1:
        lines.append("\t".join(" ".join(str(c).split()) for c in clean.columns))
    lines.extend("\t".join(row) for row in clean.itertuples(index=False, name=None))
    return ("\n".join(lines) + "\n").encode("utf-8")


__all__ = [
    "analysis_table",
    "embeddings_npy",
    "embeddings_parquet",
    "projector_metadata",
    "projector_tsv",
    "projector_vectors",
    "table_csv",
    "table_parquet",
]
