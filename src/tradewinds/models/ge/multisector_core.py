"""The multi-sector model's baseline, input checks and solver core (MODELS.md §4f).

:class:`MultisectorBaseline` (a calibrated baseline), the checks every entry point runs,
and the Newton machinery of :mod:`tradewinds.models.ge.multisector`: the problem's fixed
arrays and per-thread work buffers (:class:`_Problem`), one evaluation of the equilibrium
at given log-wages (:class:`_State`), its analytic Jacobian and the damped Newton loop on
the N − 1 free log-wages (:func:`_newton`). Kept apart so that the public module reads as
the model: calibrate, solve, report.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from scipy.linalg import LinAlgError, lu_factor, lu_solve

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


def _read_only(*arrays: FloatArray) -> None:
    """Results are frozen: their arrays too (a caller cannot change a baseline by accident)."""
    for a in arrays:
        a.setflags(write=False)


def cost_array(kappa_hat: FloatArray | None, base: MultisectorBaseline) -> FloatArray | None:
    """Iceberg trade-cost changes κ̂ as a checked (N, N, S) copy, or None (no change)."""
    if kappa_hat is None:
        return None
    k = _tariff_array(kappa_hat, base.X.shape, "kappa_hat")
    bad = ~(np.isfinite(k) & (k > 0))
    if bad.any():
        i, j, s = (int(v) for v in np.argwhere(bad)[0])
        raise ScenarioError(
            f"trade-cost change {k[i, j, s]} on {base.countries[i]}'s {base.sectors[s]} goods "
            f"entering {base.countries[j]} is not positive and finite",
            field=f"kappa_hat[{base.countries[i]}, {base.countries[j]}, {base.sectors[s]}]",
            fix="κ̂ multiplies the trade cost: 1 for no change, large for a prohibitive one",
        )
    if not (k != 1.0).any():
        return None
    k.setflags(write=False)
    return k


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
    def build(
        cls, base: MultisectorBaseline, t_new: FloatArray, kappa_hat: FloatArray | None = None
    ) -> _Problem:
        """Only the cells whose tariff (or trade cost) changes are touched (a zero shock
        stays exact). ``kappa_hat``: iceberg trade-cost changes κ̂_ijk (no revenue)."""
        moved = np.flatnonzero(t_new.ravel() != base.t.ravel())
        prob = cls(base, t_new, _workspace(base.lam.shape))
        B, BQ = prob.B, prob.BQ
        np.copyto(B, base.lam)
        if kappa_hat is not None:
            costly = np.flatnonzero(kappa_hat.ravel() != 1.0)
            if costly.size:
                kh = kappa_hat.ravel()[costly]
                B.ravel()[costly] *= kh ** (-base.epsilon[costly % base.epsilon.size])
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
        # the merit is the system Newton solves (the free countries' gaps): on every gap
        # the step need not be a descent direction (the numeraire's gap, which Walras'
        # law settles, may grow first: a 2-country world with fixed deficits stalled)
        f0 = float(st.F[keep] @ st.F[keep])
        alpha = 1.0
        while True:
            with np.errstate(over="ignore", invalid="ignore"):  # a long trial step
                trial = prob.state(_to_x(z + alpha * step, ref, prob.logY), 1 - st.slot)
            ok = trial.ok and bool(np.all(np.isfinite(trial.F)))
            if ok and float(trial.F[keep] @ trial.F[keep]) <= (1 - 1e-4 * alpha) * f0:
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
