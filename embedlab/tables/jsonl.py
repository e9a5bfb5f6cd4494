"""JSON Lines (.jsonl, .ndjson, .json): one object per line."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from embedlab.errors import FileFormatError
from embedlab.tables.limits import _check_rows, _preview

if TYPE_CHECKING:
    import pandas as pd


def _read_jsonl(text: str, name: str, *, max_rows: int) -> pd.DataFrame:
    import pandas as pd

    stripped = text.lstrip()
    if stripped.startswith("["):  # a plain JSON array of records, accepted too
        try:
            records = json.loads(stripped, object_pairs_hook=_json_object)
        except json.JSONDecodeError as err:
            raise FileFormatError(
                f"{name} is not valid JSON: {err.msg} at line {err.lineno}, "
                f"column {err.colno}. Fix that line or save the data as JSON Lines."
            ) from None
        numbered = list(enumerate(records, start=1))
        where = "item"
    else:
        numbered = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                numbered.append((number, json.loads(line, object_pairs_hook=_json_object)))
            except json.JSONDecodeError as err:
                raise FileFormatError(
                    f"{name}: line {number} is not valid JSON ({err.msg} at column "
                    f"{err.colno}): {_preview(line)}. Each line must be one JSON object, "
                    'like {"text": "..."}.'
                ) from None
            if len(numbered) > max_rows:
                break
        where = "line"
    _check_rows(len(numbered), max_rows, name)
    if not numbered:
        raise FileFormatError(f"{name} holds no JSON records. Add one JSON object per line.")
    if all(isinstance(v, dict) for _, v in numbered):
        return pd.DataFrame.from_records([v for _, v in numbered])
    if all(isinstance(v, str | int | float) and not isinstance(v, bool) for _, v in numbered):
        return pd.DataFrame({"text": [v for _, v in numbered]})
    number, bad = next((n, v) for n, v in numbered if not isinstance(v, dict))
    raise FileFormatError(
        f"{name}: {where} {number} is a JSON {type(bad).__name__}, not an object. "
        'Each line must be one JSON object, like {"text": "..."}.'
    )


def _json_object(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """Keep every key of a JSON object, renaming a repeated key instead of dropping it."""
    out: dict[str, object] = {}
    for key, value in pairs:
        new, n = key, 0
        while new in out:
            n += 1
            new = f"{key}.{n}"
        out[new] = value
    return out
