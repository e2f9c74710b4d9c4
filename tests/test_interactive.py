"""Interactive charts: deterministic, escaped HTML; views keyed by the controls; vendored plotly.js."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from alliance.figures import interactive as ix

ROOT = Path(__file__).resolve().parent.parent
VENDORED = ROOT / "book" / "_static" / "vendor" / "plotly-basic.min.js"


def _chart(title: str = "Event") -> ix.Chart:
    controls = [ix.Slider("year", "Year", [2000, 2001], 2001),
                ix.Choice("unit", "Unit", {"pct": "%", "usd": "US$"}, "pct")]
    views = {ix.view_key(controls, {"year": y, "unit": u}): ix.View([{"type": "scatter", "x": [y], "y": [1],
                                                                      "hovertext": [ix.hover(title, y)]}])
             for y in (2000, 2001) for u in ("pct", "usd")}
    return ix.Chart(name="fig-x", alt="A chart", views=views, controls=controls,
                    readouts={"year=2001|unit=pct": f"{title}: 1"})


def test_view_key_orders_controls_and_sorts_ticked_boxes():
    controls = [ix.Slider("year", "Year", [1951, 2026], 2026), ix.TraceToggles("Countries", ["Japan"]),
                ix.Checkboxes("kinds", "Ties", {"treaty": "Treaty", "acsa": "Logistics"}, ["treaty"])]
    assert ix.view_key(controls, {"year": 1999, "kinds": ["treaty", "acsa"]}) == "year=1999|kinds=acsa,treaty"
    assert ix.view_key([], {}) == ""


def test_hostile_data_cannot_leave_the_json_or_open_a_tag():
    hostile = '</script><script>alert(1)</script><img src=x onerror="alert(2)">'
    page = ix.chart_html(_chart(hostile))
    spec_text = re.search(r'<script type="application/json" class="alliance-spec">(.*?)</script>', page).group(1)
    assert "<" not in spec_text and ">" not in spec_text
    spec = json.loads(spec_text)
    hovertext = spec["views"]["year=2001|unit=pct"]["data"][0]["hovertext"][0]
    assert hovertext.startswith("&lt;/script&gt;&lt;script&gt;alert(1)")
    # escaped for plotly's HTML subset; quotes stay as they are (plotly would show &quot; literally)
    assert 'onerror="alert(2)"&gt;' in hovertext
    assert spec["readouts"]["year=2001|unit=pct"] == hostile + ": 1"  # readouts are set as textContent
    assert page.count("<script") == 2  # the data block and the loader, nothing from the data


def test_html_is_deterministic_and_names_its_figure():
    first, second = ix.chart_html(_chart()), ix.chart_html(_chart())
    assert first == second
    assert 'id="ia-fig-x" data-figure="fig-x"' in first
    assert 'aria-label="A chart"' in first
    assert 'type="range"' in first and 'max="1"' in first and 'value="1"' in first
    assert 'type="radio"' in first and 'value="pct" checked' in first


def test_a_chart_without_a_view_for_its_initial_controls_is_refused():
    chart = _chart()
    broken = ix.Chart(name="fig-x", alt="a", views={"year=2000|unit=pct": chart.views["year=2000|unit=pct"]},
                      controls=chart.controls)
    with pytest.raises(ValueError, match="no view for the controls' initial values"):
        ix.chart_html(broken)


def test_vendored_plotly_is_the_pinned_basic_bundle_matching_the_python_package():
    from plotly.offline import get_plotlyjs_version

    pinned = json.loads((ROOT / "package.json").read_text())["devDependencies"]["plotly.js-basic-dist-min"]
    header = VENDORED.read_text(encoding="utf-8")[:200]
    assert f"plotly.js (basic - minified) v{pinned}" in header
    assert get_plotlyjs_version() == pinned  # the Python package writes figures for this plotly.js
    installed = ROOT / "node_modules" / "plotly.js-basic-dist-min" / "plotly-basic.min.js"
    if installed.exists():  # after `npm ci` (make test): byte for byte the pinned package's file
        assert installed.read_bytes() == VENDORED.read_bytes()
