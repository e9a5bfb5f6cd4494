"""The model catalogue and the word/sentence adapters."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

import embedlab
from embedlab.models import encode_known
from tests.conftest import ROOT, make_sentence_model, make_word_model, real_model


def test_catalogue_lists_the_offline_defaults_default_first():
    models = embedlab.list_models()
    ids = [m.id for m in models]
    assert ids[0] == embedlab.DEFAULT_MODEL_ID == "use-multilingual"
    assert {"use-multilingual", "minilm-l6", "glove-50d", "use-words"} <= set(ids)
    by_id = {m.id: m for m in models}
    assert by_id["glove-50d"].kind == "word" and by_id["glove-50d"].dim == 50
    assert (
        by_id["use-multilingual"].kind == "sentence"
        and "multilingual" in by_id["use-multilingual"].languages
    )
    assert all(m.available for m in models), "requirements.txt installs every default"
    assert all(m.description for m in models)


def test_import_and_catalogue_do_not_import_torch_or_streamlit():
    code = (
        "import sys, embedlab; embedlab.list_models();"
        "print('torch' in sys.modules, 'streamlit' in sys.modules, 'umap' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.split() == ["False", "False", "False"], out.stderr


def test_embedlab_source_never_imports_streamlit():
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "embedlab").rglob("*.py")
        if any(
            line.strip().startswith(("import streamlit", "from streamlit"))
            for line in p.read_text(encoding="utf-8").splitlines()
        )
    ]
    assert offenders == []


def test_unknown_model_id_lists_the_choices():
    with pytest.raises(embedlab.ModelLoadError, match="Must be one of: .*glove-50d"):
        embedlab.load_model("no-such-model")


def test_hub_id_offline_fails_fast_with_a_clear_message(monkeypatch, tmp_path):
    import time

    monkeypatch.setenv("HF_HOME", str(tmp_path))
    started = time.monotonic()
    with pytest.raises(embedlab.ModelLoadError, match="needs internet|Hugging Face Hub"):
        embedlab.load_model("sentence-transformers/some-model-that-is-not-cached")
    assert time.monotonic() - started < 60  # never a hang (the real check is "seconds")


def test_folder_that_is_not_a_model_is_refused(tmp_path):
    with pytest.raises(embedlab.ModelLoadError, match="not a sentence-transformers model folder"):
        embedlab.load_model(str(tmp_path))


def test_word_model_vocabulary_lookup_and_neighbours():
    m = make_word_model()
    assert "gato" in m and "GATO" in m and "zebra" not in m
    assert len(m) == m.vocab_size == 26
    top = [w for w, _ in m.most_similar("gato", topn=5)]
    assert "gato" not in top
    assert set(top) <= {"cachorro", "leão", "tigre", "cavalo", "vaca"}


def test_word_model_encode_is_float32_mean_of_words():
    m = make_word_model()
    X = m.encode(["gato", "gato cachorro"])
    assert X.dtype == np.float32 and X.shape == (2, m.dim)
    np.testing.assert_allclose(X[1], (m.vector("gato") + m.vector("cachorro")) / 2, rtol=1e-6)


def test_unknown_word_names_it_and_close_spellings():
    m = make_word_model()
    with pytest.raises(embedlab.UnknownWordError) as info:
        m.encode(["gatto"])
    assert info.value.words == ["gatto"]
    assert "'gatto' is not in the vocabulary" in str(info.value)
    assert "gato" in info.value.suggestions["gatto"]


def test_encode_known_keeps_the_lines_it_can_embed():
    m = make_word_model()
    kept, X, error = encode_known(m, ["gato", "xyzzy", "carro", "🙂🙂"])
    assert kept == ["gato", "carro"]
    assert X.shape == (2, m.dim)
    assert error is not None and error.words == ["xyzzy", "🙂🙂"]


def test_sentence_model_batches_and_reports_progress():
    m = make_sentence_model()
    calls = []
    X = m.encode(
        [f"texto {i}" for i in range(10)], batch_size=4, progress=lambda d, t: calls.append((d, t))
    )
    assert X.shape == (10, 32) and X.dtype == np.float32
    assert calls == [(4, 10), (8, 10), (10, 10)]


def test_encode_refuses_a_bare_string():
    with pytest.raises(embedlab.InputError, match="list of texts"):
        make_sentence_model().encode("gato")


@pytest.mark.real_model
def test_use_multilingual_portuguese_probes():
    m = real_model("use-multilingual")
    X = m.encode(
        [
            "gato",
            "cachorro",
            "carro",
            "O gato dorme no sofá",
            "Um felino está dormindo no sofá",
            "A bolsa de valores caiu hoje",
        ]
    )
    S = embedlab.similarity_matrix(X)
    assert S[0, 1] > S[0, 2]  # sim(gato, cachorro) > sim(gato, carro)
    assert S[3, 4] > S[3, 5] + 0.2  # a paraphrase beats an unrelated sentence


@pytest.mark.real_model
def test_glove_king_neighbours_include_queen():
    m = real_model("glove-50d")
    assert len(m) == 400_000
    assert "queen" in [w for w, _ in m.most_similar("king", topn=10)]
    assert "zebra" in m.suggest("zebrra")


@pytest.mark.real_model
def test_minilm_loads_offline_from_its_package():
    m = real_model("minilm-l6")
    X = m.encode(["A man is eating food.", "A man is eating a meal.", "The sky is blue."])
    S = embedlab.similarity_matrix(X)
    assert X.shape == (3, 384) and S[0, 1] > S[0, 2]


@pytest.mark.real_model
def test_use_words_builds_once_with_progress_then_loads_from_disk(monkeypatch, tmp_path):
    from embedlab import models

    monkeypatch.setenv("EMBEDLAB_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(models, "USE_WORDS_PER_LANGUAGE", 60)  # a small vocabulary: fast
    assert models.needs_preparation("use-words")
    calls = []
    models.prepare_model("use-words", progress=lambda done, total: calls.append((done, total)))
    total = calls[-1][1]
    assert calls and calls[-1][0] == total and 100 <= total <= 120  # loanwords dropped
    assert not models.needs_preparation("use-words")
    assert not list(tmp_path.glob("*.partial")), "an interrupted build is never left as finished"
    m = embedlab.load_model("use-words")
    assert m.kind == "word" and m.dim == 512 and len(m) == total
    assert "de" in m and "the" in m  # Portuguese and English words both
    assert m.word_languages("de") == ("pt",) and m.word_languages("the") == ("en",)
    assert m.most_similar("de", topn=3)
