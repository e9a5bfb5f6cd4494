"""The deployment switches for shared servers: catalogue only, and allowed model folders."""

from __future__ import annotations

from pathlib import Path

import pytest

import embedlab
from embedlab.models import catalogue


def _no_disk_no_network(monkeypatch):
    def touched(*args, **kwargs):
        raise AssertionError("the disk or the network was touched")

    monkeypatch.setattr(Path, "is_dir", touched)
    monkeypatch.setattr(catalogue, "_load_hub", touched)
    monkeypatch.setattr(catalogue, "_load_folder", touched)


@pytest.mark.parametrize("model_id", ["sentence-transformers/LaBSE", "/srv/models/mine", "x"])
def test_catalogue_only_refuses_anything_else_before_touching_disk_or_network(
    monkeypatch, model_id
):
    monkeypatch.setenv("EMBEDLAB_ALLOW_CUSTOM_MODELS", "0")
    _no_disk_no_network(monkeypatch)
    with pytest.raises(embedlab.ModelLoadError, match="only offers catalogue models"):
        embedlab.load_model(model_id)


def test_catalogue_models_still_load_when_custom_ones_are_off(monkeypatch):
    monkeypatch.setenv("EMBEDLAB_ALLOW_CUSTOM_MODELS", "false")
    assert embedlab.load_model("use-multilingual").dim == 512


def test_model_folders_outside_the_allowed_roots_are_refused(monkeypatch, tmp_path):
    allowed, other = tmp_path / "models", tmp_path / "elsewhere"
    (allowed / "mine").mkdir(parents=True)
    other.mkdir()
    monkeypatch.setenv("EMBEDLAB_MODEL_DIRS", str(allowed))
    with pytest.raises(embedlab.ModelLoadError, match="outside the model folders"):
        embedlab.load_model(str(other))
    # ".." cannot climb out of an allowed root
    with pytest.raises(embedlab.ModelLoadError, match="outside the model folders"):
        embedlab.load_model(str(allowed / ".." / "elsewhere"))
    # inside: the usual checks of a model folder run
    with pytest.raises(embedlab.ModelLoadError, match="mine") as err:
        embedlab.load_model(str(allowed / "mine"))
    assert "not a sentence-transformers model folder" in str(err.value)
