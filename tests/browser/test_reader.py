"""The book as a reader meets it, in a real browser (Debian chromium via playwright): the pages of
this working tree, built strictly into a temporary folder and served on 127.0.0.1.

What a reader should get (issue "The reader's book"):

* no code shown unasked on the chapter pages (it is still there, one click away);
* figure text that reads at 11 CSS px or more, computed from each figure's recorded design (its
  smallest font in points, its design width) and the width the browser shows it at;
* no table with a bare 0, 1, 2 … row index;
* no page wider than a 390-px phone;
* no serious or critical WCAG 2.1 A/AA violation (axe-core), theme included, with no allow-list.

Full-page screenshots of every chapter at both widths are kept in ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from bookkit.pdf import LOAD_EVERY_IMAGE_JS
from conftest import ROOT

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
#: Pages that must show no code unasked (the exercises, fork guide and methods may show code).
NO_CODE_PAGES = ["notebooks/00_data_overview", "notebooks/01_timeline", "notebooks/chronology",
                 "notebooks/02_partner_network", "notebooks/tracker", "notebooks/03_defence_spending",
                 "notebooks/claims"]
#: Chapters whose code must still be there behind the toggles.
CHAPTERS = ["notebooks/01_timeline", "notebooks/02_partner_network", "notebooks/03_defence_spending"]
AXE_OPTIONS = ("{runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, "
               "resultTypes: ['violations']}")


def _missing(what: str, how: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is missing, and CI=true requires it: {how}")
    pytest.skip(f"{what} is missing; to run the browser tests: {how}")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    """Build the working tree's book strictly (rendering the committed outputs) and serve it."""
    if not CHROMIUM.exists():
        _missing("Debian chromium (/usr/bin/chromium)", "apt-get install chromium")
    out = tmp_path_factory.mktemp("reader")
    jb = Path(sys.executable).with_name("jupyter-book")
    build = subprocess.run([str(jb), "build", str(ROOT), "--all", "-W", "-n", "--keep-going", "--quiet",
                            "--path-output", str(out)], capture_output=True, text=True)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    html = out / "_build" / "html"
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(html)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", html
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def chromium(book):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield browser
        browser.close()


def _pages(html: Path) -> list[str]:
    """Every page of the book (its table of contents), as paths without ``.html``."""
    return sorted(str(p.relative_to(html).with_suffix("")) for folder in ("book", "notebooks")
                  for p in (html / folder).glob("*.html"))


def _figure_designs() -> dict[str, dict]:
    """Each published figure's recorded design (name → design width, density, smallest font)."""
    designs = {}
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            for output in cell.get("outputs", []):
                meta = output.get("metadata", {}).get("alliance")
                if meta and "name" in meta:
                    designs[meta["name"]] = meta
    return designs


def test_chapter_pages_show_no_code_unasked_and_keep_it_one_click_away(book, chromium):
    origin, _ = book
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    shown, hidden = {}, {}
    for path in NO_CODE_PAGES:
        page.goto(f"{origin}/{path}.html", wait_until="load")
        counts = page.evaluate("""() => {
            const inputs = [...document.querySelectorAll('article .cell_input')];
            return [inputs.filter(e => e.checkVisibility()).length, inputs.length];
        }""")
        shown[path], hidden[path] = counts[0], counts[1] - counts[0]
    page.close()
    assert shown == dict.fromkeys(NO_CODE_PAGES, 0)
    assert all(hidden[c] > 0 for c in CHAPTERS), hidden


def test_every_figure_reads_at_11_px_or_more(book, chromium):
    origin, html = book
    designs = _figure_designs()
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    measured = {}
    for path in _pages(html):
        page.goto(f"{origin}/{path}.html", wait_until="load")
        for name, shown in page.evaluate("""() => [...document.querySelectorAll('article figure[id^="fig-"]')]
                .filter(f => f.querySelector('img'))
                .map(f => [f.id, f.querySelector('img').getBoundingClientRect().width])"""):
            design = designs[name]
            measured[name] = design["min_font_pt"] * 96 / 72 * shown / design["design_width_px"]
    context.close()
    assert len(measured) >= 10, measured  # the chapters' figures were found
    small = {name: round(px, 1) for name, px in measured.items() if px < 11}
    assert small == {}, f"figure text under 11 CSS px: {small}"


def test_no_table_shows_a_bare_row_index(book, chromium):
    origin, html = book
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    bare = {}
    for path in _pages(html):
        page.goto(f"{origin}/{path}.html", wait_until="load")
        count = page.evaluate("""() => [...document.querySelectorAll('article table')].filter(t => {
            const first = t.querySelector('tbody tr > th:first-child');
            return first && /^\\d+$/.test(first.textContent.trim());
        }).length""")
        if count:
            bare[path] = count
    page.close()
    assert bare == {}


def test_no_page_is_wider_than_a_phone(book, chromium):
    origin, html = book
    page = chromium.new_page(viewport={"width": 390, "height": 844})
    wide = {}
    for path in _pages(html):
        page.goto(f"{origin}/{path}.html", wait_until="load")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > 390:
            wide[path] = width
    page.close()
    assert wide == {}


def test_axe_finds_no_serious_violation_on_any_page(book, chromium):
    if not AXE.exists():
        _missing("axe-core (node_modules/axe-core)", "npm ci (make test runs it when npm is installed)")
    origin, html = book
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    found = []
    for path in [*_pages(html), "search", "genindex"]:
        page.goto(f"{origin}/{path}.html", wait_until="load")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(f"async () => await axe.run(document, {AXE_OPTIONS})")
        found += [(path, v["id"], v["impact"]) for v in result["violations"] if v["impact"] in ("serious", "critical")]
    page.close()
    assert found == []


def test_full_page_screenshots_of_each_chapter(book, chromium):
    origin, _ = book
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page = chromium.new_page(viewport={"width": width, "height": 900})
        for path in ["book/intro", *NO_CODE_PAGES]:
            page.goto(f"{origin}/{path}.html", wait_until="load")
            page.wait_for_timeout(200)
            target = SCREENSHOTS / f"reader-{path.replace('/', '-')}-{width}.jpg"
            page.screenshot(path=str(target), full_page=True, type="jpeg", quality=70)
            assert target.stat().st_size > 20_000
        page.close()


def test_the_heaviest_page_loads_at_most_1_mb_gzipped(book, chromium):
    """Everything a page loads when opened (HTML, styles, scripts, fonts, images in view, plotly.js
    where a page has interactive charts), as gzip would send it: at most 1.0 MB for any page."""
    import gzip
    from urllib.parse import unquote, urlparse

    origin, html = book
    weights = {}
    for path in _pages(html):
        page = chromium.new_page(viewport={"width": 1280, "height": 900})
        loaded: list[str] = []
        page.on("requestfinished", lambda request, loaded=loaded: loaded.append(request.url))
        page.goto(f"{origin}/{path}.html", wait_until="load")
        page.wait_for_timeout(500)
        files = {html / unquote(urlparse(url).path).lstrip("/") for url in loaded if url.startswith(origin)}
        weights[path] = sum(len(gzip.compress(f.read_bytes(), 6)) for f in files if f.is_file())
        page.close()
    heaviest = max(weights, key=weights.get)
    assert weights[heaviest] <= 1_000_000, f"{heaviest}: {weights[heaviest]:,} bytes gzipped"
    assert weights[heaviest] > 100_000  # the pages' own files were found and counted


def _hover_a_point(page, box_id: str) -> str:
    """Move the mouse onto a data point (the largest value) of the first trace of an interactive
    chart that has hover text, as a reader would; return the hover label plotly shows."""
    # load every lazily loaded image first, so that no image above moves the chart while we aim
    page.evaluate(LOAD_EVERY_IMAGE_JS)
    plot = page.locator(f"#{box_id} .alliance-plot")
    plot.evaluate("e => e.scrollIntoView({block: 'center'})")  # clear of the theme's sticky header
    page.wait_for_timeout(200)
    x, y = plot.evaluate("""gd => {
        const t = gd._fullData.find(t => t.visible === true && !['skip', 'none'].includes(t.hoverinfo));
        const xa = gd._fullLayout['xaxis' + t.xaxis.slice(1)], ya = gd._fullLayout['yaxis' + t.yaxis.slice(1)];
        const bar = t.type === 'bar', across = bar && t.orientation === 'h';
        const sizes = (across ? t.x : t.y).map(v => Math.abs(Number(v)) || 0);
        const i = sizes.indexOf(Math.max(...sizes));
        const xv = across ? t.x[i] / 2 : t.x[i], yv = bar && !across ? t.y[i] / 2 : t.y[i];
        const r = gd.getBoundingClientRect();
        return [r.left + xa._offset + xa.d2p(xv), r.top + ya._offset + ya.d2p(yv)];
    }""")
    page.mouse.move(x, y)
    return page.wait_for_selector(f"#{box_id} .hoverlayer .hovertext", timeout=5_000).text_content()


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_each_chapter_has_interactive_charts_that_show_values_on_hover(book, chromium, chapter):
    origin, _ = book
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{origin}/{chapter}.html", wait_until="load")
    page.wait_for_selector(".alliance-interactive.alliance-ready .main-svg", timeout=15_000)
    boxes = page.eval_on_selector_all(".alliance-interactive.alliance-ready", "els => els.map(e => e.id)")
    assert len(boxes) >= 2, boxes
    hovered = {box: _hover_a_point(page, box) for box in boxes}
    with_values = [box for box, text in hovered.items() if any(ch.isdigit() for ch in text)]
    assert len(with_values) >= 2, hovered  # at least two charts show a value (a date, a count, a share) on hover
    # each chart sits in its static figure, whose PNG it replaces; nothing left the host
    assert page.evaluate("""() => [...document.querySelectorAll('.alliance-interactive.alliance-ready')]
        .every(b => b.closest('figure')
                    && getComputedStyle(b.closest('figure').querySelector('img')).display === 'none')""")
    assert [url for url in requests if not url.startswith((origin, "data:", "blob:"))] == []
    page.close()


def test_the_network_year_control_and_tie_kinds_redraw_by_keyboard(book, chromium):
    origin, _ = book
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{origin}/notebooks/02_partner_network.html", wait_until="load")
    page.wait_for_selector(".alliance-interactive.alliance-ready .main-svg", timeout=15_000)
    slider = page.locator(".alliance-interactive input[type=range]").first
    box = slider.evaluate("e => e.closest('.alliance-interactive').id")
    shown = f"#{box} output"
    before = (page.text_content(shown), page.text_content(f"#{box} .alliance-readout"),
              page.evaluate(f"() => JSON.stringify(document.querySelector('#{box} .alliance-plot').data)"))
    slider.focus()
    for _ in range(30):
        page.keyboard.press("ArrowLeft")
    after = (page.text_content(shown), page.text_content(f"#{box} .alliance-readout"),
             page.evaluate(f"() => JSON.stringify(document.querySelector('#{box} .alliance-plot').data)"))
    assert int(after[0]) == int(before[0]) - 30  # the year shown moved back 30 years
    assert after[1] != before[1] and after[2] != before[2]  # the readout and the drawing changed
    kinds = page.locator(".alliance-interactive input[data-control=kinds]")
    kinds_box = kinds.first.evaluate("e => e.closest('.alliance-interactive').id")
    readout = f"#{kinds_box} .alliance-readout"
    first = page.text_content(readout)
    checked = [i for i in range(kinds.count()) if kinds.nth(i).is_checked()]
    kinds.nth(checked[-1]).focus()
    page.keyboard.press("Space")  # untick one kind of tie
    assert page.text_content(readout) != first
    page.close()
