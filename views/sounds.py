"""Sounds: clips and sentences in one space (CLAP): search by a sentence, map, listen."""

import streamlit as st

import embedlab
from embedlab.media import embed_clips_cached, read_clips
from embedlab.media.audio import EXTENSIONS, LIMITS
from views import _media as media
from views import _ui as ui
from views._i18n import t, tn

st.title(t("Sounds"))
st.caption(
    t(
        "A CLAP model turns sound clips and sentences into vectors of one space: a recording of "
        "rain lands near “the sound of rain”. Search your clips by a sentence, see them on a map "
        "and listen to them."
    )
)
model = media.model_picker("audio")


@st.cache_resource(show_spinner=False, max_entries=2)
def _read(digest, rate, seconds, _pairs):
    return read_clips(_pairs, sampling_rate=rate, max_seconds=seconds)


@st.cache_data(show_spinner=False, max_entries=64)
def _query(model_id, text, _model):
    return _model.encode([text])


def _play(i):
    mime = {".mp3": "audio/mpeg", ".flac": "audio/flac", ".ogg": "audio/ogg", ".oga": "audio/ogg"}
    suffix = "." + names[i].rsplit(".", 1)[-1].lower()
    st.audio(found.data[i], format=mime.get(suffix, "audio/wav"))


files = st.file_uploader(
    t("Sound clips, or a ZIP of them"),
    accept_multiple_files=True,
    key="snd_files",
    help=t(
        "{formats}; up to {n} clips. The model hears the first {seconds} s of each clip.",
        formats=", ".join(e.lstrip(".").upper() for e in EXTENSIONS),
        n=f"{LIMITS.max_files:,}",
        seconds=f"{model.max_seconds:g}",
    ),
)
if not files:
    st.info(t("Upload a few sound clips (or a ZIP of a folder of them) to begin."))
    st.stop()
digest, pairs = media.uploads_digest(files)
try:
    with st.spinner(t("Reading the clips…")):
        found = _read(digest, model.sampling_rate, model.max_seconds, pairs)
except embedlab.EmbedlabError as err:
    ui.show_error(err)
    st.stop()
media.show_skipped(found, "snd")
names, n = found.names, len(found)
X = media.vectors(embed_clips_cached, model, digest, found.clips, found.digests, t("clips"))
st.success(
    tn("{n} clip embedded with {model}.", "{n} clips embedded with {model}.", n, model=model.name)
)

tabs = st.tabs([t("Map"), t("Search by text"), t("Export")])
with tabs[1]:
    c1, c2 = st.columns([4, 1])
    query = c1.text_input(t("Describe the sound"), value=t("a dog barking"), key="snd_query")
    k = c2.number_input(t("Results"), 1, n, min(5, n), key="snd_k")
    hits = []
    if query.strip():
        idx, sims = embedlab.top_k(_query(model.id, query.strip(), model), X, k=k, normalized=True)
        hits = idx[0].tolist()
        for i, score in zip(hits, sims[0], strict=True):
            st.markdown(f"**{names[i]}** · {score:.3f}")
            _play(i)
with tabs[0]:
    labels = media.clusters(model, digest, X, prefix="snd")
    pmap, picked = media.draw_map(
        model, digest, X, names, prefix="snd", labels=labels, hits=hits,
        hint=t("Hover a point for its file name; click it to play it below."),
    )  # fmt: skip
    chosen = st.selectbox(
        t("Play a clip"), range(n), index=picked[0] if picked else 0,
        format_func=names.__getitem__, key=f"snd_play_{picked[0] if picked else 'none'}",
    )  # fmt: skip
    st.caption(t("Length: {seconds} s", seconds=f"{found.durations[chosen]:.1f}"))
    _play(chosen)
with tabs[2]:
    media.export_buttons(model, names, X, pmap, labels, stem="sounds")
