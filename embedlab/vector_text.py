"""Vectors typed as text, as in a numpy lesson: ``usuário: 0.2, 0.8, 0.5``.

:func:`parse_vectors` reads one vector per line, :func:`looks_like_vectors` tells whether a
text is such a list (so a box that usually embeds text can use the numbers instead).

Accepted lines (the label before ``:`` or ``=`` is optional)::

    usuário: 0.2, 0.8, 0.5
    [0.1, 0.9, 0.4]
    0.8 0.1 0.3
    produto A = (0,9; 0,1; 0,1)     decimal commas when ``;`` separates the numbers

>>> labels, X = parse_vectors("usuário: 0.2, 0.8, 0.5\\n[0.3, 0.9, 0.5]")
>>> labels, X.shape, X.dtype.name
(['usuário', 'v2'], (2, 3), 'float32')
"""

from __future__ import annotations

import math
import re

import numpy as np
from numpy.typing import NDArray

from embedlab.errors import InputError

#: Most vectors a box takes.
MAX_VECTORS = 200
#: Most numbers per vector (a typed vector is short; files go to the Word vector files page).
MAX_DIMENSIONS = 1024

_LABEL = re.compile(r"^\s*(?P<label>[^:=\[\]()]*?[^\W\d][^:=\[\]()]*?)\s*[:=]\s*(?P<rest>.*)$")
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_DECIMAL_COMMA = re.compile(r"\d,\d")
_EXAMPLE = "[0.2, 0.8, 0.5]"  # no ": " inside, so translated messages keep it whole


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _split_label(line: str) -> tuple[str | None, str]:
    """``("usuário", "0.2, 0.8, 0.5")``; no label when the line is only numbers."""
    match = _LABEL.match(line)
    if match and match.group("rest").strip():
        return match.group("label").strip(), match.group("rest")
    return None, line


def _numbers(body: str, number: int, line: str) -> list[float]:
    """The numbers of one line's body, or an InputError that names the line."""
    body = body.strip()
    if body[:1] in "[(" and body[-1:] in "])":
        body = body[1:-1]
    if ";" in body:
        tokens = [t.strip().replace(",", ".") for t in body.split(";")]
    else:
        groups = body.split()
        if "." not in body and len(groups) > 1 and any(_DECIMAL_COMMA.search(g) for g in groups):
            raise InputError(
                f"Line {number} looks like decimal commas. Separate the "
                "numbers with ';' (0,2; 0,8; 0,5) or write decimal points (0.2, 0.8, 0.5)."
            )
        tokens = [t for t in re.split(r"[,\s]+", body) if t]
    tokens = [t for t in tokens if t]
    if not tokens:
        raise InputError(f"Line {number} has no numbers. Write e.g. '{_EXAMPLE}'.")
    values = []
    for token in tokens:
        if not _NUMBER.match(token):
            raise InputError(
                f"Line {number}: '{_short(token, 20)}' is not a number. Write e.g. '{_EXAMPLE}'."
            )
        value = float(token)
        if not math.isfinite(value):
            raise InputError(f"Line {number}: {token} is too large.")
        values.append(value)
    return values


def parse_vectors(
    text: str, *, min_vectors: int = 1, max_vectors: int = MAX_VECTORS
) -> tuple[list[str], NDArray[np.float32]]:
    """Read one vector per line: an optional label, then numbers.

    Numbers are separated by commas and/or spaces, optionally inside ``[...]`` or ``(...)``;
    when a line separates them with ``;``, decimal commas are read as decimal points
    (``0,2; 0,8; 0,5``). Blank lines are skipped. A line without a label is called ``v<line>``
    by its position among the vectors.

    Args:
        text: what the user typed.
        min_vectors: fewest vectors accepted.
        max_vectors: most vectors accepted.

    Returns:
        ``(labels, X)``: ``n`` labels and ``(n, d)`` float32 vectors.

    Raises:
        InputError: a line that is not a list of numbers, vectors of different lengths,
            repeated labels, too few or too many vectors (the message names the line).

    >>> parse_vectors("0,2; 0,8\\nb: 1 2")
    (['v1', 'b'], array([[0.2, 0.8],
           [1. , 2. ]], dtype=float32))
    """
    labels: list[str] = []
    rows: list[list[float]] = []
    first_line = 0
    for number, line in enumerate(str(text).splitlines(), start=1):
        if not line.strip():
            continue
        label, body = _split_label(line)
        values = _numbers(body, number, line)
        if len(values) > MAX_DIMENSIONS:
            raise InputError(
                f"Line {number} has {len(values):,} numbers; typed vectors may have at most "
                f"{MAX_DIMENSIONS:,}. Load larger vectors as a file."
            )
        if rows and len(values) != len(rows[0]):
            raise InputError(
                f"Line {number} has {len(values)} numbers, but line "
                f"{first_line} has {len(rows[0])}. Every vector needs the same length."
            )
        if not rows:
            first_line = number
        label = label or f"v{len(rows) + 1}"
        if label in labels:
            raise InputError(
                f"Line {number}: the label '{_short(label)}' is used twice. Give each vector "
                "its own name."
            )
        labels.append(label)
        rows.append(values)
    if len(rows) < min_vectors:
        got = "nothing" if not rows else f"{len(rows)}"
        raise InputError(
            f"Enter at least {min_vectors} vector{'s' * (min_vectors != 1)}, one per line, "
            f"e.g. '{_EXAMPLE}'; you entered {got}."
        )
    if len(rows) > max_vectors:
        raise InputError(
            f"You entered {len(rows)} vectors; the limit here is {max_vectors}. Remove "
            f"{len(rows) - max_vectors}, or load them as a file."
        )
    return labels, np.asarray(rows, dtype=np.float32)


def looks_like_vectors(text: str) -> bool:
    """True when ``text`` is mostly numbers on every line (at least two per line): a box
    meant for words should read it with :func:`parse_vectors` (whose errors then name a
    typo) instead of embedding the digits as text.

    >>> looks_like_vectors("[0.2, 0.8, 0.5]"), looks_like_vectors("usuário: 0,2; 0,8")
    (True, True)
    >>> looks_like_vectors("[0.2, 0.8, O.5]")  # a typo: parse_vectors will name it
    True
    >>> looks_like_vectors("um filme de 2001"), looks_like_vectors("2001")
    (False, False)
    """
    lines = [line for line in str(text).splitlines() if line.strip()]
    if not lines:
        return False
    for line in lines:
        _, body = _split_label(line)
        tokens = re.findall(r"[^\s,;\[\]()]+", body.replace(";", " ").replace(", ", " "))
        numbers = sum(bool(_NUMBER.match(t.replace(",", "."))) for t in tokens)
        if numbers < 2 or numbers < 0.6 * len(tokens):
            return False
    return True


def parse_query_and_items(
    query: str, items: str
) -> tuple[NDArray[np.float32], list[str], NDArray[np.float32]]:
    """A recommendation typed as numbers: one query vector and the item vectors.

    Args:
        query: one vector, e.g. ``"[0.2, 0.8, 0.5]"`` (a label is allowed).
        items: one vector per line, e.g. ``"produto C: 0.3, 0.9, 0.5"``.

    Returns:
        ``(q, labels, X)``: the ``(d,)`` query, the ``n`` item labels and ``(n, d)`` items.

    Raises:
        InputError: only one side is numbers, several query vectors, or lengths differ.

    >>> q, labels, X = parse_query_and_items("[0.2, 0.8, 0.5]", "a: 1 0 0\\nb: 0 1 0")
    >>> q.shape, labels, X.shape
    ((3,), ['a', 'b'], (2, 3))
    """
    query_is, items_are = looks_like_vectors(query), looks_like_vectors(items)
    if query_is != items_are:
        if query_is:
            raise InputError(
                "The query is a vector but the items are text: a vector can only be compared "
                f"with vectors. Type the items as numbers too, one per line, e.g. '{_EXAMPLE}'."
            )
        raise InputError(
            "The items are vectors but the query is text: a vector can only be compared "
            "with vectors. Type the query as numbers too, e.g. '[0.2, 0.8, 0.5]'."
        )
    _, Q = parse_vectors(query)
    if len(Q) != 1:
        raise InputError(f"The query holds {len(Q)} vectors; give exactly one.")
    labels, X = parse_vectors(items)
    if X.shape[1] != Q.shape[1]:
        raise InputError(
            f"The query has {Q.shape[1]} numbers but the items have {X.shape[1]}: "
            "give them the same length."
        )
    return Q[0], labels, X


__all__ = [
    "MAX_DIMENSIONS",
    "MAX_VECTORS",
    "looks_like_vectors",
    "parse_query_and_items",
    "parse_vectors",
]
