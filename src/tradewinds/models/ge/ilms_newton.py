"""The Newton–chord solver of the world tariff model (MODELS.md §4c): the reduced 2N
system in log wages and log labour, its analytic Jacobian (built and factored in single
precision, residuals in double), factorisations reused while they pay, chord steps
mixed with the previous one (Anderson acceleration of memory one)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from scipy.linalg.blas import dgemm, sgemm
from scipy.linalg.lapack import dgetrf, dgetrs, sgetrf, sgetrs

from tradewinds.errors import ConvergenceError
from tradewinds.models.ge.core import scratch_arrays
from tradewinds.models.ge.ilms_data import (
    FloatArray,
    ILMSData,
    Revenue,
)


class _Point(NamedTuple):
    """The quantities of step 5 at (log ŵ, log L̂), Ê eliminated through (b) (a named
    tuple: one is built per residual, and a tuple builds several times faster than a
    frozen dataclass)."""

    c: FloatArray  # (ŵ L̂^{−ψ})^{−ε}
    S: FloatArray  # Σ_j c_j base_ji
    Sx: FloatArray  # Σ_j c_j B^x_ji (= S − Qr)
    Qr: FloatArray  # Σ_j c_j B^r_ji (revenue R = k·Qr, ρ = Qr/S its share of E′)
    income: FloatArray  # ŵ L̂ Y
    G: FloatArray  # income + T·Σincome/ΣY = E′(1 − ρ)
    k: FloatArray  # E′/S
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
    cz_b: FloatArray  # Cz = diag(cz_b) Lx + diag(cz_br) Lr + diag(alpha3), Lx = Lb − Lr
    cz_br: FloatArray
    alpha3: FloatArray
    inv_d: FloatArray  # Cy = diag(d) + outer(d·ud, vy), Cy⁻¹ = diag(1/d) − outer(udn, vy/d)
    a_d: FloatArray  # a/d
    udn: FloatArray  # ud/(1 + vy·ud)
    vy: FloatArray
    IG: FloatArray  # income/G
    TG: FloatArray  # T/G
    kw: FloatArray  # k(1 − ν)
    cs: FloatArray  # c/sales
    rs: FloatArray  # rs2/sales
    c_j: FloatArray  # c in the Jacobian's precision


_FEW_COLUMNS = 16  # B^r kept by columns up to this many tariffed importers


class _Revenue:
    """B^r = base·t/(1+t), nonzero only where a tariff is: kept as its few nonzero
    columns when tariffs fall on a few importers (the usual case: the US column, plus a
    few partners' columns under targeted retaliation), as its entries when they are few
    but spread (reciprocal retaliation: the US row), dense otherwise."""

    def __init__(self, N: int, rows: FloatArray, cols: FloatArray, vals: FloatArray) -> None:
        self.N, self.rows, self.cols, self.vals = N, rows, cols, vals
        self.dense: FloatArray | None = None
        self.few: tuple[FloatArray, FloatArray] | None = None  # columns, B^r[:, columns]
        if len(vals) > 8 * N:
            self.dense = np.zeros((N, N))
            self.dense[rows, cols] = vals
            return
        which = np.flatnonzero(np.bincount(cols, minlength=N))  # sorted, distinct
        if len(which) <= _FEW_COLUMNS:
            Bc = np.zeros((N, len(which)))
            Bc[rows, np.searchsorted(which, cols)] = vals
            self.few = (which, Bc)

    def left(self, x: FloatArray) -> FloatArray:
        """x @ B^r."""
        if self.few is not None:
            out = np.zeros(self.N)
            out[self.few[0]] = x.dot(self.few[1])
            return out
        if self.dense is not None:
            return x @ self.dense
        return np.bincount(self.cols, x[self.rows] * self.vals, self.N)

    def right(self, x: FloatArray) -> FloatArray:
        """B^r @ x."""
        if self.few is not None:
            return self.few[1].dot(x[self.few[0]])
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
    an N×N Schur complement in dz, formed with one matrix product that also carries its
    rank-two terms (built transposed so that LAPACK factors it in place). A
    factorisation is kept (chord steps: two matrix–vector products and a triangular
    solve each) while it serves; see :func:`_solve_chord`. The Jacobian is formed and
    factored in single precision by default (``single``), and a step's products with
    B^x are taken in it too: they only steer the iteration, whose residuals are double,
    so the solution is the same, and the product and LU take half the time.

    Where the time goes (194 countries, one core; issue 18): a Jacobian ≈ 0.33 ms (the
    product ≈ 0.13, the LU ≈ 0.10, the rest vector work and four passes over N×N), a
    chord step with its residual ≈ 0.045 ms (four matrix–vector products, the
    triangular solves and some 80 NumPy calls on N-vectors, which dominate), and
    ≈ 0.15 ms to set up and report; a solve is one Jacobian and 10-12 steps, or two
    and about 7.
    """

    def __init__(
        self, data: ILMSData, t: FloatArray, revenue: Revenue, *, single: bool = True
    ) -> None:
        N = data.n
        self.N = N
        self.eps, self.kappa, self.psi = data.epsilon, data.kappa, data.psi
        self.one_phi = 1 - data.phi
        self.E, self.Y, self.T, self.nu = data.E, data.Y, data.T, data.nu
        self.inv_E = 1 / data.E
        self.c_w, self.c_L = -data.epsilon, data.epsilon * data.psi  # log c = c_w lw + c_L lL
        self.omn = 1 - data.nu
        self.inv_Ysum = 1 / data.Y.sum()
        self.a = 1 / (1 + data.psi)
        self.income_tax = revenue == "income_tax"
        self.ref = int(np.argmax(data.Y))
        self.single = single
        dtype = np.float32 if single else np.float64
        (B_x,) = scratch_arrays("ilms-chord", ((N, N),))
        self.W1, self.W2, self.A, self.Bf = scratch_arrays(
            "ilms-chord-jacobian", ((N, N + 2), (N, N + 2), (N, N), (N, N)), dtype=dtype
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
        N = self.N
        c = np.exp(self.c_w * lw + self.c_L * lL)
        Sx = c.dot(self.B_x)  # S = Sx + Qr, 1 − ρ = Sx/S
        Qr = self.B_r.left(c)
        S = Sx + Qr
        income = self.Y * np.exp(lw + lL)
        G = income + self.T * (income.sum() * self.inv_Ysum)
        k = G / Sx  # E′/S, E′ = G/(1 − ρ)
        sales = c * self.B_x.dot(k * self.omn) + self.nu * G  # ν G = ν_i Σ_j X′_ji
        log_E_hat = np.log(k * S * self.inv_E)
        log_P_hat = self.one_phi * (log_E_hat - lw) - np.log(S) / self.eps
        q = k * Qr / income  # R/income
        F = np.empty(2 * N)
        np.log(sales / income, out=F[:N])
        F[self.ref] = 0.0
        if self.income_tax:
            F[N:] = lL - self.kappa * (lw - log_P_hat - np.log1p(-q))
        else:
            F[N:] = lL - self.kappa * (lw - log_P_hat)
        return _Point(c, S, Sx, Qr, income, G, k, sales, q, log_E_hat, log_P_hat), F

    def factor(self, p: _Point) -> _Factor:
        """The Jacobian at p, reduced to the Schur complement in dz and LU-factored."""
        N, eps, kappa, psi, a = self.N, self.eps, self.kappa, self.psi, self.a
        one_phi, c, S, k, sales = self.one_phi, p.c, p.S, p.k, p.sales
        rho, rs2 = p.Qr / S, self.nu * p.G
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
        # (matrix–vector products: an N×2 product goes through a slower GEMM)
        xb0, xb1 = vd * cz_b, vy * y_b
        h1 = c * (B_x @ xb0 + B_r.right(xb0 + vd * cz_r)) + vd * alpha3
        h2 = c * (B_x @ xb1 + B_r.right(xb1 + vy * y_r)) + vy * y_d - (vy @ udn) * h1
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
        P1 = cs * (B_x @ (kw * IG * udn)) + rs * IG * udn - udn
        P2 = -cs * (B_x @ (kw * TG)) - rs * TG
        # built as A = Schᵀ in C order, so that A.T is Sch in Fortran order:
        # Schᵀ = Zᵀ B^xᵀ diag(c/sales) + diag(c)(B^x diag(f_b) + B^r diag(f_r + f_b))
        #        + diag(f_d) + outer(h1, P1) + outer(h2, P2),
        # Zᵀ = diag(c)(B^x diag(kw·w_b) + B^r diag(kw·(w_r + w_b)) + diag(kw·w_d/c)),
        # so Schᵀ = diag(c)(W1 (diag(c/sales) B^x)ᵀ + B^x diag(f_b) + B^r diag(f_r + f_b))
        # + …, W1 the bracket of Zᵀ: four passes over N×N and one GEMM accumulating in A
        A, W1, W2, Bf = self.A, self.W1, self.W2, self.Bf
        dt = A.dtype  # vectors in the matrices' precision: mixed operands are slow

        def v(x: FloatArray) -> FloatArray:
            return x.astype(dt, copy=False)

        # W1, W2 carry two more columns, h/c and P: the same product adds
        # outer(h1, P1) + outer(h2, P2) once A is scaled by c
        np.multiply(Bf, v(kw * w_b), out=W1[:, :N])
        B_r.add_scaled(W1[:, :N], kw * (w_r + w_b))
        W1.reshape(-1)[:: N + 3][:N] += kw * w_d / c  # the diagonal of W1[:, :N]
        W1[:, N], W1[:, N + 1] = h1 / c, h2 / c
        np.multiply(Bf, v(cs)[:, None], out=W2[:, :N])  # diag(c/sales) B^x
        W2[:, N], W2[:, N + 1] = P1, P2
        np.multiply(Bf, v(f_b), out=A)
        B_r.add_scaled(A, f_r + f_b)
        gemm = sgemm if self.single else dgemm
        # A.T += W2 W1ᵀ, that is A += W1 W2ᵀ (Fortran-order operands: no copies)
        A.T[...] = gemm(1.0, W2.T, W1.T, 1.0, A.T, trans_a=1, overwrite_c=True)  # in place
        A *= v(c)[:, None]
        A.flat[:: N + 1] += f_d
        A[:, self.ref] = 1.0  # row ref of Sch: the normalisation Σ dz = 0
        lu, piv, info = (sgetrf if self.single else dgetrf)(A.T, overwrite_a=True)
        if info != 0:
            raise np.linalg.LinAlgError(f"singular Jacobian (LAPACK getrf info {info})")
        inv_d = 1 / d
        cz_br = cz_b + cz_r
        return _Factor(
            lu, piv, p, cz_b, cz_br, alpha3, inv_d, a * inv_d, udn, vy, IG, TG, kw, cs, rs, v(c)
        )

    def step(self, f: _Factor, F: FloatArray) -> FloatArray:
        """The Newton step (−J⁻¹F with the factored J) in (log ŵ, log L̂), 2N values.
        Its products with B^x are taken in the Jacobian's precision, like the solve
        (the step only steers; the residuals decide)."""
        N, dt = self.N, self.Bf.dtype
        Fa, Fc = F[:N], F[N:]
        xd = Fc * f.inv_d
        x = xd - f.udn * xd.dot(f.vy)  # Cy⁻¹Fc (Sherman–Morrison)
        dey = f.IG * x + f.TG * x.dot(f.vy)  # (d log E′/dy) x
        # Sch dz = Ay Cy⁻¹Fc − Fa with Ay x = (M dey)/sales − x
        rhs = f.cs * self.Bf.dot((f.kw * dey).astype(dt)) + f.rs * dey - x - Fa
        rhs[self.ref] = 0.0
        getrs = sgetrs if self.single else dgetrs
        dz = getrs(f.lu, f.piv, rhs.astype(dt), overwrite_b=True)[0]
        cdz = f.c_j * dz  # Lx dz = (c·dz) B^x, Lr dz = (c·dz) B^r
        u = Fc + f.cz_b * cdz.dot(self.Bf) + f.cz_br * self.B_r.left(cdz) + f.alpha3 * dz
        ud = u * f.a_d
        ady = f.udn * ud.dot(f.vy) - ud  # a·dy = −a Cy⁻¹u
        dz *= self.a / self.eps
        out = np.empty(2 * N)
        np.subtract(self.psi * ady, dz, out=out[:N])
        np.add(ady, dz, out=out[N:])
        return out


_CHORD_RATE = 0.5  # keep a factorisation while each step at least halves the residual


_NEWTON_TARGET = 1e-14  # residual (log equations) the Newton path drives to: rounding level


_NEWTON_MAX_STEPS = 100


# a Jacobian costs about 3 + N/35 chord steps (one N×N product and LU against matrix–
# vector products; measured at N = 50-800); refresh when the steps to go exceed that
# plus the few Newton steps after a refresh (tuned on the world and synthetic worlds)
_REFRESH_COST_A, _REFRESH_COST_B, _REFRESH_MARGIN = 3.0, 35.0, 3.0


class _Mixer:
    """Anderson acceleration of memory one (type II; Walker & Ni 2011) of the chord
    iteration x ↦ x + s(x), s the step with the kept factorisation: the change of the
    step between the last two points corrects the next point for part of the error the
    factorisation leaves. It costs two vector differences and two dot products a step;
    where the Jacobian was formed far from the solution (ε = 8, retaliation) the chord
    steps get there with fewer Jacobians or fewer steps. Cleared whenever the
    factorisation changes."""

    def __init__(self) -> None:
        self.prev: tuple[FloatArray, FloatArray] | None = None

    def clear(self) -> None:
        self.prev = None

    def mix(self, x: FloatArray, s: FloatArray) -> FloatArray | None:
        """Record the step s at x; the mixed next point, or None without a previous one."""
        prev, self.prev = self.prev, (x, s)
        if prev is None:
            return None
        ds = s - prev[1]
        dd = float(ds.dot(ds))
        if not dd > 0:
            return None
        gamma = float(ds.dot(s)) / dd  # min ‖s − γ Δs‖
        return x + s - gamma * ((x - prev[0]) + ds)


def _solve_chord(
    system: _Chord, x0: FloatArray | None, tol: float, max_steps: int
) -> tuple[FloatArray, FloatArray, _Point, int, int, float]:
    """Newton–chord iterations, the chord steps mixed by :class:`_Mixer`. A
    factorisation is kept while each step at least halves the residual (2-norm; a mixed
    point that does not is replaced by the plain chord step) and refreshed when neither
    does, or when, from its third step on, the steps still to go at the observed rate
    would cost more than a new Jacobian; a fresh Newton step that does not reduce the
    residual is halved (it is a descent direction of the 2-norm). Stops at the rounding
    floor (max residual ≤ 1e-14, or no further decrease once below ``tol``). Returns
    log ŵ, log L̂ (before the numeraire), the final point, steps, Jacobians formed and
    the max residual."""
    N = system.N
    x = np.zeros(2 * N)  # log ŵ, log L̂
    if x0 is not None:
        x[:N], x[N:] = x0[:N], x0[2 * N :]
    with np.errstate(all="ignore"):  # a trial step may leave the domain: judged below
        p, F = system.evaluate(x[:N], x[N:])
        res, norm = float(np.abs(F).max()), math.sqrt(F.dot(F))
        if not np.isfinite(norm):
            raise ConvergenceError("ILMS 2025 Newton: start not finite", residual=res, iterations=0)
        fac: _Factor | None = None
        fresh = False  # is fac the Jacobian at the current point?
        mixer = _Mixer()
        far = _NEWTON_TARGET * math.sqrt(2 * N)
        steps = jacobians = chords = 0  # chords: steps taken with fac since it was fresh
        while res > _NEWTON_TARGET:
            if steps >= max_steps:
                res = float(np.abs(F).max())
                raise ConvergenceError("ILMS 2025 Newton", residual=res, iterations=steps)
            if fac is None:
                fac, fresh = system.factor(p), True
                jacobians += 1
                mixer.clear()
                chords = 0
            dx = system.step(fac, F)
            mixed = mixer.mix(x, dx)  # None on a fresh factorisation
            lam = 1.0
            while True:
                x1 = mixed if mixed is not None else x + lam * dx
                p1, F1 = system.evaluate(x1[:N], x1[N:])
                norm1 = math.sqrt(F1.dot(F1))
                if not np.isfinite(norm1):
                    norm1 = np.inf
                if norm1 <= _CHORD_RATE * norm or (fresh and norm1 < norm):
                    break  # accepted
                if mixed is not None:  # the mixed point does not serve: the plain step
                    mixed = None
                    continue
                if not fresh:  # the kept Jacobian no longer serves: refresh here
                    fac, fresh = system.factor(p), True
                    jacobians += 1
                    mixer.clear()
                    chords = 0
                    dx = system.step(fac, F)
                    mixer.mix(x, dx)
                    continue
                lam *= 0.5  # a fresh Newton step that does not reduce the residual
                if lam < 1e-6:
                    break
            if not norm1 < norm:  # no step helps: the rounding floor, or a failure
                res = float(np.abs(F).max())
                if res <= tol:
                    break
                raise ConvergenceError(
                    "ILMS 2025 Newton: no descent", residual=res, iterations=steps
                )
            if not fresh:
                chords += 1
                if chords >= 2:  # judged once mixing has had its say
                    rate = max(norm1 / norm, 1e-300)
                    to_go = math.log(_NEWTON_TARGET / norm1) / math.log(rate)
                    if to_go > _REFRESH_COST_A + N / _REFRESH_COST_B + _REFRESH_MARGIN:
                        fac = None
            x, p, F, norm = x1, p1, F1, norm1
            # max |F| ≥ ‖F‖₂/√(2N): taken only once the 2-norm allows it to be small
            res = float(np.abs(F).max()) if norm < far else norm
            fresh = False
            steps += 1
    return x[:N], x[N:], p, steps, jacobians, res
