"""Official national statistics (DGCI&S partner table) and India–world chapters: the
embedded data give the case's figures; bad files are refused naming row and column."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from tradewinds.accounting import bilateral_balance
from tradewinds.errors import DataValidationError, UnknownCodeError
from tradewinds.io.embedded import data_path
from tradewinds.io.readers.national import (
    CHAPTER_TOTALS_FILE,
    CHAPTERS_FILE,
    PARTNERS_FILE,
    TOTALS_FILE,
    chapter_frames,
    covered_periods,
    national_frames,
    read_national,
    read_national_chapters,
    rounding_tolerance_usd,
)
from tradewinds.io.schema import FLOW_COLUMNS, OFFICIAL_FLOW_COLUMNS


@pytest.fixture(scope="module")
def official() -> tuple[pd.DataFrame, pd.DataFrame]:
    return national_frames(data_path(*PARTNERS_FILE), data_path(*TOTALS_FILE))


def _row(b: pd.DataFrame, period: str) -> dict[str, Any]:
    return {str(k): v for k, v in b[b["period"] == period].iloc[0].items()}


def test_embedded_partner_table_gives_the_case_figures(official) -> None:  # type: ignore[no-untyped-def]
    flows, totals = official
    assert list(flows.columns) == list(OFFICIAL_FLOW_COLUMNS)
    assert set(FLOW_COLUMNS) <= set(flows.columns)
    assert len(flows) == 2 * 242 * 16 and len(totals) == 16
    assert flows["period"].min() == "FY2010-11" and flows["period"].max() == "FY2025-26"
    assert set(flows["freq"]) == {"FY"} and set(flows["fy_start_month"]) == {4}
    rus = bilateral_balance(flows, "IND", "RUS")
    r = _row(rus, "FY2024-25")
    # US$ mn in the file → US$ here; ±0.001 bn is the check, the data are exact
    assert r["exports_usd"] == pytest.approx(4_881.30e6, abs=1)
    assert r["imports_usd"] == pytest.approx(63_811.44e6, abs=1)
    assert r["total_usd"] == pytest.approx(68_692.74e6, abs=1)
    assert r["balance_usd"] == pytest.approx(-58_930.14e6, abs=1)
    assert not r["provisional"] and r["coverage"] == "complete"
    r = _row(rus, "FY2025-26")
    assert r["provisional"]
    assert (r["exports_usd"], r["imports_usd"]) == pytest.approx((4_493.51e6, 55_369.62e6), abs=1)
    usa = bilateral_balance(flows, "IND", "USA")
    assert _row(usa, "FY2024-25")["exports_usd"] == pytest.approx(86_514.28e6, abs=1)
    assert _row(usa, "FY2025-26")["exports_usd"] == pytest.approx(87_316.01e6, abs=1)
    assert "DGCI&S" in str(r["source"])
    # the office's spellings are kept beside the codes
    are = flows[(flows["importer"] == "ARE") & (flows["period"] == "FY2024-25")]
    assert are["partner_label"].iloc[0] == "U ARAB EMTS"
    assert set(flows.loc[flows["partner_label"] == "UNSPECIFIED", "importer"]) <= {"XNS", "IND"}


def test_provisional_only_the_last_year(official) -> None:  # type: ignore[no-untyped-def]
    flows, totals = official
    prov = sorted(flows.loc[flows["provisional"], "period"].unique())
    assert prov == ["FY2025-26"]
    assert totals.set_index("period").loc["FY2025-26", "provisional"]


def test_dataset_spec_and_store(tmp_path: Path) -> None:
    from tradewinds.io.store import TradeStore

    spec = read_national()
    assert spec.kind == "official" and spec.id == "india-tradestat"
    assert "complete" in spec.coverage and "provisional" in spec.coverage
    store = TradeStore(tmp_path)
    info = store.ingest(spec)
    assert info.tables == {"flows": 7744, "totals": 16}
    f = store.read("india-tradestat", where="importer = ? OR exporter = ?", params=["RUS", "RUS"])
    b = bilateral_balance(f, "IND", "RUS")
    assert _row(b, "FY2024-25")["total_usd"] == pytest.approx(68_692.74e6, abs=1)
    assert bool(_row(b, "FY2025-26")["provisional"])
    assert store.ingest(read_national()).skipped  # same content: a no-op


def test_chapters_world_dataset_and_its_coverage() -> None:
    flows = chapter_frames(data_path(*CHAPTERS_FILE), data_path(*CHAPTER_TOTALS_FILE))
    assert len(flows) == 490
    assert set(flows["exporter"]) | set(flows["importer"]) == {"IND", "WLD"}
    x = flows[(flows["exporter"] == "IND") & (flows["period"] == "FY2024-25")]
    assert x["value_usd"].sum() == pytest.approx(437_704.58e6, abs=0.05e6)
    assert x.set_index("product").loc["30", "value_usd"] == pytest.approx(24_577.81e6, abs=1)
    cov = covered_periods(flows).set_index(["period", "flow"])["covered"]
    assert not cov.loc[("FY2025-26", "imports")]  # not covered: absent, never zero
    assert cov.loc[("FY2025-26", "exports")] and cov.loc[("FY2023-24", "imports")]
    spec = read_national_chapters()
    assert spec.kind == "official" and "NOT COVERED" in spec.coverage


# --------------------------------------------------------------------------- bad input


def _write(tmp_path: Path, rows: list[str], name: str = "p.csv") -> Path:
    p = tmp_path / name
    p.write_text("\n".join(rows) + "\n")
    return p


HEADER = "fiscal_year,partner,export_usd_mn,import_usd_mn,provisional"
GOOD = [
    HEADER,
    "2023-24,RUSSIA,4261.62,61431.24,False",
    "2023-24,U ARAB EMTS,35000,48000,False",
    "2024-25,RUSSIA,4881.30,63811.44,False",
    "2024-25,U ARAB EMTS,36000,63000,False",
    "2025-26,RUSSIA,4493.51,55369.62,True",
    "2025-26,U ARAB EMTS,37000,60000,True",
]


def test_small_file_reads_and_maps_dgcis_spellings(tmp_path: Path) -> None:
    flows, tot = national_frames(_write(tmp_path, GOOD))
    assert set(flows["importer"]) - {"IND"} == {"RUS", "ARE"}
    assert tot.empty  # no totals file: nothing to check against


@pytest.mark.parametrize(
    "line,row,column,words",
    [
        ("2024-25,Atlantis,1,2,False", 4, "partner", "unknown country 'Atlantis'"),
        ("2024-25,RUSSIA,-4881.30,63811.44,False", 4, "export_usd_mn", "negative"),
        ("2024-25,RUSSIA,inf,63811.44,False", 4, "export_usd_mn", "not a finite number"),
        ("2024-25,RUSSIA,4881.30,nan,False", 4, "import_usd_mn", "not a number"),
        ("2024-25,RUSSIA,4881.30,,False", 4, "import_usd_mn", "empty"),
        ("2024-25,RUSSIA,4 881 bn,1,False", 4, "export_usd_mn", "not a number"),
        ("2023-27,RUSSIA,4881.30,63811.44,False", 4, "fiscal_year", "not one year"),
        ("2024-25,RUSSIA,4881.30,63811.44,maybe", 4, "provisional", "True or False"),
    ],
)
def test_bad_values_name_row_and_column(
    tmp_path: Path, line: str, row: int, column: str, words: str
) -> None:
    rows = list(GOOD)
    rows[3] = line
    with pytest.raises(DataValidationError) as e:
        national_frames(_write(tmp_path, rows))
    assert e.value.row == row and e.value.column == column
    assert words in str(e.value)
    if "Atlantis" in line:
        assert isinstance(e.value, UnknownCodeError)


def test_missing_year_is_refused(tmp_path: Path) -> None:
    rows = [r for r in GOOD if not r.startswith("2024-25")]
    with pytest.raises(DataValidationError, match=r"FY2024-25 missing") as e:
        national_frames(_write(tmp_path, rows))
    assert e.value.column == "fiscal_year"


def test_partner_missing_from_a_year_is_refused(tmp_path: Path) -> None:
    rows = [r for r in GOOD if r != "2024-25,U ARAB EMTS,36000,63000,False"]
    with pytest.raises(
        DataValidationError, match=r"'U ARAB EMTS' \(ARE\) has no row for FY2024-25"
    ):
        national_frames(_write(tmp_path, rows))


def test_two_spellings_of_one_partner_in_a_year(tmp_path: Path) -> None:
    rows = [*GOOD, "2024-25,UAE,1,1,False"]
    with pytest.raises(DataValidationError, match="ARE appears twice in FY2024-25") as e:
        national_frames(_write(tmp_path, rows))
    assert e.value.row == 8


def test_provisional_flags_must_be_whole_years_and_last(tmp_path: Path) -> None:
    rows = list(GOOD)
    rows[2] = "2023-24,U ARAB EMTS,35000,48000,True"
    with pytest.raises(DataValidationError, match="provisional on some rows"):
        national_frames(_write(tmp_path, rows))
    rows = [
        r.replace("2023-24", "2023-24").replace(",False", ",True") if r.startswith("2023") else r
        for r in GOOD
    ]
    with pytest.raises(DataValidationError, match="a later year is final"):
        national_frames(_write(tmp_path, rows))


def test_totals_must_match_partner_sums(tmp_path: Path) -> None:
    p = _write(tmp_path, GOOD)
    t = _write(
        tmp_path,
        [
            "fiscal_year,export_usd_mn,import_usd_mn,provisional",
            "2023-24,39261.62,109431.24,False",
            "2024-25,40881.30,126811.44,False",
            "2025-26,41493.51,115369.62,True",
        ],
        "t.csv",
    )
    _, tot = national_frames(p, t)
    assert len(tot) == 3
    bad = _write(
        tmp_path,
        [
            "fiscal_year,export_usd_mn,import_usd_mn,provisional",
            "2023-24,39261.62,109431.24,False",
            "2024-25,40881.30,126811.44,False",
            "2025-26,41493.51,115370.62,True",  # 1.00 US$ mn more than the partners
        ],
        "t2.csv",
    )
    with pytest.raises(DataValidationError, match=r"FY2025-26 imports: partners add up to") as e:
        national_frames(p, bad)
    assert e.value.row == 4 and e.value.column == "import_usd_mn"


def test_rounding_tolerance() -> None:
    # 242 partners rounded to the cent: at most (242 + 1) × 0.005 US$ mn apart
    assert rounding_tolerance_usd(242) == pytest.approx(1.215e6)


def test_the_shared_file_reads_too() -> None:
    shared = Path("/work/shared/data/india-tradestat-partners-fy")
    if not shared.is_dir():
        pytest.skip("the shared data folder is not on this machine")
    flows, _ = national_frames(
        shared / "india_trade_by_partner_fy.csv", shared / "india_trade_totals_fy.csv"
    )
    assert len(flows) == 7744


def test_gzip_embedded_is_deterministic() -> None:
    # the build writes gzip with mtime 0: the store's content hash is stable across rebuilds
    with data_path(*PARTNERS_FILE).open("rb") as fh:
        header = fh.read(10)
    assert header[4:8] == b"\x00\x00\x00\x00"
    with gzip.open(data_path(*PARTNERS_FILE), "rt") as fh:
        assert (
            fh.readline().strip() == "fiscal_year,partner,export_usd_mn,import_usd_mn,provisional"
        )
