"""Reference: Caliendo & Parro (2015) NAFTA welfare effects (MODELS.md §4d).

NAFTA tariff changes only (2005 tariffs within CAN–MEX–USA, 1993 elsewhere), relative to
a baseline equilibrium with 1993 tariffs. Published (CP 2015, Table 2, 2 decimals):
zero aggregate deficit CAN −0.06%, MEX +1.31%, USA +0.08%; deficits held −0.04%, +1.17%,
+0.08%: the first-order terms-of-trade + volume-of-trade decomposition. Tolerance:
half a unit of the second decimal. The exact Î/P̂ is checked against the values MODELS
measured with an independent solver (CAN −0.11%, MEX +0.01%, USA +0.07%).
"""

from __future__ import annotations

import numpy as np
import pytest

from tradewinds.io.cp_data import cp_inputs
from tradewinds.models.ge.caliendo_parro import (
    calibrate_cp,
    cp_welfare,
    nafta_tariffs,
    solve_cp,
)


@pytest.fixture(scope="module")
def data():  # type: ignore[no-untyped-def]
    f = cp_inputs()
    return calibrate_cp(f["xbilat1993"], f["tariffs1993"], f["GO"], f["B"], f["IO"], f["T"])


def test_data_orientation(data) -> None:  # type: ignore[no-untyped-def]
    usa, jpn = data.countries.index("USA"), data.countries.index("JPN")
    assert data.X[:20, usa, jpn].sum() == pytest.approx(108.4e9, rel=1e-3)


@pytest.mark.parametrize(
    "deficits,expected,exact",
    [
        (
            "zero",
            {"CAN": -0.06, "MEX": 1.31, "USA": 0.08},
            {"CAN": -0.11, "MEX": 0.01, "USA": 0.07},
        ),
        ("held", {"CAN": -0.04, "MEX": 1.17, "USA": 0.08}, None),
    ],
)
def test_nafta_welfare(data, deficits: str, expected: dict, exact: dict | None) -> None:  # type: ignore[no-untyped-def,type-arg]
    D = np.zeros(data.n) if deficits == "zero" else None
    f = cp_inputs()
    base = solve_cp(data, data.tau, D_new=D)
    cf = solve_cp(data, nafta_tariffs(data, f["tariffs2005"]), D_new=D)
    w = cp_welfare(data, base, cf).to_frame().set_index("iso3")
    for iso, v in expected.items():
        assert w.loc[iso, "welfare_pct"] == pytest.approx(v, abs=0.005), iso
    for iso, v in (exact or {}).items():
        assert w.loc[iso, "welfare_exact_pct"] == pytest.approx(v, abs=0.005), iso
    # the decomposition adds up
    np.testing.assert_allclose(
        w["welfare_pct"], w["terms_of_trade_pct"] + w["volume_of_trade_pct"], atol=1e-12
    )


def test_zero_shock_is_identity(data) -> None:  # type: ignore[no-untyped-def]
    base = solve_cp(data, data.tau, D_new=np.zeros(data.n))
    again = solve_cp(data, data.tau, D_new=np.zeros(data.n))
    w = cp_welfare(data, base, again)
    np.testing.assert_allclose(w.welfare_pct, 0.0, atol=1e-10)
    np.testing.assert_allclose(w.exact_pct, 0.0, atol=1e-10)


def test_sector_mapping_longest_prefix_wins() -> None:
    import pandas as pd

    from tradewinds.io.cp_data import cp_sector_map
    from tradewinds.models.ge.caliendo_parro import cp_sector_of, sector_tariffs

    m = cp_sector_map()
    codes = pd.Series(
        [
            "27090000",
            "27101990",
            "84713010",
            "84212100",
            "85171300",
            "85011000",
            "03061700",
            "99999999",
        ]
    )
    assert cp_sector_of(codes, m).tolist() == [2, 7, 14, 13, 16, 15, 1, 0]
    lines = pd.DataFrame(
        {
            "product": ["84713010", "84212100", "84219900"],
            "value_usd": [1.0, 3.0, 1.0],
            "rate": [0.0, 0.5, 0.25],
        }
    )
    rates, share = sector_tariffs(lines, m)
    assert rates[12] == pytest.approx((0.5 * 3 + 0.25) / 4)  # machinery n.e.c., weighted
    assert share[13] == pytest.approx(0.2) and rates[13] == 0.0  # office


def test_schedule_scenario_in_cp(tmp_path, home) -> None:  # type: ignore[no-untyped-def]
    from tradewinds import services

    r = services.run_scenario("us-india-2025-08-cp")
    assert r.values["ge_ind_welfare_pct"] < 0  # the duties hurt India
    st = r.tables["sector_tariffs"]
    assert st["trade_share"].sum() == pytest.approx(1.0)
    assert (st["added_rate"] <= 0.5 + 0.05).all()
    assert "lines" not in r.tables  # models = ["ge"]: no PE run
