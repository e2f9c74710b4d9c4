"""alliance.timeline on small hand-made tables whose answers are worked out by hand."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from alliance import pages, timeline
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


def test_chain_intervals():
    chain = timeline.chain_intervals(EVENTS, ["a", "c", "f"])
    days = (pd.Timestamp("1960-01-19") - pd.Timestamp("1951-09-08")).days
    assert chain["years_to_next"].iloc[0] == pytest.approx(days / 365.25)
    assert pd.isna(chain["years_to_next"].iloc[-1])
    with pytest.raises(ValueError, match="not in date order"):
        timeline.chain_intervals(EVENTS, ["c", "a"])
    with pytest.raises(ValueError, match="unknown events: nope"):
        timeline.chain_intervals(EVENTS, ["a", "nope"])


def test_place_labels_known_answers():
    # one candidate each: [0,4) and [2,5) overlap -> two levels; [4,6) fits after the first; [5,7) after the second
    assert timeline.place_labels([[0], [2], [4], [5]], [4, 3, 2, 2], 3) == [(0, 0), (1, 0), (0, 0), (1, 0)]
    # labels are taken in the order given: [5,6) first, then [0,1) still fits beside it
    assert timeline.place_labels([[5], [0]], [1, 1], 1) == [(0, 0), (0, 0)]
    # ... and the order decides who loses: [0,5) then [3,8) -> the second goes up a level
    assert timeline.place_labels([[3], [0]], [5, 5], 2) == [(0, 0), (1, 0)]


def test_place_labels_leave_out_what_does_not_fit_instead_of_failing():
    # three labels [0,5), [1,6), [2,7) on two levels: the third overlaps both, so it gets None
    assert timeline.place_labels([[0], [1], [2]], [5, 5, 5], 2) == [(0, 0), (1, 0), None]
    # no level at all: nothing is placed, nothing fails
    assert timeline.place_labels([[0], [10]], [1, 1], 0) == [None, None]


def test_place_labels_try_the_other_side_before_a_higher_level():
    # [0,5) is placed; the second label's first candidate [3,8) overlaps it, its second [5,10)
    # does not, so it stays on level 0 rather than going up
    assert timeline.place_labels([[0], [3, 5]], [5, 5], 2) == [(0, 0), (0, 1)]
    # a label placed later may sit to the left of one placed earlier, if it fits between
    assert timeline.place_labels([[0], [20], [22, 10]], [5, 5, 5], 1) == [(0, 0), (0, 0), (0, 1)]
    # touching is allowed: [0,5) and [5,10)
    assert timeline.place_labels([[0], [5]], [5, 5], 1) == [(0, 0), (0, 0)]


def test_topic_mentions_are_case_insensitive():
    events = _events([("x", "2000", "year", "law", "Talks on OKINAWA bases"), ("y", "2001", "year", "law", "China")])
    table = timeline.topic_mentions(events, {"Okinawa": ["okinawa"], "China": ["china", "prc"]})
    assert table.to_dict() == {"Okinawa": {"x": True, "y": False}, "China": {"x": False, "y": True}}


def test_chronology_escapes_data_and_groups_by_era():
    events = EVENTS.copy()
    events.loc[0, "title"] = "<script>alert(1)</script> & {glue}`x`"
    events.loc[0, "source_url"] = 'https://www.mofa.go.jp/"onmouseover="x'
    spans = timeline.era_spans(ERAS, events)
    page = pages.chronology_html(events, spans, {"treaty": "Treaty"})
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


# --- the chapter's section functions, on hand-made data -------------------------------------------

SCC = _events([
    ("m9", "1968-12-23", "day", "two_plus_two", "Okinawa facilities and Vietnam."),
    ("m17", "1978-11-27", "day", "two_plus_two", "Approved the first Guidelines."),
    ("m20", "1995-09-27", "day", "two_plus_two", "Alliance reaffirmation."),
    ("n1", "1996-04-15", "day", "two_plus_two", "China and North Korea, deterrence."),
    ("n2", "2000-04-14", "day", "two_plus_two", "Regional situation."),
    ("au", "2007-06-06", "day", "two_plus_two", "With Australia."),
    ("n3", "2001-04-14", "day", "two_plus_two", "Command and control."),
    ("law", "1997-01-01", "day", "law"),
])
SCC["actors"] = ["USA;JPN"] * 5 + ["JPN;AUS", "USA;JPN", "JPN"]
SCC.loc[SCC["id"] == "m9", "title"] = "Security Consultative Committee (9th meeting)"
SCC.loc[SCC["id"] == "m17", "title"] = "Security Consultative Committee (17th meeting)"
SCC.loc[SCC["id"] == "m20", "title"] = "Security Consultative Committee (20th meeting), New York"
SCC_ERAS = pd.DataFrame({"id": ["old", "recent"], "name": ["Old", "Recent"], "start_event": ["m9", "n2"]})


def test_meeting_numbers_read_the_ordinal_in_the_title():
    numbers = timeline.meeting_numbers(SCC)
    assert numbers["m9"] == 9 and numbers["m20"] == 20 and pd.isna(numbers["n1"])


def test_scc_values_measure_intervals_only_from_the_highest_numbered_meeting():
    spans = timeline.era_spans(SCC_ERAS, SCC)
    values = timeline.scc_values(SCC, spans, recent_era="recent")
    # U.S.-Japan meetings: m9, m17, m20, n1, n2, n3 (au is with Australia, law is no meeting)
    assert values["n_scc"] == 6 and values["n_partner_two_plus_two"] == 1
    assert (values["highest_number"], values["highest_number_year"]) == (20, 1995)
    assert values["n_recorded_to_numbered"] == 3  # m9, m17, m20 of the first 20
    # measured: 1995-09-27 -> 1996-04-15 (201 days), -> 2000-04-14 (1460), -> 2001-04-14 (365)
    assert values["n_gaps_measured"] == 3
    assert values["longest_gap"] == round(1460 / 365.25, 1) == 4.0
    assert (values["longest_gap_from"], values["longest_gap_to"]) == ("15 April 1996", "14 April 2000")
    assert values["median_gap"] == round(365 / 365.25, 1)
    # recent era starts 2000-04-14: the intervals ending then and in 2001
    assert values["n_recent_scc"] == 2 and values["recent_longest_gap"] == 4.0
    assert values["latest_scc_date"] == "14 April 2001" and values["first_scc_year"] == 1968


def test_measured_gaps_without_numbers_start_at_the_first_meeting():
    plain = SCC.assign(title="A meeting")
    gaps = timeline.measured_gaps(plain)
    assert gaps["id"].tolist() == ["m17", "m20", "n1", "n2", "n3"]
    assert gaps["previous"].tolist() == ["m9", "m17", "m20", "n1", "n2"]


def test_record_summary_and_overview_values():
    values = timeline.record_summary(EVENTS, ERAS)
    assert values == {"n_events": 6, "n_eras": 2, "first_year": 1951, "last_year": 1972,
                      "n_day_precision": 4, "n_coarser": 2}
    labelled = SCC.assign(label=["", "", "", "", "", "", "", "L"])
    overview = timeline.overview_values(labelled, SCC_ERAS)
    assert (overview["n_two_plus_two"], overview["n_scc"], overview["n_partner_two_plus_two"]) == (7, 6, 1)
    assert overview["n_labelled"] == 1


def test_pace_values_and_era_table():
    spans = timeline.era_spans(ERAS, EVENTS)
    values = timeline.pace_values(EVENTS, spans)
    # 1951..1972 = 22 years; events in 1951, 1955, 1960 (two), 1970, 1972 -> 17 empty years
    assert (values["n_years"], values["years_without_events"]) == (22, 17)
    assert (values["busiest_years"], values["n_busiest_years"], values["busiest_year_events"]) == ("1960", 1, 2)
    tied = timeline.pace_values(EVENTS[EVENTS["id"] != "d"], spans)  # 1951, 1955, 1960, 1970, 1972: one each
    assert (tied["busiest_years"], tied["n_busiest_years"]) == ("1951, 1955, 1960, 1970 and 1972", 5)
    assert values["first_era_rate"] == round(3 / (3055 / 365.25), 1)
    # the open second era: c (19 January 1960), e and f, measured to the latest event (15 May 1972)
    days = (pd.Timestamp("1972-05-15") - pd.Timestamp("1960-01-19")).days + 1
    assert (values["last_era_events"], values["last_era_years"]) == (3, round(days / 365.25, 1))
    assert (values["last_era_from"], values["last_era_to"]) == ("19 January 1960", "15 May 1972")
    table = timeline.era_table(EVENTS, spans)
    assert table["first"].tolist() == ["1951", "1960"] and table["last"].tolist() == ["1960", "(open)"]
    assert table["total"].tolist() == [3, 3]
    # era 1 holds a treaty, a law and a 2+2 (tie: the kind listed first wins); era 2 two 2+2s
    assert table["main_kind"].tolist() == ["Treaty", "2+2 meeting"]


def test_subject_table_lists_what_each_summary_names():
    table = timeline.subject_table(SCC[SCC["id"].isin(["m9", "m20", "n1"])],
                                   {"Okinawa": ["okinawa"], "China": ["china"], "Korea": ["north korea"]})
    assert table.to_dict("list") == {
        "meeting": ["23 December 1968", "27 September 1995", "15 April 1996"],
        "subjects": ["Okinawa", "none of the lists", "China; Korea"]}
    assert timeline.topic_keywords({"China": ["china", "prc"]}) == 'China ("china", "prc")'


def test_essay_chain_marks_steps_after_the_essay_and_counts_each_once():
    chain = timeline.essay_chain(EVENTS, ["a", "c", "e", "f"], essay_event="e")
    assert chain["after_essay"].tolist() == [False, False, False, True]
    values = timeline.essay_values(EVENTS, chain, essay_event="e", not_counted="d")
    days = (pd.Timestamp("1972-05-15") - pd.Timestamp("1951-09-08")).days
    assert values["chain_steps"] == 4 and values["n_after_essay"] == 1
    assert values["chain_years"] == round(days / 365.25, 1)
    assert values["essay_meeting_date"] == "23 June 1970"
    assert (values["not_counted_title"], values["not_counted_date"]) == ("Title d", "January 1960")
    # the longest step: 1960-01-19 -> 1970-06-23
    assert values["longest_step_from"] == "Title c" and values["longest_step_to"] == "Title e"
    assert values["n_after_essay_steps"] == "1 step" and values["n_after_essay_postdate"] == "1 postdates"
    assert values["longest_step_note"] == "" and values["n_added_steps"] == 0


def test_essay_values_say_when_the_longest_pause_starts_at_a_step_the_book_added():
    # c is added by the book: its longest pause (c -> e, 10.4 years) starts there; among the
    # steps the essay names (a, e, f) the longest runs from a (1951) to e (1970).
    chain = timeline.essay_chain(EVENTS, ["a", "c", "e", "f"], essay_event="e", added=["c"])
    assert chain["added_by_book"].tolist() == [False, True, False, False]
    values = timeline.essay_values(EVENTS, chain, essay_event="e", not_counted="d")
    assert values["longest_step_note"].startswith("; it is measured from or to a step the book added")
    assert (values["n_named_steps"], values["n_added_steps"]) == (3, 1)
    days = (pd.Timestamp("1970-06-23") - pd.Timestamp("1951-09-08")).days
    assert values["named_longest_years"] == round(days / 365.25, 1)
    assert (values["named_longest_from"], values["named_longest_to"]) == ("Title a", "Title e")


@pytest.mark.parametrize(("n", "args", "text"), [(1, ("step",), "1 step"), (0, ("step",), "0 steps"),
                                                 (2, ("postdates", "postdate"), "2 postdate"),
                                                 (1, ("postdates", "postdate"), "1 postdates")])
def test_counted_agrees_in_number(n, args, text):
    assert timeline.counted(n, *args) == text


def test_the_chapter_s_essay_steps_and_topics_exist_in_the_data():
    events = load("events")
    assert set(timeline.ESSAY_STEPS) | {timeline.ESSAY_EVENT, timeline.ESSAY_NOT_COUNTED} <= set(events["id"])
    assert timeline.ESSAY_NOT_COUNTED not in timeline.ESSAY_STEPS
    assert set(timeline.ESSAY_ADDED) <= set(timeline.ESSAY_STEPS)


@pytest.mark.parametrize(("n", "text"), [(1, "1st"), (2, "2nd"), (3, "3rd"), (11, "11th"), (12, "12th"),
                                         (20, "20th"), (21, "21st"), (22, "22nd"), (113, "113th")])
def test_ordinal(n, text):
    assert timeline.ordinal(n) == text


def test_event_points_say_what_a_hover_shows():
    events = EVENTS.copy()
    events.loc[events["id"] == "d", "source_url"] = "https://www.mod.go.jp/j/press/2024/0728.html"
    events.loc[events["id"] == "a", "label"] = "Treaty"
    points = timeline.event_points(events)
    assert points["id"].tolist() == ["a", "b", "d", "c", "e", "f"]
    d = points.set_index("id").loc["d"]
    assert (d["when"], d["kind"], d["host"], d["label"]) == ("January 1960", "2+2 meeting", "www.mod.go.jp", "")
    assert points.set_index("id").loc["a", "label"] == "Treaty"
    assert points.set_index("id").loc["b", "x"] == 1955.0  # a year-precision date sits on 1 January


def test_per_year_by_category_counts_every_year():
    table = timeline.per_year_by_category(EVENTS)
    assert table["year"].tolist() == list(range(1951, 1973))
    row_1960 = table.set_index("year").loc[1960]
    assert (row_1960["treaty"], row_1960["two_plus_two"], row_1960["total"]) == (1, 1, 2)
    assert table["total"].sum() == len(EVENTS) and table.set_index("year").loc[1952, "total"] == 0
    assert list(table.columns) == ["year", *timeline.CATEGORY_LABELS, "total"]


@pytest.mark.parametrize(("words", "text"), [([], ""), (["a"], "a"), (["a", "b"], "a and b"),
                                             (["a", "b", "c"], "a, b and c")])
def test_and_join(words, text):
    assert timeline.and_join(words) == text


def test_chronology_values_count_distinct_source_addresses():
    events = EVENTS.copy()
    events["source_url"] = ["https://a.example/1", "https://a.example/1", "https://a.example/2",
                            "https://b.example/", "https://b.example/", "https://a.example/1"]
    assert timeline.chronology_values(events) == {"n_events": 6, "n_sources": 3}
