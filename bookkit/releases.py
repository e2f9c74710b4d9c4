"""The release record, ``releases.toml``: the tracked source of truth for the book's editions.

Each ``[[release]]`` names a version, its date and the commit it was cut from. ``make site``
builds every recorded release from its commit and the "What changed" page counts data changes
between recorded releases, so both are right in a clone without tags (tags are optional and may
be made from the record). ``make release`` appends entries; the parsing and formatting here are
pure so that they can be tested without git.
"""

from __future__ import annotations

import datetime
import itertools
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["RECORD", "Release", "append_entry", "parse_record", "read_record", "version_key"]

RECORD = "releases.toml"
VERSION = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")
COMMIT = re.compile(r"^[0-9a-f]{40}$")
HEADER = (
    "# The book's releases, oldest first: what `make site` builds and the \"What changed\" page counts.\n"
    "# Written by `make release VERSION=X.Y.Z`; each commit is the one the edition was cut from.\n"
)


@dataclass(frozen=True)
class Release:
    """One recorded release: ``version`` (X.Y.Z), ISO ``date``, full ``commit`` hash."""

    version: str
    date: str
    commit: str

    @property
    def name(self) -> str:
        """The edition's name and optional tag, ``vX.Y.Z``."""
        return f"v{self.version}"


def version_key(version: str) -> tuple[int, int, int]:
    """A version as numbers, so that 0.10.0 sorts after 0.9.0; ValueError if it is not X.Y.Z."""
    match = VERSION.match(version)
    if not match:
        raise ValueError(f"version {version!r} is not of the form X.Y.Z (for example 1.2.0)")
    major, minor, patch = (int(n) for n in match.groups())
    return major, minor, patch


def _check_entry(index: int, entry: object) -> Release:
    where = f"{RECORD}, release {index + 1}"
    if not isinstance(entry, dict) or set(entry) != {"version", "date", "commit"}:
        raise ValueError(f"{where}: write exactly the keys version, date and commit")
    version, date, commit = (str(entry[k]) for k in ("version", "date", "commit"))
    try:
        version_key(version)
    except ValueError as error:
        raise ValueError(f"{where}: {error}") from None
    try:
        datetime.date.fromisoformat(date)
    except ValueError:
        raise ValueError(f"{where}: date {date!r} is not an ISO date such as 2026-11-25") from None
    if not COMMIT.match(commit):
        raise ValueError(f"{where}: commit {commit!r} is not a full 40-character commit hash")
    return Release(version, date, commit)


def parse_record(text: str) -> list[Release]:
    """The releases in a record's text, oldest first; ValueError naming the entry if one is
    malformed, or if versions repeat or are out of order."""
    try:
        entries = tomllib.loads(text).get("release", [])
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"{RECORD}: {error}") from None
    releases = [_check_entry(i, e) for i, e in enumerate(entries)]
    for before, after in itertools.pairwise(releases):
        if version_key(after.version) <= version_key(before.version):
            raise ValueError(f"{RECORD}: {after.version} is listed after {before.version}; "
                             "list releases oldest first, each version once")
    return releases


def read_record(root: Path) -> list[Release]:
    """The releases recorded in ``root/releases.toml`` (none if there is no record)."""
    path = root / RECORD
    return parse_record(path.read_text(encoding="utf-8")) if path.is_file() else []


def append_entry(text: str, release: Release, existing: Sequence[Release]) -> str:
    """The record's text with ``release`` added at the end; ValueError if its version is not
    newer than every recorded one."""
    if existing and version_key(release.version) <= version_key(existing[-1].version):
        raise ValueError(f"version {release.version} is not newer than the last release, {existing[-1].version}")
    base = text if text.strip() else HEADER
    entry = f'\n[[release]]\nversion = "{release.version}"\ndate = "{release.date}"\ncommit = "{release.commit}"\n'
    return base.rstrip("\n") + "\n" + entry
