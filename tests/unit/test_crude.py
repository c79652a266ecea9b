"""The crude market: embedded data, the measured Russian discount, replacement, the trade-off.

Expected values are pinned to the shipped data (``src/tradewinds/data/oil``), which
carries DGCI&S's figures unchanged: FY2024-25 India imported 87,538,578 t of Russian
crude worth US$ 50,284.72 mn of a total 244,439,947 t worth US$ 143,076.91 mn (DGCI&S /
TradeStat, PETROLEUM: CRUDE, via chandn0/india-trade-dashboard; see PROVENANCE.md).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from tradewinds.errors import DataValidationError, ScenarioError
from tradewinds.io import oil_data
from tradewinds.models import crude

# DGCI&S figures (US$ mn, tonnes) copied from the shipped file, for the expectations below
FY = {
    "FY2023-24": dict(ru_v=46487.55, ru_q=83017886, tot_v=139287.82, tot_q=231463316),
    "FY2024-25": dict(ru_v=50284.72, ru_q=87538578, tot_v=143076.91, tot_q=244439947),
    "FY2025-26": dict(ru_v=40823.05, ru_q=81048520, tot_v=134716.76, tot_q=259792581),
}


def expected_discount(fy: str) -> float:
    f = FY[fy]
    others = (f["tot_v"] - f["ru_v"]) * 1e6 / (f["tot_q"] - f["ru_q"])
    return others - f["ru_v"] * 1e6 / f["ru_q"]


@pytest.fixture(scope="module")
def imports() -> pd.DataFrame:
    return oil_data.india_crude_imports()


@pytest.fixture(scope="module")
def china() -> pd.DataFrame:
    return oil_data.china_crude_imports()


# ----------------------------------------------------------------- data
def test_india_frame_matches_dgcis(imports: pd.DataFrame) -> None:
    ru = imports[(imports["period"] == "FY2024-25") & (imports["source"] == "RUS")].iloc[0]
    assert ru["value_usd"] == pytest.approx(50284.72e6)
    assert ru["tonnes"] == 87538578
    assert ru["unit_value_usd_per_t"] == pytest.approx(574.43, abs=0.005)
    # CASE.md / CPR India: 35.1% by value, 35.8% by volume
    assert ru["value_share"] == pytest.approx(0.3515, abs=5e-5)
    assert ru["volume_share"] == pytest.approx(0.3581, abs=5e-5)
    assert ru["value_share"] * 100 == pytest.approx(ru["value_share_pct_tradestat"], abs=0.006)
    s = imports.groupby("period")[["value_share", "volume_share"]].sum()
    np.testing.assert_allclose(s.to_numpy(), 1.0, rtol=1e-12)
    assert imports.loc[imports["period"] == "FY2025-26", "provisional"].all()
    assert not imports.loc[imports["period"] == "FY2024-25", "provisional"].any()
    # other sources' unit values quoted in CASE.md
    fy = imports[imports["period"] == "FY2024-25"].set_index("source")["unit_value_usd_per_t"]
    assert fy[["SAU", "ARE", "IRQ"]].round(0).tolist() == [606, 627, 563]


def test_totals_side_by_side_are_labelled() -> None:
    t = oil_data.india_crude_totals()
    assert set(t["compiler"]) == {"DGCI&S", "PPAC"}
    assert t["compiler_label"].notna().all()
    w = oil_data.india_crude_totals(wide=True).set_index("period")
    # PPAC Ready Reckoner Table 8.24: FY2024-25 243.2 MMT, US$ 137,174 mn (case: "$137 bn")
    assert w.loc["FY2024-25", "value_usd_ppac"] == 137174e6
    assert w.loc["FY2024-25", "tonnes_ppac"] == pytest.approx(243.2e6)
    assert w.loc["FY2024-25", "value_usd_dgcis"] == pytest.approx(143076.91e6)
    assert w.loc["FY2024-25", "tonnes_dgcis"] == 244439947
    # half-years are kept apart from full years
    half = t[t["coverage"] == "Apr-Sep"]
    assert set(half["period"]) == {"FY2024-25", "FY2025-26"} and (half["compiler"] == "PPAC").all()
    assert bool(w.loc["FY2025-26", "provisional"])


def test_china_and_ei_cross_check() -> None:
    c = oil_data.china_crude_imports()
    ru24 = c[(c["exporter"] == "RUS") & (c["year"] == 2024)]
    ei = oil_data.ei_crude_trade_2024()
    ru_chn = ei[(ei["from_iso3"] == "RUS") & (ei["to_iso3"] == "CHN")]["tonnes"].sum()
    # EI 2024 Russia -> China 108.471331 Mt = China's 12 Comtrade months (PROVENANCE)
    assert ru24["tonnes"].sum() == pytest.approx(ru_chn, rel=1e-4)
    assert c.loc[c["year"] == 2025, "tonnes"].isna().all()  # GACC: values only


def test_frames_are_fresh_copies() -> None:
    a = oil_data.india_crude_imports()
    a.loc[:, "value_usd"] = 0.0
    assert oil_data.india_crude_imports()["value_usd"].sum() > 0


# ----------------------------------------------------------------- discount
@pytest.mark.parametrize("fy", ["FY2023-24", "FY2024-25", "FY2025-26"])
def test_discount_pinned_to_data(imports: pd.DataFrame, fy: str) -> None:
    m = crude.measure_discount(imports, fy)
    assert m.central == pytest.approx(expected_discount(fy), rel=1e-12)
    assert m.estimates[0].method == "india.all_others.vw"
    assert m.low <= m.central <= m.high


def test_discount_fy2024_25_and_larger_fy2023_24(imports: pd.DataFrame) -> None:
    m25 = crude.measure_discount(imports, "FY2024-25")
    m24 = crude.measure_discount(imports, "FY2023-24")
    # Russia 574.43 US$/t against 591.40 for all other sources, volume-weighted
    assert m25.target_unit_value == pytest.approx(574.43, abs=0.005)
    assert m25.benchmark_unit_value == pytest.approx(591.40, abs=0.005)
    assert m25.central == pytest.approx(16.98, abs=0.005)
    assert m24.central == pytest.approx(65.18, abs=0.005)
    assert m24.central > m25.central
    assert m25.per_bbl[0] == pytest.approx(m25.central / 7.33)


def test_china_second_source(imports: pd.DataFrame, china: pd.DataFrame) -> None:
    m = crude.measure_discount(imports, "FY2024-25", china=china)
    c = next(e for e in m.estimates if e.method == "china.others.vw")
    assert "9 of 12 months" in c.coverage  # 2025 rows have no quantities
    assert c.discount_usd_per_t == pytest.approx(21.52, abs=0.01)
    assert m.low <= c.discount_usd_per_t <= m.high
    # FY2025-26: no China quantities, the method drops out
    assert "china.others.vw" not in {
        e.method for e in crude.measure_discount(imports, "FY2025-26", china=china).estimates
    }
    y = crude.china_discounts_by_year(china).set_index("year")
    # PROVENANCE: annual CIF unit values 2023 RUS 565 / SAU 627; 2024 RUS 577 / SAU 609
    assert round(y.loc[2023, "unit_value_RUS_usd_per_t"]) == 565
    assert round(y.loc[2024, "unit_value_SAU_usd_per_t"]) == 609
    assert 2025 not in y.index


def test_trimmed_method_drops_miscoded_rows(imports: pd.DataFrame) -> None:
    m = crude.measure_discount(imports, "FY2023-24")
    t = next(e for e in m.estimates if e.method == "india.all_others.vw_trimmed")
    assert "MYS" in t.coverage  # 1,525 US$/t in FY2023-24
    m = crude.measure_discount(imports, "FY2024-25")
    t = next(e for e in m.estimates if e.method == "india.all_others.vw_trimmed")
    assert "ISR" in t.coverage  # 2 t at 5,000 US$/t


def test_discount_table(imports: pd.DataFrame) -> None:
    t = crude.discount_table(imports).set_index("period")
    assert list(t.index) == ["FY2021-22", "FY2022-23", "FY2023-24", "FY2024-25", "FY2025-26"]
    assert t.loc["FY2024-25", "discount_value_usd"] == pytest.approx(
        expected_discount("FY2024-25") * 87538578
    )
    assert t.loc["FY2021-22", "discount_usd_per_t"] < 0  # before the war: no discount


def test_bad_inputs(imports: pd.DataFrame) -> None:
    with pytest.raises(ScenarioError, match="FY2019-20"):
        crude.measure_discount(imports, "FY2019-20")
    with pytest.raises(DataValidationError, match="tonnes"):
        crude.measure_discount(imports.drop(columns="tonnes"), "FY2024-25")
    with pytest.raises(ScenarioError, match="fiscal-year"):
        crude.fiscal_year_months("2024-25")


# ----------------------------------------------------------------- replacement
def test_stopping_87_5_mt_costs_volume_times_discount(imports: pd.DataFrame) -> None:
    r = crude.replace_supplier(imports, "FY2024-25", cut_share=1.0)
    m = crude.measure_discount(imports, "FY2024-25")
    assert r.tonnes_replaced == 87538578
    expected = 87538578 * m.central
    assert abs(r.extra_bill_usd - expected) <= 1e-9 * expected
    assert r.lost_discount_usd == pytest.approx(expected, rel=1e-12)
    assert r.extra_bill_usd == pytest.approx(1.486e9, rel=1e-3)
    lo, hi = r.extra_bill_band_usd
    assert lo <= r.extra_bill_usd <= hi
    f = r.to_frame()
    # every tonne is re-sourced; the others' volumes grow in proportion
    assert f["tonnes_after"].sum() == pytest.approx(f["tonnes_before"].sum())
    o = f[f["source"] != "RUS"]
    np.testing.assert_allclose(
        o["tonnes_after"] / o["tonnes_before"], o["tonnes_after"].sum() / o["tonnes_before"].sum()
    )


def test_zero_discount_zero_cost() -> None:
    r = crude.simulate_replacement(
        q_target=87.5e6,
        p_target=600.0,
        q_others=np.array([50e6, 30e6]),
        p_others=np.array([600.0, 600.0]),
        cut_share=1.0,
    )
    assert r.discount_usd_per_t == 0.0 and r.extra_bill_usd == 0.0


def test_stated_weights_rule(imports: pd.DataFrame) -> None:
    r = crude.replace_supplier(imports, "FY2024-25", weights={"SAU": 1, "ARE": 1})
    f = r.to_frame().set_index("source")
    p = (f.loc["SAU", "unit_value_usd_per_t"] + f.loc["ARE", "unit_value_usd_per_t"]) / 2
    assert r.replacement_unit_value == pytest.approx(p)
    assert f.loc["IRQ", "tonnes_change"] == 0.0
    with pytest.raises(ScenarioError, match="weights"):
        crude.replace_supplier(imports, "FY2024-25", weights={"NOR": 1})
    with pytest.raises(ScenarioError, match="cut_share"):
        crude.replace_supplier(imports, "FY2024-25", cut_share=1.5)


def test_world_price_response() -> None:
    pr = crude.PriceResponse(world_tonnes=4.0e9, supply_elasticity=0.1, demand_elasticity=-0.1)
    assert pr.price_change(4.0e7) == pytest.approx(0.01 / 0.2)
    r = crude.simulate_replacement(
        q_target=10.0,
        p_target=90.0,
        q_others=np.array([30.0]),
        p_others=np.array([100.0]),
        cut_share=0.5,
        price_response=crude.PriceResponse(
            world_tonnes=1000.0, supply_elasticity=0.05, demand_elasticity=-0.05
        ),
    )
    pi = 0.5 * 10 / 1000 / 0.1
    bill1 = 5 * 90 + 35 * 100
    assert r.world_price_change == pytest.approx(pi)
    assert r.extra_bill_usd == pytest.approx(5 * 10 + pi * bill1)
    named = crude.PriceResponse.published(
        "caldara-cavallo-iacoviello-2019", world_tonnes=4e9, world_source="stated"
    )
    assert (named.supply_elasticity, named.demand_elasticity) == (0.11, -0.13)
    assert "Caldara" in named.source
    with pytest.raises(ScenarioError):
        crude.PriceResponse(world_tonnes=1.0, supply_elasticity=0.0, demand_elasticity=0.0)
    with pytest.raises(ScenarioError):
        crude.PriceResponse.published("nobody", world_tonnes=1.0)


# ----------------------------------------------------------------- the trade-off
def test_fiscal_years() -> None:
    assert crude.fiscal_year_of(date(2025, 8, 27)) == "FY2025-26"
    assert crude.fiscal_year_of(date(2026, 3, 31)) == "FY2025-26"
    assert crude.fiscal_year_of(date(2026, 4, 1)) == "FY2026-27"
    assert crude.fiscal_year_months("FY2024-25")[0] == "2024-04"
    assert crude.fiscal_year_months("FY2024-25")[-1] == "2025-03"


def test_discount_kept_and_tradeoff(imports: pd.DataFrame) -> None:
    k = crude.discount_kept(imports, date(2025, 8, 27))
    assert k.period == "FY2025-26" and k.provisional
    assert k.value_usd == pytest.approx(81048520 * expected_discount("FY2025-26"))
    # a date past the data uses the latest fiscal year
    assert crude.discount_kept(imports, date(2027, 1, 1)).period == "FY2025-26"
    assert crude.discount_kept(imports, date(2025, 8, 27), period="FY2024-25").value_usd == (
        pytest.approx(87538578 * expected_discount("FY2024-25"))
    )
    duty = crude.DutySide(
        duty_usd=3.0e9,
        duty_band_usd=(2.0e9, 4.0e9),
        trade_effect_usd=1.0e9,
        trade_effect_band_usd=(0.5e9, 2.0e9),
        covered_exports_usd=60.2e9,
        model="test",
        source="EO 14329 sec. 2(b)",
    )
    t = crude.oil_tradeoff(k, duty).to_frame()
    assert list(t.columns) == ["as_of", "item", "value_usd", "low_usd", "high_usd", "basis", "unit"]
    net = t.iloc[3]
    assert net["value_usd"] == pytest.approx(k.value_usd - 3.0e9)
    assert net["low_usd"] == pytest.approx(k.value_band_usd[0] - 4.0e9)
    assert net["high_usd"] == pytest.approx(k.value_band_usd[1] - 2.0e9)
    assert (t["low_usd"] <= t["value_usd"]).all() and (t["value_usd"] <= t["high_usd"]).all()
    with pytest.raises(ScenarioError):
        crude.DutySide(1.0, (2.0, 1.0), 0.0, (0.0, 0.0), 0.0)


# ----------------------------------------------------------------- re-routing and mirror
def test_rerouting_shares() -> None:
    t = crude.rerouting_shares(oil_data.russia_crude_destinations())
    s = t.pivot_table(index="ei_area", columns="year", values="share", aggfunc="sum")
    np.testing.assert_allclose(t.groupby("year")["share"].sum(), 1.0)
    assert s.loc["Europe", 2021] > 0.6 and s.loc["Europe", 2024] < 0.13
    assert s.loc["India", 2021] < 0.03 and s.loc["India", 2024] > 0.35
    assert set(t.loc[t["year"] == 2024, "basis"]) == {"all modes"}
    assert set(t.loc[t["year"] < 2024, "basis"]) == {"seaborne"}


def test_mirror_rebuild_of_russia() -> None:
    from tradewinds.accounting.mirror_rebuild import mirror_totals, rebuild_from_partners

    r = rebuild_from_partners(oil_data.crude_import_flows(), "RUS", cif_fob_ratio=1.05)
    assert (r["basis"] == "mirror").all() and (r["direction"] == "exports").all()
    ind = r[(r["period"] == "FY2024-25") & (r["partner"] == "IND")].iloc[0]
    assert ind["reported_by"] == "IND" and ind["valuation"] == "CIF"
    assert ind["value_usd"] == pytest.approx(50284.72e6)
    assert ind["value_usd_fob_est"] == pytest.approx(50284.72e6 / 1.05)
    chn = r[(r["partner"] == "CHN") & r["period"].str.startswith("2024")]
    assert chn["quantity"].sum() == pytest.approx(108.47e6, rel=1e-4)
    tot = mirror_totals(r)
    assert (tot["partners"] == 1).all()
    # a country's own reports never enter its mirror
    flows = oil_data.crude_import_flows()
    assert rebuild_from_partners(flows, "IND").empty
    with pytest.raises(DataValidationError):
        rebuild_from_partners(flows, "RUS", cif_fob_ratio=0.9)


# ----------------------------------------------------------------- the trade-off's parts
def test_tradeoff_periods(imports: pd.DataFrame) -> None:
    assert crude.tradeoff_periods(imports, date(2025, 8, 27)) == ("FY2025-26", "FY2024-25")
    assert crude.tradeoff_periods(imports, date(2025, 3, 31)) == ("FY2024-25", "FY2023-24")
    assert crude.tradeoff_periods(imports, date(2030, 1, 1)) == ("FY2025-26", "FY2024-25")
    assert crude.tradeoff_periods(imports, date(2021, 4, 1)) == ("FY2021-22", None)
    with pytest.raises(ScenarioError) as exc:
        crude.tradeoff_periods(imports, date(2021, 3, 31))
    assert exc.value.field == "as_of"
    # a provisional previous year is not "complete"
    prov = imports.assign(provisional=imports["period"] == "FY2024-25")
    assert crude.tradeoff_periods(prov, date(2025, 8, 27)) == ("FY2025-26", None)


def test_duty_side_from_lines() -> None:
    lines = pd.DataFrame(
        {
            "value_usd": [100.0, 200.0, 50.0],
            "rate0": [0.25, 0.25, 0.0],
            "rate1": [0.5, 0.5, 0.0],  # the third line is exempt
            "rate0_alt": [0.25, 0.25, 0.0],
            "rate1_alt": [0.5, 0.5, 0.25],  # ... but not under the other hs6 rule
            "value_after_usd": [80.0, 150.0, 50.0],
        }
    )
    d = crude.duty_side_from_lines(
        lines, rate=0.25, pe_change_usd=-70.0, pe_base_usd=350.0, pe_band_pct=(-30.0, -10.0),
        exports_total_bn=500e-9,
    )  # fmt: skip
    assert d.duty_usd == pytest.approx(0.25 * 300)
    assert d.duty_band_usd == pytest.approx((0.25 * 230, 0.25 * 350))
    assert d.covered_exports_usd == 300.0
    assert d.trade_effect_usd == 70.0
    assert d.trade_effect_band_usd == pytest.approx((35.0, 105.0))
    assert "70%" in d.source  # 350 of 500
    z = crude.no_duty("not in force")
    assert (z.duty_usd, z.trade_effect_usd, z.rate) == (0.0, 0.0, 0.0)
    with pytest.raises(DataValidationError):
        crude.duty_side_from_lines(lines.drop(columns="rate1_alt"), rate=0.25,
                                   pe_change_usd=0.0, pe_base_usd=1.0)  # fmt: skip


def test_tradeoff_with_the_previous_year_beside(imports: pd.DataFrame) -> None:
    on = date(2025, 8, 27)
    k = crude.discount_kept(imports, on, period="FY2025-26")
    k0 = crude.discount_kept(imports, on, period="FY2024-25")
    duty = crude.DutySide(3.0e9, (2.0e9, 4.0e9), 1.0e9, (0.5e9, 2.0e9), 60.2e9)
    t = crude.oil_tradeoff(k, duty, beside=(k0,)).to_frame().set_index("item")
    assert len(t) == 8
    assert t.loc["discount kept on Russian crude (FY2024-25)", "value_usd"] == k0.value_usd
    assert t.loc["discount kept − duty (FY2024-25)", "low_usd"] == pytest.approx(
        k0.value_band_usd[0] - 4.0e9
    )


def test_rerouting_counterfactual() -> None:
    dest = oil_data.crude_destinations("RUS")
    t = crude.rerouting_counterfactual(dest, area="India", tonnes_cut=40e6).set_index("ei_area")
    base = dest[dest["year"] == 2024]
    assert t["scenario_tonnes"].sum() == pytest.approx(base["tonnes"].sum())
    assert t.loc["displaced", "scenario_tonnes"] == 40e6
    ind = base.loc[base["ei_area"] == "India", "tonnes"].sum()
    assert t.loc["India", "scenario_tonnes"] == pytest.approx(ind - 40e6)
    for col in ("2021 seaborne", "2022 seaborne", "2024 all modes", "scenario"):
        assert t[col].sum() == pytest.approx(1.0)
    # a cut larger than the area's purchases displaces what it bought, no more
    big = crude.rerouting_counterfactual(dest, area="India", tonnes_cut=1e12).set_index("ei_area")
    assert big.loc["India", "scenario_tonnes"] == 0.0
    assert big.loc["displaced", "scenario_tonnes"] == pytest.approx(ind)
    with pytest.raises(ScenarioError):
        crude.rerouting_counterfactual(dest, area="Atlantis", tonnes_cut=1.0)
    assert oil_data.crude_destinations("SAU").empty


def test_mirror_by_partner() -> None:
    from tradewinds.accounting.mirror_rebuild import mirror_by_partner, rebuild_from_partners

    r = rebuild_from_partners(oil_data.crude_import_flows(), "RUS")
    t = mirror_by_partner(r, product="2709")
    assert (t["scope"] == "2709").all() and t["basis"].str.startswith("mirror").all()
    assert t["value_usd"].sum() == pytest.approx(r["value_usd"].sum())
    ind = t[(t["partner"] == "IND") & (t["period"] == "FY2024-25")]
    assert ind["value_usd"].iloc[0] == pytest.approx(50284.72e6)
    assert mirror_by_partner(r.iloc[:0]).empty


def test_crude_import_market() -> None:
    values, period, note = oil_data.crude_import_market("IND", None)  # type: ignore[misc]
    assert period == "FY2024-25"  # the latest complete year
    assert values.sum() == pytest.approx(FY["FY2024-25"]["tot_v"] * 1e6)
    assert values["RUS"] == pytest.approx(FY["FY2024-25"]["ru_v"] * 1e6)
    assert "DGCI&S" in note
    assert oil_data.crude_import_market("CHN", None) is None
    assert oil_data.crude_import_market("IND", "FY2010-11") is None
    with pytest.raises(DataValidationError):
        oil_data.crude_imports_of("CHN")
