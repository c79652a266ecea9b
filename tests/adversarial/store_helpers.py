"""Helpers for tests that attack the store from other processes.

Public for other test tiers: the dashboard-during-ingest test calls
:class:`BackgroundIngest` (an ingest of a multi-million-row BACI file in another
process, optionally paused at a fault point) and :func:`assert_store_consistent`.

    with BackgroundIngest(home, rows=2_000_000, pause="written") as job:
        ...  # the ingest has written its files and waits: open the dashboard, query …
        job.resume()
        job.wait()  # raises if the ingest failed
    assert_store_consistent(home)
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

WORKER = Path(__file__).with_name("_store_worker.py")


def make_baci_csv(path: Path, rows: int, *, year: int = 2022, seed: float = 0.5) -> Path:
    """A BACI-format CSV of ``rows`` unique keys (real BACI country codes), in BACI order."""
    from tradewinds.io.codes import countries

    codes = sorted(int(c) for c in countries().baci_map["baci_code"] if int(c) != 490)
    con = duckdb.connect()
    con.execute(f"SELECT setseed({seed})")
    con.execute(f"CREATE TABLE c AS SELECT unnest({codes}) AS code")
    con.execute(
        "CREATE TABLE pairs AS SELECT a.code AS i, b.code AS j, "
        "row_number() OVER (ORDER BY CASE WHEN 699 IN (a.code, b.code) THEN 0 ELSE 1 END, "
        "a.code, b.code) - 1 AS n FROM c a, c b WHERE a.code <> b.code"
    )
    per_pair = 5000  # products 010000 … : rows // 5000 pairs
    con.execute(
        f"""COPY (
          SELECT {year} AS t, p.i, p.j, lpad(CAST(10000 + x % {per_pair} AS VARCHAR), 6, '0') AS k,
                 round(random() * 1000, 3) AS v,
                 CASE WHEN random() < 0.1 THEN NULL ELSE round(random() * 100, 3) END AS q
          FROM range({rows}) r(x) JOIN pairs p ON p.n = x // {per_pair}
          ORDER BY x
        ) TO '{path}' (HEADER)"""
    )
    con.close()
    return path


def snapshot(home: Path) -> dict[str, Any]:
    """The catalog bytes and every file under datasets/ (path → size, mtime)."""
    cat = home / "catalog.json"
    files = {}
    for p in sorted((home / "datasets").rglob("*")):
        st = p.stat()
        files[str(p.relative_to(home))] = (
            p.is_dir(),
            0 if p.is_dir() else st.st_size,
            st.st_mtime_ns,
        )
    return {"catalog": cat.read_bytes() if cat.exists() else None, "files": files}


def assert_store_consistent(home: Path, *, swept: bool = True) -> None:
    """0 partial datasets (every registered table readable, row counts as recorded), and,
    when ``swept``, 0 orphans (nothing in tmp/, no unregistered folder in datasets/)."""
    from tradewinds.io.store import TradeStore

    store = TradeStore(home)
    assert store.problems() == {}, store.problems()
    live = set()
    for d in store.datasets():
        live.add(d.path)
        for t, n in d.tables.items():
            got = store.query(f'SELECT count(*) AS n FROM "{d.id}/{t}"')["n"].iloc[0]
            assert got == n, (d.id, t, got, n)
    if swept:
        assert not any((home / "tmp").iterdir()), list((home / "tmp").iterdir())
        versions = {v for ds in (home / "datasets").iterdir() for v in ds.iterdir()}
        assert versions == live, versions ^ live


def worker(*args: str, env: dict[str, str] | None = None, **kw: Any) -> subprocess.Popen[str]:
    """Start ``_store_worker.py ARGS`` in another process."""
    return subprocess.Popen(
        [sys.executable, str(WORKER), *args],
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kw,
    )


def wait_for(path: Path, proc: subprocess.Popen[str] | None = None, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if proc is not None and proc.poll() is not None:
            out, err = proc.communicate()
            raise AssertionError(f"process ended ({proc.returncode}) first: {out}{err}")
        if time.monotonic() > deadline:
            raise AssertionError(f"{path} did not appear in {timeout} s")
        time.sleep(0.01)


def result(proc: subprocess.Popen[str], timeout: float = 120) -> dict[str, Any]:
    """The JSON the worker printed; raises with its stderr if it failed."""
    out, err = proc.communicate(timeout=timeout)
    if proc.returncode != 0:
        raise AssertionError(f"worker exited {proc.returncode}: {err[-3000:]}")
    return dict(json.loads(out.strip().splitlines()[-1]))


@dataclass
class BackgroundIngest:
    """An ingest of a generated BACI file in another process (a context manager).

    ``pause``: a fault point (e.g. "written") where the ingest waits until
    :meth:`resume`; None runs straight through. ``csv``: reuse a file instead of
    generating ``rows`` rows.
    """

    home: Path
    rows: int = 2_000_000
    dataset_id: str = "big"
    pause: str | None = None
    csv: Path | None = None
    workdir: Path | None = None

    def __enter__(self) -> BackgroundIngest:
        work = self.workdir or self.home.parent
        self.marker = work / f"fault-{self.dataset_id}.marker"
        self.marker.unlink(missing_ok=True)
        if self.csv is None:
            self.csv = make_baci_csv(work / f"BACI_HS17_Y2022_V202501_{self.rows}.csv", self.rows)
        env = {"TRADEWINDS_FAULT_MARKER": str(self.marker)}
        if self.pause:
            env["TRADEWINDS_FAULT"] = f"{self.pause}:pause"
        self.proc = worker("ingest", str(self.home), str(self.csv), self.dataset_id, env=env)
        if self.pause:
            wait_for(self.marker, self.proc)
        return self

    def resume(self) -> None:
        self.marker.unlink(missing_ok=True)

    def wait(self, timeout: float = 300) -> dict[str, Any]:
        self.resume()
        return result(self.proc, timeout)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=30)

    def __exit__(self, *exc: object) -> None:
        self.resume()
        if self.proc.poll() is None:
            try:
                self.proc.wait(timeout=300 if exc[0] is None else 5)
            except subprocess.TimeoutExpired:
                self.kill()
        if self.proc.stdout:
            self.proc.stdout.close()
        if self.proc.stderr:
            self.proc.stderr.close()
