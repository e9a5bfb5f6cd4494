"""Write a collection to a file, streaming (memory bounded by one batch)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from embedlab.collections.paths import storage_errors
from embedlab.errors import InputError

if TYPE_CHECKING:
    from embedlab.collections.store import Collection

EXPORT_BATCH = 50_000


def export_collection(
    collection: Collection,
    path: str | Path,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write every row to ``path``: Parquet with the vectors, or CSV without them.

    Rows are written in storage order, which is row order (imports and ``add`` append).

    Returns:
        The number of rows written.

    Raises:
        InputError: an extension other than ``.parquet`` or ``.csv``.
        StorageError: the file cannot be written (no space, no permission).
    """
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq

    path = Path(path).expanduser()
    suffix = path.suffix.lower()
    if suffix not in (".parquet", ".csv"):
        raise InputError(
            f"Cannot export to '{path.name}': use a .parquet file (vectors included) or a "
            ".csv file (without the vectors)."
        )
    names = collection.table.schema.names
    if suffix == ".csv":
        names = [c for c in names if c != "vector"]
    total = len(collection)
    done = 0
    reader = collection.table.search().select(names).limit(None).to_batches(EXPORT_BATCH)
    with storage_errors(str(path.parent), f"writing {path.name}"):
        path.parent.mkdir(parents=True, exist_ok=True)
        writer = None
        try:
            for batch in reader:
                if writer is None:
                    schema = batch.schema.remove_metadata()
                    if suffix == ".parquet":
                        writer = pq.ParquetWriter(path, schema)
                    else:
                        writer = pcsv.CSVWriter(path, schema)
                writer.write_batch(batch.replace_schema_metadata(None))
                done += batch.num_rows
                if progress is not None:
                    progress(done, total)
        finally:
            if writer is not None:
                writer.close()
    return done


__all__ = ["export_collection"]
