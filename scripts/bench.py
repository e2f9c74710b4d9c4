"""Time the book's commands in one run and write benchmarks/results.md (``make bench``).

Everything runs in a throwaway copy of the working tree with this checkout's ``.venv`` (so the
timings exclude installation, and the one-row CSV edit never touches the real data):

* cold build: ``make book`` after removing ``_build``;
* no-change ``make book``;
* ``make test``; nbval alone; the unit and data tests alone (``-m "not slow"``, notebooks
  excluded);
* the floor: executing the same notebooks with nbclient alone, one after the other, in one process;
* ``make book`` after appending one row to ``data/events.csv``;
* ``make site`` on a throwaway clone with two release tags and dev, the browser suite alone,
  and the weight of the heaviest page of the built site (HTML plus what it loads);
* the world alliance network's yearly centralities: a plain networkx loop against
  ``python -m alliance network-measures`` (``scripts/bench_centrality.py``).

Runs on a shared two-core machine vary by a second or two, so every command but the cold build
and the edit is timed three times and the median is reported.
"""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(sys.prefix)  # the virtual environment running this script (not its base interpreter)
PYTHON = VENV / "bin" / "python"
IGNORE = shutil.ignore_patterns(".venv", "_build", "site", ".git", "node_modules", "__pycache__", "test-artifacts")
FLOOR = """
import sys, nbformat
from nbclient import NotebookClient
for path in sys.argv[1:]:
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, kernel_name="python3", record_timing=False,
                   resources={"metadata": {"path": "notebooks"}}).execute()
"""


def timed(args: list[str], cwd: Path) -> float:
    """Run a command; return its wall time in seconds (fail loudly if it fails)."""
    start = time.perf_counter()
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True,
                            env={**os.environ, "PYTHONHASHSEED": "0"})
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return elapsed


def page_weights(html_root: Path) -> list[tuple[int, str]]:
    """(bytes, page) for every page: the HTML plus the local scripts, styles and images it loads."""
    from bs4 import BeautifulSoup

    weights = []
    for page in html_root.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        refs = [t.get("src") for t in soup.find_all(["script", "img"])]
        refs += [t.get("href") for t in soup.find_all("link") if "stylesheet" in t.get("rel", [])]
        total = page.stat().st_size
        for ref in {r.split("?")[0].split("#")[0] for r in refs if r and not r.startswith(("http", "data:"))}:
            target = (page.parent / ref).resolve()
            if target.is_file():
                total += target.stat().st_size
        weights.append((total, page.relative_to(html_root).as_posix()))
    return sorted(weights, reverse=True)


def throwaway_repo_with_two_tags(base: Path) -> Path:
    """A clone with v0.1.0, v0.2.0 (a changelog line later) and a further dev commit."""
    repo = base / "repo"
    subprocess.run(["git", "clone", "-q", "--no-tags", str(ROOT), str(repo)], check=True)
    env = {**os.environ, "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@example.org",
           "GIT_COMMITTER_NAME": "b", "GIT_COMMITTER_EMAIL": "b@example.org"}
    for tag in ("v0.1.0", "v0.2.0", None):
        if tag != "v0.1.0":
            with open(repo / "CHANGELOG.md", "a", encoding="utf-8") as fh:
                fh.write(f"\n- bench line before {tag or 'dev'}\n")
            subprocess.run(["git", "-C", str(repo), "commit", "-qam", f"bench {tag}"], check=True, env=env)
        if tag:
            subprocess.run(["git", "-C", str(repo), "tag", tag], check=True)
    return repo


def median_of_three(args: list[str], cwd: Path) -> float:
    """Median wall time of three runs of a command."""
    return statistics.median(timed(args, cwd) for _ in range(3))


def main() -> None:
    make = ["make", f"VENV={VENV}", "-o", str(VENV / ".installed")]
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "book"
        shutil.copytree(ROOT, copy, ignore=IGNORE)
        notebooks = sorted(str(p.relative_to(copy)) for p in (copy / "notebooks").glob("*.ipynb"))
        rows: list[tuple[str, float]] = []
        rows.append(("cold build (`make book`, no `_build`)", timed([*make, "book"], copy)))
        rows.append(("no-change `make book` (median of 3)", median_of_three([*make, "book"], copy)))
        test = median_of_three([*make, "test"], copy)
        rows.append(("`make test` (median of 3)", test))
        no_browser = median_of_three([str(PYTHON), "-m", "pytest", "-q", "-n", "2", "--dist", "loadfile",
                                      "--no-loadscope-reorder", "--ignore=tests/browser"], copy)
        rows.append(("the same tests without the browser suite (median of 3)", no_browser))
        rows.append(("nbval alone (`pytest notebooks`, median of 3)",
                     median_of_three([str(PYTHON), "-m", "pytest", "-q", "notebooks"], copy)))
        unit = median_of_three([str(PYTHON), "-m", "pytest", "-q", "-m", "not slow", "tests"], copy)
        rows.append(("unit and data tests alone (`-m 'not slow'`, median of 3)", unit))
        floor = median_of_three([str(PYTHON), "-c", FLOOR, *notebooks], copy)
        rows.append(("floor: the notebooks executed by nbclient alone (median of 3)", floor))
        with open(copy / "data" / "events.csv", "a", encoding="utf-8") as fh:
            fh.write("bench-row-2026,2026,year,Benchmark row,exercise,USA;JPN,,,Benchmark edit.,"
                     "Ministry of Defense of Japan,https://www.mod.go.jp/\n")
        rows.append(("`make book` after a one-row CSV edit", timed([*make, "book"], copy)))
        repo = throwaway_repo_with_two_tags(Path(tmp))
        site = Path(tmp) / "site"
        rows.append(("`make site`: 2 release tags + dev, throwaway clone",
                     timed([str(PYTHON), str(ROOT / "scripts" / "build_site.py"), "--repo", str(repo),
                            "--out", str(site)], ROOT)))
        browser = timed([str(PYTHON), "-m", "pytest", "-q", "-p", "no:xdist", "tests/browser"], copy)
        rows.append(("browser suite alone (`pytest tests/browser`)", browser))
        heaviest_bytes, heaviest_page = page_weights(site / "v0.2.0")[0]

    world = subprocess.run([str(PYTHON), str(ROOT / "scripts" / "bench_centrality.py")], capture_output=True,
                           text=True, check=True, cwd=ROOT).stdout.strip()
    target = 1.3 * floor + unit
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (scripts/bench.py); wall-clock seconds, one run unless noted,",
        f"on {os.cpu_count()} cores, Python {platform.python_version()}, {len(notebooks)} notebook(s).",
        "",
        "| what | seconds |",
        "|---|---:|",
        *(f"| {name} | {seconds:.2f} |" for name, seconds in rows),
        "",
        f"Heaviest page: `{heaviest_page}`, {heaviest_bytes / 1e6:.2f} MB with the scripts, styles and images "
        "it loads (fonts and the search index load on demand).",
        "",
        f"Target: `make test` <= 1.3 x floor + unit tests = {target:.2f} s; measured {test:.2f} s "
        f"({'met' if test <= target else 'NOT met'}). `make test` includes the browser suite (a site of three "
        f"editions built and checked in chromium, {browser:.2f} s on its own); the rest of the suite takes "
        f"{no_browser:.2f} s ({'met' if no_browser <= target else 'NOT met'}).",
        f"Target: no-change `make book` < 1 s; measured {rows[1][1]:.2f} s "
        f"({'met' if rows[1][1] < 1 else 'NOT met'}).",
        "",
        "## Centralities of the world alliance network (scripts/bench_centrality.py)",
        "",
        world,
        "",
        "Target: `python -m alliance network-measures` on the ATOP world file in at most 1.5 s, process start "
        "and loading included (row b).",
        "",
    ]
    out = ROOT / "benchmarks" / "results.md"
    out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
