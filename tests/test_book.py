"""The book as a reader gets it, built the way a user builds it, in a throwaway copy of the
repository and through the real Makefile (`make book`: -W -n --keep-going --all, from a clean
`_build`):

1. on a fresh copy `make book` executes nothing, builds strictly and leaves `git status` clean;
2. the built pages load nothing from the network, every image has real alt text, no glued value is
   left unresolved, and the intro reports the counts of the data;
3. a one-row CSV edit is caught as staleness, and the next `make book` re-executes the notebooks
   that read the file and shows the new count on every page that reports it (including the intro,
   which pastes the value from a notebook);
4. a second `make book` changes no byte and executes nothing.

The tests run in this order on one copy (one build serves steps 1 and 2).
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import DATA, ROOT

pytestmark = pytest.mark.slow

VENV = Path(sys.prefix)  # this test run's virtual environment
IGNORE = shutil.ignore_patterns(".venv", "_build", "site", ".git", "node_modules", "__pycache__", "test-artifacts")
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
EXTERNAL = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **GIT_ENV}
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=env)


def _make_book(copy: Path) -> str:
    # Reuse this test run's environment: -o keeps make from re-installing it.
    result = _run(["make", "book", f"VENV={VENV}", "-o", str(VENV / ".installed")], copy)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "warning" not in result.stderr.lower(), result.stderr[-3000:]
    return result.stdout


def _text(page: Path) -> str:
    return " ".join(BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").get_text(" ").split())


def _events(copy: Path) -> int:
    return len((copy / "data" / "events.csv").read_text(encoding="utf-8").strip().splitlines()) - 1


@pytest.fixture(scope="module")
def copy(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("repo") / "book"
    shutil.copytree(ROOT, target, ignore=IGNORE)
    for args in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-qm", "copy"]):
        assert _run(args, target).returncode == 0
    return target


@pytest.fixture(scope="module")
def first_build(copy) -> str:
    """What `make book` printed on the fresh copy."""
    return _make_book(copy)


@pytest.fixture(scope="module")
def html(copy, first_build) -> Path:
    return copy / "_build" / "html"


def test_fresh_copy_builds_without_executing_and_stays_clean(copy, first_build, html):
    assert "executing" not in first_build
    assert (html / "book" / "intro.html").is_file()
    assert _run(["git", "status", "--porcelain"], copy).stdout == ""


def _toc_files() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [chapter["file"] for chapter in part["chapters"]]
    return files


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
    scc = sum(e["category"] == "two_plus_two" and sorted(e["actors"].split(";")) == ["JPN", "USA"] for e in events)
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


def test_one_row_edit_reaches_every_page(copy):
    before = _events(copy)
    with open(copy / "data" / "events.csv", "a", encoding="utf-8") as fh:
        fh.write("test-exercise-2026,2026,year,A test exercise,exercise,USA;JPN,,,Added by the pipeline test.,"
                 "Ministry of Defense of Japan,https://www.mod.go.jp/\n")
    check = _run([str(VENV / "bin" / "python"), "-m", "alliance", "notebooks", "--check"], copy)
    assert check.returncode == 1
    assert "notebooks/00_data_overview.ipynb is stale (data/events.csv changed): run `make notebooks`" in check.stdout

    out = _make_book(copy)
    assert "executing notebooks/00_data_overview.ipynb (data/events.csv changed)" in out
    intro = _text(copy / "_build" / "html" / "book" / "intro.html")
    overview = _text(copy / "_build" / "html" / "notebooks" / "00_data_overview.html")
    assert f"The events data covers {before + 1} dated events from" in intro
    assert "to 2026" in intro
    assert f"The events table lists {before + 1} dated events" in overview


def test_a_second_make_book_changes_nothing(copy):
    notebook = copy / "notebooks" / "00_data_overview.ipynb"
    before = notebook.read_bytes()
    stamp = (copy / "_build" / ".html-built").stat().st_mtime_ns
    out = _make_book(copy)
    assert "executing" not in out
    assert notebook.read_bytes() == before
    assert (copy / "_build" / ".html-built").stat().st_mtime_ns == stamp
