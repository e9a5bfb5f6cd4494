"""The old name of :mod:`embedlab.tables` (it shadowed the standard library's ``io``).

``from embedlab import io`` and ``from embedlab.io import read_upload`` keep working:
every name is looked up in :mod:`embedlab.tables`, and setting one here (say
``embedlab.io.MAX_ROWS = 1000``) sets it there, so both names always agree. New code
imports :mod:`embedlab.tables`.
"""

from __future__ import annotations

import sys
import types

from embedlab import tables

__all__ = list(tables.__all__)


class _SameAsTables(types.ModuleType):
    """A module whose public names are :mod:`embedlab.tables`'s, for reading and writing."""

    def __getattr__(self, name: str) -> object:
        return getattr(tables, name)

    def __setattr__(self, name: str, value: object) -> None:
        if name.startswith("__"):
            super().__setattr__(name, value)
        else:
            setattr(tables, name, value)

    def __delattr__(self, name: str) -> None:
        if name.startswith("__"):
            super().__delattr__(name)
        else:
            delattr(tables, name)

    def __dir__(self) -> list[str]:
        return sorted(set(dir(tables)) | set(vars(self)))


sys.modules[__name__].__class__ = _SameAsTables
