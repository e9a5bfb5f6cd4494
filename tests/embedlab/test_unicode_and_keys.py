"""Text in any Unicode form, and vocabulary keys that contain punctuation."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import numpy as np
import pytest
from gensim.models import KeyedVectors

import embedlab
from embedlab.keywords import cluster_keywords
from embedlab.models import WordModel
from embedlab.tokens import stop_words

NFC = "coração"
NFD = unicodedata.normalize("NFD", NFC)


@pytest.fixture
def accented() -> WordModel:
    rng = np.random.default_rng(0)
    words = [NFC, "mãe", "ação", "amor", "peito"]
    kv = KeyedVectors(8)
    kv.add_vectors(words, rng.normal(size=(len(words), 8)).astype(np.float32))
    return WordModel(kv, id="accented", name="accented")


def test_decomposed_text_is_the_same_word(accented):
    assert NFD != NFC and len(NFD) > len(NFC)
    assert accented.unknown_words([NFD]) == []
    assert NFD in accented
    np.testing.assert_array_equal(accented.encode([NFD]), accented.encode([NFC]))
    assert accented.most_similar(NFD, topn=2) == accented.most_similar(NFC, topn=2)
    assert accented.suggest(unicodedata.normalize("NFD", "coracão")) == [NFC]
    kept, X, error = embedlab.encode_known(accented, [f"meu {NFD}", NFD])
    assert kept == [NFD] and error is not None and error.words == ["meu"]


def test_analogy_takes_decomposed_input(accented):
    nfd = [unicodedata.normalize("NFD", w) for w in ("mãe", "ação", NFC)]
    assert embedlab.analogy(accented, *nfd, topn=2) == embedlab.analogy(
        accented, "mãe", "ação", NFC, topn=2
    )


# gensim's own test files in the word2vec text/binary, fastText .vec and GloVe formats whose
# keys include punctuation (kangaroo.n.01, </s>, "said.") and combining signs (Devanagari).
GENSIM_FILES = {
    "EN.1-10.cbow1_wind5_hs0_neg10_size300_smpl1e-05.txt": "text",
    "crime-and-punishment.vec": "text",
    "euclidean_vectors.bin": "binary",
    "high_precision.kv.txt": "text",
    "high_precision.kv.bin": "binary",
    "lee_fasttext.vec": "text",
    "poincare_vectors.bin": "binary",
    "test_glove.txt": "glove",
    "toy-model.vec": "text",
}


@pytest.mark.parametrize("name", sorted(GENSIM_FILES))
def test_gensim_test_files_load_exactly_and_every_key_encodes(name):
    from gensim.test.utils import datapath

    path = Path(datapath(name))
    kind = GENSIM_FILES[name]
    expected = KeyedVectors.load_word2vec_format(
        str(path), binary=kind == "binary", no_header=kind == "glove"
    )
    model = embedlab.load_vectors(path.read_bytes(), name)
    assert list(model.kv.index_to_key) == list(expected.index_to_key)
    np.testing.assert_array_equal(model.kv.vectors, expected.vectors)
    keys = list(expected.index_to_key)
    np.testing.assert_allclose(model.encode(keys), expected.vectors, rtol=0, atol=1e-6)


def test_one_stop_word_list_for_training_and_keywords():
    from embedlab import clustering, keywords

    assert keywords.stop_words is stop_words and clustering.stop_words is stop_words
    assert {"são", "é", "the", "http", "www", "br"} <= stop_words()


def test_keywords_skip_function_words_and_web_addresses():
    texts = [
        "As praias são lindas, veja http://www.praias.com.br/rio",
        "praias lindas são o melhor, www.turismo.br",
        "praias e mar são lindas",
        "futebol no estádio lotado http://bola.br",
        "o estádio e o futebol são paixão",
        "futebol, estádio, gols",
    ]
    keywords = cluster_keywords(texts, [0, 0, 0, 1, 1, 1], top_n=5)
    everything = {w for words in keywords.values() for w in words}
    assert {"praias", "lindas"} <= set(keywords[0]) and {"futebol", "estádio"} <= set(keywords[1])
    assert not everything & {"são", "http", "www", "br", "com"}
