"""Scenario files: validation errors name the field; TOML round trip; diff; runs."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tradewinds import services
from tradewinds.cli import app
from tradewinds.errors import ScenarioError
from tradewinds.scenarios import (
    library_names,
    library_scenario,
    load_scenario,
    scenario_from_dict,
    to_toml,
)

runner = CliRunner()

BASE = """
name = "t"
[tariffs]
schedule = "us2025"
importer = "USA"
exporter = "IND"
baseline_date = 2025-04-04
date = 2025-08-27
"""

MEASURE = """
[[tariffs.add]]
id = "m1"
name = "test"
exporters = ["IND"]
products = ["03"]
rate = 0.1
from = 2025-09-01
source = "test"
"""


def _check(tmp_path: Path, text: str, field: str, words: str) -> ScenarioError:
    p = tmp_path / "s.toml"
    p.write_text(text)
    with pytest.raises(ScenarioError) as e:
        load_scenario(p)
    assert field in (e.value.field or ""), str(e.value)
    assert words in str(e.value)
    return e.value


def test_unknown_country(tmp_path: Path) -> None:
    err = _check(
        tmp_path,
        BASE.replace('exporter = "IND"', 'exporter = "INDIA"'),
        "tariffs.exporter",
        "not an ISO3",
    )
    assert "IND" in str(err)
    _check(
        tmp_path,
        BASE.replace('exporter = "IND"', 'exporter = "XXQ"'),
        "tariffs.exporter",
        "unknown country",
    )
    _check(
        tmp_path,
        BASE + MEASURE.replace('["IND"]', '["Atlantis"]'),
        "tariffs.add[0].exporters",
        "unknown country",
    )


def test_unknown_code(tmp_path: Path) -> None:
    _check(
        tmp_path,
        BASE + MEASURE.replace('["03"]', '["3A"]'),
        "tariffs.add[0].products",
        "not an HS prefix",
    )
    _check(
        tmp_path,
        BASE + MEASURE.replace('["03"]', '["list:nolist"]'),
        "tariffs.add[0].products",
        "unknown product list",
    )


def test_rate_below_minus_100(tmp_path: Path) -> None:
    e = _check(
        tmp_path,
        BASE + MEASURE.replace("rate = 0.1", "rate = -1.5"),
        "tariffs.add[0].rate",
        "below -100%",
    )
    assert "fraction" in str(e)


def test_reversed_dates(tmp_path: Path) -> None:
    _check(tmp_path, BASE + MEASURE + "to = 2025-08-01\n", "tariffs.add[0]", "reversed")
    _check(
        tmp_path,
        BASE.replace("date = 2025-08-27", "date = 2025-01-01"),
        "tariffs.date",
        "before baseline_date",
    )


def test_overlapping_replacements(tmp_path: Path) -> None:
    rep = MEASURE.replace("rate = 0.1", 'rate = 0.1\nstacking = "replace"')
    other = rep.replace('id = "m1"', 'id = "m2"').replace("2025-09-01", "2025-10-01")
    _check(tmp_path, BASE + rep + other, "tariffs", "overlapping")
    ok = rep + other.replace("from = 2025-10-01", "from = 2025-10-01").replace(
        "from = 2025-09-01", ""
    )
    del ok  # the non-overlapping case:
    p = tmp_path / "ok.toml"
    p.write_text(BASE + rep.replace("source", "to = 2025-10-01\nsource") + other)
    assert load_scenario(p).name == "t"


def test_other_fields(tmp_path: Path) -> None:
    _check(tmp_path, BASE + "[pe]\nepsilon = 1.5\n", "pe.epsilon", "must be negative")
    _check(tmp_path, BASE + "[pe]\nmethod = 'linear'\n", "pe.method", "exact")
    _check(tmp_path, BASE + "typo = 1\n", "typo", "Extra inputs")
    _check(
        tmp_path,
        'name = "t"\n[[push]]\nexporter = "IND"\npartner = "RUS"\ngroup = "pharma"\ngrowth = 0.5\n',
        "push[0].group",
        "pharmaceuticals",
    )


@pytest.mark.parametrize("name", library_names())
def test_library_round_trips(name: str, tmp_path: Path) -> None:
    sc = library_scenario(name)
    text = to_toml(sc)
    p = tmp_path / f"{name}.toml"
    p.write_text(text)
    again = load_scenario(p)
    assert again == sc
    assert to_toml(again) == text
    assert again.content_hash() == sc.content_hash()
    assert scenario_from_dict(tomllib.loads(text)) == sc


def test_library_has_the_case_scenarios() -> None:
    assert {
        "us-india-2025-08-27",
        "us-india-2026-02-07",
        "india-halts-russian-oil",
        "india-russia-export-push",
    } <= set(library_names())


def test_diff_shows_measure_changes(tmp_path: Path) -> None:
    a = tmp_path / "a.toml"
    b = tmp_path / "b.toml"
    a.write_text(BASE + MEASURE)
    b.write_text(
        BASE.replace("2025-08-27", "2025-09-15") + MEASURE.replace("rate = 0.1", "rate = 0.2")
    )
    r = runner.invoke(app, ["scenarios", "diff", str(a), str(b)])
    assert r.exit_code == 0, r.stderr
    assert "tariffs.date" in r.stdout and "measure m1.rate" in r.stdout
    assert "0.1" in r.stdout and "0.2" in r.stdout
    r = runner.invoke(app, ["scenarios", "diff", "us-india-2025-08-27", "india-halts-russian-oil"])
    assert "measure india-embargo-russian-crude" in r.stdout


def test_validate_cli(tmp_path: Path) -> None:
    p = tmp_path / "bad.toml"
    p.write_text(BASE + MEASURE.replace("rate = 0.1", "rate = -2"))
    r = runner.invoke(app, ["scenarios", "validate", str(p)])
    assert r.exit_code == 2
    assert "ScenarioError" in r.stderr and "rate" in r.stderr
    r = runner.invoke(app, ["scenarios", "list"])
    assert "india-halts-russian-oil" in r.stdout


def test_run_us_india_and_halt(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    r = services.run_scenario("us-india-2025-08-27", store=store)
    s = r.values
    assert s["exports_data_usd"] == pytest.approx(60_600.43e6, rel=1e-9)
    # both states from the same data: the 4 Apr state is near the data, 27 Aug below it
    assert abs(s["exports_baseline_usd"] / s["exports_data_usd"] - 1) < 0.1
    assert s["exports_scenario_usd"] < s["exports_data_usd"]
    assert s["exports_change_usd"] < 0 and s["mean_rate_scenario"] > s["mean_rate_baseline"]
    assert s["exempt_share_scenario"] == pytest.approx(0.258, abs=0.01)
    assert s["market_exporter_change_usd"] < 0
    groups = r.tables["by_group"].set_index("group")
    assert groups.loc["pharmaceuticals", "change_pct"] > -5  # exempt
    assert groups.loc["textiles_apparel", "change_pct"] < -30  # 50% duty
    # EO 14329 sec. 7(a): the duty punishes imports of Russian crude oil or petroleum
    # products; halting crude alone leaves it, halting both lifts it
    from tradewinds.scenarios import library_scenario
    from tradewinds.scenarios.model import Halt

    base = library_scenario("india-halts-russian-oil")
    crude = Halt(country="IND", imports_from="RUS", products=["2709"])
    both = Halt(country="IND", imports_from="RUS", products=["2709", "2710"])
    h1 = services.run_scenario(base.model_copy(update={"halt": [crude]}), store=store)
    assert h1.values["exports_change_usd"] == 0 and not any(
        "lifted: the trade that triggered it stops" in n for n in h1.notes
    )
    h = services.run_scenario(base.model_copy(update={"halt": [both]}), store=store)
    assert h.values["exports_change_usd"] > 0  # the secondary duty is lifted
    # ... from the 27 Aug state, never above the data while a 25% duty remains
    assert h.values["exports_scenario_usd"] < h.values["exports_data_usd"]
    assert any("lifted" in n for n in h.notes)
    bal = h.tables["balance"].set_index("base")
    assert bal["balance_after_usd"].iloc[0] > bal["balance_before_usd"].iloc[0]
    # the crude market by supplier is India's DGCI&S data (FY2024-25: Russia 50.3 bn)
    assert h.values["embargo_lost_imports_usd"] == pytest.approx(50.3e9, rel=0.01)
    p = services.run_scenario("india-russia-export-push", store=store)
    assert p.values["push_added_usd"] > 0
    assert (
        p.tables["balance"]["balance_after_usd"] > p.tables["balance"]["balance_before_usd"]
    ).all()


@pytest.mark.usefixtures("home")
@pytest.mark.parametrize("name", ["us-india-2025-08-27", "india-halts-russian-oil"])
def test_run_cli_writes_report(name: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    r = runner.invoke(app, ["run", name, "--out", str(out)])
    assert r.exit_code == 0, r.stderr
    html = (out / "report.html").read_text()
    assert name in html and "plotly-graph-div" in html
    assert "EO 14329" in html and "EO 14326" in html  # the legal sources of the measures
    assert "scenario_hash" in (out / "summary.json").read_text()
    assert (out / "lines.csv").stat().st_size > 0
    assert (out / "scenario.toml").read_text().startswith("name = ")


def test_product_level_markets_when_baci_is_loaded(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """With HS6 world data in the store, each HS6 market has every supplier."""
    import numpy as np
    import pandas as pd

    from tradewinds.io.readers import read_baci
    from tradewinds.models.pe import simulate_pe

    # US (842) imports of three HS6 products from India (699), China (156), Viet Nam (704)
    rows = [
        (2023, e, 842, k, v, "")
        for k, vals in {
            "030617": (2_400_000.0, 300_000.0, 900_000.0),
            "620590": (500_000.0, 700_000.0, 1_200_000.0),
            "300490": (9_000_000.0, 1_000_000.0, 50_000.0),
        }.items()
        for e, v in zip((699, 156, 704), vals, strict=True)
    ]
    p = tmp_path / "BACI_HS22_Y2023_V202501.csv"
    pd.DataFrame(rows, columns=list("tijkvq")).to_csv(p, index=False)
    store.ingest(read_baci(p, dataset_id="baci-us"))
    sc_file = tmp_path / "s.toml"
    sc_file.write_text(
        to_toml(library_scenario("us-india-2025-08-27")).replace(
            'market_dataset = "world2023"', 'market_dataset = "baci-us"'
        )
    )
    r = services.run_scenario(str(sc_file), store=store)
    lines = r.tables["lines"]
    hs6 = lines[lines["market"].str.contains("HS6 market")]
    assert set(hs6["product"].str[:6]) == {"030617", "620590", "300490"}
    assert any("use the HS6 markets of baci-us" in n for n in r.notes)
    # the shrimp lines move exactly as the shrimp market predicts, China and Viet Nam at
    # their own rates on shrimp on each date; the 2023 market data had none of the measures
    from datetime import date

    from tradewinds.tariffs import load_schedule

    sched = load_schedule()
    shrimp = lines[lines["product"].str.startswith("030617")]
    w = shrimp["value_usd"]
    t0 = float((shrimp["rate0"] * w).sum() / w.sum())
    t1 = float((shrimp["rate1"] * w).sum() / w.sum())
    sigma = float((shrimp["sigma"] * w).sum() / w.sum())

    def rival(iso: str, on: date) -> float:
        r = sched.line_rates(iso, ["030617"], on, match="hs6")
        return float(r["additional_rate"].iloc[0])

    m0 = np.array([2.4e9, 0.3e9, 0.9e9])
    d0, d1 = date(2025, 4, 4), date(2025, 8, 27)
    z = np.zeros(3)
    a = simulate_pe(m0, z, [t0, rival("CHN", d0), rival("VNM", d0)], epsilon=-1.0, sigma=sigma)
    b = simulate_pe(m0, z, [t1, rival("CHN", d1), rival("VNM", d1)], epsilon=-1.0, sigma=sigma)
    assert rival("VNM", d1) == pytest.approx(0.20)  # Annex I of 31 Jul 2025
    assert shrimp["change_pct"].iloc[0] == pytest.approx(100 * (b.m1[0] / a.m1[0] - 1))
    assert t1 > t0  # the 50% duty reaches shrimp


@pytest.mark.usefixtures("home")
@pytest.mark.parametrize(
    "name,us",
    [
        ("liberation-day-2025", 1.13),
        ("liberation-day-2025-lump-sum", -0.01),
        ("liberation-day-2025-reciprocal-retaliation", -0.36),
    ],
)
def test_run_ge_library(name: str, us: float, tmp_path: Path) -> None:
    import pandas as pd

    out = tmp_path / "out"
    r = runner.invoke(app, ["run", name, "--out", str(out)])
    assert r.exit_code == 0, r.stderr
    c = pd.read_csv(out / "countries.csv").set_index("iso3")
    for col in (
        "welfare_pct",
        "deficit_pct",
        "exports_gdp_pct",
        "imports_gdp_pct",
        "employment_pct",
        "prices_pct",
    ):
        assert col in c.columns
    assert len(c) == 194
    assert round(c.loc["USA", "welfare_pct"], 2) == us
    b = pd.read_parquet(out / "bilateral.parquet")
    assert {"exporter", "importer", "value_baseline_usd", "value_new_usd"} <= set(b.columns)
    ind_us = b[(b["exporter"] == "IND") & (b["importer"] == "USA")]
    assert ind_us["value_baseline_usd"].iloc[0] == pytest.approx(80.958e9, rel=1e-4)
    assert ind_us["value_new_usd"].iloc[0] < ind_us["value_baseline_usd"].iloc[0]
    assert "plotly-graph-div" in (out / "report.html").read_text()


def test_ge_scenario_errors_before_solving(tmp_path: Path) -> None:
    base = 'name = "g"\nmodels = ["ge"]\n[ge]\n'
    _check(
        tmp_path,
        base + "rate_overrides = { XXQ = 0.5 }\n",
        "ge.rate_overrides.XXQ",
        "unknown country",
    )
    _check(tmp_path, base + "epsilon = -4\n", "ge.epsilon", "must be positive")
    _check(tmp_path, base + "rate_overrides = { IND = -1.5 }\n", "ge.rate_overrides", "-100%")
    _check(tmp_path, 'name = "g"\nmodels = ["ge"]\n', "ge", "no [ge] section")


@pytest.mark.usefixtures("home")
def test_run_nafta_and_borders_library(tmp_path: Path) -> None:
    import pandas as pd

    r = runner.invoke(app, ["run", "nafta-cp2015", "--out", str(tmp_path / "n")])
    assert r.exit_code == 0, r.stderr
    c = pd.read_csv(tmp_path / "n" / "countries.csv").set_index("iso3")
    assert round(c.loc["MEX", "welfare_pct"], 2) == 1.31
    assert (tmp_path / "n" / "bilateral.parquet").exists()
    r = runner.invoke(app, ["run", "yotov-trade-without-borders", "--out", str(tmp_path / "y")])
    assert r.exit_code == 0, r.stderr
    y = pd.read_csv(tmp_path / "y" / "countries.csv").set_index("iso3")
    assert y.loc["DEU", "change_IMR_FULL"] == pytest.approx(0.0, abs=1e-8)
    assert y.loc["ARG", "change_rGDP_FULL"] == pytest.approx(49.01, abs=0.6)
    r = runner.invoke(app, ["run", "yotov-nafta", "--out", str(tmp_path / "na")])
    assert r.exit_code == 0, r.stderr
    na = pd.read_csv(tmp_path / "na" / "countries.csv").set_index("iso3")
    assert na.loc["CAN", "change_price_FULL"] == pytest.approx(1.836928, abs=1e-4)  # Stata
