"""The on-stage analogy in Portuguese, in a real browser at a projector's size.

A teacher types ``homem : rei :: mulher : ?`` and must see **rainha** first (not "king"),
with the note that the answers were restricted to Portuguese words.
"""

from __future__ import annotations

import pytest

from tests.app.browser import BROWSER, SHOTS, screenshot, wait_idle

pytestmark = BROWSER

expect = pytest.importorskip("playwright.sync_api").expect


def _wait_for_model(page) -> None:
    """Like wait_idle, but long enough for use-words' first build on a fresh machine."""
    page.wait_for_timeout(300)
    app = page.locator('[data-testid="stApp"]')
    expect(app).to_have_attribute("data-test-script-state", "notRunning", timeout=1_500_000)


def test_homem_rei_mulher_answers_rainha_in_portuguese(page, app_url):
    page.set_viewport_size({"width": 1600, "height": 900})
    page.goto(f"{app_url}/analogies?lang=pt&model=use-words")
    _wait_for_model(page)
    wait_idle(page)
    expect(page.get_by_role("heading", name="Analogias")).to_be_visible()
    inputs = page.get_by_test_id("stTextInput").locator("input")
    for i, word in enumerate(["homem", "rei", "mulher", "rainha"]):
        inputs.nth(i).fill(word)
        inputs.nth(i).press("Enter")
        wait_idle(page)
    success = page.get_by_test_id("stAlertContentSuccess").first
    expect(success).to_contain_text("homem : rei :: mulher : rainha")
    expect(page.get_by_test_id("stMetric").first).to_contain_text("#1")
    expect(page.get_by_text("Respostas só com palavras em português")).to_be_visible()
    chart = page.get_by_test_id("stPlotlyChart").first
    expect(chart.locator(".js-plotly-plot")).to_be_visible()
    expect(chart).to_contain_text("rainha")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "analogias-homem-rei-mulher-1600x900.png"))
    screenshot(page, "analogias-homem-rei-mulher-full")
