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
