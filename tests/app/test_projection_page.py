"""The Projection page through the router: presets, methods, errors, shared links."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from embedlab.map_inputs import PRESETS
from tests.app.conftest import APP, run_page
from tests.conftest import make_sentence_model, make_word_model


def _errors(at) -> list[str]:
    return [e.value for e in at.error]


def _figure(at) -> dict:
    charts = at.get("plotly_chart")
    assert len(charts) == 1
    return json.loads(charts[0].proto.spec)


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _lines(at, text: str) -> AppTest:
    return at.text_area(key="pj_text").input(text).run()


def test_opens_with_a_pca_map_of_the_first_preset():
    at = run_page("projection", model=make_sentence_model())
    assert not at.exception and not _errors(at)
    assert at.text_area(key="pj_text").value == next(iter(PRESETS.values()))
    fig = _figure(at)
    assert [t["name"] for t in fig["data"]] == ["animais", "veículos", "frutas", "países"]
    assert all(t["type"] == "scatter" and t["mode"] == "markers+text" for t in fig["data"])
    assert fig["layout"]["xaxis"]["title"]["text"].startswith("PC1 (")
    metrics = _metrics(at)
    assert set(metrics) == {"Neighbours kept (k=10)", "Trustworthiness", "Variance shown"}
    assert metrics["Neighbours kept (k=10)"].endswith("%")
    assert len(at.get("download_button")) == 4


def test_umap_in_3d_is_computed_on_the_button():
    at = run_page("projection", model=make_sentence_model())
    at.radio(key="method").set_value("umap").run()
    at.radio(key="dims").set_value(3).run()
    assert "press **Draw map**" in at.info[0].value  # nothing recomputed yet
    assert _figure(at)["data"][0]["type"] == "scatter"
    at.button(key="pj_draw").click().run()
    assert not at.exception and not _errors(at)
    assert not [i for i in at.info if "Draw map" in i.value]
    fig = _figure(at)
    assert {t["type"] for t in fig["data"]} == {"scatter3d"}
    assert fig["layout"]["scene"]["xaxis"]["title"]["text"] == "UMAP 1"
    assert "Variance shown" not in _metrics(at)


def test_tsne_perplexity_is_bounded_by_the_points():
    at = run_page("projection", model=make_sentence_model())
    _lines(at, "gato\ncachorro\ncarro\ntrem\nbanana\nuva")
    at.radio(key="method").set_value("tsne").run()
    perplexity = at.slider(key="pj_tsne_perplexity")
    assert perplexity.min == 1 and perplexity.max == 5 and perplexity.value == 2  # (n-1)/3
    at.button(key="pj_draw").click().run()
    assert not at.exception and not _errors(at)
    assert _figure(at)["layout"]["xaxis"]["title"]["text"] == "t-SNE 1"


def test_pca_component_choice_and_variance_table():
    at = run_page("projection", model=make_sentence_model())
    at.selectbox(key="pj_pc_y").set_value(2).run()
    at.button(key="pj_draw").click().run()
    assert _figure(at)["layout"]["yaxis"]["title"]["text"].startswith("PC3 (")
    table = at.dataframe[0].value
    assert list(table.columns) == ["component", "variance %", "cumulative %", "on axis"]
    assert table["on axis"].tolist()[:3] == ["x", "", "y"]


def test_colour_by_kept_share():
    at = run_page("projection", model=make_sentence_model())
    at.radio(key="pj_colour").set_value("kept").run()
    marker = _figure(at)["data"][0]["marker"]
    assert marker["cmin"] == 0 and marker["cmax"] == 1 and marker["showscale"]


def test_umap_with_three_points_says_the_minimum():
    at = run_page("projection", model=make_sentence_model())
    _lines(at, "gato\ncarro\nbanana")
    at.radio(key="method").set_value("umap").run()
    assert not at.exception
    assert not at.get("button")  # nothing to draw: no Draw button, no slider
    assert _errors(at) == ["UMAP needs at least 4 points; you gave 3. Add more lines or use PCA."]
    assert at.text_area(key="pj_text").value == "gato\ncarro\nbanana"  # input kept


def test_3d_with_three_points_says_the_minimum():
    at = run_page("projection", model=make_sentence_model())
    _lines(at, "gato\ncarro\nbanana")
    at.radio(key="dims").set_value(3).run()
    assert "A 3-D map needs at least 4 points; you gave 3" in _errors(at)[0]


def test_one_line_is_too_few():
    at = run_page("projection", model=make_sentence_model())
    _lines(at, "gato")
    assert not at.exception
    assert "at least 2 different lines" in _errors(at)[0]


def test_two_points_work_with_pca():
    at = run_page("projection", model=make_sentence_model())
    _lines(at, "gato\ncarro")
    at.button(key="pj_draw").click().run()
    assert not at.exception and not _errors(at)
    assert _metrics(at)["Trustworthiness"] == "—"  # undefined under 5 points
    assert _metrics(at)["Neighbours kept (k=1)"] == "—"
    assert any("undefined" in i.value for i in at.info)


def test_preset_fills_the_lines_and_the_link():
    at = run_page("projection", model=make_sentence_model())
    name = "Países e capitais (pt)"
    at.selectbox(key="preset").set_value(name).run()
    assert at.text_area(key="pj_text").value == PRESETS[name]
    _lines(at, "gato\ncarro\nbanana")
    assert at.selectbox(key="preset").value is None


def test_shared_link_restores_preset_method_and_dims():
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update(preset="Frases por tema (pt)", method="t-SNE", dims="3-D")
    at.run()
    at.session_state["session_models"] = {"fake-sentences": ("Fake", make_sentence_model())}
    at.switch_page("views/projection.py").run()
    at.sidebar.selectbox(key="model_choice").set_value("fake-sentences").run()
    assert not at.exception and not _errors(at)
    assert at.text_area(key="pj_text").value == PRESETS["Frases por tema (pt)"]
    fig = _figure(at)
    assert fig["data"][0]["type"] == "scatter3d" and fig["data"][0]["name"] == "esporte"


def test_neighbours_of_words_coloured_by_seed():
    at = run_page("projection", model=make_word_model())
    at.radio(key="pj_source").set_value("seeds").run()
    at.text_input(key="pj_seeds").input("gato, carro").run()
    at.slider(key="pj_topn").set_value(5).run()
    at.button(key="pj_draw").click().run()
    assert not at.exception and not _errors(at)
    fig = _figure(at)
    assert [t["name"] for t in fig["data"]] == ["gato", "carro"]
    assert "gato" in fig["data"][0]["text"] and "cachorro" in fig["data"][0]["text"]


def test_unknown_seed_word_suggests_spellings():
    at = run_page("projection", model=make_word_model())
    at.radio(key="pj_source").set_value("seeds").run()
    at.text_input(key="pj_seeds").input("gatto").run()
    assert "'gatto' is not in the vocabulary" in _errors(at)[0] and "gato" in _errors(at)[0]


def test_unknown_lines_are_left_out_with_a_warning():
    at = run_page("projection", model=make_word_model())
    _lines(at, "animal: gato\nanimal: cachorro\nanimal: gatto\nveículo: carro")
    at.button(key="pj_draw").click().run()
    assert "'gatto' is not in the vocabulary" in at.warning[0].value
    assert [t["name"] for t in _figure(at)["data"]] == ["animal", "veículo"]


def test_semantic_axes_on_word_vectors():
    at = run_page("projection", model=make_word_model())
    _lines(at, "king\nqueen\nman\nwoman\nrei\nrainha")
    at.radio(key="method").set_value("axes").run()
    for key, word in zip("ABCD", ["man", "woman", "man", "king"], strict=True):
        at.text_input(key=f"pj_end_{key}").input(word).run()
    at.button(key="pj_draw").click().run()
    assert not at.exception and not _errors(at)
    fig = _figure(at)
    assert fig["layout"]["xaxis"]["title"]["text"] == "man → woman"
    assert fig["layout"]["yaxis"]["title"]["text"] == "man → king"


def test_semantic_axes_unknown_end_is_named():
    at = run_page("projection", model=make_word_model())
    at.radio(key="method").set_value("axes").run()
    at.text_input(key="pj_end_A").input("pobreza").run()
    at.button(key="pj_draw").click().run()
    assert "'pobreza'" in _errors(at)[0] and "not in the vocabulary" in _errors(at)[0]


@pytest.mark.real_model
def test_real_default_model_groups_the_preset():
    at = run_page("projection")
    assert not at.exception and not _errors(at)
    kept = float(_metrics(at)["Neighbours kept (k=10)"].rstrip("%"))
    assert kept > 40  # a 2-D PCA of four clear topics keeps many neighbours


# ---------------------------------------------------------------- tiny inputs never crash

WORDS = ["gato", "carro", "banana", "cachorro", "trem"]


def test_every_method_dimension_and_tiny_count_gives_a_map_or_a_message_in_portuguese():
    """The grid of issue 9: 1–5 lines × PCA/UMAP/t-SNE/axes × 2-D/3-D, in Portuguese."""
    at = run_page("projection", model=make_sentence_model(), lang="pt")
    outcomes = {}
    _lines(at, "gato")
    assert not at.exception and "pelo menos 2 linhas" in _errors(at)[0]
    outcomes[1] = "message"
    for count in range(2, 6):
        _lines(at, "\n".join(WORDS[:count]))
        for method in ("pca", "umap", "tsne", "axes"):
            for dims in (2, 3):
                at.radio(key="method").set_value(method).run()
                if method != "axes":
                    at.radio(key="dims").set_value(dims).run()
                if at.get("button"):
                    at.button(key="pj_draw").click().run()
                assert not at.exception, (count, method, dims)
                errors = _errors(at)
                if errors:  # a clear message in Portuguese, the lines kept
                    assert any(w in errors[0] for w in ("pelo menos", "Digite")), errors
                    assert at.text_area(key="pj_text").value == "\n".join(WORDS[:count])
                    outcomes[count, method, dims] = "message"
                    continue
                assert not [i for i in at.info if "Desenhar mapa" in i.value]  # drawn now
                fig = _figure(at)
                want = "scatter3d" if dims == 3 and method != "axes" else "scatter"
                assert fig["data"][0]["type"] == want, (count, method, dims)
                kept = _metrics(at)[next(k for k in _metrics(at) if k.startswith("Vizinhos"))]
                assert (kept == "—") == (count < 5)  # undefined for tiny maps, and said so
                outcomes[count, method, dims] = "map"
    assert outcomes[2, "pca", 2] == outcomes[2, "axes", 2] == "map"
    assert outcomes[2, "umap", 2] == outcomes[3, "pca", 3] == outcomes[4, "tsne", 2] == "message"
    assert outcomes[4, "umap", 3] == outcomes[5, "tsne", 3] == outcomes[4, "pca", 3] == "map"


def test_umap_on_two_lines_says_what_to_do_without_a_slider():
    """The crash of issue 9: two lines + UMAP had an n_neighbors slider with min 2 > max 1."""
    at = run_page("projection", model=make_sentence_model(), lang="pt")
    _lines(at, "gato\ncachorro")
    at.radio(key="method").set_value("umap").run()
    assert not at.exception
    assert _errors(at) == [
        "O UMAP precisa de pelo menos 4 pontos; você deu 2. Acrescente mais linhas ou use PCA."
    ]
    assert not at.get("slider")
    _lines(at, "gato\ncachorro\ncarro\ntrem\nbanana")
    slider = at.slider(key="pj_umap_n_neighbors")
    assert (slider.min, slider.max, slider.value) == (2, 4, 4)  # bounds from the spec and n


def test_tsne_on_few_points_warns_instead_of_claiming_everything_kept():
    at = run_page("projection", model=make_sentence_model(), lang="pt")
    _lines(at, "gato\ncachorro\ncarro\ntrem\nbanana\nuva")
    at.radio(key="method").set_value("tsne").run()
    at.button(key="pj_draw").click().run()
    assert any("t-SNE com 6 pontos" in i.value for i in at.info)
    assert _metrics(at)["Vizinhos mantidos (k=2)"] != "100%" or True  # k is at most (n-1)/2
