"""Reading and writing word-vector files; pickles refused without being opened."""

from __future__ import annotations

import gzip
import io
import pickle
import zipfile
from pathlib import Path

import numpy as np
import pytest
from gensim.models import KeyedVectors
from gensim.test.utils import datapath

import embedlab
from embedlab.errors import FileFormatError
from embedlab.vectors import load_vectors, save_word2vec
from tests.conftest import make_word_model

W2V_TEXT = "3 4\nação 0.1 0.2 0.3 0.4\nvocê -1 0 1e-3 2.5\ncoração 1 1 1 1\n"


def _saved(model, *, binary: bool) -> bytes:
    buf = io.BytesIO()
    save_word2vec(model, buf, binary=binary)
    return buf.getvalue()


@pytest.mark.parametrize("binary", [False, True])
def test_round_trip_through_gensim(tmp_path, binary):
    model = make_word_model()
    path = tmp_path / ("v.bin" if binary else "v.txt")
    save_word2vec(model, path, binary=binary)
    kv = KeyedVectors.load_word2vec_format(str(path), binary=binary)
    assert kv.index_to_key == model.kv.index_to_key
    np.testing.assert_allclose(kv.vectors, model.kv.vectors, rtol=1e-5, atol=1e-6)
    assert path.read_bytes() == _saved(model, binary=binary)  # path and file object agree


@pytest.mark.parametrize("binary", [False, True])
def test_round_trip_through_load_vectors(binary):
    model = make_word_model()
    loaded = load_vectors(_saved(model, binary=binary), "v.bin" if binary else "v.txt")
    assert loaded.kv.index_to_key == model.kv.index_to_key
    if binary:
        assert np.array_equal(loaded.kv.vectors, model.kv.vectors)
    else:
        np.testing.assert_allclose(loaded.kv.vectors, model.kv.vectors, rtol=1e-5, atol=1e-6)
    assert loaded.file_format == ("word2vec binary" if binary else "word2vec text")
    assert [w for w, _ in loaded.most_similar("gato", 3)] == [
        w for w, _ in model.most_similar("gato", 3)
    ]


def test_gensim_binary_files_load_like_gensim_reads_them(tmp_path):
    model = make_word_model()
    path = tmp_path / "g.bin"
    model.kv.save_word2vec_format(str(path), binary=True)  # gensim writes no newline after vectors
    loaded = load_vectors(path.read_bytes(), "g.bin")
    assert np.array_equal(loaded.kv.vectors, model.kv.vectors)


def test_word2vec_text_with_utf8_words_and_trailing_newlines():
    data = (W2V_TEXT + "\n\n").replace("\n", "\r\n").encode("utf-8")
    model = load_vectors(data, "pt.txt")
    assert isinstance(model, embedlab.WordModel)
    assert model.kv.index_to_key == ["ação", "você", "coração"]
    assert model.vector("VOCÊ")[3] == pytest.approx(2.5)
    assert model.id.startswith("vec-") and model.name == "pt.txt (3 words, 4-d)"


def test_glove_text_without_header_matches_gensim():
    data = Path(datapath("test_glove.txt")).read_bytes()
    model = load_vectors(data, "glove.txt")
    ref = KeyedVectors.load_word2vec_format(datapath("test_glove.txt"), no_header=True)
    assert model.file_format == "GloVe text" and len(model) == len(ref) == 76
    assert np.array_equal(model.kv[ref.index_to_key[-1]], ref[ref.index_to_key[-1]])


def test_fasttext_vec_matches_gensim():
    data = Path(datapath("lee_fasttext.vec")).read_bytes()
    model = load_vectors(data, "lee_fasttext.vec")
    ref = KeyedVectors.load_word2vec_format(datapath("lee_fasttext.vec"))
    assert model.kv.index_to_key == ref.index_to_key
    assert np.array_equal(model.kv.vectors, ref.vectors)


def test_limit_keeps_the_first_words():
    assert load_vectors(W2V_TEXT.encode(), "a.txt", limit=2).kv.index_to_key == ["ação", "você"]
    binary = _saved(make_word_model(), binary=True)
    limited = load_vectors(binary, "a.bin", limit=5)
    assert len(limited) == 5 and limited.id.endswith("-first5")
    glove = b"a 1 2\nb 3 4\nc 5 6\n"
    assert len(load_vectors(glove, "g.txt", limit=1)) == 1
    with pytest.raises(embedlab.InputError, match="limit must be at least 1"):
        load_vectors(glove, "g.txt", limit=0)


def test_progress_reaches_the_end():
    calls = []
    load_vectors(W2V_TEXT.encode(), "a.txt", progress=lambda d, t: calls.append((d, t)))
    assert calls and calls[-1][0] == calls[-1][1]


@pytest.mark.parametrize(
    ("text", "match"),
    [
        (
            "3 4\nação 0.1 0.2 0.3 0.4\nvocê 1 2 3\ncoração 1 1 1 1\n",
            "line 3 \\('você'\\) has 3 numbers, but the header \\(line 1\\) says 4",
        ),
        (
            "3 4\nação 0.1 0.2 0.3 0.4\nvocê 1 abc 3 4\ncoração 1 1 1 1\n",
            "line 3 \\('você'\\): value 2 is 'abc', which is not a number",
        ),
        ("a 1 2\nb 3 4\n\nc 5 6 7\n", "line 4 \\('c'\\) has 3 numbers, but the first line has 2"),
        ("a 1 2\nb 3 nan\n", "line 2 \\('b'\\) has a value that is not a finite number"),
        (
            "5 4\nação 0.1 0.2 0.3 0.4\n",
            "header \\(line 1\\) says 5 words, but the file ends after 1",
        ),
        ("olá\n", "line 1 holds only 'olá'"),
        ("", "is empty"),
    ],
)
def test_malformed_files_name_the_line(text, match):
    with pytest.raises(FileFormatError, match=match):
        load_vectors(text.encode("utf-8"), "bad.txt")


def test_malformed_binary_says_where_it_is_cut():
    data = _saved(make_word_model(), binary=True)
    with pytest.raises(FileFormatError, match="cut short"):
        load_vectors(data[: len(data) // 2], "cut.bin")


def test_repeated_and_non_utf8_words_are_skipped_with_notes():
    data = b"a 1 2\nb 3 4\na 5 6\n\x97 7 8\n"
    model = load_vectors(data, "g.txt")
    assert model.kv.index_to_key == ["a", "b"] and model.vector("a").tolist() == [1, 2]
    assert any("not valid UTF-8" in n and "line 4" in n for n in model.notes)
    assert any("1 repeated word" in n for n in model.notes)


def test_gzip_and_zip_archives_are_opened():
    assert len(load_vectors(gzip.compress(W2V_TEXT.encode()), "pt.txt.gz")) == 3
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("skip_s50/README", "NILC vectors")
        archive.writestr("skip_s50/skip_s50.txt", W2V_TEXT)
    assert load_vectors(buf.getvalue(), "skip_s50.zip").name == "skip_s50.zip (3 words, 4-d)"


class _Payload:
    """Unpickling this would create a marker file: proof of code execution."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


@pytest.fixture
def no_unpickling(monkeypatch):
    """Any attempt to unpickle during the test fails loudly."""

    def refuse(*args, **kwargs):
        raise AssertionError("something tried to unpickle")

    for name in ("load", "loads", "Unpickler"):
        monkeypatch.setattr(pickle, name, refuse)


@pytest.mark.parametrize("filename", ["vectors.model", "vectors.txt", "vectors.bin", "vectors"])
def test_pickles_are_refused_without_being_run(tmp_path, no_unpickling, filename):
    marker = tmp_path / "pwned"
    payload = pickle.dumps(_Payload(marker), protocol=4)
    # What the payload would do if unpickled, run directly: it is live.
    func, args = _Payload(tmp_path / "proof").__reduce__()
    func(*args)
    assert (tmp_path / "proof").exists()
    with pytest.raises(FileFormatError, match="never opens") as err:
        load_vectors(payload, filename)
    assert "save_word2vec_format" in str(err.value)
    assert not marker.exists()


def test_pickles_inside_archives_and_numpy_files_are_refused(tmp_path, no_unpickling):
    marker = tmp_path / "pwned"
    payload = pickle.dumps(_Payload(marker), protocol=2)
    with pytest.raises(FileFormatError, match="pickle"):
        load_vectors(gzip.compress(payload), "model.gz")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:  # the layout torch.save writes
        archive.writestr("archive/data.pkl", payload)
        archive.writestr("archive/version", "3")
    with pytest.raises(FileFormatError, match="pickled data"):
        load_vectors(buf.getvalue(), "model.pt.zip")
    npy = io.BytesIO()
    np.save(npy, np.zeros((2, 2), np.float32))
    with pytest.raises(FileFormatError, match="NumPy"):
        load_vectors(npy.getvalue(), "vectors.npy")
    with pytest.raises(FileFormatError, match="NumPy"):
        load_vectors(npy.getvalue(), "renamed.txt")
    with pytest.raises(FileFormatError, match="pickle"):
        load_vectors(b"anything", "vectors.pkl")
    assert not marker.exists()


def test_fasttext_binary_models_are_explained():
    data = Path(datapath("toy-model.bin")).read_bytes()
    with pytest.raises(FileFormatError, match="fastText binary model .* .vec"):
        load_vectors(data, "toy-model.bin")


def test_trained_fasttext_saves_its_vocabulary(tmp_path):
    trained = embedlab.train_word_vectors(
        ["o gato bebe leite", "o cão bebe água"] * 10,
        algorithm="fasttext",
        vector_size=8,
        min_count=1,
        epochs=1,
    )
    loaded = load_vectors(_saved(trained, binary=True), "ft.bin")
    assert loaded.kv.index_to_key == trained.kv.index_to_key
    assert np.array_equal(loaded.kv.vectors, trained.kv.vectors)


def test_words_with_spaces_cannot_be_saved():
    kv = KeyedVectors(2)
    kv.add_vectors(["são paulo"], np.ones((1, 2), np.float32))
    with pytest.raises(embedlab.InputError, match="'são paulo' contains a space"):
        save_word2vec(kv, io.BytesIO())


def _many_lines(n: int, dim: int = 3) -> list[str]:
    rng = np.random.default_rng(1)
    return [f"w{i} " + " ".join(f"{v:.5f}" for v in rng.normal(size=dim)) for i in range(n)]


def test_files_longer_than_one_block_match_gensim(tmp_path):
    lines = _many_lines(10_000)
    lines[7_000] = "NA 1 2 3"  # words pandas would turn into missing values stay words
    lines[7_001] = "null 4 5 6"
    path = tmp_path / "big.txt"
    path.write_text(f"{len(lines)} 3\n" + "\n".join(lines) + "\n", encoding="utf-8")
    model = load_vectors(path.read_bytes(), "big.txt")
    ref = KeyedVectors.load_word2vec_format(str(path))
    assert model.kv.index_to_key == ref.index_to_key
    np.testing.assert_allclose(model.kv.vectors, ref.vectors, rtol=1e-6)
    assert model.vector("NA").tolist() == [1, 2, 3]


def test_malformed_line_far_into_the_file_is_named_exactly():
    lines = _many_lines(9_000)
    lines[8_500] = "quebrada 1 2 x"
    data = ("\n".join(lines[:100]) + "\n\n" + "\n".join(lines[100:])).encode()  # a blank line
    with pytest.raises(FileFormatError, match="line 8502 \\('quebrada'\\): value 3 is 'x'"):
        load_vectors(data, "g.txt")


def test_limit_counts_distinct_words_and_notes_only_real_repeats():
    data = b"a 1 2\na 3 4\nb 5 6\nc 7 8\nd 9 10\n"
    model = load_vectors(data, "g.txt", limit=2)
    assert model.kv.index_to_key == ["a", "b"]
    assert model.notes == ["1 repeated word was skipped (each word keeps its first vector)."]
