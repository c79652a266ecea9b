"""Benchmark: BACI ingest and a bilateral balance query, per layer (not a test).

Makes a synthetic BACI-format CSV of N rows (real BACI country codes and HS 2022
6-digit codes, random values), then in the same run:

* peer: DuckDB's own ``COPY (SELECT * FROM read_csv(...)) TO ... (FORMAT parquet,
  COMPRESSION zstd)`` (zstd level 3, DuckDB's default); also timed at
  ``COMPRESSION_LEVEL 1``, the level our pyarrow writer uses (a faster peer, with a
  larger file: the sizes of the three files are recorded);
* tradewinds: ``read_baci`` + ``TradeStore.ingest`` (parse, validate every row, map
  country codes, hash the source, write Parquet, register atomically); peer and
  ours alternate, ``--runs`` times each; wall-clock and CPU medians (CPU time is
  steadier on a shared machine);
* the balance IND–RUS, layer by layer (median of ``--repeats``): raw DuckDB over
  the Parquet file; the store's cached look-ups (info, content hash); the store
  reads (every product row, or :meth:`TradeStore.sum_flows`); accounting on each;
  ``services.balance`` (which reads the store's sums); the layers are timed in turn
  within each repeat, so the machine's load weighs on all alike.

Aims (issue 18): ingest ≥ 0.9× the peer; the balance service ≤ 10 ms. Asserts
correctness: the balance equals a direct DuckDB sum over the CSV. Writes
``benchmarks/results/store.json``.

    python benchmarks/bench_store.py --rows 1000000 3000000 10000000
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

os.environ.setdefault("OMP_NUM_THREADS", "1")


def make_csv(path: Path, n: int) -> None:
    from tradewinds.io.codes import countries, hs_nomenclature

    codes = sorted(set(countries().baci_map["baci_code"]) - {490})
    hs6 = hs_nomenclature().table.query("level == 6")["hscode"].tolist()
    con = duckdb.connect()
    con.execute(f"CREATE TABLE c AS SELECT unnest({codes}) AS code")
    con.execute("CREATE TABLE h AS SELECT unnest(?) AS k", [hs6])
    nh = len(hs6)
    # a unique key per row: product k = x mod nh; pair p = x div nh, pairs in a
    # shuffled order with India–Russia first so that every N holds them
    con.execute(
        """CREATE TABLE pairs AS
           SELECT a.code AS i, b.code AS j,
                  row_number() OVER (ORDER BY
                      CASE WHEN a.code IN (699, 643) AND b.code IN (699, 643) THEN 0 ELSE 1
                      END, hash(a.code * 1000 + b.code)) - 1 AS n
           FROM c a, c b WHERE a.code <> b.code"""
    )
    con.execute(
        f"""COPY (
          SELECT 2022 AS t, p.i, p.j, h.k,
                 round(random() * 1000, 3) AS v,
                 CASE WHEN random() < 0.1 THEN NULL ELSE round(random() * 100, 3) END AS q
          FROM (SELECT range AS x FROM range({n})) r
          JOIN pairs p ON p.n = x // {nh}
          JOIN (SELECT k, row_number() OVER (ORDER BY k) - 1 AS n FROM h) h ON h.n = x % {nh}
          ORDER BY x
        ) TO '{path}' (HEADER)"""
    )
    con.close()


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _interleaved_ms(fns: dict[str, Callable[[], Any]], repeats: int) -> dict[str, float]:
    """Median ms of each function, all of them timed in turn within each repeat."""
    for fn in fns.values():
        fn()  # warm
    lat: dict[str, list[float]] = {k: [] for k in fns}
    for _ in range(repeats):
        for k, fn in fns.items():
            t = time.perf_counter()
            fn()
            lat[k].append(time.perf_counter() - t)
    return {k: 1000 * statistics.median(v) for k, v in lat.items()}


def machine() -> dict[str, Any]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import numpy
    import pandas

    import tradewinds

    return {
        "platform": platform.platform(),
        "cpu": model,
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
        "duckdb": duckdb.__version__,
        "pandas": pandas.__version__,
        "numpy": numpy.__version__,
        "tradewinds": tradewinds.__version__,
        "load_average_at_start": os.getloadavg(),
    }


def bench(n: int, workdir: Path, repeats: int, runs: int) -> dict[str, Any]:
    from tradewinds import services
    from tradewinds.accounting.balance import bilateral_balance
    from tradewinds.io.readers import baci as baci_reader
    from tradewinds.io.readers import read_baci
    from tradewinds.io.store import TradeStore

    csv = workdir / f"BACI_HS22_Y2022_V202501_{n}.csv"
    if not csv.exists():
        t = time.perf_counter()
        make_csv(csv, n)
        print(
            f"  made {csv.name} ({csv.stat().st_size / 1e6:,.0f} MB) in "
            f"{time.perf_counter() - t:.1f} s"
        )
    con = duckdb.connect()
    expected = con.execute(
        f"SELECT sum(CASE WHEN i = 699 AND j = 643 THEN v END) * 1000, "
        f"sum(CASE WHEN i = 643 AND j = 699 THEN v END) * 1000 FROM read_csv('{csv}')"
    ).fetchone()
    # where our ingest's time goes besides DuckDB's parse and the Parquet write: the
    # per-batch checks and totals inside the one pass, the totals' end, the header
    parts: dict[str, list[float]] = {"checks_and_totals": [], "finish_totals": [], "header": []}
    originals = {
        "checks_and_totals": baci_reader._check_batch,
        "finish_totals": baci_reader._finish_totals,
        "header": baci_reader._read_header,
    }
    acc: dict[str, float] = dict.fromkeys(originals, 0.0)

    def timed(name: str) -> Callable[..., Any]:
        fn = originals[name]

        def run(*a: Any, **kw: Any) -> Any:
            t = time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                acc[name] += time.perf_counter() - t

        return run

    baci_reader._check_batch = timed("checks_and_totals")  # type: ignore[assignment]
    baci_reader._finish_totals = timed("finish_totals")  # type: ignore[assignment]
    baci_reader._read_header = timed("header")  # type: ignore[assignment]
    peer_t, ours_t, peer_c, ours_c, fast_t, fast_c = [], [], [], [], [], []
    peer_sql = (
        f"COPY (SELECT * FROM read_csv('{csv}', header=true)) TO '{workdir}/peer{{}}.parquet' "
        "(FORMAT parquet, COMPRESSION zstd{})"
    )
    home = workdir / f"home-{n}"
    try:
        for _ in range(runs):
            c, t = _cpu(), time.perf_counter()
            con.execute(peer_sql.format("", ""))
            peer_t.append(time.perf_counter() - t)
            peer_c.append(_cpu() - c)
            c, t = _cpu(), time.perf_counter()
            con.execute(peer_sql.format("-zstd1", ", COMPRESSION_LEVEL 1"))
            fast_t.append(time.perf_counter() - t)
            fast_c.append(_cpu() - c)
            shutil.rmtree(home, ignore_errors=True)  # a fresh store: no idempotent skip
            store = TradeStore(home)
            c, t = _cpu(), time.perf_counter()
            acc.update(dict.fromkeys(acc, 0.0))
            info = store.ingest(read_baci(csv, dataset_id="bench"))
            ours_t.append(time.perf_counter() - t)
            ours_c.append(_cpu() - c)
            for k, v in acc.items():
                parts[k].append(v)
            assert not info.skipped and info.rows == n
    finally:
        baci_reader._check_batch = originals["checks_and_totals"]  # type: ignore[assignment]
        baci_reader._finish_totals = originals["finish_totals"]  # type: ignore[assignment]
        baci_reader._read_header = originals["header"]  # type: ignore[assignment]
    con.close()
    peer, ours = statistics.median(peer_t), statistics.median(ours_t)
    fast = statistics.median(fast_t)
    sizes = {
        "peer": (workdir / "peer.parquet").stat().st_size / 1e6,
        "peer_zstd1": (workdir / "peer-zstd1.parquet").stat().st_size / 1e6,
        "ours": store.table_path("bench").stat().st_size / 1e6,
    }

    # ---- the balance, layer by layer
    pair = "(exporter = ? AND importer = ?) OR (exporter = ? AND importer = ?)"
    params = ["IND", "RUS", "RUS", "IND"]
    path = store.table_path("bench")
    q = duckdb.connect()
    raw_sql = (
        f"SELECT year, exporter, importer, sum(value_usd) FROM read_parquet('{path}') "
        "WHERE (exporter = 'IND' AND importer = 'RUS') OR (exporter = 'RUS' AND "
        "importer = 'IND') GROUP BY ALL"
    )
    rows = store.read("bench", where=pair, params=params)
    sums = store.sum_flows("bench", where=pair, params=params)
    balance = services.balance
    # every layer timed in turn within each repeat, so a busy spell of the shared
    # machine weighs on all of them alike; medians after a warm-up call each
    layer_fns: dict[str, Callable[[], Any]] = {
        "raw_duckdb_aggregate": lambda: q.execute(raw_sql).fetchall(),
        "store_info": lambda: store.info("bench"),
        "store_content_hash": store.content_hash,
        "store_read_pair_rows": lambda: store.read("bench", where=pair, params=params),
        "store_sum_flows_pair": lambda: store.sum_flows("bench", where=pair, params=params),
        "accounting_on_rows": lambda: bilateral_balance(rows, "IND", "RUS"),
        "accounting_on_sums": lambda: bilateral_balance(sums, "IND", "RUS"),
        "service_balance": lambda: balance("IND", "RUS", dataset="bench", year=2022, store=store),
    }
    layers = _interleaved_ms(layer_fns, repeats)
    q.close()
    a = balance("IND", "RUS", dataset="bench", year=2022, store=store)
    row = a.frame.iloc[0]
    assert expected is not None
    assert abs(row["exports_usd"] - expected[0]) <= 1e-6 * abs(expected[0]), "wrong exports"
    assert abs(row["imports_usd"] - expected[1]) <= 1e-6 * abs(expected[1]), "wrong imports"
    return {
        "rows": n,
        "csv_mb": round(csv.stat().st_size / 1e6, 1),
        "ingest": {
            "runs": runs,
            "peer_s": peer,
            "ours_s": ours,
            "peer_runs_s": peer_t,
            "ours_runs_s": ours_t,
            "ratio_wall": peer / ours,
            "peer_cpu_s": statistics.median(peer_c),
            "ours_cpu_s": statistics.median(ours_c),
            "ratio_cpu": statistics.median(peer_c) / statistics.median(ours_c),
            "peer_rows_per_s": n / peer,
            "ours_rows_per_s": n / ours,
            "ours_parts_s": {k: statistics.median(v) for k, v in parts.items() if v},
            # the peer at zstd level 1 (ours), the ratio against it, the files' sizes
            "peer_zstd1_s": fast,
            "peer_zstd1_runs_s": fast_t,
            "peer_zstd1_cpu_s": statistics.median(fast_c),
            "ratio_wall_zstd1": fast / ours,
            "ratio_cpu_zstd1": statistics.median(fast_c) / statistics.median(ours_c),
            "parquet_mb": {k: round(v, 1) for k, v in sizes.items()},
        },
        "balance_ms": {"repeats": repeats, **layers},
        # flat keys kept for earlier readers of this file
        "ratio": peer / ours,
        "service_query_ms": layers["service_balance"],
        "raw_query_ms": layers["raw_duckdb_aggregate"],
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 3_000_000, 10_000_000])
    ap.add_argument("--repeats", type=int, default=25, help="query repeats")
    ap.add_argument("--runs", type=int, default=5, help="ingest runs (median)")
    ap.add_argument("--workdir", type=Path, default=None)
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "store.json")
    args = ap.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="tw-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    started = datetime.now(UTC)
    info = machine()
    results = []
    for n in args.rows:
        print(f"N = {n:,}")
        r = bench(n, work, args.repeats, args.runs)
        results.append(r)
        g, b = r["ingest"], r["balance_ms"]
        print(
            f"  DuckDB read_csv→Parquet {g['peer_s']:.2f} s | tradewinds ingest {g['ours_s']:.2f}"
            f" s | ratio {g['ratio_wall']:.2f} wall, {g['ratio_cpu']:.2f} CPU "
            f"(medians of {args.runs})"
        )
        print(
            f"  DuckDB at zstd level 1 {g['peer_zstd1_s']:.2f} s | ratio "
            f"{g['ratio_wall_zstd1']:.2f} wall, {g['ratio_cpu_zstd1']:.2f} CPU | Parquet MB "
            + ", ".join(f"{k} {v}" for k, v in g["parquet_mb"].items())
        )
        print(
            "  balance (ms, median of "
            f"{args.repeats}): " + ", ".join(f"{k} {v:.2f}" for k, v in b.items() if k != "repeats")
        )
    info["load_average_at_end"] = os.getloadavg()
    doc = {
        "benchmark": "store: BACI ingest vs DuckDB read_csv→Parquet; balance IND–RUS per layer",
        "command": "python benchmarks/bench_store.py " + " ".join(sys.argv[1:]),
        "date": started.isoformat(timespec="seconds"),
        "machine": info,
        "aims": {"ingest_ratio_min": 0.9, "service_balance_ms_max": 10.0},
        "notes": "ratio = peer time / our time (higher is better); wall-clock and CPU-time "
        "medians of alternating runs in one process; balance layers are medians after a "
        "warm-up call, every layer timed in turn within each repeat",
        "results": results,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(doc, indent=2) + "\n")
    print(f"results in {args.out}")


if __name__ == "__main__":
    main()
