"""Your own text: what the page explores and the cached steps behind it, in one place.

The page explores rows of texts from one of two sources: a file uploaded and embedded in
this server (vectors in memory, cached on disk by ``embedlab.cache``), or a saved
collection (``embedlab.open_collection``; its vectors, map coordinates and clusters stay
on disk). :class:`Uploaded` and :class:`Saved` give both the same methods, so the page
does not care which. Choosing and reading the rows: ``_your_text_sources.py``; drawing
the map: ``_your_text_map.py``.

Cached results are keyed by ``Rows.key`` (the model id and a digest of the texts, or the
collection's name and creation time); the big objects are passed as ``_arguments`` (not
hashed). Spinners are shown by the callers, in the interface language.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

import embedlab
from embedlab import big_tables, clustering, collection, export, saved
from embedlab import tables as upload
from embedlab.outliers import outlier_scores
from embedlab.projection import make_map
from embedlab.similarity import top_k
from views import _ui as ui
from views._i18n import number, t


def progress_bar(bar: Any, what: str) -> Any:
    """A ``progress(done, total)`` callback that fills ``bar`` with the rate and time left."""
    start = time.monotonic()

    def report(done: int, total: int) -> None:
        rate = done / max(time.monotonic() - start, 1e-9)
        left = (total - done) / max(rate, 1e-9)
        bar.progress(
            done / max(total, 1),
            text=t(
                "{what} {done} / {total} · {rate} texts/s · about {left} s left",
                what=what,
                done=number(done),
                total=number(total),
                rate=number(rate, ",.0f"),
                left=number(left, ",.0f"),
            ),
        )

    return report


# --------------------------------------------------------------------------- what is explored


@dataclass(frozen=True)
class MapView:
    """A map ready to draw: every row's coordinates and how they were made."""

    coords: np.ndarray
    axis_titles: tuple[str, ...]
    method: str
    kept: float | None = None  # share of each row's k nearest neighbours kept on the map
    k: int = 10
    kept_sample: int | None = None  # rows the share was measured on, when a sample
    fitted_on: int | None = None  # rows the method was fitted on, when a sample
    stored: bool = False  # read from / stored in a collection


@dataclass
class Rows:
    """The rows the page explores; :class:`Uploaded` and :class:`Saved` say how.

    Positions ``0..n-1`` index ``frame`` (and ``texts``); ``ids`` are the row numbers
    shown: 1 is the first row under the file's header.
    """

    name: str
    frame: pd.DataFrame
    column: str
    texts: list[str]
    ids: np.ndarray
    key: str  # what cached results are keyed by
    meta: list[str]  # columns for colour and hover

    @property
    def n(self) -> int:
        return len(self.frame)


@dataclass
class Uploaded(Rows):
    """An upload embedded in this server: unit vectors in memory."""

    model: Any = None
    X: np.ndarray | None = None

    @property
    def model_id(self) -> str:
        return self.model.id

    def search(self, query: str, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Positions and cosines of the ``k`` rows closest to ``query``."""
        idx, sims = top_k(ui.embed(self.model, [query]), self.X, k=k, normalized=True)
        return idx[0], sims[0]

    def similar(self, position: int, k: int = 10) -> tuple[np.ndarray, np.ndarray]:
        """Positions and cosines of the ``k`` rows closest to row ``position``."""
        return collection.similar_rows(self.X, position, k=k, normalized=True)

    def clusters(self, method: str, k: int) -> tuple[np.ndarray, pd.DataFrame]:
        return _clusters(self.key, method, k, self)

    def suggest_k(self) -> Any:
        return _suggest(self.key, self)

    def outliers(self) -> np.ndarray:
        return _outliers(self.key, self)

    def map(self, method: str) -> MapView:
        return _map(self.key, method, self)

    def vectors(self) -> np.ndarray:
        return self.X


@dataclass
class Saved(Rows):
    """A saved collection: vectors, map, clusters and outliers stay in LanceDB."""

    coll: Any = None

    @property
    def model_id(self) -> str | None:
        return self.coll.model_id

    def search(self, query: str, k: int) -> tuple[np.ndarray, np.ndarray]:
        model = ui.load(self.coll.model_id) if self.coll.model_id else None
        found = self.coll.search(query, k=k, model=model)
        return saved.positions_of(self.coll, found["row"]), found["score"].to_numpy()

    def similar(self, position: int, k: int = 10) -> tuple[np.ndarray, np.ndarray]:
        row = int(self.coll.row_numbers()[position])
        found = self.coll.similar(row, k=k)
        return saved.positions_of(self.coll, found["row"]), found["score"].to_numpy()

    def clusters(self, method: str, k: int) -> tuple[np.ndarray, pd.DataFrame]:
        if method != "k-means":
            if self.n > upload.MAX_ROWS:
                raise embedlab.InputError(
                    t(
                        "HDBSCAN works on up to {limit} rows; this collection has {n}. "
                        "Use k-means.",
                        limit=number(upload.MAX_ROWS),
                        n=number(self.n),
                    )
                )
            return _clusters(self.key, method, k, self)
        return _saved_clusters(self.key, k, self._version(), self)

    def suggest_k(self) -> Any:
        return _suggest(self.key, self)

    def ready(self, method: str, k: int) -> bool:
        """Clusters cost little here: stored already, or a small collection."""
        stored = (self.coll.info.get("clusters") or {}).get("k") == k and method == "k-means"
        return stored or self.n <= big_tables.EXACT_LIMIT

    def outliers(self) -> np.ndarray:
        return _saved_outliers(self.key, self._version(), self)

    def map(self, method: str) -> MapView:
        return _saved_map(self.key, method, self._version(), self)

    def vectors(self) -> np.ndarray:
        return self.coll.vectors()

    def sample_vectors(self, size: int) -> np.ndarray:
        """Vectors of a seeded sample of ``size`` rows (all rows if fewer)."""
        rows = self.coll.row_numbers()
        if len(rows) > size:
            rows = np.sort(np.random.default_rng(0).choice(rows, size=size, replace=False))
        return self.coll.vectors(rows)

    def _version(self) -> int:
        return int(self.coll.table.version)


def uploaded(
    name: str, prep: Any, key: str, model: Any, X: np.ndarray, meta: list[str]
) -> Uploaded:
    """An upload embedded in memory."""
    return Uploaded(
        name=name.rsplit(".", 1)[0],
        frame=prep.frame,
        column=prep.column,
        texts=prep.texts,
        ids=np.asarray(prep.rows) + 1,
        key=f"{model.id}:{key}",
        meta=meta,
        model=model,
        X=X,
    )


# Clusters, outliers and maps: cached per Rows.key (the Rows itself is not hashed).


@st.cache_data(show_spinner=False, max_entries=16)
def _clusters(key: str, method: str, k: int, _rows: Rows) -> tuple[np.ndarray, pd.DataFrame]:
    X = _rows.vectors()
    if method == "k-means" and len(X) > big_tables.EXACT_LIMIT:
        labels = big_tables.kmeans_labels(X, k=k)  # fitted on a sample: bounded memory
    elif method == "k-means":
        labels = clustering.cluster_kmeans(X, k=k)
    else:
        labels = clustering.cluster_hdbscan(X)
    if len(X) > big_tables.EXACT_LIMIT:
        return labels, big_tables.describe_clusters(X, _rows.texts, labels)
    return labels, clustering.describe_clusters(X, _rows.texts, labels)


@st.cache_data(show_spinner=False, max_entries=8)
def _suggest(key: str, _rows: Rows) -> Any:
    if isinstance(_rows, Saved):  # the silhouette runs on 4,000 sampled rows anyway
        return clustering.suggest_k(_rows.sample_vectors(4_000))
    return clustering.suggest_k(_rows.vectors())


@st.cache_data(show_spinner=False, max_entries=8)
def _outliers(key: str, _rows: Rows) -> np.ndarray:
    return outlier_scores(_rows.vectors(), k=10)


@st.cache_data(show_spinner=False, max_entries=8)
def _map(key: str, method: str, _rows: Rows) -> MapView:
    X = _rows.vectors()
    if len(X) <= big_tables.EXACT_LIMIT:
        pmap = make_map(X, method=method)
        kept = pmap.faithfulness
        return MapView(pmap.coords, pmap.axis_titles, method, kept.kept, kept.k)
    # Big tables: blockwise PCA / sampled UMAP, faithfulness on a sample (bounded memory).
    if method == "pca":
        coords, ratio = big_tables.pca_map(X)
        titles = tuple(f"PC{i + 1} ({100 * r:.1f}%)" for i, r in enumerate(ratio))
        fitted_on = None
    else:
        coords = big_tables.umap_map(X)
        titles, fitted_on = ("UMAP 1", "UMAP 2"), big_tables.FIT_SAMPLE
    kept = big_tables.sampled_faithfulness(X, coords)
    return MapView(
        coords, titles, method, kept.kept, kept.k, big_tables.FAITHFULNESS_SAMPLE, fitted_on
    )


# A saved collection stores what it computes: a cache key carries the table's version, and
# a reopen (even after a restart) reads the stored columns instead of computing them.


@st.cache_data(show_spinner=False, max_entries=8)
def _saved_map(key: str, method: str, version: int, _rows: Saved) -> MapView:
    coords = saved.stored_map(_rows.coll, method)
    if coords is None:
        bar = st.progress(0.0, text=t("Placing every row on the map…"))
        try:
            _rows.coll.project(method, progress=progress_bar(bar, t("Placing")))
        finally:
            bar.empty()
        coords = saved.stored_map(_rows.coll, method)
    from embedlab.collections.maps import PCA_SAMPLE, UMAP_SAMPLE

    titles = (f"{method.upper()} 1", f"{method.upper()} 2")
    sample = PCA_SAMPLE if method == "pca" else UMAP_SAMPLE
    return MapView(coords, titles, method, fitted_on=sample, stored=True)


@st.cache_data(show_spinner=False, max_entries=8)
def _saved_clusters(
    key: str, k: int, version: int, _rows: Saved
) -> tuple[np.ndarray, pd.DataFrame]:
    found = saved.stored_clusters(_rows.coll, k)
    if found is None:
        _rows.coll.cluster(k=k)
        found = saved.stored_clusters(_rows.coll, k)
    return found


@st.cache_data(show_spinner=False, max_entries=8)
def _saved_outliers(key: str, version: int, _rows: Saved) -> np.ndarray:
    scores = saved.stored_outliers(_rows.coll)
    if scores is None:
        _rows.coll.outliers(k=10)
        scores = saved.stored_outliers(_rows.coll)
    return scores


# --------------------------------------------------------------------------- tables


def shown(table: pd.DataFrame) -> pd.DataFrame:
    """A table for display: missing values as empty cells (not "None" or "nan").

    A column with missing values becomes text (numbers written as ``3`` or ``3.5``), so
    that an empty cell can sit beside numbers.
    """
    out = table.copy()
    for name in out.columns:
        column = out[name]
        if column.isna().any():
            out[name] = [_cell(v) for v in column.tolist()]
    return out


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def rows_table(
    rows: Rows, positions: Any, scores: Any = None, *, score_name: str | None = None
) -> pd.DataFrame:
    """Some rows as a display table: row number, score, the text, then the other columns."""
    table = collection.rows_table(
        rows.frame,
        positions,
        scores=scores,
        score_name=score_name or t("cosine"),
        first=rows.column,
        row_ids=rows.ids,
    )
    return shown(table.rename(columns={"row": t("row")}))


def mark_options() -> dict[str, str]:
    """The "Highlight" choices: label in the interface language → what is highlighted.

    Widgets take the labels themselves as options (no ``format_func``), so a widget's value
    reads the same in the page and in tests.
    """
    return {
        t("search hits"): "hits",
        t("outliers"): "outliers",
        t("similar rows"): "similar",
        t("nothing"): "none",
    }


def default_k(n: int) -> int:
    """k-means' k before anyone moves the slider: √(n/2), between 2 and 8."""
    return min(8, n - 1, max(2, round((n / 2) ** 0.5)))


def outliers_by_default(rows: Rows) -> bool:
    """Score outliers without asking when it takes seconds (every row against every row)."""
    return rows.n <= 20_000


# --------------------------------------------------------------------------- ask, compute


@dataclass(frozen=True)
class Asked:
    """What the tabs' widgets ask for, read before they are drawn (values of the last run)."""

    query: str
    k: int
    row: int
    method: str
    suggest: bool
    k_clusters: int
    outliers: bool
    proj: str
    colour: str | None
    mark: str
    find_clusters: bool = False

    @classmethod
    def from_state(cls, rows: Rows) -> Asked:
        state, n = st.session_state, rows.n
        lo, hi = int(rows.ids.min()), int(rows.ids.max())
        # A new file may make a kept value out of range: back to the default before drawing.
        _clamp("yt_k", 1, min(100, n), min(10, n))
        _clamp("yt_row", lo, hi, int(rows.ids[0]))
        if n >= 4:
            _clamp("yt_kmeans_k", 2, min(30, n - 1), default_k(n))
        method = state.get("yt_cluster_method", "k-means")
        suggest = bool(state.get("yt_suggest", False)) and method == "k-means" and n >= 4
        return cls(
            query=str(state.get("yt_query", "")).strip(),
            k=int(state.get("yt_k", min(10, n))),
            row=int(state.get("yt_row", rows.ids[0])),
            method=method,
            suggest=suggest,
            k_clusters=int(state.get("yt_kmeans_k", default_k(n))) if n >= 4 else 2,
            outliers=bool(state.get("yt_outliers", outliers_by_default(rows))),
            proj=state.get("yt_proj", "pca"),
            colour=state.get("yt_colour"),
            mark=mark_options().get(state.get("yt_mark"), "hits"),
            find_clusters=bool(state.get("yt_find_clusters", False)),
        )


def _clamp(key: str, lo: int, hi: int, default: int) -> None:
    value = st.session_state.get(key)
    if value is not None and not lo <= value <= hi:
        st.session_state[key] = default


@dataclass
class Done:
    """Everything the tabs show, computed before they are drawn; ``*_error`` are messages."""

    hits: tuple[np.ndarray, np.ndarray] | None = None
    search_error: str | None = None
    similar: tuple[int, np.ndarray, np.ndarray] | None = None
    similar_error: str | None = None
    labels: np.ndarray | None = None
    summary: pd.DataFrame | None = None
    suggestion: Any = None
    cluster_error: str | None = None
    clusters_waiting: int | None = None  # k of clusters a big collection finds on request
    outliers: np.ndarray | None = None
    outlier_error: str | None = None
    view: MapView | None = None
    map_error: str | None = None
    marked: dict[str, np.ndarray] = field(
        default_factory=dict
    )  # rows to highlight: hits, outliers, similar
    colour_options: list[str] = field(default_factory=list)  # columns of the map table

    @property
    def names(self) -> dict[int, str]:
        if self.summary is None:
            return {}
        return dict(zip(self.summary["cluster"], self.summary["name"], strict=True))


def compute(rows: Rows, ask: Asked) -> Done:
    """Run every step the tabs need; an ``EmbedlabError`` stops only its own step."""
    done = Done()
    if ask.query:
        try:
            with st.spinner(t("Searching…")):
                done.hits = rows.search(ask.query, ask.k)
            done.marked["hits"] = done.hits[0]
        except embedlab.EmbedlabError as err:
            done.search_error = str(err)
    try:
        position = collection.position_of(rows.ids, ask.row)
        like, scores = rows.similar(position)
        done.similar = (position, like, scores)
        done.marked["similar"] = np.asarray([position, *like])
    except embedlab.EmbedlabError as err:
        done.similar_error = _row_message(err, ask.row, rows)
    try:
        k = ask.k_clusters
        if ask.suggest:
            with st.spinner(t("Trying k = 2…10 (silhouette)…")):
                done.suggestion = rows.suggest_k()
            k = done.suggestion.k
        if isinstance(rows, Saved) and not ask.find_clusters and not rows.ready(ask.method, k):
            done.clusters_waiting = k  # a big collection clusters on request (minutes)
        else:
            with st.spinner(t("Finding clusters…")):
                done.labels, done.summary = rows.clusters(ask.method, k)
    except embedlab.EmbedlabError as err:
        done.cluster_error = str(err)
    if ask.outliers:
        try:
            with st.spinner(t("Scoring outliers (every row against its nearest rows)…")):
                done.outliers = rows.outliers()
            done.marked["outliers"] = collection.top_rows(done.outliers, n=20)
        except embedlab.EmbedlabError as err:
            done.outlier_error = str(err)
    try:
        with st.spinner(t("Drawing the map…")):
            done.view = rows.map(ask.proj)
    except embedlab.EmbedlabError as err:
        done.map_error = str(err)
    options = [t("cluster")] * (done.labels is not None)
    options += [t("outlier score")] * (done.outliers is not None) + list(rows.meta)
    done.colour_options = list(dict.fromkeys(options))
    if st.session_state.get("yt_colour") not in done.colour_options:
        st.session_state.pop("yt_colour", None)
    return done


def _row_message(err: Exception, row: int, rows: Rows) -> str:
    """``position_of`` speaks of positions; the page numbers rows from 1."""
    if "has no text" in str(err):
        return t("Row {row} has no text, so it was not embedded. Pick another row.", row=row)
    return str(err)


# --------------------------------------------------------------------------- export


def export_files(rows: Rows, done: Done) -> list[tuple[str, Any, str]]:
    """(label, make the bytes, file name) of each download; bytes are made on click."""
    keywords = None
    if done.summary is not None:
        keywords = dict(zip(done.summary["cluster"], done.summary["keywords"], strict=True))

    def table() -> pd.DataFrame:
        return export.analysis_table(
            rows.frame,
            coords=None if done.view is None else done.view.coords,
            labels=done.labels,
            keywords=keywords,
            outlier=done.outliers,
            row_ids=rows.ids,
        )

    stem, model_id = rows.name, rows.model_id or "vectors"
    safe_id = model_id.replace("/", "_")
    return [
        (t("Table (CSV)"), lambda: export.table_csv(table()), f"{stem}-analysis.csv"),
        (t("Table (Parquet)"), lambda: export.table_parquet(table()), f"{stem}-analysis.parquet"),
        (
            t("Embeddings (.npy)"),
            lambda: export.embeddings_npy(rows.vectors()),
            f"{stem}-{safe_id}.npy",
        ),
        (
            t("Projector: vectors.tsv"),
            lambda: export.projector_vectors(rows.vectors()),
            "vectors.tsv",
        ),
        (
            t("Projector: metadata.tsv"),
            lambda: export.projector_metadata(table()[[rows.column, *rows.meta]]),
            "metadata.tsv",
        ),
    ]
