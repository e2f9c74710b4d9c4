"""What changed in the data between editions, counted from git (never typed).

An *edition* is a release tag ``vX.Y.Z`` (or the working line, ``dev``). For each edition the
book reports, per data table, how many rows were added, changed and removed since the previous
edition, matching rows by the table's primary key from ``datapackage.json``. The pure part
(:func:`diff_rows`, :func:`release_tags`) is separate from the git plumbing.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "TableChange",
    "data_changes",
    "diff_rows",
    "edition_changes",
    "edition_date",
    "release_tags",
]

RELEASE = re.compile(r"^v(\d+)\.(\d+)\.(\d+)$")


@dataclass(frozen=True)
class TableChange:
    """Rows of one table added, changed and removed between two editions."""

    table: str
    added: int
    changed: int
    removed: int


def release_tags(tags: Iterable[str]) -> list[str]:
    """The ``vX.Y.Z`` tags among ``tags``, oldest version first (numeric, not alphabetical)."""
    found = [t for t in tags if RELEASE.match(t)]
    return sorted(found, key=lambda t: tuple(int(n) for n in RELEASE.match(t).groups()))


def diff_rows(old: Sequence[dict[str, str]], new: Sequence[dict[str, str]],
              key: Sequence[str]) -> tuple[int, int, int]:
    """(added, changed, removed) between two versions of a table, rows matched by ``key``."""
    def index(rows: Sequence[dict[str, str]]) -> dict[tuple[str, ...], dict[str, str]]:
        return {tuple(row.get(k, "") for k in key): row for row in rows}

    before, after = index(old), index(new)
    added = len(after.keys() - before.keys())
    removed = len(before.keys() - after.keys())
    changed = sum(1 for k in after.keys() & before.keys() if after[k] != before[k])
    return added, changed, removed


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


def _show(repo: Path, ref: str, path: str) -> str | None:
    result = subprocess.run(["git", "-C", str(repo), "show", f"{ref}:{path}"], capture_output=True, text=True)
    return result.stdout if result.returncode == 0 else None


def _tables(repo: Path, ref: str) -> dict[str, tuple[list[str], list[dict[str, str]]]]:
    """Each table at ``ref``: its primary key and rows (empty if the package did not exist)."""
    descriptor = _show(repo, ref, "data/datapackage.json")
    if descriptor is None:
        return {}
    tables = {}
    for resource in json.loads(descriptor)["resources"]:
        text = _show(repo, ref, f"data/{resource['path']}") or ""
        key = resource["schema"].get("primaryKey") or [resource["schema"]["fields"][0]["name"]]
        key = [key] if isinstance(key, str) else list(key)
        tables[resource["name"]] = (key, list(csv.DictReader(io.StringIO(text))))
    return tables


def data_changes(repo: Path, old_ref: str | None, new_ref: str) -> list[TableChange]:
    """Per table (in the newer edition's order, then tables that were removed): rows added,
    changed and removed from ``old_ref`` to ``new_ref`` (everything is added if there is no
    older edition)."""
    new = _tables(repo, new_ref)
    old = _tables(repo, old_ref) if old_ref else {}
    changes = []
    for name in [*new, *(n for n in old if n not in new)]:
        key = (new.get(name) or old[name])[0]
        added, changed, removed = diff_rows(old.get(name, (key, []))[1], new.get(name, (key, []))[1], key)
        changes.append(TableChange(name, added, changed, removed))
    return changes


def edition_date(repo: Path, ref: str) -> str:
    """The ISO date of the commit an edition points at."""
    return _git(repo, "log", "-1", "--format=%cs", ref).strip()


def edition_changes(repo: Path, ref: str = "HEAD") -> list[tuple[str, str | None, list[TableChange]]]:
    """For every release up to ``ref`` (and ``ref`` itself when it is not a release): the
    edition's name, the previous edition, and its data changes. Newest first."""
    commit = _git(repo, "rev-parse", f"{ref}^{{commit}}").strip()
    reachable = release_tags(_git(repo, "tag", "--merged", commit).split())
    editions: list[tuple[str, str]] = [(tag, tag) for tag in reachable]
    tagged_here = [t for t in reachable if _git(repo, "rev-parse", f"{t}^{{commit}}").strip() == commit]
    if not tagged_here:
        editions.append(("unreleased changes", commit))
    result = []
    previous: str | None = None
    for name, edition_ref in editions:
        result.append((name, previous, data_changes(repo, previous, edition_ref)))
        previous = edition_ref if name != "unreleased changes" else previous
    return list(reversed(result))
