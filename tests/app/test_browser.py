"""The main flows in a real browser (Debian's Chromium via Playwright), with screenshots.

Screenshots land in ``artifacts/screenshots/`` (git-ignored): look at them after a change.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

from tests.app.browser import BROWSER, REVIEWS, SHOTS, pick_model, screenshot, wait_idle

pytestmark = BROWSER
expect = pytest.importorskip("playwright.sync_api").expect


def test_similarity_flow_in_portuguese(page, app_url):
    page.goto(app_url)
    wait_idle(page)
    expect(page.get_by_role("heading", name="embedlab")).to_be_visible()
    screenshot(page, "home")

    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Similarity").click()
    wait_idle(page)
    heatmap = page.get_by_test_id("stPlotlyChart").first
    expect(heatmap.locator(".js-plotly-plot")).to_be_visible()
    expect(heatmap).to_contain_text("cachorro")
    screenshot(page, "similarity-use-gato-cachorro-carro")

    lines = page.get_by_test_id("stTextArea").first.locator("textarea")
    lines.fill(
        "Aprendizado de máquina é divertido\nModelos de IA são fascinantes\nO tempo está chuvoso hoje"
    )
    lines.blur()
    wait_idle(page)
    expect(page.get_by_test_id("stPlotlyChart").first).to_contain_text("Modelos de IA")
    screenshot(page, "similarity-use-frases")

    pick_model(page, "GloVe 6B 50d")
    lines.fill("king\nqueen\ncar\nzebrra")
    lines.blur()
    wait_idle(page)
    expect(page.get_by_test_id("stAlertContentWarning").first).to_contain_text("'zebrra'")
    expect(page.get_by_test_id("stPlotlyChart").first).to_contain_text("queen")
    screenshot(page, "similarity-glove-unknown-word")


def test_shared_link_opens_the_page_with_its_model(page, app_url):
    page.goto(f"{app_url}/similarity?model=glove-50d&example=Words+(en)")
    wait_idle(page)
    expect(page.get_by_test_id("stSidebar")).to_contain_text("Stanford GloVe")
    expect(page.get_by_test_id("stPlotlyChart").first).to_contain_text("truck")
    screenshot(page, "similarity-shared-link")


def test_your_own_text_upload_embed_search_map(page, app_url, tmp_path):
    """A cp1252 semicolon CSV of Portuguese reviews: read, embed (USE), search, map."""
    rows = [f"{text}.;{topic};{i % 5 + 1}" for topic, texts in REVIEWS.items()
            for i, text in enumerate(texts)]  # fmt: skip
    rows.append(f"Avaliação de teste {time.time_ns()}.;outro;3")  # new texts: always embeds
    path = tmp_path / "avaliações.csv"
    path.write_bytes(("comentário;tema;nota\r\n" + "\r\n".join(rows)).encode("cp1252"))

    page.set_viewport_size({"width": 1400, "height": 2000})  # results and map in the shots
    page.goto(f"{app_url}/your_text")
    wait_idle(page)
    expect(page.get_by_role("heading", name="Your own text")).to_be_visible()
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(path))
    wait_idle(page)
    expect(page.get_by_test_id("stAlertContentInfo").first).to_contain_text("cp1252")
    page.get_by_role("button", name="Embed 25 texts").click()
    wait_idle(page)
    expect(page.get_by_test_id("stAlertContentSuccess")).to_contain_text("25 texts embedded")

    page.get_by_role("tab", name="Search").click()
    wait_idle(page)  # the open tab is session state: a click reruns the page
    query = page.get_by_role("textbox", name="Search by meaning (any language the model knows)")
    query.fill("entrega atrasada")
    query.press("Enter")
    wait_idle(page)
    hits = page.get_by_test_id("stDataFrame").filter(has_text="cosine").first
    expect(hits.get_by_role("gridcell", include_hidden=True).first).to_be_attached()
    expect(hits).to_contain_text("entrega", ignore_case=True)
    screenshot(page, "your-text-search")

    page.get_by_role("tab", name="Map").click()
    wait_idle(page)
    chart = page.get_by_test_id("stPlotlyChart").first
    expect(chart.locator(".js-plotly-plot")).to_be_visible()
    expect(chart).to_contain_text("highlighted")
    screenshot(page, "your-text-map")
    chart.screenshot(path=str(SHOTS / "your-text-map-chart.png"))

    # Box-select the left half of the map: the selected rows are listed under it.
    chart.hover()
    chart.locator('[data-title="Box Select"]').click()
    area = chart.locator(".nsewdrag").first.bounding_box()
    page.mouse.move(area["x"] + 2, area["y"] + 2)
    page.mouse.down()
    page.mouse.move(area["x"] + area["width"] / 2, area["y"] + area["height"] - 2, steps=8)
    page.mouse.up()
    wait_idle(page)
    expect(page.get_by_text("selected rows")).to_be_visible()
    screenshot(page, "your-text-map-selection")


def test_analogy_on_glove_with_its_parallelogram(page, app_url):
    """GloVe: king − man + woman → queen, then France : Paris :: Italy → rome, with the picture."""
    page.set_viewport_size({"width": 1400, "height": 1600})
    page.goto(f"{app_url}/analogies?model=glove-50d")
    wait_idle(page)
    expect(page.get_by_test_id("stAlertContentSuccess").first).to_contain_text("queen")
    inputs = page.get_by_test_id("stTextInput").locator("input")
    for i, word in enumerate(["France", "Paris", "Italy", "Rome"]):
        inputs.nth(i).fill(word)
        inputs.nth(i).press("Enter")
        wait_idle(page)
    expect(page.get_by_test_id("stAlertContentSuccess").first).to_contain_text("rome")
    expect(page.get_by_test_id("stMetric").first).to_contain_text("#1")
    chart = page.get_by_test_id("stPlotlyChart").first
    expect(chart.locator(".js-plotly-plot")).to_be_visible()
    expect(chart).to_contain_text("paris − france + italy")
    screenshot(page, "analogies-glove-france-paris-italy")
    chart.screenshot(path=str(SHOTS / "analogies-parallelogram.png"))


def test_train_word_vectors_compare_use_and_cancel(page, app_url):
    """Train on the bundled Lee corpus (CBOW, then Skip-gram), compare, use it, cancel one."""
    page.set_viewport_size({"width": 1400, "height": 2400})
    page.goto(f"{app_url}/train")
    wait_idle(page)
    expect(page.get_by_role("heading", name="Train word vectors")).to_be_visible()
    expect(page.get_by_text("300 texts · 60,005 words")).to_be_visible()

    def number(label: str, value: int) -> None:
        box = page.get_by_test_id("stNumberInput").filter(has_text=label).locator("input")
        box.fill(str(value))

    def train() -> None:
        page.get_by_test_id("stFormSubmitButton").get_by_role("button", name="Train").click()
        wait_idle(page)

    number("Vector size", 50)
    number("Epochs", 5)
    train()
    success = page.get_by_test_id("stAlertContentSuccess").first
    expect(success).to_contain_text("w2v-1: lee_background.cor, CBOW, window 5, 50-d")
    expect(page.get_by_test_id("stPlotlyChart").first.locator(".js-plotly-plot")).to_be_visible()
    expect(page.get_by_test_id("stDataFrame").first).to_contain_text("said")
    screenshot(page, "train-lee-cbow")

    page.get_by_text("Skip-gram (1)", exact=True).click()
    train()
    expect(page.get_by_test_id("stAlertContentSuccess").first).to_contain_text("w2v-2:")
    compare = page.get_by_role("heading", name="4. Compare two trainings")
    compare.scroll_into_view_if_needed()
    expect(page.get_by_text("neighbours in both lists").first).to_be_visible()
    page.screenshot(path=str(SHOTS / "train-lee-compare.png"))  # the compare section in view

    page.get_by_role("button", name="Use it on every page").click()
    wait_idle(page)
    picker = page.get_by_test_id("stSidebar").get_by_role("combobox", name="Model")
    expect(picker).to_have_value(re.compile(r"^w2v-2: lee_background.cor, skip-gram"))
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Similarity").click()
    wait_idle(page)
    lines = page.get_by_test_id("stTextArea").first.locator("textarea")
    lines.fill("government\nminister\npolice\ncricket")
    lines.blur()
    wait_idle(page)
    expect(page.get_by_test_id("stPlotlyChart").first).to_contain_text("cricket")
    screenshot(page, "train-model-on-similarity")

    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Train word vectors").click()
    wait_idle(page)
    page.get_by_text("FastText", exact=True).click()
    number("Epochs", 100)
    train()
    expect(page.get_by_test_id("stAlertContentError").first).to_contain_text("Train anyway")
    page.get_by_text("Train anyway if it will take more than 15 s").click()
    page.get_by_test_id("stFormSubmitButton").get_by_role("button", name="Train").click()
    expect(page.get_by_test_id("stProgress").first).to_contain_text("Epoch")
    screenshot(page, "train-progress")
    page.get_by_role("button", name="Cancel").click()
    wait_idle(page)
    expect(page.get_by_test_id("stAlertContentInfo").filter(has_text="cancelled")).to_be_visible()
    expect(page.get_by_test_id("stAlertContentSuccess").first).to_contain_text("w2v-2:")
    screenshot(page, "train-cancelled")

    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Word vector files").click()
    wait_idle(page)
    from gensim.test.utils import datapath

    upload = page.get_by_test_id("stFileUploaderDropzoneInput")
    upload.set_input_files(datapath("lee_fasttext.vec"))
    wait_idle(page)
    expect(page.get_by_test_id("stAlertContentSuccess").first).to_contain_text(
        "vec-1: lee_fasttext.vec (1,762 words, 10-d)"
    )
    screenshot(page, "vector-files-vec")
    pickled = SHOTS.parent / "vectors.model"
    pickled.write_bytes(b"\x80\x04\x95" + b"\x00" * 16)  # the start of a pickle: never opened
    upload.set_input_files(str(pickled))
    wait_idle(page)
    expect(page.get_by_test_id("stAlertContentError").first).to_contain_text("never opens")
    screenshot(page, "vector-files-pickle-refused")


def test_projection_map_in_2d_and_3d(page, app_url):
    """The default preset as a PCA map (labels, legend, faithfulness), then UMAP in 3-D."""
    page.set_viewport_size({"width": 1400, "height": 1700})
    page.goto(f"{app_url}/projection")
    wait_idle(page)
    chart = page.get_by_test_id("stPlotlyChart").first
    expect(chart.locator(".scatterlayer .point").first).to_be_visible()
    expect(chart).to_contain_text("cachorro")
    expect(chart).to_contain_text("PC1 (")
    expect(page.get_by_test_id("stMetric").first).to_contain_text("Neighbours kept (k=10)")
    screenshot(page, "projection-pca-2d")

    page.get_by_text("kept share", exact=True).click()
    wait_idle(page)
    expect(chart.locator(".colorbar")).to_be_visible()
    chart.screenshot(path=str(SHOTS / "projection-pca-2d-kept-share.png"))

    page.get_by_text("UMAP", exact=True).click()
    wait_idle(page)
    page.get_by_text("3-D", exact=True).click()
    wait_idle(page)
    expect(page.get_by_test_id("stAlertContentInfo").first).to_contain_text("Draw map")
    page.get_by_role("button", name="Draw map").click()
    wait_idle(page)
    expect(chart.locator("canvas").first).to_be_visible()
    plot = chart.locator(".js-plotly-plot")
    assert set(plot.evaluate("el => el.data.map(t => t.type)")) == {"scatter3d"}
    assert plot.evaluate("el => el.layout.scene.zaxis.title.text") == "UMAP 3"
    expect(page).to_have_url(re.compile(r"method=UMAP.*dims=3-D|dims=3-D.*method=UMAP"))
    page.wait_for_timeout(1500)  # WebGL draws in software here
    screenshot(page, "projection-umap-3d")
    chart.screenshot(path=str(SHOTS / "projection-umap-3d-chart.png"))


def test_cancel_an_embedding_in_progress_keeps_nothing_half_done(page, app_url, tmp_path):
    """Cancel a real embedding run: the page says nothing was saved, no cache file appears,
    and the same file can be embedded again from the start."""
    cache = Path(os.environ["EMBEDLAB_CACHE_DIR"]) / "embeddings"
    before = set(cache.glob("*")) if cache.exists() else set()
    run = time.time_ns()
    path = tmp_path / "comentarios.csv"
    path.write_text(
        "comentário\n"
        + "\n".join(f"Comentário {i} da rodada {run} sobre entrega e preço" for i in range(3000)),
        encoding="utf-8",
    )
    page.goto(f"{app_url}/your_text")
    wait_idle(page)
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(path))
    wait_idle(page)
    page.get_by_role("button", name="Embed 3,000 texts").click()
    expect(page.get_by_test_id("stProgress").first).to_be_visible()
    page.get_by_role("button", name="Cancel").click()
    wait_idle(page)
    expect(page.get_by_test_id("stAlertContentWarning").first).to_contain_text(
        "Embedding cancelled: nothing was saved."
    )
    expect(page.get_by_role("button", name="Embed 3,000 texts")).to_be_visible()
    after = set(cache.glob("*")) if cache.exists() else set()
    assert after == before, f"a cancelled run left files: {sorted(after - before)}"
    screenshot(page, "your-text-cancelled")
