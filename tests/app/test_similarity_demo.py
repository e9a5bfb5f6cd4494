"""The Similarity page on stage, in Portuguese: typed vectors, the recommendation box with
numbers, the fixed heatmap scale, the sentence example and the model-language warning."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from embedlab.examples import VECTOR_EXAMPLES
from tests.app.conftest import APP, run_page
from tests.conftest import make_sentence_model

TEACHING = "Recomendação: usuário e 3 produtos"


def _errors(at) -> list[str]:
    return [e.value for e in at.error]


def _charts(at) -> dict[str, dict]:
    return {c.proto.id: json.loads(c.proto.spec) for c in at.get("plotly_chart")}


def _vectors(lang: str = "pt") -> AppTest:
    at = run_page("similarity", model=make_sentence_model(), lang=lang)
    return at.radio(key="sim_mode").set_value("vectors").run()


def test_vectors_mode_opens_on_the_teaching_example_with_arrows_in_3d():
    at = _vectors()
    assert not at.exception and not _errors(at)
    assert at.text_area(key="sim_vectors").value == VECTOR_EXAMPLES[TEACHING]
    figures = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    heatmap = figures[0]["data"][0]
    assert heatmap["type"] == "heatmap" and heatmap["x"][0] == "usuário"
    assert (heatmap["zmin"], heatmap["zmax"]) == (-1, 1)  # fixed cosine scale
    arrows = figures[1]
    assert {d["type"] for d in arrows["data"]} == {"scatter3d", "cone"}
    assert [d["name"] for d in arrows["data"] if d["type"] == "scatter3d"][0] == "usuário"
    assert at.success[0].value == "Melhor opção para **usuário**: **produto C** (cosseno 0.996)"
    assert at.tabs[2].label == "Setas"


def test_two_d_vectors_get_arrows_with_true_angles():
    at = _vectors()
    at.selectbox(key="vector_example").set_value("2-D: ângulos").run()
    arrows = [json.loads(c.proto.spec) for c in at.get("plotly_chart")][1]
    assert {d["type"] for d in arrows["data"]} == {"scatter"}
    assert len(arrows["layout"]["annotations"]) == 4  # one arrowhead per vector
    assert arrows["layout"]["yaxis"]["scaleanchor"] == "x"


def test_long_vectors_have_no_arrows_but_a_table():
    at = _vectors()
    at.text_area(key="sim_vectors").input("a: 1 0 0 0\nb: 1 1 0 0\nc: 0 0 1 1").run()
    assert not at.exception and len(at.tabs) == 2
    assert any("estes têm 4 números" in c.value for c in at.caption)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 1, 2, 3\nb: 1, 2", "A linha 2 tem 2 números, mas a linha 1 tem 3."),
        ("a: 1, 2\nb: 1, x", "Linha 2: 'x' não é um número. Escreva, por exemplo, '[0.2, 0.8"),
        ("0,2 0,8 0,5\n1 2 3", "A linha 1 parece usar vírgula decimal."),
        ("a: 1 2", "Digite pelo menos 2 vetores"),
    ],
)
def test_bad_vectors_get_a_portuguese_message_naming_the_line(text, expected):
    at = _vectors()
    at.text_area(key="sim_vectors").input(text).run()
    assert not at.exception
    assert any(e.startswith(expected) for e in _errors(at)), _errors(at)
    assert at.text_area(key="sim_vectors").value == text


def test_recommendation_box_uses_typed_vectors_not_text():
    at = run_page("similarity", model=make_sentence_model(), lang="pt")
    at.text_input(key="rec_query").input("[0.2, 0.8, 0.5]").run()
    items = "produto A: 0.9, 0.1, 0.1\nproduto B: 0.5, 0.4, 0.9\nproduto C: 0.3, 0.9, 0.5"
    at.text_area(key="rec_items").input(items).run()
    assert not at.exception and not _errors(at)
    assert any("comparados como vetores" in i.value for i in at.info)
    assert at.success[-1].value == "Melhor opção: **produto C** (cosseno 0.996)"
    at.text_area(key="rec_items").input("um filme\noutro filme").run()
    assert any("A consulta é um vetor, mas os itens são texto" in e for e in _errors(at))


def test_heatmap_has_a_stated_fixed_scale_per_metric():
    at = run_page("similarity", model=make_sentence_model(), lang="pt")
    heatmap = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]
    assert (heatmap["zmin"], heatmap["zmax"]) == (-1, 1)
    assert "−1 … 1" in heatmap["colorbar"]["title"]["text"]
    assert heatmap["textfont"]["size"] >= 16  # readable on a projector
    assert any("escala fixa" in c.value for c in at.caption)
    at.radio(key="sim_metric").set_value("euclidean").run()
    heatmap = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]
    assert heatmap["zmin"] == 0


def test_pairs_are_counted_with_plurals():
    at = run_page("similarity", model=make_sentence_model(), lang="pt")
    at.text_area(key="sim_text").input("gato\ncarro").run()
    assert any(c.value == "1 par" for c in at.caption)
    at = run_page("similarity", model=make_sentence_model(), lang="en")
    assert any(c.value == "3 pairs" for c in at.caption)


def test_shared_link_opens_vectors_example():
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = "pt"
    at.query_params["vector_example"] = "2-D: ângulos"
    at.run()
    at.switch_page("views/similarity.py").run()
    at.radio(key="sim_mode").set_value("vectors").run()
    assert at.text_area(key="sim_vectors").value == VECTOR_EXAMPLES["2-D: ângulos"]


@pytest.mark.real_model
def test_minilm_on_portuguese_warns_in_one_line():
    at = run_page("similarity", model_id="minilm-l6", lang="pt")
    assert not at.exception
    warning = [w.value for w in at.warning if "parecem estar em português" in w.value.lower()]
    assert len(warning) == 1 and "all-MiniLM-L6-v2" in warning[0]


@pytest.mark.real_model
def test_default_portuguese_sentences_show_a_clear_paraphrase():
    at = run_page("similarity", lang="pt")
    at.selectbox(key="example").set_value("Frases (pt)").run()
    assert not at.exception and not at.warning
    z = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]["z"]
    assert z[0][1] > 0.8 and z[2][3] > 0.6  # the two paraphrase pairs
    assert max(z[0][2], z[0][4], z[1][3], z[2][4]) < 0.3  # unrelated lines
