"""The data of the world tariff model (MODELS.md §4c): calibration of the savings shares,
domestic absorption and trade shares from the world matrix and GDP (steps 1-4), the result
type, and the US tariff matrix of a scenario."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

import numpy as np
import pandas as pd

from tradewinds.errors import ConvergenceError, DataValidationError, ScenarioError
from tradewinds.models.ge.tariff_deficit import check_trade_matrix

FloatArray = np.ndarray


Revenue = Literal["income_tax", "lump_sum"]


Method = Literal["newton", "anderson"]


NU_TARGET_R = 0.12  # MODELS.md §4c step 1


NU_TARGET_U = 0.26


@dataclass(frozen=True)
class ILMSData:
    """The calibrated baseline (step 2)."""

    countries: tuple[str, ...]
    X: FloatArray  # (N, N) with the domestic diagonal, producer prices, thousands USD
    E: FloatArray  # expenditure Σ_j X_ji (column sums)
    Y: FloatArray  # income Σ_j (1 − ν_j) X_ij + ν_i Σ_j X_ji
    T: FloatArray  # transfers E − Y
    lam: FloatArray  # λ_ji = X_ji / E_i
    nu: FloatArray  # savings shares (ν_R for all but the US, ν_U for the US)
    us: int  # index of the United States
    nu_r: float
    nu_u: float
    epsilon: float = 4.0
    kappa: float = 0.5
    psi: float = 0.67 / 4
    theta: float = 4 / 0.67
    phi: FloatArray = field(default_factory=lambda: np.zeros(0))

    @property
    def n(self) -> int:
        return len(self.countries)

    @cached_property
    def baseline_trade(self) -> tuple[FloatArray, FloatArray]:
        """Each country's baseline exports and imports (off the diagonal of X), computed
        once per calibration: every solve reports changes against them."""
        d, ones = np.diagonal(self.X), np.ones(self.n)
        return self.X @ ones - d, ones @ self.X - d


def _nu_two_region(X: FloatArray, Y: FloatArray, us: int) -> tuple[float, float]:
    """Step 1: ν_R, ν_U from the world aggregated to {non-US, US}."""
    mask = np.ones(X.shape[0], bool)
    mask[us] = False
    XRR = X[np.ix_(mask, mask)].sum()  # off-diagonal already (no domestic flows yet)
    XRU = X[mask, us].sum()
    XUR = X[us, mask].sum()
    XUU = 0.0
    YR, YU = Y[mask].sum(), Y[us]
    Xbar = np.array([[XRR, XRU], [XUR, XUU]])  # [a, b]: from a to b
    Ybar = np.array([YR, YU])

    def eqs(nu: FloatArray) -> FloatArray:
        nr, nu_ = nu
        v = np.array([nr, nu_])
        T = (1 - v) * (Xbar.sum(axis=0) - (Xbar * (1 - v)[None, :]).sum(axis=1))
        Eb = Ybar + T
        rR = (Eb[0] - XUR) / (Eb[0] - XUR + XRU)
        rU = (Eb[1] - XRU) / (Eb[1] - XRU + XUR)
        return np.array(
            [(1 - rR) * nu_ + rR * nr - NU_TARGET_R, rU * nu_ + (1 - rU) * nr - NU_TARGET_U]
        )

    from scipy.optimize import fsolve  # (0.2 s to import: only where it is used)

    sol, _, ier, msg = fsolve(eqs, np.array([0.1, 0.24]), full_output=True, xtol=1e-14)
    residual = float(np.max(np.abs(eqs(sol))))
    # MINPACK also reports "xtol too small" when it has solved the two equations to
    # rounding: judge by the residual
    if ier != 1 and not residual < 1e-12:
        raise ConvergenceError(f"savings-share calibration: {msg}", residual=residual, iterations=0)
    return max(float(sol[0]), 0.0), max(float(sol[1]), 0.0)


def calibrate_ilms(
    X: FloatArray,
    gdp: FloatArray,
    countries: tuple[str, ...],
    *,
    us: str = "USA",
    epsilon: float = 4.0,
    kappa: float = 0.5,
    psi: float = 0.67 / 4,
    theta: float = 4 / 0.67,
    pass_through_shift: float = 0.0,
    special_case: Literal["none", "eaton-kortum"] = "none",
) -> ILMSData:
    """Steps 1, 2 and 4: X (thousands USD, no diagonal), GDP in USD.

    ``special_case="eaton-kortum"``: no scale economies (ψ = 0), inelastic labour
    (κ = 0) and complete pass-through (φ = 1): the multi-country Eaton–Kortum model
    with tariff revenue and the same deficit rule."""
    X = np.nan_to_num(np.asarray(X, dtype=float))
    np.fill_diagonal(X, 0.0)
    check_trade_matrix(X + np.eye(len(X)))  # the diagonal is built below
    if us not in countries:
        raise DataValidationError(
            f"{us} is not among the countries",
            column="countries",
            fix="the model needs the United States in the data",
        )
    if not epsilon > 0:
        raise ScenarioError(
            f"trade elasticity {epsilon} must be positive", field="epsilon", fix="the paper uses 4"
        )
    iu = countries.index(us)
    Y0 = np.asarray(gdp, dtype=float) / 1000.0
    nr, nu_ = _nu_two_region(X, Y0, iu)
    nu = np.full(len(countries), nr)
    nu[iu] = nu_
    T = (1 - nu) * (X.sum(axis=0) - (X * (1 - nu)[None, :]).sum(axis=1))
    E = Y0 + T
    Xd = X.copy()
    np.fill_diagonal(Xd, np.maximum(E - X.sum(axis=0), 0.0))
    E = Xd.sum(axis=0)
    Y = (Xd * (1 - nu)[None, :]).sum(axis=1) + nu * Xd.sum(axis=0)
    T = E - Y
    lam = Xd / E[None, :]
    phi_tilde = (1 + theta) / ((1 - nu) * theta) - 1 / theta - 1
    phi = 1 + phi_tilde + pass_through_shift
    if special_case == "eaton-kortum":
        psi, kappa, phi = 0.0, 0.0, np.ones_like(nu)
    return ILMSData(
        tuple(countries), Xd, E, Y, T, lam, nu, iu, nr, nu_, epsilon, kappa, psi, theta, phi
    )


@dataclass(frozen=True, slots=True)
class ILMSResult:
    countries: tuple[str, ...]
    w_hat: FloatArray
    E_hat: FloatArray
    L_hat: FloatArray
    P_hat: FloatArray
    welfare_hat: FloatArray
    trade_new: FloatArray  # X'_ji at producer prices (N, N), diagonal included
    revenue: FloatArray  # R_i (thousands USD)
    tau: FloatArray  # income-tax relief rate τ_i (0 for lump sum)
    deficit_pct: FloatArray
    exports_gdp_pct: FloatArray
    imports_gdp_pct: FloatArray
    revenue_share_pct: FloatArray
    weights: FloatArray  # calibrated E_i (for expenditure-weighted averages)
    us: int
    iterations: int  # Newton steps, or fixed-point iterations (see ``method``)
    max_residual: float
    revenue_rule: str
    method: str = "newton"  # "newton", "anderson", "anderson+newton", "anderson (fallback)"

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "iso3": self.countries,
                "welfare_pct": 100 * (self.welfare_hat - 1),
                "deficit_pct": self.deficit_pct,
                "exports_gdp_pct": self.exports_gdp_pct,
                "imports_gdp_pct": self.imports_gdp_pct,
                "employment_pct": 100 * (self.L_hat - 1),
                "prices_pct": 100 * (self.P_hat - 1),
                "tariff_revenue_pct_expenditure": self.revenue_share_pct,
                "w_hat": self.w_hat,
                "E_hat": self.E_hat,
                "L_hat": self.L_hat,
                "P_hat": self.P_hat,
            }
        )

    def non_us_average(self, column: str = "welfare_pct") -> float:
        """Expenditure-weighted average over the non-US countries (MODELS §4c step 6)."""
        f = self.to_frame()
        mask = np.arange(len(f)) != self.us
        return float(
            np.sum(f[column].to_numpy()[mask] * self.weights[mask]) / self.weights[mask].sum()
        )


def us_tariffs(
    data: ILMSData,
    rates: FloatArray,
    *,
    floor: float = 0.10,
    retaliation: Literal["none", "reciprocal"] = "none",
) -> FloatArray:
    """Step 3: t[j, US] = max(floor, rate_j), t[US, US] = 0; reciprocal retaliation
    sets t[US, j] = t[j, US]."""
    N = data.n
    r = np.asarray(rates, dtype=float)
    if r.shape != (N,):
        raise ScenarioError(
            f"{r.shape[0]} tariff rates for {N} countries",
            field="rates",
            fix="give one rate per country, in the data's order",
        )
    if (r <= -1).any():
        raise ScenarioError(
            "a tariff rate at or below -100%",
            field="rates",
            fix="rates are fractions, 0.25 for 25%",
        )
    t = np.zeros((N, N))
    t[:, data.us] = np.maximum(floor, r)
    t[data.us, data.us] = 0.0
    if retaliation == "reciprocal":
        t[data.us, :] = t[:, data.us]
        t[data.us, data.us] = 0.0
    return t
