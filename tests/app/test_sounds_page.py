"""Sounds page (AppTest) with the tiny random CLAP folder built by the tests."""

from __future__ import annotations

import json

import pytest

from embedlab.media import models as media_models
from tests.app.conftest import run_page
from tests.media_fixtures import tone, tones_zip


@pytest.fixture(autouse=True)
def _no_cached_hub_models(monkeypatch):
    monkeypatch.setattr(media_models, "find_media_models", lambda kind=None: [])


def _with_model(folder, lang="en"):
    at = run_page("sounds", lang=lang)
    at.text_input(key="audio_model_id").input(str(folder)).run()
    return at


def test_without_a_model_the_page_explains_how_to_get_one():
    at = run_page("sounds")
    assert not at.exception and not at.error
    info = at.info[0].value
    assert "CLAP" in info and "laion/clap-htsat-unfused" in info and "soundfile" in info
    assert not at.get("file_uploader")


def test_an_image_model_is_sent_to_the_images_page(tiny_clip_folder):
    at = _with_model(tiny_clip_folder)
    assert not at.exception
    assert "not a model for sounds" in at.error[0].value and "Images" in at.error[0].value


def test_upload_search_map_play_export(tiny_clap_folder):
    at = _with_model(tiny_clap_folder)
    assert not at.exception and not at.error
    at.file_uploader(key="snd_files").set_value(
        [
            ("sons.zip", tones_zip(), "application/zip"),
            ("latido.mp3", tone(600, fmt="MP3"), "audio/mpeg"),
            ("letra.txt", b"la la la", "text/plain"),
        ]
    ).run()
    assert not at.exception, at.exception
    assert "7 clips embedded with tiny-clap" in at.success[0].value
    assert "1 file skipped" in at.get("expander")[0].label

    # text -> sound search: every hit can be played
    assert at.text_input(key="snd_query").value == "a dog barking"
    assert len(at.get("audio")) >= 5 + 1  # 5 hits + the clip under the map

    # the map, clustered, with the hits as stars; a clip to play under it
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert any(trace.get("name") == "search hits" for trace in spec["data"])
    assert sum(len(tr["customdata"]) for tr in spec["data"] if tr["name"] != "search hits") == 7
    at.selectbox(key="snd_play_none").set_value(6).run()
    assert not at.exception
    assert "Length: 1.0 s" in [c.value for c in at.caption]

    table = at.dataframe[-1].value
    assert list(table.columns) == ["file", "map_x", "map_y", "cluster"] and len(table) == 7


def test_portuguese_page(tiny_clap_folder):
    at = _with_model(tiny_clap_folder, lang="pt")
    at.file_uploader(key="snd_files").set_value(("s.zip", tones_zip(), "application/zip")).run()
    assert not at.exception
    assert "6 sons transformados em vetores" in at.success[0].value
    assert at.text_input(key="snd_query").value == "um cachorro latindo"


def test_only_non_audio_is_an_error(tiny_clap_folder):
    at = _with_model(tiny_clap_folder)
    at.file_uploader(key="snd_files").set_value(("x.wav", b"RIFFjunk", "audio/wav")).run()
    assert not at.exception
    assert "No sound clip could be read" in at.error[0].value
