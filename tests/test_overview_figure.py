"""The data overview's figure and its alt text, on a small hand-made table."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from alliance.figures import overview

pytestmark = pytest.mark.usefixtures("house_style")


def test_official_share_figure_orders_tables_and_describes_them():
    by_table = pd.DataFrame({"table": ["events", "milex", "budget"], "rows": [134, 4940, 39],
                             "official_rows": [76, 0, 39], "official_pct": [56.7, 0.0, 100.0]})
    fig, alt = overview.official_share_figure(by_table, {"events": "Events", "milex": "SIPRI", "budget": "Budget"})
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == ["SIPRI (4,940 rows)", "Events (134 rows)", "Budget (39 rows)"]  # least official at the bottom
    long = overview.official_share_figure(by_table.head(1), {"events": "Dated events of the alliance, a long title"})[0]
    assert long.axes[0].get_yticklabels()[0].get_text() == "Dated events of the alliance,\na long title (134 rows)"
    plt.close(long)
    assert alt == ("Horizontal bar chart of 3 data tables by the share of their rows citing a government, an "
                   "official archive or the ISO standards body. 1 table cites one in every row (Budget); "
                   "1 table cites one in no row (SIPRI). The other table lies at 57%.")
    both = pd.concat([by_table, by_table.assign(table=["e2", "m2", "b2"], official_pct=[20.0, 0.0, 100.0])])
    plural = overview.official_share_figure(both, {})
    plt.close(plural[0])
    assert "2 tables cite one in every row" in plural[1] and "The other 2 lie between 20% and 57%." in plural[1]
    assert fig.get_figwidth() <= 6.8
    plt.close(fig)
