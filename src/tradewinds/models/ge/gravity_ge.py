"""One-sector structural gravity in general equilibrium (MODELS.md §4a).

Anderson & van Wincoop (2003); Yotov, Piermartini, Monteiro & Larch (2016), ch. 2.
X_ij = (Y_i E_j / Y)(t_ij/(Π_i P_j))^{1−σ}, an endowment economy Y_i = p_i Q_i with
expenditure E_j = φ_j Y_j (φ_j held fixed: the budget closes with the observed
imbalances in proportion). A change of trade costs is given as
``t_hat = (t'_ij/t_ij)^{1−σ}`` (from estimated coefficients, e.g. exp(−b·INTL_BRDR)
to remove borders). Three sets of effects, side by side:

* **direct** (partial): X'_ij = X_ij t̂_ij, multilateral resistances and incomes fixed;
* **conditional GE**: Y and E fixed, Π and P adjust (Π̂^{1−σ}_i = Σ_j X_ij t̂_ij /
  (Y_i P̂^{1−σ}_j), P̂^{1−σ}_j = Σ_i X_ij t̂_ij / (E_j Π̂^{1−σ}_i));
* **full endowment GE**: factory-gate prices adjust, p̂_i^σ = Σ_j π_ij t̂_ij E'_j /
  (P̂_j^{1−σ} Y_i) with π_ij = X_ij/E_j, P̂_j^{1−σ} = Σ_i π_ij t̂_ij p̂_i^{1−σ},
  E'_j = φ_j p̂_j Y_j.

Normalisation as in the book: the inward multilateral resistance of a reference
country (Germany there) is 1 in every scenario. Reported as the book does: changes in
exports (X_i = Σ_{j≠i} X_ij), factory-gate prices, IMR (P), OMR (its "OMR" = Y·Π^{1−σ},
reported in Π units), real GDP p̂/P̂, all in percent. The solver is exact-hat (the
algorithm of ge_gravity); the book's published full-GE numbers are early-stopped
iterates of a loop that re-runs PPML (MODELS §4a), so they differ from the converged
ones by up to about half a percentage point.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from tradewinds.errors import ScenarioError
from tradewinds.models.ge.core import anderson_fixed_point
from tradewinds.models.ge.tariff_deficit import check_trade_matrix

FloatArray = np.ndarray


@dataclass(frozen=True, slots=True)
class GravityGEResult:
    countries: tuple[str, ...]
    sigma: float
    exports_direct_hat: FloatArray
    exports_cdl_hat: FloatArray
    imr_cdl_hat: FloatArray  # P̂ (conditional)
    omr_cdl_hat: FloatArray  # Π̂ (conditional)
    exports_full_hat: FloatArray
    price_hat: FloatArray  # p̂ factory-gate prices
    imr_full_hat: FloatArray
    omr_full_hat: FloatArray  # (Y Π^{1−σ})^{1/(1−σ)} hat, as the book reports it
    real_gdp_hat: FloatArray
    trade_full: FloatArray  # X' (N, N)
    iterations: int
    max_residual: float

    def to_frame(self) -> pd.DataFrame:
        pct = lambda a: 100 * (a - 1)  # noqa: E731
        return pd.DataFrame(
            {
                "iso3": self.countries,
                "change_Xi_direct": pct(self.exports_direct_hat),
                "change_Xi_CDL": pct(self.exports_cdl_hat),
                "change_IMR_CDL": pct(self.imr_cdl_hat),
                "change_OMR_CDL": pct(self.omr_cdl_hat),
                "change_Xi_FULL": pct(self.exports_full_hat),
                "change_price_FULL": pct(self.price_hat),
                "change_IMR_FULL": pct(self.imr_full_hat),
                "change_OMR_FULL": pct(self.omr_full_hat),
                "change_rGDP_FULL": pct(self.real_gdp_hat),
            }
        )


def _exports(X: FloatArray) -> FloatArray:
    return X.sum(axis=1) - np.diag(X)


def solve_gravity_ge(
    X: FloatArray,
    t_hat: FloatArray,
    *,
    sigma: float,
    reference: int = 0,
    countries: tuple[str, ...] | None = None,
    tol: float = 1e-12,
    max_iter: int = 10_000,
) -> GravityGEResult:
    """Direct, conditional and full endowment GE effects of ``t_hat`` = (t'/t)^{1−σ}."""
    X = np.asarray(X, dtype=float)
    check_trade_matrix(X)
    N = X.shape[0]
    th = np.asarray(t_hat, dtype=float)
    if th.shape != (N, N) or not (th > 0).all() or not np.isfinite(th).all():
        raise ScenarioError(
            "t_hat must be an N×N matrix of positive finite changes",
            field="t_hat",
            fix="give (t'/t)^(1−σ), 1 for no change",
        )
    if not sigma > 1:
        raise ScenarioError(f"σ = {sigma} must exceed 1", field="sigma", fix="the book uses σ = 7")
    if not 0 <= reference < N:
        raise ScenarioError(f"reference country {reference} is out of range", field="reference")
    Y = X.sum(axis=1)
    E = X.sum(axis=0)
    phi = E / Y
    one_s = 1.0 - sigma
    X0 = _exports(X)
    # direct
    direct = _exports(X * th) / X0
    # conditional: Π̂^{1−σ} (a) and P̂^{1−σ} (b), alternating projections in logs
    A = X * th

    def g_cdl(lb: FloatArray) -> FloatArray:
        b = np.exp(lb)
        a = (A / b[None, :]).sum(axis=1) / Y
        b_new = (A / a[:, None]).sum(axis=0) / E
        return np.log(b_new / b_new[reference])  # P̂_ref = 1

    lb, info_c = anderson_fixed_point(
        g_cdl, np.zeros(N), tol=tol, max_iter=max_iter, what="conditional GE resistances"
    )
    b = np.exp(lb)
    a = (A / b[None, :]).sum(axis=1) / Y
    X_cdl = A / (a[:, None] * b[None, :])
    # full endowment GE: p̂ in logs
    pi = X / E[None, :]
    B = pi * th

    def state(p: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
        pw = p**one_s
        Pw = pw @ B  # P̂^{1−σ}
        E_new = phi * p * Y
        return pw, Pw, E_new

    def g_full(lp: FloatArray) -> FloatArray:
        p = np.exp(lp)
        _, Pw, E_new = state(p)
        p_new = ((B @ (E_new / Pw)) / Y) ** (1.0 / sigma)
        _, Pw_new, _ = state(p_new)
        return np.log(p_new) - np.log(Pw_new[reference]) / one_s  # P̂_ref = 1

    lp, info_f = anderson_fixed_point(
        g_full, np.zeros(N), tol=tol, max_iter=max_iter, what="full endowment GE prices"
    )
    p = np.exp(lp)
    pw, Pw, E_new = state(p)
    X_full = B * pw[:, None] * (E_new / Pw)[None, :]
    P_hat = Pw ** (1.0 / one_s)
    return GravityGEResult(
        countries=countries or tuple(map(str, range(N))),
        sigma=sigma,
        exports_direct_hat=direct,
        exports_cdl_hat=_exports(X_cdl) / X0,
        imr_cdl_hat=b ** (1.0 / one_s),
        omr_cdl_hat=a ** (1.0 / one_s),
        exports_full_hat=_exports(X_full) / X0,
        price_hat=p,
        imr_full_hat=P_hat,
        omr_full_hat=p ** (sigma / one_s),
        real_gdp_hat=p / P_hat,
        trade_full=X_full,
        iterations=info_c.iterations + info_f.iterations,
        max_residual=max(info_c.max_residual, info_f.max_residual),
    )
