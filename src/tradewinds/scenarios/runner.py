"""Running a scenario: pure pieces on frames (the services load the data).

* :func:`line_pe`: each tariff line of the exporter is a market of the importer with
  two sources, the exporter and the rest of the world, the exporter holding
  ``share`` of it (its share of the importer's imports in the aggregate data when no
  product-level world data are loaded). σ by product, ε from the scenario.
* :func:`market_pe`: the importer's aggregate market with every supplier of the
  world matrix; the exporter's price changes by its trade-weighted average tariff.
* :func:`embargo_pe`: an importer's market for an embargoed product with its
  suppliers' values (from data or published figures, labelled).
* :func:`push_effect`: export pushes by product group and their effect on a balance.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from tradewinds.io.codes import ProductGroup
from tradewinds.models.pe import PEResult, simulate_pe, simulate_pe_markets
from tradewinds.scenarios.model import PEParams, Push


@dataclass
class ScenarioResult:
    name: str
    description: str
    scenario_hash: str
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    summary: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    provenance: dict[str, str] = field(default_factory=dict)


def line_pe(lines: pd.DataFrame, *, share: float, params: PEParams) -> pd.DataFrame:
    """``lines``: product, value_usd, rate0, rate1, banned1, sigma → m1 per line."""
    v = lines["value_usd"].to_numpy(dtype=float)
    rest = v * (1.0 - share) / share
    m0 = np.column_stack([v, rest])
    t0 = np.column_stack([lines["rate0"].to_numpy(float), np.zeros(len(v))])
    t1 = np.column_stack([lines["rate1"].to_numpy(float), np.zeros(len(v))])
    ban = np.column_stack([lines["banned1"].to_numpy(bool), np.zeros(len(v), bool)])
    r = simulate_pe_markets(
        m0,
        t0,
        t1,
        epsilon=params.epsilon,
        sigma=lines["sigma"].to_numpy(float),
        method=params.method,
        banned=ban,
    )
    out = lines.copy()
    out["m0"] = v
    out["m1"] = r.m1[:, 0]
    out["change_usd"] = out["m1"] - out["m0"]
    out["change_pct"] = np.where(v > 0, 100 * (out["m1"] / v - 1), np.nan)
    out["rest_of_world_change_usd"] = r.m1[:, 1] - rest
    out["importer_revenue_change_usd"] = r.revenue_change
    out["importer_welfare_change_usd"] = r.welfare_change
    return out


def aggregate(lines: pd.DataFrame, groups: Mapping[str, ProductGroup]) -> dict[str, pd.DataFrame]:
    ch = (
        lines.assign(chapter=lines["product"].str[:2])
        .groupby("chapter", as_index=False)[["m0", "m1", "change_usd"]]
        .sum()
    )
    ch["change_pct"] = 100 * (ch["m1"] / ch["m0"] - 1)
    rows = []
    for g in groups.values():
        m = lines["product"].str.startswith(g.prefixes)
        m0, m1 = float(lines.loc[m, "m0"].sum()), float(lines.loc[m, "m1"].sum())
        rows.append(
            {
                "group": g.name,
                "label": g.label,
                "m0": m0,
                "m1": m1,
                "change_usd": m1 - m0,
                "change_pct": 100 * (m1 / m0 - 1) if m0 else np.nan,
            }
        )
    return {
        "by_chapter": ch.sort_values("change_usd", ignore_index=True),
        "by_group": pd.DataFrame(rows),
    }


def market_pe(
    imports: pd.Series, exporter: str, rate0: float, rate1: float, *, sigma: float, params: PEParams
) -> PEResult:
    """The importer's aggregate market: ``imports`` by supplier (ISO3 index)."""
    sup = tuple(str(x) for x in imports.index)
    t0 = np.zeros(len(sup))
    t1 = np.zeros(len(sup))
    i = sup.index(exporter)
    t0[i], t1[i] = rate0, rate1
    return simulate_pe(
        imports.to_numpy(float),
        t0,
        t1,
        epsilon=params.epsilon,
        sigma=sigma,
        beta=params.beta,
        method=params.method,
        suppliers=sup,
    )


def embargo_pe(
    values: pd.Series, banned: Sequence[str], *, sigma: float, params: PEParams
) -> PEResult:
    sup = tuple(str(x) for x in values.index)
    ban = np.array([s in banned for s in sup])
    z = np.zeros(len(sup))
    return simulate_pe(
        values.to_numpy(float),
        z,
        z,
        epsilon=params.epsilon,
        sigma=sigma,
        beta=params.beta,
        method=params.method,
        banned=ban,
        suppliers=sup,
    )


def push_effect(
    composition: pd.DataFrame, pushes: Sequence[Push], groups: Mapping[str, ProductGroup]
) -> pd.DataFrame:
    """``composition``: product, value_usd of the exporter's sales to the partner.

    Groups may overlap; a product in two pushed groups grows by the larger push."""
    growth = np.zeros(len(composition))
    label = np.array([""] * len(composition), dtype=object)
    for p in pushes:
        g = groups[p.group]
        hit = composition["product"].str.startswith(g.prefixes).to_numpy()
        better = hit & (p.growth > growth)
        growth[better] = p.growth
        label[better] = p.group
    rows = []
    for p in pushes:
        m = label == p.group
        base = float(composition.loc[m, "value_usd"].sum())
        rows.append(
            {
                "exporter": p.exporter,
                "partner": p.partner,
                "group": p.group,
                "label": groups[p.group].label,
                "growth_pct": 100 * p.growth,
                "base_usd": base,
                "added_usd": base * p.growth,
            }
        )
    return pd.DataFrame(rows)


def product_market_pe(
    lines: pd.DataFrame, market: pd.DataFrame, exporter: str, *, params: PEParams
) -> pd.DataFrame:
    """PE on product-level markets (e.g. BACI HS6): every supplier of each HS6 market.

    ``market``: product (≥ 6 digits), exporter, value_usd of the importer's imports.
    The exporter's duty in an HS6 market is the trade-weighted mean of its lines there;
    each line then changes as its HS6 market predicts. Lines whose HS6 the market data
    lack keep the two-source model (flag ``market = "aggregate share"``)."""
    mk = market.assign(hs6=market["product"].str[:6]).pivot_table(
        index="hs6", columns="exporter", values="value_usd", aggfunc="sum", fill_value=0.0
    )
    if exporter not in mk.columns:
        mk[exporter] = 0.0
    ln = lines.assign(hs6=lines["product"].str[:6])
    w = ln["value_usd"]
    agg = (
        ln.assign(
            r0=ln["rate0"] * w,
            r1=ln["rate1"] * w,
            s=ln["sigma"] * w,
            b=ln["banned1"].astype(float) * w,
        )
        .groupby("hs6")[["value_usd", "r0", "r1", "s", "b"]]
        .sum()
    )
    common = agg.index.intersection(mk.index[mk[exporter] > 0])
    if common.empty:
        return pd.DataFrame(columns=["hs6", "m_hat"])
    a = agg.loc[common]
    m0 = mk.loc[common]
    cols = list(m0.columns)
    i = cols.index(exporter)
    K, S = m0.shape
    t0 = np.zeros((K, S))
    t1 = np.zeros((K, S))
    t0[:, i] = (a["r0"] / a["value_usd"]).to_numpy()
    t1[:, i] = (a["r1"] / a["value_usd"]).to_numpy()
    ban = np.zeros((K, S), bool)
    ban[:, i] = (a["b"] / a["value_usd"]).to_numpy() > 0.5
    r = simulate_pe_markets(
        m0.to_numpy(float),
        t0,
        t1,
        epsilon=params.epsilon,
        sigma=(a["s"] / a["value_usd"]).to_numpy(),
        method=params.method,
        banned=ban,
        products=tuple(common),
        suppliers=tuple(cols),
    )
    m_hat = np.where(m0.to_numpy()[:, i] > 0, r.m1[:, i] / m0.to_numpy()[:, i], 1.0)
    return pd.DataFrame(
        {"hs6": list(common), "m_hat": m_hat, "suppliers": (m0.to_numpy() > 0).sum(axis=1)}
    )
