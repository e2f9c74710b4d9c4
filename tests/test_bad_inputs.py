"""Malformed files are rejected with a message naming file, line, column, value and rule.

Each fixture under ``tests/fixtures/bad/`` replaces one table in a copy of the real data
package. The expected line, column and rule were read off the fixture files by hand.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time

import pytest

from alliance.cli import main
from alliance.data import DataError, load, validate
from conftest import FIXTURES

BAD = FIXTURES / "bad"

# fixture file, table it replaces, expected line, column (None: the whole row/file), rule, and what
# the message must teach (what to write instead)
CASES = [
    ("missing_column.csv", "events", 1, "place", "missing-column", "header, which must be: id,date,"),
    ("unknown_column.csv", "events", 1, "notes", "unknown-column", "the schema's columns are: id, date"),
    ("duplicate_column.csv", "events", 1, "summary", "duplicate-column", "delete one of them"),
    ("column_order.csv", "events", 1, None, "column-order", "columns must be in the schema's order: id,date,"),
    ("empty_file.csv", "events", 1, None, "empty-file", "it needs a header row"),
    ("header_only.csv", "events", 1, None, "no-rows", "add at least one row"),
    ("impossible_date.csv", "events", 3, "date", "date", "not a real calendar date: check the day and the month"),
    ("date_finer_than_precision.csv", "events", 2, "date", "date-precision", "write YYYY-MM (e.g. 2022-12)"),
    ("unknown_country.csv", "events", 4, "actors", "foreign-key",
     "unknown country 'XXX': use its ISO3 code (e.g. AUS for Australia) and add it to countries.csv"),
    ("list_duplicate.csv", "events", 2, "actors", "list-duplicate", "names USA more than once"),
    ("duplicate_id.csv", "events", 3, "id", "unique", "duplicates the value on line 2"),
    ("missing_source.csv", "events", 2, "source_url", "required", "fill it in (e.g. https://"),
    ("source_not_http.csv", "events", 3, "source_url", "url", "must start with http:// or https://"),
    ("unknown_publisher.csv", "events", 2, "source_url", "publisher",
     "its host blog.nikkei-opinion.net is not on a domain listed in publishers.csv: add the publisher"),
    ("value_outside_enum.csv", "events", 2, "category", "enum", "did you mean 'leaders_summit'? write one of treaty,"),
    ("title_too_long.csv", "events", 2, "title", "maxLength", "is 121 characters long, the limit is 120"),
    ("invalid_utf8.csv", "events", 3, "summary", "encoding", "bytes e9 are not valid UTF-8: save the file as UTF-8"),
    ("blank_line.csv", "events", 3, None, "blank-row", "blank line: delete it"),
    ("whitespace.csv", "events", 2, "actors", "whitespace", "leading or trailing spaces: delete them"),
    ("extra_cell.csv", "events", 3, None, "extra-cell",
     "this line has 12 cells, the header 11: a comma inside a value must be quoted"),
    ("missing_cell.csv", "events", 3, "summary", "missing-cell", "this line has 8 cells, the header 11"),
    ("unclosed_quote.csv", "events", 3, None, "csv-syntax", "a quote opened in this row is never closed"),
    ("countries_text_in_number.csv", "countries", 3, "cow_ccode", "type",
     "is not a whole number: write digits only, without separators, decimals or units (e.g. 740)"),
    ("countries_negative_number.csv", "countries", 4, "cow_ccode", "minimum",
     "is below the minimum 1 (plausible values run from 1 to 999"),
    ("countries_decimal_in_integer.csv", "countries", 2, "cow_ccode", "type", "is not a whole number"),
    ("milex_gap_unmarked.csv", "milex_sipri", 3, "value", "gap-marked",
     "write the value, or the publisher's marker for a gap (e.g. '... (data unavailable)')"),
    ("milex_value_and_marker.csv", "milex_sipri", 5, "sipri_marker", "gap-marked", "empty one of the two"),
    ("plans_value_without_measure.csv", "spending_plans", 3, "value", "present-unless",
     "must be empty when measure is 'none'"),
    ("instruments_in_force_before_signing.csv", "instruments", 3, "in_force", "date-order",
     "comes before signed (2023-01-11): in_force must be on or after it"),
    ("instruments_date_without_precision.csv", "instruments", 4, "in_force_precision", "present-unless",
     "is required when in_force is '2025-09-11': fill it in"),
    ("claims_unknown_row.csv", "claims", 3, "evidence", "row-reference",
     "no row with key 'no-such-event' in events.csv (the key is the row's id) (e.g. events:"),
    # a student's mistakes (issue 15): each gets one line that says the fix
    ("date_day_first.csv", "events", 3, "date", "date", "write dates as YYYY-MM-DD, YYYY-MM or YYYY (e.g. 2022-12-19)"),
    ("country_name.csv", "events", 2, "actors", "foreign-key",
     "unknown country 'Japan': use its ISO3 code, JPN (listed in countries.csv)"),
    ("unquoted_comma.csv", "events", 3, None, "extra-cell",
     "this line has 12 cells, the header 11: a comma inside a value must be quoted"),
    ("placeholder_url.csv", "events", 3, "source_url", "url", "is a placeholder ending in '...'"),
    ("example_domain_url.csv", "events", 4, "source_url", "url", "is an example address (www.example.org)"),
    # hostile URLs and out-of-range values (issue 16)
    ("url_backslash_host.csv", "events", 3, "source_url", "url", "contains a backslash at character 21"),
    ("url_credentials.csv", "events", 4, "source_url", "url", "has a user name or password before '@'"),
    ("future_date.csv", "events", 4, "date", "not-future", "is later than the day of validation"),
    ("troops_too_many.csv", "us_troops", 3, "troops", "maximum",
     "is above the maximum 10,000,000 (plausible values run from 0 to 10,000,000"),
    ("milex_huge_value.csv", "milex_sipri", 5, "value", "maximum", "is above the maximum 10,000,000,000,000,000"),
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


@pytest.mark.parametrize(("fixture", "table", "line", "column", "rule", "teaches"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_reported_at_its_place(data_copy, fixture, table, line, column, rule, teaches):
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
    assert teaches in problem.message


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


# ---------------------------------------------------------------------------------------------
# One message per mistake: knock-on errors are suppressed
# ---------------------------------------------------------------------------------------------


def _problems(data_copy, fixture: str, table: str) -> list:
    _install(data_copy, fixture, table)
    with pytest.raises(DataError) as caught:
        load(table, data_copy)
    return caught.value.problems


def test_an_unquoted_comma_gives_one_message_for_its_line(data_copy):
    problems = _problems(data_copy, "unquoted_comma.csv", "events")
    assert [(p.line, p.rule) for p in problems] == [(3, "extra-cell")]


def test_a_date_written_day_first_gets_the_format_not_a_regular_expression(data_copy):
    problems = _problems(data_copy, "date_day_first.csv", "events")
    assert [(p.line, p.column, p.rule) for p in problems] == [(3, "date", "date")]


def test_a_country_name_gets_its_code_or_the_way_to_add_it(data_copy):
    problems = _problems(data_copy, "country_name.csv", "events")
    assert [(p.line, p.rule) for p in problems] == [(2, "foreign-key"), (4, "foreign-key")]
    assert problems[1].message == (
        "unknown country 'Norway': use its ISO3 code (e.g. AUS for Australia) and add it to countries.csv "
        "if it is not there")


# ---------------------------------------------------------------------------------------------
# Hostile or huge values, generated here
# ---------------------------------------------------------------------------------------------


def _edit_row(data_copy, table: str, line: int, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` in physical line ``line`` of a table of the data copy."""
    path = data_copy / f"{table}.csv"
    rows = path.read_text(encoding="utf-8").split("\n")
    assert old in rows[line - 1]
    rows[line - 1] = rows[line - 1].replace(old, new, 1)
    path.write_text("\n".join(rows), encoding="utf-8")


@pytest.mark.parametrize(
    ("inserted", "where", "named"),
    [("\u202e", 4, "U+202E RIGHT-TO-LEFT OVERRIDE at character 4"),
     ("\u2066", 4, "U+2066 LEFT-TO-RIGHT ISOLATE at character 4"),
     ("\u200b", 4, "U+200B ZERO WIDTH SPACE at character 4"),
     ("\u2060", 4, "U+2060 WORD JOINER at character 4"),
     ("\ufeff", 4, "U+FEFF ZERO WIDTH NO-BREAK SPACE at character 4"),
     ("\x00", 4, "U+0000 NULL at character 4"),
     ("\x1b", 4, "U+001B ESCAPE at character 4"),
     ("\x85", 4, "U+0085 NEXT LINE at character 4")],
)
def test_invisible_and_control_characters_are_named_with_their_position(data_copy, inserted, where, named):
    shutil.copyfile(BAD / "good_events.csv", data_copy / "events.csv")
    _edit_row(data_copy, "events", 2, "Security Consultative", "Sec" + inserted + "urity Consultative")
    with pytest.raises(DataError) as caught:
        load("events", data_copy)
    [problem] = caught.value.problems
    assert (problem.path, problem.line, problem.column, problem.rule) == ("data/events.csv", 2, "title", "plain-text")
    assert named in problem.message and "delete the character" in problem.message
    assert "data/events.csv, line 2, column 'title' (4)" in str(caught.value)


def test_a_huge_value_is_echoed_cut_to_about_80_characters(data_copy):
    shutil.copyfile(BAD / "good_events.csv", data_copy / "events.csv")
    _edit_row(data_copy, "events", 3, "Approved the new Guidelines.", "x" * 100_000)
    with pytest.raises(DataError) as caught:
        load("events", data_copy)
    [problem] = caught.value.problems
    assert problem.rule == "maxLength"
    shown = "x" * 79 + "… (100,000 characters)"
    assert f"value '{shown}'" in str(caught.value) and len(str(caught.value)) < 300


def test_a_100_kb_url_is_refused_without_echoing_it(data_copy):
    shutil.copyfile(BAD / "good_events.csv", data_copy / "events.csv")
    _edit_row(data_copy, "events", 2, "youjin/2013", "youjin/" + "a" * 100_000)
    with pytest.raises(DataError) as caught:
        load("events", data_copy)
    [problem] = caught.value.problems
    assert (problem.line, problem.column, problem.rule) == (2, "source_url", "url")
    assert "a source URL may have at most 2,000" in problem.message
    assert len(str(caught.value)) < 600


@pytest.mark.parametrize(
    ("value", "rule", "teaches"),
    [("10000000000000000000000000", "type", "is 26 digits long, outside the range of a 64-bit integer"),
     ("9223372036854775808", "type", "outside the range of a 64-bit integer"),
     ("10000001", "maximum", "is above the maximum 10,000,000")],
)
def test_troop_numbers_stay_in_range(data_copy, value, rule, teaches):
    _edit_row(data_copy, "us_troops", 2, ",1950,97820,", f",1950,{value},")
    with pytest.raises(DataError) as caught:
        load("us_troops", data_copy)
    [problem] = caught.value.problems
    assert (problem.path, problem.line, problem.column, problem.rule) == ("data/us_troops.csv", 2, "troops", rule)
    assert teaches in problem.message


def test_a_signing_date_in_year_9999_is_refused(data_copy):
    _edit_row(data_copy, "instruments", 2, ",1951-08-30,day,", ",9999-12-31,day,")
    with pytest.raises(DataError) as caught:
        load("instruments", data_copy)
    # in_force (1952) now comes "before" signing: a knock-on of the same mistake, not reported
    assert [(p.line, p.column, p.rule) for p in caught.value.problems] == [(2, "signed", "not-future")]


def test_tomorrow_is_refused_and_today_accepted(data_copy):
    import datetime as dt

    today = dt.date.today()
    shutil.copyfile(BAD / "good_events.csv", data_copy / "events.csv")
    _edit_row(data_copy, "events", 4, ",2024-07-28,", f",{today.isoformat()},")
    assert len(load("events", data_copy)) == 3
    _edit_row(data_copy, "events", 4, f",{today.isoformat()},", f",{(today + dt.timedelta(days=1)).isoformat()},")
    problems = [p for p in validate(data_copy) if p.path == "data/events.csv"]
    assert [(p.line, p.column, p.rule) for p in problems] == [(4, "date", "not-future")]


# ---------------------------------------------------------------------------------------------
# The descriptor: one message naming datapackage.json and the key, never a traceback
# ---------------------------------------------------------------------------------------------

EVENTS = "resources[2] (events)"


def _edit_descriptor(data_copy, change) -> None:
    path = data_copy / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    change(descriptor)
    path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")


def _events_schema(descriptor):
    assert descriptor["resources"][2]["name"] == "events"
    return descriptor["resources"][2]["schema"]


def _set_type(d):
    _events_schema(d)["fields"][1]["type"] = "datetime"


def _set_pattern(pattern):
    def change(d):
        _events_schema(d)["fields"][0]["constraints"]["pattern"] = pattern
    return change


def _drop_param(d):
    del _events_schema(d)["x-checks"][1]["resource"]


def _fk_to_unknown(d):
    assert d["resources"][3]["name"] == "eras"
    d["resources"][3]["schema"]["foreignKeys"][0]["reference"]["resource"] = "event"


DESCRIPTOR_CASES = [
    ("no-resources", lambda d: d.pop("resources"), "resources", "is missing or empty"),
    ("no-schema", lambda d: d["resources"][2].pop("schema"), f"{EVENTS}.schema", "is missing: every table needs"),
    ("unknown-rule", lambda d: _events_schema(d)["x-checks"][0].update(rule="partial-dates"),
     f"{EVENTS}.schema.x-checks[0].rule", "'partial-dates' is not a rule the loader knows: use one of partial-date,"),
    ("missing-rule-parameter", _drop_param, f"{EVENTS}.schema.x-checks[1].resource",
     "is missing: the list-reference rule needs it"),
    ("unknown-type", _set_type, f"{EVENTS}.schema.fields[1].type",
     "'datetime' is not a type the loader knows: use one of string, integer"),
    ("invalid-regex", _set_pattern("[a-z"), f"{EVENTS}.schema.fields[0].constraints.pattern",
     "is not a valid regular expression (unterminated character set"),
    ("catastrophic-regex", _set_pattern("(a+)+$"), f"{EVENTS}.schema.fields[0].constraints.pattern",
     "repeats a repetition (as in (a+)+ or (a|aa)*)"),
    ("backreference", _set_pattern(r"(a)\1"), f"{EVENTS}.schema.fields[0].constraints.pattern",
     "uses a backreference"),
    ("unknown-constraint", lambda d: _events_schema(d)["fields"][0]["constraints"].update(maxLen=3),
     f"{EVENTS}.schema.fields[0].constraints.maxLen", "is not a constraint the loader knows"),
    ("foreign-key-to-unknown-table", _fk_to_unknown, "resources[3] (eras).schema.foreignKeys[0].reference.resource",
     "'event' is not a table of the package: use one of countries,"),
    ("primary-key-unknown-field", lambda d: _events_schema(d).update(primaryKey="ident"),
     f"{EVENTS}.schema.primaryKey", "names 'ident', which is not a field of this table"),
    ("rule-parameter-of-wrong-type", lambda d: _events_schema(d)["x-checks"][1].update(resource=["countries"]),
     f"{EVENTS}.schema.x-checks[1].resource", "['countries'] is not a table of the package"),
    ("checks-not-a-list", lambda d: _events_schema(d).update({"x-checks": {"rule": "partial-date"}}),
     f"{EVENTS}.schema.x-checks", "must be a list of rules"),
    ("fields-not-a-list", lambda d: _events_schema(d).update(fields={"id": "string"}),
     f"{EVENTS}.schema.fields", "must be a non-empty list of fields"),
    ("boolean-words-not-a-list",
     lambda d: d["resources"][6]["schema"]["fields"][5].update(trueValues="yes"),
     "resources[6] (japan_defence_budget).schema.fields[5].trueValues", "must be a non-empty list of strings"),
    ("path-leaves-data", lambda d: d["resources"][2].update(path="../../etc/passwd"), f"{EVENTS}.path",
     "'../../etc/passwd' leaves the data folder"),
    ("absolute-path", lambda d: d["resources"][2].update(path="/etc/passwd"), f"{EVENTS}.path",
     "'/etc/passwd' leaves the data folder"),
]


@pytest.mark.parametrize(("change", "key", "teaches"), [c[1:] for c in DESCRIPTOR_CASES],
                         ids=[c[0] for c in DESCRIPTOR_CASES])
def test_a_broken_descriptor_is_one_message_naming_the_key(data_copy, capsys, change, key, teaches):
    _edit_descriptor(data_copy, change)
    problems = validate(data_copy)
    assert len(problems) == 1, problems
    [problem] = problems
    assert (problem.path, problem.key, problem.rule) == ("data/datapackage.json", key, "descriptor")
    assert teaches in problem.message
    assert main(["validate", str(data_copy)]) == 1
    out, err = capsys.readouterr()
    assert f"data/datapackage.json, key {key}: " in out and "[rule: descriptor]" in out
    assert "Traceback" not in out + err and "root:" not in out


def test_a_utf16_descriptor_is_named(data_copy):
    path = data_copy / "datapackage.json"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    [problem] = validate(data_copy)
    assert (problem.path, problem.rule, problem.message) == (
        "data/datapackage.json", "descriptor", "is saved as UTF-16: save it as UTF-8")


def test_a_folder_in_place_of_the_descriptor_is_named(data_copy):
    (data_copy / "datapackage.json").unlink()
    (data_copy / "datapackage.json").mkdir()
    [problem] = validate(data_copy)
    assert (problem.path, problem.rule) == ("data/datapackage.json", "descriptor")
    assert "is a folder, not a file" in problem.message


def test_a_load_through_a_broken_descriptor_raises_the_same_message(data_copy):
    _edit_descriptor(data_copy, _set_type)
    with pytest.raises(DataError, match=r"data/datapackage.json, key resources\[2\] \(events\)\.schema\.fields\[1\]"):
        load("events", data_copy)


# ---------------------------------------------------------------------------------------------
# Files that are not regular files inside data/: refused before they are opened
# ---------------------------------------------------------------------------------------------


def _replace_events(data_copy, make) -> None:
    (data_copy / "events.csv").unlink()
    make(data_copy / "events.csv")


def _only_events_problem(data_copy):
    problems = validate(data_copy)
    assert [p.path for p in problems] == ["data/events.csv"], problems  # follow-on errors suppressed
    return problems[0]


def test_a_folder_in_place_of_a_table(data_copy):
    _replace_events(data_copy, lambda p: p.mkdir())
    problem = _only_events_problem(data_copy)
    assert problem.rule == "file"
    assert problem.message == "is a folder, not a file (datapackage.json resources[2].path)"


def test_a_symlink_out_of_data_is_not_read_or_echoed(data_copy, tmp_path):
    secret = tmp_path / "secret.csv"
    secret.write_text("TOP-SECRET-LINE\n", encoding="utf-8")
    _replace_events(data_copy, lambda p: p.symlink_to(secret))
    problem = _only_events_problem(data_copy)
    assert problem.rule == "file" and "is a link to a file outside the data folder" in problem.message
    assert "TOP-SECRET" not in str(problem)


def test_a_symlink_inside_data_is_followed(data_copy):
    (data_copy / "events.csv").rename(data_copy / "events-real.csv")
    (data_copy / "events.csv").symlink_to(data_copy / "events-real.csv")
    assert validate(data_copy) == []


def test_an_oversized_file_is_refused_unread(data_copy):
    from alliance.descriptor import FILE_LIMIT

    with open(data_copy / "events.csv", "r+b") as fh:
        fh.truncate(FILE_LIMIT + 1)  # sparse: nothing is written, and nothing must be read
    problem = _only_events_problem(data_copy)
    assert problem.rule == "file-size" and f"over the limit of {FILE_LIMIT:,}" in problem.message


def _cli_within(data_copy, seconds: float = 20) -> subprocess.CompletedProcess[str]:
    start = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "alliance", "validate", str(data_copy)], capture_output=True,
                            text=True, timeout=seconds * 3)
    assert time.monotonic() - start < seconds
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    return result


def test_a_fifo_in_place_of_a_table_returns_at_once(data_copy):
    _replace_events(data_copy, lambda p: os.mkfifo(p))
    result = _cli_within(data_copy)
    assert "data/events.csv: is not a regular file (a pipe, socket or device)" in result.stdout
    assert "[rule: file]" in result.stdout


def test_a_symlink_to_dev_zero_returns_at_once(data_copy):
    _replace_events(data_copy, lambda p: p.symlink_to("/dev/zero"))
    result = _cli_within(data_copy)
    assert "data/events.csv: is a link to a file outside the data folder" in result.stdout


def test_a_catastrophic_pattern_with_a_value_that_would_hang_returns_at_once(data_copy):
    _edit_descriptor(data_copy, _set_pattern("([a-z0-9]+-?)*"))
    _edit_row(data_copy, "events", 2, "security-treaty-1951-signed,", "a" * 40 + "!,")
    result = _cli_within(data_copy)
    assert "key resources[2] (events).schema.fields[0].constraints.pattern: repeats a repetition" in result.stdout


def test_a_header_with_thousands_of_columns_is_summarised(data_copy):
    text = (BAD / "good_events.csv").read_text(encoding="utf-8")
    header, rest = text.split("\n", 1)
    (data_copy / "events.csv").write_text(header + ",x" * 10_000 + "\n" + rest, encoding="utf-8")
    problems = [p for p in validate(data_copy) if p.path == "data/events.csv"]
    assert len(problems) == 11 and all(p.line == 1 for p in problems)
    assert problems[-1].message.startswith(
        "and 19,989 more problems like these in the header, which must be exactly id,date,")  # 1 + 2 × 9,999


def test_an_unprintable_column_name_is_escaped(data_copy):
    text = (BAD / "good_events.csv").read_text(encoding="utf-8")
    (data_copy / "events.csv").write_text(text.replace("source_url", "source_url\x1b[2J", 1), encoding="utf-8")
    problems = [p for p in validate(data_copy) if p.path == "data/events.csv"]
    assert "column 'source_url\\x1b[2J' (11)" in str(problems[0]) and "\x1b" not in str(problems[0])


def test_a_cell_over_the_csv_limit_is_explained(data_copy):
    shutil.copyfile(BAD / "good_events.csv", data_copy / "events.csv")
    with open(data_copy / "events.csv", "a", encoding="utf-8") as fh:
        fh.write("x" * 200_000 + "\n")
    [problem] = [p for p in validate(data_copy) if p.path == "data/events.csv"]
    assert (problem.line, problem.rule) == (5, "csv-syntax")
    assert "a cell is longer than 131,072 characters" in problem.message
