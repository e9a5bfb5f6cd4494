"""What goes on a map: typed lines with optional groups, ready-made sets, a word's neighbours.

>>> points = parse_grouped_lines("animais: gato\\nanimais: cão\\nveículos: carro")
>>> points.texts, points.groups
(['gato', 'cão', 'carro'], ['animais', 'animais', 'veículos'])
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from embedlab.errors import InputError
from embedlab.text import parse_lines

#: Most lines a map takes from the text box (more: use the "Your own text" page).
MAX_POINTS = 5000

# "group: text": a short label (up to 4 words, 40 characters), a colon, a space.
_GROUPED = re.compile(r"^(?P<group>[^:\s][^:]{0,39}?)\s*:\s+(?P<text>\S.*)$")


@dataclass(frozen=True)
class MapInput:
    """The points of a map.

    Attributes:
        texts: one word or sentence per point.
        groups: one group per point (``None`` for a line without one), or ``None`` when
            no line had a group.
        notes: sentences for the user about what was cleaned up.
    """

    texts: list[str]
    groups: list[str | None] | None = None
    notes: list[str] = field(default_factory=list)

    def only(self, kept: Sequence[str]) -> MapInput:
        """The points whose texts are in ``kept`` (a subsequence of ``texts``, in order,
        as a word model's ``encode_known`` returns), groups following their texts."""
        rows, j = [], 0
        for i, text in enumerate(self.texts):
            if j < len(kept) and text == kept[j]:
                rows.append(i)
                j += 1
        groups = None if self.groups is None else [self.groups[i] for i in rows]
        return MapInput([self.texts[i] for i in rows], groups, self.notes)


def parse_grouped_lines(text: str, *, min_lines: int = 2, max_lines: int = MAX_POINTS) -> MapInput:
    """One point per line; a line ``group: text`` puts the point in a group.

    The group label is at most four words before ``": "`` (colon and a space), so
    ``"10:30"`` or ``"http://..."`` stay whole. Blank and repeated lines are dropped
    (:func:`embedlab.text.parse_lines`), and told in ``notes``.

    Args:
        text: what the user typed.
        min_lines: fewest points needed.
        max_lines: most points allowed.

    Returns:
        :class:`MapInput`.

    Raises:
        InputError: too few or too many lines.
    """
    lines = parse_lines(text, min_lines=min_lines, max_lines=max_lines)
    texts: list[str] = []
    groups: list[str | None] = []
    for line in lines.lines:
        match = _GROUPED.match(line)
        if match and len(match["group"].split()) <= 4:
            groups.append(match["group"].strip())
            texts.append(match["text"].strip())
        else:
            groups.append(None)
            texts.append(line)
    has_groups = any(g is not None for g in groups)
    return MapInput(texts, groups if has_groups else None, list(lines.notes))


def split_words(text: str) -> list[str]:
    """Seed words typed as ``"rei, gato carro"``: split at commas and spaces, each once."""
    return list(dict.fromkeys(w for w in re.split(r"[,;\s]+", text or "") if w))


def seed_neighbours(model: Any, seeds: Sequence[str], *, n: int = 10) -> MapInput:
    """Each seed word and its ``n`` nearest words in a word model, grouped by seed.

    A word near two seeds is kept once, with the first seed.

    Args:
        model: a :class:`embedlab.models.WordModel` (anything with ``key``,
            ``most_similar`` and ``unknown_error``).
        seeds: one or more words.
        n: neighbours per seed (1 to 200).

    Returns:
        :class:`MapInput` with ``groups`` = the seed of each point.

    Raises:
        InputError: no seed, or ``n`` out of range.
        UnknownWordError: seeds missing from the vocabulary (with close spellings).
    """
    seeds = [s.strip() for s in seeds if s and s.strip()]
    if not seeds:
        raise InputError("Type one or more words, e.g. 'rei, gato, carro'.")
    if not 1 <= n <= 200:
        raise InputError(f"Neighbours per word must be between 1 and 200; got {n}.")
    unknown = [s for s in seeds if model.key(s) is None]
    if unknown:
        raise model.unknown_error(unknown)
    points: dict[str, str] = {}
    for seed in seeds:
        key = model.key(seed)
        points.setdefault(key, key)
        for word, _score in model.most_similar(key, topn=n):
            points.setdefault(word, key)
    return MapInput(list(points), list(points.values()))


def default_axes(model: Any) -> tuple[str, str, str, str]:
    """Ends of the semantic axes to start with: Portuguese, or English for a word model
    that does not know the Portuguese words."""
    pt = ("homem", "mulher", "pobre", "rico")
    if getattr(model, "kind", None) == "word" and not all(w in model for w in pt):
        return ("man", "woman", "poor", "rich")
    return pt


def _lines(groups: dict[str, list[str]]) -> str:
    return "\n".join(f"{g}: {w}" for g, words in groups.items() for w in words)


_TOPICS_PT = {
    "animais": ["gato", "cachorro", "cavalo", "vaca", "leão", "tigre", "lobo", "coelho"],
    "veículos": ["carro", "caminhão", "ônibus", "moto", "bicicleta", "avião", "trem", "barco"],
    "frutas": ["maçã", "banana", "laranja", "uva", "morango", "abacaxi", "manga", "limão"],
    "países": ["Brasil", "Portugal", "França", "Alemanha", "Itália", "Japão", "China", "México"],
}
_TOPICS_EN = {
    "animals": ["cat", "dog", "horse", "cow", "lion", "tiger", "wolf", "rabbit"],
    "vehicles": ["car", "truck", "bus", "motorcycle", "bicycle", "airplane", "train", "boat"],
    "fruits": ["apple", "banana", "orange", "grape", "strawberry", "pineapple", "mango", "lemon"],
    "countries": ["Brazil", "Portugal", "France", "Germany", "Italy", "Japan", "China", "Mexico"],
}
_CAPITALS_PT = {
    "país": ["Brasil", "Portugal", "França", "Alemanha", "Itália", "Espanha", "Japão", "Rússia",
             "Egito", "Grécia", "Peru", "Canadá"],
    "capital": ["Brasília", "Lisboa", "Paris", "Berlim", "Roma", "Madri", "Tóquio", "Moscou",
                "Cairo", "Atenas", "Lima", "Ottawa"],
}  # fmt: skip
_CAPITALS_EN = {
    "country": ["Brazil", "Portugal", "France", "Germany", "Italy", "Spain", "Japan", "Russia",
                "Egypt", "Greece", "Peru", "Canada"],
    "capital": ["Brasilia", "Lisbon", "Paris", "Berlin", "Rome", "Madrid", "Tokyo", "Moscow",
                "Cairo", "Athens", "Lima", "Ottawa"],
}  # fmt: skip

#: Ready-made maps: name → text in ``group: text`` lines.
PRESETS: dict[str, str] = {
    "Animais, veículos, frutas, países (pt)": _lines(_TOPICS_PT),
    "Animals, vehicles, fruits, countries (en)": _lines(_TOPICS_EN),
    "Both languages: topics in pt + en": _lines(
        {
            f"{pt} / {en}": _TOPICS_PT[pt] + _TOPICS_EN[en]
            for pt, en in zip(_TOPICS_PT, _TOPICS_EN, strict=True)
        }
    ),
    "Rei, rainha, homem, mulher (pt)": _lines(
        {
            "masculino": ["rei", "homem", "príncipe", "menino", "pai", "irmão"],
            "feminino": ["rainha", "mulher", "princesa", "menina", "mãe", "irmã"],
        }
    ),
    "King, queen, man, woman (en)": _lines(
        {
            "male": ["king", "man", "prince", "boy", "father", "brother"],
            "female": ["queen", "woman", "princess", "girl", "mother", "sister"],
        }
    ),
    "Países e capitais (pt)": _lines(_CAPITALS_PT),
    "Countries and capitals (en)": _lines(_CAPITALS_EN),
    "Frases por tema (pt)": _lines(
        {
            "esporte": [
                "O time venceu o campeonato no último minuto",
                "Ela corre cinco quilômetros todas as manhãs",
                "O jogo de futebol terminou empatado",
                "O tenista sacou com muita força",
            ],
            "culinária": [
                "Misture a farinha com os ovos e o leite",
                "O feijão precisa cozinhar por uma hora",
                "Esta receita de bolo de cenoura é deliciosa",
                "Tempere o peixe com limão e sal",
            ],
            "tecnologia": [
                "O novo celular tem uma bateria que dura dois dias",
                "Atualize o sistema operacional do computador",
                "A inteligência artificial escreve textos",
                "A internet caiu durante a reunião",
            ],
        }
    ),
}

__all__ = [
    "MAX_POINTS",
    "PRESETS",
    "MapInput",
    "default_axes",
    "parse_grouped_lines",
    "seed_neighbours",
    "split_words",
]
