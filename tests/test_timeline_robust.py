"""The timeline chapter degrades, never crashes: executed on a throwaway copy of the book whose
events table has grown by a year of labelled events and then ten-fold, it still runs, every
figure keeps its text >= 9 pt, the overview's caption says how many milestones lost their label,
and the book still builds strictly."""

from __future__ import annotations

import calendar
import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import repo_copy

pytestmark = pytest.mark.slow

#: One category per day, in turn, so that every lane (the 2+2 lane too) gets crowded.
CATEGORIES = ["treaty", "law", "policy_document", "defence_guidelines", "leaders_summit", "two_plus_two",
              "forces_basing", "command_control", "defence_industry", "crisis_incident", "exercise", "minilateral"]


def grown_events(rows: list[dict[str, str]], copies: int = 10) -> list[dict[str, str]]:
    """The events plus one labelled event a day for the year before the latest (the data may not
    run past the day they are validated), all of it repeated ``copies`` times (new ids, same
    dates): a fixture, never committed."""
    year = max(int(r["date"][:4]) for r in rows) - 1
    days = [f"{year}-{m:02d}-{d:02d}" for m in range(1, 13) for d in range(1, calendar.monthrange(year, m)[1] + 1)]
    year_rows = [{**rows[0], "id": f"test-day-{i:03d}", "date": day, "date_precision": "day",
                  "title": f"Test event of {day}", "category": CATEGORIES[i % len(CATEGORIES)],
                  "actors": "USA;JPN", "place": "Tokyo", "label": f"Test milestone {i:03d}",
                  "summary": "A made-up event that crowds the charts."} for i, day in enumerate(days)]
    base = rows + year_rows
    return base + [{**r, "id": f"{r['id']}-copy-{k}"} for k in range(1, copies) for r in base]


def _figure_outputs(notebook: Path) -> list[dict]:
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    outputs = [o for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o["output_type"] == "error"]
    return [o["metadata"]["alliance"] for o in outputs if "alliance" in o.get("metadata", {})]


def test_the_timeline_chapter_runs_on_a_grown_events_table(tmp_path):
    repo = repo_copy(tmp_path / "repo")
    path = repo / "data" / "events.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields, rows = reader.fieldnames, list(reader)
    grown = grown_events(rows)
    crowded_year = max(int(r["date"][:4]) for r in rows) - 1
    assert len(grown) == 10 * (len(rows) + (366 if calendar.isleap(crowded_year) else 365))
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(grown)
    run = subprocess.run([sys.executable, "-m", "bookkit", "notebooks", "--force", "notebooks/01_timeline.ipynb",
                          "notebooks/chronology.ipynb"], cwd=repo, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    figures = _figure_outputs(repo / "notebooks" / "01_timeline.ipynb")
    assert len(figures) == 4
    assert all(f["min_font_pt"] >= 9 and f["design_width_px"] <= 680 for f in figures)
    overview = next(f for f in figures if f["name"] == "fig-timeline-overview")
    assert "left unlabelled for lack of room" in overview["caption"]
    assert str(len(grown)) in overview["alt"]
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    build = subprocess.run([str(jupyter_book), "build", ".", "--all", "-W", "-n", "--keep-going", "--quiet"],
                           cwd=repo, capture_output=True, text=True)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    page = repo / "_build" / "html" / "notebooks" / "01_timeline.html"
    assert "left unlabelled for lack of room" in page.read_text(encoding="utf-8")
