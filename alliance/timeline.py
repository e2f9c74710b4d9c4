"""The alliance's timeline: pure functions over the events and eras tables.

Dates in ``events.csv`` are *partial*: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` with a
``date_precision``. Each event therefore covers a period (a year, a month or a day). The rules
used throughout, stated once:

* an event is placed, sorted and windowed by the **first day** of its period;
* an era runs from the date of its starting event to the day before the next era starts; the
  last era is open;
* intervals between events (such as the gaps between "2+2" meetings) need day precision, and
  refuse anything coarser rather than guess.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from urllib.parse import urlsplit

import pandas as pd

from alliance.dates import period_bounds, precision_of
from alliance.report import date_label

__all__ = [
    "CATEGORY_LABELS",
    "DAYS_PER_YEAR",
    "ESSAY_ADDED",
    "ESSAY_EVENT",
    "ESSAY_NOT_COUNTED",
    "ESSAY_STEPS",
    "RECENT_ERA",
    "SCC_TOPICS",
    "and_join",
    "assign_eras",
    "chain_intervals",
    "chronology_values",
    "counted",
    "counts_by_era",
    "decimal_year",
    "era_spans",
    "era_table",
    "essay_chain",
    "essay_values",
    "event_points",
    "events_per_year",
    "format_date",
    "gaps_from",
    "measured_gaps",
    "meeting_gaps",
    "meeting_numbers",
    "numbered_anchor",
    "ordinal",
    "overview_values",
    "pace_values",
    "per_year_by_category",
    "place_labels",
    "record_summary",
    "scc_meetings",
    "scc_values",
    "subject_table",
    "topic_keywords",
    "topic_mentions",
    "with_dates",
]

DAYS_PER_YEAR = 365.25

#: How each event category (the ``category`` enum of ``events.csv``) is named in the book.
CATEGORY_LABELS: dict[str, str] = {
    "treaty": "Treaty",
    "law": "Law",
    "policy_document": "Policy document",
    "defence_guidelines": "Defence guidelines",
    "leaders_summit": "Leaders' summit",
    "two_plus_two": "2+2 meeting",
    "forces_basing": "Forces and basing",
    "command_control": "Command and control",
    "defence_industry": "Defence industry",
    "crisis_incident": "Crisis or incident",
    "exercise": "Exercise",
    "minilateral": "Minilateral",
}


def with_dates(events: pd.DataFrame) -> pd.DataFrame:
    """Events with ``start``/``end`` (first and last day of their period) and ``year``, sorted by
    start then id (a stable order for every table and chart)."""
    bounds = [period_bounds(d) for d in events["date"]]
    out = events.assign(
        start=pd.to_datetime([b[0] for b in bounds]),
        end=pd.to_datetime([b[1] for b in bounds]),
    )
    out["year"] = out["start"].dt.year.astype(int)
    return out.sort_values(["start", "id"], ignore_index=True)


def decimal_year(dates: pd.Series) -> pd.Series:
    """Dates as fractional years (1960-07-02 → about 1960.5), for plotting on a year axis."""
    start = pd.to_datetime(dates.dt.year.astype(str) + "-01-01")
    days = dates.dt.is_leap_year.map({True: 366, False: 365})
    return dates.dt.year + (dates - start).dt.days / days


def format_date(date: str, precision: str) -> str:
    """A date as a reader expects it, at its precision: ``8 September 1951``, ``May 2007``, ``2001``
    (written by the book's one date formatter, :func:`alliance.report.date_label`). ``precision``
    is the row's precision column, which must agree with how the date is written."""
    if precision_of(date) != precision:
        raise ValueError(f"date {date!r} is not written at its precision {precision!r}")
    return date_label(date)


def era_spans(eras: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Eras with their ``start`` (the date of their starting event) and ``end`` (the day before
    the next era; NaT for the last), sorted by start."""
    starts = with_dates(events).set_index("id")["start"]
    missing = sorted(set(eras["start_event"]) - set(starts.index))
    if missing:
        raise ValueError(f"eras start at unknown events: {', '.join(missing)}")
    spans = eras.assign(start=eras["start_event"].map(starts)).sort_values(["start", "id"], ignore_index=True)
    if spans["start"].duplicated().any():
        raise ValueError("two eras start on the same day")
    spans["end"] = spans["start"].shift(-1) - pd.Timedelta(days=1)
    return spans


def assign_eras(events: pd.DataFrame, spans: pd.DataFrame) -> pd.Series:
    """The era id of each event (by first day), indexed by event id in :func:`with_dates` order;
    events before the first era get ``<NA>``. ``spans`` comes from :func:`era_spans`, so any
    subset of the events can be assigned."""
    dated = with_dates(events)
    position = spans["start"].searchsorted(dated["start"], side="right") - 1
    ids = [spans["id"].iloc[p] if p >= 0 else pd.NA for p in position]
    return pd.Series(ids, index=dated["id"], name="era", dtype="object")


def counts_by_era(events: pd.DataFrame, spans: pd.DataFrame, categories: Sequence[str],
                  until: pd.Timestamp | None = None) -> pd.DataFrame:
    """One row per era (in order): its dates, years covered, events in each category, the total,
    and events per year. The open last era is measured up to ``until`` (default: the latest
    event)."""
    dated = with_dates(events)
    dated["era"] = assign_eras(events, spans).to_numpy()
    until = until if until is not None else dated["start"].max()
    table = pd.crosstab(dated["era"], dated["category"]).reindex(index=spans["id"], columns=list(categories),
                                                                   fill_value=0)
    table.columns.name = None
    out = spans[["id", "name", "start", "end"]].set_index("id").join(table)
    out["total"] = table.sum(axis=1)
    last_day = out["end"].fillna(until)
    out["years"] = ((last_day - out["start"]).dt.days + 1) / DAYS_PER_YEAR
    out["per_year"] = out["total"] / out["years"]
    return out.reset_index()


def events_per_year(events: pd.DataFrame, first: int | None = None, last: int | None = None) -> pd.Series:
    """Number of events starting in each calendar year, years without events included as 0."""
    years = with_dates(events)["year"]
    first = int(years.min()) if first is None else first
    last = int(years.max()) if last is None else last
    counts = years.value_counts().reindex(range(first, last + 1), fill_value=0).sort_index()
    counts.index.name = "year"
    return counts.rename("events")


def scc_meetings(events: pd.DataFrame) -> pd.DataFrame:
    """The U.S.-Japan Security Consultative Committee meetings: 2+2 events between exactly the
    United States and Japan (other countries' 2+2 formats share the category)."""
    bilateral = events["actors"].map(lambda a: sorted(a.split(";")) == ["JPN", "USA"])
    return events.loc[(events["category"] == "two_plus_two") & bilateral].reset_index(drop=True)


def meeting_gaps(events: pd.DataFrame, category: str = "two_plus_two") -> pd.DataFrame:
    """Each meeting of a category with the time since the previous one (days and years).

    All meetings must be dated to the day: a gap measured from a month or a year would be
    invented precision.
    """
    meetings = with_dates(events.loc[events["category"] == category])
    coarse = meetings.loc[meetings["date_precision"] != "day", "id"].tolist()
    if coarse:
        raise ValueError(f"gaps need day precision; not dated to the day: {', '.join(coarse)}")
    out = meetings[["id", "date", "start", "place", "title"]].copy()
    out["previous"] = out["id"].shift(1)
    out["gap_days"] = out["start"].diff().dt.days.astype("Int64")
    out["gap_years"] = out["gap_days"].astype("Float64") / DAYS_PER_YEAR
    return out.reset_index(drop=True)


def topic_mentions(events: pd.DataFrame, topics: dict[str, Sequence[str]]) -> pd.DataFrame:
    """For each event (rows, by id) and topic (columns): does its summary mention any of the
    topic's keywords? Case-insensitive substring match: crude, but transparent and repeatable."""
    dated = with_dates(events)
    text = dated["summary"].str.lower()
    table = pd.DataFrame({topic: text.apply(lambda t, words=words: any(w.lower() in t for w in words))
                          for topic, words in topics.items()})
    table.index = dated["id"]
    return table


def chain_intervals(events: pd.DataFrame, ids: Sequence[str]) -> pd.DataFrame:
    """A sequence of events (in the order given) with the years from each to the next."""
    dated = with_dates(events).set_index("id")
    unknown = [i for i in ids if i not in dated.index]
    if unknown:
        raise ValueError(f"unknown events: {', '.join(unknown)}")
    steps = dated.loc[list(ids), ["date", "date_precision", "title", "label", "category", "start"]].reset_index()
    if not steps["start"].is_monotonic_increasing:
        raise ValueError("the chain's events are not in date order")
    steps["years_to_next"] = (steps["start"].shift(-1) - steps["start"]).dt.days / DAYS_PER_YEAR
    return steps


def place_labels(candidates: Sequence[Sequence[float]], widths: Sequence[float],
                 n_levels: int) -> list[tuple[int, int] | None]:
    """Stack labels on levels so that none overlaps another on the same level; never fails.

    Each label has a width and one or more ``candidates``, left edges it may take (in order of
    preference, e.g. starting at its point, then ending there), in the same unit as the widths.
    Labels are taken in the order given (the caller's priority, e.g. by date); each takes the
    lowest level, then the first candidate, where it overlaps no label already placed (touching
    is allowed). The result is ``(level, candidate index)`` per label, or ``None`` when it fits on
    none of the ``n_levels`` levels, so a crowded chart loses labels instead of failing.
    Deterministic.
    """
    if len(candidates) != len(widths):
        raise ValueError("candidates and widths differ in length")
    taken: list[list[tuple[float, float]]] = [[] for _ in range(max(n_levels, 0))]
    placed: list[tuple[int, int] | None] = [None] * len(widths)
    for i in range(len(widths)):
        placed[i] = next(((level, c) for level, spans in enumerate(taken)
                          for c, left in enumerate(candidates[i]) if _fits(spans, left, left + widths[i])), None)
        if placed[i] is not None:
            level, c = placed[i]
            left = candidates[i][c]
            bisect.insort(taken[level], (left, left + widths[i]))
    return placed


def _fits(spans: list[tuple[float, float]], start: float, end: float) -> bool:
    """Whether ``[start, end)`` overlaps none of the sorted, disjoint ``spans``."""
    at = bisect.bisect_left(spans, (start, end))
    before_ok = at == 0 or spans[at - 1][1] <= start
    after_ok = at == len(spans) or spans[at][0] >= end
    return before_ok and after_ok


# --- The chapter's sections: each returns the numbers it reports as one mapping -------------------

#: Where the chapter's "recent" 2+2 record starts: the era opened by the 2013 National Security Strategy.
RECENT_ERA = "collective-self-defence"

#: Keyword lists for the subjects that the one-line 2+2 summaries name (the book's own choice,
#: shown on the page; a summary names a subject if it contains any of its words, in any case).
SCC_TOPICS: dict[str, tuple[str, ...]] = {
    "Okinawa and realignment": ("okinawa", "realignment", "futenma", "guam", "saco", "facilities"),
    "Defence guidelines": ("guidelines",),
    "North Korea": ("north korea",),
    "China": ("china",),
    "Regional and partners": ("regional", "indo-pacific", "partners"),
    "Deterrence, strike and C2": ("deterrence", "counterstrike", "command", "joint force"),
}

#: The steps of the source essay's argument, as events of the data, in date order. The 2015
#: security laws count once, when enacted (see :data:`ESSAY_NOT_COUNTED`).
ESSAY_STEPS: tuple[str, ...] = (
    "collective-self-defense-cabinet-decision-2014",
    "peace-security-legislation-enacted-2015",
    "three-strategic-documents-2022",
    "scc-2024-07-28",
    "jsdf-joint-operations-command-2025",
)
#: Steps of :data:`ESSAY_STEPS` that the essay does not name: the book adds them because they put
#: a named step into effect (the 2015 laws carry out the 2014 reinterpretation).
ESSAY_ADDED: tuple[str, ...] = ("peace-security-legislation-enacted-2015",)
#: The meeting the essay was written around: steps dated after it postdate the essay.
ESSAY_EVENT = "scc-2024-07-28"
#: The same laws taking effect: on the timeline, but not a step of its own.
ESSAY_NOT_COUNTED = "peace-security-legislation-in-force-2016"

_ORDINAL = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b")


def chronology_values(events: pd.DataFrame) -> dict[str, int]:
    """What the chronology page states: how many events it lists and how many distinct sources
    (by address) they cite."""
    return {"n_events": len(events), "n_sources": int(events["source_url"].nunique())}


def record_summary(events: pd.DataFrame, eras: pd.DataFrame) -> dict[str, object]:
    """What the events table holds: its size, years covered, how precisely it is dated, eras."""
    dated = with_dates(events)
    day = int((dated["date_precision"] == "day").sum())
    return {"n_events": len(dated), "n_eras": len(eras), "first_year": int(dated["year"].min()),
            "last_year": int(dated["year"].max()), "n_day_precision": day, "n_coarser": len(dated) - day}


def overview_values(events: pd.DataFrame, eras: pd.DataFrame) -> dict[str, object]:
    """The numbers the overview chart and its alt text state: its span, eras, labelled events, and
    the 2+2 lane split into U.S.–Japan meetings and meetings with other partners (the lane holds
    both; the 2+2 section counts only the first)."""
    dated = with_dates(events)
    two_plus_two = int((dated["category"] == "two_plus_two").sum())
    scc = len(scc_meetings(events))
    return {"n_events": len(dated), "first_year": int(dated["year"].min()), "last_year": int(dated["year"].max()),
            "n_eras": len(eras), "n_labelled": int((dated["label"].fillna("") != "").sum()),
            "n_two_plus_two": two_plus_two, "n_scc": scc, "n_partner_two_plus_two": two_plus_two - scc}


def era_table(events: pd.DataFrame, spans: pd.DataFrame) -> pd.DataFrame:
    """One row per era for the reader's table: number, name, first and last year (as text), years covered,
    events, events per year and the most frequent kind of event (ties: the kind listed first in
    :data:`CATEGORY_LABELS`)."""
    by_era = counts_by_era(events, spans, list(CATEGORY_LABELS))
    kinds = by_era[list(CATEGORY_LABELS)]
    main = [CATEGORY_LABELS[kinds.columns[row.argmax()]] if row.max() > 0 else "–" for row in kinds.to_numpy()]
    return pd.DataFrame({
        "number": range(1, len(by_era) + 1), "name": by_era["name"], "first": by_era["start"].dt.year.astype(str),
        "last": [str(d.year) if pd.notna(d) else "(open)" for d in by_era["end"]],
        "years": by_era["years"], "total": by_era["total"], "per_year": by_era["per_year"], "main_kind": main,
    })


def event_points(events: pd.DataFrame) -> pd.DataFrame:
    """What a reader hovering over an event is told, one row per event in date order: its id,
    ``x`` (fractional year of its first day), its date at its precision, title, category (in
    words), milestone label, source title and the source's host (the link itself is in the
    chronology)."""
    dated = with_dates(events)
    return pd.DataFrame({
        "id": dated["id"], "x": decimal_year(dated["start"]), "category": dated["category"],
        "when": [format_date(d, p) for d, p in zip(dated["date"], dated["date_precision"], strict=True)],
        "title": dated["title"], "kind": dated["category"].map(lambda c: CATEGORY_LABELS.get(c, c)),
        "label": dated["label"].fillna(""), "source": dated["source_title"],
        "host": dated["source_url"].map(lambda u: urlsplit(u).hostname or u),
    })


def per_year_by_category(events: pd.DataFrame) -> pd.DataFrame:
    """Events per calendar year (every year from the first to the last, empty ones included) in
    each category (columns in :data:`CATEGORY_LABELS` order), with the year and a ``total``."""
    dated = with_dates(events)
    years = range(int(dated["year"].min()), int(dated["year"].max()) + 1)
    table = pd.crosstab(dated["year"], dated["category"]).reindex(index=years, columns=list(CATEGORY_LABELS),
                                                                    fill_value=0)
    table.columns.name = None
    table.index.name = "year"
    return table.assign(total=table.sum(axis=1)).reset_index()


def pace_values(events: pd.DataFrame, spans: pd.DataFrame) -> dict[str, object]:
    """The recorded pace of events: the busiest year(s) (all of them if tied), years without
    events, and the events per year of the first and the latest era (rounded to one decimal, as
    the page shows them), with what the latest era's pace rests on: its events and years, from its
    first day to the latest recorded event (the open era has no end of its own)."""
    per_year = events_per_year(events)
    by_era = counts_by_era(events, spans, list(CATEGORY_LABELS))
    first, last = by_era.iloc[0], by_era.iloc[-1]
    busiest = [int(y) for y in per_year.index[per_year == per_year.max()]]
    latest = with_dates(events).iloc[-1]
    return {"busiest_years": and_join([str(y) for y in busiest]), "n_busiest_years": len(busiest),
            "last_era_events": int(last["total"]), "last_era_years": round(float(last["years"]), 1),
            "last_era_from": _day_label(last["start"]),
            "last_era_to": format_date(latest["date"], latest["date_precision"]),
            "busiest_year_events": int(per_year.max()),
            "years_without_events": int((per_year == 0).sum()), "n_years": len(per_year),
            "first_era_name": str(first["name"]), "first_era_rate": round(float(first["per_year"]), 1),
            "last_era_name": str(last["name"]), "last_era_rate": round(float(last["per_year"]), 1)}


def meeting_numbers(meetings: pd.DataFrame) -> pd.Series:
    """The number of each meeting in the committee's own series where its title gives one
    ("… (17th meeting)" → 17), else ``<NA>``; indexed by event id."""
    found = meetings["title"].map(lambda t: _ORDINAL.search(t))
    return pd.Series([int(m.group(1)) if m else pd.NA for m in found], index=meetings["id"], dtype="Int64")


def scc_values(events: pd.DataFrame, spans: pd.DataFrame, recent_era: str = RECENT_ERA) -> dict[str, object]:
    """The U.S.–Japan 2+2 record and the intervals that can fairly be measured in it.

    The committee numbered its early meetings. The data hold only some of them, so intervals up
    to the highest-numbered meeting recorded measure gaps in the record, not in the committee:
    intervals are measured only from that meeting on (all meetings there dated to the day), and
    the earlier record is reported as a count (``n_recorded_to_numbered`` of ``highest_number``).
    Without numbered meetings every interval is measured.
    """
    scc = with_dates(scc_meetings(events))
    anchor, highest = numbered_anchor(scc)
    measured = measured_gaps(events)
    recent = measured[measured["start"] >= spans.set_index("id").loc[recent_era, "start"]]
    longest = measured.loc[measured["gap_years"].astype(float).idxmax()] if len(measured) else None
    partners = int((events["category"] == "two_plus_two").sum()) - len(scc)
    return {
        "n_scc": len(scc), "n_partner_two_plus_two": partners, "n_two_plus_two": len(scc) + partners,
        "first_scc_year": int(scc["year"].min()),
        "latest_scc_date": format_date(scc["date"].iloc[-1], scc["date_precision"].iloc[-1]),
        "highest_number": highest, "highest_meeting": ordinal(highest), "highest_number_year": int(anchor.year),
        "n_recorded_to_numbered": int((scc["start"] <= anchor).sum()),
        "n_gaps_measured": len(measured),
        "median_gap": _round1(measured["gap_years"].median()),
        "longest_gap": _round1(longest["gap_years"]) if longest is not None else float("nan"),
        "longest_gap_from": _day_label(longest["previous_start"]) if longest is not None else "–",
        "longest_gap_to": _day_label(longest["start"]) if longest is not None else "–",
        "n_recent_scc": len(recent), "recent_median_gap": _round1(recent["gap_years"].median()),
        "recent_longest_gap": _round1(recent["gap_years"].max()),
    }


def numbered_anchor(meetings: pd.DataFrame) -> tuple[pd.Timestamp, int]:
    """The first day of the highest-numbered meeting in the data and its number (the earliest
    meeting and 0 when no title gives a number): intervals are measured from there on."""
    dated = with_dates(meetings)
    numbers = meeting_numbers(dated)
    if not numbers.notna().any():
        return dated["start"].iloc[0], 0
    return dated.set_index("id").loc[numbers.idxmax(), "start"], int(numbers.max())


def measured_gaps(events: pd.DataFrame) -> pd.DataFrame:
    """The intervals between U.S.–Japan 2+2 meetings that the chapter measures: those from the
    highest-numbered meeting on (:func:`numbered_anchor`, :func:`gaps_from`)."""
    scc = with_dates(scc_meetings(events))
    return gaps_from(scc, numbered_anchor(scc)[0])


def gaps_from(meetings: pd.DataFrame, since: pd.Timestamp) -> pd.DataFrame:
    """Intervals between consecutive meetings held on or after ``since`` (the first of them has
    no interval and is left out): one row per meeting with its previous meeting and the gap."""
    dated = with_dates(meetings)
    gaps = meeting_gaps(dated[dated["start"] >= since], category="two_plus_two")
    gaps["previous_start"] = gaps["start"].shift(1)
    return gaps.dropna(subset=["gap_days"]).reset_index(drop=True)


def and_join(words: Sequence[str]) -> str:
    """Words as a reader lists them: ``a``, ``a and b``, ``a, b and c``."""
    return " and ".join([", ".join(words[:-1]), words[-1]]) if len(words) > 1 else "".join(words)


def ordinal(n: int) -> str:
    """An ordinal number as written in prose: 1 → ``1st``, 12 → ``12th``, 20 → ``20th``, 22 → ``22nd``."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _round1(value: object) -> float:
    return round(float(value), 1) if pd.notna(value) else float("nan")


def _day_label(day: pd.Timestamp) -> str:
    return f"{day.day} {day:%B %Y}"


def subject_table(meetings: pd.DataFrame, topics: dict[str, Sequence[str]] | None = None) -> pd.DataFrame:
    """For each meeting, in date order: its date and the subjects its one-line summary names
    (by :func:`topic_mentions`), or "none of the lists". An illustration of what the summaries
    say, not a coding of the joint statements."""
    topics = SCC_TOPICS if topics is None else topics
    dated = with_dates(meetings)
    mentions = topic_mentions(meetings, topics)
    named = ["; ".join(t for t in topics if mentions.loc[i, t]) or "none of the lists" for i in dated["id"]]
    return pd.DataFrame({"meeting": [format_date(d, p) for d, p in zip(dated["date"], dated["date_precision"],
                                                                         strict=True)],
                         "subjects": named})


def topic_keywords(topics: dict[str, Sequence[str]] | None = None) -> str:
    """The keyword lists in words, for the page: ``China ("china"); North Korea ("north korea")``."""
    topics = SCC_TOPICS if topics is None else topics
    return "; ".join(f"{name} ({', '.join(repr(w).replace(chr(39), chr(34)) for w in words)})"
                     for name, words in topics.items())


def essay_chain(events: pd.DataFrame, steps: Sequence[str] = ESSAY_STEPS,
                essay_event: str = ESSAY_EVENT, added: Sequence[str] = ESSAY_ADDED) -> pd.DataFrame:
    """The essay's steps placed on the timeline (:func:`chain_intervals`), each marked
    ``after_essay`` when it is dated after the meeting the essay was written around, and
    ``added_by_book`` when the essay does not name it."""
    chain = chain_intervals(events, steps)
    essay_day = with_dates(events).set_index("id").loc[essay_event, "start"]
    return chain.assign(after_essay=chain["start"] > essay_day, added_by_book=chain["id"].isin(list(added)))


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """A count with its noun (or verb) in the right number: ``1 step``, ``2 steps``;
    ``counted(1, "postdates", "postdate")`` → ``1 postdates``."""
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"


def essay_values(events: pd.DataFrame, chain: pd.DataFrame, essay_event: str = ESSAY_EVENT,
                 not_counted: str = ESSAY_NOT_COUNTED) -> dict[str, object]:
    """The numbers of the essay's sequence: its steps (named by the essay or added by the book),
    its span from the first to the last step, how many steps postdate the essay (as a count with
    its noun), the longest pause, and the event left out of the count.

    The longest pause is reported twice: between any two steps of the chain, with a note when it
    starts or ends at a step the book added, and between the steps the essay itself names."""
    dated = with_dates(events).set_index("id")
    longest = int(chain["years_to_next"].astype(float).idxmax())
    skipped = dated.loc[not_counted]
    named = chain_intervals(events, list(chain.loc[~chain["added_by_book"], "id"]))
    named_longest = int(named["years_to_next"].astype(float).idxmax())
    ends_added = bool(chain.loc[longest, "added_by_book"] or chain.loc[longest + 1, "added_by_book"])
    after = int(chain["after_essay"].sum())
    return {
        "n_named_steps": len(named), "n_added_steps": int(chain["added_by_book"].sum()),
        "n_after_essay_steps": counted(after, "step"),
        "n_after_essay_postdate": counted(after, "postdates", "postdate"),
        "longest_step_note": "; it is measured from or to a step the book added, not one the essay names"
        if ends_added else "",
        "named_longest_years": round(float(named.loc[named_longest, "years_to_next"]), 1),
        "named_longest_from": str(named.loc[named_longest, "title"]),
        "named_longest_to": str(named.loc[named_longest + 1, "title"]),
        "chain_steps": len(chain),
        "chain_years": round((chain["start"].iloc[-1] - chain["start"].iloc[0]).days / DAYS_PER_YEAR, 1),
        "chain_first_year": int(chain["start"].iloc[0].year), "chain_last_year": int(chain["start"].iloc[-1].year),
        "n_after_essay": int(chain["after_essay"].sum()),
        "essay_meeting_date": format_date(dated.loc[essay_event, "date"], dated.loc[essay_event, "date_precision"]),
        "longest_step_years": round(float(chain.loc[longest, "years_to_next"]), 1),
        "longest_step_from": str(chain.loc[longest, "title"]), "longest_step_to": str(chain.loc[longest + 1, "title"]),
        "not_counted_title": str(skipped["title"]),
        "not_counted_date": format_date(skipped["date"], skipped["date_precision"]),
    }
