"""Export pushes: a chosen rise of an exporter's sales of product groups to a partner,
measured on its lines, and the bilateral balance before and after (arithmetic, no
behavioural model: the push is the assumption)."""

from __future__ import annotations

import pandas as pd

from tradewinds.accounting.effects import PushSpec, balance_effect, push_effect
from tradewinds.io.codes import load_product_groups
from tradewinds.scenarios.engines.base import SHORT_RUN, EnginePart, RunOptions
from tradewinds.scenarios.inputs import ScenarioInputs
from tradewinds.scenarios.model import Scenario


class Push:
    name = "push"
    horizon = SHORT_RUN

    def applies(self, sc: Scenario) -> bool:
        return bool(sc.push) and "pe" in sc.models

    def run(self, sc: Scenario, inputs: ScenarioInputs, opts: RunOptions) -> EnginePart:
        part = EnginePart(horizon=self.horizon)
        b = sc.baseline
        p0 = sc.push[0]
        flows = inputs.product_flows(b.dataset, p0.exporter, p0.partner)
        period = b.period or sorted(flows["period"].unique())[-1]
        comp = pd.DataFrame(
            flows[flows["period"] == period].groupby("product", as_index=False)["value_usd"].sum()
        )
        specs = [PushSpec(x.exporter, x.partner, x.group, x.growth) for x in sc.push]
        pe_ = push_effect(comp, specs, load_product_groups())
        part.tables["push"] = pe_
        added = float(pe_["added_usd"].sum())
        covered = float(comp["value_usd"].sum())
        official = inputs.published_value(p0.exporter, p0.partner, "exports", period)
        scaled = added * (official * 1e9 / covered) if official else None
        part.update(
            {
                "push_added_usd": added,
                "push_added_scaled_usd": scaled,
                "push_base_exports_usd": covered,
            }
        )
        bases = inputs.balance_bases(p0.exporter, p0.partner, period)
        part.tables["balance"] = balance_effect(
            [(x.label, x.balance_usd) for x in bases],
            exports_change=added,
            scaled_exports_change=scaled,
        )
        dataset = inputs.dataset(b.dataset)
        part.notes.append(
            f"Pushes apply to the lines in {dataset.id} ({period}): {covered / 1e9:,.2f} bn of "
            "exports"
            + (
                f" of {official:,.2f} bn published; scaled to the published total "
                f"the rise would be {scaled / 1e9:,.2f} bn"
                if scaled
                else ""
            )
            + "."
        )
        return part


ENGINE = Push()
