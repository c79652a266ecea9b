"""`tradewinds case india-russia`: the showcase case end to end."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from tradewinds import services
from tradewinds.cli._common import check_out_file, handle_errors, progress
from tradewinds.cli.output import err, out

app = typer.Typer(no_args_is_help=True)


def scenario_lines(case: services.IndiaRussiaCase) -> list[str]:
    """The case's scenarios in a line each: the headline, its alternatives with why they
    differ, and why the one-year push and the five-year balance path disagree."""
    from tradewinds.reports.scenario import push_vs_path

    lines: list[str] = []
    push_after: float | None = None
    for r in case.scenarios:
        smy = r.values
        if "exports_change_pct" in smy:
            head = r.outcome("exports_change_pct")
            lines.append(
                f"scenario {r.name}: India's exports to the US on the covered lines "
                f"{head.text} ({head.horizon or 'PE'})"
            )
            for o in r.summary().reader_rows():
                if o.role == "alternative" and o.alt_of in {"exports_change_pct",
                                                            "exports_change_usd"}:  # fmt: skip
                    lines.append(f"    or {o.text}: {o.label}; {o.why}")
        if "balance" in r.tables:
            b = r.tables["balance"].iloc[-1]
            lines.append(
                f"scenario {r.name}: balance with Russia {b['balance_before_usd'] / 1e9:,.1f}"
                f" → {b['balance_after_usd'] / 1e9:,.1f} bn ({b['base']})"
            )
            if "push" in r.tables:
                push_after = float(b["balance_after_usd"])
    if case.balance_path is not None and push_after is not None:
        lines.append(push_vs_path(case.scenarios, case.balance_path.frame))
    return lines


def _bn(v: float) -> str:
    return "n/a" if v != v else f"{v / 1e9:,.3f}"


@app.command("india-russia")
@handle_errors
def india_russia(
    out_file: Path = typer.Option(
        Path("india-russia.html"),
        "--out",
        "-o",
        help="Where to write the report: .html (offline, one file) or .pdf (headless Chromium).",
    ),
    fiscal_year: str = typer.Option(
        "2024-25", "--fiscal-year", help="Fiscal year for the composition (EIDB)."
    ),
    workers: int = typer.Option(
        2,
        "--workers",
        min=1,
        max=2,
        help="2: the longest scenarios run in a second process beside the rest (on a machine "
        "with a second core); 1: all in this one. The same results.",
    ),
) -> None:
    """India–Russia trade under US tariff pressure: figures, composition, report."""
    from tradewinds.reports.pdf import check_report_path, write_report

    check_out_file(out_file)
    check_report_path(out_file)
    beside = None
    if workers > 1:  # started first: it imports and runs while this process imports
        from tradewinds.cases.india_russia import SECOND_PROCESS
        from tradewinds.config import get_settings
        from tradewinds.services._beside import Beside

        beside = Beside(SECOND_PROCESS, str(get_settings().home))
    from tradewinds.reports.case import write_case_report

    try:
        with progress("computing the India–Russia case"):
            case = services.case_india_russia(
                fiscal_year=fiscal_year, workers=workers, beside=beside
            )
    finally:  # (an error before the service reads it: the second process stops)
        if beside is not None:
            beside.close()
    t = Table(
        title="India's goods trade, calendar 2023 (BACI, US$ bn)",
        title_justify="left",
        header_style="bold",
    )
    for c in ("partner", "exports", "imports", "total", "balance"):
        t.add_column(c, justify="right" if c != "partner" else "left")
    for a in (case.balance_rus, case.balance_usa):
        r = a.frame.iloc[0]
        t.add_row(
            r["partner"],
            _bn(r["exports_usd"]),
            _bn(r["imports_usd"]),
            _bn(r["total_usd"]),
            _bn(r["balance_usd"]),
        )
    out.print(t)
    if case.official_rus is not None:
        ot = Table(
            title="India–Russia by India's fiscal year (DGCI&S, US$ bn; the last years)",
            title_justify="left",
            header_style="bold",
        )
        for c in ("period", "exports", "imports", "total", "balance", "", "balance without crude"):
            ot.add_column(c, justify="left" if c in ("period", "") else "right")
        crude = (
            dict(zip(case.deficit_rus.frame["period"],
                     case.deficit_rus.frame["balance_without_part_usd"], strict=True))
            if case.deficit_rus is not None
            else {}
        )  # fmt: skip
        for fy in case.official_rus.frame.tail(5).to_dict("records"):
            ot.add_row(
                fy["period"],
                _bn(fy["exports_usd"]),
                _bn(fy["imports_usd"]),
                _bn(fy["total_usd"]),
                _bn(fy["balance_usd"]),
                "provisional" if fy.get("provisional") else "",
                _bn(crude.get(fy["period"], float("nan"))),
            )
        out.print(ot)
        for v in case.record:
            out.print(f"[bold]{v.claim.figure}[/]: {v.verdict}. {v.statistic}")
            if v.record:
                out.print(f"  record check: {v.record}")
            if v.since:
                out.print(f"  since then: {'; '.join(v.since)}")
    pt = Table(
        title="Published: India–Russia by fiscal year (US$ bn)",
        title_justify="left",
        header_style="bold",
    )
    for c in ("period", "metric", "value", "tag", "source"):
        pt.add_column(c)
    for pub in case.published[case.published["unit"] == "usd_bn"].to_dict("records"):
        pt.add_row(
            str(pub["period"]),
            str(pub["metric"]),
            f"{pub['value']:,.2f}",
            str(pub["tag"]),
            str(pub["source"]),
        )
    out.print(pt)
    gt = Table(
        title=f"India's exports by product group, FY{fiscal_year} (EIDB, US$ mn)",
        title_justify="left",
        header_style="bold",
    )
    for c in ("group", "to Russia", "share", "to the US", "share "):
        gt.add_column(c, justify="left" if c == "group" else "right")
    g = case.groups_rus.frame.merge(
        case.groups_usa.frame, on=["period", "code", "label"], suffixes=("_r", "_u")
    )
    from tradewinds.accounting.coverage import format_level, share_of_level

    def share(v: float, level: float, status: str | None) -> str:
        got = share_of_level(v, level, status)
        return got if isinstance(got, str) else "" if got != got else f"{got:.1%}"

    for grp in g.to_dict("records"):
        gt.add_row(
            str(grp["label"]),
            format_level(grp["value_usd_r"], grp.get("status_r"), scale=1e6, digits=0),
            share(grp["share_r"], grp["value_usd_r"], grp.get("status_r")),
            format_level(grp["value_usd_u"], grp.get("status_u"), scale=1e6, digits=0),
            share(grp["share_u"], grp["value_usd_u"], grp.get("status_u")),
        )
    out.print(gt)
    out.print(f"[yellow]coverage:[/] {case.eidb_rus.coverage}")
    out.print(
        f"[dim]BACI: {case.balance_rus.vintage}; EIDB: {case.eidb_rus.vintage}; "
        f"store {case.balance_rus.provenance['store_hash']}[/]"
    )
    if case.exposure is not None:
        sm = case.exposure.extra["summary"]
        out.print(
            f"US measures of 27 Aug 2025 on these lines: {sm['exempt_share']:.1%} exempt, "
            f"{sm['non_exempt_usd'] / 1e9:,.1f} bn of {sm['total_usd'] / 1e9:,.1f} bn pay "
            "additional duties (`tradewinds exposure USA IND --as-of 2025-08-27`)"
        )
        if "exempt_share_strict" in sm:
            out.print(
                f"    or {sm['exempt_share_strict']:.1%} exempt counting only list entries of "
                "six digits or fewer: India's 8-digit lines agree with US tariff lines only to "
                "six digits, so the headline lets an entry within a line's HS6 reach it"
            )
    for line in scenario_lines(case):
        out.print(escape(line))
    with progress("writing the report"):
        path = write_report(out_file, lambda p: write_case_report(case, p))
    err.print(escape(f"report written to {path}"))
