"""An importer's ban on a product from some suppliers, in PE (MODELS §2): the market by
supplier, the banned supply removed, the rest re-sorting with σ; the importer's balance
with the banned supplier before and after.

Bans come from the scenario's embargo measures (``[[tariffs.add]]`` with ``kind =
"embargo"``) and from sanctions ledger entries (``[[sanctions]]``): an embargo bars the
exporter's whole supply to the market, a designation the share of the exporter's exports
that the designated firms carry (stated in the ledger with its source); the rest of the
exporter's supply stays. For crude (HS 2709) the market is the importer's own customs
data by source where shipped; beside it, where the exporter's crude went in the years the
data cover (re-routing) and where the barred volume would have to go."""

from __future__ import annotations

from dataclasses import dataclass

from tradewinds.accounting.effects import balance_effect
from tradewinds.errors import ScenarioError
from tradewinds.io.codes import country_label
from tradewinds.models.elasticities import sigma_for
from tradewinds.models.pe_markets import embargo_pe
from tradewinds.scenarios.engines._lines import measures_of
from tradewinds.scenarios.engines.base import SHORT_RUN, EnginePart, RunOptions
from tradewinds.scenarios.engines.crude_market import rerouting
from tradewinds.scenarios.inputs import ScenarioInputs
from tradewinds.scenarios.model import Scenario

#: the label of the part of an exporter's supply that a designation bars
DESIGNATED = "{exporter} (designated firms)"


@dataclass(frozen=True)
class Ban:
    """One product market where ``exporter``'s supply is barred (``share`` of it)."""

    importer: str
    exporter: str
    product: str
    share: float  # 1.0: all of it
    what: str  # where the ban comes from


def bans_of(sc: Scenario) -> list[Ban]:
    """The bans a scenario asks for: its embargo measures and its ledger entries."""
    out = [
        Ban(m.importer, e, p, 1.0, f"{m.name} ({m.source})")
        for m in measures_of(sc)[1]
        if m.kind == "embargo"
        for e in m.exporters
        for p in m.products
    ]
    if not sc.sanctions:
        return out
    from tradewinds.tariffs.sanctions import Designation, Embargo, load_sanctions

    ledger = load_sanctions()
    for i, s in enumerate(sc.sanctions):
        e = ledger.entry(s.entry)
        for p in s.products or e.products:
            if isinstance(e, Embargo):
                out.append(Ban(s.market, e.exporter, p, 1.0, f"{e.name} ({e.citation})"))
            elif isinstance(e, Designation):
                x = e.export_share(p)
                if x is None:
                    raise ScenarioError(
                        f"{e.id!r} states no share of {e.exporter}'s exports of {p} that the "
                        "designated firms carry",
                        field=f"sanctions[{i}].products",
                        fix="add export_shares to the ledger entry, or choose another product",
                    )
                what = f"{e.name} ({e.citation}); {x.share:.0%} of {x.of}, {x.period} ({x.source})"
                out.append(Ban(s.market, e.exporter, p, x.share, what))
    return out


class Embargo:
    name = "embargo"
    horizon = SHORT_RUN

    def applies(self, sc: Scenario) -> bool:
        if "pe" not in sc.models:
            return False
        return bool(sc.sanctions) or (
            sc.tariffs is not None and any(m.kind == "embargo" for m in measures_of(sc)[1])
        )

    def run(self, sc: Scenario, inputs: ScenarioInputs, opts: RunOptions) -> EnginePart:
        part = EnginePart(horizon=self.horizon)
        pe = sc.pe
        for ban in bans_of(sc):
            prod, banned = ban.product, ban.exporter
            mk = inputs.import_market(ban.importer, prod, sc.baseline.period)
            values = mk.values.copy()
            if banned not in values.index:
                raise ScenarioError(
                    f"{banned} does not supply {ban.importer}'s market for {prod} ({mk.period})",
                    field="sanctions" if ban.share < 1 else "tariffs.add",
                )
            barred_label = banned
            if ban.share < 1.0:  # a designation: the firms' share is barred, the rest stays
                barred_label = DESIGNATED.format(exporter=banned)
                total = float(values[banned])
                values[banned] = total * (1.0 - ban.share)
                values[barred_label] = total * ban.share
            sig_row = sigma_for(
                [prod.ljust(6, "0")], source=pe.sigma_source, importer=ban.importer
            ).iloc[0]
            sigma = float(sig_row["sigma"])
            ep = embargo_pe(
                values, [barred_label], sigma=sigma, epsilon=pe.epsilon, method=pe.method,
                beta=pe.beta,
            )  # fmt: skip
            ef = ep.to_frame()
            ef["name"] = [
                "rest of the world"
                if s == "ROW"
                else (str(s) if s == barred_label != banned else country_label(str(s)))
                for s in ef["supplier"]
            ]
            part.tables[f"embargo_{ban.importer}_{prod}"] = ef
            lost = float(values[barred_label])
            part.update(
                {
                    "embargo_market": f"{ban.importer} imports of HS {prod}",
                    "embargo_barred_share": ban.share,
                    "embargo_lost_imports_usd": lost,
                    "embargo_price_index_change_pct": 100 * (ep.price_index_hat - 1),
                    "embargo_other_suppliers_change_usd": float(
                        ef.loc[~ef["supplier"].isin([banned, barred_label]), "change"].sum()
                    ),
                    "embargo_bill_change_usd": float(ef["change"].sum()),
                }
            )
            part.notes.append(
                f"{ban.what}: in {mk.note}, {ban.share:.0%} of {banned}'s supply barred; "
                f"σ = {sigma:.2f} ({sig_row['sigma_source']}), ε = {pe.epsilon}."
            )
            if prod.startswith("2709"):
                part.notes.append(
                    "Crude is close to one world good: this Armington PE (σ above) treats it "
                    "as differentiated by source; the crude-market engine ([crude], models "
                    "'crude') prices the cut at the other sources' delivered prices instead."
                )
                rr = rerouting(inputs, banned, ban.importer, _tonnes(inputs, ban, mk.period))
                if rr is not None:
                    part.tables[f"rerouting_{banned}"] = rr
            bases = inputs.balance_bases(ban.importer, banned, mk.period)
            part.tables["balance"] = balance_effect(
                [(x.label, x.balance_usd) for x in bases], imports_change=-lost
            )
        return part


def _tonnes(inputs: ScenarioInputs, ban: Ban, period: str) -> float:
    """The barred tonnes of crude (the importer's customs data for the period), 0 if
    not known."""
    try:
        t = inputs.crude_imports(ban.importer)
    except ScenarioError:
        return 0.0
    x = t[(t["period"] == period) & (t["source"] == ban.exporter)]
    return float(x["tonnes"].sum()) * ban.share


ENGINE = Embargo()
