"""Benchmark: the world tariff model's solvers against each other and their peer, and
cost growth with N (not a test; it asserts the results agree).

* Ignatenko et al. (2025) on the real 194-country world 2023 data, every scenario
  variant the library runs: the Newton–chord solver (default), the Anderson fixed point
  it replaced (``method="anderson"``) and the peer of the published code, MINPACK hybrd
  (``scipy.optimize.fsolve``) on the 3N system from ones, all in the same run (timed
  interleaved: Newton, Anderson, Newton, …; medians after a warm-up). For each variant
  the largest difference of every reported output between Newton and Anderson, both at
  Anderson's default tolerance and at a tight one (see ``tight_tol``).
* The searches: optimal uniform tariff and optimal retaliation (eight partners, one
  round), each solve warm-started from the previous one, with both solvers.
* Synthetic gravity worlds of N = 50 … 800: time, Newton steps, peak memory of both
  solvers, and fsolve where it finishes in reasonable time.
* The one-sector tariff model with deficits (MODELS §4b) on the same worlds.

    python benchmarks/bench_ge.py [--sizes 50 100 200 400 800] [--repeats 20]

Writes ``benchmarks/results/ge.json`` (self-describing: machine, date, commit, units).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
import pandas as pd
import scipy

from tradewinds.io.embedded import data_path
from tradewinds.models.ge import (
    calibrate_ilms,
    solve_ilms,
    solve_ilms_fsolve,
    solve_tariff_ge,
    us_tariffs,
)
from tradewinds.models.ge.core import clear_scratch
from tradewinds.models.ge.ilms2025 import (
    ILMSData,
    ILMSResult,
    Method,
    optimal_retaliation,
    optimal_uniform_tariff,
)

OUTPUTS = (
    "welfare_pct",
    "prices_pct",
    "deficit_pct",
    "exports_gdp_pct",
    "imports_gdp_pct",
    "employment_pct",
    "tariff_revenue_pct_expenditure",
)
TIGHT_TOL = 1e-15  # Anderson's fixed-point gap for the exact comparison
# pairs of (Newton, fsolve) runs for the peer ratio: a ~1 ms solve is easily caught by
# another job's time slice on the shared machine, and a median of 5 moved by 20% between
# runs; 11 pairs cost 8 × 11 × ~0.23 s
PEER_REPEATS = 11


def run_metadata(name: str, script: str) -> dict[str, Any]:
    """What a reader of the JSON needs to judge the figures."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            cwd=Path(__file__).parent,
            check=False,
        ).stdout.strip()
    except OSError:
        commit = ""
    return {
        "benchmark": name,
        "script": script,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": commit or None,
        "machine": {
            "cpu": cpu,
            "cores": os.cpu_count(),
            "platform": platform.platform(),
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        },
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "blas_threads": os.environ.get("OPENBLAS_NUM_THREADS"),
        "openblas_coretype": os.environ.get("OPENBLAS_CORETYPE"),  # set on this workplace
        "timing": "wall clock (time.perf_counter); medians of repeated runs after a "
        "warm-up; solvers compared are timed interleaved in the same run, so their "
        "ratios hold when the shared machine is busy; cpu_ms: process CPU time",
    }


def _timed(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - w, time.process_time() - c, out


def interleaved(fns: dict[str, Callable[[], Any]], repeats: int) -> dict[str, dict[str, Any]]:
    """Median wall and CPU ms of each function, run in turn ``repeats`` times after one
    warm-up each; the last result of each."""
    for fn in fns.values():
        fn()
    wall: dict[str, list[float]] = {k: [] for k in fns}
    cpu: dict[str, list[float]] = {k: [] for k in fns}
    last: dict[str, Any] = {}
    for _ in range(repeats):
        for k, fn in fns.items():
            w, c, last[k] = _timed(fn)
            wall[k].append(w)
            cpu[k].append(c)
    return {
        k: {
            "ms": 1000 * statistics.median(wall[k]),
            "cpu_ms": 1000 * statistics.median(cpu[k]),
            "result": last[k],
        }
        for k in fns
    }


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


def max_differences(new: ILMSResult, old: ILMSResult) -> dict[str, float]:
    """Largest |new − old| of each reported output, in percentage points."""
    fn, fo = new.to_frame(), old.to_frame()
    return {c: float(np.nanmax(np.abs(fn[c] - fo[c]))) for c in OUTPUTS}


def _variants(
    X: np.ndarray, gdp: np.ndarray, rates: np.ndarray, iso: tuple[str, ...]
) -> list[tuple[str, ILMSData, np.ndarray, str]]:
    base = calibrate_ilms(X, gdp, iso)
    ek = calibrate_ilms(X, gdp, iso, special_case="eaton-kortum")
    ip = calibrate_ilms(X, gdp, iso, pass_through_shift=-0.75)
    e8 = calibrate_ilms(X, gdp, iso, epsilon=8.0)
    rate, _ = optimal_uniform_tariff(base)
    t_us = us_tariffs(base, rates)
    who = [iso.index(c) for c in ("CHN", "CAN", "MEX", "IND", "DEU", "JPN", "GBR", "KOR")]
    retaliation, _ = optimal_retaliation(base, t_us, countries=who, rounds=1)
    t_ret = t_us.copy()
    t_ret[base.us, :] = retaliation
    t_ret[base.us, base.us] = 0.0
    recip = us_tariffs(base, rates, retaliation="reciprocal")
    uniform = us_tariffs(base, np.full(base.n, rate), floor=0.0)
    return [
        ("income-tax relief", base, t_us, "income_tax"),
        ("lump-sum rebate", base, t_us, "lump_sum"),
        ("reciprocal retaliation", base, recip, "income_tax"),
        ("optimal retaliation (8 partners)", base, t_ret, "income_tax"),
        (f"optimal uniform tariff ({rate:.4f})", base, uniform, "income_tax"),
        ("eaton-kortum special case", ek, us_tariffs(ek, rates), "income_tax"),
        ("incomplete pass-through", ip, us_tariffs(ip, rates), "income_tax"),
        ("epsilon 8", e8, us_tariffs(e8, rates), "income_tax"),
    ]


def _solver(data: ILMSData, t: np.ndarray, revenue: str, **kw: Any) -> Callable[[], ILMSResult]:
    return lambda: solve_ilms(data, t, revenue=revenue, **kw)


def _peer(data: ILMSData, t: np.ndarray, revenue: str) -> Callable[[], np.ndarray]:
    return lambda: solve_ilms_fsolve(data, t, revenue=revenue)


def bench_world(repeats: int) -> dict[str, Any]:
    X, gdp, rates, iso = world()
    rows = []
    for name, data, t, rev in _variants(X, gdp, rates, iso):
        timed = interleaved(
            {"newton": _solver(data, t, rev), "anderson": _solver(data, t, rev, method="anderson")},
            repeats,
        )
        new, old = timed["newton"]["result"], timed["anderson"]["result"]
        tight = _solver(data, t, rev, method="anderson", tol=TIGHT_TOL)()
        row: dict[str, Any] = {
            "scenario": name,
            "n": data.n,
            "newton_ms": timed["newton"]["ms"],
            "newton_cpu_ms": timed["newton"]["cpu_ms"],
            "newton_steps": new.iterations,
            "newton_method": new.method,
            "newton_max_residual": new.max_residual,
            "anderson_ms": timed["anderson"]["ms"],
            "anderson_cpu_ms": timed["anderson"]["cpu_ms"],
            "anderson_iterations": old.iterations,
            "speedup_vs_anderson": timed["anderson"]["ms"] / timed["newton"]["ms"],
            "speedup_vs_anderson_cpu": timed["anderson"]["cpu_ms"] / timed["newton"]["cpu_ms"],
            "us_welfare_pct": float(new.to_frame().set_index("iso3").loc["USA", "welfare_pct"]),
            "max_diff_pp_vs_anderson_default": max_differences(new, old),
            "max_diff_pp_vs_anderson_tight": max_differences(new, tight),
        }
        try:  # the peer, interleaved with Newton again (its own pair of medians)
            peer = interleaved(
                {"newton": _solver(data, t, rev), "fsolve": _peer(data, t, rev)}, PEER_REPEATS
            )
            np.testing.assert_allclose(new.w_hat, peer["fsolve"]["result"][: data.n], rtol=1e-7)
            row["fsolve_ms"] = peer["fsolve"]["ms"]
            row["fsolve_cpu_ms"] = peer["fsolve"]["cpu_ms"]
            row["speedup_vs_fsolve"] = peer["fsolve"]["ms"] / peer["newton"]["ms"]
            row["speedup_vs_fsolve_cpu"] = peer["fsolve"]["cpu_ms"] / peer["newton"]["cpu_ms"]
        except Exception as e:  # the peer does not always converge
            row["fsolve_ms"] = None
            row["fsolve_error"] = str(e)[:120]
        for c, v in row["max_diff_pp_vs_anderson_tight"].items():
            bound = 1e-8 if c == "deficit_pct" else 1e-10  # deficits: see the tests
            assert v < bound, (name, c, v)
        rows.append(row)
        fs = (
            f"fsolve {row['fsolve_ms']:6.0f} ms ×{row['speedup_vs_fsolve']:4.0f}"
            if row["fsolve_ms"]
            else "fsolve failed"
        )
        print(
            f"{name:34s} Newton {row['newton_ms']:5.2f} ms ({new.iterations:2d} steps)  "
            f"Anderson {row['anderson_ms']:5.1f} ms ({old.iterations} it.) "
            f"×{row['speedup_vs_anderson']:4.1f}  {fs}  max Δ vs tight "
            f"{max(row['max_diff_pp_vs_anderson_tight'].values()):.1e} pp",
            flush=True,
        )
    return {"scenarios": rows}


def bench_searches() -> list[dict[str, Any]]:
    X, gdp, rates, iso = world()
    data = calibrate_ilms(X, gdp, iso)
    t_us = us_tariffs(data, rates)
    who = [iso.index(c) for c in ("CHN", "CAN", "MEX", "IND", "DEU", "JPN", "GBR", "KOR")]

    def uniform(method: Method) -> Callable[[], float]:
        return lambda: optimal_uniform_tariff(data, method=method)[0]

    def retaliation(method: Method) -> Callable[[], np.ndarray]:
        return lambda: optimal_retaliation(data, t_us, countries=who, rounds=1, method=method)[0]

    out = []
    for label, run in (
        ("optimal uniform tariff", uniform),
        ("optimal retaliation, 8 partners, 1 round", retaliation),
    ):
        timed = interleaved({m: run(m) for m in ("newton", "anderson")}, 3)
        a, b = np.atleast_1d(timed["newton"]["result"]), np.atleast_1d(timed["anderson"]["result"])
        out.append(
            {
                "search": label,
                "newton_ms": timed["newton"]["ms"],
                "anderson_ms": timed["anderson"]["ms"],
                "speedup": timed["anderson"]["ms"] / timed["newton"]["ms"],
                "max_rate_difference": float(np.max(np.abs(a - b))),
            }
        )
        print(
            f"{label:42s} Newton {timed['newton']['ms']:7.1f} ms  Anderson "
            f"{timed['anderson']['ms']:7.1f} ms  ×{out[-1]['speedup']:.1f}  rates differ by "
            f"{out[-1]['max_rate_difference']:.1e} (the search tolerance is 1e-4 / 5e-3)",
            flush=True,
        )
    return out


def bench_synthetic(n: int, *, repeats: int, fsolve: bool) -> dict[str, Any]:
    X, gdp, rates, iso = synthetic(n)
    data = calibrate_ilms(X, gdp, iso)
    t = us_tariffs(data, rates)
    timed = interleaved(
        {
            "newton": lambda: solve_ilms(data, t),
            "anderson": lambda: solve_ilms(data, t, method="anderson"),
        },
        repeats,
    )
    new, old = timed["newton"]["result"], timed["anderson"]["result"]
    out: dict[str, Any] = {
        "n": n,
        "newton_ms": timed["newton"]["ms"],
        "newton_cpu_ms": timed["newton"]["cpu_ms"],
        "newton_steps": new.iterations,
        "anderson_ms": timed["anderson"]["ms"],
        "anderson_cpu_ms": timed["anderson"]["cpu_ms"],
        "anderson_iterations": old.iterations,
        "speedup_vs_anderson": timed["anderson"]["ms"] / timed["newton"]["ms"],
        "speedup_vs_anderson_cpu": timed["anderson"]["cpu_ms"] / timed["newton"]["cpu_ms"],
        "max_welfare_diff_pp": float(np.max(np.abs(new.welfare_hat - old.welfare_hat)) * 100),
    }
    methods: tuple[Method, ...] = ("newton", "anderson")
    for m in methods:  # memory in separate runs: tracing slows solvers
        clear_scratch()  # count Newton's kept work arrays too
        tracemalloc.start()
        solve_ilms(data, t, method=m)
        out[f"{m}_peak_mb"] = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
    if fsolve:
        w, _, x = _timed(lambda: solve_ilms_fsolve(data, t))
        np.testing.assert_allclose(new.w_hat, x[:n], rtol=1e-7)
        out["fsolve_ms"] = 1000 * w
        out["speedup_vs_fsolve"] = out["fsolve_ms"] / out["newton_ms"]
    return out


def bench_tariff_ge(X: np.ndarray, *, repeats: int) -> dict[str, float]:
    n = len(X)
    Xd = X + np.diag(X.sum(axis=0) * 3 + 1)
    t = np.zeros((n, n))
    tn = t.copy()
    tn[:, 0] = 0.25
    tn[0, 0] = 0.0
    timed = interleaved({"ms": lambda: solve_tariff_ge(Xd, t, tn, epsilon=4.0)}, repeats)
    return {"n": n, "ms": timed["ms"]["ms"], "iterations": timed["ms"]["result"].iterations}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[50, 100, 200, 400, 800])
    ap.add_argument("--fsolve-max", type=int, default=200)
    ap.add_argument("--repeats", type=int, default=20)
    args = ap.parse_args()
    out: dict[str, Any] = {"meta": run_metadata("ge", "benchmarks/bench_ge.py")}
    out["meta"]["units"] = {"*_ms": "milliseconds per solve", "*_pp": "percentage points"}
    out["meta"]["repeats"] = args.repeats
    out["meta"]["tight_tol"] = TIGHT_TOL
    out["meta"]["peer_repeats"] = PEER_REPEATS
    out["ilms_world2023"] = bench_world(args.repeats)
    rows = out["ilms_world2023"]["scenarios"]
    peer_rows = [r for r in rows if r["fsolve_ms"]]
    out["ilms_world2023"]["summary"] = {
        "newton_ms_max": max(r["newton_ms"] for r in rows),
        "newton_ms_median": statistics.median(r["newton_ms"] for r in rows),
        "newton_cpu_ms_max": max(r["newton_cpu_ms"] for r in rows),
        "newton_cpu_ms_median": statistics.median(r["newton_cpu_ms"] for r in rows),
        "anderson_ms_median": statistics.median(r["anderson_ms"] for r in rows),
        "anderson_cpu_ms_median": statistics.median(r["anderson_cpu_ms"] for r in rows),
        "speedup_vs_anderson_min": min(r["speedup_vs_anderson"] for r in rows),
        "speedup_vs_anderson_cpu_min": min(r["speedup_vs_anderson_cpu"] for r in rows),
        "speedup_vs_fsolve_min": min(r["speedup_vs_fsolve"] for r in peer_rows),
        "speedup_vs_fsolve_cpu_min": min(r["speedup_vs_fsolve_cpu"] for r in peer_rows),
        "max_diff_pp_vs_anderson_tight": {
            c: max(r["max_diff_pp_vs_anderson_tight"][c] for r in rows) for c in OUTPUTS
        },
        "max_diff_pp_vs_anderson_default": {
            c: max(r["max_diff_pp_vs_anderson_default"][c] for r in rows) for c in OUTPUTS
        },
    }
    out["ilms_searches"] = bench_searches()
    syn = []
    for n in args.sizes:
        reps = max(3, args.repeats * 200 // max(n, 200))
        r = bench_synthetic(n, repeats=reps, fsolve=n <= args.fsolve_max)
        syn.append(r)
        extra = (
            f", fsolve {r['fsolve_ms']:8.1f} ms ×{r['speedup_vs_fsolve']:.0f}"
            if "fsolve_ms" in r
            else ""
        )
        print(
            f"ILMS synthetic N={n:>4}: Newton {r['newton_ms']:7.2f} ms ({r['newton_steps']} "
            f"steps, {r['newton_peak_mb']:.1f} MB), Anderson {r['anderson_ms']:7.2f} ms "
            f"({r['anderson_iterations']} it., {r['anderson_peak_mb']:.1f} MB) "
            f"×{r['speedup_vs_anderson']:.1f}{extra}",
            flush=True,
        )
    out["ilms_synthetic"] = syn
    tg = []
    for n in args.sizes:
        r = bench_tariff_ge(synthetic(n)[0], repeats=max(3, args.repeats // 4))
        tg.append(r)
        print(f"tariff GE (§4b) N={n:>4}: {r['ms']:6.1f} ms, {r['iterations']:.0f} it.")
    out["tariff_ge"] = tg
    p = Path(__file__).parent / "results" / "ge.json"
    out["meta"]["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    p.parent.mkdir(exist_ok=True)
    p.write_text(json.dumps(out, indent=2))
    print(f"results in {p}")


if __name__ == "__main__":
    main()
