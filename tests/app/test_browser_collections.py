"""Collections in a real browser: save an upload, restart the server, reopen it, search in
Portuguese, read the map (density image, zoom into points). Screenshots in
``artifacts/screenshots/collections-*.png``: look at them after a change.
"""

from __future__ import annotations

import pytest

from tests.app.browser import BROWSER, REVIEWS, SHOTS, wait_idle
from tests.app.conftest import free_port, streamlit_server

pytestmark = BROWSER
expect = pytest.importorskip("playwright.sync_api").expect


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"collections-{name}.png"), full_page=True)


def drag_box(page, chart, *, right: float) -> None:
    """Box-select from the top-left corner of the plot to ``right`` of its width."""
    chart.hover()
    area = chart.locator(".nsewdrag").first.bounding_box()
    page.mouse.move(area["x"] + 3, area["y"] + 3)
    page.mouse.down()
    page.mouse.move(area["x"] + area["width"] * right, area["y"] + area["height"] - 3, steps=8)
    page.mouse.up()
    wait_idle(page)


def test_save_restart_reopen_search_and_map_in_portuguese(page, tmp_path):
    rows = [f"{text}.;{topic}" for topic, texts in REVIEWS.items() for text in texts]
    path = tmp_path / "avaliações.csv"
    path.write_bytes(("comentário;tema\r\n" + "\r\n".join(rows)).encode("cp1252"))
    env = {
        "EMBEDLAB_DATA_DIR": str(tmp_path / "collections"),
        "EMBEDLAB_CACHE_DIR": str(tmp_path / "cache"),
    }
    log, port = tmp_path / "streamlit.log", free_port()
    page.set_viewport_size({"width": 1400, "height": 1800})

    # 1. Upload, embed and save as a collection.
    with streamlit_server(log, env, port=port) as url:
        page.goto(f"{url}/your_text?lang=pt")
        wait_idle(page)
        expect(page.get_by_role("heading", name="Seu próprio texto")).to_be_visible()
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(path))
        wait_idle(page)
        page.get_by_role("button", name="Calcular os vetores de 24 textos").click()
        wait_idle(page)
        expect(page.get_by_test_id("stAlertContentSuccess")).to_contain_text(
            "24 textos transformados em vetores"
        )
        page.get_by_text("Salvar como coleção (reabra").click()
        name = page.get_by_role("textbox", name="Nome da coleção")
        expect(name).to_have_value("avaliacoes")  # from the file name, accents dropped
        name.fill("avaliacoes")
        name.press("Enter")
        wait_idle(page)
        page.get_by_role("button", name="Salvar como coleção", exact=True).click()
        wait_idle(page)
        expect(page.get_by_text("24 linhas · modelo use-multilingual")).to_be_visible()
        shot(page, "saved")

    # 2. A new server process (same data folder), a shared link to the collection.
    env["EMBEDLAB_MAP_POINT_LIMIT"] = "20"  # 24 rows: the whole map is a density image
    with streamlit_server(log, env, port=port) as url:
        page.goto(f"{url}/your_text?lang=pt&collection=avaliacoes")
        wait_idle(page)
        expect(page.get_by_text("24 linhas · modelo use-multilingual")).to_be_visible()
        expect(page.get_by_role("button", name="Calcular os vetores de 24 textos")).to_have_count(0)

        page.get_by_role("tab", name="Busca").click()
        wait_idle(page)  # the open tab is session state: a click reruns the page
        query = page.get_by_role(
            "textbox", name="Buscar pelo significado (em qualquer língua que o modelo conheça)"
        )
        query.fill("entrega atrasada")
        query.press("Enter")
        wait_idle(page)
        # The search's rerun (the collection's model loads) leaves the person on this tab.
        expect(page.get_by_role("tab", name="Busca")).to_have_attribute("aria-selected", "true")
        hits = page.get_by_test_id("stDataFrame").filter(has_text="cosseno").first
        expect(hits.get_by_role("gridcell", include_hidden=True).first).to_be_attached()
        expect(hits).to_contain_text("entrega", ignore_case=True)
        shot(page, "search-pt")

        page.get_by_role("tab", name="Mapa").click()
        wait_idle(page)
        chart = page.get_by_test_id("stPlotlyChart").first
        expect(chart.locator(".js-plotly-plot")).to_be_visible()
        expect(page.get_by_text("24 linhas à vista, todas contadas")).to_be_visible()
        kinds = chart.locator(".js-plotly-plot").evaluate("el => el.data.map(t => t.type)")
        assert kinds[0] == "heatmap"
        shot(page, "map-density")
        chart.screenshot(path=str(SHOTS / "collections-map-density-chart.png"))

        # Zoom into the left part: few enough rows there to show each one as a point.
        drag_box(page, chart, right=0.6)
        expect(page.get_by_text("nesta região, desenhadas como pontos")).to_be_visible()
        chart = page.get_by_test_id("stPlotlyChart").first
        kinds = chart.locator(".js-plotly-plot").evaluate("el => el.data.map(t => t.type)")
        assert "heatmap" not in kinds
        shot(page, "map-zoomed")
        chart.screenshot(path=str(SHOTS / "collections-map-zoomed-chart.png"))
        page.get_by_role("button", name="Mapa inteiro").click()
        wait_idle(page)
        expect(page.get_by_text("24 linhas à vista, todas contadas")).to_be_visible()

        # 3. Delete it: a first click only asks; the confirmation names the collection.
        page.get_by_role("button", name="Apagar…").click()
        wait_idle(page)
        expect(page.get_by_text("Apagar a coleção 'avaliacoes'")).to_be_visible()
        shot(page, "delete-confirm")
        page.get_by_role("button", name="Apagar 'avaliacoes'").click()
        wait_idle(page)
        expect(page.get_by_text("A coleção 'avaliacoes' foi apagada.")).to_be_visible()
        expect(page.get_by_test_id("stFileUploaderDropzoneInput")).to_be_attached()
        shot(page, "deleted")
