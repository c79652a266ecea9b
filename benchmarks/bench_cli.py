"""Benchmark: the command line as a user waits for it, whole process (not a test).

* ``tradewinds --help`` and ``tradewinds balance IND RUS --year 2023``: medians of 5
  runs after a warm-up (hyperfine when installed, else timed here the same way);
* ``tradewinds case india-russia`` writing the HTML report: median of 3, in one process
  (``--workers 1``) and as a user runs it (its longest scenarios in a second process);
* the floors beside them, in the same run: the interpreter alone, and the libraries
  ``balance`` cannot do without (pandas, DuckDB, Typer with the pydantic it uses to read
  options, Rich), imported and nothing else.

The package's bytecode is compiled first (``compileall``), as ``pip install`` does: a
checkout run with ``PYTHONDONTWRITEBYTECODE`` would otherwise compile every module on
every run. The store is the embedded data (ingested once, before the timings).

    python benchmarks/bench_cli.py [--runs 5] [--case-runs 3]
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).parent / "results" / "cli.json"
FLOOR_IMPORTS = "import pandas, duckdb, typer._adapters, rich.table"


def _tradewinds() -> list[str]:
    exe = shutil.which("tradewinds")
    return [exe] if exe else [sys.executable, "-c", "from tradewinds.cli import app; app()"]


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _timed(cmd: list[str], runs: int, env: dict[str, str], cwd: Path) -> dict[str, Any]:
    """Median wall and CPU seconds of ``runs`` runs after one warm-up (hyperfine's way)."""
    hf = shutil.which("hyperfine")
    if hf:
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            subprocess.run(
                [hf, "-N", "-w", "1", "-r", str(runs), "--export-json", out.name,
                 "--style", "none", subprocess.list2cmdline(cmd)],
                check=True, env=env, cwd=cwd, capture_output=True,
            )  # fmt: skip
            r = json.loads(Path(out.name).read_text())["results"][0]
        return {
            "median_s": round(r["median"], 3),
            "min_s": round(r["min"], 3),
            "cpu_s_mean": round(r["user"] + r["system"], 3),
            "runs_s": [round(x, 3) for x in r["times"]],
            "tool": "hyperfine",
        }
    subprocess.run(cmd, check=True, env=env, cwd=cwd, capture_output=True)  # warm-up
    walls, cpus = [], []
    for _ in range(runs):
        c, t = _children_cpu(), time.perf_counter()
        subprocess.run(cmd, check=True, env=env, cwd=cwd, capture_output=True)
        walls.append(time.perf_counter() - t)
        cpus.append(_children_cpu() - c)
    return {
        "median_s": round(statistics.median(walls), 3),
        "min_s": round(min(walls), 3),
        "cpu_s_mean": round(statistics.mean(cpus), 3),
        "runs_s": [round(x, 3) for x in walls],
        "tool": "subprocess",
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--case-runs", type=int, default=3)
    ap.add_argument("--out", type=Path, default=RESULTS)
    a = ap.parse_args()
    compileall.compile_dir(str(ROOT / "src" / "tradewinds"), quiet=1)
    env = dict(os.environ)
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env.setdefault(var, "1")  # what the CLI sets for itself, for the floors too
    home = env.get("TRADEWINDS_HOME") or tempfile.mkdtemp(prefix="tw-bench-cli-")
    env["TRADEWINDS_HOME"] = home
    tw = _tradewinds()
    work = Path(tempfile.mkdtemp(prefix="tw-bench-cli-out-"))
    subprocess.run(
        [*tw, "balance", "IND", "RUS", "--year", "2023"],
        check=True,
        env=env,
        cwd=work,
        capture_output=True,
    )  # fmt: skip  (ingests the embedded data)
    load0 = [round(x, 2) for x in os.getloadavg()]
    cmds = {
        "python_startup": [sys.executable, "-c", "pass"],
        "import_floor_balance": [sys.executable, "-c", FLOOR_IMPORTS],
        "help": [*tw, "--help"],
        "balance": [*tw, "balance", "IND", "RUS", "--year", "2023"],
    }
    res: dict[str, Any] = {}
    for name, cmd in cmds.items():
        res[name] = _timed(cmd, a.runs, env, work)
        print(f"{name}: {res[name]['median_s']:.3f} s (cpu {res[name]['cpu_s_mean']:.3f})")
    case = [*tw, "case", "india-russia", "--out", str(work / "case.html")]
    for name, cmd in (("case_html_one_process", [*case, "--workers", "1"]), ("case_html", case)):
        res[name] = _timed(cmd, a.case_runs, env, work)
        c = res[name]
        print(f"{name}: {c['median_s']:.2f} s (cpu {c['cpu_s_mean']:.2f})")
    shutil.rmtree(work, ignore_errors=True)
    doc = {
        "meta": {
            "benchmark": "cli",
            "script": "benchmarks/bench_cli.py",
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": {
                "cores": os.cpu_count(),
                "platform": platform.platform(),
                "load_average_at_start": load0,
                "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
            },
            "python": sys.version.split()[0],
            "timing": "whole process, wall clock: medians after one warm-up run; cpu_s_mean "
            "is user+system of the process; bytecode compiled first (as pip install does)",
            "targets_s": {"balance": 0.5, "case_html": 5.0},
        },
        "commands": {
            "python_startup": "python -c pass",
            "import_floor_balance": f'python -c "{FLOOR_IMPORTS}"',
            "help": "tradewinds --help",
            "balance": "tradewinds balance IND RUS --year 2023",
            "case_html_one_process": "tradewinds case india-russia --out case.html --workers 1",
            "case_html": "tradewinds case india-russia --out case.html (--workers 2: the longest "
            "scenarios in a second process)",
        },
        "results": res,
    }
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps(doc, indent=2) + "\n")
    print(f"results in {a.out}")


if __name__ == "__main__":
    main()
