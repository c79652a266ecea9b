"""Multi-sector GE with input–output linkages: Caliendo & Parro (2015), REStud 82(1)
(MODELS.md §4d).

Sectors j with trade elasticities θ^j, value-added shares γ_n^j, input–output shares
γ_n^{k,j}, final-demand shares α_n^j; κ̂_ni^j = (1+τ'_ni^j)/(1+τ_ni^j).

    ĉ_n^j  = ŵ_n^{γ_n^j} Π_k (P̂_n^k)^{γ_n^{k,j}}
    P̂_n^j  = [Σ_i π_ni^j (κ̂_ni^j ĉ_i^j)^{−θ^j}]^{−1/θ^j}
    π'_ni^j = π_ni^j (ĉ_i^j κ̂_ni^j / P̂_n^j)^{−θ^j}
    X'_n^j = Σ_k γ_n^{j,k} Σ_i π'_in^k X'_i^k/(1+τ'_in^k) + α_n^j I'_n
    I'_n   = ŵ_n w_n L_n + Σ_j Σ_i τ'_ni^j π'_ni^j X'_n^j/(1+τ'_ni^j) + D'_n
    ŵ_n w_n L_n = Σ_j γ_n^j Σ_i π'_in^j X'_i^j/(1+τ'_in^j),   Σ_n ŵ_n w_n L_n = Σ_n w_n L_n

Data and calibration follow MODELS §4d steps 1–7 (orientation, non-traded services,
domestic sales, IO shares, residual final-demand shares, NAFTA tariffs, baseline
equilibrium first). Welfare is reported both as the exact Î_n/P̂_n and as the
first-order terms-of-trade + volume-of-trade decomposition CP publish (step 8).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from tradewinds.errors import ConvergenceError, DataValidationError, ScenarioError
from tradewinds.models.ge.core import anderson_fixed_point

FloatArray = np.ndarray

CP_COUNTRIES = (
    "ARG",
    "AUS",
    "AUT",
    "BRA",
    "CAN",
    "CHL",
    "CHN",
    "DNK",
    "FIN",
    "FRA",
    "DEU",
    "GRC",
    "HUN",
    "IND",
    "IDN",
    "IRL",
    "ITA",
    "JPN",
    "KOR",
    "MEX",
    "NLD",
    "NZL",
    "NOR",
    "PRT",
    "ZAF",
    "ESP",
    "SWE",
    "TUR",
    "GBR",
    "USA",
    "ROW",
)
CP_TRADABLE = (
    "Agriculture",
    "Mining",
    "Food",
    "Textile",
    "Wood",
    "Paper",
    "Petroleum",
    "Chemicals",
    "Plastic",
    "Minerals",
    "Basic metals",
    "Metal products",
    "Machinery n.e.c.",
    "Office",
    "Electrical",
    "Communication",
    "Medical",
    "Auto",
    "Other transport",
    "Other",
)
SERVICE_THETA = 8.22


@dataclass(frozen=True)
class CPData:
    countries: tuple[str, ...]
    theta: FloatArray  # (J,)
    X: FloatArray  # (J, N, N) flows at producer prices, [j, importer, exporter]
    tau: FloatArray  # (J, N, N) tariffs (fractions)
    GO: FloatArray  # (J, N)
    B: FloatArray  # (J, N) value-added shares γ_n^j
    G: FloatArray  # (N, J, J) γ_n^{k,j}: input k used by sector j
    alpha: FloatArray  # (J, N)
    VA: FloatArray  # (N,)
    D: FloatArray  # (N,) deficits, imports − exports at producer prices
    tradable: int

    @property
    def n(self) -> int:
        return len(self.countries)

    @property
    def j(self) -> int:
        return len(self.theta)


def calibrate_cp(
    xbilat: FloatArray,
    tariffs: FloatArray,
    GO: FloatArray,
    B: FloatArray,
    IO: FloatArray,
    theta_tradable: FloatArray,
    countries: tuple[str, ...] = CP_COUNTRIES,
) -> CPData:
    """Steps 1–5 of MODELS §4d from the CP text files (as arrays)."""
    N = len(countries)
    Jt = len(theta_tradable)
    J = GO.shape[0]
    if xbilat.shape != (Jt * N, N) or tariffs.shape != (Jt * N, N):
        raise DataValidationError(
            f"xbilat/tariffs are {xbilat.shape}, expected {(Jt * N, N)}",
            column="xbilat",
            fix="use the CP 1993 files",
        )
    if IO.shape != (N * J, J) or B.shape != (J, N):
        raise DataValidationError(
            "IO or B has the wrong shape", column="IO", fix="use the CP files: IO 1240×40, B 40×31"
        )
    X = np.zeros((J, N, N))
    tau = np.zeros((J, N, N))
    X[:Jt] = xbilat.reshape(Jt, N, N)
    tau[:Jt] = tariffs.reshape(Jt, N, N) / 100.0
    for j in range(J):
        np.fill_diagonal(X[j], 0.0)
        np.fill_diagonal(tau[j], 0.0)
    GO = np.asarray(GO, dtype=float).copy()
    exports = X.sum(axis=1)  # (J, N): column sums = what each exporter sells abroad
    GO = np.maximum(GO, exports)
    for j in range(J):
        X[j][np.diag_indices(N)] = GO[j] - exports[j]
    theta = np.concatenate([np.asarray(theta_tradable, float), np.full(J - Jt, SERVICE_THETA)])
    G = np.stack([IO[n * J : (n + 1) * J, :] * (1 - B[:, n])[None, :] for n in range(N)])
    expend = (X * (1 + tau)).sum(axis=2)  # (J, N)
    VA = (B * GO).sum(axis=0)
    offd = ~np.eye(N, dtype=bool)
    imports = (X * offd[None]).sum(axis=(0, 2))
    exp_tot = (X * offd[None]).sum(axis=(0, 1))
    D = imports - exp_tot
    R = (X * tau).sum(axis=(0, 2))
    inter = np.einsum("njk,kn->jn", G, GO)  # Σ_k γ_n^{j,k} GO_n^k
    alpha = (expend - inter) / (VA + R + D)[None, :]
    alpha = np.maximum(alpha, 0.0)
    alpha /= alpha.sum(axis=0, keepdims=True)
    return CPData(countries, theta, X, tau, GO, B, G, alpha, VA, D, Jt)


@dataclass(frozen=True, slots=True)
class CPEquilibrium:
    w_hat: FloatArray  # (N,)
    c_hat: FloatArray  # (J, N)
    P_hat: FloatArray  # (J, N)
    pi: FloatArray  # (J, N, N) new shares
    expend: FloatArray  # (J, N) X'_n^j
    income: FloatArray  # (N,) I'_n
    tau: FloatArray  # tariffs in force
    iterations: int  # outer (wage) iterations
    method: str = "accelerated"


CPMethod = Literal["accelerated", "loops"]


def solve_cp(
    data: CPData,
    tau_new: FloatArray,
    *,
    D_new: FloatArray | None = None,
    tol: float | None = None,
    max_iter: int = 2_000,
    method: CPMethod = "accelerated",
) -> CPEquilibrium:
    """Equilibrium in changes relative to the data for tariffs ``tau_new`` (J, N, N).

    Both methods iterate on wages (a damped update towards the wage bill that value
    added pays, Anderson-accelerated; ``tol`` is its fixed-point gap) and solve prices
    and expenditures inside each wage iteration:

    * ``"accelerated"`` (default): prices and expenditures from the previous wage
      iteration as starting points, each country's own-country block (prices through its
      domestic shares and IO matrix, expenditures through its domestic sales, IO matrix
      and tariff revenue: 40×40) solved exactly with block inverses formed once per
      equilibrium, so that only the cross-country part is iterated (about ten passes);
      inner tolerances follow the wage residual (10⁻³ of it, down to 1e-14);
      ``tol`` defaults to 1e-13.
    * ``"loops"``: the earlier release's plain inner loops (prices from zero, up to 500
      passes to 1e-13; expenditures up to 5,000 passes to 1e-9 relative); ``tol``
      defaults to 1e-10. Kept to compare against.
    """
    if method == "loops":
        tol = 1e-10 if tol is None else tol
        return _solve_cp_loops(data, tau_new, D_new=D_new, tol=tol, max_iter=max_iter)
    if method != "accelerated":
        raise ScenarioError(
            f"solver method {method!r}", field="method", fix="use accelerated or loops"
        )
    tol = 1e-13 if tol is None else tol
    return _solve_cp_accelerated(data, tau_new, D_new=D_new, tol=tol, max_iter=max_iter)


_CP_INNER_MAX = 200  # passes of an inner solve (about ten are needed)
_CP_INNER_FLOOR = 1e-14  # inner tolerance at the end (rounding level)
_CP_INEXACT = 1e-3  # inner tolerance relative to the current wage residual


def _solve_cp_accelerated(
    data: CPData, tau_new: FloatArray, *, D_new: FloatArray | None, tol: float, max_iter: int
) -> CPEquilibrium:
    N, J = data.n, data.j
    th = data.theta[:, None]
    tau0 = data.tau
    kappa = (1 + tau_new) / (1 + tau0)
    expend0 = (data.X * (1 + tau0)).sum(axis=2)
    pi0 = data.X * (1 + tau0) / expend0[:, :, None]
    D = data.D if D_new is None else np.asarray(D_new, float)
    G = data.G  # (N, k, j): γ_n^{k,j}
    GT = np.ascontiguousarray(G.transpose(0, 2, 1))  # (N, j, k)
    # π'_ni^j = K_ni^j ĉ_i^{−θ_j} / Σ_l K_nl^j ĉ_l^{−θ_j} with K = π κ̂^{−θ}
    K = pi0 * kappa ** (-data.theta[:, None, None])
    share = tau_new / (1 + tau_new)
    home = np.arange(N)
    eye = np.eye(J)[None]
    VA_sum = data.VA.sum()
    # carried between wage iterations: starting points, block inverses, the wage residual
    st: dict[str, Any] = {"lP": np.zeros((J, N)), "X": expend0.copy(), "res": 1.0}
    st["price_inv"] = st["exp_inv"] = None

    def log_c(lw: FloatArray, lP: FloatArray) -> FloatArray:
        # log ĉ_n^j = γ_n^j log ŵ_n + Σ_k γ_n^{k,j} log P̂_n^k
        return data.B * lw[None, :] + np.matmul(GT, lP.T[:, :, None])[:, :, 0].T

    def inner_tol() -> float:
        return max(_CP_INNER_FLOOR, _CP_INEXACT * st["res"])

    def prices(lw: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
        """log P̂ = −log(Σ_i K_ni ĉ_i^{−θ})/θ with log ĉ from log P̂: a fixed point whose
        own-country part, d log P̂_n = diag(π'_nn) G_nᵀ d log P̂_n, is solved exactly."""
        lP = st["lP"]
        for _ in range(_CP_INNER_MAX):
            lc = log_c(lw, lP)
            v = np.exp(-th * lc)  # ĉ^{−θ}
            s = np.matmul(K, v[:, :, None])[:, :, 0]
            r = -np.log(s) / th - lP
            if st["price_inv"] is None:  # I − diag(π'_nn) G_nᵀ at the first point
                own = K[:, home, home] * v / s
                st["price_inv"] = np.linalg.inv(eye - own.T[:, :, None] * GT)
            err = float(np.max(np.abs(r)))
            if err < inner_tol():
                break
            lP = lP + np.matmul(st["price_inv"], r.T[:, :, None])[:, :, 0].T
        else:
            if not err < 1e-10:
                raise ConvergenceError("Caliendo–Parro prices", residual=err, iterations=0)
        st["lP"] = lP
        return lc, lP, v, s

    # producer-price sales and tariff revenue are linear in ĉ^{−θ}/S: with these fixed
    # matrices no J×N×N array is formed inside the wage iterations
    K_sales = K / (1 + tau_new)  # π'/(1+τ') = K_sales ĉ^{−θ}/S
    K_rev = K * share  # π' τ'/(1+τ') = K_rev ĉ^{−θ}/S

    def equilibrium(lw: FloatArray) -> tuple[FloatArray, ...]:
        lc, lP, v, s = prices(lw)
        rev_share = np.matmul(K_rev, v[:, :, None])[:, :, 0] / s  # revenue per unit spent
        if st["exp_inv"] is None:
            # own-country block of X ↦ Γ(sales(X)) + α(ŵ wL + D + Σ_j r^j X^j):
            # I − G_n diag(M_nn) − α_n r_nᵀ at the first point, M = π'/(1+τ')
            M_home = K_sales[:, home, home] * v / s
            A = eye - G * M_home.T[:, None, :]
            A -= data.alpha.T[:, :, None] * rev_share.T[:, None, :]
            st["exp_inv"] = np.linalg.inv(A)
        fixed_income = np.exp(lw) * data.VA + D

        def sales_of(X: FloatArray) -> FloatArray:  # Y'_i^j = Σ_n M_ni^j X'_n^j
            return v * np.matmul((X / s)[:, None, :], K_sales)[:, 0, :]

        X = st["X"]
        for _ in range(_CP_INNER_MAX):
            sales = sales_of(X)
            income = fixed_income + (rev_share * X).sum(axis=0)
            R = np.matmul(G, sales.T[:, :, None])[:, :, 0].T + data.alpha * income[None, :] - X
            err = float(np.max(np.abs(R)) / np.max(np.abs(X)))
            if err < inner_tol():
                break
            X = X + np.matmul(st["exp_inv"], R.T[:, :, None])[:, :, 0].T
        else:
            if not err < 1e-10:
                raise ConvergenceError("Caliendo–Parro expenditure", residual=err, iterations=0)
        st["X"] = X
        income = fixed_income + (rev_share * X).sum(axis=0)
        return lc, lP, v, s, sales_of(X), income

    def g(lw: FloatArray) -> FloatArray:
        sales = equilibrium(lw)[4]
        w_target = (data.B * sales).sum(axis=0) / data.VA
        lw_new = lw + 0.5 * (np.log(w_target) - lw)  # damped: undamped updates oscillate
        out = lw_new - np.log((np.exp(lw_new) * data.VA).sum() / VA_sum)
        st["res"] = float(np.max(np.abs(out - lw)))
        return out

    lw, info = anderson_fixed_point(
        g, np.zeros(N), tol=tol, max_iter=max_iter, memory=10, what="Caliendo–Parro wages"
    )
    st["res"] = 0.0  # the reported equilibrium with the inner solves at rounding level
    lc, lP, v, s, _, income = equilibrium(lw)
    c, P = np.exp(lc), np.exp(lP)
    pi = K * v[:, None, :] / s[:, :, None]
    if not np.all(np.isfinite(P)):
        raise ConvergenceError(
            "Caliendo–Parro prices are not finite",
            residual=float("inf"),
            iterations=info.iterations,
        )
    return CPEquilibrium(
        np.exp(lw), c, P, pi, st["X"].copy(), income, tau_new, info.iterations, "accelerated"
    )


def _solve_cp_loops(
    data: CPData,
    tau_new: FloatArray,
    *,
    D_new: FloatArray | None,
    tol: float,
    max_iter: int,
    price_tol: float = 1e-13,
    price_passes: int = 500,
    expend_tol: float = 1e-9,
    expend_passes: int = 5_000,
) -> CPEquilibrium:
    """The solver of the earlier releases (inner loops; the defaults are its settings,
    tightened in the tests that compare it with the accelerated solver)."""
    N, J = data.n, data.j
    theta = data.theta[:, None, None]
    tau0 = data.tau
    kappa = (1 + tau_new) / (1 + tau0)
    expend0 = (data.X * (1 + tau0)).sum(axis=2)
    pi0 = data.X * (1 + tau0) / expend0[:, :, None]
    D = data.D if D_new is None else np.asarray(D_new, float)
    Gt = data.G  # (N, k, j)
    share = tau_new / (1 + tau_new)

    def prices(lw: FloatArray) -> tuple[FloatArray, FloatArray]:
        lP = np.zeros((J, N))
        for _ in range(price_passes):
            lc = data.B * lw[None, :] + np.einsum("nkj,kn->jn", Gt, lP)
            a = pi0 * (kappa * np.exp(lc)[:, None, :]) ** (-theta)
            lP_new = -np.log(a.sum(axis=2)) / data.theta[:, None]
            if np.max(np.abs(lP_new - lP)) < price_tol:
                lP = lP_new
                break
            lP = lP_new
        return lc, lP

    Xp = expend0.copy()

    def equilibrium(lw: FloatArray) -> tuple[FloatArray, ...]:
        nonlocal Xp
        lc, lP = prices(lw)
        c, P = np.exp(lc), np.exp(lP)
        pi = pi0 * ((kappa * c[:, None, :]) / P[:, :, None]) ** (-theta)
        w = np.exp(lw)
        M = pi / (1 + tau_new)  # producer-price share of each importer's spending
        for _ in range(expend_passes):
            sales = np.einsum("jni,jn->ji", M, Xp)  # Y'_i^j
            rev = (pi * share * Xp[:, :, None]).sum(axis=(0, 2))
            income = w * data.VA + rev + D
            X_new = np.einsum("njk,kn->jn", Gt, sales) + data.alpha * income[None, :]
            if np.max(np.abs(X_new - Xp)) < expend_tol * max(1.0, float(Xp.max())):
                Xp = X_new
                break
            Xp = X_new
        sales = np.einsum("jni,jn->ji", M, Xp)
        return c, P, pi, sales, income

    def g(lw: FloatArray) -> FloatArray:
        _, _, _, sales, _ = equilibrium(lw)
        w_target = (data.B * sales).sum(axis=0) / data.VA
        lw_new = lw + 0.5 * (np.log(w_target) - lw)  # damped: undamped updates oscillate
        return lw_new - np.log((np.exp(lw_new) * data.VA).sum() / data.VA.sum())

    lw, info = anderson_fixed_point(
        g, np.zeros(N), tol=tol, max_iter=max_iter, what="Caliendo–Parro wages"
    )
    c, P, pi, _, income = equilibrium(lw)
    if not np.all(np.isfinite(P)):
        raise ConvergenceError(
            "Caliendo–Parro prices are not finite",
            residual=float("inf"),
            iterations=info.iterations,
        )
    return CPEquilibrium(np.exp(lw), c, P, pi, Xp.copy(), income, tau_new, info.iterations, "loops")


@dataclass(frozen=True, slots=True)
class CPWelfare:
    countries: tuple[str, ...]
    welfare_pct: FloatArray  # first-order ToT + VoT (as CP publish)
    tot_pct: FloatArray
    vot_pct: FloatArray
    exact_pct: FloatArray  # Î/P̂ − 1

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "iso3": self.countries,
                "welfare_pct": self.welfare_pct,
                "terms_of_trade_pct": self.tot_pct,
                "volume_of_trade_pct": self.vot_pct,
                "welfare_exact_pct": self.exact_pct,
            }
        )


def cp_welfare(data: CPData, base: CPEquilibrium, cf: CPEquilibrium) -> CPWelfare:
    """Counterfactual relative to the baseline equilibrium: ToT + VoT (first order, at
    baseline values) and the exact Î/P̂ (MODELS §4d step 8)."""
    c_hat = cf.c_hat / base.c_hat  # (J, N)
    M_b = base.pi * base.expend[:, :, None] / (1 + base.tau)  # imports of n from i
    M_c = cf.pi * cf.expend[:, :, None] / (1 + cf.tau)
    with np.errstate(divide="ignore", invalid="ignore"):
        M_hat = np.where(M_b > 0, M_c / M_b, 1.0)
    E_b = np.transpose(M_b, (0, 2, 1))  # exports of n to i = imports of i from n
    offd = ~np.eye(data.n, dtype=bool)[None]
    I_b = base.income
    tot = ((E_b * (c_hat[:, :, None] - 1) - M_b * (c_hat[:, None, :] - 1)) * offd).sum(
        axis=(0, 2)
    ) / I_b
    vot = (base.tau * M_b * (M_hat - c_hat[:, None, :]) * offd).sum(axis=(0, 2)) / I_b
    P_index = np.exp((data.alpha * np.log(cf.P_hat / base.P_hat)).sum(axis=0))
    exact = (cf.income / base.income) / P_index
    return CPWelfare(data.countries, 100 * (tot + vot), 100 * tot, 100 * vot, 100 * (exact - 1))


def nafta_tariffs(
    data: CPData, tariffs2005: FloatArray, members: tuple[str, ...] = ("CAN", "MEX", "USA")
) -> FloatArray:
    """2005 tariffs for pairs within the agreement, 1993 tariffs elsewhere (step 6)."""
    N, J, Jt = data.n, data.j, data.tradable
    t05 = np.zeros((J, N, N))
    t05[:Jt] = tariffs2005.reshape(Jt, N, N) / 100.0
    idx = [data.countries.index(m) for m in members]
    out = data.tau.copy()
    for a in idx:
        for b in idx:
            if a != b:
                out[:, a, b] = t05[:, a, b]
    return out


def cp_sector_of(products: pd.Series, mapping: dict[int, list[str]]) -> np.ndarray:
    """CP sector (1–20, 0 when unmapped) of each HS code: the longest prefix wins."""
    best_len = np.zeros(len(products), dtype=int)
    sector = np.zeros(len(products), dtype=int)
    p = products.astype(str)
    for sec, prefixes in mapping.items():
        for pre in prefixes:
            hit = p.str.startswith(pre).to_numpy() & (len(pre) > best_len)
            sector[hit] = sec
            best_len[hit] = len(pre)
    return sector


def sector_tariffs(
    lines: pd.DataFrame, mapping: dict[int, list[str]], n_tradable: int = 20
) -> tuple[FloatArray, FloatArray]:
    """Trade-weighted mean rates by CP sector from tariff lines (``product``,
    ``value_usd``, ``rate``); returns (rates by sector, mapped value share by sector)."""
    sec = cp_sector_of(lines["product"], mapping)
    v = lines["value_usd"].to_numpy(float)
    r = lines["rate"].to_numpy(float)
    out = np.zeros(n_tradable)
    share = np.zeros(n_tradable)
    for s in range(1, n_tradable + 1):
        m = sec == s
        if v[m].sum() > 0:
            out[s - 1] = float((r[m] * v[m]).sum() / v[m].sum())
            share[s - 1] = float(v[m].sum() / v.sum())
    return out, share
