"""Shared fixtures: the repository root and throwaway copies of the data package."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: What a throwaway copy of the repository leaves out (environments, builds, caches, history).
COPY_IGNORE = shutil.ignore_patterns(".venv", "_build", "site", ".git", "node_modules", "__pycache__",
                                     "test-artifacts")
#: A fixed identity for commits made in throwaway repositories.
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}


def git(repo: Path, *args: str) -> str:
    """Run git in a throwaway repository (fixed identity); fail loudly."""
    import os
    import subprocess

    result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                            env={**os.environ, **GIT_ENV})
    assert result.returncode == 0, result.stderr
    return result.stdout


def repo_copy(target: Path) -> Path:
    """The working tree copied to ``target`` as a fresh git repository (branch main, one commit),
    so that tests see uncommitted work too."""
    shutil.copytree(ROOT, target, ignore=COPY_IGNORE)
    git(target, "init", "-q", "-b", "main")
    git(target, "add", "-A")
    git(target, "commit", "-qm", "copy")
    return target


@pytest.fixture
def house_style():
    """Draw in the book's style on the non-interactive backend; close and reset afterwards."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from alliance.figures import style as plots

    plots.use_house_style()
    yield
    plt.close("all")
    matplotlib.rcdefaults()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the real data package, in a folder named ``data``."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


# The book pipeline (tests/test_book.py) is by far the longest file. Collecting it first lets
# pytest-xdist's file scheduler (--dist loadfile) start it at once on one worker while the
# other works through everything else, instead of queueing other heavy files behind it.
FIRST = "test_book.py"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    replace_stale_notebooks(items)
    items.sort(key=lambda item: item.path.name != FIRST)


# A notebook whose inputs changed (a data edit without `make notebooks`) would fail nbval cell by
# cell, burying the one thing to do under output diffs. Its nbval cells are replaced by one item
# that fails with one line: "notebooks/X.ipynb is stale (...): run `make notebooks`".


def _freshness():
    """The notebooks' freshness API, imported in this one place (it moves to bookkit.notebooks)."""
    from bookkit import notebooks

    return notebooks


class StaleNotebook(pytest.Item):
    """Stands for every nbval cell of a stale notebook: one failure, one line, no diffs."""

    def __init__(self, *, message: str, **kwargs):
        super().__init__(**kwargs)
        self.message = message

    def runtest(self) -> None:
        pytest.fail(self.message, pytrace=False)

    def repr_failure(self, excinfo, style=None) -> str:
        return self.message

    def reportinfo(self):
        return self.path, None, f"notebooks/{self.path.name}: stale"


def replace_stale_notebooks(items: list[pytest.Item]) -> None:
    """Replace, in place, the nbval cells of each stale notebook of the book by one failing item."""
    freshness = _freshness()
    cells: dict[Path, list[pytest.Item]] = {}
    for item in items:
        if item.path.suffix == ".ipynb" and item.path.parent == ROOT / "notebooks":
            cells.setdefault(item.path, []).append(item)
    for path, group in cells.items():
        reasons = freshness.stale_reasons(path, ROOT)
        if not reasons:
            continue
        message = (f"notebooks/{path.name} is stale: run `{freshness.REFRESH_COMMAND}` "
                   f"({'; '.join(reasons)})")
        stand_in = StaleNotebook.from_parent(group[0].parent, name="stale", message=message)
        items[items.index(group[0])] = stand_in
        for item in group[1:]:
            items.remove(item)
