"""Helpers for the U.S.-Japan alliance book: load validated data, analyse it, draw house-style figures.

The package is layered: :mod:`alliance.data` loads and validates ``data/`` against its schema;
analysis modules hold pure functions; :mod:`alliance.figures` draws in the house style (one
module per chapter). The book's tooling (notebook execution, editions, the site) is the separate
package :mod:`bookkit`. Import the submodules you need; this top level stays light so that
command-line checks start fast.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    #: The book's version, set in one place: ``pyproject.toml`` (``make release`` writes it).
    __version__ = version("alliance")
except PackageNotFoundError:  # a bare checkout on the path, e.g. a notebook opened on Colab
    __version__ = "unknown"
