"""The Tariffs page: the measures an importer levies on an exporter on a date, a
tariff-line lookup, and the exporter's trade by duty band where the store holds its
tariff lines."""

from __future__ import annotations

from datetime import date
from typing import Any

from shiny import Inputs, Outputs, Session, module, reactive, render, ui

from tradewinds import services
from tradewinds.cases import india_russia as case
from tradewinds.dashboard.common import (
    country_choices,
    error_outputs,
    error_slot,
    fig_html,
    sidebar_layout,
)
from tradewinds.errors import DataValidationError, TradewindsError
from tradewinds.io.store import TradeStore
from tradewinds.reports.figures import exposure_figure
from tradewinds.reports.html import table_html


def importer_choices() -> dict[str, str]:
    """The importers whose schedules are shipped."""
    from tradewinds.tariffs import load_schedule

    cc = country_choices()
    imp = load_schedule("us2025").importer
    return {imp: cc.get(imp, imp)}


@module.ui
def panel() -> Any:
    cc = country_choices()
    return ui.nav_panel(
        "Tariffs",
        sidebar_layout(
            ui.sidebar(
                ui.input_selectize("importer", "Importer", importer_choices()),
                ui.input_selectize("exporter", "Exporter", cc, selected=case.INDIA),
                ui.input_date(
                    "on", "Measures in force on", value=date.fromisoformat(case.MEASURES_DATE)
                ),
                ui.input_text(
                    "lines",
                    "Tariff lines to look up (HTS codes, comma-separated)",
                    placeholder="03061700, 30049092, 72085100",
                ),
                error_slot("page"),
                width=320,
            ),
            ui.output_ui("out_panel"),
        ),
    )


@module.server
def server(input: Inputs, output: Outputs, session: Session, store: TradeStore) -> None:
    errors: reactive.Value[dict[str, str]] = reactive.value({})
    error_outputs(output, errors, ["page"])

    @render.ui
    def out_panel() -> ui.Tag:
        imp, exp, on = input.importer(), input.exporter(), input.on()
        codes = [c.strip() for c in (input.lines() or "").replace(";", ",").split(",") if c.strip()]
        try:
            lines = services.tariff_lines(imp, exp, on)
            looked = services.tariff_lines(imp, exp, on, products=codes) if codes else None
        except TradewindsError as e:
            errors.set({"page": str(e)})
            return ui.div()
        try:
            exposure = services.exposure(imp, exp, on, store=store)
            missing = ""
        except DataValidationError as e:
            exposure, missing = None, e.problem
        with reactive.isolate():
            if errors():
                errors.set({})
        m = lines.frame
        parts: list[Any] = [
            ui.h4(f"Measures of {imp} on {exp} in force on {on}: {len(m)}"),
            ui.HTML(
                table_html(
                    m[["id", "name", "rate", "kind", "from", "to", "heading", "source"]],
                    pct=("rate",),
                    wrap=True,
                )
            ),
        ]
        if looked is not None:
            f = looked.frame
            parts += [
                ui.h4("The lines you asked for"),
                ui.HTML(
                    table_html(
                        f[["product", "description", "additional_rate", "sources"]].assign(
                            sources=f["sources"].map("; ".join)
                        ),
                        pct=("additional_rate",),
                        wrap=True,
                    )
                ),
            ]
        if exposure is not None:
            f = exposure.frame
            parts += [
                ui.h4(f"{exp}'s exports to {imp} by additional duty ({exposure.dataset} lines)"),
                ui.HTML(
                    table_html(
                        f[["band", "lines", "value_usd", "share", "exempt_usd", "mean_rate"]],
                        money=("value_usd", "exempt_usd"),
                        pct=("share", "mean_rate"),
                    )
                ),
                fig_html(exposure_figure(f, title="Exports by additional duty (US$ bn)")),
                *[ui.p(n, class_="note") for n in exposure.notes],
            ]
        else:
            parts.append(
                ui.p(
                    f"Exposure by line needs {exp}'s tariff-line trade with {imp}: {missing}.",
                    class_="note",
                )
            )
        return ui.div(*parts, id="tar-out")
