"""The Portuguese interface in a real browser: the browser's language, the sidebar switch and
``?lang=`` links. Saves the projector-sized (1600×900) Similarity screenshot in Portuguese to
``artifacts/screenshots/similarity-pt-1600x900.png``; with ``EMBEDLAB_README_SHOT=1`` it also
replaces the README's ``assets/screenshot-pt.png``.
"""

from __future__ import annotations

import os
import re
import shutil

import pytest

from tests.app import browser as shared
from tests.app.browser import BROWSER, SHOTS, wait_idle
from tests.conftest import ROOT

pytestmark = BROWSER

expect = pytest.importorskip("playwright.sync_api").expect
PROJECTOR = {"width": 1600, "height": 900}


@pytest.fixture
def open_page(browser):
    """A page in a fresh browser context with the given language (``locale``)."""
    contexts = []

    def make(locale: str, viewport: dict[str, int] | None = None):
        context = browser.new_context(locale=locale, viewport=viewport or PROJECTOR)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def nav(page):
    return page.get_by_test_id("stSidebarNav")


def test_portuguese_browser_gets_portuguese_and_the_switch_writes_the_url(open_page, app_url):
    page = open_page("pt-BR")
    page.goto(app_url)
    wait_idle(page)
    expect(page.get_by_role("heading", name="embedlab")).to_be_visible()
    expect(page.get_by_text("Explore embeddings de texto", exact=False)).to_be_visible()
    expect(nav(page).get_by_role("link", name="Similaridade")).to_be_visible()
    expect(page.get_by_test_id("stSidebar")).to_contain_text("Modelo")
    # The browser's language is the default: not written, so no history entry (Back works).
    expect(page).not_to_have_url(re.compile(r"lang="))

    page.get_by_test_id("stSidebar").get_by_text(
        "en", exact=True
    ).click()  # the option (pt = Português, en = English)
    wait_idle(page)
    expect(page).to_have_url(re.compile(r"[?&]lang=en\b"))
    expect(nav(page).get_by_role("link", name="Similarity")).to_be_visible()
    expect(page.get_by_text("Explore text embeddings", exact=False)).to_be_visible()

    # The choice holds on another page (the link keeps ?lang=en).
    nav(page).get_by_role("link", name="Train word vectors").click()
    wait_idle(page)
    expect(page.get_by_role("heading", name="Train word vectors")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/train\?.*lang=en\b"))


def test_a_lang_link_wins_over_the_browser_language(open_page, app_url):
    page = open_page("en-US")
    page.goto(f"{app_url}/train?lang=pt")
    wait_idle(page)
    expect(page.get_by_role("heading", name="Treinar vetores de palavras")).to_be_visible()
    expect(page.get_by_test_id("stSidebar")).to_contain_text("Modelo")
    expect(page.get_by_text("Tamanho do vetor")).to_be_visible()
    shared.screenshot(page, "train-pt")

    page = open_page("pt-BR")
    page.goto(f"{app_url}/evaluation?lang=en")
    wait_idle(page)
    expect(page.get_by_role("heading", name="Evaluation")).to_be_visible()
    page.goto(f"{app_url}/evaluation?lang=pt")
    wait_idle(page)
    page.get_by_role("button", name="Avaliar").click()
    wait_idle(page)
    expect(page.get_by_role("heading", name="Resumo")).to_be_visible(timeout=120_000)
    shared.screenshot(page, "evaluation-pt")
    chart = page.get_by_test_id("stPlotlyChart").first
    chart.scroll_into_view_if_needed()
    expect(chart).to_contain_text("Acerto nas analogias, por seção")
    shared.screenshot(page, "evaluation-pt-chart")

    page = open_page("en-US")
    page.goto(app_url)
    wait_idle(page)
    expect(nav(page).get_by_role("link", name="Similarity")).to_be_visible()
    expect(page).not_to_have_url(re.compile(r"lang="))


def test_back_from_the_first_page_of_a_link_without_lang_leaves_the_app(open_page, app_url):
    page = open_page("pt-BR")
    page.goto("about:blank")
    page.goto(app_url)
    wait_idle(page)
    nav(page).get_by_role("link", name="Similaridade").click()
    wait_idle(page)
    page.go_back()
    wait_idle(page)
    expect(page.get_by_role("heading", name="embedlab")).to_be_visible()
    page.go_back()  # one entry for the first page, not two
    expect(page).to_have_url("about:blank")


def test_back_to_a_page_from_before_a_switch_keeps_the_language(open_page, app_url):
    page = open_page("en-US")
    page.goto(app_url)
    wait_idle(page)
    nav(page).get_by_role("link", name="Similarity").click()
    wait_idle(page)
    page.get_by_test_id("stSidebar").get_by_text("pt", exact=True).click()
    wait_idle(page)
    expect(page).to_have_url(re.compile(r"/similarity\?lang=pt$"))
    nav(page).get_by_role("link", name="Projeção").click()
    wait_idle(page)
    page.go_back()
    wait_idle(page)
    expect(page.get_by_role("heading", name="Similaridade")).to_be_visible()
    page.go_back()  # Home, seen in English before the switch: still Portuguese
    wait_idle(page)
    expect(nav(page).get_by_role("link", name="Início")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/\?lang=pt$"))  # written back into that entry
    page.go_forward()  # ...in place: Forward still leads on
    wait_idle(page)
    expect(page).to_have_url(re.compile(r"/similarity\?lang=pt$"))
    expect(page.get_by_role("heading", name="Similaridade")).to_be_visible()


def test_a_page_clicked_while_a_link_opens_keeps_the_links_language(open_page, app_url):
    """Streamlit shows the page links before the first run has drawn the language switch;
    a page clicked then loses ``lang`` from the URL (it did in CI). The session keeps it."""
    page = open_page("en-US")
    for _ in range(3):  # the race is won or lost by milliseconds: try it a few times
        page.goto(f"{app_url}/?lang=pt")
        nav(page).get_by_role("link", name="Similaridade").click()  # as soon as it shows
        wait_idle(page)
        expect(page.get_by_role("heading", name="Similaridade")).to_be_visible()
        expect(nav(page).get_by_role("link", name="Início")).to_be_visible()
        expect(page).to_have_url(re.compile(r"/similarity\?lang=pt$"))


def test_switching_language_keeps_the_model_and_the_link(open_page, app_url):
    page = open_page("pt-BR")
    page.goto(f"{app_url}/similarity?lang=pt")
    wait_idle(page)
    shared.pick_model(page, "USE word vectors")  # the longest name: not cut off
    picker = page.get_by_test_id("stSidebar").get_by_role("combobox", name="Modelo")
    expect(picker).to_have_value("USE word vectors (pt + en) · palavras")
    assert picker.evaluate("el => el.scrollWidth <= el.clientWidth + 1"), "model name cut off"
    shared.pick_model(page, "GloVe")
    page.get_by_test_id("stSidebar").get_by_text("en", exact=True).click()
    wait_idle(page)
    picker = page.get_by_test_id("stSidebar").get_by_role("combobox", name="Model")
    expect(picker).to_have_value(re.compile(r"GloVe .* · words$"))
    expect(page).to_have_url(re.compile(r"model=glove-50d"))  # the id, not a label
    expect(page).to_have_url(re.compile(r"lang=en"))

    other = open_page("pt-BR")
    other.goto(page.url)  # the shared link
    wait_idle(other)
    sidebar = other.get_by_test_id("stSidebar")
    expect(sidebar.get_by_role("combobox", name="Model")).to_have_value(re.compile("GloVe"))
    expect(sidebar.get_by_test_id("stAlertContainer")).to_have_count(0)


def test_similarity_in_portuguese_on_a_projector(open_page, app_url):
    page = open_page("pt-BR")
    page.goto(f"{app_url}/similarity?lang=pt")
    wait_idle(page)
    heatmap = page.get_by_test_id("stPlotlyChart").first
    expect(heatmap.locator(".js-plotly-plot")).to_be_visible()
    expect(nav(page).get_by_role("link", name="Similaridade")).to_be_visible()
    page.wait_for_timeout(500)  # plotly's resize after the first draw
    SHOTS.mkdir(parents=True, exist_ok=True)
    shot = SHOTS / "similarity-pt-1600x900.png"
    page.screenshot(path=str(shot))
    if os.environ.get("EMBEDLAB_README_SHOT") == "1":
        shutil.copyfile(shot, ROOT / "assets" / "screenshot-pt.png")
