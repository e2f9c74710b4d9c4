"""End to end, in a throwaway copy of the repository, through the real Makefile:

* on a fresh copy `make book` executes nothing and leaves `git status` clean;
* a one-row CSV edit is caught as staleness, and the next `make book` re-executes the notebook
  that reads the file and shows the new count on every page that reports it (including the
  intro, which pastes the value from the notebook);
* a second `make book` changes no byte and executes nothing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT

pytestmark = pytest.mark.slow

VENV = Path(sys.executable).parent.parent
IGNORE = shutil.ignore_patterns(".venv", "_build", "site", ".git", "node_modules", "__pycache__", "test-artifacts")
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **GIT_ENV}
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=env)


def _make_book(copy: Path) -> str:
    # Reuse this test run's environment: -o keeps make from re-installing it.
    stamp = VENV / ".installed"
    result = _run(["make", "book", f"VENV={VENV}", "-o", str(stamp)], copy)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
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


def test_fresh_copy_builds_without_executing_and_stays_clean(copy):
    out = _make_book(copy)
    assert "executing" not in out
    assert (copy / "_build" / "html" / "book" / "intro.html").is_file()
    assert _run(["git", "status", "--porcelain"], copy).stdout == ""


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
