"""The house style and the figure helper."""

from __future__ import annotations

import base64
import io
import re

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.colors import to_hex

from alliance.figures import style as plots

pytestmark = pytest.mark.usefixtures("house_style")


def _figure():
    fig, ax = plt.subplots()
    ax.plot([1951, 1960, 2015], [1, 2, 3])
    ax.set_title("A finding")
    return fig


def test_style_is_opaque_and_uses_the_okabe_ito_palette():
    assert to_hex(matplotlib.rcParams["figure.facecolor"]) == "#ffffff"
    assert to_hex(matplotlib.rcParams["savefig.facecolor"]) == "#ffffff"
    cycle = [c.lower() for c in matplotlib.rcParams["axes.prop_cycle"].by_key()["color"]]
    # Okabe & Ito (2008): blue, orange, bluish green, reddish purple, sky blue, vermillion, yellow, black
    assert cycle == ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000"]
    assert {v.lower() for v in plots.PALETTE.values()} >= set(cycle)


def test_source_line_is_written_under_the_chart():
    fig = _figure()
    plots.add_source_line(fig, "SIPRI Military Expenditure Database")
    [text] = fig.texts
    assert text.get_text() == "Source: SIPRI Military Expenditure Database"
    assert text.get_position()[1] < 0  # below the axes area


def test_a_figure_without_source_is_refused():
    with pytest.raises(ValueError, match="source"):
        plots.add_source_line(_figure(), "  ")


def test_png_rendering_is_deterministic_and_opaque():
    first, second = plots.render_png(_figure()), plots.render_png(_figure())
    assert first == second
    assert first.startswith(b"\x89PNG")
    assert b"Software" not in first and b"matplotlib" not in first
    image = plt.imread(io.BytesIO(first))
    assert image[0, 0, :3].tolist() == [1.0, 1.0, 1.0]
    if image.shape[2] == 4:
        assert image[..., 3].min() == 1.0


def test_download_link_carries_the_csv():
    frame = pd.DataFrame({"year": [1951, 1960], "event": ["treaty, signed", "revised <treaty>"]})
    text = plots.csv_text(frame)
    assert text == 'year,event\n1951,"treaty, signed"\n1960,revised <treaty>\n'
    link = plots.download_link(text, 'a"b.csv')
    assert 'download="a&quot;b.csv"' in link
    payload = re.search(r"base64,([A-Za-z0-9+/=]+)\"", link).group(1)
    assert base64.b64decode(payload).decode("utf-8") == text


def test_full_caption_puts_the_link_in_the_legend():
    caption = plots.full_caption("Spending doubled.", "a\n1\n", "fig-spending")
    finding, legend = caption.split("\n\n")
    assert finding == "Spending doubled\\."
    assert 'download="spending.csv"' in legend


def test_publish_checks_its_arguments():
    frame = pd.DataFrame({"x": [1]})
    with pytest.raises(ValueError, match="fig-"):
        plots.publish(_figure(), name="spending", caption="c", alt="a", source="s", data=frame)
    with pytest.raises(ValueError, match="alt text"):
        plots.publish(_figure(), name="fig-x", caption="c", alt=" ", source="s", data=frame)


def test_publish_shows_the_figure_at_its_design_width_with_its_metadata(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda *a, **k: shown.append((a, k)))
    frame = pd.DataFrame({"x": [1, 2]})
    fig, ax = plt.subplots(figsize=(5, 3))
    ax.plot([1, 2], [1, 2])
    plots.publish(fig, name="fig-x", caption="Cap.", alt="Alt.", source="S", data=frame)
    [(args, kwargs)] = shown
    bundle, metadata = args[0], kwargs["metadata"]
    assert bundle["text/plain"] == "Figure: Alt."
    png = base64.b64decode(bundle["image/png"])
    assert png.startswith(b"\x89PNG")
    mine = metadata["alliance"]
    assert mine["alt"] == "Alt."
    assert mine["caption"].startswith("Cap\\.\n\n<a ")
    # rendered at 2x: the PNG has twice as many pixels as the width it is shown at
    assert mine["density"] == 2
    assert metadata["image/png"]["width"] == f"{mine['design_width_px']}px"
    assert abs(plots.png_width(png) - 2 * mine["design_width_px"]) <= 1
    # 5 in at 96 px/in is 480 CSS px; a tight bounding box trims or adds only the margins
    assert 400 <= mine["design_width_px"] <= 520
    assert mine["min_font_pt"] == 9.0  # the source line, the smallest text


def test_publish_refuses_a_figure_wider_than_the_column_or_with_small_text(monkeypatch):
    monkeypatch.setattr("IPython.display.display", lambda *a, **k: None)
    frame = pd.DataFrame({"x": [1]})
    wide, _ = plt.subplots(figsize=(10, 3))
    with pytest.raises(ValueError, match=r"10.00 in wide .*at most 7.08 in"):
        plots.publish(wide, name="fig-wide", caption="c", alt="a", source="s", data=frame)
    small, ax = plt.subplots(figsize=(5, 3))
    ax.text(0.5, 0.5, "tiny label", fontsize=7)
    with pytest.raises(ValueError, match="7 pt; use at least 9 pt"):
        plots.publish(small, name="fig-small", caption="c", alt="a", source="s", data=frame)


@pytest.mark.parametrize(
    ("cell", "line"),
    [("=HYPERLINK(\"http://x\")", '"\'=HYPERLINK(""http://x"")",-8.5'),
     ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0,-8.5"),
     ("-2+3", "'-2+3,-8.5"), ("@SUM(A1)", "'@SUM(A1),-8.5"), ("\tx", "'\tx,-8.5"), ("\rx", "'\rx,-8.5"),
     ("plain", "plain,-8.5")],
)
def test_csv_neutralises_cells_that_a_spreadsheet_would_run(cell, line):
    # numbers, negative ones included, stay numbers
    assert plots.csv_text(pd.DataFrame({"title": [cell], "value": [-8.5]})) == f"title,value\n{line}\n"


def test_download_link_label_is_escaped():
    link = plots.download_link("a\n", "x.csv", "Get <all> rows")
    assert link.endswith(">Get &lt;all&gt; rows</a>")


@pytest.mark.parametrize(
    "text",
    ["<script>alert(1)</script>", '<img src=x onerror="alert(1)">', "**bold** and _it_", "{glue:text}`n_events`",
     "[link](https://example.org)", "&lt;entity&gt;", "1. not a list", "# not a heading", "a | b", "$x$"],
)
def test_myst_escape_leaves_text_that_renders_literally(text):
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark").render(plots.myst_escape(text))
    # the only markup is the paragraph; the visible text is exactly the input
    assert rendered.startswith("<p>") and rendered.endswith("</p>\n")
    import html as html_module

    assert html_module.unescape(rendered[3:-5]) == text


def test_full_caption_escapes_the_finding_but_not_the_link():
    caption = plots.full_caption("Rose *sharply*", "a\n1\n", "fig-x")
    finding, legend = caption.split("\n\n")
    assert finding == "Rose \\*sharply\\*"
    assert legend.startswith('<a class="alliance-download"')


def test_house_style_shows_whole_table_cells():
    assert pd.get_option("display.max_colwidth") is None



def test_png_is_a_small_palette_image():
    from PIL import Image

    fig = _figure()
    fig.set_size_inches(6.8, 3.9)
    png = plots.render_png(fig)
    image = Image.open(io.BytesIO(png))
    assert image.mode == "P" and len(image.getcolors()) <= 256
    # 2x density of 96 px per inch; the tight bounding box trims the empty margins
    assert 1000 < image.size[0] <= round(6.8 * 192) and 600 < image.size[1] <= round(3.9 * 192)
    assert len(png) < 60_000  # a simple line chart at 1306 x 749 px


def test_publish_refuses_a_figure_whose_labels_push_it_past_the_column(monkeypatch):
    monkeypatch.setattr("IPython.display.display", lambda *a, **k: None)
    fig, ax = plt.subplots(figsize=(6.8, 3))
    ax.barh(["a label far too long for the left margin of a figure drawn at column width"], [1])
    with pytest.raises(ValueError, match=r"comes out \d+ px wide, over the column's 680 px"):
        plots.publish(fig, name="fig-long", caption="c", alt="a", source="s", data=pd.DataFrame({"x": [1]}))
