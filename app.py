"""embedlab's entry point: the router and the shared sidebar.

The page files live in ``views/``, not ``pages/``: Streamlit treats a ``pages/`` folder beside
the entry file as a legacy multipage app, so a shared deep link (``/similarity``) opened first
on a fresh server, and every ``AppTest.switch_page`` run, would skip this router and its
sidebar model picker.
"""

import streamlit as st

import ui

st.set_page_config(page_title="embedlab", page_icon="🧭", layout="wide")

pages = [st.Page("views/home.py", title="Home", icon="🏠", default=True)] + [
    st.Page(path, title=title, icon=icon) for path, title, icon, _ in ui.PAGES
]
page = st.navigation(pages)
ui.model_picker()
page.run()
