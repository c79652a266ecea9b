"""Uncertainty bands and parameter sweeps for the world tariff model (MODELS §4c, §4e).

Monte Carlo: the structural parameters of Ignatenko et al. (2025) (trade elasticity
ε, labour-supply elasticity κ, scale elasticity ψ) are drawn from distributions the
user states; every draw is re-calibrated and re-solved, warm-started from the point
solution, and the results are summarised as the point estimate, the median and
chosen percentiles per country and per selected pair. Estimated gravity
coefficients are drawn from the PPML covariance matrix by :func:`draw_coefficients`.

Reproducibility: all parameter draws are made up front in the caller from one
``numpy`` generator seeded by ``seed``; each solve starts from the same point
solution, so the numbers do not depend on the executor, the batching or the order
in which workers finish.

Sweeps: a grid of values for one scenario parameter (the US tariff on one
exporter, the tariff floor, ε, or "each country as the target"), solved the same
way and stacked in one tidy frame.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from tradewinds.errors import ConvergenceError, ScenarioError
from tradewinds.models.ge.ilms2025 import calibrate_ilms, solve_ilms, us_tariffs
from tradewinds.parallel import map_batched

FloatArray = np.ndarray
DistKind = Literal["normal", "lognormal", "uniform", "triangular", "fixed"]
PARAMETERS = ("epsilon", "kappa", "psi")
OUTCOMES = ("welfare_pct", "prices_pct", "exports_gdp_pct", "deficit_pct", "employment_pct")


@dataclass(frozen=True)
class Dist:
    """A distribution for one parameter.

    ``normal`` and ``lognormal`` take the mean and standard deviation of the
    parameter itself (the lognormal keeps it positive); ``uniform`` takes low and
    high; ``triangular`` low, mode and high; ``fixed`` one value."""

    kind: DistKind
    a: float
    b: float = 0.0
    c: float = 0.0

    @classmethod
    def parse(cls, text: str, *, name: str = "distribution") -> Dist:
        """``lognormal:4:1``, ``normal:4:0.5``, ``uniform:3:6``, ``triangular:3:4:8``, ``5``."""
        parts = text.strip().split(":")
        try:
            if len(parts) == 1:
                return cls("fixed", float(parts[0]))
            kind, nums = parts[0], [float(p) for p in parts[1:]]
        except ValueError as e:
            raise ScenarioError(
                f"{name}: cannot read {text!r}",
                field=name,
                fix="write kind:numbers, e.g. lognormal:4:1 (mean 4, sd 1) or uniform:3:6",
            ) from e
        need = {"normal": 2, "lognormal": 2, "uniform": 2, "triangular": 3, "fixed": 1}
        if kind not in need or len(nums) != need[kind]:
            raise ScenarioError(
                f"{name}: {text!r} is not a known distribution",
                field=name,
                fix="use normal:MEAN:SD, lognormal:MEAN:SD, uniform:LOW:HIGH, "
                "triangular:LOW:MODE:HIGH or a number",
            )
        return cls.make(kind, *nums, name=name)

    @classmethod
    def make(cls, kind: str, *nums: float, name: str = "distribution") -> Dist:
        d = cls(kind, *nums)  # type: ignore[arg-type]
        bad = (
            (kind in ("normal", "lognormal") and not d.b >= 0)
            or (kind == "lognormal" and not d.a > 0)
            or (kind == "uniform" and not d.a <= d.b)
            or (kind == "triangular" and not d.a <= d.b <= d.c)
        )
        if bad:
            raise ScenarioError(
                f"{name}: impossible parameters {nums} for a {kind} distribution",
                field=name,
                fix="sd ≥ 0, lognormal mean > 0, low ≤ (mode ≤) high",
            )
        return d

    @property
    def point(self) -> float:
        """The value a single run would use (mean, or mode for the triangular)."""
        if self.kind == "uniform":
            return (self.a + self.b) / 2
        if self.kind == "triangular":
            return self.b
        return self.a

    def scaled(self, k: float) -> Dist:
        """The same centre with k times the spread (for sensitivity of the bands)."""
        if self.kind in ("normal", "lognormal"):
            return Dist(self.kind, self.a, self.b * k)
        if self.kind == "uniform":
            m, h = self.point, (self.b - self.a) / 2
            return Dist("uniform", m - k * h, m + k * h)
        if self.kind == "triangular":
            return Dist(
                "triangular", self.b - k * (self.b - self.a), self.b, self.b + k * (self.c - self.b)
            )
        return self

    def sample(self, rng: np.random.Generator, n: int) -> FloatArray:
        if self.kind == "normal":
            return rng.normal(self.a, self.b, n)
        if self.kind == "lognormal":
            s2 = math.log1p((self.b / self.a) ** 2)
            return rng.lognormal(math.log(self.a) - s2 / 2, math.sqrt(s2), n)
        if self.kind == "uniform":
            return rng.uniform(self.a, self.b, n)
        if self.kind == "triangular":
            if self.a == self.c:
                return np.full(n, self.a)
            return rng.triangular(self.a, self.b, self.c, n)
        return np.full(n, self.a)

    def __str__(self) -> str:
        nums = {"fixed": (self.a,), "triangular": (self.a, self.b, self.c)}.get(
            self.kind, (self.a, self.b)
        )
        return ":".join([self.kind, *(f"{x:g}" for x in nums)])


def draw_coefficients(coef: pd.Series, vcov: pd.DataFrame, n: int, *, seed: int) -> pd.DataFrame:
    """n draws of estimated coefficients from N(β̂, V̂) (the PPML covariance):
    one row per draw, one column per coefficient."""
    names = list(coef.index)
    V = vcov.loc[names, names].to_numpy(dtype=float)
    rng = np.random.default_rng(seed)
    draws = rng.multivariate_normal(coef.to_numpy(dtype=float), V, size=n, method="eigh")
    return pd.DataFrame(draws, columns=names)


# ----------------------------------------------------------------- the world model


@dataclass(frozen=True)
class WorldProblem:
    """What every solve of one scenario shares (pickled once per batch)."""

    X: FloatArray
    gdp: FloatArray
    countries: tuple[str, ...]
    rates: FloatArray  # the US tariff on each exporter, before the floor
    floor: float = 0.10
    retaliation: Literal["none", "reciprocal"] = "none"
    revenue: Literal["income_tax", "lump_sum"] = "income_tax"
    pass_through_shift: float = 0.0
    special_case: Literal["none", "eaton-kortum"] = "none"
    base: dict[str, float] = field(default_factory=lambda: {"epsilon": 4.0})
    pairs: tuple[tuple[str, str], ...] = ()
    x0: FloatArray | None = None

    def index(self, iso: str) -> int:
        try:
            return self.countries.index(iso)
        except ValueError as e:
            raise ScenarioError(
                f"{iso} is not among the {len(self.countries)} countries of the data",
                field="country",
                fix="use an ISO3 code of the world matrix (tradewinds codes countries)",
            ) from e


def _solve(
    p: WorldProblem,
    params: dict[str, float],
    rates: FloatArray | None = None,
    floor: float | None = None,
    exact: dict[int, float] | None = None,
) -> dict[str, Any]:
    kw = {**p.base, **params}
    data = calibrate_ilms(
        p.X,
        p.gdp,
        p.countries,
        pass_through_shift=p.pass_through_shift,
        special_case=p.special_case,
        epsilon=kw.get("epsilon", 4.0),
        kappa=kw.get("kappa", 0.5),
        psi=kw.get("psi", 0.67 / 4),
    )
    t = us_tariffs(
        data,
        p.rates if rates is None else rates,
        floor=p.floor if floor is None else floor,
        retaliation=p.retaliation,
    )
    for j, v in (exact or {}).items():  # a swept rate is the rate, below the floor too
        t[j, data.us] = v
        if p.retaliation == "reciprocal":
            t[data.us, j] = v
    r = solve_ilms(data, t, revenue=p.revenue, x0=p.x0)
    f = r.to_frame()
    out: dict[str, Any] = {c: f[c].to_numpy() for c in OUTCOMES}
    out["x"] = np.log(np.concatenate([r.w_hat, r.E_hat, r.L_hat]))
    out["iterations"] = r.iterations
    pair_vals = []
    for e, i in p.pairs:
        je, ji = p.index(e), p.index(i)
        pair_vals.append((data.X[je, ji] * 1000.0, r.trade_new[je, ji] * 1000.0, float(t[je, ji])))
    out["pairs"] = pair_vals
    return out


def _draw_task(p: WorldProblem, params: dict[str, float]) -> dict[str, Any] | None:
    try:
        res = _solve(p, params)
    except ConvergenceError:
        return None
    res.pop("x")
    return res


@dataclass
class MonteCarloResult:
    """Draws and their summary; every number carries the seed and the draw count."""

    countries: pd.DataFrame  # iso3, outcome, point, median, p.., mean, sd
    pairs: pd.DataFrame  # exporter, importer, outcome change_pct: point, median, p..
    draws: pd.DataFrame  # draw, parameters, and per-country welfare (long)
    parameters: dict[str, str]
    seed: int
    n_draws: int
    failed: int
    percentiles: tuple[float, ...]
    point: dict[str, Any] = field(default_factory=dict)


def _qcols(percentiles: Sequence[float]) -> list[str]:
    return [f"p{q:g}" for q in percentiles]


def band_summary(
    point: FloatArray | float,
    draws: FloatArray,
    percentiles: Sequence[float],
    **labels: Any,
) -> pd.DataFrame:
    """The band of one outcome from its draws (draws × items, or a vector of draws for
    one item): ``labels`` (columns such as iso3 and outcome), point, median, the
    percentiles (``p5``, ``p95`` …), mean and sd (ddof 1; 0 with one draw). Every band
    of tradewinds (world model, gravity, PE σ) is summarised here."""
    M = np.asarray(draws, dtype=float)
    one = M.ndim == 1
    if one:
        M = M[:, None]
    qs = list(percentiles)
    Q = np.percentile(M, qs, axis=0)
    n = M.shape[0]
    cols: dict[str, Any] = dict(labels)
    cols["point"] = np.broadcast_to(np.asarray(point, dtype=float), (M.shape[1],))
    cols["median"] = np.median(M, axis=0)
    cols.update({col: Q[k] for k, col in enumerate(_qcols(qs))})
    cols["mean"] = M.mean(axis=0)
    cols["sd"] = M.std(axis=0, ddof=1) if n > 1 else np.zeros(M.shape[1])
    if one:
        return pd.DataFrame(
            {k: [v[0] if isinstance(v, np.ndarray) else v] for k, v in cols.items()}
        )
    return pd.DataFrame(cols)


def monte_carlo_world(
    problem: WorldProblem,
    dists: dict[str, Dist],
    *,
    n_draws: int,
    seed: int,
    executor: Executor,
    workers: int = 2,
    percentiles: Sequence[float] = (5, 95),
    batch_size: int | None = None,
    on_batch: Callable[[int, int], None] | None = None,
) -> MonteCarloResult:
    """Draw the parameters, solve every draw, summarise per country and pair."""
    unknown = set(dists) - set(PARAMETERS)
    if unknown:
        raise ScenarioError(
            f"no parameter {sorted(unknown)[0]!r} to draw",
            field="montecarlo",
            fix=f"draw among {', '.join(PARAMETERS)}",
        )
    if n_draws < 1:
        raise ScenarioError(f"{n_draws} draws", field="draws", fix="ask for at least one draw")
    if not all(0 < q < 100 for q in percentiles):
        raise ScenarioError(
            f"percentiles {list(percentiles)}", field="percentiles", fix="use numbers in (0, 100)"
        )
    point_params = {k: d.point for k, d in dists.items()}
    point = _solve(problem, point_params)
    warm = WorldProblem(**{**problem.__dict__, "x0": point["x"]})
    rng = np.random.default_rng(seed)
    names = sorted(dists)
    samples = {k: dists[k].sample(rng, n_draws) for k in names}
    for k, v in samples.items():
        if k in ("epsilon",) and (v <= 0).any():
            raise ScenarioError(
                f"the {k} distribution {dists[k]} gives non-positive values",
                field=f"montecarlo.{k}",
                fix="use a lognormal, or a normal with a smaller sd",
            )
    items = [{k: float(samples[k][d]) for k in names} for d in range(n_draws)]
    results = map_batched(
        _draw_task,
        items,
        executor,
        batch_size=batch_size,
        workers=workers,
        on_batch=on_batch,
        shared=warm,  # the 194×194 problem travels once to a Dask worker, not per batch
    )
    ok = [d for d, r in enumerate(results) if r is not None]
    failed = n_draws - len(ok)
    if not ok:
        raise ConvergenceError("no Monte Carlo draw converged", residual=float("nan"), iterations=0)
    iso = list(problem.countries)
    qs = list(percentiles)
    rows = [
        band_summary(
            point[c],
            np.vstack([results[d][c] for d in ok]),  # type: ignore[index]
            qs,
            iso3=iso,
            outcome=c,
        )
        for c in OUTCOMES
    ]
    countries_f = pd.concat(rows, ignore_index=True)
    pair_rows = []
    for m, (e, i) in enumerate(problem.pairs):
        base = point["pairs"][m][0]
        chg = np.array([100 * (results[d]["pairs"][m][1] / base - 1) for d in ok])  # type: ignore[index]
        pair_rows.append(
            band_summary(
                100 * (point["pairs"][m][1] / base - 1),
                chg,
                qs,
                exporter=e,
                importer=i,
                outcome="trade_change_pct",
                baseline_usd=base,
                tariff=point["pairs"][m][2],
            ).drop(columns=["mean", "sd"])
        )
    welfare = np.vstack([results[d]["welfare_pct"] for d in ok])  # type: ignore[index]
    draws = pd.DataFrame({"draw": np.repeat(ok, len(iso)), "iso3": np.tile(iso, len(ok))})
    for k in names:
        draws[k] = np.repeat(samples[k][ok], len(iso))
    draws["welfare_pct"] = welfare.ravel()
    return MonteCarloResult(
        countries_f,
        pd.concat(pair_rows, ignore_index=True) if pair_rows else pd.DataFrame(),
        draws,
        {k: str(dists[k]) for k in names},
        seed,
        n_draws,
        failed,
        tuple(percentiles),
        {"params": point_params, "iterations": point["iterations"]},
    )


# ------------------------------------------------------------------------ sweeps

SweepKind = Literal["rate", "target", "floor", "epsilon"]


def _sweep_task(
    p: WorldProblem, item: tuple[str, str | None, float, float | None]
) -> dict[str, Any] | None:
    kind, who, value, rate = item
    rates = p.rates.copy()
    params: dict[str, float] = {}
    floor = None
    exact: dict[int, float] = {}
    if kind == "rate" and who is not None:
        exact[p.index(who)] = value
    elif kind == "target" and who is not None:
        exact[p.index(who)] = rate if rate is not None else value
    elif kind == "floor":
        floor = value
    elif kind == "epsilon":
        params["epsilon"] = value
    try:
        res = _solve(p, params, rates, floor, exact)
    except ConvergenceError:
        return None
    res.pop("x")
    return res


def sweep_world(
    problem: WorldProblem,
    kind: SweepKind,
    values: Sequence[float],
    *,
    country: str | None = None,
    targets: Sequence[str] = (),
    rate: float | None = None,
    executor: Executor,
    workers: int = 2,
    batch_size: int | None = None,
    on_batch: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """Solve the world model over a grid; one tidy frame stacked over the grid.

    ``kind="rate"``: the US tariff on ``country``'s goods takes each value;
    ``"target"``: each country of ``targets`` in turn gets ``rate`` (the others
    keep the scenario's); ``"floor"``: the tariff floor; ``"epsilon"``: ε."""
    items: list[tuple[str, str | None, float, float | None]]
    if kind == "rate":
        if country is None:
            raise ScenarioError(
                "a rate sweep needs the exporter", field="sweep.country", fix="country = 'IND'"
            )
        problem.index(country)
        items = [(kind, country, float(v), None) for v in values]
        labels: list[Any] = list(values)
    elif kind == "target":
        for c in targets:
            problem.index(c)
        items = [(kind, c, float(rate or 0.0), rate) for c in targets]
        labels = list(targets)
    elif kind in ("floor", "epsilon"):
        items = [(kind, None, float(v), None) for v in values]
        labels = list(values)
    else:
        raise ScenarioError(
            f"sweep parameter {kind!r}",
            field="sweep.parameter",
            fix="use rate, target, floor or epsilon",
        )
    if not items:
        raise ScenarioError(
            "an empty sweep", field="sweep", fix="give at least one value or target"
        )
    warm = problem
    if problem.x0 is None:  # warm start every point from the scenario's own solution
        warm = WorldProblem(**{**problem.__dict__, "x0": _solve(problem, {})["x"]})
    results = map_batched(
        _sweep_task,
        items,
        executor,
        batch_size=batch_size,
        workers=workers,
        on_batch=on_batch,
        shared=warm,
    )
    iso = list(problem.countries)
    frames = []
    for label, (_, who, value, _), r in zip(labels, items, results, strict=True):
        if r is None:
            continue
        f = pd.DataFrame({c: r[c] for c in OUTCOMES})
        f.insert(0, "iso3", iso)
        f.insert(0, "value", value)
        f.insert(0, "step", label if kind == "target" else value)
        for (e, i), (b, new, tt) in zip(problem.pairs, r["pairs"], strict=True):
            f[f"{e}->{i}_usd"] = new
            f[f"{e}->{i}_change_pct"] = 100 * (new / b - 1)
            f[f"{e}->{i}_tariff"] = tt
        if kind == "target":
            f.insert(1, "target", who)
        frames.append(f)
    if not frames:
        raise ConvergenceError("no sweep point converged", residual=float("nan"), iterations=0)
    return pd.concat(frames, ignore_index=True)


# ------------------------------------------------- estimated gravity coefficients


@dataclass(frozen=True)
class GravityProblem:
    """Yotov et al. (2016) ch. 2 app. 2: trade, pair costs without the RTA term, the
    RTA indicator in the baseline and in the counterfactual."""

    trade: FloatArray
    tij_bar: FloatArray
    rta_base: FloatArray
    rta_cf: FloatArray
    sigma: float
    reference: int
    countries: tuple[str, ...]


def _gravity_task(item: tuple[GravityProblem, float]) -> FloatArray | None:
    from tradewinds.models.ge.gravity_ge import rta_counterfactual

    p, beta = item
    try:
        _, g = rta_counterfactual(
            p.trade,
            p.tij_bar,
            p.rta_base,
            p.rta_cf,
            beta,
            sigma=p.sigma,
            reference=p.reference,
            countries=p.countries,
        )
    except ConvergenceError:
        return None
    # the effect of the agreement: baseline against the world without it
    return np.vstack([100 * (1 / g.real_gdp_hat - 1), 100 * (1 / g.exports_full_hat - 1)])


def monte_carlo_gravity(
    problem: GravityProblem,
    coef: pd.Series,
    vcov: pd.DataFrame,
    *,
    n_draws: int,
    seed: int,
    executor: Executor,
    workers: int = 2,
    percentiles: Sequence[float] = (5, 95),
) -> pd.DataFrame:
    """Bands for the full GE effects of an agreement from draws of its estimated
    coefficient (N(β̂, V̂) from the PPML covariance), each draw re-solved."""
    betas = draw_coefficients(coef, vcov, n_draws, seed=seed).iloc[:, 0].to_numpy()
    point = _gravity_task((problem, float(coef.iloc[0])))
    if point is None:
        raise ConvergenceError(
            "the point estimate did not solve", residual=float("nan"), iterations=0
        )
    res = map_batched(
        _gravity_task, [(problem, float(b)) for b in betas], executor, workers=workers
    )
    ok = [r for r in res if r is not None]
    M = np.stack(ok)  # draws × 2 × N
    frames = [
        band_summary(point[k], M[:, k, :], percentiles, iso3=problem.countries, outcome=name)
        for k, name in enumerate(("change_rGDP_FULL", "change_Xi_FULL"))
    ]
    out = pd.concat(frames, ignore_index=True)
    out.attrs.update({"failed": n_draws - len(ok), "draws": n_draws, "seed": seed})
    return out


# ------------------------------------------------------------------- PE σ draws


_PE_DRAWS_CELLS = 60_000  # draws × lines per vectorised pass: a chunk stays in cache


def _pe_task(item: tuple[pd.DataFrame, float, float, str, FloatArray]) -> FloatArray:
    from tradewinds.models.pe_markets import lines_change_pct_draws

    lines, share, epsilon, method, sigmas = item
    return lines_change_pct_draws(lines, share=share, epsilon=epsilon, method=method, sigmas=sigmas)


def monte_carlo_pe_lines(
    lines: pd.DataFrame,
    sigma_draws: FloatArray,
    *,
    share: float,
    epsilon: float,
    method: str,
    executor: Executor,
    workers: int = 2,
    percentiles: Sequence[float] = (5, 95),
    on_batch: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """Bands for the PE change (%) of the exporter's covered trade from the baseline to
    the scenario state (both from the data: :func:`~tradewinds.models.pe_markets.
    chained_line_pe`), one solve of every line per row of ``sigma_draws`` (draws × lines, from
    :func:`tradewinds.models.elasticities.sigma_dispersion_draws`)."""
    point = float(
        _pe_task((lines, share, epsilon, method, lines["sigma"].to_numpy(float)[None]))[0]
    )
    draws = np.asarray(sigma_draws, dtype=float)
    n = len(draws)
    # chunks of draws, each solved as one stack of markets (progress reported in draws)
    size = max(1, min(-(-n // (4 * max(workers, 1))), _PE_DRAWS_CELLS // max(len(lines), 1)))
    items = [(lines, share, epsilon, method, draws[i : i + size]) for i in range(0, n, size)]

    def progress(done: int, _total: int) -> None:
        if on_batch is not None:
            on_batch(min(n, done * size), n)

    parts = map_batched(_pe_task, items, executor, workers=workers, on_batch=progress)
    chg = np.concatenate(parts) if parts else np.zeros(0)
    return band_summary(point, chg, percentiles, outcome="exports_change_pct")
