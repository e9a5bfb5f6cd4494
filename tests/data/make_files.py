"""Write the upload test files kept in tests/data (good ones and each bad one of issue 4).

Run from anywhere: ``python tests/data/make_files.py``. The output is deterministic
(fixed seeds, fixed timestamps inside the .xlsx zips), so re-running it changes nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook

HERE = Path(__file__).resolve().parent

REVIEWS = [
    ("Entrega rápida, produto ótimo. Recomendo!", 5, "entrega"),
    ("Não gostei: a embalagem chegou amassada e sem proteção.", 2, "embalagem"),
    ("Atendimento péssimo, ninguém respondeu à reclamação.", 1, "atendimento"),
    ("Ação promocional excelente, preço justo e boa qualidade.", 4, "preço"),
    ("O café é ótimo, mas o pão de queijo estava frio.", 3, "comida"),
    ("Não recebi o pedido até hoje; já faz duas semanas.", 1, "entrega"),
    ("Maçã, limão e açúcar: a receita ficou perfeita.", 5, "comida"),
    ("A coleção de inverno é linda, porém cara demais.", 3, "preço"),
]


def _fixed_zip(data: bytes) -> bytes:
    """Rewrite a zip (an .xlsx) with fixed timestamps so the bytes are reproducible."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time here
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2024-01-01T00:00:00Z", content
                )
            dst.writestr(fixed, content)
    return out.getvalue()


def _workbook_bytes(book: Workbook) -> bytes:
    book.properties.created = dt.datetime(2024, 1, 1)
    book.properties.modified = dt.datetime(2024, 1, 1)
    buffer = io.BytesIO()
    book.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _sheets_xlsx() -> bytes:
    book = Workbook()
    summary = book.active
    summary.title = "Resumo"
    summary.append(["métrica", "valor"])
    summary.append(["avaliações", len(REVIEWS)])
    reviews = book.create_sheet("Avaliações")
    reviews.append(["comentário", "nota", "tema"])
    for row in REVIEWS:
        reviews.append(list(row))
    book.create_sheet("Vazia")
    return _workbook_bytes(book)


def _mixed_xlsx() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Dados"
    sheet.append(["texto", "código", "nota"])
    codes = [101, "A-7", 3.5, "sem código", None, 42, "B", 7, "x", 9]
    for (text, score, _), code in zip(REVIEWS, codes, strict=False):
        sheet.append([text, code, score])
    return _workbook_bytes(book)


def _corrupt_xlsx() -> bytes:
    good = _sheets_xlsx()
    return good[: len(good) // 2]  # a download cut in half: the zip directory is missing


def main() -> None:
    files: dict[str, bytes] = {}
    files["empty.csv"] = b""
    files["binary.csv"] = np.random.default_rng(4).integers(0, 256, 2048, dtype=np.uint8).tobytes()
    files["corrupt.xlsx"] = _corrupt_xlsx()
    files["header_only.csv"] = b"texto,nota,tema\n"
    files["malformed.jsonl"] = (
        '{"texto": "Entrega rápida", "nota": 5}\n'
        '{"texto": "Não gostei", "nota": 2}\n'
        '{"texto": "Atendimento péssimo", "nota": 1\n'
        '{"texto": "Ótimo", "nota": 5}\n'
    ).encode()
    semicolon = "comentário;nota;tema\n" + "".join(
        f'"{t}";{s},5;{c}\n' if s < 5 else f'"{t}";{s};{c}\n' for t, s, c in REVIEWS
    )
    files["cp1252_semicolon.csv"] = semicolon.replace("\n", "\r\n").encode("cp1252")
    files["utf8_bom.csv"] = (
        "\ufeffcomentário,nota,tema\n" + "".join(f'"{t}",{s},{c}\n' for t, s, c in REVIEWS)
    ).encode("utf-8")
    files["pipe.csv"] = (
        "id|texto\n" + "".join(f"{i}|{t}\n" for i, (t, _, _) in enumerate(REVIEWS))
    ).encode()
    files["reviews.tsv"] = (
        "comentário\tnota\ttema\n" + "".join(f"{t}\t{s}\t{c}\n" for t, s, c in REVIEWS)
    ).encode("utf-8")
    files["reviews.jsonl"] = "".join(
        json.dumps({"texto": t, "nota": s, "tema": c}, ensure_ascii=False) + "\n"
        for t, s, c in REVIEWS
    ).encode()
    buffer = io.BytesIO()
    pd.DataFrame(REVIEWS, columns=["comentário", "nota", "tema"]).to_parquet(buffer, index=False)
    files["reviews.parquet"] = buffer.getvalue()
    files["lines.txt"] = "".join(f"{t}\n" for t, _, _ in REVIEWS).encode("utf-8")
    files["paragraphs.txt"] = (
        "A entrega foi rápida\ne o produto chegou intacto.\n\n"
        "O atendimento não respondeu\nà minha reclamação.\n\n\n"
        "Preço justo.\n"
    ).encode("cp1252")
    files["sheets.xlsx"] = _sheets_xlsx()
    files["mixed_types.xlsx"] = _mixed_xlsx()
    files["mixed_types.jsonl"] = (
        '{"texto": "um", "valor": 1}\n{"texto": "dois", "valor": "dois"}\n'
        '{"texto": "três", "valor": [3, 3]}\n{"texto": "quatro", "valor": null}\n'
    ).encode()
    files["duplicate_columns.csv"] = (
        "texto,nota,texto,nota\n" + "".join(f'"{t}",{s},{c},{s}\n' for t, s, c in REVIEWS)
    ).encode()
    files["empty_text_column.csv"] = (
        "id,texto,nota\n" + "".join(f"{i}, ,{s}\n" for i, (_, s, _) in enumerate(REVIEWS))
    ).encode()
    files["single_row.csv"] = 'texto,nota\n"Só uma avaliação, muito boa.",5\n'.encode()
    long_text = " ".join(["A avaliação continua com detalhes sobre a entrega."] * 120)  # ~6,000
    files["long_texts.csv"] = (
        "texto,nota\n" + f'"{long_text}",1\n' + "".join(f'"{t}",{s}\n' for t, s, _ in REVIEWS)
    ).encode()
    # 1,001 data rows: over a row limit of 1,000 (tests pass max_rows=1000 or patch MAX_ROWS).
    files["over_limit.csv"] = (
        "texto\n" + "".join(f"avaliação número {i}\n" for i in range(1_001))
    ).encode()
    files["unsupported.docx"] = b"PK\x03\x04 not really a docx"
    for name, data in files.items():
        (HERE / name).write_bytes(data)
    print(f"wrote {len(files)} files to {HERE}")


if __name__ == "__main__":
    main()
