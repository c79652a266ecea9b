"""Every figure quoted in README.md and docs/ comes from the code: regenerate or check them.

Markers, invisible in rendered Markdown:

* a command transcript: ``<!-- run: tradewinds ARGS -->`` right before a fenced block; the
  block is ``$ tradewinds ARGS`` followed by what the command prints. Options after the
  command: ``head=N`` keeps the first N lines of the output (then "…"); ``exit=N`` expects
  that exit code and shows what the command printed on stdout and stderr (an error);
* an inline figure: ``<!--f:ID-->text<!--/f-->``, where ID names a function of
  :data:`FIGURES` below that computes the text from the services, or
  ``out:SCENARIO:KEY`` (the formatted outcome KEY of a library scenario's run);
* a published figure: ``<!--ref:PATH-->text<!--/ref-->``: every number of the text is in
  PATH (the reference test that checks it, or the data file that ships it);
* ``<!-- speed-table -->…<!-- /speed-table -->``: written by ``scripts/speed_table.py``
  from the benchmark results, not by this script.

The commands run on the embedded data in a store of their own (every embedded dataset
ingested, so the store hash they print is the same everywhere), from a scratch folder in
which ``src/``, ``tests/`` and ``docs/`` of the repository are visible (so a command can
name a shipped file and what it writes, ``out/…``, lands in the scratch folder).

``python scripts/docs_figures.py --write`` rewrites every marked block and figure from the
current code and data (run it after changing numbers, then read the diff);
``python scripts/docs_figures.py`` (and ``tests/docs/test_docs_figures.py``) checks them
and lists any figure (``12.3%``, ``4.05 bn``) quoted outside a marker, and any transcript
of a command (a fenced block of ``$ tradewinds …`` lines with output) that no marker
generates.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RUN = re.compile(
    r"<!-- run: (?P<cmd>tradewinds [^\n]*?)(?P<opts>(?: (?:head|exit)=\d+)*) -->\n"
    r"```\n(?P<body>.*?)```",
    re.S,
)
FIG = re.compile(r"<!--f:(?P<id>[\w.:-]+)-->(?P<text>.*?)<!--/f-->", re.S)
# a published figure a reference test checks: ``<!--ref:tests/…py-->+1.13%<!--/ref-->``
REF = re.compile(r"<!--ref:(?P<path>[\w./-]+)-->(?P<text>.*?)<!--/ref-->", re.S)
# a block another script writes (README's speed table: scripts/speed_table.py)
OTHER = re.compile(r"<!-- speed-table -->.*?<!-- /speed-table -->", re.S)
NUMBER = re.compile(r"\d+(?:\.\d+)?")
# a quoted figure: a decimal with %, bn or mn (legal rates such as "25%" are not results)
QUOTED = re.compile(r"(?<![\w.])[-+−]?\d[\d,]*\.\d+ ?(?:%|bn|mn)\b|(?<![\w.])[-+−]?\d[\d,]*\.\d+%")
# a fenced block: a transcript when it starts with ``$ tradewinds`` and has output lines
FENCE = re.compile(r"^```[^\n]*\n(?P<body>.*?)^```", re.S | re.M)
# what differs between two runs of the same command: durations, and a solver's residual
# at rounding level (below 1e-12 its last digits move with the BLAS build and threads:
# 8.0e-15 in one environment, 8.8e-15 in another)
VOLATILE = re.compile(
    r"\d[\d,]*(?:\.\d+)? ?(?:ms|s)\b|\d+(?:\.\d+)? draws/s|\d(?:\.\d+)?e-1[3-9]\b"
)
# what of the repository a command may name (visible from its scratch folder)
VISIBLE = ("src", "tests", "docs")


def doc_files() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


@cache
def _seeded_home() -> str:
    """A store with every embedded dataset in it (the lazily added ones too), made once
    per process, unless TRADEWINDS_DOCS_HOME names one (the tests pass theirs)."""
    given = os.environ.get("TRADEWINDS_DOCS_HOME")
    if given:
        return given
    from tradewinds.services import datasets, open_store

    home = tempfile.mkdtemp(prefix="tradewinds-docs-")
    datasets(open_store(home))
    return home


def _store_ready() -> None:
    """Point TRADEWINDS_HOME at the seeded store (a user's own store, with data of their
    own, would print other numbers and another store hash)."""
    os.environ["TRADEWINDS_HOME"] = _seeded_home()


def _options(text: str) -> dict[str, int]:
    return {k: int(v) for k, v in re.findall(r"(head|exit)=(\d+)", text or "")}


@cache
def run_command(cmd: str, head: int | None = None, exit_code: int = 0) -> str:
    """What ``cmd`` prints (stdout; with an expected non-zero ``exit_code``, stdout and
    stderr), as the block shows it: ``$ cmd`` and the output."""
    from typer.testing import CliRunner

    from tradewinds.cli import app

    _store_ready()
    args = shlex.split(cmd)[1:]
    here = os.getcwd()
    with tempfile.TemporaryDirectory(prefix="tradewinds-docs-run-") as d:
        for name in VISIBLE:
            if (ROOT / name).exists():
                os.symlink(ROOT / name, Path(d) / name)
        os.chdir(d)  # what a command writes (out/…) lands in a folder of its own
        try:
            r = CliRunner().invoke(app, args)
        finally:
            os.chdir(here)
    if r.exit_code != exit_code:
        raise RuntimeError(f"`{cmd}` exited {r.exit_code}, not {exit_code}: {r.stderr or r.stdout}")
    text = r.stdout if exit_code == 0 else r.stdout + r.stderr
    lines = [ln.rstrip() for ln in text.rstrip().splitlines()]
    if head is not None and len(lines) > head:
        lines = [*lines[:head], "…"]
    return "\n".join([f"$ {cmd}", *lines]) + "\n"


def _same(a: str, b: str) -> bool:
    def norm(s: str) -> str:  # a duration of another length wraps a line elsewhere
        return VOLATILE.sub("…", " ".join(s.split()))

    return norm(a) == norm(b)


# ---- inline figures ---------------------------------------------------------------


def _pct(v: float, d: int = 1) -> str:
    return f"{v:.{d}f}%"


def _case() -> object:

    _store_ready()
    return _cached_case()


@cache
def _cached_case() -> object:
    from tradewinds import services

    return services.case_india_russia()


@cache
def _potential() -> object:
    from tradewinds import services

    _store_ready()
    return services.potential("IND", "RUS").frame.iloc[0]


@cache
def _scenario(name: str) -> object:
    from tradewinds import services

    _store_ready()
    return services.run_scenario(name)


def _outcome(name: str, key: str) -> str:
    return str(_scenario(name).outcome(key).text)  # type: ignore[attr-defined]


def _balance_row(name: str, which: str) -> float:
    b = _scenario(name).tables["balance"].iloc[-1]  # type: ignore[attr-defined]
    return float(b[which]) / 1e9


def _push_path_end() -> str:
    bp = _cached_case().balance_path.frame.iloc[-1]  # type: ignore[attr-defined]
    return f"{bp['balance_usd'] / 1e9:+,.2f} bn"


@cache
def _case_pdf_pages() -> str:
    from tradewinds.reports.case import write_case_report
    from tradewinds.reports.pdf import write_report

    case = _case()
    with tempfile.TemporaryDirectory() as d:
        pdf = write_report(Path(d) / "case.pdf", lambda p: write_case_report(case, p))  # type: ignore[arg-type]
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return re.search(r"Pages:\s+(\d+)", info.stdout).group(1)  # type: ignore[union-attr]


def _diversion() -> dict[str, float]:
    from tradewinds.accounting.diversion import trade_diversion

    flows = trade_diversion(_scenario("us-india-2025-08").tables["bilateral"])  # type: ignore[attr-defined]
    lost = float(flows["value_usd"].sum()) / 1e9
    net = float(flows.loc[flows["target"] == "net loss", "value_usd"].sum()) / 1e9
    return {"lost": lost, "elsewhere": lost - net, "net": net}


def _mc_pair_band() -> str:
    p = _scenario("liberation-day-2025-bands").tables["montecarlo_pairs"]  # type: ignore[attr-defined]
    row = p[(p["exporter"] == "IND") & (p["importer"] == "USA")].iloc[0]
    qs = [c for c in p.columns if re.fullmatch(r"p\d+", str(c))]
    lo, hi = qs[0], qs[-1]
    return f"{row['point']:+.1f}%, 90% band {row[lo]:+.1f} … {row[hi]:+.1f}%"


@cache
def _exposure() -> object:
    from tradewinds import services

    _store_ready()
    return services.exposure("USA", "IND", "2025-08-27")


def _exposure_share50() -> str:
    f = _exposure().frame  # type: ignore[attr-defined]
    return _pct(100 * float(f.loc[f["band"] == "50% and over", "share"].sum()))


@cache
def _dependence() -> dict[tuple[str, str], object]:
    from tradewinds import services

    _store_ready()
    f = services.dependence("IND", "RUS", year=2023).frame
    return {(r["country"], r["partner"]): r for _, r in f.iterrows()}


def _share(country: str, partner: str, col: str) -> str:
    return _pct(100 * float(_dependence()[(country, partner)][col]))  # type: ignore[index]


def _minus(text: str) -> str:
    return text.replace("-", "−")


@cache
def _recorded() -> dict[str, dict[str, Any]]:
    """The library's summary values as recorded in tests/reference/data (checked against
    a run of every scenario by tests/reference/test_scenario_summaries.py)."""
    import json

    path = ROOT / "tests" / "reference" / "data" / "scenario_summaries.json"
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _rec(name: str, key: str, fmt: str = "+.3f") -> str:
    return _minus(format(float(_recorded()[name][key]), fmt))


# the multi-sector library table of docs/scenarios.md: scenario -> what the last column says
ICIO_ALSO: dict[str, list[tuple[str, str]]] = {
    "icio2022-us-50-all": [("IND→USA exports {}%", "ge_ind_exports_to_usa_pct")],
    "icio2022-us-india-50-goods": [("IND→USA exports {}%", "ge_ind_exports_to_usa_pct")],
    "icio2022-us-india-50-goods-bands": [],
    "us-india-2025-08-27-icio": [
        ("IND→USA exports {}%", "ge_ind_exports_to_usa_pct"),
        ("one-sector on the same rates: {}%", "ge1_ind_exports_to_usa_pct"),
    ],
    "us-india-2026-02-07-icio": [
        ("IND→USA exports {}%", "ge_ind_exports_to_usa_pct"),
        ("one-sector on the same rates: {}%", "ge1_ind_exports_to_usa_pct"),
    ],
    "liberation-day-2025-icio": [
        ("one-sector on the same rates: USA welfare {}%", "ge1_usa_welfare_pct")
    ],
    "eu-embargo-2022-2023": [
        ("RUS crude (B06) exports {}%", "ge_rus_b06_exports_pct"),
        ("{} of the lost sales re-routed to other buyers", "ge_rus_b06_rerouted_share"),
    ],
    "us-designations-2025-10": [
        ("RUS crude (B06) exports {}%", "ge_rus_b06_exports_pct"),
        ("refined products (C19) {}%", "ge_rus_c19_exports_pct"),
    ],
}


def _icio_table() -> str:
    rows = ["", "| scenario | USA | IND | CHN | RUS | also |", "|---|---|---|---|---|---|"]
    for name, also in ICIO_ALSO.items():
        v = _recorded()[name]
        if any(k.startswith("mc_") for k in v):  # bands: the range over the elasticity sets
            lo, hi = "mc_{}_welfare_low_pct", "mc_{}_welfare_high_pct"
            cells = [
                f"[{_rec(name, lo.format(c))}, {_rec(name, hi.format(c))}]"
                for c in ("usa", "ind", "chn", "rus")
            ]
            extra = "welfare over the eight elasticity sets, min–max"
        else:
            cells = [_rec(name, f"ge_{c}_welfare_pct") for c in ("usa", "ind", "chn", "rus")]
            parts = []
            for text, key in also:
                if key.endswith("_share"):
                    parts.append(text.format(f"{100 * float(v[key]):.0f}%"))
                else:
                    parts.append(
                        text.format(_rec(name, key, "+.3f" if "welfare" in key else "+.1f"))
                    )
            extra = "; ".join(parts)
        rows.append(f"| `{name}` | {' | '.join(cells)} | {extra} |")
    return "\n".join(rows) + "\n"


@cache
def _crude() -> Any:
    from tradewinds import services

    _store_ready()
    return services.crude_imports("IND", fiscal_year="2024-25")


def _crude_row(table: str, **where: str) -> Any:
    f = getattr(_crude(), table).frame
    for k, val in where.items():
        f = f[f[k] == val]
    return f.iloc[0]


def _crude_fig(table: str, col: str, unit: str) -> str:
    """A FY2024-25 figure of `tradewinds crude IND` (Russia's row where by source)."""
    where = {"source": "RUS"} if table == "by_source" else {"period": "FY2024-25"}
    v = float(_crude_row(table, **where)[col])
    if unit == "%":
        return _pct(100 * v)
    if unit == "bn":
        return f"{v / 1e9:.2f} bn"
    return f"{v:.0f}"


def _crude_discount() -> str:
    r = _crude_row("discount", period="FY2024-25")
    return (
        f"{r['discount_usd_per_t']:.1f} US$/t ({r['discount_usd_per_bbl']:.1f} US$/bbl), "
        f"band {r['discount_low_usd_per_t']:.0f}–{r['discount_high_usd_per_t']:.0f}"
    )


@cache
def _backtest() -> Any:
    from tradewinds import services

    _store_ready()
    return services.backtest().frame


def _bt_row(scenario: str, state: str | None = None, prediction: str | None = None) -> Any:
    f = _backtest()
    f = f[f["scenario"] == scenario]
    if state is not None:
        f = f[f["state"] == state]
    if prediction is not None:
        f = f[f["prediction"] == prediction]
    return f.iloc[0]


def _backtest_summary() -> str:
    """docs/cli/backtest.md's sentence on the case (official figures in US$ mn as published)."""
    us, rus = "India's exports to the US", "India–Russia trade (both ways)"
    same = _bt_row("(no change)", prediction=us)
    f = _backtest()
    chain = f[f["scenario"] == "us-india-2025-chain"]
    ge = chain[chain["horizon"].str.contains("GE")].iloc[0]
    pe = chain[chain["horizon"].str.contains("PE")].iloc[0]
    ge1 = _bt_row("us-india-2025-08")
    ms = _bt_row("us-india-2025-08-27-icio")
    flat = _bt_row("(no change)", prediction=rus)

    def bn(v: float) -> str:
        return _minus(f"{v / 1e9:.1f} bn")

    def pct(v: float, d: int = 1) -> str:
        return _minus(f"{v:+.{d}f}%")

    return (
        f"India's exports to the US were {same['observed_usd'] / 1e6:,.2f} US$ mn in "
        f"{same['observed_period']} against {same['base_usd'] / 1e6:,.2f} in the base year "
        f"({pct(same['observed_change_pct'])}); the chain's PE predicted {bn(pe['predicted_usd'])} "
        f"(error {bn(pe['error_usd'])}, {pct(pe['error_pct_of_observed'])}), its GE "
        f"{bn(ge['predicted_usd'])} ({pct(ge['error_pct_of_observed'], 0)}), the multi-sector GE "
        f"of the 27 Aug measures {bn(ms['predicted_usd'])} "
        f"({pct(ms['error_pct_of_observed'], 0)}), the one-sector GE of "
        f"50% on everything {bn(ge1['predicted_usd'])} ({pct(ge1['error_pct_of_observed'], 0)}); "
        f"the no-change yardstick misses by {bn(abs(same['error_usd']))}. India–Russia trade "
        f"went from {flat['base_usd'] / 1e6:,.2f} to {flat['observed_usd'] / 1e6:,.2f} US$ mn "
        f"({pct(flat['observed_change_pct'])})"
    )


@cache
def _migration() -> Any:
    from tradewinds import services

    _store_ready()
    return services.migration("IND", "RUS").corridor.frame


def _corridor(measure: str, frm: str, to: str) -> float:
    f = _migration()
    return float(
        f[(f["measure"] == measure) & (f["from_"] == frm) & (f["to"] == to)]["value"].iloc[0]
    )


def _shrimp_dates() -> str:
    """The shrimp line's additional duty on the dates docs/cli/tariffs.md names."""
    from tradewinds import services

    _store_ready()
    out = []
    for d in ("2025-06-01", "2025-08-10", "2025-08-27", "2026-02-08", "2026-02-24"):
        r = services.tariff_lines("USA", "IND", d, products=["03061700"]).frame.iloc[0]
        out.append(f"{100 * float(r['additional_rate']):.0f}% on {d}")
    return ", ".join(out)


FIGURES: dict[str, Callable[[], str]] = {
    "exposure.covered": lambda: f"{float(_exposure().frame['value_usd'].sum()) / 1e9:.1f}",  # type: ignore[attr-defined]
    "exposure.share50": _exposure_share50,
    "dependence.rus_in_ind_imports": lambda: _share("IND", "RUS", "import_share"),
    "dependence.ind_exports_to_rus": lambda: _share("IND", "RUS", "export_share"),
    "dependence.rus_exports_to_ind": lambda: _share("RUS", "IND", "export_share"),
    "potential.realised": lambda: _pct(100 * float(_potential()["realised_share"])),  # type: ignore[index]
    "potential.actual": lambda: f"{float(_potential()['actual_usd']) / 1e9:.2f}",  # type: ignore[index]
    "potential.potential": lambda: f"{float(_potential()['potential_usd']) / 1e9:.2f}",  # type: ignore[index]
    "case.pdf_pages": _case_pdf_pages,
    "case.push.before": lambda: (
        f"{_balance_row('india-russia-export-push', 'balance_before_usd'):,.1f}"
    ),
    "case.push.after": lambda: (
        f"{_balance_row('india-russia-export-push', 'balance_after_usd'):,.1f}"
    ),
    "case.oil.after": lambda: (
        f"{_balance_row('india-halts-russian-oil', 'balance_after_usd'):,.1f}"
    ),
    "case.path.end": _push_path_end,
    "case.pe.exports": lambda: _outcome("us-india-2025-08-27", "exports_change_pct"),
    "case.pe.protee": lambda: _outcome("us-india-2025-08-27", "sensitivity_exports_change_pct"),
    "case.pe.market": lambda: _outcome("us-india-2025-08-27", "market_exporter_change_usd"),
    "diversion.lost": lambda: f"{_diversion()['lost']:.1f}",
    "diversion.elsewhere": lambda: f"{_diversion()['elsewhere']:.1f}",
    "diversion.net": lambda: f"{_diversion()['net']:.1f}",
    "bands.ind_usa": _mc_pair_band,
    "icio.table": _icio_table,
    "crude.rus_value_share": lambda: _crude_fig("by_source", "value_share", "%"),
    "crude.rus_volume_share": lambda: _crude_fig("by_source", "volume_share", "%"),
    "crude.rus_unit_value": lambda: _crude_fig("discount", "target_unit_value_usd_per_t", ""),
    "crude.others_unit_value": lambda: _crude_fig("discount", "benchmark_unit_value_usd_per_t", ""),
    "crude.discount": _crude_discount,
    "crude.discount_value": lambda: _crude_fig("discount", "discount_value_usd", "bn"),
    "crude.bill_dgcis": lambda: _crude_fig("totals", "value_usd_dgcis", "bn"),
    "crude.bill_ppac": lambda: _crude_fig("totals", "value_usd_ppac", "bn"),
    "migration.stock": lambda: f"{_corridor('migrant stock', 'IND', 'RUS'):,.0f}",
    "migration.remittances": lambda: f"US$ {_corridor('remittances', 'RUS', 'IND') / 1e6:.1f} mn",
    "backtest.summary": _backtest_summary,
    "tariffs.shrimp_dates": _shrimp_dates,
}


# ---- check and write ----------------------------------------------------------------


def _figure(fid: str) -> str | None:
    """The text of inline figure ``fid``, or None when no function makes it."""
    if fid in FIGURES:
        return FIGURES[fid]()
    kind, _, rest = fid.partition(":")
    if kind == "out" and rest.count(":") == 1:
        name, key = rest.split(":")
        return _outcome(name, key)
    return None


def _transcripts(text: str) -> list[tuple[int, str]]:
    """Fenced blocks that show a command with its output: ``$ tradewinds …`` lines with
    other lines between them (a block of commands alone is an example, not output)."""
    out = []
    for m in FENCE.finditer(text):
        lines = m.group("body").splitlines()
        if (
            lines
            and lines[0].startswith("$ tradewinds")
            and any(ln.strip() and not ln.startswith("$ ") for ln in lines)
        ):
            out.append((text[: m.start()].count("\n") + 1, lines[0]))
    return out


def process(path: Path, *, write: bool) -> list[str]:
    """Check (or rewrite) the markers of one file; returns its problems."""
    text = path.read_text(encoding="utf-8")
    problems: list[str] = []
    rel = path.relative_to(ROOT)

    def run_block(m: re.Match[str]) -> str:
        cmd, opts = m.group("cmd").strip(), _options(m.group("opts"))
        try:
            got = run_command(cmd, opts.get("head"), opts.get("exit", 0))
        except RuntimeError as exc:
            problems.append(f"{rel}: {exc}")
            return m.group(0)
        if not _same(got, m.group("body")):
            problems.append(f"{rel}: `{cmd}` prints something else now")
        return f"<!-- run: {cmd}{m.group('opts')} -->\n```\n{got}```"

    def fig(m: re.Match[str]) -> str:
        fid = m.group("id")
        got = _figure(fid)
        if got is None:
            problems.append(f"{rel}: unknown figure {fid!r} (add it to FIGURES)")
            return m.group(0)
        if got != m.group("text"):
            problems.append(
                f"{rel}: figure {fid} reads {m.group('text')!r}, the code gives {got!r}"
            )
        return f"<!--f:{fid}-->{got}<!--/f-->"

    new = RUN.sub(run_block, text)
    new = FIG.sub(fig, new)
    for m in REF.finditer(new):  # every number of the quote is in the file that checks it
        src = ROOT / m.group("path")
        body = src.read_text(encoding="utf-8") if src.is_file() else ""
        if not body:
            problems.append(f"{rel}: {m.group('path')} does not exist")
        for n in NUMBER.findall(m.group("text")):
            if n not in body:
                problems.append(f"{rel}: {n} is not in {m.group('path')}")
    # figures quoted outside any marker cannot be checked: name them
    bare = OTHER.sub("", REF.sub("", FIG.sub("", RUN.sub("", new))))
    for m in QUOTED.finditer(bare):
        line = bare[: m.start()].count("\n") + 1
        problems.append(f"{rel}: {m.group(0)!r} is not generated (near line {line}): mark it")
    for line, first in _transcripts(bare):
        problems.append(
            f"{rel}: the transcript {first!r} (near line {line}) is typed, not generated: "
            "put <!-- run: … --> before it"
        )
    if write and new != text:
        path.write_text(new, encoding="utf-8")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--write", action="store_true", help="rewrite the marked blocks and figures")
    ap.add_argument("files", nargs="*", type=Path, help="default: README.md and docs/**/*.md")
    a = ap.parse_args(argv)
    files = [p.resolve() for p in a.files] or doc_files()
    problems = [p for f in files for p in process(f, write=a.write)]
    for p in problems:
        print(p)
    if a.write:
        left = [p for f in files for p in process(f, write=False)]
        return 1 if left else 0
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
