"""AppTest helpers: run a page of the real app, optionally on an in-memory model."""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import embedlab
from tests.conftest import ROOT, real_model

APP = str(ROOT / "app.py")


@pytest.fixture(autouse=True)
def _clear_streamlit_caches(monkeypatch):
    """Each test starts with empty st caches; real models load once per session anyway."""
    st.cache_data.clear()
    st.cache_resource.clear()
    monkeypatch.setattr(embedlab, "load_model", lambda model_id, **kw: real_model(model_id))
    yield


def run_page(
    page: str,
    *,
    model=None,
    model_id: str | None = None,
    lang: str = "en",
    timeout: float = 120,
) -> AppTest:
    """Open ``views/<page>.py`` through the router.

    Args:
        page: file name without ``.py`` (e.g. ``"similarity"``).
        model: an in-memory model to pick in the sidebar (registered as a session model).
        model_id: a catalogue model to pick instead.
        lang: the interface language, ``"pt"`` or ``"en"`` (as if chosen in the sidebar).
    """
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.session_state["lang"] = lang
    if model is not None:
        at.session_state["session_models"] = {model.id: (model.name, model)}
    at.run()
    at.switch_page(f"views/{page}.py")
    if model is not None or model_id is not None:
        # Through the widget, as a person would (AppTest cannot pre-set a formatted selectbox).
        at.sidebar.selectbox(key="model_choice").set_value(model.id if model else model_id)
    return at.run()
