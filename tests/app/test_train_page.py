"""The Train word vectors and Word vector files pages, through the router (AppTest)."""

from __future__ import annotations

import io
import pickle
from pathlib import Path

import pytest

from embedlab.vectors import save_word2vec
from tests.app.conftest import run_page
from tests.conftest import make_word_model
from views import _word_vectors as word_vectors_ui

PT_SAMPLE = next(k for k, v in word_vectors_ui.SAMPLES.items() if v == "pt")
FAST = {"vector_size": 20, "epochs": 3}


def _errors(at):
    return [e.value for e in at.error]


def _train(at, **values):
    for name, value in {**FAST, **values}.items():
        widget = at.radio(key=f"tr_{name}") if name in ("sg", "algorithm") else None
        (widget or at.number_input(key=f"tr_{name}")).set_value(value)
    at.button[0].click()  # the form's Train button
    return at.run()


def _picker_options(at):
    return at.sidebar.selectbox(key="model_choice").options


def test_page_opens_on_the_english_sample():
    at = run_page("train")
    assert not at.exception and not _errors(at)
    assert at.title[0].value == "Train word vectors"
    assert any("300 texts · 60,005 words" in c.value for c in at.caption)
    assert any(
        "reproducible for a fixed seed with one worker thread" in c.value for c in at.caption
    )
    help_lines = " ".join(c.value for c in at.caption)
    assert "Dimensions of each word vector" in help_lines and "context" in help_lines


def test_train_on_the_sample_shows_what_it_learnt_and_joins_the_picker():
    at = _train(run_page("train"))
    assert not at.exception and not _errors(at)
    model_id = at.session_state["tr_last"]
    assert model_id.startswith("w2v-")
    assert "w2v-1: lee_background.cor, CBOW, window 5, 20-d" in at.success[0].value
    assert "sidebar model picker" in at.success[0].value
    assert "w2v-1: lee_background.cor, CBOW, window 5, 20-d, min_count 5, 3 epochs" in (
        _picker_options(at)
    )
    table = at.dataframe[0].value
    assert len(table) == 6 and table["word"][0] == "said"
    assert len(at.get("download_button")) == 2
    assert json_loss_points(at) == 3

    at.button(key="tr_use").click().run()
    assert at.sidebar.selectbox(key="model_choice").value == model_id
    at.switch_page("views/similarity.py").run()
    assert not at.exception
    assert at.session_state["active_model_id"] == model_id


def json_loss_points(at) -> int:
    import json

    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    return len(spec["data"][0]["y"])


def test_the_same_training_again_comes_from_the_cache_with_its_label():
    at = _train(run_page("train"))
    first = at.session_state["tr_last"]
    at = _train(at)
    assert at.session_state["tr_last"] == first
    assert list(at.session_state["session_models"]) == [first]
    assert "w2v-1:" in at.success[0].value


def test_portuguese_sample_keeps_accents_and_joins_phrases():
    at = run_page("train")
    at.radio(key="tr_source").set_value(PT_SAMPLE).run()
    at.checkbox(key="tr_phrases").check().run()
    assert any("A small corpus" in i.value for i in at.info)
    at = _train(at, sg=1, min_count=3, epochs=30, algorithm="fasttext")
    assert not at.exception and not _errors(at)
    model = at.session_state["session_models"][at.session_state["tr_last"]][1]
    assert "são_paulo" in model.kv.key_to_index and "ônibus" in model.kv.key_to_index
    assert at.session_state["tr_last"].startswith("ft-")
    assert "ft-1: cronicas_pt.txt, skip-gram" in at.success[0].value


def test_min_count_too_high_says_what_to_do():
    at = run_page("train")
    at.radio(key="tr_source").set_value(PT_SAMPLE).run()
    at = _train(at, min_count=200)
    assert not at.exception
    [error] = _errors(at)
    assert "min_count = 200" in error and "Lower min_count to" in error
    assert "tr_last" not in at.session_state


def test_a_long_training_warns_first(monkeypatch):
    monkeypatch.setattr(word_vectors_ui, "LONG_SECONDS", 0.0)
    at = _train(run_page("train"))
    [error] = _errors(at)
    assert "Tick 'Train anyway'" in error and "60,005 words × 3 epochs" in error
    assert "tr_last" not in at.session_state
    at.checkbox(key="tr_anyway").check()
    at = _train(at)
    assert not _errors(at) and at.session_state["tr_last"].startswith("w2v-")


def test_compare_two_trainings_side_by_side():
    at = run_page("train")
    assert any("Train again with one setting changed" in i.value for i in at.info)
    at = _train(at, sg=0)
    at = _train(at, sg=1)
    assert not at.exception and not _errors(at)
    assert at.selectbox(key="cmp_a").value != at.selectbox(key="cmp_b").value
    words = at.text_input(key=next(k for k in at.session_state if str(k).startswith("cmp_words")))
    assert words.value.startswith("said")
    tables = [d.value for d in at.dataframe if list(d.value.columns)[0] == "rank"]
    assert len(tables) == 4 and list(tables[0].columns) == ["rank", "A", "cos A", "B", "cos B"]
    assert any("of 10 neighbours in both lists" in m.value for m in at.markdown)
    words.input("said, zzzz").run()
    assert any("'zzzz' is not in the vocabulary of either model" in w.value for w in at.warning)


def test_corpus_from_a_csv_column():
    rows = ["id,frase"] + [
        f"{i},o gato e o cachorro brincam no quintal com a bola"
        if i % 2
        else f"{i},o carro e o ônibus param na rua da cidade"
        for i in range(60)
    ]
    at = run_page("train")
    at.radio(key="tr_source").set_value(word_vectors_ui.UPLOAD).run()
    assert any("Choose a text file" in i.value for i in at.info)
    at.file_uploader(key="tr_upload").upload("frases.csv", "\n".join(rows).encode(), "text/csv")
    at.run()
    assert at.selectbox(key="tr_column").value == "frase"
    at = _train(at, min_count=2, epochs=2)
    assert not _errors(at)
    assert "w2v-1: frases.csv" in at.success[0].value


# ----------------------------------------------------------------- Word vector files


def _upload(at, name: str, data: bytes):
    at.file_uploader(key="vf_file").upload(name, data, "application/octet-stream")
    return at.run()


def _w2v_bytes(binary: bool = False) -> bytes:
    buf = io.BytesIO()
    save_word2vec(make_word_model(), buf, binary=binary)
    return buf.getvalue()


def test_vector_file_upload_joins_the_picker():
    at = _upload(run_page("vector_files"), "tiny.bin", _w2v_bytes(binary=True))
    assert not at.exception and not _errors(at)
    model_id = at.session_state["vf_last"]
    assert model_id.startswith("vec-") and "vec-1: tiny.bin (26 words, 16-d)" in _picker_options(at)
    assert "vec-1: tiny.bin (26 words, 16-d)" in at.success[0].value
    assert "word2vec binary" in at.success[0].value
    assert "gato" in at.dataframe[0].value["word"].tolist()


def test_vector_file_limit_and_malformed_line():
    at = run_page("vector_files")
    at.number_input(key="vf_limit").set_value(5)
    at = _upload(at, "tiny.txt", _w2v_bytes())
    assert "(5 words, 16-d)" in at.success[0].value
    at = _upload(at, "bad.txt", b"2 3\nok 1 2 3\nbad 1 x 3\n")
    assert any("line 3 ('bad'): value 2 is 'x'" in e for e in _errors(at))


class _Payload:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


@pytest.mark.parametrize("name", ["word2vec.model", "vectors.txt"])
def test_pickle_upload_is_refused_unopened(tmp_path, name):
    marker = tmp_path / "pwned"
    at = _upload(run_page("vector_files"), name, pickle.dumps(_Payload(marker), protocol=4))
    assert not at.exception
    [error] = _errors(at)
    assert "never opens" in error and "save_word2vec_format" in error
    assert not marker.exists()
    assert "vf_last" not in at.session_state


def test_train_on_the_file_from_your_own_text():
    from tests.conftest import make_sentence_model

    rows = ["review"] + [
        "o gato dorme no sofá" if i % 2 else "o ônibus chega cedo na cidade" for i in range(40)
    ]
    at = run_page("your_text", model=make_sentence_model())
    at.file_uploader(key="yt_file").upload("reviews.csv", "\n".join(rows).encode(), "text/csv")
    at.run()
    assert not at.exception
    at.switch_page("views/train.py").run()
    assert at.radio(key="tr_source").value == f"{word_vectors_ui.OWN_TEXT}: reviews.csv"
    at = _train(at, min_count=2)
    assert not at.exception and not _errors(at)
    assert "w2v-1: reviews.csv, CBOW" in at.success[0].value


def test_settings_survive_a_visit_to_another_page():
    at = run_page("train")
    at.radio(key="tr_source").set_value(PT_SAMPLE)
    at.checkbox(key="tr_stop").check().run()
    at.number_input(key="tr_epochs").set_value(7)
    at.radio(key="tr_sg").set_value(1)
    at.button[0].click().run()
    at.switch_page("views/similarity.py").run()
    at.switch_page("views/train.py").run()
    assert not at.exception
    assert at.radio(key="tr_source").value == PT_SAMPLE
    assert at.checkbox(key="tr_stop").value is True
    assert at.number_input(key="tr_epochs").value == 7
    assert at.radio(key="tr_sg").value == 1


def test_barely_trained_vectors_get_advice():
    at = _train(run_page("train"), epochs=1)
    assert any("barely moved apart" in w.value for w in at.warning)
    at = _train(at, epochs=20, sg=1)
    assert not any("barely moved apart" in w.value for w in at.warning)


def test_a_trained_model_works_on_the_analogies_and_projection_pages():
    import json

    at = _train(run_page("train"), epochs=10, sg=1)
    at.button(key="tr_use").click().run()
    model_id = at.session_state["tr_last"]
    vocabulary = set(at.session_state["session_models"][model_id][1].kv.key_to_index)

    at.switch_page("views/analogies.py").run()
    assert not at.exception and at.session_state["active_model_id"] == model_id
    for key, word in (("an_a", "police"), ("an_b", "officers"), ("an_c", "government")):
        at.text_input(key=key).input(word)
    at.run()
    assert not at.exception and not at.error
    answers = at.dataframe[0].value["answer"].tolist()
    assert len(answers) >= 3 and set(answers) <= vocabulary
    assert not {"police", "officers", "government"} & set(answers)

    at.switch_page("views/projection.py").run()
    lines = ["government", "minister", "police", "officers", "cricket", "match"]
    at.text_area(key="pj_text").input("\n".join(lines)).run()
    assert not at.exception and not at.error
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    drawn = [t for trace in spec["data"] for t in (trace.get("text") or [])]
    assert sorted(drawn) == sorted(lines)
