"""alliance.timeline on small hand-made tables whose answers are worked out by hand."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from alliance import timeline
from alliance.data import load
from conftest import DATA


def _events(rows):
    """Hand-made events: (id, date, precision, category[, summary])."""
    records = []
    for row in rows:
        ident, date, precision, category, *rest = row
        records.append({"id": ident, "date": date, "date_precision": precision, "category": category,
                        "title": f"Title {ident}", "label": "", "place": "Tokyo",
                        "summary": rest[0] if rest else f"Summary of {ident}",
                        "source_title": "S", "source_url": "https://www.mofa.go.jp/"})
    return pd.DataFrame.from_records(records)


EVENTS = _events([
    ("a", "1951-09-08", "day", "treaty"),
    ("b", "1955", "year", "law"),
    ("c", "1960-01-19", "day", "treaty"),
    ("d", "1960-01", "month", "two_plus_two"),
    ("e", "1970-06-23", "day", "two_plus_two"),
    ("f", "1972-05-15", "day", "two_plus_two"),
])
ERAS = pd.DataFrame({"id": ["first", "second"], "name": ["First", "Second"], "start_event": ["a", "c"]})


@pytest.mark.parametrize(
    ("date", "precision", "text"),
    [("1951-09-08", "day", "8 September 1951"), ("2007-05", "month", "May 2007"), ("2001", "year", "2001")],
)
def test_format_date_keeps_the_precision(date, precision, text):
    assert timeline.format_date(date, precision) == text


def test_with_dates_sorts_by_first_day_then_id():
    dated = timeline.with_dates(EVENTS.iloc[::-1])
    assert dated["id"].tolist() == ["a", "b", "d", "c", "e", "f"]  # 1960-01 (d) starts on 1 January
    assert dated["year"].tolist() == [1951, 1955, 1960, 1960, 1970, 1972]


def test_in_window_includes_both_ends():
    assert timeline.in_window(EVENTS, "1960-01-01", "1970-06-23")["id"].tolist() == ["d", "c", "e"]
    assert timeline.in_window(EVENTS, "1960-01-02", "1970-06-22")["id"].tolist() == ["c"]


def test_era_spans_end_the_day_before_the_next_era():
    spans = timeline.era_spans(ERAS, EVENTS)
    assert spans["start"].tolist() == [pd.Timestamp("1951-09-08"), pd.Timestamp("1960-01-19")]
    assert spans["end"].iloc[0] == pd.Timestamp("1960-01-18")
    assert pd.isna(spans["end"].iloc[1])


def test_era_spans_refuse_unknown_or_simultaneous_starts():
    with pytest.raises(ValueError, match="unknown events: zz"):
        timeline.era_spans(ERAS.assign(start_event=["a", "zz"]), EVENTS)
    with pytest.raises(ValueError, match="same day"):
        timeline.era_spans(ERAS.assign(start_event=["a", "a"]), EVENTS)


def test_assign_eras_uses_the_first_day_and_takes_subsets():
    spans = timeline.era_spans(ERAS, EVENTS)
    eras = timeline.assign_eras(EVENTS, spans)
    assert eras.to_dict() == {"a": "first", "b": "first", "d": "first", "c": "second", "e": "second", "f": "second"}
    early = _events([("z", "1950", "year", "law")])
    assert pd.isna(timeline.assign_eras(early, spans)["z"])


def test_counts_by_era():
    spans = timeline.era_spans(ERAS, EVENTS)
    counts = timeline.counts_by_era(EVENTS, spans, ["treaty", "law", "two_plus_two", "exercise"])
    assert counts[["treaty", "law", "two_plus_two", "exercise", "total"]].to_numpy().tolist() == [
        [1, 1, 1, 0, 3], [1, 0, 2, 0, 3]]
    # first era: 1951-09-08 .. 1960-01-18 inclusive = 3055 days
    assert counts["years"].iloc[0] == pytest.approx(3055 / 365.25)
    # open last era measured to the latest event: 1960-01-19 .. 1972-05-15 = 4501 days
    assert counts["per_year"].iloc[1] == pytest.approx(3 / (4501 / 365.25))


def test_events_per_year_fills_empty_years():
    per_year = timeline.events_per_year(EVENTS, last=1973)
    assert per_year.loc[1951] == 1 and per_year.loc[1960] == 2 and per_year.loc[1973] == 0
    assert per_year.index.tolist() == list(range(1951, 1974))
    assert per_year.sum() == len(EVENTS)


def test_meeting_gaps_need_day_precision():
    with pytest.raises(ValueError, match="not dated to the day: d"):
        timeline.meeting_gaps(EVENTS)
    gaps = timeline.meeting_gaps(EVENTS[EVENTS["id"] != "d"])
    assert gaps["id"].tolist() == ["e", "f"]
    assert pd.isna(gaps["gap_days"].iloc[0])
    assert gaps["gap_days"].iloc[1] == 692  # 1970-06-23 -> 1972-05-15
    assert gaps["previous"].iloc[1] == "e"


def test_first_and_latest():
    first, latest = timeline.first_and_latest(EVENTS, "treaty")
    assert (first["id"], latest["id"]) == ("a", "c")
    with pytest.raises(ValueError):
        timeline.first_and_latest(EVENTS, "exercise")


def test_chain_intervals():
    chain = timeline.chain_intervals(EVENTS, ["a", "c", "f"])
    days = (pd.Timestamp("1960-01-19") - pd.Timestamp("1951-09-08")).days
    assert chain["years_to_next"].iloc[0] == pytest.approx(days / 365.25)
    assert pd.isna(chain["years_to_next"].iloc[-1])
    with pytest.raises(ValueError, match="not in date order"):
        timeline.chain_intervals(EVENTS, ["c", "a"])
    with pytest.raises(ValueError, match="unknown events: nope"):
        timeline.chain_intervals(EVENTS, ["a", "nope"])


def test_label_levels_known_answers():
    # [0,4) and [2,5) overlap -> two levels; [4,6) fits after the first; [5,7) after the second
    assert timeline.label_levels([0, 2, 4, 5], [4, 3, 2, 2], 3) == [0, 1, 0, 1]
    assert timeline.label_levels([5, 0], [1, 1], 1) == [0, 0]  # order of input does not matter
    with pytest.raises(ValueError, match="not enough"):
        timeline.label_levels([0, 1, 2], [5, 5, 5], 2)


def test_topic_mentions_are_case_insensitive():
    events = _events([("x", "2000", "year", "law", "Talks on OKINAWA bases"), ("y", "2001", "year", "law", "China")])
    table = timeline.topic_mentions(events, {"Okinawa": ["okinawa"], "China": ["china", "prc"]})
    assert table.to_dict() == {"Okinawa": {"x": True, "y": False}, "China": {"x": False, "y": True}}


def test_chronology_escapes_data_and_groups_by_era():
    events = EVENTS.copy()
    events.loc[0, "title"] = "<script>alert(1)</script> & {glue}`x`"
    events.loc[0, "source_url"] = 'https://www.mofa.go.jp/"onmouseover="x'
    spans = timeline.era_spans(ERAS, events)
    page = timeline.chronology_html(events, spans, {"treaty": "Treaty"})
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in page
    assert '"onmouseover' not in page
    assert page.index("<h2 id=\"era-first\">First</h2>") < page.index("8 September 1951") < page.index(
        "<h2 id=\"era-second\">Second</h2>")
    assert "January 1960" in page and "1955:" in page
    assert page.count("<dt") == len(events)


def test_category_labels_cover_the_schema_enum():
    descriptor = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    events = next(r for r in descriptor["resources"] if r["name"] == "events")
    enum = next(f for f in events["schema"]["fields"] if f["name"] == "category")["constraints"]["enum"]
    assert list(timeline.CATEGORY_LABELS) == enum


def test_adding_one_row_changes_the_counts_the_chapter_reports(data_copy):
    """What a forker sees: one more 2+2 row moves the chapter's counts."""
    before_events = load("events", data_copy)
    spans = timeline.era_spans(load("eras", data_copy), before_events)
    before = timeline.counts_by_era(before_events, spans, list(timeline.CATEGORY_LABELS))
    with open(data_copy / "events.csv", "a", encoding="utf-8") as fh:
        fh.write("scc-2026-01-02,2026-01-02,day,A test 2+2,two_plus_two,USA;JPN,Tokyo,,Test row.,"
                 "Ministry of Defense of Japan,https://www.mod.go.jp/\n")
    after_events = load("events", data_copy)
    after = timeline.counts_by_era(after_events, spans, list(timeline.CATEGORY_LABELS))
    assert after["total"].sum() == before["total"].sum() + 1
    assert after["two_plus_two"].iloc[-1] == before["two_plus_two"].iloc[-1] + 1
    assert len(timeline.meeting_gaps(after_events)) == len(timeline.meeting_gaps(before_events)) + 1
    assert timeline.events_per_year(after_events).index.max() == 2026


def test_scc_meetings_are_the_bilateral_two_plus_twos():
    events = _events([("u", "2000-01-01", "day", "two_plus_two"), ("v", "2001-01-01", "day", "two_plus_two"),
                      ("w", "2002-01-01", "day", "law")])
    events.loc[:, "actors"] = ["USA;JPN", "JPN;AUS", "USA;JPN"]
    assert timeline.scc_meetings(events)["id"].tolist() == ["u"]
