"""Workers abroad and what they send home (the ``[workers]`` section): N workers ×
monthly wage × months × share remitted (:func:`tradewinds.accounting.workers.
worker_remittances`), every factor with its source, shown beside the goods balance of
the same pair and labelled as what it is in the balance of payments (BPM6): current-
account income — compensation of employees (primary income) for stays under a year,
personal transfers (secondary income) for residents — not goods trade. Published
figures (quotas, permits) and the KNOMAD 2021 corridor estimates are tables of their
own; a factor taken from a published figure is checked against it."""

from __future__ import annotations

import pandas as pd

from tradewinds.accounting.workers import (
    Assumption,
    beside_goods,
    wage_in_usd,
    worker_remittances,
)
from tradewinds.errors import ScenarioError
from tradewinds.scenarios.engines.base import EnginePart, RunOptions
from tradewinds.scenarios.inputs import ScenarioInputs
from tradewinds.scenarios.model import Scenario
from tradewinds.scenarios.workers_section import WorkerAssumption

HORIZON = "one year of the stated flow (accounting identity: no behavioural model)"


def _assumption(name: str, a: WorkerAssumption, published: pd.DataFrame) -> Assumption:
    note = a.note
    if a.published is not None:
        hit = published[published["id"] == a.published]
        if hit.empty:
            raise ScenarioError(
                f"no published figure {a.published!r}",
                field=f"workers.{name}.published",
                fix="use an id of data/workers/published.csv (tradewinds migration ORIGIN HOST)",
            )
        row = hit.iloc[0]
        if str(row["status"]) != "stated":
            raise ScenarioError(
                f"published figure {a.published!r} is a {row['status']}, not a stated figure",
                field=f"workers.{name}.published",
                fix="take a stated figure (quota, permits) or give the value as your assumption",
            )
        if float(row["value"]) != a.value:
            raise ScenarioError(
                f"value {a.value:g} differs from the published figure {a.published!r} "
                f"({float(row['value']):g} {row['unit']}, {row['period']})",
                field=f"workers.{name}.value",
                fix="use the published value, or drop 'published' and say it is your assumption",
            )
        note = (
            note + "; " if note else ""
        ) + f"published figure {a.published} ({row['source_url']})"
    return Assumption(name, a.value, a.unit, a.source, tag=a.tag, note=note)


class Workers:
    name = "workers"
    horizon = HORIZON

    def applies(self, sc: Scenario) -> bool:
        return sc.workers is not None

    def run(self, sc: Scenario, inputs: ScenarioInputs, opts: RunOptions) -> EnginePart:
        w = sc.workers
        assert w is not None
        part = EnginePart(horizon=self.horizon)
        pub = inputs.worker_figures()
        f = {n: _assumption(n, a, pub) for n, a in w.factors().items()}
        wage = f.get("monthly_wage_usd") or wage_in_usd(f["monthly_wage_local"], f["local_per_usd"])
        flows = worker_remittances(
            f["workers"], wage, f["remitted_share"], f["months"], resident=w.resident
        )
        # the local wage and its rate, then the factors and results of the computation
        local = [
            {
                "item": a.name,
                "value": a.value,
                "unit": a.unit,
                "tag": a.tag,
                "source": a.source,
                "note": a.note,
            }
            for n, a in f.items()
            if n in {"monthly_wage_local", "local_per_usd"}
        ]
        assumptions = pd.concat([pd.DataFrame(local), flows.to_frame()], ignore_index=True)
        part.tables["workers_assumptions"] = assumptions
        goods = inputs.goods_balance(w.origin, w.host, w.period)
        part.tables["workers_beside_goods"] = beside_goods(
            goods, flows, label=f"{w.origin} workers in {w.host}: remittances home"
        ).assign(statistic=goods["statistic"].to_numpy())
        part.tables["workers_published"] = pub[
            (pub["origin"] == w.origin) & (pub["host"] == w.host)
        ].reset_index(drop=True)
        knomad = inputs.migration_corridor(w.origin, w.host)
        part.tables["workers_knomad_2021"] = knomad
        g = goods.iloc[-1]
        part.add("workers_count", f["workers"].value, unit="count", label="workers (N)")
        part.add("workers_earnings_usd", flows.earnings_usd, label="their earnings a year")
        part.add(
            "workers_remittances_usd",
            flows.remittances_usd,
            label=f"remittances to {w.origin} a year: {flows.account}, not goods",
        )
        part.add(
            "goods_balance_usd",
            float(g["balance_usd"]),
            label=f"{w.origin}'s goods balance with {w.host}, {g['statistic']} (merchandise)",
        )
        sent = knomad[
            (knomad["measure"] == "remittances")
            & (knomad["from_"] == w.host)
            & (knomad["to"] == w.origin)
        ]
        if not sent.empty:
            part.add(
                "knomad_2021_remittances_usd",
                float(sent["value"].iloc[0]),
                label=f"remittances {w.host}→{w.origin} in 2021 (KNOMAD estimate, before the "
                "recruitment)",
            )
        part.notes += [
            f"Workers: {f['workers'].value:,.0f} × {wage.value:,.0f} US$/month × "
            f"{f['months'].value:g} months × {f['remitted_share'].value:.0%} remitted = "
            f"{flows.remittances_usd / 1e9:,.3f} bn US$ a year ({flows.account}). Every factor is "
            "a parameter with its source (table workers_assumptions).",
            f"Beside the goods balance, not in it: {g['statistic']} {w.origin}'s goods balance "
            f"with {w.host} is {float(g['balance_usd']) / 1e9:,.2f} bn; remittances are "
            "current-account income, a different account.",
            "Published figures (quotas, permits) are listed apart (workers_published); the "
            "KNOMAD 2021 corridor (workers_knomad_2021) is an estimate from before 2022.",
        ]
        part.provenance["workers"] = "; ".join(
            f"{a.name}={a.value:g} ({a.tag}: {a.source[:60]})" for a in f.values()
        )
        return part


ENGINE = Workers()
