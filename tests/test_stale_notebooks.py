"""After a data edit without `make notebooks`, the test run says so once per stale notebook, with
the command to run, and shows no nbval output diffs (the hook in tests/conftest.py). Run with
pytest in a throwaway copy of what the notebooks depend on."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import nbformat
import pytest

from conftest import ROOT, _freshness

pytestmark = pytest.mark.slow


def _fresh_notebook(root):
    """A one-cell notebook, saved as `make notebooks` saves it, so it is fresh."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(2 + 2)", id="sum", execution_count=1,
                                                                   outputs=[nbformat.v4.new_output(
                                                                       "stream", name="stdout", text="4\n")])])
    path = root / "notebooks" / "zz_fresh.ipynb"
    path.write_text(_freshness().finalise(nb, path, root, []), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> subprocess.CompletedProcess[str]:
    root = tmp_path_factory.mktemp("copy")
    for name in ("alliance", "data", "notebooks"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("requirements.txt", "pyproject.toml"):
        shutil.copyfile(ROOT / name, root / name)
    (root / "tests").mkdir()
    shutil.copyfile(ROOT / "tests" / "conftest.py", root / "tests" / "conftest.py")
    _fresh_notebook(root)
    with open(root / "data" / "events.csv", "a", encoding="utf-8") as fh:  # the edit, no `make notebooks`
        fh.write("x-2025,2025,year,x,exercise,USA;JPN,,,x,MOD,https://www.mod.go.jp/\n")
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:xdist", "-q", "-rf"], cwd=root,
                          capture_output=True, text=True, timeout=300)


def _readers() -> list[str]:
    return [p.name for p in sorted((ROOT / "notebooks").glob("*.ipynb"))
            if "data/events.csv" in nbformat.read(p, as_version=4).metadata["alliance"]["inputs"]]


def test_each_stale_notebook_fails_once_with_the_command(run):
    readers = _readers()
    assert readers
    failed = [line.split(" ")[1] for line in run.stdout.splitlines() if line.startswith("FAILED ")]
    assert failed == [f"notebooks/{name}::stale" for name in readers], run.stdout[-3000:]
    for name in readers:
        line = re.search(rf"^notebooks/{re.escape(name)} is stale: .*$", run.stdout, re.MULTILINE)
        assert line, f"no one-line message for {name} in:\n{run.stdout[-3000:]}"
        assert line[0].startswith(f"notebooks/{name} is stale: run `make notebooks` (")
        assert "data/events.csv changed" in line[0]
    assert run.returncode == 1


def test_no_output_diff_is_shown_and_fresh_notebooks_still_run(run):
    assert "mismatch" not in run.stdout.lower() and "Traceback" not in run.stdout, run.stdout[-3000:]
    summary = run.stdout.strip().splitlines()[-1]
    # every reader of events.csv fails once; the fresh notebooks (the one-cell notebook made here,
    # and any chapter that does not read events.csv) run their cells under nbval and pass
    passed = re.search(rf"\b{len(_readers())} failed, (\d+) passed\b", summary)
    assert passed and int(passed[1]) >= 1, summary
