"""``python -m bookkit``: see :mod:`bookkit.cli`."""

from bookkit.cli import main

raise SystemExit(main())
