"""Charts of the partner-network chapter, drawn in the house style at column width (6.8 in),
every text at 9 pt or more.

Like :mod:`alliance.figures.timeline`, each function draws one figure and returns it; the notebook adds
source line, caption, alt text and data with :func:`alliance.figures.style.publish`. Each figure's alt
text is built by the ``…_alt`` function beside it, from the same values.
"""

from __future__ import annotations

import itertools
import textwrap
from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import networkx as nx
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from alliance.agreements import counted
from alliance.figures import interactive as ix
from alliance.figures.style import PALETTE
from alliance.report import date_label

__all__ = [
    "KIND_CODES",
    "TYPE_GROUPS",
    "TYPE_LABELS",
    "density_alt",
    "density_figure",
    "grouped_types",
    "kinds_alt",
    "kinds_chart",
    "kinds_figure",
    "kinds_readout",
    "label_overlaps",
    "measures_alt",
    "measures_chart",
    "measures_figure",
    "network_alt",
    "network_figure",
    "network_view",
    "partners_alt",
    "partners_figure",
    "types_alt",
    "types_figure",
    "year_chart",
    "year_readout",
]

#: Node colours: Japan and the United States stand out, every other country in one colour.
NODE_COLOURS = {"JPN": PALETTE["blue"], "USA": PALETTE["orange"]}
OTHER_NODE = PALETTE["sky"]
#: Label colour on each node colour (contrast at least 4.5:1).
LABEL_COLOURS = {"JPN": "white"}
LABEL_PT = 9.0
TYPE_LABELS = {
    "mutual_defence_treaty": "defence treaty",
    "status_of_forces_agreement": "status of forces",
    "reciprocal_access_agreement": "reciprocal access",
    "acsa": "logistics (ACSA)",
    "information_security_agreement": "information security",
    "equipment_technology_transfer_agreement": "equipment transfer",
    "defence_cooperation_arrangement": "defence cooperation",
    "security_declaration": "security declaration",
    "two_plus_two_framework": "2+2 framework",
    "joint_development_convention": "joint development",
    "official_security_assistance": "security assistance (OSA)",
}
#: The four groups of instrument types the types chart stacks (its CSV keeps every type).
TYPE_GROUPS: dict[str, tuple[str, ...]] = {
    "Defence treaties": ("mutual_defence_treaty",),
    "Forces on each other's soil (status of forces, reciprocal access)": (
        "status_of_forces_agreement", "reciprocal_access_agreement"),
    "Logistics, information security, equipment, joint development": (
        "acsa", "information_security_agreement", "equipment_technology_transfer_agreement",
        "joint_development_convention"),
    "Cooperation arrangements, declarations, 2+2, security assistance": (
        "defence_cooperation_arrangement", "security_declaration", "two_plus_two_framework",
        "official_security_assistance"),
}


def _title(ax, text: str, width: int = 60) -> None:
    """A left-aligned bold title, wrapped to fit the column."""
    ax.set_title("\n".join(textwrap.wrap(text, width)), loc="left")


def label_overlaps(fig: Figure) -> list[tuple[str, str]]:
    """Pairs of visible texts of the figure whose drawn boxes overlap (should be none)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for ax in fig.axes for t in ax.texts
             if t.get_visible() and t.get_text().strip()]
    return [(a, b) for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2) if box_a.overlaps(box_b)]


# --- the network on one date --------------------------------------------------------------------


def network_figure(in_force: nx.Graph, signed: nx.Graph, positions: Mapping[str, tuple[float, float]],
                   title: str) -> Figure:
    """The network on one date, every country at its fixed place (ISO3 codes). Solid lines: ties
    in force, as thick as their weight; dashed: ties by instruments signed but not (known to be)
    in force; a hollow node is tied only that way."""
    fig, ax = plt.subplots(figsize=(6.5, 4.9))
    ax.set_position((0.0, 0.1, 1.0, 0.78))
    for a, b in signed.edges:
        if in_force.has_edge(a, b):
            continue
        (x1, y1), (x2, y2) = positions[a], positions[b]
        ax.plot([x1, x2], [y1, y2], color="#777777", lw=1.0, ls=(0, (3, 2)), zorder=1)
    for a, b, data in in_force.edges(data=True):
        (x1, y1), (x2, y2) = positions[a], positions[b]
        ax.plot([x1, x2], [y1, y2], color="#8a8a8a", lw=0.5 + 0.45 * data["weight"], alpha=0.8, zorder=1)
    for node in signed.nodes:
        if signed.degree(node) == 0:
            continue
        x, y = positions[node]
        solid = in_force.has_node(node) and in_force.degree(node) > 0
        colour = NODE_COLOURS.get(node, OTHER_NODE)
        ax.scatter([x], [y], s=760, color=colour if solid else "white", edgecolors=colour if not solid else "white",
                   linewidths=2.0 if not solid else 1.0, zorder=2)
        ax.text(x, y, node, ha="center", va="center", fontsize=LABEL_PT, fontweight="bold", zorder=3,
                color=LABEL_COLOURS.get(node, "#111111") if solid else "#111111")
    xs, ys = [p[0] for p in positions.values()], [p[1] for p in positions.values()]
    ax.set_xlim(min(xs) - 0.4, max(xs) + 0.4)
    ax.set_ylim(min(ys) - 0.35, max(ys) + 0.35)
    ax.axis("off")
    fig.suptitle("\n".join(textwrap.wrap(title, 64)), x=0.0, y=0.99, ha="left", va="top", fontweight="bold",
                 fontsize=11)
    handles = [Line2D([], [], color="#8a8a8a", lw=2.3, label="tie in force (thicker: more weight)"),
               Line2D([], [], color="#777777", lw=1.0, ls=(0, (3, 2)), label="signed, not known to be in force"),
               Line2D([], [], ls="", marker="o", ms=11, mfc="white", mec=OTHER_NODE, mew=2,
                      label="tied only by signed instruments")]
    fig.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.0, 0.0), ncol=2, fontsize=9)
    return fig


def network_alt(date: str, in_force: nx.Graph, partners: str, signed_only: str) -> str:
    """Alt text of :func:`network_figure`: the date, the size of the network in force, and Japan's
    partners on each basis, named."""
    return (f"Network drawing on {date}: {in_force.number_of_nodes()} countries and {in_force.number_of_edges()} "
            f"ties in force. Japan's partners by instruments in force or groupings: {partners}. Tied to Japan "
            f"only by instruments signed but not known to be in force: {signed_only}.")


# --- Japan's partners and measures by year -------------------------------------------------------


def partners_figure(in_force: pd.DataFrame, signed: pd.DataFrame, title: str) -> Figure:
    """Japan's partners at each year-end: tied by instruments in force (or groupings), and the
    same counting instruments that are only signed."""
    fig, ax = plt.subplots(figsize=(6.5, 3.6))
    ax.step(in_force["year"], in_force["partners"], where="post", color=PALETTE["blue"], label="in force",
            zorder=3)
    ax.step(signed["year"], signed["partners"], where="post", color=PALETTE["vermillion"], ls="--",
            label="counting signed instruments too")
    ax.set_ylabel("countries tied to Japan")
    ax.set_ylim(0, None)
    ax.legend(loc="upper left")
    _title(ax, title)
    return fig


def partners_alt(in_force: pd.DataFrame, signed: pd.DataFrame, sole: Mapping[str, object]) -> str:
    """Alt text of :func:`partners_figure`."""
    first, last = int(in_force["year"].iloc[0]), int(in_force["year"].iloc[-1])
    return (f"Step chart of Japan's partners at each year-end, {first}–{last}. In force: one partner, the "
            f"{sole['sole_partner']}, from {sole['sole_from']} to {sole['sole_to']}, then rising to "
            f"{int(in_force['partners'].iloc[-1])} in {last}; counting signed instruments too, "
            f"{int(signed['partners'].iloc[-1])}.")


def measures_figure(in_force: pd.DataFrame, equal: pd.DataFrame, signed: pd.DataFrame, title: str) -> Figure:
    """Two panels by year: Japan's eigenvector and betweenness centrality (in force), and the
    latticework index in force with typed weights, with equal weights, and counting signed
    instruments too."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(6.5, 3.9), sharex=True)
    left.plot(in_force["year"], in_force["eigenvector"], color=PALETTE["blue"], label="eigenvector")
    left.plot(in_force["year"], in_force["betweenness"], color=PALETTE["green"], ls="--", label="betweenness")
    left.set_title("Japan's centrality", loc="left", fontsize=10)
    right.plot(in_force["year"], in_force["latticework"], color=PALETTE["blue"], label="in force")
    right.plot(equal["year"], equal["latticework"], color=PALETTE["purple"], ls=":", label="equal weights")
    right.plot(signed["year"], signed["latticework"], color=PALETTE["vermillion"], ls="--", label="signed too")
    right.set_title("Latticework index", loc="left", fontsize=10)
    for ax in (left, right):
        ax.set_ylim(0, 1)
        ax.legend(loc="upper left")
    fig.suptitle("\n".join(textwrap.wrap(title, 64)), x=0.0, ha="left", fontweight="bold", fontsize=11)
    fig.tight_layout()
    return fig


def measures_alt(values: Mapping[str, object]) -> str:
    """Alt text of :func:`measures_figure`, from :func:`alliance.network.measures_numbers`."""
    v = values
    return (f"Two line charts by year. Japan's centrality in the network in force: eigenvector "
            f"{v['eigen_base']} in {v['base_year']} and {v['eigen_last']} in {v['last_year']}; betweenness 0 until "
            f"{v['first_betweenness_year']}, {v['betweenness_last']} in {v['last_year']} (inflated by construction: "
            f"the data record Japan's ties in full and other countries' only in part). "
            f"Latticework index: {v['lattice_base']} in {v['base_year']} and {v['lattice_last']} in "
            f"{v['last_year']} in force; {v['lattice_equal_base']} and {v['lattice_equal_last']} with equal "
            f"weights; {v['lattice_signed_base']} and {v['lattice_signed_last']} counting signed instruments too.")


# --- kinds of ties and groups ---------------------------------------------------------------------


def grouped_types(counts: pd.DataFrame) -> pd.DataFrame:
    """Counts by type (one column a type) summed into :data:`TYPE_GROUPS`."""
    return pd.DataFrame({group: counts[list(types)].sum(axis=1) for group, types in TYPE_GROUPS.items()})


def types_figure(counts: pd.DataFrame, title: str) -> Figure:
    """Instruments in force at each year-end, stacked in four groups of types."""
    grouped = grouped_types(counts)
    fig, ax = plt.subplots(figsize=(6.5, 4.2))
    colours = [PALETTE[c] for c in ("black", "vermillion", "blue", "sky")]
    ax.stackplot(grouped.index, [grouped[c] for c in grouped.columns], labels=list(grouped.columns),
                 colors=colours, alpha=0.9)
    ax.set_ylabel("instruments in force")
    ax.set_ylim(0, grouped.sum(axis=1).max() * 1.45)  # room for the legend above the areas
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(handles[::-1], labels[::-1], loc="upper left")
    _title(ax, title)
    return fig


def types_alt(counts: pd.DataFrame) -> str:
    """Alt text of :func:`types_figure`."""
    grouped = grouped_types(counts)
    first, last = int(grouped.index[0]), int(grouped.index[-1])
    parts = ", ".join(f"{group.lower()} {int(n)}" for group, n in grouped.loc[last].items())
    return (f"Stacked area chart of instruments in force at each year-end, {first}–{last}, in four groups. "
            f"In {first}: {int(grouped.loc[first].sum())} in all; in {last}: {parts}.")


def density_figure(yearly: pd.DataFrame, columns: Mapping[str, str], title: str) -> Figure:
    """Density (share of possible ties that exist) of several groups of countries by year."""
    fig, ax = plt.subplots(figsize=(6.5, 3.8))
    colours = [PALETTE["blue"], PALETTE["green"], PALETTE["purple"]]
    styles = ["-", "--", ":"]
    for (column, label), colour, style in zip(columns.items(), colours, styles, strict=False):
        ax.step(yearly["year"], yearly[column], where="post", color=colour, ls=style, label=label)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("share of possible pairs tied")
    ax.legend(loc="upper left")
    _title(ax, title)
    return fig


def density_alt(values: Mapping[str, object], last_year: int) -> str:
    """Alt text of :func:`density_figure`, from :func:`alliance.network.density_numbers`."""
    v = values
    return (f"Step chart of three densities by year, counting instruments in force. U.S.–Japan–South Korea "
            f"first fully tied: {v['korea_full_year']}; U.S.–Japan–Philippines: {v['phil_full_year']}; the Quad "
            f"stands at {v['quad_density_last']} in {last_year}, missing: {v['quad_missing']}.")


def kinds_figure(presets: pd.DataFrame, title: str) -> Figure:
    """Japan's partners and the latticework index when only some kinds of tie count (one bar a
    preset of :func:`alliance.network.kind_presets`, top to bottom in its order)."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(6.5, 3.0), sharey=True)
    rows = list(range(len(presets)))[::-1]
    for ax, column, label, fmt in ((left, "partners", "Japan's partners", "{:.0f}"),
                                   (right, "latticework", "Latticework index", "{:.2f}")):
        ax.barh(rows, presets[column], color=PALETTE["blue"])
        for row, value in zip(rows, presets[column], strict=True):
            ax.text(value, row, " " + fmt.format(value), va="center", ha="left", fontsize=9)
        ax.set_title(label, loc="left", fontsize=10)
        ax.set_xlim(0, presets[column].max() * 1.3 or 1)
        ax.grid(False)
        ax.set_xticks([])
        ax.spines["bottom"].set_visible(False)
    left.set_yticks(rows, ["\n".join(textwrap.wrap(p, 18)) for p in presets["preset"]])
    fig.suptitle("\n".join(textwrap.wrap(title, 64)), x=0.0, ha="left", fontweight="bold", fontsize=11)
    fig.tight_layout()
    return fig


def kinds_alt(presets: pd.DataFrame) -> str:
    """Alt text of :func:`kinds_figure`."""
    parts = "; ".join(f"{row.preset}: {counted(int(row.partners), 'partner')}, index {row.latticework:.2f}"
                      for row in presets.itertuples(index=False))
    return f"Two bar charts, Japan's partners and the latticework index, by what counts as a tie. {parts}."


# --- interactive versions (plotly views, precomputed; see alliance.figures.interactive) -----------

#: Short codes for the kinds a reader can tick (they make the views' keys short).
KIND_CODES: dict[str, str] = {
    "mutual_defence_treaty": "T", "status_of_forces_agreement": "S", "reciprocal_access_agreement": "R",
    "acsa": "L", "information_security_agreement": "I", "equipment_technology_transfer_agreement": "E",
    "joint_development_convention": "J", "defence_cooperation_arrangement": "C", "security_declaration": "D",
    "two_plus_two_framework": "F", "official_security_assistance": "O", "grouping": "G",
}


def _segments(edges: Sequence[Sequence[str]], positions: Mapping[str, tuple[float, float]]
              ) -> tuple[list[float | None], list[float | None]]:
    """x and y of line segments for plotly, one segment an edge, separated by None."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    for a, b in edges:
        xs += [positions[a][0], positions[b][0], None]
        ys += [positions[a][1], positions[b][1], None]
    return xs, ys


def _ties_text(node: str, in_force: Sequence[Sequence[str]], signed_only: Sequence[Sequence[str]]) -> str:
    """How many of a country's ties are in force and how many rest on signed-only instruments."""
    solid = sum(node in edge for edge in in_force)
    dashed = sum(node in edge for edge in signed_only)
    parts = [f"{solid} tie{'s' if solid != 1 else ''} in force"] if solid else []
    parts += [f"{dashed} tie{'s' if dashed != 1 else ''} signed only"] if dashed else []
    return ", ".join(parts)


def network_view(in_force: Sequence[Sequence[str]], signed_only: Sequence[Sequence[str]],
                 positions: Mapping[str, tuple[float, float]], names: Mapping[str, str]) -> ix.View:
    """One network drawing as plotly traces: ties in force (solid), ties by signed-only
    instruments (dashed), and the countries tied at all, at their fixed places (filled when tied
    by something in force, hollow otherwise), named on hover."""
    solid = {n for edge in in_force for n in edge}
    shown = sorted(solid | {n for edge in signed_only for n in edge})
    colours = [NODE_COLOURS.get(n, OTHER_NODE) for n in shown]
    xs, ys = [positions[n][0] for n in shown], [positions[n][1] for n in shown]
    lines = []
    for name, edges, dash in (("ties in force", in_force, "solid"), ("signed only", signed_only, "dash")):
        x, y = _segments(edges, positions)
        lines.append({"type": "scatter", "mode": "lines", "name": name, "x": x, "y": y, "hoverinfo": "skip",
                      "line": {"color": "#8a8a8a" if dash == "solid" else "#666666", "width": 1.5, "dash": dash}})
    nodes = {
        "type": "scatter", "mode": "markers+text", "name": "countries", "x": xs, "y": ys, "text": shown,
        "textfont": {"color": ["white" if n == "JPN" else "#111111" for n in shown], "size": 12},
        "hovertext": [ix.hover(f"{names.get(n, n)} ({n})", _ties_text(n, in_force, signed_only)) for n in shown],
        "hoverinfo": "text",
        "marker": {"size": 30, "color": [c if n in solid else "white" for n, c in zip(shown, colours, strict=True)],
                   "line": {"color": [("white" if n in solid else c) for n, c in zip(shown, colours, strict=True)],
                            "width": 2}},
    }
    all_x, all_y = [p[0] for p in positions.values()], [p[1] for p in positions.values()]
    axis = {"visible": False, "fixedrange": True}
    layout = {"showlegend": False, "height": 440, "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
              "xaxis": {**axis, "range": [min(all_x) - 0.4, max(all_x) + 0.4]},
              "yaxis": {**axis, "range": [min(all_y) - 0.35, max(all_y) + 0.35]}, "hovermode": "closest"}
    return ix.View(data=[*lines, nodes], layout=layout)


def year_readout(view: Mapping[str, object]) -> str:
    """The text beside the year's drawing: Japan's partners on each basis and its measures."""
    lattice = "–" if view["latticework"] is None else f"{view['latticework']:.2f}"
    return (f"{view['date']}. Japan's partners by instruments in force or groupings "
            f"({view['n_partners']}): {view['partners']}. Tied only by signed instruments ({view['n_signed_only']}): "
            f"{view['signed_only_partners']}. Eigenvector centrality {view['eigenvector']:.2f}, betweenness "
            f"{view['betweenness']:.2f}, latticework index {lattice}.")


def year_chart(views: Sequence[Mapping[str, object]], positions: Mapping[str, tuple[float, float]],
               names: Mapping[str, str], name: str, alt: str) -> ix.Chart:
    """The network at every year-end (from :func:`alliance.network.year_views`) behind a year
    slider, starting at the last year, with the year's readout."""
    slider = ix.Slider("year", "Year", [v["year"] for v in views], views[-1]["year"])
    return ix.Chart(
        name=name, alt=alt, controls=[slider],
        views={f"year={v['year']}": network_view(v["in_force"], v["signed_only"], positions, names) for v in views},
        readouts={f"year={v['year']}": year_readout(v) for v in views},
    )


def kinds_readout(row: Mapping[str, object], kinds: Sequence[str]) -> str:
    """The text for one subset of tie kinds: what is counted, Japan's partners, the index."""
    ticked = [k for k in kinds if row[k]]
    if not ticked:
        return "No kind of tie ticked: no network."
    if ticked == ["mutual_defence_treaty"]:
        what = "Defence treaties only (what treaty-only alliance data see)"
    elif len(ticked) == len(kinds):
        what = "Every kind of tie"
    else:
        what = f"{len(ticked)} of {len(kinds)} kinds of tie"
    lattice = "undefined (no U.S. ally)" if pd.isna(row["latticework"]) else f"{row['latticework']:.2f}"
    return f"{what}: Japan's partners {int(row['partners'])}, latticework index {lattice}."


def kinds_chart(readouts: pd.DataFrame, view: ix.View, name: str, alt: str) -> ix.Chart:
    """Checkboxes, one a kind of tie (the kinds of :func:`alliance.network.tie_kind_readouts`,
    all ticked at first), with the partners and latticework index for every subset; the drawing
    (``view``, every kind counted) stays."""
    kinds = [c for c in readouts.columns if c in KIND_CODES]
    labels = {**TYPE_LABELS, "grouping": "shared grouping"}
    control = ix.Checkboxes("kinds", "Count as a tie", {KIND_CODES[k]: labels[k] for k in kinds},
                            [KIND_CODES[k] for k in kinds])
    texts = {}
    for row in readouts.to_dict("records"):
        key = ix.view_key([control], {"kinds": [KIND_CODES[k] for k in kinds if row[k]]})
        texts[key] = kinds_readout(row, kinds)
    return ix.Chart(name=name, alt=alt, controls=[control], views={f"kinds={control.initial_key}": view},
                    readouts=texts)


def measures_chart(in_force: pd.DataFrame, equal: pd.DataFrame, signed: pd.DataFrame, name: str,
                   alt: str) -> ix.Chart:
    """Japan's centralities and the latticework index by year, each value on hover, each line
    shown or hidden with a checkbox."""
    lines = [("eigenvector (in force)", in_force, "eigenvector", PALETTE["blue"], "solid"),
             ("betweenness (in force)", in_force, "betweenness", PALETTE["green"], "dash"),
             ("latticework (in force)", in_force, "latticework", PALETTE["orange"], "solid"),
             ("latticework (equal weights)", equal, "latticework", PALETTE["purple"], "dot"),
             ("latticework (signed too)", signed, "latticework", PALETTE["vermillion"], "dash")]
    data = []
    for label, table, column, colour, dash in lines:
        values = [None if pd.isna(v) else round(float(v), 3) for v in table[column]]
        data.append({"type": "scatter", "mode": "lines", "name": label, "x": [int(y) for y in table["year"]],
                     "y": values, "line": {"color": colour, "dash": dash, "shape": "hv", "width": 2},
                     "hovertext": [ix.hover(date_label(d), f"{label}: {'–' if v is None else f'{v:.3f}'}")
                                   for d, v in zip(table["date"], values, strict=True)],
                     "hoverinfo": "text"})
    layout = {"height": 400, "margin": {"l": 50, "r": 10, "t": 10, "b": 40}, "yaxis": {"range": [0, 1],
              "title": {"text": "index (0–1)"}, "fixedrange": True}, "xaxis": {"fixedrange": True},
              "legend": {"orientation": "h", "y": -0.15}, "hovermode": "closest"}
    return ix.Chart(name=name, alt=alt, views={"": ix.View(data=data, layout=layout)},
                    controls=[ix.TraceToggles("Show", [line[0] for line in lines])])
