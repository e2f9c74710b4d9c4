"""What changed in the data between editions, counted from git (never typed).

An *edition* is a release in the release record (``releases.toml``, see :mod:`bookkit.releases`)
or the working line. For each edition the book reports, per data table, how many rows were added,
changed and removed since the previous edition, matching rows by the table's primary key from
``datapackage.json``. Releases come from the record, not from tags, so the counts are right in a
clone without tags. The pure part (:func:`diff_rows`) is separate from the git plumbing.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bookkit.releases import Release

__all__ = [
    "TableChange",
    "data_changes",
    "diff_rows",
    "edition_changes",
]

UNRELEASED = "unreleased changes"


@dataclass(frozen=True)
class TableChange:
    """Rows of one table added, changed and removed between two editions."""

    table: str
    added: int
    changed: int
    removed: int


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


def _is_ancestor(repo: Path, commit: str, ref: str) -> bool:
    result = subprocess.run(["git", "-C", str(repo), "merge-base", "--is-ancestor", commit, ref],
                            capture_output=True, text=True)
    if result.returncode not in (0, 1):
        raise subprocess.CalledProcessError(result.returncode, result.args, result.stdout, result.stderr)
    return result.returncode == 0


def edition_changes(repo: Path, releases: Sequence[Release],
                    ref: str = "HEAD") -> list[tuple[str, str | None, list[TableChange]]]:
    """For every recorded release up to ``ref`` (and ``ref`` itself when it is not a release):
    the edition's name, the previous edition, and its data changes. Newest first."""
    commit = _git(repo, "rev-parse", f"{ref}^{{commit}}").strip()
    reachable = [r for r in releases if _is_ancestor(repo, r.commit, commit)]
    editions: list[tuple[str, str]] = [(r.name, r.commit) for r in reachable]
    if not any(r.commit == commit for r in reachable):
        editions.append((UNRELEASED, commit))
    result = []
    previous: tuple[str, str] | None = None
    for name, edition_commit in editions:
        changes = data_changes(repo, previous[1] if previous else None, edition_commit)
        result.append((name, previous[0] if previous else None, changes))
        previous = (name, edition_commit)
    return list(reversed(result))
