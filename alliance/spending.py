"""Defence spending: SIPRI's series, Japan's own budget, and the commitments between them.

Pure functions over the tables that :func:`alliance.data.load` returns (``milex_sipri``,
``japan_defence_budget``, ``spending_plans``, ``us_troops``, ``events``). Nothing here reads a
file or draws; gaps in a series stay ``NaN`` and are never filled, because a missing year in
SIPRI's data is a fact about the source, not a zero.

Two definitions run through the chapter and must never be mixed silently:

* **SIPRI** (``milex_sipri``): SIPRI's definition of military expenditure, calendar years (the
  ``local_currency_financial_year`` measure excepted), shares of GDP as SIPRI computes them;
* **the national budget** (``japan_defence_budget``): the Ministry of Defense's 防衛関係費, by
  Japanese fiscal year (April to March), initial budgets only, with or without the items for U.S.
  forces (SACO and realignment).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

__all__ = [
    "budget_series",
    "change_between",
    "era_mean",
    "first_year_at_or_above",
    "implied_exchange_rate",
    "milestones",
    "plan_progress",
    "reconcile_sipri_with_budget",
    "regional_snapshot",
    "sipri_wide",
    "troops_by_host",
    "two_percent_meanings",
    "yen_and_dollar_change",
]

#: SIPRI stores shares as fractions; the book shows percent.
PERCENT = 100.0


def sipri_wide(milex: pd.DataFrame, measure: str, countries: Sequence[str] | None = None) -> pd.DataFrame:
    """One SIPRI measure as a year × country table (``NaN`` where SIPRI has no figure).

    ``share_of_gdp`` is returned in percent (SIPRI's fraction × 100), every other measure in its
    published unit. Columns follow ``countries`` when given, else alphabetical ISO3 order.
    """
    rows = milex[milex["measure"] == measure]
    if rows.empty:
        raise ValueError(f"no SIPRI rows for measure {measure!r}")
    wide = rows.pivot(index="year", columns="iso3", values="value").sort_index()
    wide.index = wide.index.astype(int)
    wide.columns.name = None
    if measure == "share_of_gdp":
        wide = wide * PERCENT
    if countries is not None:
        missing = sorted(set(countries) - set(wide.columns))
        if missing:
            raise ValueError(f"no SIPRI {measure} rows for {', '.join(missing)}")
        wide = wide[list(countries)]
    return wide


def first_year_at_or_above(series: pd.Series, threshold: float, since: int | None = None) -> int | None:
    """The first year (from ``since`` on) whose value is at or above ``threshold``; None if never."""
    values = series.dropna()
    if since is not None:
        values = values[values.index >= since]
    hits = values[values >= threshold]
    return int(hits.index[0]) if len(hits) else None


def era_mean(series: pd.Series, start: int, end: int) -> float:
    """Mean of a yearly series over the years ``start``…``end`` (inclusive) that have a value.

    Raises if the window holds no value, rather than returning NaN into a sentence.
    """
    window = series.loc[start:end].dropna()
    if window.empty:
        raise ValueError(f"no values between {start} and {end}")
    return float(window.mean())


def change_between(series: pd.Series, start: int, end: int) -> float:
    """Percentage change of a series from year ``start`` to year ``end`` (both must have values)."""
    first, last = series.get(start), series.get(end)
    if first is None or last is None or pd.isna(first) or pd.isna(last):
        raise ValueError(f"the series has no value for {start} or {end}")
    return float((last / first - 1.0) * PERCENT)


def implied_exchange_rate(milex: pd.DataFrame, iso3: str) -> pd.Series:
    """Local currency per U.S. dollar implied by SIPRI's own figures for one country and year:
    spending in local currency (calendar year) divided by spending in current US$. SIPRI converts
    at market exchange rates, so this recovers the yearly average rate it used."""
    local = sipri_wide(milex, "local_currency_calendar_year", [iso3])[iso3]
    dollars = sipri_wide(milex, "current_usd", [iso3])[iso3] * 1e6  # SIPRI: US$ million
    return (local / dollars).rename(f"{iso3} per US$")


def yen_and_dollar_change(milex: pd.DataFrame, iso3: str, start: int, end: int) -> pd.Series:
    """How much one country's spending grew from ``start`` to ``end`` in each unit: its own
    currency, current US$, constant (2023) US$, and the change of the implied exchange rate."""
    return pd.Series({
        "local currency": change_between(sipri_wide(milex, "local_currency_calendar_year", [iso3])[iso3], start, end),
        "current US$": change_between(sipri_wide(milex, "current_usd", [iso3])[iso3], start, end),
        "constant 2023 US$": change_between(sipri_wide(milex, "constant_2023_usd", [iso3])[iso3], start, end),
        "exchange rate (local per US$)": change_between(implied_exchange_rate(milex, iso3), start, end),
    }, name=f"{iso3} {start}–{end}, % change")


def regional_snapshot(milex: pd.DataFrame, year: int, countries: Sequence[str], base_year: int) -> pd.DataFrame:
    """Share of GDP and constant-dollar level in ``year`` for each country, and the real change
    since ``base_year``; sorted by level, largest first. Countries without a figure keep NaN."""
    share = sipri_wide(milex, "share_of_gdp", countries)
    level = sipri_wide(milex, "constant_2023_usd", countries)
    table = pd.DataFrame({
        "iso3": list(countries),
        "share_of_gdp_pct": [share.at[year, c] for c in countries],
        "constant_2023_usd_bn": [level.at[year, c] / 1000 for c in countries],
        "real_change_pct": [
            (level.at[year, c] / level.at[base_year, c] - 1) * PERCENT for c in countries
        ],
    })
    return table.sort_values(["constant_2023_usd_bn", "iso3"], ascending=[False, True]).reset_index(drop=True)


def budget_series(budget: pd.DataFrame, item: str, stage: str = "initial") -> pd.Series:
    """One item of Japan's budget table by fiscal year, in yen (only the years the data hold)."""
    rows = budget[(budget["item"] == item) & (budget["stage"] == stage)]
    if rows["fiscal_year"].duplicated().any():
        raise ValueError(f"{item}/{stage}: more than one row for a fiscal year")
    series = rows.set_index("fiscal_year")["value_yen"].astype("int64").sort_index()
    series.index = series.index.astype(int)
    return series.rename(item)


def plan_progress(budget: pd.DataFrame, plans: pd.DataFrame,
                  plan_id: str = "budget-basis-40-5-trillion-2022") -> pd.DataFrame:
    """The FY2023–27 programme against the budgets passed so far.

    The plan's budget-basis total (``plans`` row ``plan_id``) is compared with the initial
    Defense Buildup Program budgets (``defence_budget_core``) of its years: one row per fiscal
    year with the budget, the running total, and what the remaining years would need on average
    to reach the plan. Years not yet budgeted have no row.
    """
    plan = plans.set_index("id").loc[plan_id]
    first, last = int(plan["fiscal_year_from"]), int(plan["fiscal_year_to"])
    core = budget_series(budget, "defence_budget_core").loc[first:last]
    cumulative = core.cumsum()
    remaining_years = [last - int(year) for year in core.index]
    left = float(plan["value"]) - cumulative
    return pd.DataFrame({
        "fiscal_year": core.index,
        "budget_yen": core.to_numpy(),
        "cumulative_yen": cumulative.to_numpy(),
        "plan_total_yen": float(plan["value"]),
        "share_of_plan_pct": (cumulative / float(plan["value"]) * PERCENT).to_numpy(),
        "remaining_years": remaining_years,
        "needed_per_remaining_year_yen": [
            float(x) / n if n else float("nan") for x, n in zip(left, remaining_years, strict=True)
        ],
    })


def reconcile_sipri_with_budget(milex: pd.DataFrame, budget: pd.DataFrame) -> pd.DataFrame:
    """SIPRI's Japan series by fiscal year beside the national initial budget, year by year.

    SIPRI's ``local_currency_financial_year`` measure uses Japan's April–March year, so the two
    line up by year; SIPRI says its Japan figures include SACO, so they are set beside the budget
    *with* the U.S.-forces items. Only fiscal years present in both appear.
    """
    sipri = sipri_wide(milex, "local_currency_financial_year", ["JPN"])["JPN"].dropna()
    national = budget_series(budget, "defence_budget_with_us_forces_items")
    years = sorted(set(sipri.index) & set(national.index))
    table = pd.DataFrame({
        "fiscal_year": years,
        "sipri_yen": [float(sipri[y]) for y in years],
        "budget_with_us_forces_items_yen": [int(national[y]) for y in years],
    })
    table["difference_yen"] = table["sipri_yen"] - table["budget_with_us_forces_items_yen"]
    table["difference_pct"] = table["difference_yen"] / table["budget_with_us_forces_items_yen"] * PERCENT
    return table


def two_percent_meanings(milex: pd.DataFrame, budget: pd.DataFrame, sipri_year: int,
                         budget_year: int) -> pd.DataFrame:
    """What "2 % of GDP" comes to under each definition the book can compute.

    * SIPRI's share of GDP for Japan in ``sipri_year``;
    * the initial defence budget of ``budget_year`` (with the U.S.-forces items) over the GDP that
      the 2 % goal is measured against (the plan's ``gdp_basis`` row);
    * the plan's FY2027 defence budget, and its security-related total, over that same GDP.
    """
    share = sipri_wide(milex, "share_of_gdp", ["JPN"])["JPN"]
    gdp = float(budget_series(budget, "gdp_basis", stage="plan").iloc[0])
    with_us = budget_series(budget, "defence_budget_with_us_forces_items")
    plan_core = budget_series(budget, "defence_budget_core", stage="plan")
    plan_total = budget_series(budget, "security_related_total", stage="plan")
    rows = [
        ("SIPRI military expenditure, share of GDP", sipri_year, float(share[sipri_year])),
        ("Initial defence budget incl. U.S.-forces items ÷ the goal's GDP", budget_year,
         with_us[budget_year] / gdp * PERCENT),
        ("Plan: FY2027 defence budget ÷ the goal's GDP", int(plan_core.index[0]),
         plan_core.iloc[0] / gdp * PERCENT),
        ("Plan: FY2027 security-related total ÷ the goal's GDP", int(plan_total.index[0]),
         plan_total.iloc[0] / gdp * PERCENT),
    ]
    return pd.DataFrame(rows, columns=["definition", "year", "percent_of_gdp"])


def milestones(events: pd.DataFrame, ids: Sequence[str]) -> pd.DataFrame:
    """The named events, in the order given, with their year as a number for annotating a
    chart (month precision counts as mid-month, year precision as mid-year)."""
    from alliance.timeline import decimal_year, with_dates

    unknown = sorted(set(ids) - set(events["id"]))
    if unknown:
        raise KeyError(f"no such events: {', '.join(unknown)}")
    dated = with_dates(events.set_index("id").loc[list(ids)].reset_index())
    dated["x"] = decimal_year(dated["start"])
    return dated[["id", "date", "label", "title", "x", "source_url"]].reset_index(drop=True)


def troops_by_host(troops: pd.DataFrame) -> pd.DataFrame:
    """U.S. military personnel per year (rows) and host (ISO3 columns). A host whose dataset code
    changed (West Germany, then Germany) is summed within each year."""
    wide = troops.pivot_table(index="year", columns="host_iso3", values="troops", aggfunc="sum").sort_index()
    wide.index = wide.index.astype(int)
    wide.columns.name = None
    return wide
