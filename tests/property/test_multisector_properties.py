"""MODELS.md §4f properties of the multi-sector solver (hypothesis)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from tradewinds.models.ge import solve_tariff_ge
from tradewinds.models.ge.multisector import (
    MultisectorResult,
    calibrate_multisector,
    kappa_from_barred,
    solve_chain,
    solve_multisector,
    solve_multisector_fsolve,
)

World = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
MODES = ("fixed", "balanced")


@st.composite
def worlds(draw: st.DrawFn, *, n_sectors: tuple[int, int] = (1, 4)) -> World:
    """X (N, N, S) with home bias and modest imbalances, t and t′ (zero diagonals), ε."""
    n = draw(st.integers(2, 6))
    s = draw(st.integers(*n_sectors))
    A = draw(arrays(float, (n, n, s), elements=st.floats(1.0, 1e4)))
    noise = draw(arrays(float, (n, n, s), elements=st.floats(0.7, 1.3)))
    # near-balanced trade: fixed nominal deficits far larger than income make a shocked world
    # infeasible (E′ = ŵY + D < 0), which the solver reports rather than solves
    X = (A + A.transpose(1, 0, 2)) / 2 * noise
    d = np.arange(n)
    X[d, d, :] *= 6  # home bias, as in the data
    t = draw(arrays(float, (n, n, s), elements=st.floats(0.0, 0.3)))
    tn = draw(arrays(float, (n, n, s), elements=st.floats(0.0, 0.6)))
    t[d, d, :] = 0
    tn[d, d, :] = 0
    eps = draw(arrays(float, (s,), elements=st.floats(1.5, 20.0)))
    return X, t, tn, eps


def solve(w: World, mode: str = "fixed", **kw: object) -> MultisectorResult:
    X, t, tn, eps = w
    base = calibrate_multisector(X, t, epsilon=eps, deficits=mode)  # type: ignore[arg-type]
    return solve_multisector(base, tn, **kw)  # type: ignore[arg-type]


@settings(max_examples=40, deadline=None)
@given(worlds(), st.sampled_from(MODES))
def test_zero_shock_gives_exactly_one(w: World, mode: str) -> None:
    X, t, _, eps = w
    r = solve((X, t, t, eps), mode)
    assert r.iterations == 0
    for hat in (r.w_hat, r.P_hat, r.E_hat, r.welfare_hat, r.trade_hat):
        assert np.all(hat == 1.0)
    assert np.all(r.P_hat_sector[~np.isnan(r.P_hat_sector)] == 1.0)


@settings(max_examples=30, deadline=None)
@given(worlds(), st.sampled_from(MODES), st.floats(1e-3, 1e3))
def test_invariant_to_scaling_and_order(w: World, mode: str, k: float) -> None:
    X, t, tn, eps = w
    r = solve(w, mode)
    scaled = solve((X * k, t, tn, eps), mode)
    np.testing.assert_allclose(scaled.w_hat, r.w_hat, rtol=1e-9)
    np.testing.assert_allclose(scaled.welfare_hat, r.welfare_hat, rtol=1e-9)
    rng = np.random.default_rng(len(X))
    pc = rng.permutation(X.shape[0])
    ps = rng.permutation(X.shape[2])

    def perm(a: np.ndarray) -> np.ndarray:
        return a[np.ix_(pc, pc, ps)]

    rp = solve((perm(X), perm(t), perm(tn), eps[ps]), mode)
    np.testing.assert_allclose(rp.w_hat, r.w_hat[pc], rtol=1e-9)
    np.testing.assert_allclose(rp.welfare_hat, r.welfare_hat[pc], rtol=1e-9)
    np.testing.assert_allclose(rp.P_hat_sector, r.P_hat_sector[np.ix_(pc, ps)], rtol=1e-9)
    np.testing.assert_allclose(rp.trade_hat, perm(r.trade_hat), rtol=1e-8)


@settings(max_examples=30, deadline=None)
@given(worlds(), st.sampled_from(MODES), st.data())
def test_splitting_a_sector_in_identical_halves_changes_nothing(
    w: World, mode: str, data: st.DataObject
) -> None:
    X, t, tn, eps = w
    k = data.draw(st.integers(0, X.shape[2] - 1))

    def split(a: np.ndarray, half: bool) -> np.ndarray:
        part = a[:, :, k : k + 1] / (2 if half else 1)
        return np.concatenate([a[:, :, :k], part, part, a[:, :, k + 1 :]], axis=2)

    r = solve(w, mode)
    r2 = solve((split(X, True), split(t, False), split(tn, False), np.insert(eps, k, eps[k])), mode)
    np.testing.assert_allclose(r2.w_hat, r.w_hat, rtol=1e-9)
    np.testing.assert_allclose(r2.welfare_hat, r.welfare_hat, rtol=1e-9)
    np.testing.assert_allclose(r2.P_hat, r.P_hat, rtol=1e-9)


@settings(max_examples=40, deadline=None)
@given(worlds(n_sectors=(1, 1)))
def test_one_sector_is_the_4b_engine(w: World) -> None:
    X, t, tn, eps = w
    r = solve(w, "fixed")
    q = solve_tariff_ge(X[:, :, 0], t[:, :, 0], tn[:, :, 0], epsilon=float(eps[0]))
    np.testing.assert_allclose(r.w_hat, q.w_hat, rtol=0, atol=1e-10)
    np.testing.assert_allclose(r.P_hat, q.P_hat, rtol=0, atol=1e-10)
    np.testing.assert_allclose(r.welfare_hat, q.welfare_hat, rtol=0, atol=1e-10)
    np.testing.assert_allclose(r.X_after[:, :, 0] / X.sum(), q.trade_new / X.sum(), atol=1e-10)


@settings(max_examples=40, deadline=None)
@given(worlds(), st.sampled_from(MODES))
def test_markets_clear_and_deficits_are_kept(w: World, mode: str) -> None:
    _, _, tn, _ = w
    r = solve(w, mode)
    b = r.baseline
    assert r.max_residual <= r.tol
    Xa = r.X_after
    income = r.w_hat * b.Y
    sales = Xa.sum(axis=(1, 2))
    # every market clears to the reported tolerance (plus rounding of the hat products)
    assert np.max(np.abs(sales / income - 1)) <= r.max_residual + 1e-12
    assert income.sum() == pytest.approx(b.Y.sum(), rel=1e-12)  # the numeraire
    spend = (Xa * (1 + tn)).sum(axis=(0, 2))
    np.testing.assert_allclose(spend, b.E * r.E_hat, rtol=1e-10)  # budgets
    world = b.Y.sum()
    assert abs(r.deficit_after.sum()) <= 1e-12 * world  # Σ D = 0
    # fixed nominal deficits: D′ = D up to the market-clearing gap
    np.testing.assert_allclose(r.deficit_after, b.D, rtol=0, atol=(r.max_residual + 1e-12) * world)
    if mode == "balanced":
        assert np.max(np.abs(b.D)) <= 1e-10 * world


@settings(max_examples=15, deadline=None)
@given(worlds(n_sectors=(1, 3)))
def test_the_fsolve_peer_finds_the_same_wages(w: World) -> None:
    X, t, tn, eps = w
    base = calibrate_multisector(X, t, epsilon=eps)
    r = solve_multisector(base, tn)
    np.testing.assert_allclose(solve_multisector_fsolve(base, tn), r.w_hat, rtol=1e-8)
    np.testing.assert_allclose(solve_multisector_fsolve(base, tn, cubes=False), r.w_hat, rtol=1e-8)


@settings(max_examples=20, deadline=None)
@given(worlds(), st.sampled_from(MODES))
def test_warm_start_reaches_the_same_equilibrium(w: World, mode: str) -> None:
    r = solve(w, mode)
    again = solve(w, mode, w0=r.w_hat * 1.01)
    assert again.iterations <= r.iterations + 1
    np.testing.assert_allclose(again.w_hat, r.w_hat, rtol=1e-10)


@settings(max_examples=25, deadline=None)
@given(worlds(), st.sampled_from(MODES), st.floats(0.0, 0.4))
def test_a_chained_baseline_equals_the_ratio_of_two_solves(
    w: World, mode: str, extra: float
) -> None:
    """Measured from an intermediate equilibrium (rebase) = the ratio of two solves from
    the data: the model's equilibrium does not depend on the path."""
    X, t, tn, eps = w
    t_mid = tn
    t_end = tn + extra * (1 - np.eye(len(X)))[:, :, None]
    base = calibrate_multisector(X, t, epsilon=eps, deficits=mode)  # type: ignore[arg-type]
    mid = solve_multisector(base, t_mid)
    end = solve_multisector(base, t_end)
    chained, first = solve_chain(base, t_end, t_mid=t_mid)
    assert first is not None and chained.max_residual < 1e-10
    np.testing.assert_allclose(chained.welfare_hat, end.welfare_hat / mid.welfare_hat, rtol=1e-9)
    np.testing.assert_allclose(chained.X_after, end.X_after, rtol=1e-8, atol=1e-9 * X.max())
    assert chained.baseline.deficits == mode


@settings(max_examples=25, deadline=None)
@given(worlds(), st.floats(0.05, 1.0))
def test_a_barred_share_cuts_trade_at_given_prices(w: World, s: float) -> None:
    """κ̂ = (1 − s)^(−1/ε) multiplies the pair's A by exactly 1 − s (a full ban keeps the
    residual share, 1e-6); no barred share and κ̂ = 1 are the zero shock; the barred pair
    trades less in total (sector by sector GE wage effects may go either way)."""
    X, t, _, eps = w
    n = len(X)
    barred = np.zeros_like(X)
    barred[0, n - 1, :] = s
    k = kappa_from_barred(barred, eps)
    assert k is not None
    np.testing.assert_allclose(k[0, n - 1, :] ** (-eps), max(1 - s, 1e-6), rtol=1e-9)
    assert kappa_from_barred(np.zeros_like(X), eps) is None
    base = calibrate_multisector(X, t, epsilon=eps)
    same = solve_multisector(base, t, kappa_hat=np.ones_like(X))
    assert same.iterations == 0 and np.all(same.welfare_hat == 1.0)
    r = solve_multisector(base, t, kappa_hat=k)
    assert r.max_residual < 1e-10
    assert r.X_after[0, n - 1, :].sum() < X[0, n - 1, :].sum()
