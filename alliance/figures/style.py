"""The book's house style for figures, and the one helper that publishes a figure.

Every chart in the book goes through :func:`publish`, which

* writes the source line under the chart,
* checks that the figure is designed for the page: at most :data:`MAX_WIDTH_PX` CSS pixels wide
  (the content column) and no text under :data:`MIN_FONT_PT` points, so that every label reads at
  12 CSS px or more when shown at its design width,
* renders it to PNG deterministically at :data:`DENSITY` times the pixel density of the page (sharp
  on high-density screens), as a palette image with no software or date metadata,
* shows it at its design width, with its alt text and caption attached (``make notebooks`` copies
  them into the cell metadata, where the book reads them), recording its design width, density and
  smallest font size in the output metadata so that a test can compute the rendered text size, and
* offers the plotted data as a CSV download (the link is the figure's legend, under its caption);
  cells that a spreadsheet would run as a formula are neutralised (:func:`csv_text`).

The pure pieces (:func:`add_source_line`, :func:`render_png`, :func:`csv_text`,
:func:`download_link`, :func:`smallest_font_pt`) are separate so that they can be tested without a
notebook.
"""

from __future__ import annotations

import base64
import html
import io
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.text import Text

__all__ = [
    "DENSITY",
    "MAX_WIDTH_PX",
    "MIN_FONT_PT",
    "PALETTE",
    "STYLE_FILE",
    "add_source_line",
    "csv_text",
    "download_link",
    "full_caption",
    "myst_escape",
    "neutralise_formula",
    "png_width",
    "publish",
    "render_png",
    "smallest_font_pt",
    "use_house_style",
]

STYLE_FILE = Path(__file__).with_name("alliance.mplstyle")

#: CSS pixels per inch, the unit in which a figure's design width is given.
CSS_PX_PER_INCH = 96
#: Image pixels per CSS pixel: PNGs are rendered at twice the page's density and shown at half size.
DENSITY = 2
#: Widest a figure may be, in CSS pixels: the book theme's content column (about 7 in at 96 px/in).
MAX_WIDTH_PX = 680
#: Smallest text allowed in a figure, in points: 9 pt is 12 CSS px at the design width.
MIN_FONT_PT = 9.0
#: Characters with which a spreadsheet starts a formula (OWASP's list for CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

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
    fig.text(0.0, -0.02, f"Source: {source}", ha="left", va="top", fontsize=MIN_FONT_PT, color="#555555",
             wrap=True)


def render_png(fig: Figure) -> bytes:
    """Render a figure to PNG bytes that are identical run after run (no metadata written), as a
    256-colour palette image: charts of flat colours lose nothing visible, and the file is about a
    third of the size, which keeps the chapter pages light."""
    from PIL import Image

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    image = Image.open(buffer).convert("RGB")
    palette = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    palette.save(out, format="PNG", optimize=True)
    return out.getvalue()


def neutralise_formula(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula (it starts with ``=``, ``+``, ``-``,
    ``@``, a tab or a carriage return) prefixed with ``'``, so that it opens as text (OWASP's rule
    against CSV injection); any other value unchanged."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_text(data: pd.DataFrame) -> str:
    """The data as CSV text (UTF-8, ``\\n`` line ends, no index) that is safe to open in a
    spreadsheet: text cells that would start a formula are neutralised (numbers are left as they
    are, so a negative number stays a number)."""
    text_columns = [c for c in data.columns if data[c].dtype == object or pd.api.types.is_string_dtype(data[c])]
    safe = data.assign(**{str(c): data[c].map(neutralise_formula) for c in text_columns}) if text_columns else data
    return safe.to_csv(index=False, lineterminator="\n")


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


def myst_escape(text: str) -> str:
    """Text that MyST shows literally: every ASCII punctuation character is backslash-escaped
    (CommonMark renders ``\\X`` as ``X``), so markup, roles, HTML and entities in data stay text,
    and line breaks become spaces (a caption is one paragraph)."""
    return "".join(f"\\{c}" if c in _PUNCTUATION else c for c in " ".join(text.split()))


def full_caption(caption: str, csv: str, name: str) -> str:
    """The caption as the book shows it: the finding (escaped, since captions are parsed as MyST
    and often quote data), then, as legend, the data download link."""
    return f"{myst_escape(caption)}\n\n{download_link(csv, name.removeprefix('fig-') + '.csv')}"


def smallest_font_pt(fig: Figure) -> float:
    """The size in points of the smallest visible, non-empty text in a figure."""
    sizes = [t.get_fontsize() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    return float(min(sizes)) if sizes else MIN_FONT_PT


def _check_design(fig: Figure, name: str) -> None:
    """Refuse a figure that would be shrunk on the page or whose text would read under 12 px."""
    width_px = fig.get_figwidth() * CSS_PX_PER_INCH
    if width_px > MAX_WIDTH_PX:
        raise ValueError(f"{name}: the figure is {fig.get_figwidth():.2f} in wide ({width_px:.0f} px); draw it at "
                         f"most {MAX_WIDTH_PX / CSS_PX_PER_INCH:.2f} in wide (the content column), e.g. "
                         f"figsize=(6.8, 4), so that it is shown at the size it is drawn")
    smallest = smallest_font_pt(fig)
    if smallest < MIN_FONT_PT:
        raise ValueError(f"{name}: a text of the figure is {smallest:g} pt; use at least {MIN_FONT_PT:g} pt "
                         f"(fontsize={MIN_FONT_PT:g}) so that it reads at 12 CSS px or more")


def png_width(png: bytes) -> int:
    """The width in pixels of a PNG image, read from its header."""
    return int.from_bytes(png[16:20], "big")


def publish(fig: Figure, *, name: str, caption: str, alt: str, source: str, data: pd.DataFrame) -> None:
    """Finish and show a figure: source line, PNG at its design width with alt text and caption,
    CSV download.

    ``name`` is the figure's label (``fig-…``) for cross-references; ``caption`` states the
    finding; ``alt`` describes the chart for someone who cannot see it (build it beside the
    function that draws the chart, from the same values).
    """
    from IPython.display import display

    if not name.startswith("fig-"):
        raise ValueError(f"figure names start with 'fig-': {name!r}")
    if not alt.strip() or not caption.strip():
        raise ValueError("a figure needs alt text and a caption")
    _check_design(fig, name)
    add_source_line(fig, source)
    smallest = smallest_font_pt(fig)
    png = render_png(fig)
    plt.close(fig)
    width = round(png_width(png) / DENSITY)
    if width > MAX_WIDTH_PX:
        raise ValueError(f"{name}: with its labels the figure comes out {width} px wide, over the column's "
                         f"{MAX_WIDTH_PX} px, so it would be shown smaller than drawn: shorten or wrap the "
                         "labels (textwrap.fill), or draw it narrower")
    bundle = {"image/png": base64.b64encode(png).decode("ascii"), "text/plain": f"Figure: {alt}"}
    caption_shown = full_caption(caption, csv_text(data), name)
    display(bundle, raw=True, metadata={
        "image/png": {"width": f"{width}px"},
        OUTPUT_KEY: {"name": name, "caption": caption_shown, "alt": alt,
                     "design_width_px": width, "density": DENSITY, "min_font_pt": smallest},
    })
