"""Malformed files are rejected with a message naming file, line, column, value and rule.

Each fixture under ``tests/fixtures/bad/`` replaces one table in a copy of the real data
package. The expected line, column and rule were read off the fixture files by hand.
"""

from __future__ import annotations

import shutil

import pytest

from alliance.data import DataError, load
from conftest import FIXTURES

BAD = FIXTURES / "bad"

# fixture file, table it replaces, expected line, column (None: the whole row/file), rule
CASES = [
    ("missing_column.csv", "events", 1, "place", "missing-column"),
    ("unknown_column.csv", "events", 1, "notes", "unknown-column"),
    ("duplicate_column.csv", "events", 1, "summary", "duplicate-column"),
    ("column_order.csv", "events", 1, None, "column-order"),
    ("empty_file.csv", "events", 1, None, "empty-file"),
    ("header_only.csv", "events", 1, None, "no-rows"),
    ("impossible_date.csv", "events", 3, "date", "date"),
    ("date_finer_than_precision.csv", "events", 2, "date", "date-precision"),
    ("unknown_country.csv", "events", 4, "actors", "foreign-key"),
    ("list_duplicate.csv", "events", 2, "actors", "list-duplicate"),
    ("duplicate_id.csv", "events", 3, "id", "unique"),
    ("missing_source.csv", "events", 2, "source_url", "required"),
    ("source_not_http.csv", "events", 3, "source_url", "pattern"),
    ("unknown_publisher.csv", "events", 2, "source_url", "publisher"),
    ("value_outside_enum.csv", "events", 2, "category", "enum"),
    ("title_too_long.csv", "events", 2, "title", "maxLength"),
    ("invalid_utf8.csv", "events", 3, "summary", "encoding"),
    ("blank_line.csv", "events", 3, None, "blank-row"),
    ("whitespace.csv", "events", 2, "actors", "whitespace"),
    ("extra_cell.csv", "events", 3, None, "extra-cell"),
    ("missing_cell.csv", "events", 3, "summary", "missing-cell"),
    ("unclosed_quote.csv", "events", 3, None, "csv-syntax"),
    ("countries_text_in_number.csv", "countries", 3, "cow_ccode", "type"),
    ("countries_negative_number.csv", "countries", 4, "cow_ccode", "minimum"),
    ("countries_decimal_in_integer.csv", "countries", 2, "cow_ccode", "type"),
    ("milex_gap_unmarked.csv", "milex_sipri", 3, "value", "gap-marked"),
    ("milex_value_and_marker.csv", "milex_sipri", 5, "sipri_marker", "gap-marked"),
    ("plans_value_without_measure.csv", "spending_plans", 3, "value", "present-unless"),
    ("instruments_in_force_before_signing.csv", "instruments", 3, "in_force", "date-order"),
    ("instruments_date_without_precision.csv", "instruments", 4, "in_force_precision", "present-unless"),
    ("claims_unknown_row.csv", "claims", 3, "evidence", "row-reference"),
]


def _install(data_copy, fixture: str, table: str) -> None:
    shutil.copyfile(BAD / "good_events.csv", data_copy / "events.csv")
    shutil.copyfile(BAD / fixture, data_copy / f"{table}.csv")


def test_the_good_fixture_loads(data_copy):
    shutil.copyfile(BAD / "good_events.csv", data_copy / "events.csv")
    assert len(load("events", data_copy)) == 3


def test_there_are_at_least_fifteen_kinds_of_bad_input():
    assert len({rule for *_, rule in CASES}) >= 15
    assert {f.name for f in BAD.glob("*.csv")} - {"good_events.csv"} == {c[0] for c in CASES}


@pytest.mark.parametrize(("fixture", "table", "line", "column", "rule"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_reported_at_its_place(data_copy, fixture, table, line, column, rule):
    _install(data_copy, fixture, table)
    with pytest.raises(DataError) as caught:
        load(table, data_copy)
    problems = [p for p in caught.value.problems if p.rule == rule]
    assert problems, f"expected a {rule!r} problem, got: {caught.value}"
    problem = problems[0]
    assert problem.path == f"data/{table}.csv"
    assert problem.line == line
    assert problem.column == column
    message = str(caught.value)
    where = f"data/{table}.csv, line {line}" + (f", column '{column}'" if column else "")
    assert where in message
    assert f"[rule: {rule}]" in message


def test_a_bad_row_does_not_hide_the_others(data_copy):
    """Two bad rows: both are reported, and nothing is dropped silently."""
    rows = (BAD / "good_events.csv").read_text(encoding="utf-8").splitlines()
    rows[2] = rows[2].replace("two_plus_two", "summit")
    rows[3] = rows[3].replace("2024-07-28,day", "2024-07-28,year")
    (data_copy / "events.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load("events", data_copy)
    assert [(p.line, p.rule) for p in caught.value.problems] == [(3, "enum"), (4, "date-precision")]


def _instrument_row(signed: str, signed_precision: str, in_force: str, in_force_precision: str) -> str:
    return (f"x-1,JPN;DEU,information_security_agreement,A test agreement,{signed},{signed_precision},"
            f"{in_force},{in_force_precision},,,MOFA test,https://www.mofa.go.jp/")


@pytest.mark.parametrize(("in_force", "precision", "bad"), [
    ("2021-03", "month", False),  # the month holds days after the signing: allowed
    ("2021", "year", False),
    ("2021-03-21", "day", True),  # the day before the signing
    ("2021-02", "month", True),  # a whole month before it
])
def test_a_partial_date_is_before_another_only_if_its_whole_period_is(data_copy, in_force, precision, bad):
    header = (BAD / "instruments_in_force_before_signing.csv").read_text(encoding="utf-8").splitlines()[0]
    row = _instrument_row("2021-03-22", "day", in_force, precision)
    (data_copy / "instruments.csv").write_text(f"{header}\n{row}\n", encoding="utf-8")
    shutil.copyfile(BAD / "good_events.csv", data_copy / "events.csv")
    if bad:
        with pytest.raises(DataError) as caught:
            load("instruments", data_copy)
        assert [(p.line, p.column, p.rule) for p in caught.value.problems] == [(2, "in_force", "date-order")]
    else:
        assert list(load("instruments", data_copy)["id"]) == ["x-1"]
