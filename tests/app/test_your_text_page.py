"""The "Your own text" page through the router, as an analyst uses it (fake model, tmp cache)."""

from __future__ import annotations

import base64
import json

import numpy as np
import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import embedlab.big_tables
import embedlab.collection
import embedlab.density
from tests.app.conftest import APP, run_page
from tests.conftest import ROOT, TOPICS, make_sentence_model, make_word_model

DATA = ROOT / "tests" / "data"
PAGE = "your_text"


@pytest.fixture(autouse=True)
def _cache_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setenv("EMBEDLAB_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("EMBEDLAB_DATA_DIR", str(tmp_path / "collections"))
    from embedlab.collections import store

    monkeypatch.setattr(store, "_MODELS", {})  # a fresh process: no model loaded yet


def topic_csv() -> bytes:
    """30 Portuguese texts, 10 per topic of the fake model (animais, veículos, frutas)."""
    rng = np.random.default_rng(0)
    rows = ["texto;tema"]
    for topic, words in TOPICS.items():
        for i in range(10):
            chosen = rng.choice(words, size=3, replace=False)
            rows.append(f"O {chosen[0]} e o {chosen[1]} com {chosen[2]}, número {i}.;{topic}")
    return "\n".join(rows).encode("cp1252")


def upload(at, name: str, data: bytes | None = None):
    data = (DATA / name).read_bytes() if data is None else data
    return at.file_uploader(key="yt_file").upload(name, data, "application/octet-stream").run()


def embedded(name: str, data: bytes | None = None):
    at = upload(run_page(PAGE, model=make_sentence_model()), name, data)
    assert not at.exception, at.exception
    at.button(key="yt_embed").click().run()
    assert not at.exception, at.exception
    return at


def errors(at) -> list[str]:
    return [e.value for e in at.error]


def figure(at) -> dict:
    return json.loads(at.get("plotly_chart")[0].proto.spec)


def highlighted(at) -> dict:
    return next(t for t in figure(at)["data"] if t.get("name") == "highlighted")


def count(values) -> int:
    """Number of values in a plotly array (plain list, or typed array as base64 'bdata')."""
    if isinstance(values, dict):
        return len(np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]))
    return len(values)


def test_page_opens_and_waits_for_a_file():
    at = run_page(PAGE, model=make_sentence_model())
    assert not at.exception and not errors(at)
    assert at.title[0].value == "Your own text"
    assert len(at.file_uploader) == 1


def test_cp1252_semicolon_csv_reads_right_and_embeds():
    at = upload(run_page(PAGE, model=make_sentence_model()), "cp1252_semicolon.csv")
    notes = " ".join(i.value for i in at.info)
    assert "cp1252" in notes and "semicolon" in notes and "decimal comma" in notes
    assert at.selectbox(key=[w.key for w in at.selectbox if "yt_col_" in w.key][0]).value == (
        "comentário"
    )
    preview = at.dataframe[0].value
    assert preview["comentário"][3] == "Ação promocional excelente, preço justo e boa qualidade."
    assert any("8 of 8 rows have a text in 'comentário'" in c.value for c in at.caption)
    at.button(key="yt_embed").click().run()
    assert not at.exception and not errors(at)
    assert "8 texts embedded" in at.success[0].value
    assert len(at.get("plotly_chart")) == 1
    assert len(at.get("download_button")) == 5


def test_second_visit_reads_the_disk_cache():
    embedded("cp1252_semicolon.csv")
    at = upload(run_page(PAGE, model=make_sentence_model()), "cp1252_semicolon.csv")
    assert not at.exception
    assert not [b for b in at.button if b.key == "yt_embed"]
    assert "8 texts embedded" in at.success[0].value


def test_search_lists_hits_and_highlights_them_on_the_map():
    at = embedded("topics.csv", topic_csv())
    at.text_input(key="yt_query").input("gato").run()
    assert not at.exception and not errors(at)
    hits = next(d.value for d in at.dataframe if "cosine" in d.value.columns)
    assert (hits["tema"].head(5) == "animais").all()
    assert hits["cosine"].is_monotonic_decreasing
    assert count(highlighted(at)["x"]) == 10


def test_more_like_this_lists_neighbours_of_the_row():
    at = embedded("topics.csv", topic_csv())
    at.number_input(key="yt_row").set_value(12).run()  # a veículos row
    assert not at.exception
    like = [d.value for d in at.dataframe if "cosine" in d.value.columns][-1]
    assert 12 not in like["row"].tolist()
    assert (like["tema"].head(5) == "veículos").all()


def test_kmeans_clusters_are_named_by_topic_words():
    at = embedded("topics.csv", topic_csv())
    at.slider(key="yt_kmeans_k").set_value(3).run()
    assert not at.exception and not errors(at)
    summary = next(d.value for d in at.dataframe if "keywords" in d.value.columns)
    assert summary["size"].tolist() == [10, 10, 10]
    for words in summary["keywords"]:
        assert any(set(words[:2]) <= set(topic) for topic in TOPICS.values()), words
    colours = {t["name"] for t in figure(at)["data"] if t.get("mode") == "markers"}
    assert len(colours) == 3 and all(": " in c for c in colours)


def test_first_map_is_coloured_by_what_the_colour_box_shows():
    at = embedded("topics.csv", topic_csv())
    assert at.selectbox(key="yt_colour").value == "cluster"
    groups = {t["name"] for t in figure(at)["data"] if t.get("mode") == "markers"}
    assert len(groups) > 1, "the box says 'cluster' but the map is drawn in one colour"


def test_suggested_k_and_hdbscan():
    at = embedded("topics.csv", topic_csv())
    at.toggle(key="yt_suggest").set_value(True).run()
    assert not at.exception and not errors(at)
    assert any("Silhouette per k" in c.value and "3: " in c.value for c in at.caption)
    summary = next(d.value for d in at.dataframe if "keywords" in d.value.columns)
    assert len(summary) == 3
    at.radio(key="yt_cluster_method").set_value("HDBSCAN").run()
    assert not at.exception and not errors(at)


def test_outliers_listed_and_marked():
    at = embedded("topics.csv", topic_csv())
    table = next(d.value for d in at.dataframe if "outlier score" in d.value.columns)
    assert len(table) == 20 and table["outlier score"].is_monotonic_decreasing
    at.selectbox(key="yt_mark").set_value("outliers").run()
    assert count(highlighted(at)["x"]) == 20
    at.selectbox(key="yt_colour").set_value("outlier score").run()
    assert figure(at)["data"][0]["marker"]["showscale"] is True


def test_large_maps_count_every_row_and_zoom_into_points(monkeypatch):
    monkeypatch.setattr(embedlab.density, "POINT_LIMIT", 29)
    at = embedded("topics.csv", topic_csv())
    assert any("30 rows in view, every one counted" in c.value for c in at.caption)
    heat = figure(at)["data"][0]
    assert heat["type"] == "heatmap"
    counts = np.frombuffer(base64.b64decode(heat["customdata"]["bdata"]), dtype="int32")
    assert counts.sum() == 30  # no row left out
    # Zoom into a region (what a box selection on the density image does).
    spec = figure(at)["layout"]
    x0, x1 = spec["xaxis"]["range"]
    y0, y1 = spec["yaxis"]["range"]
    at.session_state["yt_view"] = (x0, (x0 + x1) / 2, y0, y1)
    at.run()
    assert not at.exception and not errors(at)
    traces = figure(at)["data"]
    drawn = sum(
        count(t.get("x", []))
        for t in traces
        if t.get("mode") == "markers" and t.get("name") != "highlighted"
    )
    assert 0 < drawn <= 29
    assert any(f"{drawn} rows in this region, drawn as points" in c.value for c in at.caption), [
        (c.value, drawn) for c in at.caption
    ]
    at.button(key="yt_whole").click().run()
    assert figure(at)["data"][0]["type"] == "heatmap"


@pytest.mark.parametrize(
    ("name", "phrase"),
    [
        ("empty.csv", "is empty (0 bytes)"),
        ("binary.csv", "not a text file"),
        ("corrupt.xlsx", "corrupt or unreadable .xlsx"),
        ("header_only.csv", "no data rows"),
        ("malformed.jsonl", "line 3 is not valid JSON"),
        ("unsupported.docx", "are not supported"),
        ("empty_text_column.csv", "has no text in any of its 8 rows"),
    ],
)
def test_bad_files_give_a_clear_message(name, phrase):
    at = upload(run_page(PAGE, model=make_sentence_model()), name)
    assert not at.exception
    assert any(phrase in e for e in errors(at)), errors(at)
    assert len(at.file_uploader) == 1  # the user can upload another file


def test_row_numbers_are_the_files_even_with_empty_rows():
    data = "texto;nota\nação boa;1\n;2\n;3\nnão gostei;4\nentrega rápida;5\n".encode("cp1252")
    at = embedded("gaps.csv", data)
    assert any("2 rows with an empty text were left out" in c.value for c in at.caption)
    at.number_input(key="yt_row").set_value(4).run()  # rows count from 1, as in the file
    like = [d.value for d in at.dataframe if "cosine" in d.value.columns][-1]
    assert sorted(like["row"].tolist()) == [1, 5]
    at.number_input(key="yt_row").set_value(2).run()
    assert any("Row 2 has no text" in e for e in errors(at))


def test_empty_text_column_offers_another_column():
    at = upload(run_page(PAGE, model=make_sentence_model()), "empty_text_column.csv")
    key = [w.key for w in at.selectbox if "yt_col_" in w.key][0]
    at.selectbox(key=key).set_value("id").run()
    assert not errors(at)
    assert "Embed 8 texts" in [b.label for b in at.button]


def test_over_the_row_limit(monkeypatch):
    monkeypatch.setattr(embedlab.io, "MAX_ROWS", 1000)
    at = upload(run_page(PAGE, model=make_sentence_model()), "over_limit.csv")
    assert any("the limit is 1,000" in e for e in errors(at))


def test_over_the_size_limit(monkeypatch):
    monkeypatch.setattr(embedlab.io, "MAX_UPLOAD_MB", 0.01)
    at = upload(run_page(PAGE, model=make_sentence_model()), "over_limit.csv")
    assert any("the limit is 0.01 MB" in e for e in errors(at))


def test_duplicated_columns_and_mixed_types_are_told():
    at = upload(run_page(PAGE, model=make_sentence_model()), "duplicate_columns.csv")
    assert any("'texto' → 'texto.1'" in i.value for i in at.info)
    at = upload(run_page(PAGE, model=make_sentence_model()), "mixed_types.xlsx")
    assert any("read as text: código" in i.value for i in at.info)
    assert not errors(at)


def test_xlsx_sheet_choice_and_long_texts():
    at = upload(run_page(PAGE, model=make_sentence_model()), "sheets.xlsx")
    key = [w.key for w in at.selectbox if "yt_sheet_" in w.key][0]
    assert at.selectbox(key=key).options == ["Resumo", "Avaliações", "Vazia"]
    at.selectbox(key=key).set_value("Avaliações").run()
    assert not errors(at)
    assert "comentário" in at.dataframe[0].value.columns
    at.selectbox(key=key).set_value("Vazia").run()
    assert any("sheet 'Vazia' is empty" in e for e in errors(at))
    at = upload(run_page(PAGE, model=make_sentence_model()), "long_texts.csv")
    assert any("cut to 2,000 characters" in c.value for c in at.caption)


@pytest.mark.parametrize("n", [2, 3, 4])
def test_tiny_files_work(n):
    rows = ["gato preto", "cachorro bravo", "carro azul", "maçã verde"][:n]
    at = embedded("tiny.csv", ("texto\n" + "\n".join(rows)).encode())
    assert not at.exception and not errors(at)
    summary = next(d.value for d in at.dataframe if "keywords" in d.value.columns)
    assert summary["size"].sum() == n


def test_single_row_embeds_and_explains_what_needs_more_rows():
    at = embedded("single_row.csv")
    assert not at.exception
    assert "1 text embedded" in at.success[0].value
    assert any("at least 2" in e for e in errors(at))


def test_word_models_are_refused_with_a_hint():
    at = run_page(PAGE, model=make_word_model())
    assert not at.exception
    assert "sentence model" in errors(at)[0]


def test_the_page_in_portuguese():
    at = upload(run_page(PAGE, model=make_sentence_model(), lang="pt"), "topics.csv", topic_csv())
    assert not at.exception and not errors(at)
    assert at.title[0].value == "Seu próprio texto"
    assert any("30 de 30 linhas têm texto em 'texto'" in c.value for c in at.caption)
    at.button(key="yt_embed").click().run()
    assert not at.exception and not errors(at)
    assert "30 textos transformados em vetores" in at.success[0].value
    assert [t.label for t in at.tabs] == [
        "Mapa", "Busca", "Mais como este", "Grupos", "Atípicos", "Exportar"
    ]  # fmt: skip
    at.text_input(key="yt_query").input("gato").run()
    hits = next(d.value for d in at.dataframe if "cosseno" in d.value.columns)
    assert list(hits.columns[:3]) == ["linha", "cosseno", "texto"]
    assert (hits["tema"].head(5) == "animais").all()
    assert any("grupos, nomeados pelas suas palavras-chave" in c.value for c in at.caption)
    assert any("das 10 vizinhas mais próximas" in c.value for c in at.caption)


def test_missing_values_show_as_empty_cells():
    data = "texto;autor;nota\ngato preto;Ana;1\ncachorro bravo;;\ncarro azul;Rui;3\nmaçã verde;;4\n"
    at = embedded("gaps.csv", data.encode())
    at.text_input(key="yt_query").input("cachorro").run()
    hits = next(d.value for d in at.dataframe if "cosine" in d.value.columns)
    assert hits.loc[hits["row"] == 2, "autor"].item() == ""
    assert hits.loc[hits["row"] == 2, "nota"].item() == ""
    assert "None" not in hits.astype(str).to_string() and "nan" not in hits.astype(str).to_string()


# --------------------------------------------------------------------------- collections


def save(at, name: str):
    at.text_input(key="yt_save_name").input(name).run()
    at.button(key="yt_save").click().run()
    assert not at.exception, at.exception
    return at


class CountingModel:
    """The fake sentence model, counting the texts it embeds."""

    def __init__(self):
        self.model = make_sentence_model()
        self.embedded = 0

    def __getattr__(self, name):
        return getattr(self.model, name)

    def encode(self, texts, **kw):
        self.embedded += len(texts)
        return self.model.encode(texts, **kw)


def test_save_as_collection_then_reopen_after_a_restart_without_embedding():
    at = save(embedded("topics.csv", topic_csv()), "temas")
    assert not errors(at)
    assert embedlab.list_collections() == ["temas"]
    assert at.radio(key="yt_source").value == "Open a saved collection"
    assert at.selectbox(key="yt_collection").value == "temas"
    assert any("30 rows · model fake-sentences" in c.value for c in at.caption)
    # A server restart: Streamlit's caches and loaded models are gone; the collection is not.
    st.cache_data.clear()
    st.cache_resource.clear()
    model = CountingModel()
    at = run_page(PAGE, model=model)
    at.radio(key="yt_source").set_value("Open a saved collection").run()
    assert not at.exception and not errors(at)
    assert model.embedded == 0  # reopened, nothing embedded
    assert not [b for b in at.button if b.key == "yt_embed"]
    assert any(
        "Stored in the collection: it reopens without computing" in c.value for c in at.caption
    )
    at.text_input(key="yt_query").input("gato").run()
    assert not at.exception and not errors(at)
    assert model.embedded == 1  # only the query
    hits = next(d.value for d in at.dataframe if "cosine" in d.value.columns)
    assert (hits["tema"].head(5) == "animais").all()
    assert list(hits["row"]) == sorted(
        hits["row"], key=lambda r: -hits.set_index("row").loc[r, "cosine"]
    )
    at.number_input(key="yt_row").set_value(13).run()  # a veículos row (file row 13)
    like = [d.value for d in at.dataframe if "cosine" in d.value.columns][-1]
    assert 13 not in like["row"].tolist() and (like["tema"].head(5) == "veículos").all()
    summary = next(d.value for d in at.dataframe if "keywords" in d.value.columns)
    assert summary["size"].sum() == 30
    outliers = next(d.value for d in at.dataframe if "outlier score" in d.value.columns)
    assert len(outliers) == 20


def test_a_link_with_the_collection_reopens_it():
    save(embedded("topics.csv", topic_csv()), "temas")
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["lang"] = "en"
    at.session_state["session_models"] = {"fake-sentences": ("fake", make_sentence_model())}
    at.query_params["collection"] = "temas"
    at.run()
    at.switch_page("views/your_text.py").run()
    assert not at.exception and not errors(at)
    assert at.selectbox(key="yt_collection").value == "temas"
    assert len(at.get("plotly_chart")) == 1


@pytest.mark.parametrize(
    ("name", "phrase"),
    [
        ("dois nomes", "is not a valid collection name"),
        ("../fora", "is not a valid collection name"),
    ],
)
def test_bad_collection_names_are_refused(name, phrase):
    at = save(embedded("topics.csv", topic_csv()), name)
    assert any(phrase in e for e in errors(at)), errors(at)
    assert embedlab.list_collections() == []
    assert at.text_input(key="yt_save_name").value == name  # kept for fixing


def test_a_taken_name_needs_replace():
    save(embedded("topics.csv", topic_csv()), "temas")
    other = "texto\ngato preto\ncarro azul\nmaçã verde\n".encode()
    at = embedded("outro.csv", other)
    at.radio(key="yt_source").set_value("Upload a file").run()
    at = save(at, "temas")
    assert any("temas" in e for e in errors(at)), errors(at)
    at.checkbox(key="yt_overwrite").check().run()
    at = save(at, "temas")
    assert not errors(at)
    assert len(embedlab.open_collection("temas")) == 3


def test_collections_in_portuguese():
    at = upload(run_page(PAGE, model=make_sentence_model(), lang="pt"), "topics.csv", topic_csv())
    at.button(key="yt_embed").click().run()
    at = save(at, "temas")
    assert not errors(at)
    assert at.radio(key="yt_source").value == "Abrir uma coleção salva"
    assert any("30 linhas · modelo fake-sentences" in c.value for c in at.caption)
    at.text_input(key="yt_query").input("gato").run()
    hits = next(d.value for d in at.dataframe if "cosseno" in d.value.columns)
    assert (hits["tema"].head(5) == "animais").all()


def test_a_big_collection_finds_clusters_on_request_and_keeps_them(monkeypatch):
    monkeypatch.setattr(embedlab.big_tables, "EXACT_LIMIT", 10)  # 30 rows count as big
    save(embedded("topics.csv", topic_csv()), "temas")
    assert not [d for d in at_dataframes(run_saved("temas")) if "keywords" in d.columns]
    at = run_saved("temas")
    at.button(key="yt_find_clusters").click().run()
    assert not at.exception and not errors(at)
    summary = next(d for d in at_dataframes(at) if "keywords" in d.columns)
    assert summary["size"].sum() == 30
    assert embedlab.open_collection("temas").info["clusters"]["k"] == summary.shape[0]
    # Reopened (caches cleared, as after a restart): read back, no button.
    st.cache_data.clear()
    st.cache_resource.clear()
    at = run_saved("temas")
    assert not [b for b in at.button if b.key == "yt_find_clusters"]
    assert next(d for d in at_dataframes(at) if "keywords" in d.columns)["size"].sum() == 30


def run_saved(name: str):
    at = run_page(PAGE, model=make_sentence_model())
    at.radio(key="yt_source").set_value("Open a saved collection").run()
    at.selectbox(key="yt_collection").set_value(name).run()
    assert not at.exception, at.exception
    return at


def at_dataframes(at) -> list:
    return [d.value for d in at.dataframe]


def test_a_collection_of_imported_vectors_explains_why_text_search_is_off():
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(
        {
            "titulo": [f"artigo {i}" for i in range(12)],
            "vetor": [rng.standard_normal(8).astype(np.float32).tolist() for _ in range(12)],
        }
    )
    embedlab.create_collection("artigos", frame, text_column="titulo", vector_column="vetor")
    at = run_saved("artigos")
    assert any("model none (imported vectors)" in c.value for c in at.caption)
    assert len(at.get("plotly_chart")) == 1  # map, clusters and more-like-this need no model
    at.text_input(key="yt_query").input("artigo").run()
    assert not at.exception
    assert any("no model named" in e for e in errors(at)), errors(at)
    at.radio(key="yt_cluster_method").set_value("HDBSCAN").run()
    assert not at.exception


# --------------------------------------------------------------------------- deleting


def saved_in_portuguese(*names: str):
    """The page in Portuguese with the topics upload saved as ``names[0]`` (open) and
    ``names[1:]`` made with the API."""
    for name in names[1:]:
        embedlab.create_collection(
            name, pd.DataFrame({"texto": ["gato preto", "carro azul"]}), model=make_sentence_model()
        )
    at = upload(run_page(PAGE, model=make_sentence_model(), lang="pt"), "topics.csv", topic_csv())
    at.button(key="yt_embed").click().run()
    at = save(at, names[0])
    assert not errors(at)
    return at


def test_deleting_a_collection_asks_first_and_refreshes_the_list():
    at = saved_in_portuguese("temas", "outra")
    assert at.selectbox(key="yt_collection").value == "temas"
    at.button(key="yt_delete").click().run()
    assert not at.exception
    assert "Apagar a coleção 'temas'" in at.warning[0].value
    assert at.button(key="yt_delete_confirm").label == "Apagar 'temas'"
    at.button(key="yt_delete_cancel").click().run()  # a misclick costs nothing
    assert not [b for b in at.button if b.key == "yt_delete_confirm"]
    assert embedlab.list_collections() == ["outra", "temas"]
    at.button(key="yt_delete").click().run()
    at.button(key="yt_delete_confirm").click().run()
    assert not at.exception and not errors(at)
    assert at.success[0].value == "A coleção 'temas' foi apagada."
    assert embedlab.list_collections() == ["outra"]
    assert at.selectbox(key="yt_collection").options == ["outra"]
    assert at.selectbox(key="yt_collection").value == "outra"
    assert at.query_params["collection"] == "outra"
    # The last one: the page goes back to uploading.
    at.button(key="yt_delete").click().run()
    at.button(key="yt_delete_confirm").click().run()
    assert not at.exception and not errors(at)
    assert embedlab.list_collections() == []
    assert not [r for r in at.radio if r.key == "yt_source"]
    assert at.success[0].value == "A coleção 'outra' foi apagada."


def test_deleting_a_collection_already_gone_says_so():
    at = saved_in_portuguese("temas")
    at.button(key="yt_delete").click().run()
    embedlab.delete_collection("temas")  # from another tab, or the command line
    at.button(key="yt_delete_confirm").click().run()
    assert not at.exception and not errors(at)
    assert "já tinha sido apagada" in at.success[0].value


def test_deleting_without_permission_keeps_the_collection(monkeypatch):
    import lancedb.db

    def refuse(self, name, **kw):
        raise PermissionError(13, "Permission denied", name)

    at = saved_in_portuguese("temas")
    monkeypatch.setattr(lancedb.db.LanceDBConnection, "drop_table", refuse)
    at.button(key="yt_delete").click().run()
    at.button(key="yt_delete_confirm").click().run()
    assert not at.exception
    assert errors(at)[0].startswith("Permissão negada ao apagar 'temas' em "), errors(at)
    assert any("Nada foi apagado: 'temas' continua lá." in c.value for c in at.caption)
    assert embedlab.list_collections() == ["temas"]
    assert at.selectbox(key="yt_collection").value == "temas"
    assert len(at.get("plotly_chart")) == 1  # still open below
