"""One solver core for the GE models: x = G(x) with Anderson acceleration.

Vectorised maps (one evaluation is O(N²·sectors)), Anderson mixing over the last
``memory`` iterates (Walker & Ni 2011) with a damped plain step as the fallback when a
mixed step does not reduce the residual, convergence diagnostics in every result, and
:class:`ConvergenceError` with the last residual instead of a quiet wrong answer.
Warm starts: pass ``x0`` from a previous solve.
"""

from __future__ import annotations

import threading
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

    n = x.size
    # differences of successive iterates and residuals, kept in preallocated columns
    DX = np.empty((n, memory))
    DF = np.empty((n, memory))
    k = 0  # columns in use
    head = 0  # next column to overwrite
    gx = safe_g(x)
    f = gx - x
    res = float(np.max(np.abs(f)))
    evals = 1
    for it in range(1, max_iter + 1):
        if not np.isfinite(res):
            raise ConvergenceError(f"{what}: the iteration diverged", residual=res, iterations=it)
        if res < tol:
            return x, FixedPointInfo(it - 1, res, evals, "anderson")
        x_new = x + damping * f
        if k >= 1:
            dF, dX = DF[:, :k], DX[:, :k]
            G = dF.T @ dF
            G.flat[:: k + 1] *= 1 + 1e-10  # light Tikhonov on the diagonal
            try:
                gamma = np.linalg.solve(G, dF.T @ f)
                cand = x_new - (dX + damping * dF) @ gamma
                if np.all(np.isfinite(cand)) and float(np.max(np.abs(cand - x))) < max_step:
                    x_new = cand
            except np.linalg.LinAlgError:
                k = 0
        f_new = safe_g(x_new) - x_new
        evals += 1
        res_new = float(np.max(np.abs(f_new)))
        shrink = 0.5
        while not np.isfinite(res_new) or res_new > 10 * res + 1e-3:
            # the step went astray: forget the history and take a shorter plain step
            k = 0
            x_new = x + shrink * damping * np.clip(f, -max_step, max_step)
            f_new = safe_g(x_new) - x_new
            evals += 1
            res_new = float(np.max(np.abs(f_new)))
            shrink *= 0.5
            if shrink < 1e-6:
                raise ConvergenceError(
                    f"{what}: no step reduces the residual", residual=res, iterations=it
                )
        DX[:, head] = x_new - x
        DF[:, head] = f_new - f
        head = (head + 1) % memory
        k = min(k + 1, memory)
        x, f, res = x_new, f_new, res_new
    raise ConvergenceError(f"{what} did not converge", residual=res, iterations=max_iter)


_SCRATCH = threading.local()
_SCRATCH_KEEP = 4  # sets of work arrays kept per thread (one per solver and size in use)


def scratch_arrays(
    owner: str, shapes: tuple[tuple[int, ...], ...], dtype: type = np.float64
) -> list[np.ndarray]:
    """Float work arrays of the given shapes for one solve by ``owner``, reused by its
    next solve of the same size in the same thread (their contents are garbage: write
    before reading; never return a view of them).

    Why: a freed 300 KB array goes back to the kernel and costs page faults when it is
    allocated again; on a 194-country Newton solve fresh matrices took a third of the
    time. A few sets are kept per thread (the most recently used)."""
    cache: dict[tuple[str, tuple[tuple[int, ...], ...], str], list[np.ndarray]] | None = getattr(
        _SCRATCH, "cache", None
    )
    if cache is None:
        cache = _SCRATCH.cache = {}
    key = (owner, shapes, np.dtype(dtype).str)  # a set of another precision is another set
    arrays = cache.pop(key, None)
    if arrays is None:
        arrays = [np.empty(s, dtype=dtype) for s in shapes]
        while len(cache) >= _SCRATCH_KEEP:
            del cache[next(iter(cache))]
    cache[key] = arrays  # most recently used last
    return arrays


def clear_scratch() -> None:
    """Drop this thread's kept work arrays (to free their memory, or to measure a
    solver's peak memory including them)."""
    _SCRATCH.cache = {}
