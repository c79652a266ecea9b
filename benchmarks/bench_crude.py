"""Benchmark: the crude market (MODELS-free arithmetic on unit values; not a test).

* India's crude imports by source (DGCI&S, shipped): measuring the Russian discount
  (five methods, the band) and replacing the Russian barrels at the other sources'
  delivered unit values (``replace_supplier``), against the model it replaced in the
  same run: the Armington embargo PE (``embargo_pe``, exact CES) on the same market by
  source. Medians of ``--repeats`` after a warm-up, wall and CPU.
* Growth: synthetic import tables of S sources × 5 fiscal years (S up to 20,000), time
  of ``replace_supplier`` and of ``embargo_pe`` on the same values.

    python benchmarks/bench_crude.py [--repeats 50] [--sources 50 500 5000 20000]

Writes ``benchmarks/results/crude.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np
import pandas as pd

from tradewinds.io.oil_data import india_crude_imports
from tradewinds.models.crude.replacement import replace_supplier
from tradewinds.models.pe_markets import embargo_pe

RESULTS = Path(__file__).parent / "results" / "crude.json"
PERIOD = "FY2024-25"


def _timed(fn: Callable[[], Any], repeats: int) -> dict[str, float]:
    fn()  # warm-up
    wall, cpu = [], []
    for _ in range(repeats):
        w0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - w0)
        cpu.append(time.process_time() - c0)
    return {
        "ms": 1e3 * statistics.median(wall),
        "cpu_ms": 1e3 * statistics.median(cpu),
    }


def _pair(imports: pd.DataFrame, repeats: int) -> dict[str, Any]:
    """Ours and the Armington embargo on the same year's market, in one run."""
    year = imports[imports["period"] == PERIOD]
    values = year.set_index("source")["value_usd"].astype(float)
    ours = _timed(lambda: replace_supplier(imports, PERIOD, target="RUS"), repeats)
    peer = _timed(
        lambda: embargo_pe(values, ["RUS"], sigma=3.23, epsilon=-1.0, method="exact"), repeats
    )
    r = replace_supplier(imports, PERIOD, target="RUS")
    return {
        "sources": len(values),
        "ours_ms": ours["ms"],
        "ours_cpu_ms": ours["cpu_ms"],
        "armington_ms": peer["ms"],
        "armington_cpu_ms": peer["cpu_ms"],
        "ratio": peer["ms"] / ours["ms"],
        "extra_bill_usd": float(r.extra_bill_usd),
    }


def _synthetic(n: int, seed: int = 7) -> pd.DataFrame:
    """S sources × 5 fiscal years with unit values around 600 US$/t; source 0 is RUS at a
    discount."""
    rng = np.random.default_rng(seed)
    rows = []
    for k, fy in enumerate(range(2021, 2026)):
        tonnes = rng.lognormal(13, 1.5, n)
        uv = 600 * rng.lognormal(0, 0.05, n)
        uv[0] = 560.0
        src = ["RUS", *[f"S{i:05d}" for i in range(1, n)]]
        total_v, total_t = float((tonnes * uv).sum()), float(tonnes.sum())
        for s, t, u in zip(src, tonnes, uv, strict=True):
            rows.append(
                {
                    "period": f"FY{fy}-{(fy + 1) % 100:02d}",
                    "fy_start": fy,
                    "provisional": k == 4,
                    "importer": "IND",
                    "source": s,
                    "source_name": s,
                    "value_usd": float(t * u),
                    "tonnes": float(t),
                    "unit_value_usd_per_t": float(u),
                    "value_share": float(t * u) / total_v,
                    "volume_share": float(t) / total_t,
                }
            )
    return pd.DataFrame(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=50)
    ap.add_argument("--sources", type=int, nargs="+", default=[50, 500, 5000, 20000])
    ap.add_argument("--out", type=Path, default=RESULTS)
    a = ap.parse_args()
    load0 = [round(x, 2) for x in os.getloadavg()]
    real = india_crude_imports()
    base = _pair(real, a.repeats)
    print(
        f"India {PERIOD}, {base['sources']} sources: ours {base['ours_ms']:.2f} ms, "
        f"Armington embargo {base['armington_ms']:.2f} ms (x{base['ratio']:.2f})"
    )
    growth = []
    for n in a.sources:
        g = _pair(_synthetic(n), max(3, a.repeats // max(1, n // 500)))
        growth.append(g)
        print(f"S = {n:>6}: ours {g['ours_ms']:8.2f} ms, Armington {g['armington_ms']:8.2f} ms")
    doc = {
        "meta": {
            "benchmark": "crude",
            "script": "benchmarks/bench_crude.py",
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": {
                "cores": os.cpu_count(),
                "platform": platform.platform(),
                "load_average_at_start": load0,
                "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
            },
            "timing": "wall and process CPU, medians after a warm-up",
            "peer": "embargo_pe (Armington, exact CES, sigma 3.23, demand elasticity -1): the "
            "model the crude market replaced, on the same market by source",
        },
        "india": base,
        "growth": growth,
    }
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps(doc, indent=2) + "\n")
    print(f"results in {a.out}")


if __name__ == "__main__":
    main()
