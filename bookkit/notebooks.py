"""Keep the committed notebooks fresh: execute exactly the ones whose inputs changed.

A notebook's *inputs* are its code cells, the pinned environment (``requirements.txt``), the
first-party modules it actually imported while executing (every module of a package of this
repository found in the kernel's ``sys.modules`` after the last cell, so modules imported through
other modules count too, with the non-Python files of those packages such as the plot style), and
the data files it actually read (the loader logs every file it opens, see
:data:`alliance.data.READ_LOG_ENV`). After each execution their digests are stored in the
notebook's metadata under ``alliance.inputs``, keyed by repo-relative path; a notebook is *stale*
when any digest differs from the files on disk. Code (cells and modules) is hashed on its syntax
tree without docstrings (:mod:`bookkit.fingerprint`), so a comment or a docstring stales nothing;
the tooling (:mod:`bookkit`) is never imported by a notebook and stales nothing.

Execution uses nbclient with ``record_timing=False``, fixed cell ids, ``PYTHONHASHSEED=0`` and
the checkout's own package first on ``PYTHONPATH``; the saved file is normalised (no Python patch
version), so executing an unchanged notebook again writes the same bytes.
"""

from __future__ import annotations

import asyncio
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from bookkit.fingerprint import code_digest, input_digest, text_digest

__all__ = [
    "changed_inputs",
    "execute",
    "finalise",
    "find_notebooks",
    "first_party_files",
    "input_digests",
    "refresh",
    "repo_root",
    "stale_reasons",
]

META_KEY = "alliance"
FIGURE_KEY = "alliance"  # output metadata written by alliance.figures.style.publish
CODE, ENVIRONMENT = "code", "requirements.txt"
OLD_FORMAT = "package"  # the key of the whole-package digest recorded before inputs were modules
REFRESH_COMMAND = "make notebooks"
#: Run in the kernel after the notebook's last cell (then dropped): the file of every loaded module.
MODULES_CELL = """\
import json as _bookkit_json, sys as _bookkit_sys
with open({log!r}, "w", encoding="utf-8") as _bookkit_log:
    _bookkit_json.dump(sorted({{getattr(_m, "__file__", None) or "" for _m in list(_bookkit_sys.modules.values())}}),
                       _bookkit_log)
"""


def repo_root() -> Path:
    """The checkout this package lives in."""
    return Path(__file__).resolve().parent.parent


def find_notebooks(root: Path | None = None) -> list[Path]:
    """Every notebook of the book, sorted (``notebooks/*.ipynb``)."""
    root = root or repo_root()
    return sorted((root / "notebooks").glob("*.ipynb"))


def _code_digest(nb: dict[str, Any]) -> str:
    """Digest of the code cells, each on its syntax tree (a comment in a cell stales nothing). The
    Colab set-up cell counts by its presence, not its text: it does nothing where notebooks are
    executed, so a new repository URL or edition tag (make it-mine) stales no notebook."""
    from bookkit.colab import SETUP_CELL_ID

    digests = [SETUP_CELL_ID if c.get("id") == SETUP_CELL_ID else code_digest(_source(c))
               for c in nb["cells"] if c["cell_type"] == "code"]
    return text_digest(json.dumps(digests).encode("utf-8"))


def _source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def first_party_files(module_files: Iterable[str], root: Path) -> list[str]:
    """The repo-relative files a notebook depends on through its imports: each loaded module
    that lies in a package of the repository (a top-level folder with ``__init__.py``, outside
    hidden folders such as ``.venv``), plus the non-Python files of those packages (the plot
    style, say), which modules read at import or call time."""
    base = root.resolve()
    modules, packages = set(), set()
    for name in module_files:
        if not name:
            continue
        path = Path(name).resolve()
        if not path.is_relative_to(base):
            continue
        parts = path.relative_to(base).parts
        if len(parts) < 2 or parts[0].startswith(".") or not (base / parts[0] / "__init__.py").is_file():
            continue
        modules.add(path.relative_to(base).as_posix())
        packages.add(parts[0])
    resources = {p.relative_to(base).as_posix() for package in packages for p in (base / package).rglob("*")
                 if p.is_file() and p.suffix not in {".py", ".pyc"} and "__pycache__" not in p.parts}
    return sorted(modules | resources)


def input_digests(nb: dict[str, Any], root: Path, files: Iterable[str],
                  memo: dict[str, str] | None = None) -> dict[str, str]:
    """Digests of everything a notebook's outputs depend on; ``files`` (the modules it imported
    and the data it read) are repo-relative. ``memo`` (name to digest) lets notebooks checked at
    the same moment share the digests of the files they have in common."""
    memo = {} if memo is None else memo
    digests = {CODE: _code_digest(nb)}
    for name in [ENVIRONMENT, *sorted(set(files))]:
        if name not in memo:
            memo[name] = input_digest(root / name)
        digests[name] = memo[name]
    return digests


def changed_inputs(nb: dict[str, Any], root: Path, memo: dict[str, str] | None = None) -> list[str]:
    """The recorded inputs of a parsed notebook whose digest differs from the checkout's now
    (``memo`` as for :func:`input_digests`)."""
    stored = _stored_inputs(nb)
    files = [k for k in stored if k not in (CODE, ENVIRONMENT)]
    current = input_digests(nb, root, files, memo)
    return [k for k in current if current[k] != stored.get(k)]


def _stored_inputs(nb: dict[str, Any]) -> dict[str, str]:
    return dict(nb.get("metadata", {}).get(META_KEY, {}).get("inputs", {}))


def stale_reasons(path: Path, root: Path | None = None, memo: dict[str, str] | None = None) -> list[str]:
    """Why a committed notebook no longer matches its inputs (an empty list if it is fresh);
    ``memo`` as for :func:`input_digests`."""
    root = root or repo_root()
    nb = json.loads(path.read_text(encoding="utf-8"))
    stored = _stored_inputs(nb)
    if not stored:
        return [f"it was never executed by `{REFRESH_COMMAND}`"]
    if OLD_FORMAT in stored:
        return ["its inputs were recorded in the older format (the whole package, not the modules it imports)"]
    labels = {CODE: "its code cells", ENVIRONMENT: ENVIRONMENT}
    return [f"{labels.get(k, k)} changed" for k in changed_inputs(nb, root, memo)]


def _ensure_cell_ids(nb: Any) -> None:
    """Give cells without an id a fixed one (once; existing ids are kept)."""
    taken = {c.get("id") for c in nb.cells if c.get("id")}
    for index, cell in enumerate(nb.cells):
        if not cell.get("id"):
            candidate, n = f"cell-{index:03d}", 0
            while candidate in taken:
                n += 1
                candidate = f"cell-{index:03d}-{n}"
            cell["id"] = candidate
            taken.add(candidate)


def _sync_figure_metadata(nb: Any, name: str) -> None:
    """Copy each published figure's caption, name and alt text into its cell's ``mystnb``
    metadata, where MyST-NB reads them (output metadata only carries width and height)."""
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        figures = [o["metadata"][FIGURE_KEY] for o in cell.get("outputs", [])
                   if FIGURE_KEY in o.get("metadata", {})]
        if len(figures) > 1:
            raise ValueError(f"{name}: cell {cell['id']} publishes {len(figures)} figures; publish one a cell")
        mystnb = dict(cell.metadata.get("mystnb", {}))
        mystnb.pop("figure", None)
        mystnb.pop("image", None)
        if figures:
            fig = figures[0]
            mystnb["figure"] = {"caption": fig["caption"], "name": fig["name"]}
            mystnb["image"] = {"alt": fig["alt"]}
        if mystnb:
            cell.metadata["mystnb"] = mystnb
        else:
            cell.metadata.pop("mystnb", None)


def _normalise(nb: Any) -> None:
    """Drop what varies between machines but says nothing about the outputs."""
    nb.metadata.get("language_info", {}).pop("version", None)
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}


def _run(nb: Any, path: Path, root: Path, timeout: int) -> list[str]:
    """Execute a notebook in a fresh kernel; return the repo-relative files it depends on: the
    data files it read and the first-party modules (and their packages' resources) it imported."""
    from nbclient import NotebookClient
    from nbformat.v4 import new_code_cell

    with tempfile.TemporaryDirectory() as tmp:
        log, modules = Path(tmp) / "reads.txt", Path(tmp) / "modules.json"
        log.touch()
        env = dict(os.environ)
        env.update({
            "ALLIANCE_READ_LOG": str(log),
            "PYTHONHASHSEED": "0",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(root), env.get("PYTHONPATH")])),
            "MPLBACKEND": "module://matplotlib_inline.backend_inline",
        })
        nb.cells.append(new_code_cell(MODULES_CELL.format(log=str(modules)), id="bookkit-modules"))
        client = NotebookClient(nb, kernel_name="python3", timeout=timeout, record_timing=False,
                                resources={"metadata": {"path": str(path.parent)}},
                                # quiet the kernel's start-up notice about its local TCP transport
                                extra_arguments=["--IPKernelApp.log_level=ERROR"])
        try:
            # asyncio.run opens and closes its own event loop, also in the worker threads of refresh()
            asyncio.run(client.async_execute(env=env))
        finally:
            nb.cells.pop()
        reads = {Path(line) for line in log.read_text(encoding="utf-8").splitlines() if line}
        imported = json.loads(modules.read_text(encoding="utf-8"))
    base = root.resolve()
    data = {p.resolve().relative_to(base).as_posix() for p in reads if p.resolve().is_relative_to(base)}
    return sorted(data | set(first_party_files(imported, root)))


def finalise(nb: Any, path: Path, root: Path, files: Iterable[str]) -> str:
    """The text ``make notebooks`` saves for an executed notebook: figure metadata synced into
    the cells, machine-specific metadata dropped, input digests recorded, canonical JSON."""
    import nbformat

    _sync_figure_metadata(nb, path.name)
    _normalise(nb)
    nb.metadata[META_KEY] = {"inputs": input_digests(nb, root, files)}
    nbformat.validate(nb)
    return nbformat.writes(nb) + "\n"


def execute(path: Path, root: Path | None = None, timeout: int = 600) -> None:
    """Execute one notebook in place, record its inputs, and save it deterministically."""
    import nbformat

    root = root or repo_root()
    nb = nbformat.read(path, as_version=4)
    _ensure_cell_ids(nb)
    files = _run(nb, path, root, timeout)
    text = finalise(nb, path, root, files)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


def _execute_reporting(path: Path, root: Path) -> str | None:
    """Execute one notebook; return an error description instead of raising."""
    try:
        execute(path, root)
    except Exception as exc:  # report which notebook failed; the others still run
        return f"{type(exc).__name__}: {exc}"
    return None


def refresh(paths: Sequence[Path] | None = None, *, force: bool = False, check: bool = False,
            root: Path | None = None, say: Callable[[str], object] = print, jobs: int | None = None) -> int:
    """Execute the stale notebooks (all of them with ``force``); with ``check`` only report.

    Stale notebooks are executed in parallel, one kernel per core (``jobs``), since each runs
    in its own process. Returns a process exit code: 0 when everything is (now) fresh, 1 when
    ``check`` found a stale notebook or an execution failed.
    """
    root = root or repo_root()
    notebooks = list(paths) if paths else find_notebooks(root)
    stale: list[tuple[Path, str]] = []
    memo: dict[str, str] = {}
    for path in notebooks:
        reasons = ["--force"] if force else stale_reasons(path, root, memo)
        if not reasons:
            continue
        shown = path.resolve().relative_to(root.resolve()).as_posix()
        stale.append((path, shown))
        why = "; ".join(reasons)
        say(f"{shown} is stale ({why}): run `{REFRESH_COMMAND}`" if check else f"executing {shown} ({why})")
    if check or not stale:
        return 1 if stale else 0
    workers = max(1, min(len(stale), jobs or os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        errors = list(pool.map(lambda item: _execute_reporting(item[0], root), stale))
    for (_, shown), error in zip(stale, errors, strict=True):
        if error:
            say(f"{shown} failed: {error}")
    return 1 if any(errors) else 0
