"""The published site in a real browser: Debian chromium driven by playwright, the site served over
http on 127.0.0.1.

The site is built (`bookkit.site.build_site`, what `make site` runs) from a throwaway repository
with two recorded releases (in its ``releases.toml``; the repository has no tags) and dev:

* ``v0.1.0``: this checkout as it is;
* ``v0.2.0``: adds a page and a hostile data row (a title with ``<script>``, ``<img onerror>``
  and Markdown/MyST markup, and a chain event renamed the same way so that it reaches a figure
  caption), with the notebooks re-executed, so the pages really show the data;
* ``dev`` (main): one more changelog line, and the release record.

Each release also gets a PDF and an offline archive, linked from its footer.

With ``CI=true`` a missing chromium (or axe-core) is an error; elsewhere these tests skip with one
line saying how to install it. Full-page screenshots of each chapter are kept in
``test-artifacts/screenshots/`` (JPEG).
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from bookkit import pdf
from bookkit.pdf import LOAD_EVERY_IMAGE_JS
from bookkit.releases import HEADER, Release, append_entry
from bookkit.site import build_site
from conftest import ROOT, git, repo_copy

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
HOSTILE_TITLE = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2"> **bold** {glue:text}`n_events`'
HOSTILE_SUMMARY = "[a link](javascript:window.__xss=3) <b>not bold</b> {{ edition }} $x^2$ # not a heading"
HOSTILE_PLACE = '=HYPERLINK("http://x.example/","click")'  # a spreadsheet would run it (CSV injection)
HOSTILE_CHAIN_TITLE = 'Laws in force <img src=y onerror="window.__xss=4"> _it_'
NEW_PAGE = "book/new-in-v020"
CHAPTERS = ["book/intro", "notebooks/00_data_overview", "notebooks/01_timeline", "notebooks/chronology"]
#: Console messages that are not the book's doing (documented in the toolchain notes).
ALLOWED_CONSOLE = [
    re.compile(r"Got invalid theme mode"),  # pydata theme on a fresh browser profile
]


def _missing(what: str, how: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is missing, and CI=true requires it: {how}")
    pytest.skip(f"{what} is missing; to run the browser tests: {how}")


def _edit_csv(path: Path, key: str, column: str, value: str) -> None:
    import csv

    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields, rows = reader.fieldnames, list(reader)
    for row in rows:
        if row["id"] == key:
            row[column] = value
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _throwaway_repo(base: Path) -> Path:
    repo = repo_copy(base / "repo")
    (repo / "releases.toml").write_text(HEADER, encoding="utf-8")  # the real record names other commits
    git(repo, "commit", "-qam", "an empty release record")
    first = git(repo, "rev-parse", "HEAD").strip()
    # v0.2.0: a new page and hostile data, with the notebooks re-executed
    (repo / f"{NEW_PAGE}.md").write_text("# New in v0.2.0\n\nA page that v0.1.0 does not have.\n", encoding="utf-8")
    toc = (repo / "_toc.yml").read_text(encoding="utf-8")
    (repo / "_toc.yml").write_text(toc.replace("      - file: book/methods\n",
                                               f"      - file: book/methods\n      - file: {NEW_PAGE}\n"),
                                   encoding="utf-8")
    with open(repo / "data" / "events.csv", "a", encoding="utf-8", newline="") as fh:
        import csv

        csv.writer(fh, lineterminator="\n").writerow(
            ["zz-hostile-2025", "2025", "year", HOSTILE_TITLE, "exercise", "USA;JPN", HOSTILE_PLACE, "",
             HOSTILE_SUMMARY, "Ministry of Defense of Japan", "https://www.mod.go.jp/"])
    _edit_csv(repo / "data" / "events.csv", "peace-security-legislation-in-force-2016", "title", HOSTILE_CHAIN_TITLE)
    # the two pages that show event titles and captions are re-executed (the overview is not needed)
    run = subprocess.run([sys.executable, "-m", "bookkit", "notebooks", "notebooks/chronology.ipynb",
                          "notebooks/01_timeline.ipynb"], cwd=repo, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "v0.2.0")
    second = git(repo, "rev-parse", "HEAD").strip()
    with open(repo / "CHANGELOG.md", "a", encoding="utf-8") as fh:
        fh.write("\n- A line that only dev has.\n")
    v1, v2 = Release("0.1.0", "2026-01-01", first), Release("0.2.0", "2026-02-01", second)
    (repo / "releases.toml").write_text(append_entry(append_entry(HEADER, v1, []), v2, [v1]), encoding="utf-8")
    git(repo, "commit", "-qam", "dev")
    assert git(repo, "tag", "--list") == ""
    return repo


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> str:
    """Build the three editions and serve them; yields the base URL."""
    if not CHROMIUM.exists():
        _missing("Debian chromium (/usr/bin/chromium)", "apt-get install chromium")
    base = tmp_path_factory.mktemp("site")
    repo = _throwaway_repo(base)
    out = base / "site"
    build_site(repo, out, base_path="/", branch="main", jobs=2, say=lambda _: None)
    handler = functools.partial(_QuietHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser(site):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield chromium
        chromium.close()


class Watch:
    """A fresh page that records console errors, page errors and every request it makes."""

    def __init__(self, browser, site: str):
        self.site = site
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        self.page.on("request", lambda r: self.requests.append(r.url))

    def open(self, path: str) -> None:
        self.page.goto(f"{self.site}/{path}", wait_until="load")

    def unexpected_errors(self) -> list[str]:
        return [e for e in self.errors if not any(p.search(e) for p in ALLOWED_CONSOLE)]

    def foreign_requests(self) -> list[str]:
        return [u for u in self.requests if not (u.startswith(self.site) or u.startswith(("data:", "blob:", "about:")))]


@pytest.fixture
def watch(browser, site):
    w = Watch(browser, site)
    yield w
    w.page.close()


def _editions(site: str) -> list[dict]:
    from urllib.request import urlopen

    with urlopen(f"{site}/versions.json") as response:  # served by the test's own server on 127.0.0.1
        return json.load(response)


def test_the_root_redirects_to_the_preferred_edition(watch, site):
    entries = _editions(site)
    preferred = [e for e in entries if e.get("preferred")]
    assert [e["version"] for e in preferred] == ["v0.2.0"]
    assert [e["version"] for e in entries] == ["v0.2.0", "v0.1.0", "dev"]
    watch.open("")
    watch.page.wait_for_url(re.compile(r"/v0\.2\.0/"))


@pytest.mark.parametrize("edition", ["v0.2.0", "v0.1.0", "dev"])
def test_every_page_of_every_edition_loads_cleanly(watch, edition):
    watch.open(f"{edition}/book/intro.html")
    links = watch.page.eval_on_selector_all(
        "nav.bd-docs-nav a.reference.internal", "els => els.map(e => e.getAttribute('href'))")
    pages = sorted({f"{edition}/book/{h.split('#')[0]}" for h in links if not h.startswith("#")} | {
        f"{edition}/book/intro.html", f"{edition}/genindex.html", f"{edition}/search.html"})
    assert len(pages) >= 8
    for path in pages:
        watch.open(path.replace("/book/../", "/"))
        # the figures load lazily: load them all, as a reader scrolling would
        watch.page.evaluate(LOAD_EVERY_IMAGE_JS)
        images = watch.page.eval_on_selector_all(
            "img", "els => els.map(e => [e.getAttribute('src'), e.complete && e.naturalWidth > 0, e.alt])")
        for src, loaded, alt in images:
            assert loaded, f"{path}: image {src} did not load"
            assert len(alt.strip()) >= 10 and not alt.startswith("<Figure"), f"{path}: {src} alt={alt!r}"
    assert watch.unexpected_errors() == []
    assert watch.foreign_requests() == []


def test_each_edition_names_itself_on_the_intro_and_in_the_footer(watch):
    for edition in ("v0.1.0", "v0.2.0", "dev"):
        watch.open(f"{edition}/book/intro.html")
        body = " ".join(watch.page.inner_text("body").split())
        label = "the development edition (dev) of" if edition == "dev" else f"edition {edition} of"
        assert re.search(rf"You are reading {re.escape(label)} \d{{4}}-\d{{2}}-\d{{2}}", body), edition
        assert label in " ".join(watch.page.inner_text("footer.bd-footer-content").split())


def test_the_switcher_lists_every_edition_and_keeps_the_page(watch):
    watch.open("v0.1.0/notebooks/chronology.html")
    watch.page.locator(".version-switcher__button").first.click()
    menu = watch.page.locator(".version-switcher__menu").first
    names = [n.strip() for n in menu.locator("a").all_inner_texts()]
    assert names == ["v0.2.0 (latest)", "v0.1.0", "dev"]
    menu.locator("a", has_text="dev").click()
    watch.page.wait_for_url(re.compile(r"/dev/notebooks/chronology\.html$"))
    assert watch.page.locator("h1").first.inner_text().startswith("Chronology")


def test_switching_to_an_edition_without_the_page_goes_to_its_start(watch):
    watch.open(f"v0.2.0/{NEW_PAGE}.html")
    watch.page.locator(".version-switcher__button").first.click()
    watch.page.locator(".version-switcher__menu").first.locator("a", has_text="v0.1.0").click()
    watch.page.wait_for_url(re.compile(r"/v0\.1\.0/(index\.html)?$|/v0\.1\.0/book/intro\.html$"))


def test_search_finds_an_event_by_a_word_of_its_title(watch):
    watch.open("v0.2.0/search.html?q=Presidio")
    results = watch.page.locator("#search-results ul.search li")
    results.first.wait_for(timeout=15000)
    hrefs = [a.get_attribute("href") for a in results.locator("a").all()]
    assert any("notebooks/chronology.html" in (h or "") for h in hrefs), hrefs


@pytest.mark.parametrize("path", ["v0.2.0/notebooks/chronology.html", "v0.2.0/notebooks/01_timeline.html"])
def test_hostile_data_is_shown_as_text(watch, path):
    watch.open(path)
    watch.page.wait_for_timeout(300)
    assert watch.page.evaluate("typeof window.__xss") == "undefined"
    assert watch.page.locator('img[src="x"], img[src="y"]').count() == 0
    text = watch.page.inner_text("main")
    if path.endswith("chronology.html"):
        assert HOSTILE_TITLE in text
        assert HOSTILE_SUMMARY in text
        assert watch.page.locator('a[href^="javascript:"]').count() == 0
    else:
        # the interactive charts are drawn, with the hostile title among their hover texts, as text
        watch.page.wait_for_selector(".alliance-interactive.alliance-ready .main-svg", timeout=15_000)
        hover_texts = watch.page.evaluate("""() => [...document.querySelectorAll('.alliance-plot')]
            .flatMap(p => p.data.flatMap(t => t.hovertext || []))""")
        assert any("&lt;script&gt;window.__xss=1&lt;/script&gt;" in text for text in hover_texts)
        assert watch.page.evaluate("typeof window.__xss") == "undefined"
        caption = " ".join(watch.page.locator("figcaption").all_inner_texts())
        assert "Laws in force <img src=y onerror=" in caption and "_it_" in caption


def test_what_changed_counts_the_data_changes_from_git(watch):
    watch.open("v0.2.0/book/changelog.html")
    rows = watch.page.eval_on_selector_all(
        "table.alliance-data-changes tbody tr", "rows => rows.map(r => [...r.cells].map(c => c.innerText.trim()))")
    assert ["v0.2.0", "v0.1.0", "events", "1", "1", "0"] in rows
    assert any(r[0] == "v0.1.0" and r[1] == "(none)" and r[2] == "events" for r in rows)


AXE_TAGS = ("{runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, "
            "resultTypes: ['violations']}")


def _serious(result: dict) -> list[tuple[str, str]]:
    return [(v["id"], v["impact"]) for v in result["violations"] if v["impact"] in ("serious", "critical")]


def test_accessibility_has_no_serious_violations_in_the_book_content(watch):
    if not AXE.exists():
        _missing("axe-core (node_modules/axe-core)", "npm ci (make test runs it when npm is installed)")
    content, whole = [], []
    for chapter in CHAPTERS:
        watch.open(f"v0.2.0/{chapter}.html")
        watch.page.add_script_tag(path=str(AXE))
        scoped = watch.page.evaluate(
            f"async () => await axe.run({{include: [['article.bd-article'], ['.bd-footer-content']]}}, {AXE_TAGS})")
        content += [(chapter, *v) for v in _serious(scoped)]
        if chapter == CHAPTERS[0]:
            whole += _serious(watch.page.evaluate(f"async () => await axe.run(document, {AXE_TAGS})"))
    assert content == []
    assert whole == []  # the theme too (bookkit.a11y), with no allow-list


def test_full_page_screenshots_of_each_chapter(watch):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for chapter in CHAPTERS:
        watch.open(f"v0.2.0/{chapter}.html")
        target = SCREENSHOTS / f"v0.2.0-{chapter.replace('/', '-')}.jpg"
        watch.page.screenshot(path=str(target), full_page=True, type="jpeg", quality=80)
        assert target.stat().st_size > 20_000


@pytest.mark.parametrize("edition", ["v0.1.0", "v0.2.0"])
def test_each_release_links_its_pdf_and_offline_copy_from_its_footer(watch, site, edition):
    import io
    import tarfile
    import urllib.request

    watch.open(f"{edition}/book/intro.html")
    links = watch.page.locator(".bookkit-downloads a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert links == [f"/{edition}/alliance-book-{edition}.pdf", f"/{edition}/alliance-book-{edition}.tar.gz"]
    data = urllib.request.urlopen(site + links[0]).read()
    assert data.startswith(b"%PDF") and pdf.count_pages(data) >= 20
    # chromium's bookmarks drop the spaces at a heading's line breaks: compare without spaces
    titles = {"".join(t.split()) for t in pdf.outline_titles(data)}
    for chapter in CHAPTERS:
        watch.open(f"{edition}/{chapter}.html")
        heading = watch.page.locator("main h1").first.inner_text().rstrip("#")
        assert "".join(heading.split()) in titles, (edition, chapter)
    with tarfile.open(fileobj=io.BytesIO(urllib.request.urlopen(site + links[1]).read())) as tar:
        names = tar.getnames()
    assert f"alliance-book-{edition}/index.html" in names
    assert f"alliance-book-{edition}/notebooks/chronology.html" in names


def test_dev_has_no_downloads_and_chart_data_are_files_beside_the_page(watch, site):
    import urllib.request

    watch.open("dev/book/intro.html")
    assert watch.page.locator(".bookkit-downloads").count() == 0
    watch.open("dev/notebooks/01_timeline.html")
    hrefs = watch.page.locator("a.alliance-download").evaluate_all("as => as.map(a => a.href)")
    assert hrefs and all(h.startswith(f"{site}/dev/_downloads/notebooks/01_timeline/") for h in hrefs)
    first = urllib.request.urlopen(hrefs[0]).read().decode("utf-8")
    assert first.splitlines()[0].count(",") >= 1


def test_no_csv_download_carries_a_formula_leading_cell(watch, site):
    """The hostile row's place starts with '=': every CSV the chapters offer opens it as text."""
    import csv
    import io
    import urllib.request

    cells = []
    for page in ("dev/notebooks/chronology.html", "dev/notebooks/01_timeline.html"):
        watch.open(page)
        for href in watch.page.locator("a.alliance-download").evaluate_all("as => as.map(a => a.href)"):
            if href.endswith(".csv"):
                text = urllib.request.urlopen(href).read().decode("utf-8")  # the test's own server
                cells += [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]
    assert "'" + HOSTILE_PLACE in cells  # the hostile cell is there, neutralised
    assert [cell for cell in cells if cell.startswith(("=", "+", "@", "\t", "\r"))] == []
