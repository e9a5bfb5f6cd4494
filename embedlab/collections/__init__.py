"""Collections: an analyst's embedded rows, saved in LanceDB, searched at any size.

>>> import embedlab
>>> c = embedlab.create_collection("reviews", "reviews.csv", text_column="texto")  # doctest: +SKIP
>>> c.search("entrega atrasada", k=5, where="nota <= 2")  # doctest: +SKIP
>>> embedlab.open_collection("reviews").similar(42)  # doctest: +SKIP

Modules: ``paths`` (names and locations), ``sources`` (streaming readers), ``ingest``
(batch → stored rows), ``index`` (ANN index), ``store`` (:class:`Collection` and the
functions below), ``maps`` (projection, clusters, outliers at scale), ``cli``.
"""

from __future__ import annotations

from embedlab.collections.paths import DATA_DIR_ENV, data_dir, start_warm_up
from embedlab.collections.store import (
    Collection,
    create_collection,
    delete_collection,
    list_collections,
    open_collection,
)

__all__ = [
    "DATA_DIR_ENV",
    "Collection",
    "create_collection",
    "data_dir",
    "delete_collection",
    "list_collections",
    "open_collection",
    "start_warm_up",
]
