"""Crude as one world market (issue 15): an importer cuts a share of one supplier's crude
and buys it from the other sources at their delivered prices (unit values). The cost is
the discount lost on the replaced volume, measured from the data with a band across
methods, plus an optional world-price response with stated elasticities
(:mod:`tradewinds.models.crude`). Beside it: where the supplier's crude went in the
years the data cover, and where the cut volume would have to go."""

from __future__ import annotations

from typing import Any

import pandas as pd

from tradewinds.errors import ScenarioError
from tradewinds.io.codes import country_label
from tradewinds.io.oil_data import VINTAGES, latest_complete_period
from tradewinds.models.crude import (
    BBL_PER_TONNE,
    discount_table,
    measure_discount,
    replace_supplier,
    rerouting_counterfactual,
)
from tradewinds.scenarios.engines.base import EnginePart, RunOptions
from tradewinds.scenarios.inputs import ScenarioInputs
from tradewinds.scenarios.model import Scenario

HORIZON = (
    "short run (a year: the cut volume bought from the other sources at that year's "
    "delivered prices; contracts, grades and refinery slates as they were)"
)


def rerouting(
    inputs: ScenarioInputs, exporter: str, importer: str, tonnes_cut: float
) -> pd.DataFrame | None:
    """Where ``exporter``'s crude went by year, beside the counterfactual with
    ``tonnes_cut`` taken from ``importer``; None when no destination data or the
    importer is not an area of them."""
    dest = inputs.crude_destinations(exporter)
    if dest.empty:
        return None
    areas = dest.loc[dest["destination_iso3"] == importer, "ei_area"]
    if areas.empty:
        return None
    return rerouting_counterfactual(dest, area=str(areas.iloc[0]), tonnes_cut=tonnes_cut)


class CrudeMarket:
    name = "crude-market"
    horizon = HORIZON

    def applies(self, sc: Scenario) -> bool:
        return sc.crude is not None and "crude" in sc.models

    def run(self, sc: Scenario, inputs: ScenarioInputs, opts: RunOptions) -> EnginePart:
        c = sc.crude
        assert c is not None
        part = EnginePart(horizon=self.horizon)
        imports = inputs.crude_imports(c.importer)
        china = inputs.crude_second_source() if c.china_second_source else None
        period = c.fiscal_year or latest_complete_period(imports)
        if period not in set(imports["period"]):
            raise ScenarioError(
                f"no crude data for {period}",
                field="crude.fiscal_year",
                fix=f"use one of {sorted(imports['period'].unique())}",
            )
        weights = dict(c.weights) if c.rule == "weights" else None
        pr = c.price_response.to_model() if c.price_response is not None else None
        try:
            r = replace_supplier(
                imports,
                period,
                target=c.supplier,
                cut_share=c.cut_share,
                weights=weights,
                china=china,
                price_response=pr,
            )
        except ScenarioError as exc:
            raise ScenarioError(exc.problem, field=f"crude.{exc.field}", fix=exc.fix) from exc
        m = measure_discount(imports, period, target=c.supplier, china=china)
        res = r.to_frame()
        res.insert(1, "name", [country_label(s) for s in res["source"]])
        part.tables["crude_resourcing"] = res
        part.tables["crude_discount_methods"] = m.to_frame()
        part.tables["crude_discount_by_year"] = discount_table(
            imports, target=c.supplier, china=china
        )
        rr = rerouting(inputs, c.supplier, c.importer, r.tonnes_replaced)
        if rr is not None:
            part.tables["crude_rerouting"] = rr
        e0 = m.estimates[0]
        lo, hi = r.extra_bill_band_usd
        values: dict[str, tuple[Any, str | None, str]] = {
            "crude_importer": (c.importer, None, "importer"),
            "crude_supplier": (c.supplier, None, "supplier cut"),
            "crude_period": (period, None, "fiscal year of the data"),
            "crude_provisional": (m.provisional, None, "data provisional"),
            "crude_cut_share": (c.cut_share, "share", "share of the supplier's crude cut"),
            "crude_replaced_mt": (r.tonnes_replaced / 1e6, "number", "crude replaced (Mt)"),
            "crude_discount_usd_per_t": (m.central, "number", "discount used (US$/t)"),
            "crude_discount_low_usd_per_t": (m.low, "number", "discount, low (US$/t)"),
            "crude_discount_high_usd_per_t": (m.high, "number", "discount, high (US$/t)"),
            "crude_discount_usd_per_bbl": (
                m.central / BBL_PER_TONNE,
                "number",
                f"discount used (US$/bbl at {BBL_PER_TONNE} bbl/t)",
            ),
            "crude_discount_method": (
                f"{e0.method}: {e0.label} ({e0.data})",
                None,
                "discount method (central)",
            ),
            "crude_replacement_unit_value_usd_per_t": (
                r.replacement_unit_value,
                "number",
                "replacement crude, delivered (US$/t)",
            ),
            "crude_lost_discount_usd": (r.lost_discount_usd, "usd", "discount lost a year"),
            "crude_world_price_change_pct": (
                100 * r.world_price_change,
                "pct",
                "world crude price",
            ),
            "crude_price_effect_usd": (r.price_effect_usd, "usd", "world-price effect a year"),
            "crude_extra_bill_usd": (r.extra_bill_usd, "usd", "extra crude bill a year"),
            "crude_extra_bill_low_usd": (lo, "usd", "extra crude bill, low"),
            "crude_extra_bill_high_usd": (hi, "usd", "extra crude bill, high"),
        }
        for k, (v, unit, label) in values.items():
            part.add(k, v, unit=unit, label=label)
        prov = " (provisional)" if m.provisional else ""
        part.notes.append(
            f"Crude as one world good: {c.importer} cuts {100 * c.cut_share:g}% of its "
            f"{period}{prov} crude from {c.supplier} ({r.tonnes_replaced / 1e6:,.2f} Mt) and "
            f"buys it at {r.rule} ({r.replacement_unit_value:,.1f} US$/t against "
            f"{c.supplier}'s {m.target_unit_value:,.1f}); the extra bill is the discount "
            f"lost, {r.tonnes_replaced / 1e6:,.2f} Mt × {r.discount_usd_per_t:,.2f} US$/t"
            + (
                f", plus the world-price effect ({pr.source}; {100 * pr.lost_share:g}% of "
                "the cut volume leaves the market)"
                if pr is not None
                else "; no world-price response (the supplier's barrels find other "
                "buyers, as its re-routing of 2022-24 did: table crude_rerouting)"
            )
            + "."
        )
        part.notes.append(
            f"Discount {m.central:,.2f} US$/t by {e0.method} ({e0.label}); band "
            f"{m.low:,.2f} to {m.high:,.2f} US$/t over {len(m.estimates)} methods "
            f"({', '.join(e.method for e in m.estimates)}): unit values mix grades, freight "
            "and contract timing, the band is that spread, not a confidence interval."
        )
        part.provenance["crude_data"] = _data_date(c.china_second_source)
        return part


def _data_date(china: bool) -> str:
    return VINTAGES["india"] + (f"; second source: {VINTAGES['china']}" if china else "")


ENGINE = CrudeMarket()
