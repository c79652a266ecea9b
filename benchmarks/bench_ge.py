"""Benchmark: the GE solvers against their peers, and cost growth with N (not a test).

* Ignatenko et al. (2025) on the real 194-country world 2023 data, three scenarios:
  tradewinds (Anderson fixed point, matrix–vector map) against the peer of the
  published code, MINPACK hybrd (``scipy.optimize.fsolve``) on the 3N system from
  ones, in the same run; the two solutions are checked to agree (1e-8).
* Synthetic gravity worlds of N = 50, 100, 200, 400 countries: time, iterations and
  peak memory of tradewinds, and fsolve where it finishes in reasonable time.
* The one-sector tariff model with deficits (MODELS §4b) on the same worlds.

    python benchmarks/bench_ge.py [--sizes 50 100 200 400] [--fsolve-max 200]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
import tracemalloc
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
import pandas as pd

from tradewinds.io.embedded import data_path
from tradewinds.models.ge import (
    calibrate_ilms,
    solve_ilms,
    solve_ilms_fsolve,
    solve_tariff_ge,
    us_tariffs,
)


def _median_time(fn, repeats: int) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    times, out = [], None
    for _ in range(repeats):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def world() -> tuple[np.ndarray, np.ndarray, np.ndarray, tuple[str, ...]]:
    d = data_path("world2023")
    X = pd.read_csv(d / "trade_cepii.csv.gz").to_numpy(float)
    gdp = pd.read_csv(d / "gdp.csv")["gdp"].to_numpy()
    rates = pd.read_csv(d / "tariffs.csv")["applied_tariff"].to_numpy()
    iso = tuple(pd.read_csv(d / "country_labels.csv")["iso3"])
    return X, gdp, rates, iso


def synthetic(n: int, seed: int = 1) -> tuple[np.ndarray, np.ndarray, np.ndarray, tuple[str, ...]]:
    """A gravity world: X_ij ∝ Y_i Y_j / dist_ij^1.1 with noise; the US is country 0."""
    rng = np.random.default_rng(seed)
    gdp = np.exp(rng.normal(25, 1.6, n)) * 1.0
    gdp[0] = gdp.max() * 3
    pos = rng.uniform(0, 10_000, (n, 2))
    dist = np.sqrt(((pos[:, None, :] - pos[None, :, :]) ** 2).sum(-1)) + 300
    X = 1e-12 * np.outer(gdp, gdp) / dist**1.1 * rng.lognormal(0, 0.5, (n, n)) / 1000
    np.fill_diagonal(X, 0.0)
    X *= 0.25 * gdp.sum() / 1000 / X.sum()  # world trade ≈ 25% of world GDP
    rates = rng.choice([0.1, 0.1, 0.2, 0.3, 0.5], n)
    iso = ("USA", *[f"C{k:03d}" for k in range(1, n)])
    return X, gdp, rates, iso


def bench_ilms(X, gdp, rates, iso, *, repeats: int, fsolve: bool) -> dict[str, float]:  # type: ignore[no-untyped-def]
    data = calibrate_ilms(X, gdp, iso)
    t = us_tariffs(data, rates)
    ours_s, res = _median_time(lambda: solve_ilms(data, t), repeats)
    tracemalloc.start()  # memory in a separate run: tracing slows the solver down
    solve_ilms(data, t)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    out = {
        "n": len(iso),
        "ours_ms": 1000 * ours_s,
        "iterations": res.iterations,  # type: ignore[attr-defined]
        "peak_mb": peak / 1e6,
    }
    if fsolve:
        peer_s, x = _median_time(lambda: solve_ilms_fsolve(data, t), 1)
        np.testing.assert_allclose(res.w_hat, x[: data.n], rtol=1e-7)  # type: ignore[attr-defined,index]
        out["fsolve_ms"] = 1000 * peer_s
        out["ratio"] = peer_s / ours_s
    return out


def bench_tariff_ge(X: np.ndarray, *, repeats: int) -> dict[str, float]:
    n = len(X)
    Xd = X + np.diag(X.sum(axis=0) * 3 + 1)
    t = np.zeros((n, n))
    tn = t.copy()
    tn[:, 0] = 0.25
    tn[0, 0] = 0.0
    s, r = _median_time(lambda: solve_tariff_ge(Xd, t, tn, epsilon=4.0), repeats)
    return {"n": n, "ms": 1000 * s, "iterations": r.iterations}  # type: ignore[attr-defined]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[50, 100, 200, 400])
    ap.add_argument("--fsolve-max", type=int, default=200)
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    out: dict[str, object] = {}
    X, gdp, rates, iso = world()
    real = []
    for rev, ret in (("income_tax", "none"), ("lump_sum", "none"), ("income_tax", "reciprocal")):
        data = calibrate_ilms(X, gdp, iso)
        t = us_tariffs(data, rates, retaliation=ret)  # type: ignore[arg-type]
        ours_s, res = _median_time(lambda: solve_ilms(data, t, revenue=rev), args.repeats)  # type: ignore[arg-type]  # noqa: B023
        peer_s, x = _median_time(lambda: solve_ilms_fsolve(data, t, revenue=rev), 1)  # type: ignore[arg-type]  # noqa: B023
        np.testing.assert_allclose(res.w_hat, x[: data.n], rtol=1e-7)  # type: ignore[attr-defined,index]
        us = res.to_frame().set_index("iso3").loc["USA", "welfare_pct"]  # type: ignore[attr-defined]
        real.append(
            {
                "scenario": f"{rev}/{ret}",
                "ours_ms": 1000 * ours_s,
                "fsolve_ms": 1000 * peer_s,
                "ratio": peer_s / ours_s,
                "iterations": res.iterations,
                "us_welfare_pct": us,
            }
        )  # type: ignore[attr-defined]
        print(
            f"ILMS world 2023 {rev:>10}/{ret:<10}: tradewinds {1000 * ours_s:6.1f} ms "
            f"({res.iterations} it.), fsolve {1000 * peer_s:7.1f} ms, ratio ×{peer_s / ours_s:.0f}"  # type: ignore[attr-defined]
            f"; US welfare {us:+.2f}%"
        )
    out["ilms_world2023"] = real
    syn = []
    for n in args.sizes:
        r = bench_ilms(*synthetic(n), repeats=args.repeats, fsolve=n <= args.fsolve_max)
        syn.append(r)
        extra = (
            f", fsolve {r['fsolve_ms']:8.1f} ms, ratio ×{r['ratio']:.0f}"
            if "fsolve_ms" in r
            else ""
        )
        print(
            f"ILMS synthetic N={n:>4}: {r['ours_ms']:7.1f} ms, {r['iterations']:.0f} it., "
            f"peak {r['peak_mb']:.1f} MB{extra}"
        )
    out["ilms_synthetic"] = syn
    tg = []
    for n in args.sizes:
        r = bench_tariff_ge(synthetic(n)[0], repeats=args.repeats)
        tg.append(r)
        print(f"tariff GE (§4b) N={n:>4}: {r['ms']:6.1f} ms, {r['iterations']:.0f} it.")
    out["tariff_ge"] = tg
    p = Path(__file__).parent / "results" / "ge.json"
    p.parent.mkdir(exist_ok=True)
    p.write_text(json.dumps(out, indent=2))
    print(f"results in {p}")


if __name__ == "__main__":
    main()
