"""Oil: the trade-off the story turns on (the discount kept on Russian crude against the
US duty levied for it) and a country's trade rebuilt from its partners' reports.

Fiscal-year rule of the trade-off: the discount kept is that of the importer's fiscal
year containing the date (provisional if the year is not over), with the previous
complete fiscal year beside it; the duty side uses the latest year of the exporter's
tariff lines. Both are annual rates (US$ a year), whatever the months the duty lasted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date as date_type
from typing import Any, Literal

import pandas as pd

from tradewinds.errors import DataValidationError, ScenarioError
from tradewinds.io import oil_data
from tradewinds.io.store import TradeStore
from tradewinds.models.crude import (
    OilTradeoff,
    discount_kept,
    duty_side_from_lines,
    no_duty,
    oil_tradeoff,
    tradeoff_periods,
)
from tradewinds.services._common import (
    EIDB_DATASET,
    Analysis,
    load_flows,
    parse_date,
    published_value,
    resolve_country,
)
from tradewinds.services._defaults import DUTY_SCENARIO
from tradewinds.services.data import open_store
from tradewinds.tariffs import load_schedule
from tradewinds.tariffs.sanctions import SecondaryTariff, load_sanctions


@dataclass(frozen=True)
class DutyRun:
    """The duty scenario's run and the lines the duty side was computed from."""

    entry: SecondaryTariff
    result: Any  # ScenarioResult
    lines: pd.DataFrame


def oil_tradeoff_table(
    country: str,
    as_of: str | date_type,
    *,
    supplier: str = "RUS",
    duty_scenario: str = DUTY_SCENARIO,
    store: TradeStore | None = None,
) -> Analysis:
    """The discount ``country`` keeps by buying ``supplier``'s crude against the duty
    levied on it for that (the ledger's secondary tariff in force on ``as_of``): duty
    paid on its covered exports (tariff engine on its lines) and the fall in those
    exports (the PE of ``duty_scenario``), with bands, US$ a year.

    ``extra``: ``tradeoff`` (:class:`~tradewinds.models.crude.OilTradeoff`), ``duty_run``
    (:class:`DutyRun` or None), ``periods``."""
    c = resolve_country(country, "country")
    s = resolve_country(supplier, "supplier")
    on = parse_date(as_of, "as_of")
    imports = oil_data.crude_imports_of(c)
    china = oil_data.china_crude_imports()
    first, prev = tradeoff_periods(imports, on)
    kept = discount_kept(imports, on, target=s, china=china, period=first)
    beside = (discount_kept(imports, on, target=s, china=china, period=prev),) if prev else ()
    ledger = load_sanctions()
    live = [
        e
        for e in ledger.as_of(on)
        if isinstance(e, SecondaryTariff) and e.target == c and e.trigger.imports_from == s
    ]
    notes = [
        f"Fiscal-year rule: the discount kept is that of {c}'s fiscal year containing "
        f"{on.isoformat()} ({first}{', provisional' if kept.provisional else ''}), with the "
        "previous complete year beside it"
        + (f" ({prev})" if prev else " (not in the data)")
        + "; both are US$ a year."
    ]
    run: DutyRun | None = None
    if not live:
        every = [
            f"{e.id} (entries from {e.from_}" + (f" to before {e.to})" if e.to else ")")
            for e in ledger
            if isinstance(e, SecondaryTariff) and e.target == c
        ]
        reason = f"no duty on {c} for importing {s}'s oil is in force on {on.isoformat()}" + (
            f" (ledger: {'; '.join(every)})" if every else ""
        )
        duty = no_duty(reason)
        notes.append(reason[0].upper() + reason[1:] + ".")
    else:
        store = store or open_store()
        run = _duty_run(live[0], duty_scenario, store)
        duty = _duty_side(run, c, store)
        notes += _duty_notes(run)
    t = oil_tradeoff(kept, duty, beside=beside)
    frame = t.to_frame()
    return Analysis(
        frame=frame,
        dataset=f"oil:{c}-crude" + (f" + {EIDB_DATASET}" if run else ""),
        source=f"{oil_data.VINTAGES['india']}; second source {oil_data.VINTAGES['china']}",
        vintage=f"trade-off as of {on.isoformat()}",
        coverage=(
            f"crude: {first}"
            + (f" and {prev}" if prev else "")
            + "; duty: "
            + (f"{run.result.values['period']} lines of {EIDB_DATASET}" if run else "none")
        ),
        store_hash=(run.result.provenance.get("store_hash", "") if run else ""),
        notes=tuple(notes),
        extra={"tradeoff": t, "duty_run": run, "periods": (first, prev)},
    )


def _duty_run(entry: SecondaryTariff, name: str, store: TradeStore) -> DutyRun:
    from tradewinds.services.scenarios import resolve_scenario, run_scenario

    sc, _ = resolve_scenario(name)
    t = sc.tariffs
    m = entry.measure
    if t is None or not (t.baseline_date < m.from_ <= t.date) or t.exporter != entry.target:
        raise ScenarioError(
            f"scenario {sc.name!r} does not compare the states before and after "
            f"{m.id} ({m.from_}) for {entry.target}",
            field="duty_scenario",
            fix=f"use {DUTY_SCENARIO} or a scenario with baseline_date < {m.from_} <= date",
        )
    res = run_scenario(sc, store=store)
    return DutyRun(entry, res, res.tables["lines"])


def _duty_side(run: DutyRun, exporter: str, store: TradeStore) -> Any:
    sc = run.result.scenario
    t = sc.tariffs
    flows, _ = load_flows(
        store, sc.baseline.dataset, "exporter = ? AND importer = ?", [exporter, t.importer]
    )
    how: Literal["exact", "hs6"] = "hs6" if flows["hs_version"].iloc[0] != "HTS" else "exact"
    sched = load_schedule(t.schedule)
    lines = run.lines
    alt: Literal["any", "strict"] = "strict"
    r0 = sched.line_rates(
        exporter, lines["product"], t.baseline_date, match=how, hs6_rule=alt, details=False
    )
    r1 = sched.line_rates(
        exporter, lines["product"], t.date, match=how, hs6_rule=alt, details=False
    )
    frame = (
        lines[["product", "value_usd", "rate0", "rate1", "m1"]]
        .rename(columns={"m1": "value_after_usd"})
        .merge(r0[["product", "additional_rate"]].rename(columns={"additional_rate": "rate0_alt"}))
        .merge(r1[["product", "additional_rate"]].rename(columns={"additional_rate": "rate1_alt"}))
    )
    v = run.result.values
    band = (
        (v["mc_exports_change_p5_pct"], v["mc_exports_change_p95_pct"])
        if "mc_exports_change_p5_pct" in v
        else None
    )
    total = published_value(exporter, t.importer, "exports", str(v["period"]))
    m = run.entry.measure
    return duty_side_from_lines(
        frame,
        rate=m.rate,
        pe_change_usd=float(v["exports_change_usd"]),
        pe_base_usd=float(v["exports_baseline_usd"]),
        pe_band_pct=band,
        exports_total_bn=total,
        model=(
            f"PE ({sc.pe.method} CES) on {v['lines']:,} {v['period']} lines, the "
            f"{t.baseline_date} state against {t.date} (scenario {sc.name}); σ "
            f"{sc.pe.sigma_source}, ε {sc.pe.epsilon}"
            + (f"; band: σ dispersion p5-p95 ({v['mc_draws']:,} draws)" if band else "")
            + f"; with {v['sensitivity_sigma_source']} σ the change would be "
            f"{v['sensitivity_exports_change_pct']:+.1f}%"
        ),
        source=f"{_short(run.entry)} of {run.entry.source.date} (sec. 2(b)), measure "
        f"{run.entry.schedule_measure}",
    )


def _short(e: SecondaryTariff) -> str:
    """The instrument's number without its title: 'Executive Order 14329'."""
    return e.source.instrument.split(" '")[0]


def _duty_notes(run: DutyRun) -> list[str]:
    e = run.entry
    sc = run.result.scenario
    return [
        f"Duty side: {e.name} ({_short(e)}, {e.schedule_measure}), in force for entries from "
        f"{e.from_}"
        + (f", ended for entries from {e.to}" if e.to else "")
        + (f" by {e.removal}" if e.removal else "")
        + "; "
        f"duty paid = the points the measure adds on each of the exporter's "
        f"{sc.baseline.period} lines × the line's exports (hs6 rule 'any'; band: the "
        "'strict' rule and the trade after the PE response).",
        "The duty is collected from US importers; who bears it depends on pass-through. The "
        "fall in exports is the PE's short-run answer on the lines in the data: export value "
        "lost, not income lost (the value added in those exports is a fraction of it).",
    ]


def sanctions_in_force(
    as_of: str | date_type,
    *,
    kind: str | None = None,
    imposer: str | None = None,
) -> Analysis:
    """What the sanctions ledger has in force on a date: embargoes, price caps (level and
    unit), designations (with the stated share of exports the firms carry) and secondary
    tariffs, each with its legal citation. ``kind``: embargo, price_cap, designation or
    secondary; ``imposer``: EU, USA or GBR.

    ``extra``: ``price_caps`` (levels in force), ``designations`` (export shares),
    ``secondary`` (the schedule measures the secondary tariffs refer to)."""
    on = parse_date(as_of, "as_of")
    kinds = ("embargo", "price_cap", "designation", "secondary")
    if kind is not None and kind not in kinds:
        raise DataValidationError(
            f"kind {kind!r} is not one of {', '.join(kinds)}", column="kind", fix="e.g. price_cap"
        )
    ledger = load_sanctions()
    imposers = sorted({e.imposer for e in ledger})
    if imposer is not None and imposer not in imposers:
        raise DataValidationError(
            f"imposer {imposer!r} is not in the ledger",
            column="imposer",
            fix=f"use one of {', '.join(imposers)}",
        )
    t = ledger.table(on)
    if kind is not None:
        t = t[t["kind"] == kind]
    if imposer is not None:
        t = t[t["imposer"] == imposer]
    caps = ledger.price_caps(on)
    shocks = ledger.shocks(on)
    des = shocks[shocks["kind"] == "designation"] if len(shocks) else shocks
    sec = pd.DataFrame(
        [
            {**e.measure.as_row(), "entry": e.id, "trigger": _trigger(e)}
            for e in ledger.as_of(on)
            if isinstance(e, SecondaryTariff)
        ]
    )
    files = ", ".join(f.name for f in oil_data.sanctions_files())
    notes = [
        "Every row cites its legal instrument (citation); wind_down lists the licences and "
        "transitions still running on the date.",
        "Secondary tariffs are the tariff schedule's own measures (schedule_measure); "
        "`tradewinds tariffs USA IND --as-of DATE` shows how they stack.",
    ]
    if not t.empty and "designation" in set(t["kind"]):
        notes.append(
            "Designations: the share of the exporter's exports the firms carry is stated with "
            "its own source (not in the instrument), see the designations table."
        )
    return Analysis(
        frame=t.reset_index(drop=True).assign(as_of=on.isoformat()),
        dataset="sanctions ledger",
        source=f"data/sanctions ({files})",
        vintage="ledger data date February 2026 (data/sanctions/PROVENANCE.md)",
        coverage="oil sanctions of the EU, the US and the UK on Russia; entries that could "
        "not be cited are not entered (PROVENANCE lists them)",
        store_hash="",
        notes=tuple(notes),
        extra={"price_caps": caps, "designations": des, "secondary": sec},
    )


def _trigger(e: SecondaryTariff) -> str:
    t = e.trigger
    return f"{t.country} imports {'/'.join(t.products)} from {t.imports_from}"


def rebuilt_trade(
    country: str,
    *,
    partners: list[str] | None = None,
    dataset: str | None = EIDB_DATASET,
    crude: bool = True,
    cif_fob_ratio: float | None = None,
    store: TradeStore | None = None,
) -> Analysis:
    """``country``'s trade rebuilt from its partners' reports (mirror), for a country
    that does not report (Russia since 2022): its exports to j are j's reported imports
    (CIF), its imports from j are j's reported exports (FOB). Sources: the store's
    ``dataset`` (rows reported by partners; ``None`` to skip) and, with ``crude``, the
    partners' crude imports shipped in ``data/oil`` (India's and China's customs).
    Every row says ``basis = mirror`` and who reported it; totals are lower bounds
    (partners that do not report are missing)."""
    from tradewinds.accounting.mirror_rebuild import (
        mirror_by_partner,
        mirror_totals,
        rebuild_from_partners,
    )

    c = resolve_country(country, "country")
    ps = [resolve_country(p, "partner") for p in partners] if partners else None
    frames = []
    info = None
    if dataset is not None:
        store = store or open_store()
        flows, info = load_flows(store, dataset, "exporter = ? OR importer = ?", [c, c])
        flows = flows[flows["product"] != "TOTAL"]
        if not flows.empty:
            frames.append(flows.assign(source=info.source, vintage=info.vintage))
    if crude:
        frames.append(oil_data.crude_import_flows())
    if not frames:
        raise DataValidationError(
            "nothing to rebuild from", column="dataset", fix="give --dataset or keep --crude"
        )
    out = [rebuild_from_partners(f, c, partners=ps, cif_fob_ratio=cif_fob_ratio) for f in frames]
    full = [o for o in out if not o.empty]
    if not full:
        raise DataValidationError(
            f"no partner reports {c}'s trade"
            + (f" with {', '.join(ps)}" if ps else "")
            + " in the chosen data",
            column="partner",
            fix="choose partners that report (IND, CHN) or another --dataset",
        )
    rebuilt = pd.concat(full, ignore_index=True)
    by = mirror_by_partner(rebuilt, product="2709" if crude else None)
    notes = [
        f"{c}'s side rebuilt from its partners' reports: exports = partners' imports (CIF), "
        "imports = partners' exports (FOB); partners that do not report are missing, so "
        "totals are lower bounds.",
    ]
    if info is not None and "PARTIAL" in info.coverage:
        notes.append(f"{info.id}: {info.coverage}")
    return Analysis(
        frame=by,
        dataset=", ".join(filter(None, [dataset, "data/oil" if crude else None])),
        source="partners' customs reports",
        vintage=", ".join(
            filter(
                None,
                [
                    info.vintage if info else "",
                    f"{oil_data.VINTAGES['india']}; {oil_data.VINTAGES['china']}" if crude else "",
                ],
            )
        ),
        coverage="mirror: only partners that report; lower bounds",
        store_hash=store.content_hash() if store is not None else "",
        notes=tuple(notes),
        extra={"rows": rebuilt, "totals": mirror_totals(rebuilt)},
    )


__all__ = [
    "DUTY_SCENARIO",
    "DutyRun",
    "OilTradeoff",
    "oil_tradeoff_table",
    "rebuilt_trade",
    "sanctions_in_force",
]
