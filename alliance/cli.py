"""Command line: ``python -m alliance validate | notebooks``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path


def _validate(args: argparse.Namespace) -> int:
    from alliance.data import data_dir, load_descriptor, validate

    problems = validate(args.data_dir)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found.", file=sys.stderr)
        return 1
    names = [r["name"] for r in load_descriptor(args.data_dir)["resources"]]
    print(f"OK: {data_dir(args.data_dir)} — {len(names)} tables valid ({', '.join(names)}).")
    return 0


def _notebooks(args: argparse.Namespace) -> int:
    from alliance.notebooks import refresh

    return refresh([Path(p) for p in args.paths] or None, force=args.force, check=args.check)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m alliance``."""
    parser = argparse.ArgumentParser(prog="python -m alliance", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    validate = commands.add_parser("validate", help="check a data directory against datapackage.json")
    validate.add_argument("data_dir", nargs="?", default=None,
                          help="folder holding datapackage.json (default: the book's data/)")
    validate.set_defaults(run=_validate)

    notebooks = commands.add_parser("notebooks", help="execute the notebooks whose inputs changed")
    notebooks.add_argument("paths", nargs="*", help="notebooks to consider (default: notebooks/*.ipynb)")
    notebooks.add_argument("--check", action="store_true", help="only list stale notebooks; exit 1 if any")
    notebooks.add_argument("--force", action="store_true", help="execute even if nothing changed")
    notebooks.set_defaults(run=_notebooks)

    args = parser.parse_args(argv)
    return args.run(args)
