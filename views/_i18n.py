"""The interface language: Portuguese (pt-BR) or English, gettext style.

The English text is the key: ``t("Similarity")`` returns the Portuguese translation when the
interface is in Portuguese and the English text otherwise (also when a translation is missing,
so a page never breaks; a test fails on missing ones). Translations live in
``views/locales/pt/*.json`` — one file per page or area, merged — as ``{"English": "Português"}``.

The language comes from ``?lang=`` in the URL, else the browser's language, and can be switched
in the sidebar; a language picked there is written to the URL so a shared link keeps it, and
stays for the session whatever page or Back/Forward the person goes to.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from pathlib import Path

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

LANGUAGES = {"pt": "Português", "en": "English"}
DEFAULT = "pt"  # the audience reads Portuguese first
_KEY = "lang"
_CHOSEN = "_lang_chosen"  # the session's language (see language_picker)
_PAGE = "_lang_page"  # the page of the session's previous run
_RESTORE = "_lang_restore"  # set: this run puts the switch back after Back/Forward
_LOCALES = Path(__file__).resolve().parent / "locales"
_last = "en"  # see language()
_FIELD = re.compile(r"\{(\w+)(?:[:!][^{}]*)?\}")
# Where one sentence of a message ends and the next begins (". Add", ": 'x'").
_SENTENCE_END = r"[.!?:]\s+[A-Z0-9'\"(‘“]"


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
    """The interface language of this session: ``"pt"`` or ``"en"``.

    Outside a session (plain Python; an AppTest process formatting a widget's options with
    ``format_func=t``, which must match what the app drew) the language a session last used,
    English before any.
    """
    global _last
    if get_script_run_ctx() is None:
        return _last
    lang = st.session_state.get(_KEY)  # the sidebar switch (bound to ?lang=)
    if lang not in LANGUAGES:  # before the switch exists in this session's first run
        wanted = st.query_params.get(_KEY, "")
        lang = wanted if wanted in LANGUAGES else _session_default()
    _last = lang
    return lang


def _session_default() -> str:
    """The browser's language, read once per session (the sidebar switch's default)."""
    lang = st.session_state.get("_lang_default")
    if lang not in LANGUAGES:
        lang = st.session_state["_lang_default"] = _browser_language()
    return lang


def t(text: str, /, **fields: object) -> str:
    """``text`` in the interface language, with ``{fields}`` filled in."""
    translated = catalog(language()).get(text, text)
    return translated.format(**fields) if fields else translated


def N_(text: str, /) -> str:
    """Mark ``text`` as a translation key without translating it yet (gettext's ``N_``).

    For module constants shown later through ``t`` (the language is known only inside a
    session); the i18n test checks that marked texts have a Portuguese entry.
    """
    return text


def tn(singular: str, plural: str, n: int, /, **fields: object) -> str:
    """The singular or plural form for ``n`` (available as ``{n}``), translated."""
    return t(singular if n == 1 else plural, n=number(n), **fields)


def number(value: float, spec: str = ",") -> str:
    """``value`` formatted with ``spec`` ("," → 60,005; ",.1f" → 1,234.5), with the separators
    of the interface language (Portuguese: 60.005 and 1.234,5; "60,005 palavras" would read
    as sixty)."""
    text = format(value, spec)
    return _swap_separators(text) if language() == "pt" else text


def _swap_separators(text: str) -> str:
    return text.translate(str.maketrans({",": ".", ".": ","}))


# A whole field of a library message that is an English-formatted number ("400,000", "1,234.5").
_ENGLISH_NUMBER = re.compile(r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?")


def language_picker(*, on_change: Callable[[], None] | None = None) -> None:
    """The sidebar switch between Português and English, kept in the URL (``?lang=en``).

    The radio is bound to the URL (``bind="query-params"``): Streamlit keeps ``lang`` across
    page switches and updates it with ``history.replaceState``. Its default is the browser's
    language, which Streamlit leaves out of the URL; so a session that starts without
    ``?lang=`` writes nothing (writing ``st.query_params`` pushes a history entry, and Browser
    Back would land on the same page), a link that carries ``?lang=`` keeps it, and a
    language picked in the switch goes into the link. A shared link without ``lang`` opens in
    the reader's own browser language.

    The language is the person's choice for the whole session: the link's on arrival, then
    whatever they pick in the switch. Moving between pages never changes it, though the URL
    can lose ``lang`` on the way: a page link clicked before the first run has drawn this
    switch (Streamlit carries a bound parameter to the next page only once the browser knows
    its widget), or Back to a page visited before a switch. Streamlit would then set the
    switch to the browser's language. So when the URL does not ask for the session's
    language, the switch is given it before it is drawn (unless the person has just switched
    on this page); after Back/Forward, where Streamlit lets the URL win, the script reruns at
    once, before the page draws anything. Either way ``lang`` goes back into the URL, in
    place. A person switches only on the page they are on, so that is the one change kept.

    Args:
        on_change: called when the language changes (before the rerun), e.g. to re-set
            widgets whose option labels are translated.
    """
    state = st.session_state
    chosen = state.get(_CHOSEN)
    restoring = bool(state.pop(_RESTORE, False))
    navigated = _navigated()
    in_url = st.query_params.get(_KEY)
    asked = in_url if in_url in LANGUAGES else _session_default()  # what the URL asks for
    incoming = state.get(_KEY)  # the switch as the browser sent it (or as the last run left it)
    if chosen in LANGUAGES and asked != chosen and (navigated or restoring or incoming == chosen):
        state[_KEY] = chosen  # over what the URL asks for; also writes it back into the URL
        if incoming != chosen and on_change is not None:
            on_change()
    options = list(LANGUAGES)
    with st.sidebar:
        st.radio(
            "Idioma / Language",
            options,
            help="pt = Português · en = English",
            index=options.index(_session_default()),
            key=_KEY,
            horizontal=True,
            bind="query-params",
            on_change=on_change,
        )
    if chosen in LANGUAGES and state[_KEY] != chosen and navigated and not restoring:
        # After Back/Forward the URL wins over a value set above; set it again in a rerun.
        state[_RESTORE] = True
        st.rerun()
    state[_CHOSEN] = state[_KEY]


def _navigated() -> bool:
    """Whether this run changed page or came from Back/Forward (see language_picker).

    The session's first run asks for the main script, which st.navigation then resolves to a
    page; that is not counted as a change.
    """
    ctx = get_script_run_ctx()
    if ctx is None:
        return False
    state = st.session_state
    page, before = ctx.page_script_hash, state.get(_PAGE)
    state[_PAGE] = page
    main = getattr(getattr(ctx, "pages_manager", None), "main_script_hash", None)
    changed = before is not None and page != before and main not in (page, before)
    return changed or bool(getattr(ctx, "is_history_navigation", False))


@functools.cache
def _patterns(lang: str) -> list[tuple[re.Pattern[str], str]]:
    """Catalog keys with ``{fields}`` as regular expressions, the most literal text first (so
    "you entered nothing." wins over "you entered {got}.")."""
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
                # A field never spans two sentences, so "you gave {n}." cannot swallow the
                # sentence after it when a whole message is tried.
                regex += f"(?P<{part}>(?:(?!{_SENTENCE_END}).)+?)"
        literal = sum(len(part) for part in parts[::2])
        patterns.append((literal, re.compile(regex + r"\Z", re.DOTALL), value))
    return [(regex, value) for _, regex, value in sorted(patterns, key=lambda p: -p[0])]


def _translate_sentence(sentence: str, lang: str) -> str:
    exact = catalog(lang).get(sentence)
    if exact is not None:
        return exact
    for pattern, value in _patterns(lang):
        match = pattern.match(sentence)
        if match:
            fields = {
                name: _swap_separators(text) if _ENGLISH_NUMBER.fullmatch(text) else text
                for name, text in match.groupdict().items()
            }
            return value.format(**fields)
    return sentence


def translate_message(message: str) -> str:
    """A message made in embedlab (English), translated where the catalog has its pattern.

    The whole message is tried first, then each sentence on its own; what no entry matches
    stays English. Asides in brackets that have an entry of their own ("(did you mean
    {words}?)") are translated wherever they sit, e.g. inside a list of unknown words.
    """
    lang = language()
    if not catalog(lang):
        return message
    whole = _translate_sentence(message, lang)
    if whole == message:
        sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z0-9'\"(‘“])", message)  # at _SENTENCE_END
        whole = " ".join(_translate_clauses(s, lang) for s in sentences)
    return _ASIDE.sub(lambda m: _translate_sentence(m.group(), lang), whole)


def _translate_clauses(sentence: str, lang: str) -> str:
    """One sentence whole if an entry matches it, else each clause after a colon on its own.

    Whole first: "Not in the 30,000 most frequent words: 'Apia' and 3 more." has an entry,
    while its halves would meet a shorter one ("Not in {model}:") and stay half English.
    """
    whole = _translate_sentence(sentence, lang)
    if whole != sentence:
        return whole
    clauses = re.split(r"(?<=:)\s+(?=[A-Z0-9'\"(‘“])", sentence)
    return " ".join(_translate_sentence(c, lang) for c in clauses)


_ASIDE = re.compile(r"\([^()]*\)")
