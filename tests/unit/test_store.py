"""The store's own promises, in one process: catalog, sweep, repair, locks, fast reads."""

from __future__ import annotations

import json
import os
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
from filelock import FileLock

from tradewinds.accounting.balance import goods_totals
from tradewinds.errors import DataValidationError, StoreError, UnknownCodeError
from tradewinds.io.readers import read_baci, read_comtrade
from tradewinds.io.schema import FLOW_COLUMNS, conform
from tradewinds.io.store import CATALOG, DatasetSpec, TradeStore, frame_hash, write_frames

SAMPLE = "BACI_HS17_Y2022_V202501_sample.csv"


def _spec(dsid: str, values: list[float]) -> DatasetSpec:
    frame = conform(
        pd.DataFrame(
            {
                "period": "2023",
                "freq": "A",
                "year": 2023,
                "exporter": "IND",
                "importer": "RUS",
                "product": [f"{n:06d}" for n in range(len(values))],
                "value_usd": values,
                "flow_reporter": "IND",
                "source": "test",
                "vintage": "t",
            }
        ),
        FLOW_COLUMNS,
    )
    frames = {"flows": frame}
    return DatasetSpec(
        id=dsid,
        kind="flows",
        source="test",
        vintage="t",
        content_hash=frame_hash(frames),
        write=write_frames(frames),
    )


def _files(home: Path) -> set[str]:
    return {
        str(p.relative_to(home))
        for p in (home / "datasets").rglob("*")
        if p.is_file() or (p.is_dir() and not any(p.iterdir()))
    } | {str(p.relative_to(home)) for p in (home / "tmp").iterdir()}


def test_catalog_is_json_and_opening_writes_nothing(tmp_path: Path) -> None:
    home = tmp_path / "h"
    s = TradeStore(home)
    assert s.datasets() == [] and not (home / CATALOG).exists()  # reading made no catalog
    s.ingest(_spec("a", [1.0, 2.0]))
    doc = json.loads((home / CATALOG).read_text())
    assert doc["format"] == "tradewinds-catalog/1" and set(doc["datasets"]) == {"a"}
    entry = doc["datasets"]["a"]
    assert entry["path"].startswith("datasets/a/") and entry["sizes"]["flows"] > 0
    # leftovers of a killed writer: opening and reading never removes them
    (home / "tmp" / "deadbeef0000-x").mkdir()
    (home / "datasets" / "a" / "0123456789abcdef").mkdir()
    before = _files(home)
    s2 = TradeStore(home)
    assert [d.id for d in s2.datasets()] == ["a"]
    assert s2.read("a")["value_usd"].sum() == 3.0
    assert _files(home) == before
    removed = s2.sweep()
    assert {p.name for p in removed} == {"deadbeef0000-x", "0123456789abcdef"}
    assert not any((home / "tmp").iterdir())


def test_sweep_spares_a_live_ingest(tmp_path: Path) -> None:
    s = TradeStore(tmp_path / "h")
    tmp = s.home / "tmp"
    live = FileLock(str(tmp / "aaaaaaaaaaaa-live.lock"))
    live.acquire()
    try:
        (tmp / "aaaaaaaaaaaa-live").mkdir()
        (tmp / "aaaaaaaaaaaa-live" / "flows.parquet").write_bytes(b"x")
        (tmp / "aaaaaaaaaaaa-live.damaged").mkdir()
        # a dead owner's lock file and folder, and an ownerless folder
        (tmp / "bbbbbbbbbbbb-dead.lock").touch()
        (tmp / "bbbbbbbbbbbb-dead").mkdir()
        (tmp / "cccccccccccc-none").mkdir()
        s.ingest(_spec("x", [1.0]))  # every write sweeps
        names = {p.name for p in tmp.iterdir()}
        assert names == {"aaaaaaaaaaaa-live", "aaaaaaaaaaaa-live.lock", "aaaaaaaaaaaa-live.damaged"}
    finally:
        live.release()
    s.sweep()
    assert not any(tmp.iterdir())


def test_registered_dataset_without_files_is_reported_then_repaired(
    store: TradeStore, fixtures: Path
) -> None:
    spec = read_baci(fixtures / SAMPLE, dataset_id="b")
    info = store.ingest(spec)
    info.table_path("flows").unlink()
    fresh = TradeStore(store.home)
    with pytest.raises(StoreError) as e:
        fresh.read("b")
    msg = str(e.value)
    assert "'b' is registered but its file" in msg and "missing" in msg
    assert "Fix:" in msg and "--replace" in msg and "tradewinds data remove b" in msg
    assert set(fresh.problems()) == {"b"}
    again = fresh.ingest(read_baci(fixtures / SAMPLE, dataset_id="b"))
    assert not again.skipped and again.repaired  # never "unchanged (same content hash)"
    assert len(fresh.read("b")) == 8 and fresh.problems() == {}
    # a truncated file (size differs from the catalog's) is damage too
    p = again.table_path("flows")
    p.write_bytes(p.read_bytes()[:-10])
    assert "bytes" in fresh.problems()["b"]
    assert fresh.ingest(read_baci(fixtures / SAMPLE, dataset_id="b"), replace=True).repaired
    assert len(fresh.read("b")) == 8


def test_replace_swaps_and_removes_the_old_version(tmp_path: Path) -> None:
    s = TradeStore(tmp_path / "h")
    a = s.ingest(_spec("d", [1.0]))
    with pytest.raises(StoreError, match="--replace"):
        s.ingest(_spec("d", [5.0]))
    b = s.ingest(_spec("d", [5.0]), replace=True)
    assert a.path != b.path and not a.path.exists()
    assert s.read("d")["value_usd"].tolist() == [5.0]
    assert [p.name for p in (s.home / "datasets" / "d").iterdir()] == [b.path.name]
    assert s.ingest(_spec("d", [5.0])).skipped


def test_unknown_dataset_names_a_real_command(tmp_path: Path) -> None:
    s = TradeStore(tmp_path / "h")
    with pytest.raises(UnknownCodeError) as e:
        s.info("nope")
    assert "tradewinds data ingest" in str(e.value)
    s.ingest(_spec("world-x", [1.0]))
    for name, words in (("world-y", "did you mean 'world-x'"), ("zzz", "tradewinds data list")):
        with pytest.raises(UnknownCodeError) as e:
            s.read(name)
        assert words in str(e.value)
        assert "codes dataset" not in str(e.value)


def test_writer_lock_times_out_with_a_typed_error(tmp_path: Path) -> None:
    s = TradeStore(tmp_path / "h", lock_timeout=0.2)
    s.ingest(_spec("k", [1.0]))
    other = FileLock(str(s.home / "store.lock"))
    other.acquire()
    try:
        with pytest.raises(StoreError, match="TRADEWINDS_LOCK_TIMEOUT"):
            s.remove("k")
        with pytest.raises(StoreError, match="another tradewinds process"):
            s.ingest(_spec("k2", [1.0]))
        assert s.read("k")["value_usd"].tolist() == [1.0]  # readers take no lock
    finally:
        other.release()
    assert not any((s.home / "tmp").iterdir())
    s.remove("k")
    assert not s.has("k") and not (s.home / "datasets" / "k").exists()


def test_lock_timeout_setting(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TRADEWINDS_LOCK_TIMEOUT", "2.5")
    assert TradeStore(tmp_path / "h").lock_timeout == 2.5
    monkeypatch.setenv("TRADEWINDS_LOCK_TIMEOUT", "soon")
    with pytest.raises(DataValidationError, match="TRADEWINDS_LOCK_TIMEOUT"):
        TradeStore(tmp_path / "h")


def test_legacy_duckdb_catalog_is_migrated(tmp_path: Path) -> None:
    home = tmp_path / "h"
    s = TradeStore(home)
    info = s.ingest(_spec("old", [2.0, 3.0]))
    (home / CATALOG).unlink()
    con = duckdb.connect(str(home / "catalog.duckdb"))
    con.execute(
        "CREATE TABLE datasets (id VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, source VARCHAR "
        "NOT NULL, vintage VARCHAR NOT NULL, description VARCHAR, coverage VARCHAR, rows BIGINT "
        "NOT NULL, content_hash VARCHAR NOT NULL, tables VARCHAR NOT NULL, path VARCHAR NOT "
        "NULL, reader VARCHAR, origin VARCHAR, ingested_at TIMESTAMP NOT NULL, "
        "tradewinds_version VARCHAR, virtual VARCHAR)"
    )
    con.execute(
        "INSERT INTO datasets VALUES ('old', 'flows', 'test', 't', '', '', 2, ?, "
        """'{"flows": 2}', ?, '', '', TIMESTAMP '2025-01-01 00:00:00', '0.1.0', '{}')""",
        [info.content_hash, str(info.path.relative_to(home))],
    )
    con.close()
    s2 = TradeStore(home)
    assert [d.id for d in s2.datasets()] == ["old"]
    assert s2.read("old")["value_usd"].sum() == 5.0
    assert (home / CATALOG).exists() and (home / "catalog.duckdb.migrated").exists()
    assert not (home / "catalog.duckdb").exists()


def test_reads_are_cached_until_the_catalog_changes(tmp_path: Path) -> None:
    s = TradeStore(tmp_path / "h")
    s.ingest(_spec("c", [1.0, 2.0]))
    h1 = s.content_hash()
    assert s.info("c") is s.info("c")  # a dict lookup, no re-read
    other = TradeStore(s.home)
    other.ingest(_spec("c", [4.0]), replace=True)  # another writer
    assert s.content_hash() != h1
    assert s.read("c")["value_usd"].tolist() == [4.0]
    con = s.connect()
    try:
        assert con.execute('SELECT sum(value_usd) FROM "c/flows"').fetchone() == (4.0,)
    finally:
        con.close()
    assert s.query('SELECT count(*) AS n FROM "c/flows"')["n"].iloc[0] == 1
    assert list(s.read("c", columns=["exporter", "value_usd"]).columns) == [
        "exporter",
        "value_usd",
    ]


def test_sum_flows_gives_the_same_goods_totals(store: TradeStore, fixtures: Path) -> None:
    store.ingest(read_comtrade(fixtures / "comtrade_ind_rus_monthly.csv", dataset_id="ct"))
    store.ingest(read_baci(fixtures / SAMPLE, dataset_id="b"))
    for dsid in ("ct", "b", "india-eidb"):
        full = goods_totals(store.read(dsid))
        fast = goods_totals(store.sum_flows(dsid))
        key = ["period", "exporter", "importer", "flow_reporter"]
        a = full.sort_values(key).reset_index(drop=True)
        b = fast.sort_values(key).reset_index(drop=True)
        assert len(store.sum_flows(dsid)) <= len(store.read(dsid))
        pd.testing.assert_frame_equal(a[key], b[key])
        np.testing.assert_allclose(a["value_usd"], b["value_usd"], rtol=1e-12)


def test_write_frames_refuses_infinite_values() -> None:
    frame = pd.DataFrame({"x": [1.0, np.inf]})
    with pytest.raises(DataValidationError) as e:
        write_frames({"t": frame})
    assert e.value.row == 2 and e.value.column == "x"


def test_bad_ids_and_unwritable_home(tmp_path: Path) -> None:
    s = TradeStore(tmp_path / "h")
    with pytest.raises(StoreError, match="not valid"):
        s.ingest(_spec("../x", [1.0]))
    if os.geteuid() == 0:
        return  # root writes anywhere
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    with pytest.raises(StoreError, match="writable"):
        TradeStore(ro / "home")


def _baci(path: Path, rows: list[tuple[int, int, int, str, float]]) -> Path:
    path.write_text("t,i,j,k,v,q\n" + "".join(f"{t},{i},{j},{k},{v},1\n" for t, i, j, k, v in rows))
    return path


@pytest.mark.parametrize("order", ["baci", "shuffled", "group-in-two-runs"])
def test_baci_totals_table_matches_the_rows(order: str, tmp_path: Path) -> None:
    rows = [
        (2022, i, j, f"{k:06d}", float(n + 1))
        for n, (i, j, k) in enumerate(
            (i, j, k) for i in (699, 643, 842) for j in (699, 643, 842) if i != j
            for k in (10121, 30617, 300490)
        )
    ]  # fmt: skip
    if order == "shuffled":
        rows = rows[::2] + rows[1::2]
    elif order == "group-in-two-runs":
        rows = rows[1:] + rows[:1]  # the first pair's first product comes last
    s = TradeStore(tmp_path / "h")
    info = s.ingest(
        read_baci(_baci(tmp_path / "BACI_HS17_Y2022_V202501.csv", rows), dataset_id="b")
    )
    assert info.rows == len(rows) and set(info.tables) == {"flows", "totals"}
    full = goods_totals(s.read("b")).sort_values(["exporter", "importer"]).reset_index(drop=True)
    fast = (
        goods_totals(s.sum_flows("b")).sort_values(["exporter", "importer"]).reset_index(drop=True)
    )
    assert len(fast) == 6
    np.testing.assert_allclose(full["value_usd"], fast["value_usd"], rtol=1e-12)
    pair = s.sum_flows("b", "exporter = ? AND importer = ?", ["IND", "RUS"])
    assert pair["value_usd"].tolist() == [1000.0 * (1 + 2 + 3)]
    assert pair["product"].tolist() == ["010121"] and pair["period"].tolist() == ["2022"]


@pytest.mark.parametrize("where", ["adjacent", "apart"])
def test_baci_duplicates_found_in_any_order(where: str, tmp_path: Path) -> None:
    rows = [(2022, 699, 643, f"{k:06d}", 1.0) for k in (10121, 30617, 300490)]
    rows += [(2022, 699, 842, f"{k:06d}", 1.0) for k in (10121, 30617)]
    dup = (2022, 699, 643, "030617", 2.0)
    rows = [*rows[:2], dup, *rows[2:]] if where == "adjacent" else [*rows, dup]
    p = _baci(tmp_path / "BACI_HS17_Y2022_V202501.csv", rows)
    with pytest.raises(DataValidationError, match="duplicated key") as e:
        TradeStore(tmp_path / "h").ingest(read_baci(p))
    assert e.value.row == (4 if where == "adjacent" else 7)


def test_parquet_files_read_back_with_pyarrow(tmp_path: Path) -> None:
    """The files are plain Parquet for other tools, with the bloom filters and
    statistics that let filtered reads skip row groups."""
    import pyarrow.parquet as pq

    from tests.adversarial.store_helpers import make_baci_csv

    store = TradeStore(tmp_path / "h")
    csv = make_baci_csv(tmp_path / "BACI_HS17_Y2022_V202501.csv", 150_000)
    info = store.ingest(read_baci(csv, dataset_id="b"))
    path = info.table_path("flows")
    t = pq.read_table(path).to_pandas()
    assert t["exporter"].tolist() == store.read("b")["exporter"].tolist()
    assert t["exporter"].str.len().eq(3).all() and len(t) == 150_000
    meta = duckdb.connect().execute(
        "SELECT path_in_schema, bloom_filter_offset IS NOT NULL, "
        "coalesce(stats_min_value, stats_min) IS NOT NULL "
        f"FROM parquet_metadata('{path}') WHERE path_in_schema IN ('exporter', 'importer')"
    )
    assert all(bloom and stats for _, bloom, stats in meta.fetchall())
