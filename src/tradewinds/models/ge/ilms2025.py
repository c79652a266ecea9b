"""The 2025 tariff model of Ignatenko, Lashkaripour, Macedoni & Simonovska (2025),
"Making America Great Again? The Economic Impacts of Liberation Day Tariffs",
Journal of International Economics 157:104138 (MODELS.md §4c).

One sector, N countries (the 194 of the world 2023 matrix), trade elasticity ε, scale
economies ψ, endogenous labour supply κ, incomplete tariff pass-through through φ,
deficits through the savings shares ν, tariff revenue returned as income-tax relief or
as a lump-sum rebate. Unknowns ŵ, Ê, L̂ (3N): solved as a fixed point in logs with
Anderson acceleration (:mod:`tradewinds.models.ge.core`), the numeraire Σ(P̂−1)E = 0
imposed by rescaling (the system is homogeneous of degree one in ŵ and Ê).

Calibration and equations follow MODELS.md §4c steps 1-6 (X in thousands of USD,
row = exporter; t[j, i] is the tariff on j's goods entering i).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd
from scipy.optimize import fsolve

from tradewinds.errors import ConvergenceError, DataValidationError, ScenarioError
from tradewinds.models.ge.core import anderson_fixed_point
from tradewinds.models.ge.tariff_deficit import check_trade_matrix

FloatArray = np.ndarray
Revenue = Literal["income_tax", "lump_sum"]

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

    sol, _, ier, msg = fsolve(eqs, np.array([0.1, 0.24]), full_output=True, xtol=1e-14)
    if ier != 1:
        raise ConvergenceError(
            f"savings-share calibration: {msg}",
            residual=float(np.max(np.abs(eqs(sol)))),
            iterations=0,
        )
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
    iterations: int
    max_residual: float
    revenue_rule: str

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


def solve_ilms(
    data: ILMSData,
    t: FloatArray,
    *,
    revenue: Revenue = "income_tax",
    tol: float = 1e-12,
    max_iter: int = 5_000,
    x0: FloatArray | None = None,
) -> ILMSResult:
    """Counterfactual equilibrium for tariffs ``t`` (N×N, [j, i] on j's goods into i)."""
    N = data.n
    t = np.asarray(t, dtype=float)
    if t.shape != (N, N):
        raise ScenarioError(f"tariff matrix {t.shape} for {N} countries", field="t")
    if (t <= -1).any():
        raise ScenarioError(
            "a tariff at or below -100%", field="t", fix="tariffs are fractions above -1"
        )
    if revenue not in ("income_tax", "lump_sum"):
        raise ScenarioError(
            f"revenue rule {revenue!r}", field="revenue", fix="use income_tax or lump_sum"
        )
    eps, kappa, psi, phi = data.epsilon, data.kappa, data.psi, data.phi
    E, Y, T, nu = data.E, data.Y, data.T, data.nu
    base = data.lam * (1 + t) ** (-eps * phi[None, :])  # λ_ji (1+t_ji)^{−ε φ_i}
    # X'_ji = c_j base_ji E'_i / (S_i (1+t_ji)) with c_j = (ŵ_j L̂_j^{−ψ})^{−ε}: every sum
    # the equations need is a matrix–vector product with one of these fixed matrices
    B_x = base / (1 + t)  # for trade at producer prices
    B_r = base * t / (1 + t)  # for tariff revenue
    one_minus_nu = 1 - nu
    Ysum = Y.sum()
    Esum = E.sum()

    def core(w: FloatArray, Eh: FloatArray, L: FloatArray) -> tuple[FloatArray, ...]:
        c = (w * L ** (-psi)) ** (-eps)
        S = c @ base
        P = (Eh / w) ** (1 - phi) * S ** (-1 / eps)
        k = Eh * E / S  # E'_i / S_i
        R = k * (c @ B_r)
        return c, S, P, k, R

    def g(x: FloatArray) -> FloatArray:
        w, Eh, L = np.exp(x[:N]), np.exp(x[N : 2 * N]), np.exp(x[2 * N :])
        c, _, P, k, R = core(w, Eh, L)
        income = w * L * Y
        tau_hat = 1 / (1 - R / income) if revenue == "income_tax" else 1.0
        sales = c * (B_x @ (k * one_minus_nu)) + nu * k * (c @ B_x)
        w_new = sales / (L * Y)
        L_new = (tau_hat * w / P) ** kappa
        Eh_new = (R + income + T * (income.sum() / Ysum)) / E
        # numeraire Σ (P̂ − 1) E = 0: rescale ŵ and Ê together (degree-one homogeneity;
        # P̂ at the new point is computed with one more matrix–vector product)
        S_new = ((w_new * L_new ** (-psi)) ** (-eps)) @ base
        P_new = (Eh_new / w_new) ** (1 - phi) * S_new ** (-1 / eps)
        scale = Esum / (P_new * E).sum()
        return np.concatenate([np.log(w_new * scale), np.log(Eh_new * scale), np.log(L_new)])

    def state(w: FloatArray, Eh: FloatArray, L: FloatArray) -> tuple[FloatArray, ...]:
        c, _S, P, k, R = core(w, Eh, L)
        X_new = c[:, None] * B_x * k[None, :]
        return c, P, Eh * E, X_new, R

    start = np.zeros(3 * N) if x0 is None else np.asarray(x0, dtype=float)
    x, info = anderson_fixed_point(
        g, start, tol=tol, max_iter=max_iter, memory=12, what="ILMS 2025 equilibrium"
    )
    w, Eh, L = np.exp(x[:N]), np.exp(x[N : 2 * N]), np.exp(x[2 * N :])
    _, P, _E_new, X_new, R = state(w, Eh, L)
    income = w * L * Y
    # the equations of step 5, checked at the solution (not only the fixed-point gap)
    resid = float(np.max(np.abs(ilms_residuals(data, t, np.concatenate([w, Eh, L]), revenue))))
    if not resid < 1e-8:
        raise ConvergenceError(
            "ILMS 2025 equilibrium: equations not met", residual=resid, iterations=info.iterations
        )
    tau = R / income if revenue == "income_tax" else np.zeros(N)
    delta = E / (E - kappa * (1 - tau) * Y / (1 + kappa))
    W = delta * Eh / P + (1 - delta) * w * L / P
    off = ~np.eye(N, dtype=bool)
    X0 = data.X
    exp0, imp0 = (X0 * off).sum(axis=1), (X0 * off).sum(axis=0)
    exp1, imp1 = (X_new * off).sum(axis=1), (X_new * off).sum(axis=0)
    D0, D1 = imp0 - exp0, imp1 - exp1
    with np.errstate(divide="ignore", invalid="ignore"):
        deficit = 100 * (D1 - D0) / np.abs(D0)
        exports_gdp = 100 * ((exp1 / income) / (exp0 / Y) - 1)
        imports_gdp = 100 * ((imp1 / income) / (imp0 / Y) - 1)
    return ILMSResult(
        data.countries,
        w,
        Eh,
        L,
        P,
        W,
        X_new,
        R,
        tau,
        deficit,
        exports_gdp,
        imports_gdp,
        100 * R / E,
        E,
        data.us,
        info.iterations,
        info.max_residual,
        revenue,
    )


def ilms_residuals(
    data: ILMSData, t: FloatArray, x: FloatArray, revenue: Revenue = "income_tax"
) -> FloatArray:
    """The 3N equations of step 5 as residuals (for the fsolve peer and for checks)."""
    N = data.n
    eps, kappa, psi, phi = data.epsilon, data.kappa, data.psi, data.phi
    w, Eh, L = x[:N], x[N : 2 * N], x[2 * N :]
    base = data.lam * (1 + t) ** (-eps * phi[None, :])
    A = base * (w * L ** (-psi))[:, None] ** (-eps)
    S = A.sum(axis=0)
    lam_new = A / S
    P = (Eh / w) ** (1 - phi) * S ** (-1 / eps)
    E_new = Eh * data.E
    X_new = lam_new * E_new / (1 + t)
    R = (lam_new * t / (1 + t)).sum(axis=0) * E_new
    income = w * L * data.Y
    tau_hat = 1 / (1 - R / income) if revenue == "income_tax" else np.ones(N)
    a = (X_new * (1 - data.nu)[None, :]).sum(axis=1) + data.nu * X_new.sum(axis=0) - income
    a[0] = np.sum((P - 1) * data.E) / data.E.sum()
    b = E_new - (R + income + data.T * income.sum() / data.Y.sum())
    c = L - (tau_hat * w / P) ** kappa
    return np.concatenate([a / data.E, b / data.E, c])


def solve_ilms_fsolve(
    data: ILMSData, t: FloatArray, *, revenue: Revenue = "income_tax"
) -> FloatArray:
    """The peer: MINPACK hybrd (scipy ``fsolve``) on the 3N system from ones, as the
    published replication code does with MATLAB's fsolve."""
    x, _, ier, msg = fsolve(
        lambda x: ilms_residuals(data, t, x, revenue),
        np.ones(3 * data.n),
        full_output=True,
        xtol=1e-12,
    )
    if ier != 1:
        raise ConvergenceError(
            f"fsolve: {msg}",
            residual=float(np.max(np.abs(ilms_residuals(data, t, x, revenue)))),
            iterations=0,
        )
    return x


def optimal_uniform_tariff(
    data: ILMSData,
    *,
    revenue: Revenue = "income_tax",
    bounds: tuple[float, float] = (0.0, 1.0),
    tol: float = 1e-4,
) -> tuple[float, ILMSResult]:
    """The uniform US tariff on all imports that maximises US welfare, no retaliation
    (bounded Brent search; each evaluation warm-starts from the previous solution)."""
    from scipy.optimize import minimize_scalar

    N = data.n
    warm: list[FloatArray] = []

    def neg_welfare(rate: float) -> float:
        t = us_tariffs(data, np.full(N, rate), floor=0.0)
        r = solve_ilms(data, t, revenue=revenue, x0=warm[-1] if warm else None)
        warm.append(np.concatenate([np.log(r.w_hat), np.log(r.E_hat), np.log(r.L_hat)]))
        return -float(r.welfare_hat[data.us])

    opt = minimize_scalar(neg_welfare, bounds=bounds, method="bounded", options={"xatol": tol})
    rate = float(opt.x)
    best = solve_ilms(data, us_tariffs(data, np.full(N, rate), floor=0.0), revenue=revenue)
    return rate, best


def optimal_retaliation(
    data: ILMSData,
    t_us: FloatArray,
    *,
    revenue: Revenue = "income_tax",
    rounds: int = 3,
    countries: list[int] | None = None,
    bounds: tuple[float, float] = (0.0, 1.0),
    tol: float = 5e-3,
) -> tuple[FloatArray, ILMSResult]:
    """Retaliation by best responses: each partner (or those in ``countries``) sets the
    uniform tariff on US goods that maximises its own welfare, given the US tariffs
    ``t_us`` and the other partners' current retaliation; ``rounds`` passes of
    simultaneous best responses (a Nash equilibrium among the retaliators when it has
    settled; the change of the last round is in the result's ``max_residual`` note).

    Cost: one bounded Brent search (≈ 12 solves, warm-started) per country and round:
    about 15 s per round for 193 partners on this machine."""
    from scipy.optimize import minimize_scalar

    N, us = data.n, data.us
    who = countries if countries is not None else [i for i in range(N) if i != us]
    rates = np.zeros(N)
    t = np.asarray(t_us, dtype=float).copy()
    t[us, :] = 0.0
    x0: FloatArray | None = None

    def solve_with(rs: FloatArray) -> ILMSResult:
        tt = t.copy()
        tt[us, :] = rs
        tt[us, us] = 0.0
        return solve_ilms(data, tt, revenue=revenue, x0=x0)

    for _ in range(rounds):
        new = rates.copy()
        base = solve_with(rates)
        x0 = np.concatenate([np.log(base.w_hat), np.log(base.E_hat), np.log(base.L_hat)])
        for i in who:

            def neg(r: float, i: int = i, current: FloatArray = rates) -> float:
                rs = current.copy()
                rs[i] = r
                return -float(solve_with(rs).welfare_hat[i])

            opt = minimize_scalar(neg, bounds=bounds, method="bounded", options={"xatol": tol})
            new[i] = float(opt.x)
        change = float(np.max(np.abs(new - rates)))
        rates = new
        if change < tol:
            break
    return rates, solve_with(rates)
