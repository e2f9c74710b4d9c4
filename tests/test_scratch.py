"""scratch/: a student's own folder that git, the notebook runner, the tests and the book ignore."""

from __future__ import annotations

import shutil
import subprocess
import sys

import nbformat
import yaml

from bookkit import notebooks
from conftest import ROOT


def _notebook(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 / 0", id="boom")]), path)


def test_git_ignores_scratch_work_but_keeps_the_folder_readme():
    ignored = subprocess.run(["git", "-C", str(ROOT), "check-ignore", "-q", "scratch/my-try.ipynb"])
    kept = subprocess.run(["git", "-C", str(ROOT), "check-ignore", "-q", "scratch/README.md"])
    assert (ignored.returncode, kept.returncode) == (0, 1)
    assert (ROOT / "scratch" / "README.md").is_file()


def test_the_notebook_runner_never_picks_up_scratch(tmp_path):
    _notebook(tmp_path / "notebooks" / "chapter.ipynb")
    _notebook(tmp_path / "scratch" / "my-try.ipynb")
    assert [p.relative_to(tmp_path).as_posix() for p in notebooks.find_notebooks(tmp_path)] == [
        "notebooks/chapter.ipynb"]


def test_pytest_never_collects_scratch_even_from_the_root(tmp_path):
    shutil.copyfile(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_ok.py").write_text("def test_ok():\n    assert True\n", encoding="utf-8")
    (tmp_path / "scratch").mkdir()
    (tmp_path / "scratch" / "test_mine.py").write_text("def test_mine():\n    assert False\n", encoding="utf-8")
    _notebook(tmp_path / "scratch" / "my-try.ipynb")
    for args in ([], ["."]):
        result = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:xdist", "--collect-only", "-q", *args],
                                cwd=tmp_path, capture_output=True, text=True)
        assert "tests/test_ok.py::test_ok" in result.stdout, result.stdout + result.stderr
        assert "scratch" not in result.stdout, f"pytest {' '.join(args)} collected scratch work:\n{result.stdout}"


def test_the_book_excludes_scratch():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert "scratch" in config["exclude_patterns"]


def test_the_pages_name_the_folder_and_the_command():
    for page in ("exercises.md", "fork.md"):
        text = (ROOT / "book" / page).read_text(encoding="utf-8")
        assert "`scratch/`" in text and "make lab" in text, page
