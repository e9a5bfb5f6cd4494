"""read_upload and friends on the files of tests/data (see tests/data/make_files.py)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import embedlab.io as eio
from embedlab.errors import EmbedlabError, FileFormatError, InputError
from embedlab.io import guess_text_column, list_sheets, prepare_texts, read_upload

DATA = Path(__file__).resolve().parents[1] / "data"
FIRST = "Entrega rápida, produto ótimo. Recomendo!"


def read(name: str, **options) -> pd.DataFrame:
    return read_upload((DATA / name).read_bytes(), name, **options)


# --------------------------------------------------------------------------- good files


@pytest.mark.parametrize(
    "name", ["utf8_bom.csv", "cp1252_semicolon.csv", "reviews.tsv", "reviews.parquet"]
)
def test_reviews_read_the_same_from_every_format(name):
    df = read(name)
    assert list(df.columns) == ["comentário", "nota", "tema"]
    assert len(df) == 8
    assert df["comentário"][0] == FIRST
    assert "Não gostei" in df["comentário"][1]
    assert df["tema"].tolist()[3] == "preço"


def test_cp1252_semicolon_csv_keeps_accents_and_decimal_commas():
    df = read("cp1252_semicolon.csv")
    assert df.attrs["encoding"] == "cp1252"
    assert df.attrs["delimiter"] == ";"
    assert df["comentário"][3] == "Ação promocional excelente, preço justo e boa qualidade."
    # a quoted text holding the delimiter stays whole
    assert df["comentário"][5] == "Não recebi o pedido até hoje; já faz duas semanas."
    assert df["nota"].tolist()[:3] == [5.0, 2.5, 1.5]
    notes = " ".join(df.attrs["notes"])
    assert "cp1252" in notes and "semicolon" in notes and "decimal comma" in notes


def test_portuguese_words_in_cp1252_read_right():
    data = "texto;nota\nação, não, é;1\n".encode("cp1252")
    assert read_upload(data, "pt.csv")["texto"][0] == "ação, não, é"


def test_single_column_csv_keeps_commas_inside_texts():
    data = "texto\nação, não, é\nboa, bonita e barata\n".encode("cp1252")
    df = read_upload(data, "pt.csv")
    assert df["texto"].tolist() == ["ação, não, é", "boa, bonita e barata"]
    assert df.attrs["delimiter"] is None
    assert "single column" in df.attrs["notes"][-1]


def test_latin1_bytes_outside_cp1252_still_decode():
    # 0x81 is undefined in cp1252: the fallback chain must still give a readable table.
    data = b"texto\ncaf\xe9 \x81\n"
    df = read_upload(data, "x.csv")
    assert df["texto"][0] == "café \x81"
    assert df.attrs["encoding"] == "cp1252"


def test_utf8_bom_is_removed_from_the_first_column_name():
    df = read("utf8_bom.csv")
    assert df.columns[0] == "comentário"
    assert df.attrs["encoding"] == "utf-8"
    assert df.attrs["notes"] == []


def test_utf16_with_bom_as_excel_unicode_text_writes_it():
    data = "texto\tnota\nação\t1\n".encode("utf-16")
    df = read_upload(data, "export.txt", txt_mode="lines")
    assert df["text"].tolist() == ["texto\tnota", "ação\t1"]
    df = read_upload(data, "export.tsv")
    assert df["texto"][0] == "ação"


@pytest.mark.parametrize(
    ("text", "sep"),
    [("a,b\n1,2\n", ","), ("a;b\n1;2\n", ";"), ("a\tb\n1\t2\n", "\t"), ("a|b\n1|2\n", "|")],
)
def test_delimiter_is_sniffed(text, sep):
    df = read_upload(text.encode(), "x.csv")
    assert df.attrs["delimiter"] == sep
    assert list(df.columns) == ["a", "b"]


def test_pipe_csv():
    df = read("pipe.csv")
    assert list(df.columns) == ["id", "texto"]
    assert df["texto"][0] == FIRST


def test_delimiter_can_be_forced():
    df = read_upload(b"a;b,c\n1;2,3\n", "x.csv", delimiter=",")
    assert list(df.columns) == ["a;b", "c"]


def test_jsonl_and_json_array():
    df = read("reviews.jsonl")
    assert list(df.columns) == ["texto", "nota", "tema"]
    assert df["texto"][0] == FIRST
    array = json.dumps([{"texto": "ação"}, {"texto": "é"}], ensure_ascii=False).encode()
    assert read_upload(array, "x.json")["texto"].tolist() == ["ação", "é"]
    strings = b'"um"\n"dois"\n'
    assert read_upload(strings, "x.jsonl")["text"].tolist() == ["um", "dois"]


def test_txt_lines_and_paragraphs():
    lines = read("lines.txt")
    assert list(lines.columns) == ["text", "line"]
    assert lines["text"][0] == FIRST and len(lines) == 8
    paragraphs = read("paragraphs.txt")
    assert paragraphs["text"].tolist() == [
        "A entrega foi rápida e o produto chegou intacto.",
        "O atendimento não respondeu à minha reclamação.",
        "Preço justo.",
    ]
    assert paragraphs["line"].tolist() == [1, 4, 8]
    forced = read("paragraphs.txt", txt_mode="lines")
    assert len(forced) == 5 and forced["line"].tolist() == [1, 2, 4, 5, 8]


def test_txt_mode_must_be_known():
    with pytest.raises(InputError, match="auto, lines, paragraphs"):
        read("lines.txt", txt_mode="sentences")


def test_xlsx_with_several_sheets():
    data = (DATA / "sheets.xlsx").read_bytes()
    assert list_sheets(data) == ["Resumo", "Avaliações", "Vazia"]
    first = read("sheets.xlsx")
    assert first.attrs["sheet"] == "Resumo"
    assert "3 sheets" in first.attrs["notes"][0]
    reviews = read("sheets.xlsx", sheet="Avaliações")
    assert list(reviews.columns) == ["comentário", "nota", "tema"]
    assert reviews["comentário"][0] == FIRST and reviews["nota"].dtype.kind == "i"
    assert read("sheets.xlsx", sheet=1).equals(reviews)


@pytest.mark.parametrize(
    ("sheet", "message"),
    [("Vazia", "sheet 'Vazia' is empty"), ("Nope", "no sheet 'Nope'"), (7, "no sheet number 7")],
)
def test_xlsx_bad_sheet_choices(sheet, message):
    with pytest.raises(FileFormatError, match=message) as err:
        read("sheets.xlsx", sheet=sheet)
    assert "Avaliações" in str(err.value)


def test_parquet_never_pickles(tmp_path):
    df = read("reviews.parquet")
    assert df["comentário"][0] == FIRST
    # a pickle renamed .parquet is refused before any reader sees it
    with pytest.raises(FileFormatError, match="not a Parquet file"):
        read_upload(b"\x80\x04\x95 pickle bytes", "evil.parquet")


# --------------------------------------------------------------------------- bad files


@pytest.mark.parametrize(
    ("name", "phrases"),
    [
        ("empty.csv", ["empty.csv", "0 bytes"]),
        ("binary.csv", ["binary.csv", "not a text file"]),
        ("corrupt.xlsx", ["corrupt.xlsx", "corrupt", "save it again"]),
        ("header_only.csv", ["header_only.csv", "texto, nota, tema", "no data rows"]),
        ("malformed.jsonl", ["malformed.jsonl", "line 3", "not valid JSON"]),
        ("unsupported.docx", ["'.docx'", ".csv", ".xlsx", ".parquet", ".jsonl"]),
    ],
)
def test_bad_files_say_what_is_wrong(name, phrases):
    with pytest.raises(FileFormatError) as err:
        read(name)
    for phrase in phrases:
        assert phrase in str(err.value)
    assert isinstance(err.value, EmbedlabError)


def test_known_binary_formats_are_named():
    with pytest.raises(FileFormatError, match="rename it to .xlsx"):
        read_upload((DATA / "sheets.xlsx").read_bytes(), "sheets.csv")
    with pytest.raises(FileFormatError, match="not an Excel .xlsx"):
        read_upload(b"a,b\n1,2\n", "table.xlsx")
    with pytest.raises(FileFormatError, match=r"save it as \.xlsx"):
        read_upload(b"\xd0\xcf\x11\xe0...", "old.xls")


def test_over_the_row_limit_names_the_limit(monkeypatch):
    with pytest.raises(FileFormatError, match="the limit is 1,000"):
        read("over_limit.csv", max_rows=1000)
    assert len(read("over_limit.csv", max_rows=1001)) == 1001
    monkeypatch.setattr(eio, "MAX_ROWS", 1000)
    with pytest.raises(FileFormatError, match="more than 1,000 rows"):
        read("over_limit.csv")


def test_default_row_limit_is_100k():
    assert eio.MAX_ROWS == 100_000
    data = ("texto\n" + "x\n" * 100_001).encode()
    with pytest.raises(FileFormatError, match="the limit is 100,000"):
        read_upload(data, "big.csv")
    assert len(read_upload(("texto\n" + "x\n" * 100_000).encode(), "ok.csv")) == 100_000


@pytest.mark.parametrize("name", ["over_limit.csv", "sheets.xlsx", "reviews.parquet"])
def test_over_the_size_limit_names_the_limit(monkeypatch, name):
    monkeypatch.setattr(eio, "MAX_UPLOAD_MB", 0.001)
    with pytest.raises(FileFormatError, match=r"the limit is 0\.001 MB"):
        read(name)


@pytest.mark.parametrize(
    ("name", "options"),
    [("reviews.jsonl", {}), ("lines.txt", {}), ("sheets.xlsx", {"sheet": 1})],
)
def test_row_limit_applies_to_every_format(name, options):
    with pytest.raises(FileFormatError, match="the limit is 5"):
        read(name, max_rows=5, **options)


def test_inconsistent_csv_rows_give_the_line():
    with pytest.raises(FileFormatError, match="line 3"):
        read_upload(b"texto,nota\nok,5\numa, boa,5\n", "x.csv")
    with pytest.raises(FileFormatError, match="double quotes"):
        read_upload(b"texto,nota\numa, boa,5\n", "x.csv")


def test_duplicated_column_names_are_renamed_and_reported():
    df = read("duplicate_columns.csv")
    assert list(df.columns) == ["texto", "nota", "texto.1", "nota.1"]
    assert df["texto.1"][0] == "entrega"
    assert any("'texto' → 'texto.1'" in note for note in df.attrs["notes"])
    # JSON objects with a repeated key keep both values too
    df = read_upload(b'{"a": 1, "a": 2}\n', "x.jsonl")
    assert list(df.columns) == ["a", "a.1"]


def test_mixed_type_columns_become_text():
    df = read("mixed_types.xlsx")
    assert df["código"].tolist()[:4] == ["101", "A-7", "3.5", "sem código"]
    assert pd.isna(df["código"][4])
    assert df["nota"].dtype.kind == "i"
    assert any("código" in note for note in df.attrs["notes"])
    jsonl = read("mixed_types.jsonl")
    assert jsonl["valor"].tolist()[:3] == ["1", "dois", "[3, 3]"]
    # the result can always be exported to Parquet
    jsonl.to_parquet(io.BytesIO())


def test_single_row_reads():
    df = read("single_row.csv")
    assert df["texto"].tolist() == ["Só uma avaliação, muito boa."]


def test_missing_values_and_none_text():
    df = read_upload(b"texto,n\nNone,1\n,2\nNA,3\n", "x.csv")
    assert df["texto"][0] == "None"
    assert df["texto"][1:].isna().all()


# --------------------------------------------------------------------------- helpers


def test_guess_text_column_picks_the_longest_strings():
    assert guess_text_column(read("cp1252_semicolon.csv")) == "comentário"
    assert guess_text_column(read("pipe.csv")) == "texto"
    numbers = pd.DataFrame({"a": [1, 2], "b": [3.0, 4.0]})
    assert guess_text_column(numbers) == "a"
    with pytest.raises(InputError):
        guess_text_column(pd.DataFrame())


def test_prepare_texts_counts_empty_duplicates_and_truncation():
    df = pd.DataFrame(
        {
            "texto": ["ação", None, "  ", "ação", "e\u0301 bom", "x" * 50, 7],
            "nota": [1, 2, 3, 4, 5, 6, 7],
        }
    )
    prep = prepare_texts(df, "texto", max_chars=20)
    assert prep.texts == ["ação", "ação", "é bom", "x" * 20, "7"]  # NFC: e + ◌́ → é
    assert prep.rows.tolist() == [0, 3, 4, 5, 6]
    assert prep.frame["nota"].tolist() == [1, 4, 5, 6, 7]
    assert (prep.n_total, prep.n_empty, prep.n_duplicates, prep.n_truncated) == (7, 2, 1, 1)
    text = " ".join(prep.messages)
    assert "5 of 7 rows" in text
    assert "2 rows with an empty text were left out" in text
    assert "1 row repeat" in text and "kept" in text
    assert "cut to 20 characters" in text


def test_prepare_texts_truncates_long_texts_at_a_space():
    prep = prepare_texts(read("long_texts.csv"), "texto")
    assert prep.n_truncated == 1
    assert len(prep.texts[0]) <= eio.MAX_TEXT_CHARS
    original = read("long_texts.csv")["texto"][0]
    cut = prep.texts[0]
    assert original.startswith(cut) and original[len(cut)] == " "  # cut between words
    assert len(cut) > 0.8 * eio.MAX_TEXT_CHARS
    assert any("cut to 2,000 characters" in m for m in prep.messages)


def test_prepare_texts_errors():
    df = read("empty_text_column.csv")
    with pytest.raises(InputError, match="'texto' has no text in any of its 8 rows"):
        prepare_texts(df, "texto")
    with pytest.raises(InputError, match="no column 'nope'"):
        prepare_texts(df, "nope")
    prep = prepare_texts(df, "id")  # numbers can still be used as texts
    assert prep.texts[:2] == ["0", "1"]
    assert prep.rows.dtype == np.int64


def test_utf8_file_with_a_few_cp1252_bytes_keeps_both_accents():
    data = "texto\nação não\n".encode() + "é isso\n".encode("cp1252")
    df = read_upload(data, "mixed.csv")
    assert df["texto"].tolist() == ["ação não", "é isso"]
    assert "a few bytes in cp1252" in df.attrs["notes"][0]
