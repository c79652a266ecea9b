"""The Compare page: two scenarios side by side, from the library or this session's
runs (an edited run is labelled with its hash)."""

from __future__ import annotations

import asyncio
from typing import Any

import plotly.graph_objects as go
from shiny import Inputs, Outputs, Session, module, reactive, render, req, ui

from tradewinds import services
from tradewinds.dashboard.common import error_outputs, error_slot, fig_html, sidebar_layout
from tradewinds.dashboard.runs import (
    cancel_when_closed,
    guarded,
    start_task,
    task_status,
)
from tradewinds.errors import ScenarioError
from tradewinds.io.codes import country_label
from tradewinds.io.store import TradeStore
from tradewinds.parallel import Stop
from tradewinds.reports.figures import style_layout, value_text
from tradewinds.reports.html import table_html
from tradewinds.scenarios import library_names, library_scenario


def resolve_entry(name: str, done: dict[str, Any], field: str) -> Any:
    """A Compare entry: a run of this session by its label, or a library scenario by
    name (a Scenario object to run); anything else, a path above all, is refused."""
    if name in done:
        return done[name]
    if name not in library_names():
        raise ScenarioError(
            f"{str(name)[:80]!r} is not a library scenario or a run of this session",
            field=field,
            fix="choose an entry of the list (library names, then this session's runs)",
        )
    return library_scenario(name)


def side_by_side(ra: Any, rb: Any, la: str, lb: str) -> ui.Tag:
    """Two runs' outcomes in one table, by label (each row carries its key)."""
    keys = list(dict.fromkeys([*ra.values, *rb.values]))
    outcomes = {o.key: o for o in (*rb.outcomes, *ra.outcomes)}
    rows = [
        ui.tags.tr(
            ui.tags.td(outcomes[k].label),
            ui.tags.td(ra.outcome(k).text if k in ra.values else "", class_="v"),
            ui.tags.td(rb.outcome(k).text if k in rb.values else "", class_="v"),
            data_key=k,
        )
        for k in keys
        if outcomes[k].role != "diagnostic"
    ]
    head = ui.tags.tr(ui.tags.th("result"), ui.tags.th(f"A: {la}"), ui.tags.th(f"B: {lb}"))
    return ui.div(
        ui.tags.table(ui.tags.thead(head), ui.tags.tbody(*rows), class_="summary"),
        class_="scroll",
    )


@module.ui
def panel() -> Any:
    names = library_names()
    return ui.nav_panel(
        "Compare",
        sidebar_layout(
            ui.sidebar(
                ui.input_select("a", "Scenario A", names, selected="liberation-day-2025"),
                ui.input_select(
                    "b",
                    "Scenario B",
                    names,
                    selected="liberation-day-2025-reciprocal-retaliation",
                ),
                ui.input_action_button("go", "Compare", class_="btn-primary"),
                ui.output_text("status"),
                error_slot("page"),
                width=320,
            ),
            ui.output_ui("out_panel"),
        ),
    )


@module.server
def server(
    input: Inputs,
    output: Outputs,
    session: Session,
    store: TradeStore,
    runs: reactive.Value[dict[str, Any]],
) -> None:
    errors: reactive.Value[dict[str, str]] = reactive.value({})
    error_outputs(output, errors, ["page"])

    @reactive.effect
    def _choices() -> None:
        """What ran in this session can be compared with the library."""
        done = runs()
        names = [*library_names(), *(n for n in done if n not in library_names())]
        with reactive.isolate():
            a, b = input.a(), input.b()
        ui.update_select("a", choices=names, selected=a)
        ui.update_select("b", choices=names, selected=b)

    stop: list[Stop | None] = [None]

    @reactive.extended_task
    async def compare_task(job: Any) -> tuple[str, Any, str, Any]:
        return await asyncio.wrap_future(job)  # on a run thread (dashboard/runs.py)

    def both(a: str, b: str, ea: Any, eb: Any, st: Stop) -> tuple[str, Any, str, Any]:
        def run(e: Any) -> Any:
            if hasattr(e, "scenario_hash"):  # a result of this session
                return e
            return services.run_scenario(e, store=store, files=False, stop=st)

        return f"A: {a}", run(ea), f"B: {b}", run(eb)

    def show(text: str) -> None:
        errors.set({"page": text})

    @reactive.effect
    @reactive.event(input.go)
    @guarded(show)
    def _go() -> None:
        errors.set({})
        with reactive.isolate():
            done = dict(runs())
        a, b = str(input.a()), str(input.b())
        ea, eb = resolve_entry(a, done, "Scenario A"), resolve_entry(b, done, "Scenario B")
        start_task(session, compare_task, lambda st: both(a, b, ea, eb, st), stop, show)

    cancel_when_closed(session, stop)

    @render.text
    def status() -> str:
        return task_status(compare_task, "running both scenarios…")

    @render.ui
    def out_panel() -> ui.Tag:
        req(compare_task.status() == "success")
        la, ra, lb, rb = compare_task.result()
        parts: list[Any] = [ui.h4(f"{la} beside {lb}"), side_by_side(ra, rb, la, lb)]
        if "countries" in ra.tables and "countries" in rb.tables:
            col = "welfare_pct" if "welfare_pct" in ra.tables["countries"] else None
            if col and col in rb.tables["countries"]:
                m = ra.tables["countries"][["iso3", col]].merge(
                    rb.tables["countries"][["iso3", col]], on="iso3", suffixes=("_a", "_b")
                )
                m = m.reindex(m[f"{col}_a"].abs().sort_values(ascending=False).index).head(15)
                names = [country_label(str(c)) for c in m["iso3"]]
                fig = go.Figure()
                for which, label in (("a", la), ("b", lb)):
                    y = m[f"{col}_{which}"]
                    fig.add_bar(
                        x=names, y=y, name=label, text=value_text(y, "%"),
                        textposition="outside", cliponaxis=False,
                    )  # fmt: skip
                style_layout(
                    fig,
                    title="Welfare change, %: the 15 largest effects of A",
                    barmode="group",
                    template="plotly_white",
                )
                shown = m.assign(iso3=names).rename(
                    columns={"iso3": "country", f"{col}_a": f"A: {la}", f"{col}_b": f"B: {lb}"}
                )
                parts += [
                    fig_html(fig),
                    ui.HTML(table_html(shown, points=(f"A: {la}", f"B: {lb}"))),
                ]
        return ui.div(*parts, id="cmp-out")
