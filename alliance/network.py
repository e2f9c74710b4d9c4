"""Japan's partner network as of any date: instruments, groupings, and the measures on them.

Pure functions over the ``instruments``, ``frameworks`` and ``framework_members`` tables (and
``countries`` for names). networkx is the graph API throughout.

**Which instruments count** (the ``basis`` of a network; the status of an instrument on a day is
:func:`alliance.agreements.status_on`, which reads partial dates as the book does everywhere):

* ``basis="in_force"`` (the default): the instruments in force on the day. Declarations and 2+2
  frameworks take effect when issued; an agreement counts from its entry into force, and not at
  all while the data give no entry-into-force date for it;
* ``basis="signed"``: every instrument signed and not ended, whether in force, applied
  provisionally or only signed (or not known to be in force). The difference between the two
  is what the book calls *signed only*.

An instrument stops counting on the day it ended. A grouping's phase is active from its start
(last day of a partial date) through its end (inclusive, to the last day of a partial date); a
phase without an end continues. A grouping is active when any of its phases is.

**Edges** join every pair of parties of a counted instrument, and every pair of members of an
active grouping. An edge's ``weight`` is the sum of the weights of what it carries
(:data:`INSTRUMENT_WEIGHTS`, :data:`GROUPING_WEIGHT`); with ``equal_weights=True`` every
instrument and grouping counts 1, so that findings can be checked not to depend on the weights.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import NamedTuple

import networkx as nx
import pandas as pd

from alliance.agreements import EFFECTIVE_ON_SIGNING, counted, statuses_on
from alliance.dates import first_day, last_day
from alliance.report import date_label

__all__ = [
    "BASES",
    "GROUPING_KIND",
    "GROUPING_WEIGHT",
    "INSTRUMENT_WEIGHTS",
    "KIND_PRESETS",
    "TIE_KINDS",
    "Snapshot",
    "active_groupings",
    "active_instruments",
    "atop_comparison",
    "atop_partners",
    "country_table",
    "counts_by_type",
    "data_numbers",
    "density",
    "density_numbers",
    "edge_table",
    "fixed_layout",
    "full_phrase",
    "graphml_text",
    "japan_measures_by_year",
    "japan_partners",
    "kind_presets",
    "kinds_numbers",
    "latest_change",
    "lattice_numbers",
    "latticework_index",
    "measures_numbers",
    "node_measures",
    "partner_network",
    "partners_numbers",
    "snapshots",
    "sole_partner_years",
    "tie_kind_readouts",
    "type_numbers",
    "types_by_year",
    "world_numbers",
    "year_views",
]

#: Instrument statuses (:data:`alliance.agreements.STATUS_LABELS`) that each basis counts.
BASES: dict[str, frozenset[str]] = {
    "in_force": frozenset({"in_force"}),
    "signed": frozenset({"in_force", "provisional", "signed"}),
}

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
#: The name under which co-membership of a grouping is one more kind of tie (:func:`tie_kind_readouts`).
GROUPING_KIND = "grouping"
#: The groups whose density the chapter follows.
QUAD = ("USA", "JPN", "AUS", "IND")
KOREA_TRIANGLE = ("USA", "JPN", "KOR")
PHILIPPINES_TRIANGLE = ("USA", "JPN", "PHL")
#: The kinds that make up "routine" cooperation in the chapter: logistics, information, equipment,
#: joint development.
ROUTINE_KINDS = ("acsa", "information_security_agreement", "equipment_technology_transfer_agreement",
                 "joint_development_convention")


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value)) or value == ""


def latest_change(instruments: pd.DataFrame, frameworks: pd.DataFrame) -> dt.date:
    """The last day on which the network changes according to the data (the latest signing,
    entry into force, end, or phase start or end), by the as-of rules above."""
    dates = [last_day(v) for column in ("signed", "in_force") for v in instruments[column] if not _missing(v)]
    dates += [first_day(v) for v in instruments["ended"] if not _missing(v)]
    dates += [last_day(v) for column in ("start", "end") for v in frameworks[column] if not _missing(v)]
    return max(dates)


def active_instruments(instruments: pd.DataFrame, on: dt.date, basis: str = "in_force") -> pd.DataFrame:
    """The instruments that count on ``on`` on the given basis (``"in_force"`` or ``"signed"``,
    see the module's docstring)."""
    if basis not in BASES:
        raise ValueError(f"basis must be one of {', '.join(sorted(BASES))}, not {basis!r}")
    if instruments.empty:
        return instruments.reset_index(drop=True)
    return instruments[statuses_on(instruments, on).isin(BASES[basis])].reset_index(drop=True)


def active_groupings(frameworks: pd.DataFrame, on: dt.date) -> list[str]:
    """The groupings with at least one phase active on ``on`` (sorted)."""
    active = set()
    for row in frameworks.itertuples(index=False):
        if last_day(row.start) <= on and (_missing(row.end) or on <= last_day(row.end)):
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
                    *, basis: str = "in_force", equal_weights: bool = False, include_groupings: bool = True,
                    kinds: Collection[str] | None = None) -> nx.Graph:
    """The weighted, typed network of security ties on ``on``.

    ``basis`` says which instruments count (module docstring); ``kinds`` keeps only instruments
    of those types (all types when None). Edge attributes: ``weight`` (sum over what the edge
    carries), ``instruments`` and ``groupings`` (sorted ids). Nodes are ISO3 codes; Japan is
    always a node.
    """
    counted = active_instruments(instruments, on, basis)
    if kinds is not None:
        counted = counted[counted["type"].isin(kinds)]
    return _network(counted, active_groupings(frameworks, on) if include_groupings else [], members, equal_weights)


def _network(counted: pd.DataFrame, groupings: Iterable[str], members: pd.DataFrame, equal_weights: bool) -> nx.Graph:
    """The network of the given instruments and groupings (see :func:`partner_network`)."""
    graph = nx.Graph()
    graph.add_node("JPN")
    for row in counted.sort_values("id").itertuples(index=False):
        weight = 1.0 if equal_weights else INSTRUMENT_WEIGHTS[row.type]
        for a, b in itertools.combinations(sorted(row.parties.split(";")), 2):
            _add_tie(graph, a, b, weight, "instruments", row.id)
    for grouping in groupings:
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


def japan_measures_by_year(instruments: pd.DataFrame, frameworks: pd.DataFrame, members: pd.DataFrame,
                           years: Iterable[int], *, basis: str = "in_force", equal_weights: bool = False,
                           until: dt.date | None = None) -> pd.DataFrame:
    """Japan's measures in the network as of 31 December of each year (or on ``until``, if earlier:
    the latest date the data reach, so that no year-end after it is assumed), on ``basis``: its
    partners and centralities (:func:`node_measures`), the latticework index around the United
    States, and the density of the Quad and of two U.S.-Japan triangles (instrument ties only, since
    a grouping ties all its members by definition). One row a year, with the day it is as of."""
    rows = []
    for year in years:
        on = min(dt.date(year, 12, 31), until) if until else dt.date(year, 12, 31)
        graph = partner_network(instruments, frameworks, members, on, basis=basis, equal_weights=equal_weights)
        ties_only = partner_network(instruments, frameworks, members, on, basis=basis, include_groupings=False)
        rows.append({
            "year": year,
            "date": on.isoformat(),
            "countries": graph.number_of_nodes(),
            "ties": graph.number_of_edges(),
            **node_measures(graph, "JPN"),
            "latticework": latticework_index(graph, "USA"),
            "quad_density": density(ties_only, QUAD),
            "us_japan_korea_density": density(ties_only, KOREA_TRIANGLE),
            "us_japan_philippines_density": density(ties_only, PHILIPPINES_TRIANGLE),
        })
    return pd.DataFrame(rows)


def counts_by_type(instruments: pd.DataFrame, on: dt.date, basis: str = "in_force") -> pd.Series:
    """Instruments that count on ``on`` (on ``basis``) by type (every type listed, zeros included)."""
    counted = active_instruments(instruments, on, basis)
    return counted["type"].value_counts().reindex(list(INSTRUMENT_WEIGHTS), fill_value=0).rename(None)


def types_by_year(instruments: pd.DataFrame, years: Iterable[int], basis: str = "in_force",
                  until: dt.date | None = None) -> pd.DataFrame:
    """:func:`counts_by_type` on 31 December of each year (or on ``until``, if earlier: the latest
    date the data reach): one row a year (index ``year``), one column a type."""
    days = {year: min(dt.date(year, 12, 31), until) if until else dt.date(year, 12, 31) for year in years}
    frame = pd.DataFrame({year: counts_by_type(instruments, day, basis) for year, day in days.items()}).T
    return frame.rename_axis("year").astype(int)


def fixed_layout(graphs: Sequence[nx.Graph], seed: int = 7, *, width: float = 6.0, height: float = 3.6,
                 min_gap: float = 0.5, clearance: float = 0.26) -> dict[str, tuple[float, float]]:
    """One position per country for all the given graphs, so that a country keeps its place from
    drawing to drawing: a spring layout of their union with a fixed seed, stretched to a
    ``width`` x ``height`` box (inches, the drawing's own unit), then spread so that no two
    countries are closer than ``min_gap`` (room for a label) and no country sits within
    ``clearance`` of a tie between two others, rounded to 3 decimals."""
    union = nx.Graph()
    for graph in graphs:
        union.add_nodes_from(graph.nodes)
        union.add_edges_from((a, b, {"weight": d.get("weight", 1.0)}) for a, b, d in graph.edges(data=True))
    union = _canonical(union)
    raw = nx.spring_layout(union, seed=seed, weight="weight", k=1.2 / max(1, union.number_of_nodes()) ** 0.5)
    return {node: (round(x, 3), round(y, 3)) for node, (x, y) in _spread(
        _stretch({n: (float(x), float(y)) for n, (x, y) in sorted(raw.items())}, width, height),
        width, height, min_gap, union.edges, clearance).items()}


def _stretch(points: Mapping[str, tuple[float, float]], width: float, height: float
             ) -> dict[str, tuple[float, float]]:
    """The points scaled, each axis on its own, to fill [0, width] x [0, height]."""
    xs, ys = [p[0] for p in points.values()], [p[1] for p in points.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    return {n: ((x - min(xs)) / span_x * width, (y - min(ys)) / span_y * height) for n, (x, y) in points.items()}


def _spread(points: Mapping[str, tuple[float, float]], width: float, height: float, min_gap: float,
            edges: Iterable[tuple[str, str]] = (), clearance: float = 0.0, rounds: int = 500
            ) -> dict[str, tuple[float, float]]:
    """Push apart, pair by pair and in a fixed order, any two points closer than ``min_gap``
    (each moves half the shortfall), and push any point lying within ``clearance`` of an edge it
    is not on off that edge (so that no line seems to end at it), keeping all in the box; stop
    when nothing moves."""
    pos = {n: [float(x), float(y)] for n, (x, y) in points.items()}
    names, lines = sorted(pos), sorted(tuple(sorted(e)) for e in edges)

    def clip(n: str) -> None:
        pos[n][0], pos[n][1] = min(max(pos[n][0], 0.0), width), min(max(pos[n][1], 0.0), height)

    for _ in range(rounds):
        moved = False
        for a, b in itertools.combinations(names, 2):
            dx, dy = pos[b][0] - pos[a][0], pos[b][1] - pos[a][1]
            gap = (dx * dx + dy * dy) ** 0.5
            if gap >= min_gap:
                continue
            ux, uy = (dx / gap, dy / gap) if gap > 1e-9 else (1.0, 0.0)
            push = (min_gap - gap) / 2 + 1e-6
            pos[a][0], pos[a][1] = pos[a][0] - ux * push, pos[a][1] - uy * push
            pos[b][0], pos[b][1] = pos[b][0] + ux * push, pos[b][1] + uy * push
            clip(a), clip(b)
            moved = True
        for a, b in lines:
            for c in names:
                if c in (a, b):
                    continue
                offset = _off_segment(pos[c], pos[a], pos[b])
                if offset is None or offset[0] >= clearance:
                    continue
                distance, (nx_, ny_) = offset
                push = clearance - distance + 1e-6
                pos[c][0], pos[c][1] = pos[c][0] + nx_ * push, pos[c][1] + ny_ * push
                clip(c)
                moved = True
        if not moved:
            break
    return {n: (x, y) for n, (x, y) in pos.items()}


def _off_segment(c: Sequence[float], a: Sequence[float], b: Sequence[float]
                 ) -> tuple[float, tuple[float, float]] | None:
    """Distance from point ``c`` to the segment a–b and the unit direction away from it, or None
    when c's projection falls outside the segment (then the line does not pass by c)."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length2 = dx * dx + dy * dy
    if length2 < 1e-12:
        return None
    t = ((c[0] - a[0]) * dx + (c[1] - a[1]) * dy) / length2
    if not 0.0 < t < 1.0:
        return None
    px, py = c[0] - (a[0] + t * dx), c[1] - (a[1] + t * dy)
    distance = (px * px + py * py) ** 0.5
    if distance < 1e-9:
        length = length2 ** 0.5
        return 0.0, (-dy / length, dx / length)
    return distance, (px / distance, py / distance)


def edge_table(graph: nx.Graph, in_force: nx.Graph | None = None) -> pd.DataFrame:
    """The graph's ties as a table (one row per pair, sorted): weight and what the tie carries;
    with ``in_force`` (the same date's network in force), a ``status`` column says whether each tie
    is ``in force`` or ``signed only``."""
    rows = [
        {"country_a": a, "country_b": b, "weight": d["weight"], "instruments": ";".join(d["instruments"]),
         "groupings": ";".join(d["groupings"])}
        for a, b, d in graph.edges(data=True)
    ]
    columns = ["country_a", "country_b", "weight", "instruments", "groupings"]
    table = pd.DataFrame(rows, columns=columns).sort_values(["country_a", "country_b"]).reset_index(drop=True)
    if in_force is not None:
        table["status"] = ["in force" if in_force.has_edge(a, b) else "signed only"
                           for a, b in zip(table["country_a"], table["country_b"], strict=True)]
    return table


class Snapshot(NamedTuple):
    """The network on one date, on both bases, with Japan's partners named as the text names them."""

    date: str
    in_force: nx.Graph
    signed: nx.Graph
    partners: str
    signed_only: str


def snapshots(instruments: pd.DataFrame, frameworks: pd.DataFrame, members: pd.DataFrame,
              dates: Mapping[str, dt.date], names: Mapping[str, str]) -> dict[str, Snapshot]:
    """The network at each of ``dates`` (same keys), ready to draw and describe."""
    out = {}
    for key, on in dates.items():
        partners, signed_only = japan_partners(instruments, frameworks, members, on)
        out[key] = Snapshot(date_label(on.isoformat()), partner_network(instruments, frameworks, members, on),
                            partner_network(instruments, frameworks, members, on, basis="signed"),
                            _names(partners, names), _names(signed_only, names))
    return out


def country_table(graph: nx.Graph, in_force: nx.Graph, names: Mapping[str, str]) -> pd.DataFrame:
    """The countries of a drawing (``graph``, counting signed ties) by name, with their ISO3 code
    and their tie to Japan on that date: ``in force``, ``signed only``, or none (``–``)."""
    def tie(code: str) -> str:
        if code == "JPN":
            return "(Japan)"
        if in_force.has_edge("JPN", code):
            return "in force"
        return "signed only" if graph.has_edge("JPN", code) else "–"

    codes = sorted((n for n in graph.nodes if graph.degree(n) > 0), key=lambda c: names.get(c, c))
    return pd.DataFrame({"code": codes, "country": [names.get(c, c) for c in codes], "tie": [tie(c) for c in codes]})


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


# ---------------------------------------------------------------------------------------------
# The chapter's numbers: one function a section, each returning the mapping the notebook glues
# ---------------------------------------------------------------------------------------------


def _names(codes: Iterable[str], names: Mapping[str, str]) -> str:
    """Countries as the text names them, in alphabetical order of name: ``Australia (AUS), …``;
    ``none`` for no country."""
    listed = sorted(f"{names.get(code, code)} ({code})" for code in codes)
    return ", ".join(listed) if listed else "none"


def _round(value: float, digits: int = 2) -> float:
    return round(float(value), digits)


def data_numbers(instruments: pd.DataFrame, frameworks: pd.DataFrame, on: dt.date) -> dict[str, object]:
    """What the data hold, and the status of its instruments on ``on``: in force, signed only
    (signed or applied provisionally, not known to be in force), ended, for all instruments, for
    Japan's (the tracker's) and for those among other countries only; and how many agreements have
    no entry-into-force date at all (kinds that take effect when signed need none)."""
    statuses = statuses_on(instruments, on)
    needs_date = ~instruments["type"].isin(EFFECTIVE_ON_SIGNING)
    no_date = instruments["in_force"].isna() | (instruments["in_force"] == "")
    japans = instruments["parties"].str.split(";").map(lambda parties: "JPN" in parties)
    return {
        "n_instruments": len(instruments),
        "n_japan_instruments": int(japans.sum()),
        "n_japan_in_force": int((japans & (statuses == "in_force")).sum()),
        "n_japan_signed_only": int((japans & statuses.isin(["signed", "provisional"])).sum()),
        "n_japan_ended": int((japans & (statuses == "ended")).sum()),
        "n_other_instruments": int((~japans).sum()),
        "n_other_in_force": int((~japans & (statuses == "in_force")).sum()),
        "n_other_signed_only": int((~japans & statuses.isin(["signed", "provisional"])).sum()),
        "n_other_ended": int((~japans & (statuses == "ended")).sum()),
        "n_partners_ever": len(set(";".join(instruments["parties"]).split(";")) - {"JPN"}),
        "n_groupings": frameworks["grouping"].nunique(),
        "n_phases": len(frameworks),
        "latest_date": date_label(on.isoformat()),
        "n_in_force_latest": int((statuses == "in_force").sum()),
        "n_signed_only_latest": int(statuses.isin(["signed", "provisional"]).sum()),
        "n_ended_latest": int((statuses == "ended").sum()),
        "n_no_entry": int((needs_date & no_date).sum()),
    }


def japan_partners(instruments: pd.DataFrame, frameworks: pd.DataFrame, members: pd.DataFrame,
                   on: dt.date) -> tuple[list[str], list[str]]:
    """Japan's partners on ``on``: those tied to it by an instrument in force or an active
    grouping, and those tied to it *only* by instruments signed but not (known to be) in force."""
    in_force = partner_network(instruments, frameworks, members, on)
    signed = partner_network(instruments, frameworks, members, on, basis="signed")
    first = sorted(in_force.neighbors("JPN"))
    return first, sorted(set(signed.neighbors("JPN")) - set(first))


def partners_numbers(instruments: pd.DataFrame, frameworks: pd.DataFrame, members: pd.DataFrame,
                     dates: Mapping[str, dt.date], names: Mapping[str, str]) -> dict[str, object]:
    """Japan's partners at each of ``dates`` (keys are suffixes: ``partners_in_force_<key>``,
    ``partners_signed_only_<key>``, their ``…_names``), and the size of the network on each
    basis (``countries_<key>``, ``ties_<key>`` in force; ``…_signed`` counting signed ties)."""
    values: dict[str, object] = {}
    for key, on in dates.items():
        in_force, signed_only = japan_partners(instruments, frameworks, members, on)
        graph = partner_network(instruments, frameworks, members, on)
        signed = partner_network(instruments, frameworks, members, on, basis="signed")
        values |= {
            f"partners_in_force_{key}": len(in_force), f"partners_in_force_names_{key}": _names(in_force, names),
            f"partners_signed_only_{key}": len(signed_only),
            f"partners_signed_only_names_{key}": _names(signed_only, names),
            f"countries_{key}": graph.number_of_nodes(), f"ties_{key}": graph.number_of_edges(),
            f"countries_signed_{key}": signed.number_of_nodes(), f"ties_signed_{key}": signed.number_of_edges(),
        }
    return values


def sole_partner_years(instruments: pd.DataFrame, frameworks: pd.DataFrame, members: pd.DataFrame,
                       years: Iterable[int], names: Mapping[str, str]) -> dict[str, object]:
    """The first run of year-ends (in ``years``, on the in-force basis) in which Japan had exactly
    one partner: who it was, the first and last year, and how many years that is."""
    run: list[int] = []
    partner = ""
    for year in years:
        partners = sorted(partner_network(instruments, frameworks, members, dt.date(year, 12, 31)).neighbors("JPN"))
        if len(partners) == 1 and (not run or partners[0] == partner):
            run, partner = [*run, year], partners[0]
        elif run:
            break
    if not run:
        raise ValueError("Japan never had exactly one partner in the years given")
    return {"sole_partner": names.get(partner, partner), "sole_from": run[0], "sole_to": run[-1],
            "sole_years": len(run)}


def measures_numbers(in_force: pd.DataFrame, equal: pd.DataFrame, signed: pd.DataFrame,
                     base_year: int, last_year: int) -> dict[str, object]:
    """The measures section's numbers from three :func:`japan_measures_by_year` tables (in force
    with typed weights, in force with equal weights, signed with typed weights) at ``base_year``
    and ``last_year``; the first year Japan's betweenness is above 0 (in force)."""
    at, at_equal, at_signed = (t.set_index("year") for t in (in_force, equal, signed))
    on_paths = at.index[at["betweenness"] > 0]
    return {
        "base_year": base_year, "last_year": last_year,
        "first_betweenness_year": int(on_paths[0]) if len(on_paths) else "never",
        "betweenness_base": _round(at.at[base_year, "betweenness"]),
        "betweenness_last": _round(at.at[last_year, "betweenness"]),
        "betweenness_signed_last": _round(at_signed.at[last_year, "betweenness"]),
        "eigen_base": _round(at.at[base_year, "eigenvector"]), "eigen_last": _round(at.at[last_year, "eigenvector"]),
        "lattice_base": _round(at.at[base_year, "latticework"]),
        "lattice_last": _round(at.at[last_year, "latticework"]),
        "lattice_equal_base": _round(at_equal.at[base_year, "latticework"]),
        "lattice_equal_last": _round(at_equal.at[last_year, "latticework"]),
        "lattice_signed_base": _round(at_signed.at[base_year, "latticework"]),
        "lattice_signed_last": _round(at_signed.at[last_year, "latticework"]),
        "lattice_direction": ("rises on all three counts"
                              if all(t.at[last_year, "latticework"] > t.at[base_year, "latticework"]
                                     for t in (at, at_equal, at_signed)) else "does not rise on all three counts"),
    }


def type_numbers(instruments: pd.DataFrame, base: dt.date, last: dt.date) -> dict[str, object]:
    """Routine instruments (logistics, information, equipment: :data:`ROUTINE_KINDS`) in force
    and signed only at ``base`` and ``last``; defence treaties in force at ``last`` and the year of
    the latest one signed; access and status-of-forces agreements in force at ``last``. All of
    these count every pair of countries in the data; Japan's own treaties and forces agreements
    in force at ``last`` are given apart (a phrase that agrees in number, and the instruments with
    their signing years)."""
    def count(on: dt.date, basis: str, kinds: Sequence[str]) -> int:
        return int(counts_by_type(instruments, on, basis)[list(kinds)].sum())

    access = ["reciprocal_access_agreement", "status_of_forces_agreement"]
    treaties = instruments[instruments["type"] == "mutual_defence_treaty"]
    in_force = active_instruments(instruments, last)
    japans = in_force[in_force["parties"].str.split(";").map(lambda parties: "JPN" in parties)]
    japan_treaties = japans[japans["type"] == "mutual_defence_treaty"]
    japan_access = japans[japans["type"].isin(access)]
    return {
        "japan_treaties_in_force_last": counted(len(japan_treaties), "mutual defence treaty",
                                                "mutual defence treaties"),
        "japan_treaties_in_force_names": _instrument_list(japan_treaties),
        "japan_access_in_force_last": len(japan_access),
        "japan_access_in_force_names": _instrument_list(japan_access),
        "routine_in_force_base": count(base, "in_force", ROUTINE_KINDS),
        "routine_signed_only_base": count(base, "signed", ROUTINE_KINDS) - count(base, "in_force", ROUTINE_KINDS),
        "routine_in_force_last": count(last, "in_force", ROUTINE_KINDS),
        "routine_signed_only_last": count(last, "signed", ROUTINE_KINDS) - count(last, "in_force", ROUTINE_KINDS),
        "access_in_force_last": count(last, "in_force", access),
        "treaties_in_force_last": count(last, "in_force", ["mutual_defence_treaty"]),
        "latest_treaty_year": int(treaties["signed"].str[:4].astype(int).max()),
    }


def _instrument_list(rows: pd.DataFrame) -> str:
    """Instruments as the text lists them: "title (year signed)", by signing date; "none"."""
    ordered = rows.sort_values(["signed", "id"])
    return "; ".join(f"{t} ({str(d)[:4]})" for t, d in zip(ordered["title"], ordered["signed"], strict=True)) or "none"


def _ally_ties(graph: nx.Graph, hub: str = "USA") -> tuple[set[str], list[tuple[str, str, dict]]]:
    """The hub's allies (its neighbours) and the ties between two of them."""
    allies = set(graph.neighbors(hub)) if hub in graph else set()
    return allies, [(a, b, d) for a, b, d in graph.edges(data=True) if a in allies and b in allies]


def lattice_numbers(instruments: pd.DataFrame, frameworks: pd.DataFrame, members: pd.DataFrame,
                    base: dt.date, last: dt.date, names: Mapping[str, str]) -> dict[str, object]:
    """What stands behind the latticework index (network in force, typed weights) at ``base``
    and ``last``: how many countries count as U.S. allies (those tied to the U.S. in the data)
    and the index's maximum for that many with equal weights, (k − 1)/(k + 1), and the allies by
    name; at ``base`` the instruments and groupings of the ties between two allies; at ``last`` the share of the
    weight of ties between allies that Japan's own ties carry, and the index with Japan's ties to
    other allies taken out (Japan still counted as an ally)."""
    values: dict[str, object] = {}
    titles = instruments.set_index("id")["title"]
    for key, on in (("base", base), ("last", last)):
        graph = partner_network(instruments, frameworks, members, on)
        allies, ties = _ally_ties(graph)
        k = len(allies)
        values[f"lattice_allies_{key}"] = counted(k, "country", "countries")
        values[f"lattice_max_{key}"] = _round((k - 1) / (k + 1)) if k else float("nan")
        values[f"lattice_allies_names_{key}"] = _names(allies, names)
        if key == "base":
            carried = sorted({titles[i] for _, _, d in ties for i in d["instruments"]}
                             | {g for _, _, d in ties for g in d["groupings"]})
            values["lattice_ties_base"] = "; ".join(carried) or "none"
    total = sum(d["weight"] for _, _, d in ties)
    japan = sum(d["weight"] for a, b, d in ties if "JPN" in (a, b))
    without = graph.copy()
    without.remove_edges_from([(a, b) for a, b, _ in ties if "JPN" in (a, b)])
    values["japan_lattice_share_last"] = _round(japan / total) if total else float("nan")
    values["lattice_without_japan_last"] = _round(latticework_index(without))
    return values


def _first_full_year(yearly: pd.DataFrame, column: str) -> int | str:
    full = yearly.loc[yearly[column] == 1, "year"]
    return int(full.iloc[0]) if len(full) else "not yet"


def full_phrase(in_force: int | str, signed: int | str) -> str:
    """Since when every pair of a group is tied, as a clause that reads right whether or not the
    group is fully tied on each basis (years from :func:`_first_full_year`, "not yet" when never)."""
    if isinstance(in_force, int):
        return (f"every pair has been tied since the end of {in_force} counting instruments in force "
                f"({signed} counting signed ones too)")
    if isinstance(signed, int):
        return (f"counting instruments in force, not every pair is tied yet; counting signed ones too, every pair "
                f"has been tied since the end of {signed}")
    return "not every pair is tied yet, even counting signed instruments"


def density_numbers(in_force: pd.DataFrame, signed: pd.DataFrame, instruments: pd.DataFrame,
                    frameworks: pd.DataFrame, members: pd.DataFrame, last: dt.date,
                    names: Mapping[str, str]) -> dict[str, object]:
    """The Quad and the two triangles: the Quad's phases, its density on ``last`` and its
    missing pairs (in force), and the first year-end each group was fully tied, in force and
    counting signed instruments; which instruments closed each triangle (in force)."""
    quad = frameworks[frameworks["grouping"] == "quad"].sort_values("start")
    ties = partner_network(instruments, frameworks, members, last, include_groupings=False)
    missing = [f"{names.get(a, a)}–{names.get(b, b)}" for a, b in itertools.combinations(QUAD, 2)
               if not ties.has_edge(a, b)]
    titles = instruments.set_index("id")["title"]
    values: dict[str, object] = {
        "quad_first": date_label(quad.iloc[0]["start"]), "quad_revival": date_label(quad.iloc[1]["start"]),
        "quad_leaders": date_label(quad[quad["level"] == "leaders"].iloc[0]["start"]),
        "quad_density_last": _round(density(ties, QUAD)), "quad_missing": ", ".join(missing) or "none",
    }
    for key, column, partner in (("quad", "quad_density", None), ("korea", "us_japan_korea_density", "KOR"),
                                 ("phil", "us_japan_philippines_density", "PHL")):
        year = _first_full_year(in_force, column)
        values[f"{key}_full_year"], values[f"{key}_full_year_signed"] = year, _first_full_year(signed, column)
        values[f"{key}_full_phrase"] = full_phrase(year, values[f"{key}_full_year_signed"])
        if partner is not None:
            closing = (partner_network(instruments, frameworks, members, dt.date(year, 12, 31), include_groupings=False)
                       .edges["JPN", partner]["instruments"] if isinstance(year, int) else [])
            values[f"{key}_closing"] = "; ".join(titles[i] for i in closing) or "none"
    return values


def atop_comparison(atop: pd.DataFrame, countries: pd.DataFrame, instruments: pd.DataFrame, frameworks: pd.DataFrame,
                    members: pd.DataFrame, year: int) -> tuple[pd.DataFrame, dict[str, object]]:
    """Japan's partners in the instrument network at the end of ``year`` (in force) set against
    ATOP's ties of that year: a table (partner, instruments in force, any ATOP tie, an ATOP defence
    pact) and the numbers: ATOP's ties, its defence pacts, ties that are non-aggression only, and
    how many network partners have no ATOP defence pact and no ATOP tie at all."""
    names = countries.set_index("iso3")["name"].to_dict()
    code_to_iso = {int(c): i for i, c in countries.set_index("iso3")["cow_ccode"].dropna().items()}
    ties = atop_partners(atop, year)
    any_tie = {code_to_iso.get(int(c)) for c in ties["ccode"]}
    defence = {code_to_iso.get(int(c)) for c in ties.loc[ties["atop_defense"] == 1, "ccode"]}
    others = ["atop_defense", "atop_offense", "atop_neutral", "atop_consul"]
    graph = partner_network(instruments, frameworks, members, dt.date(year, 12, 31))
    partners = sorted(graph.neighbors("JPN"), key=lambda code: names.get(code, code))
    table = pd.DataFrame({
        "partner": [names.get(p, p) for p in partners],
        "instruments": [len(graph.edges["JPN", p]["instruments"]) for p in partners],
        "any_atop_tie": ["yes" if p in any_tie else "no" for p in partners],
        "atop_defence_pact": ["yes" if p in defence else "no" for p in partners],
    })
    defence_names = [names.get(code_to_iso.get(int(c)), s)
                     for c, s in zip(ties.loc[ties["atop_defense"] == 1, "ccode"],
                                     ties.loc[ties["atop_defense"] == 1, "stateabb"], strict=True)]
    return table, {
        "atop_year": year, "atop_ties": len(ties), "atop_defence_names": ", ".join(defence_names) or "none",
        "atop_nonagg_only": int((ties[others].sum(axis=1) == 0).sum()),
        "network_partners": len(partners),
        "no_atop_defence": sum(p not in defence for p in partners),
        "no_atop_tie": sum(p not in any_tie for p in partners),
        "no_atop_tie_phrase": (lambda n: f"{n} {'has' if n == 1 else 'have'}")(sum(p not in any_tie for p in partners)),
    }


def world_numbers(rows: Sequence, year: int, ccode: int = 740) -> dict[str, object]:
    """A state's standing in the world's alliance network of ``year`` from
    :func:`alliance.centrality.dyad_year_measures` rows: how many states have a tie, the state's
    rank by degree (1 + states with a higher degree) and its betweenness."""
    of_year = [row for row in rows if row.year == year]
    own = next(row for row in of_year if row.ccode == ccode)
    return {"world_year": year, "world_states": len(of_year),
            "world_rank": 1 + sum(row.degree > own.degree for row in of_year),
            "world_betweenness": round(float(own.betweenness), 4)}


# ---------------------------------------------------------------------------------------------
# Data for the chapter's interactive views (precomputed: the page needs no kernel)
# ---------------------------------------------------------------------------------------------


#: Every kind of tie a reader can tick: the instrument types, then co-membership of a grouping.
TIE_KINDS: tuple[str, ...] = (*INSTRUMENT_WEIGHTS, GROUPING_KIND)


def tie_kind_readouts(instruments: pd.DataFrame, frameworks: pd.DataFrame, members: pd.DataFrame, on: dt.date,
                      basis: str = "in_force") -> pd.DataFrame:
    """For every subset of the kinds of tie present on ``on`` (the :data:`TIE_KINDS` with at least
    one instrument counted, or an active grouping: ticking a kind with none changes nothing), the
    network counting only those kinds: Japan's partners and the latticework index (NaN where the
    United States has no ally). One boolean column a present kind (in :data:`TIE_KINDS` order),
    then ``partners``, ``latticework``; 2^k rows in the order of the subset's bit mask (bit i set:
    the i-th present kind counted)."""
    counted = active_instruments(instruments, on, basis)
    groupings = active_groupings(frameworks, on)
    present = set(counted["type"]) | ({GROUPING_KIND} if groupings else set())
    kinds = [kind for kind in TIE_KINDS if kind in present]
    rows = []
    for mask in range(2 ** len(kinds)):
        chosen = {kind for i, kind in enumerate(kinds) if mask >> i & 1}
        graph = _network(counted[counted["type"].isin(chosen)], groupings if GROUPING_KIND in chosen else [],
                         members, equal_weights=False)
        rows.append({**{kind: kind in chosen for kind in kinds}, "partners": graph.degree("JPN"),
                     "latticework": latticework_index(graph, "USA")})
    return pd.DataFrame(rows)


#: Subsets of tie kinds the chapter compares (label, kinds); kinds absent on the day are skipped.
KIND_PRESETS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Defence treaties only", ("mutual_defence_treaty",)),
    ("Treaties and forces agreements", ("mutual_defence_treaty", "status_of_forces_agreement",
                                        "reciprocal_access_agreement")),
    ("Every kind of instrument", tuple(INSTRUMENT_WEIGHTS)),
    ("Every instrument and grouping", TIE_KINDS),
)


def kind_presets(readouts: pd.DataFrame) -> pd.DataFrame:
    """The rows of :func:`tie_kind_readouts` for :data:`KIND_PRESETS`: label, partners,
    latticework (one row a preset, in order)."""
    kinds = [c for c in readouts.columns if c in TIE_KINDS]
    rows = []
    for label, chosen in KIND_PRESETS:
        match = readouts
        for kind in kinds:
            match = match[match[kind] == (kind in chosen)]
        rows.append({"preset": label, "partners": int(match["partners"].iloc[0]),
                     "latticework": float(match["latticework"].iloc[0])})
    return pd.DataFrame(rows)


def kinds_numbers(presets: pd.DataFrame) -> dict[str, object]:
    """The numbers the text gives for the first and the last preset (treaties only; everything)."""
    first, last = presets.iloc[0], presets.iloc[-1]
    return {"treaty_only_partners": int(first["partners"]), "treaty_only_lattice": _round(first["latticework"]),
            "every_kind_partners": int(last["partners"]), "every_kind_lattice": _round(last["latticework"])}


def year_views(instruments: pd.DataFrame, frameworks: pd.DataFrame, members: pd.DataFrame, years: Iterable[int],
               names: Mapping[str, str], until: dt.date | None = None) -> list[dict[str, object]]:
    """One view a year of the network at 31 December (or on ``until``, if earlier: the latest
    date the data reach): the ties in force and the ties that are signed only (pairs ``[a, b]``,
    sorted), Japan's partners on each basis (as the text names them), and Japan's measures on the
    in-force network (rounded to 3 decimals)."""
    views = []
    for year in years:
        on = min(dt.date(year, 12, 31), until) if until else dt.date(year, 12, 31)
        in_force = partner_network(instruments, frameworks, members, on)
        signed = partner_network(instruments, frameworks, members, on, basis="signed")
        partners, signed_only = japan_partners(instruments, frameworks, members, on)
        measures = node_measures(in_force, "JPN")
        views.append({
            "year": year, "date": date_label(on.isoformat()),
            "in_force": [[a, b] for a, b in in_force.edges],
            "signed_only": sorted([a, b] for a, b in signed.edges if not in_force.has_edge(a, b)),
            "partners": _names(partners, names), "signed_only_partners": _names(signed_only, names),
            "n_partners": len(partners), "n_signed_only": len(signed_only),
            "eigenvector": round(measures["eigenvector"], 3), "betweenness": round(measures["betweenness"], 3),
            "latticework": None if pd.isna(lattice := latticework_index(in_force)) else round(lattice, 3),
        })
    return views
