"""Images: photos and sentences in one space (CLIP): search by a sentence, similar photos, map."""

import streamlit as st

import embedlab
from embedlab.media import data_uri, embed_images_cached, read_images, thumbnail
from embedlab.media.images import LIMITS
from views import _media as media
from views import _ui as ui
from views._i18n import t, tn

st.title(t("Images"))
st.caption(
    t(
        "A CLIP model turns images and sentences into vectors of one space: a photo lands near "
        "the sentence that describes it. Search your photos by a sentence, find similar ones, "
        "see them on a map."
    )
)
model = media.model_picker("image")


@st.cache_resource(show_spinner=False, max_entries=2)  # up to ~600 MB of images each
def _read(digest, _pairs):
    found = read_images(_pairs)
    jpegs = [thumbnail(image) for image in found.images]
    return found, jpegs, [data_uri(j) for j in jpegs]


@st.cache_data(show_spinner=False, max_entries=64)
def _query(model_id, text, _model):
    return _model.encode([text])


files = st.file_uploader(
    t("Images, or a ZIP of a folder of images"),
    accept_multiple_files=True,
    key="img_files",
    help=t(
        "JPEG, PNG, GIF, WebP, BMP, TIFF or HEIC; up to {n} images and {mb} MB per image. Other files "
        "are listed and skipped.",
        n=f"{LIMITS.max_files:,}",
        mb=LIMITS.max_file_bytes // 2**20,
    ),
)
if not files:
    st.info(t("Upload a few photos (or a ZIP of a folder of them) to begin."))
    st.stop()
digest, pairs = media.uploads_digest(files)
try:
    with st.spinner(t("Reading the images…")):
        found, jpegs, uris = _read(digest, pairs)
except embedlab.EmbedlabError as err:
    ui.show_error(err)
    st.stop()
media.show_skipped(found, "img")
names, n = found.names, len(found)
X = media.vectors(embed_images_cached, model, digest, found.images, found.digests, t("images"))
st.success(
    tn("{n} image embedded with {model}.", "{n} images embedded with {model}.", n, model=model.name)
)

tabs = st.tabs([t("Map"), t("Search by text"), t("Similar images"), t("Clusters"), t("Export")])
with tabs[1]:
    c1, c2 = st.columns([4, 1])
    query = c1.text_input(
        t("Describe what you are looking for"), value=t("a dog on the beach"), key="img_query"
    )
    k = c2.number_input(t("Results"), 1, n, min(8, n), key="img_k")
    hits = []
    if query.strip():
        idx, sims = embedlab.top_k(_query(model.id, query.strip(), model), X, k=k, normalized=True)
        hits = idx[0].tolist()
        media.gallery(jpegs, names, hits, scores=sims[0], width=150)
        st.caption(
            t(
                "The number is the cosine between the sentence and the image. CLIP's cosines are "
                "small (about 0.2–0.35 for a good match): what counts is the order."
            )
        )
with tabs[3]:
    labels = media.clusters(model, digest, X, prefix="img")
    if labels is not None:
        for label in range(int(labels.max()) + 1):
            members = [i for i in range(n) if labels[i] == label]
            st.markdown(
                t(
                    "**Cluster {label}** · {count}",
                    label=label,
                    count=tn("{n} image", "{n} images", len(members)),
                )
            )
            media.gallery(jpegs, names, members[:12], width=90)
with tabs[0]:
    show = st.toggle(t("Thumbnails on the map"), value=True, key="img_thumbs")
    pmap, picked = media.draw_map(
        model, digest, X, names, prefix="img", thumbnails=uris if show else None,
        labels=labels, hits=hits,
        hint=t("Hover a point for its file name; click it (or draw a box or lasso) to see it below."),
    )  # fmt: skip
    media.gallery(found.images, names, picked[:12], width=240)
with tabs[2]:
    chosen = st.selectbox(
        t("Image"), range(n), index=picked[0] if picked else 0, format_func=names.__getitem__,
        key=f"img_like_{picked[0] if picked else 'none'}",  # a click on the map picks it here
    )  # fmt: skip
    st.image(jpegs[chosen], caption=names[chosen], width=180)
    idx, sims = embedlab.top_k(X[chosen], X, k=min(n, 9), normalized=True)
    alike = [(i, s) for i, s in zip(idx[0], sims[0], strict=True) if i != chosen][:8]
    media.gallery(jpegs, names, [i for i, _ in alike], scores=[s for _, s in alike])
with tabs[4]:
    media.export_buttons(model, names, X, pmap, labels, stem="images")
