"""Parquet files."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from embedlab.errors import FileFormatError
from embedlab.tables.columns import _column_name
from embedlab.tables.limits import _check_rows, _preview

if TYPE_CHECKING:
    import pandas as pd


def _read_parquet(data: bytes, name: str, *, max_rows: int) -> pd.DataFrame:
    import pyarrow as pa
    import pyarrow.parquet as pq

    if not data.startswith(b"PAR1"):
        raise FileFormatError(
            f"{name} is not a Parquet file (it does not start with the Parquet marker). "
            "Check the file, or rename it to its real extension."
        )
    try:
        pfile = pq.ParquetFile(io.BytesIO(data))
        n = pfile.metadata.num_rows
        _check_rows(n, max_rows, name)
        table = pfile.read()
    except FileFormatError:
        raise
    except (pa.ArrowException, OSError, ValueError) as err:
        raise FileFormatError(
            f"{name} is a corrupt or unreadable Parquet file ({_preview(str(err))}). "
            "Write it again (e.g. pandas DataFrame.to_parquet) and upload it again."
        ) from None
    # Columns are de-duplicated by name here because pandas cannot hold them otherwise.
    names = [_column_name(c, i) for i, c in enumerate(table.column_names)]
    table = table.rename_columns([f"__c{i}" for i in range(len(names))])
    df = table.to_pandas(ignore_metadata=True)
    df.columns = names
    return df
