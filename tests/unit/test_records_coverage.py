"""Records, coverage and workers on the official series and small frames."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from tradewinds.accounting import bilateral_balance
from tradewinds.accounting.coverage import (
    NO_TRADE,
    NOT_COVERED,
    coverage_kind,
    format_level,
    is_complete,
    mark_not_covered,
    row_complete,
)
from tradewinds.accounting.records import (
    change_since,
    growth_and_records,
    period_ordinal,
    record_check,
)
from tradewinds.accounting.workers import (
    ACCOUNT_RESIDENT,
    ACCOUNT_SHORT_STAY,
    Assumption,
    assumptions_from_mapping,
    beside_goods,
    remittance_per_migrant,
    wage_in_usd,
    worker_remittances,
)
from tradewinds.errors import DataValidationError, ScenarioError
from tradewinds.io.embedded import data_path
from tradewinds.io.readers.knomad import (
    REMITTANCE_FILE,
    STOCK_FILE,
    corridor,
    load_worker_assumptions,
    load_worker_figures,
    migrant_stock_frame,
    read_knomad,
    remittance_frame,
)
from tradewinds.io.readers.national import PARTNERS_FILE, TOTALS_FILE, national_frames


@pytest.fixture(scope="module")
def ind_rus() -> pd.DataFrame:
    flows, _ = national_frames(data_path(*PARTNERS_FILE), data_path(*TOTALS_FILE))
    return bilateral_balance(flows, "IND", "RUS")


def test_record_of_fy2024_25_on_the_official_series(ind_rus: pd.DataFrame) -> None:
    rc = record_check(
        ind_rus, "total_usd", "FY2024-25", complete="coverage", scale=1e9, unit_label=" bn"
    )
    assert rc.is_record is True and rc.rank == 1
    assert (rc.first, rc.last, rc.n_periods) == ("FY2010-11", "FY2025-26", 16)
    assert rc.provisional == ("FY2025-26",)
    assert "68.69 bn) is the highest of FY2010-11 … FY2025-26" in rc.statement
    later = change_since(ind_rus, "total_usd", "FY2024-25", complete="coverage")
    assert list(later["period"]) == ["FY2025-26"] and bool(later["provisional"].iloc[0])
    assert later["change_pct"].iloc[0] == pytest.approx(-12.85, abs=0.01)  # −12.9%
    rc = record_check(ind_rus, "total_usd", "FY2025-26", scale=1e9)
    assert rc.is_record is False and "FY2024-25 was higher" in rc.statement
    rc = record_check(ind_rus, "total_usd", "FY2023-24", scale=1e9)
    assert rc.is_record is True and "beaten since in FY2024-25" in rc.statement


def test_highest_since_only_for_rises(ind_rus: pd.DataFrame) -> None:
    g = growth_and_records(ind_rus, "total_usd", complete="coverage").set_index("period")
    fell = g["growth_pct"] < 0
    assert (g.loc[fell, "highest_since"] == "").all()
    assert g.loc["FY2024-25", "is_record_high"] and not g.loc["FY2025-26", "is_record_high"]
    assert g.loc["FY2025-26", "lowest_since"] == "FY2022-23"
    assert g.loc["FY2019-20", "highest_since"] == "FY2017-18"  # rose, below FY2017-18


def test_partial_dataset_levels_without_trend() -> None:
    f = pd.DataFrame(
        {
            "period": ["FY2022-23", "FY2023-24", "FY2024-25"],
            "v": [65.4, 56.2, 60.6],
            "coverage": "partial",
        }
    )
    g = growth_and_records(f, "v", complete="coverage")
    assert g["growth_pct"].isna().all() and not g["is_record_high"].any()
    assert (g["highest_since"] == "").all()
    g = growth_and_records(f, "v", complete="coverage", allow_partial=True)
    assert g["growth_pct"].iloc[1] == pytest.approx(100 * (56.2 / 65.4 - 1))


def test_gaps_break_comparisons() -> None:
    f = pd.DataFrame({"period": ["FY2020-21", "FY2021-22", "FY2023-24"], "v": [1.0, 2.0, 3.0]})
    g = growth_and_records(f, "v")
    last = g[g["period"] == "FY2023-24"].iloc[0].to_dict()
    assert math.isnan(last["growth_pct"])
    assert not last["is_record_high"]
    assert "gap before FY2023-24" in last["trend_note"]
    assert record_check(f, "v", "FY2023-24").is_record is None
    assert period_ordinal("FY2024-25") == 2024 and period_ordinal("2024-04") == 2024 * 12 + 3


def test_not_covered_is_never_zero() -> None:
    have = pd.DataFrame({"product": ["30049099", "03061720"], "value_usd": [1.0e9, 2.0e9]})
    want = pd.DataFrame({"product": ["30049099", "03061720", "85171300"]})
    partial = mark_not_covered(have, want, "value_usd", on=["product"], complete=False)
    row = partial[partial["product"] == "85171300"].iloc[0].to_dict()
    assert row["status"] == NOT_COVERED and math.isnan(row["value_usd"])
    assert format_level(row["value_usd"], row["status"]) == "not covered"
    assert format_level(1.0e9) == "1.00"
    complete = mark_not_covered(have, want, "value_usd", on=["product"], complete=True)
    row = complete[complete["product"] == "85171300"].iloc[0].to_dict()
    assert row["status"] == NO_TRADE and row["value_usd"] == 0.0


def test_coverage_texts() -> None:
    from tradewinds.io.readers.eidb import PARTIAL_COVERAGE
    from tradewinds.io.readers.national import CHAPTERS_COVERAGE, DGCIS_COVERAGE

    assert not is_complete(PARTIAL_COVERAGE) and coverage_kind(PARTIAL_COVERAGE) == "partial"
    assert is_complete(DGCIS_COVERAGE)
    assert not is_complete(CHAPTERS_COVERAGE)  # says what it does not cover
    assert is_complete("BACI reconciled FOB values, calendar years")
    f = pd.DataFrame({"coverage": ["complete", "partial", None]})
    assert row_complete(f).tolist() == [True, False, False]
    assert row_complete(pd.DataFrame(index=[0]), "PARTIAL coverage").tolist() == [False]


# --------------------------------------------------------------------------- workers


@pytest.fixture(scope="module")
def knomad() -> tuple[pd.DataFrame, pd.DataFrame]:
    return migrant_stock_frame(data_path(*STOCK_FILE)), remittance_frame(
        data_path(*REMITTANCE_FILE)
    )


def test_knomad_2021_corridor(knomad) -> None:  # type: ignore[no-untyped-def]
    m, r = knomad
    c = corridor(m, r, "IND", "RUS").set_index(["measure", "from_", "to"])["value"]
    assert c[("migrant stock", "IND", "RUS")] == 5_696
    assert c[("migrant stock", "RUS", "IND")] == 1_248
    assert c[("remittances", "RUS", "IND")] == pytest.approx(27.1e6, rel=0.01)
    assert c[("remittances", "WLD", "IND")] == pytest.approx(89_375e6, rel=1e-4)
    assert c[("migrant stock", "IND", "WLD")] == 18_130_865
    assert set(m["vintage"]) == {
        "2021 estimates (migrant stocks 2021; remittance matrix 2021, December 2022 version)"
    }
    spec = read_knomad()
    assert spec.kind == "migration" and "2021" in spec.vintage and "ESTIMATES" in spec.coverage


def test_knomad_bad_input(tmp_path) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "s.csv"
    p.write_text("origin,destination,migrants\nIndia,Atlantis,5\n")
    with pytest.raises(DataValidationError) as e:
        migrant_stock_frame(p)
    assert e.value.row == 2 and e.value.column == "destination"
    p.write_text("origin,destination,migrants\nIndia,Russian Federation,5\nIndia,World,9\n")
    with pytest.raises(DataValidationError, match="World column says 9"):
        migrant_stock_frame(p)


def test_worker_remittances_with_sourced_assumptions(knomad, ind_rus) -> None:  # type: ignore[no-untyped-def]
    a = assumptions_from_mapping(load_worker_assumptions())
    wage = wage_in_usd(a["monthly_wage_local"], a["rub_per_usd"])
    assert wage.tag == "D" and wage.value == pytest.approx(866.0)
    w = worker_remittances(a["workers"], wage, a["remitted_share"], a["months"])
    # 56,500 permits × 866 US$ × 12 × 0.4
    assert w.remittances_usd == pytest.approx(56_500 * 866.0 * 12 * 0.4)
    assert w.account == ACCOUNT_SHORT_STAY
    frame = w.to_frame()
    assert frame["source"].str.len().min() > 0 and "remittances" in set(frame["item"])
    both = beside_goods(ind_rus, w)
    row = both[both["period"] == "FY2024-25"].iloc[0].to_dict()
    assert row["goods_balance_usd"] == pytest.approx(-58_930.14e6, abs=1)
    assert row["workers_flow_account"] == ACCOUNT_SHORT_STAY
    assert row["goods_plus_workers_usd"] == pytest.approx(
        row["goods_balance_usd"] + w.remittances_usd
    )
    per = remittance_per_migrant(knomad[0], knomad[1], "IND", "RUS")
    assert per.value == pytest.approx(4_761, rel=0.01) and "KNOMAD" in per.source
    assert (
        worker_remittances(
            a["workers"], wage, a["remitted_share"], a["months"], resident=True
        ).account
        == ACCOUNT_RESIDENT
    )


def test_worker_assumptions_need_sources_and_ranges() -> None:
    with pytest.raises(ScenarioError, match="no source"):
        Assumption("workers", 1000, "persons", "")
    ok = Assumption("x", 1, "u", "s")
    with pytest.raises(ScenarioError, match="remitted share is a fraction"):
        worker_remittances(ok, ok, Assumption("remitted_share", 40, "%", "s"), ok)
    with pytest.raises(ScenarioError, match="needs value and source"):
        assumptions_from_mapping({"workers": {"value": 5}})


def test_published_worker_figures_kept_apart() -> None:
    t = load_worker_figures()
    q = t.set_index("id")
    assert q.loc["rus-ind-quota-2025", "value"] == 71_817
    assert q.loc["rus-ind-1mn-claim-2025", "status"] == "claim denied"
    assert t["source_url"].str.startswith("https://").all() and t["source"].str.len().min() > 10


def test_a_share_beside_its_level_says_not_covered_or_zero() -> None:
    from tradewinds.accounting.coverage import NOT_COVERED, share_of_level

    nan = float("nan")
    assert share_of_level(nan, nan, NOT_COVERED) == NOT_COVERED  # a partial dataset
    assert share_of_level(nan, nan) == NOT_COVERED
    assert share_of_level(nan, 0.0, "no trade recorded") == 0.0  # a complete one
    assert share_of_level(0.272, 1.078e9, "covered") == 0.272
    got = share_of_level(nan, 5.0, "covered")  # a level without a share stays unknown
    assert isinstance(got, float) and got != got


def test_highest_since_says_record_for_a_record() -> None:
    import pandas as pd

    from tradewinds.accounting.records import growth_and_records, highest_since_text

    f = pd.DataFrame({"period": ["2019", "2020", "2021", "2022"], "v": [5.0, 3.0, 4.0, 6.0]})
    got = highest_since_text(growth_and_records(f, "v"))
    assert got == ["", "", "2019", "record"]  # a fall has no "since"; 6 tops every year
    merged = pd.DataFrame({"highest_since": [None, "2019"], "is_record_high": [None, False]})
    assert highest_since_text(merged) == ["", "2019"]  # rows the records did not reach
