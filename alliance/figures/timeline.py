"""The book's charts, drawn in the house style from already-computed tables.

Each function takes data frames, draws one figure and returns it; publishing (source line,
alt text, caption, CSV) is done in the notebook with :func:`alliance.figures.style.publish`. Keeping the
drawing here keeps notebooks narrative and lets tests check what a reader will see (for example
that no two labels overlap).
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from alliance.figures.style import PALETTE
from alliance.timeline import CATEGORY_LABELS, decimal_year, era_spans, label_levels, with_dates

__all__ = ["chain_figure", "events_per_year_figure", "gaps_figure", "timeline_overview"]

#: Background tints that tell eras apart (alternating, light).
ERA_TINTS = ("#f2f2f2", "#ffffff")
LABEL_FONT_SIZE = 7.5


def _shade_eras(ax, spans: pd.DataFrame, until: float) -> None:
    """Alternate light bands for the eras, numbered 1, 2, … at the top (the era table names them)."""
    starts = decimal_year(spans["start"])
    ends = [*starts.iloc[1:], until]
    for i, (start, end) in enumerate(zip(starts, ends, strict=True)):
        ax.axvspan(start, end, color=ERA_TINTS[i % 2], zorder=0, lw=0)
        ax.text(start + 0.4, 0.99, str(i + 1), transform=ax.get_xaxis_transform(), ha="left", va="top",
                fontsize=8, color="#555555", fontweight="bold")


def _label_widths(ax, texts: Sequence[str], span: float) -> list[float]:
    """Approximate widths of labels in data units (years), from the axes' width in points (known
    from the figure size and subplot layout, without drawing)."""
    axes_points = ax.get_position().width * ax.figure.get_figwidth() * 72
    years_per_point = span / axes_points
    return [(len(t) * 0.6 * LABEL_FONT_SIZE + 6) * years_per_point for t in texts]


def _place_labels(xs: Sequence[float], widths: Sequence[float], right_edge: float,
                  max_levels: int) -> tuple[list[int], list[bool]]:
    """Levels for labels (no overlap on a level); labels that would pass the right edge are
    flipped to end at their point instead of starting there."""
    flipped = [x + w > right_edge for x, w in zip(xs, widths, strict=True)]
    lefts = [x - w if flip else x for x, w, flip in zip(xs, widths, flipped, strict=True)]
    return label_levels(lefts, widths, max_levels), flipped


def timeline_overview(events: pd.DataFrame, eras: pd.DataFrame, categories: Sequence[str],
                      title: str, max_levels: int = 12) -> Figure:
    """Swimlanes: one row per category, a dot per event, eras shaded, labelled events named
    above the lanes on as many levels as needed so that no two labels overlap."""
    dated = with_dates(events)
    dated["x"] = decimal_year(dated["start"])
    spans = era_spans(eras, events)
    lanes = {c: i for i, c in enumerate(reversed(list(categories)))}
    first, last = float(dated["x"].min()) - 1, float(dated["x"].max()) + 1

    fig, ax = plt.subplots(figsize=(10, 7.2))
    _shade_eras(ax, spans, last)
    ax.scatter(dated["x"], dated["category"].map(lanes), s=22, color=PALETTE["blue"], zorder=3,
               edgecolor="white", linewidth=0.5)
    ax.set_yticks(list(lanes.values()), [CATEGORY_LABELS.get(c, c) for c in lanes])
    ax.set_xlim(first, last)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", color="#dddddd")

    labelled = dated[dated["label"].fillna("") != ""]
    widths = _label_widths(ax, list(labelled["label"]), last - first)
    levels, flipped = _place_labels(list(labelled["x"]), widths, last, max_levels)
    base = len(lanes) - 0.2
    for (row, level, flip) in zip(labelled.itertuples(), levels, flipped, strict=True):
        y_text = base + 0.75 + level * 0.75
        ax.plot([row.x, row.x], [lanes[row.category], y_text - 0.1], color="#999999", lw=0.6, zorder=2)
        ax.scatter([row.x], [lanes[row.category]], s=34, facecolor=PALETTE["vermillion"], edgecolor="black",
                   linewidth=0.6, zorder=4)
        ax.text(row.x, y_text, row.label, fontsize=LABEL_FONT_SIZE, ha="right" if flip else "left", va="bottom",
                zorder=5,
                bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"})
    top = base + 0.75 + (max(levels, default=0) + 1) * 0.75 + 0.2
    ax.set_ylim(-0.7, top)
    for start in decimal_year(spans["start"]):
        ax.axvline(start, color="#bbbbbb", lw=0.6, ls=":", zorder=1)
    ax.set_title(title)
    ax.set_xlabel("year (eras shaded and numbered; labelled events in vermillion)")
    return fig


def events_per_year_figure(per_year: pd.Series, spans: pd.DataFrame, title: str) -> Figure:
    """Bars of events per calendar year over shaded, named eras."""
    fig, ax = plt.subplots(figsize=(10, 4.2))
    _shade_eras(ax, spans, per_year.index.max() + 1)
    ax.bar(per_year.index + 0.5, per_year.to_numpy(), width=0.8, color=PALETTE["blue"], zorder=3)
    ax.set_xlim(per_year.index.min(), per_year.index.max() + 1)
    ax.set_ylabel("events in the year")
    ax.set_title(title)
    return fig


def gaps_figure(gaps: pd.DataFrame, title: str) -> Figure:
    """Years since the previous meeting, one bar per meeting, labelled by its year."""
    shown = gaps.dropna(subset=["gap_years"])
    fig, ax = plt.subplots(figsize=(10, 4))
    labels = shown["start"].dt.year.astype(str)
    ax.bar(range(len(shown)), shown["gap_years"].astype(float), color=PALETTE["orange"], zorder=3)
    ax.set_xticks(range(len(shown)), labels, rotation=90)
    ax.set_ylabel("years since the previous meeting")
    ax.set_xlabel("meeting (year)")
    ax.set_title(title)
    return fig


def chain_figure(chain: pd.DataFrame, title: str, max_levels: int = 4) -> Figure:
    """A sequence of events on one line: short labels above (stacked so none overlaps), the
    years between consecutive steps below."""
    x = list(decimal_year(chain["start"]))
    names = [label if isinstance(label, str) and label else title_text
             for label, title_text in zip(chain["label"], chain["title"], strict=True)]
    first, last = min(x) - 1, max(x) + 1
    fig, ax = plt.subplots(figsize=(10, 3.2))
    ax.set_xlim(first, last)
    widths = _label_widths(ax, names, last - first)
    levels, flipped = _place_labels(x, widths, last, max_levels)
    ax.plot(x, [0] * len(x), color="#999999", lw=1, zorder=1)
    ax.scatter(x, [0] * len(x), s=60, color=PALETTE["vermillion"], edgecolor="black", zorder=3)
    for xi, name, level, flip in zip(x, names, levels, flipped, strict=True):
        y = 0.35 + 0.3 * level
        ax.plot([xi, xi], [0, y - 0.03], color="#999999", lw=0.6, zorder=2)
        ax.text(xi, y, name, ha="right" if flip else "left", va="bottom", fontsize=LABEL_FONT_SIZE)
    for x0, x1, gap in zip(x[:-1], x[1:], chain["years_to_next"].iloc[:-1], strict=True):
        ax.text((x0 + x1) / 2, -0.25, f"{gap:.1f} y", ha="center", va="top", fontsize=LABEL_FONT_SIZE,
                color="#555555")
    ax.set_ylim(-0.6, 0.35 + 0.3 * (max(levels) + 1) + 0.1)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.grid(False)
    ax.set_title(title)
    return fig
