"""The Compare models page in a real browser: two models, the maps, the CSV download.

Reuses the server and browser fixtures of ``test_browser.py`` (one server per module).
Screenshots land in ``artifacts/screenshots/compare-*.png``: look at them after a change.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from tests.app.browser import BROWSER, screenshot, wait_idle

pytestmark = BROWSER

expect = pytest.importorskip("playwright.sync_api").expect


def _metric(page, label: str):
    return page.get_by_test_id("stMetric").filter(has_text=label).get_by_test_id("stMetricValue")


def test_compare_two_models_and_download_the_csv(page, app_url):  # noqa: F811
    page.set_viewport_size({"width": 1400, "height": 3000})  # the whole page in one screenshot
    page.goto(f"{app_url}/compare?lang=en&a=use-multilingual&b=glove-50d&preset=words-en&k=10")
    wait_idle(page)
    expect(page.get_by_role("heading", name="Compare models")).to_be_visible()
    expect(_metric(page, "Neighbour overlap")).to_have_text(re.compile(r"^0\.\d\d$"))
    maps = page.get_by_test_id("stPlotlyChart").first
    expect(maps.locator(".js-plotly-plot")).to_be_visible()
    expect(maps).to_contain_text("GloVe")
    expect(page.get_by_test_id("stMetric").filter(has_text="pt→en precision@1")).to_contain_text(
        "100%"
    )
    screenshot(page, "compare-use-vs-glove-words-en")

    # both languages: GloVe knows few Portuguese words, so the page lists what it skipped
    page.get_by_test_id("stSelectbox").filter(has_text="Preset").click()
    page.get_by_role("option", name="Portuguese and English words").click()
    wait_idle(page)
    expect(page.get_by_test_id("stAlertContentWarning")).to_contain_text("Not in GloVe")
    expect(page).to_have_url(re.compile(r"preset=words-pt-en"))

    page.get_by_test_id("stRadio").filter(has_text="Layout").get_by_text("Overlaid").click()
    wait_idle(page)
    expect(maps.locator(".scatterlayer .trace").first).to_be_attached()
    assert (
        page.evaluate(
            "() => document.querySelector('[data-testid=stPlotlyChart] .js-plotly-plot')"
            ".data[0].mode"
        )
        == "lines"
    )
    screenshot(page, "compare-overlaid-pt-en")

    with page.expect_download() as info:
        page.get_by_role("button", name="Per-item results (CSV)").click()
    download = info.value
    assert download.suggested_filename == "embedlab-compare.csv"
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text("utf-8"))))
    assert list(rows[0]) == ["label", "overlap", "neighbours_a", "neighbours_b", "only_a", "only_b"]
    assert float(rows[0]["overlap"]) <= float(rows[-1]["overlap"])  # most changed first
    assert len(rows) >= 11


def test_compare_page_in_portuguese_with_the_same_model_twice(page, app_url):  # noqa: F811
    page.set_viewport_size({"width": 1400, "height": 3000})
    page.goto(f"{app_url}/compare?lang=pt&a=glove-50d&b=glove-50d&preset=words-en&k=5")
    wait_idle(page)
    expect(page.get_by_role("heading", name="Comparar modelos")).to_be_visible()
    expect(_metric(page, "Sobreposição de vizinhos")).to_have_text("1.00")
    expect(page.get_by_role("heading", name="Duas línguas, um modelo")).to_be_visible()
    screenshot(page, "compare-pt-same-model")
