"""A strict build of the book from a clean output folder, and checks of the pages it writes."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import DATA, ROOT

pytestmark = pytest.mark.slow

EXTERNAL = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)


def _toc_files() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [chapter["file"] for chapter in part["chapters"]]
    return files


@pytest.fixture(scope="module")
def html(tmp_path_factory) -> Path:
    """Build the book with -W -n --keep-going into a fresh folder; fail with the build log."""
    out = tmp_path_factory.mktemp("book")
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    result = subprocess.run(
        [str(jupyter_book), "build", str(ROOT), "--path-output", str(out), "--all", "-W", "-n", "--keep-going"],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert "warning" not in result.stderr.lower(), result.stderr[-4000:]
    return out / "_build" / "html"


def _pages(html: Path) -> list[Path]:
    return sorted(p for p in html.rglob("*.html") if "_static" not in p.parts)


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_every_toc_entry_is_built(html):
    for entry in _toc_files():
        assert (html / f"{entry}.html").is_file(), entry


def test_no_page_loads_anything_from_the_network(html):
    for page in _pages(html):
        soup = _soup(page)
        loaded = [t.get("src", "") for t in soup.find_all(["script", "img", "iframe", "audio", "video", "source"])]
        loaded += [t.get("href", "") for t in soup.find_all("link")
                   if {"stylesheet", "preload", "icon", "modulepreload"} & set(t.get("rel", []))]
        external = [u for u in loaded if EXTERNAL.match(u)]
        assert not external, f"{page.relative_to(html)} loads {external}"


def test_static_css_and_js_do_not_import_from_the_network(html):
    pattern = re.compile(r"@import\s+url\(\s*['\"]?https?://|url\(\s*['\"]?https?://[^)]*\.(woff2?|ttf|css)")
    for path in (html / "_static").rglob("*"):
        if path.suffix in {".css", ".js"}:
            assert not pattern.search(path.read_text(encoding="utf-8", errors="replace")), path.name


def test_every_image_has_real_alt_text(html):
    seen = 0
    for page in _pages(html):
        for img in _soup(page).find_all("img"):
            seen += 1
            alt, src = (img.get("alt") or "").strip(), img.get("src", "")
            where = f"{page.relative_to(html)}: <img src={src!r}>"
            assert len(alt) >= 10, f"{where} has no real alt text ({alt!r})"
            assert not alt.startswith("<Figure size"), where
            assert not re.search(r"\.(png|jpe?g|svg|gif)$", alt, re.IGNORECASE), f"{where} alt is a file name"
            assert Path(alt).name != Path(src).name, where
    assert seen, "no images checked"


def test_no_glue_key_is_left_unresolved(html):
    for page in _pages(html):
        text = _soup(page).get_text(" ")
        assert "{glue" not in text and "glue:text" not in text, page
        assert not re.search(r"\.ipynb::\w+", text), page


def test_intro_reports_the_counts_of_the_data(html):
    with open(DATA / "events.csv", encoding="utf-8", newline="") as fh:
        events = list(csv.DictReader(fh))
    years = sorted(int(e["date"][:4]) for e in events)
    scc = sum(e["category"] == "two_plus_two" for e in events)
    text = " ".join(_soup(html / "book" / "intro.html").get_text(" ").split())
    assert f"The events data covers {len(events)} dated events from {years[0]} to {years[-1]}" in text
    assert f"among them {scc} meetings of the Security Consultative Committee" in text


def test_figures_have_captions_and_a_data_download(html):
    soup = _soup(html / "notebooks" / "00_data_overview.html")
    figures = soup.find_all("figure")
    assert figures
    for figure in figures:
        assert figure.find("figcaption"), "figure without caption"
        link = figure.find("a", class_="alliance-download")
        assert link and link["href"].startswith("data:text/csv;charset=utf-8;base64,")
        assert link["download"].endswith(".csv")


def test_pages_have_the_favicon_and_repository_button(html):
    soup = _soup(html / "book" / "intro.html")
    icons = [t["href"] for t in soup.find_all("link") if "icon" in t.get("rel", [])]
    assert icons and all(not EXTERNAL.match(h) for h in icons)
    assert soup.find("a", href=re.compile(r"^https://github\.com/.+/.+"))
