"""Time the book's commands in one run and write benchmarks/results.md (``make bench``).

Everything runs in a throwaway clone of the committed HEAD with this checkout's ``.venv`` (so the
timings exclude installation, and the one-row CSV edit never touches the real data):

* cold build: ``make book`` after removing ``_build``;
* no-change ``make book``;
* ``make test``; nbval alone; the unit and data tests alone (``-m "not slow"``, notebooks
  excluded);
* the floor: executing the same notebooks with nbclient alone, one after the other, in one process;
* ``make book`` after appending one row to ``data/events.csv``;
* ``make site`` on a clean clone without tags (every release in ``releases.toml`` plus dev, each
  release with its PDF), cold and warm (editions from the cache), the PDF time per edition, the
  largest HTML pages of dev (bytes of the page alone) and the heaviest page with what it loads;
* the browser suite alone;
* freshness: how many notebooks a comment, or a new unused function, in each package module
  would make ``make notebooks`` re-execute;
* the world alliance network's yearly centralities: a plain networkx loop against
  ``python -m alliance network-measures`` (``scripts/bench_centrality.py``).

Runs on a shared two-core machine vary by a second or two, so every command but the cold build
and the edit is timed three times and the median is reported. ``--only tooling`` measures only
the site and freshness rows and prints them (benchmarks/results.md is left alone).
"""

from __future__ import annotations

import argparse
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


CHAPTER_PAGES = ["notebooks/00_data_overview", "notebooks/01_timeline", "notebooks/chronology",
                 "notebooks/02_partner_network", "notebooks/tracker", "notebooks/03_defence_spending",
                 "notebooks/claims"]


def reader_page_rows(html_root: Path) -> list[tuple[str, int, float]]:
    """(page, bytes, milliseconds) for each chapter page opened in Debian chromium: everything it
    loads when opened (HTML, styles, scripts, fonts, images in view, plotly.js), as gzip sends it,
    and the time to its load event (median of three loads), served on 127.0.0.1."""
    import functools
    import gzip
    import http.server
    import threading
    from urllib.parse import unquote, urlparse

    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(html_root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    rows = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                        args=["--headless", "--no-sandbox", "--disable-gpu"])
            for path in CHAPTER_PAGES:
                times, loaded = [], set()
                for _ in range(3):
                    page = browser.new_page(viewport={"width": 1280, "height": 900})
                    page.on("requestfinished", lambda request, loaded=loaded: loaded.add(request.url))
                    page.goto(f"{origin}/{path}.html", wait_until="load")
                    times.append(page.evaluate("() => performance.getEntriesByType('navigation')[0].loadEventEnd"))
                    page.wait_for_timeout(300)
                    page.close()
                files = {html_root / unquote(urlparse(u).path).lstrip("/") for u in loaded if u.startswith(origin)}
                size = sum(len(gzip.compress(f.read_bytes(), 6)) for f in files if f.is_file())
                rows.append((path, size, statistics.median(times)))
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return rows


def reader_page_lines(html_root: Path) -> list[str]:
    """The chapter pages' weights and load times as a Markdown table."""
    rows = reader_page_rows(html_root)
    return ["Chapter pages in chromium (1280 px): everything loaded when the page opens, gzipped, and the time to",
            "its load event (median of 3). Budget: the heaviest page at most 1.0 MB.", "",
            "| page | loaded (gzip, KB) | load (ms) |", "|---|---:|---:|",
            *(f"| `{path}` | {size / 1000:,.0f} | {ms:.0f} |" for path, size, ms in rows)]


def clean_clone(base: Path) -> Path:
    """A clone of this repository's committed history without tags, ``main`` at HEAD."""
    repo = base / "clone"
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True,
                          check=True).stdout.strip()
    subprocess.run(["git", "clone", "-q", "--no-tags", "--no-checkout", str(ROOT), str(repo)], check=True)
    subprocess.run(["git", "-C", str(repo), "checkout", "-q", "-B", "main", head], check=True)
    return repo


def html_weights(html_root: Path, top: int = 5) -> list[tuple[int, str]]:
    """(bytes, page) of the ``top`` largest HTML pages, the page file alone."""
    pages = sorted(((p.stat().st_size, p.relative_to(html_root).as_posix()) for p in html_root.rglob("*.html")),
                   reverse=True)
    return pages[:top]


def site_rows(base: Path) -> tuple[list[tuple[str, float]], list[str], Path]:
    """`make site` cold and warm on a clean clone: timing rows, notes (PDFs, cache), the site."""
    from bookkit.site import build_site

    repo = clean_clone(base)
    site, cache = base / "site", base / "cache"
    start = time.perf_counter()
    cold = build_site(repo, site, cache=cache, say=lambda _: None)
    cold_seconds = time.perf_counter() - start
    start = time.perf_counter()
    warm = build_site(repo, site, cache=cache, say=lambda _: None)
    warm_seconds = time.perf_counter() - start
    names = ", ".join(e.name for e in cold.editions)
    rows = [(f"`make site` cold: {names}, clean clone without tags, PDFs included", cold_seconds),
            ("`make site` warm (every edition from the cache)", warm_seconds)]
    rows += [(f"PDF of {r.name}: singlehtml printed by chromium ({r.pdf_pages} pages, {r.pdf_bytes / 1e6:.2f} MB)",
              r.pdf_seconds) for r in cold.results if r.pdf_pages]
    notes = [f"Warm run: {sum(r.cached for r in warm.results)} of {len(warm.results)} editions from the cache."]
    return rows, notes, site


def freshness_lines(base: Path) -> list[str]:
    """How many notebooks a comment, or a new unused function, in each module of ``alliance`` and
    ``bookkit`` would re-execute (on a copy of the working tree)."""
    from bookkit import notebooks

    copy = base / "freshness"
    shutil.copytree(ROOT, copy, ignore=IGNORE)
    rows = []
    for module in sorted([*(copy / "alliance").rglob("*.py"), *(copy / "bookkit").rglob("*.py")]):
        original = module.read_text(encoding="utf-8")
        counts = []
        for edited in (f"{original}\n# a comment\n", f"{original}\n\ndef _unused_bench_function():\n    return 1\n"):
            module.write_text(edited, encoding="utf-8")
            counts.append(sum(bool(notebooks.stale_reasons(p, copy)) for p in notebooks.find_notebooks(copy)))
        module.write_text(original, encoding="utf-8")
        rows.append((module.relative_to(copy).as_posix(), *counts))
    mean = sum(r[2] for r in rows) / len(rows)
    return [
        "| module | notebooks stale after a comment | after a new unused function |",
        "|---|---:|---:|",
        *(f"| `{name}` | {comment} | {function} |" for name, comment, function in rows),
        "",
        f"A comment stales {sum(r[1] for r in rows)} notebooks in all; a new unused function stales "
        f"{mean:.1f} notebooks on average (only the notebooks that import the module).",
    ]


def tooling_lines(base: Path) -> tuple[list[tuple[str, float]], list[str]]:
    """The site and freshness measurements, as timing rows and Markdown lines."""
    rows, notes, site = site_rows(base)
    weights = html_weights(site / "dev")
    heaviest_bytes, heaviest_page = page_weights(site / "dev")[0]
    lines = [
        *notes,
        "",
        "Largest HTML pages of dev (the page file alone; chart and table data are files beside it):",
        "",
        "| page | bytes |",
        "|---|---:|",
        *(f"| `{page}` | {size:,} |" for size, page in weights),
        "",
        f"Heaviest page with what it loads: `{heaviest_page}`, {heaviest_bytes / 1e6:.2f} MB (scripts, styles and "
        "images; fonts and the search index load on demand).",
        "",
        *reader_page_lines(site / "dev"),
        "",
        "## Freshness: notebooks re-executed after an edit of one module",
        "",
        *freshness_lines(base),
    ]
    return rows, lines


def median_of_three(args: list[str], cwd: Path) -> float:
    """Median wall time of three runs of a command."""
    return statistics.median(timed(args, cwd) for _ in range(3))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["tooling", "pages"],
                        help="measure only the site and freshness rows, or only the chapter pages of an HTML "
                             "build (--html); print them")
    parser.add_argument("--html", type=Path, default=ROOT / "_build" / "html", help="the HTML build for --only pages")
    args = parser.parse_args()
    if args.only == "pages":
        print("\n".join(reader_page_lines(args.html)))
        return
    if args.only:
        with tempfile.TemporaryDirectory() as tmp:
            rows, lines = tooling_lines(Path(tmp))
        print("\n".join([*(f"| {name} | {seconds:.2f} |" for name, seconds in rows), "", *lines]))
        return
    make = ["make", f"VENV={VENV}", "-o", str(VENV / ".installed")]
    with tempfile.TemporaryDirectory() as tmp:
        # a clone of the committed HEAD, history included: the release-record tests read it
        copy = Path(tmp) / "book"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(copy)], check=True)
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
        tooling_rows, tooling = tooling_lines(Path(tmp))
        rows += tooling_rows
        browser = timed([str(PYTHON), "-m", "pytest", "-q", "-p", "no:xdist", "tests/browser"], copy)
        rows.append(("browser suite alone (`pytest tests/browser`)", browser))

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
        *tooling,
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
