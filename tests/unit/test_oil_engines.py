"""The crude-market engine ([crude]) and the embargo engine's bans from the sanctions
ledger ([[sanctions]]): numbers pinned to the shipped data, the scenario sections' typed
errors, and the engines reading data only through the inputs."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import pytest

from tradewinds import services
from tradewinds.errors import ScenarioError
from tradewinds.io import oil_data
from tradewinds.models import crude
from tradewinds.scenarios import library_scenario
from tradewinds.scenarios.engines import REGISTRY, engines_for
from tradewinds.scenarios.model import scenario_from_dict
from tradewinds.scenarios.runner import run
from tradewinds.testing import ToyInputs

# DGCI&S FY2024-25 (data/oil PROVENANCE.md): Russia 87,538,578 t at 574.43 US$/t; all other
# sources 591.40 US$/t volume-weighted
RUS_T_2425 = 87_538_578.0


def crude_doc(**kw: Any) -> dict[str, Any]:
    c = {"importer": "IND", "supplier": "RUS", "fiscal_year": "FY2024-25"} | kw
    return {"name": "t", "models": ["crude"], "crude": c}


def test_library_crude_scenario_is_volume_times_discount(store: Any) -> None:
    r = services.run_scenario("india-halts-russian-crude-2025", store=store)
    v = r.values
    m = crude.measure_discount(oil_data.india_crude_imports(), "FY2024-25",
                               china=oil_data.china_crude_imports())  # fmt: skip
    assert v["crude_period"] == "FY2024-25" and v["crude_provisional"] is False
    assert math.isclose(v["crude_replaced_mt"] * 1e6, RUS_T_2425, rel_tol=1e-12)
    assert math.isclose(v["crude_extra_bill_usd"], RUS_T_2425 * m.central, rel_tol=1e-9)
    assert math.isclose(v["crude_extra_bill_low_usd"], RUS_T_2425 * m.low, rel_tol=1e-9)
    assert math.isclose(v["crude_extra_bill_high_usd"], RUS_T_2425 * m.high, rel_tol=1e-9)
    assert v["crude_extra_bill_usd"] == pytest.approx(1.486e9, rel=1e-3)  # 87.54 Mt × 16.98
    assert v["crude_price_effect_usd"] == 0.0
    assert v["crude_discount_method"].startswith("india.all_others.vw")
    assert all(o.horizon.startswith("short run") for o in r.outcomes)
    res = r.tables["crude_resourcing"].set_index("source")
    assert res.loc["RUS", "tonnes_after"] == 0.0
    assert res["tonnes_after"].sum() == pytest.approx(res["tonnes_before"].sum(), rel=1e-12)
    assert "DGCI&S" in r.provenance["crude_data"] and "Comtrade" in r.provenance["crude_data"]
    rr = r.tables["crude_rerouting"].set_index("ei_area")
    assert rr.loc["India", "2024 all modes"] > 0.35 and rr.loc["India", "scenario"] == 0.0
    assert rr.loc["displaced", "scenario"] == pytest.approx(0.36, abs=0.01)
    assert rr["scenario"].sum() == pytest.approx(1.0)


def test_cut_share_weights_and_price_response(store: Any) -> None:
    half = services.run_scenario(scenario_from_dict(crude_doc(cut_share=0.5)), store=store)
    full = services.run_scenario(scenario_from_dict(crude_doc()), store=store)
    assert half.values["crude_extra_bill_usd"] == pytest.approx(
        full.values["crude_extra_bill_usd"] / 2, rel=1e-12
    )
    w = services.run_scenario(
        scenario_from_dict(crude_doc(rule="weights", weights={"SAU": 1.0})), store=store
    )
    # all of it from Saudi Arabia at its FY2024-25 unit value (606 US$/t, CASE.md)
    assert w.values["crude_replacement_unit_value_usd_per_t"] == pytest.approx(606, abs=1)
    pr = {"elasticities": "caldara-cavallo-iacoviello-2019", "world_tonnes": 5.0e9,
          "world_source": "test", "lost_share": 0.5}  # fmt: skip
    p = services.run_scenario(scenario_from_dict(crude_doc(price_response=pr)), store=store)
    pi = 0.5 * RUS_T_2425 / 5.0e9 / (0.11 + 0.13)
    assert p.values["crude_world_price_change_pct"] == pytest.approx(100 * pi, rel=1e-12)
    assert p.values["crude_extra_bill_usd"] == pytest.approx(
        full.values["crude_extra_bill_usd"] + p.values["crude_price_effect_usd"], rel=1e-12
    )
    assert any("Caldara" in n for n in p.notes)
    own = pr | {"elasticities": "", "supply_elasticity": 0.11, "demand_elasticity": -0.13,
                "elasticity_source": "Caldara et al. (2019)"}  # fmt: skip
    q = services.run_scenario(scenario_from_dict(crude_doc(price_response=own)), store=store)
    assert q.values["crude_world_price_change_pct"] == pytest.approx(100 * pi, rel=1e-12)


@pytest.mark.parametrize(
    ("doc", "field"),
    [
        (crude_doc(fiscal_year="2024-25"), "crude.fiscal_year"),
        (crude_doc(fiscal_year="FY2024-26"), "crude.fiscal_year"),
        (crude_doc(cut_share=1.5), "crude.cut_share"),
        (crude_doc(rule="weights"), "crude"),
        (crude_doc(weights={"SAU": 1.0}), "crude"),
        (crude_doc(supplier="Russia"), "crude.supplier"),
        (crude_doc(importer="XXX"), "crude.importer"),
        (crude_doc(supplier="IND"), "crude.supplier"),
        (crude_doc(rule="weights", weights={"SAUDI": 1.0}), "crude.weights.SAUDI"),
        (crude_doc(price_response={"world_tonnes": 1e9, "world_source": "x"}), "crude"),
        (
            crude_doc(
                price_response={"elasticities": "nope", "world_tonnes": 1e9, "world_source": "xyz"}
            ),
            "crude",
        ),
        ({"name": "t", "models": ["crude"]}, "crude"),
        ({"name": "t", "models": ["pe"], "crude": crude_doc()["crude"]}, "crude"),
    ],
)
def test_bad_crude_sections_are_typed_errors(doc: dict[str, Any], field: str) -> None:
    with pytest.raises(ScenarioError) as exc:
        scenario_from_dict(doc, where="s.toml")
    assert exc.value.field is not None and exc.value.field.startswith(f"s.toml: {field}")


def test_crude_errors_at_run_time(store: Any) -> None:
    sc = scenario_from_dict(crude_doc(fiscal_year="FY2019-20"))
    with pytest.raises(ScenarioError, match="FY2019-20") as exc:
        services.run_scenario(sc, store=store)
    assert exc.value.field == "crude.fiscal_year"
    sc = scenario_from_dict(crude_doc(importer="CHN"))
    with pytest.raises(ScenarioError, match="CHN") as exc:
        services.run_scenario(sc, store=store)
    assert exc.value.field == "crude.importer"
    sc = scenario_from_dict(crude_doc(rule="weights", weights={"NOR": 1.0}))
    with pytest.raises(ScenarioError) as exc:
        services.run_scenario(sc, store=store)
    assert exc.value.field == "crude.weights"


def test_engine_reads_only_through_inputs() -> None:
    sc = library_scenario("india-halts-russian-crude-2025")
    assert [e.name for e in engines_for(sc)] == ["crude-market"]
    assert "crude-market" in REGISTRY
    with pytest.raises(ScenarioError, match="toy world"):
        run(sc, ToyInputs())


def test_scenario_round_trips_with_the_oil_sections() -> None:
    from tradewinds.scenarios import to_toml
    from tradewinds.scenarios.model import Scenario

    pr = {"elasticities": "kilian-murphy-2014", "world_tonnes": 5.0e9, "world_source": "EI 2025"}
    doc = crude_doc(rule="weights", weights={"SAU": 2.0, "IRQ": 1.0}, price_response=pr)
    doc["models"] = ["crude", "pe"]
    doc["sanctions"] = [{"entry": "us-ofac-rosneft-lukoil", "market": "IND"}]
    sc = scenario_from_dict(doc)
    import tomllib

    back = Scenario.model_validate(tomllib.loads(to_toml(sc)))
    assert back == sc and back.content_hash() == sc.content_hash()


# ----------------------------------------------------------------- sanctions in PE
def sanction_doc(entry: str, market: str = "IND", **kw: Any) -> dict[str, Any]:
    return {"name": "t", "models": ["pe"], "baseline": {"period": "FY2024-25"},
            "sanctions": [{"entry": entry, "market": market, **kw}]}  # fmt: skip


def test_designation_bars_the_firms_share_in_pe(store: Any) -> None:
    sc = scenario_from_dict(sanction_doc("us-ofac-rosneft-lukoil", products=["2709"]))
    r = services.run_scenario(sc, store=store)
    v = r.values
    x = oil_data.india_crude_imports()
    rus = float(x[(x["period"] == "FY2024-25") & (x["source"] == "RUS")]["value_usd"].sum())
    assert v["embargo_barred_share"] == 0.47  # Kpler via Reuters, in the ledger
    assert v["embargo_lost_imports_usd"] == pytest.approx(0.47 * rus, rel=1e-12)
    t = r.tables["embargo_IND_2709"].set_index("supplier")
    assert t.loc["RUS (designated firms)", "m1"] == 0.0
    assert t.loc["RUS", "m0"] == pytest.approx(0.53 * rus, rel=1e-12)
    assert t.loc["RUS", "m1"] > t.loc["RUS", "m0"]  # the rest of Russia's supply gains
    assert "rerouting_RUS" in r.tables
    assert any("Rosneft" in n and "Kpler" in n for n in r.notes)


def test_embargo_market_is_indias_customs_data(store: Any) -> None:
    from tradewinds.scenarios.model import Halt

    sc = library_scenario("india-halts-russian-oil")
    both = Halt(country="IND", imports_from="RUS", products=["2709", "2710"])
    r = services.run_scenario(sc.model_copy(update={"halt": [both]}), store=store)
    x = oil_data.india_crude_imports()
    fy = x[x["period"] == "FY2024-25"]
    mk = r.tables["embargo_IND_2709"]
    assert set(mk["supplier"]) == set(fy["source"])  # every source, no "rest of the world"
    assert mk["m0"].sum() == pytest.approx(fy["value_usd"].sum(), rel=1e-12)
    assert r.values["embargo_lost_imports_usd"] == pytest.approx(
        fy.loc[fy["source"] == "RUS", "value_usd"].sum(), rel=1e-12
    )
    assert any("one world good" in n for n in r.notes)


@pytest.mark.parametrize(
    ("doc", "field"),
    [
        (sanction_doc("us-ofac-rosneft"), "sanctions[0].entry"),
        (sanction_doc("us-price-cap-crude"), "sanctions[0].entry"),
        (sanction_doc("us-secondary-duty-india-russian-oil"), "sanctions[0].entry"),
        (sanction_doc("eu-ban-products-from-russian-crude", "DEU"), "sanctions[0].entry"),
        (sanction_doc("eu-crude-import-ban", "IND"), "sanctions[0].market"),
        (sanction_doc("us-ofac-rosneft-lukoil", "India"), "sanctions[0].market"),
        (sanction_doc("us-ofac-rosneft-lukoil", products=["8703"]), "sanctions[0].products"),
    ],
)
def test_bad_sanctions_sections_are_typed_errors(doc: dict[str, Any], field: str) -> None:
    with pytest.raises(ScenarioError) as exc:
        scenario_from_dict(doc, where="s.toml")
    assert exc.value.field == f"s.toml: {field}"


def test_designation_without_a_stated_share_is_refused(store: Any) -> None:
    sc = scenario_from_dict(sanction_doc("us-ofac-rosneft-lukoil", products=["2710"]))
    with pytest.raises(ScenarioError, match="states no share") as exc:
        services.run_scenario(sc, store=store)
    assert exc.value.field == "sanctions[0].products"


def test_duty_scenario_changes_only_the_25_points(store: Any) -> None:
    r = services.run_scenario("us-secondary-duty-on-india", store=store)
    lines: pd.DataFrame = r.tables["lines"]
    d = (lines["rate1"] - lines["rate0"]).round(12)
    assert set(d.unique()) == {0.0, 0.25}
    ms = r.tables["measures"].set_index("id")
    assert not ms.loc["ieepa-russia-oil-india", "in_baseline"]
    assert ms.loc["ieepa-russia-oil-india", "in_scenario"]
    assert ms["in_baseline"].sum() == ms["in_scenario"].sum() - 1
    v = r.values
    assert v["exports_change_usd"] < 0
    assert (
        v["mc_exports_change_p5_pct"] <= v["exports_change_pct"] <= v["mc_exports_change_p95_pct"]
    )
