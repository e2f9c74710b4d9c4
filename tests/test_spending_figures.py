"""The spending chapter's charts show what their captions promise (checked on small inputs)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from alliance.figures import spending as spending_figures


@pytest.fixture(autouse=True)
def _close(house_style):
    yield
    plt.close("all")


def test_japan_share_figure_numbers_every_marked_event_and_draws_both_lines():
    share = pd.Series({1975: 0.9, 1976: 0.95, 2020: 1.0, 2024: 1.4})
    marks = pd.DataFrame({"label": ["A", "B"], "date": ["1976-11-05", "2022-12-16"], "x": [1976.8, 2022.9]})
    fig = spending_figures.japan_share_figure(share, marks, (1976.8, 1987.1), 2.0, title="T")
    ax = fig.axes[0]
    assert ax.get_title(loc="left") == "T"
    numbers = [t.get_text() for t in ax.texts if t.get_text() in {"1", "2"}]
    assert numbers == ["1", "2"]
    key = [t.get_text() for t in ax.texts if "A (1976)" in t.get_text()]
    assert key and "2  B (2022)" in key[0]
    levels = {line.get_ydata()[0] for line in ax.get_lines() if len(set(line.get_ydata())) == 1}
    assert {1.0, 2.0} <= levels  # the 1% line and the 2% goal


def test_plan_figure_leaves_unbudgeted_years_empty():
    progress = pd.DataFrame({"fiscal_year": [2023, 2024], "budget_yen": [6.6e12, 7.7e12]})
    fig = spending_figures.plan_figure(progress, (2023, 2027), 40.5e12, 8.9e12, title="P")
    ax = fig.axes[0]
    heights = [round(p.get_height(), 2) for p in ax.patches]
    assert heights == [6.6, 7.7, 0.0, 0.0, 0.0]  # two budgets, three years to come
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2023", "2024", "2025", "2026", "2027"]


def test_two_percent_figure_has_one_bar_per_definition():
    meanings = pd.DataFrame(
        {"definition": ["a", "b", "c"], "year": [2024, 2025, 2027], "percent_of_gdp": [1.4, 1.6, 2.0]})
    fig = spending_figures.two_percent_figure(meanings, title="M")
    ax = fig.axes[0]
    assert len(ax.patches) == 3
    assert sorted(t.get_text().strip() for t in ax.texts) == ["1.40%", "1.60%", "2.00%"]
