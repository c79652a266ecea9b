"""The Relationship page: two countries' trade, who depends on whom, composition."""

from __future__ import annotations

from typing import Any

from shiny import Inputs, Outputs, Session, module, reactive, render, req, ui

from tradewinds import services
from tradewinds.cases import india_russia as case
from tradewinds.dashboard.common import (
    SHAPES_URL,
    country_choices,
    error_outputs,
    error_slot,
    fig_html,
    provenance_line,
    sidebar_layout,
)
from tradewinds.dashboard.runs import message
from tradewinds.errors import DataValidationError
from tradewinds.io.store import TradeStore
from tradewinds.reports.html import table_html
from tradewinds.reports.relationship import MONEY_LABELS, relationship_figures


@module.ui
def panel() -> Any:
    cc = country_choices()
    return ui.nav_panel(
        "Relationship",
        sidebar_layout(
            ui.sidebar(
                ui.input_selectize("a", "Country", cc, selected=case.INDIA),
                ui.input_selectize("b", "Partner", cc, selected=case.RUSSIA),
                ui.input_select("year", "Calendar year (BACI)", {"2023": "2023"}),
                ui.input_select(
                    "fy",
                    "Fiscal year of the composition (India's EIDB, April–March)",
                    {f"20{y}-{y + 1}": f"FY20{y}-{y + 1}" for y in range(24, 17, -1)},
                ),
                ui.input_selectize("groups", "Product groups", {}, multiple=True, selected=[]),
                error_slot("page"),
                width=320,
            ),
            ui.output_ui("tables_out"),
            ui.output_ui("figures"),
        ),
    )


@module.server
def server(input: Inputs, output: Outputs, session: Session, store: TradeStore) -> None:
    errors: reactive.Value[dict[str, str]] = reactive.value({})
    error_outputs(output, errors, ["page"])

    @reactive.calc
    def rel() -> Any:
        try:
            year = str(input.year() or "")
            if not (year.isdigit() and len(year) == 4):
                raise DataValidationError(
                    f"{year[:40]!r} is not a calendar year",
                    column="year",
                    fix="choose a year of the list, e.g. 2023",
                )
            r = services.relationship(
                input.a(), input.b(), year=int(year), fiscal_year=input.fy(), store=store
            )
        except Exception as e:  # typed errors as the CLI prints them; nothing disconnects
            errors.set({"page": message(e)})
            return None
        with reactive.isolate():
            if errors():
                errors.set({})
        return r

    @reactive.effect
    def _groups() -> None:
        r = rel()
        labels = [] if r is None or r.groups_ab is None else list(r.groups_ab.frame["label"])
        labels = list(dict.fromkeys(labels))
        ui.update_selectize("groups", choices=labels, selected=labels[:6])

    @render.ui
    def tables_out() -> ui.Tag:
        r = rel()
        req(r is not None)
        bal = r.balance.frame
        parts: list[Any] = [
            ui.h4(f"{r.a} with {r.b}, {input.year()} (US$ bn)"),
            ui.HTML(
                table_html(
                    bal[["period", "exports_usd", "imports_usd", "total_usd", "balance_usd"]],
                    money=("exports_usd", "imports_usd", "total_usd", "balance_usd"),
                    rename=MONEY_LABELS,
                )
            ),
            ui.h4("Who depends on whom"),
            ui.HTML(
                table_html(
                    r.dependence.frame[["country", "partner", "export_share", "import_share"]],
                    pct=("export_share", "import_share"),
                    rename=MONEY_LABELS,
                )
            ),
        ]
        if r.groups_ab is not None:
            g = r.groups_ab.frame
            g = g[(g["period"] == g["period"].max()) & g["label"].isin(input.groups())]
            parts += [
                ui.h4(f"{r.a} → {r.b} by product group, {g['period'].max()} (US$ mn)"),
                ui.HTML(
                    table_html(
                        g[["label", "value_usd", "share"]],
                        money=("value_usd",),
                        pct=("share",),
                        unit="mn",
                    )
                ),
            ]
        parts += [ui.p(n, class_="note") for n in (*r.balance.notes, *r.notes)]
        parts.append(ui.p(provenance_line(r.balance.provenance), class_="prov"))
        return ui.div(*parts, id="rel-tables")

    @render.ui
    def figures() -> ui.Tag:
        r = rel()
        req(r is not None)
        return ui.div(
            *[fig_html(f) for f in relationship_figures(r, shapes_url=SHAPES_URL).values()]
        )
