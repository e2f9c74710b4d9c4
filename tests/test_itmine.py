"""`make it-mine`: a fork's title, author and repository reach every file that names them, and
nothing else changes."""

from __future__ import annotations

import difflib
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

from bookkit import colab, itmine
from conftest import ROOT

FILES = ["_config.yml", "CITATION.cff", "book/intro.md", "README.md"]
TITLE, AUTHOR = 'Quokka Notes on "Alliances" & Allies', "Quilla Ōtsuka-Vance"
REPO = "https://github.com/quokka-seminar/alliance-ledger"


@pytest.fixture
def fork(tmp_path):
    for name in FILES:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / name, tmp_path / name)
    shutil.copyfile(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")  # the edition's version: read only
    shutil.copyfile(ROOT / "releases.toml", tmp_path / "releases.toml")  # the edition the cells install: read only
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    return tmp_path


def _changed_lines(root, name):
    old = (ROOT / name).read_text(encoding="utf-8").splitlines()
    new = (root / name).read_text(encoding="utf-8").splitlines()
    return [line for line in difflib.unified_diff(old, new, lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


@pytest.mark.parametrize(("given", "canonical"), [
    ("https://github.com/you/fork", "https://github.com/you/fork"),
    ("https://github.com/you/fork.git", "https://github.com/you/fork"),
    ("https://github.com/you/my.fork/", "https://github.com/you/my.fork"),
])
def test_a_github_address_is_accepted_in_its_usual_forms(given, canonical):
    assert itmine.parse_repository(given) == canonical


@pytest.mark.parametrize("given", ["https://gitlab.com/you/fork", "http://github.com/you/fork",
                                   "https://github.com/you", "github.com/you/fork", "https://github.com/you/fork/tree"])
def test_anything_else_is_refused_with_the_form_to_write(given):
    with pytest.raises(ValueError, match=r"write it as https://github\.com/OWNER/NAME"):
        itmine.parse_repository(given)


def test_every_place_gets_the_fork_and_nothing_else_changes(fork):
    changed = itmine.make_it_mine(fork, TITLE, AUTHOR, REPO + ".git", say=lambda _: None)
    notebooks = [f"notebooks/{p.name}" for p in (fork / "notebooks").glob("*.ipynb")]  # each has a set-up cell
    assert sorted(p.relative_to(fork).as_posix() for p in changed) == sorted(FILES + notebooks)
    assert (fork / "pyproject.toml").read_bytes() == (ROOT / "pyproject.toml").read_bytes()
    config = yaml.safe_load((fork / "_config.yml").read_text(encoding="utf-8"))
    assert (config["title"], config["author"], config["repository"]["url"]) == (TITLE, AUTHOR, REPO)
    assert config["html"]["extra_footer"].splitlines()[0] == (
        '<p class="alliance-identity"><a href="https://github.com/quokka-seminar/alliance-ledger">'
        'Quokka Notes on "Alliances" &amp; Allies</a>, by Quilla Ōtsuka-Vance.</p>')
    cff = yaml.safe_load((fork / "CITATION.cff").read_text(encoding="utf-8"))
    assert (cff["title"], cff["authors"], cff["repository-code"]) == (TITLE, [{"name": AUTHOR}], REPO)
    assert cff["version"] == yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))["version"]
    for page in ("book/intro.md", "README.md"):
        assert (fork / page).read_text(encoding="utf-8").splitlines()[0] == f"# {TITLE}"
    # line by line, each changed line counts twice (- old, + new): nothing else moved
    assert len(_changed_lines(fork, "_config.yml")) == 8  # title, author, url, the footer's identity line
    assert len(_changed_lines(fork, "CITATION.cff")) == 6  # title, the one author, repository-code
    assert len(_changed_lines(fork, "book/intro.md")) == 2


def test_a_second_run_changes_nothing(fork):
    itmine.make_it_mine(fork, TITLE, AUTHOR, REPO, say=lambda _: None)
    texts = {name: (fork / name).read_bytes() for name in FILES}
    assert itmine.make_it_mine(fork, TITLE, AUTHOR, REPO, say=lambda _: None) == []
    assert {name: (fork / name).read_bytes() for name in FILES} == texts


def test_the_books_own_values_change_nothing(fork):
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert itmine.make_it_mine(fork, config["title"], config["author"], config["repository"]["url"],
                               say=lambda _: None) == []


def test_set_up_cells_follow_the_fork_and_none_is_added(fork):
    with_cell, without = fork / "notebooks" / "01_timeline.ipynb", fork / "notebooks" / "claims.ipynb"
    nb = nbformat.read(with_cell, as_version=4)
    colab.apply_setup_cell(nb, colab.setup_cell_source(colab.repository_url(ROOT), colab.edition_ref(ROOT)))
    nbformat.write(nb, with_cell)
    bare = nbformat.read(without, as_version=4)
    bare.cells = [c for c in bare.cells if c.get("id") != colab.SETUP_CELL_ID]
    nbformat.write(bare, without)
    before = without.read_bytes()
    itmine.make_it_mine(fork, TITLE, AUTHOR, REPO, say=lambda _: None)
    cell = next(c for c in nbformat.read(with_cell, as_version=4).cells if c.get("id") == colab.SETUP_CELL_ID)
    assert f'REPOSITORY = "{REPO}"' in cell.source and f'EDITION = "{colab.edition_ref(ROOT)}"' in cell.source
    assert without.read_bytes() == before


def test_a_file_that_cannot_be_edited_leaves_every_file_as_it_was(fork):
    (fork / "CITATION.cff").write_text("cff-version: 1.2.0\n", encoding="utf-8")  # no title line
    config = (fork / "_config.yml").read_bytes()
    with pytest.raises(ValueError, match=r"CITATION\.cff: no line matching"):
        itmine.make_it_mine(fork, TITLE, AUTHOR, REPO, say=lambda _: None)
    assert (fork / "_config.yml").read_bytes() == config


def test_an_empty_title_is_refused_with_the_command_to_type(fork):
    with pytest.raises(ValueError, match=r'TITLE is empty: make it-mine TITLE="Your title"'):
        itmine.make_it_mine(fork, " ", AUTHOR, REPO, say=lambda _: None)


def test_make_it_mine_passes_quotes_and_apostrophes_through_untouched(fork):
    shutil.copyfile(ROOT / "Makefile", fork / "Makefile")
    for package in ("alliance", "bookkit"):
        shutil.copytree(ROOT / package, fork / package, ignore=shutil.ignore_patterns("__pycache__"))
    venv = Path(sys.prefix)  # this test run's environment
    before = {name: (ROOT / name).read_bytes() for name in FILES}
    title = "A Quokka's \"Ledger\" of `whoami` and more"
    result = subprocess.run(["make", "-s", "it-mine", f"VENV={venv}", "-o", str(venv / ".installed"),
                             f"TITLE={title}", f"AUTHOR={AUTHOR}", f"REPO={REPO}"],
                            cwd=fork, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert yaml.safe_load((fork / "_config.yml").read_text(encoding="utf-8"))["title"] == title
    assert {name: (ROOT / name).read_bytes() for name in FILES} == before  # the fork changed, not this checkout
