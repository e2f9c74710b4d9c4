"""The published, versioned site: every release in the release record (``releases.toml``) and the
branch (as ``dev``), each edition built from its own commit's files and outputs, side by side under
``site/<edition>/``, with a PDF and an offline archive of every release.

For each edition the builder exports the commit with ``git archive`` (only committed files),
merges an overlay into that edition's own ``_config.yml`` (version label, the theme's version
switcher, the old-version banner, the edition's date and download links in the footer and on the
intro page, what the data-changes table needs), and builds it strictly with its committed
outputs and its own code (the export comes first on ``PYTHONPATH``, so an old edition's Sphinx
extension is its own). Editions older than :mod:`bookkit` count their data changes from tags:
they get a private clone whose tags are made from the record. A release also gets a PDF (its
``singlehtml`` printed by chromium, see :mod:`bookkit.pdf`) and a ``.tar.gz`` of its HTML.

Every edition is cached in ``_build/site-cache`` under a key of its commit, the record entries it
shows, the base path and the builder's own code and environment, so an unchanged old edition is
copied, not rebuilt. Then ``versions.json`` (one ``preferred`` edition: the latest release) and a
root ``index.html`` that redirects to it are written. ``base_path`` is where the site is served
(``/`` locally, ``/<repo>/`` on GitHub project pages).
"""

from __future__ import annotations

import copy
import html
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bookkit import pdf
from bookkit.fingerprint import input_digest, text_digest
from bookkit.releases import RECORD, Release, parse_record

__all__ = [
    "Edition",
    "EditionResult",
    "SiteReport",
    "build_site",
    "cache_key",
    "download_names",
    "downloads_html",
    "editions",
    "overlay",
    "preferred",
    "redirect_page",
    "versions_json",
]

DEV = "dev"
CACHE = Path("_build") / "site-cache"
BUILDER_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Edition:
    """One edition of the book: its name (``v1.2.3`` or ``dev``), commit and date."""

    name: str
    commit: str
    date: str

    @property
    def is_release(self) -> bool:
        """Whether the edition is a recorded release (``dev`` is not)."""
        return self.name != DEV

    @property
    def label(self) -> str:
        """How the edition names itself on its pages."""
        if not self.is_release:
            return f"the development edition (dev) of {self.date}, which is not a release"
        return f"edition {self.name} of {self.date}"


@dataclass(frozen=True)
class EditionResult:
    """What building one edition did: seconds taken, whether it came from the cache, the PDF's
    pages, bytes and print time (0 without a PDF)."""

    name: str
    seconds: float
    cached: bool
    pdf_pages: int = 0
    pdf_bytes: int = 0
    pdf_seconds: float = 0.0


@dataclass
class SiteReport:
    """The editions built, newest release first then ``dev``, and what each build did."""

    editions: list[Edition]
    results: list[EditionResult] = field(default_factory=list)


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


def record_at(repo: Path, ref: str) -> list[Release]:
    """The release record as committed at ``ref`` (none if that commit has no record)."""
    result = subprocess.run(["git", "-C", str(repo), "show", f"{ref}:{RECORD}"], capture_output=True, text=True)
    return parse_record(result.stdout) if result.returncode == 0 else []


def editions(repo: Path, branch: str = "main") -> list[Edition]:
    """The releases recorded on ``branch``, newest first, then ``dev`` (the branch itself)."""
    commit = _git(repo, "rev-parse", f"{branch}^{{commit}}").strip()
    releases = [Edition(r.name, r.commit, r.date) for r in reversed(record_at(repo, commit))]
    dev = Edition(DEV, commit, _git(repo, "log", "-1", "--format=%cs", commit).strip())
    return [*releases, dev]


def preferred(all_editions: Sequence[Edition]) -> Edition:
    """The edition readers are sent to: the latest release, or ``dev`` if there is none."""
    return next((e for e in all_editions if e.is_release), all_editions[-1])


def _base(base_path: str) -> str:
    return "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"


def versions_json(all_editions: Sequence[Edition], base_path: str) -> list[dict[str, Any]]:
    """The theme's switcher file: root-relative URLs under ``base_path``, one preferred entry."""
    best = preferred(all_editions)
    entries = []
    for edition in all_editions:
        entry: dict[str, Any] = {
            "name": f"{edition.name} (latest)" if edition == best and edition.is_release else edition.name,
            "version": edition.name,
            "url": f"{_base(base_path)}{edition.name}/",
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


def download_names(edition: Edition) -> tuple[str, str]:
    """File names of a release's PDF and offline archive."""
    return f"alliance-book-{edition.name}.pdf", f"alliance-book-{edition.name}.tar.gz"


def downloads_html(edition: Edition, base_path: str, with_pdf: bool) -> str:
    """The footer line linking a release's PDF (when built) and offline archive, by root-relative
    URL (the footer is the same on pages at every depth); empty for ``dev``."""
    if not edition.is_release:
        return ""
    pdf_name, archive_name = download_names(edition)
    folder = f"{_base(base_path)}{edition.name}/"
    links = [f'<a href="{html.escape(folder + pdf_name, quote=True)}">PDF</a>'] if with_pdf else []
    links.append(f'<a href="{html.escape(folder + archive_name, quote=True)}">offline copy (.tar.gz of the HTML)</a>')
    return f"<p class=\"bookkit-downloads\">Download this edition: {' · '.join(links)}.</p>"


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    merged = copy.deepcopy(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def overlay(config: dict[str, Any], edition: Edition, repo: Path, releases: Sequence[Release],
            downloads: str = "", tagged_repo: Path | None = None) -> dict[str, Any]:
    """An edition's configuration: its own ``_config.yml`` plus version, switcher, banner, footer
    (edition and downloads), intro substitution, and what its data-changes table reads: the
    record's releases up to this edition (``bookkit.sphinxext``), or a clone whose tags are made
    from the record (``tagged_repo``, for editions whose extension was ``alliance.sphinxext``)."""
    footer = (config.get("html", {}).get("extra_footer") or "").strip()
    extensions = config.get("sphinx", {}).get("config", {}).get("extensions", [])
    edition_line = f"<p>You are reading {html.escape(edition.label)}.</p>"
    extra: dict[str, Any] = {
        "html": {"extra_footer": "\n".join(filter(None, [edition_line, downloads, footer]))},
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
    settings = extra["sphinx"]["config"]
    if "bookkit.sphinxext" in extensions:
        settings.update({"bookkit_git_repo": str(repo), "bookkit_edition_ref": edition.commit,
                         "bookkit_releases": [[r.version, r.date, r.commit] for r in releases]})
    elif "alliance.sphinxext" in extensions:  # editions before bookkit; older still lack the table
        settings.update({"alliance_git_repo": str(tagged_repo or repo), "alliance_edition_ref": edition.commit})
    return _merge(config, extra)


def shown_releases(edition: Edition, releases: Sequence[Release]) -> list[Release]:
    """The recorded releases an edition's pages can show: up to itself (all of them for dev)."""
    if not edition.is_release:
        return list(releases)
    names = [r.name for r in releases]
    return list(releases[: names.index(edition.name) + 1])


def builder_digest() -> str:
    """Digest of what builds an edition besides its own files: this package's code (by syntax
    tree) and the pinned environment."""
    files = [*sorted((BUILDER_ROOT / "bookkit").glob("*.py")), BUILDER_ROOT / "requirements.txt"]
    return text_digest("\n".join(f"{p.name}\0{input_digest(p)}" for p in files).encode("utf-8"))


def cache_key(edition: Edition, releases: Sequence[Release], base_path: str, builder: str, with_pdf: bool) -> str:
    """What an edition's build depends on: its commit and name, the releases its pages show,
    where it is served, the builder's digest, and whether a PDF is made."""
    parts = [edition.name, edition.commit, edition.date, _base(base_path), builder, str(with_pdf),
             *(f"{r.version} {r.date} {r.commit}" for r in releases)]
    return text_digest("\n".join(parts).encode("utf-8"))[:20]


def _export(repo: Path, commit: str, target: Path) -> None:
    target.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(repo), "archive", commit], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)


def _jupyter_book(source: Path, config_file: Path, output: Path, builder: str, name: str) -> Path:
    """Build ``source`` with its own code first on the path; return the builder's output folder."""
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(source), os.environ.get("PYTHONPATH")])),
           "PYTHONHASHSEED": "0"}
    strict = ["-W", "-n", "--keep-going"] if builder == "html" else []
    result = subprocess.run(
        [str(jupyter_book), "build", str(source), "--builder", builder, "--config", str(config_file),
         "--path-output", str(output), "--all", *strict, "--quiet"],
        capture_output=True, text=True, env=env,
    )
    if result.returncode != 0:
        log = result.stdout[-3000:] + result.stderr[-3000:]
        raise RuntimeError(f"edition {name} failed to build ({builder}):\n{log}")
    return output / "_build" / builder


@dataclass(frozen=True)
class _Job:
    """Everything one edition's build needs from the site build."""

    repo: Path
    tagged_repo: Path
    releases: list[Release]
    base_path: str
    with_pdf: bool
    cache: Path
    builder: str


def _build_into(job: _Job, edition: Edition, shown: list[Release], target: Path) -> EditionResult:
    """Build one edition into ``target``: ``html/`` and, for a release, its PDF and archive."""
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "src"
        _export(job.repo, edition.commit, source)
        config = yaml.safe_load((source / "_config.yml").read_text(encoding="utf-8"))
        downloads = downloads_html(edition, job.base_path, job.with_pdf)
        merged = overlay(config, edition, job.repo.resolve(), shown, downloads, job.tagged_repo)
        config_file = Path(tmp) / "edition_config.yml"
        config_file.write_text(yaml.safe_dump(merged, sort_keys=False), encoding="utf-8")
        built = _jupyter_book(source, config_file, Path(tmp) / "html", "html", edition.name)
        staging = Path(tmp) / "out"
        shutil.copytree(built, staging / "html")
        pages = size = 0
        pdf_seconds = 0.0
        if edition.is_release:
            pdf_name, archive_name = download_names(edition)
            pdf.make_archive(staging / "html", staging / archive_name, f"alliance-book-{edition.name}")
            if job.with_pdf:
                single = _jupyter_book(source, config_file, Path(tmp) / "single", "singlehtml", edition.name)
                printed = time.perf_counter()
                pages = pdf.print_pdf(single / "index.html", staging / pdf_name, merged.get("title", ""),
                                      edition.name, edition.date)
                pdf_seconds = time.perf_counter() - printed
                size = (staging / pdf_name).stat().st_size
        (staging / "result.json").write_text(json.dumps({"pdf_pages": pages, "pdf_bytes": size,
                                                         "pdf_seconds": round(pdf_seconds, 2)}), encoding="utf-8")
        shutil.rmtree(target, ignore_errors=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(staging), str(target))
    return EditionResult(edition.name, time.perf_counter() - start, False, pages, size, pdf_seconds)


def _build_edition(job: _Job, edition: Edition, out: Path) -> EditionResult:
    """One edition from the cache, or built into the cache first; then copied into ``out``."""
    start = time.perf_counter()
    shown = shown_releases(edition, job.releases)
    key = cache_key(edition, shown, job.base_path, job.builder, job.with_pdf)
    cached = job.cache / f"{edition.name}-{key}"
    if (cached / "result.json").is_file():
        recorded = json.loads((cached / "result.json").read_text(encoding="utf-8"))
        result = EditionResult(edition.name, 0.0, True, **recorded)
    else:
        for stale in job.cache.glob(f"{edition.name}-*"):
            shutil.rmtree(stale, ignore_errors=True)
        result = _build_into(job, edition, shown, cached)
    target = out / edition.name
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(cached / "html", target)
    for extra in download_names(edition):
        if (cached / extra).is_file():
            shutil.copyfile(cached / extra, target / extra)
    return EditionResult(result.name, time.perf_counter() - start, result.cached, result.pdf_pages,
                         result.pdf_bytes, result.pdf_seconds)


def _tagged_clone(repo: Path, releases: Sequence[Release], target: Path) -> Path:
    """A clone sharing ``repo``'s objects with a tag for every recorded release, for editions
    whose own data-changes code reads tags."""
    subprocess.run(["git", "clone", "-q", "--shared", "--no-checkout", str(repo.resolve()), str(target)],
                   capture_output=True, check=True)
    for release in releases:
        _git(target, "tag", "-f", release.name, release.commit)
    return target


def build_site(repo: Path, out: Path, base_path: str = "/", branch: str = "main", jobs: int = 2, *,
               pdf: bool = True, say: Callable[[str], object] = print, cache: Path | None = None) -> SiteReport:
    """Build every edition into ``out`` (in parallel, unchanged editions from the cache), then the
    switcher file and the redirect. ``pdf=False`` (or no chromium outside CI) skips the PDFs."""
    all_editions = editions(repo, branch)
    with_pdf = pdf and _pdf_available(say)
    releases = record_at(repo, all_editions[-1].commit)
    out.mkdir(parents=True, exist_ok=True)
    report = SiteReport(all_editions)
    with tempfile.TemporaryDirectory() as tmp:
        job = _Job(repo, _tagged_clone(repo, releases, Path(tmp) / "tagged"), releases, base_path, with_pdf,
                   cache or repo / CACHE, builder_digest())
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            report.results = list(pool.map(lambda e: _build_edition(job, e, out), all_editions))
    for result in report.results:
        how = "from the cache" if result.cached else f"built in {result.seconds:.1f} s"
        printed = (f"; PDF {result.pdf_pages} pages, {result.pdf_bytes / 1e6:.2f} MB, printed in "
                   f"{result.pdf_seconds:.1f} s") if result.pdf_pages else ""
        say(f"{result.name}: {how}{printed}")
    entries = versions_json(all_editions, base_path)
    (out / "versions.json").write_text(json.dumps(entries, indent=2) + "\n", encoding="utf-8")
    best = next(e for e in entries if e.get("preferred"))
    (out / "index.html").write_text(redirect_page(best["url"]), encoding="utf-8")
    (out / ".nojekyll").write_text("", encoding="utf-8")
    return report


def _pdf_available(say: Callable[[str], object]) -> bool:
    """Whether chromium can print the PDFs; outside CI its absence is one line, under
    ``CI=true`` an error."""
    if pdf.chromium_available():
        return True
    if os.environ.get("CI") == "true":
        raise RuntimeError(f"{pdf.CHROMIUM} is missing, and CI=true requires the PDFs: {pdf.INSTALL_HINT}")
    say(f"PDFs skipped: {pdf.CHROMIUM} is missing; {pdf.INSTALL_HINT}")
    return False
