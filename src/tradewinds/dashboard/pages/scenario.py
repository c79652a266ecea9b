"""The Scenario page: start from the library or an uploaded file, edit the fields,
run on a worker thread with progress and cancel, download what ran."""

from __future__ import annotations

import asyncio
import threading
import time
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
from shiny import Inputs, Outputs, Session, module, reactive, render, req, ui

from tradewinds import services
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

START = "us-india-2025-08"  # the library scenario the page opens with

# form fields → the scenario fields their errors name
FIELDS = {
    "name": ("name",),
    "models": ("models",),
    "ge_epsilon": ("ge.epsilon", "ge"),
    "ge_revenue": ("ge.revenue",),
    "ge_retaliation": ("ge.retaliation",),
    "ge_overrides": ("ge.rate_overrides",),
    "m_rate": ("tariffs.add",),
    "m_from": ("tariffs.add",),
    "t_date": ("tariffs.date", "tariffs.baseline_date"),
    "pe_epsilon": ("pe.epsilon",),
    "pe_sigma": ("pe.sigma_source", "pe.method", "pe"),
    "mc_draws": ("montecarlo.draws", "montecarlo"),
}
ERROR_KEYS = [*FIELDS, "general", "upload", "new_measure"]


def field_of(err: ScenarioError) -> str:
    """The form input whose field an error names ('general' when none does): the input
    with the longest matching field, so ``ge.rate_overrides.XYZ`` is the overrides' error,
    not the one of ``ge`` as a whole."""
    where = (err.field or "").split(": ", 1)[-1].removeprefix("form.")
    best, length = "general", -1
    for input_id, prefixes in FIELDS.items():
        for p in prefixes:
            hit = where == p or where.startswith(p + ".") or where.startswith(p + "[")
            if hit and len(p) > length:
                best, length = input_id, len(p)
    return best


def all_errors(build: Any, limit: int = len(FIELDS) + 1) -> tuple[Any, dict[str, str]]:
    """Every field's error at once: ``build(skip)`` makes the scenario from the form with
    the inputs in ``skip`` left as they were; each failing input is put aside and the
    rest is validated again, so two wrong fields show two errors. Returns the scenario
    (None if any field is wrong) and the errors by input."""
    errs: dict[str, str] = {}
    for _ in range(limit):
        try:
            sc = build(frozenset(errs))
        except ScenarioError as e:
            key = field_of(e)
            if key in errs or key == "general":
                errs.setdefault(key, str(e))
                return None, errs
            errs[key] = str(e)
            continue
        return (None if errs else sc), errs
    return None, errs


def parse_overrides(text: str) -> dict[str, float]:
    """'IND=0.5; CHN=0.34' → {'IND': 0.5, 'CHN': 0.34}; errors name the entry."""
    out: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.replace(",", ";").split(";"))):
        code, sep, value = part.partition("=")
        try:
            if not sep:
                raise ValueError
            out[code.strip().upper()] = float(value)
        except ValueError:
            raise ScenarioError(
                f"cannot read {part!r}",
                field="ge.rate_overrides",
                fix="write ISO3=rate pairs separated by ';', e.g. IND=0.5; CHN=0.34",
            ) from None
    return out


def session_label(res: Any) -> str:
    """A run's name in Compare: the library name if it ran as in the library, else the
    name with "(edited …)" and its hash, so an edited run never passes for the original."""
    try:
        same = library_scenario(res.name).content_hash() == res.scenario_hash
    except TradewindsError:
        same = False
    return str(res.name) if same else f"{res.name} (edited {res.scenario_hash[:8]})"


@dataclass
class RunState:
    """Progress of the scenario run on its worker thread."""

    started: float = 0.0
    done: int = 0
    total: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    cancel: threading.Event = field(default_factory=threading.Event)

    def on_batch(self, done: int, total: int) -> None:
        """Progress from the service between batches; stops the run when cancelled."""
        with self.lock:
            self.done, self.total = done, total
        if self.cancel.is_set():
            raise Cancelled(f"cancelled after {done} of {total} solves")


@module.ui
def panel() -> Any:
    return ui.nav_panel(
        "Scenario",
        sidebar_layout(
            ui.sidebar(
                ui.input_select(
                    "base", "Start from a library scenario", library_names(), selected=START
                ),
                ui.input_file("upload", "…or upload a scenario (.toml)", accept=[".toml"]),
                error_slot("upload"),
                ui.input_text("name", "Name"),
                error_slot("name"),
                ui.input_checkbox_group(
                    "models",
                    "Models",
                    {"pe": "partial equilibrium", "ge": "general eq."},
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

    def load_form(sc: Scenario) -> None:
        ui.update_text("name", value=sc.name)
        ui.update_checkbox_group("models", selected=list(sc.models))
        ui.update_numeric("pe_epsilon", value=sc.pe.epsilon)
        if isinstance(sc.pe.sigma_source, str):
            ui.update_select("pe_sigma", selected=sc.pe.sigma_source)
        ui.update_select("pe_method", selected=sc.pe.method)
        if sc.ge is not None:
            ui.update_numeric("ge_epsilon", value=sc.ge.epsilon)
            ui.update_select("ge_revenue", selected=sc.ge.revenue)
            ui.update_select("ge_retaliation", selected=sc.ge.retaliation)
            ui.update_text(
                "ge_overrides",
                value="; ".join(f"{k}={v:g}" for k, v in sc.ge.rate_overrides.items()),
            )
        if sc.montecarlo is not None:
            ui.update_numeric("mc_draws", value=sc.montecarlo.draws)
        if sc.tariffs is not None:
            update_date_input("t_date", sc.tariffs.date)
        ids = [m.id for m in sc.measures_added()]
        ui.update_select("m_id", choices=ids, selected=ids[0] if ids else None)
        if ids:
            first = sc.measures_added()[0]
            ui.update_numeric("m_rate", value=first.rate)
            update_date_input("m_from", first.from_)

    @reactive.effect
    @reactive.event(input.base)
    def _base() -> None:
        sc = library_scenario(input.base())
        current.set(sc)
        errors.set({})
        load_form(sc)

    def set_measures(sc: Scenario, selected: str | None = None) -> None:
        current.set(sc)
        errors.set({})
        ids = [m.id for m in sc.measures_added()]
        ui.update_select("m_id", choices=ids, selected=selected or (ids[0] if ids else None))

    @reactive.effect
    @reactive.event(input.m_add)
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
            new = scenario_from_dict(doc, where="form")
        except ScenarioError as e:
            set_error("new_measure", str(e))  # the scenario stays as it was
            return
        set_measures(new, selected=mid)

    @reactive.effect
    @reactive.event(input.m_remove)
    def _remove_measure() -> None:
        sc = current()
        if sc.tariffs is None or not input.m_id():
            return
        doc = sc.model_dump(mode="python", by_alias=True, exclude_none=True)
        doc["tariffs"]["add"] = [m for m in doc["tariffs"]["add"] if m["id"] != input.m_id()]
        set_measures(scenario_from_dict(doc, where="form"))

    @reactive.effect
    @reactive.event(input.m_id)
    def _measure() -> None:
        for m in current().measures_added():
            if m.id == input.m_id():
                ui.update_numeric("m_rate", value=m.rate)
                update_date_input("m_from", m.from_)

    @reactive.effect
    @reactive.event(input.upload)
    def _upload() -> None:
        files = input.upload()
        req(files)
        name = files[0]["name"]
        try:
            raw = Path(files[0]["datapath"]).read_bytes()
            try:
                doc = tomllib.loads(raw.decode("utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
                raise ScenarioError(
                    f"not valid TOML: {e}", field=name, fix="check the file's syntax"
                ) from None
            sc = scenario_from_dict(doc, where=name)
        except TradewindsError as e:
            set_error("upload", str(e))  # the scenario being edited stays as it was
            return
        current.set(sc)
        errors.set({})
        load_form(sc)

    def form_scenario(skip: frozenset[str] = frozenset()) -> Scenario:
        """The scenario of the form: the current one with the form's fields applied
        (except the inputs in ``skip``, left as the current scenario has them), validated
        by the same code as a scenario file."""
        doc = current().model_dump(mode="python", by_alias=True, exclude_none=True)

        def use(key: str) -> bool:
            return key not in skip

        if use("name"):
            doc["name"] = input.name()
        if use("models"):
            doc["models"] = list(input.models())
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
        return scenario_from_dict(doc, where="form")

    @reactive.extended_task
    async def run_task(sc: Scenario) -> tuple[Any, float, float]:
        res = await asyncio.to_thread(
            services.run_scenario, sc, store=store, on_batch=state.on_batch
        )
        return res, time.time(), time.time() - state.started

    # why the results panel is empty: "" (nothing run yet), or what went wrong
    failed: reactive.Value[str] = reactive.value("")

    @reactive.effect
    @reactive.event(input.run)
    def _run() -> None:
        sc, errs = all_errors(form_scenario)
        if sc is None:
            errors.set(errs)  # every wrong field shows its own error, all at once
            if last() is not None:
                last.set(None)  # results of another form are not these fields' results
                failed.set("not run: correct the fields marked in red")
            return
        errors.set({})
        state.started, state.done, state.total = time.time(), 0, 0
        state.cancel.clear()
        run_task(sc)

    @reactive.effect
    @reactive.event(input.cancel)
    def _cancel() -> None:
        state.cancel.set()  # the worker thread stops at its next batch
        run_task.cancel()

    @render.text
    def status() -> str:
        st = run_task.status()
        if st == "running":
            reactive.invalidate_later(0.5)
            with state.lock:
                what = "draws" if current().montecarlo is not None else "solves"
                prog = f", {state.done}/{state.total} {what}" if state.total else ""
            return f"running… {time.time() - state.started:.1f} s{prog}"
        if st == "cancelled":
            return "cancelled: nothing changed"
        if st == "error":
            try:
                run_task.result()
            except Exception as e:  # the service's typed error, shown as the CLI shows it
                return f"error: {e} (no results shown)"
        if st == "success":
            res, _, secs = run_task.result()
            return f"done in {secs:.2f} s: {res.name} (scenario {res.scenario_hash[:12]})"
        return "ready"

    @reactive.effect
    def _store_result() -> None:
        if run_task.status() == "error":
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
                ui.HTML(table_html(f, pct=("rate",), wrap=True)),
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

    @render.download_button(filename=lambda: f"{input.name() or 'scenario'}.toml")
    def dl_toml() -> Any:
        sc, errs = all_errors(form_scenario)
        if sc is None:
            errors.set(errs)
            sc = current()
        yield scenario_toml(sc)

    @render.download_button(filename=lambda: f"{input.name() or 'scenario'}-countries.csv")
    def dl_countries() -> Any:
        got = last()
        req(got is not None and "countries" in got[0].tables)
        yield got[0].tables["countries"].to_csv(index=False)

    @render.download_button(filename=lambda: f"{input.name() or 'scenario'}-report.html")
    def dl_report() -> Any:
        got = last()
        req(got is not None)
        import tempfile

        with tempfile.TemporaryDirectory() as d:
            p = write_scenario_report(got[0], Path(d) / "report.html")
            yield p.read_bytes()
