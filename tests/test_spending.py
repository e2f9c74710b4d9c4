"""alliance.spending on hand-made tables whose answers are worked out in the comments, and the
spending data against their sources' own rules."""

from __future__ import annotations

import csv
import math
import os
from pathlib import Path

import pandas as pd
import pytest

from alliance import spending
from alliance.data import load
from conftest import ROOT


def _milex(rows: list[tuple[str, str, int, float | None]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["iso3", "measure", "year", "value"]).astype({"value": "float64"})


MILEX = _milex([
    ("JPN", "share_of_gdp", 2012, 0.0095), ("JPN", "share_of_gdp", 2013, None), ("JPN", "share_of_gdp", 2014, 0.0110),
    ("CHN", "share_of_gdp", 2012, 0.0170), ("CHN", "share_of_gdp", 2013, 0.0171), ("CHN", "share_of_gdp", 2014, 0.0172),
    # yen: 1.0e12 then 1.5e12; current US$ million: 10,000 then 10,000 → rate 100 then 150 yen per dollar
    ("JPN", "local_currency_calendar_year", 2012, 1.0e12), ("JPN", "local_currency_calendar_year", 2014, 1.5e12),
    ("JPN", "current_usd", 2012, 10_000.0), ("JPN", "current_usd", 2014, 10_000.0),
    ("JPN", "constant_2023_usd", 2012, 20_000.0), ("JPN", "constant_2023_usd", 2014, 25_000.0),
    ("CHN", "constant_2023_usd", 2012, 200_000.0), ("CHN", "constant_2023_usd", 2014, 220_000.0),
    ("JPN", "local_currency_financial_year", 2013, 105.0), ("JPN", "local_currency_financial_year", 2014, 200.0),
])


def test_sipri_wide_gives_percent_and_keeps_gaps():
    wide = spending.sipri_wide(MILEX, "share_of_gdp", ["JPN", "CHN"])
    assert list(wide.columns) == ["JPN", "CHN"]
    assert wide.at[2012, "JPN"] == pytest.approx(0.95)  # 0.0095 × 100
    assert math.isnan(wide.at[2013, "JPN"])  # a gap stays a gap
    assert wide.at[2014, "CHN"] == pytest.approx(1.72)


def test_sipri_wide_refuses_unknown_measure_or_country():
    with pytest.raises(ValueError, match="per_capita"):
        spending.sipri_wide(MILEX, "per_capita", ["JPN"])
    with pytest.raises(ValueError, match="KOR"):
        spending.sipri_wide(MILEX, "share_of_gdp", ["JPN", "KOR"])


def test_first_year_at_or_above():
    series = pd.Series({1960: 1.1, 1961: 0.9, 1962: 0.8, 1963: 1.0, 1964: 1.2})
    assert spending.first_year_at_or_above(series, 1.0) == 1960
    assert spending.first_year_at_or_above(series, 1.0, since=1961) == 1963  # equal counts
    assert spending.first_year_at_or_above(series, 2.0) is None


def test_era_mean_skips_gaps_and_refuses_an_empty_window():
    series = pd.Series({2000: 1.0, 2001: float("nan"), 2002: 2.0, 2003: 9.0})
    assert spending.era_mean(series, 2000, 2002) == pytest.approx(1.5)  # (1 + 2) / 2
    with pytest.raises(ValueError):
        spending.era_mean(series, 1990, 1999)


def test_change_between():
    series = pd.Series({2000: 80.0, 2001: float("nan"), 2005: 100.0})
    assert spending.change_between(series, 2000, 2005) == pytest.approx(25.0)  # 100 / 80 − 1
    with pytest.raises(ValueError):
        spending.change_between(series, 2000, 2001)


def test_implied_exchange_rate_and_growth_in_each_unit():
    rate = spending.implied_exchange_rate(MILEX, "JPN")
    assert rate[2012] == pytest.approx(100.0)  # 1e12 yen / (10,000 × 1e6 dollars)
    assert rate[2014] == pytest.approx(150.0)
    change = spending.yen_and_dollar_change(MILEX, "JPN", 2012, 2014)
    assert change["local currency"] == pytest.approx(50.0)
    assert change["current US$"] == pytest.approx(0.0)
    assert change["constant 2023 US$"] == pytest.approx(25.0)
    assert change["exchange rate (local per US$)"] == pytest.approx(50.0)


def test_regional_snapshot_sorts_by_level():
    table = spending.regional_snapshot(MILEX, 2014, ["JPN", "CHN"], base_year=2012)
    assert list(table["iso3"]) == ["CHN", "JPN"]  # 220 bn before 25 bn
    jp = table.set_index("iso3").loc["JPN"]
    assert jp["constant_2023_usd_bn"] == pytest.approx(25.0)
    assert jp["real_change_pct"] == pytest.approx(25.0)  # 25,000 / 20,000 − 1
    assert jp["share_of_gdp_pct"] == pytest.approx(1.10)


BUDGET = pd.DataFrame({
    "fiscal_year": [2013, 2013, 2014, 2023, 2024, 2022, 2027, 2027],
    "item": ["defence_budget_with_us_forces_items", "defence_budget_core", "defence_budget_with_us_forces_items",
             "defence_budget_core", "defence_budget_core", "gdp_basis", "defence_budget_core",
             "security_related_total"],
    "stage": ["initial", "initial", "initial", "initial", "initial", "plan", "plan", "plan"],
    "value_yen": [100, 90, 160, 10, 12, 1000, 16, 20],
})
PLANS = pd.DataFrame({
    "id": ["budget-basis-40-5-trillion-2022"], "value": [50.0], "fiscal_year_from": [2023], "fiscal_year_to": [2027],
})


def test_budget_series_selects_one_item():
    series = spending.budget_series(BUDGET, "defence_budget_core")
    assert series.to_dict() == {2013: 90, 2023: 10, 2024: 12}


def test_plan_progress_counts_what_is_left():
    progress = spending.plan_progress(BUDGET, PLANS).set_index("fiscal_year")
    assert progress["cumulative_yen"].to_dict() == {2023: 10, 2024: 22}
    assert progress.at[2024, "share_of_plan_pct"] == pytest.approx(44.0)  # 22 / 50
    assert progress.at[2023, "needed_per_remaining_year_yen"] == pytest.approx(10.0)  # (50 − 10) / 4 years
    assert progress.at[2024, "needed_per_remaining_year_yen"] == pytest.approx(28 / 3)  # (50 − 22) / 3 years


def test_reconciliation_lines_up_fiscal_years_present_in_both():
    table = spending.reconcile_sipri_with_budget(MILEX, BUDGET)
    assert list(table["fiscal_year"]) == [2013, 2014]
    assert list(table["difference_yen"]) == [5.0, 40.0]  # 105 − 100, 200 − 160
    assert list(table["difference_pct"]) == [pytest.approx(5.0), pytest.approx(25.0)]


def test_two_percent_meanings():
    table = spending.two_percent_meanings(MILEX, BUDGET, sipri_year=2014, budget_year=2014)
    assert list(table["percent_of_gdp"]) == [
        pytest.approx(1.10),  # SIPRI 0.0110
        pytest.approx(16.0),  # 160 / 1000
        pytest.approx(1.6),  # 16 / 1000
        pytest.approx(2.0),  # 20 / 1000
    ]


def test_milestones_keep_the_order_given_and_refuse_unknown_ids():
    events = pd.DataFrame({
        "id": ["a", "b"], "date": ["2000-07-02", "1990"], "date_precision": ["day", "year"],
        "label": ["A", "B"], "title": ["first", "second"], "source_url": ["https://x.org/a", "https://x.org/b"],
    })
    marks = spending.milestones(events, ["b", "a"])
    assert list(marks["id"]) == ["b", "a"]
    assert marks.at[1, "x"] == pytest.approx(2000 + 183 / 366)  # 2 July of a leap year
    with pytest.raises(KeyError, match="zzz"):
        spending.milestones(events, ["a", "zzz"])


def test_troops_by_host_sums_a_host_across_its_codes():
    troops = pd.DataFrame({"host_iso3": ["DEU", "DEU", "JPN"], "ccode": [260, 255, 740],
                           "year": [1990, 1990, 1990], "troops": [200, 0, 50]})
    assert spending.troops_by_host(troops).loc[1990].to_dict() == {"DEU": 200, "JPN": 50}


# --- the real data -------------------------------------------------------------------------

REFERENCE = Path(os.environ.get("ALLIANCE_REFERENCE_DATA", ROOT.parent / "shared" / "reference-data"))
SIPRI_EXTRACT = REFERENCE / "sipri_milex_1949-2024_selected_countries_long.csv"


@pytest.mark.skipif(not SIPRI_EXTRACT.exists(), reason=f"the SIPRI reference extract is not at {SIPRI_EXTRACT}")
def test_sipri_values_equal_the_reference_extract_value_for_value():
    with SIPRI_EXTRACT.open(encoding="utf-8") as handle:
        reference = {(r["iso3"], r["measure"], int(r["year"])): r for r in csv.DictReader(handle)}
    with (ROOT / "data" / "milex_sipri.csv").open(encoding="utf-8") as handle:
        ours = list(csv.DictReader(handle))
    assert ours
    for row in ours:
        ref = reference[(row["iso3"], row["measure"], int(row["year"]))]
        assert row["value"] == ref["value"], row  # the same text, hence the same float
        assert row["sipri_marker"] == ref["sipri_marker"]
        assert row["sipri_flag"] == ref["sipri_font_flag"]
        assert row["sipri_note_ref"] == ref["sipri_note_ref"]


def test_sipri_rows_are_complete_for_every_country_measure_and_year():
    milex = load("milex_sipri")
    counts = milex.groupby(["iso3", "measure"]).size()
    assert set(counts) == {2024 - 1949 + 1}  # every year 1949–2024, gaps included
    assert len(counts) == 13 * 5
    shares = milex.loc[milex["measure"] == "share_of_gdp", "value"].dropna()
    assert shares.between(0, 1).all()  # fractions, as SIPRI stores them


def test_the_national_budget_with_us_items_is_never_below_the_core_budget():
    budget = load("japan_defence_budget")
    core = spending.budget_series(budget, "defence_budget_core")
    with_us = spending.budget_series(budget, "defence_budget_with_us_forces_items")
    both = sorted(set(core.index) & set(with_us.index))
    assert len(both) >= 15
    assert all(with_us[y] > core[y] for y in both)


def test_the_fy2027_plan_parts_add_up_to_its_total():
    """8.9 (programme) + 0.2 (U.S.-forces items) + 0.9 (other ministries) leaves about ¥1.0 trillion
    for the four complementary areas within the ¥11 trillion (2024 white paper)."""
    plan = load("japan_defence_budget").query("stage == 'plan' and fiscal_year == 2027").set_index("item")["value_yen"]
    parts = plan["defence_budget_core"] + plan["us_forces_items"] + plan["other_ministries_security"]
    assert plan["security_related_total"] - parts == 1_000_000_000_000


def test_every_commitment_points_to_a_dated_event():
    plans, events = load("spending_plans"), load("events")
    assert set(plans["event_id"]) <= set(events["id"])
    assert {"ceiling", "target", "programme"} <= set(plans["kind"])
