"""A fake corpus with known topics and a fake embedder with real structure.

Each topic is a fixed random direction; a word of a topic embeds near that direction,
other words (stop words, words shared by all topics) embed as seeded noise; a text is
the normalised mean of its words. So clustering has something true to find, and the
keywords of each cluster are known in advance.
"""

from __future__ import annotations

import zlib

import numpy as np

TOPICS: dict[str, list[str]] = {
    "entrega": ["entrega", "atraso", "transportadora", "frete", "correios", "prazo", "rastreio"],
    "preço": ["preço", "caro", "desconto", "promoção", "barato", "parcelas", "cupom"],
    "atendimento": ["atendimento", "atendente", "reclamação", "educação", "grosseria", "suporte"],
    "comida": ["café", "pão", "queijo", "sabor", "açúcar", "receita", "tempero"],
}
FILLER = ["não", "muito", "para", "com", "que", "uma", "foi", "the", "and", "is", "produto", "loja"]


class TopicEmbedder:
    """Deterministic fake sentence model: ``encode(texts) -> float32 (n, dim)``."""

    id = "fake-topics"
    name = "Fake topic embedder"
    kind = "sentence"

    def __init__(self, dim: int = 64, *, seed: int = 0, spread: float = 0.35) -> None:
        self.dim = dim
        rng = np.random.default_rng(seed)
        self._topic_dir = {t: rng.standard_normal(dim) for t in TOPICS}
        self._word_topic = {w: t for t, words in TOPICS.items() for w in words}
        self._seed = seed
        self._spread = spread

    def word_vector(self, word: str) -> np.ndarray:
        rng = np.random.default_rng([self._seed, zlib.crc32(word.encode())])
        noise = rng.standard_normal(self.dim)
        topic = self._word_topic.get(word)
        if topic is None:
            return noise * self._spread
        return self._topic_dir[topic] + noise * self._spread

    def encode(self, texts, *, batch_size: int = 64, progress=None) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            words = text.lower().replace(".", " ").replace(",", " ").split()
            v = np.mean([self.word_vector(w) for w in words], axis=0) if words else 0.0
            out[i] = v / (np.linalg.norm(v) or 1.0)
            if progress is not None and (i + 1) % batch_size == 0:
                progress(i + 1, len(texts))
        if progress is not None:
            progress(len(texts), len(texts))
        return out


def topic_corpus(per_topic: int = 50, *, seed: int = 0) -> tuple[list[str], np.ndarray]:
    """``per_topic`` texts per topic; returns (texts, true topic index per text)."""
    rng = np.random.default_rng(seed)
    texts, truth = [], []
    for t, words in enumerate(TOPICS.values()):
        for _ in range(per_topic):
            chosen = list(rng.choice(words, size=rng.integers(3, 6), replace=False))
            chosen += list(rng.choice(FILLER, size=rng.integers(3, 6), replace=True))
            rng.shuffle(chosen)
            texts.append(" ".join(chosen).capitalize() + ".")
            truth.append(t)
    return texts, np.asarray(truth)
