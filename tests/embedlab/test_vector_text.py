"""Vectors typed as text (the numpy lesson's user and products)."""

from __future__ import annotations

import re

import numpy as np
import pytest

from embedlab import looks_like_vectors, parse_vectors
from embedlab.errors import InputError
from embedlab.examples import VECTOR_EXAMPLES
from embedlab.similarity import rank


def test_the_three_forms_of_the_issue():
    labels, X = parse_vectors("usuário: 0.2, 0.8, 0.5\n[0.1, 0.9, 0.4]\n\n0.8 0.1 0.3")
    assert labels == ["usuário", "v2", "v3"]
    np.testing.assert_allclose(X, [[0.2, 0.8, 0.5], [0.1, 0.9, 0.4], [0.8, 0.1, 0.3]])
    assert X.dtype == np.float32


@pytest.mark.parametrize(
    "line",
    [
        "produto A = (0,9; 0,1; 0,1)",
        "produto A: 0.9; 0.1; 0.1;",
        "produto A: [0.9,0.1,0.1]",
        "produto A:0.9 0.1 0.1",
        "produto A: 9e-1, 1E-1, .1",
    ],
)
def test_separators_brackets_and_decimal_commas(line):
    labels, X = parse_vectors(line)
    assert labels == ["produto A"]
    np.testing.assert_allclose(X, [[0.9, 0.1, 0.1]], rtol=1e-6)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: 1, 2, 3\nb: 1, 2", "Line 2 has 2 numbers, but line 1 has 3"),
        ("a: 1, 2\n\nb: 1, x", "Line 3: 'x' is not a number"),
        ("0,2 0,8 0,5", "Line 1 looks like decimal commas"),
        ("a: 1 2\na: 3 4", "Line 2: the label 'a' is used twice"),
        ("a:", "Line 1: 'a:' is not a number"),
        ("b: [ ]", "Line 1 has no numbers"),
        ("\n \n", "Enter at least 1 vector, one per line"),
        ("1 1e999", "1e999 is too large"),
    ],
)
def test_errors_name_the_line(text, message):
    with pytest.raises(InputError, match=re.escape(message)):
        parse_vectors(text)


def test_limits():
    with pytest.raises(InputError, match="Enter at least 2 vectors"):
        parse_vectors("1 2", min_vectors=2)
    with pytest.raises(InputError, match="limit here is 3"):
        parse_vectors("1 2\n3 4\n5 6\n7 8", max_vectors=3)


def test_detection_sends_typos_to_the_parser_and_text_to_the_model():
    assert looks_like_vectors("[0.2, 0.8, 0.5]")
    assert looks_like_vectors("produto A: 0.1, 0.9, 0.4\nproduto B: 0.8 0.1 0.3")
    assert looks_like_vectors("[0.2, 0.8, O.5]")  # a typo: parse_vectors names it
    for text in ("Quero um filme de ficção científica", "os 10 filmes de 2001", "2001", "", "a: 1"):
        assert not looks_like_vectors(text), text


def test_teaching_notes_example_best_is_the_third_product():
    text = VECTOR_EXAMPLES["Recomendação: usuário e 3 produtos"]
    labels, X = parse_vectors(text)
    assert labels[0] == "usuário" and X[0].tolist() == pytest.approx([0.2, 0.8, 0.5])
    ranked = rank(X[0], X[1:], labels[1:])
    assert ranked.item[0] == labels[3]  # the third product
    assert ranked.cosine[0] == pytest.approx(0.996, abs=5e-4)
