"""The ``table:key`` citation format, parsed in one place.

A claim cites a data row as ``table:key``, the key being the row's primary-key values joined by
``/`` (for example ``milex_sipri:JPN/share_of_gdp/2024``); several citations are joined by ``;``.
The loader checks that every cited row exists; :mod:`alliance.claims` resolves them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple

__all__ = ["KEY_SEPARATOR", "LIST_SEPARATOR", "Citation", "parse_citations", "row_key"]

#: Joins a row's primary-key values into one key.
KEY_SEPARATOR = "/"
#: Joins several citations in one cell.
LIST_SEPARATOR = ";"


class Citation(NamedTuple):
    """One citation: the cited table's name and the row's key."""

    table: str
    key: str

    def __str__(self) -> str:
        return f"{self.table}:{self.key}"


def parse_citations(text: str, separator: str = LIST_SEPARATOR) -> list[Citation]:
    """The citations of one cell, in order: ``"events:a;us_troops:JPN/2020"`` → two citations.
    An item without ``:`` gives an empty table name (the loader reports it)."""
    citations = []
    for item in text.split(separator):
        table, _, key = item.partition(":")
        citations.append(Citation(table, key))
    return citations


def row_key(row: Mapping[str, object], fields: Iterable[str]) -> str:
    """The key a citation uses for a row: its primary-key values as text, joined by ``/``."""
    return KEY_SEPARATOR.join(str(row[field]) for field in fields)
