"""Generated corpora with known word groups, and how well trained vectors recover them.

Real word vectors need millions of words of text; a classroom has seconds. A generated
corpus makes the lesson visible anyway: natural sentences from templates, in which the words
of a group (animals, vehicles, foods, colours, professions, verbs in the past / present /
future) fill the same slots, so Word2Vec can learn that they belong together. Because the
groups are known, :func:`group_purity` scores a model: the share of each probe word's top-5
neighbours that come from its own group. Changing window, sg or min_count moves the score.

>>> texts = generate_corpus("pt", sentences=3, seed=1)
>>> len(texts), texts[0][-1]
(3, '.')
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from embedlab.errors import InputError
from embedlab.tokens import stop_words

if TYPE_CHECKING:
    import pandas as pd

    from embedlab.models import WordModel

Language = Literal["pt", "en"]
MIXED_SHARE = 0.0
SENTENCES = 6000  # ~60,000 words: trains in a few seconds, groups clearly recovered

# Portuguese nouns carry their gender ("m"/"f") so articles agree: {o} → o/a, {um} → um/uma.
_PT_NOUNS: dict[str, list[tuple[str, str]]] = {
    "animais": [("gato", "m"), ("cachorro", "m"), ("cavalo", "m"), ("coelho", "m"),
                ("porco", "m"), ("pato", "m"), ("vaca", "f"), ("galinha", "f"),
                ("ovelha", "f"), ("cabra", "f")],
    "veículos": [("carro", "m"), ("ônibus", "m"), ("caminhão", "m"), ("trem", "m"),
                 ("avião", "m"), ("barco", "m"), ("navio", "m"), ("moto", "f"),
                 ("bicicleta", "f"), ("van", "f")],
    "comidas": [("arroz", "m"), ("feijão", "m"), ("pão", "m"), ("bolo", "m"),
                ("macarrão", "m"), ("queijo", "m"), ("sopa", "f"), ("pizza", "f"),
                ("salada", "f"), ("carne", "f")],
    "profissões": [("médico", "m"), ("professor", "m"), ("advogado", "m"),
                   ("engenheiro", "m"), ("enfermeiro", "m"), ("padeiro", "m"),
                   ("carteiro", "m"), ("pintor", "m"), ("cozinheiro", "m"),
                   ("bombeiro", "m")],
}  # fmt: skip
_PT_WORDS: dict[str, list[str]] = {
    "cores": ["vermelho", "azul", "verde", "amarelo", "preto", "branco", "roxo", "laranja",
              "cinza", "marrom"],
    "verbos no passado": ["comeu", "bebeu", "correu", "dormiu", "estudou", "trabalhou",
                          "cantou", "dançou", "nadou", "viajou"],
    "verbos no presente": ["come", "bebe", "corre", "dorme", "estuda", "trabalha", "canta",
                           "dança", "nada", "viaja"],
    "verbos no futuro": ["comerá", "beberá", "correrá", "dormirá", "estudará", "trabalhará",
                         "cantará", "dançará", "nadará", "viajará"],
}  # fmt: skip
# Every sentence is a shared frame around the word (the same for all groups: "Eu vi o ...
# ontem") and a tail that tells the topic three to six words away ("lá no curral da
# fazenda"). A window of 1-2 sees only the frame, so every noun looks alike; a window of 5
# reaches the tail and the groups appear. That is the lesson of the window setting.
_PT_FRAMES = {
    "noun": [
        "Eu vi {o} {x} {fill}, {tail}.",
        "Todo mundo fala {do} {x} {fill}, {tail}.",
        "Ela lembrou {do} {x} {fill}, {tail}.",
        "Nós achamos {o} {x} {fill}, {tail}.",
        "Foi {o} {x} que apareceu {fill}, {tail}.",
    ],
    "verb": [
        "A Ana {x} {fill} {tail}.",
        "O menino {x} {fill} {tail}.",
        "A vizinha {x} {fill} {tail}.",
    ],
}
# Neutral fillers between the word and its tail: many and varied, so none is frequent
# enough for Word2Vec's down-sampling to drop it (which would bring the tail closer).
_PT_FILLERS = (
    "de novo", "outra vez", "por acaso", "sem querer", "com calma", "mais uma vez",
    "bem rápido", "sem pressa", "por um tempo", "com cuidado", "de repente", "por sorte",
    "com atenção", "meio sem jeito", "de longe", "de perto", "por alguns minutos",
    "com alegria", "com surpresa", "sem barulho", "à distância", "com os amigos",
    "com a família", "com os vizinhos", "várias vezes", "só um pouco", "bastante",
    "muito", "pouco", "sempre assim",
)  # fmt: skip
_PT_TAILS: dict[str, list[str]] = {
    "animais": ["lá no curral da fazenda", "perto do pasto e do rio",
                "quando o veterinário chegou ao sítio", "comendo ração no quintal da fazenda"],
    "veículos": ["lá na garagem da oficina", "perto da estrada e da estação",
                 "quando o mecânico trocou o pneu", "cheio de passageiros na viagem"],
    "comidas": ["lá na cozinha do restaurante", "perto do forno e da padaria",
                "quando a receita ficou pronta para o jantar", "servido quente no almoço"],
    "profissões": ["lá no escritório do centro", "perto do trabalho e da empresa",
                   "quando o expediente começou de manhã", "recebendo o salário do mês"],
    "cores": ["para pintar a parede da sala", "com tinta e pincel novos",
              "quando o pintor misturou as tintas", "no desenho de lápis de cor"],
    "verbos no passado": ["ontem à noite", "na semana passada", "no ano passado", "ontem cedo"],
    "verbos no presente": ["todos os dias", "hoje em dia", "toda semana", "todo dia cedo"],
    "verbos no futuro": ["amanhã à noite", "na semana que vem", "no ano que vem",
                         "amanhã cedo"],
}  # fmt: skip

_EN_WORDS: dict[str, list[str]] = {
    "animals": ["cat", "dog", "horse", "rabbit", "pig", "duck", "cow", "chicken", "sheep",
                "goat"],
    "vehicles": ["car", "bus", "truck", "train", "plane", "boat", "ship", "motorbike",
                 "bicycle", "van"],
    "foods": ["rice", "beans", "bread", "cake", "pasta", "cheese", "soup", "pizza", "salad",
              "meat"],
    "professions": ["doctor", "teacher", "lawyer", "engineer", "nurse", "baker", "postman",
                    "painter", "cook", "firefighter"],
    "colours": ["red", "blue", "green", "yellow", "black", "white", "purple", "orange", "grey",
                "brown"],
    "verbs in the past": ["ate", "drank", "ran", "slept", "studied", "worked", "sang", "danced",
                          "swam", "travelled"],
    "verbs in the present": ["eats", "drinks", "runs", "sleeps", "studies", "works", "sings",
                             "dances", "swims", "travels"],
    "verbs in the future": ["will eat", "will drink", "will run", "will sleep", "will study",
                            "will work", "will sing", "will dance", "will swim", "will travel"],
}  # fmt: skip
_EN_FRAMES = {
    "noun": [
        "I saw the {x} {fill}, {tail}.",
        "Everybody talks about the {x} {fill}, {tail}.",
        "She remembered the {x} {fill}, {tail}.",
        "We found the {x} {fill}, {tail}.",
        "It was the {x} that showed up {fill}, {tail}.",
    ],
    "verb": [
        "Anna {x} {fill} {tail}.",
        "The boy {x} {fill} {tail}.",
        "The neighbour {x} {fill} {tail}.",
    ],
}
_EN_FILLERS = (
    "again", "once more", "by chance", "by accident", "calmly", "one more time", "quickly",
    "without hurry", "for a while", "carefully", "suddenly", "luckily", "attentively",
    "somewhat awkwardly", "from afar", "up close", "for a few minutes", "happily",
    "with surprise", "quietly", "at a distance", "with friends", "with the family",
    "with the neighbours", "several times", "just a little", "quite a bit", "a lot",
    "a little", "as always",
)  # fmt: skip
_EN_TAILS: dict[str, list[str]] = {
    "animals": ["out in the barn of the farm", "near the pasture and the river",
                "when the vet came to the farm", "eating feed in the farm yard"],
    "vehicles": ["out in the garage of the workshop", "near the road and the station",
                 "when the mechanic changed the tyre", "full of passengers on the trip"],
    "foods": ["out in the kitchen of the restaurant", "near the oven and the bakery",
              "when the recipe was ready for dinner", "served hot at lunch"],
    "professions": ["out in the office downtown", "near the workplace and the company",
                    "when the shift started in the morning", "getting the monthly salary"],
    "colours": ["to paint the living room wall", "with new paint and brushes",
                "when the painter mixed the paints", "in the drawing with crayons"],
    "verbs in the past": ["last night", "last week", "last year", "yesterday morning"],
    "verbs in the present": ["every day", "these days", "every week", "each morning"],
    "verbs in the future": ["tomorrow night", "next week", "next year", "tomorrow morning"],
}  # fmt: skip
# Sentences that mix two groups: a wider window sees both, so topics blur a little.
_PT_MIXED = [
    "Depois do trabalho, {o_prof} {prof} voltou de {vehicle} para casa.",
    "{O_animal} {animal} assustou o motorista {do_vehicle} {vehicle}.",
]
_EN_MIXED = [
    "After work, the {prof} went home by {vehicle}.",
    "The {animal} scared the driver of the {vehicle}.",
]

#: Probe words scored on the Train page (one or two per group).
PROBES: dict[str, list[str]] = {
    "pt": ["gato", "vaca", "carro", "trem", "pão", "sopa", "médico", "azul", "comeu",
           "dorme", "viajará"],
    "en": ["cat", "cow", "car", "train", "bread", "soup", "doctor", "blue", "ate", "sleeps"],
}  # fmt: skip


def word_groups(language: Language = "pt") -> dict[str, list[str]]:
    """The known groups of the generated corpus: group name → its words (lowercase tokens;
    English future forms are their verb, "will eat" → "eat")."""
    _check_language(language)
    if language == "pt":
        groups = {g: [w for w, _ in nouns] for g, nouns in _PT_NOUNS.items()}
        return groups | {g: list(words) for g, words in _PT_WORDS.items()}
    return {g: [w.split()[-1] for w in words] for g, words in _EN_WORDS.items()}


def _check_language(language: str) -> None:
    if language not in ("pt", "en"):
        raise InputError(f"No generated corpus for '{language}'. Must be one of: ['pt', 'en'].")


def _articles(gender: str) -> dict[str, str]:
    masculine = gender == "m"
    return {
        "o": "o" if masculine else "a",
        "um": "um" if masculine else "uma",
        "do": "do" if masculine else "da",
    }


def _fill(template: str, word: str, gender: str | None) -> str:
    fields = {"x": word, "X": word.capitalize()}
    if gender is not None:
        arts = _articles(gender)
        fields |= arts | {k.capitalize(): v.capitalize() for k, v in arts.items()}
    else:
        fields |= {"o": "o", "do": "do", "um": "um"}
    text = template.format(**fields)
    return text[0].upper() + text[1:]


def _weights(n: int) -> list[float]:
    """Zipf-like: the first word of a group about 5x as frequent as the last (so a high
    min_count visibly drops the rare ones)."""
    return [1.0 / (rank + 1) ** 0.7 for rank in range(n)]


def generate_corpus(
    language: Language = "pt", *, sentences: int = SENTENCES, seed: int = 0
) -> list[str]:
    """Natural sentences from templates, each filled with a word of a known group.

    Args:
        language: ``"pt"`` or ``"en"``.
        sentences: how many sentences (about 10 words each).
        seed: the same seed gives the same corpus.

    Returns:
        ``sentences`` texts, one sentence each.

    Raises:
        InputError: an unknown language or a number of sentences below 1.
    """
    _check_language(language)
    if sentences < 1:
        raise InputError(f"sentences={sentences}: generate at least 1 sentence.")
    rng = random.Random(f"{language}-{seed}")
    if language == "pt":
        slots = {g: list(nouns) for g, nouns in _PT_NOUNS.items()}
        slots |= {g: [(w, None) for w in words] for g, words in _PT_WORDS.items()}
        frames, tails, fillers, mixed = _PT_FRAMES, _PT_TAILS, _PT_FILLERS, _PT_MIXED
    else:
        slots = {g: [(w, None) for w in words] for g, words in _EN_WORDS.items()}
        frames, tails, fillers, mixed = _EN_FRAMES, _EN_TAILS, _EN_FILLERS, _EN_MIXED
    groups = list(slots)
    out = []
    for _ in range(sentences):
        if rng.random() < MIXED_SHARE:
            out.append(_mixed(rng, language, mixed))
            continue
        group = rng.choice(groups)
        word, gender = rng.choices(slots[group], weights=_weights(len(slots[group])))[0]
        kind = "verb" if "verb" in group else "noun"
        fill = rng.choice(fillers)
        frame = rng.choice(frames[kind]).replace("{tail}", rng.choice(tails[group]))
        frame = frame.replace("{fill}", fill)
        out.append(_fill(frame, word, gender))
    return out


def _mixed(rng: random.Random, language: str, templates: list[str]) -> str:
    if language == "pt":
        prof, _ = rng.choice(_PT_NOUNS["profissões"])
        animal, g_animal = rng.choice(_PT_NOUNS["animais"])
        vehicle, g_vehicle = rng.choice(_PT_NOUNS["veículos"])
        fields = {
            "prof": prof,
            "o_prof": "o",
            "animal": animal,
            "O_animal": _articles(g_animal)["o"].capitalize(),
            "vehicle": vehicle,
            "do_vehicle": _articles(g_vehicle)["do"],
        }
    else:
        fields = {
            "prof": rng.choice(_EN_WORDS["professions"]),
            "animal": rng.choice(_EN_WORDS["animals"]),
            "vehicle": rng.choice(_EN_WORDS["vehicles"]),
        }
    text = rng.choice(templates).format(**fields)
    return text[0].upper() + text[1:]


@dataclass(frozen=True)
class GroupPurity:
    """How well a model's neighbours recover known word groups.

    Attributes:
        score: mean share of each probe's ``topn`` neighbours from its own group, in [0, 1].
        stop_share: share of all those neighbours that are stop words ("o", "de", "the").
        topn: neighbours looked at per probe.
        rows: one ``(probe, group, neighbours, purity)`` per probe found in the vocabulary.
        missing: probes not in the vocabulary (e.g. dropped by ``min_count``).
    """

    score: float
    stop_share: float
    topn: int
    rows: list[tuple[str, str, list[str], float]]
    missing: list[str]

    def table(self) -> pd.DataFrame:
        """Columns ``word``, ``group``, ``neighbours`` (✓ marks the group's words), ``purity``."""
        import pandas as pd

        return pd.DataFrame(
            [(w, g, ", ".join(n), p) for w, g, n, p in self.rows],
            columns=["word", "group", "neighbours", "purity"],
        )


def group_purity(
    model: WordModel,
    groups: Mapping[str, Sequence[str]],
    *,
    probes: Sequence[str] | None = None,
    topn: int = 5,
) -> GroupPurity:
    """Score a word model on known groups: the share of each probe's ``topn`` nearest
    neighbours that belong to the probe's own group (1.0: every neighbour is a group mate).

    Args:
        model: a word model (e.g. trained on :func:`generate_corpus`).
        groups: group name → words.
        probes: the words to look at (default: every group word).
        topn: neighbours per probe.

    Returns:
        :class:`GroupPurity` (``score`` is ``nan`` when no probe is in the vocabulary).

    Raises:
        InputError: a probe that belongs to no group, or ``topn < 1``.
    """
    if topn < 1:
        raise InputError(f"topn={topn}: look at least at 1 neighbour (5 is usual).")
    group_of = {w: g for g, words in groups.items() for w in words}
    probes = list(probes) if probes is not None else list(group_of)
    unknown = [p for p in probes if p not in group_of]
    if unknown:
        raise InputError(f"Probe words without a group: {', '.join(unknown)}.")
    stop = stop_words(("pt", "en"))
    rows, missing, stops, seen = [], [], 0, 0
    for word in probes:
        if word not in model:
            missing.append(word)
            continue
        near = [w for w, _ in model.most_similar(word, topn=topn)]
        same = sum(group_of.get(w) == group_of[word] for w in near)
        stops += sum(w in stop for w in near)
        seen += len(near)
        marked = [f"{w} ✓" if group_of.get(w) == group_of[word] else w for w in near]
        rows.append((word, group_of[word], marked, same / max(len(near), 1)))
    score = sum(r[3] for r in rows) / len(rows) if rows else float("nan")
    return GroupPurity(score, stops / seen if seen else 0.0, topn, rows, missing)


__all__ = [
    "PROBES",
    "SENTENCES",
    "GroupPurity",
    "generate_corpus",
    "group_purity",
    "word_groups",
]
