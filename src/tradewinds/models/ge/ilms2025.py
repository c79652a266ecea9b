"""The 2025 tariff model of Ignatenko, Lashkaripour, Macedoni & Simonovska (2025),
"Making America Great Again? The Economic Impacts of Liberation Day Tariffs",
Journal of International Economics 157:104138 (MODELS.md §4c).

One sector, N countries (the 194 of the world 2023 matrix), trade elasticity ε, scale
economies ψ, endogenous labour supply κ, incomplete tariff pass-through through φ,
deficits through the savings shares ν, tariff revenue returned as income-tax relief or
as a lump-sum rebate. Unknowns ŵ, Ê, L̂ (3N). Solved by Newton–chord iterations on a
reduced 2N system with the analytic Jacobian (:class:`_Chord`; about 2 ms for the 194
countries, ≥ 100× the published code's fsolve), or, with ``method="anderson"``, as the
fixed point in logs with Anderson acceleration of the earlier releases
(:mod:`tradewinds.models.ge.core`; 12-16 ms), which is also the fallback. Either way
the numeraire Σ(P̂−1)E = 0 is imposed by rescaling (the system is homogeneous of
degree one in ŵ and Ê). Keep BLAS on one thread (``OPENBLAS_NUM_THREADS=1``): on a
busy machine a multithreaded BLAS made the Jacobian's product and LU ten times slower.

Calibration and equations follow MODELS.md §4c steps 1-6 (X in thousands of USD,
row = exporter; t[j, i] is the tariff on j's goods entering i).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd
from scipy.linalg.lapack import dgetrf, dgetrs, sgetrf, sgetrs
from scipy.optimize import fsolve

from tradewinds.errors import ConvergenceError, DataValidationError, ScenarioError
from tradewinds.models.ge.core import anderson_fixed_point, scratch_arrays
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


@dataclass(frozen=True, slots=True)
class _Point:
    """The quantities of step 5 at (log ŵ, log L̂), Ê eliminated through (b)."""

    c: FloatArray  # (ŵ L̂^{−ψ})^{−ε}
    S: FloatArray  # Σ_j c_j base_ji
    rho: FloatArray  # revenue share of expenditure, R/E′
    income: FloatArray  # ŵ L̂ Y
    G: FloatArray  # income + T·Σincome/ΣY = E′(1 − ρ)
    k: FloatArray  # E′/S
    rs2: FloatArray  # ν_i Σ_j X′_ji
    sales: FloatArray  # left side of (a)
    q: FloatArray  # R/income
    log_E_hat: FloatArray
    log_P_hat: FloatArray


@dataclass(frozen=True, slots=True)
class _Factor:
    """An LU-factored Schur complement and what a step needs besides it."""

    lu: FloatArray
    piv: FloatArray
    p: _Point
    cz_r: FloatArray  # Cz = diag(cz_r) Lr + diag(cz_b) Lb + diag(alpha3)
    cz_b: FloatArray
    alpha3: FloatArray
    d: FloatArray  # Cy = diag(d) + outer(d·ud, vy)
    ud: FloatArray
    vy: FloatArray
    den: float  # 1 + vy·ud
    IG: FloatArray  # income/G
    TG: FloatArray  # T/G
    kw: FloatArray  # k(1 − ν)


class _Revenue:
    """B^r = base·t/(1+t), nonzero only where a tariff is: kept as its entries when they
    are few (the usual case: the US column, and its row under retaliation), dense
    otherwise."""

    def __init__(self, N: int, rows: FloatArray, cols: FloatArray, vals: FloatArray) -> None:
        self.N, self.rows, self.cols, self.vals = N, rows, cols, vals
        self.dense: FloatArray | None = None
        if len(vals) > 8 * N:
            self.dense = np.zeros((N, N))
            self.dense[rows, cols] = vals

    def left(self, x: FloatArray) -> FloatArray:
        """x @ B^r."""
        if self.dense is not None:
            return x @ self.dense
        return np.bincount(self.cols, x[self.rows] * self.vals, self.N)

    def right(self, x: FloatArray) -> FloatArray:
        """B^r @ x."""
        if self.dense is not None:
            return self.dense @ x
        return np.bincount(self.rows, self.vals * x[self.cols], self.N)

    def add_scaled(self, W: np.ndarray, col: FloatArray) -> None:
        """W += B^r diag(col)."""
        if self.dense is not None:
            W += self.dense * col[None, :]
        else:
            W[self.rows, self.cols] += self.vals * col[self.cols]


class _Chord:
    """Newton–chord iterations on the reduced system of step 5 (for :func:`solve_ilms`).

    Unknowns log ŵ and log L̂ (2N). Ê is eliminated exactly: given ŵ and L̂, equation
    (b) is linear in E′ (revenue is ρ_i E′_i, ρ_i = Σ_j c_j B^r_ji / S_i), so
    E′ = (income + T·Σincome/ΣY)/(1 − ρ). The residuals are (a) as log(sales/income)
    and (c) as log L̂ − κ(log τ̂ + log ŵ − log P̂). The country with the largest income
    drops its (a) for the normalisation Σ dz = 0 (Walras's law makes it redundant; the
    numeraire Σ(P̂ − 1)E = 0 is imposed afterwards by rescaling ŵ and Ê, the system
    being homogeneous of degree one in them).

    The analytic Jacobian is taken in z = log c = −ε(log ŵ − ψ log L̂) and y = log income
    (the steps in log ŵ and log L̂ are local in dz and dy). With Lb = baseᵀdiag(c) and
    Lr = B^rᵀdiag(c) (B^x = base/(1+t), B^r = base·t/(1+t) = base − B^x), every block
    is diagonals times Lb, Lr or B^x plus rank-one terms, and one product of two dense
    matrices where (a) meets the change of expenditure through B^x. The (c)-by-dy
    block is a diagonal plus rank one: dy is eliminated with Sherman–Morrison, leaving
    an N×N Schur complement in dz, formed with one matrix product (built transposed so
    that LAPACK factors it in place). A factorisation is kept (chord steps: two
    matrix–vector products and a triangular solve each) while it serves; see
    :func:`_solve_chord`. The Jacobian is formed and factored in single precision by
    default (``single``): it only steers the iteration, whose residuals are double, so
    the solution is the same, and the product and LU take half the time.
    """

    def __init__(
        self, data: ILMSData, t: FloatArray, revenue: Revenue, *, single: bool = True
    ) -> None:
        N = data.n
        self.N = N
        self.eps, self.kappa, self.psi = data.epsilon, data.kappa, data.psi
        self.one_phi = 1 - data.phi
        self.E, self.Y, self.T, self.nu = data.E, data.Y, data.T, data.nu
        self.omn = 1 - data.nu
        self.inv_Ysum = 1 / data.Y.sum()
        self.a = 1 / (1 + data.psi)
        self.income_tax = revenue == "income_tax"
        self.ref = int(np.argmax(data.Y))
        self.single = single
        dtype = np.float32 if single else np.float64
        (B_x,) = scratch_arrays("ilms-chord", ((N, N),))
        self.A, self.W1, self.W2, self.Bf = scratch_arrays(
            "ilms-chord-jacobian", ((N, N),) * 4, dtype=dtype
        )
        # only the entries with a tariff differ from λ (B^x) or from zero (B^r)
        rows, cols = np.divmod(np.flatnonzero(t != 0), N)
        tv = t[rows, cols]
        bv = data.lam[rows, cols] * (1 + tv) ** (-self.eps * data.phi[cols])
        B_x[...] = data.lam
        B_x[rows, cols] = bv / (1 + tv)
        self.B_x = B_x
        self.B_r = _Revenue(N, rows, cols, bv * tv / (1 + tv))
        self.Bf[...] = B_x  # B^x in the Jacobian's precision

    def sums(self, c: FloatArray) -> tuple[FloatArray, FloatArray]:
        """S = c @ base and Q = c @ B^r."""
        Q = self.B_r.left(c)
        return c @ self.B_x + Q, Q

    def evaluate(self, lw: FloatArray, lL: FloatArray) -> tuple[_Point, FloatArray]:
        """The point and its 2N residuals (the dropped row set to zero)."""
        N, eps = self.N, self.eps
        c = np.exp(-eps * (lw - self.psi * lL))
        S, Qr = self.sums(c)
        rho = Qr / S
        income = self.Y * np.exp(lw + lL)
        G = income + self.T * (income.sum() * self.inv_Ysum)
        E_new = G / (1 - rho)
        k = E_new / S
        rs2 = self.nu * k * (S - Qr)
        sales = c * (self.B_x @ (k * self.omn)) + rs2
        log_E_hat = np.log(E_new / self.E)
        log_P_hat = self.one_phi * (log_E_hat - lw) - np.log(S) / eps
        q = rho * E_new / income
        F = np.empty(2 * N)
        F[:N] = np.log(sales / income)
        F[self.ref] = 0.0
        log_tau = -np.log1p(-q) if self.income_tax else 0.0
        F[N:] = lL - self.kappa * (log_tau + lw - log_P_hat)
        return _Point(c, S, rho, income, G, k, rs2, sales, q, log_E_hat, log_P_hat), F

    def factor(self, p: _Point) -> _Factor:
        """The Jacobian at p, reduced to the Schur complement in dz and LU-factored."""
        N, eps, kappa, psi, a = self.N, self.eps, self.kappa, self.psi, self.a
        one_phi, c, S, rho, k, sales, rs2 = self.one_phi, p.c, p.S, p.rho, p.k, p.sales, p.rs2
        B_x, B_r = self.B_x, self.B_r
        if self.income_tax:  # d log τ̂ = dq/(1 − q), q = ρE′/income
            qq, sq = p.q / (1 - p.q), (p.G / (1 - rho)) / (p.income * (1 - p.q))
        else:
            qq = sq = np.zeros(N)
        # d log S = Lb dz / S and dρ = (Lr − ρ Lb) dz / S;
        # (c) in dz: Cz = diag(cz_r) Lr + diag(cz_b) Lb + diag(alpha3)
        alpha1 = -kappa * ((qq - one_phi) / (1 - rho) + sq)
        alpha3 = a / eps * (1 + kappa * (1 + one_phi))
        cz_r = alpha1 / S
        cz_b = -(alpha1 * rho + kappa / eps) / S
        # (c) in dy: Cy = diag(d) + outer(gam·T/G, vy)
        gam = -kappa * (qq - one_phi)
        IG, TG = p.income / p.G, self.T / p.G
        d = a + kappa * qq - kappa * psi * a * (1 + one_phi) + gam * IG
        vy = p.income * self.inv_Ysum
        ud = gam * TG / d
        den = float(1 + vy @ ud)
        udn = ud / den
        # Cy⁻¹Cz = diag(y_r) Lr + diag(y_b) Lb + diag(y_d) − outer(udn, h1), h1 = (vy/d)ᵀCz;
        # h2 = vyᵀ Cy⁻¹Cz  (xᵀLb = c·(base x), xᵀLr = c·(B^r x), base = B^x + B^r)
        y_r, y_b, y_d = cz_r / d, cz_b / d, alpha3 / d
        vd = vy / d
        xb = np.stack([vd * cz_b, vy * y_b], axis=1)
        xr = np.stack([vd * cz_r, vy * y_r], axis=1)
        hb = B_x @ xb
        hh = [c * (hb[:, m] + B_r.right(xb[:, m] + xr[:, m])) for m in (0, 1)]
        h1 = hh[0] + vd * alpha3
        h2 = hh[1] + vy * y_d - (vy @ udn) * h1
        # W = d log k/dz − (d log E′/dy) Cy⁻¹Cz, with d log k/dz = diag(1/((1−ρ)S))(Lr − Lb)
        # and d log E′/dy = diag(I/G) + outer(T/G, vy):
        # W = diag(w_r) Lr + diag(w_b) Lb + diag(w_d) + outer(IG·udn, h1) − outer(TG, h2)
        inv = 1 / ((1 - rho) * S)
        w_r, w_b, w_d = inv - IG * y_r, -inv - IG * y_b, -IG * y_d
        # Sch = diag(1/sales)[diag(sales − rs2) + diag(νk)(Lb − Lr) + M W] + Cy⁻¹Cz with
        # M = diag(c) B^x diag(k(1−ν)) + diag(rs2), that is
        # Sch = diag(c/sales) B^x Z + diag(f_r) Lr + diag(f_b) Lb + diag(f_d)
        #       + outer(P1, h1) + outer(P2, h2),
        # Z = diag(kw)(diag(w_r) Lr + diag(w_b) Lb + diag(w_d))
        kw = k * self.omn
        cs, rs = c / sales, rs2 / sales
        nks = self.nu * k / sales
        f_r = rs * w_r - nks + y_r
        f_b = rs * w_b + nks + y_b
        f_d = 1 - rs + rs * w_d + y_d
        bx = B_x @ np.stack([kw * IG * udn, kw * TG], axis=1)
        P1 = cs * bx[:, 0] + rs * IG * udn - udn
        P2 = -cs * bx[:, 1] - rs * TG
        # built as A = Schᵀ in C order, so that A.T is Sch in Fortran order:
        # Schᵀ = Zᵀ B^xᵀ diag(c/sales) + diag(c)(B^x diag(f_b) + B^r diag(f_r + f_b))
        #        + diag(f_d) + outer(h1, P1) + outer(h2, P2),
        # Zᵀ = diag(c)(B^x diag(kw·w_b) + B^r diag(kw·(w_r + w_b))) + diag(kw·w_d)
        A, W1, Bf = self.A, self.W1, self.Bf
        dt = A.dtype  # vectors in the matrices' precision: mixed operands are slow

        def v(x: FloatArray) -> FloatArray:
            return x.astype(dt, copy=False)

        c_col = v(c)[:, None]
        np.multiply(Bf, v(kw * w_b), out=W1)
        B_r.add_scaled(W1, kw * (w_r + w_b))
        W1 *= c_col
        W1.flat[:: N + 1] += kw * w_d
        np.matmul(W1, Bf.T, out=A)
        A *= v(cs)
        np.multiply(Bf, v(f_b), out=W1)
        B_r.add_scaled(W1, f_r + f_b)
        W1 *= c_col
        A += W1
        A.flat[:: N + 1] += f_d
        np.matmul(v(np.stack([h1, h2], axis=1)), v(np.stack([P1, P2])), out=W1)
        A += W1
        A[:, self.ref] = 1.0  # row ref of Sch: the normalisation Σ dz = 0
        lu, piv, info = (sgetrf if self.single else dgetrf)(A.T, overwrite_a=True)
        if info != 0:
            raise np.linalg.LinAlgError(f"singular Jacobian (LAPACK getrf info {info})")
        return _Factor(lu, piv, p, cz_r, cz_b, alpha3, d, ud, vy, den, IG, TG, kw)

    def step(self, f: _Factor, F: FloatArray) -> tuple[FloatArray, FloatArray]:
        """The Newton step (−J⁻¹F with the factored J) in log ŵ and log L̂."""
        N, eps, a = self.N, self.eps, self.a
        Fa, Fc = F[:N], F[N:]
        c = f.p.c

        def cy_solve(x: FloatArray) -> FloatArray:  # Sherman–Morrison
            xd = x / f.d
            return xd - f.ud * ((f.vy @ xd) / f.den)

        x = cy_solve(Fc)
        dey = f.IG * x + f.TG * (f.vy @ x)  # (d log E′/dy) x
        # Sch dz = Ay Cy⁻¹Fc − Fa with Ay x = (M dey)/sales − x
        rhs = (c * (self.B_x @ (f.kw * dey)) + f.p.rs2 * dey) / f.p.sales - x - Fa
        rhs[self.ref] = 0.0
        if self.single:
            dz = sgetrs(f.lu, f.piv, rhs.astype(np.float32))[0].astype(float)
        else:
            dz = dgetrs(f.lu, f.piv, rhs)[0]
        Lb, Lr = self.sums(c * dz)  # Lb dz, Lr dz
        dy = cy_solve(-Fc - (f.cz_b * Lb + f.cz_r * Lr + f.alpha3 * dz))
        return self.psi * a * dy - (a / eps) * dz, a * dy + (a / eps) * dz


_CHORD_RATE = 0.5  # keep a factorisation while each step at least halves the residual
_NEWTON_TARGET = 1e-14  # residual (log equations) the Newton path drives to: rounding level
_NEWTON_MAX_STEPS = 100
# a Jacobian costs about 3 + N/35 chord steps (one N×N product and LU against matrix–
# vector products; measured at N = 50-800); refresh when the steps to go exceed that
# plus the few Newton steps after a refresh (tuned on the world and synthetic worlds)
_REFRESH_COST_A, _REFRESH_COST_B, _REFRESH_MARGIN = 3.0, 35.0, 3.0


def _solve_chord(
    system: _Chord, x0: FloatArray | None, tol: float, max_steps: int
) -> tuple[FloatArray, FloatArray, _Point, int, int, float]:
    """Newton–chord iterations. A factorisation is kept while each step at least halves
    the residual (2-norm) and refreshed when it stops doing so, or when the steps still
    to go at the observed rate would cost more than a new Jacobian; a fresh Newton step
    that does not reduce the residual is halved (it is a descent direction of the
    2-norm). Stops at the rounding floor (max residual ≤ 1e-14, or no further decrease
    once below ``tol``). Returns log ŵ, log L̂ (before the numeraire), the final point,
    steps, Jacobians formed and the max residual."""
    N = system.N
    lw = np.zeros(N) if x0 is None else np.array(x0[:N], dtype=float)
    lL = np.zeros(N) if x0 is None else np.array(x0[2 * N :], dtype=float)
    with np.errstate(all="ignore"):  # a trial step may leave the domain: judged below
        p, F = system.evaluate(lw, lL)
        res, norm = float(np.abs(F).max()), float(np.sqrt(F @ F))
        if not np.isfinite(norm):
            raise ConvergenceError("ILMS 2025 Newton: start not finite", residual=res, iterations=0)
        fac: _Factor | None = None
        fresh = False  # is fac the Jacobian at the current point?
        steps = jacobians = 0
        while res > _NEWTON_TARGET:
            if steps >= max_steps:
                raise ConvergenceError("ILMS 2025 Newton", residual=res, iterations=steps)
            if fac is None:
                fac, fresh = system.factor(p), True
                jacobians += 1
            dlw, dlL = system.step(fac, F)
            lam = 1.0
            while True:
                p1, F1 = system.evaluate(lw + lam * dlw, lL + lam * dlL)
                norm1 = float(np.sqrt(F1 @ F1))
                if not np.isfinite(norm1):
                    norm1 = np.inf
                if norm1 <= _CHORD_RATE * norm or (fresh and norm1 < norm):
                    break  # accepted
                if not fresh:  # the kept Jacobian no longer serves: refresh here
                    fac, fresh = system.factor(p), True
                    jacobians += 1
                    dlw, dlL = system.step(fac, F)
                    continue
                lam *= 0.5  # a fresh Newton step that does not reduce the residual
                if lam < 1e-6:
                    break
            if not norm1 < norm:  # no step helps: the rounding floor, or a failure
                if res <= tol:
                    break
                raise ConvergenceError(
                    "ILMS 2025 Newton: no descent", residual=res, iterations=steps
                )
            if not fresh:
                to_go = np.log(_NEWTON_TARGET / norm1) / np.log(max(norm1 / norm, 1e-300))
                if to_go > _REFRESH_COST_A + N / _REFRESH_COST_B + _REFRESH_MARGIN:
                    fac = None
            if lam == 1.0:
                lw += dlw
                lL += dlL
            else:
                lw, lL = lw + lam * dlw, lL + lam * dlL
            p, F, norm = p1, F1, norm1
            res = float(np.abs(F).max())
            fresh = False
            steps += 1
    return lw, lL, p, steps, jacobians, res


def solve_ilms(
    data: ILMSData,
    t: FloatArray,
    *,
    revenue: Revenue = "income_tax",
    tol: float = 1e-12,
    max_iter: int = 5_000,
    x0: FloatArray | None = None,
    method: Method = "newton",
) -> ILMSResult:
    """Counterfactual equilibrium for tariffs ``t`` (N×N, [j, i] on j's goods into i).

    ``method="newton"`` (default): Newton–chord on the reduced 2N system with the
    analytic Jacobian (see :class:`_Chord`), iterated until the step-5 equations hold to
    rounding (1e-14 in logs, at least ``tol``). If it stalls, the fixed point below gets
    within 1e-8 and Newton finishes from there (the result's ``method`` says
    "anderson+newton"); if that fails too, the fixed point alone answers ("anderson
    (fallback)"). ``method="anderson"``: the Anderson-accelerated fixed point of the
    earlier releases (``tol`` is its fixed-point gap). ``x0``: a warm start, the logs of
    (ŵ, Ê, L̂) of a previous solution (Newton uses ŵ and L̂; Ê follows from them).
    ``iterations`` counts Newton steps or fixed-point iterations; ``max_residual`` is
    the largest residual of the step-5 equations as scaled by :func:`ilms_residuals`
    (Newton) or the fixed-point gap (Anderson)."""
    N = data.n
    t = np.ascontiguousarray(t, dtype=float)
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
    if method not in ("newton", "anderson"):
        raise ScenarioError(
            f"solver method {method!r}", field="method", fix="use newton or anderson"
        )
    if x0 is not None:
        x0 = np.asarray(x0, dtype=float)
        if x0.shape != (3 * N,):
            raise ScenarioError(
                f"warm start of shape {x0.shape} for {N} countries",
                field="x0",
                fix="pass the logs of (ŵ, Ê, L̂) of a solution, 3N values",
            )
    if method == "newton":
        try:
            return _solve_ilms_newton(data, t, revenue, tol, max_iter, x0, "newton")
        except (ConvergenceError, np.linalg.LinAlgError):
            pass
        # On some worlds (about 2% of random subsets of the 194 countries with random
        # reciprocal tariffs; none of the library's scenarios) the residual has a local
        # minimum between the start and the solution, where Newton stalls: the fixed
        # point gets close, and Newton (with a double-precision Jacobian) finishes.
        try:
            near = _solve_ilms_anderson(data, t, revenue, 1e-8, max_iter, x0, "", check=False)
            x1 = np.log(np.concatenate([near.w_hat, near.E_hat, near.L_hat]))
            return _solve_ilms_newton(
                data, t, revenue, tol, max_iter, x1, "anderson+newton", single=False
            )
        except (ConvergenceError, np.linalg.LinAlgError):
            pass
        return _solve_ilms_anderson(data, t, revenue, tol, max_iter, x0, "anderson (fallback)")
    return _solve_ilms_anderson(data, t, revenue, tol, max_iter, x0, "anderson")


def _solve_ilms_newton(
    data: ILMSData,
    t: FloatArray,
    revenue: Revenue,
    tol: float,
    max_iter: int,
    x0: FloatArray | None,
    label: str,
    *,
    single: bool = True,
) -> ILMSResult:
    system = _Chord(data, t, revenue, single=single)
    lw, lL, p, steps, _, _ = _solve_chord(system, x0, tol, min(max_iter, _NEWTON_MAX_STEPS))
    # the numeraire Σ(P̂ − 1)E = 0: P̂ is homogeneous of degree one in (ŵ, Ê)
    E = data.E
    scale = E.sum() / (np.exp(p.log_P_hat) * E).sum()
    w, Eh, L = np.exp(lw) * scale, np.exp(p.log_E_hat) * scale, np.exp(lL)
    eps, psi, phi, B_x = data.epsilon, data.psi, data.phi, system.B_x
    c = (w * L ** (-psi)) ** (-eps)
    S, Qr = system.sums(c)
    P = (Eh / w) ** (1 - phi) * S ** (-1 / eps)
    k = Eh * E / S
    R = k * Qr
    X_new = np.outer(c, k)
    X_new *= B_x
    # X'_ji = c_j B^x_ji k_i: its row sums, (1−ν)-weighted and plain, and its column sums
    # are matrix–vector products with B^x
    sold = c[:, None] * (B_x @ np.stack([k * (1 - data.nu), k], axis=1))
    bought = k * (c @ B_x)  # Σ_j X'_ji
    resid = _equations_met(data, revenue, w, Eh, L, P, sold[:, 0] + data.nu * bought, R)
    if not resid < 1e-8:
        raise ConvergenceError(
            "ILMS 2025 Newton: equations not met", residual=resid, iterations=steps
        )
    return _ilms_result(
        data, revenue, w, Eh, L, P, X_new, R, steps, resid, label, sums=(sold[:, 1], bought)
    )


def _equations_met(
    data: ILMSData,
    revenue: Revenue,
    w: FloatArray,
    Eh: FloatArray,
    L: FloatArray,
    P: FloatArray,
    sales: FloatArray,
    R: FloatArray,
) -> float:
    """max |residual| of the step-5 equations scaled as in :func:`ilms_residuals`
    (``sales``: the left side of (a), Σ_j (1 − ν_j) X′_ij + ν_i Σ_j X′_ji)."""
    income = w * L * data.Y
    a = sales - income
    a[0] = np.sum((P - 1) * data.E) / data.E.sum()
    b = Eh * data.E - (R + income + data.T * income.sum() / data.Y.sum())
    tau_hat = 1 / (1 - R / income) if revenue == "income_tax" else 1.0
    c = L - (tau_hat * w / P) ** data.kappa
    return float(max(np.max(np.abs(a / data.E)), np.max(np.abs(b / data.E)), np.max(np.abs(c))))


def _solve_ilms_anderson(
    data: ILMSData,
    t: FloatArray,
    revenue: Revenue,
    tol: float,
    max_iter: int,
    x0: FloatArray | None,
    label: str,
    *,
    check: bool = True,
) -> ILMSResult:
    """The fixed point in logs with Anderson acceleration (the solver before 0.x's
    Newton path; kept as the fallback and as the reference the Newton path is tested
    against)."""
    N = data.n
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

    start = np.zeros(3 * N) if x0 is None else x0
    x, info = anderson_fixed_point(
        g, start, tol=tol, max_iter=max_iter, memory=12, what="ILMS 2025 equilibrium"
    )
    w, Eh, L = np.exp(x[:N]), np.exp(x[N : 2 * N]), np.exp(x[2 * N :])
    c, _S, P, k, R = core(w, Eh, L)
    X_new = c[:, None] * B_x * k[None, :]
    # the equations of step 5, checked at the solution (not only the fixed-point gap)
    if check:
        x = np.concatenate([w, Eh, L])
        resid = float(np.max(np.abs(ilms_residuals(data, t, x, revenue))))
        if not resid < 1e-8:
            raise ConvergenceError(
                "ILMS 2025 equilibrium: equations not met",
                residual=resid,
                iterations=info.iterations,
            )
    return _ilms_result(
        data, revenue, w, Eh, L, P, X_new, R, info.iterations, info.max_residual, label
    )


def _ilms_result(
    data: ILMSData,
    revenue: Revenue,
    w: FloatArray,
    Eh: FloatArray,
    L: FloatArray,
    P: FloatArray,
    X_new: FloatArray,
    R: FloatArray,
    iterations: int,
    max_residual: float,
    method: str,
    *,
    sums: tuple[FloatArray, FloatArray] | None = None,
) -> ILMSResult:
    """Step 6: welfare and the reported changes at a solution (``sums``: the row and
    column sums of ``X_new`` when the caller has them)."""
    N, E, Y, kappa = data.n, data.E, data.Y, data.kappa
    income = w * L * Y
    tau = R / income if revenue == "income_tax" else np.zeros(N)
    delta = E / (E - kappa * (1 - tau) * Y / (1 + kappa))
    W = delta * Eh / P + (1 - delta) * w * L / P
    X0, ones = data.X, np.ones(N)
    d0, d1 = np.diagonal(X0), np.diagonal(X_new)
    exp0, imp0 = X0 @ ones - d0, ones @ X0 - d0  # off the diagonal
    rows, cols = (X_new @ ones, ones @ X_new) if sums is None else sums
    exp1, imp1 = rows - d1, cols - d1
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
        iterations,
        max_residual,
        revenue,
        method,
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
    method: Method = "newton",
) -> tuple[float, ILMSResult]:
    """The uniform US tariff on all imports that maximises US welfare, no retaliation
    (bounded Brent search; each evaluation warm-starts from the previous solution)."""
    from scipy.optimize import minimize_scalar

    N = data.n
    warm: list[FloatArray] = []

    def neg_welfare(rate: float) -> float:
        t = us_tariffs(data, np.full(N, rate), floor=0.0)
        r = solve_ilms(data, t, revenue=revenue, x0=warm[-1] if warm else None, method=method)
        warm.append(np.concatenate([np.log(r.w_hat), np.log(r.E_hat), np.log(r.L_hat)]))
        return -float(r.welfare_hat[data.us])

    opt = minimize_scalar(neg_welfare, bounds=bounds, method="bounded", options={"xatol": tol})
    rate = float(opt.x)
    best = solve_ilms(
        data, us_tariffs(data, np.full(N, rate), floor=0.0), revenue=revenue, method=method
    )
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
    method: Method = "newton",
) -> tuple[FloatArray, ILMSResult]:
    """Retaliation by best responses: each partner (or those in ``countries``) sets the
    uniform tariff on US goods that maximises its own welfare, given the US tariffs
    ``t_us`` and the other partners' current retaliation; ``rounds`` passes of
    simultaneous best responses (a Nash equilibrium among the retaliators when it has
    settled; the change of the last round is in the result's ``max_residual`` note).

    Cost: one bounded Brent search (≈ 12 solves, warm-started) per country and round:
    about 5 s per round for 193 partners on this machine (the fixed point: ×6-7)."""
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
        return solve_ilms(data, tt, revenue=revenue, x0=x0, method=method)

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
