"""Ready-made inputs for the pages (the teaching notes' examples first)."""

from __future__ import annotations

SIMILARITY_EXAMPLES: dict[str, list[str]] = {
    "Palavras (pt): gato, cachorro, carro": ["gato", "cachorro", "carro"],
    # Two paraphrase pairs and an unrelated line: with USE multilingual the pairs score
    # 0.94 and 0.71, unrelated lines 0.08-0.14 (benchmarks/similarity_examples.py).
    "Frases (pt)": [
        "O gato está dormindo no sofá",
        "Um gato dorme em cima do sofá",
        "Está chovendo muito hoje",
        "Hoje o dia está muito chuvoso",
        "A prova de matemática foi difícil",
    ],
    "Words (en)": ["cat", "dog", "car", "truck", "king", "queen"],
    "Sentences (en)": [
        "Machine learning is fun",
        "AI models are fascinating",
        "It is raining today",
        "The weather is wet and cold",
    ],
    "Cross-lingual (pt ↔ en)": [
        "Machine learning is fun",
        "Aprendizado de máquina é divertido",
        "It is raining today",
        "Está chovendo hoje",
    ],
}

# Vectors typed as numbers (the numpy lesson): a user's tastes and three products, on
# three made-up features. The best product is the third: cosine 0.996.
VECTOR_EXAMPLES: dict[str, str] = {
    "Recomendação: usuário e 3 produtos": """\
usuário: 0.2, 0.8, 0.5
produto A: 0.9, 0.1, 0.1
produto B: 0.5, 0.4, 0.9
produto C: 0.3, 0.9, 0.5
""",
    "2-D: ângulos": """\
a: 1, 0
b: 1, 1
c: 0, 1
d: -1, 0.2
""",
    "Recommendation: user and 3 products (en)": """\
user: 0.2, 0.8, 0.5
product A: 0.9, 0.1, 0.1
product B: 0.5, 0.4, 0.9
product C: 0.3, 0.9, 0.5
""",
}

RECOMMENDATION: dict = {
    "query": "Quero assistir a um filme de ficção científica no espaço",
    "items": [
        "Uma comédia romântica em Paris",
        "Astronautas exploram um planeta distante",
        "Documentário sobre a culinária italiana",
        "Robôs e naves espaciais em uma guerra galáctica",
        "Um drama familiar no interior de Minas Gerais",
    ],
}

# Analogies a : b :: c : ? with the answer people expect, and candidate answers for
# sentence models (which have no vocabulary to search).
ANALOGY_PRESETS: dict[str, dict] = {
    "man : king :: woman : ?": {
        "a": "man",
        "b": "king",
        "c": "woman",
        "expected": "queen",
        "candidates": ["queen", "princess", "prince", "girl", "monarch", "throne", "duke"],
    },
    "France : Paris :: Italy : ?": {
        "a": "France",
        "b": "Paris",
        "c": "Italy",
        "expected": "Rome",
        "candidates": ["Rome", "Milan", "Venice", "Madrid", "Berlin", "pizza", "Europe"],
    },
    "walking : walked :: swimming : ?": {
        "a": "walking",
        "b": "walked",
        "c": "swimming",
        "expected": "swam",
        "candidates": ["swam", "swims", "swimmer", "ran", "jumped", "pool", "walks"],
    },
    "good : better :: bad : ?": {
        "a": "good",
        "b": "better",
        "c": "bad",
        "expected": "worse",
        "candidates": ["worse", "worst", "badly", "best", "nicer", "evil", "good"],
    },
    "homem : rei :: mulher : ? (pt)": {
        "a": "homem",
        "b": "rei",
        "c": "mulher",
        "expected": "rainha",
        "candidates": ["rainha", "princesa", "príncipe", "menina", "trono", "duque", "mãe"],
    },
    "Portugal : Lisboa :: Brasil : ? (pt)": {
        "a": "Portugal",
        "b": "Lisboa",
        "c": "Brasil",
        "expected": "Brasília",
        "candidates": ["Brasília", "Rio", "Madri", "Paris", "Porto", "Argentina", "samba"],
    },
    "França : Paris :: Itália : ? (pt)": {
        "a": "França",
        "b": "Paris",
        "c": "Itália",
        "expected": "Roma",
        "candidates": ["Roma", "Milão", "Veneza", "Madri", "Berlim", "pizza", "Europa"],
    },
    "menino : menina :: pai : ? (pt)": {
        "a": "menino",
        "b": "menina",
        "c": "pai",
        "expected": "mãe",
        "candidates": ["mãe", "tia", "avó", "filho", "irmão", "mulher", "casa"],
    },
}

# Batch analogies in the Google format: "a b c expected" per line, ": section" headers.
ANALOGY_BATCHES: dict[str, str] = {
    "English (Google format)": """\
: capital-world
athens greece berlin germany
paris france rome italy
tokyo japan madrid spain
ottawa canada lisbon portugal
: family
boy girl brother sister
father mother king queen
man woman uncle aunt
: past-tense
walking walked swimming swam
going went seeing saw
: comparative
good better bad worse
big bigger small smaller
""",
    "Português": """\
: família
homem mulher rei rainha
menino menina irmão irmã
pai mãe tio tia
: capitais
Portugal Lisboa Brasil Brasília
França Paris Itália Roma
Espanha Madri Japão Tóquio
: verbos
andar andou nadar nadou
falar falou comer comeu
""",
}
