"""The Scenario page: start from the library or an uploaded file, edit the fields,
run on a worker thread with progress and cancel, download what ran."""

from __future__ import annotations

import asyncio
import time
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
from shiny import Inputs, Outputs, Session, module, reactive, render, req, ui

from tradewinds import limits, services
from tradewinds.dashboard.common import (
    SHAPES_URL,
    date_input,
    error_outputs,
    error_slot,
    fig_html,
    provenance_line,
    sidebar_layout,
    update_date_input,
)
from tradewinds.dashboard.runs import POOL, guarded, message, new_stop, safe_filename
from tradewinds.dashboard.scenario_form import (
    ERROR_KEYS,
    SET_BY_SERVER,
    START,
    RunState,
    ServerSet,
    all_errors,
    parse_overrides,
    read_upload,
    session_label,
    upload_error,
)
from tradewinds.errors import Cancelled, ScenarioError, TradewindsError
from tradewinds.io.store import TradeStore
from tradewinds.reports.html import table_html
from tradewinds.reports.scenario import (
    focus_of,
    scenario_figures,
    summary_html,
    write_scenario_report,
)
from tradewinds.scenarios import Scenario, library_names, library_scenario, scenario_from_dict
from tradewinds.scenarios import to_toml as scenario_toml

# the models the form's boxes offer (a scenario's other models are kept as they are)
SHOWN_MODELS = {"pe": "partial equilibrium", "ge": "general eq."}

# the upload field checks a file's size in the browser before it is sent (the server
# refuses a larger body anyway: dashboard/app.py); the reason shows under the field
UPLOAD_JS = """
(function () {
  $(document).on('change', 'input[type=file][data-max-bytes]', function (e) {
    var max = +this.getAttribute('data-max-bytes'), f = this.files && this.files[0];
    if (f && f.size > max) {
      Shiny.setInputValue(this.id + '_refused', {name: f.name, size: f.size, at: Date.now()},
                          {priority: 'event'});
    }
  });
})();
"""


def upload_input(input_id: str, label: str) -> Any:
    """The file field, with the upload limit for the browser's check."""
    from htmltools import Tag

    tag = ui.input_file(input_id, label, accept=[".toml"])
    todo: list[Any] = [tag]
    while todo:  # set the limit on the <input type=file> inside Shiny's markup
        el = todo.pop()
        if isinstance(el, Tag):
            if el.name == "input" and el.attrs.get("type") == "file":
                el.attrs["data-max-bytes"] = str(int(limits.value("upload_bytes")))
            todo.extend(el.children)
    return ui.div(tag, ui.tags.script(UPLOAD_JS))


@module.ui
def panel() -> Any:
    return ui.nav_panel(
        "Scenario",
        sidebar_layout(
            ui.sidebar(
                ui.input_select(
                    "base", "Start from a library scenario", library_names(), selected=START
                ),
                upload_input("upload", "…or upload a scenario (.toml)"),
                error_slot("upload"),
                ui.input_text("name", "Name"),
                error_slot("name"),
                ui.input_checkbox_group(
                    "models",
                    "Models",
                    SHOWN_MODELS,
                    inline=True,
                ),
                error_slot("models"),
                ui.panel_conditional(
                    "input.models.includes('ge')",
                    ui.input_numeric("ge_epsilon", "Trade elasticity ε (GE)", 4.0, step=0.5),
                    error_slot("ge_epsilon"),
                    ui.input_select(
                        "ge_revenue",
                        "Tariff revenue (GE)",
                        {"income_tax": "income-tax relief", "lump_sum": "lump-sum rebate"},
                    ),
                    error_slot("ge_revenue"),
                    ui.input_select(
                        "ge_retaliation",
                        "Retaliation (GE)",
                        {"none": "none", "reciprocal": "reciprocal", "optimal": "optimal"},
                    ),
                    error_slot("ge_retaliation"),
                    ui.input_text(
                        "ge_overrides",
                        "US tariff by exporter (ISO3=rate; …)",
                        placeholder="IND=0.5; CHN=0.34",
                    ),
                    error_slot("ge_overrides"),
                ),
                ui.panel_conditional(
                    "input.models.includes('pe')",
                    ui.input_numeric(
                        "pe_epsilon",
                        "Aggregate import demand elasticity ε (PE, < 0)",
                        -1.0,
                        step=0.25,
                    ),
                    error_slot("pe_epsilon"),
                    ui.input_select(
                        "pe_sigma",
                        "Substitution elasticities σ by line (PE)",
                        {
                            "protee": "ProTEE, HS6 (CEPII)",
                            "broda-weinstein": "Broda–Weinstein, importer × HS3",
                        },
                    ),
                    ui.input_select(
                        "pe_method",
                        "PE method",
                        {"exact": "exact CES", "wits_compat": "WITS-SMART compatible"},
                    ),
                    error_slot("pe_sigma"),
                    ui.input_select("m_id", "Measure to edit (tariff scenarios)", {}),
                    ui.input_numeric("m_rate", "Its rate (0.25 = 25%)", 0.0, step=0.05),
                    date_input("m_from", "In force from", value=date(2025, 8, 27)),
                    error_slot("m_rate"),
                    error_slot("m_from"),
                    ui.input_action_button("m_remove", "Remove this measure"),
                    ui.tags.details(
                        ui.tags.summary("Add a measure"),
                        ui.input_text("new_id", "Id", placeholder="pharma-25"),
                        ui.input_text(
                            "new_products",
                            "Products (HS prefixes, comma-separated)",
                            placeholder="30, 2933",
                        ),
                        ui.input_numeric("new_rate", "Rate (0.25 = 25%)", 0.25, step=0.05),
                        date_input("new_from", "In force from", value=date(2025, 8, 27)),
                        ui.input_text(
                            "new_source", "Legal source", value="what-if entered in the dashboard"
                        ),
                        ui.input_action_button("m_add", "Add"),
                    ),
                    error_slot("new_measure"),  # outside <details>: a closed one suspends it
                    date_input("t_date", "Scenario date (measures in force on it)"),
                    error_slot("t_date"),
                ),
                ui.input_numeric(
                    "mc_draws", "Monte Carlo draws (scenarios with bands)", 200, step=100
                ),
                error_slot("mc_draws"),
                error_slot("general"),
                ui.input_action_button("run", "Run", class_="btn-primary"),
                ui.input_action_button("cancel", "Cancel"),
                ui.output_text("status", inline=False),
                ui.download_button("dl_toml", "Scenario TOML"),
                ui.download_button("dl_report", "Report (HTML)"),
                width=360,
            ),
            ui.output_ui("measures_panel"),
            ui.output_ui("results_panel"),
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
    error_outputs(output, errors, ERROR_KEYS)
    current: reactive.Value[Scenario] = reactive.value(library_scenario(START))
    last: reactive.Value[Any] = reactive.value(None)
    state = RunState()

    def set_error(key: str, message: str) -> None:
        errors.set({key: message})

    def now(name: str) -> Any:
        with reactive.isolate():
            return input[name]() if input[name].is_set() else None

    sync = ServerSet(now)

    @reactive.effect
    def _seen() -> None:
        for name in SET_BY_SERVER:
            if input[name].is_set():
                sync.seen(name, input[name]())

    def put(name: str, to: Any, update: Any, **kw: Any) -> None:
        """Set input ``name`` to ``to`` from the server (``kw`` for ``update``, or the
        value itself for a date field); the form waits for the browser to report it."""
        if update is update_date_input:
            update_date_input(name, to)
        else:
            update(name, **kw)
        sync.sent(name, to)

    def show_measures(sc: Scenario, selected: str | None = None) -> None:
        """The measures to edit, one selected, and its rate and date in their fields (in
        the same message, so they never belong to another measure)."""
        added = sc.measures_added()
        ids = [m.id for m in added]
        pick = selected if selected in ids else (ids[0] if ids else None)
        put("m_id", pick, ui.update_select, choices=ids, selected=pick)
        for m in added:
            if m.id == pick:
                put("m_rate", m.rate, ui.update_numeric, value=m.rate)
                put("m_from", m.from_, update_date_input)

    def load_form(sc: Scenario) -> None:
        put("name", sc.name, ui.update_text, value=sc.name)
        shown = [m for m in sc.models if m in SHOWN_MODELS]
        put("models", shown, ui.update_checkbox_group, selected=shown)
        put("pe_epsilon", sc.pe.epsilon, ui.update_numeric, value=sc.pe.epsilon)
        if isinstance(sc.pe.sigma_source, str):
            put("pe_sigma", sc.pe.sigma_source, ui.update_select, selected=sc.pe.sigma_source)
        put("pe_method", sc.pe.method, ui.update_select, selected=sc.pe.method)
        if sc.ge is not None:
            put("ge_epsilon", sc.ge.epsilon, ui.update_numeric, value=sc.ge.epsilon)
            put("ge_revenue", sc.ge.revenue, ui.update_select, selected=sc.ge.revenue)
            put("ge_retaliation", sc.ge.retaliation, ui.update_select, selected=sc.ge.retaliation)
            text = "; ".join(f"{k}={v:g}" for k, v in sc.ge.rate_overrides.items())
            put("ge_overrides", text, ui.update_text, value=text)
        if sc.montecarlo is not None:
            put("mc_draws", sc.montecarlo.draws, ui.update_numeric, value=sc.montecarlo.draws)
        if sc.tariffs is not None:
            put("t_date", sc.tariffs.date, update_date_input)
        show_measures(sc)

    def show_general(text: str) -> None:
        set_error("general", text)

    guard = guarded(show_general)  # no error disconnects the session

    @reactive.effect
    @reactive.event(input.base)
    @guard
    def _base() -> None:
        sc = library_scenario(str(input.base()))  # names of the library only
        current.set(sc)
        errors.set({})
        load_form(sc)

    def set_measures(sc: Scenario, selected: str | None = None) -> None:
        current.set(sc)
        errors.set({})
        show_measures(sc, selected)

    @reactive.effect
    @reactive.event(input.m_add)
    @guard
    def _add_measure() -> None:
        try:
            sc = form_scenario()
            if sc.tariffs is None:
                raise ScenarioError(
                    "this scenario has no [tariffs] section",
                    field="tariffs",
                    fix="start from a tariff scenario, e.g. us-india-2025-08-27",
                )
            doc = sc.model_dump(mode="python", by_alias=True, exclude_none=True)
            products = [
                p.strip()
                for p in (input.new_products() or "").replace(";", ",").split(",")
                if p.strip()
            ]
            mid = (input.new_id() or "").strip()
            doc["tariffs"].setdefault("add", []).append(
                {
                    "id": mid,
                    "name": mid,
                    "exporters": [doc["tariffs"]["exporter"]],
                    "products": products,
                    "rate": input.new_rate(),
                    "from": input.new_from(),
                    "source": input.new_source(),
                }
            )
            new = scenario_from_dict(doc, where="form", files=False)
        except ScenarioError as e:
            set_error("new_measure", str(e))  # the scenario stays as it was
            return
        set_measures(new, selected=mid)

    @reactive.effect
    @reactive.event(input.m_remove)
    @guard
    def _remove_measure() -> None:
        sc = current()
        if sc.tariffs is None or not input.m_id():
            return
        doc = sc.model_dump(mode="python", by_alias=True, exclude_none=True)
        doc["tariffs"]["add"] = [m for m in doc["tariffs"]["add"] if m["id"] != input.m_id()]
        set_measures(scenario_from_dict(doc, where="form", files=False))

    @reactive.effect
    @reactive.event(input.m_id)
    @guard
    def _measure() -> None:
        for m in current().measures_added():
            if m.id == input.m_id():
                put("m_rate", m.rate, ui.update_numeric, value=m.rate)
                put("m_from", m.from_, update_date_input)

    @reactive.effect
    @reactive.event(input.upload_refused)
    def _upload_refused() -> None:
        """The browser saw a file over the limit (the server refuses its body too)."""
        got = input.upload_refused() or {}
        refused = upload_error(str(got.get("name", "the file")), int(got.get("size") or 0))
        if refused is not None:
            set_error("upload", str(refused))

    @reactive.effect
    @reactive.event(input.upload)
    def _upload() -> None:
        files = input.upload()
        req(files)
        f = files[0]
        name = str(f.get("name", "upload.toml"))
        try:
            sc = read_upload(name, str(f["datapath"]), f.get("size"))
        except Exception as e:  # typed errors as the CLI prints them; nothing disconnects
            set_error("upload", message(e))  # the scenario being edited stays as it was
            return
        current.set(sc)
        errors.set({})
        load_form(sc)

    def form_scenario(skip: frozenset[str] = frozenset()) -> Scenario:
        """The scenario of the form: the current one with the form's fields applied
        (except the inputs in ``skip``, left as the current scenario has them), validated
        by the same code as a scenario file."""
        doc = current().model_dump(mode="python", by_alias=True, exclude_none=True)
        skip = skip | sync.skip()  # fields the browser has not reported since they were set

        def use(key: str) -> bool:
            return key not in skip

        if use("name"):
            doc["name"] = input.name()
        if use("models"):  # the boxes hold PE and GE; other models (crude) stay as they are
            ticked = [m for m in input.models() if m in SHOWN_MODELS]
            doc["models"] = [
                *(m for m in doc["models"] if m in ticked or m not in SHOWN_MODELS),
                *(m for m in ticked if m not in doc["models"]),
            ]
        if "pe" in doc["models"]:
            pe = doc.setdefault("pe", {})
            if use("pe_epsilon"):
                pe["epsilon"] = input.pe_epsilon()
            if use("pe_sigma"):
                pe["method"] = input.pe_method()
                if isinstance(pe.get("sigma_source", "protee"), str):  # a fixed σ stays
                    pe["sigma_source"] = input.pe_sigma()
        if "ge" in doc["models"] and "ge" in doc:
            for key, field_name in (
                ("ge_epsilon", "epsilon"),
                ("ge_revenue", "revenue"),
                ("ge_retaliation", "retaliation"),
            ):
                if use(key):
                    doc["ge"][field_name] = input[key]()
            if use("ge_overrides"):
                doc["ge"]["rate_overrides"] = parse_overrides(input.ge_overrides() or "")
        if doc.get("tariffs") and input.t_date() and use("t_date"):
            doc["tariffs"]["date"] = input.t_date()
        if doc.get("tariffs") and input.m_id():
            for m in doc["tariffs"]["add"]:
                if m["id"] == input.m_id():
                    if use("m_rate"):
                        m["rate"] = input.m_rate()
                    if use("m_from") and input.m_from():
                        m["from"] = input.m_from()
        if doc.get("montecarlo") and use("mc_draws"):
            doc["montecarlo"]["draws"] = input.mc_draws()
        return scenario_from_dict(doc, where="form", files=False)

    @reactive.extended_task
    async def run_task(job: Any) -> tuple[Any, float, float]:
        res = await asyncio.wrap_future(job)  # computed on a run thread (dashboard/runs.py)
        return res, time.time(), time.time() - state.started

    # why the results panel is empty: "" (nothing run yet), or what went wrong
    failed: reactive.Value[str] = reactive.value("")

    def compute(sc: Scenario) -> Any:
        state.started = time.time()
        state.begun = True
        return services.run_scenario(sc, store=store, on_batch=state.on_batch, stop=state.stop)

    @reactive.effect
    @reactive.event(input.run)
    @guard
    def _run() -> None:
        sc, errs = all_errors(form_scenario)
        if sc is None:
            errors.set(errs)  # every wrong field shows its own error, all at once
            if last() is not None:
                last.set(None)  # results of another form are not these fields' results
                failed.set("not run: correct the fields marked in red")
            return
        stop = new_stop()
        previous = (state.stop, state.begun)
        state.stop, state.begun = stop, False  # before the thread may start
        try:  # refused at once, with the reason, when the server or this page is busy
            job = POOL.submit(session.id, lambda: compute(sc), stop)
        except TradewindsError as e:
            state.stop, state.begun = previous  # the run that goes on keeps its stop
            set_error("general", str(e))
            return
        errors.set({})
        with state.lock:
            state.done, state.total = 0, 0
        run_task(job)

    def _ended() -> None:
        if state.stop is not None:  # a closed page's run stops too
            state.stop.cancel()

    session.on_ended(_ended)

    @reactive.effect
    @reactive.event(input.cancel)
    def _cancel() -> None:
        if state.stop is not None:
            state.stop.cancel()  # the run stops within one batch; the task ends then

    @render.text
    def status() -> str:
        st = run_task.status()
        if st == "running":
            reactive.invalidate_later(0.5)
            if state.stop is not None and state.stop.cancelled:
                return "cancelling… (the run stops within one batch)"
            if not state.begun:
                return f"waiting for a free worker ({POOL.waiting()} run(s) waiting)"
            with state.lock:
                what = "draws" if current().montecarlo is not None else "solves"
                prog = f", {state.done}/{state.total} {what}" if state.total else ""
            return f"running… {time.time() - state.started:.1f} s{prog}"
        if st == "error":
            try:
                run_task.result()
            except Cancelled as e:  # the run has stopped: its thread is done
                return f"{e}: nothing changed"
            except Exception as e:  # the service's typed error, shown as the CLI shows it
                return f"error: {message(e)} (no results shown)"
        if st == "cancelled":
            return "cancelled: nothing changed"
        if st == "success":
            res, _, secs = run_task.result()
            return f"done in {secs:.2f} s: {res.name} (scenario {res.scenario_hash[:12]})"
        return "ready"

    @reactive.effect
    def _store_result() -> None:
        if run_task.status() == "error":
            try:
                run_task.result()
            except Cancelled:
                return  # a cancelled run changes nothing: the results stay
            except Exception:
                pass
            with reactive.isolate():  # a failed run clears the results of the one before
                last.set(None)
                failed.set("the last run failed: see the message under Run")
            return
        if run_task.status() == "success":
            res, done_at, _ = run_task.result()
            with reactive.isolate():
                got = dict(runs())
            got[session_label(res)] = res
            runs.set(got)
            last.set((res, done_at))
            failed.set("")

    @render.ui
    def measures_panel() -> ui.Tag:
        sc = current()
        parts: list[Any] = [
            ui.h4(f"{sc.name} (hash {sc.content_hash()[:12]})"),
            ui.p(sc.description),
        ]
        if sc.measures_added():
            f = pd.DataFrame(
                [
                    {
                        "id": m.id,
                        "name": m.name,
                        "rate": m.rate,
                        "from": m.from_,
                        "to": m.to,
                        "exporters": ", ".join(m.exporters),
                        "source": m.source,
                    }
                    for m in sc.measures_added()
                ]
            )
            parts += [
                ui.h5("Measures the scenario adds"),
                ui.HTML(table_html(f, pct=("rate",), wrap=True, ends=("to",))),
            ]
        return ui.div(*parts, id="sc-measures")

    @render.ui
    def results_panel() -> ui.Tag:
        got = last()
        if got is None:
            why = failed()
            req(why)
            return ui.div(ui.p(f"No results: {why}.", class_="run-failed"), id="sc-no-results")
        res, done_at = got
        t0 = time.perf_counter()
        parts: list[Any] = [
            ui.h4(f"Results: {res.name}"),
            ui.HTML(summary_html(res)),
            *[fig_html(f) for f in scenario_figures(res, shapes_url=SHAPES_URL).values()],
        ]
        if "countries" in res.tables:
            c = res.tables["countries"]
            focus = c[c["iso3"].isin(focus_of(res))]
            pct = tuple(str(k) for k in focus.columns if str(k).endswith("_pct"))
            parts += [
                ui.h5(f"Selected countries (all {len(c)}: download below; changes in %)"),
                ui.HTML(table_html(focus, points=pct)),
                ui.download_button("dl_countries", f"All {len(c)} countries (CSV)"),
            ]
        parts += [ui.p(n, class_="note") for n in res.notes]
        parts.append(ui.p(provenance_line(res.provenance), class_="prov"))
        build_ms = 1000 * (time.perf_counter() - t0)
        return ui.div(
            *parts,
            id="sc-results",
            data_solved_at=f"{done_at:.3f}",
            data_build_ms=f"{build_ms:.1f}",
            data_scenario_hash=res.scenario_hash,
        )

    @render.download_button(filename=lambda: safe_filename(input.name(), ".toml"))
    def dl_toml() -> Any:
        sc, errs = all_errors(form_scenario)
        if sc is None:
            errors.set(errs)
            sc = current()
        yield scenario_toml(sc)

    @render.download_button(filename=lambda: safe_filename(input.name(), "-countries.csv"))
    def dl_countries() -> Any:
        got = last()
        req(got is not None and "countries" in got[0].tables)
        yield got[0].tables["countries"].to_csv(index=False)

    @render.download_button(filename=lambda: safe_filename(input.name(), "-report.html"))
    def dl_report() -> Any:
        got = last()
        req(got is not None)
        import tempfile

        with tempfile.TemporaryDirectory() as d:
            p = write_scenario_report(got[0], Path(d) / "report.html")
            yield p.read_bytes()
