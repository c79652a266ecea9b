"""Reference: Yotov et al. (2016) ch. 2 app. 1, "trade without borders" (MODELS §4a).

The baseline is the PPML fit of 2006 trade (exporter and importer effects, ln DIST,
CNTG, INTL_BRDR), σ = 7, Germany the reference country; the counterfactual removes
international borders (t̂^{1−σ} = exp(−b_BRDR) on international pairs). Stata results:
`Chapter2/Applications/1_TradeWithoutBorder/Results/*_FULL_{PROD,CONS}.dta`.

Tolerances (MODELS §4a, measured here): conditional GE matches the published numbers to
0.001 pp; the published full-GE numbers are early-stopped iterates of the book's loop,
and a converged exact-hat solution differs from them by at most 0.46 pp on factory-gate
prices and 0.60 pp on real GDP (0.83 pp on the IMR, derived from those two). The solver
is also checked against its own tight solution to 1e-8.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tradewinds.io.embedded import data_path
from tradewinds.models.ge.gravity_ge import solve_gravity_ge
from tradewinds.models.gravity import estimate_ppml, gravity_design

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def solved() -> tuple[pd.DataFrame, pd.DataFrame, object]:
    p = pd.read_parquet(data_path("yotov2016", "yotov2016_panel.parquet"))
    d = gravity_design(p, years=[2006], domestic=True, border=True)
    r = estimate_ppml(d, x=["ln_DIST", "CNTG", "INTL_BRDR"], fe=["exporter", "importer"])
    assert r.fitted is not None
    iso = sorted(set(d["exporter"]))
    idx = {c: k for k, c in enumerate(iso)}
    n = len(iso)
    X = np.zeros((n, n))
    B = np.zeros((n, n))
    ii, jj = d["exporter"].map(idx).to_numpy(), d["importer"].map(idx).to_numpy()
    X[ii, jj] = r.fitted.to_numpy()
    B[ii, jj] = d["INTL_BRDR"].to_numpy()
    t_hat = np.exp(-r.coef("INTL_BRDR") * B)
    res = solve_gravity_ge(X, t_hat, sigma=7.0, reference=idx["DEU"], countries=tuple(iso))
    tight = solve_gravity_ge(
        X, t_hat, sigma=7.0, reference=idx["DEU"], countries=tuple(iso), tol=1e-14
    )
    ref = pd.read_csv(DATA / "yotov2016_ch2_app1_trade_without_borders_stata.csv")
    return res.to_frame().set_index("iso3"), ref.set_index("country"), (res, tight)


def _diff(ours: pd.DataFrame, ref: pd.DataFrame, col: str) -> pd.Series:
    return (ours[col] - ref.loc[ours.index, col]).abs()


def test_conditional_ge_matches_stata(solved: tuple) -> None:  # type: ignore[type-arg]
    ours, ref, _ = solved
    for col in ("change_Xi_CDL", "change_IMR_CDL", "change_OMR_CDL"):
        assert _diff(ours, ref, col).max() < 0.002, col


def test_full_ge_within_the_books_early_stopping(solved: tuple) -> None:  # type: ignore[type-arg]
    ours, ref, _ = solved
    assert _diff(ours, ref, "change_price_FULL").max() < 0.465
    assert _diff(ours, ref, "change_price_FULL").mean() < 0.1
    ref_rgdp = 100 * ((1 + ref["change_price_FULL"] / 100) / (1 + ref["change_IMR_FULL"] / 100) - 1)
    d = (ours["change_rGDP_FULL"] - ref_rgdp.loc[ours.index]).abs()
    assert d.max() < 0.605
    assert ours.loc["ARG", "change_rGDP_FULL"] == pytest.approx(49.01, abs=0.6)  # published
    assert ours.loc["DEU", "change_IMR_FULL"] == pytest.approx(0.0, abs=1e-10)  # reference


def test_against_own_tight_solution(solved: tuple) -> None:  # type: ignore[type-arg]
    _, _, (res, tight) = solved
    np.testing.assert_allclose(res.price_hat, tight.price_hat, rtol=1e-8)
    np.testing.assert_allclose(res.imr_cdl_hat, tight.imr_cdl_hat, rtol=1e-8)
    # markets clear: output = sales at the new prices
    Y = res.trade_full.sum(axis=1)
    assert np.all(np.isfinite(Y)) and (Y > 0).all()


def test_book_method_reproduces_the_published_iterates() -> None:
    """method="book": the Stata loop (PPML re-estimated each round, stopped on the
    book's 0.01 rule after 5 rounds) matches the published numbers to 1e-4 pp."""
    from tradewinds.models.ge.gravity_ge import book_gravity_ge

    p = pd.read_parquet(data_path("yotov2016", "yotov2016_panel.parquet"))
    d = gravity_design(p, years=[2006], domestic=True, border=True)
    r = estimate_ppml(d, x=["ln_DIST", "CNTG", "INTL_BRDR"], fe=["exporter", "importer"])
    iso = sorted(set(d["exporter"].astype(str)))
    idx = {c: k for k, c in enumerate(iso)}
    n = len(iso)
    ii, jj = d["exporter"].map(idx).to_numpy(), d["importer"].map(idx).to_numpy()
    mats = {v: np.zeros((n, n)) for v in ("trade", "ln_DIST", "CNTG", "INTL_BRDR")}
    for v, m in mats.items():
        m[ii, jj] = d[v].to_numpy()
    z = r.coef("ln_DIST") * mats["ln_DIST"] + r.coef("CNTG") * mats["CNTG"]
    frame, rounds = book_gravity_ge(
        mats["trade"],
        np.exp(z + r.coef("INTL_BRDR") * mats["INTL_BRDR"]),
        np.exp(z),
        sigma=7.0,
        reference=idx["DEU"],
        countries=tuple(iso),
    )
    assert rounds == 5  # MODELS §4a: the book stops after 5 rounds in App. 1
    ours = frame.set_index("iso3")
    ref = pd.read_csv(DATA / "yotov2016_ch2_app1_trade_without_borders_stata.csv").set_index(
        "country"
    )
    for col in ("change_price_FULL", "change_IMR_FULL", "change_OMR_FULL", "change_Xi_FULL"):
        assert _diff(ours, ref, col).max() < 1e-4, col
    ref_rgdp = 100 * ((1 + ref["change_price_FULL"] / 100) / (1 + ref["change_IMR_FULL"] / 100) - 1)
    assert (ours["change_rGDP_FULL"] - ref_rgdp.loc[ours.index]).abs().max() < 1e-4


def _nafta_matrices() -> tuple:  # type: ignore[type-arg]
    from tradewinds.models.gravity import rta_trade_costs

    p = pd.read_parquet(data_path("yotov2016", "yotov2016_panel.parquet"))
    one, beta = rta_trade_costs(p, year=1994)
    nafta = {"CAN", "MEX", "USA"}
    rta_no = np.where(
        one["exporter"].isin(nafta)
        & one["importer"].isin(nafta)
        & (one["exporter"] != one["importer"]),
        0,
        one["RTA"],
    )
    iso = sorted(set(one["exporter"].astype(str)))
    idx = {c: k for k, c in enumerate(iso)}
    n = len(iso)
    ii = one["exporter"].astype(str).map(idx).to_numpy()
    jj = one["importer"].astype(str).map(idx).to_numpy()
    trade, tb, tc = (np.zeros((n, n)) for _ in range(3))
    trade[ii, jj] = one["trade"]
    tb[ii, jj] = one["tij_bar"] * np.exp(beta * one["RTA"])
    tc[ii, jj] = one["tij_bar"] * np.exp(beta * rta_no)
    ref = pd.read_csv(DATA / "yotov2016_ch2_app2_nafta_stata.csv").set_index("country")
    return trade, tb, tc, iso, idx, ref, beta


def test_nafta_book_and_converged() -> None:
    """Ch. 2 app. 2: NAFTA's effect (a world without it against the 1994 baseline).
    The book's loop stops after 3 rounds and matches to 1e-4 pp (exports 5e-4 pp: they
    are tens of percent); the converged solution is within 0.113 pp on prices and
    about 0.035 pp on real GDP (MODELS §4a)."""
    from tradewinds.models.ge.gravity_ge import _two_way_ppml, book_gravity_ge

    trade, tb, tc, iso, idx, ref, beta = _nafta_matrices()
    assert beta == pytest.approx(0.5571853, abs=1e-6)
    book, rounds = book_gravity_ge(
        trade, tb, tc, sigma=7.0, reference=idx["DEU"], countries=tuple(iso), direction="reverse"
    )
    assert rounds == 3
    b = book.set_index("iso3")
    for col, tol in (
        ("change_price_FULL", 1e-4),
        ("change_IMR_FULL", 1e-4),
        ("change_OMR_FULL", 1e-4),
        ("change_Xi_FULL", 5e-4),
    ):
        assert _diff(b, ref, col).max() < tol, col
    _, _, fitted = _two_way_ppml(trade, tb, idx["DEU"])
    g = solve_gravity_ge(
        fitted,
        tc / np.where(tb > 0, tb, 1.0),
        sigma=7.0,
        reference=idx["DEU"],
        countries=tuple(iso),
    )
    price = 100 * (1 - g.price_hat)
    assert np.abs(price - ref.loc[list(iso), "change_price_FULL"].to_numpy()).max() < 0.115
    ref_rgdp = 100 * (1 + b["change_rGDP_FULL"] / 100)  # book ≈ published (1e-4)
    rgdp = 100 * (1 / g.real_gdp_hat)
    # measured here: 0.037 pp (MODELS quotes 0.034 pp against the xls it read)
    assert np.abs(rgdp - ref_rgdp.loc[list(iso)].to_numpy()).max() < 0.04
