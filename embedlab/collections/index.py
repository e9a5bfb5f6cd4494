"""When a collection gets an approximate (ANN) index, how it is built and how it is queried.

Below :data:`EXACT_LIMIT` rows every search is an exact scan. At or above it an
IVF_SQ index (cosine; 8-bit scalar-quantised vectors in about one partition per 4,096
rows, the best candidates re-ranked with the exact vectors) is built after the import, and rebuilt by ``add`` once the
rows added since the last build reach :data:`REBUILD_SHARE` of the indexed ones. Rows
added in between are still found at once: LanceDB scans the unindexed rows exactly and
merges them with the index's answer. Numbers behind the choices: ``benchmarks/collections.py``.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lancedb.table import Table

EXACT_LIMIT = 20_000
"""Fewest rows for which an ANN index is built (below it an exact scan is quick enough)."""
REBUILD_SHARE = 0.2
"""``add`` rebuilds the index when unindexed rows reach this share of the indexed ones."""
INDEX_TYPE = "IVF_SQ"
# IVF_SQ rather than IVF_HNSW_SQ or IVF_PQ: measured here on 100,000 x 384 it built in 14 s
# and answered in ~7 ms at recall@10 1.000 (nprobes 20, refine 5); HNSW_SQ and PQ took longer
# to build (21 s and 28 s already at 10,000 rows) for no better answers.
NPROBES = 20
"""Fewest IVF partitions searched per query."""
PROBE_SHARE = 0.16
"""Share of the partitions searched per query (at least ``NPROBES``). Measured on 10,000 real
USE embeddings: searching 8 % of the partitions found 0.90-0.955 of the exact top 10,
17-18 % found 0.955-0.988; on 1,000,000 structured vectors 40 of 244 partitions answer in
~12 ms (p50) here."""
REFINE_FACTOR = 5
"""Candidates re-ranked with the exact vectors: ``k * REFINE_FACTOR`` (recall after SQ)."""
INDEX_NAME = "vector_idx"


def partitions(n: int) -> int:
    """IVF partitions for ``n`` rows: about 1 per 4,096 rows (LanceDB's own rule of thumb)."""
    return max(1, min(4_096, round(n / 4_096)))


def build_index(table: Table, n: int) -> None:
    """Build (or replace) the collection's vector index for its ``n`` rows."""
    table.create_index(
        metric="cosine",
        vector_column_name="vector",
        index_type=INDEX_TYPE,
        num_partitions=partitions(n),
        replace=True,
        name=INDEX_NAME,
    )


def has_index(table: Table) -> bool:
    return any(getattr(i, "name", None) == INDEX_NAME for i in table.list_indices())


def unindexed_rows(table: Table) -> tuple[int, int]:
    """``(indexed, unindexed)`` row counts (``(0, n)`` without an index)."""
    if not has_index(table):
        return 0, table.count_rows()
    stats = table.index_stats(INDEX_NAME)
    return int(stats.num_indexed_rows), int(stats.num_unindexed_rows)


def needs_index(table: Table) -> bool:
    """True when the collection is big enough and has no index, or too much was added since."""
    indexed, unindexed = unindexed_rows(table)
    if indexed == 0:
        return unindexed >= EXACT_LIMIT
    return unindexed >= max(1, math.ceil(REBUILD_SHARE * indexed))


def probes(n_partitions: int) -> int:
    """Partitions to search per query for an index of ``n_partitions``."""
    return max(NPROBES, math.ceil(PROBE_SHARE * n_partitions))


__all__ = ["EXACT_LIMIT", "REBUILD_SHARE", "build_index", "needs_index", "unindexed_rows"]
