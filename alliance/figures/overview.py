"""The data overview's figure: how much of each table cites official sources (a government, an
official archive or the ISO standards body).

Like the other chapter modules, the function draws one figure and builds its alt text from the
same values; the notebook publishes it with :func:`alliance.figures.style.publish`.
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from alliance.figures.style import PALETTE

__all__ = ["official_share_figure"]


def _tables(n: int, singular_verb: str, plural_verb: str) -> str:
    """``1 table cites`` or ``3 tables cite``: a count of tables with its verb in agreement."""
    return f"{n} table {singular_verb}" if n == 1 else f"{n} tables {plural_verb}"


def official_share_figure(by_table: pd.DataFrame, titles: dict[str, str]) -> tuple[Figure, str]:
    """Stacked horizontal bars, one per table, of the share of its rows that cite an official
    publisher (and the rest), labelled with the table's title and row count; and its alt text.
    ``by_table`` is :func:`alliance.catalog.official_share_by_table`; ``titles`` names the tables."""
    ordered = by_table.sort_values(["official_pct", "table"], ascending=[True, False], ignore_index=True)
    labels = [textwrap.fill(f"{titles.get(t, t)} ({n:,} rows)", 30)
              for t, n in zip(ordered["table"], ordered["rows"], strict=True)]
    fig, ax = plt.subplots(figsize=(6.4, 0.42 * len(ordered) + 1.3))
    fig.subplots_adjust(left=0.42)  # room for the wrapped table names inside the figure's width
    ax.barh(labels, ordered["official_pct"], color=PALETTE["blue"], label="government, archive or ISO")
    ax.barh(labels, 100 - ordered["official_pct"], left=ordered["official_pct"], color="#cccccc",
            label="other source")
    for y, share in enumerate(ordered["official_pct"]):
        ax.text(min(share, 88) + 1.5, y, f"{share:.0f}%", va="center", fontsize=9, color="#222222")
    ax.set_xlim(0, 100)
    ax.set_xlabel("share of the table's rows (%)")
    ax.grid(axis="x")
    ax.grid(axis="y", visible=False)
    ax.legend(loc="upper center", bbox_to_anchor=(0.3, -0.18), ncol=2)
    # the title spans the figure, not only the axes (which start right of the table names)
    fig.suptitle("Share of each table's rows citing a government, archive or ISO", x=0.0, ha="left",
                 fontsize=11, fontweight="bold")
    name = ordered["table"].map(lambda t: titles.get(t, t))
    full, none = name[ordered["official_pct"] == 100], name[ordered["official_pct"] == 0]
    middle = ordered.loc[(ordered["official_pct"] > 0) & (ordered["official_pct"] < 100), "official_pct"]
    alt = (f"Horizontal bar chart of {len(ordered)} data tables by the share of their rows citing a government, "
           f"an official archive or the ISO standards body. {_tables(len(full), 'cites', 'cite')} one in every row "
           f"({', '.join(full) or 'none'}); {_tables(len(none), 'cites', 'cite')} one in no row "
           f"({', '.join(none) or 'none'}).")
    if len(middle):
        low, high = middle.min(), middle.max()
        between = f"between {low:.0f}% and {high:.0f}%" if len(middle) > 1 else f"at {low:.0f}%"
        alt += f" {'The other table lies' if len(middle) == 1 else f'The other {len(middle)} lie'} {between}."
    return fig, alt
