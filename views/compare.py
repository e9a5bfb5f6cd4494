"""Compare models: how do two models (or two trainings, or two languages) see the same items?"""

import streamlit as st

import embedlab
from embedlab import compare
from embedlab.examples import TRANSLATION_PAIRS
from embedlab.plots.compare import compare_maps, pairs_map
from embedlab.plots.projection import figure_html
from views import _ui as ui
from views._i18n import t, tn, translate_message

PRESETS = {
    "words-pt": t("Portuguese words by topic"),
    "words-en": t("English words by topic"),
    "words-pt-en": t("Portuguese and English words (translation pairs)"),
    "sentences-pt": t("Portuguese sentences"),
    "sentences-en": t("English sentences"),
    "sentences-pt-en": t("Sentences in both languages"),
}
METHODS = {"pca": "PCA", "umap": "UMAP", "tsne": "t-SNE"}
PNG = {"toImageButtonOptions": {"format": "png", "filename": "embedlab-compare", "scale": 2}}
HTML_FILE, HTML = "embedlab-compare.html", "text/html"
CSV_FILE, CSV = "embedlab-compare.csv", "text/csv"
PAIR_COLUMNS = [
    t("Portuguese"), t("English"), t("cosine"), t("rank of the translation (pt→en)"),
    t("nearest English word"), t("rank of the translation (en→pt)"), t("nearest Portuguese word"),
]  # fmt: skip


def _use_preset() -> None:
    try:
        st.session_state["cmp_text"] = "\n".join(ui.compare_lines(st.session_state["cmp_preset"]))
    except embedlab.EmbedlabError as err:
        st.session_state["cmp_source_error"] = str(err)


def _skipped(result, label_a: str, label_b: str) -> None:
    where = {"a": t("Not in {model}:", model=label_a), "b": t("Not in {model}:", model=label_b)}
    where["both"] = t("In neither model:")
    lines = [tn("1 item skipped (unknown words):", "{n} items skipped (unknown words):", len(result.skipped))]  # fmt: skip
    for group, items in result.skipped_by().items():
        shown = ", ".join(repr(item) for item in items[:30])
        lines.append(f"{where[group]} {shown}{' …' * (len(items) > 30)}")
    st.warning("  \n".join(lines))


def _scores(result) -> None:
    st.subheader(tn("Scores on 1 item", "Scores on {n} items", result.n))
    m1, m2, m3 = st.columns(3)
    m1.metric(t("Neighbour overlap"), f"{result.overlap:.2f}")
    m1.caption(t("Share of each item's {k} nearest items that both models agree on.", k=result.k))
    m2.metric(t("Spearman"), f"{result.spearman:.2f}")
    m2.caption(t("Do both models order all pairs of items alike, from most to least similar?"))
    m3.metric(t("CKA"), f"{result.cka:.2f}")
    m3.caption(t("How alike the two shapes are as a whole, whatever their rotation."))
    st.caption(t("Each score is 1 for the same geometry and near 0 for unrelated models."))
    if result.spearman_estimated:
        st.caption(t("Spearman estimated on a sample of {n} items.", n=f"{result.spearman_items:,}"))  # fmt: skip


def _maps(result, ids: tuple[str, str], labels: tuple[str, str]) -> None:
    st.subheader(t("Two maps in one frame"))
    c1, c2 = st.columns(2)
    layouts = {"side": t("Side by side"), "overlay": t("Overlaid")}
    layout = c1.radio(t("Layout"), list(layouts), format_func=layouts.get, key="cmp_layout", horizontal=True)  # fmt: skip
    method = c2.radio(t("Method"), list(METHODS), format_func=METHODS.get, key="cmp_method", horizontal=True)  # fmt: skip
    try:
        Y_a, Y_b, disparity = ui.aligned_maps(result, *ids, method)
    except embedlab.EmbedlabError as err:
        ui.show_error(err)
        return
    per_item = result.per_item.set_index("label")["overlap"].reindex(result.labels).to_numpy()
    names = (f"A: {labels[0]}", f"B: {labels[1]}")
    fig = compare_maps(result.labels, Y_a, Y_b, names=names, overlap=per_item,
                       overlay=layout == "overlay", overlap_title=t("neighbour overlap"))  # fmt: skip
    st.plotly_chart(fig, key="cmp_map", config=PNG)
    colours = (
        t("Blue: A, red: B; a line joins each item's two positions.")
        if layout == "overlay"
        else t("Colour: each item's neighbour overlap (red = its neighbours changed).")
    )
    aligned = t("B's map is rotated, scaled and moved onto A's (Procrustes); disparity {d} is what is left (0 = same picture, 1 = unrelated).", d=f"{disparity:.2f}")  # fmt: skip
    st.caption(f"{aligned} {colours} {t('The camera icon saves a PNG.')}")
    st.download_button(t("Maps (HTML)"), figure_html(fig), HTML_FILE, HTML, key="cmp_html")


def _changed(result) -> None:
    st.subheader(t("Neighbourhoods that changed most"))
    names = [t("item"), t("overlap"), t("near in A"), t("near in B"), t("only in A"), t("only in B")]  # fmt: skip
    st.dataframe(
        result.table().set_axis(names, axis=1),
        hide_index=True,
        key="cmp_table",
        column_config={t("overlap"): st.column_config.NumberColumn(format="%.2f")},
    )
    st.download_button(t("Per-item results (CSV)"), result.to_csv(), CSV_FILE, CSV, key="cmp_csv")


def _two_languages(choices: dict[str, str]) -> None:
    st.subheader(t("Two languages, one model"))
    st.caption(t("One pair per line (gato – cat). Is each word's translation the nearest word of the other language (precision@1), or among the 5 nearest (precision@5)?"))  # fmt: skip
    c1, c2 = st.columns([2, 1])
    pairs_text = "\n".join(f"{a} – {b}" for a, b in TRANSLATION_PAIRS)
    c1.text_area(t("Pairs (Portuguese – English)"), pairs_text, key="cmp_pairs", height=150)
    c2.selectbox(t("Model"), list(choices), format_func=choices.__getitem__, key="cmp_tr_model")
    try:
        pairs = compare.parse_pairs(st.session_state["cmp_pairs"])
        scores, Y_s, Y_t = ui.translations(ui.load(st.session_state["cmp_tr_model"]), pairs)
    except embedlab.EmbedlabError as err:
        ui.show_error(err)
        return
    if scores.skipped:
        listed = ", ".join(f"{a} – {b}" for a, b in scores.skipped[:20])
        st.warning(tn("1 pair skipped: {pairs}", "{n} pairs skipped: {pairs}", len(scores.skipped), pairs=listed))  # fmt: skip
    cells = [(d, cut, v) for d, p in scores.precision.items() for cut, v in p.items()]
    for col, (direction, cut, value) in zip(st.columns(len(cells)), cells, strict=True):
        col.metric(t("{direction} precision@{k}", direction=direction, k=cut), f"{value:.0%}")
    sources, targets = [a for a, _ in scores.pairs], [b for _, b in scores.pairs]
    st.plotly_chart(pairs_map(sources, targets, Y_s, Y_t), key="cmp_pairs_map", config=PNG)
    st.caption(t("PCA of both languages together; a line joins each pair. Misses first below."))
    misses = scores.per_pair.sort_values(["rank_in_target", "rank_in_source"], ascending=False)
    st.dataframe(
        misses.set_axis(PAIR_COLUMNS, axis=1),
        hide_index=True,
        key="cmp_pairs_table",
        column_config={t("cosine"): st.column_config.NumberColumn(format="%.3f")},
    )


st.title(t("Compare models"))
st.caption(
    t(
        "The same words or sentences through two models: do they put the same things together? "
        "Pick two models (this session's trained ones too), or the same model twice."
    )
)
choices = ui.model_choices()
presets = PRESETS | {
    ui.COLLECTION_PREFIX + name: t("Saved collection: {name} (a sample)", name=name)
    for name in ui.collection_names()
}
ui.compare_state(choices, list(presets))
c1, c2, c3 = st.columns([2, 2, 1])
c1.selectbox(t("Model A"), list(choices), format_func=choices.__getitem__, key="cmp_a")
c2.selectbox(t("Model B"), list(choices), format_func=choices.__getitem__, key="cmp_b")
k = c3.slider(t("Neighbours (k)"), 2, 50, key="cmp_k", help=t("Nearest items compared per item."))
left, right = st.columns([2, 1])
right.selectbox(
    t("Preset"), list(presets), format_func=presets.get, key="cmp_preset", index=None,
    placeholder=t("Load a preset…"), on_change=_use_preset,
)  # fmt: skip
left.text_area(
    t("Items, one per line (up to 2,000)"), key="cmp_text", height=150,
    on_change=lambda: st.session_state.update(cmp_preset=None),
)  # fmt: skip
ui.compare_url(choices)
if "cmp_source_error" in st.session_state:
    ui.show_error(st.session_state.pop("cmp_source_error"))

ids = (st.session_state["cmp_a"], st.session_state["cmp_b"])
labels = (choices[ids[0]], choices[ids[1]])
try:
    parsed = embedlab.parse_lines(st.session_state["cmp_text"], max_lines=2000)
    result = ui.compare_models(ui.load(ids[0]), ui.load(ids[1]), parsed.lines, k)
except embedlab.EmbedlabError as err:
    ui.show_error(err)  # what was typed stays; the translation section below still works
else:
    for note in parsed.notes:
        st.info(translate_message(note))
    if result.skipped:
        _skipped(result, *labels)
    _scores(result)
    _maps(result, ids, labels)
    _changed(result)
_two_languages(choices)
