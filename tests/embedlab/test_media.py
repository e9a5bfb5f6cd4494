"""Images and sounds: safe reading, the tiny CLIP/CLAP loaders, and the disk cache."""

from __future__ import annotations

import io
import zipfile

import numpy as np
import pytest
from PIL import Image

import embedlab
from embedlab.errors import InputError, ModelLoadError
from embedlab.media import (
    embed_clips_cached,
    embed_images_cached,
    load_media_model,
    media_kind,
    open_image,
    read_clip,
    read_clips,
    read_images,
    resample,
)
from embedlab.media.files import Limits, unpack
from embedlab.media.images import MAX_PIXELS
from tests.media_fixtures import (
    build_text_into_clip_folder,
    shape_image,
    shapes_zip,
    tone,
    tones_zip,
)


@pytest.fixture(autouse=True)
def _own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("EMBEDLAB_CACHE_DIR", str(tmp_path / "cache"))


# --------------------------------------------------------------------------- images


def test_zip_of_images_keeps_images_and_lists_the_rest():
    data = shapes_zip(
        extra={
            "leia-me.txt": b"not an image",
            "falso.png": b"%PDF-1.4 not a png",
            "__MACOSX/formas/._circulo.png": b"junk",
            ".DS_Store": b"junk",
        }
    )
    found = read_images(
        [("formas.zip", data), ("solto.jpg", shape_image("azul", "circulo", fmt="JPEG"))]
    )
    assert len(found) == 13
    assert found.names[0] == "formas/circulo-vermelho.png" and found.names[-1] == "solto.jpg"
    skipped = dict(found.skipped)
    assert set(skipped) == {"leia-me.txt", "falso.png"}
    assert "not an image in an accepted format" in skipped["falso.png"]
    assert all(img.mode == "RGB" for img in found.images)
    assert len(set(found.digests)) == 13


def test_exif_rotated_photo_stands_upright():
    img = Image.new("RGB", (40, 20), "red")  # stored landscape
    exif = img.getexif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif)
    assert open_image(buf.getvalue()).size == (20, 40)


def test_iphone_heic_photos_are_read():
    pytest.importorskip("pillow_heif").register_heif_opener()  # to write one here
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), "red").save(buf, "HEIF")
    found = read_images([("IMG_0001.HEIC", buf.getvalue())])
    assert found.names == ["IMG_0001.HEIC"] and found.images[0].size == (64, 48)


def test_formats_outside_the_list_are_refused():
    buf = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buf, "ICO")  # Pillow reads ICO, but it is not accepted
    with pytest.raises(InputError, match="not an image in an accepted format"):
        open_image(buf.getvalue(), name="icone.png")
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    with pytest.raises(InputError, match="accepted format"):
        open_image(svg, name="x.png")


def test_decompression_bomb_is_refused_before_decoding():
    side = int(MAX_PIXELS**0.5) + 10
    buf = io.BytesIO()
    Image.new("1", (side, side)).save(buf, "PNG")  # a few KB on disk, ~90 M pixels
    assert len(buf.getvalue()) < 2_000_000
    with pytest.raises(InputError, match="decompression bomb"):
        open_image(buf.getvalue(), name="bomba.png")


def test_truncated_image_is_a_clear_error():
    data = shape_image("verde", "quadrado", fmt="JPEG")
    with pytest.raises(InputError, match="damaged image"):
        open_image(data[: len(data) // 2], name="cortada.jpg")


def test_count_and_size_limits():
    files = [(f"{i}.png", shape_image("azul", "circulo")) for i in range(5)]
    found = read_images(
        files, limits=Limits(max_files=3, max_file_bytes=10**6, max_total_bytes=10**7)
    )
    assert len(found) == 3 and "first 3 images" in found.notes[0]
    with pytest.raises(InputError, match="unpacks to more than"):
        read_images(files, limits=Limits(max_files=10, max_file_bytes=10**6, max_total_bytes=100))
    big = read_images(
        [*files[:1], ("grande.png", b"x" * 2000)],
        limits=Limits(max_files=10, max_file_bytes=1500, max_total_bytes=10**6),
    )
    assert "over the" in dict(big.skipped)["grande.png"]


def test_no_image_at_all_says_what_to_upload():
    with pytest.raises(InputError, match="No image could be read.*leia-me.txt"):
        read_images([("leia-me.txt", b"hello")])


def test_zip_bomb_stops_at_the_total_limit():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for i in range(3):
            archive.writestr(f"zeros{i}.png", b"\0" * 5_000_000)
    assert len(buf.getvalue()) < 100_000
    with pytest.raises(InputError, match="unpacks to more than 9 MB"):
        unpack(
            [("bomba.zip", buf.getvalue())],
            extensions=(".png",),
            limits=Limits(max_files=10, max_file_bytes=10 * 2**20, max_total_bytes=9 * 2**20),
        )


def test_broken_zip_is_listed_not_fatal():
    found = read_images(
        [("quebrado.zip", b"PK\x03\x04garbage"), ("ok.png", shape_image("azul", "circulo"))]
    )
    assert (
        found.names == ["ok.png"]
        and dict(found.skipped)["quebrado.zip"] == "not a readable ZIP archive"
    )


# --------------------------------------------------------------------------- audio


@pytest.mark.parametrize("fmt", ["WAV", "FLAC", "OGG", "MP3"])
def test_clips_decode_mono_at_the_model_rate(fmt):
    samples, duration = read_clip(
        tone(440, seconds=0.5, rate=22_050, fmt=fmt), sampling_rate=16_000
    )
    assert samples.dtype == np.float32 and samples.ndim == 1
    assert abs(len(samples) - 8_000) < 1_200  # MP3 pads a little
    assert 0.45 < duration < 0.6
    spectrum = np.abs(np.fft.rfft(samples[:4000]))
    assert abs(np.argmax(spectrum) * 16_000 / 4000 - 440) < 10  # still a 440 Hz tone


def test_stereo_and_long_clips():
    stereo = np.stack([np.ones(48_000), -np.ones(48_000) * 0.5], axis=1)
    samples, duration = read_clip((stereo, 48_000), sampling_rate=16_000, max_seconds=0.25)
    assert duration == 1.0 and len(samples) == 4_000
    assert np.allclose(samples[100:-100], 0.25, atol=1e-3)
    assert len(resample(np.zeros(441), 44_100, 16_000)) == 160


def test_non_audio_is_skipped_and_named():
    clips = read_clips(
        [("sons.zip", tones_zip()), ("letra.txt", b"la la"), ("falso.wav", b"RIFF....WAVEjunk")],
        sampling_rate=16_000,
    )
    assert len(clips) == 6 and clips.sampling_rate == 16_000
    assert set(dict(clips.skipped)) == {"letra.txt", "falso.wav"}
    assert "not a sound file" in dict(clips.skipped)["falso.wav"]
    with pytest.raises(InputError, match="No sound clip"):
        read_clips([("letra.txt", b"la")], sampling_rate=16_000)


# --------------------------------------------------------------------------- models


def test_media_kind_by_folder_content_and_by_name(tiny_clip_folder, tiny_clap_folder, tmp_path):
    assert media_kind(str(tiny_clip_folder)) == "image"
    assert media_kind(str(tiny_clap_folder)) == "audio"
    assert media_kind(str(tmp_path)) is None
    assert media_kind("clip-ViT-B-32") == "image"
    assert media_kind("laion/clap-htsat-unfused") == "audio"
    assert media_kind("sentence-transformers/LaBSE") is None
    assert media_kind("openai/clip-vit-base-patch32") == "image"
    assert media_kind("laion/larger_clap_general") == "audio"
    assert media_kind("someone/eclipse-bert") is None


def test_clip_folder_through_load_model(tiny_clip_folder):
    model = embedlab.load_model(str(tiny_clip_folder))
    assert model.kind == "multimodal" and model.dim == 16 and model.name == "tiny-clip"
    assert model.id == str(tiny_clip_folder.resolve())
    images = [Image.new("RGB", (50, 30), "red"), shape_image("azul", "circulo"), None]
    images[2] = tiny_clip_folder / "pic.png"
    images[2].write_bytes(shape_image("verde", "quadrado"))
    X = model.encode_images(images)
    T = model.encode(["um cachorro na praia", "a dog on the beach"])
    assert X.shape == (3, 16) and T.shape == (2, 16) and X.dtype == np.float32
    assert np.allclose(np.linalg.norm(X, axis=1), 1, atol=1e-5)
    again = model.encode_images([Image.new("RGB", (50, 30), "red")])
    assert np.allclose(again[0], X[0], atol=1e-5)  # deterministic
    with pytest.raises(InputError, match="accepted format"):
        model.encode_images([b"not an image"])


def test_text_model_paired_with_clip_image_model(tiny_clip_folder, tmp_path_factory):
    text = build_text_into_clip_folder(tmp_path_factory.mktemp("models") / "tiny-text")
    with pytest.raises(ModelLoadError, match="embeds only text.*pair it"):
        embedlab.media.load_clip(str(text))
    model = embedlab.load_model(f"{text} + {tiny_clip_folder}")
    assert model.kind == "multimodal" and model.name == "tiny-text + tiny-clip"
    assert model.encode(["gato"]).shape == (1, 16)
    assert model.encode_images([Image.new("RGB", (8, 8))]).shape == (1, 16)


def test_clap_folder_through_load_model(tiny_clap_folder):
    model = embedlab.load_model(str(tiny_clap_folder))
    assert model.kind == "multimodal" and model.modalities == ("text", "audio")
    assert model.sampling_rate == 16_000 and model.max_seconds == 2.0
    X = model.encode_audio([tone(440), tone(880, fmt="MP3"), (np.zeros(100_000), 44_100)])
    assert X.shape == (3, 16) and np.allclose(np.linalg.norm(X, axis=1), 1, atol=1e-5)
    assert np.allclose(model.encode_audio([tone(440)])[0], X[0], atol=1e-5)  # deterministic
    assert model.encode(["som de chuva", "cachorro latindo"]).shape == (2, 16)


def test_hub_ids_fail_clearly_offline(monkeypatch):
    import huggingface_hub

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(
        huggingface_hub.HfApi, "model_info", lambda *a, **k: pytest.fail("asked the Hub offline")
    )
    with pytest.raises(ModelLoadError, match="not in the local Hugging Face cache.*HF_HUB_OFFLINE"):
        embedlab.load_model("laion/clap-htsat-unfused")
    with pytest.raises(ModelLoadError, match="HF_HUB_OFFLINE"):
        embedlab.load_model("clip-ViT-B-32")


def test_hub_unreachable_or_unknown_online(monkeypatch):
    import huggingface_hub
    from huggingface_hub.errors import RepositoryNotFoundError

    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)

    def unreachable(self, repo_id, **kwargs):
        assert kwargs.get("timeout") == 5  # a closed network answers within seconds
        raise ConnectionError("no route")

    monkeypatch.setattr(huggingface_hub.HfApi, "model_info", unreachable)
    with pytest.raises(
        ModelLoadError, match="Could not reach the Hugging Face Hub.*needs internet"
    ):
        embedlab.load_model("laion/clap-htsat-unfused")

    def unknown(self, repo_id, **kwargs):
        err = RepositoryNotFoundError.__new__(RepositoryNotFoundError)  # no HTTP response here
        Exception.__init__(err, "404")
        raise err

    monkeypatch.setattr(huggingface_hub.HfApi, "model_info", unknown)
    with pytest.raises(ModelLoadError, match="no model 'laion/clap-nope' on the Hugging Face Hub"):
        embedlab.load_model("laion/clap-nope")


def test_missing_folder_and_non_media_model(tmp_path):
    with pytest.raises(ModelLoadError, match="no model folder"):
        load_media_model(str(tmp_path / "nada"))
    with pytest.raises(ModelLoadError, match="not an image or sound model"):
        load_media_model(str(tmp_path))


# --------------------------------------------------------------------------- disk cache


def test_image_vectors_come_back_from_the_disk_cache(tiny_clip_folder):
    model = load_media_model(str(tiny_clip_folder))
    found = read_images([("f.zip", shapes_zip())])
    calls = []
    first = embed_images_cached(
        model, found.images, found.digests, progress=lambda d, t: calls.append(d)
    )
    second = embed_images_cached(model, found.images, found.digests)
    assert not first.from_cache and second.from_cache and calls[-1] == 12
    assert np.array_equal(first.vectors, second.vectors)


def test_clip_vectors_come_back_from_the_disk_cache(tiny_clap_folder):
    model = load_media_model(str(tiny_clap_folder))
    clips = read_clips([("s.zip", tones_zip())], sampling_rate=model.sampling_rate)
    first = embed_clips_cached(model, clips.clips, clips.digests)
    second = embed_clips_cached(model, clips.clips, clips.digests)
    assert not first.from_cache and second.from_cache and first.vectors.shape == (6, 16)


def test_big_photos_are_kept_small():
    buf = io.BytesIO()
    Image.new("RGB", (3000, 2000), "blue").save(buf, "JPEG")
    assert open_image(buf.getvalue()).size == (512, 341)
    assert open_image(buf.getvalue(), max_side=None).size == (3000, 2000)
    assert open_image(Image.new("RGB", (1000, 100))).size == (512, 51)


def test_a_plain_transformers_clip_folder_gives_the_same_space(tiny_clip_folder):
    plain = tiny_clip_folder.parent / "tiny-clip-hf"  # what build_clip_folder wraps
    assert media_kind(str(plain)) == "image"
    a, b = load_media_model(str(plain)), load_media_model(str(tiny_clip_folder))
    red = [Image.new("RGB", (40, 40), "red")]
    assert np.allclose(a.encode_images(red), b.encode_images(red), atol=1e-5)
    assert np.allclose(a.encode(["um gato"]), b.encode(["um gato"]), atol=1e-5)


def test_deployment_switches_apply_to_media_models(tiny_clip_folder, tiny_clap_folder, monkeypatch):
    monkeypatch.setenv("EMBEDLAB_ALLOW_CUSTOM_MODELS", "0")
    for model_id in (str(tiny_clip_folder), "laion/clap-htsat-unfused", f"{tiny_clip_folder} + x"):
        with pytest.raises(ModelLoadError, match="EMBEDLAB_ALLOW_CUSTOM_MODELS=0"):
            load_media_model(model_id)
        with pytest.raises(ModelLoadError, match="EMBEDLAB_ALLOW_CUSTOM_MODELS=0"):
            embedlab.load_model(model_id)
    monkeypatch.delenv("EMBEDLAB_ALLOW_CUSTOM_MODELS")
    monkeypatch.setenv("EMBEDLAB_MODEL_DIRS", str(tiny_clap_folder))
    with pytest.raises(ModelLoadError, match="outside the model folders"):
        load_media_model(str(tiny_clip_folder))
    with pytest.raises(ModelLoadError, match="outside the model folders"):
        embedlab.load_model(str(tiny_clip_folder))
    assert load_media_model(str(tiny_clap_folder)).kind == "multimodal"
