"""The timeline chapter's interactive charts: what the hover says, from hand-made data, and that
data strings stay text in the page."""

from __future__ import annotations

import pandas as pd

from alliance import timeline
from alliance.figures import interactive as ix
from alliance.figures import timeline as figures

HOSTILE = '</script><script>window.__xss=1</script><img src=x onerror="window.__xss=2">'


def _events():
    rows = [("t-1951", "1951-09-08", "day", "treaty", "Security Treaty"),
            ("l-1955", "1955", "year", "law", ""),
            ("s-1960", "1960-01", "month", "two_plus_two", ""),
            ("t-1960", "1960-01-19", "day", "treaty", "Revised treaty"),
            ("m-1991", "1991-04-26", "day", "crisis_incident", ""),
            ("n-2013", "2013-12-17", "day", "policy_document", HOSTILE),
            ("q-2021", "2021-03-12", "day", "minilateral", ""),
            ("q-2021b", "2021-06-01", "day", "minilateral", "")]
    return pd.DataFrame([{"id": i, "date": d, "date_precision": p, "category": c, "label": lab, "title": f"Title {i}",
                          "actors": "USA;JPN", "place": "", "summary": "S", "source_title": f"Source of {i}",
                          "source_url": "https://www.mofa.go.jp/a/b.html"} for i, d, p, c, lab in rows])


ERAS = pd.DataFrame({"id": ["basing-treaty", "guidelines-and-ceiling", "collective-self-defence"],
                     "name": ["A", "B", "C"], "start_event": ["t-1951", "m-1991", "n-2013"]})


def test_overview_hover_tells_date_title_kind_and_source():
    events = _events()
    events.loc[events["id"] == "s-1960", "title"] = HOSTILE
    chart = figures.overview_interactive(events, ERAS, "alt text")
    traces = chart.views[""].data
    assert len(traces) == 3 * len(figures.LANES)  # one trace per lane in each of the three panels
    hovers = [h for t in traces for h in t["hovertext"]]
    assert len(hovers) == len(events)
    assert "January 1960<br>&lt;/script&gt;&lt;script&gt;" in " ".join(hovers)
    assert ("8 September 1951<br>Title t-1951<br>Treaty<br>Source: Source of t-1951<br>"
            "www.mofa.go.jp (linked in the chronology)") in hovers
    assert any(h.startswith("1955<br>Title l-1955<br>Law<br>") for h in hovers)
    assert [c.names for c in chart.controls] == [list(figures.LANES)]


def test_overview_names_the_milestones_as_text():
    chart = figures.overview_interactive(_events(), ERAS, "alt text")
    texts = [n["text"] for n in chart.views[""].layout["annotations"] if not n["text"].startswith("era ")]
    assert sorted(texts) == sorted(["Security Treaty", "Revised treaty", ix.hover(HOSTILE)])
    page = ix.chart_html(chart)
    assert "<img" not in page and "</script><script>window" not in page


def test_events_per_year_hover_counts_by_category():
    events = _events()
    chart = figures.per_year_interactive(events, timeline.era_spans(ERAS, events), "alt text")
    bars = chart.views[""].data[0]
    assert bars["x"][0] == 1951.5 and len(bars["x"]) == 2021 - 1951 + 1
    by_year = dict(zip([x - 0.5 for x in bars["x"]], bars["hovertext"], strict=True))
    assert by_year[1960] == "1960: 2 recorded events<br>Treaty: 1<br>2+2 meeting: 1"
    assert by_year[2021] == "2021: 2 recorded events<br>Minilateral: 2"
    assert by_year[1952] == "1952: 0 recorded events"
    assert bars["y"][bars["x"].index(1960.5)] == 2
