"""A dated schedule as the one-sector GE models see it: one US rate per exporter in
each state of the scenario (``[ge] us_tariffs = "schedule"``).

The states are those of the PE (:mod:`._lines`): the world data's own policy state (its
period), each dated state of the chain, the scenario's state with its changes, the
periods. The rate of each exporter in a state is
:func:`tradewinds.tariffs.states.exporter_rates`: the scenario's exporter trade-weighted
over its own tariff lines (India's HS8 lines of ``[baseline] dataset``), every other
exporter the simple mean of its rates over the HS6 subheadings. The line rates are the
rule table's, so a line here has the rate ``tariffs``, ``exposure`` and the PE give it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd

from tradewinds.errors import ScenarioError
from tradewinds.scenarios.engines._lines import (
    DATA,
    Kind,
    changes_schedule,
    conditions_note,
    data_policy,
    halts_of,
    hs6_codes,
    measures_of,
    scenario_key,
    state_plan,
)
from tradewinds.scenarios.inputs import ScenarioInputs
from tradewinds.scenarios.model import Scenario
from tradewinds.tariffs import load_schedule
from tradewinds.tariffs.states import (
    WEIGHT_HS6,
    WEIGHT_LINES,
    DayCache,
    PolicyState,
    exporter_rates,
    state_rates,
)


@dataclass(frozen=True)
class GEState:
    key: str
    label: str
    kind: Kind
    policy: PolicyState
    rates: pd.DataFrame  # exporter, rate, weighting, lines, conditional_share
    lines: pd.DataFrame  # the scenario exporter's lines: product, value_usd, rate


@dataclass(frozen=True)
class GEStates:
    states: tuple[GEState, ...]
    baseline: str
    scenario: str
    notes: tuple[str, ...]

    def state(self, key: str) -> GEState:
        return next(s for s in self.states if s.key == key)


def schedule_states(
    sc: Scenario, inputs: ScenarioInputs, countries: tuple[str, ...], dataset: str
) -> GEStates:
    """Every state's US rate on each country of the world matrix."""
    t = sc.tariffs
    if t is None:
        raise ScenarioError(
            "us_tariffs = 'schedule' needs a [tariffs] section (schedule, dates, exporter)",
            field="ge.us_tariffs",
            fix="add [tariffs], or use us_tariffs = 'ustr-2025-04-02' or 'none'",
        )
    return inputs.memo(
        ("ge_schedule_states", sc.content_hash(), dataset, countries),
        lambda: _states(sc, inputs, countries, dataset),
    )


def _states(
    sc: Scenario, inputs: ScenarioInputs, countries: tuple[str, ...], dataset: str
) -> GEStates:
    t = sc.tariffs
    assert t is not None
    sched = load_schedule(t.schedule)
    own, other = measures_of(sc)
    halts = halts_of(sc, other)
    changed = sched.with_changes(add=own, remove=t.remove)
    flows = inputs.product_flows(sc.baseline.dataset, t.exporter, t.importer)
    if flows.empty:
        raise ScenarioError(
            f"dataset {sc.baseline.dataset!r} has no {t.exporter}→{t.importer} lines to "
            f"weight {t.exporter}'s rate",
            field="baseline.dataset",
            fix="choose a dataset with the exporter's tariff lines",
        )
    period = sc.baseline.period or sorted(flows["period"].unique())[-1]
    trade = flows[flows["period"] == period].groupby("product", as_index=False)["value_usd"].sum()
    how: Literal["exact", "hs6"] = "hs6" if flows["hs_version"].iloc[0] != "HTS" else "exact"
    world = inputs.market_imports(dataset, t.importer)
    world_period = str(sorted(world["period"].astype(str).unique())[-1])
    hs6 = hs6_codes()
    cache: DayCache = {}

    def make(key: str, label: str, kind: Kind, policy: PolicyState, changed_: bool) -> GEState:
        s = changed if changed_ else sched
        halted = halts if changed_ else ()
        lines = state_rates(
            s,
            [t.exporter],
            trade["product"],
            policy,
            match=how,
            halted=halted,
            conditions=t.conditions,
        )
        on_hs6 = state_rates(
            s,
            countries,
            hs6,
            policy,
            match="hs6",
            halted=halted,
            conditions=t.conditions,
            cache=cache,
        )
        rates = exporter_rates(on_hs6, own={t.exporter: (lines, trade["value_usd"])})
        if t.exporter not in countries:
            rates = rates[rates["exporter"] != t.exporter]
        line_tab = trade.assign(rate=lines.of(t.exporter))
        return GEState(key, label, kind, policy, rates.reset_index(drop=True), line_tab)

    dp = data_policy(sc, world_period, 4)
    states = [make(DATA, f"{world_period} data: {dp.label}", "data", dp, False)]
    for key, label, kind, when in state_plan(sc):
        pol = PolicyState.over(when) if isinstance(when, str) else PolicyState.on(when)
        states.append(make(key, label, kind, pol, kind == "scenario"))
    notes: tuple[str, ...] = (
        f"GE tariffs from the schedule {sched.name}: one US rate per exporter in each state "
        f"({', '.join(s.label for s in states)}); {t.exporter} {WEIGHT_LINES} "
        f"({len(trade):,} lines of {sc.baseline.dataset}, {period}), every other exporter "
        f"the {WEIGHT_HS6} ({len(hs6):,}); the world data ({dataset}, {world_period}) are "
        "mapped to their own state first and every state is solved from them. "
        + conditions_note(t.conditions),
    )
    if changes_schedule(sc):
        notes += ("The scenario state adds the scenario's measures and halts.",)
    return GEStates(tuple(states), t.baseline_date.isoformat(), scenario_key(sc), notes)
