"""Benchmark: Monte Carlo draws of the 194-country tariff model on one process, a
process pool and a two-worker Dask LocalCluster; and a BACI-scale aggregation in
DuckDB (not a test).

* 1,000 draws of ε ~ lognormal(4, 1) for the Liberation Day scenario of Ignatenko
  et al. (2025), each re-calibrated and re-solved from the point solution: draws per
  second serially, with 2 processes and on 2 Dask workers, the speed-up against the
  serial run of the same invocation and the parallel efficiency (speed-up / workers).
  The results of the three runs are checked to be identical.
* A synthetic panel of 100 million rows (year, exporter, importer, HS6 product,
  value) written to Parquet by DuckDB, then aggregated to exporter-importer-year
  totals and to HS2-by-year totals out of core with a 4 GB memory limit: time and
  peak resident memory of this process (DuckDB runs in it).

    python benchmarks/bench_montecarlo.py [--draws 1000] [--rows 100_000_000]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import duckdb
import pandas as pd
import psutil

from tradewinds.models.montecarlo import Dist, WorldProblem, monte_carlo_world
from tradewinds.parallel import get_executor
from tradewinds.services import open_store, world_matrix


def _tree_cpu() -> float:
    """User + system CPU seconds of this process and every live descendant (the process
    pool's workers, Dask's nannies and workers)."""
    me = psutil.Process()
    total = 0.0
    for p in [me, *me.children(recursive=True)]:
        try:
            t = p.cpu_times()
        except psutil.Error:  # exited meanwhile
            continue
        total += t.user + t.system
    return total


def bench_draws(n_draws: int, workers: int, rounds: int) -> dict[str, object]:
    """``rounds`` rounds of serial, process-pool and Dask runs, interleaved (each round
    runs the three in turn, so a busy spell of the shared machine hits all of them);
    medians per executor, the speed-up of the medians and the efficiency (speed-up /
    workers). Every run's results are checked identical to the first serial run's."""
    w = world_matrix(open_store())
    X, gdp, rates, iso = w.X, w.gdp, w.rates, w.countries
    problem = WorldProblem(X, gdp, iso, rates, pairs=(("IND", "USA"), ("CHN", "USA")))
    dists = {"epsilon": Dist.parse("lognormal:4:1")}
    kinds = ("serial", "processes", "dask")
    runs: dict[str, list[dict[str, float]]] = {k: [] for k in kinds}
    ref = None
    for i in range(rounds):
        for kind in kinds:
            load = os.getloadavg()[0]
            t_start = time.perf_counter()
            with get_executor(kind, workers=workers) as ex:
                c0, t0 = _tree_cpu(), time.perf_counter()
                r = monte_carlo_world(
                    problem, dists, n_draws=n_draws, seed=1, executor=ex, workers=workers
                )
                secs = time.perf_counter() - t0
                cpu = _tree_cpu() - c0
            total = time.perf_counter() - t_start
            if ref is None:
                ref = r
            else:
                pd.testing.assert_frame_equal(r.countries, ref.countries, check_exact=True)
            run = {"seconds": round(secs, 3), "seconds_with_startup": round(total, 3),
                   "cpu_seconds": round(cpu, 3), "failed": r.failed,
                   "load_1min": round(load, 2)}  # fmt: skip
            runs[kind].append(run)
            print(f"round {i + 1} {kind}: {run}", flush=True)
    base = statistics.median(x["seconds"] for x in runs["serial"])
    base_cpu = statistics.median(x["cpu_seconds"] for x in runs["serial"])
    rows: list[dict[str, object]] = []
    for kind in kinds:
        secs = statistics.median(x["seconds"] for x in runs[kind])
        n_workers = 1 if kind == "serial" else workers
        speedup = base / secs
        rows.append(
            {
                "executor": kind,
                "workers": n_workers,
                "draws": n_draws,
                "failed": runs[kind][0]["failed"],
                "seconds": round(secs, 3),
                "seconds_with_startup": round(
                    statistics.median(x["seconds_with_startup"] for x in runs[kind]), 3
                ),
                "draws_per_second": round(n_draws / secs, 1),
                "speedup_vs_serial": round(speedup, 3),
                "efficiency": round(speedup / n_workers, 3),
                "cpu_seconds": round(
                    cpu_med := statistics.median(x["cpu_seconds"] for x in runs[kind]), 3
                ),
                # CPU of every process of the run (workers, nannies, scheduler, client)
                # against the serial run's: the overhead parallelism adds, which a busy
                # machine does not hide (wall-clock efficiency needs idle cores)
                "cpu_vs_serial": round(cpu_med / base_cpu, 3),
                "runs": runs[kind],
            }
        )
    return {
        "rounds": rounds,
        "timing": "wall clock; medians of the rounds; serial, processes and dask interleaved "
        "in each round; load_1min is os.getloadavg()[0] as each run started (2 cores shared); "
        "cpu_seconds: user+system CPU of this process and all its descendants during the run "
        "(psutil), cluster start-up excluded",
        "identical_results": True,
        "executors": rows,
    }


def bench_panel(n_rows: int, memory_limit: str = "4GB") -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "panel.parquet"
        con = duckdb.connect()
        con.execute(f"SET memory_limit = '{memory_limit}'")
        con.execute(f"SET temp_directory = '{tmp}'")
        t0 = time.perf_counter()
        # 28 years × 200 exporters × 200 importers × 5,000 products: the digits of one
        # hash of the row number give the dimensions (reproducible, no Python loop)
        con.execute(
            f"""
            COPY (
              SELECT 1996 + (i % 28)::INTEGER AS year,
                     (h % 200)::SMALLINT AS exporter,
                     ((h // 200) % 200)::SMALLINT AS importer,
                     lpad((10000 + ((h // 40000) % 5000) * 197)::VARCHAR, 6, '0') AS product,
                     ((h // 200000000) % 1000000)::DOUBLE / 10 AS value_kusd
              FROM (SELECT i, hash(i) AS h FROM range({n_rows}) t(i))
            ) TO '{path}' (FORMAT parquet, ROW_GROUP_SIZE 1000000)
            """
        )
        write = time.perf_counter() - t0
        size = path.stat().st_size
        t0 = time.perf_counter()
        pairs = con.execute(
            f"""SELECT year, exporter, importer, sum(value_kusd) AS v, count(*) AS n
                FROM '{path}' GROUP BY ALL"""
        ).fetchdf()
        agg_pairs = time.perf_counter() - t0
        t0 = time.perf_counter()
        hs2 = con.execute(
            f"""SELECT year, substr(product, 1, 2) AS hs2, sum(value_kusd) AS v
                FROM '{path}' GROUP BY ALL"""
        ).fetchdf()
        agg_hs2 = time.perf_counter() - t0
        con.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB → MiB on Linux
    out = {
        "rows": n_rows,
        "parquet_mb": round(size / 2**20, 1),
        "write_seconds": round(write, 2),
        "aggregate_pairs_seconds": round(agg_pairs, 2),
        "pair_year_groups": len(pairs),
        "aggregate_hs2_seconds": round(agg_hs2, 2),
        "hs2_year_groups": len(hs2),
        "rows_per_second_pairs": round(n_rows / agg_pairs),
        "memory_limit": memory_limit,
        "peak_rss_mb": round(peak, 1),
    }
    print(out, flush=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--draws", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--rows", type=int, default=100_000_000, help="0: skip the panel")
    ap.add_argument(
        "--out", type=Path, default=Path(__file__).parent / "results" / "montecarlo.json"
    )
    a = ap.parse_args()
    res: dict[str, object] = {
        "machine": f"{os.cpu_count()} cores",
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }
    old = json.loads(a.out.read_text()) if a.out.exists() else {}
    # the panel first, so its peak memory is not the draws'; --rows 0 keeps the last one
    res["panel"] = bench_panel(a.rows) if a.rows else old.get("panel")
    draws = bench_draws(a.draws, a.workers, a.rounds)
    res["draws"] = draws.pop("executors")
    res["draws_meta"] = draws
    res["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    a.out.write_text(json.dumps(res, indent=2) + "\n")
    print(f"written {a.out}")


if __name__ == "__main__":
    main()
