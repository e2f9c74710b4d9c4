"""Reader's tables, glued mappings and partial dates (alliance.report)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from alliance import report


def test_table_has_words_for_headers_formatted_numbers_and_no_index():
    frame = pd.DataFrame({"country": ["Japan", "China"], "usd_bn": [58432.456, 314000.0], "rank": [3, 1]},
                         index=[7, 9])
    shown = report.table(frame, caption="Spending in 2024",
                         headers={"country": "Country", "usd_bn": "Spending (US$ m)", "rank": "Rank"},
                         decimals={"usd_bn": 1})
    html = shown._repr_html_()
    assert "<caption>Spending in 2024</caption>" in html
    assert '<th scope="col">Country</th><th scope="col" class="num">Spending (US$ m)</th>' in html
    assert '<td>Japan</td><td class="num">58,432.5</td><td class="num">3</td>' in html
    assert '<td class="num">314,000.0</td>' in html
    assert ">7<" not in html and ">9<" not in html  # the index is not shown
    assert repr(shown).splitlines()[2] == "Japan | 58,432.5 | 3"


def test_table_escapes_text_and_marks_gaps_and_negative_numbers():
    frame = pd.DataFrame({"title": ["<script>alert(1)</script>", None], "change": [-8.04, float("nan")]})
    html = report.table(frame, caption="A & B", headers={"title": "Title", "change": "Change (%)"})._repr_html_()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    assert '<td class="num">−8.0</td>' in html
    assert html.count("<td>–</td>") == 2
    assert 'aria-label="A &amp; B"' in html


def test_years_have_no_thousands_separator():
    frame = pd.DataFrame({"first": pd.array([1951, None], dtype="Int64"), "rows": [4940, 12]})
    html = report.table(frame, caption="c", headers={"first": "From", "rows": "Rows"}, years=["first"])._repr_html_()
    assert '<td class="num">1951</td><td class="num">4,940</td>' in html
    assert '<td>–</td><td class="num">12</td>' in html


def test_table_names_a_missing_column():
    with pytest.raises(KeyError, match="no column 'share'"):
        report.table(pd.DataFrame({"a": [1]}), caption="c", headers={"share": "Share (%)"})


def test_glue_all_glues_plain_values_in_sorted_order(monkeypatch):
    glued = []
    monkeypatch.setattr("myst_nb.glue", lambda name, value, display: glued.append((name, value, display)))
    report.glue_all({"b": np.float64(1.5), "a": np.int64(3), "c": "text"})
    assert glued == [("a", 3, False), ("b", 1.5, False), ("c", "text", False)]
    assert type(glued[0][1]) is int and type(glued[1][1]) is float


@pytest.mark.parametrize(("date", "label"), [("2007", "2007"), ("2007-05", "May 2007"), ("2024-07-28", "28 July 2024")])
def test_date_label_keeps_the_precision(date, label):
    assert report.date_label(date) == label
