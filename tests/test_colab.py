"""The Colab path, simulated offline: each chapter notebook, copied alone to an empty folder,
executes in a fresh virtual environment whose only installed package is the book's wheel.

How it stays offline and honest:

* the wheel is built from a copy of the sources (``pip wheel --no-index --no-build-isolation``),
  so the checkout gains no ``build/`` or ``egg-info`` folder;
* the fresh venv has no pip and no packages of its own; one ``.pth`` line appends this test run's
  site-packages (the pinned third-party packages) to its path. A ``.pth`` line only adds a folder:
  the ``.pth`` files inside it, such as the editable install of the checkout, are not run, so the
  checkout's ``alliance`` is invisible and the wheel's is the only one;
* the wheel is installed with this run's pip (``pip --python``) *without* ``--no-deps``, from no
  index: its declared dependencies must already be satisfied by the pinned environment;
* the notebook gets the Colab set-up cell (which must stay silent, the package being present) and a
  last cell reporting which ``alliance`` and which data it used.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import nbformat
import pytest

from bookkit import colab
from conftest import ROOT

pytestmark = pytest.mark.slow

CHAPTERS = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))
PROBE = "import alliance, alliance.data\nprint(alliance.__file__)\nprint(alliance.data.data_dir())"
KERNEL = "colab-path"
RUNNER = """\
import sys
import nbformat
from nbclient import NotebookClient

path = sys.argv[1]
nb = nbformat.read(path, as_version=4)
NotebookClient(nb, kernel_name=sys.argv[2], timeout=300, resources={"metadata": {"path": sys.argv[3]}}).execute()
nbformat.write(nb, path)
"""


def _run(args: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(args, capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, f"{' '.join(args[:4])}… failed:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md"):
        shutil.copyfile(ROOT / name, src / name)
    for name in ("alliance", "bookkit", "data"):
        shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
    dist = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "--no-index",
          str(src), "-w", str(dist)])
    (built,) = dist.glob("alliance-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(tmp_path_factory, wheel) -> Path:
    """A fresh venv holding only the wheel, seeing the pinned packages through one .pth line."""
    env = tmp_path_factory.mktemp("venv") / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(env)])
    python = env / "bin" / "python"
    purelib = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"]).stdout.strip())
    (purelib / "_pinned_environment.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-index", str(wheel)],
         env={**os.environ, "PIP_FIND_LINKS": ""})
    spec = env / "share" / "jupyter" / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": KERNEL, "language": "python"}), encoding="utf-8")
    return env


def _installed(venv: Path) -> list[str]:
    purelib = next((venv / "lib").glob("python3*/site-packages"))
    return sorted(p.name for p in purelib.iterdir() if p.name != "__pycache__")


def test_the_wheel_carries_every_data_file(wheel):
    tracked = sorted(p.relative_to(ROOT / "data").as_posix() for p in (ROOT / "data").rglob("*") if p.is_file())
    with zipfile.ZipFile(wheel) as zf:
        shipped = sorted(n.removeprefix("alliance/_data/") for n in zf.namelist() if n.startswith("alliance/_data/"))
    assert shipped == tracked, f"data/ files missing from the wheel: {sorted(set(tracked) - set(shipped))}"


def test_the_venv_holds_only_the_wheel(venv):
    names = _installed(venv)  # the wheel: the analysis package (with its data) and the book's tooling
    assert len(names) == 4, f"the venv holds more than the wheel: {names}"
    assert names[0] == "_pinned_environment.pth" and names[1] == "alliance" and names[3] == "bookkit", names
    assert names[2].startswith("alliance-") and names[2].endswith(".dist-info"), names


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_a_chapter_runs_alone_with_only_the_wheel(chapter, venv, tmp_path):
    nb = nbformat.read(ROOT / "notebooks" / f"{chapter}.ipynb", as_version=4)
    colab.apply_setup_cell(nb, colab.setup_cell_source(colab.repository_url(ROOT), colab.edition_ref(ROOT)))
    nb.cells.append(nbformat.v4.new_code_cell(PROBE, id="probe"))
    alone = tmp_path / "colab"
    alone.mkdir()
    path = alone / f"{chapter}.ipynb"
    nbformat.write(nb, path)
    env = {k: v for k, v in os.environ.items() if k not in ("ALLIANCE_DATA_DIR", "PYTHONPATH", "JUPYTER_PATH")}
    env.update({"PYTHONHASHSEED": "0", "MPLBACKEND": "module://matplotlib_inline.backend_inline"})
    _run([str(venv / "bin" / "python"), "-c", RUNNER, str(path), KERNEL, str(alone)], cwd=alone, env=env)
    ran = nbformat.read(path, as_version=4)
    setup = next(c for c in ran.cells if c.get("id") == colab.SETUP_CELL_ID)
    assert setup.outputs == [], f"{chapter}: the set-up cell printed {setup.outputs} although the package is there"
    probe = "".join(o.get("text", "") for o in ran.cells[-1].outputs).split()
    site = str(next((venv / "lib").glob("python3*/site-packages")))
    assert probe[0].startswith(site), f"{chapter} imported alliance from {probe[0]}, not from the wheel in {site}"
    assert probe[1] == f"{site}/alliance/_data", f"{chapter} read its data from {probe[1]}, not the wheel's"
    assert sorted(p.name for p in alone.iterdir()) == [f"{chapter}.ipynb"], "the notebook wrote files beside itself"
