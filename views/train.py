"""Train word vectors (Word2Vec / FastText) on a corpus, see what they learnt, compare two."""

import streamlit as st

import embedlab
from embedlab import training
from embedlab.plots.training import loss_curves
from views import _ui as ui
from views import _word_groups as generated
from views import _word_vectors as wv
from views._i18n import number, t, tn

st.title(t("Train word vectors"))
st.caption(
    t(
        "Word2Vec reads a corpus and gives each word a vector, learnt by predicting words from "
        "their neighbours: words used in similar contexts end up with similar vectors."
    )
)

st.subheader(t("1. Corpus"))
choices = wv.corpus_choices()
first = generated.default_corpus(choices, own_file=choices[0].startswith(wv.OWN_TEXT))
wv.persist(
    {"tr_source": first, "tr_lower": True, "tr_stop": False, "tr_phrases": False}
    | {"tr_algorithm": "word2vec", "tr_sg": 0}
)
if st.session_state["tr_source"] not in choices:  # the Your own text file changed
    st.session_state["tr_source"] = choices[0]
source = st.radio(t("Corpus"), choices, key="tr_source", format_func=wv.corpus_label)
generated.about_text_size()
data, filename, label = wv.corpus_file(source)
try:
    table = wv.read_table(data, filename)
    column = wv.column_picker(table)
    c1, c2, c3 = st.columns(3)
    lowercase = c1.checkbox(t("Lowercase"), key="tr_lower", help=t(wv.HELP["lowercase"]))
    stop = c2.checkbox(t("Remove stop words (pt + en)"), key="tr_stop", help=t(wv.HELP["stop"]))
    phrases = c3.checkbox(t("Detect phrases"), key="tr_phrases", help=t(wv.HELP["phrases"]))
    corpus = wv.prepare(data, filename, column, lowercase, stop, phrases, label)
except embedlab.EmbedlabError as err:
    ui.show_error(err)
    st.stop()
top = ", ".join(f"{w} ({number(c)})" for w, c in corpus.most_common(8))
st.caption(
    tn("{n} text", "{n} texts", corpus.n_texts)
    + " · "
    + t(
        "{tokens} words · {distinct} distinct. Most frequent: {top}.",
        tokens=number(corpus.n_tokens), distinct=number(corpus.n_distinct), top=top,
    )
)  # fmt: skip
if corpus.n_tokens < 20_000:
    st.info(t("A small corpus: Skip-gram, a lower minimum count and more epochs (30–100) help."))

st.subheader(t("2. Settings"))
with st.form("tr_form"):
    c1, c2 = st.columns(2)
    algorithm = c1.radio(
        t("Algorithm"), ["word2vec", "fasttext"], key="tr_algorithm", horizontal=True,
        format_func={"word2vec": "Word2Vec", "fasttext": "FastText"}.get,
    )  # fmt: skip
    c1.caption(t(training.ALGORITHM_HELP))
    sg = c2.radio(
        t("Architecture"), [0, 1], key="tr_sg", horizontal=True,
        format_func=["CBOW (0)", "Skip-gram (1)"].__getitem__,
    )  # fmt: skip
    c2.caption(t(training.SG_HELP))
    values = wv.parameter_inputs()
    anyway = st.checkbox(
        t("Train anyway if it will take more than {seconds} s", seconds=f"{wv.LONG_SECONDS:.0f}"),
        key="tr_anyway",
    )
    submitted = st.form_submit_button(t("Train"), type="primary")
st.caption(
    t(
        "Results are reproducible for a fixed seed with one worker thread: the same corpus and "
        "settings give the same vectors. **Cancel** (shown while training) stops it after the "
        "current epoch."
    )
)
if st.session_state.pop("tr_cancelled", False):
    st.info(t("Training cancelled: nothing was kept. Change the settings and train again."))
if submitted:
    try:
        params = training.TrainingParams(algorithm=algorithm, sg=sg, **values)
        training.check_vocabulary(corpus, params.min_count)
        seconds = wv.estimate(corpus, params)
        if seconds > wv.LONG_SECONDS and not anyway:
            raise embedlab.InputError(
                t(
                    "This training would take about {duration} ({tokens} words × {epochs} "
                    "epochs). Tick 'Train anyway', or lower epochs or vector size, or use a "
                    "smaller corpus.",
                    duration=wv.duration(seconds), tokens=number(corpus.n_tokens),
                    epochs=params.epochs,
                )
            )  # fmt: skip
    except embedlab.EmbedlabError as err:
        ui.show_error(err)
    else:
        wv.train_and_register(corpus, params)  # reruns the page when done

trained = wv.word_models()
last = st.session_state.get("tr_last")
if last in trained:
    name, model = trained[last]
    st.subheader(t("3. What it learnt"))
    st.success(
        t(
            "**{name}** is in the sidebar model picker for the Similarity, Analogies and "
            "Projection pages until you close this tab.",
            name=ui.model_label(name),
        )
    )
    m1, m2, m3 = st.columns(3)
    m1.metric(t("Corpus"), t("{n} words", n=number(model.n_tokens)))
    m2.metric(t("Training time"), f"{number(model.seconds, '.1f')} s")
    m3.metric(t("Speed"), t("{n} words/s", n=number(model.words_per_second, ",.0f")))
    if model.losses:
        ui.show_chart(loss_curves({name: model.losses}), key="tr_loss")
        st.caption(
            t(
                "gensim's loss is a rough signal (a sum over the epoch, as the learning rate "
                "shrinks): it may creep up for Skip-gram while the neighbours still improve."
            )
        )
    wv.learnt(model, key="tr")
    generated.purity_section(model)
    d1, d2 = st.columns(2)
    for place, binary in ((d1, False), (d2, True)):
        place.download_button(
            t("Download word2vec binary (.bin)") if binary else t("Download word2vec text (.txt)"),
            data=wv.exporter(model, binary=binary),
            file_name=f"{model.id}.{'bin' if binary else 'txt'}",
            mime="application/octet-stream" if binary else "text/plain",
            on_click="ignore", key=f"tr_download_{binary}",
        )  # fmt: skip

st.subheader(t("4. Compare two trainings"))
wv.compare_section(trained)
