"""`tradewinds tariffs`: the rates of the India case, by date, as JSON (issue check)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tradewinds.cli import app

runner = CliRunner()


def lines(as_of: str, *products: str) -> dict[str, dict]:  # type: ignore[type-arg]
    r = runner.invoke(
        app,
        [
            "tariffs",
            "USA",
            "IND",
            "--as-of",
            as_of,
            "--format",
            "json",
            *[x for p in products for x in ("--product", p)],
        ],
    )
    assert r.exit_code == 0, r.stderr
    rows = json.loads(r.stdout)
    assert len(rows) == len(products)  # one object per tariff line
    return {row["product"]: row for row in rows}


def names(row: dict) -> set[str]:  # type: ignore[type-arg]
    return {m["id"] for m in row["measures"]}


@pytest.mark.usefixtures("home")
def test_shrimp_on_27_august_2025() -> None:
    row = lines("2025-08-27", "03061700")["03061700"]
    assert row["mfn_rate"] is None  # no MFN schedule shipped
    assert row["effective_rate"] == pytest.approx(0.50)
    assert names(row) == {"ieepa-reciprocal-india", "ieepa-russia-oil-india"}
    for m in row["measures"]:
        assert {"name", "rate", "source", "from", "to"} <= set(m)
        assert m["rate"] == pytest.approx(0.25)
        assert m["source"]  # each row names its legal sources
        assert "mfn" not in m["name"].lower()
    assert any("EO 14329" in m["source"] for m in row["measures"])


@pytest.mark.usefixtures("home")
def test_exempt_and_section_232_lines() -> None:
    rows = lines("2025-08-27", "30049092", "85171300", "27090020", "72085100")
    for code in ("30049092", "85171300", "27090020"):
        assert rows[code]["effective_rate"] == 0.0
        assert names(rows[code]) == set()
        assert set(rows[code]["exempt_from"]) == {
            "ieepa-reciprocal-india",
            "ieepa-russia-oil-india",
        }
    steel = rows["72085100"]
    assert steel["effective_rate"] == pytest.approx(0.50)
    assert names(steel) == {"s232-steel-50"}  # neither IEEPA duty


@pytest.mark.parametrize(
    "as_of,rate,ids",
    [
        ("2025-04-04", 0.0, set()),
        ("2025-06-01", 0.10, {"ieepa-reciprocal-baseline"}),
        ("2025-08-10", 0.25, {"ieepa-reciprocal-india"}),
        ("2025-08-27", 0.50, {"ieepa-reciprocal-india", "ieepa-russia-oil-india"}),
        ("2026-02-08", 0.25, {"ieepa-reciprocal-india"}),  # the Russia-oil duty is gone
        # IEEPA duties no longer collected (EO 14389); the Section 122 surcharge instead
        ("2026-03-01", 0.10, {"s122-surcharge"}),
    ],
)
@pytest.mark.usefixtures("home")
def test_shrimp_through_time(as_of: str, rate: float, ids: set[str]) -> None:
    row = lines(as_of, "03061700")["03061700"]
    assert row["effective_rate"] == pytest.approx(rate)
    assert names(row) == ids


@pytest.mark.usefixtures("home")
def test_in_transit_rule() -> None:
    r = runner.invoke(
        app,
        [
            "tariffs",
            "USA",
            "IND",
            "--as-of",
            "2025-09-01",
            "--loaded",
            "2025-08-20",
            "-p",
            "03061700",
            "-f",
            "json",
        ],
    )
    row = json.loads(r.stdout)[0]
    assert names(row) == {"ieepa-reciprocal-india"}  # loaded before 27 Aug, entered by 17 Sep
    r = runner.invoke(
        app,
        [
            "tariffs",
            "USA",
            "IND",
            "--as-of",
            "2025-09-20",
            "--loaded",
            "2025-08-20",
            "-p",
            "03061700",
            "-f",
            "json",
        ],
    )
    assert json.loads(r.stdout)[0]["effective_rate"] == pytest.approx(0.5)


@pytest.mark.usefixtures("home")
def test_measures_in_force_and_errors() -> None:
    r = runner.invoke(app, ["tariffs", "USA", "IND", "--as-of", "2025-08-27", "-f", "json"])
    assert r.exit_code == 0
    ids = {m["id"] for m in json.loads(r.stdout)}
    assert ids == {
        "ieepa-reciprocal-india",
        "ieepa-russia-oil-india",
        "s232-steel-50",
        "s232-aluminum-50",
        "s232-autos",
        "s232-copper",
    }
    r = runner.invoke(app, ["tariffs", "USA", "IND", "--as-of", "2025-08-27"])
    assert r.exit_code == 0 and "Russian oil" in r.stdout
    # the end of each measure: its date, or "no end date", never a blank
    rows = {ln.split("│")[1].strip(): ln for ln in r.stdout.splitlines() if ln.startswith("│ ")}
    assert "│ no end date │" in rows["s232-steel-50"]
    assert "│ 2026-02-07 " in rows["ieepa-russia-oil-india"]
    r = runner.invoke(app, ["tariffs", "USA", "IND", "--as-of", "27/08/2025"])
    assert r.exit_code == 2 and "YYYY-MM-DD" in r.stderr
    r = runner.invoke(app, ["tariffs", "USA", "IND", "--as-of", "2025-08-27", "-p", "3061700"])
    assert r.exit_code == 2 and "HS code" in r.stderr
    r = runner.invoke(app, ["tariffs", "IND", "USA", "--as-of", "2025-08-27"])
    assert r.exit_code == 2 and "USA's measures" in r.stderr


@pytest.mark.usefixtures("home")
def test_exposure_cli_states_coverage() -> None:
    r = runner.invoke(app, ["exposure", "USA", "IND", "--as-of", "2025-08-27", "-f", "json"])
    assert r.exit_code == 0, r.stderr
    rows = {x["band"]: x for x in json.loads(r.stdout)}
    fifty = rows["50% and over"]
    # 64.6% of the covered value pays 50% (was 69.8% when 232 duties stacked on each other:
    # auto parts now pay the 232 rate alone, 25%; steel/aluminium derivatives 37.5%, the 232
    # rate on a half-metal content and the reciprocal 25% on the rest; docs/stacking.md)
    assert fifty["share"] == pytest.approx(0.646, abs=0.01)
    assert sum(x["value_usd"] for x in rows.values()) == pytest.approx(60_600.43e6, rel=1e-6)
    r = runner.invoke(app, ["exposure", "USA", "IND", "--as-of", "2025-08-27"])
    assert "86.51 bn published" in r.stdout.replace("\n", " ") or "86.51" in r.stdout
    assert "GTRI" in r.stdout
