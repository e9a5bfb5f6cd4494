"""Images and sounds in a real browser, with the tiny random CLIP / CLAP folders.

The server finds the models the way a person would give them: their folder path typed into
the page's model box. Screenshots land in ``artifacts/screenshots/``.
"""

from __future__ import annotations

import pytest

from tests.app.browser import BROWSER, screenshot, wait_idle
from tests.media_fixtures import shapes_zip, tones_zip

pytestmark = BROWSER
expect = pytest.importorskip("playwright.sync_api").expect


def _give_model(page, folder) -> None:
    box = page.get_by_test_id("stTextInput").first.locator("input")
    box.fill(str(folder))
    box.press("Enter")
    wait_idle(page)


def test_images_zip_map_with_thumbnails_and_text_search(page, app_url, tiny_clip_folder):  # noqa: F811
    page.set_viewport_size({"width": 1400, "height": 2200})
    page.goto(f"{app_url}/images")
    wait_idle(page)
    expect(page.get_by_role("heading", name="Images")).to_be_visible()
    expect(page.get_by_test_id("stAlertContentInfo").first).to_contain_text(
        "None ships with embedlab"
    )
    screenshot(page, "images-no-model")

    _give_model(page, tiny_clip_folder)
    expect(page.get_by_text("tiny-clip: 16 dimensions")).to_be_visible()
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
        files=[
            {
                "name": "formas.zip",
                "mimeType": "application/zip",
                "buffer": shapes_zip(extra={"leia-me.txt": b"oi"}),
            }
        ]
    )
    wait_idle(page)
    expect(page.get_by_test_id("stAlertContentSuccess")).to_contain_text("12 images embedded")
    expect(page.get_by_text("1 file skipped")).to_be_visible()

    # The map: every image drawn as a thumbnail at its point.
    chart = page.get_by_test_id("stPlotlyChart").first
    expect(chart.locator(".js-plotly-plot")).to_be_visible()
    expect(chart.locator("g.imagelayer image")).to_have_count(12)
    screenshot(page, "images-map-thumbnails")

    # Clicking a point shows that image below the map.
    chart.locator(".scatterlayer .point").first.click(force=True)
    wait_idle(page)
    expect(page.get_by_test_id("stImage").first).to_be_visible()
    screenshot(page, "images-map-selected")

    # The clicked image is the one "Similar images" starts from.
    page.get_by_role("tab", name="Similar images").click()
    similar = page.get_by_role("tabpanel", name="Similar images")
    expect(similar.locator("img")).to_have_count(9)  # the image and its 8 nearest
    screenshot(page, "images-similar")

    # Text -> image search: the results are thumbnails with their cosine.
    page.get_by_role("tab", name="Search by text").click()
    query = page.get_by_test_id("stTextInput").nth(1).locator("input")
    query.fill("um quadrado vermelho")
    query.press("Enter")
    wait_idle(page)
    results = page.get_by_role("tabpanel", name="Search by text").locator("img")
    expect(results).to_have_count(8)
    expect(page.get_by_role("tabpanel", name="Search by text")).to_contain_text("formas/")
    screenshot(page, "images-search-by-text")

    page.get_by_role("tab", name="Clusters").click()
    wait_idle(page)
    expect(page.get_by_role("tabpanel", name="Clusters")).to_contain_text("Cluster 0")
    screenshot(page, "images-clusters")


def test_sounds_search_map_and_play(page, app_url, tiny_clap_folder):  # noqa: F811
    page.set_viewport_size({"width": 1400, "height": 2000})
    page.goto(f"{app_url}/sounds?lang=pt")
    wait_idle(page)
    expect(page.get_by_test_id("stAlertContentInfo").first).to_contain_text("CLAP")
    _give_model(page, tiny_clap_folder)
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
        files=[{"name": "sons.zip", "mimeType": "application/zip", "buffer": tones_zip()}]
    )
    wait_idle(page)
    expect(page.get_by_test_id("stAlertContentSuccess")).to_contain_text("6 sons")
    expect(page.get_by_test_id("stPlotlyChart").first.locator(".js-plotly-plot")).to_be_visible()
    expect(page.get_by_test_id("stAudio").first).to_be_visible()
    # A click on a point puts that clip in the player under the map.
    chart = page.get_by_test_id("stPlotlyChart").first
    trace, point, name = chart.locator(".js-plotly-plot").evaluate(
        """el => { for (const [t, tr] of el.data.entries()) {
            const i = Array.from(tr.hovertext).findIndex(h => !h.includes('110hz'));
            if (i >= 0) return [t, i, tr.hovertext[i]]; } }"""
    )
    chart.locator(".scatterlayer .trace").nth(trace).locator(".point").nth(point).click(force=True)
    wait_idle(page)
    expect(page.get_by_role("combobox", name="Tocar um som")).to_have_value(name)
    expect(page.get_by_test_id("stAudio").first).to_be_visible()
    screenshot(page, "sounds-map-play")
    page.get_by_role("tab", name="Busca por texto").click()
    wait_idle(page)
    expect(
        page.get_by_role("tabpanel", name="Busca por texto").get_by_test_id("stAudio")
    ).to_have_count(5)
    screenshot(page, "sounds-search")
