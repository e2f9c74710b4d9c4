"""Helpers for the U.S.-Japan alliance book: load validated data, analyse it, draw house-style figures.

The package is layered: :mod:`alliance.data` loads and validates ``data/`` against its schema;
analysis modules hold pure functions; :mod:`alliance.figures` draws in the house style (one module per chapter);
:mod:`alliance.notebooks` keeps the committed notebooks fresh. Import the submodules you need;
this top level stays light so that command-line checks start fast.
"""

__version__ = "0.1.0"
