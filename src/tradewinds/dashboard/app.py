"""The tradewinds dashboard (Shiny for Python): Relationship, Tariffs, Scenario, Compare.

Every number comes from :mod:`tradewinds.services`, every chart from
:mod:`tradewinds.reports` (the same code as the CLI and the reports). Charts are Plotly
HTML fragments drawn by a plotly.js served from this app, and maps use the shipped country
shapes, so the page never asks anything of another host. The app reads the store and
writes nothing to it.
"""

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
import plotly.graph_objects as go
import plotly.io as pio
from shiny import App, Inputs, Outputs, Session, reactive, render, req, ui

from tradewinds import __version__, services
from tradewinds.errors import Cancelled, ScenarioError, TradewindsError
from tradewinds.reports.figures import OFFLINE_GEO_JS, exposure_figure
from tradewinds.reports.html import table_html
from tradewinds.reports.relationship import MONEY_LABELS, relationship_figures
from tradewinds.reports.scenario import format_value, scenario_figures, write_scenario_report
from tradewinds.scenarios import Scenario, library_names, library_scenario, scenario_from_dict
from tradewinds.scenarios import to_toml as scenario_toml

STATIC = Path(pio.__file__).parent.parent / "package_data"  # plotly.min.js of the package
FOCUS = ("USA", "IND", "RUS", "CHN", "CAN", "MEX", "DEU", "JPN", "BRA", "VNM")
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

# form fields of the scenario builder → the scenario fields their errors name
FIELDS = {
    "sc_name": ("name",),
    "sc_models": ("models",),
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


def fig_html(fig: go.Figure) -> Any:
    """A figure as an HTML fragment; plotly.js is already on the page."""
    if fig.layout.height is None:
        fig.update_layout(height=440)
    return ui.HTML(
        pio.to_html(fig, full_html=False, include_plotlyjs=False, config={"displaylogo": False})
    )


def country_choices() -> dict[str, str]:
    from tradewinds.io.codes import countries

    t = countries().table
    t = t[t["in_world2023"] == "1"].sort_values("name")
    return {str(r.iso3): f"{r.name} ({r.iso3})" for r in t.itertuples()}


def field_of(err: ScenarioError) -> str:
    """The form input whose field an error names ('general' when none does)."""
    where = (err.field or "").split(": ", 1)[-1].removeprefix("form.")  # measures: form.tariffs…
    for input_id, prefixes in FIELDS.items():
        if any(
            where == p or where.startswith(p + ".") or where.startswith(p + "[") for p in prefixes
        ):
            return input_id
    return "general"


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


def error_slot(input_id: str) -> ui.Tag:
    return ui.div(ui.output_text(f"err_{input_id}"), class_="field-error")


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
            raise Cancelled(f"cancelled after {done} of {total} draws")


def sidebar_layout(*args: Any) -> Any:
    """A sidebar page that grows with its content (the browser scrolls, not a box)."""
    return ui.layout_sidebar(*args, fillable=False, height="auto")


def relationship_panel() -> Any:
    cc = country_choices()
    return ui.nav_panel(
        "Relationship",
        sidebar_layout(
            ui.sidebar(
                ui.input_selectize("rel_a", "Country", cc, selected="IND"),
                ui.input_selectize("rel_b", "Partner", cc, selected="RUS"),
                ui.input_select("rel_year", "Calendar year (BACI)", {"2023": "2023"}),
                ui.input_select(
                    "rel_fy",
                    "Fiscal year of the composition (India's EIDB, April–March)",
                    {f"20{y}-{y + 1}": f"FY20{y}-{y + 1}" for y in range(24, 17, -1)},
                ),
                ui.input_selectize("rel_groups", "Product groups", {}, multiple=True, selected=[]),
                error_slot("rel"),
                width=320,
            ),
            ui.output_ui("rel_tables"),
            ui.output_ui("rel_figures"),
        ),
    )


def tariffs_panel() -> Any:
    cc = country_choices()
    return ui.nav_panel(
        "Tariffs",
        sidebar_layout(
            ui.sidebar(
                ui.input_selectize("tar_importer", "Importer", {"USA": cc["USA"]}),
                ui.input_selectize("tar_exporter", "Exporter", cc, selected="IND"),
                ui.input_date("tar_date", "Measures in force on", value=date(2025, 8, 27)),
                error_slot("tar"),
                width=320,
            ),
            ui.output_ui("tar_out"),
        ),
    )


def scenario_panel() -> Any:
    names = library_names()
    return ui.nav_panel(
        "Scenario",
        sidebar_layout(
            ui.sidebar(
                ui.input_select(
                    "sc_base",
                    "Start from a library scenario",
                    names,
                    selected="us-india-2025-08",
                ),
                ui.input_file("sc_upload", "…or upload a scenario (.toml)", accept=[".toml"]),
                error_slot("sc_upload"),
                ui.input_text("sc_name", "Name"),
                error_slot("sc_name"),
                ui.input_checkbox_group(
                    "sc_models",
                    "Models",
                    {"pe": "partial equilibrium", "ge": "general eq."},
                    inline=True,
                ),
                error_slot("sc_models"),
                ui.panel_conditional(
                    "input.sc_models.includes('ge')",
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
                    "input.sc_models.includes('pe')",
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
                    ui.input_date("m_from", "In force from", value=date(2025, 8, 27)),
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
                        ui.input_date("new_from", "In force from", value=date(2025, 8, 27)),
                        ui.input_text(
                            "new_source", "Legal source", value="what-if entered in the dashboard"
                        ),
                        ui.input_action_button("m_add", "Add"),
                    ),
                    error_slot("new_measure"),  # outside <details>: a closed one suspends it
                    ui.input_date("t_date", "Scenario date (measures in force on it)"),
                    error_slot("t_date"),
                ),
                ui.input_numeric(
                    "mc_draws", "Monte Carlo draws (scenarios with bands)", 200, step=100
                ),
                error_slot("mc_draws"),
                error_slot("general"),
                ui.input_action_button("sc_run", "Run", class_="btn-primary"),
                ui.input_action_button("sc_cancel", "Cancel"),
                ui.output_text("sc_status", inline=False),
                ui.download_button("dl_toml", "Scenario TOML"),
                ui.download_button("dl_report", "Report (HTML)"),
                width=360,
            ),
            ui.output_ui("sc_measures"),
            ui.output_ui("sc_results"),
        ),
    )


def compare_panel() -> Any:
    names = library_names()
    return ui.nav_panel(
        "Compare",
        sidebar_layout(
            ui.sidebar(
                ui.input_select("cmp_a", "Scenario A", names, selected="liberation-day-2025"),
                ui.input_select(
                    "cmp_b",
                    "Scenario B",
                    names,
                    selected="liberation-day-2025-reciprocal-retaliation",
                ),
                ui.input_action_button("cmp_run", "Compare", class_="btn-primary"),
                ui.output_text("cmp_status"),
                error_slot("cmp"),
                width=320,
            ),
            ui.output_ui("cmp_out"),
        ),
    )


app_ui = ui.page_navbar(
    relationship_panel(),
    tariffs_panel(),
    scenario_panel(),
    compare_panel(),
    title="tradewinds",
    id="page",
    header=ui.head_content(
        ui.tags.style(CSS),
        ui.HTML(OFFLINE_GEO_JS),
        ui.tags.script(src="static/plotly.min.js"),
    ),
    footer=ui.div(
        f"tradewinds {__version__} · every figure from tradewinds.services on the local store",
        class_="prov",
    ),
)


def server(input: Inputs, output: Outputs, session: Session) -> None:
    store = services.open_store()
    errors: reactive.Value[dict[str, str]] = reactive.value({})
    current: reactive.Value[Scenario] = reactive.value(library_scenario("us-india-2025-08"))
    results: dict[str, Any] = {}
    last: reactive.Value[Any] = reactive.value(None)
    state = RunState()

    def set_error(key: str, message: str) -> None:
        errors.set({key: message})

    def clear_error(key: str) -> None:
        """Drop a page's error once its inputs work again (without depending on it)."""
        with reactive.isolate():
            if key in errors():
                errors.set({})

    for key in [*FIELDS, "general", "sc_upload", "new_measure", "rel", "tar", "cmp"]:

        def make(k: str = key) -> None:
            @output(id=f"err_{k}", suspend_when_hidden=False)  # in hidden panels too
            @render.text
            def _() -> str:
                return errors().get(k, "")

        make()

    # ------------------------------------------------------------------ relationship
    @reactive.calc
    def rel() -> services.Relationship | None:
        try:
            r = services.relationship(
                input.rel_a(),
                input.rel_b(),
                year=int(input.rel_year()),
                fiscal_year=input.rel_fy(),
                store=store,
            )
        except TradewindsError as e:
            errors.set({"rel": str(e)})
            return None
        clear_error("rel")
        return r

    @reactive.effect
    def _groups() -> None:
        r = rel()
        labels = [] if r is None or r.groups_ab is None else list(r.groups_ab.frame["label"])
        labels = list(dict.fromkeys(labels))
        ui.update_selectize("rel_groups", choices=labels, selected=labels[:6])

    @render.ui
    def rel_tables() -> ui.Tag:
        r = rel()
        req(r is not None)
        assert r is not None
        bal = r.balance.frame
        parts: list[Any] = [
            ui.h4(f"{r.a} with {r.b}, {input.rel_year()} (US$ bn)"),
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
            g = g[(g["period"] == g["period"].max()) & g["label"].isin(input.rel_groups())]
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
        parts.append(ui.p(_prov(r.balance.provenance), class_="prov"))
        return ui.div(*parts, id="rel-tables")

    @render.ui
    def rel_figures() -> ui.Tag:
        r = rel()
        req(r is not None)
        assert r is not None
        return ui.div(
            *[fig_html(f) for f in relationship_figures(r, shapes_url=SHAPES_URL).values()]
        )

    # ------------------------------------------------------------------ tariffs
    @render.ui
    def tar_out() -> ui.Tag:
        try:
            lines = services.tariff_lines(
                input.tar_importer(), input.tar_exporter(), input.tar_date()
            )
            exp = None
            if input.tar_exporter() == "IND":
                exp = services.exposure(input.tar_importer(), "IND", input.tar_date(), store=store)
        except TradewindsError as e:
            errors.set({"tar": str(e)})
            return ui.div()
        clear_error("tar")
        m = lines.frame
        parts: list[Any] = [
            ui.h4(
                f"Measures of {input.tar_importer()} on {input.tar_exporter()} in force on "
                f"{input.tar_date()}: {len(m)}"
            ),
            ui.HTML(
                table_html(
                    m[["id", "name", "rate", "kind", "from", "to", "heading", "source"]],
                    pct=("rate",),
                    wrap=True,
                )
            ),
        ]
        if exp is not None:
            f = exp.frame
            parts += [
                ui.h4("India's exports to the US by additional duty (EIDB lines)"),
                ui.HTML(
                    table_html(
                        f[["band", "lines", "value_usd", "share", "exempt_usd", "mean_rate"]],
                        money=("value_usd", "exempt_usd"),
                        pct=("share", "mean_rate"),
                    )
                ),
                fig_html(exposure_figure(f, title="Exports by additional duty (US$ bn)")),
                *[ui.p(n, class_="note") for n in exp.notes],
            ]
        else:
            parts.append(
                ui.p(
                    "Exposure by line needs the exporter's tariff-line trade: "
                    "shipped for India only.",
                    class_="note",
                )
            )
        return ui.div(*parts, id="tar-out")

    # ------------------------------------------------------------------ scenario
    def load_form(sc: Scenario) -> None:
        ui.update_text("sc_name", value=sc.name)
        ui.update_checkbox_group("sc_models", selected=list(sc.models))
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
            ui.update_date("t_date", value=sc.tariffs.date)
        ids = [m.id for m in sc.measures_added()]
        ui.update_select("m_id", choices=ids, selected=ids[0] if ids else None)
        if ids:
            first = sc.measures_added()[0]
            ui.update_numeric("m_rate", value=first.rate)
            ui.update_date("m_from", value=first.from_)

    @reactive.effect
    @reactive.event(input.sc_base)
    def _base() -> None:
        sc = library_scenario(input.sc_base())
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
                ui.update_date("m_from", value=m.from_)

    @reactive.effect
    @reactive.event(input.sc_upload)
    def _upload() -> None:
        files = input.sc_upload()
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
            set_error("sc_upload", str(e))  # the scenario being edited stays as it was
            return
        current.set(sc)
        errors.set({})
        load_form(sc)

    def form_scenario() -> Scenario:
        """The scenario of the form: the current one with the form's fields applied,
        validated by the same code as a scenario file."""
        doc = current().model_dump(mode="python", by_alias=True, exclude_none=True)
        doc["name"] = input.sc_name()
        doc["models"] = list(input.sc_models())
        if "pe" in doc["models"]:
            pe = doc.setdefault("pe", {})
            pe["epsilon"] = input.pe_epsilon()
            pe["method"] = input.pe_method()
            if isinstance(pe.get("sigma_source", "protee"), str):  # a fixed σ stays
                pe["sigma_source"] = input.pe_sigma()
        if "ge" in doc["models"] and "ge" in doc:
            doc["ge"]["epsilon"] = input.ge_epsilon()
            doc["ge"]["revenue"] = input.ge_revenue()
            doc["ge"]["retaliation"] = input.ge_retaliation()
            doc["ge"]["rate_overrides"] = parse_overrides(input.ge_overrides() or "")
        if doc.get("tariffs") and input.t_date():
            doc["tariffs"]["date"] = input.t_date()
        if doc.get("tariffs") and input.m_id():
            for m in doc["tariffs"]["add"]:
                if m["id"] == input.m_id():
                    m["rate"] = input.m_rate()
                    m["from"] = input.m_from()
        if doc.get("montecarlo"):
            doc["montecarlo"]["draws"] = input.mc_draws()
        return scenario_from_dict(doc, where="form")

    @reactive.extended_task
    async def run_task(sc: Scenario) -> tuple[Any, float, float]:
        res = await asyncio.to_thread(
            services.run_scenario, sc, store=store, on_batch=state.on_batch
        )
        return res, time.time(), time.time() - state.started

    @reactive.effect
    @reactive.event(input.sc_run)
    def _run() -> None:
        try:
            sc = form_scenario()
        except ScenarioError as e:
            set_error(field_of(e), str(e))
            return
        errors.set({})
        state.started, state.done, state.total = time.time(), 0, 0
        state.cancel.clear()
        run_task(sc)

    @reactive.effect
    @reactive.event(input.sc_cancel)
    def _cancel() -> None:
        state.cancel.set()  # the worker thread stops at its next batch
        run_task.cancel()

    @render.text
    def sc_status() -> str:
        st = run_task.status()
        if st == "running":
            reactive.invalidate_later(0.5)
            with state.lock:
                prog = f", {state.done}/{state.total} draws" if state.total else ""
            return f"running… {time.time() - state.started:.1f} s{prog}"
        if st == "cancelled":
            return "cancelled: nothing changed"
        if st == "error":
            try:
                run_task.result()
            except Exception as e:  # the service's typed error, shown as the CLI shows it
                return f"error: {e}"
        if st == "success":
            res, _, secs = run_task.result()
            return f"done in {secs:.2f} s: {res.name} (scenario {res.scenario_hash[:12]})"
        return "ready"

    @reactive.effect
    def _store_result() -> None:
        if run_task.status() == "success":
            res, done_at, _ = run_task.result()
            results[session_label(res)] = res
            last.set((res, done_at))
            # what ran in this session can be compared with the library
            names = [*library_names(), *(n for n in results if n not in library_names())]
            with reactive.isolate():
                a, b = input.cmp_a(), input.cmp_b()
            ui.update_select("cmp_a", choices=names, selected=a)
            ui.update_select("cmp_b", choices=names, selected=b)

    @render.ui
    def sc_measures() -> ui.Tag:
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
    def sc_results() -> ui.Tag:
        got = last()
        req(got is not None)
        res, done_at = got
        t0 = time.perf_counter()
        summary = pd.DataFrame(
            [{"result": k, "value": format_value(k, v)} for k, v in res.summary.items()]
        )
        parts: list[Any] = [
            ui.h4(f"Results: {res.name}"),
            ui.HTML(table_html(summary)),
            *[fig_html(f) for f in scenario_figures(res, shapes_url=SHAPES_URL).values()],
        ]
        if "countries" in res.tables:
            c = res.tables["countries"]
            focus = c[c["iso3"].isin(FOCUS)].round(4)
            parts += [
                ui.h5(f"Selected countries (all {len(c)}: download below)"),
                ui.HTML(table_html(focus)),
                ui.download_button("dl_countries", f"All {len(c)} countries (CSV)"),
            ]
        parts += [ui.p(n, class_="note") for n in res.notes]
        parts.append(ui.p(_prov(res.provenance), class_="prov"))
        build_ms = 1000 * (time.perf_counter() - t0)
        return ui.div(
            *parts,
            id="sc-results",
            data_solved_at=f"{done_at:.3f}",
            data_build_ms=f"{build_ms:.1f}",
            data_scenario_hash=res.scenario_hash,
        )

    @render.download_button(filename=lambda: f"{input.sc_name() or 'scenario'}.toml")
    def dl_toml() -> Any:
        try:
            sc = form_scenario()
        except ScenarioError as e:
            set_error(field_of(e), str(e))
            sc = current()
        yield scenario_toml(sc)

    @render.download_button(filename=lambda: f"{input.sc_name() or 'scenario'}-countries.csv")
    def dl_countries() -> Any:
        got = last()
        req(got is not None and "countries" in got[0].tables)
        yield got[0].tables["countries"].to_csv(index=False)

    @render.download_button(filename=lambda: f"{input.sc_name() or 'scenario'}-report.html")
    def dl_report() -> Any:
        got = last()
        req(got is not None)
        import tempfile

        with tempfile.TemporaryDirectory() as d:
            p = write_scenario_report(got[0], Path(d) / "report.html")
            yield p.read_bytes()

    # ------------------------------------------------------------------ compare
    @reactive.extended_task
    async def compare_task(a: str, b: str) -> tuple[str, Any, str, Any]:
        def both() -> tuple[str, Any, str, Any]:
            ra = results.get(a) or services.run_scenario(a, store=store)
            rb = results.get(b) or services.run_scenario(b, store=store)
            return f"A: {a}", ra, f"B: {b}", rb

        return await asyncio.to_thread(both)

    @reactive.effect
    @reactive.event(input.cmp_run)
    def _cmp() -> None:
        errors.set({})
        compare_task(input.cmp_a(), input.cmp_b())

    @render.text
    def cmp_status() -> str:
        st = compare_task.status()
        if st == "running":
            reactive.invalidate_later(0.5)
            return "running both scenarios…"
        if st == "error":
            try:
                compare_task.result()
            except Exception as e:
                return f"error: {e}"
        return "" if st == "initial" else st

    @render.ui
    def cmp_out() -> ui.Tag:
        req(compare_task.status() == "success")
        la, ra, lb, rb = compare_task.result()
        keys = list(dict.fromkeys([*ra.summary, *rb.summary]))
        side = pd.DataFrame(
            {
                "result": keys,
                la: [format_value(k, ra.summary[k]) if k in ra.summary else "" for k in keys],
                lb: [format_value(k, rb.summary[k]) if k in rb.summary else "" for k in keys],
            }
        )
        parts: list[Any] = [ui.h4(f"{la} beside {lb}"), ui.HTML(table_html(side))]
        if "countries" in ra.tables and "countries" in rb.tables:
            col = "welfare_pct" if "welfare_pct" in ra.tables["countries"] else None
            if col and col in rb.tables["countries"]:
                m = ra.tables["countries"][["iso3", col]].merge(
                    rb.tables["countries"][["iso3", col]], on="iso3", suffixes=("_a", "_b")
                )
                m = m.reindex(m[f"{col}_a"].abs().sort_values(ascending=False).index).head(15)
                fig = go.Figure()
                fig.add_bar(x=m["iso3"], y=m[f"{col}_a"], name=la)
                fig.add_bar(x=m["iso3"], y=m[f"{col}_b"], name=lb)
                fig.update_layout(
                    title="Welfare change, %: the 15 largest effects of A",
                    barmode="group",
                    template="plotly_white",
                )
                parts += [fig_html(fig), ui.HTML(table_html(m.round(4)))]
        return ui.div(*parts, id="cmp-out")


def session_label(res: Any) -> str:
    """A run's name in Compare: the library name if it ran as in the library, else the
    name with "(edited …)" and its hash, so an edited run never passes for the original."""
    try:
        same = library_scenario(res.name).content_hash() == res.scenario_hash
    except TradewindsError:
        same = False
    return res.name if same else f"{res.name} (edited {res.scenario_hash[:8]})"


def _prov(p: dict[str, str]) -> str:
    return "Provenance: " + "; ".join(f"{k} = {v}" for k, v in p.items() if v)


def _shapes_dir() -> Path:
    """The shipped shapes, unzipped once into the cache, for the browser to read."""
    import gzip

    from platformdirs import user_cache_dir

    from tradewinds.io.embedded import data_path

    src = data_path("shapes", "countries-50m.geojson.gz")
    folder = Path(user_cache_dir("tradewinds")) / f"shapes-{__version__}"
    out = folder / "countries-50m.geojson"
    if not out.exists() or out.stat().st_mtime < src.stat().st_mtime:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = out.with_suffix(".tmp")
        with gzip.open(src, "rb") as fh:
            tmp.write_bytes(fh.read())
        tmp.replace(out)
    return folder


def create_app() -> App:
    return App(app_ui, server, static_assets={"/static": STATIC, "/shapes": _shapes_dir()})


app = create_app()

__all__ = ["app", "create_app"]
