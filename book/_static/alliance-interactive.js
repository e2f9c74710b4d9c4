/* Interactive charts of the book (written by alliance.figures.interactive).
 *
 * Each .alliance-interactive block holds its views as JSON. This script draws the current view
 * with plotly.js inside the static figure of the same name (above its caption), hides the PNG
 * there, and switches views when a control changes. Views are precomputed: no kernel, no network.
 * Data strings reach the page only through plotly (as text) and textContent, never as HTML.
 */
(function () {
  "use strict";

  function controlValues(box) {
    var values = {};
    box.querySelectorAll("[data-control]").forEach(function (input) {
      var name = input.getAttribute("data-control");
      var kind = input.getAttribute("data-kind");
      if (kind === "slider") {
        var list = JSON.parse(input.getAttribute("data-values"));
        values[name] = list[Number(input.value)];
      } else if (kind === "radio") {
        if (input.checked) { values[name] = input.value; }
      } else if (kind === "checkbox") {
        if (!(name in values)) { values[name] = []; }
        if (input.checked) { values[name].push(input.value); }
      }
    });
    return values;
  }

  function keyOf(box) {
    var values = controlValues(box);
    var seen = [];
    var parts = [];
    box.querySelectorAll("[data-control]").forEach(function (input) {
      var name = input.getAttribute("data-control");
      if (seen.indexOf(name) >= 0) { return; }
      seen.push(name);
      var value = values[name];
      parts.push(name + "=" + (Array.isArray(value) ? value.slice().sort().join(",") : value));
    });
    return parts.join("|");
  }

  function hiddenTraces(box) {
    var hidden = [];
    box.querySelectorAll("input[data-trace]").forEach(function (input) {
      if (!input.checked) { hidden.push(input.getAttribute("data-trace")); }
    });
    return hidden;
  }

  function styled(view, spec, hidden) {
    var layout = Object.assign({}, view.layout);
    layout.font = Object.assign({ size: spec.font }, layout.font || {});
    layout.autosize = true;
    var data = view.data.map(function (trace) {
      var copy = Object.assign({}, trace);
      if (hidden.indexOf(trace.name) >= 0) { copy.visible = "legendonly"; }
      return copy;
    });
    return { data: data, layout: layout };
  }

  function setUp(box) {
    var spec = JSON.parse(box.querySelector("script.alliance-spec").textContent);
    var plot = box.querySelector(".alliance-plot");
    var readout = box.querySelector(".alliance-readout");
    var figure = document.getElementById(spec.figure);
    if (figure) {
      var caption = figure.querySelector("figcaption");
      figure.insertBefore(box, caption);
      figure.classList.add("alliance-has-interactive");
    }
    box.classList.add("alliance-ready");
    var config = { displayModeBar: false, responsive: true };
    var current = spec.initial;

    function draw() {
      var key = keyOf(box);
      if (key in spec.views) { current = key; }
      var shown = styled(spec.views[current], spec, hiddenTraces(box));
      window.Plotly.react(plot, shown.data, shown.layout, config);
      if (key in spec.readouts) { readout.textContent = spec.readouts[key]; }
      box.querySelectorAll("input[data-kind='slider']").forEach(function (input) {
        var list = JSON.parse(input.getAttribute("data-values"));
        var label = list[Number(input.value)];
        input.setAttribute("aria-valuetext", label);
        var output = box.querySelector("output[for='" + input.id + "']");
        if (output) { output.textContent = label; }
      });
    }

    box.querySelectorAll("input").forEach(function (input) {
      input.addEventListener("input", draw);
      input.addEventListener("change", draw);
    });
    draw();
  }

  function start() {
    document.querySelectorAll(".alliance-interactive:not(.alliance-ready)").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
