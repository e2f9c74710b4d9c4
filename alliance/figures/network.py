"""Charts of the partner-network chapter, drawn in the house style.

Like :mod:`alliance.figures.timeline`, each function draws one figure and returns it; the notebook adds
source line, caption, alt text and data with :func:`alliance.figures.style.publish`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import networkx as nx
import pandas as pd
from matplotlib.figure import Figure

from alliance.figures.style import PALETTE

__all__ = ["density_figure", "measures_figure", "network_panels", "types_figure"]

#: Node colours: Japan and the United States stand out, every other country in one colour.
NODE_COLOURS = {"JPN": PALETTE["blue"], "USA": PALETTE["orange"]}
OTHER_NODE = PALETTE["sky"]
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


def network_panels(graphs: Sequence[tuple[str, nx.Graph]], positions: Mapping[str, tuple[float, float]],
                   title: str) -> Figure:
    """The network at several dates side by side, every country at the same place in each panel;
    node area grows with the country's total tie weight and line width with the tie's weight."""
    fig, axes = plt.subplots(1, len(graphs), figsize=(4.2 * len(graphs), 4.6))
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    pad = 0.18
    for ax, (label, graph) in zip(axes, graphs, strict=True):
        for a, b, data in graph.edges(data=True):
            (x1, y1), (x2, y2) = positions[a], positions[b]
            ax.plot([x1, x2], [y1, y2], color="#888888", lw=0.4 + 0.35 * data["weight"], alpha=0.7, zorder=1)
        for node in graph.nodes:
            strength = graph.degree(node, weight="weight")
            x, y = positions[node]
            ax.scatter([x], [y], s=60 + 9 * strength, color=NODE_COLOURS.get(node, OTHER_NODE),
                       edgecolors="white", linewidths=0.8, zorder=2)
            ax.text(x, y, node, ha="center", va="center", fontsize=6.5, zorder=3,
                    color="white" if node in NODE_COLOURS else "#1a1a1a", fontweight="bold")
        ax.set_title(f"{label}: {graph.number_of_nodes()} countries, {graph.number_of_edges()} ties", fontsize=10)
        ax.set_xlim(min(xs) - pad, max(xs) + pad)
        ax.set_ylim(min(ys) - pad, max(ys) + pad)
        ax.set_aspect("equal")
        ax.axis("off")
    fig.suptitle(title, x=0.0, ha="left", fontweight="bold", fontsize=12)
    fig.tight_layout()
    return fig


def measures_figure(weighted: pd.DataFrame, equal: pd.DataFrame, title: str) -> Figure:
    """Japan's measures by year in four panels; the dashed line repeats each measure with every
    instrument and grouping weighted equally, to show the pattern does not depend on the weights."""
    panels = [
        ("partners", "Japan's partners (countries tied to it)", False),
        ("eigenvector", "Japan's eigenvector centrality", True),
        ("betweenness", "Japan's betweenness centrality", False),
        ("latticework", "Latticework index (ties among U.S. allies\nthat bypass the U.S.)", True),
    ]
    fig, axes = plt.subplots(2, 2, figsize=(10, 6.5), sharex=True)
    for ax, (column, label, show_equal) in zip(axes.flat, panels, strict=True):
        ax.plot(weighted["year"], weighted[column], color=PALETTE["blue"], label="typed weights")
        if show_equal:
            ax.plot(equal["year"], equal[column], color=PALETTE["vermillion"], ls="--", label="equal weights")
            ax.legend(loc="upper left", fontsize=8)
        ax.set_title(label, fontsize=10, loc="left")
        ax.set_ylim(0, None)
    fig.suptitle(title, x=0.0, ha="left", fontweight="bold", fontsize=12)
    fig.tight_layout()
    return fig


def density_figure(yearly: pd.DataFrame, columns: Mapping[str, str], title: str) -> Figure:
    """Density (share of possible ties that exist) of several groups of countries by year."""
    fig, ax = plt.subplots(figsize=(8, 4.2))
    colours = [PALETTE["blue"], PALETTE["green"], PALETTE["purple"]]
    styles = ["-", "--", ":"]
    for (column, label), colour, style in zip(columns.items(), colours, styles, strict=False):
        ax.step(yearly["year"], yearly[column], where="post", color=colour, ls=style, label=label)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("share of possible bilateral ties")
    ax.legend(loc="upper left")
    ax.set_title(title)
    return fig


def types_figure(counts: pd.DataFrame, title: str) -> Figure:
    """Instruments in force by type and year (stacked). The palette has nine colours for eleven
    types: the last two reuse two colours, hatched, so that every type stays distinguishable."""
    fig, ax = plt.subplots(figsize=(8, 4.5))
    names = ("black", "vermillion", "orange", "blue", "sky", "green", "purple", "yellow", "grey", "sky", "green")
    colours = [PALETTE[c] for c in names]
    hatches = [""] * 9 + ["//", "//"]
    columns = [c for c in TYPE_LABELS if c in counts.columns]
    positions = [list(TYPE_LABELS).index(c) for c in columns]
    ax.stackplot(counts.index, [counts[c] for c in columns], labels=[TYPE_LABELS[c] for c in columns],
                 colors=[colours[i] for i in positions], hatch=[hatches[i] for i in positions], alpha=0.9)
    ax.set_ylabel("instruments in force")
    ax.legend(loc="upper left", fontsize=8, ncol=2)
    ax.set_title(title)
    return fig
