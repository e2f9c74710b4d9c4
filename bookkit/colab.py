"""The set-up cell that lets one notebook run alone (Colab), written once and inserted everywhere.

Colab opens a single ``.ipynb`` from GitHub, without the repository. The first code cell of every
notebook therefore installs the book's package when, and only when, it is missing; the wheel built
from the repository carries the data (``alliance/_data``, see :mod:`alliance.paths`), so nothing
else is fetched. In a clone, on Binder or under ``make notebooks`` and nbval the package is there
and the cell does nothing and prints nothing, so the saved outputs do not change. The cell is
tagged ``remove-cell``: the book never shows it.

The package is pinned to the edition: the commit of the latest release in the tracked record
``releases.toml``, in the repository named in ``_config.yml`` (``repository.url``, which
``make it-mine`` sets for a fork). ``make release`` points the cells at the commit it has just
cut, so a notebook of ``main`` installs the package of the latest edition, with no git tag needed
(tags do not travel with clones and forks); before any release the cells install ``main``.

``python -m bookkit setup-cell`` inserts the cell before the first code cell of each notebook, or
updates it in place (found by its cell id); ``--check`` only lists the notebooks that differ.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

__all__ = [
    "SETUP_CELL_ID",
    "SETUP_TAG",
    "apply_setup_cell",
    "edition_ref",
    "repository_url",
    "setup_cell_source",
    "update_setup_cells",
]

#: The fixed id by which the set-up cell is found (and left out of the notebook's code digest).
SETUP_CELL_ID = "colab-setup"
#: Jupyter Book's tag for a cell that is run but never shown.
SETUP_TAG = "remove-cell"

TEMPLATE = '''\
# Set-up for Colab: install the book's package (with its data) only when it is missing.
# In a clone of the repository or on Binder this cell does nothing.
import importlib.util
import subprocess
import sys

REPOSITORY = "{url}"
EDITION = "{ref}"
if importlib.util.find_spec("alliance") is None:
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet",
                    f"alliance @ git+{{REPOSITORY}}@{{EDITION}}"], check=True)'''


def setup_cell_source(url: str, ref: str) -> str:
    """The set-up cell's code for a repository URL and a git ref (tag, branch or commit)."""
    return TEMPLATE.format(url=url.removesuffix("/").removesuffix(".git"), ref=ref)


def repository_url(root: Path) -> str:
    """``repository.url`` from the book's ``_config.yml``."""
    import yaml

    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    return str(config["repository"]["url"])


def edition_ref(root: Path) -> str:
    """The git commit the set-up cells install from: the latest release recorded in
    ``releases.toml``, or ``main`` while none is recorded."""
    from bookkit.releases import read_record

    releases = read_record(root)
    return releases[-1].commit if releases else "main"


def _first_code_index(cells: Sequence[Any]) -> int:
    return next((i for i, c in enumerate(cells) if c["cell_type"] == "code"), len(cells))


def apply_setup_cell(nb: Any, source: str) -> bool:
    """Insert the set-up cell before the first code cell of ``nb`` (an ``nbformat`` notebook), or
    update its source and tag in place; return whether anything changed."""
    import nbformat

    existing = [c for c in nb.cells if c.get("id") == SETUP_CELL_ID]
    if not existing:
        cell = nbformat.v4.new_code_cell(source=source, id=SETUP_CELL_ID, metadata={"tags": [SETUP_TAG]})
        nb.cells.insert(_first_code_index(nb.cells), cell)
        return True
    cell = existing[0]
    tags = cell.metadata.get("tags", [])
    if cell.source == source and SETUP_TAG in tags:
        return False
    cell.source = source
    if SETUP_TAG not in tags:
        cell.metadata["tags"] = [*tags, SETUP_TAG]
    return True


def update_setup_cells(paths: Sequence[Path], url: str, ref: str, *, check: bool = False,
                       say: Callable[[str], object] = print) -> int:
    """Insert or update the set-up cell in each notebook (only report with ``check``).

    Returns an exit code: with ``check``, 1 when a notebook lacks the current cell; else 0.
    A notebook that gained a new cell must be executed again (``make notebooks``).
    """
    import nbformat

    source = setup_cell_source(url, ref)
    differing = 0
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        if not apply_setup_cell(nb, source):
            continue
        differing += 1
        if check:
            say(f"{path.as_posix()}: set-up cell missing or out of date: run `python -m bookkit setup-cell`")
            continue
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(nbformat.writes(nb) + "\n")
        say(f"{path.as_posix()}: set-up cell written ({url}@{ref})")
    return 1 if check and differing else 0

