"""`tradewinds data ingest icio` and a multi-sector scenario run, end to end (CliRunner) on a
recorded subset of the shared ICIO files (tests/fixtures/icio_small: IND, RUS, USA and ROW,
2019–2020)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from tradewinds.cli import app

runner = CliRunner()
SCENARIO = """
name = "icio2019-us-india-small"
models = ["ge"]
focus = ["IND", "USA"]

[ge]
model = "icio-multisector"

[ge.multisector]
dataset = "icio-2019"
year = 2019
elasticities = "CP"

[[ge.multisector.shocks]]
importer = "USA"
exporters = ["IND"]
sectors = ["goods"]
except_sectors = ["C21"]
add = 0.5
"""


def run(*args: str) -> tuple[int, str, str]:
    r = runner.invoke(app, list(args))
    return r.exit_code, r.stdout, r.stderr


@pytest.mark.usefixtures("home")
def test_ingest_icio_year_and_run_a_scenario_on_it(fixtures: Path, tmp_path: Path) -> None:
    folder = str(fixtures / "icio_small")
    code, _, err = run("data", "ingest", "icio", folder, "--year", "2019")
    assert code == 0, err
    assert "ingested 'icio-2019'" in err
    code, out, _ = run("data", "info", "icio-2019", "--format", "json")
    info = json.loads(out)
    assert info["kind"] == "icio" and "year 2019" in info["vintage"]
    assert info["tables"]["sector_flows"] == 4 * 4 * 28
    code, _, err = run("data", "ingest", "icio", folder, "--year", "2019")
    assert code == 0 and "unchanged" in err
    sc = tmp_path / "small.toml"
    sc.write_text(SCENARIO)
    out_dir = tmp_path / "out"
    code, out, err = run("run", str(sc), "--out", str(out_dir))
    assert code == 0, err + out
    c = pd.read_csv(out_dir / "countries.csv")
    assert list(c.columns[:3]) == ["iso3", "name", "welfare_pct"]
    assert set(c["iso3"]) == {"IND", "RUS", "USA", "ROW"}
    assert c.set_index("iso3").at["IND", "welfare_pct"] < 0
    for t in ("country_sector.csv", "pair_sector.csv", "summary.json"):
        assert (out_dir / t).exists()


@pytest.mark.usefixtures("home")
def test_ingest_icio_needs_a_year_the_files_have(fixtures: Path) -> None:
    folder = str(fixtures / "icio_small")
    code, _, err = run("data", "ingest", "icio", folder)
    assert code == 2 and "--year" in err
    code, _, err = run("data", "ingest", "icio", folder, "--year", "2023")
    assert code == 2 and "2023" in err and "2019–2020" in err
    assert "icio_trade_by_sector_2019_2020.csv" in err


@pytest.mark.usefixtures("home")
def test_a_scenario_on_a_year_not_ingested_names_the_field(tmp_path: Path) -> None:
    sc = tmp_path / "small.toml"
    sc.write_text(SCENARIO)
    code, _, err = run("run", str(sc), "--out", str(tmp_path / "o"))
    assert code == 2 and "ge.multisector.dataset" in err
