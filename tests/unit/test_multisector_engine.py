"""The multi-sector engine behind the scenario interface: parameters and their errors, shocks,
dated schedules mapped to sectors, sanctions as barred trade, bands, the one-sector view."""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import pytest

from tradewinds import services
from tradewinds.errors import DataValidationError, ScenarioError, UnknownCodeError
from tradewinds.io.icio_data import hs_icio_concordance
from tradewinds.scenarios import library_scenario
from tradewinds.scenarios.engines import REGISTRY, RunOptions
from tradewinds.scenarios.engines.multisector import ENGINE
from tradewinds.scenarios.model import load_scenario, scenario_from_dict, to_toml
from tradewinds.scenarios.runner import run
from tradewinds.tariffs import load_schedule
from tradewinds.tariffs.sector_schedule import FILLED, LineSet, schedule_sector_rates
from tradewinds.tariffs.sectors import WEIGHT_SIMPLE, WEIGHT_TRADE
from tradewinds.testing import ToyInputs, toy_icio

TEST_SCENARIOS = ("icio2022-us-50-all", "icio2022-us-india-50-goods")


def doc(**ms: Any) -> dict[str, Any]:
    """A multi-sector scenario document on the toy world (USA, CHN, MEX, ROW)."""
    p = {
        "shocks": [{"importer": "USA", "exporters": ["CHN"], "sectors": ["goods"], "add": 0.3}],
        **ms,
    }
    return {
        "name": "toy-icio",
        "models": ["ge"],
        "focus": ["USA", "CHN"],
        "ge": {"model": "icio-multisector", "multisector": p},
    }


def run_toy(d: dict[str, Any], **kw: Any) -> Any:
    return run(scenario_from_dict(d), ToyInputs(**kw), RunOptions())


# ------------------------------------------------------------------------------ engine
def test_the_engine_is_one_module_and_one_registry_line() -> None:
    assert REGISTRY["icio-multisector"] is ENGINE
    sc = scenario_from_dict(doc())
    assert ENGINE.applies(sc) and "long run" in ENGINE.horizon


def test_toy_run_gives_the_tables_and_the_summary() -> None:
    res = run_toy(doc())
    c = res.tables["countries"]
    assert list(c.columns[:3]) == ["iso3", "name", "welfare_pct"]
    for col in ("wage_pct", "prices_pct", "tariff_revenue_after", "exports_after",
                "imports_after", "deficit_after"):  # fmt: skip
        assert col in c
    assert {"country_sector", "pair_sector"} <= set(res.tables)
    v = res.values
    assert v["ge_max_residual"] < 1e-10 and v["ge_chn_exports_to_usa_pct"] < 0
    assert v["ge_deficits"].startswith("data deficits")
    assert any("Horizon: long run" in n for n in res.notes)
    assert any("services untaxed" in n for n in res.notes)


def test_services_tariffs_zero_by_default_and_data_on_request() -> None:
    a = run_toy(doc())
    b = run_toy(doc(services_tariffs="data"))
    cs = a.tables["country_sector"]
    assert a.values["ge_usa_welfare_pct"] != b.values["ge_usa_welfare_pct"]
    pa = a.tables["pair_sector"]
    assert (pa.loc[pa["sector"] == "SERV", "tariff_before"] == 0).all()
    pb = b.tables["pair_sector"]
    serv = (pb["sector"] == "SERV") & (pb.exporter != pb.importer)
    assert (pb.loc[serv, "tariff_before"] > 0).all()
    assert len(cs) == 4 * 5


def test_shock_by_sector_with_exceptions_and_rate() -> None:
    res = run_toy(
        doc(shocks=[
            {"importer": "USA", "exporters": ["*"], "sectors": ["goods"],
             "except_sectors": ["C19"], "add": 0.5},
            {"importer": "MEX", "exporters": ["USA"], "sectors": ["C26"], "rate": 0.25},
        ])
    )  # fmt: skip
    p = res.tables["pair_sector"].set_index(["exporter", "importer", "sector"])
    d = toy_icio()
    i, j = d.countries.index("CHN"), d.countries.index("USA")
    assert p.loc[("CHN", "USA", "A01"), "tariff_after"] == pytest.approx(d.t[i, j, 0] + 0.5)
    assert p.loc[("CHN", "USA", "C19"), "tariff_after"] == pytest.approx(d.t[i, j, 2])
    assert p.loc[("CHN", "USA", "SERV"), "tariff_after"] == 0  # services untaxed, not shocked
    assert p.loc[("USA", "MEX", "C26"), "tariff_after"] == pytest.approx(0.25)


@pytest.mark.parametrize("mode", ["fixed", "balanced"])
def test_both_deficit_modes_say_which_baseline(mode: str) -> None:
    res = run_toy(doc(deficits=mode))
    assert res.values["ge_max_residual"] < 1e-10
    assert (res.tables["countries"]["baseline"] == mode).all()
    if mode == "balanced":
        assert any("not the data" in n for n in res.notes)


def test_products_spread_a_shock_by_their_share_of_the_sector() -> None:
    c = hs_icio_concordance()
    c26 = c[(c.hs_version == "HS2022") & (c.icio_sector == "C26")]["hs6"].tolist()
    res = run_toy(
        doc(shocks=[{"importer": "USA", "exporters": ["CHN"], "sectors": ["C26"],
                     "products": c26[:10], "add": 0.5}])
    )  # fmt: skip
    p = res.tables["pair_sector"].set_index(["exporter", "importer", "sector"])
    d = toy_icio()
    added = p.loc[("CHN", "USA", "C26"), "tariff_after"] - d.t[1, 0, 3]
    assert added == pytest.approx(0.5 * 10 / len(c26))


# ------------------------------------------------------------------------------ errors
@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"shocks": [{"importer": "USA", "sectors": ["C99"], "add": 0.1}]},
         "ge.multisector.shocks[0].sectors[0]", "unknown ICIO sector 'C99'"),
        ({"shocks": [{"importer": "USA", "except_sectors": ["C2"], "add": 0.1}]},
         "ge.multisector.shocks[0].except_sectors[0]", "unknown ICIO sector"),
        ({"epsilon_overrides": {"C26": 0.0}}, "ge.multisector.epsilon_overrides", "positive"),
        ({"epsilon_overrides": {"C26": -2.0}}, "ge.multisector.epsilon_overrides", "positive"),
        ({"epsilon_overrides": {"X01": 4.0}}, "ge.multisector.epsilon_overrides.X01", "sector"),
        ({"elasticities": "CPP"}, "ge.multisector.elasticities", "CPP"),
        ({"shocks": [{"importer": "USA", "products": ["999999"], "add": 0.1}]},
         "ge.multisector.shocks[0].products[0]", "not in the HS→ICIO concordance"),
        ({"shocks": [{"importer": "USA", "products": ["85171"], "add": 0.1}]},
         "ge.multisector.shocks[0].products[0]", "six-digit"),
        ({"shocks": [{"importer": "XXX", "add": 0.1}]}, "ge.multisector.shocks[0].importer",
         "XXX"),
        ({"shocks": [{"importer": "USA", "add": 0.1, "rate": 0.2}]}, "ge.multisector.shocks[0]",
         "exactly one"),
        ({"shocks": []}, "ge.multisector", "changes nothing"),
        ({"schedule": {"date": "2025-08-27", "baseline_date": "2025-09-01"}},
         "ge.multisector.schedule", "after date"),
        ({"sanctions": {"date": "2023-02-05", "ids": ["eu-crude-ban"]}},
         "ge.multisector.sanctions.ids[0]", "eu-crude-import-ban"),
    ],
)  # fmt: skip
def test_bad_parameters_name_the_field(change: dict[str, Any], field: str, words: str) -> None:
    d = doc(**change)
    for k, v in change.items():
        if k == "schedule" or k == "sanctions":
            d["ge"]["multisector"][k] = {**v}
            d["ge"]["multisector"]["shocks"] = []
    with pytest.raises(ScenarioError) as e:
        scenario_from_dict(d)
    assert e.value.field is not None and field in e.value.field, e.value.field
    assert words in str(e.value), str(e.value)


def test_a_year_the_data_lack_names_the_field() -> None:
    with pytest.raises(ScenarioError) as e:
        run_toy(doc(year=2019))
    assert e.value.field == "ge.multisector.year" and "2019" in str(e.value)


def test_a_sector_the_data_lack_names_the_field() -> None:
    """C28 is an ICIO sector but not one of the toy world's five."""
    with pytest.raises(ScenarioError) as e:
        run_toy(doc(shocks=[{"importer": "USA", "sectors": ["C28"], "add": 0.1}]))
    assert e.value.field == "ge.multisector.shocks[0].sectors[0]"


def test_an_economy_outside_the_data_points_to_row() -> None:
    with pytest.raises(ScenarioError) as e:
        run_toy(doc(shocks=[{"importer": "USA", "exporters": ["IND"], "add": 0.1}]))
    assert e.value.field == "ge.multisector.shocks[0].exporters[0]" and "ROW" in str(e.value)


def test_montecarlo_parameters_are_checked() -> None:
    with pytest.raises(ScenarioError, match="epsilon_set"):
        scenario_from_dict({**doc(), "montecarlo": {"parameters": {"epsilon_set": "bands"}}})
    with pytest.raises(ScenarioError) as e:
        scenario_from_dict({**doc(), "montecarlo": {"parameters": {"epsilon": "lognormal:4:1"}}})
    assert e.value.field and "montecarlo.parameters" in e.value.field
    world = {"name": "w", "models": ["ge"], "ge": {"model": "ilms2025"},
             "montecarlo": {"parameters": {"epsilon_set": "band"}}}  # fmt: skip
    with pytest.raises(ScenarioError, match="multi-sector"):
        scenario_from_dict(world)
    with pytest.raises(ScenarioError, match="icio-multisector"):
        scenario_from_dict({"name": "w", "models": ["ge"],
                            "ge": {"model": "ilms2025", "multisector": {}}})  # fmt: skip


def test_the_scenario_round_trips_through_toml(tmp_path: Any) -> None:
    for name in ("us-india-2025-08-27-icio", "eu-embargo-2022-2023", TEST_SCENARIOS[1]):
        sc = library_scenario(name)
        p = tmp_path / f"{name}.toml"
        p.write_text(to_toml(sc))
        assert load_scenario(p).content_hash() == sc.content_hash()


# ------------------------------------------------------------------------------ bands
@pytest.mark.parametrize("how", ["band", "draws:0.2", "draws:sets"])
def test_bands_on_the_executors(how: str) -> None:
    d = {**doc(), "montecarlo": {"parameters": {"epsilon_set": how}, "draws": 12, "seed": 3}}
    res = run_toy(d)
    m = res.tables["montecarlo_countries"]
    w = m[m["outcome"] == "welfare_pct"].set_index("iso3")
    lo, hi = ("p0", "p100") if how == "band" else ("p5", "p95")
    assert (w[lo] <= w["median"] + 1e-12).all() and (w["median"] <= w[hi] + 1e-12).all()
    assert res.values["mc_runs"] == (3 if how == "band" else 12)
    if how == "band":
        assert w.at["USA", "point"] == pytest.approx(w.at["USA", "CP"], abs=1e-12)
    again = run_toy(d)
    pd.testing.assert_frame_equal(again.tables["montecarlo_countries"], m)


# ------------------------------------------------------------------------------ schedule
def test_schedule_rates_competitors_exemptions_and_row() -> None:
    c = hs_icio_concordance()
    codes = tuple(c[(c.hs_version == "HS2022") & (c.icio_sector != "")]["hs6"])
    default = LineSet(codes, "HS2022", "all codes")
    own = LineSet(("300490", "851713", "610910", "271019"), "HS2022", "mine",
                  values=(10.0, 30.0, 60.0, 5.0))  # fmt: skip
    r = schedule_sector_rates(
        load_schedule("us2025"), date(2025, 8, 27), ["IND", "CHN", "VNM", "ROW"],
        default=default, lines={"IND": own}, baseline_date=date(2025, 4, 5),
        aggregates={"ROW": {"BRA": 3.0, "NGA": 1.0}},
    )  # fmt: skip
    m = r.mapping.set_index(["exporter", "sector"])
    # India's own weighted lines: pharma (C21) and smartphones (C26) exempt, apparel at 50%
    assert m.loc[("IND", "C21"), "rate"] == 0 and m.loc[("IND", "C21"), "lines_exempt"] == 1
    assert m.loc[("IND", "C26"), "exempt_value_usd"] == 30.0
    assert m.loc[("IND", "C13T15"), "rate"] == pytest.approx(0.5)
    assert m.loc[("IND", "C13T15"), "weighting"] == WEIGHT_TRADE
    assert m.loc[("CHN", "C13T15"), "weighting"] == WEIGHT_SIMPLE
    # competitors at their own rates on the same date
    assert m.loc[("VNM", "C13T15"), "rate"] == pytest.approx(0.20)
    assert m.loc[("CHN", "C13T15"), "rate"] != m.loc[("VNM", "C13T15"), "rate"]
    assert m.loc[("IND", "C13T15"), "rate_baseline"] == pytest.approx(0.10)
    # ROW = members' rates weighted: Brazil 10% (Annex I), Nigeria 15%
    bra = schedule_sector_rates(
        load_schedule("us2025"), date(2025, 8, 27), ["BRA", "NGA"], default=default
    ).mapping.set_index(["exporter", "sector"])
    want = (3 * bra.loc[("BRA", "C13T15"), "rate"] + bra.loc[("NGA", "C13T15"), "rate"]) / 4
    assert m.loc[("ROW", "C13T15"), "rate"] == pytest.approx(want)
    assert {"BRA", "NGA"} == set(r.members["exporter"])


def test_a_line_not_in_the_concordance_names_the_code_and_the_lines() -> None:
    bad = LineSet(("300490", "999999"), "HS2022", "test lines", values=(1.0, 2.0))
    with pytest.raises(UnknownCodeError) as e:
        schedule_sector_rates(load_schedule("us2025"), date(2025, 8, 27), ["IND"],
                              default=bad)  # fmt: skip
    assert e.value.code == "999999" and "test lines" in str(e.value)
    r = schedule_sector_rates(load_schedule("us2025"), date(2025, 8, 27), ["IND"],
                              default=bad, unmapped="collect")  # fmt: skip
    assert any("not in the concordance" in n for n in r.notes)


def test_schedule_scenario_on_the_store(store: Any) -> None:
    res = services.run_scenario("us-india-2025-08-27-icio", store=store)
    m = res.tables["sector_mapping"].set_index(["exporter", "sector"])
    assert m.loc[("IND", "C21"), "rate"] < 0.01  # Annex II pharma, line by line
    assert m.loc[("IND", "C13T15"), "rate"] == pytest.approx(0.5)
    assert m.loc[("IND", "C13T15"), "rate_baseline"] == pytest.approx(0.0)
    assert "india-eidb" in m.loc[("IND", "A01"), "weights_source"]
    assert m.loc[("CHN", "A01"), "weighting"] == WEIGHT_SIMPLE
    assert not m.loc[("IND", "SERV"), "applied"]
    assert res.values["ge_max_residual"] < 1e-10
    o = res.tables["one_sector"].set_index("iso3")
    assert o.at["IND", "avg_rate_date"] > o.at["IND", "avg_rate_baseline"]
    notes = " ".join(res.notes)
    assert "PARTIAL" in notes and "Why the one-sector result differs" in notes
    assert "simple averages" in notes and "chained baseline" in notes


def test_sanctions_scenario_reroutes_russian_crude(store: Any) -> None:
    res = services.run_scenario("eu-embargo-2022-2023", store=store)
    r = res.tables["rerouting"].set_index(["importer", "sector"])
    assert r.at[("DEU", "B06"), "value_pct"] < -99.9  # banned
    assert r.at[("IND", "B06"), "value_pct"] > 0  # re-routed
    v = res.values
    assert v["ge_rus_b06_exports_pct"] < 0 and 0 < v["ge_rus_b06_rerouted_share"] < 1
    s = res.tables["sanctions_shocks"]
    assert set(s.loc[s["in_baseline"], "id"]) == {"us-russian-oil-import-ban"}
    assert s["theta"].max() == pytest.approx(64.85)


def test_designations_skip_what_the_ledger_does_not_state(store: Any) -> None:
    res = services.run_scenario("us-designations-2025-10", store=store)
    assert any("2710 is left out" in n for n in res.notes)
    r = res.tables["rerouting"]
    hit = r[(r["sector"] == "B06") & ~r["domestic"]]
    assert hit["barred_share"].min() == pytest.approx(0.47)  # the same firms, barred once


@pytest.mark.parametrize("name", TEST_SCENARIOS)
@pytest.mark.parametrize("mode", ["fixed", "balanced"])
def test_the_two_test_scenarios_solve_below_1e10(store: Any, name: str, mode: str) -> None:
    sc = library_scenario(name)
    assert sc.ge is not None and sc.ge.multisector is not None
    ms = sc.ge.multisector.model_copy(update={"deficits": mode})
    sc = sc.model_copy(update={"ge": sc.ge.model_copy(update={"multisector": ms})})
    res = services.run_scenario(sc, store=store)
    assert res.values["ge_max_residual"] < 1e-10
    got = [res.values[f"ge_{c}_welfare_pct"] for c in ("usa", "ind", "chn", "rus")]
    # our figures (services untaxed, CP, the data's Teti goods rates), pinned
    want = {
        ("icio2022-us-50-all", "fixed"): PINNED[0],
        ("icio2022-us-50-all", "balanced"): PINNED[1],
        ("icio2022-us-india-50-goods", "fixed"): PINNED[2],
        ("icio2022-us-india-50-goods", "balanced"): PINNED[3],
    }[(name, mode)]
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-7)


PINNED = [  # USA, IND, CHN, RUS welfare %, recorded on this commit's data and code
    [-0.223510492, -0.044324636, -0.124811577, -0.178642607],
    [-0.256693231, -0.086003944, -0.076229475, -0.015896691],
    [-0.012966873, -0.058260312, 0.00118446, -0.004027044],
    [-0.013223029, -0.050567749, 0.0009005, -0.001145106],
]


def test_missing_dataset_names_the_field(store: Any) -> None:
    sc = scenario_from_dict(doc(dataset="icio-2019"))
    with pytest.raises(ScenarioError) as e:
        services.run_scenario(sc, store=store)
    assert e.value.field == "ge.multisector.dataset"


def test_toy_year_error_is_typed() -> None:
    with pytest.raises(DataValidationError):
        ToyInputs().icio("toy", 2019)


def test_hs6_weights_from_an_ingested_baci_file(store: Any, fixtures: Any) -> None:
    """With BACI HS6 in the store, an exporter's sector rates are weighted by its HS6 flows
    into the importer (India → USA in the recorded sample), others stay simple averages."""
    services.ingest(
        "baci", fixtures / "BACI_HS17_Y2022_V202501_sample.csv", dataset_id="baci-s", store=store
    )
    d = doc(shocks=[], schedule={"date": "2025-08-27", "baseline_date": "2025-04-04",
                                 "hs6_weights": "baci-s"})  # fmt: skip
    d["ge"]["multisector"].update(dataset="icio-2022")
    d["focus"] = ["IND", "USA"]
    res = services.run_scenario(scenario_from_dict(d), store=store)
    m = res.tables["sector_mapping"].set_index(["exporter", "sector"])
    ind = m.loc["IND"]
    assert (ind.loc[ind["weighting"] != FILLED, "weights_source"].str.contains("baci-s")).all()
    assert (ind.loc[ind["lines"] > 0, "weighting"] == WEIGHT_TRADE).any()
    assert m.loc[("CHN", "A01"), "weighting"] == WEIGHT_SIMPLE
    assert any("HS6 weights: baci-s" in n for n in res.notes)
    # sectors India's few sample lines do not reach get the simple average, said so
    assert (ind["weighting"] == FILLED).sum() > 20 and len(ind) == 27  # B09 has no HS line
