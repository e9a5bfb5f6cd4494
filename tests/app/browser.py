"""What the real-browser tests share: Chromium's path, waiting for Streamlit, screenshots.

The fixtures (one streamlit server per test session, Chromium's launch options) are in
``tests/app/conftest.py``; these are plain functions a test file imports.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
SHOTS = ROOT / "artifacts" / "screenshots"

# Portuguese product reviews by topic: the analyst's upload in the browser tests.
REVIEWS = {
    "entrega": ["A entrega atrasou duas semanas", "O pedido chegou rápido, antes do prazo",
                "A transportadora perdeu meu pacote", "Frete caro e entrega demorada",
                "Não recebi o produto até hoje", "Chegou no dia seguinte, ótimo serviço"],
    "preço": ["Preço justo pela qualidade", "Muito caro para o que oferece",
              "Promoção excelente, comprei dois", "O desconto não foi aplicado no carrinho",
              "Barato e funciona bem", "Achei o preço abusivo"],
    "atendimento": ["O atendente foi muito educado", "Ninguém respondeu à minha reclamação",
                    "Suporte resolveu meu problema em minutos", "Atendimento péssimo no chat",
                    "Fui mal atendido na loja", "A equipe de suporte é atenciosa"],
    "comida": ["O pão de queijo estava delicioso", "Café frio e sem sabor",
               "A feijoada estava ótima", "Sobremesa doce demais, açúcar em excesso",
               "Pizza com massa crocante", "O suco de maçã é natural e gostoso"],
}  # fmt: skip

# Every browser test module sets: pytestmark = BROWSER
BROWSER = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium (see README)"),
]


def _expect():
    return pytest.importorskip("playwright.sync_api").expect


def wait_idle(page) -> None:
    """Wait until Streamlit is connected, a run has drawn the sidebar's language switch (a
    new page reports "notRunning" before its first run starts), and no script is running."""
    page.wait_for_timeout(300)
    app = page.locator('[data-testid="stApp"]')
    _expect()(app).to_have_attribute("data-test-connection-state", "CONNECTED")
    switch = page.get_by_test_id("stSidebar").get_by_role("radiogroup")
    _expect()(switch.first).to_be_attached(timeout=120_000)
    _expect()(app).to_have_attribute("data-test-script-state", "notRunning", timeout=120_000)


def screenshot(page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def pick_model(page, label: str) -> None:
    """Choose a model in the sidebar picker by (part of) its label."""
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_test_id("stSelectbox").first.click()
    page.get_by_role("option", name=label).first.click()
    wait_idle(page)
