"""One solver core for the GE models: x = G(x) with Anderson acceleration.

Vectorised maps (one evaluation is O(N²·sectors)), Anderson mixing over the last
``memory`` iterates (Walker & Ni 2011) with a damped plain step as the fallback when a
mixed step does not reduce the residual, convergence diagnostics in every result, and
:class:`ConvergenceError` with the last residual instead of a quiet wrong answer.
Warm starts: pass ``x0`` from a previous solve.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from tradewinds.errors import ConvergenceError


@dataclass(frozen=True, slots=True)
class FixedPointInfo:
    iterations: int
    max_residual: float  # max |G(x) − x| at the solution
    evaluations: int
    method: str


def anderson_fixed_point(
    g: Callable[[np.ndarray], np.ndarray],
    x0: np.ndarray,
    *,
    tol: float = 1e-12,
    max_iter: int = 5_000,
    memory: int = 6,
    damping: float = 1.0,
    max_step: float = 2.0,
    what: str = "fixed point",
) -> tuple[np.ndarray, FixedPointInfo]:
    """Solve x = g(x) (x a vector, typically logs of hats)."""
    x = np.asarray(x0, dtype=float).copy()

    def safe_g(v: np.ndarray) -> np.ndarray:  # a wild trial step may overflow: judged below
        with np.errstate(all="ignore"):
            return g(v)

    gx = safe_g(x)
    f = gx - x
    res = float(np.max(np.abs(f)))
    evals = 1
    X_hist: list[np.ndarray] = []
    F_hist: list[np.ndarray] = []
    for it in range(1, max_iter + 1):
        if not np.isfinite(res):
            raise ConvergenceError(f"{what}: the iteration diverged", residual=res, iterations=it)
        if res < tol:
            return x, FixedPointInfo(it - 1, res, evals, "anderson")
        X_hist.append(x.copy())
        F_hist.append(f.copy())
        if len(X_hist) > memory + 1:
            X_hist.pop(0)
            F_hist.pop(0)
        x_new = x + damping * f
        if len(F_hist) >= 2:
            dF = np.diff(np.array(F_hist), axis=0).T  # (n, m)
            dX = np.diff(np.array(X_hist), axis=0).T
            try:
                # normal equations of the small (m × m) least-squares problem, lightly
                # regularised: much cheaper than an SVD of the n × m history
                G = dF.T @ dF
                G[np.diag_indices_from(G)] *= 1 + 1e-10
                gamma = np.linalg.solve(G + 1e-300 * np.eye(len(G)), dF.T @ f)
                cand = x + damping * f - (dX + damping * dF) @ gamma
                step = float(np.max(np.abs(cand - x)))
                if np.all(np.isfinite(cand)) and step < max_step:
                    x_new = cand
            except np.linalg.LinAlgError:
                pass
        g_new = safe_g(x_new)
        evals += 1
        f_new = g_new - x_new
        res_new = float(np.max(np.abs(f_new)))
        shrink = 0.5
        while not np.isfinite(res_new) or res_new > 10 * res + 1e-3:
            # the step went astray: restart the history with a shorter plain step
            X_hist.clear()
            F_hist.clear()
            x_new = x + shrink * damping * np.clip(f, -max_step, max_step)
            g_new = safe_g(x_new)
            evals += 1
            f_new = g_new - x_new
            res_new = float(np.max(np.abs(f_new)))
            shrink *= 0.5
            if shrink < 1e-6:
                raise ConvergenceError(
                    f"{what}: no step reduces the residual", residual=res, iterations=it
                )
        x, f, res = x_new, f_new, res_new
    raise ConvergenceError(f"{what} did not converge", residual=res, iterations=max_iter)
