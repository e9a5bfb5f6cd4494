"""Turn input batches into stored rows: read a batch → embed it → append it with row numbers.

The three steps are plain functions over Arrow tables so that any engine can run them:
the local loop in :func:`embedlab.collections.store.create_collection`, or a distributed
one (``map_batches``) that calls :func:`transform_batch` on each batch and appends the
results. An :class:`ImportPlan` (picklable) carries everything a worker needs besides
the model.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from embedlab import tables
from embedlab.errors import InputError

if TYPE_CHECKING:
    import pyarrow as pa
    from lancedb.table import Table

    from embedlab.models import Encoder

ROW, TEXT, VECTOR = "row", "text", "vector"
MAP_X, MAP_Y, CLUSTER, OUTLIER = "map_x", "map_y", "cluster", "outlier"
#: Column names the collection uses itself (and search results add); a user's column
#: with one of these names is stored with a ``_`` appended.
RESERVED = frozenset(
    {ROW, TEXT, VECTOR, MAP_X, MAP_Y, CLUSTER, OUTLIER, "query", "rank", "score", "_distance"}
)
EMBED_BATCH_SIZE = 1_024
"""Rows per stored batch when embedding texts (a kill loses at most one batch of work)."""
VECTOR_BATCH_SIZE = 20_000
"""Rows per stored batch when importing precomputed vectors."""


@dataclass(frozen=True)
class ImportPlan:
    """What to take from each input batch and how to store it.

    Attributes:
        text_column: the input column holding the texts (``None``: vectors only).
        vector_column: the input column holding precomputed vectors (``None``: embed).
        keep: ``(input name, stored name)`` of the user's other columns.
        dim: the vector size (checked on every batch).
        max_chars: texts are cut to this many characters before embedding (stored whole).
    """

    text_column: str | None
    vector_column: str | None
    keep: tuple[tuple[str, str], ...]
    dim: int
    max_chars: int = tables.MAX_TEXT_CHARS

    @property
    def embeds(self) -> bool:
        return self.vector_column is None


def make_plan(
    columns: Sequence[str],
    *,
    text_column: str | None,
    vector_column: str | None,
    dim: int,
) -> ImportPlan:
    """Check the column choices against the input's columns and name the stored columns.

    Raises:
        InputError: a named column does not exist (the message lists the columns).
    """
    shown = ", ".join(map(str, columns))
    for what, col in (("text", text_column), ("vector", vector_column)):
        if col is not None and col not in columns:
            raise InputError(f"There is no {what} column '{col}'. Columns: {shown}.")
    if text_column is not None and text_column == vector_column:
        raise InputError(f"'{text_column}' cannot be both the text column and the vector column.")
    used = {ROW, TEXT, VECTOR}
    keep = []
    for col in columns:
        if col in (text_column, vector_column):
            continue
        stored = col
        while stored in RESERVED or stored in used:
            stored += "_"
        used.add(stored)
        keep.append((col, stored))
    return ImportPlan(text_column, vector_column, tuple(keep), int(dim))


def import_fingerprint(source_fingerprint: str, plan: ImportPlan, model_id: str | None) -> str:
    """Identity of an import: the same input, columns and model resume the same collection."""
    key = [source_fingerprint, plan.text_column, plan.vector_column, model_id, plan.dim]
    return hashlib.sha256(json.dumps(key).encode()).hexdigest()[:32]


def prepare_batch(batch: pa.Table, rows: NDArray[np.integer], plan: ImportPlan) -> pa.Table:
    """The rows of one input batch as they will be stored, without vectors when embedding.

    Rows whose text is missing or blank are left out when the texts are to be embedded
    (there is nothing to embed). Precomputed vectors are checked and converted here.

    Args:
        batch: input rows (any columns; at least the plan's).
        rows: ``(n,)`` their positions in the input: the stored row numbers.
        plan: see :func:`make_plan`.

    Returns:
        Columns ``row``, ``text``, the user's other columns, and ``vector`` when imported.

    Raises:
        InputError: a vector is missing, ragged, not numeric or of the wrong size (the
            message gives the row number).
    """
    import pyarrow as pa

    rows = np.asarray(rows, dtype=np.int64)
    if plan.text_column is not None:
        texts = [tables._cell_text(v) for v in batch.column(plan.text_column).to_pylist()]
    else:
        texts = [""] * batch.num_rows
    keep = np.asarray([bool(t) for t in texts]) if plan.embeds else np.ones(len(texts), bool)
    take = pa.array(np.flatnonzero(keep))
    columns: dict[str, pa.Array] = {
        ROW: pa.array(rows[keep]),
        TEXT: pa.array(
            [t if t else None for t, k in zip(texts, keep, strict=True) if k], pa.string()
        ),
    }
    for src, stored in plan.keep:
        column = batch.column(src).take(take)
        if pa.types.is_null(column.type):  # an all-empty column: keep it as text
            column = column.cast(pa.string())
        columns[stored] = column
    if not plan.embeds:
        vectors = vectors_from_column(batch.column(plan.vector_column), rows, plan=plan)
        columns[VECTOR] = vector_array(vectors)
    return pa.table(columns)


def embed_batch(prepared: pa.Table, model: Encoder, plan: ImportPlan) -> pa.Table:
    """Add the ``vector`` column: the model's embedding of each (cut) text.

    Raises:
        InputError: the model returns vectors of another size than the collection's.
    """
    if not prepared.num_rows:
        return prepared.append_column(VECTOR, vector_array(np.empty((0, plan.dim), np.float32)))
    texts = [
        t if len(t) <= plan.max_chars else tables._truncate(t, plan.max_chars)
        for t in prepared.column(TEXT).to_pylist()
    ]
    vectors = np.asarray(model.encode(texts, batch_size=len(texts)), dtype=np.float32)
    if vectors.shape != (len(texts), plan.dim):
        raise InputError(
            f"Model '{model.id}' returned vectors of shape {vectors.shape}; the collection "
            f"holds {plan.dim}-dimensional vectors. Use the collection's model."
        )
    return prepared.append_column(VECTOR, vector_array(vectors))


def transform_batch(
    batch: pa.Table, rows: NDArray[np.integer], plan: ImportPlan, model: Encoder | None
) -> pa.Table:
    """:func:`prepare_batch` then, when the plan embeds, :func:`embed_batch`: stored rows."""
    prepared = prepare_batch(batch, rows, plan)
    if plan.embeds:
        if model is None:
            raise InputError("This import embeds texts, so it needs a model.")
        return embed_batch(prepared, model, plan)
    return prepared


def append_batch(table: Table, stored: pa.Table) -> None:
    """Append stored rows to the collection's table (one atomic commit)."""
    import pyarrow as pa

    if not stored.num_rows:
        return
    schema = _plain(table.schema)
    for field in schema:  # columns computed later (map, clusters) start empty for new rows
        if field.name not in stored.column_names:
            stored = stored.append_column(field.name, pa.nulls(stored.num_rows, field.type))
    table.add(stored.select(schema.names).cast(schema))


def vector_array(vectors: NDArray[np.float32]) -> pa.FixedSizeListArray:
    """``(n, d)`` float32 as an Arrow fixed-size-list column (what LanceDB indexes)."""
    import pyarrow as pa

    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    return pa.FixedSizeListArray.from_arrays(pa.array(vectors.reshape(-1)), vectors.shape[1])


def vectors_from_column(
    column: pa.ChunkedArray | pa.Array, rows: NDArray[np.integer], *, plan: ImportPlan
) -> NDArray[np.float32]:
    """Precomputed vectors from a list column as ``(n, d)`` float32, checked row by row.

    Raises:
        InputError: naming the first bad row: missing, not numbers, ragged, wrong size,
            or holding NaN/infinity.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    name = plan.vector_column
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    kind = column.type
    is_list = (
        pa.types.is_list(kind) or pa.types.is_large_list(kind) or pa.types.is_fixed_size_list(kind)
    )
    if not is_list or not _numeric(kind.value_type):
        first = next((i for i, v in enumerate(column.to_pylist()) if v is not None), 0)
        value = column[first].as_py() if len(column) else None
        raise InputError(
            f"The vector column '{name}' must hold lists of numbers; row {int(rows[first])} "
            f"holds {_short(value)} ({kind}). Pick the column with the embeddings, or write "
            "them as a list column (e.g. pandas → Parquet)."
        )
    nulls = np.flatnonzero(column.is_null().to_numpy(zero_copy_only=False))
    if len(nulls):
        raise InputError(
            f"The vector column '{name}' has no vector in row {int(rows[nulls[0]])}"
            + (f" (and {len(nulls) - 1:,} more rows)" if len(nulls) > 1 else "")
            + ". Every row needs a vector: fill or drop those rows."
        )
    lengths = pc.list_value_length(column).to_numpy(zero_copy_only=False)
    wrong = np.flatnonzero(lengths != plan.dim)
    if len(wrong):
        i = int(wrong[0])
        raise InputError(
            f"The vector column '{name}' is ragged: row {int(rows[i])} has {int(lengths[i])} "
            f"numbers where the collection's vectors have {plan.dim}. Every vector needs the "
            "same size."
        )
    flat = pc.list_flatten(column)
    if flat.null_count:
        has_null = [any(x is None for x in v) for v in column.to_pylist()]
        i = has_null.index(True)
        raise InputError(
            f"The vector column '{name}' has a missing number in row {int(rows[i])}. "
            "Vectors must be complete."
        )
    vectors = flat.to_numpy(zero_copy_only=False).astype(np.float32, copy=False)
    vectors = vectors.reshape(len(column), plan.dim)
    finite = np.isfinite(vectors).all(axis=1)
    if not finite.all():
        i = int(np.flatnonzero(~finite)[0])
        raise InputError(
            f"The vector column '{name}' has NaN or infinity in row {int(rows[i])}. "
            "Vectors must hold finite numbers."
        )
    return vectors


def vector_dim(column: pa.ChunkedArray | pa.Array, name: str) -> int:
    """The size of the first vector in a list column (0 if none)."""
    import pyarrow as pa

    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    if pa.types.is_fixed_size_list(column.type):
        return int(column.type.list_size)
    for value in column.to_pylist():
        if isinstance(value, list | tuple):
            return len(value)
        if value is not None:
            raise InputError(
                f"The vector column '{name}' must hold lists of numbers; its first value is "
                f"{_short(value)}. Pick the column with the embeddings."
            )
    return 0


def _numeric(kind: pa.DataType) -> bool:
    import pyarrow as pa

    return pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_decimal(kind)


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _plain(schema: pa.Schema) -> pa.Schema:
    return schema.remove_metadata()


__all__ = [
    "ImportPlan",
    "append_batch",
    "embed_batch",
    "make_plan",
    "prepare_batch",
    "transform_batch",
    "vectors_from_column",
]
