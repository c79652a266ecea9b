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
