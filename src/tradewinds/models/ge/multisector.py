"""Multi-sector trade model on current world data (MODELS.md §4f).

Costinot & Rodríguez-Clare (2014, Handbook of International Economics 4, ch. 4, §3.3:
multiple sectors, no input–output loop) with tariff revenue and deficits; the model of
Lashkaripour (2021, "The cost of a global tariff war", JIE 131:103489) and his ``tariffwar``
package without the optimal-tariff part. Countries i, j (exporter, importer), sectors k with
trade elasticity ε_k; X_ijk at producer prices with domestic sales on the diagonal; t_ijk is
importer j's tariff on i's goods (fraction).

Calibration: E_jk = Σ_i X_ijk(1 + t_ijk); λ_ijk = X_ijk(1 + t_ijk)/E_jk; E_j = Σ_k E_jk;
β_jk = E_jk/E_j (Cobb–Douglas sector shares); Y_i = Σ_jk X_ijk; R_j = Σ_ik t_ijk X_ijk;
D_j = E_j − Y_j − R_j (= imports − exports at producer prices; Σ_j D_j = 0).

Counterfactual t′, τ̂ = (1 + t′)/(1 + t), unknown wages ŵ (N):

    A_ijk  = λ_ijk (ŵ_i τ̂_ijk)^{−ε_k};  λ′_ijk = A_ijk / Σ_l A_ljk;  P̂_jk = (Σ_l A_ljk)^{−1/ε_k}
    ρ_j    = Σ_k β_jk Σ_i λ′_ijk t′_ijk/(1 + t′_ijk);  E′_j = (ŵ_j Y_j + D_j)/(1 − ρ_j)
    ŵ_i Y_i = Σ_j Σ_k λ′_ijk β_jk E′_j/(1 + t′_ijk)   (all i but one; Walras' law gives the last)
    Σ_i ŵ_i Y_i = Σ_i Y_i                                  (numeraire: world output)
    P̂_j = Π_k P̂_jk^{β_jk};  welfare Ŵ_j = Ê_j / P̂_j,  Ê_j = E′_j / E_j

Deficits: ``"fixed"`` holds D_j in nominal terms (world output is the numeraire);
``"balanced"`` first solves t′ = t with D′ = 0 and uses that equilibrium as the baseline
(Ossa 2014; Lashkaripour's ``tariffwar`` ``balance_trade``); every result says which.

Solver: Newton's method on the N − 1 free log-wages. The numeraire is built into the
parametrisation (ŵ = e^z · ΣY/Σ e^z Y with z fixed at 0 for the largest economy, whose market
clears by Walras' law), the Jacobian is analytic (one N×(N·S) by (N·S)×N product per step),
a backtracking line search keeps each step inside the region where expenditures are positive,
and below a residual of 1e-6 a step reuses the last Jacobian while that still cuts the
residual tenfold (chord steps). With elasticities up to ε = 65 (CP's C19) a damped wage update
does not converge (MODELS §4f); Newton takes 3–6 steps. Zero shock: the residual at ŵ = 1
is below the tolerance, no step is taken, and every hat is computed relative to the model's own
baseline evaluation, so all hats are exactly 1.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd
from scipy.linalg import LinAlgError, lu_factor, lu_solve
from scipy.optimize import fsolve

from tradewinds.errors import ConvergenceError, DataValidationError, ScenarioError

FloatArray = np.ndarray
Deficits = Literal["fixed", "balanced"]
CHORD_BELOW = 1e-6  # below this residual a Newton step may reuse the last Jacobian
DEFICIT_LABELS = {
    "fixed": "data deficits held fixed (nominal)",
    "balanced": "balanced-trade baseline (t′ = t, D′ = 0 solved first)",
}


# ------------------------------------------------------------------------------ baseline
@dataclass(frozen=True, slots=True)
class MultisectorBaseline:
    """A calibrated baseline: the flows every counterfactual is measured from.

    For ``deficits="balanced"`` ``X`` is the balanced-trade equilibrium (not the data) and
    ``D`` its deficits, zero up to that solve's tolerance (``balance_residual``)."""

    countries: tuple[str, ...]
    sectors: tuple[str, ...]
    X: FloatArray  # (N, N, S) producer prices, exporter × importer × sector
    t: FloatArray  # (N, N, S) baseline tariffs
    epsilon: FloatArray  # (S,)
    lam: FloatArray  # (N, N, S) λ_ijk (a placeholder λ_jjk = 1 where E_jk = 0, with β_jk = 0)
    beta: FloatArray  # (N, S) β_jk
    E: FloatArray  # (N,) expenditure gross of tariffs
    Y: FloatArray  # (N,) output at producer prices
    R: FloatArray  # (N,) tariff revenue
    D: FloatArray  # (N,) deficits E − Y − R
    deficits: str = "fixed"
    balance_w_hat: FloatArray | None = None  # balanced mode: wages of the balanced baseline
    balance_iterations: int = 0
    balance_residual: float = 0.0
    # the model's own evaluation at ŵ = 1, t′ = t (hats are taken relative to it, so that a
    # zero shock gives exactly 1): β/(1 + t), Σ_i λ_ijk, E′ and X′
    Q0: FloatArray = field(default_factory=lambda: np.zeros(0))
    S0: FloatArray = field(default_factory=lambda: np.zeros(0))
    E0: FloatArray = field(default_factory=lambda: np.zeros(0))
    X0: FloatArray = field(default_factory=lambda: np.zeros(0))

    @property
    def n(self) -> int:
        return len(self.countries)

    @property
    def label(self) -> str:
        return DEFICIT_LABELS[self.deficits]


def _labels(given: tuple[str, ...] | list[str] | None, n: int, what: str) -> tuple[str, ...]:
    if given is None:
        return tuple(f"{what}{k}" for k in range(n))
    out = tuple(str(c) for c in given)
    if len(out) != n:
        raise ScenarioError(
            f"{len(out)} {what} labels for {n} {what}s in the data",
            field=what,
            fix="give one label per row/column/sector of X, in order",
        )
    return out


def _check_shape(X: FloatArray) -> None:
    if X.ndim != 3 or X.shape[0] != X.shape[1]:
        raise DataValidationError(
            f"the trade array is {X.shape}, not N×N×S",
            column="X",
            fix="give X[exporter, importer, sector] with the same countries on both axes",
        )


def check_multisector_inputs(
    X: FloatArray,
    t: FloatArray,
    epsilon: FloatArray,
    *,
    countries: tuple[str, ...],
    sectors: tuple[str, ...],
    t_field: str = "t",
) -> None:
    """Shapes, signs and finiteness of the model inputs; typed errors naming the cell."""
    _check_shape(X)
    S = X.shape[2]
    if t.shape != X.shape:
        raise ScenarioError(
            f"tariffs of shape {t.shape} for trade of shape {X.shape}",
            field=t_field,
            fix="give one tariff per exporter, importer and sector (0 where none)",
        )
    if epsilon.shape != (S,):
        raise ScenarioError(
            f"{epsilon.size} elasticities for {S} sectors",
            field="epsilon",
            fix="give one trade elasticity per sector, in the sectors' order",
        )
    bad_eps = ~(np.isfinite(epsilon) & (epsilon > 0))
    if bad_eps.any():
        k = int(np.flatnonzero(bad_eps)[0])
        raise ScenarioError(
            f"trade elasticity {epsilon[k]} for sector {sectors[k]} must be positive and finite",
            field=f"epsilon[{sectors[k]}]",
            fix="use a published set (e.g. CP) or a positive value such as 4",
        )
    bad = ~np.isfinite(X) | (X < 0)
    if bad.any():
        i, j, k = (int(v) for v in np.argwhere(bad)[0])
        what = "negative" if np.isfinite(X[i, j, k]) else "missing or infinite"
        raise DataValidationError(
            f"{what} trade value {X[i, j, k]} from {countries[i]} to {countries[j]} in "
            f"sector {sectors[k]}",
            row=i + 1,
            column=f"X[{countries[i]}, {countries[j]}, {sectors[k]}]",
            fix="trade values must be finite and ≥ 0 (fill missing cells with 0)",
        )
    bad_t = ~np.isfinite(t) | (t <= -1)
    if bad_t.any():
        i, j, k = (int(v) for v in np.argwhere(bad_t)[0])
        raise ScenarioError(
            f"tariff {t[i, j, k]} on {countries[i]}'s {sectors[k]} goods entering "
            f"{countries[j]} is not a finite fraction above −1",
            field=f"{t_field}[{countries[i]}, {countries[j]}, {sectors[k]}]",
            fix="tariffs are fractions: 0.5 for 50%",
        )
    Y = X.sum(axis=(1, 2))
    E = X.sum(axis=(0, 2))
    for arr, kind in ((Y, "sells nothing"), (E, "buys nothing")):
        if (arr <= 0).any():
            i = int(np.flatnonzero(arr <= 0)[0])
            raise DataValidationError(
                f"economy {countries[i]} {kind} in any sector",
                row=i + 1,
                column="X",
                fix="drop the economy or give its domestic sales (the diagonal)",
            )


def calibrate_multisector(
    X: FloatArray,
    t: FloatArray,
    *,
    epsilon: FloatArray,
    countries: tuple[str, ...] | list[str] | None = None,
    sectors: tuple[str, ...] | list[str] | None = None,
    deficits: Deficits = "fixed",
    tol: float = 1e-12,
    max_iter: int = 100,
    w0: FloatArray | None = None,
) -> MultisectorBaseline:
    """The baseline for counterfactuals: X (N, N, S) at producer prices with domestic sales,
    t (N, N, S) baseline tariffs, ε (S,). ``deficits="balanced"`` solves t′ = t with D′ = 0
    first (``w0`` warm-starts that solve) and calibrates on its flows."""
    X = np.array(X, dtype=float)
    _check_shape(X)
    S_ = X.shape[2]
    t = _tariff_array(t, X.shape, "t")
    eps = np.array(epsilon, dtype=float).reshape(-1)
    if deficits not in DEFICIT_LABELS:
        raise ScenarioError(
            f"deficits {deficits!r}", field="deficits", fix="use 'fixed' or 'balanced'"
        )
    c = _labels(countries, X.shape[0], "country")
    s = _labels(sectors, S_, "sector")
    check_multisector_inputs(X, t, eps, countries=c, sectors=s)
    if deficits == "fixed":
        return _calibrate(X, t, eps, c, s, D=None)
    zero_d = _calibrate(X, t, eps, c, s, D=np.zeros(len(c)), reference=False)
    prob = _Problem.build(zero_d, t)
    st, iterations, resid = _newton(prob, w0, tol=tol, max_iter=max_iter, what="balanced baseline")
    Xb = st.lamQ * st.E_new[None, :, None]  # λ′ β E′ /(1 + t): producer-price flows
    bal = _calibrate(Xb, t, eps, c, s, D=None)
    return dataclasses.replace(
        bal,
        deficits="balanced",
        balance_w_hat=np.exp(st.x),
        balance_iterations=iterations,
        balance_residual=resid,
    )


def _calibrate(
    X: FloatArray,
    t: FloatArray,
    eps: FloatArray,
    c: tuple[str, ...],
    s: tuple[str, ...],
    *,
    D: FloatArray | None,
    reference: bool = True,
) -> MultisectorBaseline:
    """Shares and totals of §4f; ``D`` = None takes the deficits of the flows. ``reference``:
    also the model's own evaluation at the baseline (S0, E0, X0; needed to report hats)."""
    gross = X * (1 + t)
    E_sec = gross.sum(axis=0)  # (N, S) importer × sector
    E = E_sec.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        lam = np.where(E_sec[None] > 0, gross / E_sec[None], 0.0)
    absent = E_sec <= 0  # j buys nothing of k: a placeholder share, weight β_jk = 0
    if absent.any():
        jj, kk = np.nonzero(absent)
        lam[jj, jj, kk] = 1.0
    beta = E_sec / E[:, None]
    Y = X.sum(axis=(1, 2))
    R = (X * t).sum(axis=(0, 2))
    if D is None:
        D = E - Y - R
    Q0 = beta[None, :, :] / (1 + t)
    base = MultisectorBaseline(c, s, X, t, eps, lam, beta, E, Y, R, D, Q0=Q0)
    if not reference:
        return base
    st0 = _Problem.build(base, t).state(np.zeros(len(c)))
    out = dataclasses.replace(
        base, S0=st0.Ssum, E0=st0.E_new, X0=st0.lamQ * st0.E_new[None, :, None]
    )
    _read_only(out.X, out.t, out.lam, out.beta, out.E, out.Y, out.R, out.D, out.Q0, out.X0)
    return out


def _read_only(*arrays: FloatArray) -> None:
    """Results are frozen: their arrays too (a caller cannot change a baseline by accident)."""
    for a in arrays:
        a.setflags(write=False)


# ------------------------------------------------------------------------------ the core
@dataclass(frozen=True, slots=True)
class _State:
    """The equilibrium quantities at log-wages x. ``lamQ`` is a work buffer of the problem:
    valid until the problem evaluates another point in the same slot."""

    x: FloatArray  # log ŵ
    slot: int
    a: FloatArray  # (N, S) ŵ_i^{−ε_k}
    Ssum: FloatArray  # (N, S) Σ_l A_ljk
    lamQ: FloatArray  # (N, N, S) λ′ β /(1 + t′)
    K: FloatArray  # (N, N) Σ_k λ′ β /(1 + t′)
    rho: FloatArray  # (N,)
    E_new: FloatArray  # (N,)
    sales: FloatArray  # (N,)
    F: FloatArray  # (N,) log(sales / ŵY)
    ok: bool


_LOCAL = threading.local()


def _workspace(shape: tuple[int, ...]) -> list[FloatArray]:
    """Six N×N×S work arrays for one solve, kept per thread and reused by the next solve of
    the same shape: fresh pages cost more than the arithmetic here (a solve that allocated its
    buffers spent ~40% of its CPU time in page faults on this machine). One shape is kept per
    thread; a solve never returns a view of them."""
    ws: list[FloatArray] | None = getattr(_LOCAL, "work", None)
    if ws is None or ws[0].shape != shape:
        ws = [np.empty(shape) for _ in range(6)]
        _LOCAL.work = ws
    return ws


def release_work_arrays() -> None:
    """Free this thread's multi-sector work arrays (six N×N×S arrays kept between solves;
    about 115 MB after a 200 × 60 solve). The next solve allocates them again."""
    _LOCAL.work = None


class _Problem:
    """Everything fixed during one solve and its work buffers (two slots for λ′Q, two
    scratch arrays for the Jacobian), so that the Newton loop allocates no large array.
    λ′ itself is formed only for a Jacobian. Arrays from :func:`_workspace`: one problem
    at a time per thread."""

    def __init__(self, base: MultisectorBaseline, t_new: FloatArray, ws: list[FloatArray]):
        self.base = base
        self.t_new = t_new
        self.B = ws[0]  # λ τ̂^{−ε}
        self.BQ = ws[1]  # λ τ̂^{−ε} β/(1 + t′)
        self._lamQ = (ws[2], ws[3])
        self._lam = (ws[4], ws[5])
        self.ones = np.ones(base.epsilon.size)
        self.eps = base.epsilon
        self.logY = np.log(base.Y)
        self.ref = int(np.argmax(base.Y))  # its market clears by Walras' law

    @classmethod
    def build(cls, base: MultisectorBaseline, t_new: FloatArray) -> _Problem:
        """Only the cells whose tariff changes are touched (a zero shock stays exact)."""
        moved = np.flatnonzero(t_new.ravel() != base.t.ravel())
        prob = cls(base, t_new, _workspace(base.lam.shape))
        B, BQ = prob.B, prob.BQ
        np.copyto(B, base.lam)
        if moved.size:
            tn = t_new.ravel()[moved]
            bad = ~(np.isfinite(tn) & (tn > -1))
            if bad.any():
                i, j, k = np.unravel_index(int(moved[np.flatnonzero(bad)[0]]), t_new.shape)
                raise ScenarioError(
                    f"tariff {t_new[i, j, k]} on {base.countries[i]}'s {base.sectors[k]} goods "
                    f"entering {base.countries[j]} is not a finite fraction above −1",
                    field=f"t_new[{base.countries[i]}, {base.countries[j]}, {base.sectors[k]}]",
                    fix="tariffs are fractions: 0.5 for 50%",
                )
            S = base.epsilon.size
            ks = moved % S
            js = (moved // S) % base.n
            tau_hat = (1.0 + tn) / (1.0 + base.t.ravel()[moved])
            B.ravel()[moved] *= tau_hat ** (-base.epsilon[ks])
        np.multiply(B, base.Q0, out=BQ)
        if moved.size:
            BQ.ravel()[moved] = B.ravel()[moved] * (base.beta[js, ks] / (1.0 + tn))
        return prob

    def state(self, x: FloatArray, slot: int = 0) -> _State:
        b = self.base
        N = b.n
        a = np.exp(-self.eps[None, :] * x[:, None])  # ŵ_i^{−ε_k}
        Ssum = np.einsum("ijk,ik->jk", self.B, a)  # Σ_i A_ijk, without forming A
        lamQ = np.multiply(self.BQ, a[:, None, :], out=self._lamQ[slot])
        lamQ /= Ssum[None, :, :]
        K = (lamQ.reshape(N * N, -1) @ self.ones).reshape(N, N)  # Σ_k (a gemv: fast)
        rho = b.beta.sum(axis=1) - K.sum(axis=0)  # Σ_k β_jk Σ_i λ′ t′/(1+t′), as Σ λ′ = 1
        income = np.exp(x) * b.Y + b.D
        E_new = income / (1.0 - rho)
        sales = K @ E_new
        with np.errstate(divide="ignore", invalid="ignore"):
            F = np.log(sales) - x - self.logY
        ok = bool(np.all(income > 0) and np.all(np.isfinite(F)))
        return _State(x, slot, a, Ssum, lamQ, K, rho, E_new, sales, F, ok)

    def jacobian(self, st: _State) -> FloatArray:
        """∂F_i/∂x_l with F = log(sales/ŵY), x = log ŵ (λ′ and W in the scratch buffers).

        With λ′_ijk = A_ijk/Σ_l A_ljk, ∂λ′_ijk/∂x_l = −ε_k λ′_ijk (δ_il − λ′_ljk); with
        Q = β/(1 + t′), q_jk = Σ_i λ′_ijk Q_ijk and ρ_j = Σ_k (β_jk − q_jk):
        ∂ρ_j/∂x_l = Σ_k ε_k λ′_ljk (Q_ljk − q_jk);
        ∂E′_j/∂x_l = δ_jl ŵ_j Y_j/(1 − ρ_j) + E′_j/(1 − ρ_j) ∂ρ_j/∂x_l;
        ∂sales_i/∂x_l = −δ_il Σ_jk W_ijk + Σ_jk W_ijk λ′_ljk + Σ_j K_ij ∂E′_j/∂x_l with
        W_ijk = ε_k λ′_ijk Q_ijk E′_j (= ε_k X′_ijk) and K_ij = Σ_k λ′_ijk Q_ijk."""
        b = self.base
        N = b.n
        eps = self.eps
        lamQ, E_new = st.lamQ, st.E_new
        lam = np.multiply(self.B, st.a[:, None, :], out=self._lam[0])
        lam /= st.Ssum[None, :, :]
        q = lamQ.sum(axis=0)
        T1 = (lamQ.reshape(N * N, -1) @ eps).reshape(N, N)  # [l, j] Σ_k ε_k (λ′Q)_ljk
        T2 = np.einsum("ljk,jk->lj", lam, q * eps[None, :])
        drho = (T1 - T2).T  # [j, l]
        one_minus = 1.0 - st.rho
        dE = (E_new / one_minus)[:, None] * drho
        dE[np.diag_indices(N)] += np.exp(st.x) * b.Y / one_minus
        W = np.multiply(lamQ, (E_new[:, None] * eps[None, :])[None, :, :], out=self._lam[1])
        J = W.reshape(N, -1) @ lam.reshape(N, -1).T
        J[np.diag_indices(N)] -= T1 @ E_new
        J += st.K @ dE
        J /= st.sales[:, None]
        J[np.diag_indices(N)] -= 1.0
        return J


def _to_x(z: FloatArray, ref: int, logY: FloatArray) -> FloatArray:
    """Free coordinates → log-wages on the numeraire Σ ŵY = ΣY."""
    xf = np.insert(z, ref, 0.0)
    Y = np.exp(logY)
    return xf + np.log(Y.sum() / (np.exp(xf) * Y).sum())


def _newton(
    prob: _Problem,
    w0: FloatArray | None,
    *,
    tol: float,
    max_iter: int,
    what: str,
) -> tuple[_State, int, float]:
    """Newton on the N − 1 free log-wages; returns (state at the solution, iterations,
    max residual)."""
    N = prob.base.n
    ref = prob.ref
    keep = np.arange(N) != ref
    if w0 is None:
        z = np.zeros(N - 1)
    else:
        w0 = np.asarray(w0, dtype=float)
        if w0.shape != (N,) or not (np.isfinite(w0).all() and (w0 > 0).all()):
            raise ScenarioError(
                f"warm start of shape {w0.shape} (positive, finite, one per country expected)",
                field="w0",
                fix="pass the w_hat of an earlier solve of the same data, or nothing",
            )
        z = (np.log(w0) - np.log(w0[ref]))[keep]
    st = prob.state(_to_x(z, ref, prob.logY), 0)
    if not st.ok:
        raise ConvergenceError(
            f"{what}: the starting point is infeasible (an expenditure ≤ 0)",
            residual=float("inf"),
            iterations=0,
        )

    def resid(s: _State) -> float:
        return float(np.max(np.abs(np.expm1(s.F))))

    res = resid(st)
    it = 0
    lu: tuple[FloatArray, FloatArray] | None = None
    reuse = False  # may the next step reuse the last Jacobian?
    while res > tol:
        if it >= max_iter:
            raise ConvergenceError(f"{what} did not converge", residual=res, iterations=it)
        it += 1
        # near the solution the Jacobian barely moves: reuse it (a chord step) while that
        # still cuts the residual tenfold; otherwise take a full Newton step
        if lu is None or res > CHORD_BELOW or not reuse:
            Jx = prob.jacobian(st)
            sh = np.exp(st.x + prob.logY)
            sh /= sh.sum()
            # chain rule through the numeraire: ∂x/∂z = I − 1 sᵀ (free coordinates' columns)
            Jz = (Jx - Jx.sum(axis=1, keepdims=True) * sh[None, :])[np.ix_(keep, keep)]
            try:
                lu = lu_factor(Jz, check_finite=False)
            except (LinAlgError, ValueError) as exc:
                raise ConvergenceError(
                    f"{what}: singular Jacobian ({exc})", residual=res, iterations=it
                ) from None
        step = -lu_solve(lu, st.F[keep], check_finite=False)
        if not np.all(np.isfinite(step)):
            raise ConvergenceError(f"{what}: singular Jacobian", residual=res, iterations=it)
        f0 = float(st.F @ st.F)
        alpha = 1.0
        while True:
            trial = prob.state(_to_x(z + alpha * step, ref, prob.logY), 1 - st.slot)
            if trial.ok and float(trial.F @ trial.F) <= (1 - 1e-4 * alpha) * f0:
                break
            alpha *= 0.5
            if alpha < 1e-10:
                raise ConvergenceError(
                    f"{what}: no Newton step reduces the residual", residual=res, iterations=it
                )
        z = z + alpha * step
        st = trial
        new_res = resid(st)
        reuse = new_res < 0.1 * res
        res = new_res
    return st, it, res


# ------------------------------------------------------------------------------ results
@dataclass(frozen=True, slots=True)
class MultisectorResult:
    """A counterfactual relative to ``baseline`` (its flows are the "before" values).

    Levels after the shock are the baseline levels times the hats; values in the units of X
    (US dollars for the ICIO data); ``*_pct`` are percent changes."""

    baseline: MultisectorBaseline
    t_new: FloatArray  # (N, N, S)
    w_hat: FloatArray  # (N,)
    E_hat: FloatArray  # (N,) expenditure
    P_hat: FloatArray  # (N,) Π_k P̂_jk^{β_jk}
    P_hat_sector: FloatArray  # (N, S) importer × sector (NaN where the importer buys none)
    welfare_hat: FloatArray  # (N,) Ê/P̂
    X_model: FloatArray  # (N, N, S) λ′_ijk β_jk E′_j/(1 + t′_ijk) at the solution
    iterations: int
    max_residual: float  # max_i |sales_i/(ŵ_i Y_i) − 1| at the solution
    tol: float
    notes: tuple[str, ...] = field(default_factory=tuple)

    # ---------------------------------------------------------------- levels
    @property
    def countries(self) -> tuple[str, ...]:
        return self.baseline.countries

    @property
    def sectors(self) -> tuple[str, ...]:
        return self.baseline.sectors

    @property
    def deficits(self) -> str:
        return self.baseline.deficits

    @property
    def X_before(self) -> FloatArray:
        return self.baseline.X

    @property
    def trade_hat(self) -> FloatArray:
        """X′/X by exporter, importer and sector (1 where X = 0), relative to the model's own
        evaluation of the baseline (so exactly 1 for a zero shock)."""
        b = self.baseline
        out = np.ones_like(b.X)
        np.divide(self.X_model, b.X0, out=out, where=b.X > 0)
        return out

    @property
    def X_after(self) -> FloatArray:
        """Flows after the shock: baseline flows × hats (producer prices)."""
        return self.baseline.X * self.trade_hat

    def _flows(self, X: FloatArray) -> tuple[FloatArray, FloatArray]:
        """(exports, imports) by country and sector, off the diagonal: (N, S) each."""
        N = X.shape[0]
        dom = X[np.arange(N), np.arange(N), :]
        return X.sum(axis=1) - dom, X.sum(axis=0) - dom

    @property
    def revenue_after(self) -> FloatArray:
        return (self.X_after * self.t_new).sum(axis=(0, 2))

    @property
    def deficit_after(self) -> FloatArray:
        """Imports − exports at producer prices after the shock (= D for fixed deficits)."""
        ex, im = self._flows(self.X_after)
        return im.sum(axis=1) - ex.sum(axis=1)

    # ---------------------------------------------------------------- frames
    def countries_frame(self) -> pd.DataFrame:
        """One row per economy: welfare, wage, prices, expenditure, output, revenue,
        exports, imports and deficit before and after."""
        b = self.baseline
        ex0, im0 = self._flows(b.X)
        ex1, im1 = self._flows(self.X_after)
        ex0, im0, ex1, im1 = ex0.sum(1), im0.sum(1), ex1.sum(1), im1.sum(1)
        with np.errstate(divide="ignore", invalid="ignore"):
            return pd.DataFrame(
                {
                    "iso3": list(b.countries),
                    "welfare_pct": 100 * (self.welfare_hat - 1),
                    "wage_pct": 100 * (self.w_hat - 1),
                    "prices_pct": 100 * (self.P_hat - 1),
                    "real_wage_pct": 100 * (self.w_hat / self.P_hat - 1),
                    "expenditure_pct": 100 * (self.E_hat - 1),
                    "exports_pct": 100 * (ex1 / ex0 - 1),
                    "imports_pct": 100 * (im1 / im0 - 1),
                    "w_hat": self.w_hat,
                    "P_hat": self.P_hat,
                    "E_hat": self.E_hat,
                    "expenditure_before": b.E,
                    "expenditure_after": b.E * self.E_hat,
                    "output_before": b.Y,
                    "output_after": b.Y * self.w_hat,
                    "tariff_revenue_before": b.R,
                    "tariff_revenue_after": self.revenue_after,
                    "exports_before": ex0,
                    "exports_after": ex1,
                    "imports_before": im0,
                    "imports_after": im1,
                    "deficit_before": im0 - ex0,
                    "deficit_after": im1 - ex1,
                    "baseline": b.deficits,
                }
            )

    def to_frame(self) -> pd.DataFrame:
        return self.countries_frame()

    def country_sector_frame(self) -> pd.DataFrame:
        """One row per economy and sector: output, exports, imports, expenditure (gross of
        tariffs), the sector price index and the domestic share, before and after."""
        b = self.baseline
        N, S = b.n, len(b.sectors)
        Xa = self.X_after
        ex0, im0 = self._flows(b.X)
        ex1, im1 = self._flows(Xa)
        Esec0 = (b.X * (1 + b.t)).sum(axis=0)
        Esec1 = (Xa * (1 + self.t_new)).sum(axis=0)
        d = np.arange(N)
        with np.errstate(divide="ignore", invalid="ignore"):
            dom0 = np.where(Esec0 > 0, b.X[d, d, :] * (1 + b.t[d, d, :]) / Esec0, np.nan)
            dom1 = np.where(Esec1 > 0, Xa[d, d, :] * (1 + self.t_new[d, d, :]) / Esec1, np.nan)
        rep = np.repeat(np.array(b.countries, dtype=object), S)
        return pd.DataFrame(
            {
                "iso3": rep,
                "sector": np.tile(np.array(b.sectors, dtype=object), N),
                "output_before": b.X.sum(axis=1).ravel(),
                "output_after": Xa.sum(axis=1).ravel(),
                "exports_before": ex0.ravel(),
                "exports_after": ex1.ravel(),
                "imports_before": im0.ravel(),
                "imports_after": im1.ravel(),
                "expenditure_before": Esec0.ravel(),
                "expenditure_after": Esec1.ravel(),
                "price_hat": self.P_hat_sector.ravel(),
                "prices_pct": 100 * (self.P_hat_sector.ravel() - 1),
                "domestic_share_before": dom0.ravel(),
                "domestic_share_after": dom1.ravel(),
            }
        )

    def pair_sector_frame(self, *, nonzero: bool = True) -> pd.DataFrame:
        """One row per exporter, importer and sector (those with baseline trade, unless
        ``nonzero=False``): flows before and after at producer prices, tariffs."""
        b = self.baseline
        N, S = b.n, len(b.sectors)
        Xb = b.X.ravel()
        Xa = self.X_after.ravel()
        keep = Xb > 0 if nonzero else np.ones(Xb.size, dtype=bool)
        c = np.array(b.countries, dtype=object)
        s = np.array(b.sectors, dtype=object)
        ii, jj, kk = np.unravel_index(np.flatnonzero(keep), (N, N, S))
        with np.errstate(divide="ignore", invalid="ignore"):
            pct = 100 * (Xa[keep] / Xb[keep] - 1)
        return pd.DataFrame(
            {
                "exporter": c[ii],
                "importer": c[jj],
                "sector": s[kk],
                "value_before": Xb[keep],
                "value_after": Xa[keep],
                "value_pct": pct,
                "tariff_before": b.t.ravel()[keep],
                "tariff_after": self.t_new.ravel()[keep],
            }
        )

    def summary(self) -> dict[str, object]:
        return {
            "deficits": self.baseline.label,
            "iterations": self.iterations,
            "max_residual": self.max_residual,
            "balance_iterations": self.baseline.balance_iterations,
            "balance_residual": self.baseline.balance_residual,
        }


def _tariff_array(t: FloatArray, shape: tuple[int, ...], name: str) -> FloatArray:
    """A float copy of ``t`` broadcast to ``shape`` (the caller's array is never kept)."""
    try:
        return np.array(np.broadcast_to(np.asarray(t, dtype=float), shape), dtype=float)
    except ValueError:
        raise ScenarioError(
            f"tariffs of shape {np.shape(t)} for trade of shape {shape}",
            field=name,
            fix="give one tariff per exporter, importer and sector (0 where none)",
        ) from None


def solve_multisector(
    baseline: MultisectorBaseline,
    t_new: FloatArray,
    *,
    w0: FloatArray | None = None,
    tol: float = 1e-12,
    max_iter: int = 100,
) -> MultisectorResult:
    """The equilibrium under tariffs ``t_new`` (N, N, S; importer j's rate on i's goods),
    relative to ``baseline``. ``w0``: warm start (ŵ of an earlier solve on this baseline)."""
    b = baseline
    tn = _tariff_array(t_new, b.X.shape, "t_new")
    if not (np.isfinite(tol) and tol > 0):
        raise ScenarioError(f"tolerance {tol}", field="tol", fix="use e.g. 1e-12")
    prob = _Problem.build(b, tn)
    st, iterations, res = _newton(prob, w0, tol=tol, max_iter=max_iter, what="multi-sector GE")
    # hats relative to the model's own baseline evaluation (b.S0, b.E0, b.X0), computed the
    # same way: a zero shock gives exactly 1
    w = np.exp(st.x)
    E_hat = st.E_new / b.E0
    absent = b.beta <= 0
    with np.errstate(divide="ignore", invalid="ignore"):
        P_sec = (st.Ssum / b.S0) ** (-1.0 / b.epsilon[None, :])
    P = np.exp((b.beta * np.log(np.where(absent, 1.0, P_sec))).sum(axis=1))
    P_sec = np.where(absent, np.nan, P_sec)
    X_model = st.lamQ * st.E_new[None, :, None]  # a new array: the buffer is reused
    _read_only(tn, w, E_hat, P, P_sec, X_model)
    notes: tuple[str, ...] = (
        f"Baseline: {b.label}.",
        f"Newton: {iterations} steps, max market-clearing gap {res:.2e} (tolerance {tol:g}).",
    )
    if b.deficits == "balanced":
        notes += (
            f"Balanced baseline solved in {b.balance_iterations} steps "
            f"(max gap {b.balance_residual:.2e}); 'before' values are that equilibrium, "
            "not the data.",
        )
    return MultisectorResult(
        b, tn, w, E_hat, P, P_sec, E_hat / P, X_model, iterations, res, tol, notes
    )


def solve_multisector_ge(
    X: FloatArray,
    t: FloatArray,
    t_new: FloatArray,
    *,
    epsilon: FloatArray,
    deficits: Deficits = "fixed",
    countries: tuple[str, ...] | list[str] | None = None,
    sectors: tuple[str, ...] | list[str] | None = None,
    w0: FloatArray | None = None,
    tol: float = 1e-12,
    max_iter: int = 100,
) -> MultisectorResult:
    """Calibrate (:func:`calibrate_multisector`) and solve (:func:`solve_multisector`)."""
    base = calibrate_multisector(
        X, t, epsilon=epsilon, countries=countries, sectors=sectors, deficits=deficits,
        tol=tol, max_iter=max_iter,
    )  # fmt: skip
    return solve_multisector(base, t_new, w0=w0, tol=tol, max_iter=max_iter)


def multisector_residuals(
    baseline: MultisectorBaseline, t_new: FloatArray, w_hat: FloatArray
) -> FloatArray:
    """Market-clearing gaps sales_i/(ŵ_i Y_i) − 1 at wages ``w_hat`` (for checks and peers)."""
    tn = _tariff_array(t_new, baseline.X.shape, "t_new")
    st = _Problem.build(baseline, tn).state(np.log(np.asarray(w_hat, dtype=float)))
    return np.asarray(np.expm1(st.F))


def raise_tariffs(
    t: FloatArray,
    countries: Sequence[str],
    sectors: Sequence[str],
    *,
    importer: str,
    add: float,
    exporters: Sequence[str] | None = None,
    only_sectors: Sequence[str] | None = None,
    except_sectors: Sequence[str] = (),
) -> FloatArray:
    """A copy of ``t`` with ``importer``'s tariff raised by ``add`` (0.5 = 50 percentage
    points) on the goods of ``exporters`` (default: every other economy) in ``only_sectors``
    (default: every sector) except ``except_sectors``; its own goods are never touched."""
    c = list(countries)
    s = list(sectors)

    def index(code: str, codes: list[str], kind: str, name: str) -> int:
        if code not in codes:
            raise ScenarioError(
                f"unknown {kind} {code!r}",
                field=name,
                fix=f"use one of {', '.join(codes[:10])}{', …' if len(codes) > 10 else ''}",
            )
        return codes.index(code)

    j = index(importer, c, "economy", "importer")
    ii = [
        index(e, c, "economy", "exporters") for e in (exporters or [x for x in c if x != importer])
    ]
    ks = [index(k, s, "sector", "only_sectors") for k in (only_sectors or s)]
    drop = {index(k, s, "sector", "except_sectors") for k in except_sectors}
    ks = [k for k in ks if k not in drop]
    out = np.array(t, dtype=float)
    rows = np.array([i for i in ii if i != j], dtype=int)
    if rows.size and ks:
        out[np.ix_(rows, np.array([j]), np.array(ks, dtype=int))] += add
    return out


# ------------------------------------------------------------------------------ the peer
def solve_multisector_fsolve(
    baseline: MultisectorBaseline,
    t_new: FloatArray,
    *,
    cubes: bool = True,
    xtol: float = 1e-12,
) -> FloatArray:
    """The peer, for benchmarks: MINPACK hybrd (``scipy.optimize.fsolve``; ``tariffwar`` calls
    MATLAB's ``fsolve``) on the 2N wage–income system as Lashkaripour's ``tariffwar`` writes
    it (``balanced_trade_equations.m``), from ones, with a finite-difference Jacobian.

    Unknowns: ŵ and the expenditure hats Ê, taken in absolute value as tariffwar does.
    Equations: wage income = sales net of tariffs (the last replaced by the numeraire
    Σ_i Y_i(ŵ_i − 1) = 0), and expenditure = wage income + tariff revenue + deficit.
    ``cubes=True`` builds every term as an N×N×S array per evaluation, as the MATLAB code
    does with ``repmat``/``permute`` (the port); ``cubes=False`` broadcasts the vectors
    instead (the same system, a faster residual). Returns ŵ."""
    b = baseline
    N, S = b.n, b.epsilon.size
    tn = _tariff_array(t_new, b.X.shape, "t_new")
    lam3 = b.lam * ((1 + tn) / (1 + b.t)) ** (-b.epsilon[None, None, :])
    e3 = np.broadcast_to(b.beta[None, :, :], (N, N, S)).copy()  # e_ik3D
    eps3 = np.broadcast_to(b.epsilon[None, None, :], (N, N, S)).copy()  # σ − 1
    E3 = np.tile(b.E[:, None, None], (1, N, S))  # Yi3D: factual expenditure, replicated
    Y, D = b.Y, b.D
    tiny = np.finfo(float).eps

    def system_cubes(v: FloatArray) -> FloatArray:
        w = np.abs(v[:N])
        Eh = np.abs(v[N:])
        w3 = np.tile(w[:, None, None], (1, N, S))  # repmat(wi_h, [1 N S])
        Eh3 = np.tile(Eh[:, None, None], (1, N, S))
        Ehj3 = Eh3.transpose(1, 0, 2)  # permute(Yi_h3D, [2 1 3])
        Ej3 = E3.transpose(1, 0, 2)
        aux0 = lam3 * w3 ** (-eps3)
        aux1 = np.tile(aux0.sum(axis=0, keepdims=True), (N, 1, 1))
        aux2 = aux0 / np.maximum(aux1, tiny)
        aux3 = aux2 * e3 * (Ehj3 * Ej3) / (1 + tn)
        err1 = aux3.sum(axis=2).sum(axis=1) - w * Y
        err1[N - 1] = np.sum(Y * (w - 1))
        aux5 = aux2 * e3 * (tn / (1 + tn)) * Ehj3 * Ej3
        err2 = aux5.sum(axis=2).sum(axis=0) + w * Y + D - Eh * b.E
        return np.concatenate([err1, err2])

    def system_broadcast(v: FloatArray) -> FloatArray:
        w = np.abs(v[:N])
        Eh = np.abs(v[N:])
        aux0 = lam3 * (w[:, None] ** (-b.epsilon[None, :]))[:, None, :]
        aux2 = aux0 / np.maximum(aux0.sum(axis=0, keepdims=True), tiny)
        spend = (Eh * b.E)[None, :, None]
        err1 = (aux2 * e3 * spend / (1 + tn)).sum(axis=(1, 2)) - w * Y
        err1[N - 1] = np.sum(Y * (w - 1))
        rev = (aux2 * e3 * (tn / (1 + tn)) * spend).sum(axis=(0, 2))
        return np.concatenate([err1, rev + w * Y + D - Eh * b.E])

    system = system_cubes if cubes else system_broadcast
    v, _, ier, msg = fsolve(system, np.ones(2 * N), full_output=True, xtol=xtol)
    if ier != 1:
        raise ConvergenceError(
            f"fsolve: {msg}", residual=float(np.max(np.abs(system(v)))), iterations=0
        )
    return np.asarray(np.abs(v[:N]))


__all__ = [
    "DEFICIT_LABELS",
    "Deficits",
    "MultisectorBaseline",
    "MultisectorResult",
    "calibrate_multisector",
    "check_multisector_inputs",
    "multisector_residuals",
    "raise_tariffs",
    "release_work_arrays",
    "solve_multisector",
    "solve_multisector_fsolve",
    "solve_multisector_ge",
]
