"""Candidate Portuguese sentence examples for the Similarity page, measured on the default model.

Prints, for each candidate set, the cosine of its paraphrase pair and of its unrelated pairs
(what the page's default example should make obvious on a projector).

    PYTHONPATH=. python benchmarks/similarity_examples.py
"""

from __future__ import annotations

import itertools

import embedlab
from embedlab.examples import SIMILARITY_EXAMPLES
from embedlab.similarity import similarity_matrix

CANDIDATES = {
    "new default 'Frases (pt)' (pairs 1-2 and 3-4)": SIMILARITY_EXAMPLES["Frases (pt)"],
    "máquina / chuva (old default)": [
        "Aprendizado de máquina é divertido",
        "Modelos de IA são fascinantes",
        "Eu adoro estudar inteligência artificial",
        "O tempo está chuvoso hoje",
    ],
    "gato no sofá": [
        "O gato está dormindo no sofá",
        "Um gato dorme em cima do sofá",
        "O trem das oito atrasou vinte minutos",
        "A prova de matemática foi difícil",
    ],
    "chuva": [
        "Está chovendo muito hoje",
        "Hoje o dia está muito chuvoso",
        "Eu adoro estudar inteligência artificial",
        "O restaurante fecha às dez da noite",
    ],
    "aprender IA": [
        "Aprendizado de máquina é divertido",
        "Aprender inteligência artificial é muito divertido",
        "O tempo está chuvoso hoje",
        "Meu irmão comprou um carro novo",
    ],
    "cachorro": [
        "Meu cachorro adora brincar no parque",
        "Meu cão gosta muito de brincar na praça",
        "A reunião foi adiada para sexta-feira",
        "Este bolo de chocolate está delicioso",
    ],
}


def main() -> None:
    model = embedlab.load_model("use-multilingual")
    print("| example | paraphrase (1-2) | unrelated: max | unrelated: mean |")
    print("|---|---|---|---|")
    for name, lines in CANDIDATES.items():
        S = similarity_matrix(model.encode(lines))
        others = [
            S[i, j] for i, j in itertools.combinations(range(len(lines)), 2) if (i, j) != (0, 1)
        ]
        print(f"| {name} | {S[0, 1]:.2f} | {max(others):.2f} | {sum(others) / len(others):.2f} |")


if __name__ == "__main__":
    main()
