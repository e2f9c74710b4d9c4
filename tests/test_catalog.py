"""alliance.catalog on small hand-made tables whose answers are known."""

from __future__ import annotations

import pandas as pd
import pytest

from alliance import catalog
from alliance.data import load_descriptor

PUBLISHERS = pd.DataFrame({
    "domain": ["mofa.go.jp", "nikkei.com", "worldjpn.net"],
    "publisher": ["MOFA", "Nikkei", "World and Japan"],
    "kind": ["government", "news", "reference"],
    "source_url": ["https://www.mofa.go.jp/"] * 3,
})


def test_rows_by_publisher_counts_content_tables_only():
    tables = {
        "publishers": PUBLISHERS,
        "events": pd.DataFrame({"source_url": ["https://www.mofa.go.jp/a", "https://asia.nikkei.com/b",
                                               "https://www.mofa.go.jp/c"]}),
        "other": pd.DataFrame({"source_url": ["https://worldjpn.net/d"]}),
        "no_source": pd.DataFrame({"x": [1]}),
    }
    cited = catalog.cited_rows(tables, PUBLISHERS)
    assert catalog.rows_by_publisher(cited).to_dict("records") == [
        {"publisher": "MOFA", "kind": "government", "rows": 2},
        {"publisher": "Nikkei", "kind": "news", "rows": 1},
        {"publisher": "World and Japan", "kind": "reference", "rows": 1},
    ]
    by_table = catalog.official_share_by_table(cited)
    assert by_table.to_dict("records") == [
        {"table": "events", "rows": 3, "official_rows": 2, "official_pct": pytest.approx(200 / 3)},
        {"table": "other", "rows": 1, "official_rows": 0, "official_pct": 0.0},
    ]


def test_a_publisher_under_two_domains_is_counted_once():
    publishers = pd.concat([PUBLISHERS, pd.DataFrame({
        "domain": ["ioc.u-tokyo.ac.jp"], "publisher": ["World and Japan"], "kind": ["reference"],
        "source_url": ["https://worldjpn.net/"]})], ignore_index=True)
    tables = {"events": pd.DataFrame({"source_url": ["https://worldjpn.net/a", "http://www.ioc.u-tokyo.ac.jp/b"]})}
    assert catalog.rows_by_publisher(catalog.cited_rows(tables, publishers)).to_dict("records") == [
        {"publisher": "World and Japan", "kind": "reference", "rows": 2}]


def test_rows_by_publisher_refuses_an_unknown_publisher():
    tables = {"events": pd.DataFrame({"source_url": ["https://example.com/"]})}
    with pytest.raises(ValueError, match="no publisher"):
        catalog.cited_rows(tables, PUBLISHERS)


def test_overview_numbers_count_tables_by_their_official_share():
    summary = pd.DataFrame({"table": ["events", "milex"], "rows": [10, 90],
                            "first_year": pd.array([1951, 1949], dtype="Int64"),
                            "last_year": pd.array([2025, 2024], dtype="Int64")})
    by_table = pd.DataFrame({"table": ["events", "milex"], "rows": [10, 90], "official_rows": [6, 0],
                             "official_pct": [60.0, 0.0]})
    assert catalog.overview_numbers(summary, by_table, n_scc_meetings=4) == {
        "n_unsourced_tables": 0, "unsourced_tables": "",
        "n_tables": 2, "n_rows": 100, "n_events": 10, "events_first_year": 1951, "events_last_year": 2025,
        "n_scc_meetings": 4, "n_sourced_tables": 2, "n_tables_all_official": 0, "n_tables_mostly_official": 1,
        "least_official_table": "milex"}
    three = pd.concat([summary, pd.DataFrame({"table": ["claims", "publishers"], "rows": [5, 7]})],
                      ignore_index=True)
    numbers = catalog.overview_numbers(three, by_table, n_scc_meetings=4)
    assert (numbers["n_unsourced_tables"], numbers["unsourced_tables"]) == (2, "claims and publishers")
    assert numbers["n_tables"] == 4 and numbers["n_rows"] == 112


def test_year_span_reads_partial_dates_and_years():
    frame = pd.DataFrame({"date": ["1960-01", "1951", None, "2024-07-28"], "year": [None, 1999, 2030, None]})
    assert catalog.year_span(frame, ["date"]) == (1951, 2024)
    assert catalog.year_span(frame.assign(year=frame["year"].astype("Int64")), ["date", "year"]) == (1951, 2030)
    assert catalog.year_span(frame.iloc[2:3], ["date"]) == (None, None)


def test_dataset_summary_reads_integer_year_columns():
    # Hand-made: 'year' and 'fiscal_year_from' are years held as integers; 'ccode' is an integer
    # that is not a year and 'financial_year' is text, so neither may widen the span.
    fields = [{"name": "ccode", "type": "integer"}, {"name": "year", "type": "integer"},
              {"name": "fiscal_year_from", "type": "integer"}, {"name": "financial_year", "type": "string"}]
    descriptor = {"resources": [{"name": "data", "title": "Data", "schema": {"fields": fields}}]}
    frame = pd.DataFrame({"ccode": [740, 2], "year": [1961, 1999], "fiscal_year_from": [2023, 2027],
                          "financial_year": ["1800-01", "2100-12"]})
    row = catalog.dataset_summary({"data": frame}, descriptor).iloc[0]
    assert (row["first_year"], row["last_year"]) == (1961, 2027)


def test_dataset_summary_gives_the_research_datasets_their_years():
    summary = catalog.dataset_summary(catalog.load_all(), load_descriptor()).set_index("table")
    for name in ("milex_sipri", "us_troops", "atop_japan"):
        assert not pd.isna(summary.loc[name, "first_year"]) and not pd.isna(summary.loc[name, "last_year"])
    assert summary.loc["milex_sipri", "first_year"] == 1949  # SIPRI's series starts in 1949


def test_dataset_summary_matches_the_tables():
    tables = catalog.load_all()
    summary = catalog.dataset_summary(tables, load_descriptor()).set_index("table")
    assert list(summary.index) == [r["name"] for r in load_descriptor()["resources"]]
    for name, frame in tables.items():
        assert summary.loc[name, "rows"] == len(frame)
    assert summary.loc["events", "first_year"] == int(tables["events"]["date"].str[:4].astype(int).min())
    assert pd.isna(summary.loc["countries", "first_year"])


def test_data_dictionary_lists_every_column_with_its_rules():
    descriptor = load_descriptor()
    dictionary = catalog.data_dictionary(descriptor)
    expected = sum(len(r["schema"]["fields"]) for r in descriptor["resources"])
    assert len(dictionary) == expected
    rules = dictionary.set_index(["table", "column"])["rules"]
    assert rules["events", "date"].startswith("required; pattern")
    assert "as fine as date_precision says" in rules["events", "date"]
    assert "each item a iso3 of countries" in rules["events", "actors"]
    assert "on a domain listed in publishers" in rules["events", "source_url"]
    assert rules["events", "category"].count(",") >= 11
    # the book's own rules, in words
    assert "empty only where sipri_marker says why" in rules["milex_sipri", "value"]
    assert "filled exactly when value is empty" in rules["milex_sipri", "sipri_marker"]
    assert "not before signed" in rules["instruments", "in_force"]
    assert "filled exactly when in_force is filled" in rules["instruments", "in_force_precision"]
    assert "filled exactly when measure is not none" in rules["spending_plans", "value"]
    assert rules["claims", "evidence"].startswith("each item table:key, naming a row of events")


def test_the_dictionary_reads_each_rules_own_description():
    rules = catalog.data_dictionary(load_descriptor()).set_index(["table", "column"])["rules"]
    assert "not later than the day the data are validated" in rules["events", "date"]
    assert "not later than the day the data are validated" in rules["instruments", "ended"]
    assert rules["us_troops", "troops"] == "required; ≥ 0; ≤ 10000000"
    assert rules["eras", "start_event"] == "required; unique; a id of events"


def test_every_table_rule_describes_its_own_column():
    from alliance.rules import RULES

    specs = {
        "partial-date": ({"field": "d", "precision_field": "p"}, "d", "a real date as fine as p says"),
        "not-future": ({"field": "d"}, "d", "not later than the day the data are validated"),
        "date-order": ({"earlier": "a", "later": "b"}, "b", "not before a"),
        "list-reference": ({"field": "f", "resource": "t", "reference_field": "k"}, "f", "each item a k of t"),
        "url-publisher": ({"field": "u", "resource": "publishers", "reference_field": "domain"}, "u",
                          "on a domain listed in publishers"),
        "gap-marked": ({"value_field": "v", "marker_field": "m"}, "m", "filled exactly when v is empty"),
        "present-unless": ({"field": "f", "unless_field": "g", "unless_values": [None]}, "f",
                           "filled exactly when g is filled"),
        "row-reference": ({"field": "e", "resources": ["a", "b"]}, "e", "each item table:key, naming a row of a, b"),
    }
    assert set(specs) == set(RULES)
    for name, (spec, column, words) in specs.items():
        rule = RULES[name](spec)
        assert rule.describe(column) == words
        assert rule.describe("another") is None
