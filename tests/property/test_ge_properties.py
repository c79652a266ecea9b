"""MODELS.md §5 properties of the GE solvers (hypothesis)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradewinds.errors import DataValidationError, ScenarioError
from tradewinds.models.ge import solve_tariff_ge
from tradewinds.testing.strategies import trade_worlds as worlds


@settings(max_examples=60, deadline=None)
@given(worlds(), st.floats(1.5, 10.0))
def test_zero_shock_is_identity(w: tuple, eps: float) -> None:  # type: ignore[type-arg]
    X, t, _ = w
    r = solve_tariff_ge(X, t, t, epsilon=eps)
    np.testing.assert_allclose(r.w_hat, 1.0, atol=1e-12)
    np.testing.assert_allclose(r.P_hat, 1.0, atol=1e-12)
    np.testing.assert_allclose(r.trade_hat, 1.0, atol=1e-10)


@settings(max_examples=60, deadline=None)
@given(worlds(), st.floats(1.5, 10.0), st.floats(0.01, 1e3))
def test_scaling_and_relabelling(w: tuple, eps: float, k: float) -> None:  # type: ignore[type-arg]
    X, t, tn = w
    r = solve_tariff_ge(X, t, tn, epsilon=eps)
    r_scaled = solve_tariff_ge(X * k, t, tn, epsilon=eps)
    np.testing.assert_allclose(r_scaled.w_hat, r.w_hat, rtol=1e-9)
    np.testing.assert_allclose(r_scaled.welfare_hat, r.welfare_hat, rtol=1e-9)
    perm = np.random.default_rng(0).permutation(len(X))
    rp = solve_tariff_ge(
        X[np.ix_(perm, perm)], t[np.ix_(perm, perm)], tn[np.ix_(perm, perm)], epsilon=eps
    )
    np.testing.assert_allclose(rp.w_hat, r.w_hat[perm], rtol=1e-9)
    np.testing.assert_allclose(rp.welfare_hat, r.welfare_hat[perm], rtol=1e-9)


@settings(max_examples=60, deadline=None)
@given(worlds(), st.floats(1.5, 10.0))
def test_markets_clear(w: tuple, eps: float) -> None:  # type: ignore[type-arg]
    X, t, tn = w
    r = solve_tariff_ge(X, t, tn, epsilon=eps)
    Y = X.sum(axis=1)
    sales = r.trade_new.sum(axis=1)
    np.testing.assert_allclose(sales, r.w_hat * Y, rtol=1e-9)  # income = sales
    assert (r.w_hat * Y).sum() == pytest.approx(Y.sum(), rel=1e-12)  # numeraire
    spend = (r.trade_new * (1 + tn)).sum(axis=0)
    np.testing.assert_allclose(spend, r.E_new, rtol=1e-9)  # budgets


@settings(max_examples=60, deadline=None)
@given(worlds(), st.floats(1.5, 10.0), st.floats(0.5, 2.0))
def test_acr_formula(w: tuple, eps: float, d: float) -> None:  # type: ignore[type-arg]
    """Without tariffs, the real wage change is λ̂_jj^{−1/ε} (Arkolakis, Costinot &
    Rodríguez-Clare 2012), for any change of iceberg costs."""
    X, _, _ = w
    n = len(X)
    z = np.zeros((n, n))
    ch = np.full((n, n), d)
    np.fill_diagonal(ch, 1.0)
    r = solve_tariff_ge(X, z, z, epsilon=eps, cost_hat=ch)
    lam = X / X.sum(axis=0)
    lam_new = r.trade_new / r.trade_new.sum(axis=0)
    lam_hat = np.diag(lam_new) / np.diag(lam)
    np.testing.assert_allclose(r.w_hat / r.P_hat, lam_hat ** (-1 / eps), rtol=1e-9)


def test_bad_input_before_solving() -> None:
    X = np.array([[10.0, 1.0], [2.0, 8.0]])
    z = np.zeros((2, 2))
    with pytest.raises(DataValidationError, match="negative"):
        solve_tariff_ge(np.array([[10.0, -1.0], [2.0, 8.0]]), z, z, epsilon=4)
    with pytest.raises(DataValidationError, match="all-zero row"):
        solve_tariff_ge(np.array([[0.0, 0.0], [2.0, 8.0]]), z, z, epsilon=4)
    with pytest.raises(ScenarioError, match="-100%"):
        solve_tariff_ge(X, z, np.full((2, 2), -1.5), epsilon=4)
    with pytest.raises(ScenarioError, match="positive"):
        solve_tariff_ge(X, z, z, epsilon=-4)
