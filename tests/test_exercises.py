"""The exercises page: at least three exercises per chapter, each with a hidden solution, and
every solution's Python code runs against the current data (so no answer goes stale)."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT

PAGE = (ROOT / "book" / "exercises.md").read_text(encoding="utf-8")
SETUP = re.search(r"```python\n(.*?)```", PAGE, re.DOTALL).group(1)
SOLUTIONS = re.findall(r"````\{solution\} (\S+)\n(.*?)\n````", PAGE, re.DOTALL)


def test_every_chapter_has_at_least_three_exercises_with_solutions():
    labels = re.findall(r"```\{exercise\}.*\n:label: (\S+)", PAGE)
    chapters = {label.split("-")[1] for label in labels}
    assert chapters == {"timeline", "network", "spending"}
    for chapter in chapters:
        assert sum(label.split("-")[1] == chapter for label in labels) >= 3, chapter
    assert sorted(label for label, _ in SOLUTIONS) == sorted(labels)
    assert all(":class: dropdown" in body for _, body in SOLUTIONS)  # hidden until opened


@pytest.mark.parametrize(("label", "body"), SOLUTIONS, ids=[label for label, _ in SOLUTIONS])
def test_each_solution_runs(label, body, capsys):
    blocks = re.findall(r"```python\n(.*?)```", body, re.DOTALL)
    namespace: dict[str, object] = {}
    exec(compile(SETUP, "setup", "exec"), namespace)
    for block in blocks:
        exec(compile(block, label, "exec"), namespace)
    if blocks:
        assert capsys.readouterr().out.strip(), f"{label} prints nothing"


def test_the_2_plus_2_solution_names_both_meetings_of_the_longest_gap(capsys):
    """Recomputed from the CSV with the standard library: the U.S.-Japan 2+2 meetings in date
    order, the longest gap ending in 2000 or later, and the two meetings either side of it."""
    import csv
    import datetime as dt
    import itertools

    with open(ROOT / "data" / "events.csv", encoding="utf-8", newline="") as fh:
        meetings = sorted((dt.date.fromisoformat(r["date"]), r["id"]) for r in csv.DictReader(fh)
                          if r["category"] == "two_plus_two" and sorted(r["actors"].split(";")) == ["JPN", "USA"])
    pairs = [(later[0] - earlier[0], earlier[1], later[1])
             for earlier, later in itertools.pairwise(meetings) if later[0].year >= 2000]
    _, before, after = max(pairs)
    body = dict(SOLUTIONS)["ex-timeline-gaps"]
    namespace: dict[str, object] = {}
    exec(compile(SETUP, "setup", "exec"), namespace)
    for block in re.findall(r"```python\n(.*?)```", body, re.DOTALL):
        exec(compile(block, "ex-timeline-gaps", "exec"), namespace)
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert f"between {before} and {after}" in last, f"the answer line {last!r} should name {before} and {after}"
