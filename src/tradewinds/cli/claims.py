"""`tradewinds check`: check published claims against the data."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from tradewinds import services
from tradewinds.cli._common import handle_errors
from tradewinds.cli.output import Format, out


def _show(v: Any, previous: str | None) -> None:
    from rich.markup import escape

    c = v.claim
    colour = {
        "consistent": "green",
        "cannot check exactly": "yellow",
        "not checkable": "cyan",
        "unreadable": "magenta",
    }.get(v.verdict, "red")
    if c.text != previous:  # one sentence may hold several claims: print it once
        line = f"line {v.line}: " if v.line else ""
        out.print(f"[bold]{line}{escape(c.text)}[/]")
    if c.figure:
        out.print(f"  [dim]figure:[/] {escape(c.figure)}")
    out.print(f"  understood: {escape('; '.join(c.understood))}")
    tol = f" (tolerance ±{v.tolerance:.2g})" if v.tolerance == v.tolerance else ""
    out.print(f"  verdict: [{colour}]{v.verdict}[/]{tol}")
    if v.statistic:
        out.print(f"  statistic: {escape(v.statistic)}")
    if v.record:
        out.print(f"  record check: {escape(v.record)}")
    for r in v.reasons:
        out.print(f"   - {escape(r)}")


def _rates(text: str | None, option: str) -> dict[str, float]:
    from tradewinds.errors import DataValidationError

    out: dict[str, float] = {}
    for part in filter(None, (text or "").split(",")):
        if "=" not in part:
            raise DataValidationError(
                f"{part!r} is not GROUP=RATE",
                column=option,
                fix=f"write {option} pharmaceuticals=0.5,agriculture=1",
            )
        k, v = part.split("=", 1)
        try:
            out[k.strip()] = float(v)
        except ValueError:
            raise DataValidationError(
                f"{v!r} is not a number",
                column=option,
                fix="rates are fractions: 0.5 = +50% a year",
            ) from None
    return out


def register(app: typer.Typer) -> None:
    @app.command()
    @handle_errors
    def potential(
        exporter: str = typer.Argument(..., help="Exporter, e.g. IND."),
        market: str = typer.Argument("all", help="Market, e.g. RUS; 'all' for every market."),
        dataset: str = typer.Option(
            services.DEFAULT_DATASET,
            "--dataset",
            "-d",
            help="Dataset with products of all countries (BACI HS6) for product-level potential.",
        ),
        digits: int = typer.Option(6, "--digits", help="HS level of products."),
        distance: bool = typer.Option(
            True, "--distance/--no-distance", help="Adjust demand for distance (CEPII)."
        ),
        tariffs: str = typer.Option(
            "none", "--tariffs", help="none or ustr-2025-04-02 (tariff advantage in the US market)."
        ),
        top: int = typer.Option(20, "--top", help="Rows shown (0 = all)."),
        fmt: Format = typer.Option(Format.table, "--format", "-f"),
    ) -> None:
        """Export potential (ITC method): where could EXPORTER sell MARKET more?"""
        from tradewinds.cli.output import render

        a = services.potential(
            exporter,
            None if market == "all" else market,
            dataset=dataset,
            digits=digits,
            distance=distance,
            tariffs=tariffs,
        )
        if top:
            a = services.Analysis(
                frame=a.frame.head(top),
                dataset=a.dataset,
                source=a.source,
                vintage=a.vintage,
                coverage=a.coverage,
                store_hash=a.store_hash,
                notes=a.notes,
                extra=a.extra,
            )
        render(a, fmt, title=f"Export potential of {exporter} in {market}")

    @app.command("balance-path")
    @handle_errors
    def balance_path(
        reporter: str = typer.Argument(..., help="Reporter, e.g. IND."),
        partner: str = typer.Argument(..., help="Partner, e.g. RUS."),
        export_growth: str | None = typer.Option(
            None,
            "--export-growth",
            help="Yearly growth by product group, e.g. pharmaceuticals=0.5,agriculture=1.0",
        ),
        import_change: str | None = typer.Option(
            None, "--import-change", help="Yearly change of imports by group, e.g. crude=-0.2"
        ),
        years: int = typer.Option(5, "--years"),
        base: str = typer.Option("published", "--base", help="published (FY) or baci (2023)."),
        fmt: Format = typer.Option(Format.table, "--format", "-f"),
        chart: Path | None = typer.Option(None, "--chart", help=".html or .png"),
    ) -> None:
        """The balance year by year under export and import changes; the growth to close it.

        Also the export growth needed to halve the gap."""
        from tradewinds.cli._common import save_chart
        from tradewinds.cli.output import render

        a = services.balance_path(
            reporter,
            partner,
            export_growth=_rates(export_growth, "--export-growth"),
            import_change=_rates(import_change, "--import-change"),
            years=years,
            base=base,
        )
        render(a, fmt, title=f"Balance of {reporter} with {partner}, year by year")
        if chart:
            from tradewinds.reports.figures import balance_figure

            f = a.frame.assign(period=a.frame["year"].astype(str))
            save_chart(balance_figure(f, title=f"{reporter}–{partner} balance path"), chart)

    @app.command()
    @handle_errors
    def check(
        claim: str | None = typer.Argument(
            None,
            help='A sentence, e.g. "Bilateral trade between New Delhi and Moscow reached a '
            'record $68.7 billion for the year ended March 2025".',
        ),
        file: Path | None = typer.Option(
            None,
            "--file",
            help="An article (.txt, .md: every figure in it is checked) or claims.toml "
            "(\\[context] and \\[\\[claims]] with text and source).",
        ),
        reporter: str | None = typer.Option(None, "--reporter", help="Context: reporter."),
        partner: str | None = typer.Option(None, "--partner", help="Context: partner."),
        period: str | None = typer.Option(None, "--period", help="Context: e.g. FY2024-25."),
        as_of: str | None = typer.Option(
            None, "--as-of", help="The article's date (YYYY-MM-DD): resolves 'last year'."
        ),
        fmt: Format = typer.Option(Format.table, "--format", "-f"),
    ) -> None:
        """Check claims: each figure against the statistic that answers it.

        Gives a verdict, the statistic used and why sources differ; a whole article with
        --file."""
        from tradewinds.services._common import parse_date

        if (claim is None) == (file is None):
            from tradewinds.errors import DataValidationError

            raise DataValidationError(
                "give either a claim or --file",
                column="claim",
                fix='tradewinds check "…" or tradewinds check --file article.txt',
            )
        ctx = {
            k: v for k, v in (("reporter", reporter), ("partner", partner), ("period", period)) if v
        }
        day = parse_date(as_of, "as_of") if as_of else None
        verdicts = (
            services.check_claims_file(file, context=ctx or None, as_of=day)
            if file is not None
            else services.check_claim(claim or "", context=ctx, as_of=day)
        )
        if fmt is Format.json:
            sys.stdout.write(
                json.dumps([v.as_dict() for v in verdicts], indent=2, default=str) + "\n"
            )
            return
        if fmt is Format.csv:
            import pandas as pd

            pd.DataFrame(
                [
                    {
                        **v.claim.as_dict(),
                        "line": v.line,
                        "verdict": v.verdict,
                        "statistic": v.statistic,
                        "record_check": v.record,
                        "since": " | ".join(v.since),
                        "reasons": " | ".join(v.reasons),
                    }
                    for v in verdicts
                ]
            ).to_csv(sys.stdout, index=False)
            return
        if not verdicts:
            out.print("no trade figure found in the text")
            return
        previous = None
        for v in verdicts:
            _show(v, previous)
            previous = v.claim.text
        if len(verdicts) > 1:
            t = Table(header_style="bold", title="Summary", title_justify="left")
            for col in ("line", "figure", "claim", "verdict"):
                t.add_column(col)
            for v in verdicts:
                t.add_row(
                    str(v.line or ""),
                    escape(v.claim.figure or ""),
                    escape((v.claim.understood[0] if v.claim.understood else v.claim.text)[:70]),
                    v.verdict,
                )
            out.print(t)
