"""Train word vectors (Word2Vec / FastText) on a corpus, see what they learnt, compare two."""

import streamlit as st

import embedlab
from embedlab import training
from embedlab.plots.training import loss_curves
from views import _word_groups as generated
from views import _word_vectors as wv

st.title("Train word vectors")
st.caption(
    "Word2Vec reads a corpus and gives each word a vector, learnt by predicting words from "
    "their neighbours: words used in similar contexts end up with similar vectors."
)

st.subheader("1. Corpus")
choices = wv.corpus_choices()
first = generated.default_corpus(choices, own_file=choices[0].startswith(wv.OWN_TEXT))
wv.persist(
    {"tr_source": first, "tr_lower": True, "tr_stop": False, "tr_phrases": False}
    | {"tr_algorithm": "word2vec", "tr_sg": 0}
)
if st.session_state["tr_source"] not in choices:  # the Your own text file changed
    st.session_state["tr_source"] = choices[0]
source = st.radio("Corpus", choices, key="tr_source")
generated.about_text_size()
data, filename, label = wv.corpus_file(source)
try:
    table = wv.read_table(data, filename)
    column = wv.column_picker(table)
    c1, c2, c3 = st.columns(3)
    lowercase = c1.checkbox("Lowercase", key="tr_lower", help=wv.HELP["lowercase"])
    stop = c2.checkbox("Remove stop words (pt + en)", key="tr_stop", help=wv.HELP["stop"])
    phrases = c3.checkbox("Detect phrases", key="tr_phrases", help=wv.HELP["phrases"])
    corpus = wv.prepare(data, filename, column, lowercase, stop, phrases, label)
except embedlab.EmbedlabError as err:
    st.error(str(err))
    st.stop()
top = ", ".join(f"{w} ({c:,})" for w, c in corpus.most_common(8))
st.caption(
    f"{corpus.n_texts:,} texts · {corpus.n_tokens:,} words · {corpus.n_distinct:,} distinct. "
    f"Most frequent: {top}."
)
if corpus.n_tokens < 20_000:
    st.info("A small corpus: Skip-gram, a lower minimum count and more epochs (30–100) help.")

st.subheader("2. Settings")
with st.form("tr_form"):
    c1, c2 = st.columns(2)
    algorithm = c1.radio(
        "Algorithm", ["word2vec", "fasttext"], key="tr_algorithm", horizontal=True,
        format_func={"word2vec": "Word2Vec", "fasttext": "FastText"}.get,
    )  # fmt: skip
    c1.caption(training.ALGORITHM_HELP)
    sg = c2.radio(
        "Architecture", [0, 1], key="tr_sg", horizontal=True,
        format_func=["CBOW (0)", "Skip-gram (1)"].__getitem__,
    )  # fmt: skip
    c2.caption(training.SG_HELP)
    values = wv.parameter_inputs()
    anyway = st.checkbox(
        f"Train anyway if it will take more than {wv.LONG_SECONDS:.0f} s", key="tr_anyway"
    )
    submitted = st.form_submit_button("Train", type="primary")
st.caption(
    "Results are reproducible for a fixed seed with one worker thread: the same corpus and "
    "settings give the same vectors. **Cancel** (shown while training) stops it after the "
    "current epoch."
)
if st.session_state.pop("tr_cancelled", False):
    st.info("Training cancelled: nothing was kept. Change the settings and train again.")
if submitted:
    try:
        params = training.TrainingParams(algorithm=algorithm, sg=sg, **values)
        training.check_vocabulary(corpus, params.min_count)
        seconds = wv.estimate(corpus, params)
        if seconds > wv.LONG_SECONDS and not anyway:
            raise embedlab.InputError(
                f"This training would take about {wv.duration(seconds)} ({corpus.n_tokens:,} "
                f"words × {params.epochs} epochs). Tick 'Train anyway', or lower epochs or "
                "vector size, or use a smaller corpus."
            )
    except embedlab.EmbedlabError as err:
        st.error(str(err))
    else:
        wv.train_and_register(corpus, params)  # reruns the page when done

trained = wv.word_models()
last = st.session_state.get("tr_last")
if last in trained:
    name, model = trained[last]
    st.subheader("3. What it learnt")
    st.success(
        f"**{name}** is in the sidebar model picker for the Similarity, Analogies and "
        "Projection pages until you close this tab."
    )
    m1, m2, m3 = st.columns(3)
    m1.metric("Corpus", f"{model.n_tokens:,} words")
    m2.metric("Training time", f"{model.seconds:.1f} s")
    m3.metric("Speed", f"{model.words_per_second:,.0f} words/s")
    if model.losses:
        st.plotly_chart(loss_curves({name: model.losses}), key="tr_loss")
        st.caption(
            "gensim's loss is a rough signal (a sum over the epoch, as the learning rate "
            "shrinks): it may creep up for Skip-gram while the neighbours still improve."
        )
    wv.learnt(model, key="tr")
    generated.purity_section(model)
    d1, d2 = st.columns(2)
    for place, binary in ((d1, False), (d2, True)):
        place.download_button(
            f"Download word2vec {'binary (.bin)' if binary else 'text (.txt)'}",
            data=wv.exporter(model, binary=binary),
            file_name=f"{model.id}.{'bin' if binary else 'txt'}",
            mime="application/octet-stream" if binary else "text/plain",
            on_click="ignore", key=f"tr_download_{binary}",
        )  # fmt: skip

st.subheader("4. Compare two trainings")
wv.compare_section(trained)
