"""Your own text: open a saved collection or upload a table of texts, then explore it.

Top to bottom: choose the rows, read what each tab asks for (its widgets' values from the
last run), compute everything, then render the tabs in display order. The cached steps
live in views/_your_text.py (the rows and cached steps), _your_text_sources.py (upload or
collection) and _your_text_map.py (the map).
"""

import dataclasses

import streamlit as st

from embedlab import clustering
from embedlab import tables as upload
from views import _ui as ui
from views import _your_text as yt
from views import _your_text_map as yt_map
from views import _your_text_sources as sources
from views._i18n import number, t, tn, translate_message

st.title(t("Your own text"))
st.caption(
    t(
        "Upload reviews, tickets or survey answers (CSV, TSV, TXT, XLSX, Parquet, JSON Lines; "
        "up to {rows} rows), or reopen a saved collection. Each text becomes a vector: search "
        "by meaning, find similar rows, groups and unusual rows, and export it all.",
        rows=number(upload.MAX_ROWS),
    )
)
# ------------------------------------------------------------------ 1. the rows
# A saved collection or an embedded upload. The sidebar's model is loaded only for an upload:
# a collection searches with its own model, loaded at the first search.
rows = sources.choose_rows(ui.current_model)
n = rows.n

# Scores with one number of decimals (0.315 beside 0.3052 read as different precisions).
THREE_DECIMALS = {
    name: st.column_config.NumberColumn(format="%.3f") for name in (t("cosine"), t("outlier score"))
}

# ------------------------------------------------------------------ 2. compute
ask = yt.Asked.from_state(rows)
done = yt.compute(rows, ask)

# ------------------------------------------------------------------ 3. render, in tab order
# The open tab is session state (a key and on_change): the browser alone forgot it when a slow
# rerun (the first search loads the collection's model) redrew the tabs, and a search landed
# the person back on the map.
tab_map, tab_search, tab_like, tab_clusters, tab_outliers, tab_export = st.tabs(
    [t("Map"), t("Search"), t("More like this"), t("Clusters"), t("Outliers"), t("Export")],
    key="yt_tab",
    on_change="rerun",
)
with tab_map:
    c1, c2, c3 = st.columns(3)
    c1.radio(
        t("Projection"), ["pca", "umap"], horizontal=True, format_func=str.upper, key="yt_proj",
        help=t("UMAP shows groups better; it takes longer (the first time, about 30 s more)."),
    )  # fmt: skip
    if done.colour_options:
        # Until it is first changed the box shows its first option with no value in the session
        # state yet (what ``ask`` read): colour the map by what the box shows.
        colour = c2.selectbox(t("Colour by"), done.colour_options, key="yt_colour")
        ask = dataclasses.replace(ask, colour=colour)
    c3.selectbox(t("Highlight"), list(yt.mark_options()), key="yt_mark")
    if done.map_error:
        ui.show_error(done.map_error)
    else:
        view = yt_map.draw_map(rows, ask, done)
        for line in view.captions:
            st.caption(line)
        if view.picked is not None:
            st.write(tn("{n} selected row", "{n} selected rows", len(view.picked)))
            st.dataframe(yt.rows_table(rows, view.picked), hide_index=True, key="yt_selected")

with tab_search:
    c1, c2 = st.columns([4, 1])
    c1.text_input(t("Search by meaning (any language the model knows)"), key="yt_query")
    c2.number_input(t("Results"), 1, min(100, n), min(10, n), key="yt_k")
    if done.search_error:
        ui.show_error(done.search_error)
    elif done.hits is not None:
        st.dataframe(yt.rows_table(rows, *done.hits), hide_index=True, key="yt_hits",
                     column_config=THREE_DECIMALS)  # fmt: skip

with tab_like:
    st.number_input(
        t("Row"), int(rows.ids.min()), int(rows.ids.max()), int(rows.ids[0]), key="yt_row",
        help=t("Row numbers as in the file: 1 is the first row under the header."),
    )  # fmt: skip
    if done.similar_error:
        ui.show_error(done.similar_error)
    elif done.similar is not None:
        position, like, scores = done.similar
        st.markdown("> " + rows.texts[position])
        st.dataframe(yt.rows_table(rows, like, scores), hide_index=True, key="yt_like",
                     column_config=THREE_DECIMALS)  # fmt: skip

with tab_clusters:
    c1, c2 = st.columns(2)
    c1.radio(
        t("Method"), ["k-means", "HDBSCAN"], horizontal=True, key="yt_cluster_method",
        help=t("k-means makes k groups. HDBSCAN finds the number itself; -1 is noise."),
    )  # fmt: skip
    if ask.method == "k-means" and n >= 4:
        if c2.toggle(t("Suggest k (silhouette)"), key="yt_suggest") and done.suggestion:
            tried = "; ".join(f"{k}: {number(s, '.3f')}" for k, s in done.suggestion.scores.items())
            st.caption(
                t(
                    "Silhouette per k ({n} rows): {tried}.",
                    n=number(done.suggestion.sample_size),
                    tried=tried,
                )
            )
            best = done.suggestion.scores[done.suggestion.k]
            st.caption(translate_message(clustering.silhouette_meaning(best)))
        else:
            c2.slider("k", 2, min(30, n - 1), yt.default_k(n), key="yt_kmeans_k")
    if done.cluster_error:
        ui.show_error(done.cluster_error)
    elif done.clusters_waiting:
        st.button(
            tn("Find {n} cluster", "Find {n} clusters", done.clusters_waiting), key="yt_find_clusters",
            help=t("Fitted on a sample, then every row joins its nearest cluster; stored in the "
                   "collection, so it reopens with them."),
        )  # fmt: skip
    elif done.summary is not None:
        found = len(done.summary)
        st.caption(
            tn(
                "{n} cluster, named by its keywords (class-based TF-IDF).",
                "{n} clusters, named by their keywords (class-based TF-IDF).",
                found,
            )
        )
        if ask.method == "HDBSCAN" and (note := clustering.noise_note(done.labels)):
            st.info(translate_message(note))
        share = st.column_config.ProgressColumn(t("share"), format="percent")
        labels = {"cluster": t("cluster"), "name": t("name"), "size": t("size"),
                  "keywords": t("keywords"), "examples": t("examples")}  # fmt: skip
        st.dataframe(
            yt.shown(done.summary), hide_index=True, key="yt_clusters",
            column_config={**labels, "share": share},
        )  # fmt: skip

with tab_outliers:
    st.toggle(
        t("Score outliers"), value=yt.outliers_by_default(rows), key="yt_outliers",
        help=t("Mean cosine distance to the 10 nearest rows, for every row."),
    )  # fmt: skip
    if done.outlier_error:
        ui.show_error(done.outlier_error)
    elif done.outliers is not None:
        top = done.marked["outliers"]
        st.caption(t("The most unusual rows: far even from their 10 nearest neighbours."))
        table = yt.rows_table(rows, top, done.outliers[top], score_name=t("outlier score"))
        st.dataframe(table, hide_index=True, key="yt_outlier_table", column_config=THREE_DECIMALS)

with tab_export:
    for i, (label, make, name) in enumerate(yt.export_files(rows, done)):
        mime = "text/csv" if name.endswith(".csv") else "application/octet-stream"
        st.download_button(
            label, make, file_name=name, mime=mime, on_click="ignore", key=f"yt_download_{i}"
        )
    st.caption(
        t(
            "The table holds every row with its map coordinates, cluster, cluster keywords and "
            "outlier score. Load the two .tsv files at projector.tensorflow.org."
        )
    )
