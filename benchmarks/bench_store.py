"""Benchmark: BACI ingest and a bilateral balance query (not a test).

Makes a synthetic BACI-format CSV of N rows (real BACI country codes and HS 2022
6-digit codes, random values), then in the same run:

* peer: DuckDB's own ``COPY (SELECT * FROM read_csv(...)) TO ... (FORMAT parquet)``;
* tradewinds: ``read_baci`` + ``TradeStore.ingest`` (parse, validate, map country
  codes, write Parquet, register atomically);
* query: ``services.balance`` IND–RUS on the ingested dataset (median of repeats),
  and the raw DuckDB aggregate it wraps.

Reports rows per second and the ratio tradewinds / DuckDB (aim ≥ 0.8), query
latency (aim < 100 ms), and how both grow with N. Also asserts correctness:
the balance equals a direct DuckDB sum over the CSV.

    python benchmarks/bench_store.py --rows 1000000 3000000 10000000
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

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
        ) TO '{path}' (HEADER)"""
    )
    con.close()


def bench(n: int, workdir: Path, repeats: int, runs: int) -> dict[str, float]:
    from tradewinds import services
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
    # peer and ours alternate, `runs` times each; medians (a shared 2-core machine)
    peer_t, ours_t = [], []
    home = workdir / f"home-{n}"
    for _ in range(runs):
        t = time.perf_counter()
        con.execute(
            f"COPY (SELECT * FROM read_csv('{csv}', header=true)) TO '{workdir}/peer.parquet' "
            "(FORMAT parquet, COMPRESSION zstd)"
        )
        peer_t.append(time.perf_counter() - t)
        shutil.rmtree(home, ignore_errors=True)  # a fresh store: no idempotent skip
        store = TradeStore(home)
        t = time.perf_counter()
        info = store.ingest(read_baci(csv, dataset_id="bench"))
        ours_t.append(time.perf_counter() - t)
        assert not info.skipped and info.rows == n
    con.close()
    peer, ours = statistics.median(peer_t), statistics.median(ours_t)
    # query through the service (what the CLI does), and the raw aggregate
    lat = []
    for _ in range(repeats):
        t = time.perf_counter()
        a = services.balance("IND", "RUS", dataset="bench", year=2022, store=store)
        lat.append(time.perf_counter() - t)
    row = a.frame.iloc[0]
    assert expected is not None
    assert abs(row["exports_usd"] - expected[0]) <= 1e-6 * abs(expected[0]), "wrong exports"
    assert abs(row["imports_usd"] - expected[1]) <= 1e-6 * abs(expected[1]), "wrong imports"
    path = store.table_path("bench")
    raw = []
    q = duckdb.connect()
    for _ in range(repeats):
        t = time.perf_counter()
        q.execute(
            f"SELECT year, exporter, importer, sum(value_usd) FROM read_parquet('{path}') "
            "WHERE (exporter = 'IND' AND importer = 'RUS') OR (exporter = 'RUS' AND "
            "importer = 'IND') GROUP BY ALL"
        ).fetchall()
        raw.append(time.perf_counter() - t)
    q.close()
    return {
        "rows": n,
        "peer_s": peer,
        "ours_s": ours,
        "peer_rows_per_s": n / peer,
        "ours_rows_per_s": n / ours,
        "ratio": peer / ours,
        "service_query_ms": 1000 * statistics.median(lat),
        "raw_query_ms": 1000 * statistics.median(raw),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000])
    ap.add_argument("--repeats", type=int, default=15, help="query repeats")
    ap.add_argument("--runs", type=int, default=3, help="ingest runs (median)")
    ap.add_argument("--workdir", type=Path, default=None)
    args = ap.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="tw-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results = []
    for n in args.rows:
        print(f"N = {n:,}")
        r = bench(n, work, args.repeats, args.runs)
        results.append(r)
        print(
            f"  DuckDB read_csv→Parquet {r['peer_s']:.2f} s ({r['peer_rows_per_s']:,.0f} rows/s)"
            f" | tradewinds ingest {r['ours_s']:.2f} s ({r['ours_rows_per_s']:,.0f} rows/s)"
            f" | ratio {r['ratio']:.2f}"
        )
        print(
            f"  balance query: service {r['service_query_ms']:.1f} ms, "
            f"raw DuckDB {r['raw_query_ms']:.1f} ms (median of {args.repeats}); "
            f"ingest: medians of {args.runs} runs"
        )
    out = Path(__file__).parent / "results" / "store.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print(f"results in {out}")


if __name__ == "__main__":
    main()
