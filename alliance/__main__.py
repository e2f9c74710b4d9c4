"""``python -m alliance``: see :mod:`alliance.cli`."""

from alliance.cli import main

raise SystemExit(main())
