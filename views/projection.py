"""Projection: words and sentences on a 2-D or 3-D map, with how far to trust it."""

import math

import streamlit as st

import embedlab
from embedlab import map_inputs, projection
from embedlab.export import projector_tsv, table_csv
from embedlab.plots.projection import KEPT_COLORSCALE, figure_html, map_figure
from views import _ui as ui

METHODS = {"pca": "PCA", "umap": "UMAP", "tsne": "t-SNE", "axes": "Semantic axes"}
PRESETS = map_inputs.PRESETS

st.title("Projection")
st.caption(
    "Each line becomes a vector of hundreds of numbers; a map squeezes them into 2 or 3 so "
    "that close meanings land close. Every map distorts: the numbers above it say how much."
)
model = ui.current_model()
projection.start_umap_warm_up()  # UMAP's first call compiles code: do it in the background


@st.cache_data(show_spinner="Drawing the map…", max_entries=32)
def _map(model_id, texts, method, dims, params, ends, _X, _ends_X):
    if method == "axes":
        return projection.make_axes_map(_X, list(_ends_X), names=ends)
    return projection.make_map(_X, method=method, n_components=dims, **dict(params))


def _use_preset() -> None:
    if st.session_state["pj_preset"]:
        st.session_state["pj_text"] = PRESETS[st.session_state["pj_preset"]]
        st.query_params["preset"] = st.session_state["pj_preset"]


def _edited() -> None:
    st.session_state["pj_preset"] = None
    st.query_params.pop("preset", None)


def _bounded(key: str, default, low, high):
    """Keep a slider's remembered value inside bounds that depend on the number of points."""
    st.session_state[key] = min(max(st.session_state.get(key, default), low), high)
    return dict(min_value=low, max_value=max(high, low + 1), key=key)


if "pj_text" not in st.session_state:  # first visit: start from the link's settings
    q = st.query_params
    preset = q.get("preset") if q.get("preset") in PRESETS else next(iter(PRESETS))
    st.session_state.update(pj_preset=preset, pj_text=PRESETS[preset])
    st.session_state.update(pj_method=q.get("method") if q.get("method") in METHODS else "pca")
    st.session_state.update(pj_dims=3 if q.get("dims") == "3" else 2)

# ------------------------------------------------------------------ the points
source = "Lines"
if model.kind == "word":  # word models also offer a vocabulary to explore
    source = st.radio("Points", ["Lines", "Neighbours of words"], horizontal=True, key="pj_source")
try:
    if source == "Lines":
        left, right = st.columns([2, 1])
        left.text_area(
            "One word or sentence per line; write `group: text` to colour by group",
            key="pj_text",
            height=200,
            on_change=_edited,
        )
        right.selectbox("Preset", list(PRESETS), key="pj_preset", index=None,
                        placeholder="Load a preset…", on_change=_use_preset)  # fmt: skip
        points = map_inputs.parse_grouped_lines(st.session_state["pj_text"])
    else:
        left, right = st.columns([2, 1])
        seeds = left.text_input("Seed words", "rei, gato, carro", key="pj_seeds")
        topn = right.slider("Neighbours per word", 5, 50, 15, key="pj_topn")
        points = map_inputs.seed_neighbours(model, map_inputs.split_words(seeds), n=topn)
    for note in points.notes:
        st.info(note)
    kept, X, unknown = ui.embed_known(model, points.texts)
    points = points.only(kept)
except embedlab.EmbedlabError as err:
    st.error(str(err))
    st.stop()
if unknown:
    st.warning(f"{unknown} The other lines are mapped.")
n = len(points.texts)
if n < 2:
    st.error("Fewer than 2 lines could be embedded with this model: fix the words above.")
    st.stop()

# ------------------------------------------------------------------ method and parameters
c1, c2, c3, c4, c5 = st.columns([2, 1, 1, 1, 1])
method = c1.radio(
    "Method", list(METHODS), format_func=METHODS.get, key="pj_method", horizontal=True
)
dims = c2.radio("Dimensions", [2, 3], format_func="{}-D".format, key="pj_dims",
                disabled=method == "axes")  # fmt: skip
dims, params, ends = (2 if method == "axes" else dims), {}, ()
if method == "pca":
    pcs = list(range(min(10, n, X.shape[1])))
    for axis, col in zip("xyz"[:dims], (c3, c4, c5), strict=False):
        i = "xyz".index(axis)
        col.selectbox(f"{axis} axis", pcs, index=min(i, len(pcs) - 1), key=f"pj_pc_{axis}",
                      format_func=lambda c: f"PC{c + 1}")  # fmt: skip
    params["components"] = tuple(st.session_state[f"pj_pc_{a}"] for a in "xyz"[:dims])
elif method == "umap":
    params["n_neighbors"] = c3.slider("n_neighbors", **_bounded("pj_nn", 15, 2, n - 1))
    params["min_dist"] = c4.slider("min_dist", 0.0, 1.0, 0.1, 0.05, key="pj_min_dist")
    params["metric"] = c5.selectbox("Metric", projection.METRICS, key="pj_metric")
elif method == "tsne":
    hint = f"below the number of points ({n})"
    params["perplexity"] = c3.slider("Perplexity", help=hint,
                                     **_bounded("pj_perplexity", 30, 1, n - 1))  # fmt: skip
if method in ("umap", "tsne"):
    params["random_state"] = c2.number_input("Seed", 0, 2**31 - 1, 0, key="pj_seed")
if method == "axes":
    st.caption("x runs from A to B, y from C to D: each point sits by its projection on them.")
    names = ["A (x −)", "B (x +)", "C (y −)", "D (y +)"]
    ends = tuple(
        col.text_input(name, default, key=f"pj_end_{name[0]}").strip()
        for col, name, default in zip(
            st.columns(4), names, map_inputs.default_axes(model), strict=True
        )
    )

# ------------------------------------------------------------------ compute on the button
request = (model.id, tuple(points.texts), points.groups, method, dims, tuple(params.items()), ends)
if st.button("Draw map", type="primary", key="pj_draw") or "pj_result" not in st.session_state:
    try:
        ends_X = ui.embed(model, list(ends)) if ends else None
        key = request[1], method, dims, tuple(params.items()), ends
        pmap = _map(model.id, *key, X, ends_X)
    except embedlab.EmbedlabError as err:
        st.error(str(err))
        st.stop()
    st.session_state["pj_result"] = (request, pmap, X, points)
    st.query_params.update(method=method, dims=str(dims))
drawn, pmap, X_drawn, shown = st.session_state["pj_result"]
if drawn != request:
    st.info("The points or settings changed: press **Draw map** to update the map.")

# ------------------------------------------------------------------ the map and its faithfulness
faith = pmap.faithfulness
m1, m2, m3 = st.columns(3)
m1.metric(f"Neighbours kept (k={faith.k})", f"{faith.kept:.0%}", help=faith.summary())
trust = "—" if math.isnan(faith.trustworthiness) else f"{faith.trustworthiness:.2f}"  # < 3 points
m2.metric("Trustworthiness", trust,
          help="1.0: no point has map neighbours that are strangers in the full space.")  # fmt: skip
if pmap.variance is not None:
    m3.metric("Variance shown", f"{pmap.variance.on_axes:.0%}", help="by the PCA axes chosen")
for note in pmap.notes:
    st.info(note)
colours = (["group"] if shown.groups else []) + ["kept share"]
colour = st.radio("Colour by", colours, horizontal=True, key="pj_colour")
frame = projection.coordinates_frame(
    pmap.coords, shown.texts, shown.groups, extra={"kept": faith.kept_per_point}
)
fig = map_figure(
    frame,
    z="z" if pmap.coords.shape[1] == 3 else None,
    color="kept" if colour == "kept share" else ("group" if shown.groups else None),
    colorscale=KEPT_COLORSCALE,
    color_range=(0, 1),
    hover_columns=[c for c in ("group", "kept") if c in frame],
    axis_titles=pmap.axis_titles,
)
st.plotly_chart(fig, key="pj_map")
if pmap.variance is not None:
    with st.expander("Variance explained per component"):
        st.dataframe(pmap.variance.table(), hide_index=True)

# ------------------------------------------------------------------ export
meta = frame[[c for c in ("text", "group") if c in frame]]
e1, e2, e3, e4 = st.columns(4)
e1.download_button("Coordinates (CSV)", lambda: table_csv(frame), "embedlab-map.csv", "text/csv")
e2.download_button("Figure (HTML)", lambda: figure_html(fig), "embedlab-map.html", "text/html")
e3.download_button("vectors.tsv", lambda: projector_tsv(X_drawn, meta)[0], "vectors.tsv")
e4.download_button("metadata.tsv", lambda: projector_tsv(X_drawn, meta)[1], "metadata.tsv")
st.caption(
    "The two .tsv files open in the TensorFlow Embedding Projector (projector.tensorflow.org)."
)
