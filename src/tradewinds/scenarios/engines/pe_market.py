"""PE in the importer's aggregate market (MODELS §2): every supplier of the world
matrix, the exporter's price changing by its trade-weighted additional duty on its
lines; who loses and who gains among the importer's suppliers."""

from __future__ import annotations

from tradewinds.io.codes import country_label
from tradewinds.models.pe_markets import market_pe
from tradewinds.models.pe_markets import weighted_mean as wmean
from tradewinds.scenarios.engines._lines import priced_lines
from tradewinds.scenarios.engines.base import SHORT_RUN, EnginePart, RunOptions
from tradewinds.scenarios.inputs import ScenarioInputs
from tradewinds.scenarios.model import Scenario


class PEMarket:
    name = "pe-market"
    horizon = SHORT_RUN

    def applies(self, sc: Scenario) -> bool:
        return "pe" in sc.models and sc.tariffs is not None

    def run(self, sc: Scenario, inputs: ScenarioInputs, opts: RunOptions) -> EnginePart:
        assert sc.tariffs is not None
        t, pe = sc.tariffs, sc.pe
        p = priced_lines(sc, inputs)
        v = p.lines["value_usd"]
        mp = market_pe(
            p.market,
            t.exporter,
            wmean(p.lines["rate0"], v),
            wmean(p.lines["rate1"], v),
            sigma=wmean(p.lines["sigma"], v),
            epsilon=pe.epsilon,
            method=pe.method,
            beta=pe.beta,
        )
        mf = mp.to_frame().sort_values("change", ignore_index=True)
        mf["name"] = [country_label(c) for c in mf["supplier"]]
        part = EnginePart(horizon=self.horizon)
        part.tables["market"] = mf
        part.update(
            {
                "market_exporter_change_usd": float(
                    mf.loc[mf["supplier"] == t.exporter, "change"].iloc[0]
                ),
                "market_total_change_usd": float(mf["change"].sum()),
                "importer_revenue_change_usd": mp.revenue_change,
                "importer_welfare_change_usd": mp.welfare_change,
            }
        )
        return part


ENGINE = PEMarket()
