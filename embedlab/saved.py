"""What a front end needs around a saved collection: save vectors already computed, and
read back the map, clusters and outlier scores a collection stores.

``Collection.project`` / ``cluster`` / ``outliers`` compute and store; the functions here
read what is stored (``None`` when it is missing or was made with other settings), so that
reopening a collection, even after a restart, costs a read and no computation.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from embedlab.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

    from embedlab.collections import Collection
    from embedlab.models import Encoder


class KnownVectors:
    """An encoder that answers with vectors computed before, and asks ``model`` otherwise.

    Lets a table embedded once (e.g. an upload, whose vectors are in the disk cache) become
    a collection without embedding it again: ``create_collection`` calls ``encode`` on
    the same prepared texts and gets the known vectors back.

    Args:
        model: the model that made ``vectors`` (its id names the collection's model).
        texts: ``m`` texts, as they were embedded.
        vectors: ``(m, d)`` their vectors.
    """

    def __init__(self, model: Encoder, texts: Sequence[str], vectors: NDArray[np.floating]) -> None:
        if len(texts) != len(vectors):
            raise InputError(f"{len(texts):,} texts but {len(vectors):,} vectors.")
        self._model = model
        self._vectors = vectors
        self._known = {text: i for i, text in enumerate(texts)}
        self.id, self.name, self.kind = model.id, model.name, model.kind
        self.dim = int(np.shape(vectors)[1]) if len(vectors) else int(model.dim)

    def encode(self, texts: Sequence[str], **options: Any) -> NDArray[np.float32]:
        """``(n, d)`` float32: known texts from the stored vectors, others from the model."""
        at = np.asarray([self._known.get(t, -1) for t in texts], dtype=np.intp)
        out = np.empty((len(texts), self.dim), np.float32)
        known = at >= 0
        out[known] = self._vectors[at[known]]
        if not known.all():
            missing = [t for t, k in zip(texts, known, strict=True) if not k]
            out[~known] = np.asarray(self._model.encode(missing, **options), np.float32)
        return out

    def __getattr__(self, name: str) -> Any:
        return getattr(self._model, name)


def save_embedded(
    name: str,
    table: pd.DataFrame,
    *,
    text_column: str,
    model: Encoder,
    texts: Sequence[str],
    vectors: NDArray[np.floating],
    source: str | None = None,
    uri: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    overwrite: bool = False,
) -> Collection:
    """Save a table whose texts are already embedded as a collection (no re-embedding).

    Row numbers are the positions in ``table`` (rows without text are left out, as
    ``create_collection`` does), so they match the uploaded file.

    Args:
        name: the collection's name.
        table: the whole table as read (every row, the text column and the others).
        text_column: the column of texts.
        model: the model that made ``vectors``; the collection searches with it.
        texts: the embedded texts (``PreparedTexts.texts``), aligned with ``vectors``.
        vectors: ``(m, d)``.
        source: where the table came from (e.g. the uploaded file's name), kept in the
            collection's ``info["source"]``.
        uri, progress, overwrite: as ``create_collection``.

    Raises:
        As ``embedlab.create_collection``.
    """
    from embedlab.collections import Collection, create_collection
    from embedlab.collections.store import read_meta, remember_model, write_meta

    known = KnownVectors(model, texts, vectors)
    try:
        made = create_collection(
            name,
            table,
            text_column=text_column,
            model=known,  # type: ignore[arg-type]
            uri=uri,
            progress=progress,
            overwrite=overwrite,
        )
    finally:
        remember_model(model)  # later text queries use the model itself, not the lookup
    if source:
        meta = read_meta(made.table)
        if meta.get("source") != source:
            write_meta(made.table, {**meta, "source": source})
            made = Collection(made.table, uri=made.uri)
    return made


def _stored(c: Collection, columns: list[str]) -> pd.DataFrame | None:
    if not set(columns) <= set(c.table.schema.names):
        return None
    return c.to_pandas(columns=columns)


def stored_map(c: Collection, method: str) -> NDArray[np.float32] | None:
    """``(n, 2)`` coordinates in row order, if the collection holds a map made by ``method``."""
    if (c.info.get("map") or {}).get("method") != method:
        return None
    frame = _stored(c, ["map_x", "map_y"])
    if frame is None or frame.isna().any().any():
        return None
    return frame.to_numpy(dtype=np.float32)


def stored_clusters(c: Collection, k: int) -> tuple[NDArray[np.intp], pd.DataFrame] | None:
    """``(labels, summary)`` if the collection holds k-means clusters with this ``k``.

    The summary has the columns of ``Collection.cluster``: ``cluster``, ``name``,
    ``size``, ``share``, ``keywords``.
    """
    import pandas as pd

    info = c.info.get("clusters") or {}
    if info.get("k") != k:
        return None
    frame = _stored(c, ["cluster"])
    if frame is None or frame["cluster"].isna().any():
        return None
    labels = frame["cluster"].to_numpy(dtype=np.intp)
    found, sizes = np.unique(labels, return_counts=True)
    names, keywords = info.get("names", {}), info.get("keywords", {})
    summary = pd.DataFrame(
        {
            "cluster": found,
            "name": [names.get(str(c), str(c)) for c in found],
            "size": sizes,
            "share": sizes / max(len(labels), 1),
            "keywords": [keywords.get(str(c), []) for c in found],
        }
    ).sort_values(["size", "cluster"], ascending=[False, True], ignore_index=True)
    return labels, summary


def stored_outliers(c: Collection) -> NDArray[np.float32] | None:
    """Every row's outlier score in row order, if the collection holds them."""
    frame = _stored(c, ["outlier"])
    if frame is None or frame["outlier"].isna().any():
        return None
    return frame["outlier"].to_numpy(dtype=np.float32)


def positions_of(c: Collection, rows: Sequence[int] | NDArray[np.integer]) -> NDArray[np.intp]:
    """Positions (``0..n-1``, row order) of stored row numbers, e.g. from search results."""
    stored = c.row_numbers()
    return np.searchsorted(stored, np.asarray(rows, dtype=np.int64)).astype(np.intp)


__all__ = [
    "KnownVectors",
    "positions_of",
    "save_embedded",
    "stored_clusters",
    "stored_map",
    "stored_outliers",
]
