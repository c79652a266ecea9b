"""The exporter's tariff lines priced on the baseline and scenario dates: shared by the
PE engines (computed once per run through ``inputs.memo``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd

from tradewinds.errors import ScenarioError
from tradewinds.models.elasticities import sigma_for
from tradewinds.scenarios.inputs import DatasetMeta, ScenarioInputs
from tradewinds.scenarios.model import Scenario
from tradewinds.tariffs import TariffMeasure, TariffSchedule, load_schedule


@dataclass(frozen=True)
class PricedLines:
    lines: pd.DataFrame  # product, value_usd, rate0, rate1, banned1, sigma, sigma_source
    trade: pd.DataFrame  # product, value_usd (the period's lines)
    rates0: pd.DataFrame  # line_rates on the baseline date
    rates1: pd.DataFrame  # line_rates on the scenario date, with the changes
    period: str
    schedule: TariffSchedule
    changed: TariffSchedule
    halts: tuple[tuple[str, str, str], ...]
    embargo_other: tuple[TariffMeasure, ...]  # embargoes by other importers
    dataset: DatasetMeta
    market: pd.Series  # the importer's imports by supplier (aggregate)
    product_market: pd.DataFrame  # product-level imports by supplier, if the data have them
    share: float  # the exporter's share of the importer's imports


def measures_of(sc: Scenario) -> tuple[list[TariffMeasure], list[TariffMeasure]]:
    """The scenario's added measures on its own importer, and those of other importers."""
    t = sc.tariffs
    if t is None:
        return [], []
    own = [
        m if m.importer else m.model_copy(update={"importer": t.importer})
        for m in t.add
        if (m.importer or t.importer) == t.importer
    ]
    other = [m for m in t.add if m.importer and m.importer != t.importer]
    return own, other


def halts_of(sc: Scenario, other: list[TariffMeasure]) -> tuple[tuple[str, str, str], ...]:
    """Trades that stop: [[halt]] entries and other importers' embargoes."""
    h = [(x.country, x.imports_from, p) for x in sc.halt for p in x.products]
    h += [
        (m.importer, e, p)
        for m in other
        if m.kind == "embargo"
        for e in m.exporters
        for p in m.products
    ]
    return tuple(h)


def priced_lines(sc: Scenario, inputs: ScenarioInputs) -> PricedLines:
    return inputs.memo(("priced_lines", sc.content_hash()), lambda: _price(sc, inputs))


def _price(sc: Scenario, inputs: ScenarioInputs) -> PricedLines:
    t = sc.tariffs
    if t is None:
        raise ScenarioError("PE on tariff lines needs a [tariffs] section", field="tariffs")
    b = sc.baseline
    sched = load_schedule(t.schedule)
    own, other = measures_of(sc)
    halts = halts_of(sc, other)
    changed = sched.with_changes(add=own, remove=t.remove)
    flows = inputs.product_flows(b.dataset, t.exporter, t.importer)
    if flows.empty:
        raise ScenarioError(
            f"dataset {b.dataset!r} has no {t.exporter}→{t.importer} lines",
            field="baseline.dataset",
            fix="choose a dataset with the exporter's tariff lines",
        )
    period = b.period or sorted(flows["period"].unique())[-1]
    trade = pd.DataFrame(
        flows[flows["period"] == period].groupby("product", as_index=False)["value_usd"].sum()
    )
    if trade.empty:
        raise ScenarioError(
            f"no lines for {period}",
            field="baseline.period",
            fix=f"use one of {sorted(flows['period'].unique())}",
        )
    how: Literal["exact", "hs6"] = "hs6" if flows["hs_version"].iloc[0] != "HTS" else "exact"
    r0 = sched.line_rates(t.exporter, trade["product"], t.baseline_date, match=how)
    r1 = changed.line_rates(t.exporter, trade["product"], t.date, match=how, halted=halts)
    lines = trade.merge(
        r0[["product", "additional_rate"]].rename(columns={"additional_rate": "rate0"}),
        on="product",
    ).merge(
        r1[["product", "additional_rate", "banned"]].rename(
            columns={"additional_rate": "rate1", "banned": "banned1"}
        ),
        on="product",
    )
    sig = sigma_for(
        lines["product"].tolist(),
        source=sc.pe.sigma_source,
        importer=t.importer,
        overrides=sc.pe.sigma_overrides,
    )
    lines = lines.merge(sig, on="product")
    imp_all = inputs.market_imports(b.market_dataset, t.importer)
    imp_all = imp_all[imp_all["exporter"] != "WLD"]
    market = imp_all.groupby("exporter")["value_usd"].sum()
    share = float(market.get(t.exporter, 0.0) / market.sum()) if len(market) else 0.0
    if share <= 0:
        raise ScenarioError(
            f"{t.exporter} has no exports to {t.importer} in {b.market_dataset}",
            field="baseline.market_dataset",
        )
    return PricedLines(
        lines=lines,
        trade=trade,
        rates0=r0,
        rates1=r1,
        period=str(period),
        schedule=sched,
        changed=changed,
        halts=halts,
        embargo_other=tuple(other),
        dataset=inputs.dataset(b.dataset),
        market=market,
        product_market=imp_all[imp_all["product"] != "TOTAL"],
        share=share,
    )
