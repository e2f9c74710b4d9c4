"""Interactive versions of the book's main charts: values on hover, and controls that switch
between precomputed views, offline and without a kernel.

A :class:`Chart` is shown with :func:`show` right after the static figure it enhances (same
``name``, the ``fig-…`` label given to :func:`alliance.figures.style.publish`). The output is one
``text/html`` block:

* a container with native, keyboard-operable controls (:class:`Slider`, :class:`Choice`,
  :class:`Checkboxes`, :class:`TraceToggles`), an empty plot area and a live readout;
* the chart's views as JSON in a ``<script type="application/json">`` block, with ``<``, ``>``
  and ``&`` escaped, so that no data string can close the script or open a tag;
* a small loader that loads, once per page, the vendored plotly.js (basic bundle, pinned in
  ``package.json``, copied to ``book/_static/vendor/``) and ``book/_static/alliance-interactive.js``
  from the page's own ``_static`` folder.

In the browser the script draws the chart inside the static figure (above its caption) and hides
the PNG; where JavaScript is off, in print and PDF, and in nbval's comparison, the PNG stays.
Views are keyed by the controls' values (:func:`view_key`); a combination with no view keeps the
drawing and updates only the readout (from ``readouts``), so that cheap numbers can be given for
every combination while drawings are given only where they differ.

Hover text is plain text: build it with :func:`hover`, which escapes data strings (plotly reads
hover text as a small HTML subset).
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

__all__ = ["Chart", "Checkboxes", "Choice", "Slider", "TraceToggles", "View", "chart_html", "hover", "show",
           "view_key"]

#: Font size of chart text, in CSS px (≥ 12, as for the static figures).
FONT_PX = 13
#: What the page loads from its own ``_static`` folder, in order.
SCRIPTS = ("vendor/plotly-basic.min.js", "alliance-interactive.js")

_LOADER = """<script>(function () {
  if (window.allianceInteractiveLoader) { return; }
  window.allianceInteractiveLoader = true;
  var anchor = document.querySelector('script[src*="documentation_options.js"]');
  if (!anchor) { return; }
  var base = anchor.getAttribute("src").replace(/documentation_options\\.js.*$/, "");
  var files = %s;
  (function next(i) {
    if (i === files.length) { return; }
    var script = document.createElement("script");
    script.src = base + files[i];
    script.onload = function () { next(i + 1); };
    document.head.appendChild(script);
  })(0);
})();</script>"""


@dataclass(frozen=True)
class View:
    """One drawing: plotly traces (``data``) and ``layout``, as plain dicts and lists."""

    data: Sequence[Mapping[str, object]]
    layout: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Slider:
    """A range control over ``values`` (years, say); keyboard: arrow keys, Home, End."""

    name: str
    label: str
    values: Sequence[int | str]
    initial: int | str

    @property
    def initial_key(self) -> str:
        return str(self.initial)


@dataclass(frozen=True)
class Choice:
    """One of several options (radio buttons): ``options`` maps a value to its label."""

    name: str
    label: str
    options: Mapping[str, str]
    initial: str

    @property
    def initial_key(self) -> str:
        return self.initial


@dataclass(frozen=True)
class Checkboxes:
    """Any subset of options (checkboxes); the key lists the ticked values, sorted, joined by commas."""

    name: str
    label: str
    options: Mapping[str, str]
    initial: Sequence[str]

    @property
    def initial_key(self) -> str:
        return ",".join(sorted(self.initial))


@dataclass(frozen=True)
class TraceToggles:
    """A checkbox per trace name that shows or hides the traces of that name (no view switch)."""

    label: str
    names: Sequence[str]


Control = Slider | Choice | Checkboxes | TraceToggles


@dataclass(frozen=True)
class Chart:
    """An interactive chart: its static figure's ``name`` and ``alt`` text, its views keyed by
    :func:`view_key`, its controls, and optional readouts (text beside the chart) per key."""

    name: str
    alt: str
    views: Mapping[str, View]
    controls: Sequence[Control] = ()
    readouts: Mapping[str, str] = field(default_factory=dict)

    @property
    def initial(self) -> str:
        return view_key(self.controls, {c.name: c.initial for c in self.controls if not isinstance(c, TraceToggles)})


def view_key(controls: Sequence[Control], values: Mapping[str, object]) -> str:
    """The key of the view shown when the controls hold ``values`` (``{"year": 2005, "kinds":
    ["acsa", "treaty"]}`` → ``"year=2005|kinds=acsa,treaty"``); trace toggles take no part. With no
    view-switching control the key is ``""``."""
    parts = []
    for control in controls:
        if isinstance(control, TraceToggles):
            continue
        value = values[control.name]
        text = ",".join(sorted(value)) if isinstance(control, Checkboxes) else str(value)
        parts.append(f"{control.name}={text}")
    return "|".join(parts)


def hover(*lines: object) -> str:
    """Hover text from plain-text lines: each escaped (data strings stay text), joined by line breaks."""
    return "<br>".join(html.escape(str(line), quote=False) for line in lines)


def _json_for_script(value: object) -> str:
    """JSON that is safe inside a ``<script>`` element: no ``<``, ``>`` or ``&`` appears raw."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for raw, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("\u2028", "\\u2028"),
                         ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


def _control_html(control: Control, prefix: str) -> str:
    esc = html.escape
    if isinstance(control, Slider):
        index = list(control.values).index(control.initial)
        ident = f"{prefix}-{control.name}"
        return (f'<div class="alliance-control"><label for="{esc(ident)}">{esc(control.label)}</label> '
                f'<input type="range" id="{esc(ident)}" data-control="{esc(control.name)}" data-kind="slider" '
                f'min="0" max="{len(control.values) - 1}" step="1" value="{index}" '
                f'aria-valuetext="{esc(str(control.initial))}" '
                f"data-values='{esc(_json_for_script([str(v) for v in control.values]))}'> "
                f'<output for="{esc(ident)}">{esc(str(control.initial))}</output></div>')
    if isinstance(control, TraceToggles):
        boxes = "".join(f'<label><input type="checkbox" data-trace="{esc(n)}" checked> {esc(n)}</label>'
                        for n in control.names)
        return f'<fieldset class="alliance-control"><legend>{esc(control.label)}</legend>{boxes}</fieldset>'
    kind = "radio" if isinstance(control, Choice) else "checkbox"
    ticked = {control.initial} if isinstance(control, Choice) else set(control.initial)
    boxes = "".join(
        f'<label><input type="{kind}" name="{esc(prefix)}-{esc(control.name)}" data-control="{esc(control.name)}" '
        f'data-kind="{kind}" value="{esc(value)}"{" checked" if value in ticked else ""}> {esc(label)}</label>'
        for value, label in control.options.items())
    return f'<fieldset class="alliance-control"><legend>{esc(control.label)}</legend>{boxes}</fieldset>'


def chart_html(chart: Chart) -> str:
    """The HTML block of an interactive chart (deterministic: ids come from the chart's name)."""
    if not chart.name.startswith("fig-"):
        raise ValueError(f"an interactive chart takes the name of its static figure ('fig-…'): {chart.name!r}")
    if chart.initial not in chart.views:
        raise ValueError(f"{chart.name}: no view for the controls' initial values (key {chart.initial!r})")
    prefix = f"ia-{chart.name}"
    spec = {
        "figure": chart.name,
        "initial": chart.initial,
        "views": {key: {"data": list(view.data), "layout": dict(view.layout)} for key, view in chart.views.items()},
        "readouts": dict(chart.readouts),
        "font": FONT_PX,
    }
    controls = "".join(_control_html(c, prefix) for c in chart.controls)
    readout = html.escape(chart.readouts.get(chart.initial, ""))
    return (f'<div class="alliance-interactive" id="{html.escape(prefix)}" data-figure="{html.escape(chart.name)}">'
            f'<div class="alliance-controls">{controls}</div>'
            f'<div class="alliance-plot" role="img" aria-label="{html.escape(chart.alt, quote=True)}"></div>'
            f'<p class="alliance-readout" aria-live="polite">{readout}</p>'
            f'<script type="application/json" class="alliance-spec">{_json_for_script(spec)}</script></div>'
            + _LOADER % _json_for_script(list(SCRIPTS)))


def show(chart: Chart) -> None:
    """Show an interactive chart (as HTML; the static figure shown before it stays its fallback)."""
    from IPython.display import display

    display({"text/html": chart_html(chart), "text/plain": f"Interactive version of {chart.name}"}, raw=True)
