"""One sector with tariffs, tariff revenue and fixed deficits (MODELS.md §4b).

Dekle, Eaton & Kortum (2008) exact hat algebra with tariffs as in Costinot &
Rodríguez-Clare (2014, Handbook of International Economics, ch. 4). X_ij at producer
prices, row i exporter, column j importer; E_j = Σ_i X_ij(1+t_ij); Y_i = Σ_j X_ij;
deficits D_j = E_j − Y_j − R_j held fixed in levels; trade elasticity ε > 0.

    λ'_ij = λ_ij (ŵ_i τ̂_ij)^{−ε} / Σ_k λ_kj (ŵ_k τ̂_kj)^{−ε}
    P̂_j  = [Σ_i λ_ij (ŵ_i τ̂_ij)^{−ε}]^{−1/ε}
    E'_j  = (ŵ_j Y_j + D_j) / (1 − Σ_i λ'_ij t'_ij/(1+t'_ij))      (revenue rebated)
    ŵ_i Y_i = Σ_j λ'_ij E'_j/(1+t'_ij),   Σ_i ŵ_i Y_i = Σ_i Y_i  (numeraire)
    Ŵ_j  = (E'_j/E_j) / P̂_j

Budget closure: world expenditure E' = world output + world revenue + Σ D, Σ D = 0 for
consistent data; the numeraire is world GDP at producer prices.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from tradewinds.errors import DataValidationError, ScenarioError
from tradewinds.models.ge.core import FixedPointInfo, anderson_fixed_point

FloatArray = np.ndarray


@dataclass(frozen=True, slots=True)
class TariffGEResult:
    countries: tuple[str, ...]
    w_hat: FloatArray  # (N,)
    P_hat: FloatArray
    welfare_hat: FloatArray
    E_new: FloatArray
    trade_new: FloatArray  # X'_ij at producer prices (N, N)
    trade_hat: FloatArray
    revenue_new: FloatArray
    iterations: int
    max_residual: float

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "iso3": self.countries,
                "w_hat": self.w_hat,
                "P_hat": self.P_hat,
                "welfare_pct": 100 * (self.welfare_hat - 1),
                "prices_pct": 100 * (self.P_hat - 1),
                "expenditure_new": self.E_new,
                "tariff_revenue_new": self.revenue_new,
            }
        )


def check_trade_matrix(X: FloatArray, *, allow_zero_diagonal: bool = False) -> None:
    X = np.asarray(X)
    if X.ndim != 2 or X.shape[0] != X.shape[1]:
        raise DataValidationError(
            f"the trade matrix is {X.shape}, not square",
            column="X",
            fix="give an N×N matrix, rows exporters, columns importers",
        )
    if not np.isfinite(X).all():
        raise DataValidationError(
            "the trade matrix has missing or infinite values",
            column="X",
            fix="fill missing flows with 0",
        )
    if (X < 0).any():
        i, j = np.argwhere(X < 0)[0]
        raise DataValidationError(
            f"negative trade X[{i}, {j}] = {X[i, j]}",
            row=int(i) + 1,
            column=f"X[:, {j}]",
            fix="trade values must be ≥ 0",
        )
    zero_rows = np.flatnonzero(X.sum(axis=1) <= 0)
    zero_cols = np.flatnonzero(X.sum(axis=0) <= 0)
    if zero_rows.size or zero_cols.size:
        k = int(zero_rows[0] if zero_rows.size else zero_cols[0])
        kind = "row (sells nothing)" if zero_rows.size else "column (buys nothing)"
        raise DataValidationError(
            f"country {k} has an all-zero {kind}",
            row=k + 1,
            column="X",
            fix="drop the country or add its domestic sales",
        )


def solve_tariff_ge(
    X: FloatArray,
    t: FloatArray,
    t_new: FloatArray,
    *,
    epsilon: float,
    D: FloatArray | None = None,
    cost_hat: FloatArray | None = None,
    countries: tuple[str, ...] | None = None,
    tol: float = 1e-13,
    max_iter: int = 10_000,
    w0: FloatArray | None = None,
) -> TariffGEResult:
    """Counterfactual of a tariff change ``t`` → ``t_new`` (fractions, [i, j] = on i's
    goods entering j). ``D`` defaults to the data's deficits E − Y − R; ``cost_hat``
    (N×N, default 1) is a change of iceberg trade costs d̂_ij beside the tariffs."""
    X = np.asarray(X, dtype=float)
    check_trade_matrix(X)
    N = X.shape[0]
    t = np.broadcast_to(np.asarray(t, dtype=float), (N, N))
    tn = np.broadcast_to(np.asarray(t_new, dtype=float), (N, N))
    if (t <= -1).any() or (tn <= -1).any():
        raise ScenarioError(
            "a tariff at or below -100%", field="t_new", fix="tariffs are fractions above -1"
        )
    if not epsilon > 0:
        raise ScenarioError(
            f"trade elasticity {epsilon} must be positive",
            field="epsilon",
            fix="use e.g. 4 (the paper's value)",
        )
    Y = X.sum(axis=1)
    gross = X * (1 + t)
    E = gross.sum(axis=0)
    R = (X * t).sum(axis=0)
    if D is None:
        D = E - Y - R
    D = np.asarray(D, dtype=float)
    lam = gross / E
    tau_hat = (1 + tn) / (1 + t)
    if cost_hat is not None:
        ch = np.asarray(cost_hat, dtype=float)
        if ch.shape != (N, N) or not (ch > 0).all():
            raise ScenarioError(
                "cost_hat must be an N×N matrix of positive changes",
                field="cost_hat",
                fix="use 1 for no change",
            )
        tau_hat = tau_hat * ch
    base = lam * tau_hat ** (-epsilon)
    share_rev = tn / (1 + tn)
    Ytot = Y.sum()

    def solve_given(w: FloatArray) -> tuple[FloatArray, ...]:
        a = base * w[:, None] ** (-epsilon)
        s = a.sum(axis=0)
        lam_new = a / s
        P = s ** (-1 / epsilon)
        E_new = (w * Y + D) / (1 - (lam_new * share_rev).sum(axis=0))
        X_new = lam_new * E_new / (1 + tn)
        return lam_new, P, E_new, X_new

    step = 1.0 / (1.0 + epsilon)  # sales fall ≈ ε-fold with the own wage: a stable step

    def g(logw: FloatArray) -> FloatArray:
        w = np.exp(logw)
        _, _, _, X_new = solve_given(w)
        w_target = X_new.sum(axis=1) / Y  # the wage that would clear i's market
        logw_new = logw + step * (np.log(w_target) - logw)
        return logw_new - np.log((np.exp(logw_new) * Y).sum() / Ytot)

    x0 = np.zeros(N) if w0 is None else np.log(np.asarray(w0, dtype=float))
    logw, info = anderson_fixed_point(g, x0, tol=tol, max_iter=max_iter, what="tariff GE wages")
    w = np.exp(logw)
    _lam_new, P, E_new, X_new = solve_given(w)
    welfare = (E_new / E) / P
    return TariffGEResult(
        countries or tuple(map(str, range(N))),
        w,
        P,
        welfare,
        E_new,
        X_new,
        np.divide(X_new, X, out=np.ones_like(X), where=X > 0),
        (X_new * tn).sum(axis=0),
        info.iterations,
        info.max_residual,
    )


__all__ = ["FixedPointInfo", "TariffGEResult", "check_trade_matrix", "solve_tariff_ge"]
