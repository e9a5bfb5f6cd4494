"""Your own text: choose the rows to explore — a saved collection, or an upload that is
read, embedded (progress bar, Cancel) and can be saved as a collection."""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

import embedlab
from embedlab import cache, saved
from embedlab import tables as upload
from views import _ui as ui
from views._i18n import number, t, tn, translate_message
from views._your_text import Rows, Saved, progress_bar, shown, uploaded

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


def choose_rows(model: Callable[[], Any]) -> Rows:
    """The source picker: a saved collection, or an upload (read, embedded); stops the page
    (``st.stop``) until there are rows to explore.

    The open collection is kept in the URL (``?collection=``), so a link reopens it.
    """
    pending = st.session_state.pop("yt_open_next", None)  # just saved: open it
    wanted = pending or st.query_params.get("collection")
    if deleted := st.session_state.pop("yt_deleted", None):
        st.success(deleted)
    try:
        names = embedlab.list_collections()
    except embedlab.EmbedlabError as err:
        ui.show_error(err)
        names = []
    gone = st.session_state.get("yt_confirm_delete")
    if gone and gone not in names:  # deleted meanwhile, before the user confirmed
        st.session_state.pop("yt_confirm_delete")
        st.success(already_deleted(gone))
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
    c1, c2 = st.columns([4, 1], vertical_alignment="bottom")
    name = c1.selectbox(t("Collection"), names, key="yt_collection")
    c2.button(
        t("Delete…"), key="yt_delete", on_click=st.session_state.update,
        args=[{"yt_confirm_delete": name}], help=t("Asks before deleting anything."),
    )  # fmt: skip
    if st.session_state.get("yt_confirm_delete") == name:
        confirm_delete(name)
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


def already_deleted(name: str) -> str:
    return t(
        "The collection '{name}' was already deleted (in another tab or from the command line).",
        name=name,
    )


def confirm_delete(name: str) -> None:
    """The second step of deleting a collection: say what goes, then Delete or Cancel."""
    st.warning(
        t(
            "Delete the collection '{name}' with its texts, vectors, map and clusters? "
            "This cannot be undone.",
            name=name,
        )
    )
    c1, c2, _ = st.columns([2, 1, 3])
    if c2.button(t("Cancel"), key="yt_delete_cancel"):
        st.session_state.pop("yt_confirm_delete", None)
        st.rerun()
    if not c1.button(t("Delete '{name}'", name=name), type="primary", key="yt_delete_confirm"):
        return
    st.session_state.pop("yt_confirm_delete", None)
    try:
        embedlab.delete_collection(name)
    except embedlab.CollectionNotFoundError:  # deleted meanwhile: what the user wanted
        st.session_state["yt_deleted"] = already_deleted(name)
    except embedlab.EmbedlabError as err:
        ui.show_error(err)
        st.caption(t("Nothing was deleted: '{name}' is still there.", name=name))
        return
    else:
        st.session_state["yt_deleted"] = t("The collection '{name}' was deleted.", name=name)
    st.session_state.pop("yt_collection", None)
    if "collection" in st.query_params:
        del st.query_params["collection"]
    _saved_frame.clear()
    st.rerun()


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
