"""Shared fixtures: the repository root and throwaway copies of the data package."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def house_style():
    """Draw in the book's style on the non-interactive backend; close and reset afterwards."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from alliance import plots

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
    items.sort(key=lambda item: item.path.name != FIRST)
