"""The Colab set-up cell: one source, inserted before the first code cell, updated in place,
silent when the package is present, and left out of the freshness digest by its text."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import nbformat

from bookkit import colab, notebooks
from conftest import ROOT

URL = "https://github.com/someone/a-fork"


def _notebook() -> nbformat.NotebookNode:
    return nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Title", id="title"),
        nbformat.v4.new_code_cell("x = 1", id="first"),
        nbformat.v4.new_code_cell("print(x)", id="second"),
    ])


def test_the_cell_pins_the_repository_and_the_tag():
    source = colab.setup_cell_source(URL + ".git/", "v9.9.9")  # a trailing .git or / is dropped
    assert 'REPOSITORY = "https://github.com/someone/a-fork"' in source and 'EDITION = "v9.9.9"' in source
    assert 'f"alliance @ git+{REPOSITORY}@{EDITION}"' in source
    assert 'find_spec("alliance") is None' in source


def test_the_edition_ref_is_the_latest_recorded_release_commit_and_the_url_comes_from_the_config(tmp_path):
    (tmp_path / "releases.toml").write_text(
        '[[release]]\nversion = "0.1.0"\ndate = "2026-01-01"\ncommit = "' + "a" * 40 + '"\n\n'
        '[[release]]\nversion = "0.2.0"\ndate = "2026-02-01"\ncommit = "' + "b" * 40 + '"\n', encoding="utf-8")
    assert colab.edition_ref(tmp_path) == "b" * 40
    (tmp_path / "releases.toml").unlink()
    assert colab.edition_ref(tmp_path) == "main"  # before the first release
    assert colab.repository_url(ROOT).startswith("https://github.com/")


def test_insert_goes_before_the_first_code_cell_tagged_remove_cell():
    nb = _notebook()
    assert colab.apply_setup_cell(nb, colab.setup_cell_source(URL, "v1.0.0"))
    assert [c.get("id") for c in nb.cells] == ["title", colab.SETUP_CELL_ID, "first", "second"]
    assert nb.cells[1].metadata["tags"] == ["remove-cell"]
    assert not colab.apply_setup_cell(nb, colab.setup_cell_source(URL, "v1.0.0"))  # idempotent


def test_update_replaces_the_source_in_place():
    nb = _notebook()
    colab.apply_setup_cell(nb, colab.setup_cell_source(URL, "v1.0.0"))
    assert colab.apply_setup_cell(nb, colab.setup_cell_source("https://github.com/other/fork", "v2.0.0"))
    cells = [c for c in nb.cells if c.get("id") == colab.SETUP_CELL_ID]
    assert len(cells) == 1 and '"https://github.com/other/fork"' in cells[0].source and '"v2.0.0"' in cells[0].source
    assert nb.cells.index(cells[0]) == 1


def test_the_command_writes_then_checks_clean(tmp_path):
    path = tmp_path / "n.ipynb"
    nbformat.write(_notebook(), path)
    run = [sys.executable, "-m", "bookkit", "setup-cell", "--url", URL, "--ref", "v1.0.0", str(path)]
    assert subprocess.run([*run, "--check"], capture_output=True).returncode == 1
    assert subprocess.run(run, capture_output=True).returncode == 0
    checked = subprocess.run([*run, "--check"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout
    assert json.loads(path.read_text(encoding="utf-8"))["cells"][1]["id"] == colab.SETUP_CELL_ID


def test_the_cell_is_silent_when_the_package_is_present():
    completed = subprocess.run([sys.executable, "-c", colab.setup_cell_source(URL, "v1.0.0")],
                               capture_output=True, text=True, timeout=60)
    assert (completed.returncode, completed.stdout, completed.stderr) == (0, "", "")


def test_a_new_url_stales_no_notebook_but_a_new_cell_does(tmp_path):
    for name in ("alliance", "data", "notebooks"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copyfile(ROOT / "requirements.txt", tmp_path / "requirements.txt")
    path = tmp_path / "notebooks" / "01_timeline.ipynb"
    nb = nbformat.read(path, as_version=4)
    colab.apply_setup_cell(nb, colab.setup_cell_source(URL, "v1.0.0"))
    before = notebooks.input_digests(nb, tmp_path, [])[notebooks.CODE]
    colab.apply_setup_cell(nb, colab.setup_cell_source("https://github.com/other/fork", "v2.0.0"))
    assert notebooks.input_digests(nb, tmp_path, [])[notebooks.CODE] == before
    nb.cells = [c for c in nb.cells if c.get("id") != colab.SETUP_CELL_ID]
    assert notebooks.input_digests(nb, tmp_path, [])[notebooks.CODE] != before


def test_every_notebook_has_the_current_set_up_cell():
    source = colab.setup_cell_source(colab.repository_url(ROOT), colab.edition_ref(ROOT))
    for path in notebooks.find_notebooks(ROOT):
        nb = nbformat.read(path, as_version=4)
        cells = [c for c in nb.cells if c.get("id") == colab.SETUP_CELL_ID]
        assert len(cells) == 1, (f"notebooks/{path.name} has no Colab set-up cell: run "
                                 "`.venv/bin/python -m bookkit setup-cell`, then `make notebooks`")
        first_code = next(c for c in nb.cells if c.cell_type == "code")
        assert first_code is cells[0], f"notebooks/{path.name}: the set-up cell is not the first code cell"
        assert cells[0].source == source and colab.SETUP_TAG in cells[0].metadata.get("tags", []), (
            f"notebooks/{path.name}: the set-up cell is out of date: run `.venv/bin/python -m bookkit setup-cell`")
        assert cells[0].outputs == [], f"notebooks/{path.name}: the set-up cell has outputs"
