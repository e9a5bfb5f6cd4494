"""Ready-made inputs for the pages (the teaching notes' examples first)."""

from __future__ import annotations

SIMILARITY_EXAMPLES: dict[str, list[str]] = {
    "Palavras (pt): gato, cachorro, carro": ["gato", "cachorro", "carro"],
    "Frases (pt)": [
        "Aprendizado de máquina é divertido",
        "Modelos de IA são fascinantes",
        "Eu adoro estudar inteligência artificial",
        "O tempo está chuvoso hoje",
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

# The word model each language's analogy presets and batches are made for: every preset
# answers right on it (tests/embedlab/test_examples.py checks each one).
ANALOGY_MODELS: dict[str, str] = {"pt": "use-words", "en": "glove-50d"}

# Analogies a : b :: c : ? with the answer people expect, their language, and candidate
# answers for sentence models (which have no vocabulary to search).
ANALOGY_PRESETS: dict[str, dict] = {
    "man : king :: woman : ?": {
        "a": "man",
        "b": "king",
        "c": "woman",
        "expected": "queen",
        "language": "en",
        "candidates": ["queen", "princess", "prince", "girl", "monarch", "throne", "duke"],
    },
    "France : Paris :: Italy : ?": {
        "a": "France",
        "b": "Paris",
        "c": "Italy",
        "expected": "Rome",
        "language": "en",
        "candidates": ["Rome", "Milan", "Venice", "Madrid", "Berlin", "pizza", "Europe"],
    },
    "walking : walked :: swimming : ?": {
        "a": "walking",
        "b": "walked",
        "c": "swimming",
        "expected": "swam",
        "language": "en",
        "candidates": ["swam", "swims", "swimmer", "ran", "jumped", "pool", "walks"],
    },
    "good : better :: bad : ?": {
        "a": "good",
        "b": "better",
        "c": "bad",
        "expected": "worse",
        "language": "en",
        "candidates": ["worse", "worst", "badly", "best", "nicer", "evil", "good"],
    },
    "homem : rei :: mulher : ? (pt)": {
        "a": "homem",
        "b": "rei",
        "c": "mulher",
        "expected": "rainha",
        "language": "pt",
        "candidates": ["rainha", "princesa", "príncipe", "menina", "trono", "duque", "mãe"],
    },
    "Portugal : Lisboa :: Brasil : ? (pt)": {
        "a": "Portugal",
        "b": "Lisboa",
        "c": "Brasil",
        "expected": "Brasília",
        "language": "pt",
        "candidates": ["Brasília", "Rio", "Madri", "Paris", "Porto", "Argentina", "samba"],
    },
    "França : Paris :: Itália : ? (pt)": {
        "a": "França",
        "b": "Paris",
        "c": "Itália",
        "expected": "Roma",
        "language": "pt",
        "candidates": ["Roma", "Milão", "Veneza", "Madri", "Berlim", "pizza", "Europa"],
    },
    "menino : menina :: pai : ? (pt)": {
        "a": "menino",
        "b": "menina",
        "c": "pai",
        "expected": "mãe",
        "language": "pt",
        "candidates": ["mãe", "tia", "avó", "filho", "irmão", "mulher", "casa"],
    },
}

# Batch analogies in the Google format: "a b c expected" per line, ": section" headers.
ANALOGY_BATCH_LANGUAGES: dict[str, str] = {"English (Google format)": "en", "Português": "pt"}
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
