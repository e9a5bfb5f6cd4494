"""The old name of :mod:`embedlab.tables` (it shadowed the standard library's ``io``).

``from embedlab import io`` and ``import embedlab.io`` keep working: this module *is*
:mod:`embedlab.tables` (same object), so reading or setting ``embedlab.io.MAX_ROWS``
reads or sets ``embedlab.tables.MAX_ROWS``. New code imports :mod:`embedlab.tables`.
"""

from __future__ import annotations

import sys

from embedlab import tables
from embedlab.tables import *  # noqa: F403  (for readers and linters; the alias below wins)

sys.modules[__name__] = tables
