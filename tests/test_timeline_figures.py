"""What a reader sees in the timeline figures: labels that do not overlap and stay inside."""

from __future__ import annotations

import itertools

import pytest

from alliance import timeline
from alliance.data import load
from alliance.figures import timeline as figures

pytestmark = pytest.mark.usefixtures("house_style")


def _label_boxes(fig, wanted):
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    return [t.get_window_extent(renderer) for t in ax.texts if t.get_text() in wanted]


def _assert_apart(boxes):
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b), f"labels overlap: {a} {b}"


def test_overview_labels_do_not_overlap_and_stay_in_the_figure():
    events, eras = load("events"), load("eras")
    fig = figures.timeline_overview(events, eras, list(timeline.CATEGORY_LABELS), "t")
    wanted = set(events["label"].dropna()) - {""}
    boxes = _label_boxes(fig, wanted)
    assert len(boxes) == len(wanted)
    _assert_apart(boxes)
    width, height = fig.bbox.width, fig.bbox.height
    for box in boxes:
        assert box.x0 >= 0 and box.x1 <= width and box.y1 <= height


def test_chain_labels_do_not_overlap():
    events = load("events")
    ids = ["collective-self-defense-cabinet-decision-2014", "peace-security-legislation-enacted-2015",
           "peace-security-legislation-in-force-2016", "three-strategic-documents-2022"]
    chain = timeline.chain_intervals(events, ids)
    fig = figures.chain_figure(chain, "t")
    names = {lab if lab else title for lab, title in zip(chain["label"], chain["title"], strict=True)}
    _assert_apart(_label_boxes(fig, names))
