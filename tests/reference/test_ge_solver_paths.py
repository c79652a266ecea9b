"""The fast solvers reproduce the earlier ones (issue 18): world tariff model
(Ignatenko et al. 2025, MODELS §4c) Newton–chord against the Anderson fixed point, and
Caliendo–Parro (MODELS §4d) accelerated inner solves against the plain inner loops.

Both paths stay in the code (``method="anderson"``, ``method="loops"``), so these tests
fail if either drifts. The earlier solvers stop early by design (fixed-point gap 1e-12
for the world model, wage gap 1e-10 and expenditure passes to 1e-9 for CP): their own
error is up to 6e-8 pp (world model, deficits) and 6e-9 pp (CP welfare). They are run
here with tightened tolerances, so that what is compared is the two algorithms'
solutions, not where the earlier one chose to stop; the CP test also compares with the
earlier default settings at 1e-8 pp.

Tolerance 1e-10 pp on every reported output, with one exception stated where it
applies: the deficit change in percent of the baseline deficit, 100·ΔD/|D₀|, multiplies
rounding by trade/|D₀| (1.7e5 for Cambodia, whose 2023 deficit is 0.1% of its imports):
two exact solutions differing in the last bits give 2e-10 pp there. It is compared as the
change of the deficit in points of the country's trade (to 1e-10 pp): that bounds the
published form by 1e-10 pp × trade/|D₀|, the amplification."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

from tradewinds.io.cp_data import cp_inputs
from tradewinds.io.embedded import data_path
from tradewinds.models.ge import calibrate_ilms, solve_ilms, us_tariffs
from tradewinds.models.ge.caliendo_parro import (
    _solve_cp_loops,
    calibrate_cp,
    cp_welfare,
    nafta_tariffs,
    solve_cp,
)
from tradewinds.models.ge.ilms2025 import (
    ILMSData,
    ILMSResult,
    optimal_retaliation,
    optimal_uniform_tariff,
)

PP = 1e-10
OUTPUTS = (
    "welfare_pct",
    "exports_gdp_pct",
    "imports_gdp_pct",
    "employment_pct",
    "prices_pct",
    "tariff_revenue_pct_expenditure",
)


@pytest.fixture(scope="module")
def world() -> tuple[np.ndarray, np.ndarray, np.ndarray, tuple[str, ...]]:
    d = data_path("world2023")
    X = pd.read_csv(d / "trade_cepii.csv.gz").to_numpy(float)
    gdp = pd.read_csv(d / "gdp.csv")["gdp"].to_numpy()
    rates = pd.read_csv(d / "tariffs.csv")["applied_tariff"].to_numpy()
    iso = tuple(pd.read_csv(d / "country_labels.csv")["iso3"])
    return X, gdp, rates, iso


def assert_same_world_outcomes(data: ILMSData, new: ILMSResult, old: ILMSResult) -> None:
    fn, fo = new.to_frame(), old.to_frame()
    for col in OUTPUTS:
        np.testing.assert_allclose(fn[col], fo[col], rtol=0, atol=PP, err_msg=col)
    off = ~np.eye(data.n, dtype=bool)
    trade = (data.X * off).sum(axis=0) + (data.X * off).sum(axis=1)

    def deficit(r: ILMSResult) -> np.ndarray:
        return (r.trade_new * off).sum(axis=0) - (r.trade_new * off).sum(axis=1)

    np.testing.assert_allclose(
        100 * (deficit(new) - deficit(old)) / trade, 0, atol=PP, err_msg="deficit"
    )
    assert new.method == "newton" and old.method == "anderson"


Shock = Callable[[ILMSData, np.ndarray], np.ndarray]

VARIANTS: dict[str, tuple[dict[str, object], Shock, str]] = {
    "income-tax relief": ({}, lambda d, r: us_tariffs(d, r), "income_tax"),
    "lump-sum rebate": ({}, lambda d, r: us_tariffs(d, r), "lump_sum"),
    "reciprocal retaliation": (
        {},
        lambda d, r: us_tariffs(d, r, retaliation="reciprocal"),
        "income_tax",
    ),
    "eaton-kortum": ({"special_case": "eaton-kortum"}, lambda d, r: us_tariffs(d, r), "income_tax"),
    "incomplete pass-through": (
        {"pass_through_shift": -0.75},
        lambda d, r: us_tariffs(d, r),
        "income_tax",
    ),
    "epsilon 8": ({"epsilon": 8.0}, lambda d, r: us_tariffs(d, r), "income_tax"),
    "50% on India only (us-india-2025-08)": (
        {},
        lambda d, r: us_tariffs(
            d, np.where(np.arange(d.n) == d.countries.index("IND"), 0.5, 0.0), floor=0.0
        ),
        "income_tax",
    ),
    "a Monte Carlo draw": (
        {"epsilon": 5.3, "kappa": 0.9, "psi": 0.3},
        lambda d, r: us_tariffs(d, r),
        "lump_sum",
    ),
}


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_world_newton_reproduces_anderson(world: tuple, variant: str) -> None:
    X, gdp, rates, iso = world
    kw, shock, revenue = VARIANTS[variant]
    data = calibrate_ilms(X, gdp, iso, **kw)
    t = shock(data, rates)
    new = solve_ilms(data, t, revenue=revenue)
    old = solve_ilms(data, t, revenue=revenue, method="anderson", tol=1e-15)
    assert_same_world_outcomes(data, new, old)
    assert new.max_residual < 1e-13
    # a warm start (as sweeps and draws use) lands on the same solution
    x0 = np.log(np.concatenate([old.w_hat, old.E_hat, old.L_hat])) * 0.9
    warm = solve_ilms(data, t, revenue=revenue, x0=x0)
    np.testing.assert_allclose(warm.welfare_hat, new.welfare_hat, rtol=0, atol=PP / 100)


def test_world_optima_agree(world: tuple) -> None:
    """The optimal uniform tariff and optimal retaliation search over many solves: the
    rates agree to the searches' own tolerances (the optimum is flat, so a 1e-13 change
    of the objective moves the argmax by ~1e-8), and the equilibria at the same rates
    to 1e-10 pp."""
    X, gdp, rates, iso = world
    data = calibrate_ilms(X, gdp, iso)
    rate_n, best_n = optimal_uniform_tariff(data)
    rate_o, _ = optimal_uniform_tariff(data, method="anderson")
    assert abs(rate_n - rate_o) < 1e-6
    t = us_tariffs(data, np.full(data.n, rate_n), floor=0.0)
    old = solve_ilms(data, t, method="anderson", tol=1e-15)
    assert_same_world_outcomes(data, best_n, old)

    who = [iso.index(c) for c in ("CHN", "CAN", "MEX")]
    t_us = us_tariffs(data, rates)
    ret_n, res_n = optimal_retaliation(data, t_us, countries=who, rounds=1)
    ret_o, _ = optimal_retaliation(data, t_us, countries=who, rounds=1, method="anderson")
    np.testing.assert_allclose(ret_n, ret_o, atol=1e-6)
    tt = t_us.copy()
    tt[data.us, :] = ret_n
    tt[data.us, data.us] = 0.0
    assert_same_world_outcomes(data, res_n, solve_ilms(data, tt, method="anderson", tol=1e-15))


def test_world_newton_falls_back(world: tuple, monkeypatch: pytest.MonkeyPatch) -> None:
    """If Newton stalls, the fixed point gets close and Newton finishes; if Newton
    cannot work at all, the fixed point answers alone (and the result says which)."""
    import tradewinds.models.ge.ilms2025 as ilms

    X, gdp, rates, iso = world
    data = calibrate_ilms(X, gdp, iso)
    t = us_tariffs(data, rates)
    exact = solve_ilms(data, t)
    monkeypatch.setattr(ilms, "_NEWTON_MAX_STEPS", 2)  # too few from a cold start
    r = solve_ilms(data, t)
    assert r.method == "anderson+newton"
    np.testing.assert_allclose(r.welfare_hat, exact.welfare_hat, rtol=0, atol=PP / 100)

    def singular(self: object, p: object) -> None:
        raise np.linalg.LinAlgError("singular")

    monkeypatch.setattr(ilms._Chord, "factor", singular)
    r = solve_ilms(data, t)
    assert r.method == "anderson (fallback)"
    us = r.to_frame().set_index("iso3").loc["USA", "welfare_pct"]
    assert us == pytest.approx(1.13, abs=0.005)


@pytest.fixture(scope="module")
def cp() -> tuple:
    f = cp_inputs()
    data = calibrate_cp(f["xbilat1993"], f["tariffs1993"], f["GO"], f["B"], f["IO"], f["T"])
    return data, f


def _schedule_shock(data):  # type: ignore[no-untyped-def]
    """As the 'schedule' experiment builds it: added duties by sector on one exporter's
    goods into one importer (here the US on India, 0–50% across the 20 sectors)."""
    tau = data.tau.copy()
    usa, ind = data.countries.index("USA"), data.countries.index("IND")
    tau[: data.tradable, usa, ind] += np.linspace(0.0, 0.5, data.tradable)
    return tau


@pytest.mark.parametrize("experiment", ["nafta", "schedule"])
@pytest.mark.parametrize("deficits", ["zero", "held"])
def test_cp_accelerated_reproduces_loops(cp: tuple, deficits: str, experiment: str) -> None:
    data, f = cp
    D = np.zeros(data.n) if deficits == "zero" else None
    if experiment == "nafta":
        tau_new = nafta_tariffs(data, f["tariffs2005"])
    else:
        tau_new = _schedule_shock(data)

    def tight(t: np.ndarray):  # type: ignore[no-untyped-def]
        return _solve_cp_loops(
            data, t, D_new=D, tol=1e-13, max_iter=2_000, price_tol=1e-14, expend_tol=1e-14
        )

    new = cp_welfare(data, solve_cp(data, data.tau, D_new=D), solve_cp(data, tau_new, D_new=D))
    old = cp_welfare(data, tight(data.tau), tight(tau_new))
    for col in ("welfare_pct", "tot_pct", "vot_pct", "exact_pct"):
        np.testing.assert_allclose(getattr(new, col), getattr(old, col), atol=PP, err_msg=col)
    if experiment == "nafta":  # and the earlier solver at its own settings, to 1e-8 pp
        loops = cp_welfare(
            data,
            solve_cp(data, data.tau, D_new=D, method="loops"),
            solve_cp(data, tau_new, D_new=D, method="loops"),
        )
        for col in ("welfare_pct", "exact_pct"):
            np.testing.assert_allclose(getattr(new, col), getattr(loops, col), atol=1e-8)
