"""Record the library scenarios' summary values (tests/reference/data/scenario_summaries.json),
the regression reference of tests/reference/test_scenario_summaries.py.

Re-record only when a change is meant to move the numbers, and say in the commit which
scenarios moved, by how much and why. Run from the repository root with a store of the
embedded data (TRADEWINDS_HOME), one BLAS thread::

    OMP_NUM_THREADS=1 python scripts/record_scenario_summaries.py
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from tradewinds import services
from tradewinds.scenarios import library_names

OUT = (
    Path(__file__).resolve().parents[1] / "tests" / "reference" / "data" / "scenario_summaries.json"
)


def main() -> None:
    out: dict[str, dict[str, object]] = {}
    for name in library_names():
        t0 = time.perf_counter()
        values = services.run_scenario(name).values
        out[name] = {
            k: (float(v) if isinstance(v, int | float) and not isinstance(v, bool) else v)
            for k, v in values.items()
        }
        print(f"{name}: {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    OUT.write_text(json.dumps(out, indent=1, sort_keys=True, default=str) + "\n")
    print(f"wrote {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
