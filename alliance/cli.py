"""Command line: ``python -m alliance validate | network-measures`` (the book's tooling, such as
re-executing notebooks, is ``python -m bookkit``)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


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


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m alliance``."""
    parser = argparse.ArgumentParser(prog="python -m alliance", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    validate = commands.add_parser("validate", help="check a data directory against datapackage.json")
    validate.add_argument("data_dir", nargs="?", default=None,
                          help="folder holding datapackage.json (default: the book's data/)")
    validate.set_defaults(run=_validate)

    measures = commands.add_parser("network-measures",
                                   help="degree, eigenvector and betweenness centrality of every state-year")
    measures.add_argument("dyad_years", help="dyad-year alliance file (.csv or .csv.gz): ccode1, ccode2, year, "
                                             "then 0/1 obligation columns")
    measures.add_argument("-o", "--output", required=True, help="CSV file to write")
    measures.set_defaults(run=_network_measures)

    args = parser.parse_args(argv)
    return args.run(args)
