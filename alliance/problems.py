"""What the validator reports: one :class:`Problem` per thing wrong, gathered in a :class:`DataError`.

Every message names the place (file, line, column, or a key of ``datapackage.json``), the value
(cut to :data:`ECHO_LIMIT` characters, so a 100 KB line cannot flood the screen), what is wrong,
what to write instead, and the rule that caught it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ECHO_LIMIT", "DataError", "Problem", "display_path", "printable", "shorten"]

#: How many characters of a value a message echoes at most.
ECHO_LIMIT = 80


def shorten(text: str, limit: int = ECHO_LIMIT) -> str:
    """``text`` cut to ``limit`` characters, saying how long it was when cut."""
    if len(text) <= limit:
        return text
    return f"{text[: limit - 1]}… ({len(text):,} characters)"


def printable(text: str, limit: int = ECHO_LIMIT) -> str:
    """``text`` cut to ``limit`` characters, with control and other unprintable characters escaped
    (so that a hostile header cannot send escape sequences to the terminal)."""
    return shorten(text if text.isprintable() else repr(text)[1:-1], limit)


def display_path(path: Path) -> str:
    """A short, stable name for messages: ``data/events.csv`` style (folder + file)."""
    return f"{path.parent.name}/{path.name}" if path.parent.name else path.name


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one place in a data file (or one key of the descriptor)."""

    path: str
    line: int | None
    column: str | None
    column_number: int | None
    value: str | None
    rule: str
    message: str
    key: str | None = None

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}, line {self.line}"
        if self.key is not None:
            where += f", key {self.key}"
        if self.column is not None:
            where += f", column '{printable(self.column, 40)}'"
            if self.column_number is not None:
                where += f" ({self.column_number})"
        value = "" if self.value is None else f": value {shorten(self.value)!r}"
        return f"{where}{value}: {self.message} [rule: {self.rule}]"


class DataError(ValueError):
    """Raised when a data file breaks its schema; carries every problem found."""

    def __init__(self, problems: Sequence[Problem]):
        if not problems:
            raise ValueError("DataError needs at least one problem")
        self.problems = list(problems)
        first = self.problems[0]
        self.path, self.line, self.column, self.rule = first.path, first.line, first.column, first.rule
        count = len(self.problems)
        header = f"{count} problem{'s' if count != 1 else ''} in the data:"
        super().__init__("\n".join([header, *(f"  {p}" for p in self.problems)]))
