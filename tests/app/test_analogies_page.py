"""The Analogies page through the router: word and sentence models, batch mode, bad input."""

from __future__ import annotations

import json

import pytest

from tests.app.conftest import run_page
from tests.conftest import make_bilingual_word_model, make_sentence_model, make_word_model


def _errors(at):
    return [e.value for e in at.error]


def _picture(at):
    return json.loads(at.get("plotly_chart")[0].proto.spec)


def _labels(spec):
    return [t for trace in spec["data"] for t in (trace.get("text") or [])]


def test_word_model_answers_queen_with_rank_and_picture():
    at = run_page("analogies", model=make_word_model())
    assert not at.exception and not _errors(at)
    assert "**queen**" in at.success[0].value
    assert [m.value for m in at.metric][:3] == ["#1", "0.994", "0.000"]
    assert at.dataframe[0].value["answer"].tolist()[:2] == ["queen", "rainha"]
    spec = _picture(at)
    assert {"man", "king", "woman", "queen", "king − man + woman"} <= set(_labels(spec))
    assert len(spec["layout"]["annotations"]) == 2  # the two offset arrows


def test_default_sentence_model_ranks_candidates_and_offers_word_models():
    at = run_page("analogies")
    assert not at.exception and not _errors(at)
    assert "sentence model" in at.info[0].value and "sidebar" in at.info[0].value
    assert [b.label for b in at.button] == ["Use USE word vectors (pt + en)", "Use GloVe (English)"]
    assert "**queen**" in at.success[0].value
    assert "queen" in at.text_area(key="an_candidates").value
    assert any("switch to a word model" in i.value for i in at.info)  # batch tab


@pytest.mark.real_model
def test_one_click_switch_to_glove():
    at = run_page("analogies")
    at.button(key="an_use_glove-50d").click().run()
    assert not at.exception and not _errors(at)
    assert at.sidebar.selectbox(key="model_choice").value == "glove-50d"
    assert "**queen**" in at.success[0].value
    assert not at.info  # a word model: no sentence-model notice


def test_sentence_model_with_own_candidates():
    at = run_page("analogies", model=make_sentence_model())
    at.text_input(key="an_a").input("gato")
    at.text_input(key="an_b").input("carro")
    at.text_input(key="an_c").input("cachorro")
    at.text_input(key="an_expected").input("")
    at.text_area(key="an_candidates").input("banana\ncaminhão\nleão").run()
    assert not at.exception and not _errors(at)
    assert "**caminhão**" in at.success[0].value


def test_presets_fill_the_form():
    at = run_page("analogies", model=make_word_model())
    at.selectbox(key="an_preset").set_value("homem : rei :: mulher : ? (pt)").run()
    assert [at.text_input(key=k).value for k in ("an_a", "an_b", "an_c", "an_expected")] == [
        "homem",
        "rei",
        "mulher",
        "rainha",
    ]
    assert "**rainha**" in at.success[0].value or "**queen**" in at.success[0].value


def test_solver_and_exclude_switches():
    at = run_page("analogies", model=make_word_model())
    at.radio(key="an_method").set_value("3cosmul").run()
    assert "**queen**" in at.success[0].value
    at.checkbox(key="an_exclude").uncheck().run()
    answers = at.dataframe[0].value["answer"].tolist()
    assert {"king", "woman"} & set(answers)


def test_unknown_words_named_with_spellings_and_input_kept():
    at = run_page("analogies", model=make_word_model())
    at.text_input(key="an_b").input("kingg").run()
    assert not at.exception
    assert any("'kingg'" in e and "king" in e for e in _errors(at))
    assert at.text_input(key="an_b").value == "kingg"
    assert at.text_area(key="an_batch").value  # the batch section still there


def test_repeated_and_all_same_inputs():
    at = run_page("analogies", model=make_word_model())
    at.text_input(key="an_c").input("man").run()
    assert any("both a and c" in e for e in _errors(at))
    at.text_input(key="an_b").input("man").run()
    assert any("All three inputs are 'man'" in e for e in _errors(at))


def test_unknown_expected_answer_is_a_warning_not_a_failure():
    at = run_page("analogies", model=make_word_model())
    at.text_input(key="an_expected").input("queeen").run()
    assert not _errors(at)
    assert "**queen**" in at.success[0].value
    assert any("'queeen'" in w.value for w in at.warning)


def test_batch_mode_accuracy_misses_and_bad_lines():
    at = run_page("analogies", model=make_word_model())
    at.text_area(key="an_batch").input(
        ": royal\nman king woman queen\nhomem rei mulher rainha\nman king woman rainha\n"
        "man king woman\n\nman king woman unicorn\n"
    ).run()
    assert not at.exception and not _errors(at)
    assert at.metric[-1].value == "67%"
    misses = at.dataframe[-1].value
    assert misses[["expected", "predicted"]].values.tolist() == [["rainha", "queen"]]
    warnings = " ".join(w.value for w in at.warning)
    assert "1 line without 4 words" in warnings and "'unicorn'" in warnings
    assert "1 line with no words" in warnings


def test_batch_mode_binary_looking_text_is_a_clear_error():
    at = run_page("analogies", model=make_word_model())
    at.text_area(key="an_batch").input("just some words\nno analogy here").run()
    assert any("no analogy questions" in e for e in _errors(at))
    assert "**queen**" in at.success[0].value  # the single analogy still answered


# --------------------------------------------------------------------------- in Portuguese


def test_portuguese_page_answers_in_portuguese_and_says_so():
    at = run_page("analogies", lang="pt", model=make_bilingual_word_model())
    assert not at.exception and not _errors(at)
    assert at.title[0].value == "Analogias"
    # The first preset in the interface language: homem : rei :: mulher : ? (rainha).
    assert [at.text_input(key=k).value for k in ("an_a", "an_b", "an_c", "an_expected")] == [
        "homem", "rei", "mulher", "rainha",
    ]  # fmt: skip
    assert "**rainha**" in at.success[0].value  # not "king", which sits exactly on b − a + c
    captions = " ".join(c.value for c in at.caption)
    assert "Respostas só com palavras em português: a língua de a, b e c." in captions
    assert at.metric[0].label == "Posição de 'rainha'" and at.metric[0].value == "#1"
    answers = at.dataframe[0].value["resposta"].tolist()
    assert "king" not in answers and "queen" not in answers
    assert at.selectbox(key="an_language").value == "auto"
    assert at.tabs[0].label == "Uma analogia"


def test_portuguese_page_shows_the_rank_of_an_expected_answer_that_is_not_first():
    at = run_page("analogies", lang="pt", model=make_bilingual_word_model())
    at.text_input(key="an_expected").input("menino").run()
    assert not at.exception and not _errors(at)
    assert "**rainha**" in at.success[0].value
    rank = at.metric[0].value
    assert rank != "#1" and at.metric[0].label == "Posição de 'menino'"
    warning = " ".join(w.value for w in at.warning)
    assert f"A resposta esperada, 'menino', está na posição {rank[1:]} de" in warning
    assert "abaixo de 'rainha'" in warning


def test_portuguese_page_english_only_and_all_words():
    at = run_page("analogies", lang="pt", model=make_bilingual_word_model())
    at.selectbox(key="an_language").set_value("en").run()
    assert "**king**" in at.success[0].value
    captions = " ".join(c.value for c in at.caption)
    assert "Respostas só com palavras em inglês." in captions
    # rainha is not an English word: said in Portuguese, not a failure.
    warning = " ".join(w.value for w in at.warning)
    assert "'rainha' não está entre as palavras 'en' de Tiny bilingual words" in warning
    at.text_input(key="an_a").input("man").run()  # man : rei :: mulher: mixed languages
    at.selectbox(key="an_language").set_value("auto").run()
    captions = " ".join(c.value for c in at.caption)
    assert "a, b e c não são todos da mesma língua" in captions


def test_portuguese_page_errors_are_in_portuguese():
    at = run_page("analogies", lang="pt", model=make_bilingual_word_model())
    at.text_input(key="an_b").input("reii").run()
    assert not at.exception
    errors = _errors(at)
    assert errors and "não está no vocabulário" in errors[0] and "'reii'" in errors[0]
    at.text_input(key="an_b").input("homem").run()
    assert any("é a e b" in e or "é tanto" in e or "'homem'" in e for e in _errors(at))


@pytest.mark.real_model
def test_portuguese_teacher_demo_on_use_words():
    at = run_page("analogies", lang="pt", model_id="use-words", timeout=900)
    assert not at.exception and not _errors(at)
    assert "**rainha**" in at.success[0].value
    assert at.metric[0].value == "#1"
    assert "português" in " ".join(c.value for c in at.caption)
    # The Português batch is answered in Portuguese words, every line right (test_examples).
    assert at.selectbox(key="an_batch_example").value == "Português"
    assert "Cada linha é respondida na língua do seu a, b e c." in " ".join(
        c.value for c in at.caption
    )
    assert at.metric[-1].label == "Acerto" and at.metric[-1].value == "100%"
