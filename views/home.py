"""Home: what embedlab does, in a few lines, with links to the pages."""

import streamlit as st

from views import _ui as ui
from views._i18n import t

st.title("embedlab")
st.markdown(
    t(
        "Explore **text embeddings**: vectors that place words and sentences so that meaning "
        "becomes distance — similar texts get nearby vectors. Everything runs offline, in "
        "Portuguese and English."
    )
    + "\n\n"
    + t(
        "Pick a model in the sidebar (a *sentence* model embeds whole texts; a *word* model has "
        "a vocabulary of single words), then open a page:"
    )
)
for page in ui.PAGES:
    st.page_link(page.path, label=f"{t(page.title)}: {t(page.blurb)}", icon=page.icon)
st.caption(
    t(
        "Offline models: USE multilingual (the default; sentences in pt, en and more), "
        "all-MiniLM-L6-v2 (English sentences), GloVe 50d (English words), USE word vectors "
        "(pt + en words). Any sentence-transformers model from the Hugging Face Hub works when "
        "you are online: choose “Hugging Face id or local folder…” in the sidebar."
    )
)
