"""Chained, dated states (issue 14): every path prices a line alike; chains add up;
the case scenarios are plausible in sign and size; the scenario fields are checked.

The rate test runs the four paths a user meets on the same real lines and dates:
``tariffs --match hs6`` (services.tariff_lines), ``exposure`` (services.exposure on a
dataset holding the lines), the PE engines' states and the GE mapping's states, and
checks them against the rates of tests/unit/test_stacking.py (each cites its paragraph).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from tradewinds import services
from tradewinds.errors import ScenarioError
from tradewinds.io.schema import FLOW_COLUMNS, conform
from tradewinds.io.store import DatasetSpec, frame_hash, write_frames
from tradewinds.scenarios import load_scenario
from tradewinds.scenarios.engines._ge_states import schedule_states
from tradewinds.scenarios.engines._lines import priced_lines
from tradewinds.services.scenarios import StoreInputs, world_matrix

from .test_stacking import DATES, EXPECTED

LINES = list(EXPECTED)


def _lines_dataset(store: Any, values: dict[str, float]) -> str:
    """India's exports to the US of the given ITC-HS lines, FY2024-25, as a store dataset."""
    f = pd.DataFrame(
        {
            "period": "FY2024-25",
            "freq": "FY",
            "year": 2024,
            "fy_start_month": 4,
            "exporter": "IND",
            "importer": "USA",
            "product": list(values),
            "hs_version": "ITC-HS8",
            "value_usd": list(values.values()),
            "flow_reporter": "IND",
        }
    )
    frames = {"flows": conform(f, FLOW_COLUMNS)}
    store.ingest(
        DatasetSpec(
            id="test-lines",
            kind="flows",
            source="test",
            vintage="test",
            content_hash=frame_hash(frames, extra="test-lines"),
            write=write_frames(frames),
            coverage="the issue's seven lines",
        )
    )
    return "test-lines"


def _chain_scenario(tmp_path: Path, dataset: str, dates: tuple[date, ...]) -> Any:
    chain = ", ".join(d.isoformat() for d in dates)
    p = tmp_path / "chain.toml"
    p.write_text(
        f"""
name = "seven-lines"
models = ["pe", "ge"]
[baseline]
dataset = "{dataset}"
market_dataset = "world2023"
period = "FY2024-25"
[tariffs]
schedule = "us2025"
importer = "USA"
exporter = "IND"
baseline_date = {dates[0].isoformat()}
date = {dates[-1].isoformat()}
chain = [{chain}]
[ge]
us_tariffs = "schedule"
floor = 0.0
"""
    )
    return load_scenario(p)


def test_one_rate_per_line_and_date_in_tariffs_exposure_pe_and_ge(
    store: Any, tmp_path: Path
) -> None:
    ds = _lines_dataset(store, {p: 1e6 * (k + 1) for k, p in enumerate(LINES)})
    sc = _chain_scenario(tmp_path, ds, DATES)
    inputs = StoreInputs(store)
    pe = priced_lines(sc, inputs)
    w = world_matrix(store)
    ge = schedule_states(sc, inputs, w.countries, "world2023")
    for k, on in enumerate(DATES):
        want = pd.Series({p: EXPECTED[p][k] for p in LINES})
        t = services.tariff_lines("USA", "IND", on, products=LINES, match="hs6").frame
        ex = services.exposure("USA", "IND", on, dataset=ds, store=store).extra["lines"]
        got_pe = pd.Series(pe.state(on.isoformat()).rate, index=pe.lines["product"])
        g = ge.state(on.isoformat()).lines
        paths = {
            "tariffs": t.set_index("product")["additional_rate"],
            "exposure": ex.set_index("product")["additional_rate"],
            "pe": got_pe,
            "ge": g.set_index("product")["rate"],
        }
        for name, got in paths.items():
            np.testing.assert_allclose(
                got.reindex(want.index).to_numpy(float),
                want.to_numpy(),
                atol=1e-12,
                err_msg=f"{name} {on}",
            )
        # the GE's rate for India is the trade-weighted mean of those same line rates
        r = ge.state(on.isoformat()).rates.set_index("exporter")
        v = g["value_usd"].to_numpy()
        assert r.at["IND", "rate"] == pytest.approx(float((g["rate"] * v).sum() / v.sum()))


def test_competitors_pay_their_own_rates(store: Any, tmp_path: Path) -> None:
    """Viet Nam pays Annex I's 20% from 7 Aug 2025 (EO 14326), the 10% before; the GE and the
    aggregate market give it the simple mean of its HS6 rates; the rest of the world's rate
    on a line is the import-weighted mean of the suppliers' rates."""
    from tradewinds.scenarios.engines._lines import hs6_codes
    from tradewinds.tariffs import load_schedule
    from tradewinds.tariffs.states import without_conditions

    ds = _lines_dataset(store, {"03061700": 2e9, "61091000": 1e9})
    sc = _chain_scenario(tmp_path, ds, (date(2025, 8, 6), date(2025, 8, 7)))
    inputs = StoreInputs(store)
    sched = load_schedule()
    hs6 = hs6_codes()
    ge = schedule_states(sc, inputs, world_matrix(store).countries, "world2023")
    for on in (date(2025, 8, 6), date(2025, 8, 7)):
        vn = sched.line_rates("VNM", hs6, on, match="hs6", details=False)["additional_rate"]
        r = ge.state(on.isoformat()).rates.set_index("exporter")
        assert r.at["VNM", "rate"] == pytest.approx(float(vn.mean()))
    assert sched.line_rates("VNM", ["030617"], date(2025, 8, 7), match="hs6")[
        "additional_rate"
    ].iloc[0] == pytest.approx(0.20)
    p = priced_lines(sc, inputs)
    m = p.market.drop("IND")
    s = p.state("2025-08-07")
    # Canada's and Mexico's border duties spare USMCA goods: left out by default
    met = without_conditions(sched)
    shrimp = met.rates_by_exporter(list(m.index), ["03061700"], date(2025, 8, 7), match="hs6")
    rate = shrimp.set_index("exporter")["additional_rate"].reindex(m.index)
    assert s.rest[list(p.lines["product"]).index("03061700")] == pytest.approx(
        float((rate * m).sum() / m.sum())
    )
    # the aggregate market's "who gains" names large suppliers, not micro-states
    res = services.run_scenario(str(tmp_path / "chain.toml"), store=store)
    who = res.tables["who_gains"]
    assert who["imports_data_usd"].iloc[1:].min() > 1e10


def test_chain_steps_add_up_and_states_come_from_the_data(store: Any) -> None:
    res = services.run_scenario("us-india-2025-chain", store=store)
    c = res.tables["chain"].set_index("state")
    dated = c[c["kind"].isin(["data", "date"])]
    assert dated["step_change_usd"].iloc[1:].sum() == pytest.approx(
        dated["exports_usd"].iloc[-1] - dated["exports_usd"].iloc[0], rel=1e-12
    )
    assert c.at["data", "exports_usd"] == pytest.approx(res.values["exports_data_usd"], rel=1e-12)
    # the 50% state is the low point; the day after the oil duty ends is above it
    assert c["exports_usd"].idxmin() == "2025-08-27"
    assert c.at["2026-02-07", "step_change_usd"] > 0
    # the GE chain: India's exports to the US fall most in the 27 Aug state, long run
    g = res.tables["ge_chain"].set_index("state")
    assert g["exporter_exports_change_pct"].idxmin() == "2025-08-27"
    assert res.outcome("ge_us_welfare_pct").horizon.startswith("long run")
    assert res.outcome("exports_change_usd").horizon.startswith("short run")
    assert "short run (PE)" in str(res.summary()) and "long run (GE)" in str(res.summary())


@pytest.mark.parametrize("name", ["india-halts-russian-oil", "us-india-2026-02-07"])
def test_lifting_the_oil_duty_from_the_27_august_state(name: str, store: Any) -> None:
    """Relative to the 27 Aug 2025 state, lifting the 25-point oil duty raises India's
    covered exports by about a fifth: less than the 27 Aug duties took away, and never back
    above the FY2024-25 data while India's 25% reciprocal duty applies (it was +55% and
    +76% when the duties were applied to the FY2024-25 data as if made under them)."""
    v = services.run_scenario(name, store=store).values
    assert v["baseline_date"] == "2025-08-27"
    assert 10 < v["exports_change_pct"] < 35
    assert 10 < v["sensitivity_exports_change_pct"] < 40  # ProTEE σ
    assert v["exports_baseline_usd"] < v["exports_scenario_usd"] < v["exports_data_usd"]
    assert v["mean_rate_baseline"] > 0.3 and v["mean_rate_scenario"] < 0.25


def test_the_backtest_states_its_errors(store: Any) -> None:
    a = services.backtest(store=store)
    f = a.frame
    us = f[(f["prediction"] == "India's exports to the US") & (f["scenario"] != "(no change)")]
    assert len(us) >= 3
    np.testing.assert_allclose(us["observed_usd"], 87_316.01e6, rtol=1e-12)
    np.testing.assert_allclose(us["base_usd"], 86_514.28e6, rtol=1e-12)
    ru = f[f["prediction"].str.startswith("India–Russia")]
    assert len(ru) >= 2
    np.testing.assert_allclose(ru["observed_usd"], 59_863.13e6, rtol=1e-12)
    np.testing.assert_allclose(ru["base_usd"], 68_692.74e6, rtol=1e-12)
    assert f["provisional"].all()
    np.testing.assert_allclose(f["error_usd"], f["predicted_usd"] - f["observed_usd"])
    assert np.isfinite(f["error_usd"]).all()
    # the chain's FY2025-26 state saw every day of the year; the 27 Aug state 164 of them
    by = f.set_index(["scenario", "state"])
    assert by.loc[("us-india-2025-08-27", "2025-08-27"), "policy_days_in_period"] == 164
    # the multi-sector result: the pair's change over all sectors, the scenario's own figure
    ms = by.loc[("us-india-2025-08-27-icio", "2025-08-27")]
    pct = 100 * (ms["predicted_usd"] / ms["base_usd"] - 1)
    res = services.run_scenario("us-india-2025-08-27-icio", store=store)
    assert pct == pytest.approx(res.values["ge_ind_exports_to_usa_pct"], abs=1e-9)
    assert "multi-sector" in ms["how"] and ms["horizon"].startswith("long run")
    assert {"short run", "long run"} <= {h.split(" (")[0] for h in f["horizon"] if h}
    assert len(a.extra["blind_spots"]) >= 4 and not a.extra["chapters"].empty
    from tradewinds.reports.backtest import backtest_section

    sec = backtest_section(a)
    assert "87.316" in sec["table"] and "smartphones" in " ".join(sec["blind_spots"])


BASE = """
name = "t"
[tariffs]
schedule = "us2025"
importer = "USA"
exporter = "IND"
baseline_date = 2025-04-04
date = 2025-08-27
"""


@pytest.mark.parametrize(
    "extra,words",
    [
        ("chain = [2025-08-27, 2025-04-04]", "not in order"),
        ("chain = [2025-04-04, 2025-08-07]", "date 2025-08-27 is not in the chain"),
        ("chain = [2025-04-05, 2025-08-27]", "baseline_date 2025-04-04 is not in the chain"),
        (
            "chain = [" + ", ".join(f"2025-05-{d:02d}" for d in range(1, 14)) + "]",
            "over the limit of 12",
        ),
        ('periods = ["2025/26"]', "is not a fiscal year like FY2024-25"),
        ('periods = ["FY2025-26", "FY2025-26"]', "each once"),
        ('data_state = "start"', "average"),
    ],
)
def test_chain_fields_are_checked(extra: str, words: str, tmp_path: Path) -> None:
    p = tmp_path / "s.toml"
    p.write_text(BASE + extra + "\n")
    with pytest.raises(ScenarioError) as e:
        load_scenario(p)
    assert "tariffs" in (e.value.field or "")
    assert words in str(e.value)


def test_ge_schedule_mode_checks(store: Any, tmp_path: Path) -> None:
    p = tmp_path / "g.toml"
    body = BASE.replace('name = "t"\n', "")
    p.write_text(
        'name = "g"\nmodels = ["ge"]\n' + body + '[ge]\nus_tariffs = "schedule"\nfloor = 0.1\n'
    )
    with pytest.raises(ScenarioError, match="floor"):
        services.run_scenario(str(p), store=store)
    q = tmp_path / "h.toml"
    q.write_text('name = "h"\nmodels = ["ge"]\n[ge]\nus_tariffs = "schedule"\nfloor = 0.0\n')
    with pytest.raises(ScenarioError, match=r"\[tariffs\]"):
        services.run_scenario(str(q), store=store)
