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
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from tradewinds.errors import ScenarioError
from tradewinds.models.ge.multisector_core import (
    DEFICIT_LABELS,
    Deficits,
    FloatArray,
    MultisectorBaseline,
    _check_shape,
    _labels,
    _newton,
    _Problem,
    _read_only,
    _tariff_array,
    check_multisector_inputs,
    cost_array,
    release_work_arrays,
)
from tradewinds.models.ge.multisector_results import MultisectorResult

if TYPE_CHECKING:
    from tradewinds.models.ge.multisector_peer import solve_multisector_fsolve


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


def solve_multisector(
    baseline: MultisectorBaseline,
    t_new: FloatArray,
    *,
    kappa_hat: FloatArray | None = None,
    w0: FloatArray | None = None,
    tol: float = 1e-12,
    max_iter: int = 100,
) -> MultisectorResult:
    """The equilibrium under tariffs ``t_new`` (N, N, S; importer j's rate on i's goods),
    relative to ``baseline``. ``kappa_hat``: iceberg trade-cost changes κ̂_ijk (N, N, S;
    A_ijk = λ_ijk (ŵ_i κ̂_ijk τ̂_ijk)^{−ε_k}, no revenue: an embargo as a prohibitive
    cost). ``w0``: warm start (ŵ of an earlier solve on this baseline)."""
    b = baseline
    tn = _tariff_array(t_new, b.X.shape, "t_new")
    kh = cost_array(kappa_hat, b)
    if not (np.isfinite(tol) and tol > 0):
        raise ScenarioError(f"tolerance {tol}", field="tol", fix="use e.g. 1e-12")
    prob = _Problem.build(b, tn, kh)
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
        b, tn, w, E_hat, P, P_sec, E_hat / P, X_model, iterations, res, tol, notes, kh
    )


def rebase(result: MultisectorResult) -> MultisectorBaseline:
    """The equilibrium of ``result`` as the baseline of the next counterfactual (a chained
    baseline: a schedule on its date measured from the schedule of an earlier date).

    Calibrated on the solved flows and tariffs, so a shock measured from it equals the
    ratio of two solves from the original baseline (the model's equilibrium does not
    depend on the path); deficits are those of the solved flows (the fixed D, or zero up
    to the solver's tolerance for a balanced baseline), the label stays."""
    b = result.baseline
    new = _calibrate(
        np.array(result.X_after), np.array(result.t_new), b.epsilon, b.countries, b.sectors,
        D=None,
    )  # fmt: skip
    return dataclasses.replace(
        new,
        deficits=b.deficits,
        balance_w_hat=b.balance_w_hat,
        balance_iterations=b.balance_iterations,
        balance_residual=b.balance_residual,
    )


def kappa_from_barred(
    barred: FloatArray, epsilon: FloatArray, *, residual: float = 1e-6
) -> FloatArray | None:
    """Iceberg cost changes that bar a share s_ijk of trade at given prices:
    κ̂ = (1 − s)^(−1/ε_k), since trade ∝ κ^(−ε); a full ban (s = 1) keeps ``residual`` of the
    trade (a prohibitive, finite cost). The same rule as
    :func:`tradewinds.tariffs.sanctions.trade_cost_shocks`, per elasticity set. None when
    nothing is barred."""
    s = np.asarray(barred, dtype=float)
    if not (0.0 < residual < 1.0):
        raise ScenarioError(f"residual {residual}", field="residual", fix="a share in (0, 1)")
    if not (np.isfinite(s).all() and (s >= 0).all() and (s <= 1).all()):
        raise ScenarioError(
            "barred shares must be in [0, 1]", field="barred", fix="1 for a ban, 0.47 for 47%"
        )
    if not (s > 0).any():
        return None
    eps = np.asarray(epsilon, dtype=float).reshape(1, 1, -1)
    return np.asarray((1.0 - np.minimum(s, 1.0 - residual)) ** (-1.0 / eps))


def solve_chain(
    baseline: MultisectorBaseline,
    t_new: FloatArray,
    *,
    kappa_hat: FloatArray | None = None,
    t_mid: FloatArray | None = None,
    kappa_mid: FloatArray | None = None,
    w0: FloatArray | None = None,
    w0_mid: FloatArray | None = None,
    tol: float = 1e-12,
    max_iter: int = 100,
) -> tuple[MultisectorResult, MultisectorResult | None]:
    """A counterfactual measured from an intermediate equilibrium: first (t_mid, κ̂_mid)
    relative to ``baseline`` (e.g. the schedule on the baseline date), then (t_new, κ̂)
    relative to that equilibrium (:func:`rebase`). Without ``t_mid`` and ``kappa_mid`` this
    is :func:`solve_multisector`. Returns (the counterfactual, the intermediate or None);
    κ̂ are both relative to ``baseline``."""
    if t_mid is None and kappa_mid is None:
        return (
            solve_multisector(
                baseline, t_new, kappa_hat=kappa_hat, w0=w0, tol=tol, max_iter=max_iter
            ),
            None,
        )
    tm = baseline.t if t_mid is None else t_mid
    mid = solve_multisector(
        baseline, tm, kappa_hat=kappa_mid, w0=w0_mid, tol=tol, max_iter=max_iter
    )
    k = None
    if kappa_hat is not None or kappa_mid is not None:
        shape = baseline.X.shape
        k_new = np.ones(shape) if kappa_hat is None else np.broadcast_to(kappa_hat, shape)
        k_mid = np.ones(shape) if kappa_mid is None else np.broadcast_to(kappa_mid, shape)
        k = k_new / k_mid
    r = solve_multisector(rebase(mid), t_new, kappa_hat=k, w0=w0, tol=tol, max_iter=max_iter)
    return r, mid


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
    baseline: MultisectorBaseline,
    t_new: FloatArray,
    w_hat: FloatArray,
    *,
    kappa_hat: FloatArray | None = None,
) -> FloatArray:
    """Market-clearing gaps sales_i/(ŵ_i Y_i) − 1 at wages ``w_hat`` (for checks and peers)."""
    tn = _tariff_array(t_new, baseline.X.shape, "t_new")
    kh = cost_array(kappa_hat, baseline)
    st = _Problem.build(baseline, tn, kh).state(np.log(np.asarray(w_hat, dtype=float)))
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


__all__ = [
    "DEFICIT_LABELS",
    "Deficits",
    "MultisectorBaseline",
    "MultisectorResult",
    "calibrate_multisector",
    "check_multisector_inputs",
    "kappa_from_barred",
    "multisector_residuals",
    "raise_tariffs",
    "rebase",
    "release_work_arrays",
    "solve_chain",
    "solve_multisector",
    "solve_multisector_fsolve",
    "solve_multisector_ge",
]


def __getattr__(name: str) -> Any:
    """The fsolve peer, imported when asked for (it brings scipy.optimize: 0.2 s)."""
    if name == "solve_multisector_fsolve":
        from tradewinds.models.ge.multisector_peer import solve_multisector_fsolve

        return solve_multisector_fsolve
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
