"""The interface language: Portuguese (pt-BR) or English, gettext style.

The English text is the key: ``t("Similarity")`` returns the Portuguese translation when the
interface is in Portuguese and the English text otherwise (also when a translation is missing,
so a page never breaks; a test fails on missing ones). Translations live in
``views/locales/pt/*.json`` — one file per page or area, merged — as ``{"English": "Português"}``.

The language comes from ``?lang=`` in the URL, else the browser's language, and can be switched
in the sidebar; the choice is written back to the URL so a shared link keeps it.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import streamlit as st

LANGUAGES = {"pt": "Português", "en": "English"}
DEFAULT = "pt"  # the audience reads Portuguese first
_KEY = "lang"
_LOCALES = Path(__file__).resolve().parent / "locales"
_FIELD = re.compile(r"\{(\w+)(?:[:!][^{}]*)?\}")


@functools.cache
def catalog(lang: str) -> dict[str, str]:
    """All translations into ``lang`` (empty for English): every JSON file of the language."""
    merged: dict[str, str] = {}
    folder = _LOCALES / lang
    if lang == "en" or not folder.is_dir():
        return merged
    for path in sorted(folder.glob("*.json")):
        merged.update(json.loads(path.read_text(encoding="utf-8")))
    return merged


def _browser_language() -> str:
    try:
        locale = (st.context.locale or "").lower()
    except Exception:  # outside a browser session (bare mode, AppTest without a locale)
        locale = ""
    return "en" if locale.startswith("en") else DEFAULT


def language() -> str:
    """The interface language of this session: ``"pt"`` or ``"en"``."""
    lang = st.session_state.get(_KEY)
    if lang not in LANGUAGES:
        wanted = st.query_params.get(_KEY, "")
        lang = wanted if wanted in LANGUAGES else _browser_language()
        st.session_state[_KEY] = lang
    return lang


def t(text: str, /, **fields: object) -> str:
    """``text`` in the interface language, with ``{fields}`` filled in."""
    translated = catalog(language()).get(text, text)
    return translated.format(**fields) if fields else translated


def tn(singular: str, plural: str, n: int, /, **fields: object) -> str:
    """The singular or plural form for ``n`` (available as ``{n}``), translated."""
    return t(singular if n == 1 else plural, n=f"{n:,}", **fields)


def language_picker() -> None:
    """The sidebar switch between Português and English, kept in the URL (``?lang=en``).

    The radio is bound to the URL (``bind="query-params"``): Streamlit then keeps ``lang``
    across page switches and updates it with ``history.replaceState``. Writing
    ``st.query_params`` instead pushes a new history entry on every page switch (Streamlit
    clears unbound parameters there), and Browser Back would land on the same page.
    The default language (pt) leaves the parameter out of the URL.
    """
    language()
    with st.sidebar:
        st.radio(
            "Idioma / Language",
            list(LANGUAGES),
            captions=list(LANGUAGES.values()),
            key=_KEY,
            horizontal=True,
            bind="query-params",
        )


@functools.cache
def _patterns(lang: str) -> list[tuple[re.Pattern[str], str]]:
    """Catalog keys with ``{fields}`` as regular expressions, longest first."""
    patterns = []
    for key, value in catalog(lang).items():
        if not _FIELD.search(key):
            continue
        parts = _FIELD.split(key)
        regex, seen = "", set()
        for i, part in enumerate(parts):
            if i % 2 == 0:
                regex += re.escape(part)
            elif part in seen:
                regex += f"(?P={part})"
            else:
                seen.add(part)
                regex += f"(?P<{part}>.+?)"
        patterns.append((re.compile(regex + r"\Z", re.DOTALL), value))
    return sorted(patterns, key=lambda p: -len(p[0].pattern))


def _translate_sentence(sentence: str, lang: str) -> str:
    exact = catalog(lang).get(sentence)
    if exact is not None:
        return exact
    for pattern, value in _patterns(lang):
        match = pattern.match(sentence)
        if match:
            return value.format(**match.groupdict())
    return sentence


def translate_message(message: str) -> str:
    """A message made in embedlab (English), translated where the catalog has its pattern.

    The whole message is tried first, then each sentence on its own; what no entry matches
    stays English.
    """
    lang = language()
    if not catalog(lang):
        return message
    whole = _translate_sentence(message, lang)
    if whole != message:
        return whole
    sentences = re.split(r"(?<=[.!?:])\s+(?=[A-Z'\"(‘“])", message)
    return " ".join(_translate_sentence(s, lang) for s in sentences)
