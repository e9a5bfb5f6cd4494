"""The Compare models page, through the router (AppTest)."""

from __future__ import annotations

import json

import pytest

from embedlab.examples import COMPARE_PRESETS
from tests.app.conftest import run_page
from tests.app.test_train_page import _train
from tests.conftest import TOPICS, make_sentence_model, make_word_model

TOPIC_WORDS = "\n".join(w for words in TOPICS.values() for w in words)


def _errors(at):
    return [e.value for e in at.error]


def _metrics(at):
    return {m.label: m.value for m in at.metric}


def _fakes(at, *models):
    at.session_state["session_models"] = {m.id: (m.name, m) for m in models}
    return at


def _compare_fakes(k: int = 5, text: str = TOPIC_WORDS):
    at = run_page("compare")
    at = _fakes(at, make_word_model(), make_sentence_model()).run()
    at.selectbox(key="cmp_a").set_value("tiny-words")
    at.selectbox(key="cmp_b").set_value("fake-sentences")
    at.slider(key="cmp_k").set_value(k)
    at.text_area(key="cmp_text").input(text)
    return at.run()


def test_page_opens_on_the_default_comparison():
    at = run_page("compare")
    assert not at.exception and not _errors(at)
    assert at.title[0].value == "Compare models"
    assert at.selectbox(key="cmp_a").value == "use-multilingual"
    assert at.selectbox(key="cmp_b").value == "glove-50d"
    assert at.text_area(key="cmp_text").value.splitlines() == COMPARE_PRESETS["words-en"]
    metrics = _metrics(at)
    assert set(metrics) >= {"Neighbour overlap", "Spearman", "CKA"}
    assert 0.2 < float(metrics["Neighbour overlap"]) < 0.9
    # Opening the page writes nothing to the URL (each write is a history entry that would
    # trap Back); the first change writes the whole view, so the link can be shared.
    assert not {"a", "b", "preset", "k"} & set(at.query_params)
    at.slider(key="cmp_k").set_value(8).run()
    shared = {key: at.query_params[key] for key in ("a", "b", "preset", "k")}
    assert shared == {"a": "use-multilingual", "b": "glove-50d", "preset": "words-en", "k": "8"}
    metrics = _metrics(at)
    # two languages, one model: the multilingual model finds every translation of the preset
    assert metrics["pt→en precision@1"] == "100%"
    assert len(at.get("plotly_chart")) == 2


def test_fake_word_model_against_fake_sentence_model():
    at = _compare_fakes(text=TOPIC_WORDS + "\nzebra")
    assert not at.exception and not _errors(at)
    [warning] = at.warning
    assert warning.value == "1 item skipped (unknown words):  \nNot in Tiny test words: 'zebra'"
    assert any("Scores on 18 items" in s.value for s in at.subheader)
    assert float(_metrics(at)["CKA"]) > 0.5
    table = at.dataframe[0].value
    assert list(table.columns) == ["item", "overlap", "near in A", "near in B", "only in A", "only in B"]  # fmt: skip
    assert table["overlap"].is_monotonic_increasing and len(table) == 18
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert [trace["xaxis"] for trace in spec["data"]] == ["x", "x2"]
    csv = at.get("download_button")
    assert len(csv) == 2


def test_overlaid_maps_join_each_item_s_two_positions():
    at = _compare_fakes()
    at.radio(key="cmp_layout").set_value("overlay").run()
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["data"][0]["mode"] == "lines" and len(spec["data"]) == 3


def test_too_few_shared_items_names_how_many_are_needed():
    at = _compare_fakes(k=10, text="gato\ncachorro\ncarro\ntrem\nuva\nbanana\nxyz")
    assert not at.exception
    [error] = _errors(at)
    assert "at least 11 items that both models can embed (there are 6)" in error
    assert "'xyz'" in error


def test_a_trained_model_against_a_catalogue_model():
    at = _train(run_page("train"))
    trained = at.session_state["tr_last"]
    at.switch_page("views/compare.py").run()
    at.selectbox(key="cmp_a").set_value(trained)
    at.selectbox(key="cmp_b").set_value("glove-50d")
    at.slider(key="cmp_k").set_value(5)
    at = at.run()
    assert not at.exception and not _errors(at)
    warning = at.warning[0].value
    # the small English news corpus lacks some of the words
    assert "items skipped (unknown words):" in warning and "Not in w2v-1: " in warning
    assert float(_metrics(at)["Neighbour overlap"]) >= 0
    # a trained model exists only in this session: it stays out of the shared URL
    assert "a" not in at.query_params and at.query_params["b"] == "glove-50d"


def test_url_sets_models_preset_and_k():
    from streamlit.testing.v1 import AppTest

    from tests.app.conftest import APP

    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["lang"] = "en"
    at.query_params.update(a="glove-50d", b="glove-50d", preset="sentences-en", k="7")
    at.run()
    at.switch_page("views/compare.py").run()
    assert not at.exception, at.exception
    assert at.selectbox(key="cmp_b").value == "glove-50d"
    assert at.slider(key="cmp_k").value == 7
    assert at.selectbox(key="cmp_preset").value == "sentences-en"
    # the same model twice: identical neighbourhoods
    assert _metrics(at)["Neighbour overlap"] == "1.00"


def test_bad_pairs_line_is_named_and_the_rest_of_the_page_stays():
    at = _compare_fakes()
    at.text_area(key="cmp_pairs").input("gato – cat\ncachorro").run()
    assert not at.exception
    assert any("Line 2 ('cachorro') is not a pair" in e for e in _errors(at))
    assert at.text_area(key="cmp_pairs").value == "gato – cat\ncachorro"
    assert any("Scores on 18 items" in s.value for s in at.subheader)


@pytest.mark.parametrize("lang", ["pt"])
def test_page_in_portuguese(lang):
    at = run_page("compare", lang=lang)
    assert not at.exception and not _errors(at)
    assert at.title[0].value == "Comparar modelos"
    assert "Sobreposição de vizinhos" in _metrics(at)


class _FakeCollection:
    text_column = "texto"

    def to_pandas(self, columns=None):
        import pandas as pd

        texts = [f"{w} no parque\ncom amigos" for w in TOPIC_WORDS.split()] * 2 + [None, " "]
        return pd.DataFrame({"text": texts})


def test_a_saved_collection_s_sample_is_a_source(monkeypatch):
    import embedlab

    monkeypatch.setattr(embedlab, "list_collections", lambda: ["avaliações"], raising=False)
    monkeypatch.setattr(embedlab, "open_collection", lambda name: _FakeCollection(), raising=False)
    at = run_page("compare", model=make_sentence_model())
    preset = at.selectbox(key="cmp_preset")
    assert "collection:avaliações" in preset.options or any(
        "Saved collection: avaliações" in o for o in preset.options
    )
    at.selectbox(key="cmp_a").set_value("fake-sentences")
    at.selectbox(key="cmp_b").set_value("fake-sentences")
    preset.set_value("collection:avaliações").run()
    assert not at.exception and not _errors(at)
    lines = at.text_area(key="cmp_text").value.splitlines()
    assert len(lines) == 18 and "gato no parque com amigos" in lines  # one line per text
    assert at.query_params["preset"] == "collection:avaliações"
    assert _metrics(at)["Neighbour overlap"] == "1.00"


def test_without_collections_support_the_page_offers_only_presets(monkeypatch):
    import embedlab

    monkeypatch.delattr(embedlab, "list_collections", raising=False)
    at = run_page("compare")
    assert not any(o.startswith("Saved collection") for o in at.selectbox(key="cmp_preset").options)


def test_in_portuguese_the_errors_are_portuguese_and_the_pairs_section_still_works():
    at = _fakes(run_page("compare", lang="pt"), make_word_model(), make_sentence_model()).run()
    at.selectbox(key="cmp_a").set_value("tiny-words")
    at.selectbox(key="cmp_b").set_value("fake-sentences")
    at.text_area(key="cmp_text").input("gato\ncachorro\ncarro\ntrem\nuva\nbanana\nxyz").run()
    assert not at.exception
    [error] = _errors(at)
    assert error == (
        "Comparar 10 vizinhos por item exige pelo menos 11 itens que os dois modelos consigam "
        "transformar em vetores (há 6). Acrescente mais 5 ou reduza k para 5. Ignorados (fora "
        "do vocabulário de um modelo): 'xyz'."
    )
    at.text_area(key="cmp_pairs").input("rei – king\nrainha – queen").run()
    at.selectbox(key="cmp_tr_model").set_value("tiny-words").run()
    assert _errors(at)[-1] == (
        "Avaliar traduções em 5 exige pelo menos 5 pares que Tiny test words consiga transformar "
        "em vetores (há 2). Acrescente pares, um por linha, como 'gato – cat'."
    )


def test_a_real_saved_collection_opens_from_the_url(monkeypatch, tmp_path):
    import pandas as pd
    from streamlit.testing.v1 import AppTest

    import embedlab
    from tests.app.conftest import APP

    monkeypatch.setenv("EMBEDLAB_DATA_DIR", str(tmp_path))
    model = make_sentence_model()
    texts = [f"{w} no parque\ncom amigos" for w in TOPIC_WORDS.split()]
    embedlab.create_collection("passeios", pd.DataFrame({"texto": texts}), model=model)
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["lang"] = "en"
    at.session_state["session_models"] = {model.id: (model.name, model)}
    at.query_params.update(a=model.id, b=model.id, preset="collection:passeios", k="5")
    at.run()
    at.switch_page("views/compare.py").run()
    assert not at.exception and not _errors(at)
    assert at.selectbox(key="cmp_preset").value == "collection:passeios"
    assert "gato no parque com amigos" in at.text_area(key="cmp_text").value.splitlines()
    assert any("Scores on 18 items" in s.value for s in at.subheader)
