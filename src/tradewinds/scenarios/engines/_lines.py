"""The exporter's tariff lines priced in every policy state of a scenario: shared by the
PE engines (computed once per run through ``inputs.memo``).

The states (:mod:`tradewinds.tariffs.states`), every one computed from the same data:

* ``data``: the data's own policy state, the measures in force over the period of the
  trade data (``[tariffs] data_state = "average"``: each day of the period weighted
  equally; ``"end"``: its last day). FY2024-25 trade was made before the 2025 duties;
  it is never treated as trade under them.
* each dated state of ``[tariffs] chain`` (or ``baseline_date`` and ``date``), the
  schedule as it stands;
* ``scenario``: the state on ``date`` with the scenario's changes (``add``/``remove``,
  halts that lift secondary duties), when it has any;
* each period of ``[tariffs] periods`` (mean of its days), to set beside that period's
  observed trade.

In each state the exporter pays its own rate on each line and the rest of the world the
mean of every other supplier's rate on that line, weighted by their imports into the
market (aggregate data); each supplier of the aggregate market has one rate
(:func:`tradewinds.tariffs.states.exporter_rates`). A scenario's change is the
difference of its baseline and scenario states.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

import numpy as np
import pandas as pd

from tradewinds.errors import ScenarioError
from tradewinds.io.codes import hs_nomenclature
from tradewinds.models.elasticities import sigma_for
from tradewinds.scenarios.inputs import DatasetMeta, ScenarioInputs
from tradewinds.scenarios.model import Scenario
from tradewinds.tariffs import TariffMeasure, TariffSchedule, load_schedule
from tradewinds.tariffs.states import (
    WEIGHT_HS6,
    WEIGHT_LINES,
    DayCache,
    PolicyState,
    StateRates,
    exporter_rates,
    state_rates,
)

Kind = Literal["data", "date", "scenario", "period"]
DATA, SCENARIO = "data", "scenario"


@dataclass(frozen=True)
class LineState:
    """One policy state on the exporter's lines."""

    key: str
    label: str
    kind: Kind
    policy: PolicyState
    rate: np.ndarray  # the exporter's rate on each line
    rest: np.ndarray  # the rest of the world's rate on each line (import-weighted)
    banned: np.ndarray  # the line is banned (on more than half the days)
    suppliers: pd.DataFrame  # one rate per supplier of the aggregate market
    hs6: StateRates | None = None  # every supplier's rate in the product-level markets


@dataclass(frozen=True)
class PricedLines:
    lines: pd.DataFrame  # product, value_usd, sigma, sigma_source; rate/rest/banned of states
    states: tuple[LineState, ...]  # data first, then the chain, the scenario, the periods
    baseline: str  # key of the baseline state
    scenario: str  # key of the scenario state
    date_key: str  # key of the dated state on the scenario's date (the schedule unchanged)
    trade: pd.DataFrame  # product, value_usd (the period's lines)
    rates0: pd.DataFrame  # line_rates (with details) in the baseline state
    rates1: pd.DataFrame  # line_rates (with details) in the scenario state
    period: str
    schedule: TariffSchedule
    changed: TariffSchedule
    halts: tuple[tuple[str, str, str], ...]
    embargo_other: tuple[TariffMeasure, ...]  # embargoes by other importers
    dataset: DatasetMeta
    market: pd.Series  # the importer's imports by supplier (aggregate)
    market_period: str
    market_state: LineState  # the market data's own state (its period)
    product_market: pd.DataFrame  # product-level imports by supplier, if the data have them
    share: float  # the exporter's share of the importer's imports
    notes: tuple[str, ...] = field(default=())

    def state(self, key: str) -> LineState:
        for s in self.states:
            if s.key == key:
                return s
        raise KeyError(key)

    def at(self, key: str, start: str = DATA) -> pd.DataFrame:
        """The lines with the rates of state ``start`` (rate_data, rest_data) and of state
        ``key`` (rate1, rest1, banned1): what :func:`line_pe` prices."""
        a, b = self.state(start), self.state(key)
        return self.lines[["product", "value_usd", "sigma", "sigma_source"]].assign(
            rate_data=a.rate, rest_data=a.rest, rate1=b.rate, rest1=b.rest, banned1=b.banned
        )


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


def data_policy(sc: Scenario, period: str, fy_start_month: int) -> PolicyState:
    """The data's own policy state: the mean of the period's days, or its last day."""
    assert sc.tariffs is not None
    if sc.tariffs.data_state == "end":
        return PolicyState.end_of(period, fy_start_month=fy_start_month)
    return PolicyState.over(period, fy_start_month=fy_start_month)


def state_plan(sc: Scenario) -> list[tuple[str, str, Kind, date | str]]:
    """(key, label, kind, date or period) of the states after the data's, in order."""
    t = sc.tariffs
    assert t is not None
    dates = list(t.chain) or list(dict.fromkeys([t.baseline_date, t.date]))
    out: list[tuple[str, str, Kind, date | str]] = [
        (d.isoformat(), PolicyState.on(d).label, "date", d) for d in dates
    ]
    if changes_schedule(sc):
        out.append((SCENARIO, f"{PolicyState.on(t.date).label}, scenario", "scenario", t.date))
    out += [(p, PolicyState.over(p).label, "period", p) for p in t.periods]
    return out


def conditions_note(conditions: str) -> str:
    """What the run did with the measures whose condition the data cannot check."""
    if conditions == "met":
        return (
            "Canada's and Mexico's border duties (and Section 122 on them) exempt goods "
            "qualifying under USMCA; the data cannot tell which goods qualify and most of "
            "their exports entered duty-free in 2025, so these measures are left out "
            "([tariffs] conditions = 'met'; 'not_met' levies them on every good, the upper "
            "bound `tariffs` shows)."
        )
    return (
        "Measures with a condition the data cannot check (Canada's and Mexico's border "
        "duties, exempting USMCA-qualifying goods) are levied on every good: an upper bound "
        "([tariffs] conditions = 'not_met')."
    )


def changes_schedule(sc: Scenario) -> bool:
    t = sc.tariffs
    return t is not None and bool(t.add or t.remove or sc.halt)


def scenario_key(sc: Scenario) -> str:
    assert sc.tariffs is not None
    return SCENARIO if changes_schedule(sc) else sc.tariffs.date.isoformat()


def priced_lines(sc: Scenario, inputs: ScenarioInputs) -> PricedLines:
    return inputs.memo(("priced_lines", sc.content_hash()), lambda: _price(sc, inputs))


def hs6_codes() -> pd.Series:
    """The HS6 subheadings of the nomenclature (the simple-mean universe)."""
    hs = hs_nomenclature().table
    return hs.loc[hs["level"] == 6, "hscode"].astype(str).reset_index(drop=True)


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
    fy_month = _fy_month(flows)
    how: Literal["exact", "hs6"] = "hs6" if flows["hs_version"].iloc[0] != "HTS" else "exact"
    sig = sigma_for(
        trade["product"].tolist(),
        source=sc.pe.sigma_source,
        importer=t.importer,
        overrides=sc.pe.sigma_overrides,
    )
    lines = trade.merge(sig, on="product")
    imp_all = inputs.market_imports(b.market_dataset, t.importer)
    imp_all = imp_all[imp_all["exporter"] != "WLD"]
    market = imp_all.groupby("exporter")["value_usd"].sum()
    share = float(market.get(t.exporter, 0.0) / market.sum()) if len(market) else 0.0
    if share <= 0:
        raise ScenarioError(
            f"{t.exporter} has no exports to {t.importer} in {b.market_dataset}",
            field="baseline.market_dataset",
        )
    product_market = imp_all[imp_all["product"] != "TOTAL"]
    market_period = str(sorted(imp_all["period"].astype(str).unique())[-1])
    suppliers = list(dict.fromkeys([t.exporter, *map(str, market.index)]))
    hs6_all = hs6_codes()
    hs6_mkt = (
        product_market["product"].astype(str).str[:6].drop_duplicates()
        if not product_market.empty
        else None
    )
    cache: DayCache = {}
    prods = lines["product"]
    values = lines["value_usd"]
    weights = {str(k): float(v) for k, v in market.drop(t.exporter, errors="ignore").items()}

    def make(
        key: str, label: str, kind: Kind, policy: PolicyState, schedule: TariffSchedule
    ) -> LineState:
        halted = halts if schedule is changed else ()
        on_lines = state_rates(
            schedule,
            suppliers,
            prods,
            policy,
            match=how,
            halted=halted,
            conditions=t.conditions,
            cache=cache,
        )
        on_hs6 = state_rates(
            schedule,
            suppliers,
            hs6_all,
            policy,
            match="hs6",
            halted=halted,
            conditions=t.conditions,
            cache=cache,
        )
        sup = exporter_rates(on_hs6, own={t.exporter: (on_lines, values)})
        hs6 = None
        if hs6_mkt is not None:
            hs6 = state_rates(
                schedule,
                suppliers,
                hs6_mkt,
                policy,
                match="hs6",
                halted=halted,
                conditions=t.conditions,
                cache=cache,
            )
        return LineState(
            key,
            label,
            kind,
            policy,
            on_lines.of(t.exporter),
            on_lines.weighted(weights, exclude=[t.exporter]),
            on_lines.banned_of(t.exporter) > 0.5,
            sup,
            hs6,
        )

    dp = data_policy(sc, str(period), fy_month)
    states = [make(DATA, f"{period} data: {dp.label}", "data", dp, sched)]
    for key, label, kind, when in state_plan(sc):
        if isinstance(when, str):
            pol = PolicyState.over(when, fy_start_month=fy_month)
        else:
            pol = PolicyState.on(when)
        states.append(make(key, label, kind, pol, changed if kind == "scenario" else sched))
    # the market data's own state (its period may differ from the lines')
    mp = data_policy(sc, market_period, fy_month)
    market_state = make(
        "market-data", f"{market_period} market data: {mp.label}", "data", mp, sched
    )
    base_key, scen_key = t.baseline_date.isoformat(), scenario_key(sc)
    r0 = sched.line_rates(t.exporter, prods, t.baseline_date, match=how)
    r1 = changed.line_rates(t.exporter, prods, t.date, match=how, halted=halts)
    by = {s.key: s for s in states}
    cols: dict[str, object] = {}
    for name, key in (("data", DATA), ("0", base_key), ("1", scen_key)):
        s = by[key]
        cols |= {f"rate{'_' if name == 'data' else ''}{name}": s.rate}
        cols |= {f"rest{'_' if name == 'data' else ''}{name}": s.rest}
        cols |= {f"banned{'_' if name == 'data' else ''}{name}": s.banned}
    lines = lines.assign(**cols)  # type: ignore[arg-type]
    notes: tuple[str, ...] = (
        f"States: every state is computed from the same {period} data ({b.dataset}), first "
        f"mapped to their own policy state ({dp.label}); the scenario's change is the "
        f"difference of its baseline state ({by[base_key].label}) and its scenario state "
        f"({by[scen_key].label}), never a state applied on top of data from before it.",
        f"Competitors: the rest of the world pays on each line the mean of every other "
        f"supplier's own rate on it (Annex I rates, China's, Canada's and Mexico's measures, "
        f"Section 122 …), weighted by their imports into {t.importer} ({b.market_dataset}, "
        f"{market_period}). In the aggregate market each supplier pays one rate: "
        f"{t.exporter} {WEIGHT_LINES} ({len(lines):,} lines), every other supplier the "
        f"{WEIGHT_HS6} of the nomenclature ({len(hs6_all):,}). {conditions_note(t.conditions)}",
    )
    if dp.is_period:
        notes += (
            "The schedule holds the 2025-26 measures; measures in force before them (the "
            "Section 232 duties of 2018 on steel and aluminium mill products, Section 301) "
            "are not entered, so the data's own state counts steel and aluminium from "
            "12 Mar 2025 only.",
        )
    return PricedLines(
        lines=lines,
        states=tuple(states),
        baseline=base_key,
        scenario=scen_key,
        date_key=t.date.isoformat(),
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
        market_period=market_period,
        market_state=market_state,
        product_market=product_market,
        share=share,
        notes=notes,
    )


def _fy_month(flows: pd.DataFrame) -> int:
    if "fy_start_month" in flows and flows["fy_start_month"].notna().any():
        return int(flows["fy_start_month"].dropna().iloc[0])
    return 4


def with_rates(frame: pd.DataFrame, rates: pd.DataFrame, name: str) -> pd.DataFrame:
    """``frame`` (a ``supplier`` column) with each supplier's ``rate`` as column ``name``."""
    return frame.merge(
        rates[["exporter", "rate"]].rename(columns={"exporter": "supplier", "rate": name}),
        on="supplier",
        how="left",
    ).fillna({name: 0.0})


def rates_array(rates: pd.DataFrame, suppliers: list[str]) -> np.ndarray:
    r = rates.set_index("exporter")["rate"]
    return np.array([float(r.get(s, 0.0)) for s in suppliers])
