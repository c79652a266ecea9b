"""Properties of chained, dated states (issue 14), with hypothesis.

* the steps of a chain add up to the change from the data to its last state;
* lifting a measure and re-imposing it returns the start (the states are functions of the
  measures in force, not of the path);
* no line's trade under a positive duty exceeds its trade at zero duty in the same state;
* a state equal to the data's own state reproduces the data.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tradewinds.models.pe_markets import line_pe
from tradewinds.scenarios import scenario_from_dict
from tradewinds.scenarios.engines import RunOptions
from tradewinds.scenarios.engines._lines import priced_lines
from tradewinds.scenarios.runner import run
from tradewinds.testing import ToyInputs

LINES = ("03061700", "61091000", "94032090", "30049092")


@st.composite
def line_states(draw: st.DrawFn) -> pd.DataFrame:
    n = draw(st.integers(1, 6))
    f = st.floats(0.0, 1.5)
    return pd.DataFrame(
        {
            "product": [f"{k:08d}" for k in range(n)],
            "value_usd": draw(st.lists(st.floats(1.0, 1e9), min_size=n, max_size=n)),
            "sigma": draw(st.lists(st.floats(0.3, 20.0), min_size=n, max_size=n)),
            "rate_data": draw(st.lists(f, min_size=n, max_size=n)),
            "rest_data": draw(st.lists(f, min_size=n, max_size=n)),
            "rate1": draw(st.lists(st.floats(1e-3, 1.5), min_size=n, max_size=n)),
            "rest1": draw(st.lists(f, min_size=n, max_size=n)),
            "banned1": False,
        }
    )


@settings(max_examples=200, deadline=None)
@given(line_states(), st.floats(1e-3, 0.5), st.sampled_from(["exact", "wits_compat"]))
def test_no_line_gains_from_its_own_duty(lines: pd.DataFrame, share: float, method: str) -> None:
    taxed = line_pe(lines, share=share, epsilon=-1.0, method=method)  # type: ignore[arg-type]
    free = line_pe(lines.assign(rate1=0.0), share=share, epsilon=-1.0, method=method)  # type: ignore[arg-type]
    assert (taxed["m1"] <= free["m1"] * (1 + 1e-12) + 1e-9).all()


@settings(max_examples=200, deadline=None)
@given(line_states(), st.floats(1e-3, 0.5))
def test_the_data_state_reproduces_the_data(lines: pd.DataFrame, share: float) -> None:
    same = lines.assign(rate1=lines["rate_data"], rest1=lines["rest_data"])
    r = line_pe(same, share=share, epsilon=-1.0)
    np.testing.assert_allclose(r["m1"], lines["value_usd"], rtol=1e-12)


class LineInputs(ToyInputs):
    """A toy world with an exporter's tariff lines and a three-supplier market."""

    def product_flows(self, dataset_id: str, exporter: str, importer: str) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "period": "FY2024-25",
                "fy_start_month": 4,
                "exporter": exporter,
                "importer": importer,
                "product": list(LINES),
                "hs_version": "ITC-HS8",
                "value_usd": [2e9, 1e9, 5e8, 3e9],
            }
        )

    def market_imports(self, dataset_id: str, importer: str) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "period": "2023",
                "exporter": ["IND", "VNM", "CHN"],
                "importer": importer,
                "product": "TOTAL",
                "value_usd": [8e10, 1.2e11, 4.4e11],
            }
        )


def _schedule(path: Path, rate: float, products: list[str], start: date, end: date) -> str:
    prods = ", ".join(f'"{p}"' for p in products)
    path.write_text(
        f"""schedule = "window"
importer = "USA"
[[measures]]
id = "base"
name = "a baseline duty on everyone"
exporters = ["*"]
products = ["*"]
rate = 0.05
from = 2025-01-01
source = "test"
[[measures]]
id = "window"
name = "a duty on the exporter, lifted and imposed again"
exporters = ["IND"]
products = [{prods}]
rate = {rate}
from = {start.isoformat()}
to = {end.isoformat()}
source = "test"
[[measures]]
id = "again"
name = "the same duty imposed again"
exporters = ["IND"]
products = [{prods}]
rate = {rate}
from = {(end + timedelta(days=30)).isoformat()}
source = "test"
"""
    )
    return str(path)


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    rate=st.floats(0.01, 1.0),
    products=st.lists(st.sampled_from(["03", "6109", "940320", "30"]), min_size=1, max_size=3),
    start=st.dates(date(2025, 3, 1), date(2025, 9, 1)),
    days=st.integers(1, 200),
)
def test_chains_add_up_and_reimposing_returns_the_start(
    tmp_path: Path, rate: float, products: list[str], start: date, days: int
) -> None:
    end = start + timedelta(days=days)
    again = end + timedelta(days=30)
    sched = _schedule(tmp_path / "window.toml", rate, sorted(set(products)), start, end)
    chain = [start - timedelta(days=1), start, end, again]
    sc = scenario_from_dict(
        {
            "name": "window",
            "models": ["pe"],
            "baseline": {"dataset": "lines", "market_dataset": "market", "period": "FY2024-25"},
            "tariffs": {
                "schedule": sched,
                "importer": "USA",
                "exporter": "IND",
                "baseline_date": chain[0],
                "date": chain[-1],
                "chain": chain,
            },
        }
    )
    inputs = LineInputs()
    res = run(sc, inputs, RunOptions())
    c = res.tables["chain"].set_index("state")
    # the steps add up to the change from the data to the last state
    steps = c["step_change_usd"].iloc[1:].sum()
    np.testing.assert_allclose(
        steps, c["exports_usd"].iloc[-1] - c["exports_usd"].iloc[0], rtol=1e-9, atol=1e-3
    )
    # lifted (end) equals the state before it was imposed; imposed again equals imposed
    k = [d.isoformat() for d in chain]
    np.testing.assert_allclose(c.at[k[2], "exports_usd"], c.at[k[0], "exports_usd"], rtol=1e-12)
    np.testing.assert_allclose(c.at[k[3], "exports_usd"], c.at[k[1], "exports_usd"], rtol=1e-12)
    p = priced_lines(sc, inputs)
    np.testing.assert_array_equal(p.state(k[2]).rate, p.state(k[0]).rate)
    np.testing.assert_array_equal(p.state(k[3]).rate, p.state(k[1]).rate)
    # under the duty, no line above its level in the state without it
    assert c.at[k[1], "exports_usd"] <= c.at[k[0], "exports_usd"] * (1 + 1e-12)
