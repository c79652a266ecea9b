"""PE markets assembled from trade frames (MODELS.md §2 applied to tariff lines).

* :func:`line_pe`: each tariff line of the exporter is a market of the importer with
  two sources, the exporter and the rest of the world, the exporter holding
  ``share`` of it (its share of the importer's imports in the aggregate data when no
  product-level world data are loaded). σ by product, ε given.
* :func:`product_market_pe`: product-level markets (e.g. BACI HS6) with every supplier.
* :func:`market_pe`: the importer's aggregate market with every supplier of the world
  matrix; the exporter's price changes by its trade-weighted average tariff.
* :func:`embargo_pe`: an importer's market for an embargoed product by supplier.

Pure functions on frames; the scenario engines feed them (Laird & Yeats 1986 for the
linear variant, exact CES otherwise; see :mod:`tradewinds.models.pe`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from tradewinds.models.pe import Method, PEResult, simulate_pe, simulate_pe_markets


def line_pe(
    lines: pd.DataFrame, *, share: float, epsilon: float, method: Method = "exact"
) -> pd.DataFrame:
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
        epsilon=epsilon,
        sigma=lines["sigma"].to_numpy(float),
        method=method,
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


def market_pe(
    imports: pd.Series,
    exporter: str,
    rate0: float,
    rate1: float,
    *,
    sigma: float,
    epsilon: float,
    method: Method = "exact",
    beta: float = math.inf,
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
        epsilon=epsilon,
        sigma=sigma,
        beta=beta,
        method=method,
        suppliers=sup,
    )


def embargo_pe(
    values: pd.Series,
    banned: Sequence[str],
    *,
    sigma: float,
    epsilon: float,
    method: Method = "exact",
    beta: float = math.inf,
) -> PEResult:
    """An importer's market for one product (``values`` by supplier) with ``banned``
    suppliers removed."""
    sup = tuple(str(x) for x in values.index)
    ban = np.array([s in banned for s in sup])
    z = np.zeros(len(sup))
    return simulate_pe(
        values.to_numpy(float),
        z,
        z,
        epsilon=epsilon,
        sigma=sigma,
        beta=beta,
        method=method,
        banned=ban,
        suppliers=sup,
    )


def product_market_pe(
    lines: pd.DataFrame,
    market: pd.DataFrame,
    exporter: str,
    *,
    epsilon: float,
    method: Method = "exact",
) -> pd.DataFrame:
    """PE on product-level markets (e.g. BACI HS6): every supplier of each HS6 market.

    ``market``: product (≥ 6 digits), exporter, value_usd of the importer's imports.
    The exporter's duty in an HS6 market is the trade-weighted mean of its lines there;
    each line then changes as its HS6 market predicts. Lines whose HS6 the market data
    lack keep the two-source model."""
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
        epsilon=epsilon,
        sigma=(a["s"] / a["value_usd"]).to_numpy(),
        method=method,
        banned=ban,
        products=tuple(common),
        suppliers=tuple(cols),
    )
    m_hat = np.where(m0.to_numpy()[:, i] > 0, r.m1[:, i] / m0.to_numpy()[:, i], 1.0)
    return pd.DataFrame(
        {"hs6": list(common), "m_hat": m_hat, "suppliers": (m0.to_numpy() > 0).sum(axis=1)}
    )


def apply_market_hats(lines: pd.DataFrame, hats: pd.DataFrame, label: str) -> pd.DataFrame:
    """Lines whose HS6 market was solved take its change (``m_hat``); the rest keep
    theirs. Returns a copy with ``market`` set to ``label`` where replaced."""
    out = lines.copy()
    hit = out["product"].str[:6].map(dict(zip(hats["hs6"], hats["m_hat"], strict=True)))
    ok = hit.notna()
    out.loc[ok, "m1"] = out.loc[ok, "m0"] * hit[ok]
    out.loc[ok, "change_usd"] = out.loc[ok, "m1"] - out.loc[ok, "m0"]
    out.loc[ok, "change_pct"] = 100 * (hit[ok] - 1)
    out.loc[ok, "market"] = label
    return out


def weighted_mean(values: pd.Series, weights: pd.Series) -> float:
    """Σ w·v / Σ w (the trade-weighted rate or σ of a set of lines)."""
    w = weights.to_numpy(float)
    return float((values.to_numpy(float) * w).sum() / w.sum())
