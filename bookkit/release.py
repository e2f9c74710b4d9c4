"""``make release VERSION=X.Y.Z``: the one way to cut an edition.

It refuses a dirty working tree, stale notebooks or invalid data (checked with the checkout's own
code), and a version that is not newer than the last recorded one. Then it sets the version in
``pyproject.toml`` (the one place the package reads it from, as ``alliance.__version__``) and in
``CITATION.cff`` (with the release date), moves the ``[Unreleased]`` section of ``CHANGELOG.md``
under the new version and date, and commits that as "Release vX.Y.Z". A second commit adds the
release record entry (``releases.toml``) naming the first commit, which is what ``make site``
builds. Nothing is pushed or tagged: it prints what to push. The text edits are pure functions.
"""

from __future__ import annotations

import datetime
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from bookkit.colab import repository_url, update_setup_cells
from bookkit.notebooks import find_notebooks
from bookkit.releases import RECORD, Release, append_entry, parse_record, version_key

__all__ = ["ReleaseError", "move_unreleased", "release", "set_citation_version", "set_project_version"]

UNRELEASED = "## [Unreleased]"


class ReleaseError(Exception):
    """Why an edition cannot be cut now, and what to do about it."""


def set_project_version(pyproject: str, version: str) -> str:
    """``pyproject.toml`` with the ``[project]`` table's version set to ``version``."""
    section = re.search(r"(?ms)^\[project\]\n(.*?)(?=^\[|\Z)", pyproject)
    if not section or not re.search(r'(?m)^version = "[^"]*"$', section.group(1)):
        raise ReleaseError('pyproject.toml has no `version = "..."` line in its [project] table')
    body = re.sub(r'(?m)^version = "[^"]*"$', f'version = "{version}"', section.group(1), count=1)
    return pyproject[:section.start(1)] + body + pyproject[section.end(1):]


def set_citation_version(cff: str, version: str, date: str) -> str:
    """``CITATION.cff`` with ``version`` and ``date-released`` set."""
    for key, value in (("version", version), ("date-released", date)):
        if not re.search(rf"(?m)^{key}:", cff):
            raise ReleaseError(f"CITATION.cff has no `{key}:` line")
        cff = re.sub(rf"(?m)^{key}:.*$", f'{key}: "{value}"', cff, count=1)
    return cff


def move_unreleased(changelog: str, version: str, date: str) -> str:
    """``CHANGELOG.md`` with the ``[Unreleased]`` section's entries under ``[version] - date`` and
    an empty ``[Unreleased]`` section above them; ReleaseError if there is nothing to release."""
    start = changelog.find(UNRELEASED + "\n")
    if start < 0:
        raise ReleaseError(f"CHANGELOG.md has no `{UNRELEASED}` heading")
    body_start = start + len(UNRELEASED) + 1
    following = re.search(r"(?m)^## \[", changelog[body_start:])
    body_end = body_start + following.start() if following else len(changelog)
    body = changelog[body_start:body_end].strip("\n")
    if not body.strip():
        raise ReleaseError(f"CHANGELOG.md says nothing under `{UNRELEASED}`: describe the edition first")
    rest = changelog[body_end:]
    return (changelog[:start] + f"{UNRELEASED}\n\n## [{version}] - {date}\n{body}\n"
            + ("\n" + rest if rest else ""))


def _git(root: Path, *args: str) -> str:
    result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)
    if result.returncode != 0:
        raise ReleaseError(f"git {' '.join(args)} failed: {result.stderr.strip()}")
    return result.stdout


def _check_ready(root: Path, version: str, releases: list[Release]) -> None:
    """Refuse a dirty tree, a version not newer than the last release, stale notebooks, invalid data."""
    try:
        version_key(version)
    except ValueError as error:
        raise ReleaseError(str(error)) from None
    if releases and version_key(version) <= version_key(releases[-1].version):
        raise ReleaseError(f"version {version} is not newer than the last release, {releases[-1].version}")
    dirty = _git(root, "status", "--porcelain").splitlines()
    if dirty:
        shown = "; ".join(line.strip() for line in dirty[:5]) + (" …" if len(dirty) > 5 else "")
        raise ReleaseError(f"the working tree has uncommitted changes ({shown}): commit or stash them first")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")]))}
    checks = (("notebooks", [sys.executable, "-m", "bookkit", "notebooks", "--check"], "run `make notebooks`"),
              ("data", [sys.executable, "-m", "alliance", "validate"], "fix the data (`make validate`)"))
    for what, command, remedy in checks:
        result = subprocess.run(command, cwd=root, capture_output=True, text=True, env=env)
        if result.returncode != 0:
            detail = (result.stdout + result.stderr).strip().splitlines()[:10]
            raise ReleaseError(f"the {what} are not ready: " + " | ".join(detail) + f" — {remedy}, commit, retry")


def release(root: Path, version: str, *, date: str | None = None, say: Callable[[str], object] = print) -> Release:
    """Cut edition ``version`` in the checkout ``root``: two commits (the release, then its record
    entry); returns the record entry. Raises ReleaseError, changing nothing, if not ready."""
    record_path = root / RECORD
    record_text = record_path.read_text(encoding="utf-8") if record_path.is_file() else ""
    try:
        releases = parse_record(record_text)
    except ValueError as error:
        raise ReleaseError(str(error)) from None
    _check_ready(root, version, releases)
    date = date or datetime.datetime.now(datetime.UTC).date().isoformat()
    edits = {
        "pyproject.toml": lambda text: set_project_version(text, version),
        "CITATION.cff": lambda text: set_citation_version(text, version, date),
        "CHANGELOG.md": lambda text: move_unreleased(text, version, date),
    }
    new_texts = {name: edit((root / name).read_text(encoding="utf-8")) for name, edit in edits.items()}
    for name, text in new_texts.items():
        (root / name).write_text(text, encoding="utf-8")
    _git(root, "add", *new_texts)
    _git(root, "commit", "-q", "-m", f"Release v{version}")
    commit = _git(root, "rev-parse", "HEAD").strip()
    entry = Release(version, date, commit)
    record_path.write_text(append_entry(record_text, entry, releases), encoding="utf-8")
    notebooks = find_notebooks(root)
    # The Colab set-up cells install the package of the commit just cut (no tag needed); the cells
    # count by their presence, not their text, so this stales no notebook.
    update_setup_cells(notebooks, repository_url(root), commit, say=lambda _: None)
    _git(root, "add", RECORD, *[str(p.relative_to(root)) for p in notebooks])
    _git(root, "commit", "-q", "-m", f"Record release v{version} ({commit[:12]}) in {RECORD}")
    branch = _git(root, "rev-parse", "--abbrev-ref", "HEAD").strip()
    say(f"Released v{version} ({date}) at {commit[:12]}; recorded in {RECORD}.")
    say(f"To publish it: git push origin {branch}")
    say(f"(optional) a tag for the same commit: git tag -a v{version} {commit[:12]} -m 'Edition v{version}' "
        f"&& git push origin v{version}")
    say("The notebooks' Colab set-up cells now install the package of that commit.")
    return entry
