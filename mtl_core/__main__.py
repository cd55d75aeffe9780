"""``python -m mtl_core``: see :mod:`mtl_core.cli`."""

import sys

from .cli import main

sys.exit(main())
