"""Command line of the book's tooling: ``python -m bookkit notebooks | setup-cell | it-mine | site | release |
latest-release``."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path


def _notebooks(args: argparse.Namespace) -> int:
    from bookkit.notebooks import refresh

    return refresh([Path(p) for p in args.paths] or None, force=args.force, check=args.check)


def _setup_cell(args: argparse.Namespace) -> int:
    from bookkit.colab import edition_ref, repository_url, update_setup_cells
    from bookkit.notebooks import find_notebooks

    root = Path(args.repo).resolve()
    paths = [Path(p) for p in args.paths] or find_notebooks(root)
    return update_setup_cells(paths, args.url or repository_url(root), args.ref or edition_ref(root), check=args.check)


def _it_mine(args: argparse.Namespace) -> int:
    from bookkit.itmine import make_it_mine

    try:
        make_it_mine(Path(args.checkout).resolve(), args.title, args.author, args.repo)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


def _site(args: argparse.Namespace) -> int:
    from bookkit.site import build_site

    start = time.perf_counter()
    try:
        report = build_site(Path(args.repo), Path(args.out), args.base_path, args.branch, args.jobs,
                            pdf=not args.no_pdf, say=print)
    except (RuntimeError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    names = ", ".join(e.name for e in report.editions)
    print(f"Built {len(report.editions)} editions ({names}) into {args.out}/ in {time.perf_counter() - start:.1f} s.")
    print(f"Serve it: python -m http.server --bind 127.0.0.1 --directory {args.out}")
    return 0


def _release(args: argparse.Namespace) -> int:
    from bookkit.release import ReleaseError, release

    try:
        release(Path(args.repo), args.version, date=args.date, say=print)
    except ReleaseError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


def _latest_release(args: argparse.Namespace) -> int:
    from bookkit.releases import read_record

    releases = read_record(Path(args.repo))
    if not releases:
        print("error: releases.toml records no release", file=sys.stderr)
        return 1
    latest = releases[-1]
    print(f"name={latest.name}\nversion={latest.version}\ndate={latest.date}\ncommit={latest.commit}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m bookkit``."""
    parser = argparse.ArgumentParser(prog="python -m bookkit", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    notebooks = commands.add_parser("notebooks", help="execute the notebooks whose inputs changed")
    notebooks.add_argument("paths", nargs="*", help="notebooks to consider (default: notebooks/*.ipynb)")
    notebooks.add_argument("--check", action="store_true", help="only list stale notebooks; exit 1 if any")
    notebooks.add_argument("--force", action="store_true", help="execute even if nothing changed")
    notebooks.set_defaults(run=_notebooks)

    setup = commands.add_parser("setup-cell", help="insert or update the Colab set-up cell of every notebook")
    setup.add_argument("paths", nargs="*", help="notebooks to update (default: notebooks/*.ipynb)")
    setup.add_argument("--url", help="repository to install from (default: repository.url in _config.yml)")
    setup.add_argument("--ref", help="git tag, branch or commit (default: v<version> from pyproject.toml)")
    setup.add_argument("--check", action="store_true", help="only list notebooks whose cell differs; exit 1 if any")
    setup.add_argument("--repo", default=".", help="the checkout whose notebooks to update (default: here)")
    setup.set_defaults(run=_setup_cell)

    mine = commands.add_parser("it-mine", help="set a fork's title, author and repository everywhere (make it-mine)")
    mine.add_argument("--title", required=True, help="the fork's title")
    mine.add_argument("--author", required=True, help="who to cite: a name, or a group's name")
    mine.add_argument("--repo", required=True, help="the fork's address, https://github.com/OWNER/NAME")
    mine.add_argument("--checkout", default=".", help="the fork's checkout to edit (default: here)")
    mine.set_defaults(run=_it_mine)

    site = commands.add_parser("site", help="build every recorded release and the branch (as dev) into one site")
    site.add_argument("--repo", default=".", help="git repository to build from (default: here)")
    site.add_argument("--out", default="site", help="output folder (default: site)")
    site.add_argument("--base-path", default="/", help="where the site is served, e.g. /<repo>/ on GitHub Pages")
    site.add_argument("--branch", default="main", help="branch published as dev (default: main)")
    site.add_argument("--jobs", type=int, default=2, help="editions built at once (default: 2)")
    site.add_argument("--no-pdf", action="store_true", help="skip the PDF of each release")
    site.set_defaults(run=_site)

    cut = commands.add_parser("release", help="cut an edition: version everywhere, changelog, release record")
    cut.add_argument("version", help="the new version, X.Y.Z")
    cut.add_argument("--date", default=None, help="release date (default: today, UTC)")
    cut.add_argument("--repo", default=".", help="the checkout to release (default: here)")
    cut.set_defaults(run=_release)

    latest = commands.add_parser("latest-release", help="print the newest recorded release (for CI)")
    latest.add_argument("--repo", default=".", help="the checkout (default: here)")
    latest.set_defaults(run=_latest_release)

    args = parser.parse_args(argv)
    return args.run(args)
