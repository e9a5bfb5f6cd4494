"""The Home and Similarity pages through the router, as a person uses them."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from tests.app.conftest import APP, run_page
from tests.conftest import make_sentence_model, make_word_model


def _errors(at):
    return [e.value for e in at.error]


def test_home_opens_fast_without_loading_a_model():
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "embedlab"
    assert at.sidebar.selectbox(key="model_choice").value == "use-multilingual"
    assert "active_model_id" not in at.session_state


def test_similarity_default_model_portuguese_example():
    at = run_page("similarity")
    assert not at.exception and not _errors(at)
    assert at.text_area(key="sim_text").value == "gato\ncachorro\ncarro"
    heatmap = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]
    assert heatmap["type"] == "heatmap" and heatmap["x"] == ["gato", "cachorro", "carro"]
    z = heatmap["z"]
    assert z[0][1] > z[0][2]  # gato is closer to cachorro than to carro
    assert "Astronautas" in at.success[0].value  # recommendation: the space film wins


def test_metric_switch_and_pairs_table():
    at = run_page("similarity", model=make_sentence_model())
    at.radio(key="sim_metric").set_value("euclidean").run()
    assert not at.exception
    pairs = at.dataframe[0].value
    assert list(pairs.columns) == ["a", "b", "euclidean"]
    assert pairs["euclidean"].is_monotonic_increasing


def test_example_picker_fills_the_text():
    at = run_page("similarity", model=make_sentence_model())
    at.selectbox(key="example").set_value("Frases (pt)").run()
    assert "O gato está dormindo no sofá" in at.text_area(key="sim_text").value
    at.text_area(key="sim_text").input("gato\ncarro").run()
    assert at.selectbox(key="example").value is None  # edited: no longer the example


def test_word_model_neighbours_and_unknown_words_keep_the_rest():
    at = run_page("similarity", model=make_word_model())
    at.text_area(key="sim_text").input("gato\ncachorro\ngatto\ncarro").run()
    assert not at.exception
    assert any(
        "'gatto' is not in the vocabulary" in w.value and "gato" in w.value for w in at.warning
    )
    heatmap = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]
    assert heatmap["x"] == ["gato", "cachorro", "carro"]
    neighbours = at.dataframe[1].value
    assert set(neighbours["word"]) >= {"cachorro"}
    at.text_input(key="nn_word").input("tigree").run()
    assert any("'tigree'" in e and "tigre" in e for e in _errors(at))
    assert at.text_area(key="sim_text").value == "gato\ncachorro\ngatto\ncarro"


def test_bad_inputs_get_messages_not_tracebacks():
    at = run_page("similarity", model=make_sentence_model())
    for text, expected in [
        ("", "you entered nothing"),
        ("gato", "you entered 1 line"),
        ("\n".join(f"linha {i}" for i in range(250)), "the limit here is 200"),
    ]:
        at.text_area(key="sim_text").input(text).run()
        assert not at.exception
        assert any(expected in e for e in _errors(at)), (text[:20], _errors(at))
    at.text_area(key="sim_text").input("  gato \n\ngato\n🙂🙂\n" + "a" * 20_000).run()
    assert not at.exception and not _errors(at)
    infos = " ".join(i.value for i in at.info)
    assert "blank" in infos and "kept once" in infos and "20,000 characters" in infos


def test_emoji_only_lines_with_a_word_model_are_named():
    at = run_page("similarity", model=make_word_model())
    at.text_area(key="sim_text").input("gato\ncachorro\n🙂🙂").run()
    assert not at.exception
    assert any("🙂🙂" in w.value for w in at.warning)


def test_recommendation_needs_a_query():
    at = run_page("similarity", model=make_sentence_model())
    at.text_input(key="rec_query").input("  ").run()
    assert any("Type a query" in e for e in _errors(at))


def test_model_that_fails_to_load_keeps_the_previous_one():
    at = run_page("similarity", model=make_sentence_model())
    at.sidebar.selectbox(key="model_choice").set_value("__custom__").run()
    at.sidebar.text_input(key="custom_model_id").input("no/such-model-offline").run()
    assert not at.exception
    assert any("Still using Fake topic sentences" in e.value for e in at.sidebar.error)
    assert at.get("plotly_chart"), "the page still works with the previous model"


def test_catalogue_only_server_hides_custom_models_and_ignores_a_linked_one(monkeypatch):
    monkeypatch.setenv("EMBEDLAB_ALLOW_CUSTOM_MODELS", "0")
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = "en"
    at.query_params["model"] = "someone/unknown-model"
    at.run()
    assert not at.exception
    picker = at.sidebar.selectbox(key="model_choice")
    assert "__custom__" not in picker.options and picker.value == "use-multilingual"
    assert "someone/unknown-model" in at.sidebar.warning[0].value
