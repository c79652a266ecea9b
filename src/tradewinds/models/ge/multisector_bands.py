"""Uncertainty of the multi-sector model from the literature's trade elasticities
(MODELS.md §4e, §4f).

Two ways, both re-solving the whole equilibrium (:mod:`tradewinds.models.ge.multisector`):

* **Published sets** (:func:`elasticity_set_band`): every published set of sectoral trade
  elasticities (the ICIO data carry eight: IS, U4, CP, BSY, GYY, Shap, FGO, LL) solved in
  turn; the point is the chosen set, the band its min / median / max across all sets.
* **Draws around one set** (:func:`elasticity_draws`): log ε_k ~ N(log ε_k^set, σ_k²),
  independently across sectors, so each draw's median is the set's value and ε stays
  positive; σ_k is a number given by the user (0.25 ≈ ±25% for one standard deviation) or,
  with ``spread="sets"``, the standard deviation of log ε_k across the published sets
  (disagreement in the literature as the spread; 0 for sectors where the sets agree). The
  band is the median and chosen percentiles of the draws beside the point solution.

With ``deficits="balanced"`` the balanced baseline depends on ε and is solved again for each
set or draw. Reproducibility (as :mod:`tradewinds.models.montecarlo`): all draws are made up
front from one ``numpy`` generator seeded by ``seed``, and every solve starts from the point
solution, so results do not depend on the executor, the batching or the order in which
workers finish. Runs fan out through :func:`tradewinds.parallel.map_batched` on any executor
from :func:`tradewinds.parallel.get_executor` (serial in the caller when none is given).
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from functools import partial
from typing import Literal

import numpy as np
import pandas as pd

from tradewinds.errors import ScenarioError
from tradewinds.models.ge.multisector import (
    Deficits,
    MultisectorBaseline,
    MultisectorResult,
    calibrate_multisector,
    kappa_from_barred,
    solve_chain,
    solve_multisector,
)
from tradewinds.parallel import SerialExecutor, map_batched

FloatArray = np.ndarray
OUTCOMES = (
    "welfare_pct",
    "wage_pct",
    "prices_pct",
    "real_wage_pct",
    "exports_pct",
    "imports_pct",
)


def outcome_matrix(r: MultisectorResult) -> FloatArray:
    """The country outcomes of one solve as a (len(OUTCOMES), N) array (percent changes)."""
    b = r.baseline
    N = b.n
    d = np.arange(N)
    Xa = r.X_after
    dom0, dom1 = b.X[d, d, :].sum(axis=1), Xa[d, d, :].sum(axis=1)
    ex0, ex1 = b.X.sum(axis=(1, 2)) - dom0, Xa.sum(axis=(1, 2)) - dom1
    im0, im1 = b.X.sum(axis=(0, 2)) - dom0, Xa.sum(axis=(0, 2)) - dom1
    with np.errstate(divide="ignore", invalid="ignore"):
        return 100 * np.stack(
            [
                r.welfare_hat - 1,
                r.w_hat - 1,
                r.P_hat - 1,
                r.w_hat / r.P_hat - 1,
                ex1 / ex0 - 1,
                im1 / im0 - 1,
            ]
        )


@dataclass(frozen=True)
class _Job:
    """One band's fixed inputs, picklable for process and Dask executors."""

    X: FloatArray
    t: FloatArray
    t_new: FloatArray
    deficits: str
    countries: tuple[str, ...]
    sectors: tuple[str, ...]
    tol: float
    w0: FloatArray | None  # the point solution's wages (warm start)
    w0_balance: FloatArray | None  # the point's balanced-baseline wages (warm start)
    key: str  # identifies the data, for the per-process baseline cache
    shock: Shock | None = None  # barred trade and an intermediate baseline, if any
    w0_mid: FloatArray | None = None  # the point's intermediate wages (warm start)


@dataclass(frozen=True)
class Shock:
    """What a band re-solves beyond the tariffs ``t_new``: shares of trade barred
    (embargoes, designations: κ̂ = (1 − s)^(−1/ε_k) for each set or draw, so a ban stays a
    ban whatever ε) and an intermediate baseline (tariffs and barred shares of an earlier
    date) the counterfactual is measured from (:func:`solve_chain`)."""

    barred: FloatArray | None = None  # (N, N, S) on the scenario date
    t_mid: FloatArray | None = None  # tariffs of the intermediate baseline
    barred_mid: FloatArray | None = None  # barred shares of the intermediate baseline
    residual: float = 1e-6  # the share of trade a full ban keeps

    def solve(
        self,
        base: MultisectorBaseline,
        t_new: FloatArray,
        *,
        w0: FloatArray | None,
        w0_mid: FloatArray | None,
        tol: float,
    ) -> tuple[MultisectorResult, MultisectorResult | None]:
        eps = base.epsilon
        k = (
            None
            if self.barred is None
            else kappa_from_barred(self.barred, eps, residual=self.residual)
        )
        km = (
            None
            if self.barred_mid is None
            else kappa_from_barred(self.barred_mid, eps, residual=self.residual)
        )
        return solve_chain(
            base, t_new, kappa_hat=k, t_mid=self.t_mid, kappa_mid=km, w0=w0, w0_mid=w0_mid,
            tol=tol,
        )  # fmt: skip


_BASELINE_CACHE: dict[str, MultisectorBaseline] = {}


def _baseline_for(job: _Job, eps: FloatArray) -> MultisectorBaseline:
    """Fixed deficits: the calibration does not depend on ε (one per process, ε swapped in);
    balanced: the balanced baseline is solved for this ε, warm-started."""
    if job.deficits == "balanced":
        return calibrate_multisector(
            job.X, job.t, epsilon=eps, countries=job.countries, sectors=job.sectors,
            deficits="balanced", tol=job.tol, w0=job.w0_balance,
        )  # fmt: skip
    base = _BASELINE_CACHE.get(job.key)
    if base is None:
        base = calibrate_multisector(
            job.X, job.t, epsilon=eps, countries=job.countries, sectors=job.sectors
        )
        _BASELINE_CACHE.clear()
        _BASELINE_CACHE[job.key] = base
    return with_elasticities(base, eps)


def with_elasticities(base: MultisectorBaseline, epsilon: FloatArray) -> MultisectorBaseline:
    """A fixed-deficit baseline with other trade elasticities (its shares do not depend on ε)."""
    eps = np.array(epsilon, dtype=float).reshape(-1)
    if base.deficits != "fixed":
        raise ScenarioError(
            "a balanced baseline depends on ε",
            field="deficits",
            fix="calibrate the balanced baseline again with the new elasticities",
        )
    if eps.shape != base.epsilon.shape or not (np.isfinite(eps).all() and (eps > 0).all()):
        k = int(np.flatnonzero(~(np.isfinite(eps) & (eps > 0)))[0]) if eps.size else 0
        raise ScenarioError(
            f"{eps.size} elasticities for {base.epsilon.size} sectors, or one ≤ 0 "
            f"(sector {base.sectors[min(k, len(base.sectors) - 1)]})",
            field="epsilon",
            fix="one positive, finite trade elasticity per sector",
        )
    eps.setflags(write=False)
    return dataclasses.replace(base, epsilon=eps)


def _solve_one(job: _Job, eps: FloatArray) -> tuple[FloatArray, int, float]:
    base = _baseline_for(job, eps)
    if job.shock is None:
        r = solve_multisector(base, job.t_new, w0=job.w0, tol=job.tol)
        return outcome_matrix(r), r.iterations, r.max_residual
    r, mid = job.shock.solve(base, job.t_new, w0=job.w0, w0_mid=job.w0_mid, tol=job.tol)
    its = r.iterations + (mid.iterations if mid is not None else 0)
    res = max(r.max_residual, mid.max_residual if mid is not None else 0.0)
    return outcome_matrix(r), its, res


@dataclass(frozen=True)
class MultisectorBand:
    """Outcomes of many solves beside the point solution.

    ``values[r, o, i]``: run r (a set or a draw), outcome ``OUTCOMES[o]``, country i."""

    kind: Literal["sets", "draws"]
    point: MultisectorResult
    point_label: str
    labels: tuple[str, ...]  # the set names, or "draw 1" …
    epsilons: FloatArray  # (runs, S)
    values: FloatArray  # (runs, len(OUTCOMES), N)
    iterations: np.ndarray  # (runs,)
    max_residual: float  # the largest market-clearing gap over all runs
    spread: str  # how the runs were made
    percentiles: tuple[float, float] = (5.0, 95.0)

    @property
    def countries(self) -> tuple[str, ...]:
        return self.point.countries

    def to_frame(self, outcome: str = "welfare_pct") -> pd.DataFrame:
        """One row per economy: the point, min / median / max across the runs (and the
        percentiles for draws), then one column per set (sets only)."""
        if outcome not in OUTCOMES:
            raise ScenarioError(
                f"outcome {outcome!r}", field="outcome", fix=f"use one of {', '.join(OUTCOMES)}"
            )
        o = OUTCOMES.index(outcome)
        v = self.values[:, o, :]
        out = pd.DataFrame(
            {
                "iso3": list(self.countries),
                "point": outcome_matrix(self.point)[o],
                "min": v.min(axis=0),
                "median": np.median(v, axis=0),
                "max": v.max(axis=0),
            }
        )
        if self.kind == "draws":
            lo, hi = self.percentiles
            out[f"p{lo:g}"] = np.percentile(v, lo, axis=0)
            out[f"p{hi:g}"] = np.percentile(v, hi, axis=0)
        else:
            for r, name in enumerate(self.labels):
                out[name] = v[r]
        out["point_set"] = self.point_label
        return out

    def long_frame(self) -> pd.DataFrame:
        """Every run, outcome and country: run, iso3, outcome, value."""
        runs, n_out, n = self.values.shape
        return pd.DataFrame(
            {
                "run": np.repeat(np.array(self.labels, dtype=object), n_out * n),
                "outcome": np.tile(np.repeat(np.array(OUTCOMES, dtype=object), n), runs),
                "iso3": np.tile(np.array(self.countries, dtype=object), runs * n_out),
                "value": self.values.ravel(),
            }
        )


def _key(*arrays: FloatArray, extra: str = "") -> str:
    h = hashlib.sha256()
    for a in arrays:
        h.update(np.ascontiguousarray(a).tobytes())
    h.update(extra.encode())
    return h.hexdigest()[:32]


def _run(
    job: _Job,
    eps_list: Sequence[FloatArray],
    executor: Executor | None,
    *,
    workers: int,
    batch_size: int | None,
    on_batch: Callable[[int, int], None] | None,
) -> tuple[FloatArray, np.ndarray, float]:
    ex = executor if executor is not None else SerialExecutor()
    out = map_batched(
        partial(_solve_one, job),
        list(eps_list),
        ex,
        batch_size=batch_size,
        workers=workers,
        on_batch=on_batch,
    )
    values = np.stack([o[0] for o in out])
    its = np.array([o[1] for o in out], dtype=int)
    return values, its, max(float(o[2]) for o in out)


def _point(
    X: FloatArray,
    t: FloatArray,
    t_new: FloatArray,
    eps: FloatArray,
    *,
    deficits: Deficits,
    countries: Sequence[str] | None,
    sectors: Sequence[str] | None,
    tol: float,
    shock: Shock | None = None,
) -> tuple[MultisectorResult, _Job]:
    base = calibrate_multisector(
        X, t, epsilon=eps, deficits=deficits, tol=tol,
        countries=None if countries is None else tuple(countries),
        sectors=None if sectors is None else tuple(sectors),
    )  # fmt: skip
    mid = None
    if shock is None:
        point = solve_multisector(base, t_new, tol=tol)
    else:
        point, mid = shock.solve(base, t_new, w0=None, w0_mid=None, tol=tol)
    Xc = np.asarray(X, dtype=float)
    job = _Job(
        Xc, base.t, point.t_new, deficits,
        base.countries, base.sectors, tol, point.w_hat, base.balance_w_hat,
        _key(Xc, base.t, extra=f"{deficits}/{base.countries}/{base.sectors}"),
        shock, None if mid is None else mid.w_hat,
    )  # fmt: skip
    return point, job


def elasticity_set_band(
    X: FloatArray,
    t: FloatArray,
    t_new: FloatArray,
    *,
    elasticity_sets: Mapping[str, FloatArray],
    point: str = "CP",
    deficits: Deficits = "fixed",
    countries: Sequence[str] | None = None,
    sectors: Sequence[str] | None = None,
    executor: Executor | None = None,
    workers: int = 2,
    tol: float = 1e-12,
    shock: Shock | None = None,
) -> MultisectorBand:
    """Re-solve the counterfactual for every published elasticity set; the point is
    ``point``. Each solve warm-starts from the point solution. ``shock``: barred trade and
    an intermediate baseline (:class:`Shock`), re-solved with each set."""
    if point not in elasticity_sets:
        raise ScenarioError(
            f"elasticity set {point!r} is not among {', '.join(elasticity_sets)}",
            field="point",
            fix=f"choose one of {', '.join(elasticity_sets)}",
        )
    names = tuple(elasticity_sets)
    eps_all = [np.asarray(elasticity_sets[n], dtype=float) for n in names]
    res, job = _point(
        X, t, t_new, eps_all[names.index(point)], deficits=deficits, countries=countries,
        sectors=sectors, tol=tol, shock=shock,
    )  # fmt: skip
    values, its, resid = _run(job, eps_all, executor, workers=workers, batch_size=1, on_batch=None)
    return MultisectorBand(
        "sets", res, point, names, np.stack(eps_all), values, its,
        max(resid, res.max_residual),
        f"{len(names)} published sets of sectoral trade elasticities ({', '.join(names)}); "
        f"point = {point}",
    )  # fmt: skip


def log_spread_across_sets(elasticity_sets: Mapping[str, FloatArray]) -> FloatArray:
    """σ_k: the standard deviation (ddof = 1) of log ε_k across the published sets."""
    logs = np.log(np.stack([np.asarray(v, dtype=float) for v in elasticity_sets.values()]))
    if logs.shape[0] < 2:
        raise ScenarioError(
            "the spread across sets needs at least two sets",
            field="spread",
            fix="give the elasticity sets, or a number such as 0.25",
        )
    return np.asarray(logs.std(axis=0, ddof=1))


def elasticity_draws(
    X: FloatArray,
    t: FloatArray,
    t_new: FloatArray,
    *,
    epsilon: FloatArray,
    draws: int = 200,
    spread: float | FloatArray | Literal["sets"] = 0.25,
    elasticity_sets: Mapping[str, FloatArray] | None = None,
    seed: int = 0,
    point_label: str = "point",
    deficits: Deficits = "fixed",
    countries: Sequence[str] | None = None,
    sectors: Sequence[str] | None = None,
    executor: Executor | None = None,
    workers: int = 2,
    batch_size: int | None = None,
    on_batch: Callable[[int, int], None] | None = None,
    percentiles: tuple[float, float] = (5.0, 95.0),
    tol: float = 1e-12,
    shock: Shock | None = None,
) -> MultisectorBand:
    """Monte Carlo around one elasticity set: ε_k^(d) = ε_k · exp(σ_k z_dk), z ~ N(0, 1)
    independent across sectors and draws (median-preserving lognormal); ``spread`` = σ (a
    number, one per sector, or ``"sets"`` for the spread across ``elasticity_sets``)."""
    eps = np.asarray(epsilon, dtype=float).reshape(-1)
    if not isinstance(draws, int | np.integer) or draws < 1:
        raise ScenarioError(f"{draws} draws", field="draws", fix="ask for at least one draw")
    if isinstance(spread, str):
        if spread != "sets" or not elasticity_sets:
            raise ScenarioError(
                f"spread {spread!r}",
                field="spread",
                fix="give a number (σ of log ε, e.g. 0.25) or 'sets' with the elasticity sets",
            )
        sigma = log_spread_across_sets(elasticity_sets)
        how = "σ_k = sd of log ε_k across the published sets"
    else:
        sigma = np.broadcast_to(np.asarray(spread, dtype=float), eps.shape).copy()
        how = (
            f"σ = {float(sigma[0]):g} for every sector"
            if np.all(sigma == sigma[0])
            else "σ_k given per sector"
        )
    if sigma.shape != eps.shape or not (np.isfinite(sigma).all() and (sigma >= 0).all()):
        raise ScenarioError(
            "the spread must be ≥ 0, one value or one per sector",
            field="spread",
            fix="e.g. 0.25",
        )
    res, job = _point(
        X, t, t_new, eps, deficits=deficits, countries=countries, sectors=sectors, tol=tol,
        shock=shock,
    )  # fmt: skip
    z = np.random.default_rng(seed).standard_normal((int(draws), eps.size))
    eps_draws = eps[None, :] * np.exp(sigma[None, :] * z)
    values, its, resid = _run(
        job, list(eps_draws), executor, workers=workers, batch_size=batch_size, on_batch=on_batch
    )
    return MultisectorBand(
        "draws", res, point_label, tuple(f"draw {d + 1}" for d in range(int(draws))),
        eps_draws, values, its, max(resid, res.max_residual),
        f"{int(draws)} lognormal draws around {point_label} (log ε_k ~ N(log ε_k, σ_k²), "
        f"{how}; seed {seed})",
        percentiles,
    )  # fmt: skip


__all__ = [
    "OUTCOMES",
    "MultisectorBand",
    "Shock",
    "elasticity_draws",
    "elasticity_set_band",
    "log_spread_across_sets",
    "outcome_matrix",
    "with_elasticities",
]
