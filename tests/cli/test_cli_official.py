"""The official statistics, coverage, crude and migration commands end to end
(CliRunner on a temporary store): the issue's figures, to ±0.001 bn."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from tradewinds.cli import app

runner = CliRunner()
BN = 1e9


def run(*args: str) -> tuple[int, str, str]:
    r = runner.invoke(app, list(args))
    return r.exit_code, r.stdout, r.stderr


@pytest.mark.usefixtures("home")
def test_balance_fiscal_year_reads_dgcis() -> None:
    code, out, err = run("balance", "IND", "RUS", "--fiscal-year", "2024-25", "--format", "json")
    assert code == 0, err
    (row,) = json.loads(out)
    assert row["exports_usd"] / BN == pytest.approx(4.881, abs=1e-3)
    assert row["imports_usd"] / BN == pytest.approx(63.811, abs=1e-3)
    assert row["total_usd"] / BN == pytest.approx(68.693, abs=1e-3)
    assert row["balance_usd"] / BN == pytest.approx(-58.930, abs=1e-3)
    assert row["period"] == "FY2024-25" and row["provisional"] is False
    assert row["statistic"] == "DGCI&S FY2024-25" and row["dataset"] == "india-tradestat"
    assert row["source"].startswith("DGCI&S") and row["coverage"] == "complete"
    # the highest of the series, said as a rise on FY2023-24
    assert row["growth_pct"] == pytest.approx(4.5665, abs=1e-3) and row["highest_since"] == ""
    code, out, _ = run("balance", "IND", "RUS", "--fiscal-year", "2024-25")
    line = next(ln for ln in out.splitlines() if ln.startswith("│ FY2024-25"))
    assert "│ record " in line  # the table says it, not a blank "highest since"
    code, out, _ = run("balance", "IND", "RUS", "--fiscal-year", "2025-26")  # a fall
    line = next(ln for ln in out.splitlines() if ln.startswith("│ FY2025-26"))
    assert "record" not in line
    code, out, _ = run("balance", "IND", "RUS", "--fiscal-year", "2025-26")
    assert code == 0 and "provisional" in out and "59.863" in out
    code, out, _ = run("balance", "RUS", "IND", "--fiscal-year", "2025-26", "-f", "json")
    (row,) = json.loads(out)  # India's report of the pair, seen from Russia's side
    assert row["provisional"] is True and row["balance_usd"] / BN == pytest.approx(50.876, abs=1e-3)


@pytest.mark.usefixtures("home")
def test_calendar_years_and_other_pairs_stay_on_baci() -> None:
    code, out, _ = run("balance", "IND", "RUS", "--year", "2023", "-f", "json")
    assert code == 0
    (row,) = json.loads(out)
    assert row["dataset"] == "world2023" and row["statistic"] == "BACI 2023"
    _code, out, _ = run("balance", "USA", "CHN", "-f", "json")
    assert json.loads(out)[0]["dataset"] == "world2023"


@pytest.mark.usefixtures("home")
def test_period_errors_are_typed_and_point_to_the_data() -> None:
    code, _, err = run("balance", "IND", "RUS", "--year", "2023", "--fiscal-year", "2024-25")
    assert code == 2 and "DataValidationError" in err and "--year and --fiscal-year" in err
    code, _, err = run("balance", "IND", "RUS", "--year", "2024")
    assert code == 2 and "FY2024-25 is in india-tradestat" in err
    code, _, err = run("balance", "IND", "RUS", "-d", "india-tradestat", "--year", "2023")
    assert code == 2 and "2023 is in world2023" in err
    code, _, err = run("balance", "IND", "RUS", "--fiscal-year", "2030-31")
    assert code == 2 and "FY2030-31" in err and "FY2025-26" in err
    code, _, err = run("balance", "IND", "RUS", "--fiscal-year", "2024-26")
    assert code == 2 and "2024-25" in err


@pytest.mark.usefixtures("home")
def test_partial_dataset_gives_levels_not_trends() -> None:
    code, out, _ = run("balance", "IND", "USA", "-d", "india-eidb", "-f", "json")
    rows = json.loads(out)
    assert all(r["growth_pct"] is None and r["highest_since"] == "" for r in rows)
    assert all("(partial)" in r["statistic"] for r in rows)
    code, out, _ = run("balance", "IND", "USA", "-d", "india-eidb")
    assert code == 0 and "levels only" in out and "--allow-partial-trends" in out
    _code, out, _ = run(
        "balance", "IND", "USA", "-d", "india-eidb", "-f", "json", "--allow-partial-trends"
    )
    rows = json.loads(out)
    assert any(r["growth_pct"] is not None for r in rows)


@pytest.mark.usefixtures("home")
def test_groups_absent_from_a_partial_dataset_are_not_covered() -> None:
    code, out, _ = run(
        "composition", "IND", "USA", "--by", "group", "--fiscal-year", "2024-25", "--top", "0"
    )
    assert code == 0
    line = next(x for x in out.splitlines() if "Smartphones" in x)
    assert "not covered" in line and " 0 " not in line
    code, out, _ = run(
        "composition", "IND", "USA", "--by", "group", "--fiscal-year", "2024-25", "-f", "json"
    )
    rows = {r["code"]: r for r in json.loads(out)}
    assert rows["pharmaceuticals"]["status"] == "covered"


@pytest.mark.usefixtures("home")
def test_partners_and_dependence_use_dgcis_for_fiscal_years() -> None:
    code, out, _ = run(
        "partners", "IND", "--direction", "imports", "--fiscal-year", "2024-25", "-f", "json"
    )
    assert code == 0
    rows = json.loads(out)
    assert rows[0]["partner"] == "CHN" and rows[1]["partner"] == "RUS"
    assert rows[1]["value_usd"] / BN == pytest.approx(63.811, abs=1e-3)
    assert rows[0]["dataset"] == "india-tradestat"
    _code, out, _ = run("dependence", "IND", "RUS", "--fiscal-year", "2024-25", "-f", "json")
    (row,) = json.loads(out)  # Russia's side is not in India's statistics
    assert row["country"] == "IND" and row["import_share"] == pytest.approx(0.0885, abs=1e-4)


@pytest.mark.usefixtures("home")
def test_crude_command() -> None:
    code, out, err = run("crude", "IND", "--fiscal-year", "2024-25", "-f", "json")
    assert code == 0, err
    doc = json.loads(out)
    rus = doc["by_source"]["rows"][0]
    assert rus["source"] == "RUS" and rus["value_share"] == pytest.approx(0.3515, abs=1e-4)
    assert rus["tonnes"] / 1e6 == pytest.approx(87.54, abs=0.01)
    assert rus["unit_value_usd_per_t"] == pytest.approx(574.43, abs=0.01)
    share = {r["period"]: r for r in doc["supplier_share"]["rows"]}
    assert share["FY2017-18"]["value_share"] < 0.02 < 0.35 < share["FY2024-25"]["value_share"]
    assert share["FY2017-18"]["volume_share"] is None  # value-only years say so
    tot = {r["period"]: r for r in doc["totals"]["rows"]}
    assert tot["FY2024-25"]["value_usd_ppac"] / BN == pytest.approx(137.174, abs=1e-3)
    assert tot["FY2024-25"]["value_usd_dgcis"] / BN == pytest.approx(143.077, abs=1e-3)
    disc = {r["period"]: r for r in doc["discount"]["rows"]}
    assert disc["FY2023-24"]["discount_usd_per_t"] == pytest.approx(65.18, abs=0.01)
    assert "india.all_others.vw" in " ".join(doc["discount"]["notes"])
    code, out, _ = run("crude", "IND")
    assert code == 0 and "PPAC" in out and "FY2025-26" in out and "Mt" in out
    # what a source does not cover says so in the table, never a blank cell or 0
    rows = [ln for ln in out.splitlines() if ln.startswith("│ FY")]
    fy1718 = next(ln for ln in rows if ln.startswith("│ FY2017-18"))
    assert "not covered" in fy1718  # value only: no volume share that year
    assert all(re.search(r"│\s+│", ln) is None for ln in rows)
    assert "store  |" not in out and "| tradewinds" in out  # embedded data: no store hash
    code, _, err = run("crude", "CHN")
    assert code == 2 and "IND only" in err
    code, _, err = run("crude", "IND", "--fiscal-year", "2019-20")
    assert code == 2 and "FY2021-22" in err


@pytest.mark.usefixtures("home")
def test_migration_command() -> None:
    code, out, err = run("migration", "IND", "RUS", "-f", "json")
    assert code == 0, err
    doc = json.loads(out)
    stock = next(r for r in doc["corridor"] if r["measure"] == "migrant stock")
    assert (stock["from_"], stock["to"], stock["value"]) == ("IND", "RUS", 5696.0)
    assert "2021" in doc["vintage"]
    permits = {r["id"]: r for r in doc["published_figures"]}
    assert permits["rus-ind-permits-2025"]["value"] == 56500
    code, out, _ = run("migration", "IND", "RUS")
    assert "kept apart" in out and "2021 (KNOMAD estimates)" in out
