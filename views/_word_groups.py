"""The Train page's generated corpora (embedlab.word_groups) and their score.

Kept apart from _word_vectors.py so the corpora and the purity panel stay one small piece.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from embedlab import word_groups
from views._i18n import N_, language, t

#: Corpus option label → language. The labels say plainly that the text is generated.
GENERATED = {
    N_("Generated Portuguese: template sentences with known word groups (~64,000 words)"): "pt",
    N_("Generated English: template sentences with known word groups (~63,000 words)"): "en",
}
PT = next(label for label, lang in GENERATED.items() if lang == "pt")
#: The file name a generated corpus is read and named as (also the trained model's source).
FILES = {"pt": "gerado-pt.txt", "en": "generated-en.txt"}


@st.cache_data(show_spinner=False, max_entries=2)
def corpus_bytes(language: str) -> bytes:
    """The generated corpus as a TXT file, one sentence per line (seeded: always the same)."""
    return "\n".join(word_groups.generate_corpus(language)).encode("utf-8")


def corpus_file(source: str) -> tuple[bytes, str, str] | None:
    """``(bytes, file name, name to show)`` for a generated corpus option, else ``None``."""
    language = GENERATED.get(source)
    if language is None:
        return None
    return corpus_bytes(language), FILES[language], FILES[language]


def default_corpus(choices: list[str], *, own_file: bool) -> str:
    """The corpus the page starts on: a file from Your own text if any, else the generated
    Portuguese corpus for a Portuguese interface (its neighbours teach something with the
    default settings), else the first sample."""
    if language() == "pt" and not own_file and PT in choices:
        return PT
    return choices[0]


def about_text_size() -> None:
    """How much text real word vectors need (said under the corpus choice)."""
    st.caption(
        t(
            "How much text does real training need? Useful general-purpose word vectors are "
            "trained on hundreds of millions to billions of words (Wikipedia, news); a few "
            "million words give usable vectors for one topic. The samples here have 1,000 to "
            "64,000 words: enough to see how training works, not to learn a language. The "
            "generated corpora make the effect of each setting visible in seconds."
        )
    )


def purity_section(model: Any) -> None:
    """For a model trained on a generated corpus: how many neighbours are group mates."""
    language = next((lang for lang, f in FILES.items() if f == getattr(model, "source", "")), None)
    if language is None:
        return
    groups = word_groups.word_groups(language)
    score = word_groups.group_purity(model, groups, probes=word_groups.PROBES[language])
    everything = word_groups.group_purity(model, groups)
    st.markdown(f"**{t('Group purity of the neighbours')}**")
    c1, c2, c3 = st.columns(3)
    c1.metric(t("Probe words"), "—" if score.rows == [] else f"{score.score:.0%}",
              help=t("Share of each probe word's 5 nearest neighbours that belong to its own "
                     "group (animals, vehicles, foods, …). Random neighbours would score "
                     "about 5%."))  # fmt: skip
    c2.metric(t("All group words"), f"{everything.score:.0%}")
    c3.metric(t("Group words dropped by min_count"), f"{len(everything.missing)}")
    table = score.table().rename(
        columns={
            "word": t("word"),
            "group": t("group"),
            "neighbours": t("5 nearest (✓ = same group)"),
            "purity": t("purity"),
        }  # fmt: skip
    )
    st.dataframe(table, hide_index=True)
    st.caption(
        t(
            "Try it: train again with window 1 or 2 (the topic words sit 3 to 6 words away: "
            "purity drops), with Skip-gram (purity rises), or with minimum count 60 (rare "
            "group words disappear), then compare the two trainings below."
        )
    )
