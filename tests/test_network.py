"""alliance.network: the as-of-date rules and every measure, on hand-made data with answers
worked out in the comments; and the network data against the issue's minimums."""

from __future__ import annotations

import datetime as dt
import itertools
import math

import networkx as nx
import pandas as pd
import pytest

from alliance import network
from alliance.data import load

D = dt.date


def _instruments(*rows: tuple[str, str, str, str, str, str]) -> pd.DataFrame:
    """(id, parties, type, signed, in_force, ended); empty text means unknown."""
    frame = pd.DataFrame(rows, columns=["id", "parties", "type", "signed", "in_force", "ended"])
    return frame.replace("", None)


ONE = _instruments(("a", "JPN;AUS", "acsa", "2010-05-19", "2013-01-31", "2017-09-06"))


@pytest.mark.parametrize(("day", "active"), [
    (D(2010, 5, 19), False),  # signed, not yet in force: does not count
    (D(2013, 1, 30), False),  # the day before entry into force
    (D(2013, 1, 31), True),  # the day of entry into force counts
    (D(2017, 9, 5), True),  # the last day before it ended
    (D(2017, 9, 6), False),  # the day it ended no longer counts
])
def test_an_instrument_counts_from_entry_into_force_to_the_day_before_it_ends(day, active):
    assert (len(network.active_instruments(ONE, day)) == 1) is active


def test_a_declaration_counts_from_the_day_it_is_issued():
    declaration = _instruments(("d", "JPN;IND", "security_declaration", "2008-10-22", "", ""))
    assert network.active_instruments(declaration, D(2008, 10, 21)).empty
    assert len(network.active_instruments(declaration, D(2008, 10, 22))) == 1


def test_an_agreement_without_entry_into_force_counts_only_on_the_signed_basis():
    agreement = _instruments(("i", "JPN;IND", "information_security_agreement", "2015-12-12", "", ""))
    assert network.active_instruments(agreement, D(2020, 1, 1)).empty  # in force: not known to be
    assert len(network.active_instruments(agreement, D(2015, 12, 12), basis="signed")) == 1
    assert network.active_instruments(agreement, D(2015, 12, 11), basis="signed").empty  # not yet signed
    with pytest.raises(ValueError, match="basis must be one of in_force, signed"):
        network.active_instruments(agreement, D(2020, 1, 1), basis="ratified")


def test_partial_dates_count_from_the_last_day_of_their_period_and_end_on_the_first():
    partial = _instruments(
        ("m", "JPN;GBR", "information_security_agreement", "2013-07-04", "2014-01", ""),  # month
        ("y", "JPN;USA", "two_plus_two_framework", "1990", "", ""),  # year
        ("e", "JPN;USA", "acsa", "1996-04-15", "1996-10", "2017"),  # ends in a year
    )
    ids = lambda day: set(network.active_instruments(partial, day)["id"])  # noqa: E731
    assert ids(D(2014, 1, 30)) == {"y", "e"}  # "2014-01" counts only from 31 January
    assert ids(D(2014, 1, 31)) == {"m", "y", "e"}
    assert "y" not in ids(D(1990, 12, 30)) and "y" in ids(D(1990, 12, 31))
    assert "e" not in ids(D(1996, 10, 30)) and "e" in ids(D(1996, 10, 31))
    assert "e" in ids(D(2016, 12, 31)) and "e" not in ids(D(2017, 1, 1))  # "2017" ends it from 1 January


FRAMEWORKS = pd.DataFrame({
    "id": ["q1", "q2"], "grouping": ["quad", "quad"],
    "start": ["2007", "2017-11-12"], "end": ["2007", None],
})
MEMBERS = pd.DataFrame({"grouping": ["quad"] * 4, "iso3": ["USA", "JPN", "AUS", "IND"]})


def test_grouping_phases_are_active_from_start_through_end():
    assert network.active_groupings(FRAMEWORKS, D(2007, 12, 30)) == []  # "2007" starts on 31 December
    assert network.active_groupings(FRAMEWORKS, D(2007, 12, 31)) == ["quad"]  # ... and ends on it, inclusive
    assert network.active_groupings(FRAMEWORKS, D(2010, 6, 1)) == []  # the lapse
    assert network.active_groupings(FRAMEWORKS, D(2017, 11, 12)) == ["quad"]


def test_partner_network_sums_typed_weights_and_lists_what_each_tie_carries():
    instruments = _instruments(
        ("t", "JPN;USA", "mutual_defence_treaty", "1960-01-19", "1960-06-23", ""),
        ("s", "JPN;USA", "status_of_forces_agreement", "1960-01-19", "1960-06-23", ""),
        ("x", "USA;JPN;KOR", "information_security_agreement", "2014-12-29", "2014-12-29", ""),
    )
    graph = network.partner_network(instruments, FRAMEWORKS, MEMBERS, D(2018, 1, 1))
    usa_jpn = graph.edges["JPN", "USA"]
    assert usa_jpn["weight"] == 4 + 3 + 2 + 1  # treaty, SOFA, trilateral arrangement, the Quad
    assert usa_jpn["instruments"] == ["s", "t", "x"] and usa_jpn["groupings"] == ["quad"]
    assert graph.edges["KOR", "USA"]["weight"] == 2  # the trilateral instrument joins every pair
    assert graph.edges["AUS", "IND"]["weight"] == 1  # only the Quad
    equal = network.partner_network(instruments, FRAMEWORKS, MEMBERS, D(2018, 1, 1), equal_weights=True)
    assert equal.edges["JPN", "USA"]["weight"] == 4  # four things, each weighing 1
    only_ties = network.partner_network(instruments, FRAMEWORKS, MEMBERS, D(2018, 1, 1), include_groupings=False)
    assert not only_ties.has_edge("AUS", "IND")


def _graph(edges: list[tuple[str, str]], weight: float = 1.0) -> nx.Graph:
    graph = nx.Graph()
    graph.add_edges_from((a, b, {"weight": weight}) for a, b in edges)
    return graph


def test_latticework_index_on_graphs_with_known_answers():
    star = _graph([("USA", "A"), ("USA", "B"), ("USA", "C")])
    assert network.latticework_index(star) == 0.0  # pure hub and spoke
    triangle = _graph([("USA", "A"), ("USA", "B"), ("A", "B")])
    assert network.latticework_index(triangle) == pytest.approx(1 / 3)  # 1 ally-ally tie, 2 spokes
    complete = nx.complete_graph(["USA", "A", "B", "C"])
    nx.set_edge_attributes(complete, 1.0, "weight")
    assert network.latticework_index(complete) == pytest.approx(0.5)  # (k − 1)/(k + 1) with k = 3
    weighted = _graph([("USA", "A"), ("USA", "B")], weight=3.0)
    weighted.add_edge("A", "B", weight=2.0)
    assert network.latticework_index(weighted) == pytest.approx(2 / 8)  # 2 / (2 + 3 + 3)
    assert network.latticework_index(weighted, weighted=False) == pytest.approx(1 / 3)
    outsider = _graph([("USA", "A"), ("B", "C")])
    assert network.latticework_index(outsider) == 0.0  # B–C are not U.S. allies: not counted
    assert math.isnan(network.latticework_index(_graph([("A", "B")])))


def test_density_counts_present_pairs_among_the_named_countries():
    graph = _graph([("USA", "JPN"), ("JPN", "AUS")])
    assert network.density(graph, ["USA", "JPN", "AUS", "IND"]) == pytest.approx(2 / 6)
    assert network.density(graph, ["USA", "JPN", "KOR"]) == pytest.approx(1 / 3)  # KOR absent: untied


def test_node_measures_on_a_path_and_a_star():
    path = _graph([("USA", "JPN"), ("JPN", "AUS")], weight=2.0)
    measures = network.node_measures(path, "JPN")
    assert measures["partners"] == 2
    assert measures["degree"] == 1.0  # tied to both other nodes
    assert measures["strength"] == 4.0
    assert measures["betweenness"] == 1.0  # the only path USA–AUS runs through Japan
    assert measures["eigenvector"] == pytest.approx(2 ** -0.5)  # path of 3: (1/2, 1/√2, 1/2)
    lonely = network.node_measures(_graph([("USA", "KOR")]), "KOR")
    assert lonely["betweenness"] == 0.0 and lonely["eigenvector"] == pytest.approx(2 ** -0.5)


def test_fixed_layout_keeps_a_country_in_place_whatever_the_graph():
    small, big = _graph([("USA", "JPN")]), _graph([("USA", "JPN"), ("JPN", "AUS")])
    first = network.fixed_layout([small, big])
    again = network.fixed_layout([small, big])
    assert first == again and set(first) == {"USA", "JPN", "AUS"}


def test_fixed_layout_leaves_room_for_a_label_between_any_two_countries():
    crowd = nx.empty_graph([f"C{i:02d}" for i in range(20)])
    crowd.add_edges_from((f"C{i:02d}", f"C{i + 1:02d}") for i in range(19))
    positions = network.fixed_layout([crowd], width=6.0, height=3.6, min_gap=0.5)
    assert all(0 <= x <= 6.0 and 0 <= y <= 3.6 for x, y in positions.values())
    for a, b in itertools.combinations(positions, 2):
        (x1, y1), (x2, y2) = positions[a], positions[b]
        assert math.hypot(x2 - x1, y2 - y1) >= 0.5 - 0.002  # rounding to 3 decimals may take 0.001 a side
    assert all(round(v, 3) == v for p in positions.values() for v in p)


def test_the_spread_moves_two_points_too_close_apart_by_half_the_shortfall_each():
    spread = network._spread({"A": (1.0, 1.0), "B": (1.2, 1.0)}, 4.0, 2.0, min_gap=0.5)
    assert spread["A"][0] == pytest.approx(0.85, abs=1e-5) and spread["B"][0] == pytest.approx(1.35, abs=1e-5)
    assert spread["A"][1] == spread["B"][1] == 1.0


def test_the_spread_moves_a_point_off_a_line_between_two_others():
    points = {"A": (0.0, 1.0), "B": (4.0, 1.0), "C": (2.0, 1.1)}  # C sits 0.1 above the line A–B
    spread = network._spread(points, 4.0, 2.0, min_gap=0.5, edges=[("A", "B")], clearance=0.3)
    assert spread["C"] == pytest.approx((2.0, 1.3), abs=1e-5)  # pushed straight up to 0.3 from the line
    assert spread["A"] == (0.0, 1.0) and spread["B"] == (4.0, 1.0)


def test_off_segment_measures_only_beside_the_segment():
    assert network._off_segment((1.0, 2.0), (0.0, 0.0), (4.0, 0.0)) == (2.0, (0.0, 1.0))
    assert network._off_segment((5.0, 0.5), (0.0, 0.0), (4.0, 0.0)) is None  # past the end of the line


def test_kinds_keep_only_those_instrument_types():
    instruments = _instruments(
        ("t", "JPN;USA", "mutual_defence_treaty", "1960-01-19", "1960-06-23", ""),
        ("a", "JPN;AUS", "acsa", "2010-05-19", "2013-01-31", ""),
    )
    graph = network.partner_network(instruments, FRAMEWORKS, MEMBERS, D(2018, 1, 1), include_groupings=False,
                                    kinds={"acsa"})
    assert sorted(graph.edges) == [("AUS", "JPN")] and "USA" not in graph


def test_edge_list_and_graphml_describe_the_same_ties():
    graph = network.partner_network(
        _instruments(("x", "USA;JPN;KOR", "information_security_agreement", "2014-12-29", "", "")),
        FRAMEWORKS, MEMBERS, D(2015, 1, 1), basis="signed")
    table = network.edge_table(graph)
    assert list(table[["country_a", "country_b"]].itertuples(index=False, name=None)) == [
        ("JPN", "KOR"), ("JPN", "USA"), ("KOR", "USA")]
    back = nx.parse_graphml(network.graphml_text(graph))
    assert sorted(tuple(sorted(e)) for e in back.edges) == [("JPN", "KOR"), ("JPN", "USA"), ("KOR", "USA")]
    assert back.edges["JPN", "KOR"]["instruments"] == "x"


def test_atop_partners_reads_either_side_of_the_dyad():
    atop = pd.DataFrame({
        "ccode1": [2, 740, 740], "stateabb1": ["USA", "JPN", "JPN"], "ccode2": [740, 900, 732],
        "stateabb2": ["JPN", "AUL", "ROK"], "year": [2018, 2018, 2018],
        "atop_defense": [1, 0, 0], "atop_offense": [0, 0, 0], "atop_neutral": [0, 0, 0],
        "atop_nonagg": [1, 1, 0], "atop_consul": [1, 0, 0],
    })
    table = network.atop_partners(atop, 2018)
    assert list(table["ccode"]) == [2, 900]  # the all-zero ROK row is no tie
    assert list(table["atop_defense"]) == [1, 0]


# --- the real data -------------------------------------------------------------------------

def test_the_data_meet_the_issue_minimums():
    instruments, frameworks = load("instruments"), load("frameworks")
    assert len(instruments) >= 60
    assert frameworks["grouping"].nunique() >= 6
    partners = set(";".join(instruments["parties"]).split(";"))
    assert {"USA", "AUS", "IND", "GBR", "FRA", "CAN", "DEU", "ITA", "PHL", "KOR", "NZL"} <= partners


def test_every_grouping_has_members_and_every_member_a_grouping():
    frameworks, members = load("frameworks"), load("framework_members")
    assert set(frameworks["grouping"]) == set(members["grouping"])
    assert (members.groupby("grouping").size() >= 3).all()
