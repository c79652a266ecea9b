"""`tradewinds oil-tradeoff`, `tradewinds sanctions` and `tradewinds rebuild-mirror` end to
end on a temporary store, and the services behind them: numbers tied to the data and the
tariff engine, the fiscal-year rule, typed errors."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any

import pytest
from typer.testing import CliRunner

from tradewinds import services
from tradewinds.cli import app
from tradewinds.io import oil_data
from tradewinds.models import crude

runner = CliRunner()


@pytest.fixture(scope="module")
def tradeoff(_seeded_home: Any) -> Any:
    from tradewinds.io.store import TradeStore

    return services.oil_tradeoff_table("IND", "2025-08-27", store=TradeStore(_seeded_home))


def test_tradeoff_rows_come_from_the_models(tradeoff: Any) -> None:
    f = tradeoff.frame.set_index("item")
    imports, china = oil_data.india_crude_imports(), oil_data.china_crude_imports()
    # fiscal-year rule: the year containing 27 Aug 2025 (provisional), the previous beside
    assert tradeoff.extra["periods"] == ("FY2025-26", "FY2024-25")
    k = crude.discount_kept(imports, date(2025, 8, 27), china=china, period="FY2025-26")
    assert k.provisional
    assert f.loc["discount kept on Russian crude", "value_usd"] == k.value_usd
    k24 = crude.discount_kept(imports, date(2025, 8, 27), china=china, period="FY2024-25")
    assert f.loc["discount kept on Russian crude (FY2024-25)", "value_usd"] == k24.value_usd
    assert k24.value_usd == pytest.approx(1.486e9, rel=1e-3)
    # the duty: 25 points on the covered lines at the year's trade (tariff engine)
    run = tradeoff.extra["duty_run"]
    lines = run.lines
    covered = lines[(lines["rate1"] - lines["rate0"]) > 0]
    duty = f.loc[f.index.str.contains("duty on covered exports")].iloc[0]
    assert duty["value_usd"] == pytest.approx(0.25 * covered["value_usd"].sum(), rel=1e-12)
    assert covered["value_usd"].sum() == pytest.approx(34.95e9, rel=1e-3)
    assert duty["low_usd"] <= duty["value_usd"] <= duty["high_usd"]
    assert "70%" in duty["basis"] and "86.51" in duty["basis"]  # coverage stated
    fall = f.loc["US duty attributable to Russian oil: fall in exports"]
    assert fall["value_usd"] == pytest.approx(-run.result.values["exports_change_usd"])
    assert fall["low_usd"] <= fall["value_usd"] <= fall["high_usd"]
    net = f.loc["discount kept − duty"]
    assert net["value_usd"] == pytest.approx(k.value_usd - duty["value_usd"])
    assert (tradeoff.frame["low_usd"] <= tradeoff.frame["value_usd"]).all()
    assert (tradeoff.frame["value_usd"] <= tradeoff.frame["high_usd"]).all()
    assert any("Fiscal-year rule" in n for n in tradeoff.notes)


def test_no_duty_outside_its_dates(store: Any) -> None:
    a = services.oil_tradeoff_table("IND", "2026-02-07", store=store)
    f = a.frame.set_index("item")
    assert f.loc["US duty attributable to Russian oil: fall in exports", "value_usd"] == 0.0
    assert a.extra["duty_run"] is None
    assert any(n.startswith("No duty on IND") and "2026-02-07" in n for n in a.notes)
    b = services.oil_tradeoff_table("IND", "2025-08-26", store=store)
    assert b.extra["duty_run"] is None


@pytest.mark.usefixtures("home")
def test_cli_oil_tradeoff() -> None:
    r = runner.invoke(app, ["oil-tradeoff", "IND", "--as-of", "2025-08-27", "-f", "json"])
    assert r.exit_code == 0, r.stderr
    rows = json.loads(r.stdout)
    assert rows[0]["item"] == "discount kept on Russian crude" and rows[0]["as_of"] == "2025-08-27"
    assert all(x["unit"] == "US$ a year" and "tradewinds_version" in x for x in rows)
    t = runner.invoke(app, ["oil-tradeoff", "IND", "--as-of", "2025-08-27"])
    assert t.exit_code == 0 and "Fiscal-year rule" in t.stdout and "FY2024-25" in t.stdout
    bad = runner.invoke(app, ["oil-tradeoff", "IND", "--as-of", "27/08/2025"])
    assert bad.exit_code == 2 and "as_of" in bad.stderr and "YYYY-MM-DD" in bad.stderr
    usa = runner.invoke(app, ["oil-tradeoff", "USA", "--as-of", "2025-08-27"])
    assert usa.exit_code == 2 and "no crude imports by source" in usa.stderr
    early = runner.invoke(app, ["oil-tradeoff", "IND", "--as-of", "2020-01-01"])
    assert early.exit_code == 2 and "FY2019-20" in early.stderr


@pytest.mark.usefixtures("home")
def test_cli_sanctions() -> None:
    r = runner.invoke(app, ["sanctions", "--as-of", "2025-11-01", "-f", "json"])
    assert r.exit_code == 0, r.stderr
    rows = {x["id"]: x for x in json.loads(r.stdout)}
    assert rows["eu-price-cap-crude"]["level"] == 47.6
    assert rows["eu-price-cap-crude"]["unit"] == "USD/bbl"
    assert rows["us-price-cap-crude"]["level"] == 60.0
    assert rows["us-ofac-rosneft-lukoil"]["export_share"] == 0.47
    sec = rows["us-secondary-duty-india-russian-oil"]
    assert sec["rate"] == 0.25 and sec["schedule_measure"] == "us2025:ieepa-russia-oil-india"
    assert all(x["citation"] for x in rows.values())
    c = runner.invoke(app, ["sanctions", "--as-of", "2026-02-01", "--kind", "price_cap",
                            "--imposer", "EU", "-f", "csv"])  # fmt: skip
    assert c.exit_code == 0, c.stderr
    caps = list(csv.DictReader(io.StringIO(c.stdout)))
    assert {x["id"] for x in caps} == {
        "eu-price-cap-crude", "eu-price-cap-products-premium", "eu-price-cap-products-discount",
    }  # fmt: skip
    assert next(x for x in caps if x["id"] == "eu-price-cap-crude")["level"] == "44.1"
    t = runner.invoke(app, ["sanctions", "--as-of", "2025-09-01"])
    assert t.exit_code == 0 and "Executive Order 14329" in t.stdout
    assert "Rosneft" not in t.stdout  # designated on 22 Oct 2025, not yet
    # an open-ended measure says so; ids are never cut
    ban = next(ln for ln in t.stdout.splitlines() if "eu-crude-import-ban" in ln)
    assert ban.rstrip().endswith("│ no end date │")
    assert "eu-price-cap-products-discount " in t.stdout and "…" not in t.stdout
    for args, word in (
        (["--as-of", "2025-02-30"], "as_of"),
        (["--as-of", "2025-09-01", "--kind", "tariff"], "kind"),
        (["--as-of", "2025-09-01", "--imposer", "CHN"], "imposer"),
    ):
        bad = runner.invoke(app, ["sanctions", *args])
        assert bad.exit_code == 2 and word in bad.stderr, args
    none = runner.invoke(app, ["sanctions", "--as-of", "2021-01-01", "-f", "json"])
    assert none.exit_code == 0 and json.loads(none.stdout) == []


@pytest.mark.usefixtures("home")
def test_cli_rebuild_mirror() -> None:
    r = runner.invoke(app, ["rebuild-mirror", "RUS", "-p", "IND", "-f", "json"])
    assert r.exit_code == 0, r.stderr
    rows = json.loads(r.stdout)
    assert all(x["basis"].startswith("mirror") and x["reported_by"] == "IND" for x in rows)
    crude24 = next(
        x for x in rows
        if x["period"] == "FY2024-25" and x["direction"] == "exports" and x["scope"] == "2709"
    )  # fmt: skip
    assert crude24["value_usd"] == pytest.approx(50284.72e6) and crude24["valuation"] == "CIF"
    imp = [x for x in rows if x["direction"] == "imports"]
    assert imp and all(x["valuation"] == "FOB" for x in imp)  # India's exports to Russia
    chn = runner.invoke(app, ["rebuild-mirror", "RUS", "-p", "CHN", "--no-dataset"])
    assert chn.exit_code == 0 and "2024-12" in chn.stdout
    bad = runner.invoke(app, ["rebuild-mirror", "RUS", "-p", "BRA", "--no-dataset"])
    assert bad.exit_code == 2 and "no partner reports" in bad.stderr
    own = runner.invoke(app, ["rebuild-mirror", "Atlantis"])
    assert own.exit_code == 2
