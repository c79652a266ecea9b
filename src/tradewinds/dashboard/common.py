"""What every dashboard page shares: styles, charts as HTML fragments, country choices,
error slots under the fields they name, provenance lines."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio
from shiny import ui

STATIC = Path(pio.__file__).parent.parent / "package_data"  # plotly.min.js of the package
SHAPES_URL = "shapes/countries-50m.geojson"  # served by the app, read by the browser
CSS = """
body { font-family: "DejaVu Sans", Arial, sans-serif; }
.tbl { border-collapse: collapse; margin: .4rem 0 1rem; font-size: .88rem; }
.tbl th, .tbl td { padding: .25rem .6rem; border-bottom: 1px solid #d8dee4; text-align: right; }
.tbl th { background: #eef3f6; }
.tbl td:first-child, .tbl th:first-child { text-align: left; }
.tbl.wrap td { white-space: normal; text-align: left; }
.field-error { color: #b00020; font-size: .85rem; margin-top: -.6rem; }
.sidebar-content { gap: .8rem !important; }
.sidebar-content > * { flex: 0 0 auto !important; }
.field-error .shiny-text-output, .field-error .shiny-bound-output { min-height: 0 !important; }
.note { background: #fff7e0; border-left: 4px solid #e0a800; padding: .4rem .7rem;
        margin: .4rem 0; font-size: .88rem; }
.status { font-size: .9rem; color: #1f4e79; }
.prov { font-size: .78rem; color: #5a6570; }
.scroll { max-width: 100%; overflow-x: auto; }
figure.chart { margin: 1rem 0; }
.chart-title { font-weight: bold; margin: 0 0 .2rem; color: #2a3f5f; }
.summary { border-collapse: collapse; margin: .4rem 0 1rem; font-size: .9rem; }
.summary th, .summary td { padding: .25rem .6rem; border-bottom: 1px solid #d8dee4;
                           vertical-align: top; }
.summary th { background: #eef3f6; text-align: left; }
.summary td.v { text-align: right; white-space: nowrap; }
.summary tr.alternative td:first-child { padding-left: 1.4rem; }
.summary .why { display: block; font-size: .8rem; color: #5a6570; }
.runline { font-size: .82rem; color: #5a6570; margin: .2rem 0; }
.run-failed { color: #b00020; }
"""

FAVICON = (
    "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E"
    "%3Crect width='16' height='16' rx='3' fill='%231f6f8b'/%3E%3Cpath d='M3 11h10M3 7h7' "
    "stroke='white' stroke-width='2'/%3E%3C/svg%3E"
)

# A date field as the browser's own <input type="date">, bound to Shiny by this small
# binding: Shiny's ui.input_date brings bootstrap-datepicker, whose bundled language files
# print DEPRECATED warnings in every visitor's console; the native field needs no library
# and gives phones their own date picker. The value is the ISO date text (YYYY-MM-DD).
DATE_JS = """
(function () {
  var b = new Shiny.InputBinding();
  $.extend(b, {
    find: function (scope) { return $(scope).find('input.tw-date'); },
    getValue: function (el) { return el.value || null; },
    setValue: function (el, v) { el.value = v || ''; },
    subscribe: function (el, cb) { $(el).on('change.twdate', function () { cb(false); }); },
    unsubscribe: function (el) { $(el).off('.twdate'); },
    receiveMessage: function (el, data) {
      if (data.value !== undefined) { el.value = data.value || ''; $(el).trigger('change'); }
    },
    getRatePolicy: function () { return {policy: 'debounce', delay: 250}; }
  });
  Shiny.inputBindings.register(b, 'tradewinds.date');
})();
"""


def no_datepicker() -> Any:
    """Keep Shiny's bootstrap-datepicker bundle off the page.

    Shiny's pages always load bootstrap-datepicker 1.9.0 with all its language files
    bundled in; five of those files announce their own deprecation with a console
    warning on every page load ("DEPRECATED: The language code "kh" …"). No field of the
    dashboard uses it (dates are :func:`date_input`, the browser's own). htmltools keeps
    the highest version of a dependency of a given name, so this empty one (1.9.0 with a
    local label, which sorts after 1.9.0) replaces the bundle; Shiny's date binding only
    touches ``.shiny-date-input`` elements, of which there are none."""
    from htmltools import HTMLDependency

    return HTMLDependency(
        "bootstrap-datepicker",
        "1.9.0+tradewinds.unused",
        head=ui.HTML("<!-- bootstrap-datepicker not loaded: dates use input type=date -->"),
    )


def date_input(input_id: str, label: str, value: Any = None) -> ui.Tag:
    """A date field (see :data:`DATE_JS`); its value reaches the server as ISO text."""
    from shiny.module import resolve_id

    rid = resolve_id(input_id)
    return ui.div(
        ui.tags.label(label, for_=rid, class_="control-label"),
        ui.tags.input(
            id=rid,
            type="date",
            class_="form-control tw-date",
            value=str(value) if value else "",
        ),
        id=f"{rid}-box",
        class_="form-group shiny-input-container",
    )


def update_date_input(input_id: str, value: Any) -> None:
    """Set a :func:`date_input` from the server."""
    from shiny.session import require_active_session

    require_active_session(None).send_input_message(
        input_id, {"value": str(value) if value else ""}
    )


def fig_html(fig: go.Figure) -> Any:
    """A figure as an HTML fragment (title above it, resizing with its box), as the
    reports draw it; plotly.js is already on the page."""
    from tradewinds.reports.html import figure_html

    if fig.layout.height is None:
        fig.update_layout(height=440)
    return ui.HTML(figure_html(fig, first=False, static=False))


def country_choices() -> dict[str, str]:
    """The countries of the world matrix, by name."""
    from tradewinds.io.codes import countries

    t = countries().table
    t = t[t["in_world2023"] == "1"].sort_values("name")
    return {str(r.iso3): f"{r.name} ({r.iso3})" for r in t.itertuples()}


def error_slot(key: str) -> ui.Tag:
    """Where a page shows the error about ``key`` (a field, or the page)."""
    return ui.div(ui.output_text(f"err_{key}"), class_="field-error")


def sidebar_layout(*args: Any) -> Any:
    """A sidebar page that grows with its content (the browser scrolls, not a box)."""
    return ui.layout_sidebar(*args, fillable=False, height="auto")


def provenance_line(p: Mapping[str, str]) -> str:
    return "Provenance: " + "; ".join(f"{k.replace('_', ' ')}: {v}" for k, v in p.items() if v)


def error_outputs(output: Any, errors: Any, keys: list[str]) -> None:
    """Render each key's error (shown in hidden panels too)."""
    from shiny import render

    for key in keys:

        def make(k: str = key) -> None:
            @output(id=f"err_{k}", suspend_when_hidden=False)
            @render.text
            def _() -> str:
                return str(errors().get(k, ""))

        make()
