"""Your own text: the cached steps behind the page, in one place.

The page explores rows of texts from one of two sources: a file uploaded and embedded in
this server (vectors in memory, cached on disk by ``embedlab.cache``), or a saved
collection (``embedlab.open_collection``; its vectors, map coordinates and clusters stay
on disk). :class:`Rows` gives both the same methods, so the page does not care which.

Cached results are keyed by ``Rows.key`` (the model id and a digest of the texts, or the
collection's name and size); the big objects are passed as ``_arguments`` (not hashed).
Spinners are shown by the callers, in the interface language.
"""

from __future__ import annotations

import hashlib
import math
import re
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

import embedlab
from embedlab import big_tables, cache, clustering, collection, density, export, saved
from embedlab import tables as upload
from embedlab.outliers import outlier_scores
from embedlab.projection import make_map
from embedlab.similarity import top_k
from views import _ui as ui
from views._i18n import number, t, tn, translate_message

# --------------------------------------------------------------------------- reading a file


def digest_of(file: Any) -> str:
    """SHA-256 of an uploaded file, computed once per upload."""
    digests = st.session_state.setdefault("yt_digests", {})
    if file.file_id not in digests:
        digests[file.file_id] = hashlib.sha256(file.getvalue()).hexdigest()
    return digests[file.file_id]


@st.cache_data(show_spinner=False, max_entries=8)
def sheets(digest: str, name: str, _data: bytes) -> list[str]:
    return upload.list_sheets(_data, name)


@st.cache_resource(show_spinner=False, max_entries=4)
def read(digest: str, name: str, sheet: str | None, txt_mode: str, _data: bytes) -> pd.DataFrame:
    """The uploaded table (a resource: one copy per server, never changed by the page)."""
    return upload.read_upload(_data, name, sheet=sheet, txt_mode=txt_mode)


@st.cache_resource(show_spinner=False, max_entries=4)
def prepare(digest: str, options: tuple, column: str, _df: pd.DataFrame) -> tuple[Any, str]:
    """The texts of ``column``, ready to embed, and their digest (the cache key)."""
    prep = upload.prepare_texts(_df, column)
    return prep, cache.texts_digest(prep.texts)


@st.cache_resource(show_spinner=False, max_entries=3)
def stored(model_id: str, key: str, _texts: list[str]) -> np.ndarray | None:
    """The vectors from the disk cache (None: not embedded yet)."""
    X = cache.load_embeddings(model_id, _texts)
    if X is not None:  # unit rows once per file, in place: searches skip a pass, no copy kept
        norms = np.sqrt(np.einsum("ij,ij->i", X, X))[:, None]  # no temporary copy of X
        np.divide(X, norms, out=X, where=norms > 0)
    return X


def embed_with_progress(model: Any, texts: list[str]) -> None:
    """Embed with a progress bar, time left and Cancel; only a finished run is cached.

    Cancel works through Streamlit: a click asks for a rerun, which stops this script at
    its next progress update, before anything is saved.
    """
    n = len(texts)
    st.info(
        tn(
            "{n} text to embed with {model}. The vectors are kept on disk, so this file "
            "opens at once next time.",
            "{n} texts to embed with {model}. The vectors are kept on disk, so this file "
            "opens at once next time.",
            n,
            model=model.name,
        )
    )
    if st.session_state.pop("yt_cancelled", False):
        st.warning(t("Embedding cancelled: nothing was saved."))
    if not st.button(tn("Embed {n} text", "Embed {n} texts", n), type="primary", key="yt_embed"):
        st.stop()
    bar = st.progress(0.0, text=t("Embedding…"))
    st.button(
        t("Cancel"),
        key="yt_cancel",
        on_click=st.session_state.update,
        args=[{"yt_cancelled": True}],
    )
    cache.embed_cached(model, texts, progress=progress_bar(bar, t("Embedding")))
    stored.clear()
    st.rerun()


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


def choose_rows(model: Callable[[], Any]) -> Rows:
    """The source picker: a saved collection, or an upload (read, embedded); stops the page
    (``st.stop``) until there are rows to explore.

    The open collection is kept in the URL (``?collection=``), so a link reopens it.
    """
    pending = st.session_state.pop("yt_open_next", None)  # just saved: open it
    wanted = pending or st.query_params.get("collection")
    try:
        names = embedlab.list_collections()
    except embedlab.EmbedlabError as err:
        ui.show_error(err)
        names = []
    choices = {t("Upload a file"): "upload", t("Open a saved collection"): "saved"}
    labels = list(choices)
    if wanted in names and (pending or "yt_source" not in st.session_state):
        st.session_state["yt_source"] = labels[1]
        st.session_state["yt_collection"] = wanted
    if names:
        label = st.radio(t("Rows to explore"), labels, horizontal=True, key="yt_source")
        if choices.get(label) == "saved":
            return from_collection(names)
    if "collection" in st.query_params:
        del st.query_params["collection"]
    return from_upload(model())


def from_collection(names: list[str]) -> Saved:
    """Reopen a saved collection: its rows and stored results, no embedding."""
    if st.session_state.get("yt_collection") not in names:
        st.session_state.pop("yt_collection", None)
    name = st.selectbox(t("Collection"), names, key="yt_collection")
    if st.query_params.get("collection") != name:
        st.query_params["collection"] = name
    try:
        coll = embedlab.open_collection(name)
        frame, column = _saved_frame(
            f"{coll.uri}:{name}:{coll.info.get('created')}:{len(coll)}", coll
        )
    except embedlab.EmbedlabError as err:
        ui.show_error(err)
        st.stop()
    info = coll.info
    st.caption(
        t(
            "{rows} · model {model} · {dim} dimensions · saved {created} · from {source}",
            rows=tn("{n} row", "{n} rows", len(frame)),
            model=coll.model_id or t("none (imported vectors)"),
            dim=coll.dim,
            created=str(info.get("created", "")).replace("T", " ").rstrip("Z"),
            source=info.get("source", ""),
        )
    )
    if not coll.complete:
        st.warning(
            t(
                "This collection's import did not finish: it holds {n} rows. Run the same "
                "import again to continue it.",
                n=number(len(frame)),
            )
        )
    others = [c for c in frame.columns if c != column]
    meta = st.multiselect(
        t("Label / metadata columns (colour and hover)"),
        others,
        default=others[:3],
        key=f"yt_meta_saved_{name}",
    )
    return Saved(
        name=name,
        frame=frame,
        column=column,
        texts=frame[column].tolist(),
        ids=coll.row_numbers() + 1,
        key=f"{coll.uri}:{name}:{info.get('created')}:{len(frame)}",
        meta=meta,
        coll=coll,
    )


@st.cache_resource(show_spinner=False, max_entries=2)
def _saved_frame(key: str, _coll: Any) -> tuple[pd.DataFrame, str]:
    """A collection's texts and the user's columns (not vectors, not stored results), in row
    order, with the text column under its original name when that is free."""
    frame = _coll.to_pandas(columns=["text", *_coll.columns])
    name = _coll.text_column or "text"
    if name not in frame.columns:
        frame = frame.rename(columns={"text": name})
    else:
        name = "text"
    return frame, name


def save_form(file_name: str, df: pd.DataFrame, prep: Any, model: Any, X: np.ndarray) -> None:
    """Save the embedded upload as a collection (no re-embedding), then open it."""
    with st.expander(t("Save as a collection (reopen it any time, even after a restart)")):
        plain = unicodedata.normalize("NFKD", file_name.rsplit(".", 1)[0])
        plain = plain.encode("ascii", "ignore").decode()  # "avaliações" → "avaliacoes"
        stem = re.sub(r"[^A-Za-z0-9_-]+", "-", plain).strip("-_") or "texts"
        name = st.text_input(
            t("Collection name"),
            value=stem[:60],
            key="yt_save_name",
            help=t("Letters, digits, '-' and '_'."),
        )
        overwrite = st.checkbox(t("Replace a collection of that name"), key="yt_overwrite")
        if not st.button(t("Save as a collection"), key="yt_save"):
            return
        bar = st.progress(0.0, text=t("Saving…"))
        try:
            saved.save_embedded(
                name.strip(),
                df,
                source=file_name,
                text_column=prep.column,
                model=model,
                texts=prep.texts,
                vectors=X,
                progress=progress_bar(bar, t("Saving")),
                overwrite=overwrite,
            )
        except embedlab.EmbedlabError as err:
            bar.empty()
            ui.show_error(err)
            if isinstance(err, embedlab.CollectionError):
                st.caption(t("Or tick “Replace a collection of that name” and save again."))
            return
        st.session_state["yt_open_next"] = name.strip()
        st.rerun()


def from_upload(model: Any) -> Rows:
    """Upload, read and embed a file (the embedding waits for a click)."""
    if model.kind != "sentence":
        ui.show_error(
            t(
                "{model} is a word model; this page embeds whole texts. Pick a sentence model "
                "(e.g. Universal Sentence Encoder, multilingual) in the sidebar.",
                model=model.name,
            )
        )
        st.stop()
    limit_mb = max(1, math.ceil(upload.MAX_UPLOAD_MB))
    file = st.file_uploader(t("File"), key="yt_file", max_upload_size=limit_mb)
    if file is None:
        st.stop()
    data = file.getvalue()
    st.session_state["own_text_upload"] = (file.name, data)  # the Train page can train on it
    digest = digest_of(file)
    sheet = txt_mode = None
    lower = file.name.lower()
    try:
        if lower.endswith((".xlsx", ".xlsm")):
            names = sheets(digest, file.name, data)
            if len(names) > 1:
                sheet = st.selectbox(t("Sheet"), names, key=f"yt_sheet_{digest[:8]}")
        if lower.endswith(".txt"):
            modes = {t("auto"): "auto", t("lines"): "lines", t("paragraphs"): "paragraphs"}
            label = st.radio(t("One text per"), list(modes), horizontal=True, key="yt_txt_mode")
            txt_mode = modes.get(label, "auto")
        df = read(digest, file.name, sheet, txt_mode or "auto", data)
        for note in df.attrs.get("notes", []):
            st.info(translate_message(note))
        columns = list(df.columns)
        c1, c2 = st.columns(2)
        column = c1.selectbox(
            t("Text column"),
            columns,
            index=columns.index(upload.guess_text_column(df)),
            key=f"yt_col_{digest[:8]}",
            help=t("Guessed: the column with the longest texts."),
        )
        others = [c for c in columns if c != column]
        meta = c2.multiselect(
            t("Label / metadata columns (colour and hover)"),
            others,
            default=others[:3],
            key=f"yt_meta_{digest[:8]}_{column}",
        )
        prep, key = prepare(digest, (sheet, txt_mode), column, df)
    except embedlab.EmbedlabError as err:
        ui.show_error(err)
        st.stop()
    st.dataframe(shown(df.head(50)), height=220, key="yt_preview")
    st.caption(translate_message(" ".join(prep.messages)))
    X = stored(model.id, key, prep.texts)
    if X is None:
        embed_with_progress(model, prep.texts)
    n = len(prep.texts)
    st.success(
        tn(
            "{n} text embedded with {model} ({dim} dimensions).",
            "{n} texts embedded with {model} ({dim} dimensions).",
            n,
            model=model.name,
            dim=X.shape[1],
        )
    )
    save_form(file.name, df, prep, model, X)
    return uploaded(file.name, prep, key, model, X, meta)


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


def map_notes(view: MapView, n: int) -> list[str]:
    """How a map was made and how faithful it is, in the interface language."""
    notes = []
    method = view.method.upper()
    if view.fitted_on is not None and view.fitted_on < n:
        notes.append(
            t(
                "{method} fitted on a seeded sample of {sample} rows, then every other row "
                "placed by the fitted model: all {n} rows are on the map.",
                method=method,
                sample=number(view.fitted_on),
                n=number(n),
            )
        )
    if view.stored:
        notes.append(t("Stored in the collection: it reopens without computing."))
    if view.kept is not None:
        note = t(
            "{kept} of each row's {k} nearest neighbours stay nearest on the map.",
            kept=f"{view.kept:.0%}",
            k=view.k,
        )
        if view.kept_sample is not None and view.kept_sample < n:
            note += " " + t(
                "(Measured on a seeded sample of {sample} rows.)",
                sample=number(view.kept_sample),
            )
        notes.append(note)
    return notes


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


# --------------------------------------------------------------------------- tables and map


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


# --------------------------------------------------------------------------- the map


@dataclass
class DrawnMap:
    captions: list[str]
    picked: np.ndarray | None  # rows selected on a points map


def draw_map(rows: Rows, ask: Asked, done: Done) -> DrawnMap:
    """Draw the map (points, or a density image past ``density.POINT_LIMIT`` rows in view)
    and handle its selection: on a density image a box zooms in, on points it lists rows."""
    from embedlab.plots.text_map import density_figure, points_figure

    view = done.view
    coords = view.coords
    box = st.session_state.get("yt_view")
    inside = density.rows_in(coords, box) if box else np.arange(rows.n)
    marked = [int(i) for i in done.marked.get(ask.mark, [])]
    captions: list[str] = []
    if box and st.button(t("Whole map"), key="yt_whole"):
        st.session_state.pop("yt_view", None)
        st.rerun()
    limit = density.point_limit()
    if len(inside) <= limit:
        extra = _map_columns(rows, done, inside)
        colour = ask.colour if ask.colour in done.colour_options else None
        table = map_table(rows, coords, inside, extra)
        spot = {int(p): i for i, p in enumerate(inside)}
        highlight = [spot[p] for p in marked if p in spot]
        fig = points_figure(
            table, color=colour, hover_columns=list(table.columns[3:]), highlight=highlight,
            axis_titles=view.axis_titles, box=box, highlight_name=t("highlighted"),
        )  # fmt: skip
        what = tn(
            "All {n} row drawn as a point.", "All {n} rows drawn as points.", len(inside)
        ) if not box else tn(
            "{n} row in this region, drawn as a point.",
            "{n} rows in this region, drawn as points.",
            len(inside),
        )  # fmt: skip
        captions.append(what + " " + t("Select points (box or lasso) to list their rows."))
    else:
        # Cells of ~2 px for a million rows, bigger when there are few: a lone row stays visible.
        width = int(np.clip(2 * np.sqrt(len(inside)), 60, 400))
        grid = density.density(
            coords, box=box, width=width, height=_grid_height(coords, box, width)
        )
        fig = density_figure(
            grid,
            marks=_marks(rows, coords, marked, grid.box),
            centres=cluster_centres(coords, done.labels, done.names)
            if done.labels is not None
            else None,
            axis_titles=view.axis_titles,
            count_name=t("rows"),
        )
        captions.append(
            t(
                "{n} rows in view, every one counted: drawn as a density image ({w} × {h} "
                "cells; the darker, the more rows). Drag a box to zoom in; a region with at "
                "most {limit} rows shows each row as a point with its text.",
                n=number(grid.total),
                w=grid.counts.shape[1],
                h=grid.counts.shape[0],
                limit=number(limit),
            )
        )
    captions += map_notes(view, rows.n)
    # A new key per region: a zoom starts with an empty selection.
    region = "" if box is None else "_".join(f"{v:.6g}" for v in box)
    event = st.plotly_chart(fig, on_select="rerun", key=f"yt_map{region}")
    picked = None
    if len(inside) > limit and event.selection.box:
        st.session_state["yt_view"] = _box(event.selection.box[0])
        st.rerun()
    points = [(p["x"], p["y"]) for p in event.selection.points]
    if points:
        picked = collection.rows_at(coords, inside, points)
    return DrawnMap(captions, picked)


def _box(selected: dict) -> density.Box:
    xs, ys = sorted(selected["x"]), sorted(selected["y"])
    return (float(xs[0]), float(xs[-1]), float(ys[0]), float(ys[-1]))


def _grid_height(coords: np.ndarray, box: density.Box | None, width: int) -> int:
    """Cells up, so that cells are about square (the map keeps equal scales)."""
    x0, x1, y0, y1 = box or density.bounds(coords)
    return int(np.clip(round(width * (y1 - y0) / max(x1 - x0, 1e-12)), 10, 1.5 * width))


def _map_columns(rows: Rows, done: Done, inside: np.ndarray) -> dict[str, Any]:
    """The extra columns a points map carries (hover and colour), for the rows drawn."""
    extra: dict[str, Any] = {c: rows.frame[c].to_numpy()[inside] for c in rows.meta}
    if done.labels is not None:
        names = done.names
        extra[t("cluster")] = [names.get(int(c), str(int(c))) for c in done.labels[inside]]
    if done.outliers is not None:
        extra[t("outlier score")] = done.outliers[inside]
    return extra


def _marks(rows: Rows, coords: np.ndarray, marked: list[int], box: density.Box) -> pd.DataFrame:
    """Highlighted rows inside ``box``, most important first, for a density map."""
    keep = [
        p for p in marked if box[0] <= coords[p, 0] <= box[1] and box[2] <= coords[p, 1] <= box[3]
    ]
    return pd.DataFrame(
        {
            "x": coords[keep, 0] if keep else [],
            "y": coords[keep, 1] if keep else [],
            "text": [rows.texts[p] for p in keep],
        }
    )


def map_table(rows: Rows, coords: np.ndarray, positions: np.ndarray, extra: dict) -> pd.DataFrame:
    """The table a points map draws: x, y, text, row, then ``extra`` columns."""
    table = pd.DataFrame(
        {
            "x": coords[positions, 0],
            "y": coords[positions, 1],
            "text": [rows.texts[p] for p in positions],
            t("row"): rows.ids[positions],
        }
    )
    for name, values in extra.items():
        table[name] = values
    return shown(table)


def cluster_centres(coords: np.ndarray, labels: np.ndarray, names: dict[int, str]) -> pd.DataFrame:
    """Where to write each cluster's name: the median point of its rows (noise left out)."""
    out = []
    for label, name in names.items():
        mine = coords[labels == label] if label >= 0 else coords[:0]
        if len(mine):
            out.append((float(np.median(mine[:, 0])), float(np.median(mine[:, 1])), name))
    return pd.DataFrame(out, columns=["x", "y", "name"])


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
