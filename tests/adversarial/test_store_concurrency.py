"""Concurrent processes against one store: an ingest of a 2-million-row BACI file
survives a second ingest (which sweeps) and a query loop started during it; a
SIGKILL in the middle of the big write leaves nothing behind.

Bounded: the file is generated once per module (~1 s), each test runs in seconds.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from tests.adversarial.store_helpers import (
    BackgroundIngest,
    assert_store_consistent,
    make_baci_csv,
    result,
    wait_for,
    worker,
)
from tradewinds.io.store import TradeStore

ROWS = 2_000_000


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("big")
    return make_baci_csv(d / f"BACI_HS17_Y2022_V202501_{ROWS}.csv", ROWS)


@pytest.fixture
def home(_seeded_home: Path, tmp_path: Path) -> Path:
    h = tmp_path / "home"
    shutil.copytree(_seeded_home, h)
    return h


def _query_loop(home: Path, tmp_path: Path) -> tuple[Path, Path, object]:
    stop, go = tmp_path / "stop", tmp_path / "go"
    return stop, go, worker("query-loop", str(home), "world2023", str(stop), str(go))


def test_ingest_paused_with_its_files_written_survives_a_second_ingest_and_readers(
    home: Path, tmp_path: Path, big_csv: Path, fixtures: Path
) -> None:
    stop, go, loop = _query_loop(home, tmp_path)
    with BackgroundIngest(home, csv=big_csv, pause="written", workdir=tmp_path) as big:
        live = [p for p in (home / "tmp").iterdir() if p.is_dir()]
        assert live, "the paused ingest has its files in tmp/"
        go.touch()  # the query loop starts now, during the ingest
        second = worker(
            "ingest",
            str(home),
            str(fixtures / "BACI_HS17_Y2022_V202501_sample.csv"),
            "second",
        )
        assert result(second)["rows"] == 8  # it took the lock and swept …
        assert all(p.exists() for p in live)  # … without touching the live ingest's files
        sweep = worker("sweep", str(home))
        assert not any(str(p) in result(sweep)["removed"] for p in live)
        out = big.wait()
    stop.touch()
    loop_out = result(loop)
    assert out["rows"] == ROWS and not out["skipped"]
    assert loop_out["n_failures"] == 0, loop_out["failures"]
    assert loop_out["ok"] > 0
    store = TradeStore(home)
    assert store.has("big") and store.has("second")
    assert_store_consistent(home)


def test_ingest_running_with_a_second_ingest_and_a_query_loop(
    home: Path, tmp_path: Path, big_csv: Path, fixtures: Path
) -> None:
    stop, go, loop = _query_loop(home, tmp_path)
    go2 = tmp_path / "go2"
    # the second ingest waits (imports done) for the big one to start writing
    second = worker(
        "ingest",
        str(home),
        str(fixtures / "comtrade_ind_rus_monthly.csv"),
        "second",
        env={"TRADEWINDS_FAULT": "start:pause", "TRADEWINDS_FAULT_MARKER": str(go2)},
    )
    wait_for(go2, second)
    with BackgroundIngest(home, csv=big_csv, pause="start", workdir=tmp_path) as big:
        t0 = time.monotonic()
        go.touch()
        go2.unlink()  # the second ingest goes on while …
        big.resume()  # … the big one writes 2 M rows
        assert result(second)["rows"] > 0
        out = big.wait()
        elapsed = time.monotonic() - t0
    stop.touch()
    loop_out = result(loop)
    assert out["rows"] == ROWS
    assert loop_out["n_failures"] == 0, loop_out["failures"]
    assert elapsed < 120
    assert_store_consistent(home)


def test_sigkill_during_the_big_write_leaves_nothing(
    home: Path, tmp_path: Path, big_csv: Path
) -> None:
    before = (home / "catalog.json").read_bytes()
    with BackgroundIngest(home, csv=big_csv, pause="start", workdir=tmp_path) as big:
        big.resume()
        work = next(p for p in (home / "tmp").iterdir() if p.is_dir())
        deadline = time.monotonic() + 60
        while not any(work.iterdir()) and time.monotonic() < deadline:
            time.sleep(0.005)  # DuckDB has started the Parquet file
        big.kill()
    assert big.proc.returncode == -9
    assert (home / "catalog.json").read_bytes() == before
    assert_store_consistent(home, swept=False)
    TradeStore(home).sweep()
    assert_store_consistent(home)
