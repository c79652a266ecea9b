"""`tradewinds backtest`: the library's predictions beside the official FY2025-26 figures."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tradewinds.cli import app

runner = CliRunner()


@pytest.mark.usefixtures("home")
def test_backtest_json_and_table() -> None:
    r = runner.invoke(app, ["backtest", "--format", "json"])
    assert r.exit_code == 0, r.stderr
    rows = json.loads(r.stdout)
    us = [x for x in rows if x["prediction"] == "India's exports to the US"]
    assert {x["observed_usd"] for x in us} == {87_316.01e6}
    assert all(x["error_usd"] == pytest.approx(x["predicted_usd"] - x["observed_usd"]) for x in us)
    assert any(x["scenario"] == "(no change)" for x in rows)
    assert all("store_hash" in x for x in rows)
    t = runner.invoke(app, ["backtest"])
    assert t.exit_code == 0, t.stderr
    assert "What the models cannot see" in t.stdout and "164 of 365 days" in t.stdout
    bad = runner.invoke(app, ["backtest", "--fiscal-year", "2025"])
    assert bad.exit_code == 2 and "fiscal year" in bad.stderr
