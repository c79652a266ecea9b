"""Reference: bilateral balances on the embedded world 2023 matrix.

Expected values: ../shared/data/world2023/PROVENANCE.md and CASE.md ("Calendar 2023
in the BACI-based world matrix: India→Russia 4.05, Russia→India 66.15 (deficit 62.1)";
India→USA 80.958, USA→India 42.018). Tolerance ±0.001 bn: the figures are quoted
to three decimals of a billion; the data are exact sums of the matrix.
"""

from __future__ import annotations

import pytest

from tradewinds import services

BN = 1e9
TOL = 0.001 * BN


def test_india_russia_2023(store) -> None:  # type: ignore[no-untyped-def]
    a = services.balance("IND", "RUS", year=2023, store=store)
    row = a.frame.iloc[0]
    assert row["period"] == "2023"
    assert row["exports_usd"] == pytest.approx(4.054 * BN, abs=TOL)
    assert row["imports_usd"] == pytest.approx(66.149 * BN, abs=TOL)
    assert row["balance_usd"] == pytest.approx(-62.095 * BN, abs=TOL)
    assert row["total_usd"] == pytest.approx(row["exports_usd"] + row["imports_usd"])
    assert a.source.startswith("CEPII BACI")


def test_usa_india_2023(store) -> None:  # type: ignore[no-untyped-def]
    a = services.balance("USA", "IND", year=2023, store=store)
    row = a.frame.iloc[0]
    # the US's imports from India are India's exports to the US
    assert row["imports_usd"] == pytest.approx(80.958 * BN, abs=TOL)
    assert row["exports_usd"] == pytest.approx(42.018 * BN, abs=TOL)
    b = services.balance("IND", "USA", year=2023, store=store).frame.iloc[0]
    assert b["exports_usd"] == pytest.approx(80.958 * BN, abs=TOL)
    assert b["imports_usd"] == pytest.approx(42.018 * BN, abs=TOL)
    assert b["balance_usd"] == pytest.approx(-row["balance_usd"])


def test_world_total_matches_provenance(store) -> None:  # type: ignore[no-untyped-def]
    total = store.query('SELECT sum(value_usd) FROM "world2023/flows"').iloc[0, 0]
    assert total == pytest.approx(21_749.7 * BN, abs=0.05 * BN)
    n = store.query('SELECT count(DISTINCT exporter) FROM "world2023/flows"').iloc[0, 0]
    assert n == 194


def test_eidb_fiscal_year_sums_match_provenance(store) -> None:  # type: ignore[no-untyped-def]
    # ../shared/data/india-eidb-exports-partial/PROVENANCE.md: FY2024-25 sums of the
    # available HS8 lines, US$ mn: to RUS 3,962.3, to USA 60,600.4
    rus = services.balance("IND", "RUS", dataset="india-eidb", fiscal_year="2024-25", store=store)
    usa = services.balance("IND", "USA", dataset="india-eidb", fiscal_year="2024-25", store=store)
    assert rus.frame["exports_usd"].iloc[0] == pytest.approx(3_962.3e6, abs=0.05e6)
    assert usa.frame["exports_usd"].iloc[0] == pytest.approx(60_600.4e6, abs=0.05e6)
    assert "PARTIAL" in rus.coverage
    assert any("partial coverage" in n for n in rus.notes)
    assert any("no IND's imports" in n or "imports from" in n for n in rus.notes)
