"""Reference: the GE models against MODELS.md §4b and §4c.

§4c: Ignatenko, Lashkaripour, Macedoni & Simonovska (2025), JIE 157, Tables 1-2, on the
embedded world 2023 data (194 countries, BACI 2023, ε = 4, April 2025 US rates): US
welfare +1.13% (income-tax relief), −0.01% (lump-sum rebate), −0.36% (reciprocal
retaliation), non-US expenditure-weighted average −0.58%, US prices +12.8%. Tolerance:
half a unit of the last published digit (0.005 pp; 0.05 pp for prices, published to one
decimal). The calibrated savings shares are checked to 1e-9 (MODELS gives 10 decimals).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tradewinds.io.embedded import data_path
from tradewinds.models.ge import (
    calibrate_ilms,
    solve_ilms,
    solve_ilms_fsolve,
    solve_tariff_ge,
    us_tariffs,
)


@pytest.fixture(scope="module")
def world() -> tuple:  # type: ignore[type-arg]
    d = data_path("world2023")
    X = pd.read_csv(d / "trade_cepii.csv.gz").to_numpy(float)
    gdp = pd.read_csv(d / "gdp.csv")["gdp"].to_numpy()
    rates = pd.read_csv(d / "tariffs.csv")["applied_tariff"].to_numpy()
    iso = tuple(pd.read_csv(d / "country_labels.csv")["iso3"])
    return calibrate_ilms(X, gdp, iso), rates


def test_savings_shares(world: tuple) -> None:  # type: ignore[type-arg]
    data, _ = world
    assert data.nu_r == pytest.approx(0.1143352128, abs=1e-9)
    assert data.nu_u == pytest.approx(0.2704709823, abs=1e-9)


@pytest.mark.parametrize(
    "revenue,retaliation,us_welfare",
    [
        ("income_tax", "none", 1.13),
        ("lump_sum", "none", -0.01),
        ("income_tax", "reciprocal", -0.36),
    ],
)
def test_liberation_day_welfare(
    world: tuple,
    revenue: str,
    retaliation: str,  # type: ignore[type-arg]
    us_welfare: float,
) -> None:
    data, rates = world
    r = solve_ilms(
        data,
        us_tariffs(data, rates, retaliation=retaliation),  # type: ignore[arg-type]
        revenue=revenue,
    )  # type: ignore[arg-type]
    f = r.to_frame().set_index("iso3")
    assert f.loc["USA", "welfare_pct"] == pytest.approx(us_welfare, abs=0.005)
    assert r.max_residual < 1e-10
    if revenue == "income_tax" and retaliation == "none":
        assert r.non_us_average("welfare_pct") == pytest.approx(-0.58, abs=0.005)
        assert f.loc["USA", "prices_pct"] == pytest.approx(12.8, abs=0.05)
        # MODELS §4c: a simple average gives −0.37%, not −0.58%
        assert f.drop("USA")["welfare_pct"].mean() == pytest.approx(-0.37, abs=0.005)


def test_fsolve_peer_agrees(world: tuple) -> None:  # type: ignore[type-arg]
    data, rates = world
    t = us_tariffs(data, rates)
    ours = solve_ilms(data, t)
    x = solve_ilms_fsolve(data, t)
    n = data.n
    np.testing.assert_allclose(ours.w_hat, x[:n], rtol=1e-8)
    np.testing.assert_allclose(ours.L_hat, x[2 * n :], rtol=1e-8)


def test_tariff_deficit_cross_check_vector() -> None:
    """MODELS §4b: ε = 4, zero initial tariffs, US tariff 0.50 on IND and 0.15 on ROW."""
    X = np.array([[900, 40, 160], [80, 300, 120], [320, 160, 2000]], float)
    t = np.zeros((3, 3))
    tn = t.copy()
    tn[1, 0], tn[2, 0] = 0.50, 0.15
    r = solve_tariff_ge(X, t, tn, epsilon=4.0, D=np.array([200.0, 0.0, -200.0]))
    np.testing.assert_allclose(r.w_hat, [1.089866, 0.935710, 0.973102], atol=1e-6)
    np.testing.assert_allclose(100 * (r.welfare_hat - 1), [1.0382, -2.1417, -0.6602], atol=1e-4)
    assert r.trade_new[1, 0] == pytest.approx(23.187, abs=1e-3)
    # and against our own tight solution to 1e-6
    tight = solve_tariff_ge(X, t, tn, epsilon=4.0, D=np.array([200.0, 0.0, -200.0]), tol=1e-15)
    np.testing.assert_allclose(r.w_hat, tight.w_hat, atol=1e-12)


def test_optimal_uniform_tariff_is_a_maximum(world: tuple) -> None:  # type: ignore[type-arg]
    from tradewinds.models.ge.ilms2025 import optimal_uniform_tariff

    data, _ = world
    rate, best = optimal_uniform_tariff(data)
    assert 0.0 < rate < 1.0
    for other in (rate - 0.05, rate + 0.05):
        r = solve_ilms(data, us_tariffs(data, np.full(data.n, other), floor=0.0))
        assert r.welfare_hat[data.us] < best.welfare_hat[data.us]


def test_eaton_kortum_special_case(world: tuple) -> None:  # type: ignore[type-arg]
    """ψ = 0, κ = 0, φ = 1: labour does not move and a zero shock changes nothing."""
    d = data_path("world2023")
    X = pd.read_csv(d / "trade_cepii.csv.gz").to_numpy(float)
    gdp = pd.read_csv(d / "gdp.csv")["gdp"].to_numpy()
    iso = tuple(pd.read_csv(d / "country_labels.csv")["iso3"])
    ek = calibrate_ilms(X, gdp, iso, special_case="eaton-kortum")
    zero = solve_ilms(ek, np.zeros((ek.n, ek.n)))
    np.testing.assert_allclose(zero.welfare_hat, 1.0, atol=1e-10)
    _, rates = world
    r = solve_ilms(ek, us_tariffs(ek, rates))
    np.testing.assert_allclose(r.L_hat, 1.0, atol=1e-12)


def test_optimal_retaliation_is_a_best_response() -> None:
    """On a small world: each retaliator's rate maximises its own welfare given the
    others' (perturbing it lowers that country's welfare)."""
    from tradewinds.models.ge.ilms2025 import optimal_retaliation

    rng = np.random.default_rng(3)
    n = 5
    X = rng.uniform(1e6, 5e7, (n, n))
    np.fill_diagonal(X, 0.0)
    gdp = rng.uniform(5e11, 3e12, n)
    gdp[0] = 2.5e13
    iso = ("USA", "AAA", "BBB", "CCC", "DDD")
    data = calibrate_ilms(X, gdp, iso)
    t_us = us_tariffs(data, np.full(n, 0.25))
    rates, res = optimal_retaliation(data, t_us, rounds=4)
    assert (rates[1:] > 0).all() and rates[0] == 0.0
    for i in range(1, n):
        for d in (-0.03, 0.03):
            rs = rates.copy()
            rs[i] = max(0.0, rs[i] + d)
            tt = t_us.copy()
            tt[0, :] = rs
            tt[0, 0] = 0.0
            other = solve_ilms(data, tt)
            assert other.welfare_hat[i] <= res.welfare_hat[i] + 1e-7
