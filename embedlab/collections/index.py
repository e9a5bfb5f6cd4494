"""When a collection gets an approximate (ANN) index, how it is built and how it is queried.

Below :data:`EXACT_LIMIT` rows every search is an exact scan. At or above it an
IVF_RQ index (cosine; RaBitQ: each vector kept as 1 bit per dimension, in about one
partition per 4,096 rows; the best candidates re-ranked with the exact vectors) is built
after the import, and rebuilt by ``add`` once the rows added since the last build reach
:data:`REBUILD_SHARE` of the indexed ones. Rows added in between are still found at once:
LanceDB scans the unindexed rows exactly and merges them with the index's answer. Numbers
behind the choices: ``benchmarks/collections.py`` and the README's Collections section.
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
INDEX_TYPE = "IVF_RQ"
# On real embeddings (100,000 USE vectors of real texts, 1,000 held-out queries) recall@10
# depends on the share of the rows the probed partitions hold, not on how the vectors are
# compressed: IVF_SQ, IVF_RQ and IVF_HNSW_SQ all found ~0.945 of the exact top 10 with a
# third of the partitions. IVF_RQ compares 1-bit codes, so the 40 % share that real
# embeddings need costs less than IVF_SQ's 8 % did: at 1,000,000 x 384 it answers with 98
# of 244 partitions in ~14 ms (p50) where IVF_SQ takes ~41 ms, and builds ~2.7x slower.
NPROBES = 20
"""Fewest IVF partitions searched per query (all of them when the index has fewer)."""
PROBE_SHARE = 0.4
"""Share of the partitions searched per query (at least ``NPROBES``). Measured on 100,000
real USE embeddings with the partition size of 1,000,000 rows (~4,096 rows): 25 % of the
partitions found 0.91-0.92 of the exact top 10 for held-out queries, 33 % 0.946-0.955,
42 % 0.967-0.975, 50 % 0.978-0.986 (two builds); from 62,000 to 100,000 rows the recall at a given share rose slightly, so the
share measured at 100,000 is the cautious one to keep at 1,000,000."""
REFINE_FACTOR = 5
"""Candidates re-ranked with the exact vectors: ``k * REFINE_FACTOR`` (recall after RaBitQ)."""
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
    """Partitions to search per query for an index of ``n_partitions``: :data:`PROBE_SHARE`
    of them, at least :data:`NPROBES`, at most all."""
    n_partitions = max(1, int(n_partitions))
    return min(n_partitions, max(NPROBES, math.ceil(PROBE_SHARE * n_partitions)))


__all__ = [
    "EXACT_LIMIT",
    "REBUILD_SHARE",
    "build_index",
    "needs_index",
    "partitions",
    "probes",
    "unindexed_rows",
]
