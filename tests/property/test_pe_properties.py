"""Properties of the PE models (hypothesis)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings

from tradewinds.models.pe import simulate_pe
from tradewinds.testing.strategies import pe_markets as market


@settings(max_examples=200, deadline=None)
@given(market())
def test_zero_change_is_identity(mk: tuple) -> None:  # type: ignore[type-arg]
    m0, t0, _, eps, sig = mk
    for method in ("exact", "wits_compat"):
        r = simulate_pe(m0, t0, t0, epsilon=eps, sigma=sig, method=method)  # type: ignore[arg-type]
        np.testing.assert_allclose(r.m1, m0, rtol=1e-12)
        assert abs(r.revenue_change) <= 1e-9 * max(1.0, m0.sum())


@settings(max_examples=200, deadline=None)
@given(market())
def test_shares_sum_to_one_and_scale_free(mk: tuple) -> None:  # type: ignore[type-arg]
    m0, t0, t1, eps, sig = mk
    r = simulate_pe(m0, t0, t1, epsilon=eps, sigma=sig)
    s1 = r.m1 / r.m1.sum()
    assert abs(s1.sum() - 1.0) < 1e-12
    r2 = simulate_pe(m0 * 1000.0, t0, t1, epsilon=eps, sigma=sig)
    np.testing.assert_allclose(r2.m1, 1000.0 * r.m1, rtol=1e-10)
    # a source whose relative price rises loses share (σ > 0)
    tau = (1 + t1) / (1 + t0)
    hi, lo = int(np.argmax(tau)), int(np.argmin(tau))
    if tau[hi] > tau[lo] * (1 + 1e-9):
        assert r.m1[hi] / m0[hi] <= r.m1[lo] / m0[lo] + 1e-12


@settings(max_examples=200, deadline=None)
@given(market())
def test_smart_diversion_sums_to_zero(mk: tuple) -> None:  # type: ignore[type-arg]
    m0, t0, t1, eps, sig = mk
    r = simulate_pe(m0, t0, t1, epsilon=eps, sigma=sig, method="wits_compat")
    assert abs(r.trade_diversion.sum()) <= 1e-9 * max(1.0, m0.sum())
