"""The [workers] scenario section: N × wage × months × share, every factor with its
source, beside the goods balance and labelled as current-account income; published
figures checked by id and kept in their own table."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tradewinds import services
from tradewinds.errors import ScenarioError
from tradewinds.scenarios import library_scenario
from tradewinds.scenarios.model import scenario_from_dict, to_toml

NAME = "india-workers-to-russia"


def _doc() -> dict[str, Any]:
    return library_scenario(NAME).model_dump(mode="python", exclude_none=True)


def test_library_scenario_beside_the_goods_balance(store) -> None:  # type: ignore[no-untyped-def]
    r = services.run_scenario(NAME, store=store)
    v = r.values
    # 56,500 × (86,600 RUB / 100 RUB per US$) × 12 months × 0.4
    assert v["workers_earnings_usd"] == pytest.approx(56_500 * 866.0 * 12)
    assert v["workers_remittances_usd"] == pytest.approx(56_500 * 866.0 * 12 * 0.4)
    assert v["goods_balance_usd"] == pytest.approx(-58.93014e9)
    assert v["knomad_2021_remittances_usd"] == pytest.approx(27.1188e6)
    label = next(o.label for o in r.outcomes if o.key == "workers_remittances_usd")
    assert "compensation of employees" in label and "not goods" in label
    beside = r.tables["workers_beside_goods"]
    assert list(beside["period"]) == ["FY2024-25"]
    assert beside["statistic"].iloc[0] == "DGCI&S FY2024-25"
    assert "BPM6" in beside["workers_flow_account"].iloc[0]
    # every factor with its source; the published permits figure named
    a = r.tables["workers_assumptions"].set_index("item")
    assert set(a.index) >= {"workers", "monthly_wage_local", "local_per_usd", "months",
                            "remitted_share", "monthly_wage_usd", "remittances"}  # fmt: skip
    assert (a["source"].str.len() > 0).all()
    assert "rus-ind-permits-2025" in a.loc["workers", "note"]
    pub = r.tables["workers_published"]
    assert {"work_quota", "work_permits"} <= set(pub["metric"])
    assert "56,500" in r.notes[0] and "bn US$ a year" in r.notes[0]


def test_published_figure_must_match_and_be_stated(store) -> None:  # type: ignore[no-untyped-def]
    doc = _doc()
    doc["workers"]["workers"]["value"] = 60_000
    with pytest.raises(ScenarioError) as e:
        services.run_scenario(scenario_from_dict(doc), store=store)
    assert e.value.field == "workers.workers.value" and "56500" in str(e.value)
    doc = _doc()
    doc["workers"]["workers"]["published"] = "rus-ind-1mn-claim-2025"
    doc["workers"]["workers"]["value"] = 1_000_000
    with pytest.raises(ScenarioError, match="claim denied"):
        services.run_scenario(scenario_from_dict(doc), store=store)
    doc = _doc()
    doc["workers"]["workers"]["published"] = "no-such-figure"
    with pytest.raises(ScenarioError, match="no published figure"):
        services.run_scenario(scenario_from_dict(doc), store=store)


def test_section_validation_names_the_field() -> None:
    doc = _doc()
    doc["workers"]["monthly_wage_usd"] = {"value": 900, "unit": "US$", "source": "own"}
    with pytest.raises(ScenarioError, match="give the wage once"):
        scenario_from_dict(doc)
    doc = _doc()
    del doc["workers"]["remitted_share"]["source"]
    with pytest.raises(ScenarioError) as e:
        scenario_from_dict(doc)
    assert "workers.remitted_share.source" in str(e.value)
    doc = _doc()
    doc["workers"]["host"] = "Atlantis"
    with pytest.raises(ScenarioError) as e:
        scenario_from_dict(doc)
    assert "workers.host" in str(e.value)


def test_out_of_range_factors_are_refused(store) -> None:  # type: ignore[no-untyped-def]
    doc = copy.deepcopy(_doc())
    doc["workers"]["remitted_share"]["value"] = 1.4
    with pytest.raises(ScenarioError) as e:
        services.run_scenario(scenario_from_dict(doc), store=store)
    assert e.value.field == "workers.remitted_share"


def test_section_round_trips_through_toml() -> None:
    sc = library_scenario(NAME)
    text = to_toml(sc)
    assert "[workers.workers]" in text and 'published = "rus-ind-permits-2025"' in text
