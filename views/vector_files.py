"""Word vector files: bring pretrained vectors and use them on every page."""

import streamlit as st

import embedlab
from embedlab.vectors import PICKLE_EXTENSIONS, VECTOR_EXTENSIONS
from views import _ui as ui
from views import _word_vectors as wv
from views._i18n import t, translate_message

st.title(t("Word vector files"))
st.caption(
    t(
        "Bring pretrained word vectors — for example the NILC Portuguese embeddings — as "
        "word2vec text or binary, GloVe text (no header line) or fastText .vec, also inside a "
        ".zip or .gz. Pickled models (.model, .kv, .pkl, PyTorch) are refused without being "
        "opened: opening a pickle can run any code hidden in it."
    )
)
file = st.file_uploader(
    t("Vectors file"),
    type=[e.lstrip(".") for e in (*VECTOR_EXTENSIONS, ".gz", ".zip", *PICKLE_EXTENSIONS)],
    key="vf_file",
    help=t("Up to 200 MB. Big files: use 'first N words' below to load faster."),
)
limit = st.number_input(
    t("Read only the first N words (0 = all)"),
    min_value=0,
    max_value=10_000_000,
    value=0,
    step=50_000,
    key="vf_limit",
    help=t(
        "Vector files list the most frequent words first: 100,000 words is plenty to "
        "explore, loads faster and takes less memory."
    ),
)
if file is not None:
    try:
        wv.load_and_register(file, int(limit) or None)
    except embedlab.EmbedlabError as err:
        ui.show_error(err)
        st.stop()

models = wv.word_models()
last = st.session_state.get("vf_last")
if last in models:
    name, model = models[last]
    st.success(
        t(
            "**{name}** ({format}) is in the sidebar model picker for the Similarity, "
            "Analogies and Projection pages until you close this tab.",
            name=ui.model_label(name),
            format=t(model.file_format),
        )
    )
    for note in model.notes:
        st.info(translate_message(note))
    wv.learnt(model, key="vf")
    st.caption(t("Compare it with a model you trained at the bottom of the Train page."))
