"""What the Images and Sounds pages share: their own model choice, cached steps, map, export.

The sidebar picker stays for text models; these pages pick a CLIP or CLAP model themselves
(a local folder or a Hugging Face id, plus any found in the local Hugging Face cache).
"""

from __future__ import annotations

import hashlib
import time
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

import embedlab
from embedlab import export
from embedlab.media import models as media_models
from embedlab.models.policy import custom_models_allowed
from embedlab.plots.media import THUMBNAIL_LIMIT, media_map_figure
from embedlab.projection import MIN_POINTS, make_map
from views import _ui as ui
from views._i18n import t, tn, translate_message

OTHER = "__other__"


@st.cache_resource(show_spinner=False, max_entries=4)
def get_media_model(model_id: str) -> Any:
    """A CLIP / CLAP model, loaded once per server process."""
    return media_models.load_media_model(model_id)


@st.cache_data(show_spinner=False, ttl=60)
def _found(kind: str) -> list[str]:
    return media_models.find_media_models(kind)  # type: ignore[arg-type]


def _how_to(kind: str) -> None:
    examples = media_models.EXAMPLES[kind]
    install = media_models.INSTALL[kind]
    st.info(
        t(
            "This page needs a model that puts texts and {things} in one space ({family}). "
            "None ships with embedlab, so bring one:",
            things=t("images") if kind == "image" else t("sounds"),
            family="CLIP" if kind == "image" else "CLAP",
        )
        + "\n\n"
        + t("1. Install the libraries: `{command}`.", command=install)
        + "\n\n"
        + t(
            "2. Online: type a Hugging Face id above, e.g. {examples} (downloaded once, then "
            "cached on this computer).",
            examples=", ".join(f"`{e}`" for e in examples),
        )
        + "\n\n"
        + t(
            "3. Offline: type the path of a model folder on the computer running embedlab "
            "(a copy of the Hugging Face folder)."
        )
    )


def model_picker(kind: str) -> Any:
    """The page's own model choice; stops the page with help when there is no usable model.

    Args:
        kind: ``"image"`` (CLIP) or ``"audio"`` (CLAP).
    """
    key = f"{kind}_model"
    if not custom_models_allowed():
        st.info(
            t(
                "This server offers only the models of its catalogue, and none of them embeds "
                "{things}. Run embedlab on your own computer to use a CLIP or CLAP model.",
                things=t("images") if kind == "image" else t("sounds"),
            )
        )
        st.stop()
    found = _found(kind)
    options = [*found, OTHER]
    choice = OTHER
    if found:
        choice = st.selectbox(
            t("Model"),
            options,
            key=f"{key}_choice",
            format_func=lambda o: t("Folder or Hugging Face id…") if o == OTHER else o,
            help=t("Models found in this computer's Hugging Face cache."),
        )
    wanted = choice
    if choice == OTHER:
        wanted = st.text_input(
            t("Model folder or Hugging Face id"),
            key=f"{key}_id",
            placeholder=media_models.EXAMPLES[kind][-1],
            help=t(
                "Press Enter to load. Examples: {examples}.",
                examples=", ".join(media_models.EXAMPLES[kind]),
            ),
        ).strip()
    if not wanted:
        _how_to(kind)
        st.stop()
    try:
        with st.spinner(t("Loading {model}…", model=wanted)):
            model = get_media_model(wanted)
    except embedlab.EmbedlabError as err:
        ui.show_error(err)
        _how_to(kind)
        st.stop()
    if model.kind != "multimodal" or (kind == "image") != ("image" in model.modalities):
        page = t("Sounds") if kind == "image" else t("Images")
        st.error(
            t(
                "{model} is not a model for {things}. Open the {page} page for it, or give "
                "another model.",
                model=model.name,
                things=t("images") if kind == "image" else t("sounds"),
                page=page,
            )
        )
        st.stop()
    st.caption(
        t(
            "{model}: {dim} dimensions, texts and {things} in one space.",
            model=model.name,
            dim=model.dim,
            things=t("images") if kind == "image" else t("sounds"),
        )
    )
    return model


def uploads_digest(files: list[Any]) -> tuple[str, list[tuple[str, bytes]]]:
    """SHA-256 over all uploaded files (names and bytes), and the ``(name, bytes)`` pairs.

    Each file is hashed once per upload (remembered by its upload id), not on every rerun.
    """
    pairs = [(f.name, f.getvalue()) for f in files]
    known = st.session_state.setdefault("media_file_digests", {})
    digest = hashlib.sha256()
    for f, (name, data) in zip(files, pairs, strict=True):
        if f.file_id not in known:
            known[f.file_id] = hashlib.sha256(data).digest()
        digest.update(name.encode() + b"\0" + known[f.file_id])
    return digest.hexdigest(), pairs


def show_skipped(found: Any, what: str) -> None:
    """Upload notes, and the files left out with their reasons (in an expander)."""
    for note in found.notes:
        st.info(translate_message(note))
    if found.skipped:
        with st.expander(tn("{n} file skipped", "{n} files skipped", len(found.skipped))):
            st.dataframe(
                pd.DataFrame(
                    [(name, translate_message(reason)) for name, reason in found.skipped],
                    columns=[t("file"), t("reason")],
                ),
                hide_index=True,
                key=f"{what}_skipped",
            )


def embed_with_progress(embed: Any, model: Any, items: Any, digests: list[str], noun: str) -> Any:
    """Run a cached embedding function with a progress bar (a cache hit shows none)."""
    bar = st.progress(0.0, text=t("Embedding…"))
    started = time.monotonic()

    def report(done: int, total: int) -> None:
        rate = done / max(time.monotonic() - started, 1e-9)
        bar.progress(
            done / total,
            text=t(
                "Embedding {done} / {total} {noun} · {rate} per second",
                done=f"{done:,}",
                total=f"{total:,}",
                noun=noun,
                rate=f"{rate:,.1f}",
            ),
        )

    result = embed(model, items, digests, progress=report)
    bar.empty()
    return result


def vectors(embed: Any, model: Any, digest: str, items: Any, digests: list[str], noun: str) -> Any:
    """The upload's vectors, embedded once per session (with progress; the disk cache first)."""
    held = st.session_state.setdefault("media_vectors", {})
    if (model.id, digest) not in held:
        held[(model.id, digest)] = embed_with_progress(embed, model, items, digests, noun).vectors
    return held[(model.id, digest)]


def gallery(
    pictures: list[Any], names: list[str], rows: list[int], *, scores: Any = None, width: int = 120
) -> None:
    """Pictures side by side, captioned with their file name (and score)."""
    if not rows:
        return
    captions = [
        names[i] if scores is None else f"{names[i]} · {score:.3f}"
        for i, score in zip(rows, scores if scores is not None else rows, strict=True)
    ]
    st.image([pictures[i] for i in rows], caption=captions, width=width)


@st.cache_data(show_spinner=False, max_entries=16)
def _map(model_id: str, key: str, method: str, _X: np.ndarray) -> Any:
    return make_map(_X, method=method)


@st.cache_data(show_spinner=False, max_entries=16)
def _clusters(model_id: str, key: str, k: int, _X: np.ndarray) -> np.ndarray:
    return embedlab.cluster_kmeans(_X, k=k)


def clusters(model: Any, key: str, X: np.ndarray, *, prefix: str) -> np.ndarray | None:
    """k-means labels with a k slider (None for fewer than 3 items)."""
    n = len(X)
    if n < 3:
        st.caption(t("Clusters need at least 3 items."))
        return None
    default = min(n - 1, max(2, round((n / 2) ** 0.5)))
    k = st.slider(t("Clusters (k-means)"), 2, min(20, n - 1), default, key=f"{prefix}_clusters")
    return _clusters(model.id, key, k, X)


def draw_map(
    model: Any,
    key: str,
    X: np.ndarray,
    names: list[str],
    *,
    prefix: str,
    thumbnails: list[str] | None = None,
    labels: np.ndarray | None = None,
    hits: list[int] | None = None,
    hint: str = "",
) -> tuple[Any, list[int]]:
    """The map (PCA / UMAP) and the indices the person selected on it (``hint``: how to).

    Returns:
        ``(projection map or None, selected indices)``.
    """
    method = st.radio(
        t("Projection"), ["pca", "umap"], horizontal=True, format_func=str.upper, key=f"{prefix}_proj",
        help=t("UMAP shows groups better; it takes longer."),
    )  # fmt: skip
    if len(X) < MIN_POINTS[method]:
        st.info(
            t(
                "A {method} map needs at least {n} items: upload more.",
                method=method.upper(),
                n=MIN_POINTS[method],
            )
        )
        return None, []
    try:
        with st.spinner(t("Drawing the map…")):
            pmap = _map(model.id, key, method, X)
    except embedlab.EmbedlabError as err:
        ui.show_error(err)
        return None, []
    fig = media_map_figure(
        pmap.coords, names, thumbnails=thumbnails, labels=labels, highlight=hits or [],
        axis_titles=pmap.axis_titles, legend_title=t("cluster"), hits_name=t("search hits"),
    )  # fmt: skip
    event = st.plotly_chart(
        fig, key=f"{prefix}_map", on_select="rerun", selection_mode=("points", "box", "lasso")
    )
    if thumbnails is not None and len(names) > THUMBNAIL_LIMIT:
        st.caption(
            t("Thumbnails are drawn for up to {n} items; this map shows dots.", n=THUMBNAIL_LIMIT)
        )
    st.caption(
        hint
        + " "
        + t(
            "{kept} of each item's {k} nearest neighbours stay nearest on the map.",
            kept=f"{pmap.faithfulness.kept:.0%}",
            k=pmap.faithfulness.k,
        )
    )
    picked = []
    for point in event.selection.points if event else []:
        data = point.get("customdata")
        index = data[0] if isinstance(data, list) else data
        if index is None:  # older Streamlit: find the point by its coordinates
            index = int(np.argmin(np.abs(pmap.coords - [point["x"], point["y"]]).sum(axis=1)))
        if int(index) not in picked:
            picked.append(int(index))
    return pmap, picked


def export_buttons(
    model: Any, names: list[str], X: np.ndarray, pmap: Any, labels: np.ndarray | None, *, stem: str
) -> None:
    """CSV of file names, map coordinates and clusters; the vectors as ``.npy``."""
    table = pd.DataFrame({"file": names})
    if pmap is not None:
        table["map_x"], table["map_y"] = pmap.coords[:, 0], pmap.coords[:, 1]
    if labels is not None:
        table["cluster"] = labels
    st.dataframe(table, hide_index=True, key=f"{stem}_table", height=240)
    c1, c2 = st.columns(2)
    c1.download_button(
        t("Table (CSV)"), export.table_csv(table), file_name=f"{stem}.csv", mime="text/csv",
        on_click="ignore", key=f"{stem}_csv",
    )  # fmt: skip
    c2.download_button(
        t("Vectors (.npy)"), export.embeddings_npy(X), file_name=f"{stem}-vectors.npy",
        mime="application/octet-stream", on_click="ignore", key=f"{stem}_npy",
    )  # fmt: skip
    st.caption(
        t(
            "Row i of the .npy file is the vector of row i of the table ({n} × {dim}, float32, "
            "unit length; load with numpy.load).",
            n=len(X),
            dim=X.shape[1],
        )
    )
