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
    "TROOP_SOURCE_CHANGE",
    "budget_notes",
    "budget_series",
    "change_between",
    "currency_findings",
    "currency_index",
    "data_coverage",
    "era_mean",
    "estimate_sentence",
    "estimate_years",
    "first_year_at_or_above",
    "fiscal_years_text",
    "implied_exchange_rate",
    "implied_gdp",
    "longest_run_below",
    "milestones",
    "needed_text",
    "one_percent_findings",
    "other_base_findings",
    "plan_progress",
    "programme_findings",
    "reconcile_sipri_with_budget",
    "reconciliation_findings",
    "regional_findings",
    "regional_series",
    "regional_snapshot",
    "sipri_wide",
    "troop_findings",
    "troops_by_host",
    "two_percent_findings",
    "two_percent_meanings",
    "with_estimate_flag",
    "yen_and_dollar_change",
]

#: SIPRI stores shares as fractions; the book shows percent.
PERCENT = 100.0
TRILLION = 1e12
#: The ``stage`` of a budget the cabinet has approved and the Diet has not yet passed.
DRAFT = "cabinet_draft"
#: SIPRI's marker for a figure it estimated (blue font in its workbook), as ``milex_sipri.sipri_flag`` holds it.
ESTIMATE_FLAG = "estimate"
#: The first year of the second source in ``us_troops`` (troopdata's annual file: Tim Kane's
#: Heritage Foundation series to 2005, Defense Manpower Data Center reports after; data/README.md
#: and the reference data's PROVENANCE.md). The file has no column naming the source, so the seam
#: is recorded here once.
TROOP_SOURCE_CHANGE = 2006


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


def two_percent_meanings(milex: pd.DataFrame, budget: pd.DataFrame, plans: pd.DataFrame, sipri_year: int,
                         budget_year: int) -> pd.DataFrame:
    """What "2 % of GDP" comes to under each definition the book can compute, every national
    figure over the same GDP (the plan's ``gdp_basis`` row, the figure the goal is measured against).
    The defence-budget pair shares one scope; the security-related pair does not share a budget
    stage (the declared total includes a supplementary budget), and neither total is on the
    initial budget's stage, so captions and prose must say so:

    * SIPRI's share of GDP for Japan in ``sipri_year`` (its own definition and GDP; shown apart);
    * the defence budget *including* the U.S.-forces items: the initial budget of ``budget_year``
      and the FY2027 plan (its programme figure plus its U.S.-forces items);
    * the security-related total, the sum the goal counts: the latest total the government
      declared (``plans`` rows of kind ``achievement``, which include a supplementary budget) and
      the FY2027 plan.

    One row per bar: ``group``, ``label``, ``year``, ``value_yen`` (None for SIPRI),
    ``percent_of_gdp``, ``approximate`` (True where the yen figure is a round one: the plan's and
    the declared total, so that a chart does not show them to two decimals).
    """
    share = sipri_wide(milex, "share_of_gdp", ["JPN"])["JPN"]
    gdp = float(budget_series(budget, "gdp_basis", stage="plan").iloc[0])
    with_us = budget_series(budget, "defence_budget_with_us_forces_items")
    plan_core = budget_series(budget, "defence_budget_core", stage="plan")
    plan_us = budget_series(budget, "us_forces_items", stage="plan")
    plan_total = budget_series(budget, "security_related_total", stage="plan")
    plan_year = int(plan_core.index[0])
    declared = plans[(plans["kind"] == "achievement") & (plans["measure"] == "total_yen")]
    if declared.empty:
        raise ValueError("spending_plans: no row of kind 'achievement' with measure 'total_yen'")
    declared = declared.sort_values("fiscal_year_to").iloc[-1]
    def national(value: float) -> tuple[float, float]:
        return float(value), float(value) / gdp * PERCENT

    rows = [
        ("SIPRI", f"SIPRI share of GDP, {sipri_year}", sipri_year, float("nan"), float(share[sipri_year]), False),
        ("budget", f"Defence budget incl. U.S.-forces items, FY{budget_year} initial", budget_year,
         *national(with_us[budget_year]), False),
        ("budget", f"Defence budget incl. U.S.-forces items, FY{plan_year} plan", plan_year,
         *national(plan_core[plan_year] + plan_us[plan_year]), True),
        ("total", f"Security-related total, FY{int(declared['fiscal_year_to'])} incl. supplementary",
         int(declared["fiscal_year_to"]), *national(declared["value"]), True),
        ("total", f"Security-related total, FY{plan_year} plan", plan_year, *national(plan_total[plan_year]), True),
    ]
    return pd.DataFrame(rows, columns=["group", "label", "year", "value_yen", "percent_of_gdp", "approximate"])


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


# --- what each section of the chapter says, as one mapping per section -------------------------


def estimate_years(milex: pd.DataFrame, iso3: str, measure: str = "share_of_gdp") -> list[int]:
    """The years for which SIPRI marks one country's figure of ``measure`` as its own estimate."""
    rows = milex[(milex["iso3"] == iso3) & (milex["measure"] == measure) & milex["value"].notna()]
    flagged = rows["sipri_flag"].fillna("").str.startswith(ESTIMATE_FLAG)
    return sorted(int(y) for y in rows.loc[flagged, "year"])


def longest_run_below(series: pd.Series, threshold: float) -> tuple[int, int]:
    """First and last year of the longest run of consecutive years whose value is below
    ``threshold`` (a missing year ends a run: nothing is assumed about it). The earliest run wins
    a tie; raises if no value is below."""
    values = series.dropna()
    best: tuple[int, int] | None = None
    start = previous = None
    for year, value in values.items():
        year = int(year)
        if value < threshold and start is not None and previous == year - 1:
            previous = year
        elif value < threshold:
            start = previous = year
        else:
            start = previous = None
        if start is not None and (best is None or previous - start > best[1] - best[0]):
            best = (start, previous)
    if best is None:
        raise ValueError(f"no value below {threshold}")
    return best


def implied_gdp(milex: pd.DataFrame, iso3: str) -> pd.Series:
    """GDP in local currency implied by SIPRI's own figures: calendar-year spending divided by its
    share of GDP (so that a change in the share can be split into spending and GDP)."""
    local = sipri_wide(milex, "local_currency_calendar_year", [iso3])[iso3]
    share = sipri_wide(milex, "share_of_gdp", [iso3])[iso3] / PERCENT
    return (local / share).rename(f"{iso3} GDP (local currency)")


def fiscal_years_text(years: Sequence[int]) -> str:
    """Fiscal years as prose: ``[2003, 2005, 2008]`` → ``"FY2003, FY2005 and FY2008"``; none → ``"none"``."""
    names = [f"FY{int(y)}" for y in sorted(years)]
    if not names:
        return "none"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def data_coverage(milex: pd.DataFrame, budget: pd.DataFrame) -> dict[str, object]:
    """What the chapter's two main tables hold: SIPRI's rows and gaps, and the national budget's
    fiscal years (initial budgets): first, last, how many, which years in between are missing,
    which years hold the core figure only (without the U.S.-forces items), and which years have
    only a cabinet draft (not counted as budgets)."""
    initial = budget[budget["stage"] == "initial"]
    years = sorted(int(y) for y in initial["fiscal_year"].unique())
    core = set(budget_series(budget, "defence_budget_core").index)
    with_us = set(budget_series(budget, "defence_budget_with_us_forces_items").index)
    missing = sorted(set(range(years[0], years[-1] + 1)) - set(years))
    return {
        "n_sipri_rows": len(milex),
        "n_sipri_gaps": int(milex["value"].isna().sum()),
        "n_sipri_countries": int(milex["iso3"].nunique()),
        "budget_first": years[0],
        "budget_last": years[-1],
        "n_budget_years": len(years),
        "n_budget_missing": len(missing),
        "budget_missing": fiscal_years_text(missing),
        "budget_core_only": fiscal_years_text(sorted(core - with_us)),
        "budget_drafts": fiscal_years_text(sorted(int(y) for y in budget.loc[budget["stage"] == DRAFT, "fiscal_year"]
                                                  .unique())),
    }


def one_percent_findings(milex: pd.DataFrame, plans: pd.DataFrame, events: pd.DataFrame,
                         base_year: int) -> dict[str, object]:
    """The numbers of "Decades under one percent", on SIPRI's measure only (calendar-year
    expenditure over calendar-year GDP): where the series starts and which of its years SIPRI
    estimated, the longest run under 1 %, its low, the mean in the years the national 1 % cap
    applied (the cabinet decision's next year to the ceiling row's last fiscal year), how many
    years SIPRI's share was already under 1 % before the cap, the fiscal year the cap was set aside
    (the ``suspension`` row), and how spending and GDP moved in the year the share reached 1 % again."""
    japan = sipri_wide(milex, "share_of_gdp", ["JPN"])["JPN"].dropna()
    estimates = estimate_years(milex, "JPN")
    first_under, last_under = longest_run_below(japan, 1.0)
    back_over = first_year_at_or_above(japan, 1.0, since=last_under)
    ceiling = plans[plans["kind"] == "ceiling"].iloc[0]
    cap_decided = int(str(events.set_index("id").at[ceiling["event_id"], "date"])[:4])
    cap_last = int(ceiling["fiscal_year_to"])
    suspension = plans[plans["kind"] == "suspension"].iloc[0]
    spending_local = sipri_wide(milex, "local_currency_calendar_year", ["JPN"])["JPN"]
    gdp = implied_gdp(milex, "JPN")
    latest = int(japan.index.max())
    values: dict[str, object] = {
        "sipri_first": int(japan.index.min()),
        "sipri_last": latest,
        "share_first": round(float(japan.iloc[0]), 2),
        "n_estimate_years": len(estimates),
        "estimate_first": estimates[0] if estimates else None,
        "estimate_last": estimates[-1] if estimates else None,
        "first_under": first_under,
        "last_under": last_under,
        "years_under": last_under - first_under + 1,
        "low_share": round(float(japan.min()), 2),
        "low_year": int(japan.idxmin()),
        "cap_decided": cap_decided,
        "cap_first": cap_decided + 1,
        "cap_last": cap_last,
        "cap_mean": round(era_mean(japan, cap_decided + 1, cap_last), 2),
        "years_under_before_cap": cap_decided - first_under,
        "cap_suspended_fy": int(suspension["fiscal_year_from"]),
        "share_base": round(float(japan[base_year]), 2),
        "share_latest": round(float(japan[latest]), 2),
        "goal": int(plans.set_index("kind").loc["target", "value"]),
    }
    if back_over is not None:
        values |= {
            "back_over": back_over,
            "back_over_share": round(float(japan[back_over]), 2),
            "back_over_gdp_change": round(change_between(gdp, back_over - 1, back_over), 1),
            "back_over_spending_change": round(change_between(spending_local, back_over - 1, back_over), 1),
        }
    return values


def regional_findings(milex: pd.DataFrame, snapshot: pd.DataFrame, year: int, base_year: int,
                      names: dict[str, str]) -> dict[str, object]:
    """The numbers of "Japan in its region" from :func:`regional_snapshot`: Japan's rank by share
    of GDP and by amount, Japan's and China's levels and real growth since ``base_year``, the
    country with the lowest share, and the countries whose ``year`` figures SIPRI estimated."""
    by_share = snapshot.sort_values(["share_of_gdp_pct", "iso3"], ascending=[False, True]).reset_index(drop=True)
    by_level = snapshot.sort_values(["constant_2023_usd_bn", "iso3"], ascending=[False, True]).reset_index(drop=True)
    row = snapshot.set_index("iso3")
    estimated = [names[c] for c in snapshot["iso3"] if year in estimate_years(milex, c, "constant_2023_usd")
                 or year in estimate_years(milex, c)]
    return {
        "region_year": year,
        "region_base_year": base_year,
        "n_region": len(snapshot),
        "rank_share": int(by_share.index[by_share["iso3"] == "JPN"][0]) + 1,
        "rank_level": int(by_level.index[by_level["iso3"] == "JPN"][0]) + 1,
        "lowest_share_country": names[by_share.iloc[-1]["iso3"]],
        "jp_bn": round(float(row.at["JPN", "constant_2023_usd_bn"]), 1),
        "cn_bn": round(float(row.at["CHN", "constant_2023_usd_bn"]), 1),
        "cn_multiple": round(float(row.at["CHN", "constant_2023_usd_bn"] / row.at["JPN", "constant_2023_usd_bn"]), 1),
        "jp_real_change": round(float(row.at["JPN", "real_change_pct"])),
        "cn_real_change": round(float(row.at["CHN", "real_change_pct"])),
        "region_estimated_sentence": estimate_sentence(estimated, year),
    }


def estimate_sentence(countries: Sequence[str], year: int) -> str:
    """One sentence saying which countries' ``year`` figures SIPRI marks as its own estimates,
    with the grammar right for none, one or several (e.g. "SIPRI marks only China's 2024 figure
    as its own estimate.")."""
    if not countries:
        return f"SIPRI marks none of these countries' {year} figures as its own estimates."
    if len(countries) == 1:
        return f"SIPRI marks only {countries[0]}'s {year} figure as its own estimate."
    listed = ", ".join(countries[:-1]) + f" and {countries[-1]}"
    return f"SIPRI marks the {year} figures of {listed} as its own estimates."


def programme_findings(budget: pd.DataFrame, plans: pd.DataFrame,
                       total_id: str = "buildup-level-43-trillion-2022",
                       budget_basis_id: str = "budget-basis-40-5-trillion-2022",
                       final_year_id: str = "fy2027-budget-8-9-trillion-2022") -> dict[str, object]:
    """The numbers of "The five-year programme" from :func:`plan_progress`: the plan's sizes (the
    FY2027 programme figure also with the plan's U.S.-forces items, the defence budget's usual
    scope), the budgets passed so far and their share of the budget-basis total, and what the
    remaining years would need **if only initial budgets count** (the only stage this book's
    national series holds; the prose states that assumption), as clauses from :func:`needed_text`
    so that one year and several read right. Cabinet drafts of the remaining years are not counted
    as budgets; ``plan_needed_with_drafts_text`` is what the years without even a draft would need
    if the drafts passed unchanged."""
    progress = plan_progress(budget, plans, budget_basis_id)
    by_id = plans.set_index("id")
    first, last = int(by_id.at[budget_basis_id, "fiscal_year_from"]), int(by_id.at[budget_basis_id, "fiscal_year_to"])
    done = progress.iloc[-1]
    remaining = int(done["remaining_years"])
    core = budget_series(budget, "defence_budget_core")
    drafts = budget_series(budget, "defence_budget_core", stage=DRAFT)
    drafts = drafts[[first <= y <= last and y not in set(progress["fiscal_year"]) for y in drafts.index]]
    undrafted = [y for y in range(last - remaining + 1, last + 1) if y not in set(drafts.index)]
    left = float(by_id.at[budget_basis_id, "value"]) - float(done["cumulative_yen"]) - float(drafts.sum())
    needed = float(done["needed_per_remaining_year_yen"]) if remaining else 0.0
    plan_us = budget_series(budget, "us_forces_items", stage="plan")
    if last not in plan_us.index:
        raise ValueError(f"japan_defence_budget: no 'us_forces_items' row of stage 'plan' for FY{last}")
    final = float(by_id.at[final_year_id, "value"])
    return {
        "plan_needed_text": needed_text(list(range(last - remaining + 1, last + 1)), needed),
        "plan_needed_with_drafts_text": needed_text(undrafted, left / len(undrafted) if undrafted else 0.0),
        "plan_drafts": fiscal_years_text(list(drafts.index)),
        "dbp_level_tn": round(float(by_id.at[total_id, "value"]) / TRILLION),
        "plan_total_tn": round(float(by_id.at[budget_basis_id, "value"]) / TRILLION, 1),
        "fy2027_tn": round(final / TRILLION, 1),
        "fy2027_us_items_tn": round(float(plan_us[last]) / TRILLION, 1),
        "fy2027_with_us_tn": round((final + float(plan_us[last])) / TRILLION, 1),
        "plan_first": first,
        "plan_last": last,
        "plan_n_years": last - first + 1,
        "plan_years_done": len(progress),
        "plan_last_done": int(done["fiscal_year"]),
        "plan_cum_tn": round(float(done["cumulative_yen"]) / TRILLION, 1),
        "plan_share": round(float(done["share_of_plan_pct"])),
        "plan_year_before": first - 1,
        "first_year_growth": round(change_between(core, first - 1, first), 1),
    }


def needed_text(years: Sequence[int], per_year_yen: float) -> str:
    """What the budgets of ``years`` would need, as a clause with the grammar right for the number
    of years: "FY2027 would need ¥8.89 trillion", "FY2026–FY2027 would need ¥9.10 trillion a year on
    average", or "no budget remains to be passed" when ``years`` is empty."""
    if not years:
        return "no budget remains to be passed"
    amount = f"¥{per_year_yen / TRILLION:.2f} trillion"
    if len(years) == 1:
        return f"FY{years[0]} would need {amount}"
    return f"the {len(years)} budgets of FY{min(years)}–FY{max(years)} would need {amount} a year on average"


def currency_index(milex: pd.DataFrame, iso3: str, start: int) -> pd.DataFrame:
    """One country's spending from ``start`` on, indexed to ``start`` = 100, in current local
    currency, current US$ and constant 2023 US$ (SIPRI's three money measures)."""
    measures = {"local_currency_calendar_year": "local currency (current)", "current_usd": "US$ (current)",
                "constant_2023_usd": "US$ (constant 2023)"}
    frame = pd.DataFrame({label: sipri_wide(milex, measure, [iso3])[iso3] for measure, label in measures.items()})
    frame = frame.loc[start:]
    return frame / frame.loc[start] * PERCENT


def currency_findings(milex: pd.DataFrame, iso3: str, start: int, end: int) -> dict[str, object]:
    """The numbers of "Yen or dollars?": growth from ``start`` to ``end`` in current yen, current
    US$ and constant 2023 US$, the exchange rate SIPRI's figures imply at both ends, and the rise
    in prices that SIPRI's deflator implies (current yen over constant dollars: SIPRI deflates
    local currency by the country's consumer prices, then converts at one year's exchange rate, so
    the step from yen growth to constant-dollar growth is inflation, not the exchange rate), and
    the year in which the local currency was strongest against the dollar (fewest units per US$)."""
    change = yen_and_dollar_change(milex, iso3, start, end)
    rate = implied_exchange_rate(milex, iso3)
    rates = rate.dropna()
    local = sipri_wide(milex, "local_currency_calendar_year", [iso3])[iso3]
    constant = sipri_wide(milex, "constant_2023_usd", [iso3])[iso3]
    return {
        "fx_start": start,
        "fx_end": end,
        "yen_growth": round(float(change["local currency"])),
        "usd_growth": round(float(change["current US$"])),
        "real_growth": round(float(change["constant 2023 US$"])),
        "price_rise": round(change_between(local / constant, start, end)),
        "rate_start": round(float(rate[start]), 1),
        "rate_latest": round(float(rate[end]), 1),
        "rate_first_year": int(rates.index.min()),
        "rate_strongest_year": int(rates.idxmin()),
    }


def other_base_findings(milex: pd.DataFrame, iso3: str, base: int, end: int) -> dict[str, object]:
    """The growth figures of :func:`currency_findings` (current yen, current US$, constant 2023 US$,
    SIPRI's share of GDP at the base) from a second base year, keys prefixed ``other_``, so that the
    chapter can show how much its "since" figures depend on the base it chose."""
    values = currency_findings(milex, iso3, base, end)
    share = sipri_wide(milex, "share_of_gdp", [iso3])[iso3]
    return {
        "other_base": base,
        "other_yen_growth": values["yen_growth"],
        "other_usd_growth": values["usd_growth"],
        "other_real_growth": values["real_growth"],
        "other_rate_start": values["rate_start"],
        "other_share_base": round(float(share[base]), 2),
    }


def reconciliation_findings(recon: pd.DataFrame, tolerance_pct: float = 3.0) -> dict[str, object]:
    """The numbers of "SIPRI and the national budget" from :func:`reconcile_sipri_with_budget`."""
    exact = recon[recon["difference_yen"] == 0]
    largest = recon.loc[recon["difference_pct"].abs().idxmax()]
    return {
        "n_recon": len(recon),
        "recon_first_year": int(recon["fiscal_year"].min()),
        "recon_last_year": int(recon["fiscal_year"].max()),
        "n_exact": len(exact),
        "exact_years": fiscal_years_text(exact["fiscal_year"].tolist()),
        "recon_tolerance": int(tolerance_pct) if float(tolerance_pct).is_integer() else tolerance_pct,
        "recon_within": int((recon["difference_pct"].abs() <= tolerance_pct).sum()),
        "recon_max_year": int(largest["fiscal_year"]),
        "recon_max_pct": round(float(largest["difference_pct"]), 1),
        "recon_latest_year": int(recon["fiscal_year"].iloc[-1]),
        "recon_latest_pct": round(float(recon["difference_pct"].iloc[-1]), 1),
    }


def two_percent_findings(meanings: pd.DataFrame, gdp_basis: float) -> dict[str, object]:
    """The numbers of "What 2 % of GDP means" from :func:`two_percent_meanings` (its rows in
    order: SIPRI; budget now and planned; security-related total declared and planned).

    No false precision: the declared and planned totals are round figures ("about ¥11 trillion")
    over a round GDP ("about ¥560 trillion"), so their shares are given to the whole percent; the
    planned defence budget (two round figures) to one decimal; only the initial budget, an exact
    figure, to two."""
    sipri, budget_now, budget_plan, total_now, total_plan = meanings.itertuples()
    return {
        "gdp_basis_tn": round(gdp_basis / TRILLION),
        "sipri_share_year": int(sipri.year),
        "sipri_share_latest": round(sipri.percent_of_gdp, 2),
        "budget_share_year": int(budget_now.year),
        "budget_share": round(budget_now.percent_of_gdp, 2),
        "plan_year": int(budget_plan.year),
        "plan_budget_tn": round(budget_plan.value_yen / TRILLION, 1),
        "plan_budget_share": round(budget_plan.percent_of_gdp, 1),
        "reached_year": int(total_now.year),
        "reached_tn": round(total_now.value_yen / TRILLION),
        "reached_share": round(total_now.percent_of_gdp),
        "plan_security_total_tn": round(total_plan.value_yen / TRILLION),
        "plan_total_share": round(total_plan.percent_of_gdp),
    }


def troop_findings(by_host: pd.DataFrame, reversion_year: int, policy_year: int,
                   source_change: int = TROOP_SOURCE_CHANGE) -> dict[str, object]:
    """The numbers of "U.S. forces in Japan" from :func:`troops_by_host` (column ``JPN``): first
    and latest figures, the range after reversion (from the year after it) **within each source**
    (the first source to ``source_change`` − 1, the second from ``source_change``), the figure in
    the year the source changes, Japan's rank among the hosts in the latest year and the figure in
    ``policy_year``. Ranges never span the seam, since a change across it may be one of counting."""
    japan = by_host["JPN"].dropna()
    before = japan.loc[reversion_year + 1:source_change - 1]
    since = japan.loc[source_change:]
    last = int(japan.index.max())
    return {
        "troops_first_year": int(japan.index.min()),
        "troops_first": f"{int(japan.iloc[0]):,}",
        "reversion_year": reversion_year,
        "troops_min": f"{int(before.min()):,}",
        "troops_min_year": int(before.idxmin()),
        "troops_max": f"{int(before.max()):,}",
        "troops_max_year": int(before.idxmax()),
        "troops_source_change": source_change,
        "troops_source_before": source_change - 1,
        "troops_at_change": f"{int(japan[source_change]):,}",
        "troops_second_min": f"{int(since.min()):,}",
        "troops_second_min_year": int(since.idxmin()),
        "troops_second_max": f"{int(since.max()):,}",
        "troops_second_max_year": int(since.idxmax()),
        "troops_policy_year": policy_year,
        "troops_at_policy": f"{int(japan[policy_year]):,}",
        "troops_last_year": last,
        "troops_last": f"{int(japan.iloc[-1]):,}",
        "jp_rank_last": int((by_host.loc[last].dropna() > japan.iloc[-1]).sum()) + 1,
        "n_hosts": int(by_host.loc[last].notna().sum()),
    }


def with_estimate_flag(series: pd.Series, estimates: Sequence[int], name: str) -> pd.DataFrame:
    """A yearly series as a table (``year``, ``name``, ``sipri_estimate``) for a figure's download,
    so that SIPRI's estimate flag travels with the values."""
    table = series.rename(name).rename_axis("year").reset_index()
    return table.assign(sipri_estimate=table["year"].isin(list(estimates)))


def budget_notes(budget: pd.DataFrame, item: str) -> dict[tuple[int, str], str]:
    """What each figure of one budget item covers, in the data's own words (its ``note``), keyed
    by (fiscal year, stage), for hover texts."""
    rows = budget[budget["item"] == item]
    return {(int(r.fiscal_year), str(r.stage)): str(r.note) for r in rows.itertuples()}


def regional_series(milex: pd.DataFrame, countries: Sequence[str], since: int) -> dict[str, object]:
    """The regional comparison over time, for the chart that switches measures: share of GDP (%)
    and constant 2023 US$ (billion) from ``since`` on, and for each measure and country the years
    SIPRI estimated (keys ``share``, ``usd``, ``estimates`` = {(measure, iso3): [years]})."""
    share = sipri_wide(milex, "share_of_gdp", countries).loc[since:]
    usd = sipri_wide(milex, "constant_2023_usd", countries).loc[since:] / 1000
    estimates = {(key, iso3): estimate_years(milex, iso3, measure)
                 for key, measure in (("share", "share_of_gdp"), ("usd", "constant_2023_usd")) for iso3 in countries}
    return {"share": share, "usd": usd, "estimates": estimates}
