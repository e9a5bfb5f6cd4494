"""Tiny CLIP and CLAP models with random weights and the real architectures, built offline.

They are saved to a temporary folder in the formats users have (a sentence-transformers CLIP
folder, a transformers CLAP folder) and loaded through the same loader users use. Their
vectors mean nothing, but every step of the pipeline runs for real. Tokenizers are byte-level
BPE with no merges: each byte is a token, so any text tokenizes without a download.
"""

from __future__ import annotations

import io
import json
import math
import os
import zipfile
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

COLOURS = {
    "vermelho": (220, 30, 30),
    "verde": (30, 170, 60),
    "azul": (30, 70, 220),
    "amarelo": (240, 200, 20),
}
SHAPES = ("circulo", "quadrado", "triangulo")


def _byte_symbols() -> list[str]:
    """The 256 symbols of byte-level BPE (GPT-2's byte-to-unicode table), by byte."""
    printable = [*range(ord("!"), ord("~") + 1), *range(ord("¡"), ord("¬") + 1)]
    printable += range(ord("®"), ord("ÿ") + 1)
    symbols = {b: chr(b) for b in printable}
    others = [b for b in range(256) if b not in symbols]
    symbols.update({b: chr(256 + i) for i, b in enumerate(others)})
    return [symbols[b] for b in range(256)]


def build_clip_folder(folder: Path, *, seed: int = 0) -> Path:
    """A sentence-transformers CLIP folder (``modules.json`` as on the Hub), 16-d vectors."""
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import CLIPModel as STCLIPModel
    from transformers import CLIPConfig, CLIPImageProcessor, CLIPModel, CLIPProcessor, CLIPTokenizer

    hf = folder.parent / f"{folder.name}-hf"
    hf.mkdir(parents=True, exist_ok=True)
    symbols = _byte_symbols()
    vocab = {s: i for i, s in enumerate(symbols)}
    vocab.update({s + "</w>": len(symbols) + i for i, s in enumerate(symbols)})
    vocab["<|startoftext|>"] = len(vocab)
    vocab["<|endoftext|>"] = len(vocab)
    (hf / "vocab.json").write_text(json.dumps(vocab), encoding="utf-8")
    (hf / "merges.txt").write_text("#version: 0.2\n", encoding="utf-8")
    tokenizer = CLIPTokenizer(str(hf / "vocab.json"), str(hf / "merges.txt"), model_max_length=77)
    end = vocab["<|endoftext|>"]
    config = CLIPConfig(
        text_config=dict(
            vocab_size=len(vocab), hidden_size=32, intermediate_size=64, num_hidden_layers=2,
            num_attention_heads=2, max_position_embeddings=77,
            bos_token_id=vocab["<|startoftext|>"], eos_token_id=end, pad_token_id=end,
        ),
        vision_config=dict(
            hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=2,
            image_size=32, patch_size=8,
        ),
        projection_dim=16,
    )  # fmt: skip
    torch.manual_seed(seed)
    CLIPModel(config).save_pretrained(hf)
    images = CLIPImageProcessor(size={"shortest_edge": 32}, crop_size={"height": 32, "width": 32})
    CLIPProcessor(image_processor=images, tokenizer=tokenizer).save_pretrained(hf)
    SentenceTransformer(modules=[STCLIPModel(str(hf))], device="cpu").save(str(folder))
    # As the Hub's clip-ViT-B-32 spells it (the legacy module name), to load what users have.
    modules = json.loads((folder / "modules.json").read_text())
    modules[0]["type"] = "sentence_transformers.models.CLIPModel"
    (folder / "modules.json").write_text(json.dumps(modules, indent=2))
    return folder


def build_text_into_clip_folder(folder: Path, *, dim: int = 16) -> Path:
    """A tiny text-only sentence-transformers model with ``dim``-d output (BERT + mean + Dense):
    the shape of ``clip-ViT-B-32-multilingual-v1``, to pair with a CLIP image model."""
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Dense, Pooling, Transformer
    from transformers import BertConfig, BertModel, BertTokenizer

    hf = folder.parent / f"{folder.name}-hf"
    hf.mkdir(parents=True, exist_ok=True)
    words = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *"abcdefghijklmnopqrstuvwxyzçãéó"]
    (hf / "vocab.txt").write_text("\n".join(words) + "\n", encoding="utf-8")
    BertTokenizer(str(hf / "vocab.txt"), model_max_length=64).save_pretrained(hf)
    torch.manual_seed(1)
    BertModel(
        BertConfig(
            vocab_size=len(words), hidden_size=32, intermediate_size=64, num_hidden_layers=1,
            num_attention_heads=2, max_position_embeddings=64,
        )
    ).save_pretrained(hf)  # fmt: skip
    body = Transformer(str(hf))
    pool = Pooling(32, pooling_mode="mean")
    SentenceTransformer(
        modules=[body, pool, Dense(32, dim, bias=False, activation_function=torch.nn.Identity())],
        device="cpu",
    ).save(str(folder))
    return folder


def build_clap_folder(folder: Path, *, seed: int = 0) -> Path:
    """A transformers CLAP folder (``ClapModel`` + ``ClapProcessor``), 16 kHz, 2 s window."""
    import torch
    from transformers import (
        ClapConfig,
        ClapFeatureExtractor,
        ClapModel,
        ClapProcessor,
        RobertaTokenizer,
    )

    folder.mkdir(parents=True, exist_ok=True)
    vocab = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3, "<mask>": 4}
    vocab.update({s: 5 + i for i, s in enumerate(_byte_symbols())})
    (folder / "vocab.json").write_text(json.dumps(vocab), encoding="utf-8")
    (folder / "merges.txt").write_text("#version: 0.2\n", encoding="utf-8")
    tokenizer = RobertaTokenizer(
        str(folder / "vocab.json"), str(folder / "merges.txt"), model_max_length=64
    )
    config = ClapConfig(
        text_config=dict(
            vocab_size=len(vocab), hidden_size=32, intermediate_size=64, num_hidden_layers=2,
            num_attention_heads=2, max_position_embeddings=80, projection_dim=16,
        ),
        audio_config=dict(
            spec_size=64, num_mel_bins=16, window_size=4, patch_size=4, patch_stride=[4, 4],
            depths=[1, 1], num_attention_heads=[2, 2], patch_embeds_hidden_size=16,
            hidden_size=32, projection_dim=16, enable_fusion=False,
        ),
        projection_dim=16,
    )  # fmt: skip
    torch.manual_seed(seed)
    ClapModel(config).save_pretrained(folder)
    extractor = ClapFeatureExtractor(
        feature_size=16, sampling_rate=16_000, hop_length=160, max_length_s=2,
        fft_window_size=400, frequency_max=8_000, truncation="rand_trunc",
    )  # fmt: skip
    ClapProcessor(feature_extractor=extractor, tokenizer=tokenizer).save_pretrained(folder)
    return folder


# --------------------------------------------------------------------------- media files


def shape_image(colour: str, shape: str, *, size: int = 96, fmt: str = "PNG") -> bytes:
    """A picture of a coloured shape on white, as file bytes."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (size, size), "white")
    draw = ImageDraw.Draw(img)
    box = (size // 6, size // 6, size - size // 6, size - size // 6)
    fill = COLOURS[colour]
    if shape == "circulo":
        draw.ellipse(box, fill=fill)
    elif shape == "quadrado":
        draw.rectangle(box, fill=fill)
    else:
        draw.polygon([(size // 2, box[1]), (box[2], box[3]), (box[0], box[3])], fill=fill)
    buf = io.BytesIO()
    img.save(buf, fmt)
    return buf.getvalue()


def shapes_zip(*, extra: dict[str, bytes] | None = None) -> bytes:
    """A ZIP of 12 shape pictures (4 colours x 3 shapes) in a folder, plus ``extra`` files."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        for colour in COLOURS:
            for shape in SHAPES:
                archive.writestr(f"formas/{shape}-{colour}.png", shape_image(colour, shape))
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buf.getvalue()


def tone(freq: float, *, seconds: float = 1.0, rate: int = 22_050, fmt: str = "WAV") -> bytes:
    """A sine tone as a sound file (WAV, FLAC, OGG or MP3)."""
    import soundfile as sf

    t = np.arange(int(seconds * rate)) / rate
    samples = (0.4 * np.sin(2 * math.pi * freq * t)).astype(np.float32)
    buf = io.BytesIO()
    sf.write(buf, samples, rate, format=fmt)
    return buf.getvalue()


def tones_zip() -> bytes:
    """A ZIP of six tones (low to high) as WAV and FLAC."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        for i, freq in enumerate((110, 220, 440, 880, 1760, 3520)):
            fmt = "FLAC" if i % 2 else "WAV"
            archive.writestr(f"sons/tom-{freq}hz.{fmt.lower()}", tone(freq, fmt=fmt))
    return buf.getvalue()


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def tiny_clip_folder(tmp_path_factory) -> Path:
    """A tiny sentence-transformers CLIP folder, built once per test session."""
    return build_clip_folder(tmp_path_factory.mktemp("models") / "tiny-clip")


@pytest.fixture(scope="session")
def tiny_clap_folder(tmp_path_factory) -> Path:
    """A tiny transformers CLAP folder, built once per test session."""
    return build_clap_folder(tmp_path_factory.mktemp("models") / "tiny-clap")
