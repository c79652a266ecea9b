"""Reference: the PE vector of MODELS.md §2 (one market, three exporters).

m0 = (100, 300, 600), t0 = 0.10, t1 = (0.60, 0.10, 0.10), ε = −1, σ = 1.5, β = ∞.
Exact CES: P̂ = 1.03506, m1 = (57.995, 305.214, 610.429). Linear SMART trade creation
for the first source: −45.455. Tolerance 1e-3: the reference is quoted to 3 decimals.
"""

from __future__ import annotations

import numpy as np
import pytest

from tradewinds.models.pe import simulate_pe, simulate_pe_markets

M0 = np.array([100.0, 300.0, 600.0])
T0 = np.full(3, 0.10)
T1 = np.array([0.60, 0.10, 0.10])


def test_exact_ces_reference() -> None:
    r = simulate_pe(M0, T0, T1, epsilon=-1.0, sigma=1.5)
    assert r.price_index_hat == pytest.approx(1.03506, abs=1e-3)
    assert r.m1 == pytest.approx([57.995, 305.214, 610.429], abs=1e-3)
    # and the vectorised multi-market core agrees with it
    v = simulate_pe_markets(M0[None, :], T0, T1[None, :], epsilon=-1.0, sigma=1.5)
    assert v.m1[0] == pytest.approx(r.m1, rel=1e-12)


def test_smart_trade_creation_reference() -> None:
    r = simulate_pe(M0, T0, T1, epsilon=-1.0, sigma=1.5, method="wits_compat")
    assert r.trade_creation[0] == pytest.approx(-45.455, abs=1e-3)
    assert r.trade_creation[1:] == pytest.approx([0.0, 0.0])
    assert r.trade_diversion.sum() == pytest.approx(0.0, abs=1e-9)


def test_sigma_equal_minus_epsilon_leaves_third_parties_unchanged() -> None:
    r = simulate_pe(M0, T0, T1, epsilon=-1.0, sigma=1.0)
    assert r.m1[1:] == pytest.approx(M0[1:], rel=1e-12)
    r = simulate_pe(M0, T0, T1, epsilon=-2.5, sigma=2.5)
    assert r.m1[1:] == pytest.approx(M0[1:], rel=1e-12)


def test_finite_supply_elasticity_dampens() -> None:
    inf = simulate_pe(M0, T0, T1, epsilon=-1.0, sigma=1.5)
    fin = simulate_pe(M0, T0, T1, epsilon=-1.0, sigma=1.5, beta=2.0)
    assert fin.m1[0] > inf.m1[0]  # the supplier's price falls and absorbs part of the tariff
    assert fin.world_price_hat[0] < 1.0
