"""Collections: create, open, list, delete, and the :class:`Collection` object.

A collection is one LanceDB table: ``row`` (the row's position in the input), ``text``,
the user's other columns, ``vector`` (float32, fixed size), and once computed ``map_x``,
``map_y`` (:meth:`Collection.project`), ``cluster`` (:meth:`Collection.cluster`) and
``outlier`` (:meth:`Collection.outliers`). What embedlab needs to know about it (model,
columns, the import's fingerprint, whether the import finished, cluster keywords) is JSON
in the ``vector`` field's metadata, so it travels with the table wherever it is stored.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from numpy.typing import NDArray

from embedlab.collections import index as ann
from embedlab.collections.ingest import (
    CLUSTER,
    EMBED_BATCH_SIZE,
    MAP_X,
    MAP_Y,
    OUTLIER,
    ROW,
    TEXT,
    VECTOR,
    VECTOR_BATCH_SIZE,
    ImportPlan,
    append_batch,
    import_fingerprint,
    make_plan,
    transform_batch,
    vector_dim,
)
from embedlab.collections.paths import check_name, connect, raise_storage, resolve_uri
from embedlab.collections.sources import Source, open_source
from embedlab.errors import (
    CollectionError,
    CollectionNotFoundError,
    EmbedlabError,
    FilterError,
    InputError,
    ModelLoadError,
)

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa
    from lancedb.table import Table

    from embedlab.models import Encoder

Progress = Callable[[int, int], None]
META_KEY = "embedlab"
FORMAT = 1
_MODELS: dict[str, Encoder] = {}


# --------------------------------------------------------------------------- models


def remember_model(model: Encoder) -> None:
    """Let collections of ``model.id`` use this loaded model (no second load)."""
    _MODELS[model.id] = model


def _model(model_id: str) -> Encoder:
    if model_id not in _MODELS:
        from embedlab.models import load_model

        _MODELS[model_id] = load_model(model_id)
    return _MODELS[model_id]


def _model_arg(model: str | Encoder | None) -> tuple[str | None, Encoder | None]:
    """``(model id, model object if one was given)``."""
    if model is None:
        return None, None
    if isinstance(model, str):
        if not model.strip():
            raise InputError("The model id is empty. Give a model id, e.g. 'use-multilingual'.")
        return model.strip(), None
    if not hasattr(model, "encode") or not hasattr(model, "id"):
        raise InputError(f"model must be a model id or a loaded model; got {type(model).__name__}.")
    return str(model.id), model


# --------------------------------------------------------------------------- metadata


def read_meta(table: Table) -> dict[str, Any]:
    field = table.schema.field(VECTOR) if VECTOR in table.schema.names else None
    raw = (field.metadata or {}).get(META_KEY.encode()) if field is not None else None
    if raw is None:
        raise CollectionError(
            f"The table '{table.name}' was not made by embedlab (no embedlab metadata). "
            "Open it with LanceDB directly, or import its data with create_collection."
        )
    return json.loads(raw)


def write_meta(table: Table, meta: dict[str, Any]) -> None:
    table.update_field_metadata(
        {"path": VECTOR, "metadata": {META_KEY: json.dumps(meta, ensure_ascii=False)}}
    )


# --------------------------------------------------------------------------- public functions


def list_collections(*, uri: str | os.PathLike[str] | None = None) -> list[str]:
    """Names of the collections at ``uri`` (default: the data folder), sorted.

    A folder that does not exist yet holds no collections.
    """
    where = resolve_uri(uri)
    if "://" not in where and not os.path.isdir(where):
        return []
    db = connect(where)
    return sorted(_table_names(db))


def _table_names(db: Any) -> list[str]:
    names: list[str] = []
    token = None
    while True:
        page = db.list_tables(page_token=token)
        names.extend(page.tables)
        token = page.page_token
        if not token:
            return names


def open_collection(name: str, *, uri: str | os.PathLike[str] | None = None) -> Collection:
    """Open a saved collection (no re-embedding; the vectors are read from disk as needed).

    Raises:
        CollectionNotFoundError: no collection of that name (the message lists the existing).
        InputError: a bad name.
    """
    name = check_name(name)
    where = resolve_uri(uri)
    if "://" not in where and not os.path.isdir(os.path.join(where, f"{name}.lance")):
        raise _not_found(name, where, list_collections(uri=where))
    try:
        table = connect(where).open_table(name)
    except (ValueError, FileNotFoundError) as err:  # lancedb: "Table 'x' was not found"
        existing = list_collections(uri=where)
        if name in existing:
            raise
        raise _not_found(name, where, existing) from err
    return Collection(table, uri=where)


def delete_collection(name: str, *, uri: str | os.PathLike[str] | None = None) -> None:
    """Delete a collection and its files.

    Raises:
        CollectionNotFoundError: no collection of that name (also when another process
            deleted it meanwhile).
        StorageError: the files cannot be removed (permission denied, read-only disk).
    """
    name = check_name(name)
    where = resolve_uri(uri)
    existing = list_collections(uri=where)
    if name not in existing:
        raise _not_found(name, where, existing)
    try:
        connect(where).drop_table(name)
    except Exception as err:  # lance wraps the OS's refusals in its own error types
        raise_storage(err, where, f"deleting '{name}'")
        left = list_collections(uri=where)
        if name not in left:  # deleted meanwhile by another process
            raise _not_found(name, where, left) from err
        raise


def _not_found(name: str, where: str, existing: list[str]) -> CollectionNotFoundError:
    if existing:
        shown = ", ".join(existing[:20]) + (
            f" and {len(existing) - 20} more" if len(existing) > 20 else ""
        )
        return CollectionNotFoundError(
            f"There is no collection '{name}' in {where}. Existing collections: {shown}."
        )
    return CollectionNotFoundError(
        f"There is no collection '{name}' in {where}: it holds no collections yet. "
        "Create one with create_collection (or `embedlab import`)."
    )


def create_collection(
    name: str,
    data: Any,
    *,
    text_column: str | None = None,
    model: str | Encoder | None = None,
    vector_column: str | None = None,
    uri: str | os.PathLike[str] | None = None,
    batch_size: int | None = None,
    progress: Progress | None = None,
    overwrite: bool = False,
    engine: Literal["local", "ray"] = "local",
    ray_address: str | None = None,
    num_workers: int | None = None,
) -> Collection:
    """Embed a table (or import its vectors) into a named, saved collection.

    The input is read and stored batch by batch, so memory stays bounded whatever its
    size. If the same call was interrupted before (process killed), it continues after
    the last stored batch: every input row ends up stored exactly once.

    Args:
        name: letters, digits, ``-`` and ``_``.
        data: a DataFrame, or the path/URI of a CSV, TSV, TXT, XLSX, Parquet or JSONL file.
        text_column: the column of texts; default the column of longest texts.
        model: the model id (or a loaded model) that embeds ``text_column``; default
            ``use-multilingual``. With ``vector_column`` it only names the model that made
            those vectors (so text queries can be embedded); nothing is embedded.
        vector_column: a column of precomputed vectors (lists of numbers) to import.
        uri: where the collections are stored (a folder or ``s3://``/``gs://``/``az://``);
            default ``EMBEDLAB_DATA_DIR`` or ``~/.local/share/embedlab/collections``.
        batch_size: rows per stored batch (default 1,024 when embedding, 20,000 when
            importing vectors).
        progress: called as ``progress(rows done, total rows)`` after each batch.
        overwrite: replace an existing collection of that name made from other input.
        engine: ``"local"`` (this process, batch after batch) or ``"ray"`` (Ray Data:
            one model per worker, batches embedded and written in parallel, committed in
            input order; same rows and vectors as the local engine).
        ray_address: the Ray cluster (``ray://head:10001``, ``auto``); default
            ``RAY_ADDRESS``, else a Ray started on this machine's cores.
        num_workers: Ray workers (one model each; default: one per CPU Ray has).

    Returns:
        The :class:`Collection`. An ANN index is built when it has ``EXACT_LIMIT`` rows or more.

    Raises:
        InputError: a bad name, a missing column, bad vectors (row number given).
        FileFormatError: the file cannot be read.
        CollectionError: the name is taken by a collection made from other input.
        ModelLoadError: the model cannot be loaded.
        StorageError: disk full or permission denied (what was stored stays readable).

    Example:
        >>> c = create_collection("reviews", "reviews.csv", text_column="texto")  # doctest: +SKIP
        >>> c.search("entrega atrasada", k=5)  # doctest: +SKIP
    """
    name = check_name(name)
    where = resolve_uri(uri)
    _check_engine(engine, ray_address, num_workers)
    if batch_size is not None and (not isinstance(batch_size, int) or batch_size < 1):
        raise InputError(f"batch_size must be a positive whole number; got {batch_size!r}.")
    model_id, model_obj = _model_arg(model)
    source = open_source(data)
    if text_column is None and vector_column is None:
        text_column = _guess_text_column(source)
    encoder: Encoder | None = None
    if vector_column is None:
        model_id = model_id or _default_model()
        _refuse_word_model(model_id, model_obj)
        known = _catalogue_dim(model_id) if engine == "ray" and model_obj is None else None
        if known is not None:  # the workers load the model; the driver needs only its size
            dim = known
        else:
            encoder = model_obj or _model(model_id)
            _refuse_word_model(model_id, encoder)
            remember_model(encoder)
            dim = int(encoder.dim)
    else:
        if model_obj is not None:
            remember_model(model_obj)
        dim = _first_vector_dim(source, vector_column)
        _check_model_dim(model_id, model_obj, dim)
    plan = make_plan(source.columns, text_column=text_column, vector_column=vector_column, dim=dim)
    fingerprint = import_fingerprint(source.fingerprint, plan, model_id)
    step = batch_size or (EMBED_BATCH_SIZE if plan.embeds else VECTOR_BATCH_SIZE)

    db = connect(where, create=True)
    table: Table | None = None
    start = 0
    if name in _table_names(db):
        table = db.open_table(name)
        meta = _safe_meta(table)
        if overwrite or meta is None or meta.get("fingerprint") != fingerprint:
            if not overwrite:
                raise CollectionError(_taken_message(name, where, meta))
            _drop(db, name, where)
            table = None
        elif meta.get("complete"):
            if progress is not None:
                progress(source.total, source.total)
            done = Collection(table, uri=where)
            done._maybe_index()  # in case the process stopped while indexing
            return done
        else:
            start = _next_input_row(table)
    meta = {
        "format": FORMAT,
        "model_id": model_id,
        "dim": dim,
        "text_column": plan.text_column,
        "vector_column": plan.vector_column,
        "columns": {stored: src for src, stored in plan.keep},
        "fingerprint": fingerprint,
        "source": source.name,
        "total": source.total,
        "complete": False,
        "next_row": source.total,
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "notes": source.notes,
    }
    if engine == "ray":
        table = _import_ray(
            db, name, where, data, source, plan, model_id, model_obj or encoder, table, start,
            step, meta, progress, ray_address, num_workers,
        )  # fmt: skip
    else:
        table = _import(db, name, where, source, plan, encoder, table, start, step, meta, progress)
    meta["complete"] = True
    meta["skipped"] = source.total - table.count_rows()
    _write(table, meta, where)
    collection = Collection(table, uri=where)
    collection._maybe_index()
    return collection


def _import(
    db: Any,
    name: str,
    where: str,
    source: Source,
    plan: ImportPlan,
    encoder: Encoder | None,
    table: Table | None,
    start: int,
    step: int,
    meta: dict[str, Any],
    progress: Progress | None,
) -> Table:
    """The local engine: read → transform → append, batch after batch, from ``start``."""
    import pyarrow as pa

    if progress is not None:
        progress(start, source.total)
    for first, batch in source.batches(step, start=start):
        rows = np.arange(first, first + batch.num_rows, dtype=np.int64)
        stored = transform_batch(batch, rows, plan, encoder)
        try:
            if table is None:
                schema = _with_meta(stored.schema, meta)
                table = db.create_table(
                    name, data=pa.Table.from_batches(stored.to_batches(), schema=schema)
                )
            else:
                append_batch(table, stored)
        except Exception as err:  # OSError, or LanceDB's own errors wrapping one
            raise_storage(err, where, f"writing '{name}'")
            raise
        if progress is not None:
            progress(first + batch.num_rows, source.total)
    if table is None:  # an empty input: nothing was read
        raise InputError(f"{source.name} has no rows to import.")
    return table


def _check_engine(engine: str, ray_address: str | None, num_workers: int | None) -> None:
    if engine not in ("local", "ray"):
        raise InputError(f"Unknown engine {engine!r}. Must be one of: 'local', 'ray'.")
    if num_workers is not None and (not isinstance(num_workers, int) or num_workers < 1):
        raise InputError(f"num_workers must be a positive whole number; got {num_workers!r}.")
    if engine == "local" and (ray_address or num_workers):
        raise InputError(
            "ray_address and num_workers are options of the Ray engine: pass engine='ray' "
            "(command line: --engine ray)."
        )


def _catalogue_dim(model_id: str) -> int | None:
    from embedlab.models import model_info

    info = model_info(model_id)
    return info.dim if info is not None and info.kind == "sentence" else None


def _import_ray(
    db: Any,
    name: str,
    where: str,
    data: Any,
    source: Source,
    plan: ImportPlan,
    model_id: str | None,
    model: Encoder | None,
    table: Table | None,
    start: int,
    step: int,
    meta: dict[str, Any],
    progress: Progress | None,
    ray_address: str | None,
    num_workers: int | None,
) -> Table:
    """The Ray engine (:mod:`embedlab.collections.ray_engine`), from input row ``start``."""
    from embedlab.collections import ray_engine

    try:
        if table is None:
            schema = _with_meta(ray_engine.empty_table_schema(source, plan), meta)
            table = db.create_table(name, schema=schema)
        ray_engine.run(
            data=data, source=source, plan=plan, model_id=model_id, model=model, table=table,
            start=start, step=step, progress=progress, ray_address=ray_address,
            num_workers=num_workers,
        )  # fmt: skip
    except OSError as err:
        raise_storage(err, where, f"writing '{name}'")
        raise
    table = db.open_table(name)  # the workers' commits: a fresh view
    if table.count_rows() == 0 and source.total == 0:
        raise InputError(f"{source.name} has no rows to import.")
    return table


def _with_meta(schema: pa.Schema, meta: dict[str, Any]) -> pa.Schema:
    i = schema.get_field_index(VECTOR)
    field = schema.field(i).with_metadata({META_KEY: json.dumps(meta, ensure_ascii=False)})
    return schema.set(i, field)


def _write(table: Table, meta: dict[str, Any], where: str) -> None:
    try:
        write_meta(table, meta)
    except Exception as err:
        raise_storage(err, where, f"updating '{table.name}'")
        raise


def _safe_meta(table: Table) -> dict[str, Any] | None:
    try:
        return read_meta(table)
    except (CollectionError, ValueError):
        return None


def _taken_message(name: str, where: str, meta: dict[str, Any] | None) -> str:
    made = f" (made from {meta.get('source')})" if meta and meta.get("source") else ""
    return (
        f"A collection named '{name}' already exists in {where}{made} with other input, "
        "columns or model. Choose another name, or pass overwrite=True (command line: "
        "--overwrite) to replace it."
    )


def _drop(db: Any, name: str, where: str) -> None:
    try:
        db.drop_table(name)
    except Exception as err:
        raise_storage(err, where, f"replacing '{name}'")
        raise


def _next_input_row(table: Table) -> int:
    """The input row after the last stored one (where an interrupted import resumes)."""
    import pyarrow.compute as pc

    rows = table.search().select([ROW]).limit(None).to_arrow().column(ROW)
    last = pc.max(rows).as_py() if len(rows) else None
    return 0 if last is None else int(last) + 1


def _refuse_word_model(model_id: str, model: Encoder | None) -> None:
    from embedlab.models import model_info

    info = model_info(model_id)
    kind = getattr(model, "kind", None) or (info.kind if info is not None else "sentence")
    if kind != "sentence":
        raise ModelLoadError(
            f"'{model_id}' is a word model: one unknown word would stop the import of a big "
            "file. Use a sentence model, e.g. 'use-multilingual'."
        )


def _default_model() -> str:
    from embedlab.models import DEFAULT_MODEL_ID

    return DEFAULT_MODEL_ID


def _guess_text_column(source: Source) -> str:
    from embedlab.tables import guess_text_column

    first = next(iter(source.batches(2_000)), None)
    if first is None:
        raise InputError(f"{source.name} has no rows to import.")
    return guess_text_column(first[1].to_pandas())


def _first_vector_dim(source: Source, column: str) -> int:
    if column not in source.columns:
        raise InputError(
            f"There is no vector column '{column}'. Columns: {', '.join(source.columns)}."
        )
    first = next(iter(source.batches(1_000)), None)
    dim = vector_dim(first[1].column(column), column) if first is not None else 0
    if dim < 1:
        raise InputError(f"The vector column '{column}' holds no vectors in its first rows.")
    return dim


def _check_model_dim(model_id: str | None, model: Encoder | None, dim: int) -> None:
    if model_id is None:
        return
    expected = getattr(model, "dim", None)
    if expected is None:
        from embedlab.models import model_info

        info = model_info(model_id)
        expected = info.dim if info is not None else None
    if expected is not None and int(expected) != dim:
        raise InputError(
            f"The vectors have {dim} numbers but model '{model_id}' makes {expected}-dimensional "
            "vectors: they cannot come from that model. Leave the model out, or name the right one."
        )


# --------------------------------------------------------------------------- Collection


class Collection:
    """A saved, searchable table of embedded rows (see :func:`create_collection`).

    Attributes:
        name: the collection's name.
        uri: where it is stored.
        model_id: the model that embedded the texts (``None`` for imported vectors with
            no model named).
        dim: vector size.
    """

    def __init__(self, table: Table, *, uri: str) -> None:
        self._table = table
        self.uri = uri
        self.name: str = table.name
        self._meta = read_meta(table)
        self.model_id: str | None = self._meta.get("model_id")
        self.dim: int = int(self._meta["dim"])
        self._rows: NDArray[np.int64] | None = None
        self._indexed: bool | None = None

    def __repr__(self) -> str:
        return (
            f"Collection(name={self.name!r}, rows={len(self):,}, dim={self.dim}, "
            f"model_id={self.model_id!r})"
        )

    def __len__(self) -> int:
        return int(self._table.count_rows())

    # ----------------------------------------------------------------- facts

    @property
    def complete(self) -> bool:
        """False while an import is unfinished (call ``create_collection`` again to resume)."""
        return bool(self._meta.get("complete"))

    @property
    def columns(self) -> list[str]:
        """The user's other columns, as stored (usable in ``where`` filters)."""
        return list(self._meta.get("columns", {}))

    @property
    def text_column(self) -> str | None:
        """The input column the texts came from."""
        return self._meta.get("text_column")

    @property
    def info(self) -> dict[str, Any]:
        """What embedlab stored about the collection (model, source, map, clusters...)."""
        return dict(self._meta)

    @property
    def table(self) -> Table:
        """The underlying LanceDB table (for DuckDB, Polars, Ray...)."""
        return self._table

    # ----------------------------------------------------------------- reading

    def row_numbers(self) -> NDArray[np.int64]:
        """``(n,)`` the stored row numbers, ascending."""
        if self._rows is None:
            rows = self._table.search().select([ROW]).limit(None).to_arrow().column(ROW)
            self._rows = np.sort(rows.to_numpy())
        return self._rows

    def vectors(
        self, rows: Sequence[int] | NDArray[np.integer] | None = None
    ) -> NDArray[np.float32]:
        """The stored vectors, ``(n, dim)`` float32, in row order (or in the order of ``rows``).

        Raises:
            InputError: a row number that is not in the collection.
        """
        if rows is None:
            table = self._table.search().select([ROW, VECTOR]).limit(None).to_arrow()
            order = np.argsort(table.column(ROW).to_numpy(), kind="stable")
            return _matrix(table.column(VECTOR), self.dim)[order]
        import pyarrow as pa

        wanted = np.asarray(rows, dtype=np.int64).reshape(-1)
        positions = self._positions(wanted)
        if not len(positions):
            return np.empty((0, self.dim), np.float32)
        unique, inverse = np.unique(positions, return_inverse=True)
        got = self._table.take_offsets(unique.tolist()).select([ROW, VECTOR]).to_arrow()
        if not np.array_equal(got.column(ROW).to_numpy(), self.row_numbers()[unique]):
            # Stored out of row order (rows deleted or rewritten through LanceDB directly).
            wanted_rows = self.row_numbers()[unique]
            listed = ", ".join(str(int(r)) for r in wanted_rows)
            got = self._table.search().where(f"{ROW} IN ({listed})").select([ROW, VECTOR])
            got = got.limit(None).to_arrow()
            order = np.argsort(got.column(ROW).to_numpy(), kind="stable")
            got = got.take(pa.array(order))
        return _matrix(got.column(VECTOR), self.dim)[inverse]

    def _positions(self, rows: NDArray[np.int64]) -> NDArray[np.int64]:
        """Storage positions of row numbers (rows are stored in ascending order)."""
        stored = self.row_numbers()
        at = np.searchsorted(stored, rows)
        ok = (at < len(stored)) & (stored[np.minimum(at, len(stored) - 1)] == rows)
        if not ok.all():
            bad = int(rows[~ok][0])
            raise InputError(
                f"There is no row {bad} in '{self.name}': rows go from {int(stored[0])} to "
                f"{int(stored[-1])}"
                + (" (rows without text were left out)." if self._meta.get("skipped") else ".")
            )
        return at.astype(np.int64)

    def to_pandas(self, columns: Sequence[str] | None = None) -> pd.DataFrame:
        """The rows as a DataFrame in row order: every column but ``vector`` by default.

        Args:
            columns: the columns to read (``"vector"`` included if asked for).

        Raises:
            InputError: an unknown column (the message lists the columns).
        """
        names = [c for c in self._table.schema.names if c != VECTOR]
        if columns is not None:
            columns = list(columns)
            unknown = [c for c in columns if c not in self._table.schema.names]
            if unknown:
                raise InputError(
                    f"'{self.name}' has no column {', '.join(map(repr, unknown))}. "
                    f"Columns: {', '.join(self._table.schema.names)}."
                )
            names = columns if ROW in columns else [ROW, *columns]
        table = self._table.search().select(names).limit(None).to_arrow()
        df = table.to_pandas()
        df = df.sort_values(ROW, kind="stable").reset_index(drop=True)
        return df[columns] if columns is not None else df

    # ----------------------------------------------------------------- search

    def search(
        self,
        queries: str | Sequence[str] | NDArray[np.floating],
        *,
        k: int = 10,
        where: str | None = None,
        model: str | Encoder | None = None,
    ) -> pd.DataFrame:
        """The ``k`` rows most similar (cosine) to each query.

        Args:
            queries: a text or texts (embedded with the collection's model), or query
                vectors ``(d,)`` / ``(n, d)``.
            k: rows per query.
            where: a SQL filter on the stored columns, e.g. ``"autor = 'Machado'"``.
            model: the collection's model already loaded (saves a load); its id must
                match the collection's.

        Returns:
            Columns ``query, rank, row, text, score`` (cosine similarity) then the user's
            columns; ``rank`` starts at 1 for each query.

        Raises:
            InputError: bad ``k``, vectors of the wrong size, text queries on a collection
                without a model, or a model other than the collection's.
            FilterError: ``where`` does not parse (the message lists the columns).
        """
        vectors, labels = self._query_vectors(queries, model)
        return self._search(vectors, labels, k=k, where=where)

    def similar(self, row: int, *, k: int = 10, where: str | None = None) -> pd.DataFrame:
        """The ``k`` rows most similar to row ``row``, the row itself left out.

        Returns:
            As :meth:`search`, with ``query`` holding the row number.
        """
        row = int(row)
        vector = self.vectors([row])
        if not isinstance(k, int | np.integer) or k < 1:
            raise InputError(f"k must be a whole number of at least 1; got {k!r}.")
        if where and where.strip():
            self._check_where(where)
        # One more than asked, then the row itself is dropped: cheaper than a filter that
        # LanceDB would have to apply to every row first.
        found = self._search(vector, [row], k=int(k) + 1, where=where)
        found = found[found[ROW] != row].head(int(k)).reset_index(drop=True)
        found["rank"] = np.arange(1, len(found) + 1)
        return found

    def _query_vectors(
        self, queries: Any, model: str | Encoder | None
    ) -> tuple[NDArray[np.float32], list[Any]]:
        if isinstance(queries, str):
            queries = [queries]
        if isinstance(queries, np.ndarray) or (
            isinstance(queries, Sequence) and queries and not isinstance(queries[0], str)
        ):
            X = np.asarray(queries, dtype=np.float32)
            if X.ndim == 1:
                X = X[None, :]
            if X.ndim != 2 or X.shape[1] != self.dim:
                raise InputError(
                    f"Query vectors must have {self.dim} numbers each (shape (n, {self.dim})); "
                    f"got shape {np.asarray(queries).shape}."
                )
            if not np.isfinite(X).all():
                raise InputError("Query vectors hold NaN or infinity.")
            return X, list(range(len(X)))
        texts = [str(q) for q in queries]
        if not texts:
            raise InputError("No query given. Type a text to search for.")
        if any(not t.strip() for t in texts):
            raise InputError("A query is empty. Type a text to search for.")
        encoder = self._encoder(model)
        X = np.asarray(encoder.encode(texts), dtype=np.float32)
        return X, texts

    def _encoder(self, model: str | Encoder | None) -> Encoder:
        model_id, model_obj = _model_arg(model)
        if self.model_id is None:
            raise InputError(
                f"'{self.name}' holds imported vectors with no model named, so texts cannot be "
                "embedded to search it. Search with query vectors (an (n, d) array), or import "
                "again with the model that made the vectors."
            )
        if model_id is not None and model_id != self.model_id:
            raise InputError(
                f"'{self.name}' was embedded with '{self.model_id}'; texts embedded with "
                f"'{model_id}' are not comparable with its vectors. Search with '{self.model_id}'."
            )
        if model_obj is not None:
            remember_model(model_obj)
            return model_obj
        return _model(self.model_id)

    def _check_where(self, where: str) -> None:
        try:
            self._table.count_rows(where)
        except Exception as err:  # lancedb reports parse errors as ValueError/RuntimeError
            raise self._filter_error(where, err) from None

    def _filter_error(self, where: str, err: Exception) -> FilterError:
        detail = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        detail = detail.replace("Invalid input, ", "")
        columns = [c for c in self._table.schema.names if c != VECTOR]
        return FilterError(
            f"The filter {where!r} cannot be used ({detail[:200]}). Columns you can filter on: "
            f"{', '.join(columns)}. Quote texts with single quotes, e.g. \"autor = 'Machado'\"."
        )

    def _search(
        self, vectors: NDArray[np.float32], labels: list[Any], *, k: int, where: str | None
    ) -> pd.DataFrame:
        import pandas as pd
        import pyarrow as pa

        if not isinstance(k, int | np.integer) or k < 1:
            raise InputError(f"k must be a whole number of at least 1; got {k!r}.")
        where = where.strip() if isinstance(where, str) and where.strip() else None
        # The user's columns only: the stored map, cluster and outlier columns live in files
        # of their own, and reading them would cost each query a read per row and column.
        present = set(self._table.schema.names)
        names = [c for c in self.columns if c in present and c not in (VECTOR, ROW, TEXT)]
        select = [ROW, TEXT, *names, "_distance"]
        found, counts = [], []
        for vector in vectors:
            query = self._table.search(vector, vector_column_name=VECTOR).distance_type("cosine")
            query = self._tune(query)
            if where:
                query = query.where(where, prefilter=True)
            try:
                got = query.select(select).limit(int(k)).to_arrow()
            except Exception as err:
                if where:
                    raise self._filter_error(where, err) from None
                raise
            found.append(got)
            counts.append(got.num_rows)
        # One conversion to pandas for all the queries: per-query frames cost more than the
        # indexed search itself.
        table = pa.concat_tables(found) if len(found) > 1 else found[0]
        frame = table.to_pandas()
        counts_a = np.asarray(counts, dtype=np.int64)
        starts = np.repeat(np.cumsum(counts_a) - counts_a, counts_a)
        out = pd.DataFrame(
            {
                "query": pd.Series(labels).repeat(counts_a).to_numpy(),
                "rank": np.arange(len(frame)) - starts + 1,
                ROW: frame[ROW],
                TEXT: frame[TEXT],
                "score": 1.0 - frame["_distance"].astype(np.float64),
                **{name: frame[name] for name in names},
            }
        )
        return out

    def _tune(self, query: Any) -> Any:
        if self._indexed is None:
            self._indexed = ann.has_index(self._table)
        if self._indexed:
            index = self._meta.get("index") or {}
            parts = index.get("partitions") or ann.partitions(int(index.get("rows") or len(self)))
            return query.nprobes(ann.probes(parts)).refine_factor(ann.REFINE_FACTOR)
        return query

    # ----------------------------------------------------------------- adding

    def add(
        self,
        data: Any,
        *,
        batch_size: int | None = None,
        progress: Progress | None = None,
    ) -> None:
        """Add rows (same columns as the first import): embedded, stored, searchable at once.

        Row numbers continue after the collection's last input row. The ANN index is
        (re)built when the collection has grown enough (see ``embedlab.collections.index``).

        Raises:
            InputError: other columns than the collection's, or vectors of another size.
        """
        source = open_source(data)
        text_column = self._meta.get("text_column")
        vector_column = self._meta.get("vector_column")
        expected = [c for c in (text_column, vector_column) if c] + list(
            self._meta["columns"].values()
        )
        missing = [c for c in expected if c not in source.columns]
        extra = [c for c in source.columns if c not in expected]
        if missing or extra:
            raise InputError(
                f"The new rows must have the same columns as '{self.name}' ({', '.join(expected)})."
                + (f" Missing: {', '.join(missing)}." if missing else "")
                + (f" Not in the collection: {', '.join(extra)}." if extra else "")
            )
        plan = make_plan(
            source.columns, text_column=text_column, vector_column=vector_column, dim=self.dim
        )
        encoder = None
        if plan.embeds:
            if self.model_id is None:
                raise InputError(f"'{self.name}' has no model to embed new texts with.")
            encoder = _model(self.model_id)
        else:
            dim = _first_vector_dim(source, vector_column)
            if dim != self.dim:
                raise InputError(
                    f"The new vectors have {dim} numbers; '{self.name}' holds {self.dim}-dimensional "
                    "vectors. Add vectors made by the same model."
                )
        offset = int(self._meta.get("next_row", 0))
        step = batch_size or (EMBED_BATCH_SIZE if plan.embeds else VECTOR_BATCH_SIZE)
        done = 0
        if progress is not None:
            progress(0, source.total)
        for first, batch in source.batches(step):
            rows = np.arange(offset + first, offset + first + batch.num_rows, dtype=np.int64)
            stored = transform_batch(batch, rows, plan, encoder)
            try:
                append_batch(self._table, stored)
            except Exception as err:
                raise_storage(err, self.uri, f"adding rows to '{self.name}'")
                raise
            done += batch.num_rows
            if progress is not None:
                progress(done, source.total)
        self._meta["next_row"] = offset + source.total
        self._meta["total"] = int(self._meta.get("total", 0)) + source.total
        _write(self._table, self._meta, self.uri)
        self._rows = None
        self._maybe_index()

    def _maybe_index(self) -> None:
        if ann.needs_index(self._table):
            try:
                ann.build_index(self._table, self._table.count_rows())
            except Exception as err:
                raise_storage(err, self.uri, f"indexing '{self.name}'")
                raise
            self._indexed = True
            rows = self._table.count_rows()
            self._meta["index"] = {
                "type": ann.INDEX_TYPE,
                "rows": rows,
                "partitions": ann.partitions(rows),
            }
            _write(self._table, self._meta, self.uri)

    def optimize(self) -> None:
        """Merge the small files of many batches and finish pending index updates."""
        self._table.optimize()

    # ----------------------------------------------------------------- maps, clusters, outliers

    def project(
        self,
        method: Literal["pca", "umap"] = "pca",
        *,
        sample: int | None = None,
        random_state: int = 0,
        progress: Progress | None = None,
        **params: Any,
    ) -> pd.DataFrame:
        """Place every row on a 2-D map and store the coordinates (``map_x``, ``map_y``).

        Up to ``sample`` rows the method runs on all of them (``embedlab.project``). Above
        it, the method is fitted on a seeded sample of ``sample`` rows and the others are
        placed with the fitted model's ``transform``: every row gets coordinates.

        Args:
            method: ``"pca"`` or ``"umap"``.
            sample: rows to fit on (default 100,000 for PCA, 20,000 for UMAP).
            random_state: seed for the sample and the method.
            progress: ``progress(rows placed, rows)``.
            **params: method options (see ``embedlab.projection.PARAMS``).

        Returns:
            Columns ``row``, ``x``, ``y`` in row order.
        """
        from embedlab.collections.maps import place

        coords = place(
            self, method, sample=sample, random_state=random_state, progress=progress, params=params
        )
        self._store_columns({MAP_X: coords[:, 0], MAP_Y: coords[:, 1]})
        self._meta["map"] = {
            "method": method,
            "sample": sample,
            "random_state": random_state,
            "params": {k: v for k, v in params.items() if isinstance(v, int | float | str | bool)},
        }
        _write(self._table, self._meta, self.uri)
        import pandas as pd

        return pd.DataFrame({ROW: self.row_numbers(), "x": coords[:, 0], "y": coords[:, 1]})

    def cluster(
        self,
        *,
        k: int = 8,
        sample: int | None = None,
        random_state: int = 0,
        top_n: int = 5,
    ) -> pd.DataFrame:
        """k-means clusters (cosine) stored in ``cluster``, with keywords per cluster.

        Up to ``sample`` rows (default 50,000) k-means runs on all of them; above, it is
        fitted on a seeded sample and every row joins its nearest centre.

        Returns:
            One row per cluster: ``cluster``, ``name``, ``size``, ``share``, ``keywords``.
        """
        from embedlab.collections.maps import keywords_table, kmeans_labels

        labels = kmeans_labels(self, k=k, sample=sample, random_state=random_state)
        self._store_columns({CLUSTER: labels.astype(np.int32)})
        summary = keywords_table(self, labels, top_n=top_n, random_state=random_state)
        self._meta["clusters"] = {
            "k": k,
            "random_state": random_state,
            "names": {str(r.cluster): r.name for r in summary.itertuples()},
            "keywords": {str(r.cluster): list(r.keywords) for r in summary.itertuples()},
        }
        _write(self._table, self._meta, self.uri)
        return summary

    def outliers(self, k: int = 10, *, top: int = 20) -> pd.DataFrame:
        """The most unusual rows: mean cosine distance to their ``k`` nearest neighbours.

        Scores for every row are stored in ``outlier``. Exact up to 20,000 rows; above, the
        neighbours are sought among a seeded sample of 20,000 rows.

        Returns:
            The ``top`` rows by score: ``row``, ``text``, ``score``, then the user's columns.
        """
        from embedlab.collections.maps import outlier_scores_for

        if top < 1:
            raise InputError(f"top must be at least 1; got {top}.")
        scores = outlier_scores_for(self, k=k)
        self._store_columns({OUTLIER: scores.astype(np.float32)})
        order = np.argsort(-scores, kind="stable")[:top]
        names = [c for c in self._table.schema.names if c not in (VECTOR, MAP_X, MAP_Y, OUTLIER)]
        # Only the top rows are read (positions are row order; see ``vectors``).
        frame = self._table.take_offsets(order.tolist()).select(names).to_arrow().to_pandas()
        frame = frame.set_index(ROW).loc[self.row_numbers()[order]].reset_index()
        frame.insert(2, "score", scores[order].astype(np.float64))
        return frame

    def _store_columns(self, values: dict[str, NDArray[Any]]) -> None:
        """Store one value per row (row order) in the named columns, replacing old ones."""
        import pyarrow as pa

        names = list(values)
        present = [c for c in names if c in self._table.schema.names]
        try:
            if present:
                self._table.drop_columns(present)
            data = {ROW: pa.array(self.row_numbers())}
            data.update({c: pa.array(np.asarray(v)) for c, v in values.items()})
            self._table.merge(pa.table(data), left_on=ROW)
        except Exception as err:
            raise_storage(err, self.uri, f"updating '{self.name}'")
            raise
        self._meta = {**read_meta(self._table), **{k: v for k, v in self._meta.items()}}


def _matrix(column: pa.ChunkedArray, dim: int) -> NDArray[np.float32]:
    import pyarrow as pa

    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    if len(column) == 0:
        return np.empty((0, dim), np.float32)
    flat = column.flatten()  # respects slices, unlike .values
    return np.asarray(flat.to_numpy(zero_copy_only=False), dtype=np.float32).reshape(-1, dim)


__all__ = [
    "Collection",
    "EmbedlabError",
    "create_collection",
    "delete_collection",
    "list_collections",
    "open_collection",
    "remember_model",
]
