from __future__ import annotations

import pandas as pd
import pytest

from tradewinds import services
from tradewinds.accounting import (
    IncompleteFiscalYearError,
    bilateral_balance,
    fiscal_year_label,
    fiscal_year_totals,
)
from tradewinds.io.readers import read_comtrade


def _monthly(months: list[tuple[int, int]], value: float = 1.0) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": [y for y, _ in months],
            "month": [m for _, m in months],
            "value_usd": [value * (i + 1) for i in range(len(months))],
        }
    )


FY24 = [(2024, m) for m in range(4, 13)] + [(2025, m) for m in range(1, 4)]


def test_label() -> None:
    assert fiscal_year_label(2024, 4) == "FY2024-25"
    assert fiscal_year_label(1999, 7) == "FY1999-00"
    assert fiscal_year_label(2024, 1) == "2024"


def test_april_march_total_is_sum_of_months() -> None:
    f = _monthly(FY24)
    out = fiscal_year_totals(f, start_month=4)
    assert out["period"].tolist() == ["FY2024-25"]
    assert out["value_usd"].iloc[0] == pytest.approx(f["value_usd"].sum())
    assert out["months"].iloc[0] == 12


def test_months_split_across_fiscal_years() -> None:
    months = [(2024, m) for m in range(1, 13)] + [(2025, m) for m in range(1, 4)]
    f = _monthly(months)
    out = fiscal_year_totals(f, start_month=4, allow_partial=True)
    assert out["period"].tolist() == ["FY2023-24", "FY2024-25"]
    # Jan-Mar 2024 belong to FY2023-24
    assert out["value_usd"].iloc[0] == pytest.approx(1 + 2 + 3)
    assert out["missing_months"].iloc[0].startswith("2023-04")
    assert out["months"].tolist() == [3, 12]


def test_missing_months_refused_and_named() -> None:
    f = _monthly([m for m in FY24 if m != (2024, 9)])
    with pytest.raises(IncompleteFiscalYearError) as e:
        fiscal_year_totals(f, start_month=4)
    assert e.value.missing == ["2024-09"]
    assert "FY2024-25" in str(e.value) and "--allow-partial" in str(e.value)
    out = fiscal_year_totals(f, start_month=4, allow_partial=True)
    assert out["missing_months"].iloc[0] == "2024-09"
    assert out["months"].iloc[0] == 11


@pytest.mark.parametrize("start", [1, 4, 7, 10])
def test_any_start_month(start: int) -> None:
    months = [(2020 + (start - 1 + k) // 12, (start - 1 + k) % 12 + 1) for k in range(24)]
    out = fiscal_year_totals(_monthly(months), start_month=start)
    assert len(out) == 2 and (out["months"] == 12).all()


@pytest.mark.parametrize("name", ["comtrade_ind_rus_monthly.json", "comtrade_ind_rus_monthly.csv"])
def test_comtrade_monthly_fixture_fiscal_year(fixtures, name: str) -> None:  # type: ignore[no-untyped-def]
    spec = read_comtrade(fixtures / name)
    from tradewinds.io.readers.comtrade import comtrade_frame

    flows, dropped = comtrade_frame(fixtures / name)
    assert dropped == 1  # the 'Areas, nes' row
    assert set(flows["freq"]) == {"M"}
    bal = bilateral_balance(flows, "IND", "RUS", freq="FY", fy_start_month=4, allow_partial=True)
    fy = bal[bal["period"] == "FY2024-25"].iloc[0]
    exports = sum(350_000_000.0 + 5_000_000.0 * k for k in range(12))
    imports = sum(5_100_000_000.0 + 40_000_000.0 * k for k in range(12))
    assert fy["exports_usd"] == pytest.approx(exports)
    assert fy["imports_usd"] == pytest.approx(imports)  # partner2 breakdown not added
    assert fy["balance_usd"] == pytest.approx(exports - imports)
    assert fy["flow_reporter"] == "IND"
    assert spec.reader == "comtrade"


def test_service_refuses_partial_fiscal_year(store, fixtures) -> None:  # type: ignore[no-untyped-def]
    store.ingest(read_comtrade(fixtures / "comtrade_ind_rus_monthly.csv", dataset_id="ct"))
    with pytest.raises(IncompleteFiscalYearError) as e:
        services.balance("IND", "RUS", dataset="ct", fiscal_year="2023-24", store=store)
    assert "FY2023-24" in str(e.value)
    a = services.balance(
        "IND", "RUS", dataset="ct", fiscal_year="2023-24", allow_partial=True, store=store
    )
    row = a.frame.iloc[0]
    assert row["months"] == 3
    assert row["missing_months"].split(", ")[:2] == ["2023-04", "2023-05"]
    assert any("partial" in n for n in a.notes)
    full = services.balance("IND", "RUS", dataset="ct", fiscal_year="2024-25", store=store)
    assert full.frame["months"].iloc[0] == 12
    cal = services.balance("IND", "RUS", dataset="ct", year=2024, store=store)
    assert cal.frame["period"].iloc[0] == "2024"
    assert cal.frame["exports_usd"].iloc[0] == pytest.approx(
        3 * 300e6 + sum(350e6 + 5e6 * k for k in range(9))
    )
