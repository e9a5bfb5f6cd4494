"""Similarity: how alike are these words, sentences or typed vectors?"""

import streamlit as st

import embedlab
from embedlab import similarity
from embedlab.examples import RECOMMENDATION, SIMILARITY_EXAMPLES, VECTOR_EXAMPLES
from embedlab.language import NAMES, uncovered_language
from embedlab.plots.similarity import color_range, ranking_bars, similarity_heatmap
from embedlab.plots.vectors import vector_arrows
from embedlab.vector_text import parse_query_and_items
from views import _ui as ui
from views._i18n import N_, t, tn, translate_message

BOUND = "query-params"  # ?example=… kept in the URL without adding history entries
METRIC_TITLES = {
    "cosine": N_("Cosine similarity"),
    "dot": N_("Dot product"),
    "euclidean": N_("Euclidean distance"),
}

st.title(t("Similarity"))
st.caption(
    t(
        "One word or sentence per line. Each line becomes a vector; cosine similarity is the "
        "angle between two vectors: 1 = same direction (same meaning), 0 = unrelated."
    )
)
modes = {"text": t("Words or sentences"), "vectors": t("Vectors (numbers)")}
mode = st.radio(t("Input"), list(modes), format_func=modes.get, horizontal=True, key="sim_mode")
model = ui.current_model() if mode == "text" else None


def _use_example(key: str, examples: dict, target: str) -> None:
    if st.session_state[key]:
        value = examples[st.session_state[key]]
        st.session_state[target] = value if isinstance(value, str) else "\n".join(value)


def _first_visit(key: str, examples: dict, target: str) -> None:
    """Fill the box from the link's example (or the first one) the first time."""
    if target not in st.session_state:
        wanted = st.session_state.get(key) or st.query_params.get(key)
        name = wanted if wanted in examples else next(iter(examples))
        st.session_state[key] = name
        _use_example(key, examples, target)


def _heatmap(labels: list[str], S, metric: str) -> None:
    low, high = color_range(metric, S)
    title = t(METRIC_TITLES[metric])
    span = f"{low:.2g} … {high:.2g}".replace("-", "−")
    fig = similarity_heatmap(labels, S, metric=metric, title=title,
                             colorbar_title=f"{t(metric)}<br>{span}")  # fmt: skip
    st.plotly_chart(fig, key=f"sim_heatmap_{mode}")
    if metric == "cosine":
        st.caption(t("Colours: cosine on a fixed scale from −1 (opposite, red) through 0 "
                     "(unrelated, white) to 1 (same direction, blue)."))  # fmt: skip
    elif metric == "dot":
        st.caption(t("Colours: dot product from {low} to {high} (white = 0).",
                     low=f"{low:.2f}", high=f"{high:.2f}"))  # fmt: skip
    else:
        st.caption(t("Colours: distance from 0 (same point, dark) to {high}.", high=f"{high:.2f}"))


def _pairs(labels: list[str], S, metric: str) -> None:
    table = similarity.pairs_table(labels, S, metric=metric)
    st.caption(tn("1 pair", "{n} pairs", len(table)))
    st.dataframe(table, hide_index=True,
                 column_config={metric: st.column_config.NumberColumn(t(metric), format="%.3f")})  # fmt: skip


def _ranked_columns() -> dict:
    """Column labels of a ``similarity.rank`` table in the interface language."""
    return {"rank": t("rank"), "item": t("item"),
            "cosine": st.column_config.NumberColumn(t("cosine"), format="%.3f")}  # fmt: skip


left, right = st.columns([2, 1])
metric_help = t("cosine: angle only · dot: angle and length · euclidean: distance (lower = closer)")
# ------------------------------------------------------------------ typed vectors
if mode == "vectors":
    _first_visit("vector_example", VECTOR_EXAMPLES, "sim_vectors")
    left.text_area(
        t("One vector per line: a name (optional), then numbers"),
        key="sim_vectors",
        height=180,
        help=t(
            "e.g. `usuário: 0.2, 0.8, 0.5`, `[0.1, 0.9, 0.4]` or `0.8 0.1 0.3`. "
            "Decimal commas work when `;` separates the numbers: `0,2; 0,8; 0,5`."
        ),  # fmt: skip
        on_change=lambda: st.session_state.update(vector_example=None),
    )
    right.selectbox(t("Example"), list(VECTOR_EXAMPLES), key="vector_example", index=None,
                    placeholder=t("Load an example…"), bind=BOUND,
                    on_change=_use_example, args=("vector_example", VECTOR_EXAMPLES, "sim_vectors"))  # fmt: skip
    metric = right.radio(t("Metric"), similarity.METRICS, key="sim_vec_metric", horizontal=True,
                         format_func=t, help=metric_help)  # fmt: skip
    try:
        labels, X = embedlab.parse_vectors(st.session_state["sim_vectors"], min_vectors=2)
    except embedlab.EmbedlabError as err:
        ui.show_error(err)
        st.stop()
    S = similarity.similarity_matrix(X, metric=metric)
    names = [t("Heatmap"), t("Pairs")] + ([t("Arrows")] if X.shape[1] in (2, 3) else [])
    tabs = st.tabs(names)
    with tabs[0]:
        _heatmap(labels, S, metric)
    with tabs[1]:
        _pairs(labels, S, metric)
    if len(tabs) == 3:
        tabs[2].plotly_chart(vector_arrows(labels, X), key="sim_arrows")
        tabs[2].caption(t("Each vector is an arrow from the origin: the smaller the angle "
                          "between two arrows, the higher their cosine."))  # fmt: skip
    else:
        st.caption(t("Arrows are drawn for 2-D and 3-D vectors; these have {d} numbers each.",
                     d=X.shape[1]))  # fmt: skip
    st.subheader(t("Closest to {name}", name=labels[0]))
    ranked = similarity.rank(X[0], X[1:], labels[1:])
    st.success(t("Best match for **{query}**: **{item}** (cosine {score})", query=labels[0],
                 item=ranked.item[0], score=f"{ranked.cosine[0]:.3f}"))  # fmt: skip
    st.dataframe(ranked, hide_index=True, column_config=_ranked_columns())
    st.stop()

# ------------------------------------------------------------------ words and sentences
_first_visit("example", SIMILARITY_EXAMPLES, "sim_text")
left.text_area(
    t("Lines (2 to 200)"),
    key="sim_text",
    height=180,
    on_change=lambda: st.session_state.update(example=None),
)
right.selectbox(t("Example"), list(SIMILARITY_EXAMPLES), key="example", index=None,
                placeholder=t("Load an example…"), bind=BOUND,
                on_change=_use_example, args=("example", SIMILARITY_EXAMPLES, "sim_text"))  # fmt: skip
metric = right.radio(t("Metric"), similarity.METRICS, key="sim_metric", horizontal=True,
                     format_func=t, help=metric_help)  # fmt: skip

try:
    parsed = embedlab.parse_lines(st.session_state["sim_text"])
except embedlab.EmbedlabError as err:
    ui.show_error(err)
    st.stop()
for note in parsed.notes:
    st.info(translate_message(note))
info = embedlab.models.model_info(model.id)
foreign = uncovered_language(info.languages, parsed.lines) if info else None
if foreign:
    st.warning(t("These lines look {language}, but {model} was trained on {languages} only: "
                 "its scores on them are unreliable. USE multilingual covers Portuguese.",
                 language=t(NAMES[foreign]), model=info.name,
                 languages=", ".join(t(NAMES.get(x, x)) for x in info.languages)))  # fmt: skip
lines, X, unknown = ui.embed_known(model, parsed.lines)
if unknown:
    st.warning(translate_message(unknown) + " " + t("The other lines are compared below."))
if len(lines) < 2:
    ui.show_error(t("Fewer than 2 lines could be embedded with this model: fix the words above."))
    st.stop()

S = similarity.similarity_matrix(X, metric=metric)
tab_map, tab_pairs = st.tabs([t("Heatmap"), t("Pairs")])
with tab_map:
    _heatmap(lines, S, metric)
with tab_pairs:
    _pairs(lines, S, metric)

st.subheader(t("Nearest neighbours"))
if isinstance(model, embedlab.WordModel):
    c1, c2 = st.columns([2, 1])
    word = c1.text_input(t("Word"), value=lines[0].split()[0], key="nn_word")
    k = c2.slider(t("How many"), 1, 50, 10, key="nn_k")
    try:
        table = ui.neighbours(model, word, k)
        st.dataframe(table.rename(columns={"word": t("word")}), hide_index=True)
    except embedlab.EmbedlabError as err:
        ui.show_error(err)
else:
    st.caption(t("{model} has no vocabulary: neighbours are found among your lines.",
                 model=model.name))  # fmt: skip
    query = st.selectbox(t("Line"), lines, key="nn_line")
    st.dataframe(similarity.rank(X[lines.index(query)], X, lines).iloc[1:], hide_index=True,
                 column_config=_ranked_columns())  # fmt: skip

st.subheader(t("Recommendation"))
st.caption(
    t(
        "One query against a list of items: which item fits best? Type words or sentences, "
        "or vectors as numbers (e.g. `[0.2, 0.8, 0.5]`): numbers are compared as vectors, "
        "never embedded as text."
    )
)
c1, c2 = st.columns(2)
query = c1.text_input(t("Query"), value=RECOMMENDATION["query"], key="rec_query")
items_text = c2.text_area(
    t("Items, one per line"), "\n".join(RECOMMENDATION["items"]), key="rec_items", height=150
)
try:
    if embedlab.looks_like_vectors(query) or embedlab.looks_like_vectors(items_text):
        q, items, item_X = parse_query_and_items(query, items_text)
        st.info(t("Numbers detected: the query and the items are compared as vectors."))
    else:
        items = embedlab.parse_lines(items_text, min_lines=1).lines
        if not query.strip():
            raise embedlab.InputError(t("Type a query, e.g. 'um filme de ficção científica'."))
        vectors = ui.embed(model, [query.strip(), *items])
        q, item_X = vectors[0], vectors[1:]
except embedlab.EmbedlabError as err:
    ui.show_error(err)
    st.stop()
ranked = similarity.rank(q, item_X, items)
st.success(t("Best match: **{item}** (cosine {score})", item=ranked.item[0],
             score=f"{ranked.cosine[0]:.3f}"))  # fmt: skip
title = t("Similarity to: {query}", query=query if len(query) <= 60 else query[:59] + "…")
st.plotly_chart(ranking_bars(list(ranked.item), list(ranked.cosine), query=query, title=title,
                             axis_title=t("cosine")),
                key="rec_bars")  # fmt: skip
