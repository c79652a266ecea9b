"""The case report's first chart: fiscal years in chronological order, one dataset per
trace, BACI's calendar 2023 in a panel of its own; partial data drawn as levels."""

from __future__ import annotations

import pandas as pd
import pytest

from tradewinds.reports.official_figures import (
    chronological,
    deficit_figure,
    fiscal_series_figure,
    partial_levels_figure,
)


def _series(periods: list[str], *, provisional: str | None = None) -> pd.DataFrame:
    n = len(periods)
    return pd.DataFrame(
        {
            "period": periods,
            "exports_usd": [1e9 * (k + 1) for k in range(n)],
            "imports_usd": [2e9 * (k + 1) for k in range(n)],
            "total_usd": [3e9 * (k + 1) for k in range(n)],
            "balance_usd": [-1e9 * (k + 1) for k in range(n)],
            "provisional": [p == provisional for p in periods],
        }
    )


def test_chronological_puts_fiscal_years_in_time_order() -> None:
    f = pd.DataFrame({"period": ["FY2025-26", "FY2009-10", "FY2010-11", "FY2019-20"]})
    assert list(chronological(f)["period"]) == ["FY2009-10", "FY2010-11", "FY2019-20", "FY2025-26"]


def test_first_chart_orders_fiscal_years_and_keeps_baci_apart() -> None:
    shuffled = ["FY2024-25", "FY2010-11", "FY2025-26", "FY2011-12", "FY2023-24"]
    fig = fiscal_series_figure(
        _series(shuffled, provisional="FY2025-26"),
        _series(["2023"]),
        title="t",
    )
    fy = sorted(shuffled)
    on_fy = [t for t in fig.data if t.xaxis in (None, "x")]
    on_cal = [t for t in fig.data if t.xaxis == "x2"]
    assert len(on_fy) == 3 and len(on_cal) == 3
    for t in on_fy:  # every fiscal-year trace: all fiscal years, in time order, nothing else
        assert list(t.x) == fy, t.name
        assert "DGCI&S" in t.name and "BACI" not in t.name
    for t in on_cal:  # BACI's calendar year only in its own panel
        assert list(t.x) == ["2023 (BACI)"] and "BACI" in t.name
    assert list(fig.layout.xaxis.categoryarray) == fy
    assert fig.layout.xaxis.type == "category"
    # the provisional year is marked (hatched bars and a label)
    bars = [t for t in on_fy if t.type == "bar"]
    assert all(list(b.marker.pattern.shape) == ["", "", "", "", "/"] for b in bars)
    assert any(a.text == "provisional" and a.x == "FY2025-26" for a in fig.layout.annotations)


def test_first_chart_on_the_case_data(store) -> None:  # type: ignore[no-untyped-def]
    from tradewinds import services

    off = services.balance("IND", "RUS", dataset="india-tradestat", store=store).frame
    cal = services.balance("IND", "RUS", year=2023, store=store).frame
    fig = fiscal_series_figure(off, cal, title="t")
    line = next(t for t in fig.data if t.name == "balance (DGCI&S)")
    assert line.x[0] == "FY2010-11" and line.x[-1] == "FY2025-26" and len(line.x) == 16
    assert list(line.x) == sorted(line.x)
    assert pytest.approx(line.y[list(line.x).index("FY2024-25")], abs=1e-3) == -58.930
    baci = next(t for t in fig.data if t.name == "balance (BACI, calendar)")
    assert list(baci.x) == ["2023 (BACI)"] and pytest.approx(baci.y[0], abs=1e-3) == -62.095


def test_partial_data_are_levels_not_a_line() -> None:
    partial = pd.DataFrame(
        {"period": ["FY2023-24", "FY2022-23"], "partner": "USA", "exports_usd": [56e9, 65e9]}
    )
    complete = pd.DataFrame(
        {"period": ["FY2022-23", "FY2023-24"], "partner": "USA", "exports_usd": [78e9, 77e9]}
    )
    fig = partial_levels_figure(
        partial, complete, y="exports_usd", color="partner", title="t", partial_name="EIDB",
        complete_name="DGCI&S",
    )  # fmt: skip
    p = next(t for t in fig.data if "EIDB" in t.name)
    c = next(t for t in fig.data if "DGCI&S" in t.name)
    assert p.mode == "markers"  # no line through partial levels: no fall that is missing lines
    assert c.mode == "lines+markers" and list(c.x) == ["FY2022-23", "FY2023-24"]
    assert list(p.x) == ["FY2022-23", "FY2023-24"]


def test_deficit_chart_leaves_out_years_without_crude_data() -> None:
    d = pd.DataFrame(
        {
            "period": ["FY2020-21", "FY2021-22"],
            "exports_usd": [1e9, 2e9],
            "part_imports_usd": [float("nan"), 3e9],
            "other_imports_usd": [float("nan"), 4e9],
            "balance_usd": [-2e9, -5e9],
            "balance_without_part_usd": [float("nan"), -2e9],
            "part_status": ["not covered", "covered"],
        }
    )
    fig = deficit_figure(d, title="t")
    assert all(list(t.x) == ["FY2021-22"] for t in fig.data)
