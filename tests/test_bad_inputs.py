"""Every bad input embedlab handles, each with the message a person sees.

This list is the README's "Bad input" table: ``python -m tests.test_bad_inputs`` prints the
table, and a test checks that the README holds it as printed, so the two cannot drift apart.
Each case runs through the public API and must raise an ``EmbedlabError`` whose message
contains the quoted words (the pages show the same message, translated when the interface is
in Portuguese).
"""

from __future__ import annotations

import io
import pickle
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
import pytest

import embedlab
from embedlab import clustering, media, outliers, similarity, tables
from tests.conftest import ROOT, make_sentence_model, make_word_model

DATA = ROOT / "tests" / "data"


class Case(NamedTuple):
    area: str
    what: str
    run: Callable[[], object]
    says: str  # words the message contains


def _words():
    return make_word_model()


def _read(name: str, **options) -> object:
    return embedlab.read_upload((DATA / name).read_bytes(), name, **options)


def _vectors(text: str) -> object:
    return embedlab.load_vectors(text.encode("utf-8"), "vectors.txt")


def _corpus() -> list[str]:
    return ["o gato come peixe", "o cachorro come carne"] * 3


def _collection(tmp: Path) -> embedlab.Collection:
    frame = pd.DataFrame({"texto": ["gato", "cachorro", "carro"], "autor": ["A", "B", "A"]})
    return embedlab.create_collection(
        "bad-input",
        frame,
        text_column="texto",
        model=make_sentence_model(),
        uri=tmp,
        overwrite=True,
    )


def _zip_of_text() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "hi")
    return buffer.getvalue()


def _imported(tmp: Path) -> embedlab.Collection:
    frame = pd.DataFrame({"t": ["a", "b", "c"], "vec": [[1.0, 0, 0], [0, 1.0, 0], [0, 0, 1.0]]})
    return embedlab.create_collection(
        "imported", frame, vector_column="vec", uri=tmp, overwrite=True
    )


def cases(tmp: Path) -> list[Case]:
    X = np.random.default_rng(0).normal(size=(6, 8)).astype(np.float32)
    return [
        # typed lines
        Case("lines", "nothing typed", lambda: embedlab.parse_lines("  \n "), "at least 2"),
        Case("lines", "one line where two are needed", lambda: embedlab.parse_lines("gato"), "at least 2"),
        Case("lines", "more than 200 lines", lambda: embedlab.parse_lines("\n".join(map(str, range(300)))), "200"),
        Case("lines", "a single string given to encode()", lambda: _words().encode("gato"), "not a single string"),
        # word models
        Case("words", "a misspelt word", lambda: _words().encode(["gatto"]), "did you mean"),
        Case("words", "an emoji-only line in a word model", lambda: _words().encode(["🐱"]), "🐱"),
        Case("words", "neighbours of an unknown word", lambda: _words().most_similar("zebra"), "zebra"),
        Case("words", "topn below 1", lambda: _words().most_similar("gato", topn=0), "topn"),
        # analogies
        Case("analogy", "an unknown word in an analogy", lambda: embedlab.analogy(_words(), "man", "king", "womann"), "womann"),
        Case("analogy", "an empty box", lambda: embedlab.analogy(_words(), "man", "", "woman"), "Type a word for b"),
        Case("analogy", "the same word three times", lambda: embedlab.analogy(_words(), "man", "man", "man"), "man"),
        Case("analogy", "an unknown method", lambda: embedlab.analogy(_words(), "man", "king", "woman", method="3cosfoo"), "3cosfoo"),
        Case("analogy", "analogies on a sentence model", lambda: embedlab.analogy(make_sentence_model(), "a", "b", "c"), "word model"),
        # similarity and maps
        Case("similarity", "an unknown metric", lambda: similarity.similarity_matrix(X, metric="manhattan"), "manhattan"),
        Case("maps", "one point", lambda: embedlab.project(X[:1], method="pca"), "at least"),
        Case("maps", "UMAP on three points", lambda: embedlab.project(X[:3], method="umap"), "UMAP"),
        Case("maps", "t-SNE on two points", lambda: embedlab.project(X[:2], method="tsne"), "t-SNE"),
        Case("maps", "four dimensions", lambda: embedlab.project(X, n_components=4), "2 or 3"),
        Case("maps", "an unknown method", lambda: embedlab.project(X, method="mds"), "mds"),
        Case("maps", "a perplexity above the points", lambda: embedlab.project(X, method="tsne", perplexity=50), "perplexity"),
        # uploads
        Case("upload", "an empty file", lambda: _read("empty.csv"), "empty"),
        Case("upload", "a header without rows", lambda: _read("header_only.csv"), "no data rows"),
        Case("upload", "a binary file named .csv", lambda: _read("binary.csv"), "binary"),
        Case("upload", "a Word document", lambda: _read("unsupported.docx"), ".docx"),
        Case("upload", "a pickle", lambda: embedlab.read_upload(pickle.dumps({"a": 1}), "data.pkl"), "'.pkl' are not supported"),
        Case("upload", "a broken JSON Lines row", lambda: _read("malformed.jsonl"), "line"),
        Case("upload", "a corrupt spreadsheet", lambda: _read("corrupt.xlsx"), "xlsx"),
        Case("upload", "a file over the size limit", lambda: _read("over_limit.csv", max_mb=0.001), "MB"),
        Case("upload", "more rows than the limit", lambda: _read("over_limit.csv", max_rows=10), "rows"),
        Case("upload", "a sheet that does not exist", lambda: _read("sheets.xlsx", sheet="Nope"), "Nope"),
        Case("upload", "a text column that does not exist", lambda: tables.prepare_texts(pd.DataFrame({"a": ["x"]}), "texto"), "texto"),
        Case("upload", "a text column with no text", lambda: tables.prepare_texts(pd.DataFrame({"t": [None, " "]}), "t"), "no text"),
        # word-vector files
        Case("vector files", "a pickled model", lambda: embedlab.load_vectors(pickle.dumps([1]), "model.pkl"), "pickle"),
        Case("vector files", "an empty file", lambda: _vectors(""), "empty"),
        Case("vector files", "a row with the wrong count of numbers", lambda: _vectors("2 3\ngato 1 0 0\ncão 1 0\n"), "line 3"),
        Case("vector files", "a value that is not a number", lambda: _vectors("1 3\ngato 1 x 0\n"), "x"),
        Case("vector files", "a NaN in a vector", lambda: _vectors("2 3\ngato nan 0 0\nc 1 1 1\n"), "not a finite number"),
        Case("vector files", "a limit below 1", lambda: embedlab.load_vectors(b"1 2\na 1 2\n", "v.txt", limit=0), "limit"),
        # training
        Case("training", "no text to train on", lambda: embedlab.train_word_vectors([]), "text"),
        Case("training", "min_count above every word's count", lambda: embedlab.train_word_vectors(_corpus(), min_count=50), "min_count"),
        Case("training", "a vector size of 0", lambda: embedlab.train_word_vectors(_corpus(), vector_size=0, min_count=1), "vector_size"),
        Case("training", "a window of 0", lambda: embedlab.train_word_vectors(_corpus(), window=0, min_count=1), "window"),
        Case("training", "an unknown algorithm", lambda: embedlab.train_word_vectors(_corpus(), algorithm="glove"), "glove"),
        # models
        Case("models", "an unknown model id", lambda: embedlab.load_model("gpt-9"), "gpt-9"),
        Case("models", "a folder that is not a model", lambda: embedlab.load_model(str(DATA)), "not a sentence-transformers model folder"),
        # analysis
        Case("analysis", "more clusters than rows", lambda: clustering.cluster_kmeans(X, k=10), "k=10"),
        Case("analysis", "HDBSCAN on fewer rows than a cluster", lambda: clustering.cluster_hdbscan(X, min_cluster_size=10), "min_cluster_size=10"),
        Case("analysis", "keywords for mismatched labels", lambda: clustering.cluster_keywords(["a", "b"], [0]), "must match"),
        Case("analysis", "outliers of a single row", lambda: outliers.outlier_scores(X[:1]), "at least 2 rows"),
        Case("analysis", "vectors with NaN", lambda: clustering.cluster_kmeans(np.full((4, 3), np.nan), k=2), "NaN"),
        # typed vectors, comparisons, images
        Case("vectors", "vectors of different lengths", lambda: embedlab.parse_vectors("a: 1, 2\nb: 1, 2, 3"), "Line 2 has 3 numbers"),
        Case("vectors", "a value that is not a number", lambda: embedlab.parse_vectors("a: 1, x"), "'x' is not a number"),
        Case("compare", "fewer items than k + 1", lambda: embedlab.compare_vectors(np.eye(5), np.eye(5), k=10), "at least 11 items"),
        Case("images", "a ZIP with no image in it", lambda: media.read_images([("fotos.zip", _zip_of_text())]), "a.txt"),
        Case("images", "a file that is not an image", lambda: media.open_image(b"not an image", name="x.png"), "x.png"),
        # collections
        Case("collections", "a name with a path in it", lambda: embedlab.open_collection("../etc", uri=tmp), "../etc"),
        Case("collections", "a collection that does not exist", lambda: embedlab.open_collection("nada", uri=tmp), "nada"),
        Case("collections", "a filter that does not parse", lambda: _collection(tmp).search(["gato"], where="autor = = 'A'"), "autor"),
        Case("collections", "vectors of another size added", lambda: _imported(tmp).add(pd.DataFrame({"t": ["d"], "vec": [[1.0, 2.0]]})), "3-dimensional"),
        Case("collections", "text queries on imported vectors with no model", lambda: _imported(tmp).search(["gato"]), "no model"),
        Case("collections", "new rows missing a column", lambda: _collection(tmp).add(pd.DataFrame({"texto": ["x"]})), "missing: autor"),
    ]  # fmt: skip


def table(tmp: Path) -> str:
    """The README's table: each case with the message it gives."""
    lines = ["| area | bad input | message (English; the pages show it in Portuguese too) |"]
    lines.append("|---|---|---|")
    for case in cases(tmp):
        try:
            case.run()
        except embedlab.EmbedlabError as err:
            message = str(err).replace("|", "\\|").replace("\n", " ")
        else:
            message = "(no error)"
        lines.append(f"| {case.area} | {case.what} | {message} |")
    return "\n".join(lines)


_CASES = cases(Path("."))


@pytest.mark.parametrize("index", range(len(_CASES)), ids=[c.what for c in _CASES])
def test_each_bad_input_gets_a_message_naming_the_value(index, tmp_path):
    case = cases(tmp_path)[index]
    with pytest.raises(embedlab.EmbedlabError) as err:
        case.run()
    assert case.says.lower() in str(err.value).lower()
    assert "Traceback" not in str(err.value)


def test_there_are_at_least_40_and_the_readme_lists_each():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(_CASES) >= 40
    missing = [c.what for c in _CASES if f"| {c.area} | {c.what} |" not in readme]
    assert not missing, (
        f"README's Bad input table lacks: {missing}; run python -m tests.test_bad_inputs"
    )


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        print(table(Path(folder)))
