"""Crude oil by source: an importer's crude imports by supplying country (value,
tonnes, shares, unit values), one supplier's share over time, the two compilers'
totals side by side (PPAC's oil-company returns and DGCI&S's customs figures), and the
supplier's measured discount per year. The data ship with the package
(``data/oil``, see its PROVENANCE.md); India only."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from tradewinds.accounting.fiscal import fiscal_year_label
from tradewinds.errors import DataValidationError
from tradewinds.io import oil_data
from tradewinds.models.crude import discount_table
from tradewinds.services._common import Analysis, parse_fy, resolve_country

OIL_DATASET = "oil (embedded: data/oil)"
_SOURCE = "DGCI&S (customs, TradeStat principal commodity PETROLEUM: CRUDE, S5)"
_HISTORY = "DGCI&S EIDB, HS 2709 (value only)"
_VINTAGE = "TradeStat via india-trade-dashboard, retrieved 2026-07-31; FY2025-26 provisional"
_COVERAGE = (
    "complete by source for India's crude imports FY2021-22 … FY2025-26 (rows add up to "
    "the DGCI&S totals); FY2025-26 provisional. Values CIF; unit value = value / tonnes "
    "(an implied average, not a quoted price)."
)
DISCOUNT_METHOD = (
    "central: the supplier's unit value against all other sources' volume-weighted unit "
    "value (india.all_others.vw); the band spans the trimmed, major-supplier, median and "
    "China-customs methods (tradewinds.models.crude.measure_discount)"
)


@dataclass(frozen=True)
class CrudeImports:
    """What `tradewinds crude` shows, each table with its provenance."""

    importer: str
    supplier: str
    period: str
    by_source: Analysis  # one fiscal year, sources by value
    supplier_share: Analysis  # the supplier's share over time
    totals: Analysis  # DGCI&S and PPAC totals side by side
    discount: Analysis  # the supplier's measured discount per year


def _analysis(frame: pd.DataFrame, source: str, notes: tuple[str, ...] = ()) -> Analysis:
    return Analysis(
        frame=frame.reset_index(drop=True),
        dataset=OIL_DATASET,
        source=source,
        vintage=_VINTAGE,
        coverage=_COVERAGE,
        store_hash="",
        notes=notes,
    )


def crude_imports(
    importer: str,
    *,
    supplier: str = "RUS",
    fiscal_year: str | None = None,
    top: int | None = 12,
) -> CrudeImports:
    """``importer``'s crude imports by source in ``fiscal_year`` (default: the latest),
    ``supplier``'s share over time, the compilers' totals and the measured discount."""
    imp = resolve_country(importer, "importer")
    sup = resolve_country(supplier, "supplier")
    allx = oil_data.india_crude_imports()
    if imp not in set(allx["importer"]):
        raise DataValidationError(
            f"crude imports by source are shipped for {', '.join(sorted(set(allx['importer'])))}"
            f" only, not {imp}",
            column="importer",
            fix="use IND, or ingest a product-level dataset and use "
            "`tradewinds dependence IMPORTER PARTNER --product 2709`",
        )
    x = allx[allx["importer"] == imp]
    periods = sorted(x["period"].unique())
    fy = parse_fy(fiscal_year)
    period = periods[-1] if fy is None else fiscal_year_label(int(fy))
    if period not in periods:
        raise DataValidationError(
            f"no crude imports by source for {period} (the data cover {periods[0]} … "
            f"{periods[-1]})",
            column="fiscal_year",
            fix=f"choose one of {', '.join(p[2:] for p in periods)}",
        )
    year = x[x["period"] == period]
    cols = ["period", "provisional", "source", "source_name", "value_usd", "tonnes",
            "value_share", "volume_share", "unit_value_usd_per_t"]  # fmt: skip
    shown = year[cols].head(top) if top else year[cols]
    rest = len(year) - len(shown)
    notes = [
        f"{period}{' (provisional)' if bool(year['provisional'].any()) else ''}: "
        f"{len(year)} sources"
        + (f"; the {rest} smallest not shown (--top 0 shows all)" if rest else ""),
        "Shares by value and by volume differ where a source's unit value differs from the "
        "average: a discounted supplier has a larger share by volume.",
    ]
    by_source = _analysis(shown, _SOURCE, tuple(notes))

    hist = oil_data.india_hs2709_value_history()
    h = hist[(hist["importer"] == imp) & (hist["source"] == sup) & ~hist["period"].isin(periods)]
    h = h.assign(
        volume_share=float("nan"), provisional=False, statistic=_HISTORY, coverage=h["coverage"]
    )
    cur = x[x["source"] == sup].assign(statistic=_SOURCE, coverage="Apr-Mar")
    share_cols = ["period", "provisional", "value_usd", "value_share", "volume_share",
                  "coverage", "statistic"]  # fmt: skip
    share = pd.concat([h[share_cols], cur[share_cols]], ignore_index=True).sort_values("period")
    share_notes = (
        f"{sup}'s share of {imp}'s crude imports: {', '.join(sorted(set(h['period'])))} from "
        f"{_HISTORY}; {periods[0]} … {periods[-1]} from {_SOURCE}."
        if not h.empty
        else f"{sup}'s share of {imp}'s crude imports ({_SOURCE}).",
        "Periods without the supplier have no row: a missing row is not a zero share.",
    )
    supplier_share = _analysis(share, f"{_SOURCE}; {_HISTORY}", share_notes)

    tot = oil_data.india_crude_totals(wide=True)
    totals = _analysis(
        tot,
        "; ".join(oil_data.COMPILERS.values()),
        (
            "Two compilers, side by side, never mixed: DGCI&S counts customs entries (CIF), "
            "PPAC the oil companies' returns; they differ by a few percent.",
            "PPAC's FY2025-26 covers April–September only and is not in this full-year table.",
        ),
    )
    china = oil_data.china_crude_imports()
    disc = discount_table(x, target=sup, china=china)
    discount = _analysis(
        disc,
        f"{_SOURCE}; China Customs / UN Comtrade (China reporter)",
        (
            f"Discount = benchmark − {sup}'s unit value, US$ per tonne (US$/bbl at 7.33 bbl/t); "
            + DISCOUNT_METHOD
            + ".",
            "A negative discount is a premium. Unit values mix grades and freight: a measure, "
            "not a quoted price.",
        ),
    )
    return CrudeImports(imp, sup, period, by_source, supplier_share, totals, discount)
