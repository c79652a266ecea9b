"""The Tariffs page: the measures an importer levies on an exporter on a date, a
tariff-line lookup, and the exporter's trade by duty band where the store holds its
tariff lines."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pandas as pd
from shiny import Inputs, Outputs, Session, module, reactive, render, req, ui

from tradewinds import services
from tradewinds.cases import india_russia as case
from tradewinds.dashboard.common import (
    country_choices,
    date_input,
    error_outputs,
    error_slot,
    fig_html,
    sidebar_layout,
)
from tradewinds.dashboard.runs import message
from tradewinds.errors import DataValidationError
from tradewinds.formatting import format_number
from tradewinds.io.store import TradeStore
from tradewinds.limits import LIMITS
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
                date_input(
                    "on", "Measures in force on", value=date.fromisoformat(case.MEASURES_DATE)
                ),
                error_slot("page"),
                ui.input_text(
                    "lines",
                    "Look up tariff lines (HS or HTS codes, 2 to 10 digits)",
                    placeholder="03061700, 8517.13, 3004",
                ),
                ui.tags.small(
                    f"Separate codes with commas or spaces; dots are ignored; up to {MAX_CODES}.",
                    class_="prov",
                ),
                error_slot("lines"),
                width=320,
            ),
            ui.output_ui("lookup_panel"),
            ui.output_ui("out_panel"),
        ),
    )


MAX_CODES = int(LIMITS["lookup_codes"].default)  # codes looked up at once (docs/limits.md)


def parse_codes(text: str) -> tuple[list[str], list[str]]:
    """The codes typed in the lookup box, and the problems with them (each named)."""
    raw = [c for c in re.split(r"[\s,;]+", text or "") if c]
    codes, problems = [], []
    for c in raw:
        digits = c.replace(".", "")
        if not digits.isdigit() or len(digits) not in (2, 4, 6, 8, 10):
            problems.append(f"{c!r} is not an HS code of 2, 4, 6, 8 or 10 digits")
        elif digits not in codes:
            codes.append(digits)
    if len(codes) > MAX_CODES:
        problems.append(f"{len(codes)} codes: only the first {MAX_CODES} are looked up")
        codes = codes[:MAX_CODES]
    return codes, problems


def _measure_text(measures: Any) -> str:
    """'+25% Reciprocal tariff … [9903.02.26]' per measure, one a line."""
    out = []
    for m in measures or []:
        head = f" [{m['heading']}]" if m.get("heading") else ""
        out.append(f"+{100 * float(m['rate']):.0f}% {m['name']}{head}")
    return "; ".join(out)


@module.server
def server(input: Inputs, output: Outputs, session: Session, store: TradeStore) -> None:
    errors: reactive.Value[dict[str, str]] = reactive.value({})
    lookup_errors: reactive.Value[dict[str, str]] = reactive.value({})
    error_outputs(output, errors, ["page"])
    error_outputs(output, lookup_errors, ["lines"])

    @reactive.calc
    def lines_typed() -> str:
        return str(input.lines() or "")

    @render.ui
    def lookup_panel() -> ui.Tag:
        imp, exp, on = input.importer(), input.exporter(), input.on()
        req(on)
        codes, problems = parse_codes(lines_typed())
        looked = None
        if codes:
            try:
                looked = services.tariff_lines(imp, exp, on, products=codes)
            except Exception as e:
                problems.append(message(e))
        with reactive.isolate():
            lookup_errors.set({"lines": "; ".join(problems)} if problems else {})
        if looked is None:
            return ui.div(id="tar-lookup")
        f = looked.frame
        shown = pd.DataFrame(
            {
                "code": f["product"],
                "description": f["description"],
                "additional duty": [format_number(v, "rate") for v in f["additional_rate"]],
                "why": [
                    _measure_text(m)
                    or ("exempt from " + ", ".join(x) if len(x) else "no measure applies")
                    for m, x in zip(f["measures"], f["exempt_from"], strict=True)
                ],
                "part of the line only": f["partial"].map(lambda p: "yes" if p else ""),
            }
        )
        return ui.div(
            ui.h4(f"The lines you asked for: {imp} on {exp}, {on}"),
            ui.HTML(table_html(shown, wrap=True)),
            *[ui.p(n, class_="note") for n in looked.notes],
            id="tar-lookup",
        )

    @render.ui
    def out_panel() -> ui.Tag:
        imp, exp, on = input.importer(), input.exporter(), input.on()
        req(on)
        try:
            lines = services.tariff_lines(imp, exp, on)
        except Exception as e:  # typed errors as the CLI prints them; nothing disconnects
            errors.set({"page": message(e)})
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
                    ends=("to",),
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
                        rename={
                            "value_usd": "exports (US$ bn)",
                            "exempt_usd": "exempt (US$ bn)",
                            "mean_rate": "mean additional duty",
                        },
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
