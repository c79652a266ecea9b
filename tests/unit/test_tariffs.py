from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from tradewinds.errors import ScenarioError
from tradewinds.tariffs import TariffMeasure, load_schedule, tariff_exposure
from tradewinds.tariffs.schedule import PrefixSet

D = date(2025, 8, 27)


def test_prefix_matching_exact_and_partial() -> None:
    ps = PrefixSet(("0306", "30049092", "8542"), (None,) * 3)
    cov, part = ps.match(pd.Series(["03061700", "30049092", "300490", "85423100", "2709"]), "exact")
    assert cov.tolist() == [True, True, False, True, False]
    assert part.tolist() == [False, False, True, False, False]  # 300490 is only partly listed


def test_hs6_rule_for_national_codes() -> None:
    s = load_schedule()
    # India's 30049099 is not a US line; 3004.90.92 is exempt in the US: same HS6
    anyr = s.line_rates("IND", ["30049099"], D, match="hs6", hs6_rule="any")
    strict = s.line_rates("IND", ["30049099"], D, match="hs6", hs6_rule="strict")
    assert anyr["effective_rate"].iloc[0] == 0.0 and bool(anyr["partial"].iloc[0])
    assert strict["effective_rate"].iloc[0] == pytest.approx(0.5)


def test_later_amendments_are_date_bound() -> None:
    s = load_schedule()
    # an agricultural line added to the exemptions in Nov 2025 (chapters 01-24 from 13 Nov)
    from tradewinds.io.tariff_data import load_product_list

    later = load_product_list("annex2_amendments_dated")
    ag = later[later["code"].str[:2].astype(int) <= 24]["code"].iloc[0]  # an HTS10 line
    before = s.line_rates("IND", [ag], date(2025, 9, 1), match="exact")
    after = s.line_rates("IND", [ag], date(2025, 12, 1), match="exact")
    assert before["effective_rate"].iloc[0] == pytest.approx(0.5)
    assert after["effective_rate"].iloc[0] < before["effective_rate"].iloc[0]


def test_secondary_tariff_lifts_when_trigger_trade_stops() -> None:
    s = load_schedule()
    live = {m.id for m in s.in_force("IND", D)}
    assert "ieepa-russia-oil-india" in live
    # EO 14329 sec. 7(a): "Russian Federation oil" is crude oil or petroleum products;
    # halting crude alone leaves the duty, halting both lifts it
    crude = {m.id for m in s.in_force("IND", D, halted=[("IND", "RUS", "2709")])}
    assert "ieepa-russia-oil-india" in crude
    both = [("IND", "RUS", "2709"), ("IND", "RUS", "27")]
    assert "ieepa-russia-oil-india" not in {m.id for m in s.in_force("IND", D, halted=both)}


def test_replace_and_embargo() -> None:
    s = load_schedule().with_changes(
        add=[
            TariffMeasure.model_validate(
                {
                    "id": "flat",
                    "name": "flat 5%",
                    "importer": "USA",
                    "exporters": ["IND"],
                    "products": ["03"],
                    "rate": 0.05,
                    "stacking": "replace",
                    "from": "2025-01-01",
                    "source": "test",
                }
            ),
            TariffMeasure.model_validate(
                {
                    "id": "ban",
                    "name": "ban",
                    "importer": "USA",
                    "exporters": ["IND"],
                    "products": ["71"],
                    "kind": "embargo",
                    "from": "2025-01-01",
                    "source": "test",
                }
            ),
        ]
    )
    r = s.line_rates("IND", ["03061700", "71131900"], D).set_index("product")
    assert r.loc["03061700", "effective_rate"] == pytest.approx(0.05)
    assert bool(r.loc["71131900", "banned"]) and bool(r["effective_rate"].isna()["71131900"])
    with pytest.raises(ScenarioError, match="no measure"):
        s.with_changes(remove=["nope"])


def test_exposure_tables_add_up() -> None:
    s = load_schedule()
    trade = pd.DataFrame(
        {
            "product": ["03061700", "30049092", "72085100", "62052000"],
            "value_usd": [10.0, 20.0, 30.0, 40.0],
        }
    )
    e = tariff_exposure(trade, s.line_rates("IND", trade["product"], D))
    assert e.total_usd == 100.0
    assert e.exempt_usd == 20.0
    assert e.by_band["value_usd"].sum() == pytest.approx(100.0)
    assert e.by_chapter["value_usd"].sum() == pytest.approx(100.0)
    fifty = e.by_band.set_index("band").loc["50% and over"]
    assert fifty["value_usd"] == pytest.approx(80.0) and fifty["lines"] == 3


def test_measure_fields_and_program_check() -> None:
    from tradewinds.tariffs.schedule import parse_measure

    raw = {
        "id": "x",
        "name": "x",
        "importer": "USA",
        "products": ["03"],
        "rate": 0.1,
        "program": "ieepa-reciprocal",
        "exempt_exporters": ["CAN"],
        "condition": "only some goods",
        "stacking": "top_up",
        "from": "2025-01-01",
        "source": "test",
    }
    m = parse_measure(raw, "t")
    assert parse_measure(m.model_dump(by_alias=True), "t") == m  # round trip (scenarios)
    assert not m.reaches("CAN") and m.reaches("IND")
    with pytest.raises(ScenarioError, match="rule table"):
        parse_measure({**raw, "program": "s999"}, "t")
    with pytest.raises(ScenarioError, match="ISO3"):
        parse_measure({**raw, "exempt_exporters": ["Canada"]}, "t")


def test_measure_outside_the_rule_table_adds() -> None:
    """A scenario's measure without a program adds to the line (EO 14289 sec. 3(c)); with
    displaced_by = ['section232'] it yields to any 232 duty on the line."""
    extra = TariffMeasure.model_validate(
        {
            "id": "extra",
            "name": "extra 10%",
            "importer": "USA",
            "exporters": ["IND"],
            "rate": 0.10,
            "displaced_by": ["section232"],
            "from": "2025-01-01",
            "source": "test",
        }
    )
    s = load_schedule().with_changes(add=[extra])
    r = s.line_rates("IND", ["03061700", "72085100"], D).set_index("product")
    assert r.loc["03061700", "additional_rate"] == pytest.approx(0.60)
    assert r.loc["72085100", "additional_rate"] == pytest.approx(0.50)


def test_product_list_scope_is_checked(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tradewinds.errors import DataValidationError
    from tradewinds.io import tariff_data

    (tmp_path / "tariffs" / "us2025").mkdir(parents=True)
    (tmp_path / "tariffs" / "us2025" / "bad.csv").write_text(
        "code,effective_from,excluded,scope\n8471,2025-05-03,0,maybe\n"
    )
    monkeypatch.setattr(tariff_data, "data_path", lambda *p: tmp_path.joinpath(*p))
    tariff_data.load_product_list.cache_clear()
    try:
        with pytest.raises(DataValidationError, match="scope"):
            tariff_data.load_product_list("bad")
    finally:
        tariff_data.load_product_list.cache_clear()
