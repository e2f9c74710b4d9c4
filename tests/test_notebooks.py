"""The committed notebooks: fully executed in order, without errors, warnings or stderr, with
every figure's caption and alt text where the book reads them. Their freshness is checked where
nbval collects them: a stale notebook fails as one line (tests/conftest.py)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from alliance import notebooks
from alliance.colab import SETUP_CELL_ID
from conftest import FIXTURES, ROOT

NOTEBOOKS = notebooks.find_notebooks(ROOT)
IDS = [p.name for p in NOTEBOOKS]


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def test_there_are_notebooks():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_every_code_cell_ran_in_order_without_errors(path):
    code = [c for c in _cells(path) if c["cell_type"] == "code"]
    assert code
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1))
    for cell in code:
        for output in cell["outputs"]:
            assert output["output_type"] != "error", f"{path.name} cell {cell['id']} stored an error"
            if output["output_type"] == "stream":
                assert output["name"] != "stderr", f"{path.name} cell {cell['id']} wrote to stderr: {output['text']}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_figures_carry_caption_and_alt_text_in_cell_metadata(path):
    for cell in _cells(path):
        outputs = cell.get("outputs", [])
        images = [o for o in outputs if "image/png" in o.get("data", {})]
        for image in images:
            published = image.get("metadata", {}).get("alliance")
            assert published, f"{path.name} cell {cell['id']}: figure not shown through alliance.figures.style.publish"
            mystnb = cell["metadata"].get("mystnb", {})
            assert mystnb.get("image", {}).get("alt") == published["alt"]
            assert mystnb.get("figure", {}).get("caption") == published["caption"]
            assert mystnb["figure"]["name"].startswith("fig-")
            text = image["data"]["text/plain"]
            assert ("".join(text) if isinstance(text, list) else text) == f"Figure: {published['alt']}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_cells_have_fixed_unique_ids(path):
    ids = [c.get("id") for c in _cells(path)]
    assert all(ids) and len(set(ids)) == len(ids)


def _mini_repo(tmp_path: Path) -> Path:
    """A copy of what a notebook's freshness depends on."""
    for name in ("alliance", "data", "notebooks"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copyfile(ROOT / "requirements.txt", tmp_path / "requirements.txt")
    return tmp_path


def test_editing_a_data_file_makes_exactly_its_readers_stale(tmp_path):
    root = _mini_repo(tmp_path)
    path = root / "notebooks" / "00_data_overview.ipynb"
    assert notebooks.stale_reasons(path, root) == []
    with open(root / "data" / "events.csv", "a", encoding="utf-8") as fh:
        fh.write("x-2099,2099,year,x,exercise,USA;JPN,,,x,MOD,https://www.mod.go.jp/\n")
    assert notebooks.stale_reasons(path, root) == ["data/events.csv changed"]
    readers = [p.name for p in notebooks.find_notebooks(root)
               if "data/events.csv" in json.loads(p.read_text(encoding="utf-8"))["metadata"]["alliance"]["inputs"]]
    assert "00_data_overview.ipynb" in readers
    messages: list[str] = []
    assert notebooks.refresh(check=True, root=root, say=messages.append) == 1
    assert messages == [
        f"notebooks/{name} is stale (data/events.csv changed): run `make notebooks`" for name in readers
    ]


def test_a_file_no_notebook_reads_makes_nothing_stale(tmp_path):
    root = _mini_repo(tmp_path)
    (root / "data" / "README.md").write_text("changed", encoding="utf-8")
    assert notebooks.refresh(check=True, root=root, say=lambda _: None) == 0


def test_editing_code_or_package_makes_a_notebook_stale(tmp_path):
    root = _mini_repo(tmp_path)
    path = root / "notebooks" / "00_data_overview.ipynb"
    (root / "alliance" / "figures" / "style.py").write_text(
        (root / "alliance" / "figures" / "style.py").read_text(encoding="utf-8") + "\n# edit\n", encoding="utf-8")
    assert notebooks.stale_reasons(path, root) == ["the alliance package changed"]
    nb = json.loads(path.read_text(encoding="utf-8"))
    # a code cell of the chapter itself (the Colab set-up cell's text is not an input)
    next(c for c in nb["cells"] if c["cell_type"] == "code" and c.get("id") != SETUP_CELL_ID)["source"] = "x = 1"
    path.write_text(json.dumps(nb), encoding="utf-8")
    assert "its code cells changed" in notebooks.stale_reasons(path, root)


def test_a_markdown_edit_does_not_make_a_notebook_stale(tmp_path):
    root = _mini_repo(tmp_path)
    path = root / "notebooks" / "00_data_overview.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["cells"][0]["source"] += "\nMore prose."
    path.write_text(json.dumps(nb), encoding="utf-8")
    assert notebooks.stale_reasons(path, root) == []


def test_a_notebook_never_executed_is_stale(tmp_path):
    path = tmp_path / "new.ipynb"
    path.write_text(json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    assert notebooks.stale_reasons(path, ROOT) == ["it was never executed by `make notebooks`"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_saving_is_canonical(path):
    """What `make notebooks` writes after an execution is a pure function of the executed
    notebook: finalising a committed notebook again gives exactly its bytes. (That the outputs
    themselves reproduce is nbval's job, and PNG bytes are checked in test_plots.)"""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    data_files = [k for k in nb.metadata["alliance"]["inputs"] if k.startswith("data/")]
    assert notebooks.finalise(nb, path, ROOT, data_files) == path.read_text(encoding="utf-8")


def test_finalise_records_inputs_and_drops_machine_details():
    import nbformat

    path = FIXTURES / "notebooks" / "tiny.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.metadata["language_info"] = {"name": "python", "version": "3.11.7"}
    nb.cells[-1]["outputs"] = [nbformat.from_dict({
        "output_type": "display_data", "data": {"text/plain": "Figure: A."},
        "metadata": {"alliance": {"name": "fig-a", "caption": "C.", "alt": "A."}}})]
    saved = json.loads(notebooks.finalise(nb, path, ROOT, ["data/events.csv"]))
    assert "version" not in saved["metadata"]["language_info"]
    assert set(saved["metadata"]["alliance"]["inputs"]) == {"code", "package", "requirements.txt", "data/events.csv"}
    assert saved["cells"][-1]["metadata"]["mystnb"] == {"figure": {"caption": "C.", "name": "fig-a"},
                                                        "image": {"alt": "A."}}
    nb.cells[-1]["outputs"] *= 2
    with pytest.raises(ValueError, match="publish one a cell"):
        notebooks.finalise(nb, path, ROOT, [])


@pytest.mark.slow
def test_a_notebook_that_raises_fails_and_is_not_saved(tmp_path):
    """`make book` runs `make notebooks` first, so this is what stops a build."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    root = _mini_repo(tmp_path)
    path = root / "notebooks" / "broken.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell("1 / 0")]), path)
    before = path.read_bytes()
    messages: list[str] = []
    assert notebooks.refresh([path], root=root, say=messages.append) == 1
    assert messages[0] == "executing notebooks/broken.ipynb (it was never executed by `make notebooks`)"
    assert messages[1].startswith("notebooks/broken.ipynb failed: CellExecutionError")
    assert "ZeroDivisionError" in messages[1]
    assert path.read_bytes() == before
