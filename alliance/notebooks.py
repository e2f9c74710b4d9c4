"""Keep the committed notebooks fresh: execute exactly the ones whose inputs changed.

A notebook's *inputs* are its code cells, the package's source (``alliance/``), the pinned
environment (``requirements.txt``) and the data files it actually read when it last ran (the
loader logs every file it opens, see :data:`alliance.data.READ_LOG_ENV`). After each execution
their SHA-256 digests are stored in the notebook's metadata under ``alliance.inputs``; a notebook
is *stale* when any digest differs from the files on disk.

Execution uses nbclient with ``record_timing=False``, fixed cell ids, ``PYTHONHASHSEED=0`` and
the checkout's own package first on ``PYTHONPATH``; the saved file is normalised (no Python patch
version), so executing an unchanged notebook again writes the same bytes.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

__all__ = [
    "execute",
    "finalise",
    "find_notebooks",
    "input_digests",
    "refresh",
    "repo_root",
    "stale_reasons",
]

META_KEY = "alliance"
FIGURE_KEY = "alliance"  # output metadata written by alliance.figures.style.publish
CODE, PACKAGE, ENVIRONMENT = "code", "package", "requirements.txt"
REFRESH_COMMAND = "make notebooks"


def repo_root() -> Path:
    """The checkout this package lives in."""
    return Path(__file__).resolve().parent.parent


def find_notebooks(root: Path | None = None) -> list[Path]:
    """Every notebook of the book, sorted (``notebooks/*.ipynb``)."""
    root = root or repo_root()
    return sorted((root / "notebooks").glob("*.ipynb"))


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_digest(path: Path) -> str:
    """Digest of a text file with line ends normalised (a CRLF checkout hashes the same)."""
    return _digest(path.read_bytes().replace(b"\r\n", b"\n"))


def _code_digest(nb: dict[str, Any]) -> str:
    # The Colab set-up cell counts by its presence, not its text: it does nothing where notebooks
    # are executed, so a new repository URL or edition tag (make it-mine) stales no notebook.
    from alliance.colab import SETUP_CELL_ID

    sources = [SETUP_CELL_ID if c.get("id") == SETUP_CELL_ID else _source(c)
               for c in nb["cells"] if c["cell_type"] == "code"]
    return _digest(json.dumps(sources).encode("utf-8"))


def _source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _package_digest(root: Path) -> str:
    parts = []
    for path in sorted((root / "alliance").rglob("*")):
        if path.is_file() and path.suffix in {".py", ".mplstyle", ".json"} and "__pycache__" not in path.parts:
            parts.append(f"{path.relative_to(root).as_posix()}\0{_file_digest(path)}")
    return _digest("\n".join(parts).encode("utf-8"))


def input_digests(nb: dict[str, Any], root: Path, data_files: Iterable[str]) -> dict[str, str]:
    """Digests of everything a notebook's outputs depend on; ``data_files`` are repo-relative."""
    digests = {
        CODE: _code_digest(nb),
        PACKAGE: _package_digest(root),
        ENVIRONMENT: _file_digest(root / ENVIRONMENT),
    }
    for name in sorted(set(data_files)):
        path = root / name
        digests[name] = _file_digest(path) if path.exists() else "missing"
    return digests


def _stored_inputs(nb: dict[str, Any]) -> dict[str, str]:
    return dict(nb.get("metadata", {}).get(META_KEY, {}).get("inputs", {}))


def stale_reasons(path: Path, root: Path | None = None) -> list[str]:
    """Why a committed notebook no longer matches its inputs (an empty list if it is fresh)."""
    root = root or repo_root()
    nb = json.loads(path.read_text(encoding="utf-8"))
    stored = _stored_inputs(nb)
    if not stored:
        return [f"it was never executed by `{REFRESH_COMMAND}`"]
    data_files = [k for k in stored if k not in (CODE, PACKAGE, ENVIRONMENT)]
    current = input_digests(nb, root, data_files)
    labels = {CODE: "its code cells", PACKAGE: "the alliance package", ENVIRONMENT: ENVIRONMENT}
    return [f"{labels.get(k, k)} changed" for k in current if current[k] != stored.get(k)]


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
    """Execute a notebook in a fresh kernel; return the repo-relative data files it read."""
    from nbclient import NotebookClient

    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "reads.txt"
        log.touch()
        env = dict(os.environ)
        env.update({
            "ALLIANCE_READ_LOG": str(log),
            "PYTHONHASHSEED": "0",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(root), env.get("PYTHONPATH")])),
            "MPLBACKEND": "module://matplotlib_inline.backend_inline",
        })
        client = NotebookClient(nb, kernel_name="python3", timeout=timeout, record_timing=False,
                                resources={"metadata": {"path": str(path.parent)}},
                                # quiet the kernel's start-up notice about its local TCP transport
                                extra_arguments=["--IPKernelApp.log_level=ERROR"])
        # asyncio.run opens and closes its own event loop, also in the worker threads of refresh()
        asyncio.run(client.async_execute(env=env))
        reads = {Path(line) for line in log.read_text(encoding="utf-8").splitlines() if line}
    base = root.resolve()
    return sorted(p.resolve().relative_to(base).as_posix() for p in reads if p.resolve().is_relative_to(base))


def finalise(nb: Any, path: Path, root: Path, data_files: Iterable[str]) -> str:
    """The text ``make notebooks`` saves for an executed notebook: figure metadata synced into
    the cells, machine-specific metadata dropped, input digests recorded, canonical JSON."""
    import nbformat

    _sync_figure_metadata(nb, path.name)
    _normalise(nb)
    nb.metadata[META_KEY] = {"inputs": input_digests(nb, root, data_files)}
    nbformat.validate(nb)
    return nbformat.writes(nb) + "\n"


def execute(path: Path, root: Path | None = None, timeout: int = 600) -> None:
    """Execute one notebook in place, record its inputs, and save it deterministically."""
    import nbformat

    root = root or repo_root()
    nb = nbformat.read(path, as_version=4)
    _ensure_cell_ids(nb)
    data_files = _run(nb, path, root, timeout)
    text = finalise(nb, path, root, data_files)
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
    for path in notebooks:
        reasons = ["--force"] if force else stale_reasons(path, root)
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
