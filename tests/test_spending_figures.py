"""The spending chapter's charts show what their captions promise, at column width with text of
9 pt or more, and their alt text says what they show (checked on small inputs)."""

from __future__ import annotations

import json
import re

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from alliance.figures import interactive as ix
from alliance.figures import spending as spending_figures
from alliance.figures.style import MAX_WIDTH_PX, MIN_FONT_PT, png_width, render_png, smallest_font_pt

MARKS = pd.DataFrame({"label": ["A", "B", "C"], "date": ["1976-11-05", "2022-12-16", "2024-07-28"],
                      "x": [1976.8, 2022.9, 2024.6]})
SHARE = pd.Series({1952: 2.1, 1953: 1.2, 1961: 0.9, 1976: 0.95, 2020: 1.0, 2024: 1.4})
NAMES = {"JPN": "Japan", "CHN": "China"}
SNAPSHOT = pd.DataFrame({"iso3": ["CHN", "JPN"], "share_of_gdp_pct": [1.7, 1.4],
                         "constant_2023_usd_bn": [300.0, 60.0], "real_change_pct": [100.0, -5.0]})
MEANINGS = pd.DataFrame({
    "group": ["SIPRI", "budget", "budget", "total", "total"],
    "label": ["SIPRI share of GDP, 2024", "Budget, FY2025 initial", "Budget, FY2027 plan",
              "Total, FY2025 incl. supplementary", "Total, FY2027 plan"],
    "year": [2024, 2025, 2027, 2025, 2027], "value_yen": [float("nan"), 1, 2, 3, 4],
    "percent_of_gdp": [1.4, 1.55, 1.62, 1.96, 1.96], "approximate": [False, False, True, True, True]})
PROGRESS = pd.DataFrame({"fiscal_year": [2023, 2024], "budget_yen": [6.6e12, 7.7e12]})


@pytest.fixture(autouse=True)
def _close(house_style):
    yield
    plt.close("all")


def _figures():
    index = pd.DataFrame({"yen (current)": [100.0, 175.0], "US$ (current)": [100.0, 92.0],
                          "US$ (constant 2023)": [100.0, 153.0]}, index=[2012, 2024])
    recon = pd.DataFrame({"fiscal_year": [2010, 2011], "sipri_yen": [4.8e12, 4.9e12],
                          "budget_with_us_forces_items_yen": [4.8e12, 4.7e12], "difference_pct": [0.0, 4.3]})
    troops = pd.DataFrame({"JPN": [136_554, 53_246], "CHN": [0, 10]}, index=[1950, 2023])
    share = pd.DataFrame({"JPN": [0.9, 1.4], "CHN": [2.0, 1.7]}, index=[1990, 2024])
    return {
        "share": spending_figures.japan_share_figure(SHARE, [1952, 1953], MARKS, (1976.8, 1987.1), 2.0, "T"),
        "regional share": spending_figures.regional_share_figure(share, NAMES, "R"),
        "regional level": spending_figures.regional_level_figure(SNAPSHOT, NAMES, 2024, 2012, "L"),
        "plan": spending_figures.plan_figure(PROGRESS, (2023, 2027), 40.5e12, 8.9e12, "P"),
        "yen": spending_figures.yen_dollar_figure(index, 2012, "Y"),
        "recon": spending_figures.reconciliation_figure(recon, "S"),
        "troops": spending_figures.troops_figure(troops, NAMES, [(1972, "reversion")], "U"),
        "two percent": spending_figures.two_percent_figure(MEANINGS, "M"),
    }


def test_every_figure_fits_the_column_with_text_of_9_pt_or_more():
    for name, fig in _figures().items():
        assert fig.get_figwidth() <= 6.8, name
        assert smallest_font_pt(fig) >= MIN_FONT_PT, name
        assert png_width(render_png(fig)) / 2 <= min(MAX_WIDTH_PX, 672), name  # the theme's column at 1280 px


def test_japan_share_figure_numbers_every_event_draws_estimates_dotted_and_both_lines():
    fig = spending_figures.japan_share_figure(SHARE, [1952, 1953], MARKS, (1976.8, 1987.1), 2.0, title="T")
    ax = fig.axes[0]
    assert ax.get_title(loc="left") == "T"
    numbers = [t for t in ax.texts if t.get_text() in {"1", "2", "3"}]
    assert [t.get_text() for t in numbers] == ["1", "2", "3"]
    assert numbers[2].get_position()[1] < numbers[1].get_position()[1]  # 2024.6 is 1.7 years after 2022.9
    keys = " ".join(t.get_text() for t in fig.texts)
    assert "1  A (1976)" in keys and "3  C (2024)" in keys
    dotted = [line for line in ax.get_lines() if line.get_linestyle() == ":"]
    assert [list(line.get_xdata()) for line in dotted] == [[1952, 1953, 1961]]  # estimates, joined to 1961
    levels = {line.get_ydata()[0] for line in ax.get_lines() if len(set(line.get_ydata())) == 1}
    assert {1.0, 2.0} <= levels  # the 1% line and the 2% goal


def test_japan_share_alt_names_the_run_the_estimates_and_the_events():
    alt = spending_figures.japan_share_alt(SHARE, [1952, 1953], MARKS, 1961, 1976, 2.0)
    assert "from 1952 to 2024" in alt and "starts at 2.10% in 1952" in alt
    assert "under 1% every year from 1961 to 1976" in alt and "1952–1953 as its estimates" in alt
    assert "3 C 2024" in alt


def test_plan_figure_leaves_unbudgeted_years_empty():
    fig = spending_figures.plan_figure(PROGRESS, (2023, 2027), 40.5e12, 8.9e12, title="P")
    ax = fig.axes[0]
    heights = [round(p.get_height(), 2) for p in ax.patches]
    assert heights == [6.6, 7.7, 0.0, 0.0, 0.0]  # two budgets, three years to come
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2023", "2024", "2025", "2026", "2027"]
    alt = spending_figures.plan_alt(PROGRESS, (2023, 2027), 40.5e12, 8.9e12)
    assert "FY2024 ¥7.70 trillion" in alt and "¥8.1 trillion a year" in alt  # 40.5 / 5


def test_two_percent_figure_has_one_bar_per_definition_coloured_by_group():
    fig = spending_figures.two_percent_figure(MEANINGS, title="M")
    ax = fig.axes[0]
    assert len(ax.patches) == 5
    # exact figures to two decimals; those built from round figures "about", to one (1.96 → 2.0)
    assert sorted(t.get_text().strip() for t in ax.texts) == ["1.40%", "1.55%", "about 1.6%", "about 2.0%",
                                                              "about 2.0%"]
    colours = {p.get_facecolor() for p in ax.patches}
    assert len(colours) == 3  # SIPRI, the budget, the total
    assert "Budget, FY2027 plan: about 1.6%" in spending_figures.two_percent_alt(MEANINGS)


def test_two_percent_caption_says_which_bars_share_a_basis():
    caption = spending_figures.two_percent_caption(2024, 560.0, 2025)
    assert "each pair on one basis" not in caption
    assert "FY2025 security-related total includes a supplementary budget" in caption
    assert "not on one basis" in caption


def test_regional_level_alt_lists_largest_first_with_signed_change():
    alt = spending_figures.regional_level_alt(SNAPSHOT, NAMES, 2024, 2012)
    assert alt.index("China") < alt.index("Japan")
    assert "Japan 60.0 billion (-5% since 2012)" in alt


def test_yen_dollar_title_uses_a_true_minus():
    assert spending_figures.yen_dollar_title(2012, 75, -8) == "Since 2012: +75% in yen, −8% in current dollars"


def test_plan_caption_reads_the_programme_values():
    caption = spending_figures.plan_caption({"plan_first": 2023, "plan_last_done": 2025, "plan_last": 2027,
                                             "plan_total_tn": 40.5, "fy2027_tn": 8.9})
    assert "FY2023–FY2025" in caption and "¥40.5 trillion" in caption and "FY2027" in caption


def test_plan_figure_draws_a_pending_draft_hatched_and_drops_a_passed_one():
    drafts = pd.Series({2024: 7.9e12, 2025: 8.8e12})  # 2024 has passed: its draft is not drawn
    fig = spending_figures.plan_figure(PROGRESS, (2023, 2027), 40.5e12, 8.9e12, title="P", drafts=drafts)
    hatched = [p for p in fig.axes[0].patches if p.get_hatch()]
    assert [round(p.get_height(), 2) for p in hatched] == [8.8]
    assert "FY2025 cabinet draft ¥8.80 trillion" in spending_figures.plan_alt(PROGRESS, (2023, 2027), 40.5e12,
                                                                             8.9e12, drafts)


def _spec(chart):
    """The chart's views as the page receives them, and its HTML."""
    html = ix.chart_html(chart)
    return json.loads(re.search(r'class="alliance-spec">(.*?)</script>', html).group(1)), html


def test_japan_share_chart_hover_gives_year_share_and_estimate_flag():
    spec, _ = _spec(spending_figures.japan_share_chart(SHARE, [1952, 1953], 2.0, alt="A"))
    traces = spec["views"][""]["data"]
    assert [t["name"] for t in traces] == ["SIPRI share of GDP", "SIPRI share of GDP, SIPRI's estimate", "1%",
                                           "2% goal (national measure)"]
    assert traces[1]["hovertext"][0] == ("Year: 1952 (calendar year)<br>Share of GDP: 2.10% (SIPRI)<br>"
                                         "SIPRI estimate: yes")
    assert traces[0]["hovertext"][-1].endswith("SIPRI estimate: no")
    assert traces[1]["line"]["dash"] == "dot"


def test_regional_chart_switches_measures_and_toggles_countries():
    series = {"share": pd.DataFrame({"JPN": [1.0, 1.4]}, index=[2012, 2024]),
              "usd": pd.DataFrame({"JPN": [38.0, 58.4]}, index=[2012, 2024]),
              "estimates": {("share", "JPN"): [2024], ("usd", "JPN"): []}}
    spec, html = _spec(spending_figures.regional_chart(series, {"JPN": "Japan <b>"}, alt="A"))
    assert set(spec["views"]) == {"measure=share", "measure=usd"}
    share_hover = spec["views"]["measure=share"]["data"][0]["hovertext"]
    usd_hover = spec["views"]["measure=usd"]["data"][0]["hovertext"]
    assert share_hover[1] == "Japan &lt;b&gt;<br>Year: 2024<br>Share of GDP: 1.40%<br>SIPRI estimate: yes"
    assert "US$ 58.4 billion (constant 2023 prices and exchange rates)" in usd_hover[1]
    assert 'data-trace="Japan &lt;b&gt;"' in html  # one keyboard-operable toggle per country, escaped
    assert 'type="radio"' in html and 'value="share" checked' in html


def test_plan_chart_hover_gives_fiscal_year_amount_and_coverage():
    notes = {(2023, "initial"): "Programme spending", (2025, "cabinet_draft"): "Draft of 26 Dec",
             (2027, "plan"): "Expected programme spending"}
    chart = spending_figures.plan_chart(PROGRESS, pd.Series({2025: 8.8e12}), (2023, 2027), 40.5e12, 8.9e12, notes,
                                        alt="A")
    spec, _ = _spec(chart)
    traces = {t["name"]: t for t in spec["views"][""]["data"]}
    assert traces["initial budget"]["hovertext"][0] == ("FY2023 (April 2023 – March 2024)<br>¥6.60 trillion<br>"
                                                        "Initial budget, as passed<br>Covers: Programme spending")
    assert traces["initial budget"]["hovertext"][1].endswith("Covers: not stated")  # no note for 2024
    assert "Cabinet draft, not yet passed by the Diet" in traces["cabinet draft (not yet passed)"]["hovertext"][0]
    assert traces["plan for FY2027"]["hovertext"][0].endswith("Covers: Expected programme spending")
    assert spec["views"][""]["layout"]["xaxis"]["categoryarray"] == ["FY2023", "FY2024", "FY2025", "FY2026", "FY2027"]
