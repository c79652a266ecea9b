"""README's speed table, written from the benchmarks' own result files.

Each benchmark in ``benchmarks/`` writes ``benchmarks/results/<name>.json``; this script
reads them and writes one row per measurement between ``<!-- speed-table -->`` and
``<!-- /speed-table -->`` in README.md: what was timed, our time, what it was set against
in the same run, the ratio, the aim (issue 18's checks) and whether the run met it. No
figure is typed by hand; ``tests/docs/test_speed_table.py`` fails when README and the
result files disagree.

    python scripts/speed_table.py            # print the table
    python scripts/speed_table.py --write    # write it into README.md
    python scripts/speed_table.py --check    # exit 1 when README is stale
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
README = ROOT / "README.md"
START, END = "<!-- speed-table -->", "<!-- /speed-table -->"

Row = tuple[str, str, str, str, str, str]  # model, case, ours, against, ratio, aim/met


def _ms(x: float) -> str:
    if x < 1:
        return f"{x:.3f} ms"
    return f"{x:,.1f} ms" if x < 1000 else f"{x / 1000:,.2f} s"


def _ratio(x: float) -> str:
    if x >= 1000:
        return f"×{x:,.0f}"
    return f"×{x:,.1f}" if x >= 20 else f"×{x:,.2f}"


def _aim(text: str, met: bool | None) -> str:
    if met is None:
        return text
    return f"{text}: {'met' if met else '**not met**'}"


def _median_fsolve(d: dict[str, Any]) -> float:
    import statistics

    xs = [
        r["speedup_vs_fsolve"] for r in d["ilms_world2023"]["scenarios"] if "speedup_vs_fsolve" in r
    ]
    return float(statistics.median(xs)) if xs else float("nan")


def _ge(d: dict[str, Any]) -> Iterator[Row]:
    s = d["ilms_world2023"]["summary"]
    n = len(d["ilms_world2023"]["scenarios"])
    yield (
        "world tariff model (Ignatenko et al.)",
        f"N = 194, {n} scenarios, median (max)",
        f"{_ms(s['newton_ms_median'])} ({_ms(s['newton_ms_max'])})",
        f"the previous solver (Anderson) {_ms(s['anderson_ms_median'])}",
        f"{_ratio(s['speedup_vs_anderson_min'])} min",
        _aim("≤ 4 ms", s["newton_ms_median"] <= 4.0),
    )
    yield (
        "world tariff model (Ignatenko et al.)",
        "N = 194, against scipy fsolve (same equations)",
        "",
        "fsolve port, wall (CPU)",
        f"{_ratio(s['speedup_vs_fsolve_min'])} ({_ratio(s['speedup_vs_fsolve_cpu_min'])}) min, "
        f"{_ratio(_median_fsolve(d))} median",
        _aim("≥ ×100", s["speedup_vs_fsolve_min"] >= 100),
    )
    big = max(d["ilms_synthetic"], key=lambda r: r["n"])
    yield (
        "world tariff model (Ignatenko et al.)",
        f"growth: synthetic N = {big['n']}",
        _ms(big["newton_ms"]),
        f"previous solver {_ms(big['anderson_ms'])}",
        _ratio(big["speedup_vs_anderson"]),
        "reported",
    )


def _cp(d: dict[str, Any]) -> Iterator[Row]:
    s = d["summary"]
    yield (
        "Caliendo–Parro (31 × 40, I-O)",
        f"{len(d['equilibria'])} equilibria, median (max)",
        f"{_ms(s['accelerated_ms_median'])} ({_ms(s['accelerated_ms_max'])})",
        f"the previous loops {_ms(s['loops_ms_median'])}",
        f"{_ratio(s['speedup_min'])} min",
        _aim("≤ 60 ms", s["accelerated_ms_max"] <= 60.0),
    )


def _multisector(d: dict[str, Any]) -> Iterator[Row]:
    t = d["targets"]
    yield (
        "multi-sector GE (ICIO 2022, 81 × 28)",
        "one equilibrium, wall (CPU)",
        f"{_ms(t['one_equilibrium_ms'])} ({_ms(t['one_equilibrium_cpu_ms'])})",
        "fsolve port of tariffwar's system",
        f"{_ratio(t['ratio_fsolve_port'])} ({_ratio(t['cpu_ratio_fsolve_port'])})",
        _aim(f"≤ {t['one_equilibrium_target_ms']:.0f} ms", t["one_equilibrium_ms"] <= 30),
    )
    yield (
        "multi-sector GE (ICIO 2022, 81 × 28)",
        "band: 8 elasticity sets, fixed deficits",
        _ms(t["band_fixed_ms"]),
        "",
        "",
        _aim(f"≤ {t['band_target_ms']:.0f} ms", t["band_fixed_ms"] <= t["band_target_ms"]),
    )
    big = max(d["growth"], key=lambda r: r["n"] * r["s"])
    yield (
        "multi-sector GE (ICIO 2022, 81 × 28)",
        f"growth: N = {big['n']}, S = {big['s']}",
        _ms(big["ms"]),
        "",
        f"{big['ns_per_cell_step']:.0f} ns per cell and step",
        "reported",
    )


def _gravity(d: list[dict[str, Any]]) -> Iterator[Row]:
    for r in d:
        yield (
            "structural gravity GE (Yotov et al.)",
            str(r["case"]),
            _ms(r["ours_ms"]),
            f"gegravity {r['gegravity_s']:,.1f} s",
            _ratio(r["ratio"]),
            "",
        )


def _pe(d: dict[str, Any]) -> Iterator[Row]:
    for r in d["pe"]:
        yield (
            "partial equilibrium (lines)",
            f"{r['products']:,} products × {r['suppliers']} suppliers",
            _ms(r["exact_vectorised_s"] * 1000),
            f"a loop over products {_ms(r['exact_loop_s'] * 1000)}",
            _ratio(r["exact_speedup"]),
            "",
        )
    for r in d["exposure"]:
        yield (
            "tariff exposure",
            f"{r['lines']:,} lines",
            _ms(r["total_s"] * 1000),
            "",
            f"{r['lines_per_s']:,.0f} lines/s",
            "",
        )


def _store(d: dict[str, Any]) -> Iterator[Row]:
    aims = d.get("aims", {})
    r = max(d["results"], key=lambda x: x["rows"])
    ing = r["ingest"]
    la = d.get("machine", {}).get("load_average_at_start")
    load = f", load {la[0]:.1f}" if la else ""
    lo = aims.get("ingest_ratio_min", 0.9)
    yield (
        "store: ingest BACI CSV → Parquet",
        f"{r['rows']:,} rows, median of {ing['runs']}{load}",
        f"{ing['ours_s']:,.1f} s",
        f"DuckDB read_csv → Parquet {ing['peer_s']:,.1f} s"
        + (f" (at zstd level 1: {ing['peer_zstd1_s']:,.1f} s)" if "peer_zstd1_s" in ing else ""),
        f"×{ing['ratio_wall']:.2f} (CPU ×{ing['ratio_cpu']:.2f})"
        + (f"; ×{ing['ratio_wall_zstd1']:.2f} at level 1" if "ratio_wall_zstd1" in ing else ""),
        _aim(f"≥ ×{lo}", ing["ratio_wall"] >= lo),
    )
    b = r["balance_ms"]
    hi = aims.get("service_balance_ms_max", 10.0)
    svc = b["service_balance"]
    yield (
        "store: balance IND–RUS, one year",
        f"{r['rows']:,} rows, median of {b['repeats']}{load}",
        _ms(svc),
        f"raw DuckDB query {_ms(b['raw_duckdb_aggregate'])}",
        f"×{b['raw_duckdb_aggregate'] / svc:.2f}",
        _aim(f"≤ {hi:.0f} ms", svc <= hi),
    )


def _montecarlo(d: dict[str, Any]) -> Iterator[Row]:
    # the load of a shared 2-core machine decides wall-clock efficiency; the CPU the
    # run's processes used against the serial run's is the overhead parallelism adds
    loads = [x["load_1min"] for r in d["draws"] for x in r.get("runs", [])]
    load = f", load {min(loads):.1f}-{max(loads):.1f}" if loads else ""
    for r in d["draws"]:
        if r["executor"] == "serial":
            continue
        cpu = f", CPU ×{r['cpu_vs_serial']:.2f} of serial" if "cpu_vs_serial" in r else ""
        yield (
            "Monte Carlo draws (world model)",
            f"{r['draws']:,} draws, {r['executor']}, {r['workers']} workers{load}",
            f"{r['seconds']:,.1f} s",
            "the same draws serially",
            f"×{r['speedup_vs_serial']:.2f} (efficiency {r['efficiency']:.2f}{cpu})",
            _aim("efficiency ≥ 0.8", r["efficiency"] >= 0.8),
        )


def _cli(d: dict[str, Any]) -> Iterator[Row]:
    res, cmds = d["results"], d["commands"]
    aims = d["meta"].get("targets_s", {})
    floor = res.get("import_floor_balance", {}).get("median_s")
    for name in ("help", "balance", "case_html"):
        if name not in res:
            continue
        r, aim = res[name], aims.get(name)
        against, ratio = "", ""
        if name == "balance" and floor:
            against = f"Python + pandas, DuckDB, Typer, Rich imported {floor:.3f} s"
            ratio = f"×{floor / r['median_s']:.2f}"
        one = res.get("case_html_one_process")
        if name == "case_html" and one:
            against = f"the same in one process (`--workers 1`) {one['median_s']:,.2f} s"
            ratio = f"×{one['median_s'] / r['median_s']:.2f}"
        yield (
            "command line, whole process",
            f"`{cmds[name]}`, median of {len(r.get('runs_s', [])) or '?'}",
            f"{r['median_s']:,.3f} s" if r["median_s"] < 1 else f"{r['median_s']:,.2f} s",
            against,
            ratio,
            _aim(f"≤ {aim} s", r["median_s"] <= aim) if aim else "",
        )


def _crude(d: dict[str, Any]) -> Iterator[Row]:
    r = d["india"]
    yield (
        "crude market (discount, replacement)",
        f"India FY2024-25, {r['sources']} sources: five discount methods and the band",
        _ms(r["ours_ms"]),
        f"the Armington embargo it replaced {_ms(r['armington_ms'])}",
        _ratio(r["ratio"]),
        "",
    )
    big = max(d["growth"], key=lambda g: g["sources"])
    yield (
        "crude market (discount, replacement)",
        f"growth: {big['sources']:,} sources × 5 years",
        _ms(big["ours_ms"]),
        f"Armington {_ms(big['armington_ms'])}",
        _ratio(big["ratio"]),
        "reported",
    )


READERS: dict[str, Callable[[Any], Iterator[Row]]] = {
    "ge": _ge,
    "cp": _cp,
    "multisector": _multisector,
    "gravity_ge": _gravity,
    "pe": _pe,
    "crude": _crude,
    "store": _store,
    "montecarlo": _montecarlo,
    "cli": _cli,
}


def table(results: Path = RESULTS) -> str:
    rows: list[Row] = []
    for name, read in READERS.items():
        path = results / f"{name}.json"
        if path.exists():
            rows.extend(read(json.loads(path.read_text(encoding="utf-8"))))
    head = "| model | case | ours | set against (same run) | ratio | aim |"
    lines = [head, "|---|---|---|---|---|---|"]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in rows]
    note = (
        "Measured on this project's 2-core machine (`benchmarks/results/*.json` say when, "
        "with the load); ratios are the numbers to compare, seconds move with the load. "
        "Written by `scripts/speed_table.py`."
    )
    return "\n".join([note, "", *lines])


def replace_block(text: str, body: str) -> str:
    pat = re.compile(re.escape(START) + r".*?" + re.escape(END), re.S)
    if not pat.search(text):
        raise SystemExit(f"README.md has no {START} … {END} block")
    return pat.sub(lambda _: f"{START}\n{body}\n{END}", text, count=1)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="write the table into README.md")
    ap.add_argument("--check", action="store_true", help="exit 1 when README.md is stale")
    a = ap.parse_args(argv)
    body = table()
    text = README.read_text(encoding="utf-8")
    new = replace_block(text, body)
    if a.check:
        if new != text:
            print("README's speed table is stale: python scripts/speed_table.py --write")
            return 1
        return 0
    if a.write:
        README.write_text(new, encoding="utf-8")
    else:
        print(body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
