"""alliance.centrality: the fast engine against answers worked out by hand and against networkx.

Hand-made graphs carry their answers, derived in the comments; the random graphs and the full
ATOP file are checked against :func:`alliance.centrality.graph_measures`, which is nothing but
networkx calls. Tolerance everywhere: 1e-9, absolute.
"""

from __future__ import annotations

import gzip
import math
import random
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from alliance.centrality import (
    HEADER,
    dyad_year_measures,
    graph_measures,
    read_dyad_years,
    state_centralities_by_year,
    write_measures,
)
from conftest import ROOT

TOL = 1e-9
ATOP = ROOT / "data" / "world" / "atop_v5.1_directed_dyad_year_all_states.csv.gz"
OBLIGATIONS = "atop_defense,atop_offense,atop_neutral,atop_nonagg,atop_consul"


def _fast(edges: list[tuple[int, int]], year: int = 2000) -> dict[int, tuple[float, float, float]]:
    """The engine's {ccode: (degree, eigenvector, betweenness)} for one year's edges."""
    rows = state_centralities_by_year({year: frozenset((min(a, b), max(a, b)) for a, b in edges)})
    assert all(row.year == year for row in rows)
    return {row.ccode: (row.degree, row.eigenvector, row.betweenness) for row in rows}


def _assert_close(got: dict, expected: dict) -> None:
    assert set(got) == set(expected)
    for node, values in expected.items():
        for name, g, e in zip(("degree", "eigenvector", "betweenness"), got[node], values, strict=True):
            assert abs(g - e) <= TOL, (node, name, g, e)


def _both(edges: list[tuple[int, int]]) -> list[dict]:
    """The engine's answer and networkx's, so that each hand-made case checks both."""
    return [_fast(edges), graph_measures(nx.Graph(edges))]


# ---------------------------------------------------------------------------------------------
# Hand-made graphs
# ---------------------------------------------------------------------------------------------


def test_path_of_three():
    # 1 - 2 - 3, n = 3. Degree: ends 1/2, middle 2/2. Betweenness: only the pair {1, 3} has an
    # inner node (2), and there is (n-1)(n-2)/2 = 1 pair to share, so 2 gets 1.0, the ends 0.
    # Eigenvector: l x1 = x2, l x2 = x1 + x3 = 2 x1 -> l = sqrt 2, x = (1, sqrt 2, 1) / 2 (unit norm).
    expected = {1: (0.5, 0.5, 0.0), 2: (1.0, math.sqrt(2) / 2, 1.0), 3: (0.5, 0.5, 0.0)}
    for got in _both([(1, 2), (2, 3)]):
        _assert_close(got, expected)


def test_star():
    # Centre 10, leaves 11-14, n = 5. Degree: centre 4/4 = 1, leaves 1/4. Betweenness: the centre is
    # the only inner node of all C(4, 2) = 6 leaf pairs, out of (n-1)(n-2)/2 = 6: 1.0.
    # Eigenvector: l x_leaf = x_c, l x_c = 4 x_leaf -> x_c = 2 x_leaf, 8 x_leaf^2 = 1 -> x_leaf = 1/sqrt 8.
    leaf = 1 / math.sqrt(8)
    expected = {10: (1.0, 2 * leaf, 1.0), **{v: (0.25, leaf, 0.0) for v in (11, 12, 13, 14)}}
    for got in _both([(10, v) for v in (11, 12, 13, 14)]):
        _assert_close(got, expected)


def test_triangle():
    # Everyone adjacent to everyone (one class of three closed twins): degree 2/2 = 1, no inner node
    # on any shortest path, eigenvector (1, 1, 1)/sqrt 3.
    expected = {v: (1.0, 1 / math.sqrt(3), 0.0) for v in (2, 20, 200)}
    for got in _both([(2, 20), (20, 200), (2, 200)]):
        _assert_close(got, expected)


def test_two_components_of_different_size():
    # Path 1 - 2 - 3 and edge 7 - 8; n = 5 for the whole graph. Degree is over n - 1 = 4: 2 has 2/4,
    # the others 1/4. Betweenness of 2: one pair {1, 3} of (n-1)(n-2)/2 = 6 -> 1/6 (the whole graph's
    # n, not the component's). Eigenvector: the path as above; 0 for the smaller component.
    expected = {1: (0.25, 0.5, 0.0), 2: (0.5, math.sqrt(2) / 2, 1 / 6), 3: (0.25, 0.5, 0.0),
                7: (0.25, 0.0, 0.0), 8: (0.25, 0.0, 0.0)}
    for got in _both([(1, 2), (2, 3), (7, 8)]):
        _assert_close(got, expected)


def test_tie_in_size_goes_to_the_component_with_the_lowest_ccode():
    # Paths 10 - 20 - 30 and 40 - 5 - 50: equal size, and 5 is the lowest ccode, so the eigenvector is
    # the second path's (x = (1, sqrt 2, 1)/2 with 5 in the middle); 0 on the first. n = 6: degree
    # over 5; each middle is on one pair of (n-1)(n-2)/2 = 10.
    half, mid = 0.5, math.sqrt(2) / 2
    expected = {10: (0.2, 0.0, 0.0), 20: (0.4, 0.0, 0.1), 30: (0.2, 0.0, 0.0),
                40: (0.2, half, 0.0), 5: (0.4, mid, 0.1), 50: (0.2, half, 0.0)}
    for got in _both([(10, 20), (20, 30), (40, 5), (5, 50)]):
        _assert_close(got, expected)
    # Two single edges: {3, 9} holds the lowest ccode, though {5, 6} comes first.
    for got in _both([(5, 6), (3, 9)]):
        _assert_close(got, {3: (1 / 3, 1 / math.sqrt(2), 0.0), 9: (1 / 3, 1 / math.sqrt(2), 0.0),
                            5: (1 / 3, 0.0, 0.0), 6: (1 / 3, 0.0, 0.0)})


def test_bowtie_with_closed_twins():
    # Triangles {1, 2, 3} and {3, 4, 5} sharing 3; 1 and 2 (and 4 and 5) are closed twins. n = 5.
    # Betweenness of 3: the 4 pairs between {1, 2} and {4, 5} all pass through 3, of 6 pairs -> 2/3.
    # Eigenvector: x1 = x2 = x4 = x5 = a, x3 = c; l a = a + c, l c = 4a -> l^2 - l - 4 = 0,
    # l = (1 + sqrt 17)/2, c = 4a/l, 4a^2 + c^2 = 1.
    lam = (1 + math.sqrt(17)) / 2
    a = 1 / math.sqrt(4 + 16 / lam**2)
    expected = {3: (1.0, 4 * a / lam, 2 / 3), **{v: (0.5, a, 0.0) for v in (1, 2, 4, 5)}}
    for got in _both([(1, 2), (1, 3), (2, 3), (3, 4), (3, 5), (4, 5)]):
        _assert_close(got, expected)


def test_single_edge_and_years_without_edges():
    # Two nodes: degree 1/1, eigenvector (1, 1)/sqrt 2, betweenness 0 (no pair has an inner node).
    rows = state_centralities_by_year({1990: frozenset({(2, 20)}), 1991: frozenset(), 1989: frozenset({(2, 20)})})
    assert [(r.ccode, r.year) for r in rows] == [(2, 1989), (20, 1989), (2, 1990), (20, 1990)]
    for row in rows:
        assert row[2:] == pytest.approx((1.0, 1 / math.sqrt(2), 0.0), abs=TOL)


def test_edges_must_be_low_high_pairs():
    with pytest.raises(ValueError, match="low < high"):
        state_centralities_by_year({2000: frozenset({(20, 2)})})
    with pytest.raises(ValueError, match="low < high"):
        state_centralities_by_year({2000: frozenset({(2, 2)})})


# ---------------------------------------------------------------------------------------------
# Equality with networkx
# ---------------------------------------------------------------------------------------------


def _random_alliances(rng: random.Random, states: list[int], pacts: int) -> set[tuple[int, int]]:
    """Multilateral pacts (each a clique among random members) plus a few bilateral ones: many twins."""
    edges = set()
    for _ in range(pacts):
        members = rng.sample(states, rng.randint(2, min(12, len(states))))
        edges |= {(min(a, b), max(a, b)) for a in members for b in members if a != b}
    return edges


def _random_years() -> dict[int, frozenset[tuple[int, int]]]:
    rng = random.Random(20240519)
    years: dict[int, frozenset[tuple[int, int]]] = {}
    for year in range(1900, 1960):
        n = rng.randint(2, 60)
        states = rng.sample(range(2, 1000), n)
        if year % 3 == 0:  # sparse and dense Erdos-Renyi graphs, often disconnected
            graph = nx.gnp_random_graph(n, rng.choice([0.03, 0.08, 0.3, 0.7]), seed=rng.randrange(2**32))
            edges = {(min(states[a], states[b]), max(states[a], states[b])) for a, b in graph.edges()}
        elif year % 3 == 1:  # pacts: cliques overlapping, closed twins everywhere
            edges = _random_alliances(rng, states, rng.randint(1, 8))
        else:  # trees and cycles: long paths, many equal-length shortest paths on cycles
            graph = (nx.random_labeled_tree(n, seed=rng.randrange(2**32)) if year % 2
                     else nx.cycle_graph(max(n, 3)))
            states = rng.sample(range(2, 1000), max(n, 3))
            edges = {(min(states[a], states[b]), max(states[a], states[b])) for a, b in graph.edges()}
        years[year] = frozenset(edges)
    for year in (1960, 1961, 1962):  # the size of the alliance network after 1945: up to 200 states
        years[year] = frozenset(_random_alliances(rng, rng.sample(range(2, 1000), 200), 12 * (year - 1958)))
    return years


def _reference(edges_by_year: dict[int, frozenset[tuple[int, int]]]) -> dict[tuple[int, int], tuple]:
    reference = {}
    for year, edges in edges_by_year.items():
        for node, values in graph_measures(nx.Graph(list(edges))).items():
            reference[(node, year)] = values
    return reference


def _assert_rows_match(rows, reference) -> None:
    keys = [(row[0], row[1]) for row in rows]
    assert keys == sorted(reference, key=lambda k: (k[1], k[0])), "one row a state-year, by year then ccode"
    worst = max((abs(a - b) for row in rows for a, b in zip(row[2:], reference[(row[0], row[1])], strict=True)),
                default=0.0)
    assert worst <= TOL


def test_random_graphs_equal_networkx():
    years = _random_years()
    assert sum(map(len, years.values())) > 3000  # the generator did produce sizeable graphs
    _assert_rows_match(state_centralities_by_year(years), _reference(years))


@pytest.mark.slow
def test_full_atop_equals_networkx(tmp_path):
    edges_by_year = read_dyad_years(ATOP)
    assert (len(edges_by_year), min(edges_by_year), max(edges_by_year)) == (204, 1815, 2018)
    # 273,296 directed rows = 136,648 pairs; 124 pairs have an obligation one way only (an edge),
    # 23 have none either way (no edge). Counted with the csv module, independently of this code.
    assert sum(map(len, edges_by_year.values())) == 136_648 - 23
    reference = _reference(edges_by_year)
    _assert_rows_match(state_centralities_by_year(edges_by_year), reference)
    _assert_rows_match(dyad_year_measures(ATOP), reference)
    # ... and the command line's file, read back (floats are written with repr: exact).
    out = tmp_path / "measures.csv"
    result = _cli("network-measures", str(ATOP), "-o", str(out))
    assert result.returncode == 0, result.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == ",".join(HEADER)
    rows = [(int(c), int(y), float(d), float(e), float(b))
            for c, y, d, e, b in (line.split(",") for line in lines[1:])]
    _assert_rows_match(rows, reference)


# ---------------------------------------------------------------------------------------------
# Reading dyad-year files
# ---------------------------------------------------------------------------------------------


def _write(path: Path, text: str) -> Path:
    path.write_bytes(gzip.compress(text.encode()) if path.suffix == ".gz" else text.encode())
    return path


TINY = f"""ccode1,ccode2,year,{OBLIGATIONS}
2,20,1950,1,0,0,0,0
20,2,1950,1,0,0,0,0
2,200,1950,0,0,0,0,1
200,2,1950,0,0,0,0,0
20,200,1950,0,0,0,0,0
200,20,1950,0,0,0,0,0
365,2,1951,0,0,1,0,0
2,365,1951,0,0,0,0,0
710,710,1951,1,1,1,1,1
20,200,1952,0,0,0,0,0
"""
# 1950: {2, 20} (defense, both directions: one edge), {2, 200} (consultation one way only: an edge);
# {20, 200} has no obligation: no edge. 1951: {2, 365} (neutrality, given by 365 only); the
# self-loop 710-710 is ignored. 1952: rows, but no obligation: the year is there, with no edge.
TINY_EDGES = {1950: frozenset({(2, 20), (2, 200)}), 1951: frozenset({(2, 365)}), 1952: frozenset()}


@pytest.mark.parametrize("name", ["tiny.csv", "tiny.csv.gz"])
def test_read_any_obligation_and_directed_rows_collapse(tmp_path, name):
    assert read_dyad_years(_write(tmp_path / name, TINY)) == TINY_EDGES


def test_read_quoted_and_crlf_files_the_same_way(tmp_path):
    # Quotes send the file to the csv-module parser; CRLF line ends stay on the numpy one.
    quoted = TINY.replace("2,20,1950", '"2","20","1950"')
    assert read_dyad_years(_write(tmp_path / "quoted.csv", quoted)) == TINY_EDGES
    assert read_dyad_years(_write(tmp_path / "crlf.csv", TINY.replace("\n", "\r\n"))) == TINY_EDGES
    assert read_dyad_years(_write(tmp_path / "no_final_newline.csv", TINY.rstrip("\n"))) == TINY_EDGES


def test_any_column_other_than_the_three_is_an_obligation(tmp_path):
    text = "year,alpha,ccode2,ccode1\n1900,1,3,4\n1900,0,5,6\n"
    assert read_dyad_years(_write(tmp_path / "other.csv", text)) == {1900: frozenset({(3, 4)})}


def test_header_only_file_has_no_years(tmp_path):
    assert read_dyad_years(_write(tmp_path / "empty.csv", f"ccode1,ccode2,year,{OBLIGATIONS}\n")) == {}


BAD_CASES = [
    # (what, file text, line, column, value, rule)
    ("value 2", TINY.replace("2,200,1950,0,0,0,0,1", "2,200,1950,0,2,0,0,1"), 4, "atop_offense", "2", "zero-one"),
    ("value 01", TINY.replace("365,2,1951,0,0,1", "365,2,1951,0,0,01"), 8, "atop_neutral", "01", "zero-one"),
    ("empty value", TINY.replace("20,2,1950,1,0", "20,2,1950,,0"), 3, "atop_defense", "", "zero-one"),
    ("text ccode", TINY.replace("20,200,1952", "20,USA,1952"), 11, "ccode2", "USA", "integer"),
    ("negative year", TINY.replace("2,20,1950", "2,20,-1950"), 2, "year", "-1950", "integer"),
    ("spaces", TINY.replace("2,20,1950", "2, 20,1950"), 2, "ccode2", " 20", "integer"),
    ("short row", TINY.replace("2,365,1951,0,0,0,0,0", "2,365,1951,0,0,0,0"), 9, None, None, "field-count"),
    ("blank line", TINY.replace("20,200,1952", "\n20,200,1952"), 11, None, None, "blank-row"),
    ("missing column", TINY.replace("ccode1,ccode2,year", "ccode1,ccode2,yr"), 1, "year", None, "missing-column"),
    ("duplicate column", TINY.replace("atop_consul", "atop_defense"), 1, "atop_defense", None, "duplicate-column"),
    ("no obligation column", "ccode1,ccode2,year\n2,20,1950\n", 1, None, None, "missing-column"),
    ("empty file", "", 1, None, None, "empty-file"),
]


@pytest.mark.parametrize(("what", "text", "line", "column", "value", "rule"), BAD_CASES,
                         ids=[case[0] for case in BAD_CASES])
@pytest.mark.parametrize("name", ["bad.csv", "bad.csv.gz"])
def test_bad_file_names_file_line_column_and_rule(tmp_path, name, what, text, line, column, value, rule):
    path = _write(tmp_path / name, text)
    with pytest.raises(ValueError) as raised:
        read_dyad_years(path)
    message = str(raised.value)
    assert message.startswith(f"{path}, line {line}"), message
    assert f"[rule: {rule}]" in message
    if column is not None:
        assert f"column '{column}'" in message
    if value is not None:
        assert f"value {value!r}" in message


# ---------------------------------------------------------------------------------------------
# Writing, and the command line
# ---------------------------------------------------------------------------------------------


def test_write_measures_is_exact_and_deterministic(tmp_path):
    rows = [(2, 1950, 0.1, 1 / 3, 2 / 3), (20, 1950, 1.0, 0.0, 1e-17)]
    write_measures(rows, tmp_path / "a.csv")
    text = (tmp_path / "a.csv").read_text(encoding="utf-8")
    assert text.splitlines() == ["ccode,year,degree,eigenvector,betweenness",
                                 "2,1950,0.1,0.3333333333333333,0.6666666666666666",
                                 "20,1950,1.0,0.0,1e-17"]
    assert [float(x) for x in text.splitlines()[1].split(",")[2:]] == [0.1, 1 / 3, 2 / 3]


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "alliance", *args], capture_output=True, text=True, cwd=ROOT)


def test_cli_writes_header_and_one_row_per_state_year(tmp_path):
    out = tmp_path / "out.csv"
    result = _cli("network-measures", str(_write(tmp_path / "tiny.csv.gz", TINY)), "-o", str(out))
    assert result.returncode == 0, result.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "ccode,year,degree,eigenvector,betweenness"
    # 1950: 2, 20, 200; 1951: 2, 365; 1952: none.
    assert [line.split(",")[:2] for line in lines[1:]] == [
        ["2", "1950"], ["20", "1950"], ["200", "1950"], ["2", "1951"], ["365", "1951"]]
    # 1950 is the path 20 - 2 - 200 (see test_path_of_three).
    assert [float(x) for x in lines[1].split(",")[2:]] == pytest.approx([1.0, math.sqrt(2) / 2, 1.0], abs=TOL)


def test_cli_reports_a_bad_file_without_a_traceback(tmp_path):
    path = _write(tmp_path / "bad.csv", TINY.replace("2,200,1950,0,0,0,0,1", "2,200,1950,0,0,0,0,yes"))
    result = _cli("network-measures", str(path), "-o", str(tmp_path / "out.csv"))
    assert result.returncode == 1
    assert f"{path}, line 4, column 'atop_consul'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out.csv").exists()
