"""The BACI reader's one pass (parse → check and total each batch → write): runs and
errors that cross batch boundaries, files in another order than BACI's, and the
totals table equal to sums over the written rows."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from tests.adversarial.store_helpers import make_baci_csv
from tradewinds.errors import DataValidationError
from tradewinds.io.readers import baci, read_baci
from tradewinds.io.store import TradeStore


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches of 64 rows, so that a 12,000-row file crosses many batch boundaries."""
    monkeypatch.setattr(baci, "_BATCH_ROWS", 64)
    monkeypatch.setattr(baci, "_ROW_GROUP_ROWS", 32)


def _totals_from_rows(store: TradeStore, dsid: str) -> pd.DataFrame:
    return store.query(
        f"SELECT year, exporter, importer, min(product) AS product, sum(value_usd) AS v "
        f'FROM "{dsid}/flows" GROUP BY ALL ORDER BY ALL'
    )


def _totals(store: TradeStore, dsid: str) -> pd.DataFrame:
    return store.query(
        f'SELECT year, exporter, importer, product, value_usd AS v FROM "{dsid}/totals" '
        "ORDER BY ALL"
    )


def test_runs_across_batches_total_as_the_rows(tmp_path: Path, small_batches: None) -> None:
    csv = make_baci_csv(tmp_path / "BACI_HS17_Y2022_V202501.csv", 12_000)
    store = TradeStore(tmp_path / "h")
    info = store.ingest(read_baci(csv, dataset_id="b"))
    assert info.rows == 12_000 and info.tables["totals"] == 3  # 5,000 products a pair
    want, got = _totals_from_rows(store, "b"), _totals(store, "b")
    pd.testing.assert_frame_equal(got.drop(columns="v"), want.drop(columns="v"))
    assert (abs(got["v"] - want["v"]) <= 1e-9 * want["v"]).all()
    raw = duckdb.connect().execute(f"SELECT count(*), sum(v) * 1000 FROM read_csv('{csv}')")
    n, total = raw.fetchone() or (0, 0.0)
    assert n == 12_000 and abs(float(got["v"].sum()) - total) <= 1e-9 * total


def test_an_error_deep_in_the_file_names_its_line(tmp_path: Path, small_batches: None) -> None:
    csv = make_baci_csv(tmp_path / "BACI_HS17_Y2022_V202501.csv", 3_000)
    lines = csv.read_text().splitlines()
    lines[2_500] += ",extra"  # line 2,501 (the header is line 1)
    lines[2_800] = lines[2_800].replace(",", ",x", 1)  # after it: not reached
    csv.write_text("\n".join(lines) + "\n")
    store = TradeStore(tmp_path / "h")
    with pytest.raises(DataValidationError) as err:
        store.ingest(read_baci(csv, dataset_id="b"))
    assert err.value.row == 2_501 and "7 fields" in err.value.problem
    assert store.datasets() == []


def test_a_bad_value_after_clean_batches_is_located(tmp_path: Path, small_batches: None) -> None:
    csv = make_baci_csv(tmp_path / "BACI_HS17_Y2022_V202501.csv", 3_000)
    lines = csv.read_text().splitlines()
    t, i, j, k, _, q = lines[2_000].split(",")
    lines[2_000] = ",".join([t, i, j, k, "inf", q])
    csv.write_text("\n".join(lines) + "\n")
    with pytest.raises(DataValidationError) as err:
        TradeStore(tmp_path / "h").ingest(read_baci(csv, dataset_id="b"))
    assert (err.value.row, err.value.column) == (2_001, "v")


def test_a_file_in_another_order_is_checked_exactly(tmp_path: Path, small_batches: None) -> None:
    """Pairs interleaved (a pair starts two runs): totals still right, and a duplicate
    key far from its first row is found with both lines."""
    csv = make_baci_csv(tmp_path / "BACI_HS17_Y2022_V202501.csv", 10_000)
    header, *rows = csv.read_text().splitlines()
    mixed = [r for pair in zip(rows[:5_000], rows[5_000:], strict=True) for r in pair]
    csv.write_text("\n".join([header, *mixed]) + "\n")
    store = TradeStore(tmp_path / "h")
    store.ingest(read_baci(csv, dataset_id="b"))
    want, got = _totals_from_rows(store, "b"), _totals(store, "b")
    pd.testing.assert_frame_equal(got, want, rtol=1e-12)
    dup = tmp_path / "BACI_HS17_Y2022_V202502.csv"
    dup.write_text("\n".join([header, *mixed, mixed[10]]) + "\n")
    with pytest.raises(DataValidationError) as err:
        store.ingest(read_baci(dup, dataset_id="d"))
    assert err.value.row == 10_002 and "first seen at row 12" in err.value.problem


def test_a_write_error_in_the_writer_thread_reaches_the_caller(tmp_path: Path) -> None:
    """The writer thread's error (a full disk) is raised where the pass was called, and
    the checking side does not hang on a full queue."""
    csv = make_baci_csv(tmp_path / "BACI_HS17_Y2022_V202501.csv", 3_000)
    header = baci._read_header(csv)
    con = duckdb.connect()
    reader = con.sql(
        f"SELECT t, i, j, k, v * 1000.0 AS v, q FROM {baci._read_csv_sql(csv, header)}"
    ).to_arrow_reader(64)

    class Full:
        def write_batch(self, batch: object, row_group_size: int) -> None:
            raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space left"):
        baci._check_and_write(reader, Full(), baci._Pass(), str(csv), header, False)


def test_the_flows_file_holds_the_rows_in_the_layout_readers_rely_on(tmp_path: Path) -> None:
    """Every row as parsed (values ×1000, empty quantities NULL, file order); key columns
    dictionary-encoded with statistics and bloom filters (filtered reads skip row groups);
    values byte-stream-split and quantities plain (no dictionary of distinct doubles)."""
    import pyarrow.parquet as pq

    from tradewinds.io.codes import countries

    csv = make_baci_csv(tmp_path / "BACI_HS17_Y2022_V202501.csv", 12_000)
    store = TradeStore(tmp_path / "h")
    store.ingest(read_baci(csv, dataset_id="b"))
    path = store.table_path("b")
    raw = pd.read_csv(csv, dtype={"k": str})
    m = countries().baci_map
    iso = dict(zip(m["baci_code"].astype(int), m["iso3"], strict=True))
    got = pq.read_table(path).to_pandas()
    assert list(got.columns) == ["year", "exporter", "importer", "product", "value_usd", "quantity"]
    assert (got["year"] == raw["t"]).all() and (got["product"] == raw["k"]).all()
    assert (got["exporter"] == raw["i"].map(iso)).all()
    assert (got["importer"] == raw["j"].map(iso)).all()
    assert (got["value_usd"] == raw["v"] * 1000.0).all()
    assert got["quantity"].isna().equals(raw["q"].isna()) and raw["q"].isna().any()
    assert (got["quantity"].dropna() == raw["q"].dropna()).all()
    meta = pq.ParquetFile(path).metadata
    assert meta.num_rows == 12_000
    for g in range(meta.num_row_groups):
        group = meta.row_group(g)
        cols = {group.column(c).path_in_schema: group.column(c) for c in range(meta.num_columns)}
        for key in ("year", "exporter", "importer", "product"):
            assert "RLE_DICTIONARY" in cols[key].encodings
            assert cols[key].is_stats_set and cols[key].bloom_filter_offset is not None
        assert "BYTE_STREAM_SPLIT" in cols["value_usd"].encodings
        assert "RLE_DICTIONARY" not in cols["value_usd"].encodings
        assert "RLE_DICTIONARY" not in cols["quantity"].encodings
