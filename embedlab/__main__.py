"""``python -m embedlab``: the same command line as the ``embedlab`` script."""

from __future__ import annotations

import sys

from embedlab.collections.cli import main

if __name__ == "__main__":
    sys.exit(main())
