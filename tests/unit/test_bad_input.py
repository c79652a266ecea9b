"""Bad input: typed errors naming file, row, column and the fix; the store unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tradewinds.errors import DataValidationError, StoreError, UnknownCodeError
from tradewinds.io.readers import read_baci, read_comtrade, read_eidb
from tradewinds.io.store import TradeStore

GOOD = "t,i,j,k,v,q\n2022,699,643,030617,12.5,1.0\n2022,699,842,300490,7.25,\n"

BACI_CASES = {
    "missing column": ("t,i,j,k,q\n2022,699,643,030617,1.0\n", 1, "v", "missing column"),
    "non-numeric value": (GOOD + "2022,699,643,300490,abc,1\n", 4, "v", "not a number"),
    "unknown country": (GOOD + "2022,699,999,300490,1.0,1\n", 4, "j", "unknown BACI"),
    "duplicated key": (GOOD + "2022,699,643,030617,3.0,1\n", 4, "k", "duplicated key"),
    "HS code wrong length": (GOOD + "2022,699,643,30617,3.0,1\n", 4, "k", "6 digits"),
    "negative value": (GOOD + "2022,699,643,300491,-3.0,1\n", 4, "v", "negative"),
}


@pytest.mark.parametrize("case", list(BACI_CASES))
def test_baci_bad_input(case: str, store: TradeStore, tmp_path: Path) -> None:
    text, row, column, words = BACI_CASES[case]
    p = tmp_path / "BACI_HS17_Y2022_V202501.csv"
    p.write_text(text)
    before = store.content_hash()
    n_before = len(store.datasets())
    with pytest.raises(DataValidationError) as e:
        store.ingest(read_baci(p))
    err = e.value
    assert err.file == str(p)
    assert err.row == row, str(err)
    assert err.column == column
    assert words in str(err)
    assert err.fix  # every error says what to do
    assert store.content_hash() == before
    assert len(store.datasets()) == n_before
    assert not any((store.home / "tmp").iterdir())  # nothing half-written left behind
    if case == "unknown country":
        assert isinstance(err, UnknownCodeError)


EIDB_HEAD = "country,hs8,fy,value_usd_mn\n"
EIDB_CASES = {
    "missing column": ("country,hs8,value_usd_mn\nRUSSIA,03061700,1\n", 1, "fy"),
    "non-numeric value": (
        EIDB_HEAD + "RUSSIA,03061700,2024-25,1.5\nRUSSIA,30049099,2024-25,12 mn\n",
        3,
        "value_usd_mn",
    ),
    "unknown country": (EIDB_HEAD + "ATLANTIS,03061700,2024-25,1\n", 2, "country"),
    "duplicated key": (
        EIDB_HEAD + "RUSSIA,03061700,2024-25,1\nRUSSIA,03061700,2024-25,2\n",
        3,
        "period",
    ),
    "HS code wrong length": (EIDB_HEAD + "RUSSIA,3061700,2024-25,1\n", 2, "hs8"),
    "bad fiscal year": (EIDB_HEAD + "RUSSIA,03061700,2024-26,1\n", 2, "fy"),
}


@pytest.mark.parametrize("case", list(EIDB_CASES))
def test_eidb_bad_input(case: str, tmp_path: Path) -> None:
    text, row, column = EIDB_CASES[case]
    p = tmp_path / "eidb.csv"
    p.write_text(text)
    with pytest.raises(DataValidationError) as e:
        read_eidb(p, dataset_id="x")
    assert e.value.file == str(p)
    assert e.value.row == row
    assert e.value.column == column
    assert "Fix:" in str(e.value)


def test_comtrade_bad_json(tmp_path: Path) -> None:
    p = tmp_path / "c.json"
    p.write_text('{"data": [ {"period": "2024"} ')
    with pytest.raises(DataValidationError, match="not valid JSON"):
        read_comtrade(p)
    p.write_text(
        '{"data": [{"period": "2024", "reporterISO": "IND", "partnerISO": "RUS", '
        '"flowCode": "X", "primaryValue": 5}]}'
    )
    with pytest.raises(DataValidationError, match="cmdCode"):
        read_comtrade(p)


def test_comtrade_bad_period(tmp_path: Path, fixtures: Path) -> None:
    text = (fixtures / "comtrade_ind_rus_monthly.csv").read_text().splitlines()
    header, first = text[0], text[1]
    cols = header.split(",")
    vals = first.split(",")
    vals[cols.index("Period")] = "202413"
    p = tmp_path / "c.csv"
    p.write_text("\n".join([header, first, ",".join(vals)]) + "\n")
    with pytest.raises(DataValidationError) as e:
        read_comtrade(p)
    assert e.value.row == 3 and e.value.column == "Period"


def test_existing_dataset_not_replaced_silently(
    store: TradeStore, fixtures: Path, tmp_path: Path
) -> None:
    store.ingest(read_baci(fixtures / "BACI_HS17_Y2022_V202501_sample.csv", dataset_id="b"))
    p = tmp_path / "BACI_HS17_Y2022_V202501.csv"
    p.write_text(GOOD)
    with pytest.raises(StoreError, match="--replace"):
        store.ingest(read_baci(p, dataset_id="b"))
    info = store.ingest(read_baci(p, dataset_id="b"), replace=True)
    assert info.rows == 2
    versions = list((store.home / "datasets" / "b").iterdir())
    assert len(versions) == 1  # the old version is gone


def test_ingest_is_idempotent(store: TradeStore, fixtures: Path) -> None:
    spec = read_baci(fixtures / "BACI_HS17_Y2022_V202501_sample.csv")
    first = store.ingest(spec)
    h = store.content_hash()
    again = store.ingest(read_baci(fixtures / "BACI_HS17_Y2022_V202501_sample.csv"))
    assert again.skipped and again.content_hash == first.content_hash
    assert store.content_hash() == h


# ---- issue 17: inputs that used to poison the store or end in a traceback


def test_comtrade_unclosed_quote_is_an_error_not_lost_rows(tmp_path: Path, fixtures: Path) -> None:
    lines = (fixtures / "comtrade_ind_rus_monthly.csv").read_text().splitlines(keepends=True)
    p = tmp_path / "c.csv"
    p.write_text("".join(lines[:2]) + '"' + "".join(lines[2:]))  # was: 46 of 54 rows dropped
    with pytest.raises(DataValidationError, match="never closed") as e:
        read_comtrade(p)
    assert e.value.row == 3 and e.value.fix


def test_comtrade_errors_name_the_real_column_and_show_the_text(
    tmp_path: Path, fixtures: Path
) -> None:
    text = (fixtures / "comtrade_ind_rus_monthly.csv").read_text()
    p = tmp_path / "c.csv"
    p.write_text(text.replace(",RUS,Russian Federation,", ",QQQ,Russian Federation,", 1))
    with pytest.raises(UnknownCodeError) as e:
        read_comtrade(p)
    assert e.value.column == "PartnerISO" and e.value.row == 2  # was column 'c'
    rec = {
        "period": "2024", "reporterCode": 699, "partnerCode": "abc", "flowCode": "X",
        "cmdCode": "TOTAL", "primaryValue": 5,
    }  # fmt: skip
    j = tmp_path / "c.json"
    j.write_text(json.dumps({"data": [rec]}))
    with pytest.raises(UnknownCodeError) as e:
        read_comtrade(j)
    assert "'abc'" in str(e.value) and "nan" not in str(e.value)  # was 'nan'
    assert e.value.column == "partnerCode"


@pytest.mark.parametrize(
    ("value", "words"),
    [("-1", "value '-1' is negative"), ("inf", "not a finite number"),
     ("1e400", "not a finite number"), ("Infinity", "not a finite number")],
)  # fmt: skip
def test_eidb_values_shown_as_numbers(value: str, words: str, tmp_path: Path) -> None:
    p = tmp_path / "e.csv"
    p.write_text(EIDB_HEAD + f"RUSSIA,03061700,2024-25,{value}\n")
    with pytest.raises(DataValidationError) as e:
        read_eidb(p, dataset_id="x")
    assert words in str(e.value) and "np.float64" not in str(e.value)
    assert e.value.row == 2 and e.value.column == "value_usd_mn"


@pytest.mark.parametrize(
    ("body", "row", "column", "words"),
    [("", 2, None, "no data rows"),
     ("2022,699,643,030617,inf,1.0\n", 2, "v", "not a finite number"),
     ("2022,699,643,030617,1e306,1.0\n", 2, "v", "overflows"),
     ("2022,699,643,030617,1.0,nan\n", 2, "q", "not a finite number"),
     ("2022,699,643,030617\n", 2, "v", "missing")],
)  # fmt: skip
def test_baci_non_finite_and_empty(
    body: str, row: int, column: str | None, words: str, store: TradeStore, tmp_path: Path
) -> None:
    p = tmp_path / "BACI_HS17_Y2022_V202501.csv"
    p.write_text("t,i,j,k,v,q\n" + body)
    before = store.content_hash()
    with pytest.raises(DataValidationError) as e:
        store.ingest(read_baci(p))
    assert (e.value.row, e.value.column) == (row, column), str(e.value)
    assert words in str(e.value)
    assert store.content_hash() == before


def test_json_shapes_are_typed_errors(tmp_path: Path) -> None:
    p = tmp_path / "c.json"
    for text, words in (
        ("[" * 5000 + "]" * 5000, "nested more than"),
        ("42", "no 'data' list"),
        ("[1, 2]", "record 1 is the number 1"),
    ):
        p.write_text(text)
        with pytest.raises(DataValidationError, match=words):
            read_comtrade(p)
    p.write_bytes('{"data": [{"partnerDesc": "Fédération"}]}'.encode("latin-1"))
    with pytest.raises(DataValidationError, match="not UTF-8") as e:
        read_comtrade(p)
    assert e.value.row == 1 and "iconv" in str(e.value)
