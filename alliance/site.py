"""The published, versioned site: every release tag and ``main`` (as ``dev``), each edition built
from its own committed files and outputs, side by side under ``site/<edition>/``.

For each edition the builder exports the tag with ``git archive`` (only committed files), merges
an overlay into that edition's own ``_config.yml`` (version label, the theme's version switcher,
the old-version banner, the edition's date in the footer and on the intro page, the git ref for
the data-changes table), builds it strictly with its committed outputs, and copies the HTML.
Then it writes ``versions.json`` (one ``preferred`` edition: the latest release) and a root
``index.html`` that redirects to it. ``base_path`` is where the site is served (``/`` locally,
``/<repo>/`` on GitHub project pages).
"""

from __future__ import annotations

import copy
import html
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from alliance.history import edition_date, release_tags

__all__ = ["Edition", "build_site", "editions", "overlay", "redirect_page", "versions_json"]

DEV = "dev"


@dataclass(frozen=True)
class Edition:
    """One edition of the book: its name (``v1.2.3`` or ``dev``), git ref and commit date."""

    name: str
    ref: str
    date: str

    @property
    def label(self) -> str:
        """How the edition names itself on its pages."""
        if self.name == DEV:
            return f"the development edition (dev) of {self.date}, which is not a release"
        return f"edition {self.name} of {self.date}"


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


def editions(repo: Path, branch: str = "main") -> list[Edition]:
    """The releases, newest first, then ``dev`` (the branch)."""
    tags = release_tags(_git(repo, "tag", "--list").split())
    found = [Edition(t, t, edition_date(repo, t)) for t in reversed(tags)]
    return [*found, Edition(DEV, branch, edition_date(repo, branch))]


def preferred(all_editions: Sequence[Edition]) -> Edition:
    """The edition readers are sent to: the latest release, or ``dev`` if there is none."""
    return next((e for e in all_editions if e.name != DEV), all_editions[-1])


def versions_json(all_editions: Sequence[Edition], base_path: str) -> list[dict[str, Any]]:
    """The theme's switcher file: root-relative URLs under ``base_path``, one preferred entry."""
    best = preferred(all_editions)
    base = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
    entries = []
    for edition in all_editions:
        entry: dict[str, Any] = {
            "name": f"{edition.name} (latest)" if edition == best and edition.name != DEV else edition.name,
            "version": edition.name,
            "url": f"{base}{edition.name}/",
        }
        if edition == best:
            entry["preferred"] = True
        entries.append(entry)
    return entries


def redirect_page(target: str) -> str:
    """A root page that sends the reader to ``target`` (works without JavaScript too)."""
    url = html.escape(target, quote=True)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>The U.S.-Japan Alliance in Data</title><meta http-equiv=\"refresh\" content=\"0; url={url}\">"
        f"<link rel=\"canonical\" href=\"{url}\"></head>"
        f"<body><p>The book has moved to <a href=\"{url}\">its latest edition</a>.</p></body></html>\n"
    )


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    merged = copy.deepcopy(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def overlay(config: dict[str, Any], edition: Edition, repo: Path) -> dict[str, Any]:
    """An edition's configuration: its own ``_config.yml`` plus version, switcher, banner,
    footer line, intro substitution and the git ref for the data-changes table."""
    footer = (config.get("html", {}).get("extra_footer") or "").strip()
    extensions = config.get("sphinx", {}).get("config", {}).get("extensions", [])
    edition_line = f"<p>You are reading {html.escape(edition.label)}.</p>"
    extra = {
        "html": {"extra_footer": f"{edition_line}\n{footer}"},
        "parse": {"myst_substitutions": {"edition": edition.label}},
        "sphinx": {
            "recursive_update": True,
            "config": {
                "version": edition.name,
                "release": edition.name,
                "html_theme_options": {
                    "switcher": {"json_url": "../versions.json", "version_match": edition.name},
                    "check_switcher": False,
                    "show_version_warning_banner": True,
                    "navbar_end": ["version-switcher"],
                },
            },
        },
    }
    if "alliance.sphinxext" in extensions:  # editions older than the data-changes table lack it
        extra["sphinx"]["config"].update({"alliance_git_repo": str(repo), "alliance_edition_ref": edition.ref})
    return _merge(config, extra)


def _build_edition(repo: Path, edition: Edition, out: Path) -> None:
    """Export one edition, build it strictly with its committed outputs, copy its HTML."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "src"
        source.mkdir()
        archive = subprocess.run(["git", "-C", str(repo), "archive", edition.ref], capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", str(source)], input=archive.stdout, check=True)
        config = yaml.safe_load((source / "_config.yml").read_text(encoding="utf-8"))
        config_file = Path(tmp) / "edition_config.yml"
        config_file.write_text(yaml.safe_dump(overlay(config, edition, repo.resolve()), sort_keys=False),
                               encoding="utf-8")
        jupyter_book = Path(sys.executable).with_name("jupyter-book")
        result = subprocess.run(
            [str(jupyter_book), "build", str(source), "--config", str(config_file), "--path-output", tmp,
             "--all", "-W", "-n", "--keep-going", "--quiet"],
            capture_output=True, text=True,
        )
        if result.returncode != 0:
            log = result.stdout[-3000:] + result.stderr[-3000:]
            raise RuntimeError(f"edition {edition.name} failed to build:\n{log}")
        target = out / edition.name
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(Path(tmp) / "_build" / "html", target)


def build_site(repo: Path, out: Path, base_path: str = "/", branch: str = "main", jobs: int = 2) -> list[Edition]:
    """Build every edition into ``out`` (in parallel), then the switcher file and the redirect."""
    all_editions = editions(repo, branch)
    out.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        list(pool.map(lambda e: _build_edition(repo, e, out), all_editions))
    entries = versions_json(all_editions, base_path)
    (out / "versions.json").write_text(json.dumps(entries, indent=2) + "\n", encoding="utf-8")
    best = next(e for e in entries if e.get("preferred"))
    (out / "index.html").write_text(redirect_page(best["url"]), encoding="utf-8")
    (out / ".nojekyll").write_text("", encoding="utf-8")
    return all_editions
