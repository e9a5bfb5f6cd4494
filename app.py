"""embedlab's entry point: the router and the shared sidebar.

The page files live in ``views/``, not ``pages/``: Streamlit treats a ``pages/`` folder beside
the entry file as a legacy multipage app, so a shared deep link (``/similarity``) opened first
on a fresh server, and every ``AppTest.switch_page`` run, would skip this router and its
sidebar model picker.
"""

import streamlit as st

from views import _ui as ui
from views._i18n import language_picker, t

# A wider sidebar (pixels) so model names such as "USE word vectors (pt + en)" are not cut off.
st.set_page_config(page_title="embedlab", page_icon="🧭", layout="wide", initial_sidebar_state=340)

language_picker(on_change=ui.relabel_model_picker)
pages = [st.Page("views/home.py", title=t("Home"), icon="🏠", default=True)] + [
    st.Page(p.path, title=t(p.title), icon=p.icon) for p in ui.PAGES
]
page = st.navigation(pages)
ui.model_picker()
page.run()
