"""The one rule by which the package finds its data (alliance.paths), in made-up layouts."""

from __future__ import annotations

from pathlib import Path

import pytest

from alliance import data, paths
from conftest import DATA


def _layout(tmp_path: Path, *, checkout: bool, installed: bool) -> Path:
    """A package folder ``<tmp>/alliance`` inside a clone, with installed data, both or neither."""
    package = tmp_path / "alliance"
    package.mkdir()
    if checkout:
        (tmp_path / "pyproject.toml").write_text("", encoding="utf-8")
        (tmp_path / "data").mkdir()
        (tmp_path / "data" / "datapackage.json").write_text("{}", encoding="utf-8")
    if installed:
        (package / "_data").mkdir()
        (package / "_data" / "datapackage.json").write_text("{}", encoding="utf-8")
    return package


@pytest.fixture(autouse=True)
def no_environment(monkeypatch):
    monkeypatch.delenv(paths.DATA_DIR_ENV, raising=False)


def test_an_argument_wins_over_everything(tmp_path, monkeypatch):
    package = _layout(tmp_path, checkout=True, installed=True)
    monkeypatch.setenv(paths.DATA_DIR_ENV, "/from/the/environment")
    assert paths.data_dir("mine", package) == Path("mine")


def test_the_environment_wins_over_the_clone_and_the_installed_data(tmp_path, monkeypatch):
    package = _layout(tmp_path, checkout=True, installed=True)
    monkeypatch.setenv(paths.DATA_DIR_ENV, "/from/the/environment")
    assert paths.data_dir(None, package) == Path("/from/the/environment")


def test_a_clone_uses_its_own_data_folder_before_installed_data(tmp_path):
    package = _layout(tmp_path, checkout=True, installed=True)
    assert paths.data_dir(None, package) == tmp_path / "data"


def test_an_installed_package_uses_the_data_it_carries(tmp_path):
    package = _layout(tmp_path, checkout=False, installed=True)
    assert paths.data_dir(None, package) == package / "_data"


def test_a_data_folder_beside_site_packages_is_not_a_clone(tmp_path):
    # site-packages/data/datapackage.json without a pyproject.toml is someone else's folder
    package = _layout(tmp_path, checkout=False, installed=False)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "datapackage.json").write_text("{}", encoding="utf-8")
    with pytest.raises(paths.DataNotFoundError):
        paths.data_dir(None, package)


def test_no_data_anywhere_is_one_error_that_says_what_to_do(tmp_path):
    package = _layout(tmp_path, checkout=False, installed=False)
    with pytest.raises(FileNotFoundError) as caught:
        paths.data_dir(None, package)
    message = str(caught.value)
    assert "ALLIANCE_DATA_DIR" in message
    assert "clone" in message
    assert "pip install" in message and "set-up cell" in message


def test_the_loader_follows_the_rule_in_this_checkout():
    assert data.data_dir() == DATA
