"""Turning what a person typed into clean lines, and saying what was changed."""

from __future__ import annotations

from dataclasses import dataclass, field

from embedlab.errors import InputError

MAX_LINES = 200
MAX_CHARS = 2_000


@dataclass(frozen=True)
class Lines:
    """Cleaned input lines and notes on what cleaning changed.

    Attributes:
        lines: the non-blank, stripped, de-duplicated lines, in input order.
        notes: sentences for the user about what was dropped or shortened.
    """

    lines: list[str]
    notes: list[str] = field(default_factory=list)


def parse_lines(
    text: str,
    *,
    min_lines: int = 2,
    max_lines: int = MAX_LINES,
    max_chars: int = MAX_CHARS,
) -> Lines:
    """Split ``text`` into one item per line.

    Blank lines and surrounding whitespace are dropped, repeated lines kept once,
    and lines longer than ``max_chars`` shortened; each change is told in ``notes``.

    Args:
        text: what the user typed.
        min_lines: fewest lines the caller needs.
        max_lines: most lines allowed (after cleaning).
        max_chars: longest line kept whole.

    Returns:
        The cleaned :class:`Lines`.

    Raises:
        InputError: fewer than ``min_lines`` or more than ``max_lines`` lines.
    """
    raw = [line.strip() for line in (text or "").splitlines()]
    notes: list[str] = []
    blanks = sum(1 for line in raw if not line)
    seen: dict[str, None] = {}
    duplicates: list[str] = []
    cut: list[tuple[int, int]] = []
    for line in raw:
        if not line:
            continue
        if len(line) > max_chars:
            cut.append((len(seen) + 1, len(line)))
            line = line[:max_chars]
        if line in seen:
            duplicates.append(line)
        else:
            seen[line] = None
    lines = list(seen)
    if blanks and lines:
        notes.append(f"Ignored {blanks} blank line{'s' * (blanks != 1)}.")
    if duplicates:
        shown = ", ".join(f"'{_short(d)}'" for d in dict.fromkeys(duplicates))
        notes.append(f"Repeated lines are kept once: {shown}.")
    for number, length in cut:
        notes.append(
            f"Line {number} has {length:,} characters; only the first {max_chars:,} are used."
        )
    if len(lines) < min_lines:
        got = "nothing" if not lines else f"{len(lines)} line"
        raise InputError(
            f"Enter at least {min_lines} different lines (one word or sentence per line); "
            f"you entered {got}."
        )
    if len(lines) > max_lines:
        raise InputError(
            f"You entered {len(lines)} lines; the limit here is {max_lines}. "
            f"Remove {len(lines) - max_lines} lines, or use the 'Your own text' page for large files."
        )
    return Lines(lines, notes)


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
