"""Benchmark: partial equilibrium and tariff exposure at BACI scale (not a test).

* PE over a synthetic BACI-size market: K products × S suppliers × 1 importer
  (5,000 × 200 by default), exact CES and WITS-compatible, solved by the vectorised
  core (:func:`simulate_pe_markets`), against the previous version's way (one
  :func:`simulate_pe` call per product) in the same run, with a correctness check
  (both agree to 1e-10). Growth with K and S is reported.
* Exposure over N tariff lines (10 million by default): line rates of the us2025
  schedule for the distinct codes, joined to the lines, tables by band and chapter.

    python benchmarks/bench_pe.py [--products 5000] [--suppliers 200] [--lines 10000000]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np
import pandas as pd


def _market(K: int, S: int, seed: int = 7) -> tuple[np.ndarray, ...]:
    rng = np.random.default_rng(seed)
    m0 = rng.lognormal(10, 2, size=(K, S))
    m0[rng.random((K, S)) < 0.3] = 0.0  # sparse, as BACI is
    t0 = rng.uniform(0, 0.2, size=(K, S))
    t1 = t0.copy()
    t1[:, 0] += 0.5  # one supplier (India) faces +50 points
    sigma = rng.uniform(1.5, 12, size=K)
    return m0, t0, t1, sigma


def bench_pe(K: int, S: int, repeats: int) -> dict[str, float]:
    from tradewinds.models.pe import simulate_pe, simulate_pe_markets

    m0, t0, t1, sigma = _market(K, S)
    out: dict[str, float] = {"products": K, "suppliers": S}
    for method in ("exact", "wits_compat"):
        times = []
        for _ in range(repeats):
            t = time.perf_counter()
            v = simulate_pe_markets(m0, t0, t1, epsilon=-1.0, sigma=sigma, method=method)  # type: ignore[arg-type]
            times.append(time.perf_counter() - t)
        out[f"{method}_vectorised_s"] = statistics.median(times)
        # the previous way: one market at a time (a sample of rows, scaled up)
        sample = min(K, 500)
        t = time.perf_counter()
        for k in range(sample):
            live = m0[k] > 0
            r = simulate_pe(
                m0[k, live],
                t0[k, live],
                t1[k, live],
                epsilon=-1.0,
                sigma=float(sigma[k]),
                method=method,
            )  # type: ignore[arg-type]
            np.testing.assert_allclose(r.m1, v.m1[k, live], rtol=1e-9, atol=1e-6)
        out[f"{method}_loop_s"] = (time.perf_counter() - t) * K / sample
        out[f"{method}_speedup"] = out[f"{method}_loop_s"] / out[f"{method}_vectorised_s"]
    return out


def bench_exposure(n: int) -> dict[str, float]:
    from tradewinds.io.codes import hs_nomenclature
    from tradewinds.tariffs import load_schedule, tariff_exposure

    rng = np.random.default_rng(3)
    hs6 = hs_nomenclature().table.query("level == 6")["hscode"].to_numpy()
    codes = np.char.add(
        rng.choice(hs6, n).astype("U6"),
        rng.integers(0, 100, n).astype("U2").astype(object).astype(str),
    )
    codes = pd.Series(codes).str.pad(8, fillchar="0", side="right")
    lines = pd.DataFrame({"product": codes, "value_usd": rng.lognormal(10, 2, n)})
    sched = load_schedule("us2025")
    t = time.perf_counter()
    distinct = pd.unique(lines["product"])
    rates = sched.line_rates("IND", distinct, date(2025, 8, 27), match="hs6", details=False)
    t_rates = time.perf_counter() - t
    t = time.perf_counter()
    e = tariff_exposure(lines, rates)
    t_tables = time.perf_counter() - t
    assert abs(e.by_band["value_usd"].sum() - lines["value_usd"].sum()) < 1e-6 * e.total_usd
    return {
        "lines": n,
        "distinct_codes": len(distinct),
        "rates_s": t_rates,
        "tables_s": t_tables,
        "total_s": t_rates + t_tables,
        "lines_per_s": n / (t_rates + t_tables),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--products", type=int, nargs="+", default=[1000, 5000])
    ap.add_argument("--suppliers", type=int, nargs="+", default=[50, 200])
    ap.add_argument("--lines", type=int, nargs="+", default=[1_000_000, 10_000_000])
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    results: dict[str, list[dict[str, float]]] = {"pe": [], "exposure": []}
    for K in args.products:
        for S in args.suppliers:
            r = bench_pe(K, S, args.repeats)
            results["pe"].append(r)
            print(
                f"PE {K:>6,} products × {S:>4} suppliers: exact "
                f"{r['exact_vectorised_s'] * 1e3:7.1f} ms "
                f"(×{r['exact_speedup']:,.0f} vs one market at a time), wits_compat "
                f"{r['wits_compat_vectorised_s'] * 1e3:7.1f} ms (×{r['wits_compat_speedup']:,.0f})"
            )
    for n in args.lines:
        r = bench_exposure(n)
        results["exposure"].append(r)
        print(
            f"exposure {n:>11,} lines ({r['distinct_codes']:,} distinct codes): rates "
            f"{r['rates_s']:.2f} s + tables {r['tables_s']:.2f} s = {r['total_s']:.2f} s "
            f"({r['lines_per_s']:,.0f} lines/s)"
        )
    out = Path(__file__).parent / "results" / "pe.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print(f"results in {out}")


if __name__ == "__main__":
    main()
