"""What a deployment lets people load beyond the catalogue (for shared servers).

- ``EMBEDLAB_ALLOW_CUSTOM_MODELS=0``: only catalogue models; a Hugging Face id or a folder is
  refused before anything touches the network or the disk.
- ``EMBEDLAB_MODEL_DIRS=/models:/srv/more`` (``os.pathsep``-separated): local model folders
  must lie inside one of these roots (after resolving ``..`` and symbolic links).
"""

from __future__ import annotations

import os
from pathlib import Path

from embedlab.errors import ModelLoadError

_FALSE = {"0", "false", "no", "off"}


def custom_models_allowed() -> bool:
    """Whether Hugging Face ids and local folders may be loaded (default: yes)."""
    return os.environ.get("EMBEDLAB_ALLOW_CUSTOM_MODELS", "1").strip().lower() not in _FALSE


def model_roots() -> list[Path] | None:
    """The folders local models must lie in, or None when any folder is allowed."""
    value = os.environ.get("EMBEDLAB_MODEL_DIRS", "").strip()
    if not value:
        return None
    return [Path(p).expanduser().resolve() for p in value.split(os.pathsep) if p.strip()]


def check_custom(model_id: str) -> None:
    """Refuse a non-catalogue model when the deployment does not allow it.

    Raises:
        ModelLoadError: custom models are switched off.
    """
    if not custom_models_allowed():
        raise ModelLoadError(
            f"'{model_id}' is not in the catalogue, and this server only offers catalogue "
            "models (EMBEDLAB_ALLOW_CUSTOM_MODELS=0). Pick a model from the list."
        )


def check_folder(folder: Path) -> Path:
    """``folder`` resolved, if it lies inside an allowed root.

    Raises:
        ModelLoadError: it lies outside every root of ``EMBEDLAB_MODEL_DIRS``.
    """
    resolved = folder.expanduser().resolve()
    roots = model_roots()
    if roots is not None and not any(resolved.is_relative_to(root) for root in roots):
        listed = ", ".join(str(r) for r in roots)
        raise ModelLoadError(
            f"The folder '{folder}' is outside the model folders this server allows "
            f"({listed}; EMBEDLAB_MODEL_DIRS). Put the model in one of them."
        )
    return resolved
