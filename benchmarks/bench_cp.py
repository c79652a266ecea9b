"""Benchmark: the Caliendo–Parro (2015) solver against the one it replaced (not a test;
it asserts the results agree).

31 regions × 40 sectors with input–output links, the CP 1993 data. For the baseline
(1993 tariffs) and two counterfactuals, NAFTA's tariff changes and a schedule of added
US duties on India by sector (as the 'schedule' experiment builds it), with zero
aggregate deficits and with deficits held: the accelerated solver (default) and the
earlier inner loops (``method="loops"``) timed interleaved in the same run (medians
after a warm-up), and the welfare figures of both (first-order ToT + VoT as CP publish,
and the exact Î/P̂) compared, also against the loops with tightened tolerances.

    python benchmarks/bench_cp.py [--repeats 7]

Writes ``benchmarks/results/cp.json`` (self-describing: machine, date, commit, units).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
from bench_ge import interleaved, run_metadata

from tradewinds.io.cp_data import cp_inputs
from tradewinds.models.ge.caliendo_parro import (
    CPData,
    CPEquilibrium,
    _solve_cp_loops,
    calibrate_cp,
    cp_welfare,
    nafta_tariffs,
    solve_cp,
)

WELFARE = ("welfare_pct", "tot_pct", "vot_pct", "exact_pct")


def schedule_shock(data: CPData) -> np.ndarray:
    """Added US duties on India's goods, 0–50% across the 20 tradable sectors."""
    tau = data.tau.copy()
    usa, ind = data.countries.index("USA"), data.countries.index("IND")
    tau[: data.tradable, usa, ind] += np.linspace(0.0, 0.5, data.tradable)
    return tau


def _solve(data: CPData, tau: np.ndarray, D: np.ndarray | None, method: str) -> Any:
    return lambda: solve_cp(data, tau, D_new=D, method=method)


def _tight(data: CPData, tau: np.ndarray, D: np.ndarray | None) -> CPEquilibrium:
    return _solve_cp_loops(
        data, tau, D_new=D, tol=1e-13, max_iter=2_000, price_tol=1e-14, expend_tol=1e-14
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=7)
    args = ap.parse_args()
    f = cp_inputs()
    data = calibrate_cp(f["xbilat1993"], f["tariffs1993"], f["GO"], f["B"], f["IO"], f["T"])
    shocks = {
        "baseline (1993 tariffs)": data.tau,
        "NAFTA": nafta_tariffs(data, f["tariffs2005"]),
        "schedule (US duties on India)": schedule_shock(data),
    }
    out: dict[str, Any] = {"meta": run_metadata("cp", "benchmarks/bench_cp.py")}
    out["meta"]["units"] = {"*_ms": "milliseconds per equilibrium", "*_pp": "percentage points"}
    out["meta"]["repeats"] = args.repeats
    out["meta"]["model"] = f"Caliendo & Parro (2015), {data.n} regions × {data.j} sectors"
    equilibria = []
    welfare = []
    for deficits in ("zero", "held"):
        D = np.zeros(data.n) if deficits == "zero" else None
        eq: dict[str, dict[str, CPEquilibrium]] = {"accelerated": {}, "loops": {}, "tight": {}}
        for name, tau in shocks.items():
            timed = interleaved(
                {m: _solve(data, tau, D, m) for m in ("accelerated", "loops")}, args.repeats
            )
            new, old = timed["accelerated"]["result"], timed["loops"]["result"]
            eq["accelerated"][name], eq["loops"][name] = new, old
            eq["tight"][name] = _tight(data, tau, D)
            row = {
                "equilibrium": name,
                "deficits": deficits,
                "accelerated_ms": timed["accelerated"]["ms"],
                "accelerated_cpu_ms": timed["accelerated"]["cpu_ms"],
                "accelerated_wage_iterations": new.iterations,
                "loops_ms": timed["loops"]["ms"],
                "loops_cpu_ms": timed["loops"]["cpu_ms"],
                "loops_wage_iterations": old.iterations,
                "speedup": timed["loops"]["ms"] / timed["accelerated"]["ms"],
                "speedup_cpu": timed["loops"]["cpu_ms"] / timed["accelerated"]["cpu_ms"],
            }
            equilibria.append(row)
            print(
                f"{name:32s} deficits {deficits:4s}: accelerated {row['accelerated_ms']:6.1f} ms "
                f"({new.iterations} it.), loops {row['loops_ms']:6.1f} ms ({old.iterations} it.)"
                f"  ×{row['speedup']:.1f}",
                flush=True,
            )
        base = "baseline (1993 tariffs)"
        for name in list(shocks)[1:]:
            w = {m: cp_welfare(data, eq[m][base], eq[m][name]) for m in eq}
            row = {"counterfactual": name, "deficits": deficits}
            for ref in ("loops", "tight"):
                row[f"max_diff_pp_vs_{ref}"] = {
                    c: float(np.max(np.abs(getattr(w["accelerated"], c) - getattr(w[ref], c))))
                    for c in WELFARE
                }
            focus = ("CAN", "MEX", "USA") if name == "NAFTA" else ("USA", "IND")
            frame = w["accelerated"].to_frame().set_index("iso3")
            row["welfare_pct"] = {c: float(frame.loc[c, "welfare_pct"]) for c in focus}
            row["welfare_exact_pct"] = {c: float(frame.loc[c, "welfare_exact_pct"]) for c in focus}
            assert max(row["max_diff_pp_vs_loops"].values()) < 1e-8, row
            assert max(row["max_diff_pp_vs_tight"].values()) < 1e-10, row
            welfare.append(row)
            print(
                f"  welfare {name} ({deficits}): max |Δ| vs loops "
                f"{max(row['max_diff_pp_vs_loops'].values()):.1e} pp, vs tightened loops "
                f"{max(row['max_diff_pp_vs_tight'].values()):.1e} pp; "
                + ", ".join(f"{c} {v:+.2f}%" for c, v in row["welfare_pct"].items()),
                flush=True,
            )
    out["equilibria"] = equilibria
    out["welfare"] = welfare
    out["summary"] = {
        "accelerated_ms_max": max(r["accelerated_ms"] for r in equilibria),
        "accelerated_ms_median": statistics.median(r["accelerated_ms"] for r in equilibria),
        "loops_ms_median": statistics.median(r["loops_ms"] for r in equilibria),
        "accelerated_cpu_ms_max": max(r["accelerated_cpu_ms"] for r in equilibria),
        "loops_cpu_ms_median": statistics.median(r["loops_cpu_ms"] for r in equilibria),
        "speedup_min": min(r["speedup"] for r in equilibria),
        "speedup_cpu_min": min(r["speedup_cpu"] for r in equilibria),
        "speedup_median": statistics.median(r["speedup"] for r in equilibria),
        "max_diff_pp_vs_loops": max(max(r["max_diff_pp_vs_loops"].values()) for r in welfare),
        "max_diff_pp_vs_tight": max(max(r["max_diff_pp_vs_tight"].values()) for r in welfare),
    }
    p = Path(__file__).parent / "results" / "cp.json"
    out["meta"]["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    p.parent.mkdir(exist_ok=True)
    p.write_text(json.dumps(out, indent=2))
    print(f"results in {p}")


if __name__ == "__main__":
    main()
