"""AppTest helpers: run a page of the real app, optionally on an in-memory model."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import embedlab
from tests.app.browser import CHROMIUM
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


# Real-browser tests (tests/app/test_browser*.py): one streamlit server for the whole session.


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(log: Path, env: dict[str, str] | None = None, *, port: int | None = None):
    """``streamlit run app.py`` on a loopback port, yielding its URL; stopped on exit.

    Args:
        log: file for the server's output (shown if it fails to start).
        env: variables added to this process's environment (e.g. ``EMBEDLAB_DATA_DIR``).
        port: the port (default: a free one). Reuse a port to "restart" the same address.
    """
    port = port or free_port()
    full_env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", **(env or {})}
    with open(log, "ab") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
             "--server.address", "127.0.0.1", "--server.port", str(port),
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env=full_env,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + 60
    try:
        while True:
            if proc.poll() is not None:
                pytest.fail(f"streamlit exited early:\n{log.read_text()}")
            try:
                if opener.open(f"{url}/_stcore/health", timeout=2).status == 200:
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"streamlit did not start:\n{log.read_text()}")
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    """A real `streamlit run app.py` on a free loopback port, for the whole session."""
    log = tmp_path_factory.mktemp("server") / "streamlit.log"
    # The long-training warning at 15 s, not 60, so the test reaches it on a fast machine too.
    with streamlit_server(log, {"EMBEDLAB_LONG_TRAINING_SECONDS": "15"}) as url:
        yield url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"],
    }  # fmt: skip


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1400, "height": 1000}}


@pytest.fixture(autouse=True)
def _slow_machine_timeouts(request):
    """Browser tests: 2 cores drawing WebGL in software are slow, so expect() waits 30 s."""
    if request.node.get_closest_marker("browser"):
        pytest.importorskip("playwright.sync_api").expect.set_options(timeout=30_000)
