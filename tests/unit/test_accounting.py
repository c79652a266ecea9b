from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tradewinds.accounting import (
    composition,
    growth_and_records,
    hhi,
    mirror_comparison,
    product_dependence,
    rca,
    trade_complementarity,
    trade_intensity,
)
from tradewinds.errors import DataValidationError
from tradewinds.io.schema import FLOW_COLUMNS, conform


def _f(rows: list[tuple]) -> pd.DataFrame:  # (exporter, importer, product, value, reporter)
    df = pd.DataFrame(
        rows, columns=["exporter", "importer", "product", "value_usd", "flow_reporter"]
    )
    df = df.assign(
        period="2022",
        freq="A",
        year=2022,
        source="s",
        vintage="v",
        unit="t",
        quantity=df["value_usd"] / 10,
    )
    return conform(df, FLOW_COLUMNS)


WORLD = _f(
    [
        ("A", "B", "01", 60.0, "BACI"),
        ("A", "B", "02", 40.0, "BACI"),
        ("A", "C", "01", 100.0, "BACI"),
        ("B", "A", "02", 50.0, "BACI"),
        ("C", "A", "02", 150.0, "BACI"),
        ("C", "B", "01", 200.0, "BACI"),
    ]
)


def test_rca_by_hand() -> None:
    r = rca(WORLD, "A").set_index("product")
    # A exports 160 of 01 and 40 of 02 (of 200); world: 01 = 360, 02 = 240 (of 600)
    assert r.loc["01", "rca"] == pytest.approx((160 / 200) / (360 / 600))
    assert r.loc["02", "rca"] == pytest.approx((40 / 200) / (240 / 600))


def test_complementarity_by_hand() -> None:
    tc = trade_complementarity(WORLD, "A", "B").iloc[0]["complementarity"]
    # A's export shares 01: .8, 02: .2; B's import shares 01: 260/300, 02: 40/300
    diff = abs(260 / 300 - 0.8) + abs(40 / 300 - 0.2)
    assert tc == pytest.approx(100 * (1 - 0.5 * diff))


def test_intensity_by_hand() -> None:
    ti = trade_intensity(WORLD, "A", "B").iloc[0]["intensity"]
    assert ti == pytest.approx((100 / 200) / (300 / 600))


def test_product_dependence_value_and_volume() -> None:
    d = product_dependence(WORLD, "A", "C", "02").iloc[0]
    assert d["share_value"] == pytest.approx(150 / 200)
    assert d["share_volume"] == pytest.approx(15 / 20)


def test_product_dependence_needs_products() -> None:
    with pytest.raises(DataValidationError, match="product dependence"):
        product_dependence(WORLD, "A", "C", "2709")


def test_rca_needs_products() -> None:
    tot = WORLD.assign(product="TOTAL")
    with pytest.raises(DataValidationError, match="BACI"):
        rca(tot, "A")


def test_composition_groups_overlap_labelled() -> None:
    from tradewinds.io.codes import ProductGroup

    f = _f(
        [
            ("A", "B", "270900", 30.0, "A"),
            ("A", "B", "271000", 20.0, "A"),
            ("A", "B", "300490", 50.0, "A"),
        ]
    )
    groups = {
        "energy": ProductGroup("energy", "Energy", ("27",)),
        "crude": ProductGroup("crude", "Crude", ("2709",)),
        "pharma": ProductGroup("pharma", "Pharma", ("30",)),
    }
    c = composition(f, "A", "B", by="group", groups=groups).set_index("code")
    assert c.loc["energy", "share"] == pytest.approx(0.5)
    assert c.loc["crude", "share"] == pytest.approx(0.3)
    assert c.loc["pharma", "value_usd"] == pytest.approx(50.0)
    with pytest.raises(DataValidationError, match="composition by"):
        composition(f, "A", "B", by="sector")


def test_growth_and_records() -> None:
    s = pd.DataFrame(
        {"period": ["2019", "2020", "2021", "2022", "2023"], "v": [10.0, 8.0, 9.0, 12.0, 11.0]}
    )
    g = growth_and_records(s, "v").set_index("period")
    assert g.loc["2020", "growth_pct"] == pytest.approx(-20.0)
    assert g.loc["2022", "is_record_high"] and not g.loc["2023", "is_record_high"]
    # 2023 fell: it is not "the highest since" anything (issue 12); it is the lowest since 2021
    assert g.loc["2023", "highest_since"] == ""
    assert g.loc["2023", "lowest_since"] == "2021"
    assert g.loc["2021", "highest_since"] == "2019"
    assert g.loc["2020", "is_record_low"]


def test_mirror() -> None:
    f = _f([("A", "B", "TOTAL", 100.0, "A"), ("A", "B", "TOTAL", 106.0, "B")])
    m = mirror_comparison(f, "A", "B")
    row = m[m["exporter"] == "A"].iloc[0]
    assert row["cif_fob_ratio"] == pytest.approx(1.06)
    assert row["gap_usd"] == pytest.approx(6.0)


def test_hhi_values() -> None:
    assert hhi([0.5, 0.5]) == pytest.approx(0.5)
    assert hhi([1, 1, 1, 1], normalised=True) == pytest.approx(0.0)
    assert hhi([1.0, 0.0, 0.0]) == pytest.approx(1.0)
    assert np.isnan(hhi([]))


def test_top_and_other_keeps_each_period_total() -> None:
    from tradewinds.accounting import top_and_other

    f = pd.DataFrame(
        {
            "period": ["FY1"] * 4 + ["FY2"] * 4,
            "code": ["30", "84", "85", "29"] * 2,
            "label": ["pharma", "machinery", "electrical", "organic"] * 2,
            "value_usd": [5.0, 3.0, 2.0, 1.0, 1.0, 6.0, 4.0, 2.0],
        }
    )
    out = top_and_other(f, top=2)
    # the top two of the latest period (FY2: 84, 85), the rest as "other"
    assert list(out[out["period"] == "FY2"]["part"]) == ["84 machinery", "85 electrical", "other"]
    assert list(out[out["period"] == "FY1"]["value_usd"]) == [3.0, 2.0, 6.0]
    totals = out.groupby("period")["value_usd"].sum()
    assert totals.to_dict() == f.groupby("period")["value_usd"].sum().to_dict()
