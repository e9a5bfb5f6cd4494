"""What goes on a map: grouped lines, presets, a word's neighbours."""

from __future__ import annotations

import pytest

from embedlab.errors import InputError, UnknownWordError
from embedlab.map_inputs import (
    PRESETS,
    MapInput,
    default_axes,
    parse_grouped_lines,
    seed_neighbours,
    split_words,
)


def test_groups_are_optional_per_line():
    points = parse_grouped_lines("animais: gato\ncarro\n\nfrutas:   uva\ngato")
    assert points.texts == ["gato", "carro", "uva", "gato"]
    assert points.groups == ["animais", None, "frutas", None]
    assert points.notes == ["Ignored 1 blank line."]


def test_no_groups_means_none():
    assert parse_grouped_lines("gato\ncarro").groups is None


@pytest.mark.parametrize(
    "line",
    ["às 10:30 saímos", "http://exemplo.com/a", "uma frase com muitas palavras antes: do texto"],
)
def test_colons_inside_sentences_are_not_groups(line):
    assert parse_grouped_lines(f"{line}\noutra").texts[0] == line


def test_too_few_lines():
    with pytest.raises(InputError, match="at least 2"):
        parse_grouped_lines("gato")


def test_only_keeps_groups_aligned():
    points = MapInput(["a", "b", "a", "c"], ["g1", "g2", "g3", "g4"])
    kept = points.only(["a", "a", "c"])
    assert kept.texts == ["a", "a", "c"] and kept.groups == ["g1", "g3", "g4"]


def test_split_words():
    assert split_words("rei, gato  carro;rei") == ["rei", "gato", "carro"]


def test_seed_neighbours_grouped_by_seed(word_model):
    points = seed_neighbours(word_model, ["gato", "Carro"], n=3)
    assert points.texts[0] == "gato" and points.groups[:4] == ["gato"] * 4
    assert points.texts[4] == "carro" and set(points.groups) == {"gato", "carro"}
    assert len(points.texts) == len(set(points.texts)) == 8


def test_seed_neighbours_unknown_and_empty(word_model):
    with pytest.raises(UnknownWordError, match="'gatto'.*Did you mean: gato"):
        seed_neighbours(word_model, ["gatto"])
    with pytest.raises(InputError, match="Type one or more words"):
        seed_neighbours(word_model, [" "])
    with pytest.raises(InputError, match="between 1 and 200"):
        seed_neighbours(word_model, ["gato"], n=0)


def test_default_axes_follow_the_vocabulary(word_model, sentence_model):
    assert default_axes(word_model) == ("man", "woman", "poor", "rich")
    assert default_axes(sentence_model) == ("homem", "mulher", "pobre", "rico")


def test_presets_parse_into_groups():
    for name, text in PRESETS.items():
        points = parse_grouped_lines(text)
        assert points.groups and None not in points.groups, name
        assert len(points.texts) >= 12, name
