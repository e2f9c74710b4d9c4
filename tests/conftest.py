"""Shared fixtures: the repository root and throwaway copies of the data package."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the real data package, in a folder named ``data``."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target
