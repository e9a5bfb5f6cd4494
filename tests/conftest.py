"""Fixtures shared by all tests: small models with real structure, offline."""

from __future__ import annotations

import functools
import os
import sys
import tempfile
import zlib
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


# Tests never write into the user's home. Models built once (use-words, the int8 MiniLM) go to
# a cache folder outside it that later runs reuse (EMBEDLAB_TEST_CACHE_DIR, else one in the
# system's temporary folder); collections go to a fresh folder removed after the run.
# The browser tests' servers inherit this environment.
os.environ["EMBEDLAB_CACHE_DIR"] = os.environ.get("EMBEDLAB_TEST_CACHE_DIR") or str(
    Path(tempfile.gettempdir()) / "embedlab-test-cache"
)
_DATA = tempfile.TemporaryDirectory(prefix="embedlab-test-data-")
os.environ["EMBEDLAB_DATA_DIR"] = _DATA.name

import embedlab  # noqa: E402
from embedlab.models import SentenceModel, WordModel  # noqa: E402

TOPICS = {
    "animais": ["gato", "cachorro", "leão", "tigre", "cavalo", "vaca"],
    "veículos": ["carro", "caminhão", "ônibus", "moto", "avião", "trem"],
    "frutas": ["maçã", "banana", "uva", "laranja", "pera", "manga"],
}


def make_word_model(dim: int = 16, seed: int = 0, *, model_id: str = "tiny-words") -> WordModel:
    """Words of a topic share a fixed direction plus seeded noise; also king/queen/man/woman
    built so that king - man + woman = queen exactly (before noise)."""
    from gensim.models import KeyedVectors

    rng = np.random.default_rng(seed)
    keys, rows = [], []
    for t, words in enumerate(TOPICS.values()):
        centre = np.zeros(dim, np.float32)
        centre[t] = 5.0
        for w in words:
            keys.append(w)
            rows.append(centre + rng.normal(0, 0.5, dim).astype(np.float32))
    royal, male, female, base = (rng.normal(0, 1, dim).astype(np.float32) for _ in range(4))
    for w, v in {
        "king": base + royal + male,
        "queen": base + royal + female,
        "man": base + male,
        "woman": base + female,
        "rei": base + royal + male + 0.05,
        "rainha": base + royal + female + 0.05,
        "homem": base + male + 0.05,
        "mulher": base + female + 0.05,
    }.items():
        keys.append(w)
        rows.append(v)
    kv = KeyedVectors(dim)
    kv.add_vectors(keys, np.asarray(rows, dtype=np.float32))
    return WordModel(kv, id=model_id, name="Tiny test words")


class TopicEncoder:
    """A fake sentence encoder: a text's vector is the sum of fixed directions of the topic
    words it contains, plus noise seeded by the text (so equal texts get equal vectors)."""

    def __init__(self, dim: int = 32) -> None:
        self.dim = dim
        self.vocab = {w: t for t, words in enumerate(TOPICS.values()) for w in words}

    def __call__(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), np.float32)
        for i, text in enumerate(texts):
            rng = np.random.default_rng(zlib.crc32(text.encode("utf-8")))
            out[i] = rng.normal(0, 0.3, self.dim)
            for token in text.lower().split():
                if token.strip(".,;!?") in self.vocab:
                    out[i, self.vocab[token.strip(".,;!?")]] += 3.0
        return out


def make_sentence_model(dim: int = 32, *, model_id: str = "fake-sentences") -> SentenceModel:
    return SentenceModel(TopicEncoder(dim), id=model_id, name="Fake topic sentences", dim=dim)


@pytest.fixture
def word_model() -> WordModel:
    return make_word_model()


@pytest.fixture
def sentence_model() -> SentenceModel:
    return make_sentence_model()


@functools.cache
def real_model(model_id: str):
    """Load a real offline default model once per test session."""
    return embedlab.models.load_model(model_id)


def make_bilingual_word_model(dim: int = 16, seed: int = 1) -> WordModel:
    """Portuguese and English words tagged with their language, built so that with all words
    ``homem : rei :: mulher`` answers "king" (English, exactly on b − a + c) and with
    Portuguese words only "rainha" — the trap of a mixed vocabulary."""
    from gensim.models import KeyedVectors

    rng = np.random.default_rng(seed)
    base, royal, male, female, city = (rng.normal(0, 1, dim).astype(np.float32) for _ in range(5))
    noise = lambda: rng.normal(0, 0.15, dim).astype(np.float32)  # noqa: E731
    unit = lambda v: v / np.linalg.norm(v)  # noqa: E731
    ideal = unit(base + royal + male) - unit(base + male) + unit(base + female)
    rows = {
        "homem": (base + male, ("pt",)),
        "mulher": (base + female, ("pt",)),
        "rei": (base + royal + male, ("pt",)),
        "rainha": (base + royal + female + noise(), ("pt",)),
        "menino": (base + male + noise(), ("pt",)),
        "man": (base + male + noise(), ("en",)),
        "woman": (base + female + noise(), ("en",)),
        "king": (ideal, ("en",)),  # exactly b − a + c of homem : rei :: mulher
        "queen": (base + royal + female + noise(), ("en",)),
        "boy": (base + male + noise(), ("en",)),
        "paris": (city + noise(), ("pt", "en")),
        "lisboa": (city + noise(), ("pt",)),
        "london": (city + noise(), ("en",)),
        "animal": (base + noise(), ("en", "pt")),
    }
    kv = KeyedVectors(dim)
    kv.add_vectors(list(rows), np.asarray([v for v, _ in rows.values()], dtype=np.float32))
    return WordModel(
        kv,
        id="tiny-bilingual",
        name="Tiny bilingual words",
        word_languages=[langs for _, langs in rows.values()],
    )


# Tiny CLIP / CLAP folders (session-scoped, built offline) for the image and sound tests.
from tests.media_fixtures import tiny_clap_folder, tiny_clip_folder  # noqa: E402,F401
