"""The scenario engines behind one interface: registry, immutable results, toy worlds."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from tradewinds import services
from tradewinds.scenarios import library_scenario, scenario_from_dict, to_toml
from tradewinds.scenarios.engines import REGISTRY, EnginePart, RunOptions, engines_for
from tradewinds.scenarios.engines.base import LONG_RUN
from tradewinds.scenarios.runner import run
from tradewinds.testing import ToyInputs, toy_world


def _toy_scenario(**ge: Any) -> Any:
    doc = {
        "name": "toy",
        "models": ["ge"],
        "ge": {"dataset": "toy", "us_tariffs": "none", "floor": 0.0, **ge},
    }
    return scenario_from_dict(doc, where="test")


class DoubleUS:
    """A toy engine: one module-level object and one registry line is all it takes."""

    name = "double-us"
    horizon = LONG_RUN

    def applies(self, sc: Any) -> bool:
        return sc.ge is not None and sc.ge.model == "ilms2025"

    def run(self, sc: Any, inputs: Any, opts: RunOptions) -> EnginePart:
        part = EnginePart(horizon=self.horizon)
        w = inputs.world_matrix(sc.ge.dataset)
        part.add("toy_us_imports_usd", float(w.X[:, w.countries.index("USA")].sum()) * 1000)
        part.tables["toy"] = pd.DataFrame({"iso3": w.countries})
        return part


def test_a_world_without_india_or_russia_runs() -> None:
    sc = _toy_scenario(rate_overrides={"MEX": 0.25})
    res = run(sc, ToyInputs(toy_world(("USA", "MEX", "CAN"))))
    c = res.tables["countries"].set_index("iso3")
    assert set(c.index) == {"USA", "MEX", "CAN"}
    assert c.at["MEX", "welfare_pct"] < 0  # a tariff on Mexico's goods hurts Mexico
    assert res.values["ge_max_residual"] < 1e-9
    assert all(o.horizon == LONG_RUN for o in res.outcomes)
    # the same world in the one-sector model with deficits (MODELS §4b)
    sc2 = _toy_scenario(model="tariffs-deficits", rate_overrides={"MEX": 0.25})
    r2 = run(sc2, ToyInputs(toy_world(("USA", "MEX", "CAN"))))
    assert r2.values["ge_usa_welfare_pct"] == pytest.approx(
        r2.tables["countries"].set_index("iso3").at["USA", "welfare_pct"]
    )


def test_focus_countries_name_the_summary_keys() -> None:
    sc = _toy_scenario(rate_overrides={"MEX": 0.25})
    sc = sc.model_copy(update={"focus": ["MEX", "CAN"]})
    res = run(sc, ToyInputs())
    assert {"ge_mex_welfare_pct", "ge_can_welfare_pct"} <= set(res.values)
    assert res.outcome("ge_mex_welfare_pct").label.startswith("Mexico")


def test_a_new_engine_is_one_object_and_one_registry_line() -> None:
    sc = _toy_scenario(rate_overrides={"MEX": 0.25})
    registry = {**REGISTRY, DoubleUS.name: DoubleUS()}
    assert [e.name for e in engines_for(sc, registry)] == ["ilms2025", "double-us"]
    res = run(sc, ToyInputs(), registry=registry)
    assert res.values["toy_us_imports_usd"] > 0
    assert "toy" in res.tables and "countries" in res.tables


def test_results_are_frozen_and_carry_the_scenario() -> None:
    sc = _toy_scenario(rate_overrides={"MEX": 0.25})
    res = run(sc, ToyInputs())
    assert res.scenario == sc and res.scenario_hash == sc.content_hash()
    with pytest.raises(dataclasses.FrozenInstanceError):
        res.notes = ()  # type: ignore[misc]
    with pytest.raises(TypeError):
        res.tables["x"] = None  # type: ignore[index]
    with pytest.raises(TypeError):
        res.values["ge_us_welfare_pct"] = 0  # type: ignore[index]
    text = str(res.summary())
    assert "US welfare" in text and "%" in text
    assert "<table" in res._repr_html_() and "US welfare" in res._repr_html_()
    cols = ["key", "result", "value", "horizon", "published", "role", "why"]
    assert list(res.summary().frame.columns) == cols


def test_published_references_sit_beside_the_results(store: Any) -> None:
    res = services.run_scenario("liberation-day-2025", store=store)
    o = res.outcome("ge_us_welfare_pct")
    assert o.reference.startswith("+1.13% (Ignatenko")
    assert "+1.13% (Ignatenko" in str(res.summary())


def test_engines_never_open_the_default_store(store: Any, monkeypatch: Any) -> None:
    """The CP schedule mapping read the default store (a bug); now every engine reads
    through the inputs of the store it was given."""

    def refuse(*a: Any, **k: Any) -> Any:
        raise AssertionError("an engine opened the default store")

    monkeypatch.setattr(services.data, "open_store", refuse)
    monkeypatch.setattr("tradewinds.services.scenarios.open_store", refuse)
    res = services.run_scenario("us-india-2025-08-cp", store=store)
    assert "sector_tariffs" in res.tables


def test_no_engine_for_a_scenario_is_an_error() -> None:
    from tradewinds.errors import ScenarioError

    sc = library_scenario("us-india-2025-08-27").model_copy(update={"models": ["ge"]})
    with pytest.raises(ScenarioError, match="no engine"):
        run(sc, ToyInputs())


def test_a_file_scenario_writes_its_own_toml(store: Any, tmp_path: Path) -> None:
    from tradewinds.reports.scenario import write_scenario_outputs

    sc = library_scenario("liberation-day-2025")
    doc = sc.model_dump(mode="python", by_alias=True, exclude_none=True)
    doc["ge"]["epsilon"] = 5.0  # same name as the library's, other content
    f = tmp_path / "liberation-day-2025.toml"
    f.write_text(to_toml(scenario_from_dict(doc)))
    res = services.run_scenario(str(f), store=store)
    assert res.source == str(f)
    out = tmp_path / "out"
    write_scenario_outputs(res, out)
    written = (out / "scenario.toml").read_text()
    assert "epsilon = 5.0" in written
    assert written == f.read_text()


def test_report_and_dashboard_summaries_state_each_result_horizon(store: Any) -> None:
    """Issue 14: the horizon in the summary of the report and the dashboard, per row
    and in full under the table."""
    from tradewinds.reports.scenario import scenario_section, summary_html

    res = services.run_scenario("us-india-2025-chain", store=store)
    html = summary_html(res)
    assert "<th>horizon</th>" in html
    assert '<td class="h">short run (PE)</td>' in html
    assert '<td class="h">long run (GE)</td>' in html
    assert "<b>Horizon:</b> short run (PE: a year or two" in html
    sec = scenario_section(res, first_figure=False)
    assert sec["has_horizon"] and "long run (GE: after" in sec["horizons"]
