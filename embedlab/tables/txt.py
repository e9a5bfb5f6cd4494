"""Plain text: one text per line or per paragraph."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from embedlab.errors import FileFormatError, InputError
from embedlab.tables.limits import _check_rows

if TYPE_CHECKING:
    import pandas as pd


TxtMode = Literal["auto", "lines", "paragraphs"]


def _read_txt(
    text: str, name: str, *, mode: TxtMode, max_rows: int, notes: list[str]
) -> pd.DataFrame:
    import pandas as pd

    if mode not in ("auto", "lines", "paragraphs"):
        raise InputError(f"Unknown txt_mode '{mode}'. Must be one of: auto, lines, paragraphs.")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(lines, start=1):
        if line.strip():
            if not current:
                start = number
            current.append(line.strip())
        elif current:
            blocks.append((start, current))
            current = []
    if current:
        blocks.append((start, current))
    if not blocks:
        raise FileFormatError(f"{name} holds only blank lines. Choose a file with text.")
    if mode == "auto":
        mode = "paragraphs" if len(blocks) > 1 and any(len(b) > 1 for _, b in blocks) else "lines"
        notes.append(
            "Each blank-line-separated paragraph is one text."
            if mode == "paragraphs"
            else "Each non-blank line is one text."
        )
    if mode == "paragraphs":
        records = [(" ".join(block), first) for first, block in blocks]
    else:
        records = [
            (line.strip(), number) for number, line in enumerate(lines, start=1) if line.strip()
        ]
    _check_rows(len(records), max_rows, name)
    return pd.DataFrame.from_records(records, columns=["text", "line"])
