"""The book as a reader gets it, built the way a user builds it: in a throwaway copy of the
repository, through the real Makefile (`make book`: -W -n --keep-going --all), after a
one-row edit of the data. In order, on one copy and one build:

1. a fresh copy has nothing to execute;
2. a one-row CSV edit is reported as staleness, naming each notebook that reads the file and the
   command to run; `make book` then re-executes exactly those notebooks and builds strictly;
3. the built pages show the new count everywhere it is reported (including the intro, which
   pastes the value from a notebook), load nothing from the network, give every image real alt
   text, and leave no glued value unresolved;
4. a second `make book` executes nothing and changes no byte, and `git status` shows only the
   edited files and the notebooks they made stale: building never rewrites anything else.

The edit follows the guide "Fork this book" (book/fork.md) step by step: `make it-mine` with the
test's own, unlikely title, author and repository (never the guide's example, so a student who
follows the guide keeps a green test), add a row, `python -m alliance validate`, then build; the
fork's title, author and repository must then reach the intro, the footer, the cite page and the
launch buttons. A test checks that the guide still names those commands, so guide and test cannot
drift apart.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import GIT_ENV, ROOT, repo_copy

pytestmark = pytest.mark.slow

VENV = Path(sys.prefix)  # this test run's virtual environment
PYTHON = str(VENV / "bin" / "python")
EXTERNAL = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)
FORK_TITLE = "The Quokka Seminar's Ledger of Alliances"
FORK_AUTHOR = "Quilla Ōtsuka-Vance"
FORK_REPO = "https://github.com/quokka-seminar/alliance-ledger"
UPSTREAM = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
NEW_ROW = ("test-exercise-2026,2026,year,A test exercise,exercise,USA;JPN,,,Added by the pipeline test.,"
           "Ministry of Defense of Japan,https://www.mod.go.jp/\n")


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, env={**os.environ, **GIT_ENV})


def _make_book(copy: Path) -> str:
    # Reuse this test run's environment: -o keeps make from re-installing it.
    result = _run(["make", "book", f"VENV={VENV}", "-o", str(VENV / ".installed")], copy)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "warning" not in result.stderr.lower(), result.stderr[-3000:]
    return result.stdout


def _text(page: Path) -> str:
    return " ".join(BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").get_text(" ").split())


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _readers(copy: Path, data_file: str) -> list[str]:
    """Notebooks whose recorded inputs include a data file."""
    return [p.name for p in sorted((copy / "notebooks").glob("*.ipynb"))
            if data_file in json.loads(p.read_text(encoding="utf-8"))["metadata"]["alliance"]["inputs"]]


@pytest.fixture(scope="module")
def copy(tmp_path_factory) -> Path:
    return repo_copy(tmp_path_factory.mktemp("repo") / "book")


@pytest.fixture(scope="module")
def edit(copy) -> dict[str, object]:
    """Check the fresh copy, add one event, check again, then `make book`."""
    fresh = _run([PYTHON, "-m", "bookkit", "notebooks", "--check"], copy)
    events_before = len((copy / "data" / "events.csv").read_text(encoding="utf-8").strip().splitlines()) - 1
    mine = _run(["make", "it-mine", f"VENV={VENV}", "-o", str(VENV / ".installed"),  # step "make it yours"
                 f"TITLE={FORK_TITLE}", f"AUTHOR={FORK_AUTHOR}", f"REPO={FORK_REPO}"], copy)
    assert mine.returncode == 0, mine.stdout + mine.stderr
    with open(copy / "data" / "events.csv", "a", encoding="utf-8") as fh:  # step "add a row"
        fh.write(NEW_ROW)
    valid = _run([PYTHON, "-m", "alliance", "validate"], copy)  # step "validate"
    stale = _run([PYTHON, "-m", "bookkit", "notebooks", "--check"], copy)
    edited = sorted(line[3:] for line in _run(["git", "status", "--porcelain"], copy).stdout.splitlines())
    return {"fresh": fresh, "valid": valid, "stale": stale, "events_before": events_before, "edited": edited,
            "build": _make_book(copy)}


def test_the_fork_guide_names_the_steps_this_test_follows():
    guide = (ROOT / "book" / "fork.md").read_text(encoding="utf-8")
    for step in ("make it-mine", "data/events.csv", "data/countries.csv", "python -m alliance validate",
                 "make notebooks", "make book", "make test", "make release VERSION=", "releases.toml", "publish.yml"):
        assert step in guide, f"book/fork.md no longer names {step!r}, a step this test follows"
    assert FORK_TITLE not in guide, "the test must use its own title, not one a student may copy from the guide"


def _expect(needle: str, text: str, where: str) -> None:
    # Sphinx's smart quotes print the apostrophe of a heading as a right single quotation mark
    assert needle in text.replace("\N{RIGHT SINGLE QUOTATION MARK}", "'"), \
        f"{where} does not show {needle!r} (set by `make it-mine`); it reads: {text[:400]!r}"


def test_make_it_mine_reaches_the_intro_footer_cite_page_and_buttons(html):
    intro = _soup(html / "book" / "intro.html")
    _expect(FORK_TITLE, intro.title.get_text(), "the intro's <title>")
    _expect(FORK_TITLE, intro.find("h1").get_text(), "the intro's heading")
    for page in ("book/intro.html", "notebooks/01_timeline.html"):
        footer = _soup(html / page).find("footer", class_="bd-footer-content")
        text = " ".join(footer.get_text(" ").split())
        for needle in (FORK_TITLE, FORK_AUTHOR):
            _expect(needle, text, f"the footer of {page}")
        _expect(FORK_REPO, " ".join(a["href"] for a in footer.find_all("a", href=True)), f"the footer links of {page}")
    cite = _soup(html / "book" / "cite.html")
    reference = " ".join(cite.find(class_="alliance-citation").get_text(" ").split())
    bibtex = cite.find("div", class_="highlight-bibtex").get_text()
    for needle in (FORK_TITLE, FORK_AUTHOR, FORK_REPO):
        _expect(needle, reference, "the cite page's reference")
        _expect(needle, bibtex, "the cite page's BibTeX entry")
    assert UPSTREAM["title"] not in reference + bibtex, f"the cite page still names {UPSTREAM['title']!r}"
    chapter = _soup(html / "notebooks" / "01_timeline.html")
    hrefs = [a["href"] for a in chapter.find_all("a", href=True)]
    owner_name = FORK_REPO.removeprefix("https://github.com/")
    launch = {"Binder": f"https://mybinder.org/v2/gh/{owner_name}/main?",
              "Colab": f"https://colab.research.google.com/github/{owner_name}/blob/main/notebooks/01_timeline.ipynb",
              "repository": FORK_REPO}
    for button, target in launch.items():
        assert any(h.startswith(target) for h in hrefs), f"no {button} button opens {target}: {hrefs}"
    upstream = UPSTREAM["repository"]["url"].removeprefix("https://github.com/")
    for page in _pages(html):
        left = [a["href"] for a in _soup(page).find_all("a", href=True) if upstream in a["href"]]
        assert not left, f"{page.relative_to(html)} still links to the upstream repository: {left}"


def test_the_forked_title_and_the_new_row_reach_the_built_book(edit, html):
    assert edit["valid"].returncode == 0, edit["valid"].stdout + edit["valid"].stderr
    assert edit["valid"].stdout.startswith("OK:")
    assert FORK_TITLE in _soup(html / "book" / "intro.html").title.get_text()
    assert "A test exercise" in _text(html / "notebooks" / "chronology.html")


@pytest.fixture(scope="module")
def html(copy, edit) -> Path:
    return copy / "_build" / "html"


def _pages(html: Path) -> list[Path]:
    return sorted(p for p in html.rglob("*.html") if "_static" not in p.parts)


def test_a_fresh_copy_has_nothing_to_execute(edit):
    assert edit["fresh"].returncode == 0, edit["fresh"].stdout
    assert edit["fresh"].stdout == ""


def test_the_edit_is_reported_and_exactly_its_readers_re_executed(copy, edit):
    readers = _readers(copy, "data/events.csv")
    assert readers
    assert edit["stale"].returncode == 1
    for name in readers:
        assert f"notebooks/{name} is stale (data/events.csv changed): run `make notebooks`" in edit["stale"].stdout
        assert f"executing notebooks/{name} (data/events.csv changed)" in edit["build"]
    assert edit["build"].count("executing") == len(readers)


def test_every_toc_entry_is_built(html):
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    entries = [toc["root"]]
    for part in toc.get("parts", []):
        for chapter in part["chapters"]:
            entries += [chapter["file"], *(s["file"] for s in chapter.get("sections", []))]
    for entry in entries:
        assert (html / f"{entry}.html").is_file(), entry


def test_the_new_count_reaches_every_page(copy, edit, html):
    after = edit["events_before"] + 1
    intro = _text(html / "book" / "intro.html")
    assert f"The events data covers {after} dated events from" in intro
    assert "to 2026" in intro
    assert f"The events table lists {after} dated events" in _text(html / "notebooks" / "00_data_overview.html")
    assert f"The table holds {after} events" in _text(html / "notebooks" / "01_timeline.html")
    assert f"The chronology lists {after} events" in _text(html / "notebooks" / "chronology.html")
    assert "A test exercise" in _text(html / "notebooks" / "chronology.html")


def test_intro_reports_the_counts_of_the_data(copy, html):
    with open(copy / "data" / "events.csv", encoding="utf-8", newline="") as fh:
        events = list(csv.DictReader(fh))
    years = sorted(int(e["date"][:4]) for e in events)
    scc = sum(e["category"] == "two_plus_two" and sorted(e["actors"].split(";")) == ["JPN", "USA"] for e in events)
    text = _text(html / "book" / "intro.html")
    assert f"The events data covers {len(events)} dated events from {years[0]} to {years[-1]}" in text
    assert f"among them {scc} meetings of the Security Consultative Committee" in text


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
        assert not re.search(r"\bnp\.(float|int)\d+\(", text), f"{page}: a numpy repr was glued"
        assert not re.search(r"\.ipynb::\w+", text), page


def test_figures_have_captions_and_a_data_download_served_as_a_file_beside_the_page(html):
    figures = [(page, f) for page in _pages(html) for f in _soup(page).find_all("figure")]
    assert figures
    for page, figure in figures:
        assert figure.find("figcaption"), "figure without caption"
        link = figure.find("a", class_="alliance-download")
        assert link and link["download"].endswith(".csv")
        page_name = page.relative_to(html).with_suffix("").as_posix()
        assert link["href"] == f"{'../' * page_name.count('/')}_downloads/{page_name}/{link['download']}"
        target = (page.parent / link["href"]).resolve()
        assert target.is_file() and "," in target.read_text(encoding="utf-8").splitlines()[0]
    for page in _pages(html):
        assert "base64," not in str(_soup(page).find_all("a", class_="alliance-download")), page


def test_pages_have_the_favicon_and_repository_button(html):
    soup = _soup(html / "book" / "intro.html")
    icons = [t["href"] for t in soup.find_all("link") if "icon" in t.get("rel", [])]
    assert icons and all(not EXTERNAL.match(h) for h in icons)
    assert soup.find("a", href=re.compile(r"^https://github\.com/.+/.+"))


def test_a_second_make_book_changes_nothing_and_nothing_else_was_rewritten(copy, edit):
    notebooks = {p: p.read_bytes() for p in (copy / "notebooks").glob("*.ipynb")}
    stamp = (copy / "_build" / ".html-built").stat().st_mtime_ns
    out = _make_book(copy)
    assert "executing" not in out
    assert {p: p.read_bytes() for p in notebooks} == notebooks
    assert (copy / "_build" / ".html-built").stat().st_mtime_ns == stamp
    changed = sorted(line[3:] for line in _run(["git", "status", "--porcelain"], copy).stdout.splitlines())
    expected = sorted(set(edit["edited"]) | {f"notebooks/{n}" for n in _readers(copy, "data/events.csv")})
    assert changed == expected, "make book rewrote files other than the stale notebooks"


def test_make_it_mine_changed_exactly_the_files_it_names(edit):
    with_cell = [f"notebooks/{p.name}" for p in sorted((ROOT / "notebooks").glob("*.ipynb"))
                 if '"id": "colab-setup"' in p.read_text(encoding="utf-8")]
    expected = sorted(["CITATION.cff", "README.md", "_config.yml", "book/intro.md", "data/events.csv", *with_cell])
    assert edit["edited"] == expected
