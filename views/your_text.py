"""Your own text: upload a table of texts, embed it, explore it as an analyst."""

import hashlib
import math
import time

import streamlit as st

import embedlab
from embedlab import cache, clustering, collection, export, similarity
from embedlab import io as upload
from embedlab.outliers import outlier_scores
from embedlab.plots.projection import map_figure
from embedlab.projection import make_map
from views import _ui as ui

st.title("Your own text")
st.caption(
    "Upload reviews, tickets or survey answers (CSV, TSV, TXT, XLSX, Parquet, JSON Lines; up "
    f"to {upload.MAX_ROWS:,} rows). Each text becomes a vector: search by meaning, find similar "
    "rows, groups and unusual rows, and export it all."
)
model = ui.current_model()
if model.kind != "sentence":
    st.error(
        f"{model.name} is a word model; this page embeds whole texts. Pick a sentence model "
        "(e.g. Universal Sentence Encoder, multilingual) in the sidebar."
    )
    st.stop()


# Cached steps. Uploads are keyed by the SHA-256 of their bytes and vectors by (model id,
# SHA-256 of the texts); the big objects themselves are passed as _arguments (not hashed).
@st.cache_data(show_spinner="Reading the file…", max_entries=8)
def _read(digest, name, sheet, txt_mode, _data):
    return upload.read_upload(_data, name, sheet=sheet, txt_mode=txt_mode)


@st.cache_data(show_spinner=False, max_entries=8)
def _sheets(digest, name, _data):
    return upload.list_sheets(_data, name)


@st.cache_data(show_spinner=False, max_entries=8)
def _prepare(digest, options, column, _df):
    prep = upload.prepare_texts(_df, column)
    return prep, cache.texts_digest(prep.texts)


@st.cache_resource(show_spinner="Loading the embeddings from the disk cache…", max_entries=3)
def _stored(model_id, key, _texts):
    return cache.load_embeddings(model_id, _texts)  # None: not embedded yet


@st.cache_resource(show_spinner=False, max_entries=3)
def _unit(model_id, key, _X):
    return similarity.normalize(_X)  # once per file: searches then skip a pass over all rows


@st.cache_data(show_spinner="Drawing the map…", max_entries=8)
def _map(model_id, key, method, _X):
    return make_map(_X, method=method)


@st.cache_data(show_spinner="Finding clusters…", max_entries=16)
def _clusters(model_id, key, method, k, _X, _texts):
    if method == "k-means":
        labels = clustering.cluster_kmeans(_X, k=k)
    else:
        labels = clustering.cluster_hdbscan(_X)
    return labels, clustering.describe_clusters(_X, _texts, labels)


@st.cache_data(show_spinner="Trying k = 2…10 (silhouette)…", max_entries=8)
def _suggest(model_id, key, _X):
    return clustering.suggest_k(_X)


@st.cache_data(show_spinner="Scoring outliers (every row against every row)…", max_entries=8)
def _outliers(model_id, key, _X):
    return outlier_scores(_X, k=10)


def _embed(texts):
    """Embed with a progress bar, ETA and Cancel; only a finished run reaches the disk cache.

    Cancel works through Streamlit: a click asks for a rerun, which stops this script at
    its next progress update, before anything is saved.
    """
    st.info(
        f"{len(texts):,} texts to embed with {model.name}. The vectors are kept on disk, so "
        "this file opens at once next time."
    )
    if st.session_state.pop("yt_cancelled", False):
        st.warning("Embedding cancelled: nothing was saved.")
    label = f"Embed {len(texts):,} text{'s' * (len(texts) != 1)}"
    if not st.button(label, type="primary", key="yt_embed"):
        st.stop()
    bar = st.progress(0.0, text="Embedding…")
    st.button(
        "Cancel", key="yt_cancel", on_click=st.session_state.update, args=[{"yt_cancelled": True}]
    )
    start = time.monotonic()

    def report(done, total):
        rate = done / max(time.monotonic() - start, 1e-9)
        left = (total - done) / rate
        bar.progress(
            done / total,
            text=f"Embedding {done:,} / {total:,} · {rate:,.0f} texts/s · about {left:,.0f} s left",
        )

    cache.embed_cached(model, texts, progress=report)
    _stored.clear()
    st.rerun()


# ------------------------------------------------------------------ upload, columns, counts
limit_mb = max(1, math.ceil(upload.MAX_UPLOAD_MB))
file = st.file_uploader("File", key="yt_file", max_upload_size=limit_mb)
if file is None:
    st.stop()
data = file.getvalue()
st.session_state["own_text_upload"] = (file.name, data)  # the Train page can train on it
digests = st.session_state.setdefault("yt_digests", {})
digest = digests.setdefault(file.file_id, hashlib.sha256(data).hexdigest())
sheet = txt_mode = None
try:
    if file.name.lower().endswith((".xlsx", ".xlsm")):
        sheets = _sheets(digest, file.name, data)
        if len(sheets) > 1:
            sheet = st.selectbox("Sheet", sheets, key=f"yt_sheet_{digest[:8]}")
    if file.name.lower().endswith(".txt"):
        modes = ["auto", "lines", "paragraphs"]
        txt_mode = st.radio("One text per", modes, horizontal=True, key="yt_txt_mode")
    df = _read(digest, file.name, sheet, txt_mode or "auto", data)
    for note in df.attrs.get("notes", []):
        st.info(note)
    columns = list(df.columns)
    c1, c2 = st.columns(2)
    column = c1.selectbox(
        "Text column",
        columns,
        index=columns.index(upload.guess_text_column(df)),
        key=f"yt_col_{digest[:8]}",
        help="Guessed: the column with the longest texts.",
    )
    others = [c for c in columns if c != column]
    meta = c2.multiselect(
        "Label / metadata columns (colour and hover)",
        others,
        default=others[:3],
        key=f"yt_meta_{digest[:8]}_{column}",
    )
    prep, key = _prepare(digest, (sheet, txt_mode), column, df)
except embedlab.EmbedlabError as err:
    st.error(str(err))
    st.stop()
st.dataframe(df.head(50), height=220, key="yt_preview")
st.caption(" ".join(prep.messages))
X = _stored(model.id, key, prep.texts)
if X is None:
    _embed(prep.texts)
texts, frame, ids, n = prep.texts, prep.frame, prep.rows, len(prep.texts)
st.success(f"{n:,} text{'s' * (n != 1)} embedded with {model.name} ({X.shape[1]} dimensions).")

tabs = st.tabs(["Map", "Search", "More like this", "Clusters", "Outliers", "Export"])
marked = {}  # rows each section asks the map to highlight

# ------------------------------------------------------------------ search, more like this
with tabs[1]:
    c1, c2 = st.columns([4, 1])
    query = c1.text_input("Search by meaning (any language the model knows)", key="yt_query")
    k = c2.number_input("Results", 1, min(100, n), min(10, n), key="yt_k")
    if query.strip():
        query_vector = ui.embed(model, [query.strip()])
        idx, sims = embedlab.top_k(query_vector, _unit(model.id, key, X), k=k, normalized=True)
        marked["search hits"] = idx[0]
        hits = collection.rows_table(frame, idx[0], scores=sims[0], first=column, row_ids=ids)
        st.dataframe(hits, hide_index=True, key="yt_hits")
with tabs[2]:
    chosen = st.number_input(
        "Row", int(ids[0]), int(ids[-1]), int(ids[0]), key="yt_row",
        help="Row numbers as in the preview and the tables (0 = first row under the header).",
    )  # fmt: skip
    try:
        row = collection.position_of(ids, chosen)
    except embedlab.EmbedlabError as err:
        st.error(str(err))
    else:
        st.markdown(f"> {texts[row]}")
        like, like_sims = collection.similar_rows(_unit(model.id, key, X), row, normalized=True)
        marked["similar rows"] = [row, *like]
        similar = collection.rows_table(frame, like, scores=like_sims, first=column, row_ids=ids)
        st.dataframe(similar, hide_index=True, key="yt_like")

# ------------------------------------------------------------------ clusters, outliers
labels = scores = names = keywords = None
with tabs[3]:
    c1, c2 = st.columns(2)
    method = c1.radio(
        "Method",
        ["k-means", "HDBSCAN"],
        horizontal=True,
        key="yt_cluster_method",
        help="k-means makes k groups. HDBSCAN finds the number itself; -1 is noise.",
    )
    k_clusters = 2  # up to 3 rows, the only k there is
    if method == "k-means" and n >= 4:
        if c2.toggle("Suggest k (silhouette)", key="yt_suggest"):
            suggestion = _suggest(model.id, key, X)
            tried = ", ".join(f"{k}: {s:.3f}" for k, s in suggestion.scores.items())
            st.caption(f"Silhouette per k ({suggestion.sample_size:,} rows): {tried}.")
            k_clusters = suggestion.k
        else:
            default = min(8, n - 1, max(2, round((n / 2) ** 0.5)))  # rule of thumb √(n/2)
            k_clusters = c2.slider("k", 2, min(30, n - 1), default, key="yt_kmeans_k")
    try:
        labels, summary = _clusters(model.id, key, method, k_clusters, X, texts)
    except embedlab.EmbedlabError as err:
        st.error(str(err))
    else:
        names = dict(zip(summary["cluster"], summary["name"], strict=True))
        keywords = dict(zip(summary["cluster"], summary["keywords"], strict=True))
        st.caption(f"{len(summary):,} clusters, named by their keywords (class-based TF-IDF).")
        share = st.column_config.ProgressColumn(format="percent")
        st.dataframe(summary, hide_index=True, key="yt_clusters", column_config={"share": share})
with tabs[4]:
    wanted = st.toggle(
        "Score outliers",
        value=n <= 20_000,
        key="yt_outliers",
        help="Mean cosine distance to the 10 nearest rows. Compares every row with every "
        "other: about a minute per 30,000 rows.",
    )
    if wanted:
        try:
            scores = _outliers(model.id, key, X)
        except embedlab.EmbedlabError as err:
            st.error(str(err))
    if scores is not None:
        top = collection.top_rows(scores, n=20)
        marked["outliers"] = top
        st.caption("The most unusual rows: far even from their 10 nearest neighbours.")
        table = collection.rows_table(
            frame, top, scores=scores[top], score_name="outlier score", first=column, row_ids=ids
        )
        st.dataframe(table, hide_index=True, key="yt_outlier_table")

# ------------------------------------------------------------------ the map
pmap = None
with tabs[0]:
    c1, c2, c3 = st.columns(3)
    proj = c1.radio(
        "Projection",
        ["pca", "umap"],
        horizontal=True,
        format_func=str.upper,
        key="yt_proj",
        help="UMAP shows groups better; it takes longer (the first time, about 30 s more).",
    )
    options = ["cluster"] * (labels is not None) + ["outlier score"] * (scores is not None)
    colour = c2.selectbox("Colour by", [*options, *meta] or [None], key="yt_colour")
    mark = c3.selectbox(
        "Highlight", ["search hits", "outliers", "similar rows", "none"], key="yt_mark"
    )
    try:
        pmap = _map(model.id, key, proj, X)
    except embedlab.EmbedlabError as err:
        st.error(str(err))
if pmap is not None:
    with tabs[0]:
        drawn = collection.draw_sample(n, keep=marked.get(mark, []))
        table = collection.map_frame(
            pmap.coords, texts, frame, rows=drawn, columns=meta, labels=labels,
            cluster_names=names, outlier=scores,
        )  # fmt: skip
        fig = map_figure(
            table,
            color=colour,
            hover_columns=list(table.columns[3:]),
            highlight=collection.positions_in(drawn, marked.get(mark, [])),
            axis_titles=pmap.axis_titles,
        )
        event = st.plotly_chart(fig, on_select="rerun", key="yt_map")
        if len(drawn) < n:
            st.caption(
                f"The map draws a random sample of {len(drawn):,} of the {n:,} rows, for speed "
                "(highlighted rows are always drawn). Search, clusters and outliers use every row."
            )
        kept = pmap.faithfulness
        st.caption(
            f"{kept.kept:.0%} of each row's {kept.k} nearest neighbours stay nearest on the map. "
            "Select points (box or lasso) to list their rows."
        )
        points = [(p["x"], p["y"]) for p in event.selection.points]
        if points:
            picked = collection.rows_at(pmap.coords, drawn, points)
            st.write(f"{len(picked):,} selected rows")
            selected = collection.rows_table(frame, picked, first=column, row_ids=ids)
            st.dataframe(selected, hide_index=True, key="yt_selected")

# ------------------------------------------------------------------ export
with tabs[5]:
    coords = None if pmap is None else pmap.coords
    full = export.analysis_table(
        frame, coords=coords, labels=labels, keywords=keywords, outlier=scores, row_ids=ids
    )
    stem = file.name.rsplit(".", 1)[0]
    downloads = [
        ("Table (CSV)", lambda: export.table_csv(full), f"{stem}-analysis.csv"),
        ("Table (Parquet)", lambda: export.table_parquet(full), f"{stem}-analysis.parquet"),
        ("Embeddings (.npy)", lambda: export.embeddings_npy(X), f"{stem}-{model.id}.npy"),
        ("Projector: vectors.tsv", lambda: export.projector_vectors(X), "vectors.tsv"),
        (
            "Projector: metadata.tsv",
            lambda: export.projector_metadata(full[[column, *meta]]),
            "metadata.tsv",
        ),
    ]
    for i, (label, make, name) in enumerate(downloads):
        mime = "text/csv" if name.endswith(".csv") else "application/octet-stream"
        st.download_button(
            label, make, file_name=name, mime=mime, on_click="ignore", key=f"yt_download_{i}"
        )
    st.caption(
        "The table holds every row with its map coordinates, cluster, cluster keywords and "
        "outlier score. Load the two .tsv files at projector.tensorflow.org."
    )
