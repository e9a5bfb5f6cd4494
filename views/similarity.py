"""Similarity: how alike are these words or sentences?"""

import streamlit as st

import embedlab
from embedlab import similarity
from embedlab.examples import RECOMMENDATION, SIMILARITY_EXAMPLES
from embedlab.plots.similarity import ranking_bars, similarity_heatmap
from views import _ui as ui

st.title("Similarity")
st.caption(
    "One word or sentence per line. Each line becomes a vector; cosine similarity is the angle "
    "between two vectors: 1 = same direction (same meaning), 0 = unrelated."
)
model = ui.current_model()


def _use_example() -> None:
    name = st.session_state["sim_example"]
    st.session_state["sim_text"] = "\n".join(SIMILARITY_EXAMPLES[name])
    st.query_params["example"] = name


if "sim_text" not in st.session_state:
    first = st.query_params.get("example", next(iter(SIMILARITY_EXAMPLES)))
    st.session_state["sim_example"] = first if first in SIMILARITY_EXAMPLES else None
    st.session_state["sim_text"] = "\n".join(SIMILARITY_EXAMPLES.get(first, []))

left, right = st.columns([2, 1])
left.text_area(
    "Lines (2 to 200)",
    key="sim_text",
    height=180,
    on_change=lambda: st.session_state.update(sim_example=None),
)
right.selectbox(
    "Example",
    list(SIMILARITY_EXAMPLES),
    key="sim_example",
    index=None,
    placeholder="Load an example…",
    on_change=_use_example,
)
metric = right.radio(
    "Metric",
    similarity.METRICS,
    key="sim_metric",
    horizontal=True,
    help="cosine: angle only · dot: angle and length · euclidean: distance (lower = closer)",
)

try:
    parsed = embedlab.parse_lines(st.session_state["sim_text"])
except embedlab.EmbedlabError as err:
    st.error(str(err))
    st.stop()
for note in parsed.notes:
    st.info(note)
lines, X, unknown = ui.embed_known(model, parsed.lines)
if unknown:
    st.warning(f"{unknown} The other lines are compared below.")
if len(lines) < 2:
    st.error("Fewer than 2 lines could be embedded with this model: fix the words above.")
    st.stop()

S = similarity.similarity_matrix(X, metric=metric)
tab_map, tab_pairs = st.tabs(["Heatmap", "Pairs"])
tab_map.plotly_chart(similarity_heatmap(lines, S, metric=metric), key="sim_heatmap")
tab_pairs.dataframe(
    similarity.pairs_table(lines, S, metric=metric),
    hide_index=True,
    column_config={metric: st.column_config.NumberColumn(format="%.3f")},
)

st.subheader("Nearest neighbours")
if isinstance(model, embedlab.WordModel):
    c1, c2 = st.columns([2, 1])
    word = c1.text_input("Word", value=lines[0].split()[0], key="nn_word")
    k = c2.slider("How many", 1, 50, 10, key="nn_k")
    try:
        st.dataframe(ui.neighbours(model, word, k), hide_index=True)
    except embedlab.EmbedlabError as err:
        st.error(str(err))
else:
    st.caption(f"{model.name} has no vocabulary: neighbours are found among your lines.")
    query = st.selectbox("Line", lines, key="nn_line")
    st.dataframe(similarity.rank(X[lines.index(query)], X, lines).iloc[1:], hide_index=True)

st.subheader("Recommendation")
st.caption("One query against a list of items: which item fits best? (the teaching notes' example)")
c1, c2 = st.columns(2)
query = c1.text_input("Query", value=RECOMMENDATION["query"], key="rec_query")
items_text = c2.text_area(
    "Items, one per line", "\n".join(RECOMMENDATION["items"]), key="rec_items", height=150
)
try:
    items = embedlab.parse_lines(items_text, min_lines=1).lines
    if not query.strip():
        raise embedlab.InputError("Type a query, e.g. 'um filme de ficção científica'.")
    vectors = ui.embed(model, [query.strip(), *items])
except embedlab.EmbedlabError as err:
    st.error(str(err))
    st.stop()
ranked = similarity.rank(vectors[0], vectors[1:], items)
st.success(f"Best match: **{ranked.item[0]}** (cosine {ranked.cosine[0]:.3f})")
st.plotly_chart(ranking_bars(list(ranked.item), list(ranked.cosine), query=query), key="rec_bars")
