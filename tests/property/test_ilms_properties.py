"""MODELS.md §5 properties of the world tariff model's Newton path (hypothesis): a zero
shock is the identity, the Newton and fixed-point paths agree, and results do not depend
on the scale of X or the order of the countries.

Worlds are random subsets of the embedded world 2023 data (the US and 5-40 others) with
random tariffs and elasticities: the savings-share targets (0.12, 0.26) are the world's,
and on arbitrary random matrices they can calibrate to ν > 1 (an economy saving more than
its income), where the model has several equilibria."""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from tradewinds.errors import ConvergenceError
from tradewinds.io.embedded import data_path
from tradewinds.models.ge import calibrate_ilms, solve_ilms, us_tariffs
from tradewinds.models.ge.ilms2025 import ILMSData


@cache
def _world() -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    d = data_path("world2023")
    X = pd.read_csv(d / "trade_cepii.csv.gz").to_numpy(float)
    gdp = pd.read_csv(d / "gdp.csv")["gdp"].to_numpy()
    iso = tuple(pd.read_csv(d / "country_labels.csv")["iso3"])
    return X, gdp, iso


World = tuple[np.ndarray, np.ndarray, tuple[str, ...], np.ndarray, float, str]


@st.composite
def worlds(draw: st.DrawFn) -> World:
    X, gdp, iso = _world()
    us = iso.index("USA")
    others = [i for i in range(len(iso)) if i != us]
    pick = draw(st.lists(st.sampled_from(others), min_size=5, max_size=40, unique=True))
    idx = np.array([us, *pick])
    rates = draw(arrays(float, (len(idx),), elements=st.floats(0.0, 0.6)))
    eps = draw(st.floats(2.0, 10.0))
    revenue = draw(st.sampled_from(["income_tax", "lump_sum"]))
    return X[np.ix_(idx, idx)], gdp[idx], tuple(iso[i] for i in idx), rates, eps, revenue


def _data(X: np.ndarray, gdp: np.ndarray, iso: tuple[str, ...], eps: float) -> ILMSData:
    try:
        data = calibrate_ilms(X, gdp, iso, epsilon=eps)
    except ConvergenceError:
        assume(False)
    assume(0 <= data.nu_r <= 0.5 and 0 <= data.nu_u <= 0.5)
    return data


@settings(max_examples=40, deadline=None)
@given(worlds())
def test_zero_shock_is_identity(w: tuple) -> None:
    X, gdp, iso, _, eps, revenue = w
    data = _data(X, gdp, iso, eps)
    r = solve_ilms(data, np.zeros((data.n, data.n)), revenue=revenue)
    for hat in (r.w_hat, r.E_hat, r.L_hat, r.P_hat, r.welfare_hat):
        np.testing.assert_allclose(hat, 1.0, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(worlds())
def test_newton_agrees_with_fixed_point(w: tuple) -> None:
    X, gdp, iso, rates, eps, revenue = w
    data = _data(X, gdp, iso, eps)
    t = us_tariffs(data, rates, retaliation="reciprocal")
    try:
        old = solve_ilms(data, t, revenue=revenue, method="anderson", tol=1e-14)
    except ConvergenceError:
        assume(False)  # no reference to compare with
    new = solve_ilms(data, t, revenue=revenue)
    assert new.method in ("newton", "anderson+newton") and new.max_residual < 1e-12
    np.testing.assert_allclose(new.welfare_hat, old.welfare_hat, rtol=1e-10)
    np.testing.assert_allclose(new.P_hat, old.P_hat, rtol=1e-10)
    np.testing.assert_allclose(new.L_hat, old.L_hat, rtol=1e-10)
    np.testing.assert_allclose(new.trade_new, old.trade_new, rtol=1e-9)
    assert abs(np.sum((new.P_hat - 1) * data.E) / data.E.sum()) < 1e-14  # numeraire


@settings(max_examples=30, deadline=None)
@given(worlds(), st.floats(0.01, 100.0))
def test_scaling_and_relabelling(w: tuple, k: float) -> None:
    X, gdp, iso, rates, eps, revenue = w
    data = _data(X, gdp, iso, eps)
    r = solve_ilms(data, us_tariffs(data, rates), revenue=revenue)
    scaled = calibrate_ilms(X * k, gdp * k, iso, epsilon=eps)
    rs = solve_ilms(scaled, us_tariffs(scaled, rates), revenue=revenue)
    np.testing.assert_allclose(rs.welfare_hat, r.welfare_hat, rtol=1e-10)
    perm = np.random.default_rng(0).permutation(len(X))
    permuted = calibrate_ilms(
        X[np.ix_(perm, perm)], gdp[perm], tuple(iso[i] for i in perm), epsilon=eps
    )
    rp = solve_ilms(permuted, us_tariffs(permuted, rates[perm]), revenue=revenue)
    np.testing.assert_allclose(rp.welfare_hat, r.welfare_hat[perm], rtol=1e-10)
