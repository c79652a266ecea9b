"""The peer of the multi-sector solver, for benchmarks and cross-checks: MINPACK hybrd on the
2N wage–income system as Lashkaripour's ``tariffwar`` writes it."""

from __future__ import annotations

import numpy as np
from scipy.optimize import fsolve

from tradewinds.errors import ConvergenceError
from tradewinds.models.ge.multisector_core import FloatArray, MultisectorBaseline, _tariff_array


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


__all__ = ["solve_multisector_fsolve"]
