"""Command line: ``python -m alliance validate | notebooks | network-measures | agreements``."""

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


def _network_measures(args: argparse.Namespace) -> int:
    import os

    # One BLAS thread, set before numpy loads: the matrices are small (under 200 rows), and on a
    # busy two-core machine spinning BLAS threads made the command 3-10 times slower.
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")
    from alliance.centrality import dyad_year_measures, write_measures

    try:
        rows = dyad_year_measures(args.dyad_years)
    except (OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    write_measures(rows, args.output)
    years = sorted({row.year for row in rows})
    span = f", {years[0]}-{years[-1]}" if years else ""
    print(f"Wrote {len(rows)} state-years ({len(years)} years with alliances{span}) to {args.output}.")
    return 0


def _agreements(args: argparse.Namespace) -> int:
    """Print the agreements tracker (see :mod:`alliance.agreements`), after checking the options
    against the validated data; a bad option is one line on stderr saying what to write instead."""
    import datetime as dt

    from alliance import agreements
    from alliance.data import DataError, load

    try:
        instruments, countries = load("instruments", args.data_dir), load("countries", args.data_dir)
    except DataError as error:
        print(error, file=sys.stderr)
        return 1
    try:
        on = dt.date.fromisoformat(args.as_of) if args.as_of else agreements.latest_date(instruments)
    except ValueError:
        print(f"error: --as-of {args.as_of!r} is not a calendar date: write YYYY-MM-DD, for example "
              f"{agreements.latest_date(instruments).isoformat()}", file=sys.stderr)
        return 2
    table = agreements.tracker_table(instruments, countries, on)
    if args.partner is not None:
        code = args.partner.upper()
        known = sorted(set(";".join(agreements.tracker_table(instruments, countries, dt.date.max)["partner_codes"])
                           .split(";")))
        if code not in known:
            print(f"error: --partner {args.partner!r} is not one of Japan's partners in the data: write an "
                  f"ISO3 code, one of {', '.join(known)}", file=sys.stderr)
            return 2
        table = table[table["partner_codes"].str.split(";").map(lambda codes: code in codes)]
    if args.kind is not None:
        if args.kind not in agreements.KIND_LABELS:
            print(f"error: --kind {args.kind!r} is not a kind of agreement: write one of "
                  f"{', '.join(agreements.KIND_LABELS)}", file=sys.stderr)
            return 2
        table = table[table["kind_code"] == args.kind]
    if args.format == "csv":
        sys.stdout.write(table.to_csv(index=False, lineterminator="\n"))
    elif args.format == "json":
        sys.stdout.write(agreements.tracker_json(table, on))
    else:
        print(f"Japan's security agreements signed by {on.isoformat()}, status on that day: {len(table)}")
        if len(table):
            shown = table[["signed", "partners", "kind", "title", "status"]]
            shown.columns = ["Signed", "Partners", "Kind", "Title", "Status"]
            print(shown.to_string(index=False, justify="left"))
    return 0


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

    measures = commands.add_parser("network-measures",
                                   help="degree, eigenvector and betweenness centrality of every state-year")
    measures.add_argument("dyad_years", help="dyad-year alliance file (.csv or .csv.gz): ccode1, ccode2, year, "
                                             "then 0/1 obligation columns")
    measures.add_argument("-o", "--output", required=True, help="CSV file to write")
    measures.set_defaults(run=_network_measures)

    tracker = commands.add_parser("agreements", help="Japan's security agreements and their status on a date")
    tracker.add_argument("--as-of", help="day of the status, YYYY-MM-DD (default: the latest date in the data)")
    tracker.add_argument("--partner", help="only agreements with this partner (ISO3 code, for example PHL)")
    tracker.add_argument("--kind", help="only this kind of agreement (for example acsa, reciprocal_access_agreement)")
    tracker.add_argument("--format", choices=["table", "csv", "json"], default="table", help="output (default: table)")
    tracker.add_argument("--data-dir", default=None, help="folder holding datapackage.json (default: the book's data/)")
    tracker.set_defaults(run=_agreements)

    args = parser.parse_args(argv)
    return args.run(args)
