"""alliance.dates: partial dates, with first and last days worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from alliance import dates


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [("1995-11", "1995-11-01", "1995-11-30"), ("2024-02", "2024-02-01", "2024-02-29"),
     ("2023-02", "2023-02-01", "2023-02-28"), ("2001", "2001-01-01", "2001-12-31"),
     ("1960-06-23", "1960-06-23", "1960-06-23")],
)
def test_period_bounds(text, first, last):
    assert dates.period_bounds(text) == (dt.date.fromisoformat(first), dt.date.fromisoformat(last))
    assert dates.first_day(text) == dt.date.fromisoformat(first)
    assert dates.last_day(text) == dt.date.fromisoformat(last)


@pytest.mark.parametrize("text", ["2023-02-30", "2023-13", "19/12/2022", "1960-6", "60", "2023-00", ""])
def test_impossible_or_misshapen_dates_are_refused(text):
    assert dates.parse(text) is None
    with pytest.raises(ValueError, match="YYYY-MM-DD, YYYY-MM or YYYY"):
        dates.period_bounds(text)


@pytest.mark.parametrize(("text", "precision"), [("1951", "year"), ("1951-09", "month"), ("1951-09-08", "day"),
                                                 ("1951-9", None), ("1951/09", None)])
def test_precision_of(text, precision):
    assert dates.precision_of(text) == precision
