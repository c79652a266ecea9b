"""An importer's embargo on a product from some suppliers, in PE (MODELS §2): the
market by supplier, the banned suppliers removed, the rest re-sorting with σ; and the
importer's balance with the banned supplier before and after."""

from __future__ import annotations

from tradewinds.accounting.effects import balance_effect
from tradewinds.io.codes import country_label
from tradewinds.models.elasticities import sigma_for
from tradewinds.models.pe_markets import embargo_pe
from tradewinds.scenarios.engines._lines import measures_of
from tradewinds.scenarios.engines.base import SHORT_RUN, EnginePart, RunOptions
from tradewinds.scenarios.inputs import ScenarioInputs
from tradewinds.scenarios.model import Scenario


class Embargo:
    name = "embargo"
    horizon = SHORT_RUN

    def applies(self, sc: Scenario) -> bool:
        if "pe" not in sc.models or sc.tariffs is None:
            return False
        return any(m.kind == "embargo" for m in measures_of(sc)[1])

    def run(self, sc: Scenario, inputs: ScenarioInputs, opts: RunOptions) -> EnginePart:
        part = EnginePart(horizon=self.horizon)
        pe = sc.pe
        for m in measures_of(sc)[1]:
            if m.kind != "embargo":
                continue
            banned = m.exporters[0]
            for prod in m.products:
                mk = inputs.import_market(m.importer, prod, sc.baseline.period)
                values = mk.values
                sig_row = sigma_for(
                    [prod.ljust(6, "0")], source=pe.sigma_source, importer=m.importer
                ).iloc[0]
                sigma = float(sig_row["sigma"])
                ep = embargo_pe(
                    values,
                    m.exporters,
                    sigma=sigma,
                    epsilon=pe.epsilon,
                    method=pe.method,
                    beta=pe.beta,
                )
                ef = ep.to_frame()
                ef["name"] = [
                    "rest of the world" if s == "ROW" else country_label(str(s))
                    for s in ef["supplier"]
                ]
                part.tables[f"embargo_{m.importer}_{prod}"] = ef
                lost = float(values[banned])
                part.update(
                    {
                        "embargo_market": f"{m.importer} imports of HS {prod}",
                        "embargo_lost_imports_usd": lost,
                        "embargo_price_index_change_pct": 100 * (ep.price_index_hat - 1),
                        "embargo_other_suppliers_change_usd": float(
                            ef.loc[ef["supplier"] != banned, "change"].sum()
                        ),
                        "embargo_bill_change_usd": float(ef["change"].sum()),
                    }
                )
                part.notes.append(
                    f"{mk.note}; σ = {sigma:.2f} ({sig_row['sigma_source']}), ε = {pe.epsilon}."
                )
                bases = inputs.balance_bases(m.importer, banned, mk.period)
                part.tables["balance"] = balance_effect(
                    [(x.label, x.balance_usd) for x in bases], imports_change=-lost
                )
        return part


ENGINE = Embargo()
