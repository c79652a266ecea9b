"""PE markets assembled from trade frames (MODELS.md §2 applied to tariff lines).

* :func:`line_pe`: each tariff line of the exporter is a market of the importer with
  two sources, the exporter and the rest of the world, the exporter holding
  ``share`` of it (its share of the importer's imports in the aggregate data when no
  product-level world data are loaded), each at its own rate, from the data's own
  policy state to another state. σ by product, ε given.
* :func:`chained_line_pe`: the change between two states, both from the same data.
* :func:`product_market_pe`: product-level markets (e.g. BACI HS6) with every supplier
  at its own rate.
* :func:`market_pe`: the importer's aggregate market with every supplier of the world
  matrix, each at its own rate.
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
    """Each line in one policy state, from the data.

    ``lines``: product, value_usd (the data), sigma, ``rate_data``/``rest_data`` (the
    exporter's and the rest of the world's rate in the data's own state), ``rate1``/
    ``rest1``/``banned1`` (the state to price). The exporter holds ``share`` of each line's
    market, the rest of the world the remainder. Returns the lines with m0 (the data), m1,
    change_usd, change_pct, the rest of the world's change and the importer's revenue and
    welfare change, all relative to the data."""
    v = lines["value_usd"].to_numpy(dtype=float)
    n = len(v)
    rest = v * (1.0 - share) / share

    def col(name: str) -> np.ndarray:
        return lines[name].to_numpy(float) if name in lines else np.zeros(n)

    m0 = np.column_stack([v, rest])
    t0 = np.column_stack([lines["rate_data"].to_numpy(float), col("rest_data")])
    t1 = np.column_stack([lines["rate1"].to_numpy(float), col("rest1")])
    ban = np.column_stack([lines["banned1"].to_numpy(bool), np.zeros(n, bool)])
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
    out["change_pct"] = np.where(v > 0, 100 * (out["m1"] / np.where(v > 0, v, 1.0) - 1), np.nan)
    out["rest_of_world_m1"] = r.m1[:, 1]
    out["rest_of_world_change_usd"] = r.m1[:, 1] - rest
    out["importer_revenue_change_usd"] = r.revenue_change
    out["importer_welfare_change_usd"] = r.welfare_change
    return out


def chained_line_pe(
    lines: pd.DataFrame, *, share: float, epsilon: float, method: Method = "exact"
) -> pd.DataFrame:
    """The change from a baseline state to a scenario state, each computed from the
    same data: ``lines`` as :func:`line_pe` wants them, with ``rate0``/``rest0``/
    ``banned0`` (the baseline state) besides ``rate1``/``rest1``/``banned1``. m_data is
    the data, m0 and m1 the two states; change_usd = m1 − m0 (a difference of states,
    never the scenario applied on top of data from before the baseline)."""
    a = line_pe(
        lines.assign(rate1=lines["rate0"], rest1=lines["rest0"], banned1=lines["banned0"]),
        share=share,
        epsilon=epsilon,
        method=method,
    )
    b = line_pe(lines, share=share, epsilon=epsilon, method=method)
    out = lines.copy()
    out["m_data"] = a["m0"]
    out["m0"] = a["m1"]
    out["m1"] = b["m1"]
    out["change_usd"] = out["m1"] - out["m0"]
    m0 = out["m0"].to_numpy(float)
    out["change_pct"] = np.where(
        m0 > 0, 100 * (out["m1"].to_numpy(float) / np.where(m0 > 0, m0, 1.0) - 1), np.nan
    )
    out["rest_of_world_change_usd"] = b["rest_of_world_m1"] - a["rest_of_world_m1"]
    out["importer_revenue_change_usd"] = (
        b["importer_revenue_change_usd"] - a["importer_revenue_change_usd"]
    )
    out["importer_welfare_change_usd"] = (
        b["importer_welfare_change_usd"] - a["importer_welfare_change_usd"]
    )
    return out


def lines_change_pct(
    lines: pd.DataFrame, *, share: float, epsilon: float, method: str, sigma: np.ndarray
) -> float:
    """100·(Σ m1 / Σ m0 − 1) of :func:`chained_line_pe` with σ replaced (a Monte Carlo
    draw): the exporter's change from the baseline to the scenario state.

    The same two solves as :func:`chained_line_pe` on the same arrays, without building
    its frames (a draw needs the two sums only; the frames were most of a draw's time)."""
    return float(
        lines_change_pct_draws(
            lines,
            share=share,
            epsilon=epsilon,
            method=method,
            sigmas=np.asarray(sigma, dtype=float)[None, :],
        )[0]
    )


def lines_change_pct_draws(
    lines: pd.DataFrame, *, share: float, epsilon: float, method: str, sigmas: np.ndarray
) -> np.ndarray:
    """:func:`lines_change_pct` for each row of ``sigmas`` (draws × lines): the draws'
    markets stacked into one vectorised solve (D·K markets; the same arithmetic, row by
    row, as one draw at a time, without the per-draw overhead that was most of it)."""
    v = lines["value_usd"].to_numpy(dtype=float)
    n = len(v)
    sig = np.asarray(sigmas, dtype=float)
    d = sig.shape[0]

    def col(name: str) -> np.ndarray:
        return lines[name].to_numpy(float) if name in lines else np.zeros(n)

    def stack(a: np.ndarray) -> np.ndarray:  # each draw's lines in turn
        return np.tile(a, (d, 1)) if d > 1 else a

    m0 = stack(np.column_stack([v, v * (1.0 - share) / share]))
    t0 = stack(np.column_stack([lines["rate_data"].to_numpy(float), col("rest_data")]))

    def m1(rate: str, rest_: str, banned: str) -> np.ndarray:
        t1 = np.column_stack([lines[rate].to_numpy(float), col(rest_)])
        ban = np.column_stack([lines[banned].to_numpy(bool), np.zeros(n, bool)])
        r = simulate_pe_markets(
            m0,
            t0,
            stack(t1),
            epsilon=epsilon,
            sigma=sig.reshape(-1),
            method=method,  # type: ignore[arg-type]
            banned=stack(ban),
        )
        return r.m1[:, 0].reshape(d, n).sum(axis=1)

    base = m1("rate0", "rest0", "banned0")
    scen = m1("rate1", "rest1", "banned1")
    return 100 * (scen / base - 1)


def market_pe(
    imports: pd.Series,
    rate0: np.ndarray,
    rate1: np.ndarray,
    *,
    sigma: float,
    epsilon: float,
    method: Method = "exact",
    beta: float = math.inf,
) -> PEResult:
    """The importer's aggregate market: ``imports`` by supplier (ISO3 index), each
    supplier at its own rate in the data's state (``rate0``) and in the state priced
    (``rate1``), in the order of ``imports``."""
    sup = tuple(str(x) for x in imports.index)
    return simulate_pe(
        imports.to_numpy(float),
        np.asarray(rate0, dtype=float),
        np.asarray(rate1, dtype=float),
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
    rates0: pd.DataFrame | None = None,
    rates1: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """PE on product-level markets (e.g. BACI HS6): every supplier of each HS6 market at
    its own rate.

    ``market``: product (≥ 6 digits), exporter, value_usd of the importer's imports.
    ``rates0``/``rates1``: each supplier's rate in each HS6 market (HS6 × supplier) in the
    market data's own state and in the state priced (absent: 0). The exporter's rate in
    an HS6 market is the trade-weighted mean of its lines there (``rate_data``, ``rate1``
    of ``lines``). Each line then changes as its HS6 market predicts; lines whose HS6
    the market data lack keep the two-source model."""
    mk = market.assign(hs6=market["product"].str[:6]).pivot_table(
        index="hs6", columns="exporter", values="value_usd", aggfunc="sum", fill_value=0.0
    )
    if exporter not in mk.columns:
        mk[exporter] = 0.0
    ln = lines.assign(hs6=lines["product"].str[:6])
    w = ln["value_usd"]
    agg = (
        ln.assign(
            r0=ln["rate_data"] * w,
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

    def grid(r: pd.DataFrame | None) -> np.ndarray:
        if r is None:
            return np.zeros((K, S))
        return r.reindex(index=common, columns=cols).fillna(0.0).to_numpy(float, copy=True)

    t0, t1 = grid(rates0), grid(rates1)
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
