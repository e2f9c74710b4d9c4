"""The interactive-chart script in a real browser (Debian chromium via playwright), on a small page
made here: the book's own static files, a static figure and an interactive chart built by
``alliance.figures.interactive``, served on 127.0.0.1. Checks: the chart is drawn in place of the
PNG, hover shows values, the slider and a choice switch views, a trace toggle hides a trace, data
strings stay text, and no request leaves the host."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

from alliance.figures import interactive as ix
from conftest import ROOT

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
HOSTILE = '</script><script>window.__xss=1</script><img src=x onerror="window.__xss=2">'


def _chart() -> ix.Chart:
    slider = ix.Slider("year", "Year", [2000, 2001, 2002], 2002)
    unit = ix.Choice("unit", "Measure", {"pct": "Share of GDP (%)", "usd": "US$ bn"}, "pct")
    toggles = ix.TraceToggles("Countries", ["Japan", HOSTILE])
    views, readouts = {}, {}
    for year in slider.values:
        for key_unit in unit.options:
            key = ix.view_key([slider, unit], {"year": year, "unit": key_unit})
            scale = 1 if key_unit == "pct" else 100
            traces = [{"type": "scatter", "mode": "markers", "name": name, "x": [year], "y": [scale * (1 + 10 * i)],
                       "hovertext": [ix.hover(name, f"{year}: {scale * (1 + 10 * i)} {key_unit}")], "hoverinfo": "text",
                       "marker": {"size": 30}}
                      for i, name in enumerate(toggles.names)]
            views[key] = ix.View(traces, {"height": 300, "xaxis": {"range": [1999, 2003]},
                                          "yaxis": {"range": [0, 12 * scale]}, "hovermode": "closest"})
            readouts[key] = f"{year}, {unit.options[key_unit]} {HOSTILE}"
    return ix.Chart(name="fig-demo", alt="Demo chart", views=views, controls=[slider, unit, toggles],
                    readouts=readouts)


def _page(root: Path) -> None:
    shutil.copytree(ROOT / "book" / "_static", root / "_static")
    (root / "_static" / "documentation_options.js").write_text("var DOCUMENTATION_OPTIONS = {};\n")
    (root / "index.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Demo</title>'
        '<link rel="stylesheet" href="_static/alliance.css">'
        '<script src="_static/documentation_options.js"></script></head><body><main>'
        '<figure id="fig-demo"><img src="data:image/png;base64,iVBORw0KGgo=" alt="Demo chart">'
        "<figcaption>Caption</figcaption></figure>"
        f"{ix.chart_html(_chart())}</main></body></html>", encoding="utf-8")


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    if not CHROMIUM.exists():
        how = "apt-get install chromium"
        if os.environ.get("CI") == "true":
            pytest.fail(f"chromium is missing, and CI=true requires it: {how}")
        pytest.skip(f"chromium is missing; to run the browser tests: {how}")
    from playwright.sync_api import sync_playwright

    root = tmp_path_factory.mktemp("interactive")
    _page(root)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        tab = browser.new_page(viewport={"width": 1280, "height": 900})
        tab.on("request", lambda r: requests.append(r.url))
        tab.goto(f"{origin}/index.html", wait_until="load")
        tab.wait_for_selector("#ia-fig-demo.alliance-ready .main-svg", timeout=15_000)
        yield tab, origin, requests
        browser.close()
    server.shutdown()
    server.server_close()


def _traces(tab) -> list[dict]:
    return tab.evaluate("""() => document.querySelector('#ia-fig-demo .alliance-plot').data
        .map(t => ({name: t.name, y: t.y[0], visible: t.visible === undefined ? true : t.visible}))""")


def test_chart_is_drawn_inside_its_figure_in_place_of_the_png(page):
    tab, _, _ = page
    assert tab.evaluate("() => document.querySelector('#fig-demo #ia-fig-demo') !== null")
    assert tab.evaluate("() => getComputedStyle(document.querySelector('#fig-demo img')).display") == "none"
    assert tab.evaluate("() => document.querySelector('#fig-demo figcaption').previousElementSibling.id") \
        == "ia-fig-demo"


def test_hover_shows_the_value(page):
    tab, _, _ = page
    box = tab.locator("#ia-fig-demo .alliance-plot .scatterlayer .point").first.bounding_box()
    tab.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    label = tab.wait_for_selector("#ia-fig-demo .hoverlayer .hovertext", timeout=5_000)
    assert label.text_content() == "Japan2002: 1 pct"  # two lines: the country, then year and value


def test_keyboard_slider_and_choice_switch_views(page):
    tab, _, _ = page
    slider = tab.locator("#ia-fig-demo input[type=range]")
    slider.focus()
    tab.keyboard.press("ArrowLeft")
    assert tab.locator("#ia-fig-demo output").text_content() == "2001"
    assert slider.get_attribute("aria-valuetext") == "2001"
    assert tab.locator("#ia-fig-demo .alliance-readout").text_content().startswith("2001, Share of GDP (%)")
    tab.locator("#ia-fig-demo input[value=usd]").focus()
    tab.keyboard.press("Space")
    assert [t["y"] for t in _traces(tab)] == [100, 1100]
    assert tab.locator("#ia-fig-demo .alliance-readout").text_content().startswith("2001, US$ bn")


def test_trace_toggle_hides_a_trace(page):
    tab, _, _ = page
    tab.locator("#ia-fig-demo input[data-trace='Japan']").uncheck()
    assert [t["visible"] for t in _traces(tab)] == ["legendonly", True]
    tab.locator("#ia-fig-demo input[data-trace='Japan']").check()
    assert [t["visible"] for t in _traces(tab)] == [True, True]


def test_data_strings_stay_text_and_no_request_leaves_the_host(page):
    tab, origin, requests = page
    box = tab.locator("#ia-fig-demo .alliance-plot .scatterlayer .trace").nth(1).locator(".point").bounding_box()
    tab.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    label = tab.wait_for_selector("#ia-fig-demo .hoverlayer .hovertext", timeout=5_000)
    assert label.text_content().startswith(HOSTILE)  # shown as text, not run
    assert tab.evaluate("() => window.__xss") is None
    assert HOSTILE in tab.locator("#ia-fig-demo .alliance-readout").text_content()
    assert requests and all(url.startswith((origin, "data:")) for url in requests), requests
