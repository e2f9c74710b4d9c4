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
    # 2001: 2 treaties; 2 + 2 forces agreements; 4 × 2 routine; 4 × 2 others; 2000: 11 types × 1
    assert draw.types_alt(counts) == (
        "Stacked area chart of instruments in force at each year-end, 2000–2001, in four groups. In 2000: 11 in "
        "all; in 2001: defence treaties 2, forces on each other's soil (status of forces, reciprocal access) 4, "
        "logistics, information security, equipment, joint development 8, cooperation arrangements, declarations, "
        "2+2, security assistance 8.")


def test_grouped_types_sum_every_type_into_one_group():
    counts = pd.DataFrame({t: [i + 1] for i, t in enumerate(network.INSTRUMENT_WEIGHTS)}, index=[2020])
    grouped = draw.grouped_types(counts)
    assert int(grouped.sum(axis=1).iloc[0]) == sum(range(1, 12))  # nothing lost, nothing twice
    # routine group: acsa (4th type, 4), information security (5), equipment (6), joint development (10)
    assert int(grouped.at[2020, "Logistics, information security, equipment, joint development"]) == 4 + 5 + 6 + 10


POSITIONS = {"JPN": (1.0, 1.0), "USA": (2.0, 1.0), "KOR": (3.0, 2.0), "GBR": (0.0, 0.0)}
NAMES = {"JPN": "Japan", "USA": "United States", "KOR": "South Korea", "GBR": "<b>United Kingdom</b>"}


def test_network_view_draws_ties_by_status_and_only_the_countries_tied():
    view = draw.network_view([["JPN", "USA"]], [["GBR", "JPN"]], POSITIONS, NAMES)
    solid, dashed, nodes = view.data
    assert solid["x"] == [1.0, 2.0, None] and solid["line"]["dash"] == "solid"
    assert dashed["x"] == [0.0, 1.0, None] and dashed["line"]["dash"] == "dash"
    assert nodes["text"] == ["GBR", "JPN", "USA"]  # KOR is tied to nothing this year
    assert nodes["marker"]["color"][0] == "white"  # hollow: tied only by a signed instrument
    assert nodes["hovertext"][0] == "&lt;b&gt;United Kingdom&lt;/b&gt; (GBR)<br>1 tie signed only"  # names escaped
    assert nodes["hovertext"][1] == "Japan (JPN)<br>1 tie in force, 1 tie signed only"
    assert view.layout["xaxis"]["range"] == [-0.4, 3.4]  # fixed: every year's drawing has the same frame


def test_year_chart_has_a_view_and_a_readout_for_every_year():
    views = [{"year": y, "date": f"31 December {y}", "in_force": [["JPN", "USA"]], "signed_only": [],
              "partners": "United States (USA)",
              "signed_only_partners": "none", "n_partners": 1, "n_signed_only": 0, "eigenvector": 0.7071,
              "betweenness": 0.0, "latticework": None} for y in (1952, 1953)]
    chart = draw.year_chart(views, POSITIONS, NAMES, "fig-x", "alt")
    assert set(chart.views) == set(chart.readouts) == {"year=1952", "year=1953"}
    assert chart.initial == "year=1953"
    assert chart.readouts["year=1952"] == (
        "31 December 1952. Japan's partners by instruments in force or groupings (1): United States (USA). Tied "
        "only by signed instruments (0): none. Eigenvector centrality 0.71, betweenness 0.00, latticework index –.")


def test_kinds_chart_keys_every_subset_and_names_the_treaty_only_view():
    readouts = pd.DataFrame({"mutual_defence_treaty": [False, True, False, True], "acsa": [False, False, True, True],
                             "partners": [0, 1, 1, 2], "latticework": [float("nan"), 0.0, 0.0, 0.2]})
    view = draw.network_view([["JPN", "USA"]], [], POSITIONS, NAMES)
    chart = draw.kinds_chart(readouts, view, "fig-x", "alt")
    assert set(chart.readouts) == {"kinds=", "kinds=T", "kinds=L", "kinds=L,T"}
    assert chart.initial == "kinds=L,T" and list(chart.views) == ["kinds=L,T"]
    assert chart.readouts["kinds=T"] == (
        "Defence treaties only (what treaty-only alliance data see): Japan's partners 1, latticework index 0.00.")
    assert chart.readouts["kinds=L,T"] == "Every kind of tie: Japan's partners 2, latticework index 0.20."
    assert chart.readouts["kinds="] == "No kind of tie ticked: no network."


def test_measures_chart_gives_each_value_on_hover():
    table = pd.DataFrame({"year": [2000, 2001], "date": ["2000-12-31", "2001-06-30"], "eigenvector": [0.5, 0.61234],
                          "betweenness": [0.0, 0.1], "latticework": [float("nan"), 0.25]})
    chart = draw.measures_chart(table, table, table, "fig-x", "alt")
    eigen = chart.views[""].data[0]
    assert eigen["y"] == [0.5, 0.612]  # rounded to 3 decimals
    assert eigen["hovertext"][1] == "30 June 2001<br>eigenvector (in force): 0.612"  # the day the data reach
    assert chart.views[""].data[2]["hovertext"][0] == "31 December 2000<br>latticework (in force): –"


def test_kinds_figure_fits_and_its_alt_text_lists_each_preset():
    presets = pd.DataFrame({"preset": ["Defence treaties only", "Every instrument and grouping"],
                            "partners": [1, 11], "latticework": [0.0, 0.514]})
    fig = draw.kinds_figure(presets, "What counts as a tie")
    _fits_the_column(fig)
    plt.close(fig)
    assert draw.kinds_alt(presets) == (
        "Two bar charts, Japan's partners and the latticework index, by what counts as a tie. Defence treaties "
        "only: 1 partner, index 0.00; Every instrument and grouping: 11 partners, index 0.51.")
