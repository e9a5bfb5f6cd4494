"""The Evaluation page: benchmarks and uploads, per model, with clear messages."""

from __future__ import annotations

import json

import pytest

from tests.app.conftest import run_page
from tests.conftest import make_word_model

ROYAL = b": royalty\nman king woman queen\nhomem rei mulher rainha\nman king woman rainha\n"
PAIRS = (
    b"word1,word2,score\ngato,cachorro,8.5\ngato,carro,high\ncarro,caminh\xc3\xa3o,8\n"
    b"banana,uva,7\ngato,banana,1\n"
)


def _errors(at):
    return [e.value for e in at.error]


def _evaluate(at, benchmarks, upload=None):
    at.multiselect(key="ev_benchmarks").set_value(benchmarks)
    if upload is not None:
        at.file_uploader(key="ev_upload").upload(*upload)
    return at.button(key="ev_run").click().run()


def test_opens_without_evaluating():
    at = run_page("evaluation")
    assert not at.exception and not _errors(at)
    assert "press **Evaluate**" in at.info[0].value
    assert at.multiselect(key="ev_models").value == ["glove-50d"]  # word models only
    assert "active_model_id" not in at.session_state and not at.get("plotly_chart")  # no load


def test_uploaded_analogies_give_sections_and_a_chart():
    at = run_page("evaluation", model=make_word_model())
    assert at.multiselect(key="ev_models").value == ["tiny-words"]
    at = _evaluate(at, [], ("royal.txt", ROYAL, "text/plain"))
    assert not at.exception and not _errors(at)
    summary = at.dataframe[0].value
    assert summary[["benchmark", "measure"]].values.tolist() == [["royal.txt", "accuracy"]]
    assert summary.score.tolist() == [pytest.approx(2 / 3)]
    bars = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]
    assert bars["y"] == ["Total", "royalty"]


def test_uploaded_word_pairs_name_the_bad_lines():
    at = _evaluate(
        run_page("evaluation", model=make_word_model()), [], ("p.csv", PAIRS, "text/csv")
    )
    assert not at.exception and not _errors(at)
    assert at.dataframe[0].value.measure.tolist() == ["Spearman ρ"]
    captions = " ".join(c.value for c in at.caption)
    assert "line 3 ('gato,carro,high')" in captions and "header" in captions


def test_benchmarks_out_of_vocabulary_and_binary_upload_are_clear_errors():
    at = _evaluate(
        run_page("evaluation", model=make_word_model()),
        ["wordsim353"],
        ("vectors.txt", b"\x00\x01\x02\x03binary", "text/plain"),
    )
    assert not at.exception
    errors = _errors(at)
    assert any("WordSim-353" in e and "out of vocabulary" in e for e in errors)
    assert any("vectors.txt" in e and "not a text file" in e for e in errors)


@pytest.mark.real_model
def test_glove_on_wordsim_equals_gensim():
    at = run_page("evaluation", model_id="glove-50d")
    at = _evaluate(at, ["wordsim353", "simlex999"])
    assert not at.exception and not _errors(at)
    scores = at.dataframe[0].value.score.tolist()
    assert scores == [pytest.approx(0.503319577396603), pytest.approx(0.26306011525070383)]
    assert len(at.get("plotly_chart")) == 3  # correlations + a scatter per benchmark
