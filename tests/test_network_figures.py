"""alliance.figures.network: every chart fits the column with text of 9 pt or more, the network
drawings of the real data have no overlapping labels, and the alt texts say what the chart shows
(hand-worked from small inputs)."""

from __future__ import annotations

import datetime as dt

import matplotlib.pyplot as plt
import networkx as nx
import pandas as pd
import pytest

from alliance import network
from alliance.data import load
from alliance.figures import network as draw
from alliance.figures import style


@pytest.fixture(scope="module")
def data():
    style.use_house_style()
    return load("instruments"), load("frameworks"), load("framework_members")


def _fits_the_column(fig) -> None:
    assert fig.get_figwidth() * style.CSS_PX_PER_INCH <= style.MAX_WIDTH_PX
    assert style.smallest_font_pt(fig) >= style.MIN_FONT_PT


def test_the_real_network_drawings_fit_the_column_and_no_label_overlaps_another(data):
    instruments, frameworks, members = data
    latest = network.latest_change(instruments, frameworks)
    dates = [dt.date(2000, 12, 31), dt.date(2015, 12, 31), latest]
    signed = [network.partner_network(instruments, frameworks, members, d, basis="signed") for d in dates]
    positions = network.fixed_layout(signed)
    for on, graph in zip(dates, signed, strict=True):
        fig = draw.network_figure(network.partner_network(instruments, frameworks, members, on), graph, positions,
                                  f"The network on {on}")
        _fits_the_column(fig)
        assert draw.label_overlaps(fig) == []
        assert {t.get_text() for t in fig.axes[0].texts} == {n for n in graph.nodes if graph.degree(n) > 0}
        plt.close(fig)


def test_label_overlaps_finds_two_labels_drawn_on_one_spot():
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.text(0.5, 0.5, "AUS")
    ax.text(0.5, 0.5, "NZL")
    ax.text(0.05, 0.05, "USA")
    assert draw.label_overlaps(fig) == [("AUS", "NZL")]
    plt.close(fig)


def _yearly(partners: list[int]) -> pd.DataFrame:
    n = len(partners)
    return pd.DataFrame({"year": range(2000, 2000 + n), "partners": partners, "eigenvector": [0.5] * n,
                         "betweenness": [0.0] * n, "latticework": [0.2] * n, "quad_density": [0.5] * n,
                         "us_japan_korea_density": [1.0] * n, "us_japan_philippines_density": [0.0] * n})


def test_the_year_charts_fit_the_column():
    yearly = _yearly([1, 1, 3])
    counts = pd.DataFrame({t: [1, 2] for t in network.INSTRUMENT_WEIGHTS}, index=[2000, 2001])
    for fig in (draw.partners_figure(yearly, _yearly([1, 2, 4]), "Partners"),
                draw.measures_figure(yearly, yearly, yearly, "Measures"),
                draw.types_figure(counts, "Types"),
                draw.density_figure(yearly, {"quad_density": "Quad"}, "Density")):
        _fits_the_column(fig)
        plt.close(fig)


def test_alt_texts_state_the_values_drawn():
    graph = nx.Graph([("JPN", "USA"), ("USA", "KOR")])
    assert draw.network_alt("31 December 2000", graph, "United States (USA)", "none") == (
        "Network drawing on 31 December 2000: 3 countries and 2 ties in force. Japan's partners by instruments in "
        "force or groupings: United States (USA). Tied to Japan only by instruments signed but not known to be in "
        "force: none.")
    sole = {"sole_partner": "United States", "sole_from": 2000, "sole_to": 2001}
    assert draw.partners_alt(_yearly([1, 1, 3]), _yearly([1, 2, 4]), sole) == (
        "Step chart of Japan's partners at each year-end, 2000–2002. In force: one partner, the United States, "
        "from 2000 to 2001, then rising to 3 in 2002; counting signed instruments too, 4.")
    counts = pd.DataFrame({t: [1, 2] for t in network.INSTRUMENT_WEIGHTS}, index=[2000, 2001])
    # 2001: 2 treaties; 2 + 2 forces agreements; 3 × 2 routine; 3 × 2 others; 2000: 9 types × 1
    assert draw.types_alt(counts) == (
        "Stacked area chart of instruments in force at each year-end, 2000–2001, in four groups. In 2000: 9 in all; "
        "in 2001: defence treaties 2, forces on each other's soil (status of forces, reciprocal access) 4, "
        "logistics, information security, equipment 6, cooperation arrangements, declarations, 2+2 6.")


def test_grouped_types_sum_every_type_into_one_group():
    counts = pd.DataFrame({t: [i + 1] for i, t in enumerate(network.INSTRUMENT_WEIGHTS)}, index=[2020])
    grouped = draw.grouped_types(counts)
    assert int(grouped.sum(axis=1).iloc[0]) == sum(range(1, 10))  # nothing lost, nothing twice
    # routine group: acsa (4th type, 4), information security (5), equipment (6)
    assert int(grouped.at[2020, "Logistics, information security, equipment"]) == 4 + 5 + 6
