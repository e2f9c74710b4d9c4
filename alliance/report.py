"""What a chapter shows besides its figures: glued numbers and tables written for readers.

* :func:`glue_all` glues a section's numbers, returned as one mapping by one analysis function,
  in one call (plain Python values, so that the page never shows a numpy repr);
* :func:`table` shows a data frame as a reader's table: no bare row index, headers in words with
  units, numbers right-aligned with thousands separators and fixed decimals, a caption that says
  what the table shows, and a box that scrolls sideways on a narrow screen instead of the page.
  Its HTML is written here (escaped, no random ids), so that it is identical run after run;
* :func:`date_label` writes a partial date at its precision (``2007-05`` → ``May 2007``).
"""

from __future__ import annotations

import calendar
import html
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

__all__ = ["Table", "date_label", "glue_all", "plain", "table"]


def plain(value: object) -> object:
    """A numpy or pandas scalar as the plain Python value it holds (``numpy.float64(1.5)`` → ``1.5``)."""
    item = getattr(value, "item", None)
    return item() if callable(item) and not isinstance(value, str | bytes) else value


def glue_all(values: Mapping[str, object]) -> None:
    """Glue every value of a mapping under its key (sorted, not displayed), as plain Python values."""
    from myst_nb import glue

    for name in sorted(values):
        glue(name, plain(values[name]), display=False)


def date_label(date: str) -> str:
    """A partial ISO date as a reader writes it: ``2007`` → ``2007``, ``2007-05`` → ``May 2007``,
    ``2007-05-04`` → ``4 May 2007``."""
    parts = [int(p) for p in date.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    month = calendar.month_name[parts[1]]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{parts[2]} {month} {parts[0]}"


def _cell(value: object, decimals: int | None, year: bool = False) -> tuple[str, bool]:
    """The text of one cell and whether it is a number (numbers are right-aligned); a year is
    written without a thousands separator."""
    value = plain(value)
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return "–", False
    if isinstance(value, bool) or not isinstance(value, numbers.Number):
        return str(value), False
    if year:
        return str(int(value)), True
    if decimals is None:
        decimals = 0 if isinstance(value, numbers.Integral) else 1
    text = f"{value:,.{decimals}f}"
    return text.replace("-", "−", 1) if text.startswith("-") else text, True


@dataclass(frozen=True)
class Table:
    """A table ready to show: a caption, headers in words, and rows of (text, is_number) cells."""

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[tuple[str, bool], ...], ...]

    def _repr_html_(self) -> str:
        esc = html.escape
        numeric = [any(row[i][1] for row in self.rows) for i in range(len(self.headers))]
        num = ' class="num"'
        head = "".join(f'<th scope="col"{num if numeric[i] else ""}>{esc(h)}</th>' for i, h in enumerate(self.headers))
        body = "".join("<tr>" + "".join(f"<td{num if number else ''}>{esc(text)}</td>" for text, number in row)
                       + "</tr>" for row in self.rows)
        return (f'<div class="alliance-table" role="region" tabindex="0" aria-label="{esc(self.caption)}">'
                f'<table><caption>{esc(self.caption)}</caption><thead><tr>{head}</tr></thead>'
                f"<tbody>{body}</tbody></table></div>")

    def __repr__(self) -> str:
        lines = [self.caption, " | ".join(self.headers)]
        lines += [" | ".join(text for text, _ in row) for row in self.rows]
        return "\n".join(lines)


def table(frame: pd.DataFrame, *, caption: str, headers: Mapping[str, str],
          decimals: Mapping[str, int] | None = None, years: Sequence[str] = ()) -> Table:
    """A reader's table of the columns named in ``headers`` (in that order), each shown under its
    header in words (``{"share_of_gdp_pct": "Share of GDP (%)"}``). ``decimals`` fixes the
    decimals of a numeric column (default: 0 for integers, 1 for other numbers); the columns in
    ``years`` hold years (no thousands separator). The frame's index is never shown: put what
    identifies a row in a column."""
    missing = [c for c in headers if c not in frame.columns]
    if missing:
        raise KeyError(f"table {caption!r}: no column {', '.join(map(repr, missing))} in the data "
                       f"(columns: {', '.join(map(str, frame.columns))})")
    decimals = decimals or {}
    rows = tuple(tuple(_cell(value, decimals.get(column), column in years)
                       for column, value in zip(headers, row, strict=True))
                 for row in frame[list(headers)].itertuples(index=False, name=None))
    return Table(caption=caption, headers=tuple(headers.values()), rows=rows)
