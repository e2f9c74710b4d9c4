"""The timeline chapter's charts, drawn at column width in the house style.

Each ``…_chart`` function takes tables already computed by :mod:`alliance.timeline` and the
section's numbers (the mapping the notebook glues), draws one figure and returns a :class:`Chart`:
the figure, its alt text and its caption, all built from the same values, so that what the page
says, what the chart shows and what a screen reader hears agree. Publishing (source line, PNG,
CSV) is :func:`alliance.figures.style.publish`.

Charts degrade rather than fail: a crowded overview leaves some milestones unlabelled (and its
caption says how many), the gaps chart shows fewer axis labels when there are many meetings.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from alliance.figures import interactive as ix
from alliance.figures.style import MIN_FONT_PT, PALETTE
from alliance.timeline import (
    CATEGORY_LABELS,
    decimal_year,
    era_spans,
    event_points,
    per_year_by_category,
    place_labels,
    with_dates,
)

__all__ = [
    "LANES",
    "OVERVIEW_PANELS",
    "Chart",
    "chain_chart",
    "events_per_year_chart",
    "gaps_chart",
    "label_width_years",
    "lane_of",
    "overview_interactive",
    "per_year_interactive",
    "thinned_ticks",
    "timeline_overview",
]

#: Width of the figures in inches: the content column (see :mod:`alliance.figures.style`).
WIDTH_IN = 6.8
#: Background tints that tell eras apart (alternating, light).
ERA_TINTS = ("#ececec", "#ffffff")
#: Every text in these charts: the smallest the house style allows.
LABEL_PT = MIN_FONT_PT
#: Lanes of the overview: the twelve event categories grouped into seven rows, top to bottom.
LANES: dict[str, tuple[str, ...]] = {
    "Treaties, laws": ("treaty", "law"),
    "Strategy, guidelines": ("policy_document", "defence_guidelines"),
    "Leaders' summits": ("leaders_summit",),
    "2+2 meetings": ("two_plus_two",),
    "Forces, C2, industry": ("forces_basing", "command_control", "defence_industry", "exercise"),
    "Minilateral": ("minilateral",),
    "Crises, incidents": ("crisis_incident",),
}
#: The overview's panels start at these eras (each panel has its own time scale), so that the
#: crowded recent years get as much width as the quiet early decades.
OVERVIEW_PANELS = ("basing-treaty", "guidelines-and-ceiling", "collective-self-defence")
#: Most label levels above the lanes of one panel; labels that do not fit are left out.
MAX_LEVELS = 6
_LEFT_IN, _RIGHT_IN, _ROW_IN = 1.6, 0.15, 0.19


@dataclass(frozen=True)
class Chart:
    """A drawn figure with its alt text and caption (built from the same values)."""

    fig: Figure
    alt: str
    caption: str


def lane_of(category: str) -> str:
    """The overview lane that shows a category; unknown categories raise a clear error."""
    for lane, categories in LANES.items():
        if category in categories:
            return lane
    raise ValueError(f"no overview lane shows the category {category!r}; add it to LANES")


def label_width_years(texts: Sequence[str], axes_width_in: float, span_years: float) -> list[float]:
    """Widths of labels at :data:`LABEL_PT` in years on an axis ``axes_width_in`` inches wide
    showing ``span_years`` (a generous estimate: 0.62 em a character plus 6 pt of padding)."""
    years_per_point = span_years / (axes_width_in * 72)
    return [(len(t) * 0.62 * LABEL_PT + 6) * years_per_point for t in texts]


def _panels(spans: pd.DataFrame, dated: pd.DataFrame) -> list[tuple[float, float, pd.DataFrame]]:
    """(first x, last x, events) of each overview panel, in order; panels start at the eras of
    :data:`OVERVIEW_PANELS` that exist (the first panel also takes events before the first era)."""
    starts = [s for era, s in zip(spans["id"], spans["start"], strict=True) if era in OVERVIEW_PANELS]
    cuts = [float(decimal_year(pd.Series(starts)).iloc[i]) for i in range(1, len(starts))]
    edges = [math.floor(float(dated["x"].min())), *cuts, float(dated["x"].max()) + 0.6]
    return [(lo, hi, dated[(dated["x"] >= lo) & (dated["x"] < hi)]) for lo, hi in itertools.pairwise(edges)]


def _place(xs: Sequence[float], texts: Sequence[str], lo: float, hi: float, axes_in: float,
           n_levels: int) -> list[tuple[int | None, bool]]:
    """Level (``None``: no room) of each label and whether it is flipped to end at its point
    instead of starting there. A label may start or end at its point, whichever stays inside
    ``lo``–``hi`` (starting preferred), on the lowest level where it overlaps nothing."""
    widths = label_width_years(texts, axes_in, hi - lo)
    candidates = []
    for x, w in zip(xs, widths, strict=True):
        inside = [(x, False)] * (x + w <= hi) + [(x - w, True)] * (x - w >= lo)
        candidates.append(inside or [(x - w, True) if x + w > hi else (x, False)])
    placed = place_labels([[left for left, _ in c] for c in candidates], widths, n_levels)
    return [(None, False) if p is None else (p[0], candidates[i][p[1]][1]) for i, p in enumerate(placed)]


def _shade_eras(ax, spans: pd.DataFrame, lo: float, hi: float, y: float) -> None:
    """Alternate light bands for the eras within ``lo``–``hi``, numbered (as in the era table)
    at height ``y``."""
    starts = list(decimal_year(spans["start"]))
    ends = [*starts[1:], hi]
    for i, (start, end) in enumerate(zip(starts, ends, strict=True)):
        if end <= lo or start >= hi:
            continue
        ax.axvspan(max(start, lo), min(end, hi), color=ERA_TINTS[i % 2], zorder=0, lw=0)
        ax.text(max(start, lo) + 0.15, y, f"era {i + 1}", ha="left", va="center", fontsize=LABEL_PT,
                color="#555555")


def _draw_panel(ax, panel: pd.DataFrame, spans: pd.DataFrame, lo: float, hi: float,
                placed: list[tuple[int | None, bool]], labelled: pd.DataFrame) -> None:
    """One overview panel: lanes of dots, era bands, and the labels that found room."""
    rows = {lane: len(LANES) - 1 - i for i, lane in enumerate(LANES)}
    y = panel["category"].map(lane_of).map(rows)
    ax.scatter(panel["x"], y, s=18, color=PALETTE["blue"], zorder=3, edgecolor="white", linewidth=0.4)
    top = len(LANES) - 0.3
    ax.scatter(labelled["x"], labelled["category"].map(lane_of).map(rows), s=26, facecolor=PALETTE["vermillion"],
               edgecolor="black", linewidth=0.5, zorder=4)
    for row, (level, flip) in zip(labelled.itertuples(), placed, strict=True):
        if level is None:
            continue
        lane_y = rows[lane_of(row.category)]
        y_text = top + 0.2 + level
        ax.plot([row.x, row.x], [lane_y, y_text], color="#999999", lw=0.5, zorder=2)
        ax.text(row.x, y_text, row.label, fontsize=LABEL_PT, ha="right" if flip else "left", va="bottom", zorder=5,
                bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"})
    used = max((lv for lv, _ in placed if lv is not None), default=-1) + 1
    _shade_eras(ax, spans, lo, hi, -1.0)
    pad = (hi - lo) * 0.015
    ax.set_xlim(lo - pad, hi + pad)
    ax.set_ylim(-1.6, top + 0.2 + used + 0.2)
    ax.set_yticks(list(rows.values()), list(rows))
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", color="#dddddd")
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)


def timeline_overview(events: pd.DataFrame, eras: pd.DataFrame, values: Mapping[str, object]) -> Chart:
    """Every event as a dot in its lane, in panels by period (each with its own time scale),
    eras shaded and numbered, milestones (rows with a ``label``) named above the lanes on as
    many levels as fit; milestones without room stay unlabelled and the caption says how many.

    ``values`` is :func:`alliance.timeline.overview_values` of the same data.
    """
    dated = with_dates(events)
    dated["x"] = decimal_year(dated["start"])
    spans = era_spans(eras, events)
    axes_in = WIDTH_IN - _LEFT_IN - _RIGHT_IN
    layout = []
    for lo, hi, panel in _panels(spans, dated):
        labelled = panel[panel["label"].fillna("") != ""]
        placed = _place(list(labelled["x"]), list(labelled["label"]), lo, hi, axes_in, MAX_LEVELS)
        levels = max((lv for lv, _ in placed if lv is not None), default=-1) + 1
        layout.append((lo, hi, panel, labelled, placed, (len(LANES) + 2.2 + levels) * _ROW_IN))
    gap_in, title_in = 0.55, 0.45
    height = title_in + sum(h for *_, h in layout) + gap_in * len(layout)
    fig = plt.figure(figsize=(WIDTH_IN, height))
    top = height - title_in
    for lo, hi, panel, labelled, placed, h in layout:
        ax = fig.add_axes((_LEFT_IN / WIDTH_IN, (top - h) / height, axes_in / WIDTH_IN, h / height))
        _draw_panel(ax, panel, spans, lo, hi, placed, labelled)
        top -= h + gap_in
    fig.text(0.0, 1.0, f"{values['n_events']} recorded events, {values['first_year']}–{values['last_year']}",
             ha="left", va="top", fontsize=11, fontweight="bold")
    fig.text(0.0, 1.0 - 0.24 / height, "each panel has its own time scale; milestones in vermillion",
             ha="left", va="top", fontsize=LABEL_PT, color="#555555")
    unlabelled = sum(level is None for *_, placed, _h in layout for level, _ in placed)
    return Chart(fig, _overview_alt(values, unlabelled, len(layout)), _overview_caption(values, unlabelled))


def _overview_alt(values: Mapping[str, object], unlabelled: int, panels: int) -> str:
    return (f"Dot chart of {values['n_events']} events from {values['first_year']} to {values['last_year']} in "
            f"{len(LANES)} lanes ({'; '.join(LANES)}), in {panels} panels by period, over {values['n_eras']} shaded "
            f"eras. The 2+2 lane holds {values['n_two_plus_two']} meetings: {values['n_scc']} of the U.S.–Japan "
            f"Security Consultative Committee and {values['n_partner_two_plus_two']} with other partners. "
            f"{values['n_labelled']} milestones are marked, {int(values['n_labelled']) - unlabelled} of them named.")


def _overview_caption(values: Mapping[str, object], unlabelled: int) -> str:
    room = (f" {unlabelled} of the {values['n_labelled']} milestones are left unlabelled for lack of room; the "
            "chronology names every event." if unlabelled else "")
    categories = sum(map(len, LANES.values()))
    return (f"Every recorded event, {values['first_year']}–{values['last_year']}, in {len(LANES)} lanes that group "
            f"the {categories} categories; shaded bands are the {values['n_eras']} eras, vermillion dots the "
            f"milestones. The 2+2 lane holds {values['n_two_plus_two']} meetings: {values['n_scc']} U.S.–Japan and "
            f"{values['n_partner_two_plus_two']} with other partners.{room}")


def events_per_year_chart(per_year: pd.Series, spans: pd.DataFrame, values: Mapping[str, object]) -> Chart:
    """Bars of events per calendar year over shaded, numbered eras. ``values`` is
    :func:`alliance.timeline.pace_values` of the same data."""
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 3.6), layout="constrained")
    last = float(per_year.index.max() + 1)
    top = float(per_year.max()) * 1.25 + 0.5
    _shade_eras(ax, spans, float(per_year.index.min()), last, top * 0.93)
    ax.bar(per_year.index + 0.5, per_year.to_numpy(), width=0.8, color=PALETTE["blue"], zorder=3)
    ax.set_xlim(per_year.index.min(), last)
    ax.set_ylim(0, top)
    ax.set_ylabel("events in the year")
    ax.set_title(f"Recorded events per year peak at {values['busiest_year_events']} ({values['busiest_years']})")
    first, last_year = int(per_year.index.min()), int(per_year.index.max())
    alt = (f"Bar chart of recorded events per year from {first} to {last_year} over "
           f"{len(spans)} numbered eras. The peak is {values['busiest_year_events']} events, in "
           f"{values['busiest_years']}; {values['years_without_events']} of the {values['n_years']} years have none. "
           f"The era '{values['last_era_name']}' averages {values['last_era_rate']} recorded events a year "
           f"({values['last_era_events']} events over the {values['last_era_years']} years from "
           f"{values['last_era_from']} to the latest recorded event, {values['last_era_to']}) against "
           f"{values['first_era_rate']} in '{values['first_era_name']}'.")
    caption = (f"Recorded events per calendar year, {first}–{last_year}, over the eras "
               f"(numbered as in the table below); {values['years_without_events']} years have none. The count "
               "reflects what could be sourced as much as what happened.")
    return Chart(fig, alt, caption)


def thinned_ticks(n: int, max_labels: int) -> list[int]:
    """Positions (0 … n−1) that keep a label when at most ``max_labels`` fit: every k-th
    position from the last (the latest meeting is always labelled), with k as small as fits."""
    if n <= 0:
        return []
    step = max(1, math.ceil(n / max(max_labels, 1)))
    return sorted(range(n - 1, -1, -step))


def gaps_chart(gaps: pd.DataFrame, values: Mapping[str, object]) -> Chart:
    """Years since the previous meeting, one bar per measured interval, labelled by the year of
    the meeting that ends it (thinned to stay legible). ``gaps`` is
    :func:`alliance.timeline.gaps_from`; ``values`` is :func:`alliance.timeline.scc_values`."""
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 3.7), layout="constrained")
    years = gaps["start"].dt.year.astype(str).tolist()
    ax.bar(range(len(gaps)), gaps["gap_years"].astype(float), color=PALETTE["orange"], zorder=3)
    axes_pt = (WIDTH_IN - 0.8) * 72
    keep = thinned_ticks(len(gaps), int(axes_pt // (4 * 0.62 * LABEL_PT + 8)))
    ax.set_xticks(keep, [years[i] for i in keep])
    ax.set_xlim(-0.7, max(len(gaps), 1) - 0.3)
    ax.set_ylabel("years since previous meeting")
    ax.set_xlabel("meeting, in date order (year)")
    ax.set_title(f"2+2 intervals since {values['highest_number_year']}: the longest is {values['longest_gap']} years")
    alt = (f"Bar chart of the {values['n_gaps_measured']} intervals between U.S.–Japan 2+2 meetings recorded from "
           f"{values['highest_number_year']} on. The median is {values['median_gap']} years; the longest, "
           f"{values['longest_gap']} years, runs from {values['longest_gap_from']} to {values['longest_gap_to']}. "
           f"Since the 2013 strategy the median is {values['recent_median_gap']} years and the longest "
           f"{values['recent_longest_gap']}.")
    anchor = values["highest_meeting"]
    caption = (f"Years since the previous meeting, for the {values['n_gaps_measured']} intervals from the "
               f"{anchor} meeting ({values['highest_number_year']}) on. Earlier intervals are not shown: the data "
               f"hold {values['n_recorded_to_numbered']} of the first {values['highest_number']} meetings, "
               "so gaps there would measure the record, not the committee.")
    return Chart(fig, alt, caption)


def chain_chart(chain: pd.DataFrame, values: Mapping[str, object]) -> Chart:
    """The essay's steps on one line: names above (stacked so none overlaps; steps after the
    essay drawn hollow and marked), years between consecutive steps below. ``chain`` is
    :func:`alliance.timeline.essay_chain`; ``values`` :func:`alliance.timeline.essay_values`."""
    x = list(decimal_year(chain["start"]))
    names = [f"{lab or title}{' (after the essay)' if after else ''}{' (added by the book)' if added else ''}"
             for lab, title, after, added in zip(chain["label"].fillna(""), chain["title"], chain["after_essay"],
                                                 chain["added_by_book"], strict=True)]
    lo, hi = min(x) - 0.8, max(x) + 0.8
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 3.0), layout="constrained")
    placed = _place(x, names, lo, hi, WIDTH_IN - 0.4, len(names))
    levels = [level for level, _ in placed]
    ax.plot(x, [0] * len(x), color="#999999", lw=1, zorder=1)
    for xi, name, (level, flip), after in zip(x, names, placed, chain["after_essay"], strict=True):
        ax.scatter([xi], [0], s=60, zorder=3, edgecolor="black",
                   color="white" if after else PALETTE["vermillion"])
        y = 0.35 + 0.3 * (level or 0)  # the chain has one level per step, so every label is placed
        ax.plot([xi, xi], [0, y - 0.03], color="#999999", lw=0.6, zorder=2)
        ax.text(xi, y, name, ha="right" if flip else "left", va="bottom", fontsize=LABEL_PT)
    for x0, x1, gap in zip(x[:-1], x[1:], chain["years_to_next"].iloc[:-1], strict=True):
        ax.text((x0 + x1) / 2, -0.2, f"{gap:.1f} y", ha="center", va="top", fontsize=LABEL_PT, color="#555555")
    ax.set_xlim(lo, hi)
    ax.set_ylim(-0.6, 0.35 + 0.3 * (max((lv or 0) for lv in levels) + 1) + 0.1)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.grid(False)
    ax.set_title(f"The essay's steps on the timeline, {values['chain_first_year']}–{values['chain_last_year']}")
    alt = (f"Timeline of the essay's {values['chain_steps']} steps: "
           + "; ".join(f"{t} ({d.year}{', after the essay' if a else ''}{', added by the book' if b else ''})"
                       for t, d, a, b in zip(chain["title"], chain["start"], chain["after_essay"],
                                             chain["added_by_book"], strict=True))
           + f". From the first step to the last is {values['chain_years']} years.")
    caption = (f"The {values['chain_steps']} steps of the essay's argument placed on the timeline, with the years "
               f"between them: {values['n_named_steps']} that the essay names and {values['n_added_steps']} that the "
               f"book adds because it puts a named step into effect. {values['n_after_essay_steps']}, hollow, came "
               f"after the meeting of "
               f"{values['essay_meeting_date']} that the essay was written around. The security laws count once, "
               f"when enacted; '{values['not_counted_title']}' ({values['not_counted_date']}) is the same laws "
               "taking effect.")
    return Chart(fig, alt, caption)


# --- Interactive versions (alliance.figures.interactive): values on hover, drawn in the browser ------

#: Width of the interactive plot area in CSS px (the content column) and its left margin (lane names).
_IX_WIDTH_PX, _IX_LEFT_PX, _IX_ROW_PX, _IX_GAP_PX = 680, 150, 19, 48


#: Longest source title shown on hover (the chronology shows it whole, with its link).
_HOVER_SOURCE_CHARS = 70


def _event_hover(point) -> str:
    """Hover text of one event: date at its precision, title, category, source and its host."""
    source = point.source if len(point.source) <= _HOVER_SOURCE_CHARS else point.source[:_HOVER_SOURCE_CHARS - 1] + "…"
    return ix.hover(point.when, point.title, point.kind, f"Source: {source}",
                    f"{point.host} (linked in the chronology)")


def _era_bands(spans: pd.DataFrame, lo: float, hi: float, xref: str, yref: str) -> list[dict]:
    """Plotly rectangles for the tinted eras between ``lo`` and ``hi``."""
    starts = list(decimal_year(spans["start"]))
    ends = [*starts[1:], hi]
    return [{"type": "rect", "xref": xref, "yref": f"{yref} domain", "x0": max(a, lo), "x1": min(b, hi),
             "y0": 0, "y1": 1, "fillcolor": ERA_TINTS[i % 2], "line": {"width": 0}, "layer": "below"}
            for i, (a, b) in enumerate(zip(starts, ends, strict=True)) if b > lo and a < hi]


def _era_notes(spans: pd.DataFrame, lo: float, hi: float, xref: str, yref: str, y: float) -> list[dict]:
    """Plotly annotations "era 1", "era 2", … at height ``y`` (in ``yref``) where each era starts."""
    starts = list(decimal_year(spans["start"]))
    ends = [*starts[1:], hi]
    return [{"xref": xref, "yref": yref, "x": max(a, lo) + 0.15, "y": y, "text": f"era {i + 1}", "showarrow": False,
             "xanchor": "left", "yanchor": "middle", "font": {"color": "#555555"}}
            for i, (a, b) in enumerate(zip(starts, ends, strict=True)) if b > lo and a < hi]


def overview_interactive(events: pd.DataFrame, eras: pd.DataFrame, alt: str) -> ix.Chart:
    """The overview in the browser: the same panels, lanes and milestone names as
    :func:`timeline_overview`, each event telling on hover its date (at its precision), title,
    category and source; one toggle per lane."""
    points = event_points(events)
    spans = era_spans(eras, events)
    rows = {lane: len(LANES) - 1 - i for i, lane in enumerate(LANES)}
    points["lane"] = points["category"].map(lane_of)
    axes_in = (_IX_WIDTH_PX - _IX_LEFT_PX) / 96 / (ix.FONT_PX / (LABEL_PT * 96 / 72))
    panels = []
    for lo, hi, panel in _panels(spans, points):
        labelled = panel[panel["label"] != ""]
        placed = _place(list(labelled["x"]), list(labelled["label"]), lo, hi, axes_in, MAX_LEVELS)
        levels = max((lv for lv, _ in placed if lv is not None), default=-1) + 1
        panels.append((lo, hi, panel, labelled, placed, len(LANES) + 2.2 + levels))
    height = 40 + sum(p[-1] for p in panels) * _IX_ROW_PX + _IX_GAP_PX * len(panels)
    traces, shapes, notes, layout = [], [], [], {}
    top = height - 40
    for k, (lo, hi, panel, labelled, placed, n_rows) in enumerate(panels, start=1):
        xref, yref = f"x{k}", f"y{k}"
        bottom = top - n_rows * _IX_ROW_PX
        layout[f"xaxis{k}"] = {"range": [lo - (hi - lo) * 0.015, hi + (hi - lo) * 0.015], "anchor": yref,
                               "tickformat": "d", "fixedrange": True, "gridcolor": "#dddddd"}
        layout[f"yaxis{k}"] = {"domain": [bottom / height, top / height], "range": [-1.6, n_rows - 1.6],
                               "tickvals": list(rows.values()), "ticktext": list(rows), "fixedrange": True,
                               "showgrid": False, "zeroline": False}
        for lane in LANES:
            shown = panel[panel["lane"] == lane]
            traces.append({"type": "scatter", "mode": "markers", "name": lane, "xaxis": xref, "yaxis": yref,
                           "x": shown["x"].round(4).tolist(), "y": [rows[lane]] * len(shown),
                           "marker": {"size": 8, "color": [PALETTE["vermillion"] if lab else PALETTE["blue"]
                                                           for lab in shown["label"]],
                                      "line": {"width": 0.5, "color": "white"}},
                           "hovertext": [_event_hover(p) for p in shown.itertuples()], "hoverinfo": "text"})
        shapes += _era_bands(spans, lo, hi, xref, yref)
        notes += _era_notes(spans, lo, hi, xref, yref, -1.0)
        for point, (level, flip) in zip(labelled.itertuples(), placed, strict=True):
            if level is None:
                continue
            y_text = len(LANES) - 0.1 + level
            shapes.append({"type": "line", "xref": xref, "yref": yref, "x0": point.x, "x1": point.x,
                           "y0": rows[point.lane], "y1": y_text, "line": {"color": "#999999", "width": 1}})
            notes.append({"xref": xref, "yref": yref, "x": point.x, "y": y_text, "text": ix.hover(point.label),
                          "showarrow": False, "xanchor": "right" if flip else "left", "yanchor": "bottom",
                          "bgcolor": "white"})
        top = bottom - _IX_GAP_PX
    layout.update({"height": height, "showlegend": False, "hovermode": "closest", "shapes": shapes,
                   "annotations": notes, "margin": {"l": _IX_LEFT_PX, "r": 10, "t": 10, "b": 30},
                   "plot_bgcolor": "white"})
    return ix.Chart(name="fig-timeline-overview", alt=alt, views={"": ix.View(traces, layout)},
                    controls=[ix.TraceToggles("Lanes", list(LANES))])


def per_year_interactive(events: pd.DataFrame, spans: pd.DataFrame, alt: str) -> ix.Chart:
    """Events per year in the browser: one bar a year, its hover the year, the total and the
    count in each category present."""
    table = per_year_by_category(events)
    hover = [ix.hover(f"{row['year']}: {row['total']} recorded events",
                      *(f"{CATEGORY_LABELS[c]}: {row[c]}" for c in CATEGORY_LABELS if row[c]))
             for row in table.to_dict("records")]
    lo, hi = float(table["year"].min()), float(table["year"].max() + 1)
    bars = {"type": "bar", "name": "Events", "x": (table["year"] + 0.5).tolist(), "y": table["total"].tolist(),
            "marker": {"color": PALETTE["blue"]}, "hovertext": hover, "hoverinfo": "text"}
    layout = {"height": 360, "hovermode": "closest", "showlegend": False, "plot_bgcolor": "white",
              "xaxis": {"range": [lo, hi], "tickformat": "d", "fixedrange": True},
              "yaxis": {"title": {"text": "events in the year"}, "fixedrange": True, "gridcolor": "#dddddd"},
              "shapes": _era_bands(spans, lo, hi, "x", "y"),
              "annotations": _era_notes(spans, lo, hi, "x", "y domain", 0.95),
              "margin": {"l": 60, "r": 10, "t": 10, "b": 30}}
    return ix.Chart(name="fig-events-per-year", alt=alt, views={"": ix.View([bars], layout)})
