"""The Newton–chord internals of the world tariff model (MODELS.md §4c, issue 18): the
analytic Jacobian against the residuals it linearises, in single and double precision,
with sparse and dense tariff revenue; the memory-one mixing of chord steps; work arrays
kept apart by precision."""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
import pytest

from tradewinds.io.embedded import data_path
from tradewinds.models.ge import calibrate_ilms, us_tariffs
from tradewinds.models.ge.core import scratch_arrays
from tradewinds.models.ge.ilms2025 import ILMSData, Revenue, _solve_ilms_newton
from tradewinds.models.ge.ilms_newton import _Chord, _Mixer


@cache
def _small_world() -> ILMSData:
    """The US and 24 others of the embedded world 2023 data."""
    d = data_path("world2023")
    X = pd.read_csv(d / "trade_cepii.csv.gz").to_numpy(float)
    gdp = pd.read_csv(d / "gdp.csv")["gdp"].to_numpy()
    iso = tuple(pd.read_csv(d / "country_labels.csv")["iso3"])
    us = iso.index("USA")
    idx = np.array([us, *[i for i in range(0, len(iso), 8) if i != us][:24]])
    return calibrate_ilms(X[np.ix_(idx, idx)], gdp[idx], tuple(iso[i] for i in idx))


def _tariffs(data: ILMSData, kind: str) -> np.ndarray:
    """Tariff revenue as _Revenue keeps it: by columns (the US column), by entries (the
    US column and row: 24 importers), dense (every pair)."""
    rng = np.random.default_rng(3)
    if kind != "dense":
        rates = rng.uniform(0.0, 0.4, data.n)
        return us_tariffs(data, rates, retaliation="reciprocal" if kind == "entries" else "none")
    t = rng.uniform(0.0, 0.3, (data.n, data.n))
    np.fill_diagonal(t, 0.0)
    return t


@pytest.mark.parametrize("revenue", ["income_tax", "lump_sum"])
@pytest.mark.parametrize("kind", ["columns", "entries", "dense"])
@pytest.mark.parametrize("single", [False, True])
def test_newton_step_linearises_the_residuals(revenue: Revenue, kind: str, single: bool) -> None:
    """F(x + h·dx) = (1 − h) F(x) + O(h²) for the Newton step dx = −J⁻¹F, away from
    the start (a point of the path, where every term of the Jacobian matters)."""
    data = _small_world()
    system = _Chord(data, _tariffs(data, kind), revenue, single=single)
    kept = {"columns": (True, False), "entries": (False, False), "dense": (False, True)}
    assert (system.B_r.few is not None, system.B_r.dense is not None) == kept[kind]
    N = data.n
    rng = np.random.default_rng(5)
    lw, lL = rng.normal(0, 0.05, N), rng.normal(0, 0.01, N)
    p, F = system.evaluate(lw, lL)
    dx = system.step(system.factor(p), F)
    h = 1e-5
    _, Fh = system.evaluate(lw + h * dx[:N], lL + h * dx[N:])
    directional = (Fh - F) / h  # J·dx, to O(h)
    keep = np.arange(2 * N) != system.ref  # the dropped row is identically zero
    scale = np.abs(F[keep]).max()
    tol = 1e-3 if single else 1e-5  # the single-precision Jacobian only steers
    np.testing.assert_allclose(directional[keep], -F[keep], rtol=0, atol=tol * scale)


def test_double_precision_path_forms_a_double_jacobian() -> None:
    """The fallback's Newton (single=False) after a single-precision solve of the same
    size: its work arrays are double, and from near the solution one or two steps
    reach rounding (a Jacobian that lost its product term did not)."""
    data = _small_world()
    t = _tariffs(data, "entries")
    near = _solve_ilms_newton(data, t, "income_tax", 1e-12, 100, None, "newton")
    assert _Chord(data, t, "income_tax").A.dtype == np.float32
    system = _Chord(data, t, "income_tax", single=False)
    assert system.A.dtype == np.float64 and system.Bf.dtype == np.float64
    x0 = np.log(np.concatenate([near.w_hat, near.E_hat, near.L_hat]))
    x0[: data.n] += 1e-6  # off the solution
    r = _solve_ilms_newton(data, t, "income_tax", 1e-12, 2, x0, "check", single=False)
    assert r.iterations <= 2 and r.max_residual < 1e-12
    np.testing.assert_allclose(r.welfare_hat, near.welfare_hat, rtol=0, atol=1e-12)


def test_mixing_solves_a_linear_chord_iteration_at_once() -> None:
    """A chord step off by a scalar factor, s(x) = −c(x − x*): mixing the first two
    steps lands on x*."""
    rng = np.random.default_rng(7)
    x_star, x = rng.normal(size=6), rng.normal(size=6)

    def s(v: np.ndarray) -> np.ndarray:
        return -0.3 * (v - x_star)

    m = _Mixer()
    assert m.mix(x, s(x)) is None  # no history yet
    x1 = x + s(x)
    mixed = m.mix(x1, s(x1))
    assert mixed is not None
    np.testing.assert_allclose(mixed, x_star, rtol=0, atol=1e-12)
    m.clear()
    assert m.mix(x1, s(x1)) is None


def test_scratch_arrays_keep_precisions_apart() -> None:
    (a,) = scratch_arrays("test-precision", ((3, 3),), dtype=np.float32)
    (b,) = scratch_arrays("test-precision", ((3, 3),), dtype=np.float64)
    (c,) = scratch_arrays("test-precision", ((3, 3),), dtype=np.float32)
    assert a.dtype == np.float32 and b.dtype == np.float64
    assert c is a and b is not a
