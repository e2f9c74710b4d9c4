"""Charts of the defence-spending chapter, drawn in the house style from computed tables.

Like :mod:`alliance.figures.timeline`, each function draws one figure and returns it; the notebook adds
source line, caption, alt text and data with :func:`alliance.figures.style.publish`.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from alliance.figures.style import PALETTE

__all__ = [
    "japan_share_figure",
    "plan_figure",
    "reconciliation_figure",
    "regional_figure",
    "troops_figure",
    "two_percent_figure",
    "yen_dollar_figure",
]

ANNOTATION_FONT_SIZE = 7.5
TRILLION = 1e12
#: One colour per country wherever countries are compared, Japan always in blue.
COUNTRY_COLOURS = {
    "JPN": PALETTE["blue"], "CHN": PALETTE["vermillion"], "KOR": PALETTE["green"], "AUS": PALETTE["orange"],
    "IND": PALETTE["purple"], "TWN": PALETTE["sky"], "PHL": PALETTE["black"], "USA": PALETTE["grey"],
    "DEU": PALETTE["orange"],
}


def japan_share_figure(share: pd.Series, marks: pd.DataFrame, cap_years: tuple[float, float],
                       goal: float, title: str) -> Figure:
    """Japan's share of GDP (SIPRI) by year, with the 1 % line, the 2 % goal, the years the 1 %
    cap applied shaded, and the given events marked by numbered vertical lines (labels listed
    under the chart so that none can overlap)."""
    fig, ax = plt.subplots(figsize=(9, 5))
    ax.axvspan(*cap_years, color="#eeeeee", lw=0, zorder=0, label="1% of GNP cap in force")
    ax.plot(share.index, share.to_numpy(), color=PALETTE["blue"], label="Japan, SIPRI share of GDP")
    ax.axhline(1.0, color=PALETTE["black"], lw=1, ls=":", label="1%")
    ax.axhline(goal, color=PALETTE["vermillion"], lw=1.2, ls="--", label=f"{goal:g}% goal (national definition)")
    top = max(float(share.max()), goal) * 1.12
    for number, mark in enumerate(marks.itertuples(), start=1):
        ax.axvline(mark.x, color=PALETTE["grey"], lw=0.8, zorder=1)
        ax.text(mark.x, top * 0.985, str(number), ha="center", va="top", fontsize=ANNOTATION_FONT_SIZE,
                fontweight="bold", color="#333333",
                bbox={"boxstyle": "circle,pad=0.2", "fc": "white", "ec": PALETTE["grey"], "lw": 0.6})
    ax.set_ylim(0, top)
    ax.set_xlim(share.index.min() - 1, share.index.max() + 1)
    ax.set_ylabel("% of GDP")
    ax.set_title(title)
    ax.legend(loc="center", bbox_to_anchor=(0.5, 0.62))
    keys = "\n".join(f"{i}  {m.label} ({m.date[:4]})" for i, m in enumerate(marks.itertuples(), start=1))
    ax.text(0.02, 0.03, keys, transform=ax.transAxes, ha="left", va="bottom", fontsize=ANNOTATION_FONT_SIZE + 0.5,
            color="#333333", linespacing=1.4)
    return fig


def regional_figure(share: pd.DataFrame, snapshot: pd.DataFrame, year: int, base_year: int,
                    names: dict[str, str], title: str) -> Figure:
    """Left: share of GDP by year for each country (Japan drawn thicker). Right: the level in
    ``year`` in constant 2023 US$, with the real change since ``base_year`` printed on each bar."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 5), gridspec_kw={"width_ratios": [1.4, 1]})
    for iso3 in share.columns:
        series = share[iso3].dropna()
        left.plot(series.index, series.to_numpy(), color=COUNTRY_COLOURS[iso3],
                  lw=3 if iso3 == "JPN" else 1.4, label=names[iso3])
    left.axhline(2.0, color=PALETTE["vermillion"], lw=1, ls="--")
    left.set_ylabel("% of GDP (SIPRI)")
    left.set_ylim(0, None)
    left.legend(ncol=2, fontsize=8)
    left.set_title("Share of GDP", fontsize=10)
    ordered = snapshot.sort_values("constant_2023_usd_bn")
    bars = right.barh([names[c] for c in ordered["iso3"]], ordered["constant_2023_usd_bn"],
                      color=[COUNTRY_COLOURS[c] for c in ordered["iso3"]])
    for bar, change in zip(bars, ordered["real_change_pct"], strict=True):
        right.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, f" {change:+.0f}% since {base_year}",
                   va="center", fontsize=8)
    right.set_xlabel(f"US$ billion in {year}, constant 2023 prices")
    right.set_xlim(0, float(ordered["constant_2023_usd_bn"].max()) * 1.45)
    right.grid(axis="y", visible=False)
    right.grid(axis="x", visible=True)
    right.set_title(f"Level in {year}", fontsize=10)
    fig.suptitle(title, x=0.0, ha="left", fontweight="bold", fontsize=12)
    fig.tight_layout()
    return fig


def plan_figure(progress: pd.DataFrame, plan_years: tuple[int, int], plan_total: float,
                fy2027_target: float, title: str) -> Figure:
    """The Defense Buildup Program's annual budgets so far, against the even pace the
    budget-basis total implies and the FY2027 figure the plan names."""
    first, last = plan_years
    years = list(range(first, last + 1))
    fig, ax = plt.subplots(figsize=(8, 4.5))
    values = progress.set_index("fiscal_year")["budget_yen"] / TRILLION
    ax.bar([str(y) for y in values.index], values.to_numpy(), color=PALETTE["blue"], label="initial budget")
    for year, value in values.items():
        ax.text(str(year), value, f"{value:.2f}", ha="center", va="bottom", fontsize=9)
    pending = [str(y) for y in years if y not in values.index]
    if pending:
        ax.bar(pending, [0] * len(pending))  # keep the remaining years on the axis, empty
    even = plan_total / len(years) / TRILLION
    ax.axhline(even, color=PALETTE["grey"], ls=":", lw=1.2, label=f"even pace: {even:.1f} a year")
    ax.scatter([str(last)], [fy2027_target / TRILLION], marker="D", color=PALETTE["vermillion"], zorder=3,
               label=f"plan for FY{last}: {fy2027_target / TRILLION:.1f}")
    ax.set_ylabel("¥ trillion")
    ax.set_xlabel("Fiscal year")
    ax.set_ylim(0, fy2027_target / TRILLION * 1.2)
    ax.legend(loc="upper left")
    ax.set_title(title)
    return fig


def yen_dollar_figure(index: pd.DataFrame, base_year: int, title: str) -> Figure:
    """Japan's spending indexed to ``base_year`` = 100 in yen, current dollars and constant
    dollars: the gap between the lines is the exchange rate and inflation at work."""
    fig, ax = plt.subplots(figsize=(8, 4.5))
    styles = {"yen (current)": (PALETTE["blue"], "-"), "US$ (current)": (PALETTE["orange"], "--"),
              "US$ (constant 2023)": (PALETTE["green"], "-.")}
    for column, (colour, style) in styles.items():
        ax.plot(index.index, index[column].to_numpy(), color=colour, ls=style, label=column)
        ax.text(index.index.max() + 0.3, index[column].iloc[-1], f"{index[column].iloc[-1]:.0f}",
                color=colour, va="center", fontsize=9)
    ax.axhline(100, color=PALETTE["grey"], lw=0.8)
    ax.set_ylabel(f"index, {base_year} = 100")
    ax.legend(loc="upper left")
    ax.set_title(title)
    return fig


def reconciliation_figure(table: pd.DataFrame, title: str) -> Figure:
    """SIPRI's fiscal-year yen figure against the national initial budget (with U.S.-forces
    items), and the difference between them in percent of the budget."""
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(8, 6), sharex=True, gridspec_kw={"height_ratios": [2, 1]})
    top.plot(table["fiscal_year"], table["sipri_yen"] / TRILLION, "o-", color=PALETTE["vermillion"],
             label="SIPRI, fiscal year (yen)")
    top.plot(table["fiscal_year"], table["budget_with_us_forces_items_yen"] / TRILLION, "s--", color=PALETTE["blue"],
             label="initial budget incl. U.S.-forces items")
    top.set_ylabel("¥ trillion")
    top.legend(loc="upper left")
    colours = [PALETTE["vermillion"] if d > 0 else PALETTE["blue"] for d in table["difference_pct"]]
    bottom.bar(table["fiscal_year"], table["difference_pct"], color=colours)
    bottom.axhline(0, color=PALETTE["black"], lw=0.8)
    bottom.set_ylabel("SIPRI − budget, %")
    bottom.set_xlabel("Japanese fiscal year (April–March); only years with both figures")
    top.set_title(title)
    fig.tight_layout()
    return fig


def troops_figure(troops: pd.DataFrame, names: dict[str, str], marks: Sequence[tuple[int, str]],
                  title: str) -> Figure:
    """U.S. military personnel in each host by year, with a few years marked."""
    fig, ax = plt.subplots(figsize=(8, 4.5))
    for iso3 in troops.columns:
        series = troops[iso3].dropna()
        ax.plot(series.index, series.to_numpy() / 1000, color=COUNTRY_COLOURS[iso3],
                lw=3 if iso3 == "JPN" else 1.4, label=names[iso3])
    for year, text in marks:
        ax.axvline(year, color=PALETTE["grey"], lw=0.8, ls=":")
        ax.text(year + 0.5, ax.get_ylim()[1] * 0.97, text, fontsize=ANNOTATION_FONT_SIZE, va="top")
    ax.set_ylabel("thousand personnel")
    ax.set_ylim(0, None)
    ax.legend(loc="upper right")
    ax.set_title(title)
    return fig


def two_percent_figure(meanings: pd.DataFrame, title: str) -> Figure:
    """One bar per definition of "share of GDP", with the 2 % line."""
    fig, ax = plt.subplots(figsize=(9, 3.8))
    labels = [f"{row.definition} ({row.year})" for row in meanings.itertuples()]
    bars = ax.barh(labels[::-1], meanings["percent_of_gdp"].to_numpy()[::-1], color=PALETTE["blue"])
    for bar in bars:
        ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, f" {bar.get_width():.2f}%", va="center")
    ax.axvline(2.0, color=PALETTE["vermillion"], ls="--", lw=1.2)
    ax.set_xlim(0, 2.4)
    ax.set_xlabel("% of GDP")
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.set_title(title)
    return fig
