"""The Newton–chord solver of the world tariff model (MODELS.md §4c): the reduced 2N
system in log wages and log labour, its analytic Jacobian (built and factored in single
precision, residuals in double), factorisations reused while they pay."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.linalg.lapack import dgetrf, dgetrs, sgetrf, sgetrs

from tradewinds.errors import ConvergenceError
from tradewinds.models.ge.core import scratch_arrays
from tradewinds.models.ge.ilms_data import (
    FloatArray,
    ILMSData,
    Revenue,
)


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
