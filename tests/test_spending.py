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


PLAN_BUDGET = pd.DataFrame({
    "fiscal_year": [2025, 2022, 2027, 2027, 2027],
    "item": ["defence_budget_with_us_forces_items", "gdp_basis", "defence_budget_core", "us_forces_items",
             "security_related_total"],
    "stage": ["initial", "plan", "plan", "plan", "plan"],
    "value_yen": [150, 1000, 160, 10, 200],
})
DECLARED = pd.DataFrame({
    "id": ["reached", "pledge"], "kind": ["achievement", "pledge"], "measure": ["total_yen", "share_of_gdp"],
    "value": [190.0, 2.0], "fiscal_year_from": [2025, 2025], "fiscal_year_to": [2025, 2025],
})


def test_two_percent_meanings_one_gdp_and_the_budget_pair_on_one_scope():
    table = spending.two_percent_meanings(MILEX, PLAN_BUDGET, DECLARED, sipri_year=2014, budget_year=2025)
    assert list(table["group"]) == ["SIPRI", "budget", "budget", "total", "total"]
    assert list(table["year"]) == [2014, 2025, 2027, 2025, 2027]
    assert list(table["percent_of_gdp"]) == [
        pytest.approx(1.10),  # SIPRI 0.0110, its own GDP
        pytest.approx(15.0),  # 150 / 1000, initial budget with the U.S.-forces items
        pytest.approx(17.0),  # (160 + 10) / 1000: the plan's programme figure plus its U.S.-forces items
        pytest.approx(19.0),  # 190 / 1000, the declared total (with a supplementary budget)
        pytest.approx(20.0),  # 200 / 1000, the planned total
    ]
    assert math.isnan(table.at[0, "value_yen"])  # SIPRI's share has no yen figure on the goal's basis
    assert "FY2027 plan" in table.at[2, "label"] and "supplementary" in table.at[3, "label"]
    assert table["approximate"].tolist() == [False, False, True, True, True]  # plan and declared: round figures


def test_two_percent_meanings_needs_a_declared_total():
    with pytest.raises(ValueError, match="achievement"):
        spending.two_percent_meanings(MILEX, PLAN_BUDGET, DECLARED.iloc[1:], sipri_year=2014, budget_year=2025)


def test_two_percent_findings_reads_the_rows_in_order():
    table = spending.two_percent_meanings(MILEX, PLAN_BUDGET, DECLARED, sipri_year=2014, budget_year=2025)
    values = spending.two_percent_findings(table, gdp_basis=1000e12)
    assert values["gdp_basis_tn"] == 1000
    assert (values["budget_share_year"], values["budget_share"]) == (2025, 15.0)
    assert (values["plan_year"], values["plan_budget_share"]) == (2027, 17.0)
    assert (values["reached_year"], values["reached_share"], values["plan_total_share"]) == (2025, 19, 20)


def test_two_percent_findings_gives_round_figures_no_false_precision():
    # declared total 11 on a GDP of 560 is 1.964…%: "about 2%", not 1.96%; plan 8.9 + 0.2 = 9.1 → 1.625 → 1.6
    # in ¥100 million (the budget's yen column holds whole numbers): 8.7005, 560, 8.9, 0.2 and 11 trillion
    budget = PLAN_BUDGET.assign(value_yen=[87_005, 5_600_000, 89_000, 2_000, 110_000])
    declared = DECLARED.assign(value=[110_000.0, 2.0])
    table = spending.two_percent_meanings(MILEX, budget, declared, sipri_year=2014, budget_year=2025)
    values = spending.two_percent_findings(table, gdp_basis=560e12)
    assert (values["reached_share"], values["plan_total_share"]) == (2, 2)
    assert values["plan_budget_share"] == 1.6
    assert values["budget_share"] == 1.55  # 8.7005 / 560 = 1.5537…%, an exact budget figure


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


# --- the section functions, on hand-made tables ---------------------------------------------------


def test_estimate_years_reads_sipri_s_flag():
    milex = _milex([("JPN", "share_of_gdp", 1952, 0.02), ("JPN", "share_of_gdp", 1953, 0.02),
                    ("JPN", "share_of_gdp", 1954, 0.01), ("JPN", "share_of_gdp", 1951, None)])
    milex["sipri_flag"] = ["estimate (blue font in SIPRI workbook)", "estimate (blue font in SIPRI workbook)", None,
                           "estimate (blue font in SIPRI workbook)"]
    assert spending.estimate_years(milex, "JPN") == [1952, 1953]  # 1951 has no value, 1954 no flag


def test_longest_run_below_counts_consecutive_years_only():
    series = pd.Series({1960: 1.1, 1961: 0.9, 1962: 0.8, 1963: 1.0, 1964: 0.9, 1965: 0.9, 1966: 0.9,
                        1967: float("nan"), 1968: 0.5})
    assert spending.longest_run_below(series, 1.0) == (1964, 1966)  # three years beat 1961–62; the gap ends it
    assert spending.longest_run_below(pd.Series({2000: 0.5, 2002: 0.5}), 1.0) == (2000, 2000)  # a missing year
    with pytest.raises(ValueError):
        spending.longest_run_below(pd.Series({2000: 2.0}), 1.0)


def test_implied_gdp_divides_spending_by_its_share():
    milex = _milex([("JPN", "local_currency_calendar_year", 2020, 5.0e12), ("JPN", "share_of_gdp", 2020, 0.01)])
    assert spending.implied_gdp(milex, "JPN")[2020] == pytest.approx(500e12)  # 5 trillion / 1%


def test_fiscal_years_text():
    assert spending.fiscal_years_text([2008, 2003, 2005]) == "FY2003, FY2005 and FY2008"
    assert spending.fiscal_years_text([2014]) == "FY2014"
    assert spending.fiscal_years_text([]) == "none"


def test_data_coverage_counts_initial_budget_years_and_names_the_gaps():
    budget = pd.DataFrame({
        "fiscal_year": [2002, 2004, 2004, 2006, 2006, 2022],
        "item": ["defence_budget_core", "defence_budget_core", "defence_budget_with_us_forces_items",
                 "defence_budget_core", "defence_budget_with_us_forces_items", "gdp_basis"],
        "stage": ["initial", "initial", "initial", "initial", "initial", "plan"],
        "value_yen": [1, 1, 2, 1, 2, 100],
    })
    values = spending.data_coverage(MILEX, budget)
    assert (values["budget_first"], values["budget_last"], values["n_budget_years"]) == (2002, 2006, 3)
    assert values["budget_missing"] == "FY2003 and FY2005"  # 2002–2006 less the three years held
    assert values["n_budget_missing"] == 2
    assert values["budget_core_only"] == "FY2002"  # the plan-stage GDP row is not a budget year
    assert values["n_sipri_gaps"] == 1 and values["n_sipri_rows"] == len(MILEX)


def _era_inputs():
    rows = [("JPN", "share_of_gdp", 1950, 0.020), ("JPN", "share_of_gdp", 1951, 0.009),
            ("JPN", "share_of_gdp", 1952, 0.008), ("JPN", "share_of_gdp", 1953, 0.007),
            ("JPN", "share_of_gdp", 1954, 0.011),
            ("JPN", "local_currency_calendar_year", 1953, 7.0), ("JPN", "local_currency_calendar_year", 1954, 9.9)]
    milex = _milex(rows)
    milex["sipri_flag"] = ["estimate (blue font in SIPRI workbook)"] + [None] * 6
    plans = pd.DataFrame({
        "id": ["cap", "off", "goal"], "event_id": ["cap-event", "off-event", "goal-event"],
        "kind": ["ceiling", "suspension", "target"], "value": [1.0, None, 2.0],
        "fiscal_year_from": [None, 1953, 1960], "fiscal_year_to": [1952, 1953, 1960],
    })
    events = pd.DataFrame({"id": ["cap-event", "off-event", "goal-event"], "date": ["1951-11-05", "1952-12", "1959"]})
    return milex, plans, events


def test_one_percent_findings_on_a_hand_made_series():
    values = spending.one_percent_findings(*_era_inputs(), base_year=1950)
    assert (values["first_under"], values["last_under"], values["years_under"]) == (1951, 1953, 3)
    assert (values["estimate_first"], values["estimate_last"], values["n_estimate_years"]) == (1950, 1950, 1)
    assert (values["low_share"], values["low_year"]) == (0.7, 1953)
    assert (values["cap_decided"], values["cap_first"], values["cap_last"]) == (1951, 1952, 1952)
    assert values["cap_mean"] == 0.8  # 1952 alone
    assert values["years_under_before_cap"] == 0  # under 1% from 1951, the cap decided in 1951
    assert values["cap_suspended_fy"] == 1953
    assert (values["back_over"], values["back_over_share"]) == (1954, 1.1)
    # GDP = spending / share: 7.0 / 0.007 = 1000 in 1953, 9.9 / 0.011 = 900 in 1954 → −10 %
    assert values["back_over_gdp_change"] == -10.0
    assert values["back_over_spending_change"] == pytest.approx(41.4)  # 9.9 / 7.0 − 1
    assert values["goal"] == 2 and values["share_first"] == 2.0


def test_regional_findings_ranks_japan_both_ways():
    snapshot = pd.DataFrame({"iso3": ["CHN", "JPN", "KOR"], "share_of_gdp_pct": [1.7, 1.0, 2.5],
                             "constant_2023_usd_bn": [300.0, 60.0, 50.0], "real_change_pct": [100.0, 50.0, 40.0]})
    milex = _milex([("CHN", "share_of_gdp", 2024, 0.017), ("JPN", "share_of_gdp", 2024, 0.01)])
    milex["sipri_flag"] = ["estimate (blue font in SIPRI workbook)", None]
    names = {"CHN": "China", "JPN": "Japan", "KOR": "South Korea"}
    values = spending.regional_findings(milex, snapshot, 2024, 2014, names)
    assert (values["rank_share"], values["rank_level"], values["n_region"]) == (3, 2, 3)
    assert values["lowest_share_country"] == "Japan"
    assert values["cn_multiple"] == 5.0  # 300 / 60
    assert values["region_estimated_sentence"] == "SIPRI marks only China's 2024 figure as its own estimate."
    assert values["region_base_year"] == 2014


def test_estimate_sentence_reads_right_for_none_one_and_several():
    assert (spending.estimate_sentence([], 2024)
            == "SIPRI marks none of these countries' 2024 figures as its own estimates.")
    assert spending.estimate_sentence(["China"], 2024) == "SIPRI marks only China's 2024 figure as its own estimate."
    assert (spending.estimate_sentence(["China", "India", "Taiwan"], 2023)
            == "SIPRI marks the 2023 figures of China, India and Taiwan as its own estimates.")


def test_needed_text_is_singular_for_one_year_and_plural_for_several():
    assert spending.needed_text([2027], 8.89e12) == "FY2027 would need ¥8.89 trillion"
    assert (spending.needed_text([2026, 2027], 9.1e12)
            == "the 2 budgets of FY2026–FY2027 would need ¥9.10 trillion a year on average")
    assert spending.needed_text([], 0.0) == "no budget remains to be passed"


US_ITEMS_2027 = pd.DataFrame({"fiscal_year": [2027], "item": ["us_forces_items"], "stage": ["plan"],
                              "value_yen": [1e12]})


def test_programme_findings_states_the_initial_budget_assumption():
    plans = pd.DataFrame({
        "id": ["level", "basis", "final"], "value": [60.0e12, 50.0e12, 12.0e12],
        "fiscal_year_from": [2023, 2023, 2027], "fiscal_year_to": [2027, 2027, 2027],
    })
    budget = pd.concat([pd.DataFrame({"fiscal_year": [2022, 2023, 2024], "item": ["defence_budget_core"] * 3,
                                      "stage": ["initial"] * 3, "value_yen": [8e12, 10e12, 12e12]}), US_ITEMS_2027])
    values = spending.programme_findings(budget, plans, "level", "basis", "final")
    assert values["plan_share"] == 44  # (10 + 12) / 50
    # (50 − 22) / 3 = 9.333…
    assert values["plan_needed_text"] == "the 3 budgets of FY2025–FY2027 would need ¥9.33 trillion a year on average"
    assert values["first_year_growth"] == 25.0  # 10 / 8 − 1
    assert (values["fy2027_tn"], values["fy2027_us_items_tn"], values["fy2027_with_us_tn"]) == (12.0, 1.0, 13.0)
    one_left = pd.concat([budget, pd.DataFrame({"fiscal_year": [2025, 2026], "item": ["defence_budget_core"] * 2,
                                                "stage": ["initial"] * 2, "value_yen": [12e12, 12e12]})])
    last_one = spending.programme_findings(one_left, plans, "level", "basis", "final")
    assert last_one["plan_needed_text"] == "FY2027 would need ¥4.00 trillion"  # 50 − 10 − 12 − 12 − 12


def test_programme_findings_needs_the_plan_s_us_forces_items():
    plans = pd.DataFrame({"id": ["level", "basis", "final"], "value": [60.0e12, 50.0e12, 12.0e12],
                          "fiscal_year_from": [2023, 2023, 2027], "fiscal_year_to": [2027, 2027, 2027]})
    budget = pd.DataFrame({"fiscal_year": [2022, 2023], "item": ["defence_budget_core"] * 2,
                           "stage": ["initial"] * 2, "value_yen": [8e12, 10e12]})
    with pytest.raises(ValueError, match="us_forces_items"):
        spending.programme_findings(budget, plans, "level", "basis", "final")


def test_currency_findings_separates_inflation_from_the_exchange_rate():
    # yen 1.0e12 → 1.5e12 (+50 %); current US$ flat (rate 100 → 150); constant US$ 20,000 → 25,000 (+25 %):
    # prices rose 1.5 / 1.25 − 1 = 20 %, the yen's fall took the dollar figure from +50 % to 0 %.
    values = spending.currency_findings(MILEX, "JPN", 2012, 2014)
    assert (values["yen_growth"], values["usd_growth"], values["real_growth"]) == (50, 0, 25)
    assert values["price_rise"] == 20
    assert (values["rate_start"], values["rate_latest"], values["rate_strongest_year"]) == (100.0, 150.0, 2012)


def test_currency_index_starts_at_100():
    index = spending.currency_index(MILEX, "JPN", 2012)
    assert index.loc[2012].tolist() == [100.0, 100.0, 100.0]
    assert index.loc[2014].tolist() == [pytest.approx(150.0), pytest.approx(100.0), pytest.approx(125.0)]


def test_reconciliation_findings():
    recon = pd.DataFrame({"fiscal_year": [2010, 2011, 2012], "difference_yen": [0, 5, -20],
                          "difference_pct": [0.0, 2.5, -8.0]})
    values = spending.reconciliation_findings(recon)
    assert (values["n_exact"], values["exact_years"], values["recon_within"]) == (1, "FY2010", 2)
    assert (values["recon_max_year"], values["recon_max_pct"]) == (2012, -8.0)  # the largest either way
    assert values["recon_tolerance"] == 3


def test_troop_findings_keeps_each_range_within_one_source():
    by_host = pd.DataFrame({"JPN": [100, 60, 50, 45, 30, 55, 52], "KOR": [10, 20, 30, 35, 40, 60, 40]},
                           index=[1950, 1972, 1973, 2005, 2006, 2022, 2023])
    values = spending.troop_findings(by_host, reversion_year=1972, policy_year=2022, source_change=2006)
    # first source after reversion: 1973–2005 (1972 itself excluded) → 45 (2005) to 50 (1973)
    assert (values["troops_min"], values["troops_min_year"]) == ("45", 2005)
    assert (values["troops_max"], values["troops_max_year"]) == ("50", 1973)
    assert (values["troops_at_change"], values["troops_source_before"]) == ("30", 2005)
    # second source 2006–2023 → 30 (2006) to 55 (2022)
    assert (values["troops_second_min"], values["troops_second_min_year"]) == ("30", 2006)
    assert (values["troops_second_max"], values["troops_second_max_year"]) == ("55", 2022)
    assert (values["troops_at_policy"], values["troops_last"], values["jp_rank_last"]) == ("55", "52", 1)


def test_other_base_findings_prefixes_the_growth_from_a_second_base():
    # 2013: yen 1.2e12, US$ 10,000 million (120 yen per dollar), constant 22,000, share 1.0 %;
    # 2014: yen 1.5e12 (+25 %), US$ 10,000 (0 %), constant 25,000 (25 / 22 − 1 = 13.6 % → 14)
    milex = pd.concat([MILEX, _milex([
        ("JPN", "local_currency_calendar_year", 2013, 1.2e12), ("JPN", "current_usd", 2013, 10_000.0),
        ("JPN", "constant_2023_usd", 2013, 22_000.0)])])
    milex.loc[(milex["iso3"] == "JPN") & (milex["measure"] == "share_of_gdp") & (milex["year"] == 2013), "value"] = 0.01
    values = spending.other_base_findings(milex, "JPN", 2013, 2014)
    assert values["other_base"] == 2013
    assert (values["other_yen_growth"], values["other_usd_growth"], values["other_real_growth"]) == (25, 0, 14)
    assert (values["other_rate_start"], values["other_share_base"]) == (120.0, 1.0)


def test_with_estimate_flag():
    table = spending.with_estimate_flag(pd.Series({1952: 2.0, 1965: 0.9}).rename_axis("year"), [1952], "share")
    assert table.to_dict("list") == {"year": [1952, 1965], "share": [2.0, 0.9], "sipri_estimate": [True, False]}


def test_the_chapter_s_facts_on_the_real_data():
    """Checks of the real data that the chapter's prose relies on, worked out from data/*.csv by hand:
    SIPRI's Japanese shares are under 1% in every year 1961–2019 and flagged as estimates 1952–1964;
    the troop low after reversion and before the change of source is 35,571 in 2005, and the 2006
    figure, at the change, is 35,453."""
    milex = load("milex_sipri")
    japan = spending.sipri_wide(milex, "share_of_gdp", ["JPN"])["JPN"]
    assert spending.longest_run_below(japan, 1.0) == (1961, 2019)
    assert spending.estimate_years(milex, "JPN") == list(range(1952, 1965))
    based = spending.troop_findings(spending.troops_by_host(load("us_troops")), 1972, 2022)
    assert (based["troops_min"], based["troops_min_year"]) == ("35,571", 2005)
    assert based["troops_at_change"] == "35,453"


def test_programme_findings_keeps_cabinet_drafts_apart():
    plans = pd.DataFrame({
        "id": ["level", "basis", "final"], "value": [60.0e12, 50.0e12, 12.0e12],
        "fiscal_year_from": [2023, 2023, 2027], "fiscal_year_to": [2027, 2027, 2027],
    })
    budget = pd.concat([pd.DataFrame({"fiscal_year": [2022, 2023, 2024, 2025], "item": ["defence_budget_core"] * 4,
                                      "stage": ["initial", "initial", "initial", "cabinet_draft"],
                                      "value_yen": [8e12, 10e12, 12e12, 13e12]}), US_ITEMS_2027])
    values = spending.programme_findings(budget, plans, "level", "basis", "final")
    assert values["plan_years_done"] == 2  # the draft is not a budget
    assert values["plan_needed_text"].endswith("¥9.33 trillion a year on average")  # (50 − 22) / 3
    assert values["plan_drafts"] == "FY2025"
    # (50 − 22 − 13) / 2 years without a draft
    assert (values["plan_needed_with_drafts_text"]
            == "the 2 budgets of FY2026–FY2027 would need ¥7.50 trillion a year on average")
    last = pd.concat([budget, pd.DataFrame({"fiscal_year": [2026], "item": ["defence_budget_core"],
                                            "stage": ["cabinet_draft"], "value_yen": [9e12]})])
    one = spending.programme_findings(last, plans, "level", "basis", "final")
    assert one["plan_needed_with_drafts_text"] == "FY2027 would need ¥6.00 trillion"  # 50 − 22 − 13 − 9


def test_data_coverage_names_drafts_and_does_not_count_them():
    budget = pd.DataFrame({"fiscal_year": [2024, 2025], "item": ["defence_budget_core"] * 2,
                           "stage": ["initial", "cabinet_draft"], "value_yen": [1, 2]})
    values = spending.data_coverage(MILEX, budget)
    assert (values["budget_last"], values["n_budget_years"], values["budget_drafts"]) == (2024, 1, "FY2025")


def test_budget_notes_keys_by_year_and_stage():
    budget = pd.DataFrame({"fiscal_year": [2024, 2025], "item": ["defence_budget_core"] * 2,
                           "stage": ["initial", "cabinet_draft"], "note": ["passed", "drafted"], "value_yen": [1, 2]})
    assert spending.budget_notes(budget, "defence_budget_core") == {(2024, "initial"): "passed",
                                                                    (2025, "cabinet_draft"): "drafted"}


def test_regional_series_gives_both_measures_and_their_estimate_years():
    milex = _milex([("JPN", "share_of_gdp", 2012, 0.01), ("JPN", "share_of_gdp", 2013, 0.011),
                    ("JPN", "constant_2023_usd", 2012, 50_000.0), ("JPN", "constant_2023_usd", 2013, 55_000.0)])
    milex["sipri_flag"] = [None, "estimate (blue font in SIPRI workbook)", None, None]
    series = spending.regional_series(milex, ["JPN"], since=2013)
    assert series["share"]["JPN"].to_dict() == {2013: pytest.approx(1.1)}
    assert series["usd"]["JPN"].to_dict() == {2013: pytest.approx(55.0)}  # US$ million → billion
    assert series["estimates"] == {("share", "JPN"): [2013], ("usd", "JPN"): []}
