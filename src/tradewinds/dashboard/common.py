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
"""


def fig_html(fig: go.Figure) -> Any:
    """A figure as an HTML fragment; plotly.js is already on the page."""
    if fig.layout.height is None:
        fig.update_layout(height=440)
    return ui.HTML(
        pio.to_html(fig, full_html=False, include_plotlyjs=False, config={"displaylogo": False})
    )


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
    return "Provenance: " + "; ".join(f"{k} = {v}" for k, v in p.items() if v)


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
