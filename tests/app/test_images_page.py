"""Images page (AppTest) with the tiny random CLIP folder built by the tests."""

from __future__ import annotations

import json

import numpy as np
import pytest

from embedlab.media import models as media_models
from tests.app.conftest import run_page
from tests.media_fixtures import shape_image, shapes_zip


@pytest.fixture(autouse=True)
def _no_cached_hub_models(monkeypatch):
    monkeypatch.setattr(media_models, "find_media_models", lambda kind=None: [])


def _texts(at) -> str:
    parts = [
        e.value
        for kind in ("markdown", "caption", "info", "success", "error", "warning")
        for e in getattr(at, kind)
    ]
    return "\n".join(str(p) for p in parts)


def _with_model(folder, lang="en"):
    at = run_page("images", lang=lang)
    at.text_input(key="image_model_id").input(str(folder)).run()
    return at


def test_without_a_model_the_page_explains_how_to_get_one():
    at = run_page("images")
    assert not at.exception and not at.error
    info = at.info[0].value
    assert "CLIP" in info and "pip install sentence-transformers" in info
    assert "clip-ViT-B-32" in info and "folder" in info
    assert not at.get("file_uploader")  # nothing half-drawn


def test_without_a_model_in_portuguese():
    at = run_page("images", lang="pt")
    assert not at.exception
    assert "Nenhum acompanha o embedlab" in at.info[0].value


def test_a_bad_model_id_is_a_clear_error_and_help(tmp_path):
    at = _with_model(tmp_path / "nao-existe")
    assert not at.exception
    assert "no model folder" in at.error[0].value
    assert at.info  # the how-to stays
    at.text_input(key="image_model_id").input("laion/clap-htsat-unfused").run()
    assert "HF_HUB_OFFLINE" in at.error[0].value


def test_a_sound_model_is_sent_to_the_sounds_page(tiny_clap_folder):
    at = _with_model(tiny_clap_folder)
    assert not at.exception
    assert "not a model for images" in at.error[0].value and "Sounds" in at.error[0].value


def test_upload_zip_search_similar_clusters_map_export(tiny_clip_folder):
    at = _with_model(tiny_clip_folder)
    assert not at.exception and not at.error
    assert "tiny-clip: 16 dimensions" in _texts(at)
    extra = {"leia-me.txt": b"oi", "falso.jpg": b"not a jpeg"}
    at.file_uploader(key="img_files").set_value(
        [
            ("formas.zip", shapes_zip(extra=extra), "application/zip"),
            ("solta.png", shape_image("azul", "circulo"), "image/png"),
        ]
    ).run()
    assert not at.exception, at.exception
    assert "13 images embedded with tiny-clip" in at.success[0].value
    skipped = at.get("expander")[0]
    assert "2 files skipped" in skipped.label
    table = at.dataframe[0].value
    assert set(table["file"]) == {"leia-me.txt", "falso.jpg"}

    # text -> image search: a query is filled in, the results are images with scores
    assert at.text_input(key="img_query").value == "a dog on the beach"
    images = at.get("image")
    assert images, "search results are shown as images"
    at.text_input(key="img_query").input("um quadrado vermelho").run()
    assert not at.exception

    # the map: PCA by default, thumbnails as layout images, search hits as stars
    chart = at.get("plotly_chart")[0]
    spec = json.loads(chart.proto.spec)
    assert len(spec["layout"]["images"]) == 13
    assert spec["layout"]["images"][0]["source"].startswith("data:image/jpeg;base64,")
    assert any(trace.get("name") == "search hits" for trace in spec["data"])
    customdata = sorted(
        i
        for trace in spec["data"]
        if trace.get("name") != "search hits"
        for i in trace["customdata"]
    )
    assert customdata == list(range(13))
    at.toggle(key="img_thumbs").set_value(False).run()
    assert "images" not in json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]
    at.radio(key="img_proj").set_value("umap").run()
    assert not at.exception and "UMAP" in at.get("plotly_chart")[0].proto.spec

    # similar images and clusters
    at.selectbox(key="img_like_none").set_value(3).run()
    assert not at.exception
    at.slider(key="img_clusters").set_value(4).run()
    assert not at.exception
    assert "**Cluster 3**" in _texts(at)

    # export: the CSV lists every file with coordinates and its cluster
    table = at.dataframe[-1].value
    assert list(table.columns) == ["file", "map_x", "map_y", "cluster"]
    assert len(table) == 13 and table["cluster"].nunique() == 4
    buttons = at.get("download_button")
    assert len(buttons) == 2


def test_upload_of_only_non_images_is_an_error_not_a_crash(tiny_clip_folder):
    at = _with_model(tiny_clip_folder)
    at.file_uploader(key="img_files").set_value(("notas.txt", b"nada", "text/plain")).run()
    assert not at.exception
    assert "No image could be read" in at.error[0].value


def test_vectors_are_cached_on_disk_across_sessions(tiny_clip_folder, tmp_path, monkeypatch):
    monkeypatch.setenv("EMBEDLAB_CACHE_DIR", str(tmp_path))
    for _ in range(2):
        at = _with_model(tiny_clip_folder)
        at.file_uploader(key="img_files").set_value(
            ("f.zip", shapes_zip(), "application/zip")
        ).run()
        assert not at.exception
    files = list((tmp_path / "embeddings").glob("*.npy"))
    assert len(files) == 1 and np.load(files[0]).shape == (12, 16)


def test_found_models_are_offered_in_a_selectbox(tiny_clip_folder, monkeypatch):
    monkeypatch.setattr(
        media_models, "find_media_models", lambda kind=None: [str(tiny_clip_folder)]
    )
    at = run_page("images")
    assert not at.exception
    assert at.selectbox(key="image_model_choice").value == str(tiny_clip_folder)
    assert "16 dimensions" in _texts(at)


@pytest.mark.parametrize("count", [1, 2])
def test_one_or_two_images_never_crash(tiny_clip_folder, count):
    at = _with_model(tiny_clip_folder)
    files = [
        (f"{i}.png", shape_image("azul", "circulo", size=40 + i), "image/png") for i in range(count)
    ]
    at.file_uploader(key="img_files").set_value(files).run()
    assert not at.exception, at.exception
    assert "Clusters need at least 3 items." in [c.value for c in at.caption]
    assert not at.error
    if count == 1:
        assert "A PCA map needs at least 2 items: upload more." in [i.value for i in at.info]
    at.radio(key="img_proj").set_value("umap").run()
    assert not at.exception
    assert "A UMAP map needs at least 4 items: upload more." in [i.value for i in at.info]


def test_a_catalogue_only_server_says_so(monkeypatch):
    monkeypatch.setenv("EMBEDLAB_ALLOW_CUSTOM_MODELS", "0")
    at = run_page("images")
    assert not at.exception and not at.error
    assert "only the models of its catalogue" in at.info[0].value
    assert not at.get("text_input")
