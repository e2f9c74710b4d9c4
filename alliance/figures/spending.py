"""Charts of the defence-spending chapter, drawn in the house style from computed tables.

Each ``…_figure`` function draws one figure at column width (6.8 in, every text ≥ 9 pt) and
returns it; the ``…_alt`` function beside it describes the same chart in words from the same
values, so that the picture and its alt text cannot drift apart. The notebook adds source line,
caption and data with :func:`alliance.figures.style.publish`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from alliance.figures import interactive as ix
from alliance.figures.style import MIN_FONT_PT, PALETTE

__all__ = [
    "JAPAN_SHARE_EVENTS",
    "RECONCILIATION_CAPTION",
    "REGIONAL_MEASURES",
    "japan_share_alt",
    "japan_share_caption",
    "japan_share_chart",
    "japan_share_figure",
    "plan_alt",
    "plan_caption",
    "plan_chart",
    "plan_figure",
    "reconciliation_alt",
    "reconciliation_figure",
    "regional_chart",
    "regional_level_alt",
    "regional_level_caption",
    "regional_level_figure",
    "regional_share_alt",
    "regional_share_caption",
    "regional_share_figure",
    "troops_alt",
    "troops_caption",
    "troops_figure",
    "two_percent_alt",
    "two_percent_caption",
    "two_percent_figure",
    "yen_dollar_alt",
    "yen_dollar_caption",
    "yen_dollar_figure",
    "yen_dollar_title",
]

#: Width of every figure of the chapter, in inches: with savefig's padding the PNG is at most 672 CSS
#: px wide, the book theme's content column at 1280 px, so that it is never shrunk there.
WIDTH = 6.7
SMALL = MIN_FONT_PT
TRILLION = 1e12
#: One colour per country wherever countries are compared, Japan always in blue.
COUNTRY_COLOURS = {
    "JPN": PALETTE["blue"], "CHN": PALETTE["vermillion"], "KOR": PALETTE["green"], "AUS": PALETTE["orange"],
    "IND": PALETTE["purple"], "TWN": PALETTE["sky"], "PHL": PALETTE["black"], "USA": PALETTE["grey"],
    "DEU": PALETTE["orange"],
}
#: Colour of each group of bars in the 2 % chart.
GROUP_COLOURS = {"SIPRI": PALETTE["grey"], "budget": PALETTE["blue"], "total": PALETTE["green"]}


def _split_estimates(share: pd.Series, estimates: Sequence[int]) -> tuple[pd.Series, pd.Series]:
    """The series as (the years SIPRI estimated, the other years); the estimated piece also takes
    the first other year, so that the drawn line is unbroken where the two meet."""
    flagged = share.index.isin(list(estimates))
    measured = share[~flagged]
    if measured.empty:
        return share[flagged], measured
    return share[flagged | (share.index == measured.index.min())], measured


def _marker_levels(xs: Sequence[float], min_gap: float) -> list[int]:
    """Height level (0 top, 1 below) for each numbered marker: a marker closer than ``min_gap``
    years to the previous one on the top level drops one level, so that no two circles overlap."""
    levels: list[int] = []
    for i, x in enumerate(xs):
        levels.append(1 if i and x - xs[i - 1] < min_gap and levels[-1] == 0 else 0)
    return levels


def japan_share_figure(share: pd.Series, estimates: Sequence[int], marks: pd.DataFrame,
                       cap_years: tuple[float, float], goal: float, title: str) -> Figure:
    """Japan's share of GDP (SIPRI) by year, the years SIPRI estimated drawn dotted, with the 1 %
    line, the 2 % goal, the years the national 1 % cap applied shaded, and the given events marked
    by numbered vertical lines; the legend and the numbers' labels are listed under the chart (so
    that nothing covers the line and no label can overlap another)."""
    fig = plt.figure(figsize=(WIDTH, 4.9))
    ax = fig.add_axes((0.09, 0.44, 0.89, 0.5))
    ax.axvspan(*cap_years, color="#e6e6e6", lw=0, zorder=0, label="national 1% of GNP cap in force")
    estimated, measured = _split_estimates(share, estimates)
    ax.plot(measured.index, measured.to_numpy(), color=PALETTE["blue"], label="SIPRI share of GDP")
    if len(estimated) > 1:
        ax.plot(estimated.index, estimated.to_numpy(), color=PALETTE["blue"], ls=":",
                label="SIPRI share of GDP, SIPRI's estimate")
    ax.axhline(1.0, color=PALETTE["black"], lw=1, ls="-.", label="1%")
    ax.axhline(goal, color=PALETTE["vermillion"], lw=1.2, ls="--", label=f"{goal:g}% goal (national measure)")
    top = max(float(share.max()), goal) * 1.25
    xs = [float(x) for x in marks["x"]]
    for number, (x, level) in enumerate(zip(xs, _marker_levels(xs, 2.5), strict=True), start=1):
        ax.axvline(x, color=PALETTE["grey"], lw=0.8, zorder=1)
        ax.text(x, top * (0.985 - 0.1 * level), str(number), ha="center", va="top", fontsize=SMALL,
                fontweight="bold", color="#333333",
                bbox={"boxstyle": "circle,pad=0.2", "fc": "white", "ec": PALETTE["grey"], "lw": 0.6})
    ax.set_ylim(0, top)
    ax.set_xlim(share.index.min() - 1, share.index.max() + 1)
    ax.set_ylabel("% of GDP")
    ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(-0.08, -0.08), ncol=2, fontsize=SMALL)
    keys = [f"{i}  {m.label} ({m.date[:4]})" for i, m in enumerate(marks.itertuples(), start=1)]
    half = (len(keys) + 1) // 2
    for column, chunk in enumerate((keys[:half], keys[half:])):
        fig.text(0.02 + 0.48 * column, 0.19, "\n".join(chunk), ha="left", va="top", fontsize=SMALL,
                 color="#333333", linespacing=1.5)
    return fig


def japan_share_alt(share: pd.Series, estimates: Sequence[int], marks: pd.DataFrame, first_under: int,
                    last_under: int, goal: float) -> str:
    """Alt text of :func:`japan_share_figure`, from the same values."""
    first, last = int(share.index.min()), int(share.index.max())
    estimated = (f" SIPRI marks {min(estimates)}–{max(estimates)} as its estimates (dotted)." if estimates else "")
    return (
        f"Line chart of Japan's SIPRI share of GDP from {first} to {last}. It starts at {share.iloc[0]:.2f}% in "
        f"{first}, is under 1% every year from {first_under} to {last_under}, bottoms at {share.min():.2f}% in "
        f"{int(share.idxmin())} and ends at {share.iloc[-1]:.2f}% in {last}, below the {goal:g}% goal line."
        f"{estimated} Numbered markers: "
        + "; ".join(f"{i} {m.label} {m.date[:4]}" for i, m in enumerate(marks.itertuples(), start=1)) + "."
    )


def regional_share_figure(share: pd.DataFrame, names: dict[str, str], title: str) -> Figure:
    """Share of GDP by year for each country (Japan drawn thicker), the 2 % line dashed."""
    fig, ax = plt.subplots(figsize=(WIDTH, 4.2))
    for iso3 in share.columns:
        series = share[iso3].dropna()
        ax.plot(series.index, series.to_numpy(), color=COUNTRY_COLOURS[iso3], lw=3 if iso3 == "JPN" else 1.4,
                label=names[iso3])
    ax.axhline(2.0, color=PALETTE["vermillion"], lw=1, ls="--")
    ax.set_ylabel("% of GDP (SIPRI)")
    ax.set_ylim(0, None)
    ax.legend(ncol=4, loc="upper center", bbox_to_anchor=(0.5, -0.1), fontsize=SMALL)
    ax.set_title(title)
    fig.tight_layout()
    return fig


def regional_share_alt(share: pd.DataFrame, names: dict[str, str]) -> str:
    """Alt text of :func:`regional_share_figure`: the span and each country's latest share."""
    last = share.iloc[-1].dropna().sort_values(ascending=False)
    return (f"Line chart of military spending as a share of GDP from {share.index.min()} to {share.index.max()} "
            f"for {', '.join(names[c] for c in share.columns)}, with a dashed line at 2%. In {share.index.max()}: "
            + ", ".join(f"{names[c]} {v:.2f}%" for c, v in last.items()) + ".")


def regional_level_figure(snapshot: pd.DataFrame, names: dict[str, str], year: int, base_year: int,
                          title: str) -> Figure:
    """The level in ``year`` in constant 2023 US$ per country, with the real change since
    ``base_year`` printed beside each bar."""
    fig, ax = plt.subplots(figsize=(WIDTH, 3.6))
    ordered = snapshot.sort_values("constant_2023_usd_bn")
    bars = ax.barh([names[c] for c in ordered["iso3"]], ordered["constant_2023_usd_bn"],
                   color=[COUNTRY_COLOURS[c] for c in ordered["iso3"]])
    for bar, change in zip(bars, ordered["real_change_pct"], strict=True):
        ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, f" {change:+.0f}% since {base_year}",
                va="center", fontsize=SMALL)
    ax.set_xlabel(f"US$ billion in {year}, constant 2023 prices and exchange rates")
    ax.set_xlim(0, float(ordered["constant_2023_usd_bn"].max()) * 1.4)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.set_title(title)
    return fig


def regional_level_alt(snapshot: pd.DataFrame, names: dict[str, str], year: int, base_year: int) -> str:
    """Alt text of :func:`regional_level_figure`."""
    return (f"Horizontal bars of military spending in {year} in constant 2023 US$, largest first: "
            + ", ".join(f"{names[r.iso3]} {r.constant_2023_usd_bn:.1f} billion ({r.real_change_pct:+.0f}% since "
                        f"{base_year})" for r in snapshot.sort_values("constant_2023_usd_bn", ascending=False)
                        .itertuples()) + ".")


def plan_figure(progress: pd.DataFrame, plan_years: tuple[int, int], plan_total: float,
                final_year_target: float, title: str, drafts: pd.Series | None = None) -> Figure:
    """The Defense Buildup Program's initial budgets so far, any cabinet drafts of the years
    after them (hatched, apart: not yet passed), against the even pace the budget-basis total
    implies and the final-year figure the plan names."""
    first, last = plan_years
    years = list(range(first, last + 1))
    drafts = _pending_drafts(progress, drafts, plan_years)
    fig, ax = plt.subplots(figsize=(WIDTH, 3.9))
    values = progress.set_index("fiscal_year")["budget_yen"] / TRILLION
    ax.bar([str(y) for y in values.index], values.to_numpy(), color=PALETTE["blue"], label="initial budget")
    if len(drafts):
        ax.bar([str(y) for y in drafts.index], (drafts / TRILLION).to_numpy(), color="white",
               edgecolor=PALETTE["blue"], hatch="//", label="cabinet draft (not yet passed)")
    for year, value in [*values.items(), *(drafts / TRILLION).items()]:
        ax.text(str(year), value, f"{value:.2f}", ha="center", va="bottom", fontsize=SMALL)
    pending = [str(y) for y in years if y not in values.index and y not in drafts.index]
    if pending:
        ax.bar(pending, [0] * len(pending))  # keep the remaining years on the axis, empty
    even = plan_total / len(years) / TRILLION
    ax.axhline(even, color=PALETTE["grey"], ls=":", lw=1.2, label=f"even pace of the total: {even:.1f} a year")
    ax.scatter([str(last)], [final_year_target / TRILLION], marker="D", color=PALETTE["vermillion"], zorder=3,
               label=f"plan for FY{last}: {final_year_target / TRILLION:.1f}")
    ax.set_ylabel("¥ trillion")
    ax.set_xlabel("Fiscal year (April–March)")
    ax.set_ylim(0, final_year_target / TRILLION * 1.3)
    ax.legend(loc="upper left", fontsize=SMALL, ncol=2)
    ax.set_title(title)
    return fig


def _pending_drafts(progress: pd.DataFrame, drafts: pd.Series | None, plan_years: tuple[int, int]) -> pd.Series:
    """The drafts of programme years that have no initial budget yet (a passed budget replaces its draft)."""
    if drafts is None:
        return pd.Series(dtype=float)
    first, last = plan_years
    keep = [y for y in drafts.index if first <= y <= last and y not in set(progress["fiscal_year"])]
    return drafts.loc[keep].astype(float)


def plan_alt(progress: pd.DataFrame, plan_years: tuple[int, int], plan_total: float, final_year_target: float,
             drafts: pd.Series | None = None) -> str:
    """Alt text of :func:`plan_figure`."""
    first, last = plan_years
    drafts = _pending_drafts(progress, drafts, plan_years)
    drafted = "".join(f"; FY{y} cabinet draft ¥{v / TRILLION:.2f} trillion (hatched)" for y, v in drafts.items())
    return ("Bar chart of the programme's initial budgets: "
            + ", ".join(f"FY{int(r.fiscal_year)} ¥{r.budget_yen / TRILLION:.2f} trillion"
                        for r in progress.itertuples())
            + drafted
            + f"; the years to FY{last} without a budget yet are empty. A dotted line marks the even pace of "
              f"¥{plan_total / (last - first + 1) / TRILLION:.1f} trillion a year and a diamond the FY{last} "
              f"figure of ¥{final_year_target / TRILLION:.1f} trillion.")


def yen_dollar_figure(index: pd.DataFrame, base_year: int, title: str) -> Figure:
    """Spending indexed to ``base_year`` = 100 in current local currency, current dollars and
    constant dollars: the gap between the first two is the exchange rate, the gap between the
    first and the third is inflation."""
    fig, ax = plt.subplots(figsize=(WIDTH, 3.9))
    styles = [(PALETTE["blue"], "-"), (PALETTE["orange"], "--"), (PALETTE["green"], "-.")]
    for column, (colour, style) in zip(index.columns, styles, strict=True):
        ax.plot(index.index, index[column].to_numpy(), color=colour, ls=style, label=column)
        ax.text(index.index.max() + 0.3, index[column].iloc[-1], f"{index[column].iloc[-1]:.0f}",
                color=colour, va="center", fontsize=SMALL)
    ax.axhline(100, color=PALETTE["grey"], lw=0.8)
    ax.set_ylabel(f"index, {base_year} = 100")
    ax.legend(loc="upper left", fontsize=SMALL)
    ax.set_title(title)
    return fig


def yen_dollar_title(base_year: int, yen_growth: int, usd_growth: int) -> str:
    """Title of :func:`yen_dollar_figure`: the growth in yen and in current dollars, signed with a true minus."""
    def signed(value: int) -> str:
        return f"{value:+d}%".replace("-", "−")

    return f"Since {base_year}: {signed(yen_growth)} in yen, {signed(usd_growth)} in current dollars"


def yen_dollar_alt(index: pd.DataFrame, base_year: int) -> str:
    """Alt text of :func:`yen_dollar_figure`."""
    last = index.iloc[-1]
    return (f"Three index lines from {base_year} = 100 to {index.index.max()}: "
            + ", ".join(f"{column} ends at {value:.0f}" for column, value in last.items()) + ".")


def reconciliation_figure(table: pd.DataFrame, title: str) -> Figure:
    """SIPRI's fiscal-year yen figure against the national initial budget (with U.S.-forces
    items), and the difference between them in percent of the budget."""
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(WIDTH, 4.8), sharex=True, gridspec_kw={"height_ratios": [2, 1]})
    top.plot(table["fiscal_year"], table["sipri_yen"] / TRILLION, "o-", color=PALETTE["vermillion"],
             label="SIPRI, fiscal year (yen)")
    top.plot(table["fiscal_year"], table["budget_with_us_forces_items_yen"] / TRILLION, "s--", color=PALETTE["blue"],
             label="initial budget incl. U.S.-forces items")
    top.set_ylabel("¥ trillion")
    top.legend(loc="upper left", fontsize=SMALL)
    colours = [PALETTE["vermillion"] if d > 0 else PALETTE["blue"] for d in table["difference_pct"]]
    bottom.bar(table["fiscal_year"], table["difference_pct"], color=colours)
    bottom.axhline(0, color=PALETTE["black"], lw=0.8)
    bottom.set_ylabel("SIPRI − budget, %")
    bottom.set_xlabel("Fiscal year (April–March); only years with both figures")
    top.set_title(title)
    fig.tight_layout()
    return fig


def reconciliation_alt(table: pd.DataFrame) -> str:
    """Alt text of :func:`reconciliation_figure`."""
    return (f"Two panels over {len(table)} fiscal years from {table['fiscal_year'].min()} to "
            f"{table['fiscal_year'].max()}. Top: SIPRI's figure and the initial budget in trillion yen. Bottom: "
            "SIPRI minus the budget, in percent of the budget: "
            + ", ".join(f"FY{int(r.fiscal_year)} {r.difference_pct:+.1f}%" for r in table.itertuples()) + ".")


def troops_figure(troops: pd.DataFrame, names: dict[str, str], marks: Sequence[tuple[int, str]],
                  title: str) -> Figure:
    """U.S. military personnel in each host by year (thousands), with a few years marked by a
    dotted line and a label (e.g. Okinawa's reversion, the change of source)."""
    fig, ax = plt.subplots(figsize=(WIDTH, 3.9))
    for iso3 in troops.columns:
        series = troops[iso3].dropna()
        ax.plot(series.index, series.to_numpy() / 1000, color=COUNTRY_COLOURS[iso3],
                lw=3 if iso3 == "JPN" else 1.4, label=names[iso3])
    ax.set_ylim(0, float(troops.max().max()) / 1000 * 1.1)
    for year, text in marks:
        ax.axvline(year, color=PALETTE["grey"], lw=0.8, ls=":")
        ax.text(year + 0.5, ax.get_ylim()[1] * 0.97, text, fontsize=SMALL, va="top")
    ax.set_ylabel("thousand personnel")
    ax.legend(loc="upper right", bbox_to_anchor=(1.0, 0.85), fontsize=SMALL)
    ax.set_title(title)
    return fig


def troops_alt(troops: pd.DataFrame, names: dict[str, str], marks: Sequence[tuple[int, str]]) -> str:
    """Alt text of :func:`troops_figure`."""
    japan = troops["JPN"].dropna()
    last = int(troops.index.max())
    return (f"Line chart of U.S. military personnel by host from {troops.index.min()} to {last}. Japan starts at "
            f"{japan.iloc[0]:,.0f} in {japan.index.min()} and stands at {japan.iloc[-1]:,.0f} in {last}. In {last}: "
            + ", ".join(f"{names[c]} {int(troops.at[last, c]):,}" for c in troops.columns)
            + ". Marked years: " + "; ".join(f"{year} {text}" for year, text in marks) + ".")


def two_percent_figure(meanings: pd.DataFrame, title: str) -> Figure:
    """One bar per definition of "share of GDP" (coloured by group: SIPRI, the defence budget,
    the security-related total), with the 2 % line."""
    fig, ax = plt.subplots(figsize=(WIDTH, 4.4))
    rows = meanings.iloc[::-1]
    labels = [label.replace(", ", ",\n", 1) for label in rows["label"]]
    bars = ax.barh(labels, rows["percent_of_gdp"], color=[GROUP_COLOURS[g] for g in rows["group"]])
    for bar, approximate in zip(bars, rows["approximate"], strict=True):  # right of the bar, or of the 2 % line
        ax.text(max(bar.get_width(), 2.02 if bar.get_width() > 1.85 else 0), bar.get_y() + bar.get_height() / 2,
                f" {_share_text(bar.get_width(), approximate)}", va="center", fontsize=SMALL)
    ax.axvline(2.0, color=PALETTE["vermillion"], ls="--", lw=1.2)
    ax.set_xlim(0, 2.5)
    ax.set_xlabel("% of GDP")
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.set_title(title, loc="left", x=-0.6)
    fig.tight_layout()
    return fig


def _share_text(percent: float, approximate: bool) -> str:
    """A share of GDP as the chart and its alt text show it: two decimals for an exact figure,
    "about" and one decimal for one built from round figures (no false precision)."""
    return f"about {percent:.1f}%" if approximate else f"{percent:.2f}%"


def two_percent_alt(meanings: pd.DataFrame) -> str:
    """Alt text of :func:`two_percent_figure`."""
    return ("Horizontal bar chart with a dashed line at 2%: "
            + "; ".join(f"{r.label}: {_share_text(r.percent_of_gdp, r.approximate)}" for r in meanings.itertuples())
            + ".")


# --- captions: what each figure shows, in one sentence or two (the finding is in the prose) ---------

#: The events numbered on Japan's share-of-GDP chart: the cap and its replacement first (the
#: shaded span runs between them), then the decisions a reader may look for.
JAPAN_SHARE_EVENTS = (
    "one-percent-gnp-cap-1976", "one-percent-cap-replaced-1987", "collective-self-defense-cabinet-decision-2014",
    "peace-security-legislation-enacted-2015", "three-strategic-documents-2022", "scc-2024-07-28",
)


def japan_share_caption(first: int, last: int) -> str:
    """Caption of :func:`japan_share_figure`."""
    return (f"Japan's military expenditure as a share of GDP on SIPRI's definition, {first}–{last} (SIPRI's "
            "estimates dotted), with the 1% line, the 2% goal (a national measure, see below), the years of the "
            "national 1% cap shaded, and six events from the timeline numbered.")


def regional_share_caption(first: int, last: int) -> str:
    """Caption of :func:`regional_share_figure`."""
    return (f"Military expenditure as a share of GDP, {first}–{last}, for Japan and six regional states (SIPRI; "
            "China from 1989; Taiwan's figures include its special procurement funds).")


def regional_level_caption(year: int, base_year: int) -> str:
    """Caption of :func:`regional_level_figure`."""
    return (f"Military expenditure in {year} in constant 2023 US dollars, and the real change since {base_year}, "
            "for Japan and six regional states (SIPRI).")


def plan_caption(values: Mapping[str, object]) -> str:
    """Caption of :func:`plan_figure`, from :func:`alliance.spending.programme_findings`' values."""
    v = values
    return (f"Initial budgets of the Defense Buildup Program, FY{v['plan_first']}–FY{v['plan_last_done']}, against the "
            f"even pace of its ¥{v['plan_total_tn']} trillion budget-basis total and the ¥{v['fy2027_tn']} trillion "
            f"the plan names for FY{v['plan_last']}"
            + (f"; the cabinet's draft for {v['plan_drafts']} hatched (not yet passed)" if v.get("plan_drafts", "none")
               != "none" else "")
            + ". Supplementary budgets are not included.")


def yen_dollar_caption(base_year: int, last: int, rate_start: float, rate_latest: float) -> str:
    """Caption of :func:`yen_dollar_figure`."""
    return (f"Japan's military expenditure, {base_year}–{last}, indexed to {base_year} = 100, in current yen, "
            "current US dollars and constant 2023 US dollars (SIPRI). The implied exchange rate went from "
            f"{rate_start} to {rate_latest} yen per dollar.")


RECONCILIATION_CAPTION = (
    "SIPRI's Japan figure for each fiscal year against the initial defence budget including the SACO and "
    "realignment items, and the difference in percent of the budget, for the years where both exist.")


def two_percent_caption(sipri_year: int, gdp_basis_tn: float, reached_year: int) -> str:
    """Caption of :func:`two_percent_figure`: says which bars share a basis and which do not (the
    declared security-related total includes a supplementary budget; the initial budget does not)."""
    return (f"Japan's spending as a share of GDP: SIPRI's ({sipri_year}), and the national figures over the goal's "
            f"GDP basis of about ¥{gdp_basis_tn:.0f} trillion. The two defence-budget bars are on one basis "
            f"(including U.S.-forces items); the FY{reached_year} security-related total includes a supplementary "
            f"budget and the FY{reached_year} defence-budget bar does not, so those two are not on one basis.")


def troops_caption(first: int, last: int, source_change: int) -> str:
    """Caption of :func:`troops_figure`."""
    return (f"U.S. military personnel stationed in Japan, South Korea, Germany (West Germany before 1991) and the "
            f"Philippines, {first}–{last}. Japan's figures before 1972 appear to include Okinawa; the series "
            f"changes source in {source_change}.")


# --- interactive versions (alliance.figures.interactive): values on hover, precomputed views ---------

_PLOT_LAYOUT: dict[str, object] = {
    "margin": {"l": 60, "r": 20, "t": 20, "b": 50}, "hovermode": "closest", "plot_bgcolor": "white",
    "legend": {"orientation": "h", "y": -0.2}, "height": 420,
}


def _line(name: str, xs: Sequence[object], ys: Sequence[float], hovers: Sequence[str], colour: str,
          dash: str = "solid", width: float = 2) -> dict[str, object]:
    """A plotly line trace whose hover shows the given (already escaped) texts."""
    return {"type": "scatter", "mode": "lines+markers", "name": name, "x": list(xs), "y": list(ys),
            "hovertext": list(hovers), "hoverinfo": "text", "marker": {"size": 4, "color": colour},
            "line": {"color": colour, "dash": dash, "width": width}}


def _rule(name: str, xs: tuple[object, object], level: float, colour: str, dash: str) -> dict[str, object]:
    """A horizontal reference line (no hover)."""
    return {"type": "scatter", "mode": "lines", "name": name, "x": list(xs), "y": [level, level],
            "hoverinfo": "skip", "line": {"color": colour, "dash": dash, "width": 1.2}}


def japan_share_chart(share: pd.Series, estimates: Sequence[int], goal: float, alt: str) -> ix.Chart:
    """Interactive :func:`japan_share_figure`: hover shows the year, SIPRI's share of GDP and
    whether SIPRI estimated the figure; the estimated years are a dotted trace of their own."""
    estimated, measured = _split_estimates(share, estimates)

    def hovers(series: pd.Series) -> list[str]:
        return [ix.hover(f"Year: {int(y)} (calendar year)", f"Share of GDP: {v:.2f}% (SIPRI)",
                         f"SIPRI estimate: {'yes' if int(y) in estimates else 'no'}") for y, v in series.items()]

    span = (int(share.index.min()), int(share.index.max()))
    data = [_line("SIPRI share of GDP", measured.index.astype(int), measured.round(4), hovers(measured),
                  PALETTE["blue"])]
    if len(estimated) > 1:
        data.append(_line("SIPRI share of GDP, SIPRI's estimate", estimated.index.astype(int), estimated.round(4),
                          hovers(estimated), PALETTE["blue"], dash="dot"))
    data += [_rule("1%", span, 1.0, PALETTE["black"], "dashdot"),
             _rule(f"{goal:g}% goal (national measure)", span, goal, PALETTE["vermillion"], "dash")]
    layout = {**_PLOT_LAYOUT, "yaxis": {"title": {"text": "% of GDP (SIPRI)"}, "rangemode": "tozero"},
              "xaxis": {"title": {"text": "Year"}}}
    return ix.Chart(name="fig-japan-share", alt=alt, views={"": ix.View(data, layout)})


#: The two measures of the regional chart: control value → (label, axis title, hover format).
REGIONAL_MEASURES = {
    "share": ("Share of GDP (%)", "% of GDP (SIPRI)", "Share of GDP: {:.2f}%"),
    "usd": ("Constant 2023 US$ (billion)", "US$ billion, constant 2023 prices",
            "Spending: US$ {:,.1f} billion (constant 2023 prices and exchange rates)"),
}


def regional_chart(series: Mapping[str, object], names: Mapping[str, str], alt: str) -> ix.Chart:
    """Interactive regional comparison from :func:`alliance.spending.regional_series`: a switch
    between share of GDP and constant 2023 US$ (two precomputed views) and a toggle per country;
    hover shows country, year, value with its unit, and SIPRI's estimate flag."""
    estimates = series["estimates"]
    views = {}
    for key, (_, axis, fmt) in REGIONAL_MEASURES.items():
        wide = series[key]
        data = []
        for iso3 in wide.columns:
            values = wide[iso3].dropna()
            flagged = set(estimates[(key, iso3)])
            hovers = [ix.hover(names[iso3], f"Year: {int(y)}", fmt.format(v),
                               f"SIPRI estimate: {'yes' if int(y) in flagged else 'no'}") for y, v in values.items()]
            data.append(_line(names[iso3], values.index.astype(int), values.round(4), hovers, COUNTRY_COLOURS[iso3],
                              width=3 if iso3 == "JPN" else 1.5))
        layout = {**_PLOT_LAYOUT, "yaxis": {"title": {"text": axis}, "rangemode": "tozero"},
                  "xaxis": {"title": {"text": "Year"}}}
        views[f"measure={key}"] = ix.View(data, layout)
    controls = [ix.Choice("measure", "Measure", {k: v[0] for k, v in REGIONAL_MEASURES.items()}, "share"),
                ix.TraceToggles("Countries", [names[c] for c in series["share"].columns])]
    return ix.Chart(name="fig-regional-share", alt=alt, views=views, controls=controls)


def _fiscal_year(year: int) -> str:
    """A Japanese fiscal year with its months: ``FY2024 (April 2024 – March 2025)``."""
    return f"FY{year} (April {year} – March {year + 1})"


def plan_chart(progress: pd.DataFrame, drafts: pd.Series, plan_years: tuple[int, int], plan_total: float,
               final_year_target: float, notes: Mapping[tuple[int, str], str], alt: str) -> ix.Chart:
    """Interactive :func:`plan_figure`: hover shows the fiscal year, the amount in ¥ trillion, its
    stage (initial budget, cabinet draft or plan) and what the figure covers (the data's note)."""
    first, last = plan_years
    drafts = _pending_drafts(progress, drafts, plan_years)

    def bars(name: str, years: Sequence[int], values: Sequence[float], stage: str, label: str,
             marker: dict[str, object]) -> dict[str, object]:
        hovers = [ix.hover(_fiscal_year(y), f"¥{v / TRILLION:.2f} trillion", label,
                           f"Covers: {notes.get((y, stage), 'not stated')}")
                  for y, v in zip(years, values, strict=True)]
        return {"type": "bar", "name": name, "x": [f"FY{y}" for y in years],
                "y": [round(v / TRILLION, 4) for v in values], "hovertext": hovers, "hoverinfo": "text",
                "marker": marker}

    data = [bars("initial budget", [int(y) for y in progress["fiscal_year"]], list(progress["budget_yen"]),
                 "initial", "Initial budget, as passed", {"color": PALETTE["blue"]})]
    if len(drafts):
        data.append(bars("cabinet draft (not yet passed)", [int(y) for y in drafts.index], list(drafts),
                         "cabinet_draft", "Cabinet draft, not yet passed by the Diet",
                         {"color": "white", "line": {"color": PALETTE["blue"], "width": 1.5},
                          "pattern": {"shape": "/", "fgcolor": PALETTE["blue"]}}))
    even = plan_total / (last - first + 1)
    data.append({"type": "scatter", "mode": "lines", "name": f"even pace of the total: {even / TRILLION:.1f} a year",
                 "x": [f"FY{y}" for y in range(first, last + 1)], "y": [round(even / TRILLION, 4)] * (last - first + 1),
                 "hoverinfo": "text", "line": {"color": PALETTE["grey"], "dash": "dot"},
                 "hovertext": [ix.hover(f"FY{y}", f"Even pace: ¥{even / TRILLION:.1f} trillion a year",
                                        f"The ¥{plan_total / TRILLION:.1f} trillion budget-basis total over "
                                        f"{last - first + 1} years") for y in range(first, last + 1)]})
    data.append({"type": "scatter", "mode": "markers", "name": f"plan for FY{last}", "x": [f"FY{last}"],
                 "y": [round(final_year_target / TRILLION, 4)], "hoverinfo": "text",
                 "marker": {"symbol": "diamond", "size": 11, "color": PALETTE["vermillion"]},
                 "hovertext": [ix.hover(_fiscal_year(last), f"¥{final_year_target / TRILLION:.1f} trillion",
                                        "Plan (Defense Buildup Program)",
                                        f"Covers: {notes.get((last, 'plan'), 'not stated')}")]})
    layout = {**_PLOT_LAYOUT, "yaxis": {"title": {"text": "¥ trillion"}, "rangemode": "tozero"},
              "xaxis": {"title": {"text": "Fiscal year (April–March)"}, "type": "category",
                        "categoryarray": [f"FY{y}" for y in range(first, last + 1)], "categoryorder": "array"},
              "barmode": "overlay"}
    return ix.Chart(name="fig-plan", alt=alt, views={"": ix.View(data, layout)})
