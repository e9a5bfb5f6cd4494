"""Projection: words and sentences on a 2-D or 3-D map, with how far to trust it."""

import streamlit as st

import embedlab
from embedlab import map_inputs, projection
from embedlab.export import projector_tsv, table_csv
from embedlab.plots.projection import KEPT_COLORSCALE, figure_html, map_figure
from embedlab.projection import PARAM_SPECS
from views import _ui as ui
from views._i18n import N_, t, translate_message

METHODS = {"pca": "PCA", "umap": "UMAP", "tsne": "t-SNE", "axes": N_("Semantic axes")}
PRESETS = map_inputs.PRESETS
# Settings kept in the URL through widget binding (the browser's history entry is replaced,
# not added, so Back still leaves the page): ?preset=…&method=UMAP&dims=3-D
BOUND = "query-params"

st.title(t("Projection"))
st.caption(
    t(
        "Each line becomes a vector of hundreds of numbers; a map squeezes them into 2 or 3 so "
        "that close meanings land close. Every map distorts: the numbers above it say how much."
    )
)
model = ui.current_model()
projection.start_umap_warm_up()  # UMAP's first call compiles code: do it in the background


@st.cache_data(show_spinner=False, max_entries=32)
def _map(model_id, texts, method, dims, params, ends, _X, _ends_X):
    if method == "axes":
        return projection.make_axes_map(_X, list(_ends_X), names=ends)
    return projection.make_map(_X, method=method, n_components=dims, **dict(params))


def _use_preset() -> None:
    if st.session_state["preset"]:
        st.session_state["pj_text"] = PRESETS[st.session_state["preset"]]


def _parameter(col, method: str, name: str, n: int):
    """The widget of one method parameter, built from the library's spec and bounds for n."""
    spec, key = PARAM_SPECS[method][name], f"pj_{method}_{name}"
    label, hint = t(name), t(spec.help) if spec.help else None
    if spec.choices:
        return col.selectbox(label, spec.choices, key=key, help=hint, format_func=t)
    low, high = projection.param_bounds(method, name, n)
    whole = float(spec.step).is_integer()
    cast = int if whole else float
    default = projection.param_default(method, name, n)
    low, high, step = cast(low), cast(high), cast(spec.step)
    if high <= low:  # one allowed value: nothing to choose
        col.caption(f"{label} = {low}")
        return low
    value = st.session_state.get(key, round(default) if whole else default)
    st.session_state[key] = min(max(cast(value), low), high)
    return col.slider(label, low, high, step=step, key=key, help=hint)


if "pj_text" not in st.session_state:  # first visit: start from the link's preset
    preset = st.session_state.get("preset") or st.query_params.get("preset")
    preset = preset if preset in PRESETS else next(iter(PRESETS))
    st.session_state.update(preset=preset, pj_text=PRESETS[preset])

# ------------------------------------------------------------------ the points
source = "lines"
if model.kind == "word":  # word models also offer a vocabulary to explore
    sources = {"lines": t("Lines"), "seeds": t("Neighbours of words")}
    source = st.radio(
        t("Points"), list(sources), format_func=sources.get, horizontal=True, key="pj_source"
    )
try:
    left, right = st.columns([2, 1])
    if source == "lines":
        left.text_area(
            t("One word or sentence per line; write `group: text` to colour by group"),
            key="pj_text",
            height=200,
            on_change=lambda: st.session_state.update(preset=None),
        )
        right.selectbox(t("Preset"), list(PRESETS), key="preset", index=None, bind=BOUND,
                        placeholder=t("Load a preset…"), on_change=_use_preset)  # fmt: skip
        points = map_inputs.parse_grouped_lines(st.session_state["pj_text"])
    else:
        seeds = left.text_input(t("Seed words"), "rei, gato, carro", key="pj_seeds")
        topn = right.slider(t("Neighbours per word"), 5, 50, 15, key="pj_topn")
        points = map_inputs.seed_neighbours(model, map_inputs.split_words(seeds), n=topn)
    for note in points.notes:
        st.info(translate_message(note))
    kept, X, unknown = ui.embed_known(model, points.texts)
    points = points.only(kept)
except embedlab.EmbedlabError as err:
    ui.show_error(err)
    st.stop()
if unknown:
    st.warning(translate_message(unknown) + " " + t("The other lines are mapped."))
n = len(points.texts)

# ------------------------------------------------------------------ method and parameters
c1, c2, c3, c4, c5 = st.columns([2, 1, 1, 1, 1])
method_names = {m: t(name) for m, name in METHODS.items()}
method = c1.radio(t("Method"), list(METHODS), format_func=method_names.get,
                  key="method", horizontal=True, bind=BOUND)  # fmt: skip
dims = c2.radio(t("Dimensions"), [2, 3], format_func="{}-D".format, key="dims",
                horizontal=True, disabled=method == "axes", bind=BOUND)  # fmt: skip
dims, params, ends = (2 if method == "axes" else dims), {}, ()
try:
    projection.check_points("pca" if method == "axes" else method, n, dims)
except embedlab.EmbedlabError as err:  # e.g. UMAP on two lines: say what to do, draw nothing
    ui.show_error(err)
    st.stop()
if method == "pca":
    pcs = list(range(min(10, n, X.shape[1])))
    for i, col in enumerate((c3, c4, c5)[:dims]):
        axis = "xyz"[i]
        col.selectbox(t("{axis} axis", axis=axis), pcs, index=min(i, len(pcs) - 1),
                      key=f"pj_pc_{axis}", format_func=lambda c: f"PC{c + 1}")  # fmt: skip
    params["components"] = tuple(st.session_state[f"pj_pc_{a}"] for a in "xyz"[:dims])
elif method in ("umap", "tsne"):
    shown = [name for name, spec in PARAM_SPECS[method].items() if spec.shown]
    for col, name in zip((c3, c4, c5), shown, strict=False):
        params[name] = _parameter(col, method, name, n)
    params["random_state"] = c2.number_input(t("Seed"), 0, 2**31 - 1, 0, key="pj_seed")
else:
    st.caption(t("x runs from A to B, y from C to D: each point sits by its projection on them."))
    names = ["A (x −)", "B (x +)", "C (y −)", "D (y +)"]
    ends = tuple(
        col.text_input(name, default, key=f"pj_end_{name[0]}").strip()
        for col, name, default in zip(
            st.columns(4), names, map_inputs.default_axes(model), strict=True
        )
    )
# ------------------------------------------------------------------ compute on the button
request = (model.id, tuple(points.texts), points.groups, method, dims, tuple(params.items()), ends)
if st.button(t("Draw map"), type="primary", key="pj_draw") or "pj_result" not in st.session_state:
    try:
        with st.spinner(t("Drawing the map…")):
            ends_X = ui.embed(model, list(ends)) if ends else None
            key = request[1], method, dims, tuple(params.items()), ends
            pmap = _map(model.id, *key, X, ends_X)
    except embedlab.EmbedlabError as err:
        ui.show_error(err)
        st.stop()
    st.session_state["pj_result"] = (request, pmap, X, points)
drawn, pmap, X_drawn, shown = st.session_state["pj_result"]
if drawn != request:
    st.info(t("The points or settings changed: press **Draw map** to update the map."))

# ------------------------------------------------------------------ the map and its faithfulness
faith = pmap.faithfulness
m1, m2, m3 = st.columns(3)
label = t("Neighbours kept (k={k})", k=faith.k)
if faith.defined:
    chance = faith.k / max(faith.n - 1, 1)
    m1.metric(label, f"{faith.kept:.0%}",
              help=t("{kept} of each point's {k} nearest neighbours are still among its nearest "
                     "on this map; a random map would keep about {chance}.",
                     kept=f"{faith.kept:.0%}", k=faith.k, chance=f"{chance:.0%}"))  # fmt: skip
    m2.metric(t("Trustworthiness"), f"{faith.trustworthiness:.2f}",
              help=t("1.0: no point has map neighbours that are strangers in the full space."))  # fmt: skip
else:
    m1.metric(label, "—")
    m2.metric(t("Trustworthiness"), "—")
    st.info(
        t(
            "With {n} points, neighbours kept and trustworthiness are undefined (they need at "
            "least {min} points): read this map by eye.",
            n=faith.n,
            min=projection.MIN_FAITHFUL_POINTS,
        )
    )
if pmap.variance is not None:
    m3.metric(t("Variance shown"), f"{pmap.variance.on_axes:.0%}",
              help=t("by the PCA axes chosen"))  # fmt: skip
for note in pmap.notes:
    st.info(translate_message(note))
colours = {"group": t("group"), "kept": t("kept share")}
if not shown.groups:
    colours.pop("group")
if faith.kept_per_point is None:
    colours.pop("kept")
colour = (
    st.radio(
        t("Colour by"), list(colours), format_func=colours.get, horizontal=True, key="pj_colour"
    )  # fmt: skip
    if colours
    else None
)
extra = {} if faith.kept_per_point is None else {"kept": faith.kept_per_point}
frame = projection.coordinates_frame(pmap.coords, shown.texts, shown.groups, extra=extra)
fig = map_figure(
    frame,
    z="z" if pmap.coords.shape[1] == 3 else None,
    color=colour if colour in frame else None,
    colorscale=KEPT_COLORSCALE,
    color_range=(0, 1),
    hover_columns=[c for c in ("group", "kept") if c in frame],
    axis_titles=pmap.axis_titles,
    color_title=colours.get(colour),
)
if colour == "group":
    fig.update_layout(legend_title_text=colours["group"])
st.plotly_chart(fig, key="pj_map")
if pmap.variance is not None:
    with st.expander(t("Variance explained per component")):
        st.dataframe(pmap.variance.table(), hide_index=True)

# ------------------------------------------------------------------ export
meta = frame[[c for c in ("text", "group") if c in frame]]
e1, e2, e3, e4 = st.columns(4)
e1.download_button(t("Coordinates (CSV)"), lambda: table_csv(frame), "embedlab-map.csv", "text/csv")
e2.download_button(t("Figure (HTML)"), lambda: figure_html(fig), "embedlab-map.html", "text/html")
e3.download_button(t("vectors.tsv"), lambda: projector_tsv(X_drawn, meta)[0], "vectors.tsv")
e4.download_button(t("metadata.tsv"), lambda: projector_tsv(X_drawn, meta)[1], "metadata.tsv")
st.caption(
    t("The two .tsv files open in the TensorFlow Embedding Projector (projector.tensorflow.org).")
)
