"""The book's house style for figures, and the one helper that publishes a figure.

Every chart in the book goes through :func:`publish`, which

* writes the source line under the chart,
* renders the figure to PNG deterministically (no software or date metadata),
* shows it with its alt text and caption attached (``python -m alliance notebooks`` copies them
  into the cell metadata, where the book reads them), and
* offers the plotted data as a CSV download embedded in the page (no file is written): the link
  is the figure's legend, the paragraph under its caption.

The pure pieces (:func:`add_source_line`, :func:`render_png`, :func:`csv_text`,
:func:`download_link`) are separate so that they can be tested without a notebook.
"""

from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

__all__ = [
    "PALETTE",
    "STYLE_FILE",
    "FigureMeta",
    "add_source_line",
    "csv_text",
    "download_link",
    "full_caption",
    "myst_escape",
    "publish",
    "render_png",
    "table_html",
    "use_house_style",
]

STYLE_FILE = Path(__file__).with_name("alliance.mplstyle")

#: Okabe & Ito (2008) colour-blind-safe palette, by name (also the style's colour cycle).
PALETTE: dict[str, str] = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "purple": "#CC79A7",
    "sky": "#56B4E9",
    "vermillion": "#D55E00",
    "yellow": "#F0E442",
    "black": "#000000",
    "grey": "#999999",
}

#: ASCII punctuation: CommonMark shows any of these literally when backslash-escaped.
_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")

#: Key under which a figure output carries its alt text, caption and name.
OUTPUT_KEY = "alliance"


@dataclass(frozen=True)
class FigureMeta:
    """What a reader needs besides the picture: a name to cite, a caption, alt text, the data."""

    name: str
    caption: str
    alt: str
    csv: str

    def _ipython_display_(self) -> None:
        """Show nothing when returned as a cell's last value: :func:`publish` already showed it."""


def use_house_style() -> None:
    """Apply the book's style for figures (matplotlib) and tables (pandas shows every row of a
    short table and never cuts a cell's text); call once at the top of every notebook."""
    matplotlib.rcdefaults()
    plt.style.use(STYLE_FILE)
    pd.set_option("display.max_colwidth", None)
    pd.set_option("display.max_rows", 200)


def add_source_line(fig: Figure, source: str) -> None:
    """Write ``Source: …`` in small grey type under the chart, left-aligned with the figure."""
    if not source.strip():
        raise ValueError("a figure needs a source line")
    fig.text(0.0, -0.02, f"Source: {source}", ha="left", va="top", fontsize=8, color="#555555", wrap=True)


def render_png(fig: Figure) -> bytes:
    """Render a figure to PNG bytes that are identical run after run (no metadata written)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def csv_text(data: pd.DataFrame) -> str:
    """The plotted data as CSV text (UTF-8, ``\\n`` line ends, no index)."""
    return data.to_csv(index=False, lineterminator="\n")


def download_link(csv: str, filename: str, label: str = "Download the data of this figure (CSV)",
                  mime: str = "text/csv") -> str:
    """An inline HTML link that downloads the text ``csv`` (or any text of type ``mime``) as
    ``filename`` from a data URI, so that it works offline."""
    payload = base64.b64encode(csv.encode("utf-8")).decode("ascii")
    name = html.escape(filename, quote=True)
    kind = html.escape(mime, quote=True)
    return (
        f'<a class="alliance-download" download="{name}" '
        f'href="data:{kind};charset=utf-8;base64,{payload}">{html.escape(label)}</a>'
    )


def table_html(frame: pd.DataFrame, uid: str) -> str:
    """A table as HTML for the book: no index column (readers see only headers in words and the
    values), a fixed element id ``T_<uid>`` so that the output is identical run after run, and
    every cell escaped (a value holding markup shows as text)."""
    return frame.style.hide(axis="index").set_uuid(uid).format(escape="html").to_html()


def myst_escape(text: str) -> str:
    """Text that MyST shows literally: every ASCII punctuation character is backslash-escaped
    (CommonMark renders ``\\X`` as ``X``), so markup, roles, HTML and entities in data stay text,
    and line breaks become spaces (a caption is one paragraph)."""
    return "".join(f"\\{c}" if c in _PUNCTUATION else c for c in " ".join(text.split()))


def full_caption(caption: str, csv: str, name: str) -> str:
    """The caption as the book shows it: the finding (escaped, since captions are parsed as MyST
    and often quote data), then, as legend, the data download link."""
    return f"{myst_escape(caption)}\n\n{download_link(csv, name.removeprefix('fig-') + '.csv')}"


def publish(fig: Figure, *, name: str, caption: str, alt: str, source: str, data: pd.DataFrame) -> FigureMeta:
    """Finish and show a figure: source line, PNG with alt text and caption, CSV download.

    ``name`` is the figure's label (``fig-…``) for cross-references; ``caption`` states the
    finding; ``alt`` describes the chart for someone who cannot see it. Returns the metadata
    (the notebook may ignore it).
    """
    from IPython.display import display

    if not name.startswith("fig-"):
        raise ValueError(f"figure names start with 'fig-': {name!r}")
    if not alt.strip() or not caption.strip():
        raise ValueError("a figure needs alt text and a caption")
    add_source_line(fig, source)
    png = render_png(fig)
    plt.close(fig)
    meta = FigureMeta(name=name, caption=caption, alt=alt, csv=csv_text(data))
    bundle = {"image/png": base64.b64encode(png).decode("ascii"), "text/plain": f"Figure: {alt}"}
    caption_shown = full_caption(caption, meta.csv, name)
    display(bundle, raw=True, metadata={OUTPUT_KEY: {"name": name, "caption": caption_shown, "alt": alt}})
    return meta
