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
        "n_tables": 2, "n_rows": 100, "n_events": 10, "events_first_year": 1951, "events_last_year": 2025,
        "n_scc_meetings": 4, "n_sourced_tables": 2, "n_tables_all_official": 0, "n_tables_mostly_official": 1,
        "least_official_table": "milex"}


def test_year_span_reads_partial_dates_and_years():
    frame = pd.DataFrame({"date": ["1960-01", "1951", None, "2024-07-28"], "year": [None, 1999, 2030, None]})
    assert catalog.year_span(frame, ["date"]) == (1951, 2024)
    assert catalog.year_span(frame.assign(year=frame["year"].astype("Int64")), ["date", "year"]) == (1951, 2030)
    assert catalog.year_span(frame.iloc[2:3], ["date"]) == (None, None)


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
