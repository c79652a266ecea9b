"""PE in the importer's aggregate market (MODELS §2): every supplier of the world
matrix at its own rate (the exporter: trade-weighted over its lines; the others: the
simple mean of their HS6 rates, :func:`tradewinds.tariffs.states.exporter_rates`), in
each state of the scenario from the market data's own state; who loses and who gains
among the importer's suppliers, the main ones by the size of their change."""

from __future__ import annotations

import pandas as pd

from tradewinds.io.codes import country_label
from tradewinds.models.pe import PEResult
from tradewinds.models.pe_markets import market_pe
from tradewinds.models.pe_markets import weighted_mean as wmean
from tradewinds.scenarios.engines._lines import PricedLines, priced_lines, rates_array
from tradewinds.scenarios.engines.base import SHORT_RUN, EnginePart, RunOptions
from tradewinds.scenarios.inputs import ScenarioInputs
from tradewinds.scenarios.model import Scenario

WHO_GAINS_ROWS = 12  # the main competitors named in the "who gains" table


class PEMarket:
    name = "pe-market"
    horizon = SHORT_RUN

    def applies(self, sc: Scenario) -> bool:
        return "pe" in sc.models and sc.tariffs is not None

    def run(self, sc: Scenario, inputs: ScenarioInputs, opts: RunOptions) -> EnginePart:
        assert sc.tariffs is not None
        t = sc.tariffs
        p = priced_lines(sc, inputs)
        sup = [str(x) for x in p.market.index]
        res = {s.key: _solve(sc, p, s.key) for s in p.states}
        a, b = res[p.baseline], res[p.scenario]
        mf = pd.DataFrame(
            {
                "supplier": sup,
                "name": [country_label(c) for c in sup],
                "imports_data_usd": a.m0,
                "rate_data": a.t0,
                "rate_baseline": a.t1,
                "rate_scenario": b.t1,
                "m_baseline": a.m1,
                "m_scenario": b.m1,
            }
        )
        mf["change"] = mf["m_scenario"] - mf["m_baseline"]
        mf["change_pct"] = 100 * (mf["m_scenario"] / mf["m_baseline"] - 1)
        mf = mf.sort_values("change", ignore_index=True)
        part = EnginePart(horizon=self.horizon)
        part.tables["market"] = mf
        part.tables["who_gains"] = who_gains(mf, t.exporter)
        part.tables["market_chain"] = pd.DataFrame(
            [
                {
                    "state": s.key,
                    "label": s.label,
                    "exporter_rate": float(r.t1[sup.index(t.exporter)]),
                    "competitors_rate": wmean(
                        pd.Series(r.t1).drop(sup.index(t.exporter)),
                        pd.Series(r.m0).drop(sup.index(t.exporter)),
                    ),
                    "exporter_change_vs_data_usd": float(
                        r.m1[sup.index(t.exporter)] - r.m0[sup.index(t.exporter)]
                    ),
                    "imports_change_vs_data_usd": float(r.m1.sum() - r.m0.sum()),
                    "revenue_change_vs_data_usd": r.revenue_change,
                }
                for s in p.states
                for r in [res[s.key]]
            ]
        )
        top = part.tables["who_gains"]
        gain = top[(top["supplier"] != t.exporter) & (top["change"] > 0)]
        part.update(
            {
                "market_exporter_change_usd": float(
                    mf.loc[mf["supplier"] == t.exporter, "change"].iloc[0]
                ),
                "market_total_change_usd": float(mf["change"].sum()),
                "importer_revenue_change_usd": b.revenue_change - a.revenue_change,
                "importer_welfare_change_usd": b.welfare_change - a.welfare_change,
            }
        )
        if not gain.empty:
            part.add("market_top_gainer", str(gain["name"].iloc[0]))
            part.add("market_top_gainer_change_usd", float(gain["change"].iloc[0]))
        md = p.market_state
        part.notes.append(
            f"Aggregate market: {t.importer}'s imports from {len(sup)} suppliers "
            f"({sc.baseline.market_dataset}, {p.market_period}), mapped to their own "
            f"policy state ({md.label}); each supplier at its own rate in every state; σ = "
            f"{_sigma(p):.2f} ({t.exporter}'s trade-weighted line σ); the 'who gains' table "
            f"names the {WHO_GAINS_ROWS} suppliers whose imports change most in US$."
        )
        return part


def _sigma(p: PricedLines) -> float:
    return wmean(p.lines["sigma"], p.lines["value_usd"])


def _solve(sc: Scenario, p: PricedLines, key: str) -> PEResult:
    sup = [str(x) for x in p.market.index]
    return market_pe(
        p.market,
        rates_array(p.market_state.suppliers, sup),
        rates_array(p.state(key).suppliers, sup),
        sigma=_sigma(p),
        epsilon=sc.pe.epsilon,
        method=sc.pe.method,
        beta=sc.pe.beta,
    )


def who_gains(market: pd.DataFrame, exporter: str, rows: int = WHO_GAINS_ROWS) -> pd.DataFrame:
    """The exporter and the main competitors by the size of their change (US$), named:
    the table behind the 'who loses, who gains' chart."""
    mine = market[market["supplier"] == exporter]
    rest = market[market["supplier"] != exporter]
    top = rest.reindex(rest["change"].abs().sort_values(ascending=False).index).head(rows)
    cols = [
        "supplier",
        "name",
        "imports_data_usd",
        "rate_baseline",
        "rate_scenario",
        "change",
        "change_pct",
    ]
    return pd.concat([mine, top], ignore_index=True)[cols]


ENGINE = PEMarket()
