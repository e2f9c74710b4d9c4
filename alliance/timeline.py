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

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from alliance.dates import period_bounds

__all__ = [
    "CATEGORY_LABELS",
    "DAYS_PER_YEAR",
    "assign_eras",
    "chain_intervals",
    "chronology_html",
    "counts_by_era",
    "decimal_year",
    "era_spans",
    "events_per_year",
    "first_and_latest",
    "format_date",
    "in_window",
    "label_levels",
    "meeting_gaps",
    "scc_meetings",
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
    """A date as a reader expects it, at its precision: ``8 September 1951``, ``May 2007``, ``2001``."""
    start, _ = period_bounds(date)
    if precision == "day":
        return f"{start.day} {start:%B %Y}"
    if precision == "month":
        return f"{start:%B %Y}"
    return f"{start.year}"


def in_window(events: pd.DataFrame, start: str, end: str) -> pd.DataFrame:
    """Events whose first day falls between ``start`` and ``end`` (ISO dates, both included)."""
    dated = with_dates(events)
    mask = (dated["start"] >= pd.Timestamp(start)) & (dated["start"] <= pd.Timestamp(end))
    return dated.loc[mask].reset_index(drop=True)


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


def first_and_latest(events: pd.DataFrame, category: str) -> tuple[pd.Series, pd.Series]:
    """The earliest and the latest event of a category (by first day, then id)."""
    matches = with_dates(events.loc[events["category"] == category])
    if matches.empty:
        raise ValueError(f"no events of category {category!r}")
    return matches.iloc[0], matches.iloc[-1]


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


def label_levels(positions: Sequence[float], widths: Sequence[float], n_levels: int) -> list[int]:
    """Stack labels on levels so that none overlaps another on the same level.

    ``positions`` are the left edges of the labels (sorted or not) and ``widths`` their lengths,
    in the same unit. Each label takes the lowest level whose previous label ends before it
    starts. Raises ``ValueError`` if ``n_levels`` are not enough; the result is deterministic.
    """
    if len(positions) != len(widths):
        raise ValueError("positions and widths differ in length")
    order = sorted(range(len(positions)), key=lambda i: (positions[i], i))
    free_from = [float("-inf")] * n_levels
    levels = [0] * len(positions)
    for i in order:
        for level in range(n_levels):
            if positions[i] >= free_from[level]:
                levels[i] = level
                free_from[level] = positions[i] + widths[i]
                break
        else:
            raise ValueError(f"{n_levels} levels are not enough to place the labels without overlap")
    return levels


@dataclass(frozen=True)
class _Link:
    text: str
    url: str

    def html(self) -> str:
        return f'<a href="{html.escape(self.url, quote=True)}">{html.escape(self.text)}</a>'


def chronology_html(events: pd.DataFrame, spans: pd.DataFrame, labels: dict[str, str]) -> str:
    """Every event grouped by era, each with its date at its precision, its title and summary,
    and a link to its source. All data are escaped: a title containing markup shows as text.

    ``labels`` maps category slugs to the words shown for them.
    """
    dated = with_dates(events)
    dated["era"] = assign_eras(events, spans).to_numpy()
    parts: list[str] = ['<div class="alliance-chronology">']
    groups: Iterable[tuple[str | None, str]] = [(None, "Before the first era")] if dated["era"].isna().any() else []
    groups = [*groups, *zip(spans["id"], spans["name"], strict=True)]
    for era_id, name in groups:
        rows = dated[dated["era"].isna()] if era_id is None else dated[dated["era"] == era_id]
        anchor = "era-before" if era_id is None else f"era-{era_id}"
        parts.append(f'<h2 id="{html.escape(anchor, quote=True)}">{html.escape(name)}</h2>')
        if rows.empty:
            parts.append("<p>No events recorded in this era.</p>")
            continue
        parts.append("<dl>")
        for row in rows.itertuples():
            when = format_date(row.date, row.date_precision)
            kind = labels.get(row.category, row.category)
            place = f", {row.place}" if isinstance(row.place, str) and row.place else ""
            parts.append(
                f'<dt id="{html.escape(row.id, quote=True)}">{html.escape(when)}: {html.escape(row.title)}</dt>'
                f"<dd>{html.escape(row.summary)} <em>({html.escape(kind)}{html.escape(place)})</em> "
                f"Source: {_Link(row.source_title, row.source_url).html()}</dd>"
            )
        parts.append("</dl>")
    parts.append("</div>")
    return "\n".join(parts)
