"""Japan's partner network as of any date: instruments, groupings, and the measures on them.

Pure functions over the ``instruments``, ``frameworks`` and ``framework_members`` tables (and
``countries`` for names). networkx is the graph API throughout.

**As-of rules** (a partial date stands for its whole period, and the book counts only what the
sources make certain):

* an instrument counts from its entry into force; where the data give none (declarations, 2+2
  frameworks, or agreements whose entry into force no source gave) it counts from its signing.
  A day-precise date counts on that day; a month or a year counts from its last day;
* an instrument stops counting on the day it ended (on that day it is no longer in force); a
  month or a year stops it from its first day;
* a grouping's phase is active from its start (last day of a partial date) through its end
  (inclusive, to the last day of a partial date); a phase without an end continues. A grouping
  is active when any of its phases is.

**Edges** join every pair of parties of an active instrument, and every pair of members of an
active grouping. An edge's ``weight`` is the sum of the weights of what it carries
(:data:`INSTRUMENT_WEIGHTS`, :data:`GROUPING_WEIGHT`); with ``equal_weights=True`` every
instrument and grouping counts 1, so that findings can be checked not to depend on the weights.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
from collections.abc import Iterable, Sequence

import networkx as nx
import pandas as pd

from alliance.timeline import period_bounds

__all__ = [
    "GROUPING_WEIGHT",
    "INSTRUMENT_WEIGHTS",
    "active_groupings",
    "active_instruments",
    "atop_partners",
    "counts_by_type",
    "density",
    "edge_table",
    "fixed_layout",
    "graphml_text",
    "latest_change",
    "latticework_index",
    "membership_graph",
    "node_measures",
    "partner_network",
    "yearly_measures",
]

#: Weight of each kind of instrument: a defence treaty binds most; access and status-of-forces
#: agreements put forces on each other's soil; logistics, information and equipment agreements,
#: and a convention setting up a joint development programme (GCAP), make cooperation routine;
#: declarations and ministerial frameworks set it up. An Official Security Assistance exchange of
#: notes weighs 1: it is a one-off grant of equipment to a partner's forces, binding neither side
#: to any standing cooperation, so it counts like a declaration, not like a framework agreement.
INSTRUMENT_WEIGHTS: dict[str, float] = {
    "mutual_defence_treaty": 4.0,
    "reciprocal_access_agreement": 3.0,
    "status_of_forces_agreement": 3.0,
    "acsa": 2.0,
    "information_security_agreement": 2.0,
    "equipment_technology_transfer_agreement": 2.0,
    "defence_cooperation_arrangement": 2.0,
    "security_declaration": 1.0,
    "two_plus_two_framework": 1.0,
    "joint_development_convention": 2.0,
    "official_security_assistance": 1.0,
}
#: Weight of co-membership in one active grouping.
GROUPING_WEIGHT = 1.0


def _first_day(text: str) -> dt.date:
    """First day of a partial date (the timeline's own reading of ``YYYY``/``YYYY-MM``/``YYYY-MM-DD``)."""
    return period_bounds(text)[0].date()


def _last_day(text: str) -> dt.date:
    """Last day of a partial date."""
    return period_bounds(text)[1].date()


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value)) or value == ""


def latest_change(instruments: pd.DataFrame, frameworks: pd.DataFrame) -> dt.date:
    """The last day on which the network changes according to the data (the latest signing,
    entry into force, end, or phase start or end), by the as-of rules above."""
    dates = [_last_day(v) for column in ("signed", "in_force") for v in instruments[column] if not _missing(v)]
    dates += [_first_day(v) for v in instruments["ended"] if not _missing(v)]
    dates += [_last_day(v) for column in ("start", "end") for v in frameworks[column] if not _missing(v)]
    return max(dates)


def active_instruments(instruments: pd.DataFrame, on: dt.date) -> pd.DataFrame:
    """The instruments in force on ``on``, by the as-of rules of this module."""
    keep = []
    for row in instruments.itertuples(index=False):
        start = row.signed if _missing(row.in_force) else row.in_force
        started = _last_day(start) <= on
        ended = not _missing(row.ended) and _first_day(row.ended) <= on
        keep.append(started and not ended)
    return instruments[keep].reset_index(drop=True)


def active_groupings(frameworks: pd.DataFrame, on: dt.date) -> list[str]:
    """The groupings with at least one phase active on ``on`` (sorted)."""
    active = set()
    for row in frameworks.itertuples(index=False):
        if _last_day(row.start) <= on and (_missing(row.end) or on <= _last_day(row.end)):
            active.add(row.grouping)
    return sorted(active)


def _add_tie(graph: nx.Graph, a: str, b: str, weight: float, kind: str, label: str) -> None:
    if graph.has_edge(a, b):
        data = graph.edges[a, b]
        data["weight"] += weight
        data[kind] = sorted([*data[kind], label])
    else:
        graph.add_edge(a, b, weight=weight, instruments=[], groupings=[])
        graph.edges[a, b][kind] = [label]


def partner_network(instruments: pd.DataFrame, frameworks: pd.DataFrame, members: pd.DataFrame, on: dt.date,
                    *, equal_weights: bool = False, include_groupings: bool = True) -> nx.Graph:
    """The weighted, typed network of security ties on ``on``.

    Edge attributes: ``weight`` (sum over what the edge carries), ``instruments`` and
    ``groupings`` (sorted ids). Nodes are ISO3 codes; Japan is always a node.
    """
    graph = nx.Graph()
    graph.add_node("JPN")
    for row in active_instruments(instruments, on).sort_values("id").itertuples(index=False):
        weight = 1.0 if equal_weights else INSTRUMENT_WEIGHTS[row.type]
        for a, b in itertools.combinations(sorted(row.parties.split(";")), 2):
            _add_tie(graph, a, b, weight, "instruments", row.id)
    if include_groupings:
        for grouping in active_groupings(frameworks, on):
            countries = sorted(members.loc[members["grouping"] == grouping, "iso3"])
            for a, b in itertools.combinations(countries, 2):
                _add_tie(graph, a, b, 1.0 if equal_weights else GROUPING_WEIGHT, "groupings", grouping)
    return _canonical(graph)


def _canonical(graph: nx.Graph) -> nx.Graph:
    """The same graph with nodes and edges inserted in sorted order (stable drawings, files)."""
    out = nx.Graph()
    out.add_nodes_from(sorted(graph.nodes))
    out.add_edges_from(sorted((min(a, b), max(a, b), d) for a, b, d in graph.edges(data=True)))
    return out


def membership_graph(frameworks: pd.DataFrame, members: pd.DataFrame, on: dt.date) -> nx.Graph:
    """Bipartite graph of countries (``bipartite=0``) and the groupings active on ``on``
    (``bipartite=1``, node names ``group:<slug>``); project it onto countries with
    ``networkx.bipartite.weighted_projected_graph``."""
    graph = nx.Graph()
    for grouping in active_groupings(frameworks, on):
        node = f"group:{grouping}"
        graph.add_node(node, bipartite=1)
        for iso3 in sorted(members.loc[members["grouping"] == grouping, "iso3"]):
            graph.add_node(iso3, bipartite=0)
            graph.add_edge(iso3, node)
    return graph


def latticework_index(graph: nx.Graph, hub: str = "USA", *, weighted: bool = True) -> float:
    """Share of the ties among a hub's allies that do not pass through the hub.

    The allies are the hub's neighbours. Count (or weigh) the hub's own ties to them, H, and the
    ties between two allies, A. The index is A / (A + H): 0 for pure hub-and-spoke (a star), and
    (k − 1)/(k + 1) when all k allies are tied to each other as well. NaN when the hub has no
    allies.
    """
    if hub not in graph or graph.degree(hub) == 0:
        return float("nan")
    allies = set(graph.neighbors(hub))
    key = "weight" if weighted else None
    spokes = sum(graph.edges[hub, a].get(key, 1.0) if key else 1.0 for a in allies)
    lattice = sum(
        (d.get("weight", 1.0) if key else 1.0)
        for a, b, d in graph.edges(data=True)
        if a in allies and b in allies
    )
    return lattice / (lattice + spokes)


def density(graph: nx.Graph, nodes: Sequence[str]) -> float:
    """Share of the possible ties among ``nodes`` that exist (absent nodes count as untied)."""
    nodes = list(dict.fromkeys(nodes))
    possible = len(nodes) * (len(nodes) - 1) / 2
    present = sum(1 for a, b in itertools.combinations(nodes, 2) if graph.has_edge(a, b))
    return present / possible


def node_measures(graph: nx.Graph, node: str = "JPN") -> dict[str, float]:
    """One country's place in the network: partners, degree centrality, strength (total
    weight of its ties), eigenvector centrality (weighted, on its connected component) and
    betweenness centrality (unweighted, normalised)."""
    if graph.number_of_nodes() < 2 or graph.degree(node) == 0:
        return {"partners": 0, "degree": 0.0, "strength": 0.0, "eigenvector": 0.0, "betweenness": 0.0}
    component = graph.subgraph(nx.node_connected_component(graph, node))
    eigen = nx.eigenvector_centrality_numpy(component, weight="weight") if component.number_of_nodes() > 2 else {
        n: 2 ** -0.5 for n in component}
    return {
        "partners": graph.degree(node),
        "degree": nx.degree_centrality(graph)[node],
        "strength": float(graph.degree(node, weight="weight")),
        "eigenvector": float(eigen[node]),
        "betweenness": nx.betweenness_centrality(graph)[node],
    }


def yearly_measures(instruments: pd.DataFrame, frameworks: pd.DataFrame, members: pd.DataFrame,
                    years: Iterable[int], *, equal_weights: bool = False) -> pd.DataFrame:
    """Measures of the network as of 31 December of each year: Japan's centralities, the
    latticework index, and the density of the Quad and of two U.S.-Japan triangles."""
    rows = []
    for year in years:
        graph = partner_network(instruments, frameworks, members, dt.date(year, 12, 31), equal_weights=equal_weights)
        ties_only = partner_network(instruments, frameworks, members, dt.date(year, 12, 31), include_groupings=False)
        rows.append({
            "year": year,
            "countries": graph.number_of_nodes(),
            "ties": graph.number_of_edges(),
            **node_measures(graph, "JPN"),
            "latticework": latticework_index(graph, "USA"),
            "quad_density": density(ties_only, ["USA", "JPN", "AUS", "IND"]),
            "us_japan_korea_density": density(ties_only, ["USA", "JPN", "KOR"]),
            "us_japan_philippines_density": density(ties_only, ["USA", "JPN", "PHL"]),
        })
    return pd.DataFrame(rows)


def counts_by_type(instruments: pd.DataFrame, on: dt.date) -> pd.Series:
    """Active instruments on ``on`` by type (every type listed, zeros included)."""
    active = active_instruments(instruments, on)
    return active["type"].value_counts().reindex(list(INSTRUMENT_WEIGHTS), fill_value=0)


def fixed_layout(graphs: Sequence[nx.Graph], seed: int = 7) -> dict[str, tuple[float, float]]:
    """One position per country for all the given graphs (their union, spring layout with a
    fixed seed, rounded), so that a country keeps its place from drawing to drawing."""
    union = nx.Graph()
    for graph in graphs:
        union.add_nodes_from(graph.nodes)
        union.add_edges_from((a, b, {"weight": d.get("weight", 1.0)}) for a, b, d in graph.edges(data=True))
    union = _canonical(union)
    positions = nx.spring_layout(union, seed=seed, weight="weight", k=1.2 / max(1, union.number_of_nodes()) ** 0.5)
    return {node: (round(float(x), 4), round(float(y), 4)) for node, (x, y) in sorted(positions.items())}


def edge_table(graph: nx.Graph) -> pd.DataFrame:
    """The graph's ties as a table (one row per pair, sorted): weight and what the tie carries."""
    rows = [
        {"country_a": a, "country_b": b, "weight": d["weight"], "instruments": ";".join(d["instruments"]),
         "groupings": ";".join(d["groupings"])}
        for a, b, d in graph.edges(data=True)
    ]
    return pd.DataFrame(rows, columns=["country_a", "country_b", "weight", "instruments", "groupings"]).sort_values(
        ["country_a", "country_b"]).reset_index(drop=True)


def graphml_text(graph: nx.Graph) -> str:
    """The graph as GraphML text (list attributes joined with ';'), deterministic for a given graph."""
    flat = nx.Graph()
    flat.add_nodes_from(graph.nodes)
    for a, b, d in graph.edges(data=True):
        flat.add_edge(a, b, weight=float(d["weight"]), instruments=";".join(d["instruments"]),
                      groupings=";".join(d["groupings"]))
    buffer = io.BytesIO()
    nx.write_graphml(flat, buffer, encoding="utf-8")
    return buffer.getvalue().decode("utf-8")


def atop_partners(atop: pd.DataFrame, year: int, ccode: int = 740,
                  obligations: Sequence[str] = ("atop_defense", "atop_offense", "atop_neutral", "atop_nonagg",
                                                "atop_consul")) -> pd.DataFrame:
    """The states tied to ``ccode`` in ATOP in ``year``, with their obligations (1 = yes), for
    any of ``obligations``."""
    rows = atop[(atop["year"] == year) & ((atop["ccode1"] == ccode) | (atop["ccode2"] == ccode))]
    rows = rows[rows[list(obligations)].sum(axis=1) > 0]
    other_code = rows["ccode2"].where(rows["ccode1"] == ccode, rows["ccode1"])
    other_abb = rows["stateabb2"].where(rows["ccode1"] == ccode, rows["stateabb1"])
    table = pd.DataFrame({"ccode": other_code.astype(int), "stateabb": other_abb})
    for column in obligations:
        table[column] = rows[column].astype(int).to_numpy()
    return table.sort_values("ccode").reset_index(drop=True)
