"""Status of instruments on hand-made rows: signed only, in force, ended, provisional, partial dates."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from alliance.agreements import status_counts, status_on


def row(**fields: str) -> dict[str, str]:
    base = {"type": "acsa", "signed": "", "in_force": "", "ended": "", "provisional": ""}
    return {**base, **fields}


def test_signed_only_is_signed_from_the_day_of_signing() -> None:
    agreement = row(signed="2024-07-08")
    assert status_on(agreement, dt.date(2024, 7, 7)) == "not_signed"
    assert status_on(agreement, dt.date(2024, 7, 8)) == "signed"
    assert status_on(agreement, dt.date(2030, 1, 1)) == "signed"


def test_in_force_from_its_entry_into_force() -> None:
    agreement = row(signed="2022-01-06", in_force="2023-08-13")
    assert status_on(agreement, dt.date(2023, 8, 12)) == "signed"
    assert status_on(agreement, dt.date(2023, 8, 13)) == "in_force"


def test_ended_on_the_day_it_ended() -> None:
    agreement = row(signed="1951-09-08", in_force="1952-04-28", ended="1960-06-23")
    assert status_on(agreement, dt.date(1960, 6, 22)) == "in_force"
    assert status_on(agreement, dt.date(1960, 6, 23)) == "ended"


def test_provisional_application_before_entry_into_force() -> None:
    agreement = row(signed="2020-03-01", provisional="2020-04-01", in_force="2021-05-01")
    assert status_on(agreement, dt.date(2020, 3, 15)) == "signed"
    assert status_on(agreement, dt.date(2020, 4, 1)) == "provisional"
    assert status_on(agreement, dt.date(2021, 5, 1)) == "in_force"


def test_month_precision_counts_from_the_last_day_and_ends_from_the_first() -> None:
    agreement = row(signed="2010-05", in_force="2011-01", ended="2015-03")
    assert status_on(agreement, dt.date(2010, 5, 30)) == "not_signed"
    assert status_on(agreement, dt.date(2010, 5, 31)) == "signed"
    assert status_on(agreement, dt.date(2011, 1, 31)) == "in_force"
    assert status_on(agreement, dt.date(2015, 3, 1)) == "ended"


def test_declarations_take_effect_when_signed() -> None:
    declaration = row(type="security_declaration", signed="2007-03-13")
    assert status_on(declaration, dt.date(2007, 3, 13)) == "in_force"


def test_non_binding_defence_arrangements_take_effect_when_signed() -> None:
    memorandum = row(type="defence_cooperation_arrangement", signed="2015-01-29")
    assert status_on(memorandum, dt.date(2015, 1, 28)) == "not_signed"
    assert status_on(memorandum, dt.date(2015, 1, 29)) == "in_force"


def test_arrangement_known_only_to_the_month_counts_from_the_months_last_day() -> None:
    memorandum = row(type="defence_cooperation_arrangement", signed="2018-09")
    assert status_on(memorandum, dt.date(2018, 9, 29)) == "not_signed"
    assert status_on(memorandum, dt.date(2018, 9, 30)) == "in_force"


def test_an_arrangement_with_its_own_entry_into_force_counts_from_that_day() -> None:
    agreement = row(type="defence_cooperation_arrangement", signed="1954-03-08", in_force="1954-05-01")
    assert status_on(agreement, dt.date(1954, 4, 30)) == "signed"
    assert status_on(agreement, dt.date(1954, 5, 1)) == "in_force"


def test_grant_notes_take_effect_when_exchanged() -> None:
    notes = row(type="official_security_assistance", signed="2023-12-05")
    assert status_on(notes, dt.date(2023, 12, 4)) == "not_signed"
    assert status_on(notes, dt.date(2023, 12, 5)) == "in_force"


def test_binding_agreements_still_wait_for_entry_into_force() -> None:
    agreement = row(type="reciprocal_access_agreement", signed="2022-01-06")
    assert status_on(agreement, dt.date(2026, 1, 1)) == "signed"


def test_counts_list_every_status() -> None:
    table = pd.DataFrame([row(signed="2024-07-08"), row(signed="2001", in_force="2002"),
                          row(signed="1951", in_force="1952", ended="1960")])
    assert status_counts(table, dt.date(2025, 1, 1)) == {
        "in_force": 1, "provisional": 0, "signed": 1, "ended": 1, "not_signed": 0}
