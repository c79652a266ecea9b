"""Every figure quoted in README.md and docs/ comes from the code: regenerate or check them.

Two kinds of markers, invisible in rendered Markdown:

* a command transcript: ``<!-- run: tradewinds ARGS -->`` (optionally ``head=N`` to keep
  the first N lines of the output) right before a fenced block; the block is ``$ tradewinds
  ARGS`` followed by what the command prints;
* an inline figure: ``<!--f:ID-->text<!--/f-->``, where ID names a function of
  :data:`FIGURES` below that computes the text from the services.

``python scripts/docs_figures.py --write`` rewrites every marked block and figure from the
current code and data (run it after changing numbers, then read the diff);
``python scripts/docs_figures.py`` (and ``tests/docs/test_docs_figures.py``) checks them
and lists any figure (``12.3%``, ``4.05 bn``) quoted outside a marker.
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

ROOT = Path(__file__).resolve().parents[1]
RUN = re.compile(
    r"<!-- run: (?P<cmd>tradewinds [^>]*?)(?: head=(?P<head>\d+))? -->\n```\n(?P<body>.*?)```", re.S
)
FIG = re.compile(r"<!--f:(?P<id>[\w.-]+)-->(?P<text>.*?)<!--/f-->", re.S)
# a published figure a reference test checks: ``<!--ref:tests/…py-->+1.13%<!--/ref-->``
REF = re.compile(r"<!--ref:(?P<path>[\w./-]+)-->(?P<text>.*?)<!--/ref-->", re.S)
NUMBER = re.compile(r"\d+(?:\.\d+)?")
# a quoted figure: a decimal with %, bn or mn (legal rates such as "25%" are not results)
QUOTED = re.compile(r"(?<![\w.])[-+−]?\d[\d,]*\.\d+ ?(?:%|bn|mn)\b|(?<![\w.])[-+−]?\d[\d,]*\.\d+%")
# what differs between two runs of the same command: durations
VOLATILE = re.compile(r"\d[\d,]*(?:\.\d+)? ?(?:ms|s)\b|\d+(?:\.\d+)? draws/s")


def doc_files() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


@cache
def _store_ready() -> None:
    """The commands run on the embedded data, in a store of their own unless
    TRADEWINDS_HOME names one."""
    if not os.environ.get("TRADEWINDS_HOME"):
        os.environ["TRADEWINDS_HOME"] = tempfile.mkdtemp(prefix="tradewinds-docs-")


@cache
def run_command(cmd: str, head: int | None = None) -> str:
    """What ``cmd`` prints (stdout), as the block shows it: ``$ cmd`` and the output."""
    from typer.testing import CliRunner

    from tradewinds.cli import app

    _store_ready()
    args = shlex.split(cmd)[1:]
    here = os.getcwd()
    with tempfile.TemporaryDirectory(prefix="tradewinds-docs-run-") as d:
        os.chdir(d)  # what a command writes (out/…) lands in a folder of its own
        try:
            r = CliRunner().invoke(app, args)
        finally:
            os.chdir(here)
    if r.exit_code != 0:
        raise RuntimeError(f"`{cmd}` exited {r.exit_code}: {r.stderr or r.stdout}")
    lines = [ln.rstrip() for ln in r.stdout.rstrip().splitlines()]
    if head is not None and len(lines) > head:
        lines = [*lines[:head], "…"]
    return "\n".join([f"$ {cmd}", *lines]) + "\n"


def _same(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return VOLATILE.sub("…", "\n".join(ln.rstrip() for ln in s.strip().splitlines()))

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
}


# ---- check and write ----------------------------------------------------------------


def process(path: Path, *, write: bool) -> list[str]:
    """Check (or rewrite) the markers of one file; returns its problems."""
    text = path.read_text(encoding="utf-8")
    problems: list[str] = []
    rel = path.relative_to(ROOT)

    def run_block(m: re.Match[str]) -> str:
        cmd, head = m.group("cmd").strip(), m.group("head")
        got = run_command(cmd, int(head) if head else None)
        if not _same(got, m.group("body")):
            problems.append(f"{rel}: `{cmd}` prints something else now")
        opener = f"<!-- run: {cmd}" + (f" head={head}" if head else "") + " -->"
        return f"{opener}\n```\n{got}```"

    def fig(m: re.Match[str]) -> str:
        fid = m.group("id")
        if fid not in FIGURES:
            problems.append(f"{rel}: unknown figure {fid!r} (add it to FIGURES)")
            return m.group(0)
        got = FIGURES[fid]()
        if got != m.group("text"):
            problems.append(
                f"{rel}: figure {fid} reads {m.group('text')!r}, the code gives {got!r}"
            )
        return f"<!--f:{fid}-->{got}<!--/f-->"

    new = RUN.sub(run_block, text)
    new = FIG.sub(fig, new)
    for m in REF.finditer(new):  # every number of the quote is in the test that checks it
        src = ROOT / m.group("path")
        body = src.read_text(encoding="utf-8") if src.is_file() else ""
        if not body:
            problems.append(f"{rel}: {m.group('path')} does not exist")
        for n in NUMBER.findall(m.group("text")):
            if n not in body:
                problems.append(f"{rel}: {n} is not in {m.group('path')}")
    # figures quoted outside any marker cannot be checked: name them
    bare = REF.sub("", FIG.sub("", RUN.sub("", new)))
    for m in QUOTED.finditer(bare):
        line = bare[: m.start()].count("\n") + 1
        problems.append(f"{rel}: {m.group(0)!r} is not generated (near line {line}): mark it")
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
