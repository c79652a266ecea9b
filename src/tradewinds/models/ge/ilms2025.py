"""The 2025 tariff model of Ignatenko, Lashkaripour, Macedoni & Simonovska (2025),
"Making America Great Again? The Economic Impacts of Liberation Day Tariffs",
Journal of International Economics 157:104138 (MODELS.md §4c).

One sector, N countries (the 194 of the world 2023 matrix), trade elasticity ε, scale
economies ψ, endogenous labour supply κ, incomplete tariff pass-through through φ,
deficits through the savings shares ν, tariff revenue returned as income-tax relief or
as a lump-sum rebate. Unknowns ŵ, Ê, L̂ (3N). Solved by Newton–chord iterations on a
reduced 2N system with the analytic Jacobian (:class:`_Chord`; about 1.5 ms for the 194
countries on one core of the shared 2-core machine, ×125-141 the published code's
fsolve in the same run: ``benchmarks/results/ge.json``), or, with ``method="anderson"``,
as the fixed point in logs with Anderson acceleration of the earlier releases
(:mod:`tradewinds.models.ge.core`; 8-13 ms), which is also the fallback. Either way
the numeraire Σ(P̂−1)E = 0 is imposed by rescaling (the system is homogeneous of
degree one in ŵ and Ê). Keep BLAS on one thread (``OPENBLAS_NUM_THREADS=1``): on a
busy machine a multithreaded BLAS made the Jacobian's product and LU ten times slower.

Calibration and equations follow MODELS.md §4c steps 1-6 (X in thousands of USD,
row = exporter; t[j, i] is the tariff on j's goods entering i).
"""

from __future__ import annotations

import numpy as np

from tradewinds.errors import ConvergenceError, ScenarioError
from tradewinds.models.ge.core import anderson_fixed_point
from tradewinds.models.ge.ilms_data import (  # noqa: F401 (re-exported)
    NU_TARGET_R,
    NU_TARGET_U,
    FloatArray,
    ILMSData,
    ILMSResult,
    Method,
    Revenue,
    _nu_two_region,
    calibrate_ilms,
    us_tariffs,
)
from tradewinds.models.ge.ilms_newton import (  # noqa: F401 (re-exported)
    _CHORD_RATE,
    _NEWTON_MAX_STEPS,
    _NEWTON_TARGET,
    _REFRESH_COST_A,
    _Chord,
    _Factor,
    _Point,
    _Revenue,
    _solve_chord,
)


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
    # the numeraire Σ(P̂ − 1)E = 0: P̂ is homogeneous of degree one in (ŵ, Ê); at
    # (sŵ, sÊ, L̂) c and the sums S, Sx, Qr scale by s^−ε, P̂ by s, k = ÊE/S by s^(1+ε)
    E, eps, B_x = data.E, data.epsilon, system.B_x
    P = np.exp(p.log_P_hat)
    scale = E.sum() / (P * E).sum()
    sc = scale**-eps
    w, Eh, L, P = np.exp(lw) * scale, np.exp(p.log_E_hat) * scale, np.exp(lL), P * scale
    c, Sx, Qr = p.c * sc, p.Sx * sc, p.Qr * sc
    k = Eh * E / (p.S * sc)
    R = k * Qr
    X_new = np.outer(c, k)
    X_new *= B_x
    # X'_ji = c_j B^x_ji k_i: its row sums, (1−ν)-weighted and plain, and its column sums
    # are matrix–vector products with B^x (one each: an N×2 product is a slower GEMM)
    sold_w, sold = c * (B_x @ (k * (1 - data.nu))), c * (B_x @ k)
    bought = k * Sx  # Σ_j X'_ji
    resid = _equations_met(data, revenue, w, Eh, L, P, sold_w + data.nu * bought, R)
    if not resid < 1e-8:
        raise ConvergenceError(
            "ILMS 2025 Newton: equations not met", residual=resid, iterations=steps
        )
    return _ilms_result(
        data, revenue, w, Eh, L, P, X_new, R, steps, resid, label, sums=(sold, bought)
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
    d1 = np.diagonal(X_new)
    exp0, imp0 = data.baseline_trade  # off the diagonal
    ones = np.ones(N)
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
    from scipy.optimize import fsolve  # (0.2 s to import: only where it is used)

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
