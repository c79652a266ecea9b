"""The oil section of the case report: the trade-off, the discount by year, re-routing and
the sanctions in force, drawn from the services (no numbers of its own)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tradewinds import services


def test_oil_section(store: Any) -> None:
    from tradewinds.reports.oil import oil_section

    s = oil_section("IND", "2025-08-27", store=store)
    assert s.as_of == date(2025, 8, 27)
    assert set(s.tables) == {
        "tradeoff", "discount_by_year", "discount_methods", "rerouting", "sanctions",
    }  # fmt: skip
    assert set(s.figures) == {"tradeoff", "discount_by_year", "rerouting"}
    t = services.oil_tradeoff_table("IND", "2025-08-27", store=store).frame
    assert s.tables["tradeoff"]["value_usd"].tolist() == t["value_usd"].tolist()
    bars = s.figures["tradeoff"].data[0]
    assert list(bars.x) == pytest.approx(list(t["value_usd"].iloc[::-1] / 1e9))
    assert "us-secondary-duty-india-russian-oil" in set(s.tables["sanctions"]["id"])
    years = s.tables["discount_by_year"].set_index("period")
    assert (
        years.loc["FY2023-24", "discount_usd_per_t"] > years.loc["FY2024-25", "discount_usd_per_t"]
    )
    assert any("Fiscal-year rule" in n for n in s.notes)
    assert "india-halts-russian-crude-2025" in s.provenance["crude_scenario"]
