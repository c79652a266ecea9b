"""Partial equilibrium in one importing market and product (MODELS.md §2).

Two methods:

* ``exact`` (default): CES demand across sources (substitution σ > 0) nested in an
  aggregate import demand of constant elasticity ε < 0. With p̂_c = (1+t1_c)/(1+t0_c)
  (times the change of the supplier's world price when the export-supply elasticity
  β is finite): P̂ = [Σ_c s_c p̂_c^{1−σ}]^{1/(1−σ)}, M̂ = P̂^ε, m̂_c = M̂ (p̂_c/P̂)^{−σ}.
  Values are at world (pre-tariff) prices. Revenue Σ t1 m1 − Σ t0 m0; welfare = the
  change in consumer surplus under the CES demand + the change in tariff revenue
  (+ the change in foreign suppliers' producer surplus is not counted: the importer's
  welfare only).
* ``wits_compat``: the linear formulas of WITS-SMART (Laird & Yeats 1986; Jammes &
  Olarreaga 2005). Trade creation TC_c = ε m_c t̂_c / (1 − ε/β) with
  t̂_c = (t1_c − t0_c)/(1 + t0_c); trade diversion TD_c = −σ m_c (t̂_c − t̄),
  t̄ = Σ_k (m_k/M) t̂_k, which sums to zero in the market (with two groups of sources it
  is SMART's σ·m_c·m_r/M·(t̂_r − t̂_c)); revenue TR1 − TR0; welfare ½ Σ_c |Δt_c|·TC_c;
  world-price change ε t̂/(β − ε). **The linear formulas overstate large shocks** (a
  50-point tariff rise can take imports below zero, which they clip): use ``exact``
  for anything beyond small changes.

A banned source (embargo) is removed from the market: its imports go to zero and, in
the exact method, its share leaves the price index (P̂ = [Σ_{c not banned} s_c
p̂_c^{1−σ}]^{1/(1−σ)}).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from tradewinds.errors import ConvergenceError, ScenarioError

FloatArray = np.ndarray
Method = Literal["exact", "wits_compat"]


@dataclass(frozen=True, slots=True)
class PEResult:
    suppliers: tuple[str, ...]  # order of every array
    m0: FloatArray  # imports by source, world prices
    m1: FloatArray
    t0: FloatArray
    t1: FloatArray
    trade_creation: FloatArray  # exact: the change of total imports attributed to c
    trade_diversion: FloatArray
    price_index_hat: float  # P̂ (exact) or 1 + Σ w t̂ (wits_compat)
    revenue_change: float
    consumer_surplus_change: float
    welfare_change: float
    world_price_hat: FloatArray
    method: str
    epsilon: float
    sigma: float
    beta: float
    iterations: int = 0

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "supplier": self.suppliers,
                "m0": self.m0,
                "m1": self.m1,
                "change": self.m1 - self.m0,
                "change_pct": 100 * (self.m1 / self.m0 - 1),
                "t0": self.t0,
                "t1": self.t1,
                "trade_creation": self.trade_creation,
                "trade_diversion": self.trade_diversion,
                "world_price_hat": self.world_price_hat,
            }
        )


def _check(
    m0: FloatArray, t0: FloatArray, t1: FloatArray, epsilon: float, sigma: float, beta: float
) -> None:
    if m0.ndim != 1 or not (m0.shape == t0.shape == t1.shape):
        raise ScenarioError("m0, t0 and t1 must be vectors of one length", field="m0")
    if (m0 < 0).any() or not np.isfinite(m0).all():
        raise ScenarioError("imports must be finite and non-negative", field="m0")
    if m0.sum() <= 0:
        raise ScenarioError(
            "the market has no imports", field="m0", fix="choose a market and product with trade"
        )
    if (t0 <= -1).any() or (t1 <= -1).any():
        raise ScenarioError(
            "a tariff at or below -100%",
            field="t1",
            fix="rates are fractions above -1 (0.25 for 25%)",
        )
    if not epsilon < 0:
        raise ScenarioError(
            f"import-demand elasticity {epsilon} must be negative",
            field="epsilon",
            fix="use e.g. -1.0 (imports fall as prices rise)",
        )
    if not sigma > 0:
        raise ScenarioError(
            f"substitution elasticity {sigma} must be positive",
            field="sigma",
            fix="use e.g. 1.5 (the SMART default)",
        )
    if not beta > 0:
        raise ScenarioError(
            f"export-supply elasticity {beta} must be positive (or inf)",
            field="beta",
            fix="use inf for a small importer",
        )


def _ces_index(s: FloatArray, p: FloatArray, live: FloatArray, sigma: float) -> float:
    """P̂ = [Σ_live s p̂^{1−σ} / Σ s]^{1/(1−σ)}; the Cobb–Douglas limit near σ = 1.

    Dividing by Σ s (not assuming it is exactly 1 in floating point) makes a zero shock
    return P̂ = 1 exactly, as MODELS.md §5 asks."""
    tot = float(np.sum(s))
    if abs(1.0 - sigma) < 1e-6 and not (~live & (s > 0)).any():
        return float(np.exp(np.sum(s[live] * np.log(p[live])) / tot))
    sg = sigma if abs(1.0 - sigma) >= 1e-6 else 1.0 + 1e-6
    inner = float(np.sum(s[live] * p[live] ** (1 - sg))) / tot
    return float(inner ** (1 / (1 - sg)))


def _consumer_surplus(E0: float, P_hat: float, epsilon: float) -> float:
    """ΔCS for Q = A P^ε from P0 to P0·P̂, with E0 = P0 Q0."""
    if abs(epsilon + 1.0) < 1e-12:
        return -E0 * float(np.log(P_hat))
    return -E0 / (1.0 + epsilon) * (P_hat ** (1.0 + epsilon) - 1.0)


def simulate_pe(
    m0: FloatArray,
    t0: FloatArray,
    t1: FloatArray,
    *,
    epsilon: float,
    sigma: float,
    beta: float = np.inf,
    method: Method = "exact",
    banned: FloatArray | None = None,
    suppliers: tuple[str, ...] | None = None,
    tol: float = 1e-12,
    max_iter: int = 1000,
) -> PEResult:
    """One importing market and product; vectors over its supplying sources."""
    m0 = np.asarray(m0, dtype=float)
    t0 = np.asarray(t0, dtype=float)
    t1 = np.asarray(t1, dtype=float)
    _check(m0, t0, t1, epsilon, sigma, beta)
    ban = np.zeros(m0.shape, bool) if banned is None else np.asarray(banned, bool)
    names = suppliers or tuple(f"s{i}" for i in range(len(m0)))
    if method == "wits_compat":
        return _smart(m0, t0, t1, epsilon, sigma, beta, ban, names)
    if method != "exact":
        raise ScenarioError(
            f"PE method {method!r} is not exact or wits_compat",
            field="method",
            fix="use exact (default) or wits_compat",
        )
    M0 = m0.sum()
    s = m0 / M0
    tau = (1 + t1) / (1 + t0)
    w = np.ones_like(m0)  # world price hats
    it = 0
    for it in range(1, max_iter + 1):  # noqa: B007 - `it` is reported
        p = np.where(ban, np.inf, tau * w)
        live = ~ban & (s > 0)
        P = _ces_index(s, p, live, sigma)
        Q = P**epsilon
        q = np.where(live, Q * (np.where(live, p, 1.0) / P) ** (-sigma), 0.0)  # quantities
        if np.isinf(beta):
            break
        w_new = np.where(live, np.maximum(q, 1e-300) ** (1 / beta), 1.0)
        if np.max(np.abs(w_new - w)) < tol:
            w = w_new
            break
        w = 0.5 * w + 0.5 * w_new
    else:
        raise ConvergenceError(
            "PE world prices did not converge",
            residual=float(np.max(np.abs(w_new - w))),
            iterations=max_iter,
        )
    m1 = m0 * q * w  # value at world prices
    Q_total = q @ s
    creation = m0 * (Q_total - 1.0)  # the market's change, by initial share
    diversion = (m1 - m0) - creation
    E0 = float(np.sum(m0 * (1 + t0)))
    rev = float(np.sum(t1 * m1) - np.sum(t0 * m0))
    cs = _consumer_surplus(E0, P, epsilon)
    return PEResult(
        names,
        m0,
        m1,
        t0,
        t1,
        creation,
        diversion,
        P,
        rev,
        cs,
        cs + rev,
        w,
        "exact",
        epsilon,
        sigma,
        beta,
        it,
    )


def _smart(
    m0: FloatArray,
    t0: FloatArray,
    t1: FloatArray,
    epsilon: float,
    sigma: float,
    beta: float,
    ban: FloatArray,
    names: tuple[str, ...],
) -> PEResult:
    t_hat = (t1 - t0) / (1 + t0)
    denom = 1.0 if np.isinf(beta) else 1.0 - epsilon / beta
    tc = epsilon * m0 * t_hat / denom
    tc = np.where(ban, -m0, tc)
    M0 = m0.sum()
    t_bar = float(np.sum(m0 * t_hat) / M0)
    td = -sigma * m0 * (t_hat - t_bar)
    td = np.where(ban, 0.0, td)
    td = td - np.where(~ban, m0, 0) / m0[~ban].sum() * td.sum() if (~ban).any() else td
    m1 = np.maximum(m0 + tc + td, 0.0)
    rev = float(np.sum(t1 * m1) - np.sum(t0 * m0))
    welfare = float(0.5 * np.sum(np.abs(t1 - t0) * tc))
    wp = 1.0 + (0.0 if np.isinf(beta) else epsilon * t_hat / (beta - epsilon))
    return PEResult(
        names,
        m0,
        m1,
        t0,
        t1,
        tc,
        td,
        1.0 + t_bar,
        rev,
        welfare,
        welfare,
        np.broadcast_to(wp, m0.shape).astype(float),
        "wits_compat",
        epsilon,
        sigma,
        beta,
        0,
    )


@dataclass(frozen=True, slots=True)
class PEMarkets:
    """Many markets (rows: products) × suppliers (columns), solved at once."""

    products: tuple[str, ...]
    suppliers: tuple[str, ...]
    m0: FloatArray  # (K, S)
    m1: FloatArray
    price_index_hat: FloatArray  # (K,)
    revenue_change: FloatArray  # (K,)
    consumer_surplus_change: FloatArray  # (K,)
    method: str

    @property
    def welfare_change(self) -> FloatArray:
        return self.consumer_surplus_change + self.revenue_change


def simulate_pe_markets(
    m0: FloatArray,
    t0: FloatArray,
    t1: FloatArray,
    *,
    epsilon: FloatArray | float,
    sigma: FloatArray | float,
    method: Method = "exact",
    banned: FloatArray | None = None,
    products: tuple[str, ...] | None = None,
    suppliers: tuple[str, ...] | None = None,
) -> PEMarkets:
    """K markets × S suppliers in one vectorised pass (β = ∞: world prices fixed).

    Same equations as :func:`simulate_pe`, row by row; ``epsilon`` and ``sigma`` may
    differ by market. Cost O(K·S).
    """
    m0 = np.atleast_2d(np.asarray(m0, dtype=float))
    K, S = m0.shape
    t0 = np.broadcast_to(np.asarray(t0, dtype=float), (K, S))
    t1 = np.broadcast_to(np.asarray(t1, dtype=float), (K, S))
    eps = np.broadcast_to(np.asarray(epsilon, dtype=float), (K,))
    sig = np.broadcast_to(np.asarray(sigma, dtype=float), (K,))
    ban = (
        np.zeros((K, S), bool)
        if banned is None
        else np.broadcast_to(np.asarray(banned, bool), (K, S))
    )
    if (m0 < 0).any() or not np.isfinite(m0).all():
        raise ScenarioError("imports must be finite and non-negative", field="m0")
    if (t0 <= -1).any() or (t1 <= -1).any():
        raise ScenarioError(
            "a tariff at or below -100%",
            field="t1",
            fix="rates are fractions above -1 (0.25 for 25%)",
        )
    if not (eps < 0).all():
        raise ScenarioError("import-demand elasticities must be negative", field="epsilon")
    if not (sig > 0).all():
        raise ScenarioError("substitution elasticities must be positive", field="sigma")
    M0 = m0.sum(axis=1)
    live_market = M0 > 0
    s = np.divide(m0, M0[:, None], out=np.zeros_like(m0), where=live_market[:, None])
    if method == "wits_compat":
        t_hat = (t1 - t0) / (1 + t0)
        tc = np.where(ban, -m0, eps[:, None] * m0 * t_hat)
        t_bar = np.sum(s * t_hat, axis=1)
        td = np.where(ban, 0.0, -sig[:, None] * m0 * (t_hat - t_bar[:, None]))
        m1 = np.maximum(m0 + tc + td, 0.0)
        rev = np.sum(t1 * m1, axis=1) - np.sum(t0 * m0, axis=1)
        cs = 0.5 * np.sum(np.abs(t1 - t0) * tc, axis=1)
        return PEMarkets(
            products or tuple(map(str, range(K))),
            suppliers or tuple(map(str, range(S))),
            m0,
            m1,
            1.0 + t_bar,
            rev,
            cs - rev,
            "wits_compat",
        )
    sg = np.where(np.abs(sig - 1.0) < 1e-6, 1.0 + 1e-6, sig)[:, None]
    tau = (1 + t1) / (1 + t0)
    live = ~ban & (s > 0)
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        terms = np.where(live, s * tau ** (1 - sg), 0.0)
        tot = np.where(live_market, np.sum(s, axis=1), 1.0)
        P = (np.sum(terms, axis=1) / tot) ** (1 / (1 - sg[:, 0]))
    P = np.where(live_market, P, 1.0)
    Q = P**eps
    q = np.where(live, Q[:, None] * (np.where(live, tau, 1.0) / P[:, None]) ** (-sg), 0.0)
    m1 = m0 * q
    E0 = np.sum(m0 * (1 + t0), axis=1)
    rev = np.sum(t1 * m1, axis=1) - np.sum(t0 * m0, axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        cs = np.where(
            np.abs(eps + 1) < 1e-12, -E0 * np.log(P), -E0 / (1 + eps) * (P ** (1 + eps) - 1)
        )
    return PEMarkets(
        products or tuple(map(str, range(K))),
        suppliers or tuple(map(str, range(S))),
        m0,
        m1,
        P,
        rev,
        cs,
        "exact",
    )
