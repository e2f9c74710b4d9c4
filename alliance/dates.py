"""Partial dates, read one way everywhere: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

The book's tables give each date only as finely as its sources do, with a precision column
(``year``, ``month``, ``day``). A partial date stands for a period: ``1995-11`` is every day of
November 1995. The loader checks the dates with :func:`parse`; the timeline, the network and the
instrument statuses read them with :func:`period_bounds`, :func:`first_day` and :func:`last_day`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

__all__ = ["PRECISION_FORMAT", "PRECISION_LENGTH", "first_day", "last_day", "parse", "period_bounds", "precision_of"]

#: Length of a partial date at each precision.
PRECISION_LENGTH: dict[str, int] = {"year": 4, "month": 7, "day": 10}
#: How a partial date is written at each precision.
PRECISION_FORMAT: dict[str, str] = {"year": "YYYY", "month": "YYYY-MM", "day": "YYYY-MM-DD"}

_SHAPE = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")


def precision_of(text: str) -> str | None:
    """``"year"``, ``"month"`` or ``"day"`` for a well-formed partial date, else None (no calendar check)."""
    if not _SHAPE.fullmatch(text):
        return None
    return {4: "year", 7: "month", 10: "day"}[len(text)]


def parse(text: str) -> tuple[dt.date, dt.date] | None:
    """First and last day of a partial date, or None if it is not well formed or not a real date
    (``2023-02-30``, ``2023-13``, ``19/12/2022``)."""
    precision = precision_of(text)
    if precision is None:
        return None
    numbers = [int(part) for part in text.split("-")]
    try:
        if precision == "day":
            day = dt.date(*numbers)
            return day, day
        if precision == "month":
            year, month = numbers
            return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
        return dt.date(numbers[0], 1, 1), dt.date(numbers[0], 12, 31)
    except ValueError:
        return None


def period_bounds(text: str) -> tuple[dt.date, dt.date]:
    """First and last day of a partial date: ``"1995-11"`` → 1 and 30 November 1995.

    Raises ValueError for text that is not a real partial date (the loader refuses such data)."""
    bounds = parse(text)
    if bounds is None:
        raise ValueError(f"{text!r} is not a date written YYYY-MM-DD, YYYY-MM or YYYY")
    return bounds


def first_day(text: str) -> dt.date:
    """First day of a partial date's period."""
    return period_bounds(text)[0]


def last_day(text: str) -> dt.date:
    """Last day of a partial date's period."""
    return period_bounds(text)[1]
