"""Generated corpora with known word groups: the Train page's defaults must teach something,
and window, sg and min_count must visibly move the score."""

from __future__ import annotations

import pytest

from embedlab import training
from embedlab.errors import InputError
from embedlab.word_groups import (
    PROBES,
    generate_corpus,
    group_purity,
    word_groups,
)
from tests.conftest import make_word_model

# The Train page's defaults (views/_word_vectors.PAGE_DEFAULTS over the library's): CBOW,
# window 5, min_count 5, 100-d, seed 0, one worker, 20 epochs.
PAGE_DEFAULTS = {"epochs": 20}


@pytest.fixture(scope="module", params=["pt", "en"])
def corpus(request):
    texts = generate_corpus(request.param)
    return request.param, training.prepare_corpus(texts, source=f"generated-{request.param}")


_RESULTS: dict = {}


def _purity(language, corpus, **params):
    """Group purity after training with the page's defaults plus ``params`` (memoised)."""
    key = (language, tuple(sorted(params.items())))
    if key not in _RESULTS:
        model = training.train_word_vectors(corpus, **(PAGE_DEFAULTS | params))
        _RESULTS[key] = group_purity(model, word_groups(language), probes=PROBES[language])
    return _RESULTS[key]


def test_generation_is_seeded_natural_and_sized():
    texts = generate_corpus("pt")
    assert texts == generate_corpus("pt") and texts != generate_corpus("pt", seed=1)
    assert 55_000 < sum(len(t.split()) for t in texts) < 75_000
    assert all(t[0].isupper() and t.endswith(".") for t in texts[:50])
    assert any(t.startswith("Eu vi a vaca") for t in texts)  # articles agree with gender
    assert not any(" o vaca " in t or " um galinha " in t for t in texts)


def test_default_settings_find_topical_neighbours_not_stop_words(corpus):
    language, prepared = corpus
    result = _purity(language, prepared)
    # measured: pt 0.84, en 0.92 (CBOW, window 5, min_count 5, 20 epochs, seed 0)
    assert result.score >= 0.75, result.table()
    assert result.stop_share == 0 and not result.missing


def test_window_sg_and_min_count_change_the_score(corpus):
    language, prepared = corpus
    if language == "en":
        pytest.skip("measured on the Portuguese corpus only, to keep the suite fast")
    default = _purity(language, prepared).score
    assert _purity(language, prepared, window=1).score < default - 0.3  # topic is 3+ words away
    assert _purity(language, prepared, sg=1).score > default  # measured: 1.00
    assert len(_purity(language, prepared, min_count=60).missing) >= 1  # rare probes dropped


def test_group_purity_on_a_known_model():
    model = make_word_model()
    groups = {"animais": ["gato", "cachorro", "leão", "tigre", "cavalo", "vaca"],
              "veículos": ["carro", "caminhão", "ônibus", "moto", "avião", "trem"]}  # fmt: skip
    result = group_purity(model, groups)
    assert result.score > 0.5 and result.topn == 5 and not result.missing
    table = result.table()
    assert list(table.columns) == ["word", "group", "neighbours", "purity"]
    assert "✓" in table["neighbours"][0]
    with pytest.raises(InputError, match="without a group: zebra"):
        group_purity(model, groups, probes=["zebra"])


def test_bad_arguments():
    with pytest.raises(InputError, match="Must be one of"):
        generate_corpus("es")
    with pytest.raises(InputError, match="at least 1 sentence"):
        generate_corpus("pt", sentences=0)
