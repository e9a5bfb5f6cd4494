"""Where collections live and what they may be called.

A collection is one LanceDB table inside a database folder (the *uri*): by default
``EMBEDLAB_DATA_DIR``, else ``~/.local/share/embedlab/collections``. A uri can also be
an object-store location (``s3://``, ``gs://``, ``az://``) that LanceDB reads as it is.
"""

from __future__ import annotations

import errno
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from embedlab.errors import CollectionError, InputError, StorageError

if TYPE_CHECKING:
    from lancedb.db import DBConnection

DATA_DIR_ENV = "EMBEDLAB_DATA_DIR"
MAX_NAME_CHARS = 100
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
_REMOTE = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


def data_dir() -> str:
    """The default database folder: ``EMBEDLAB_DATA_DIR``, else ``~/.local/share/embedlab/collections``."""
    env = os.environ.get(DATA_DIR_ENV, "").strip()
    if env:
        return env
    return str(Path.home() / ".local" / "share" / "embedlab" / "collections")


def resolve_uri(uri: str | os.PathLike[str] | None) -> str:
    """The database location to use: ``uri`` as given (``~`` expanded), else :func:`data_dir`."""
    if uri is None or str(uri).strip() == "":
        return data_dir()
    text = str(uri).strip()
    if is_remote(text):
        return text
    return str(Path(text).expanduser())


def is_remote(uri: str) -> bool:
    """True for object-store and other ``scheme://`` locations (not a local folder)."""
    return bool(_REMOTE.match(uri)) and not uri.lower().startswith("file://")


def check_name(name: object) -> str:
    """Return ``name`` when it is a usable collection name.

    Letters, digits, ``-`` and ``_``, starting with a letter or digit, at most 100
    characters: no spaces, dots, slashes or other path tricks.

    Raises:
        InputError: naming the bad characters and the fix.
    """
    if not isinstance(name, str) or not name.strip():
        raise InputError(
            f"A collection name must be a non-empty text; got {name!r}. "
            "Use letters, digits, '-' and '_', e.g. 'reviews-2024'."
        )
    if len(name) > MAX_NAME_CHARS:
        raise InputError(
            f"The collection name '{name[:40]}…' has {len(name)} characters; "
            f"the limit is {MAX_NAME_CHARS}. Choose a shorter name."
        )
    if not _NAME.match(name):
        bad = sorted({c for c in name if not (c.isascii() and (c.isalnum() or c in "-_"))})
        shown = ", ".join(repr(c) for c in bad) if bad else f"'{name[0]}' at the start"
        raise InputError(
            f"'{name}' is not a valid collection name ({shown} not allowed). Use letters, "
            "digits, '-' and '_' only, starting with a letter or digit, e.g. 'reviews-2024'."
        )
    return name


@contextmanager
def storage_errors(uri: str, action: str) -> Iterator[None]:
    """Turn the operating system's refusals (no space, no permission) into :class:`StorageError`."""
    try:
        yield
    except StorageError:
        raise
    except PermissionError as err:
        raise StorageError(
            f"Permission denied while {action} in {uri}. Choose a folder you can write to "
            f"(--uri or {DATA_DIR_ENV}) or fix the folder's permissions."
        ) from err
    except OSError as err:
        if err.errno == errno.ENOSPC:
            raise StorageError(
                f"The disk is full while {action} in {uri}. Free some space or choose "
                f"another folder (--uri or {DATA_DIR_ENV}); what was stored so far stays readable."
            ) from err
        if err.errno in (errno.EROFS, errno.EACCES):
            raise StorageError(
                f"{uri} is read-only ({err.strerror}) while {action}. Choose a folder you can "
                f"write to (--uri or {DATA_DIR_ENV})."
            ) from err
        raise


def _storage_message(err: Exception) -> str | None:
    """Lance reports OS errors inside its own messages; recognise the common ones."""
    text = str(err).lower()
    if "no space left" in text or "disk full" in text or "enospc" in text:
        return "The disk is full"
    if "permission denied" in text or "read-only file system" in text:
        return "Permission denied"
    return None


def raise_storage(err: Exception, uri: str, action: str) -> None:
    """Raise :class:`StorageError` if ``err`` (any library error) is a disk refusal."""
    what = _storage_message(err)
    if what is not None:
        raise StorageError(
            f"{what} while {action} in {uri}. Free some space, fix the permissions or choose "
            f"another folder (--uri or {DATA_DIR_ENV}); what was stored so far stays readable."
        ) from err


def connect(uri: str | os.PathLike[str] | None, *, create: bool = False) -> DBConnection:
    """Open the database at ``uri`` (see :func:`resolve_uri`).

    Args:
        create: make the local folder if it does not exist (needed only for writing).

    Raises:
        StorageError: the folder cannot be created or is not a folder.
    """
    import lancedb

    where = resolve_uri(uri)
    if not is_remote(where):
        folder = Path(where)
        if folder.exists() and not folder.is_dir():
            raise StorageError(
                f"{where} is a file, not a folder. Point --uri or {DATA_DIR_ENV} at a folder."
            )
        if create:
            with storage_errors(where, "creating the collections folder"):
                folder.mkdir(parents=True, exist_ok=True)
    try:
        return lancedb.connect(where)
    except Exception as err:  # lancedb raises plain ValueError/OSError for a bad location
        raise_storage(err, where, "opening the collections folder")
        raise CollectionError(f"Cannot open the collections at {where}: {err}") from err


def start_warm_up() -> threading.Thread:
    """Import LanceDB in a background thread and return the thread.

    ``import lancedb`` costs 1.5-6 s on 2 busy cores (most of it its generated REST
    client); an app calls this at start-up so the first ``open_collection`` is quick.
    """

    def work() -> None:
        import lancedb  # noqa: F401

    thread = threading.Thread(target=work, name="embedlab-lancedb-warm-up", daemon=True)
    thread.start()
    return thread


__all__ = [
    "DATA_DIR_ENV",
    "check_name",
    "connect",
    "data_dir",
    "is_remote",
    "resolve_uri",
    "start_warm_up",
]
