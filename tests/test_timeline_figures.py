"""What a reader sees in the timeline figures: column width, text >= 9 pt, labels that do not
overlap and stay inside, and charts that degrade (fewer labels) instead of failing."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest

from alliance import timeline
from alliance.data import load
from alliance.figures import style
from alliance.figures import timeline as figures

pytestmark = pytest.mark.usefixtures("house_style")


def _boxes(fig, wanted):
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    return [t.get_window_extent(renderer) for ax in fig.axes for t in ax.texts if t.get_text() in wanted]


def _assert_apart(boxes):
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b), f"labels overlap: {a} {b}"


def _assert_designed_for_the_page(fig):
    assert fig.get_figwidth() <= style.MAX_WIDTH_PX / 96
    assert style.smallest_font_pt(fig) >= 9


def _overview(events, eras):
    return figures.timeline_overview(events, eras, timeline.overview_values(events, eras))


def test_every_category_has_one_lane():
    lanes = [c for categories in figures.LANES.values() for c in categories]
    assert sorted(lanes) == sorted(timeline.CATEGORY_LABELS)
    assert figures.lane_of("two_plus_two") == "2+2 meetings"
    with pytest.raises(ValueError, match="add it to LANES"):
        figures.lane_of("parade")


def test_overview_labels_do_not_overlap_and_stay_in_the_figure():
    events, eras = load("events"), load("eras")
    chart = _overview(events, eras)
    _assert_designed_for_the_page(chart.fig)
    wanted = set(events["label"].dropna()) - {""}
    boxes = _boxes(chart.fig, wanted)
    assert len(boxes) == len(wanted)  # today every milestone finds room
    assert "left unlabelled" not in chart.caption
    _assert_apart(boxes)
    width, height = chart.fig.bbox.width, chart.fig.bbox.height
    for box in boxes:
        assert box.x0 >= 0 and box.x1 <= width and box.y1 <= height


def test_overview_alt_text_and_caption_split_the_two_plus_two_lane():
    events, eras = load("events"), load("eras")
    chart = _overview(events, eras)
    scc = len(timeline.scc_meetings(events))
    lane = int((events["category"] == "two_plus_two").sum())
    for text in (chart.alt, chart.caption):
        assert f"The 2+2 lane holds {lane} meetings: {scc} " in text
        assert f"and {lane - scc} with other partners" in text


def test_a_crowded_overview_leaves_labels_out_and_says_how_many():
    events, eras = load("events"), load("eras")
    crowd = pd.DataFrame([{**events.iloc[-1].to_dict(), "id": f"crowd-{i:02d}", "date": f"2025-06-{i + 1:02d}",
                           "label": f"A long crowded label {i:02d}"} for i in range(20)])
    grown = pd.concat([events, crowd], ignore_index=True)
    chart = _overview(grown, eras)
    _assert_designed_for_the_page(chart.fig)
    shown = _boxes(chart.fig, set(grown["label"].dropna()) - {""})
    _assert_apart(shown)
    left_out = int((grown["label"].fillna("") != "").sum()) - len(shown)
    assert left_out > 0
    assert f" {left_out} of the " in chart.caption and "left unlabelled for lack of room" in chart.caption


@pytest.mark.parametrize(("n", "most", "kept"), [
    (5, 10, [0, 1, 2, 3, 4]),   # room for all
    (10, 5, [1, 3, 5, 7, 9]),   # every 2nd, counted back from the latest
    (10, 3, [1, 5, 9]),         # every 4th (every 3rd would need 4 labels)
    (0, 3, []),
])
def test_thinned_ticks(n, most, kept):
    assert figures.thinned_ticks(n, most) == kept


def _gaps_chart(events):
    spans = timeline.era_spans(load("eras"), events)
    return figures.gaps_chart(timeline.measured_gaps(events), timeline.scc_values(events, spans))


def _many_meetings(n):
    """The real events plus ``n`` made-up U.S.-Japan 2+2 meetings, one a month from 2030."""
    events = load("events")
    template = timeline.scc_meetings(events).iloc[-1].to_dict()
    extra = [{**template, "id": f"scc-test-{i:03d}", "date": f"{2030 + i // 12}-{i % 12 + 1:02d}-15",
              "label": ""} for i in range(n)]
    return pd.concat([events, pd.DataFrame(extra)], ignore_index=True)


@pytest.mark.parametrize("extra", [0, 200])
def test_gaps_chart_axis_labels_stay_apart_and_clear_of_the_source_line(extra):
    chart = _gaps_chart(_many_meetings(extra))
    _assert_designed_for_the_page(chart.fig)
    style.add_source_line(chart.fig, "the book's events data, a source line long enough to matter")
    chart.fig.canvas.draw()
    renderer = chart.fig.canvas.get_renderer()
    ax = chart.fig.axes[0]
    ticks = [t.get_window_extent(renderer) for t in ax.get_xticklabels() if t.get_text()]
    assert 2 <= len(ticks) <= 25
    _assert_apart(ticks)
    source = next(t for t in chart.fig.texts if t.get_text().startswith("Source:")).get_window_extent(renderer)
    title = ax.xaxis.label.get_window_extent(renderer)
    assert source.y1 <= title.y0  # wholly below the x-axis title
    assert all(not source.overlaps(t) for t in ticks)


def test_chain_labels_do_not_overlap_and_mark_steps_after_the_essay():
    events = load("events")
    chain = timeline.essay_chain(events)
    chart = figures.chain_chart(chain, timeline.essay_values(events, chain))
    _assert_designed_for_the_page(chart.fig)
    names = {t.get_text() for t in chart.fig.axes[0].texts if not t.get_text().endswith(" y")}
    assert sum(n.endswith("(after the essay)") for n in names) == int(chain["after_essay"].sum())
    assert sum(n.endswith("(added by the book)") for n in names) == len(timeline.ESSAY_ADDED)
    assert "1 that the book adds" in chart.caption and "step(s)" not in chart.caption
    _assert_apart(_boxes(chart.fig, names))


def test_events_per_year_chart_is_designed_for_the_page():
    events = load("events")
    spans = timeline.era_spans(load("eras"), events)
    chart = figures.events_per_year_chart(timeline.events_per_year(events), spans,
                                          timeline.pace_values(events, spans))
    _assert_designed_for_the_page(chart.fig)
    per_year = timeline.events_per_year(events)
    assert f"peak at {per_year.max()} ({per_year.idxmax()}" in chart.fig.axes[0].get_title(loc="left")
