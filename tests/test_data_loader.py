"""Unit tests of alliance.data: types, partial dates, publishers, caching and the read log."""

from __future__ import annotations

import csv
import subprocess
import sys

import pytest

from alliance import data
from alliance.cli import main
from alliance.data import DataError, Problem, load, publisher_domain, validate
from conftest import DATA, ROOT


def _csv_rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_real_data_package_is_valid():
    assert validate(DATA) == []


@pytest.mark.parametrize("table", ["countries", "publishers", "events"])
def test_load_keeps_every_row(table):
    assert len(load(table)) == len(_csv_rows(f"{table}.csv"))


def test_integer_columns_are_typed_and_missing_stays_missing(data_copy):
    frame = load("countries", data_copy)
    assert str(frame["cow_ccode"].dtype) == "Int64"
    assert frame.set_index("iso3").loc["JPN", "cow_ccode"] == 740
    # The two organisations (EU, NATO) have no Correlates of War code: their cells are empty.
    assert sorted(frame.loc[frame["cow_ccode"].isna(), "iso3"]) == ["XEU", "XNA"]
    text = (data_copy / "countries.csv").read_text(encoding="utf-8").replace(",JP,740,", ",JP,,")
    (data_copy / "countries.csv").write_text(text, encoding="utf-8")
    assert sorted(load("countries", data_copy).loc[lambda f: f["cow_ccode"].isna(), "iso3"]) == ["JPN", "XEU", "XNA"]


def test_load_sees_an_edit_made_after_a_first_load(data_copy):
    before = len(load("events", data_copy))
    with open(data_copy / "events.csv", "a", encoding="utf-8") as fh:
        fh.write("test-event-2099,2099,year,A test event,exercise,USA;JPN,,,x,MOD,https://www.mod.go.jp/\n")
    assert len(load("events", data_copy)) == before + 1


def test_a_returned_frame_can_be_modified_without_touching_the_next_load(data_copy):
    first = load("events", data_copy)
    first.loc[:, "title"] = "changed"
    assert (load("events", data_copy)["title"] != "changed").all()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.mofa.go.jp/a", "mofa.go.jp"),
        ("http://mofa.go.jp/", "mofa.go.jp"),
        ("https://jp.usembassy.gov/x", "usembassy.gov"),
        ("https://notmofa.go.jp/", None),
        ("https://mofa.go.jp.example.com/", None),
    ],
)
def test_publisher_domain_matches_whole_labels_only(url, expected):
    assert publisher_domain(url, ["mofa.go.jp", "usembassy.gov", "go.jp.example"]) == expected


def test_publisher_domain_prefers_the_longest_match():
    assert publisher_domain("https://a.b.c.org/", ["c.org", "b.c.org"]) == "b.c.org"


def test_read_log_records_the_files_a_load_reads(data_copy, tmp_path, monkeypatch):
    log = tmp_path / "reads.txt"
    monkeypatch.setenv(data.READ_LOG_ENV, str(log))
    load("countries", data_copy)
    names = {line.rsplit("/", 1)[-1] for line in log.read_text().splitlines()}
    assert names == {"datapackage.json", "countries.csv", "publishers.csv"}


def test_data_dir_follows_the_environment(data_copy, monkeypatch):
    monkeypatch.setenv(data.DATA_DIR_ENV, str(data_copy))
    assert data.data_dir() == data_copy
    assert data.data_dir("elsewhere").name == "elsewhere"


def test_unknown_table_name_is_a_clear_error():
    with pytest.raises(KeyError, match="no table named 'nope'"):
        load("nope")


def test_missing_file_is_reported(data_copy):
    (data_copy / "countries.csv").unlink()
    problems = validate(data_copy)
    assert ("data/countries.csv", "missing-file") in [(p.path, p.rule) for p in problems]
    # every event now names unknown countries: reported as such, not silently dropped
    others = [p for p in problems if p.rule != "missing-file"]
    assert others and {(p.path, p.column, p.rule) for p in others} == {
        ("data/events.csv", "actors", "foreign-key"),
        ("data/milex_sipri.csv", "iso3", "foreign-key"),
        ("data/us_troops.csv", "host_iso3", "foreign-key"),
        ("data/instruments.csv", "parties", "foreign-key"),
        ("data/framework_members.csv", "iso3", "foreign-key"),
    }


def test_broken_descriptor_is_reported(data_copy):
    (data_copy / "datapackage.json").write_text("{ nope", encoding="utf-8")
    problems = validate(data_copy)
    assert problems[0].rule == "descriptor" and problems[0].line == 1


def test_byte_order_mark_and_crlf_are_accepted(data_copy):
    text = (data_copy / "events.csv").read_text(encoding="utf-8")
    (data_copy / "events.csv").write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert len(load("events", data_copy)) == len(_csv_rows("events.csv"))


def test_partial_dates_accept_each_precision(data_copy):
    with open(data_copy / "events.csv", "a", encoding="utf-8") as fh:
        fh.write("t-year,1960,year,t,treaty,USA;JPN,,,x,MOD,https://www.mod.go.jp/\n")
        fh.write("t-month,1960-06,month,t,treaty,USA;JPN,,,x,MOD,https://www.mod.go.jp/\n")
        fh.write("t-leap,2024-02-29,day,t,treaty,USA;JPN,,,x,MOD,https://www.mod.go.jp/\n")
    frame = load("events", data_copy).set_index("id")
    assert frame.loc[["t-year", "t-month", "t-leap"], "date"].tolist() == ["1960", "1960-06", "2024-02-29"]


def test_problem_text_names_everything():
    problem = Problem("data/x.csv", 7, "date", 2, "2023-02-30", "date", "is not a real calendar date")
    assert str(problem) == (
        "data/x.csv, line 7, column 'date' (2): value '2023-02-30': is not a real calendar date [rule: date]"
    )


def test_data_error_needs_a_problem():
    with pytest.raises(ValueError):
        DataError([])


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "alliance", *args], capture_output=True, text=True, cwd=ROOT)


def test_cli_validate_accepts_the_real_data():
    result = _cli("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK" in result.stdout


def test_cli_validate_prints_every_problem_and_fails(data_copy, capsys):
    rows = (data_copy / "events.csv").read_text(encoding="utf-8").splitlines()
    second = next(i for i, row in enumerate(rows) if i > 1 and ",USA;JPN," in row)
    rows[1] = rows[1].replace(",treaty,", ",pact,", 1)
    rows[second] = rows[second].replace(",USA;JPN,", ",USA;XXX,", 1)
    (data_copy / "events.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert main(["validate", str(data_copy)]) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert any("line 2, column 'category'" in line and "[rule: enum]" in line for line in lines)
    assert any(f"line {second + 1}, column 'actors'" in line and "[rule: foreign-key]" in line for line in lines)
    assert "2 problems found." in err
