"""The Oil & outcomes page: the oil trade-off on a date (the discount India keeps on
Russian crude against the US duty levied for it, with bands and the sanctions in force)
and the library's predictions set beside what happened (the backtest panel), as the case
report draws them. Both compute on a run thread of the shared pool (dashboard/runs.py),
never in the server's event loop."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

from shiny import Inputs, Outputs, Session, module, reactive, render, req, ui

from tradewinds import services
from tradewinds.cases import india_russia as case
from tradewinds.dashboard.common import date_input, error_outputs, error_slot, sidebar_layout
from tradewinds.dashboard.runs import (
    cancel_when_closed,
    guarded,
    start_task,
    task_status,
)
from tradewinds.errors import DataValidationError
from tradewinds.io.store import TradeStore
from tradewinds.parallel import Stop


def _as_of(text: Any) -> date:
    try:
        return date.fromisoformat(str(text))
    except ValueError:
        raise DataValidationError(
            f"{str(text)[:40]!r} is not a date",
            column="as of",
            fix="give a date as YYYY-MM-DD, e.g. 2025-08-27",
        ) from None


@module.ui
def panel() -> Any:
    return ui.nav_panel(
        "Oil & outcomes",
        sidebar_layout(
            ui.sidebar(
                date_input("on", "Oil trade-off on", value=date.fromisoformat(case.MEASURES_DATE)),
                error_slot("on"),
                ui.input_action_button("go", "Compute", class_="btn-primary"),
                ui.tags.small(
                    "The trade-off for India and Russian crude on the date, and every "
                    "prediction of the case's scenarios beside the official FY2025-26 figures "
                    "(about half a minute on two cores).",
                    class_="prov",
                ),
                ui.output_text("status"),
                error_slot("page"),
                width=320,
            ),
            ui.output_ui("out_panel"),
        ),
    )


def compute(on: date, store: TradeStore, stop: Stop) -> dict[str, Any]:
    """The page's two sections as HTML pieces (on a run thread)."""
    from tradewinds.reports.backtest import backtest_section
    from tradewinds.reports.oil import oil_html, oil_section

    oil = oil_html(oil_section(case.INDIA, on, supplier=case.OIL_SUPPLIER, store=store))
    stop.check()
    bt = backtest_section(services.backtest(store=store))
    return {"on": on, "oil": oil, "backtest": bt}


@module.server
def server(input: Inputs, output: Outputs, session: Session, store: TradeStore) -> None:
    errors: reactive.Value[dict[str, str]] = reactive.value({})
    error_outputs(output, errors, ["on", "page"])
    stop: list[Stop | None] = [None]

    @reactive.extended_task
    async def task(job: Any) -> dict[str, Any]:
        return await asyncio.wrap_future(job)  # on a run thread (dashboard/runs.py)

    def show(text: str) -> None:
        errors.set({"page": text})

    @reactive.effect
    @reactive.event(input.go)
    @guarded(show)
    def _go() -> None:
        errors.set({})
        try:
            on = _as_of(input.on())
        except DataValidationError as e:
            errors.set({"on": e.problem})
            return
        start_task(session, task, lambda st: compute(on, store, st), stop, show)

    cancel_when_closed(session, stop)

    @render.text
    def status() -> str:
        return task_status(task, "computing the trade-off and the predictions…")

    @render.ui
    def out_panel() -> ui.Tag:
        req(task.status() == "success")
        got = task.result()
        oil, bt = got["oil"], got["backtest"]
        return ui.div(
            ui.h4(oil["title"]),
            ui.HTML(oil["tradeoff_table"]),
            *[ui.HTML(c) for c in oil["charts"]],
            ui.h5("The discount by fiscal year"),
            ui.HTML(oil["discount_table"]),
            ui.h5(f"Oil sanctions in force on {got['on']}"),
            ui.HTML(oil["sanctions_table"]),
            *[ui.p(n, class_="note") for n in oil["notes"]],
            ui.h4(bt["title"]),
            ui.HTML(bt["table"]),
            ui.HTML(bt["chart"]),
            ui.h5("What the models cannot see"),
            ui.tags.ul(*[ui.tags.li(b) for b in bt["blind_spots"]]),
            *[ui.p(n, class_="note") for n in bt["notes"]],
            id="oil-out",
        )
