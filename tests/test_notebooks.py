"""The committed notebooks: fully executed in order, without errors, warnings or stderr, with
every figure's caption and alt text where the book reads them. Their freshness is checked where
nbval collects them: a stale notebook fails as one line (tests/conftest.py)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bookkit import notebooks
from bookkit.colab import SETUP_CELL_ID
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
    """A copy of what a notebook's freshness depends on, and of every other Python module."""
    for name in ("alliance", "bookkit", "data", "notebooks", "scripts", "tests"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copyfile(ROOT / "requirements.txt", tmp_path / "requirements.txt")
    return tmp_path


def _recorded(path: Path) -> dict[str, str]:
    return json.loads(path.read_text(encoding="utf-8"))["metadata"]["alliance"]["inputs"]


#: Which notebooks read the eras table (written by hand from the chapters: the data overview
#: lists every table, the timeline and the chronology group events by era).
ERAS_READERS = {"00_data_overview.ipynb", "01_timeline.ipynb", "chronology.ipynb"}


def test_editing_a_data_file_makes_exactly_its_readers_stale(tmp_path):
    root = _mini_repo(tmp_path)
    path = root / "notebooks" / "01_timeline.ipynb"
    assert notebooks.stale_reasons(path, root) == []
    eras = root / "data" / "eras.csv"
    eras.write_text(eras.read_text(encoding="utf-8").replace("\n", "\n", 1) + "\n", encoding="utf-8")
    assert notebooks.stale_reasons(path, root) == ["data/eras.csv changed"]
    messages: list[str] = []
    assert notebooks.refresh(check=True, root=root, say=messages.append) == 1
    assert messages == [
        f"notebooks/{name} is stale (data/eras.csv changed): run `make notebooks`" for name in sorted(ERAS_READERS)
    ]


def test_a_file_no_notebook_reads_makes_nothing_stale(tmp_path):
    root = _mini_repo(tmp_path)
    (root / "data" / "README.md").write_text("changed", encoding="utf-8")
    assert notebooks.refresh(check=True, root=root, say=lambda _: None) == 0


def test_recorded_modules_are_the_first_party_modules_imported():
    """Every chapter imports alliance.data (directly), hence the package's __init__; none imports
    the tooling; every recorded module is a file of the repository."""
    for path in NOTEBOOKS:
        modules = {k for k in _recorded(path) if k.endswith(".py")}
        assert {"alliance/__init__.py", "alliance/data.py"} <= modules, path.name
        assert not any(m.startswith("bookkit/") for m in modules), path.name
        assert all((ROOT / m).is_file() for m in modules), path.name


def test_editing_code_makes_a_notebook_stale_but_not_a_comment(tmp_path):
    root = _mini_repo(tmp_path)
    path = root / "notebooks" / "00_data_overview.ipynb"
    module = root / "alliance" / "data.py"
    original = module.read_text(encoding="utf-8")
    module.write_text("# a comment at the top\n" + original.replace("\n\n", "\n\n\n", 3), encoding="utf-8")
    assert notebooks.stale_reasons(path, root) == []
    module.write_text(original + "\nUNUSED = 1\n", encoding="utf-8")
    assert notebooks.stale_reasons(path, root) == ["alliance/data.py changed"]
    module.write_text(original, encoding="utf-8")
    nb = json.loads(path.read_text(encoding="utf-8"))
    # a code cell of the chapter itself (the Colab set-up cell's text is not an input)
    code = next(c for c in nb["cells"] if c["cell_type"] == "code" and c.get("id") != SETUP_CELL_ID)
    code["source"] = "# only a comment more\n" + "".join(code["source"])
    path.write_text(json.dumps(nb), encoding="utf-8")
    assert notebooks.stale_reasons(path, root) == []
    code["source"] = "x = 1\n" + code["source"]
    path.write_text(json.dumps(nb), encoding="utf-8")
    assert notebooks.stale_reasons(path, root) == ["its code cells changed"]


def _stale_names(parsed: dict[str, dict], root: Path) -> set[str]:
    """The notebooks (parsed once) that `make notebooks` would execute now."""
    memo: dict[str, str] = {}
    return {name for name, nb in parsed.items() if notebooks.changed_inputs(nb, root, memo)}


def test_a_comment_in_any_module_stales_nothing_and_new_code_stales_exactly_its_importers(tmp_path):
    """For every Python module of the repository: a comment stales no notebook; a new unused
    function stales exactly the notebooks whose recorded imports (what the kernel reported after
    the last cell, not this digest code) list that module."""
    root = _mini_repo(tmp_path)
    parsed = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in notebooks.find_notebooks(root)}
    importers: dict[str, set[str]] = {}
    for name, nb in parsed.items():
        for recorded in nb["metadata"]["alliance"]["inputs"]:
            importers.setdefault(recorded, set()).add(name)
    assert _stale_names(parsed, root) == set()
    modules = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.py") if "fixtures" not in p.parts)
    assert len(modules) > 30 and "bookkit/notebooks.py" in modules and "alliance/figures/style.py" in modules
    for module in modules:
        path = root / module
        original = path.read_text(encoding="utf-8")
        path.write_text(f"# a comment\n{original}\n# another comment\n", encoding="utf-8")
        assert _stale_names(parsed, root) == set(), f"a comment in {module} staled notebooks"
        path.write_text(f"{original}\n\ndef _unused_new_function():\n    return 1\n", encoding="utf-8")
        assert _stale_names(parsed, root) == importers.get(module, set()), module
        path.write_text(original, encoding="utf-8")
    assert importers["alliance/data.py"] == {p.name for p in NOTEBOOKS}


def test_first_party_files_are_modules_of_repository_packages_and_their_resources(tmp_path):
    for name in ("pkg/__init__.py", "pkg/a.py", "pkg/sub/__init__.py", "pkg/sub/b.py", "pkg/style.txt",
                 "other/__init__.py", "loose/c.py", ".venv/lib/site.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("", encoding="utf-8")
    loaded = [str(tmp_path / n) for n in ("pkg/__init__.py", "pkg/sub/b.py", "loose/c.py", ".venv/lib/site.py")]
    loaded += ["/usr/lib/python3.11/json/__init__.py", ""]
    assert notebooks.first_party_files(loaded, tmp_path) == ["pkg/__init__.py", "pkg/style.txt", "pkg/sub/b.py"]


@pytest.mark.slow
def test_execution_records_modules_imported_through_other_modules(tmp_path):
    """A notebook that imports pkg.a, which imports pkg.b, records both (and the package's
    resources), not pkg.c, which nothing imports."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    (tmp_path / "pkg").mkdir()
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "requirements.txt").write_text("", encoding="utf-8")
    (tmp_path / "pkg" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "pkg" / "a.py").write_text("from pkg import b\n\nVALUE = b.VALUE + 1\n", encoding="utf-8")
    (tmp_path / "pkg" / "b.py").write_text("VALUE = 1\n", encoding="utf-8")
    (tmp_path / "pkg" / "c.py").write_text("VALUE = 3\n", encoding="utf-8")
    (tmp_path / "pkg" / "data.txt").write_text("resource\n", encoding="utf-8")
    path = tmp_path / "notebooks" / "n.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell("from pkg import a\na.VALUE")]), path)
    notebooks.execute(path, tmp_path)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert set(saved["metadata"]["alliance"]["inputs"]) == {
        "code", "requirements.txt", "pkg/__init__.py", "pkg/a.py", "pkg/b.py", "pkg/data.txt"}
    assert len(saved["cells"]) == 1  # the cell that listed the modules is gone
    assert "".join(saved["cells"][0]["outputs"][0]["data"]["text/plain"]) == "2"
    assert notebooks.stale_reasons(path, tmp_path) == []
    (tmp_path / "pkg" / "b.py").write_text("VALUE = 2\n", encoding="utf-8")
    assert notebooks.stale_reasons(path, tmp_path) == ["pkg/b.py changed"]


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
    files = [k for k in nb.metadata["alliance"]["inputs"] if k not in ("code", "requirements.txt")]
    assert notebooks.finalise(nb, path, ROOT, files) == path.read_text(encoding="utf-8")


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
    assert set(saved["metadata"]["alliance"]["inputs"]) == {"code", "requirements.txt", "data/events.csv"}
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
