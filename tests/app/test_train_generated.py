"""The Train page on its generated corpora, in Portuguese: the default corpus teaches and
its score is shown."""

from __future__ import annotations

from tests.app.conftest import run_page
from views import _word_groups as generated

FAST = {"vector_size": 20, "epochs": 3}


def _train(at, **values):
    for name, value in {**FAST, **values}.items():
        widget = at.radio(key=f"tr_{name}") if name in ("sg", "algorithm") else None
        (widget or at.number_input(key=f"tr_{name}")).set_value(value)
    at.button[0].click()  # the form's Train button
    return at.run()


def test_portuguese_interface_starts_on_the_generated_portuguese_corpus():
    at = run_page("train", lang="pt")
    assert not at.exception and not at.error
    assert at.radio(key="tr_source").value == generated.PT
    captions = " ".join(c.value for c in at.caption)
    assert "centenas de milhões a bilhões de palavras" in captions  # how much text is needed
    assert "6,000 texts" in captions or "6.000" in captions or "6,000" in captions


def test_english_interface_keeps_the_real_english_sample_first():
    at = run_page("train", lang="en")
    assert at.radio(key="tr_source").value.startswith("English news")


def test_training_on_the_generated_corpus_shows_group_purity_in_portuguese():
    at = _train(run_page("train", lang="pt"), sg=1)
    assert not at.exception and not at.error
    metrics = {m.label: m.value for m in at.metric}
    assert "Palavras de teste" in metrics and metrics["Palavras de teste"].endswith("%")
    assert float(metrics["Palavras de teste"].rstrip("%")) >= 60  # skip-gram learns fast
    assert metrics["Palavras dos grupos cortadas pela contagem mínima"] == "0"
    table = at.dataframe[-1].value
    assert table.iloc[0, 0] == "gato" and "✓" in table.iloc[0, 2]


def test_unit_tests_score_the_page_defaults():
    from tests.embedlab.test_word_groups import PAGE_DEFAULTS
    from views._word_vectors import PAGE_DEFAULTS as ON_THE_PAGE

    assert PAGE_DEFAULTS == ON_THE_PAGE
