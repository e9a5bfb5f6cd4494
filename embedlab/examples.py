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
    "walk : walked :: swim : ?": {
        "a": "walk",
        "b": "walked",
        "c": "swim",
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
    "França : Paris :: Alemanha : ? (pt)": {
        "a": "França",
        "b": "Paris",
        "c": "Alemanha",
        "expected": "Berlim",
        "language": "pt",
        "candidates": ["Berlim", "Munique", "Viena", "Madri", "Roma", "cerveja", "Europa"],
    },
    "menino : menina :: filho : ? (pt)": {
        "a": "menino",
        "b": "menina",
        "c": "filho",
        "expected": "filha",
        "language": "pt",
        "candidates": ["filha", "neta", "sobrinha", "filhos", "mãe", "irmã", "casa"],
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
brother sister son daughter
father mother king queen
boy girl man woman
: past-tense
walk walked swim swam
going went seeing saw
: comparative
good better bad worse
old older young younger
""",
    "Português": """\
: família
homem mulher rei rainha
menino menina irmão irmã
filho filha tio tia
: capitais
Portugal Lisboa Brasil Brasília
França Paris Alemanha Berlim
Japão Tóquio Áustria Viena
: plural
carro carros cidade cidades
mão mãos pão pães
: verbos
falar falou andar andou
comer comeu beber bebeu
""",
}

# Portuguese–English word pairs by topic for the Compare page: common words that GloVe (en)
# and the USE word vectors (pt + en) all know, with one clear translation each.
TRANSLATION_TOPICS: dict[str, list[tuple[str, str]]] = {
    "animals": [
        ("gato", "cat"), ("cachorro", "dog"), ("cavalo", "horse"), ("vaca", "cow"),
        ("pássaro", "bird"), ("peixe", "fish"), ("leão", "lion"), ("rato", "mouse"),
        ("porco", "pig"), ("ovelha", "sheep"),
    ],
    "food": [
        ("pão", "bread"), ("leite", "milk"), ("queijo", "cheese"), ("arroz", "rice"),
        ("carne", "meat"), ("maçã", "apple"), ("ovo", "egg"), ("açúcar", "sugar"),
        ("café", "coffee"), ("água", "water"),
    ],
    "family": [
        ("mãe", "mother"), ("pai", "father"), ("irmão", "brother"), ("irmã", "sister"),
        ("filho", "son"), ("filha", "daughter"), ("avó", "grandmother"), ("marido", "husband"),
        ("esposa", "wife"), ("bebê", "baby"),
    ],
    "home": [
        ("casa", "house"), ("porta", "door"), ("janela", "window"), ("mesa", "table"),
        ("cadeira", "chair"), ("cama", "bed"), ("cozinha", "kitchen"), ("chave", "key"),
        ("parede", "wall"), ("livro", "book"),
    ],
    "nature": [
        ("sol", "sun"), ("lua", "moon"), ("mar", "sea"), ("rio", "river"),
        ("árvore", "tree"), ("flor", "flower"), ("chuva", "rain"), ("montanha", "mountain"),
        ("céu", "sky"), ("fogo", "fire"),
    ],
    "city": [
        ("carro", "car"), ("trem", "train"), ("avião", "plane"), ("navio", "ship"),
        ("rua", "street"), ("cidade", "city"), ("escola", "school"), ("igreja", "church"),
        ("ponte", "bridge"), ("estrada", "road"),
    ],
    "colours": [
        ("vermelho", "red"), ("azul", "blue"), ("verde", "green"), ("branco", "white"),
        ("preto", "black"), ("amarelo", "yellow"),
    ],
    "body": [
        ("cabeça", "head"), ("mão", "hand"), ("olho", "eye"), ("coração", "heart"),
        ("boca", "mouth"), ("pé", "foot"),
    ],
}  # fmt: skip

TRANSLATION_PAIRS: list[tuple[str, str]] = [
    pair for pairs in TRANSLATION_TOPICS.values() for pair in pairs
]

COMPARE_SENTENCES: dict[str, list[str]] = {
    "pt": [
        "O gato dorme no sofá", "O cachorro late para o carteiro", "Os pássaros cantam de manhã",
        "O cavalo corre no campo",
        "Comi pão com queijo no café da manhã", "O arroz com feijão está pronto",
        "Este bolo tem açúcar demais", "Vou tomar um copo de água",
        "Meu irmão mora em São Paulo", "A avó conta histórias aos netos",
        "Minha mãe trabalha no hospital", "O bebê está dormindo",
        "Vai chover amanhã à tarde", "O sol nasce atrás da montanha", "O rio está cheio",
        "As flores abriram na primavera",
        "O trem está atrasado hoje", "Peguei um avião para Lisboa",
        "A rua está fechada para obras", "O ônibus passa a cada dez minutos",
        "O time venceu o jogo de futebol", "Ela corre cinco quilômetros todo dia",
        "O computador travou de novo", "Baixei um aplicativo novo no celular",
    ],
    "en": [
        "The cat sleeps on the sofa", "The dog barks at the postman", "Birds sing in the morning",
        "The horse runs in the field",
        "I had bread and cheese for breakfast", "The rice and beans are ready",
        "This cake has too much sugar", "I will drink a glass of water",
        "My brother lives in London", "Grandma tells stories to the grandchildren",
        "My mother works at the hospital", "The baby is sleeping",
        "It will rain tomorrow afternoon", "The sun rises behind the mountain",
        "The river is full", "The flowers opened in spring",
        "The train is late today", "I took a plane to Lisbon",
        "The street is closed for repairs", "The bus comes every ten minutes",
        "The team won the football match", "She runs five kilometres every day",
        "The computer froze again", "I downloaded a new app on my phone",
    ],
}  # fmt: skip

# Inputs of the Compare page by id (the id goes in the URL: ?preset=words-pt).
COMPARE_PRESETS: dict[str, list[str]] = {
    "words-pt": [pt for pt, _ in TRANSLATION_PAIRS],
    "words-en": [en for _, en in TRANSLATION_PAIRS],
    "words-pt-en": [w for pair in TRANSLATION_PAIRS for w in pair],
    "sentences-pt": COMPARE_SENTENCES["pt"],
    "sentences-en": COMPARE_SENTENCES["en"],
    "sentences-pt-en": COMPARE_SENTENCES["pt"] + COMPARE_SENTENCES["en"],
}
