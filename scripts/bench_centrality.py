"""Time the alliance-network centralities: a plain networkx loop against ``network-measures``.

Usage: ``.venv/bin/python scripts/bench_centrality.py [DYAD_YEAR_FILE]`` (default: ATOP v5.1,
directed dyad-years). Prints a markdown table of medians of three runs:

* (a) the plain networkx loop over every year, in this process, on edge sets read beforehand:
  build the graph, ``degree_centrality``, ``betweenness_centrality``,
  ``eigenvector_centrality_numpy`` on the largest component (:func:`alliance.centrality.graph_measures`);
* (b) ``python -m alliance network-measures FILE -o OUT`` as a subprocess: wall time including
  interpreter start, imports, reading the file and writing the CSV;
* (c) for comparison with (a), the fast engine alone in this process (:func:`state_centralities_by_year`
  on the same edge sets).

The machine is shared, so timings vary from run to run; the load average is printed with them.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import numpy as np

from alliance.centrality import graph_measures, read_dyad_years, state_centralities_by_year

ROOT = Path(__file__).resolve().parent.parent
ATOP = Path(__file__).resolve().parent.parent / "data" / "world" / "atop_v5.1_directed_dyad_year_all_states.csv.gz"
RUNS = 3


def median_time(run: Callable[[], object], runs: int = RUNS) -> tuple[float, list[float]]:
    """Median and all wall times (seconds) of ``runs`` calls of ``run``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def networkx_loop(edges_by_year: dict[int, frozenset[tuple[int, int]]]) -> int:
    """(a): every year with networkx; returns the number of state-years (so nothing is skipped)."""
    count = 0
    for year in sorted(edges_by_year):
        if edges_by_year[year]:
            count += len(graph_measures(nx.Graph(list(edges_by_year[year]))))
    return count


def cli(path: Path, out: Path) -> None:
    """(b): the command line as a subprocess; fail loudly if it fails."""
    result = subprocess.run([sys.executable, "-m", "alliance", "network-measures", str(path), "-o", str(out)],
                            capture_output=True, text=True, cwd=ROOT)
    if result.returncode != 0:
        raise SystemExit(f"network-measures failed:\n{result.stderr}")


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else ATOP
    edges_by_year = read_dyad_years(path)
    rows = state_centralities_by_year(edges_by_year)
    assert networkx_loop(edges_by_year) == len(rows)  # same state-years (also warms networkx up)

    loop, loop_all = median_time(lambda: networkx_loop(edges_by_year))
    engine, engine_all = median_time(lambda: state_centralities_by_year(edges_by_year))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "measures.csv"
        command, command_all = median_time(lambda: cli(path, out))
        written = len(out.read_text(encoding="utf-8").splitlines()) - 1

    def shown(times: list[float]) -> str:
        return ", ".join(f"{t:.2f}" for t in times)

    print(f"File: `{path.name}`: {len(edges_by_year)} years, {sum(map(len, edges_by_year.values())):,} "
          f"edge-years, {written:,} state-years written.")
    print(f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, numpy {np.__version__}, "
          f"networkx {nx.__version__}; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}.")
    print()
    print(f"| What (median of {RUNS}) | Seconds | Runs |")
    print("|---|---:|---|")
    print(f"| (a) networkx loop over every year (in process, data already read) | {loop:.2f} | {shown(loop_all)} |")
    print(f"| (b) `python -m alliance network-measures` (subprocess, all included) | {command:.2f} | "
          f"{shown(command_all)} |")
    print(f"| (c) fast engine alone (in process, same input as a) | {engine:.2f} | {shown(engine_all)} |")


if __name__ == "__main__":
    main()
