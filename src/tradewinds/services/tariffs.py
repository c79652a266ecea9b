"""Tariffs on a date: the effective rate of each line with the measures that make it
up, and an exporter's trade by duty band (exposure), with the data's coverage."""

from __future__ import annotations

from datetime import date as date_type
from typing import Any, Literal

import pandas as pd

from tradewinds.accounting.fiscal import fiscal_year_label
from tradewinds.errors import DataValidationError
from tradewinds.io.codes import check_hs_code, hs_nomenclature, load_product_groups
from tradewinds.io.published import load_published_figures
from tradewinds.io.store import TradeStore
from tradewinds.services._common import (
    EIDB_DATASET,
    Analysis,
    analysis,
    load_flows,
    parse_date,
    parse_fy,
    resolve_country,
)
from tradewinds.services.data import open_store
from tradewinds.tariffs import load_schedule, tariff_exposure

MFN_NOTE = (
    "No MFN (column 1) schedule is shipped: mfn_rate is null and effective_rate counts the "
    "additional measures only."
)


def tariff_lines(
    importer: str,
    exporter: str,
    as_of: str | date_type,
    *,
    products: list[str] | None = None,
    schedule: str = "us2025",
    loaded: str | date_type | None = None,
    match: str = "exact",
) -> Analysis:
    """The effective rate of each tariff line with the measures that make it up.

    ``products`` are the importer's own tariff lines (HTS for the US) with
    ``match="exact"``, or another nomenclature's lines (India's ITC-HS 8-digit codes)
    with ``match="hs6"``: those agree with the importer's only to six digits, and a
    line a list names only in part is flagged ``partial`` with the other reading in
    rate_low/rate_high (the rate the PE and GE engines use for the same line). Without
    products, one row per measure in force on the date.
    """
    imp, exp = resolve_country(importer, "importer"), resolve_country(exporter, "exporter")
    on = parse_date(as_of, "as_of")
    ld = parse_date(loaded, "loaded") if loaded is not None else None
    sched = load_schedule(schedule)
    if sched.importer != imp:
        raise DataValidationError(
            f"schedule {schedule!r} holds {sched.importer}'s measures, not {imp}'s",
            column="importer",
            fix=f"ask for {sched.importer}, or give a schedule file of {imp}",
        )
    if match not in ("exact", "hs6"):
        raise DataValidationError(
            f"match {match!r} is not exact or hs6",
            column="match",
            fix="exact: the importer's own tariff lines; hs6: another nomenclature's lines",
        )
    how: Literal["exact", "hs6"] = "hs6" if match == "hs6" else "exact"
    notes = [MFN_NOTE]
    if products:
        for p in products:
            check_hs_code(p, column="product")
        t = sched.line_rates(exp, products, on, match=how, loaded=ld)
        hs = hs_nomenclature()
        t.insert(1, "description", [_describe(hs, p) for p in t["product"]])
        t["sources"] = [
            [f"{m['source']} ({m['heading']})" if m["heading"] else m["source"] for m in ms]
            for ms in t["measures"]
        ]
        if t["partial"].any():
            notes.append(
                "partial = a list names only part of this line (a longer code, or an "
                "end use): the rate shown is the schedule's reading (hs6_rule 'any': the "
                "entry reaches the line); rate_low-rate_high holds the other readings."
            )
        if t["conditional"].any():
            notes.append(
                "conditional = a measure with a condition the data cannot check applies "
                "(goods not qualifying under USMCA): the rate shown is its upper bound."
            )
        if how == "hs6":
            notes.append(
                f"Lines matched at six digits (another nomenclature's codes than {imp}'s "
                "tariff lines): entries of six digits or fewer, and .00 entries (a whole "
                "HS6 by HTS convention), cover the line."
            )
        frame = t
    else:
        live = sched.in_force(exp, on, loaded=ld)
        frame = pd.DataFrame(
            [
                {
                    **m.as_row(),
                    "exempt": ", ".join(m.exempt),
                    "displaced_by": ", ".join(m.displaced_by),
                    "products": ", ".join(m.products),
                }
                for m in live
            ]
        )
        if frame.empty:
            frame = pd.DataFrame(columns=["id", "name", "rate", "source", "from", "to"])
    frame.insert(0, "as_of", on.isoformat())
    frame.insert(1, "importer", imp)
    frame.insert(2, "exporter", exp)
    return Analysis(
        frame=frame,
        dataset=f"schedule:{sched.name}",
        source=sched.description,
        vintage=f"measures as of {on.isoformat()}",
        coverage=MFN_NOTE,
        store_hash="",
        notes=tuple(notes),
    )


def _describe(hs: Any, code: str) -> str:
    try:
        return str(hs.describe(code))[:80]
    except DataValidationError:
        return ""


def exposure(
    importer: str,
    exporter: str,
    as_of: str | date_type,
    *,
    dataset: str = EIDB_DATASET,
    fiscal_year: str | None = None,
    schedule: str = "us2025",
    store: TradeStore | None = None,
) -> Analysis:
    """The exporter's trade with the importer by effective-rate band, exempt and not,
    by HS chapter and product group, with the data's coverage stated."""
    store = store or open_store()
    imp, exp = resolve_country(importer, "importer"), resolve_country(exporter, "exporter")
    on = parse_date(as_of, "as_of")
    flows, info = load_flows(store, dataset, "exporter = ? AND importer = ?", [exp, imp])
    flows = flows[flows["product"] != "TOTAL"]
    if flows.empty:
        raise DataValidationError(
            f"no product-level flows from {exp} to {imp} in dataset {dataset!r}",
            fix="use a dataset with tariff lines (india-eidb, or an ingested BACI file)",
        )
    periods = sorted(flows["period"].unique())
    period = fiscal_year_label(int(parse_fy(fiscal_year) or 0), 4) if fiscal_year else periods[-1]
    trade = flows[flows["period"] == period]
    if trade.empty:
        raise DataValidationError(
            f"no data for {period} (periods: {', '.join(periods)})",
            column="fiscal_year",
            fix="choose a period the data cover",
        )
    sched = load_schedule(schedule)
    national = trade["hs_version"].iloc[0] != "HTS"
    how: Literal["exact", "hs6"] = "hs6" if national else "exact"
    groups = load_product_groups()
    main = tariff_exposure(
        trade, sched.line_rates(exp, trade["product"], on, match=how, hs6_rule="any"), groups=groups
    )
    strict = tariff_exposure(
        trade,
        sched.line_rates(exp, trade["product"], on, match=how, hs6_rule="strict"),
        groups=groups,
    )
    s = main.summary()
    notes = [MFN_NOTE]
    if national:
        notes.append(
            f"Trade lines are {exp}'s national codes ({trade['hs_version'].iloc[0]}), which "
            f"agree with {imp}'s tariff lines only to six digits: a list entry within a "
            "line's HS6 is taken to reach it. Counting only entries that name the whole "
            "HS6 (six digits or fewer, or an eight- or ten-digit code ending in zeros, "
            "which by HTS convention is the whole HS6), the exempt share would be "
            f"{strict.exempt_share:.1%} instead of {main.exempt_share:.1%} (lines where the "
            f"readings differ: {main.partial_usd / 1e9:,.2f} bn)."
        )
    pub = load_published_figures()
    tot = pub[
        (pub["reporter"] == exp)
        & (pub["partner"] == imp)
        & (pub["metric"] == "exports")
        & (pub["period"] == period)
    ]
    if not tot.empty:
        official = float(tot["value"].iloc[0]) * 1e9
        notes.append(
            f"Coverage: the data hold {s['total_usd'] / 1e9:,.1f} bn of {exp}'s "
            f"{official / 1e9:,.2f} bn published {period} exports to {imp} "
            f"({s['total_usd'] / official:.0%}); the rest (e.g. smartphones, HS 2022 lines) "
            "is not in these figures."
        )
    facing = pub[
        (pub["reporter"] == exp)
        & (pub["partner"] == imp)
        & (pub["metric"] == "exports_facing_50pct")
    ]
    fifty = main.by_band.loc[main.by_band["band"] == "50% and over", "value_usd"].sum()
    for r in facing.to_dict("records"):
        notes.append(
            f"Published estimate ({r['source']}): {r['value']:,.2f} bn face 50%; "
            f"here {fifty / 1e9:,.2f} bn of the covered lines do "
            f"({fifty / s['total_usd']:.0%} of the covered value)."
        )
    frame = main.by_band.assign(as_of=on.isoformat(), importer=imp, exporter=exp, period=period)
    frame = frame[
        [
            "as_of",
            "importer",
            "exporter",
            "period",
            "band",
            "lines",
            "value_usd",
            "share",
            "exempt_usd",
            "mean_rate",
        ]
    ]
    return analysis(
        store,
        info,
        frame,
        notes=tuple(notes),
        extra={
            "summary": {**s, "exempt_share_strict": strict.exempt_share},
            "by_chapter": main.by_chapter,
            "by_group": main.by_group,
            "lines": main.lines,
            "schedule": sched.name,
        },
    )
