"""Training word vectors: relations learned, reproducibility, tokenisation, limits, errors."""

from __future__ import annotations

import unicodedata

import numpy as np
import pytest

import embedlab
from embedlab.errors import InputError
from embedlab.plots.training import loss_curves
from embedlab.tokens import MAX_SENTENCE_WORDS, stop_words, tokenize
from embedlab.training import (
    PARAMETERS,
    TrainedWordModel,
    TrainingParams,
    TrainingSpeed,
    compare_neighbours,
    corpus_texts,
    estimate_training_seconds,
    frequent_words,
    mean_cosine,
    neighbour_table,
    prepare_corpus,
    train_word_vectors,
    training_hint,
)
from tests.conftest import make_word_model

ANIMALS = ["gato", "cachorro", "leão", "tigre", "cavalo", "vaca"]
VEHICLES = ["carro", "ônibus", "caminhão", "avião", "trem", "moto"]
SMALL = dict(vector_size=16, window=3, min_count=1, sg=1, epochs=30, negative=5)


def _two_groups(n: int = 300, seed: int = 0) -> list[str]:
    """Sentences that each draw words from one group only: the groups never co-occur."""
    rng = np.random.default_rng(seed)
    texts = []
    for i in range(n):
        group = ANIMALS if i % 2 == 0 else VEHICLES
        texts.append(" ".join(rng.choice(group, size=8)))
    return texts


def _mean_cos(model, left, right) -> float:
    pairs = [(a, b) for a in left for b in right if a != b]
    return float(np.mean([model.kv.similarity(a, b) for a, b in pairs]))


@pytest.fixture(scope="module")
def groups_model() -> TrainedWordModel:
    return train_word_vectors(_two_groups(), source="groups.txt", **SMALL)


def test_words_that_share_contexts_end_up_closer(groups_model):
    within = (
        _mean_cos(groups_model, ANIMALS, ANIMALS) + _mean_cos(groups_model, VEHICLES, VEHICLES)
    ) / 2
    between = _mean_cos(groups_model, ANIMALS, VEHICLES)
    assert within > between + 0.3, (within, between)
    for word in ANIMALS:
        neighbours = [w for w, _ in groups_model.most_similar(word, topn=5)]
        assert set(neighbours) <= set(ANIMALS), (word, neighbours)


def test_trained_model_has_the_catalogue_interface(groups_model):
    assert isinstance(groups_model, embedlab.WordModel)
    assert isinstance(groups_model, embedlab.Encoder)
    assert groups_model.kind == "word" and groups_model.dim == 16
    assert "ônibus" in groups_model and "Ônibus" in groups_model  # accents kept, case folded
    assert len(groups_model) == 12
    X = groups_model.encode(["gato", "carro ônibus"])
    assert X.shape == (2, 16) and X.dtype == np.float32
    with pytest.raises(embedlab.UnknownWordError, match="bicicleta"):
        groups_model.encode(["bicicleta"])


def test_name_and_id_describe_the_training(groups_model):
    assert groups_model.id.startswith("w2v-") and len(groups_model.id) == 16
    assert groups_model.name.startswith("w2v: groups.txt, skip-gram, window 3, 16-d")
    assert groups_model.params.sg == 1 and groups_model.n_tokens == 300 * 8
    assert len(groups_model.losses) == 30 and all(loss > 0 for loss in groups_model.losses)
    assert groups_model.words_per_second > 0


def test_same_corpus_and_seed_give_identical_vectors_and_id():
    texts = _two_groups(100)
    a = train_word_vectors(texts, **SMALL)
    b = train_word_vectors(texts, **SMALL)
    assert a.id == b.id
    assert a.kv.index_to_key == b.kv.index_to_key
    assert np.array_equal(a.kv.vectors, b.kv.vectors)
    c = train_word_vectors(texts, **{**SMALL, "seed": 1})
    assert c.id != a.id and not np.array_equal(a.kv.vectors, c.kv.vectors)
    d = train_word_vectors(texts[:-1], **SMALL)
    assert d.id != a.id


def test_progress_and_loss_are_reported_each_epoch():
    calls, reports = [], []
    train_word_vectors(
        _two_groups(40),
        **{**SMALL, "epochs": 3},
        progress=lambda done, total: calls.append((done, total)),
        on_epoch=reports.append,
    )
    assert calls == [(1, 3), (2, 3), (3, 3)]
    assert [r.epoch for r in reports] == [1, 2, 3]
    assert all(r.loss is not None and r.loss > 0 for r in reports)
    assert reports[-1].seconds >= reports[0].seconds


def test_a_callback_that_raises_stops_the_training():
    class Cancelled(Exception):
        pass

    seen = []

    def cancel_after_two(report):
        seen.append(report.epoch)
        if report.epoch == 2:
            raise Cancelled

    with pytest.raises(Cancelled):
        train_word_vectors(_two_groups(40), **{**SMALL, "epochs": 10}, on_epoch=cancel_after_two)
    assert seen == [1, 2]


def test_fasttext_embeds_unseen_words_from_their_pieces():
    model = train_word_vectors(_two_groups(200), algorithm="fasttext", **SMALL)
    assert model.id.startswith("ft-") and model.name.startswith("fastText: ")
    assert "gatos" not in model.kv.key_to_index
    assert "gatos" in model and "Gatos" in model
    X = model.encode(["gatos", "carros"])
    assert X.shape == (2, 16) and np.isfinite(X).all()
    assert model.most_similar("gatos", topn=3)
    assert model.losses == []  # gensim reports no loss for FastText


def test_plain_word_models_still_reject_unknown_words():
    model = make_word_model()
    assert "gatos" not in model and model.key("gatos") is None


def test_tokenize_keeps_accents_and_composes_them():
    decomposed = unicodedata.normalize("NFD", "Ação e coração, você!")
    assert tokenize(decomposed) == ["ação", "e", "coração", "você"]
    assert tokenize("Guarda-chuva d'água São", lowercase=False) == ["Guarda-chuva", "d'água", "São"]


def test_phrases_join_frequent_pairs():
    rng = np.random.default_rng(0)
    filler = [
        "cidade",
        "grande",
        "muito",
        "gente",
        "trabalho",
        "rua",
        "noite",
        "dia",
        "casa",
        "eu",
        "moro",
        "em",
        "um",
        "lugar",
    ]
    texts = []
    for i in range(200):
        words = list(rng.choice(filler, size=8))
        words.insert(int(rng.integers(0, 8)), "São Paulo" if i % 2 else "Rio de Janeiro")
        texts.append(" ".join(words))
    corpus = prepare_corpus(texts, phrases=True)
    assert corpus.counts["são_paulo"] == 100
    assert corpus.counts["rio_de_janeiro"] == 100
    assert "cidade_grande" not in corpus.counts  # random pairs are not phrases
    model = train_word_vectors(corpus, **SMALL)
    assert "são_paulo" in model and "phrases" in model.name


def test_stop_words_are_removed_in_both_languages():
    corpus = prepare_corpus(["o gato e a casa", "the cat and the house"], remove_stopwords=True)
    assert set(corpus.counts) == {"gato", "casa", "cat", "house"}
    assert "computer" not in stop_words(("en",))  # a content word gensim's list holds
    assert "de" in stop_words(("pt",))
    with pytest.raises(InputError, match="'fr'"):
        stop_words(("fr",))


def test_long_texts_are_split_for_gensim():
    corpus = prepare_corpus([" ".join(["palavra"] * (MAX_SENTENCE_WORDS + 5))])
    assert [len(s) for s in corpus.sentences] == [MAX_SENTENCE_WORDS, 5]
    assert corpus.n_texts == 1 and corpus.n_tokens == MAX_SENTENCE_WORDS + 5


def test_corpus_too_small_for_min_count_suggests_a_lower_value():
    texts = ["o gato bebe leite", "o cão bebe água", "o gato dorme"]
    with pytest.raises(InputError) as err:
        train_word_vectors(texts, min_count=5)
    message = str(err.value)
    assert "min_count = 5" in message and "7 distinct" in message and "'o', occurs 3" in message
    assert "Lower min_count to 2" in message
    assert len(train_word_vectors(texts, min_count=2, vector_size=4, epochs=1)) == 3


def test_only_one_word_left_is_refused_too():
    with pytest.raises(InputError, match="Only one word \\('o'\\)"):
        train_word_vectors(["o gato bebe leite", "o cão bebe água", "o gato dorme"], min_count=3)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"window": 0}, "window must be between 1 and 50; you gave 0"),
        ({"vector_size": 5000}, "vector_size must be between 2 and 1,000; you gave 5,000"),
        ({"epochs": 2.5}, "epochs must be a whole number; you gave 2.5"),
        ({"sg": 2}, "sg must be 0 \\(CBOW\\) or 1 \\(Skip-gram\\); you gave 2"),
        (
            {"algorithm": "glove"},
            "Unknown algorithm: 'glove'. Must be one of: \\['word2vec', 'fasttext'\\]",
        ),
        ({"remove_stopwords": "fr"}, "remove_stopwords must be True, False, 'pt' or 'en'"),
    ],
)
def test_parameters_out_of_range_are_named(kwargs, match):
    with pytest.raises(InputError, match=match):
        train_word_vectors(_two_groups(10), **kwargs)


def test_bad_corpora_are_refused():
    with pytest.raises(InputError, match="not one string"):
        train_word_vectors("o gato bebe leite")
    with pytest.raises(InputError, match="no words at all"):
        train_word_vectors(["...", "!!"])
    with pytest.raises(InputError, match="stop word"):
        prepare_corpus(["o a de"], remove_stopwords="pt")


def test_parameters_table_matches_the_function_defaults():
    defaults = TrainingParams()
    for name, spec in PARAMETERS.items():
        assert getattr(defaults, name) == spec.default
        assert spec.low <= spec.default <= spec.high and spec.help


def test_estimate_scales_with_epochs():
    corpus = prepare_corpus(_two_groups(200))
    speed = TrainingSpeed(words_per_second=1000.0, overhead_seconds=2.0)
    fast = estimate_training_seconds(corpus, TrainingParams(epochs=5), speed=speed)
    assert fast == pytest.approx(200 * 8 * 5 / 1000 + 2.0)
    measured = estimate_training_seconds(corpus, TrainingParams(epochs=5, min_count=1))
    assert measured > 0


def test_compare_neighbours_reports_overlap_and_unknown_words(groups_model):
    cbow = train_word_vectors(_two_groups(), **{**SMALL, "sg": 0})
    [cmp, missing] = compare_neighbours(groups_model, cbow, ["gato", "bicicleta"], topn=5)
    assert len(cmp.a) == len(cmp.b) == 5
    assert set(cmp.shared) == {w for w, _ in cmp.a} & {w for w, _ in cmp.b}
    assert 0 <= cmp.overlap <= 1 and cmp.missing is None
    table = cmp.table("skip-gram", "CBOW")
    assert list(table.columns) == ["rank", "skip-gram", "cos skip-gram", "CBOW", "cos CBOW"]
    assert sum(str(w).endswith(" ✓") for w in table["CBOW"]) == len(cmp.shared)
    assert missing.missing == "both" and missing.a == [] and missing.overlap == 0
    with pytest.raises(InputError, match="at least one word"):
        compare_neighbours(groups_model, cbow, [" "])


def test_frequent_words_skip_stop_words():
    model = train_word_vectors(
        ["o gato e o cão", "o gato dorme", "a casa do gato", "o cão"], min_count=1, vector_size=4
    )
    assert frequent_words(model, 2) == ["gato", "cão"]  # 'o' (4 times) is a stop word


def test_training_hint_spots_vectors_that_have_not_moved_apart(groups_model):
    from gensim.models import KeyedVectors

    rng = np.random.default_rng(0)
    kv = KeyedVectors(8)  # what 5 CBOW epochs on the Lee corpus look like: one shared direction
    kv.add_vectors([f"w{i}" for i in range(50)], 1 + rng.normal(0, 0.01, (50, 8)))
    barely = embedlab.WordModel(kv, id="collapsed", name="collapsed")
    assert "barely moved apart" in training_hint(barely)
    assert mean_cosine(barely) > 0.9 > mean_cosine(groups_model)
    assert training_hint(groups_model) is None


def test_loss_curves_one_line_per_training():
    fig = loss_curves({"CBOW": [3.0, 2.0, 1.5], "Skip-gram": [5.0, 4.0], "FastText": []})
    assert [t.name for t in fig.data] == ["CBOW", "Skip-gram"]
    assert list(fig.data[0].x) == [1, 2, 3] and list(fig.data[1].y) == [5.0, 4.0]
    assert fig.layout.showlegend is True
    with pytest.raises(InputError, match="Word2Vec only"):
        loss_curves({"FastText": []})


def test_neighbour_table_and_corpus_texts(groups_model):
    import pandas as pd

    table = neighbour_table(groups_model, ["gato", "bicicleta"], topn=3)
    assert list(table.columns) == ["word", "3 nearest words (cosine)"]
    assert table.iloc[1, 1] == "(not in the vocabulary)"
    assert len(table.iloc[0, 1].split(", ")) == 3
    frame = pd.DataFrame({"id": [1, 2, 3], "frase": ["o gato", None, "  "]})
    assert corpus_texts(frame, "frase") == ["o gato"]
    with pytest.raises(InputError, match="no column 'texto'"):
        corpus_texts(frame, "texto")
    with pytest.raises(InputError, match="holds no text"):
        corpus_texts(frame.iloc[1:], "frase")


def test_frequent_words_skip_untidy_tokens():
    from gensim.models import KeyedVectors

    kv = KeyedVectors(2)
    kv.add_vectors(
        ["</s>", "said.", "the", "guarda-chuva", "d'água"], np.eye(5, 2, dtype=np.float32)
    )
    model = embedlab.WordModel(kv, id="untidy", name="untidy")
    assert frequent_words(model, 5) == ["guarda-chuva", "d'água"]
