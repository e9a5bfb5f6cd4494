"""Models that put text and images (CLIP) or text and sounds (CLAP) in one space.

Both adapters have ``kind == "multimodal"``, ``id``, ``name``, ``dim``, ``modalities`` and
``encode(texts)``; :class:`ImageTextModel` adds ``encode_images(images)`` and
:class:`AudioTextModel` adds ``encode_audio(clips)``. Every vector has unit length, so a dot
product is the cosine.

Loading (:func:`load_media_model`, also reached through :func:`embedlab.load_model`):

- CLIP through sentence-transformers: a local folder whose ``modules.json`` names a
  ``CLIPModel`` module (or a Hugging Face CLIP folder, ``model_type: clip``), or a Hub id
  containing ``clip`` (``clip-ViT-B-32`` is short for ``sentence-transformers/clip-ViT-B-32``).
  A text-only model trained into a CLIP space is paired with its image model as
  ``"TEXT_MODEL + IMAGE_MODEL"``; ``sentence-transformers/clip-ViT-B-32-multilingual-v1`` (for
  Portuguese queries) is paired with ``clip-ViT-B-32`` automatically.
- CLAP through transformers (``ClapModel`` + ``ClapProcessor``): a folder whose
  ``config.json`` says ``model_type: clap``, or a Hub id containing ``clap``
  (e.g. ``laion/clap-htsat-unfused``).

Remote code is never run (``trust_remote_code`` stays off). Hub ids load from the local
Hugging Face cache first; a download is tried only when ``HF_HUB_OFFLINE`` is not set and the
Hub answers within seconds.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from embedlab.errors import InputError, ModelLoadError
from embedlab.media.audio import ClipLike, read_clip
from embedlab.media.images import ImageLike, open_image
from embedlab.models import policy

Progress = Callable[[int, int], None]
Media = Literal["image", "audio"]

#: Text-only models trained into a CLIP image model's space, and that image model.
PAIRS: dict[str, str] = {
    "sentence-transformers/clip-ViT-B-32-multilingual-v1": "sentence-transformers/clip-ViT-B-32",
}
SEPARATOR = " + "
# "clip" / "clap" starting a word of a Hub id ("laion/clap-htsat", "openai/clip-vit"), not "eclipse".
_CLIP_NAME = re.compile(r"(?<![a-z])clip")
_CLAP_NAME = re.compile(r"(?<![a-z])clap")
#: What to install for each kind of model (the weights come from the Hub or a folder).
INSTALL = {
    "image": "pip install sentence-transformers torch pillow",
    "audio": "pip install transformers torch soundfile",
}
EXAMPLES = {
    "image": ("sentence-transformers/clip-ViT-B-32-multilingual-v1", "clip-ViT-B-32"),
    "audio": ("laion/clap-htsat-unfused",),
}


def _unit(X: Any) -> NDArray[np.float32]:
    X = np.asarray(X, dtype=np.float32)
    norms = np.linalg.norm(X, axis=1, keepdims=True)
    return X / np.where(norms == 0, 1.0, norms)


def _batched(
    items: Sequence[Any],
    encode_batch: Callable[[list[Any]], Any],
    *,
    dim: int,
    batch_size: int,
    progress: Progress | None,
) -> NDArray[np.float32]:
    out = np.empty((len(items), dim), dtype=np.float32)
    step = max(1, int(batch_size))
    for start in range(0, len(items), step):
        chunk = list(items[start : start + step])
        out[start : start + len(chunk)] = _unit(encode_batch(chunk))
        if progress is not None:
            progress(start + len(chunk), len(items))
    return out


def _texts(texts: Sequence[str]) -> list[str]:
    if isinstance(texts, str):
        raise InputError("encode() takes a list of texts, not a single string: use [text].")
    return [str(t) for t in texts]


class _TextAndMedia:
    """What CLIP- and CLAP-style models share: facts, and texts embedded in batches into the
    shared space (``encode``, so the text pages and collections can use them)."""

    kind = "multimodal"
    modalities: tuple[str, ...] = ("text",)
    _text_batch_size: int | None = None  # None: the model's default_batch_size

    def __init__(
        self, encode_texts: Callable[[list[str]], Any], *, id: str, name: str, dim: int,
        batch_size: int,
    ) -> None:  # fmt: skip
        self._encode_texts = encode_texts
        self.id = id
        self.name = name
        self.dim = dim
        self.default_batch_size = batch_size

    def encode(
        self,
        texts: Sequence[str],
        *,
        batch_size: int | None = None,
        progress: Progress | None = None,
    ) -> NDArray[np.float32]:
        """Embed texts into the shared space: ``(n, dim)`` float32, unit length."""
        size = batch_size or self._text_batch_size or self.default_batch_size
        return _batched(
            _texts(texts), self._encode_texts, dim=self.dim, batch_size=size, progress=progress
        )


class ImageTextModel(_TextAndMedia):
    """Text and images in one space (CLIP).

    Args:
        encode_texts: list of texts → ``(n, d)``.
        encode_images: list of RGB Pillow images → ``(n, d)``.
        id, name, dim: facts about the model; ``id`` keys cached vectors.
        batch_size: items per call when none is given.
    """

    modalities: tuple[str, ...] = ("text", "image")

    def __init__(
        self,
        encode_texts: Callable[[list[str]], Any],
        encode_images: Callable[[list[Any]], Any],
        *,
        id: str,
        name: str,
        dim: int,
        batch_size: int = 32,
    ) -> None:
        super().__init__(encode_texts, id=id, name=name, dim=dim, batch_size=batch_size)
        self._encode_images = encode_images

    def __repr__(self) -> str:
        return f"ImageTextModel(id={self.id!r}, dim={self.dim})"

    def encode_images(
        self,
        images: Sequence[ImageLike],
        *,
        batch_size: int | None = None,
        progress: Progress | None = None,
    ) -> NDArray[np.float32]:
        """Embed images: Pillow images, image files' bytes or paths.

        Returns:
            ``(n, dim)`` float32, unit length.

        Raises:
            InputError: an item is not a readable image (see :func:`open_image`).
        """
        if isinstance(images, str | bytes | Path) or not isinstance(images, Sequence):
            images = [images]  # type: ignore[list-item]
        decoded = [open_image(image) for image in images]
        return _batched(
            decoded, self._encode_images, dim=self.dim,
            batch_size=batch_size or self.default_batch_size, progress=progress,
        )  # fmt: skip


class AudioTextModel(_TextAndMedia):
    """Text and sounds in one space (CLAP).

    Args:
        encode_texts: list of texts → ``(n, d)``.
        encode_clips: list of mono float32 arrays at ``sampling_rate`` → ``(n, d)``.
        id, name, dim: facts about the model; ``id`` keys cached vectors.
        sampling_rate: the rate the model hears, in Hz; clips are resampled to it.
        max_seconds: the model's window; longer clips are cut to their first seconds.
    """

    modalities: tuple[str, ...] = ("text", "audio")
    _text_batch_size = 32  # texts are cheap next to clips

    def __init__(
        self,
        encode_texts: Callable[[list[str]], Any],
        encode_clips: Callable[[list[NDArray[np.float32]]], Any],
        *,
        id: str,
        name: str,
        dim: int,
        sampling_rate: int,
        max_seconds: float,
        batch_size: int = 8,
    ) -> None:
        super().__init__(encode_texts, id=id, name=name, dim=dim, batch_size=batch_size)
        self._encode_clips = encode_clips
        self.sampling_rate = sampling_rate
        self.max_seconds = max_seconds

    def __repr__(self) -> str:
        return f"AudioTextModel(id={self.id!r}, dim={self.dim}, rate={self.sampling_rate})"

    def encode_audio(
        self,
        clips: Sequence[ClipLike],
        *,
        batch_size: int | None = None,
        progress: Progress | None = None,
    ) -> NDArray[np.float32]:
        """Embed sound clips: files' bytes, paths, or ``(samples, rate)`` pairs.

        Each clip is made mono, resampled to :attr:`sampling_rate` and cut to its first
        :attr:`max_seconds`.

        Returns:
            ``(n, dim)`` float32, unit length.

        Raises:
            InputError: an item is not a readable sound clip.
        """
        if isinstance(clips, str | bytes | Path | tuple):
            clips = [clips]  # type: ignore[list-item]
        decoded = [
            read_clip(c, sampling_rate=self.sampling_rate, max_seconds=self.max_seconds)[0]
            for c in clips
        ]
        return self.encode_samples(decoded, batch_size=batch_size, progress=progress)

    def encode_samples(
        self,
        clips: Sequence[NDArray[np.floating]],
        *,
        batch_size: int | None = None,
        progress: Progress | None = None,
    ) -> NDArray[np.float32]:
        """Embed clips already decoded at :attr:`sampling_rate` (mono float32 arrays)."""
        window = int(self.max_seconds * self.sampling_rate)
        cut = [np.asarray(c, dtype=np.float32)[:window] for c in clips]
        return _batched(
            cut, self._encode_clips, dim=self.dim,
            batch_size=batch_size or self.default_batch_size, progress=progress,
        )  # fmt: skip


# --------------------------------------------------------------------------- detection


def _json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {"modules": data}


def _folder_media(folder: Path) -> Media | None:
    modules = _json(folder / "modules.json").get("modules", [])
    if any("CLIPModel" in str(m.get("type", "")) for m in modules if isinstance(m, dict)):
        return "image"
    model_type = str(_json(folder / "config.json").get("model_type", "")).lower()
    if model_type == "clap":
        return "audio"
    if model_type == "clip":
        return "image"
    return None


def media_kind(model_id: str) -> Media | None:
    """``"image"`` for a CLIP model, ``"audio"`` for a CLAP model, None for anything else.

    Looks inside a local folder (``modules.json``, ``config.json``); for a Hub id it goes by
    the name (``clip`` / ``clap``). Never touches the network.
    """
    model_id = (model_id or "").strip()
    if not model_id:
        return None
    if SEPARATOR in model_id:
        return "image"
    path = Path(model_id).expanduser()
    if path.is_dir():
        try:
            policy.check_folder(path)
        except ModelLoadError:
            return None  # outside EMBEDLAB_MODEL_DIRS: not read; the loader says why
        return _folder_media(path)
    if os.sep in model_id.rstrip(os.sep) and model_id.startswith(("/", ".", "~")):
        return None  # a path that does not exist: not a Hub id either
    name = model_id.lower()
    if _CLAP_NAME.search(name):
        return "audio"
    if _CLIP_NAME.search(name):
        return "image"
    return None


# --------------------------------------------------------------------------- loading


def _offline() -> bool:
    value = os.environ.get("HF_HUB_OFFLINE", "") or os.environ.get("TRANSFORMERS_OFFLINE", "")
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _hub_id(model_id: str) -> str:
    return model_id if "/" in model_id else f"sentence-transformers/{model_id}"


def _from_source(model_id: str, load: Callable[[str, bool], Any], *, what: str) -> Any:
    """``load(source, local_only)`` from a folder, or from the Hub (the cache first)."""
    path = Path(model_id).expanduser()
    if path.is_dir():
        try:
            return load(str(path), True)
        except Exception as err:  # any library failure becomes a message
            raise ModelLoadError(f"Could not load the {what} folder '{path}': {err}") from err
    try:  # downloaded before: no network needed
        return load(model_id, True)
    except Exception:  # noqa: S110 - not in the cache: the Hub is tried below
        pass
    if _offline():
        raise ModelLoadError(
            f"'{model_id}' is not in the local Hugging Face cache and HF_HUB_OFFLINE is set, "
            "so it cannot be downloaded. Connect to the internet and unset HF_HUB_OFFLINE, or "
            "give the path of a local model folder."
        )
    from huggingface_hub import HfApi
    from huggingface_hub.errors import RepositoryNotFoundError

    try:
        HfApi().model_info(model_id, timeout=5)
    except RepositoryNotFoundError as err:
        raise ModelLoadError(
            f"There is no model '{model_id}' on the Hugging Face Hub (or it is private). "
            f"Check the spelling, as in '{EXAMPLES['image'][1] if what.startswith('CLIP') else EXAMPLES['audio'][0]}'."
        ) from err
    except Exception as err:
        raise ModelLoadError(
            f"Could not reach the Hugging Face Hub to download '{model_id}' "
            f"({type(err).__name__}). This needs internet; offline, give the path of a "
            "local model folder."
        ) from err
    try:
        return load(model_id, False)
    except Exception as err:
        raise ModelLoadError(f"'{model_id}' could not be loaded as a {what}: {err}") from err


def _sentence_transformer(source: str, local_only: bool) -> Any:
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(
        source, device="cpu", trust_remote_code=False, local_files_only=local_only
    )


def _modalities(model: Any) -> tuple[str, ...]:
    return tuple(getattr(model, "modalities", ("text", "image")))


def _st_dim(model: Any) -> int:
    get_dim = (
        getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
    )
    return int(get_dim() or len(model.encode(["x"])[0]))


def _st_encoder(model: Any) -> Callable[[list[Any]], Any]:
    def encode(items: list[Any]) -> Any:
        return model.encode(
            items, batch_size=len(items), convert_to_numpy=True, show_progress_bar=False
        )

    return encode


def _source(model_id: str) -> str:
    path = Path(model_id).expanduser()
    return str(policy.check_folder(path)) if path.is_dir() else _hub_id(model_id)


def load_clip(model_id: str, *, image_model: str | None = None) -> ImageTextModel:
    """A CLIP model through sentence-transformers (see the module docstring).

    Args:
        model_id: a local folder or Hub id of a CLIP model, or of a text-only model trained
            into a CLIP space (then give ``image_model`` too).
        image_model: the CLIP model that embeds the images, when ``model_id`` is text-only.

    Raises:
        ModelLoadError: not loadable, not a CLIP model, or text and image sizes differ.
    """
    if not _installed("sentence_transformers"):
        raise ModelLoadError(f"CLIP models need: {INSTALL['image']}")
    policy.check_custom(model_id)
    text_source = _source(model_id)
    image_source = _source(image_model) if image_model else None
    if image_source is None and text_source in PAIRS:
        image_source = PAIRS[text_source]
    text_model = _from_source(text_source, _sentence_transformer, what="CLIP model")
    if image_source is None:
        image_side = text_model
        if "image" not in _modalities(text_model):
            raise ModelLoadError(
                f"'{model_id}' embeds only text. If it was trained into a CLIP space, pair it "
                f"with its image model: '{model_id}{SEPARATOR}clip-ViT-B-32'."
            )
    else:
        image_side = _from_source(image_source, _sentence_transformer, what="CLIP model")
        if "image" not in _modalities(image_side):
            raise ModelLoadError(f"'{image_model or image_source}' is not an image model (CLIP).")
    dim = _st_dim(text_model)
    if image_side is not text_model and _st_dim(image_side) != dim:
        raise ModelLoadError(
            f"'{model_id}' makes {dim}-dimensional vectors but the image model "
            f"'{image_model or image_source}' makes {_st_dim(image_side)}: they are not one space."
        )
    model_key = text_source if image_source is None else f"{text_source}{SEPARATOR}{image_source}"
    name = (
        Path(text_source).name
        if image_source is None
        else (f"{Path(text_source).name}{SEPARATOR}{Path(image_source).name}")
    )
    return ImageTextModel(
        _st_encoder(text_model), _st_encoder(image_side), id=model_key, name=name, dim=dim
    )


def _clap(source: str, local_only: bool) -> tuple[Any, Any]:
    from transformers import ClapModel, ClapProcessor

    model = ClapModel.from_pretrained(source, local_files_only=local_only)
    processor = ClapProcessor.from_pretrained(source, local_files_only=local_only)
    return model.eval(), processor


def load_clap(model_id: str) -> AudioTextModel:
    """A CLAP model through transformers (``ClapModel`` + ``ClapProcessor``).

    Raises:
        ModelLoadError: not loadable or not a CLAP model.
    """
    if not (_installed("transformers") and _installed("torch")):
        raise ModelLoadError(f"CLAP models need: {INSTALL['audio']}")
    policy.check_custom(model_id)
    source = _source(model_id) if Path(model_id).expanduser().is_dir() else model_id
    model, processor = _from_source(source, _clap, what="CLAP model")
    import torch

    extractor = processor.feature_extractor
    rate = int(extractor.sampling_rate)
    window = float(getattr(extractor, "nb_max_samples", 10 * rate)) / rate

    def features(output: Any) -> Any:
        return getattr(output, "pooler_output", output)

    def encode_texts(texts: list[str]) -> Any:
        inputs = processor.tokenizer(texts, padding=True, truncation=True, return_tensors="pt")
        with torch.inference_mode():
            return features(model.get_text_features(**inputs)).numpy()

    def encode_clips(clips: list[NDArray[np.float32]]) -> Any:
        inputs = extractor(clips, sampling_rate=rate, return_tensors="pt")
        with torch.inference_mode():
            return features(model.get_audio_features(**inputs)).numpy()

    dim = int(model.config.projection_dim)
    name = Path(source).name if Path(source).is_dir() else source
    return AudioTextModel(
        encode_texts, encode_clips, id=source, name=name, dim=dim,
        sampling_rate=rate, max_seconds=window,
    )  # fmt: skip


def _installed(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def load_media_model(model_id: str) -> ImageTextModel | AudioTextModel:
    """Load a CLIP (images) or CLAP (sounds) model by folder or Hub id.

    Args:
        model_id: a local folder, a Hub id, or ``"TEXT_MODEL + IMAGE_MODEL"``.

    Returns:
        :class:`ImageTextModel` or :class:`AudioTextModel`.

    Raises:
        ModelLoadError: neither a CLIP nor a CLAP model, it cannot be loaded, or the
            deployment forbids it (``EMBEDLAB_ALLOW_CUSTOM_MODELS``, ``EMBEDLAB_MODEL_DIRS``).
    """
    model_id = (model_id or "").strip()
    policy.check_custom(model_id)  # before the disk or the network is touched
    for part in model_id.split(SEPARATOR):
        if Path(part.strip()).expanduser().is_dir():
            policy.check_folder(Path(part.strip()))
    kind = media_kind(model_id)
    if (
        kind is None
        and model_id.startswith(("/", ".", "~"))
        and not Path(model_id).expanduser().exists()
    ):
        raise ModelLoadError(
            f"There is no model folder '{model_id}'. Check the path (it is read on the "
            "computer running embedlab)."
        )
    if kind == "audio":
        return load_clap(model_id)
    if kind == "image":
        text, _, image = model_id.partition(SEPARATOR)
        return load_clip(text.strip(), image_model=image.strip() or None)
    raise ModelLoadError(
        f"'{model_id}' is not an image or sound model. Give a CLIP model (such as "
        f"'{EXAMPLES['image'][1]}' or a folder with a sentence-transformers CLIPModel) or a CLAP "
        f"model (such as '{EXAMPLES['audio'][0]}' or a folder with a ClapModel)."
    )


def find_media_models(kind: Media | None = None) -> list[str]:
    """Hub ids of CLIP / CLAP models already in the local Hugging Face cache (offline).

    Args:
        kind: ``"image"`` or ``"audio"`` to keep only one kind.
    """
    try:
        from huggingface_hub import scan_cache_dir

        repos = scan_cache_dir().repos
    except Exception:  # no cache folder yet, or an unreadable one
        return []
    found = []
    for repo in sorted(repos, key=lambda r: r.repo_id):
        if repo.repo_type != "model":
            continue
        media = media_kind(repo.repo_id)
        if media is not None and kind in (None, media):
            found.append(repo.repo_id)
    return found
