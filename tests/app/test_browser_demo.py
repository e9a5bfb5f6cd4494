"""Issue 9's live-demo points in a real browser, in Portuguese: typed vectors drawn as arrows,
UMAP on two lines (a message, no crash), Browser Back between pages, and the heatmap at a
projector's size (1600×900). Screenshots land in ``artifacts/screenshots/``: look at them.
"""

from __future__ import annotations

import re

import pytest

from tests.app.browser import BROWSER, screenshot, wait_idle

pytestmark = BROWSER
expect = pytest.importorskip("playwright.sync_api").expect


def _no_exception(page) -> None:
    expect(page.get_by_test_id("stException")).to_have_count(0)


def _nav(page, name: str) -> None:
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=name).click()
    wait_idle(page)


def test_typed_vectors_drawn_as_arrows(page, app_url):
    page.goto(f"{app_url}/similarity?lang=pt")
    wait_idle(page)
    page.get_by_test_id("stMain").get_by_text("Vetores (números)").click()
    wait_idle(page)
    expect(page.get_by_test_id("stAlertContentSuccess").first).to_contain_text("produto C")
    page.get_by_role("tab", name="Setas").click()
    arrows = page.get_by_test_id("stPlotlyChart").nth(1).locator(".js-plotly-plot")
    expect(arrows).to_be_visible()
    types = arrows.evaluate("el => el.data.map(d => d.type)")
    assert set(types) == {"scatter3d", "cone"}
    screenshot(page, "demo-vectors-3d-arrows")

    box = page.get_by_test_id("stTextArea").first.locator("textarea")
    box.fill("a: 1, 0\nb: 1, 1\nc: 0, 1\nd: -1; 0,2")
    box.blur()
    wait_idle(page)
    page.get_by_role("tab", name="Setas").click()
    arrows = page.get_by_test_id("stPlotlyChart").nth(1).locator(".js-plotly-plot")
    expect(arrows.locator(".annotation")).to_have_count(4)
    screenshot(page, "demo-vectors-2d-arrows")
    _no_exception(page)


def test_umap_on_two_lines_says_what_to_do(page, app_url):
    page.goto(f"{app_url}/projection?lang=pt")
    wait_idle(page)
    box = page.get_by_test_id("stTextArea").first.locator("textarea")
    box.fill("gato\ncachorro")
    box.blur()
    wait_idle(page)
    page.get_by_test_id("stMain").get_by_text("UMAP", exact=True).click()
    wait_idle(page)
    expect(page.get_by_test_id("stAlertContentError")).to_contain_text(
        "O UMAP precisa de pelo menos 4 pontos; você deu 2"
    )
    _no_exception(page)
    screenshot(page, "demo-umap-two-lines")


def test_back_returns_to_the_previous_page(page, app_url):
    page.goto(f"{app_url}/?lang=pt")
    wait_idle(page)
    _nav(page, "Similaridade")
    _nav(page, "Projeção")
    expect(page.get_by_test_id("stPlotlyChart").first).to_be_visible()  # the first map drawn
    page.get_by_test_id("stMain").get_by_text("t-SNE", exact=True).click()  # a setting
    wait_idle(page)
    assert "method=t-SNE" in page.url  # kept in the link for sharing...
    page.go_back()  # ...without a history entry: Back leaves the page
    wait_idle(page)
    expect(page).to_have_url(re.compile(r"/similarity"))
    expect(page.get_by_role("heading", name="Similaridade")).to_be_visible()
    page.go_back()
    wait_idle(page)
    expect(page.get_by_role("heading", name="embedlab")).to_be_visible()
    _no_exception(page)


def test_heatmap_at_projector_size(page, app_url):
    page.set_viewport_size({"width": 1600, "height": 900})
    page.goto(f"{app_url}/similarity?lang=pt&example=Frases+(pt)")
    wait_idle(page)
    heatmap = page.get_by_test_id("stPlotlyChart").first
    expect(heatmap).to_contain_text("O gato está dormindo")
    data = heatmap.locator(".js-plotly-plot").evaluate("el => el.data[0]")
    assert (data["zmin"], data["zmax"]) == (-1, 1)
    heatmap.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot(page, "demo-heatmap-1600x900").with_name(
        "demo-heatmap-1600x900-viewport.png")))  # fmt: skip
    sidebar = page.get_by_test_id("stSidebar")
    name = sidebar.get_by_role("combobox", name="Modelo")
    expect(name).to_have_value(re.compile("USE multilingual"))
    assert name.evaluate("el => el.scrollWidth <= el.clientWidth + 1"), "model name cut off"
    _no_exception(page)
