"""alliance.citations: the one parser of ``table:key`` citations."""

from __future__ import annotations

from alliance.citations import Citation, parse_citations, row_key


def test_parse_citations_splits_items_and_keeps_slashes_in_keys():
    assert parse_citations("events:treaty-1951;milex_sipri:JPN/share_of_gdp/2024") == [
        Citation("events", "treaty-1951"), Citation("milex_sipri", "JPN/share_of_gdp/2024")]
    assert str(Citation("us_troops", "740/2020")) == "us_troops:740/2020"


def test_an_item_without_a_colon_has_no_table():
    assert parse_citations("treaty-1951") == [Citation("treaty-1951", "")]


def test_row_key_joins_primary_key_values_as_text():
    assert row_key({"iso3": "JPN", "measure": "share_of_gdp", "year": 2024, "x": 1}, ["iso3", "measure", "year"]) == \
        "JPN/share_of_gdp/2024"
