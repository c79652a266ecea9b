"""Sanctions from the ledger as barred shares of pair × sector trade for the multi-sector model.

An embargo bars all of an exporter's trade in the product to the importers that impose it; a
designation bars the stated share of the exporter's exports (the blocked firms' share) to
every buyer. Products map to ICIO sectors through the HS→ICIO concordance (crude 2709 → B06,
refined products 2710 → C19). In the model the barred share s is an iceberg cost
κ̂ = (1 − s)^(−1/ε_k) (:func:`tradewinds.tariffs.sanctions.trade_cost_shocks`; a full ban keeps
``residual`` of the trade), so the ban holds whatever elasticity set a band uses.

Stacking: entries of the same kind on the same pair and sector (the UK's and the US's
designations of the same two firms) bar the largest share, not the product of shares (the
same firms' oil); an embargo and a designation combine as 1 − (1 − s₁)(1 − s₂).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from tradewinds.io.icio_data import IcioData, hs_icio_concordance
from tradewinds.scenarios.multisector_params import SanctionsParams
from tradewinds.tariffs.measures import ALL
from tradewinds.tariffs.sanctions import load_sanctions, trade_cost_shocks

FloatArray = np.ndarray


@dataclass
class Barred:
    now: FloatArray | None
    before: FloatArray | None
    table: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)


def _sector_of(products: list[str]) -> dict[str, str]:
    """HS prefix → the one ICIO sector all its HS 2022 codes map to (others left out)."""
    c = hs_icio_concordance()
    c = c[(c["hs_version"] == "HS2022") & (c["icio_sector"] != "")]
    out = {}
    for p in dict.fromkeys(products):
        secs = set(c.loc[c["hs6"].str.startswith(p), "icio_sector"])
        if len(secs) == 1:
            out[p] = secs.pop()
    return out


def _rows(sp: SanctionsParams, on: date) -> pd.DataFrame:
    s = load_sanctions().shocks(on)
    if sp.imposers:
        s = s[s["imposer"].isin(sp.imposers)]
    if sp.ids:
        s = s[s["id"].isin(sp.ids)]
    return s.reset_index(drop=True)


def _array(rows: pd.DataFrame, d: IcioData) -> FloatArray | None:
    """Barred shares (N, N, S): the largest share per kind, kinds combined."""
    if rows.empty:
        return None
    N, S = len(d.countries), len(d.sectors)
    by_kind: dict[str, FloatArray] = {}
    for r in rows.itertuples(index=False):
        if r.exporter not in d.countries or r.sector not in d.sectors:
            continue
        i, k = d.countries.index(r.exporter), d.sectors.index(r.sector)
        js = (
            [j for j in range(N) if j != i]
            if r.importer == ALL
            else [d.countries.index(r.importer)]
            if r.importer in d.countries
            else []
        )
        a = by_kind.setdefault(str(r.kind), np.zeros((N, N, S)))
        for j in js:
            a[i, j, k] = max(a[i, j, k], float(r.barred_share))  # type: ignore[arg-type]
    if not by_kind:
        return None
    kept = np.ones((N, N, S))
    for a in by_kind.values():
        kept *= 1.0 - a
    return 1.0 - kept


def barred_trade(sp: SanctionsParams, d: IcioData, eps: FloatArray, eps_label: str) -> Barred:
    """The barred shares on the date and on the baseline date, the table of shocks (with
    the trade-cost equivalent at the chosen elasticities) and notes."""
    now = _rows(sp, sp.date)
    before = _rows(sp, sp.baseline_date) if sp.baseline_date is not None else now.iloc[0:0]
    notes: list[str] = []
    todo = now[now["barred_share"].isna()]
    for r in todo.drop_duplicates(["id", "product"]).itertuples(index=False):
        notes.append(
            f"Sanctions: {r.id} on HS {r.product} is left out: its barred share must be "
            + (
                "supplied (the content of third countries' products from the origin's crude)"
                if r.input_origin
                else "supplied (the ledger states no share of trade for it)"
            )
            + "."
        )
    sec = _sector_of(list(now["product"]) + list(before["product"]))
    theta = {s: float(eps[d.sectors.index(s)]) for s in sorted(set(sec.values())) if s in d.sectors}

    def costs(rows: pd.DataFrame) -> pd.DataFrame:
        c = trade_cost_shocks(rows, theta=theta, residual=sp.residual, hs_to_sector=sec)
        return c.assign(kind=c["id"].map(dict(zip(rows["id"], rows["kind"], strict=True))))

    cost = costs(now)
    cost["in_baseline"] = cost["id"].isin(set(before["id"]))
    outside = sorted(
        set(cost.loc[~cost["importer"].isin([*d.countries, ALL]), "importer"])
        | set(cost.loc[~cost["exporter"].isin(d.countries), "exporter"])
    )
    if outside:
        notes.append(
            f"Sanctions: {', '.join(outside)} are not separate economies of the data (they sit "
            "in ROW); their rows are left out."
        )
    b_now = _array(cost, d)
    b_before = _array(costs(before), d)
    targets = sorted(set(cost["exporter"]) & set(d.countries))
    sectors = sorted(set(cost["sector"]))
    ids = list(dict.fromkeys(cost["id"]))
    base_ids = list(dict.fromkeys(cost.loc[cost["in_baseline"], "id"]))
    notes.append(
        f"Sanctions on {sp.date}: {', '.join(ids) or 'none'} as prohibitive trade costs on "
        f"{', '.join(targets)}'s {', '.join(sectors)} (HS "
        + ", ".join(f"{p} → {s}" for p, s in sec.items())
        + f"): a barred share s is κ̂ = (1 − s)^(−1/ε) with ε of the {eps_label} set ("
        + ", ".join(f"{s} {v:g}" for s, v in theta.items())
        + f"); a full ban keeps {sp.residual:g} of the trade. Same-kind entries on one pair "
        "take the largest share (the same firms), kinds combine."
        + (
            f" In the baseline (in force on {sp.baseline_date}): {', '.join(base_ids)}."
            if sp.baseline_date is not None
            else " Baseline: the data, with no sanction in force."
        )
        + " Price caps are not border measures and are not modelled here."
    )
    return Barred(b_now, b_before, cost, notes, targets, sectors)


def rerouting(
    pairs: pd.DataFrame,
    targets: list[str],
    sectors: list[str],
    barred: FloatArray | None,
    d: IcioData,
) -> tuple[pd.DataFrame, dict[str, float]]:
    """The targets' flows in the sanctioned sectors by buyer before and after, and per
    target and sector: exports change (%) and the share of sales lost in the barred markets
    that other buyers take up."""
    f = pairs[pairs["exporter"].isin(targets) & pairs["sector"].isin(sectors)].copy()
    if f.empty:
        return f, {}
    i = pd.Index(d.countries).get_indexer(pd.Index(f["exporter"]))
    j = pd.Index(d.countries).get_indexer(pd.Index(f["importer"]))
    k = pd.Index(d.sectors).get_indexer(pd.Index(f["sector"]))
    f["barred_share"] = 0.0 if barred is None else barred[i, j, k]
    f["domestic"] = f["exporter"] == f["importer"]
    f["change_usd"] = f["value_after"] - f["value_before"]
    out: dict[str, float] = {}
    for (e, s), g in f.groupby(["exporter", "sector"], sort=True):
        x = g[~g["domestic"]]
        before, after = float(x["value_before"].sum()), float(x["value_after"].sum())
        hit = x["barred_share"] > 0
        lost = -float(x.loc[hit, "change_usd"].sum())
        gained = float(x.loc[~hit, "change_usd"].sum())
        key = f"{str(e).lower()}_{str(s).lower()}"
        out[f"ge_{key}_exports_pct"] = 100 * (after / before - 1) if before > 0 else 0.0
        if lost > 0 and (~hit).any():
            out[f"ge_{key}_rerouted_share"] = gained / lost
    cols = [
        "exporter", "importer", "sector", "barred_share", "value_before", "value_after",
        "change_usd", "value_pct", "domestic",
    ]  # fmt: skip
    return f[cols].sort_values(
        ["exporter", "sector", "value_before"], ascending=[True, True, False]
    ), out


__all__ = ["Barred", "barred_trade", "rerouting"]
