"""The agreements tracker (alliance.agreements) and the ``python -m alliance agreements`` command,
on hand-made rows whose expected values are worked out by hand."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pandas as pd
import pytest

from alliance import pages
from alliance.agreements import (
    TRACKER_COLUMNS,
    latest_date,
    partner_kind_matrix,
    partner_rows,
    tracker_table,
)
from alliance.cli import main

COUNTRIES = pd.DataFrame({"iso3": ["AUS", "JPN", "KOR", "USA"],
                          "name": ["Australia", "Japan", "South Korea", "United States"]})


def instrument(id_: str, parties: str, type_: str, signed: str, in_force: str = "", ended: str = "") -> dict:
    return {"id": id_, "parties": parties, "type": type_, "title": f"Title of {id_}", "signed": signed,
            "in_force": in_force, "ended": ended, "source_title": f"Source of {id_}",
            "source_url": f"https://example.org/{id_}"}


ROWS = pd.DataFrame([
    instrument("old-treaty", "JPN;USA", "mutual_defence_treaty", "1951-09-08", "1952-04-28", "1960-06-23"),
    instrument("treaty", "JPN;USA", "mutual_defence_treaty", "1960-01-19", "1960-06-23"),
    instrument("not-japan", "USA;KOR", "mutual_defence_treaty", "1953-10-01", "1954-11-17"),
    instrument("declaration", "JPN;AUS", "security_declaration", "2007-03-13"),
    instrument("dialogue", "JPN;AUS", "two_plus_two_framework", "2007"),
    instrument("trilateral", "USA;JPN;KOR", "information_security_agreement", "2014-12-29"),
    instrument("raa", "JPN;AUS", "reciprocal_access_agreement", "2022-01-06", "2023-08"),
])


def test_tracker_keeps_japans_agreements_signed_by_the_day_with_their_status() -> None:
    table = tracker_table(ROWS, COUNTRIES, dt.date(2023, 1, 1))
    assert list(table.columns) == TRACKER_COLUMNS
    # Sorted by the first day of the signing date: "2007" (1 Jan) before 2007-03-13.
    assert list(table["id"]) == ["old-treaty", "treaty", "dialogue", "declaration", "trilateral", "raa"]
    assert dict(zip(table["id"], table["status_code"], strict=True)) == {
        "old-treaty": "ended", "treaty": "in_force",
        "dialogue": "in_force", "declaration": "in_force",  # both take effect when signed or first held
        "trilateral": "signed",  # no entry into force recorded
        "raa": "signed",  # enters into force in August 2023, after the day
    }
    trilateral = table.set_index("id").loc["trilateral"]
    assert trilateral["partners"] == "United States; South Korea"
    assert trilateral["partner_codes"] == "USA;KOR"
    assert trilateral["kind"] == "Information security"


def test_an_agreement_signed_after_the_day_is_not_listed() -> None:
    assert "raa" not in set(tracker_table(ROWS, COUNTRIES, dt.date(2022, 1, 5))["id"])
    assert "raa" in set(tracker_table(ROWS, COUNTRIES, dt.date(2022, 1, 6))["id"])


def test_a_kind_without_a_label_is_an_error_not_a_silent_drop() -> None:
    rows = pd.DataFrame([instrument("odd", "JPN;USA", "secret_pact", "2000-01-01")])
    with pytest.raises(KeyError, match="secret_pact"):
        tracker_table(rows, COUNTRIES, dt.date(2001, 1, 1))


def test_latest_date_reads_a_partial_date_as_its_last_day() -> None:
    assert latest_date(ROWS) == dt.date(2023, 8, 31)  # in_force "2023-08" of the raa


def test_partner_rows_list_a_trilateral_under_each_partner() -> None:
    by_partner = partner_rows(tracker_table(ROWS, COUNTRIES, dt.date(2024, 1, 1)), COUNTRIES)
    assert list(zip(by_partner["partner"], by_partner["id"], strict=True)) == [
        ("Australia", "dialogue"), ("Australia", "declaration"), ("Australia", "raa"),
        ("South Korea", "trilateral"),
        ("United States", "old-treaty"), ("United States", "treaty"), ("United States", "trilateral"),
    ]


def test_matrix_gives_each_partner_and_kind_its_dates_and_status() -> None:
    by_partner = partner_rows(tracker_table(ROWS, COUNTRIES, dt.date(2024, 1, 1)), COUNTRIES)
    matrix = partner_kind_matrix(by_partner)
    assert list(matrix.index) == ["Australia", "South Korea", "United States"]
    assert list(matrix.columns) == ["Mutual defence treaty", "Reciprocal access", "Information security",
                                    "Security declaration", "2+2 meetings"]
    assert matrix.at["United States", "Mutual defence treaty"] == "8 September 1951 (ended); 19 January 1960 (in force)"
    assert matrix.at["Australia", "Reciprocal access"] == "6 January 2022 (in force)"
    assert matrix.at["Australia", "2+2 meetings"] == "first held 2007 (in force)"
    assert matrix.at["South Korea", "Reciprocal access"] == ""


def test_partner_sections_have_fixed_anchors_and_escape_the_data() -> None:
    rows = ROWS.copy()
    rows.loc[rows["id"] == "raa", "title"] = "<script>alert(1)</script>"
    text = pages.partner_sections_html(partner_rows(tracker_table(rows, COUNTRIES, dt.date(2024, 1, 1)), COUNTRIES))
    assert '<h3 id="partner-aus">Australia (3 agreements)</h3>' in text
    assert '<h3 id="partner-kor">South Korea (1 agreement)</h3>' in text
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert 'href="https://example.org/raa"' in text
    assert "(Reciprocal access): signed 6 January 2022, in force August 2023." in text
    assert "(2+2 meetings): first held 2007." in text


# --- the command, on the book's validated data -------------------------------------------------

def test_command_filters_by_partner_and_kind(capsys) -> None:
    assert main(["agreements", "--partner", "phl", "--kind", "reciprocal_access_agreement", "--format", "csv",
                 "--as-of", "2025-09-11"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == ",".join(TRACKER_COLUMNS)
    assert len(lines) == 2
    assert lines[1].startswith("jpn-phl-raa-2024,Philippines,PHL,Reciprocal access,")
    assert ",2024-07-08,2025-09-11,,In force,in_force," in lines[1]


def test_command_status_changes_with_the_day(capsys) -> None:
    main(["agreements", "--partner", "PHL", "--kind", "reciprocal_access_agreement", "--format", "json",
          "--as-of", "2025-09-10"])
    document = json.loads(capsys.readouterr().out)
    assert document["as_of"] == "2025-09-10"
    assert [(a["id"], a["status_code"]) for a in document["agreements"]] == [("jpn-phl-raa-2024", "signed")]


@pytest.mark.parametrize(("option", "expected"), [
    (["--as-of", "2026-02-30"], "error: --as-of '2026-02-30' is not a calendar date: write YYYY-MM-DD"),
    (["--as-of", "last year"], "error: --as-of 'last year' is not a calendar date"),
    (["--partner", "XYZ"], "error: --partner 'XYZ' is not one of Japan's partners in the data: write an ISO3 code"),
    (["--partner", "JPN"], "error: --partner 'JPN' is not one of Japan's partners"),
    (["--kind", "alliance"], "error: --kind 'alliance' is not a kind of agreement: write one of mutual_defence_treaty"),
])
def test_a_bad_option_is_one_clear_line(capsys, option, expected) -> None:
    assert main(["agreements", *option]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(expected)
    assert captured.err.count("\n") == 1


def test_the_command_runs_as_a_program() -> None:
    done = subprocess.run([sys.executable, "-m", "alliance", "agreements", "--partner", "NZL"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    first, header, *rows = done.stdout.splitlines()
    assert first.startswith("Japan's security agreements signed by ")
    assert header.split()[:2] == ["Signed", "Partners"]
    assert len(rows) == int(first.rsplit(": ", 1)[1]) >= 2
    assert all("New Zealand" in r for r in rows)


def test_status_table_counts_every_status_and_says_what_it_counts() -> None:
    from alliance.agreements import status_table

    table = status_table(tracker_table(ROWS, COUNTRIES, dt.date(2023, 1, 1)))
    assert list(table.columns) == ["Status", "Agreements", "What it counts"]
    assert list(table["Agreements"]) == [3, 0, 2, 1, 6]  # in force, provisional, signed, ended, all
    assert table["What it counts"].str.len().min() > 10


def test_summary_counts_partners_by_kind_in_force() -> None:
    from alliance.agreements import tracker_summary

    tracker = tracker_table(ROWS, COUNTRIES, dt.date(2024, 1, 1))
    summary = tracker_summary(tracker, partner_rows(tracker, COUNTRIES))
    assert summary["agreements"] == 6
    assert summary["partners"] == 3
    assert summary["partners_in_force"] == 2  # Australia and the United States; South Korea's is only signed
    assert summary["status_in_force"] == 4 and summary["status_signed"] == 1 and summary["status_ended"] == 1
    assert summary["partners_in_force_reciprocal_access_agreement"] == 1
    assert summary["partners_in_force_mutual_defence_treaty"] == 1
    assert summary["partners_in_force_acsa"] == 0


def test_partner_links_point_at_the_sections() -> None:

    by_partner = partner_rows(tracker_table(ROWS, COUNTRIES, dt.date(2024, 1, 1)), COUNTRIES)
    assert pages.partner_links_html(by_partner) == (
        '<p class="alliance-tracker-links">Partners: <a href="#partner-aus">Australia</a> · '
        '<a href="#partner-kor">South Korea</a> · <a href="#partner-usa">United States</a></p>')


def test_page_numbers_name_the_treaty_partners_and_count_agreements_without_japan() -> None:
    from alliance.agreements import page_numbers

    on = dt.date(2024, 1, 1)
    tracker = tracker_table(ROWS, COUNTRIES, on)
    numbers = page_numbers(ROWS, tracker, partner_rows(tracker, COUNTRIES), on)
    assert numbers["as_of"] == "1 January 2024"
    assert (numbers["n_agreements"], numbers["n_partners"], numbers["n_partners_in_force"]) == (6, 3, 2)
    assert (numbers["n_in_force"], numbers["n_signed"], numbers["n_ended"]) == (4, 1, 1)
    assert numbers["raa_partners_have"] == "1 partner has"
    assert (numbers["acsa_partners"], numbers["isa_partners"]) == ("0 partners", "0 partners")
    assert (numbers["osa_countries"], numbers["osa_span"]) == ("0 countries", "none yet")
    assert numbers["n_not_japan"] == 1  # the U.S.-Korea treaty
    assert numbers["treaty_partners"] == "United States"


def test_grant_notes_are_counted_by_recipient_and_fiscal_year() -> None:
    from alliance.agreements import page_numbers

    rows = pd.concat([ROWS, pd.DataFrame([
        instrument("osa-aus-1", "JPN;AUS", "official_security_assistance", "2023-11-03"),
        instrument("osa-aus-2", "JPN;AUS", "official_security_assistance", "2024-12-05"),
        instrument("osa-kor", "JPN;KOR", "official_security_assistance", "2026-01-15"),  # FY2025: Jan-Mar
    ])], ignore_index=True)
    on = dt.date(2026, 1, 15)
    tracker = tracker_table(rows, COUNTRIES, on)
    numbers = page_numbers(rows, tracker, partner_rows(tracker, COUNTRIES), on)
    assert numbers["as_of"] == "15 January 2026"
    assert numbers["osa_countries"] == "2 countries"
    assert numbers["osa_span"] == "FY2023–FY2025"
    assert numbers["raa_partners_have"] == "1 partner has"  # the Australian RAA, in force from August 2023


def test_counted_agrees_in_number() -> None:
    from alliance.agreements import counted, fiscal_year

    assert counted(1, "partner") == "1 partner"
    assert counted(0, "partner") == "0 partners"
    assert counted(2, "country", "countries") == "2 countries"
    assert (fiscal_year(dt.date(2024, 3, 31)), fiscal_year(dt.date(2024, 4, 1))) == (2023, 2024)
