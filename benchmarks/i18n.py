"""Cost and coverage of the Portuguese interface layer (views/_i18n.py).

Run: ``python benchmarks/i18n.py`` (a few seconds).

Prints:
  catalog   entries per views/locales/pt/*.json file, and how many are {field} patterns;
  speed     µs per ``t()`` lookup, per ``tn()``, and per ``translate_message`` on real
            embedlab messages (a page shows a handful per run, so both must stay far below
            a millisecond);
  coverage  of real messages made by calling embedlab with bad input (the cases of
            tests/app/test_i18n.py): how many come out fully Portuguese, and which English
            sentences are left.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from views import _i18n  # noqa: E402


def _per_call(fn, repeat: int = 20_000) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        fn()
    return (time.perf_counter() - start) / repeat * 1e6


def main() -> None:
    _i18n.language = lambda: "pt"  # outside a session; as a Portuguese page sees it
    folder = ROOT / "views" / "locales" / "pt"
    print("catalog (views/locales/pt)")
    total = fields = 0
    for path in sorted(folder.glob("*.json")):
        entries = json.loads(path.read_text(encoding="utf-8"))
        patterns = sum(1 for key in entries if _i18n._FIELD.search(key))
        total, fields = total + len(entries), fields + patterns
        print(f"  {path.name:<18} {len(entries):>4} entries, {patterns:>3} with {{fields}}")
    print(f"  {'all':<18} {total:>4} entries, {fields:>3} with {{fields}}")

    from tests.app.test_i18n import _bad_inputs, _message

    messages = [_message(call) for call, _ in _bad_inputs().values()]
    _i18n.translate_message(messages[0])  # builds the patterns once (cached)
    print("speed (µs per call)")
    print(
        f"  t('Train word vectors')          {_per_call(lambda: _i18n.t('Train word vectors')):8.2f}"
    )
    print(
        f"  tn('{{n}} text', '{{n}} texts', n)  {_per_call(lambda: _i18n.tn('{n} text', '{n} texts', 2500)):8.2f}"
    )  # noqa: E501
    per_message = [_per_call(lambda m=m: _i18n.translate_message(m), 200) for m in messages]
    print(
        f"  translate_message, {len(messages)} real messages: median "
        f"{sorted(per_message)[len(per_message) // 2]:.0f}, max {max(per_message):.0f}"
    )

    print("coverage")
    english = []
    for message in messages:
        translated = _i18n.translate_message(message)
        left = [s for s in _i18n.re.split(r"(?<=[.!?])\s+", translated) if s in message]
        english += [s for s in left if any(c.isalpha() for c in s)]
    full = len(messages) - len({m for m in messages for s in english if s in m})
    print(f"  {full}/{len(messages)} real messages fully in Portuguese")
    for sentence in english:
        print(f"  left in English: {sentence!r}")


if __name__ == "__main__":
    main()
