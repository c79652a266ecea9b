"""Export potential (ITC method) and balance-path properties."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradewinds.accounting.potential import (
    balance_path,
    export_potential,
    growth_to_reach,
)
from tradewinds.io.schema import FLOW_COLUMNS, conform

C = ["AAA", "BBB", "CCC", "DDD"]


@st.composite
def product_worlds(draw: st.DrawFn) -> pd.DataFrame:
    ks = draw(
        st.lists(st.from_regex(r"[0-9]{6}", fullmatch=True), min_size=2, max_size=8, unique=True)
    )
    rows = []
    for e in C:
        for i in C:
            if e == i:
                continue
            for k in ks:
                v = draw(st.floats(0.0, 1e6))
                if v > 0:
                    rows.append(
                        {
                            "period": "2022",
                            "exporter": e,
                            "importer": i,
                            "product": k,
                            "value_usd": v,
                        }
                    )
    # make sure AAA sells something to BBB and BBB buys something
    rows.append(
        {
            "period": "2022",
            "exporter": "AAA",
            "importer": "BBB",
            "product": ks[0],
            "value_usd": 10.0,
        }
    )
    return conform(
        pd.DataFrame(rows)
        .groupby(["period", "exporter", "importer", "product"], as_index=False)["value_usd"]
        .sum(),
        FLOW_COLUMNS,
    )


@settings(max_examples=60, deadline=None)
@given(product_worlds(), st.floats(0.001, 1000.0))
def test_potential_sums_to_actual_and_is_unit_free(f: pd.DataFrame, k: float) -> None:
    pot, level = export_potential(f, "AAA", "BBB")
    assert level.startswith("product")
    assert pot["potential_usd"].sum() == pytest.approx(pot["actual_usd"].sum(), rel=1e-9)
    scaled, _ = export_potential(f.assign(value_usd=f["value_usd"] * k), "AAA", "BBB")
    a = pot.set_index("product")["potential_usd"]
    b = scaled.set_index("product")["potential_usd"] / k
    np.testing.assert_allclose(b.reindex(a.index).to_numpy(), a.to_numpy(), rtol=1e-9)


@settings(max_examples=60, deadline=None)
@given(product_worlds())
def test_zero_demand_zero_potential(f: pd.DataFrame) -> None:
    pot, _ = export_potential(f, "AAA", "BBB")
    zero = pot[pot["demand_usd"] == 0]
    assert (zero["potential_usd"] == 0).all()


def test_market_level_on_totals() -> None:
    f = conform(
        pd.DataFrame(
            {
                "period": "2023",
                "product": "TOTAL",
                "exporter": ["AAA", "AAA", "BBB", "CCC", "CCC"],
                "importer": ["BBB", "CCC", "AAA", "AAA", "BBB"],
                "value_usd": [10.0, 30.0, 20.0, 5.0, 35.0],
            }
        ),
        FLOW_COLUMNS,
    )
    pot, level = export_potential(f, "AAA")
    assert level.startswith("market")
    assert pot["potential_usd"].sum() == pytest.approx(40.0)
    p = pot.set_index("market")["potential_usd"]
    # potential follows market size: BBB imports 45, CCC imports 30
    assert p["BBB"] / p["CCC"] == pytest.approx(45 / 30)


def test_balance_path_and_growth_needed() -> None:
    path = balance_path(
        5.0,
        60.0,
        export_groups={"pharma": 1.0},
        export_growth={"pharma": 0.5},
        import_groups={"crude": 40.0},
        import_change={"crude": -0.2},
        years=3,
    )
    assert path["balance_usd"].iloc[0] == pytest.approx(-55.0)
    assert path.loc[3, "exports_usd"] == pytest.approx(5.0 + 1.0 * (1.5**3 - 1))
    assert path.loc[3, "imports_usd"] == pytest.approx(60.0 + 40.0 * (0.8**3 - 1))
    assert path["balance_usd"].is_monotonic_increasing
    g = growth_to_reach(5.0, 60.0, -27.5, 5)
    assert 5.0 * (1 + g) ** 5 - 60.0 == pytest.approx(-27.5)


def test_distance_and_tariff_adjustments(store) -> None:  # type: ignore[no-untyped-def]
    from tradewinds import services

    allm = services.potential("IND", None, store=store).frame
    assert allm["potential_usd"].sum() == pytest.approx(allm["actual_usd"].sum(), rel=1e-9)
    assert (allm["distance_factor"] > 0).all()
    near = allm.set_index("market")
    # Bangladesh is nearer India than its average supplier: demand weighs more
    assert near.loc["BGD", "distance_factor"] > 1 > near.loc["USA", "distance_factor"]
    us = services.potential("IND", "USA", tariffs="ustr-2025-04-02", store=store)
    f = us.frame.iloc[0]
    assert f["tariff_factor"] == pytest.approx(((1 + 0.249) / 1.27) ** 4, abs=0.01)
    assert any("tariff advantage in the US" in n for n in us.notes)


def test_product_potential_with_schedule_tariff_advantage(store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tradewinds import services
    from tradewinds.io.readers import read_baci

    rows = [
        (2023, e, 842, k, v, "")
        for k, vals in {
            "030617": (2_400_000.0, 300_000.0, 900_000.0),
            "300490": (9_000_000.0, 1_000_000.0, 50_000.0),
            "620590": (500_000.0, 700_000.0, 1_200_000.0),
        }.items()
        for e, v in zip((699, 156, 704), vals, strict=True)
    ]
    rows += [(2023, 699, 156, "030617", 100.0, ""), (2023, 156, 704, "300490", 50.0, "")]
    p = tmp_path / "BACI_HS22_Y2023_V202501.csv"
    pd.DataFrame(rows, columns=list("tijkvq")).to_csv(p, index=False)
    store.ingest(read_baci(p, dataset_id="baci-pot"))
    plain = services.potential("IND", "USA", dataset="baci-pot", store=store)
    taxed = services.potential(
        "IND", "USA", dataset="baci-pot", schedule="us2025", as_of="2025-08-27", store=store
    )
    assert plain.extra["level"].startswith("product")
    for a in (plain, taxed):
        assert a.frame["potential_usd"].sum() == pytest.approx(a.frame["actual_usd"].sum())

    def share(a):  # type: ignore[no-untyped-def]
        f = a.frame.set_index("product")["potential_usd"]
        return f / f.sum()

    # shrimp pays 50% for India, nothing for the others: its share of potential falls;
    # exempt medicaments gain
    assert share(taxed)["030617"] < share(plain)["030617"]
    assert share(taxed)["300490"] > share(plain)["300490"]
    assert any("tariff advantage by product" in n for n in taxed.notes)
