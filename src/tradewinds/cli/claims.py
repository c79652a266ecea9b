"""`tradewinds check`: check published claims against the data."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from tradewinds import services
from tradewinds.cli._common import handle_errors
from tradewinds.cli.output import Format, out


def _show(v: Any) -> None:
    c = v.claim
    colour = {"consistent": "green", "cannot check exactly": "yellow"}.get(v.verdict, "red")
    out.print(f"[bold]{c.text}[/]")
    out.print(f"  understood: {'; '.join(c.understood)}")
    out.print(f"  verdict: [{colour}]{v.verdict}[/] (tolerance ±{v.tolerance:g})")
    for r in v.reasons:
        out.print(f"   - {r}")


def register(app: typer.Typer) -> None:
    @app.command()
    @handle_errors
    def check(
        claim: str | None = typer.Argument(
            None,
            help='A sentence, e.g. "India–Russia trade '
            "reached a record $68.7 billion in the fiscal year "
            'ended March 2025".',
        ),
        file: Path | None = typer.Option(
            None, "--file", help="claims.toml: [context] and [[claims]] with text and source."
        ),
        reporter: str | None = typer.Option(None, "--reporter", help="Context: reporter."),
        partner: str | None = typer.Option(None, "--partner", help="Context: partner."),
        period: str | None = typer.Option(None, "--period", help="Context: e.g. FY2024-25."),
        fmt: Format = typer.Option(Format.table, "--format", "-f"),
    ) -> None:
        """Parse a claim, recompute it from every dataset that can, and give a verdict."""
        if (claim is None) == (file is None):
            from tradewinds.errors import DataValidationError

            raise DataValidationError(
                "give either a claim or --file",
                column="claim",
                fix='tradewinds check "…" or tradewinds check --file F',
            )
        ctx = {
            k: v for k, v in (("reporter", reporter), ("partner", partner), ("period", period)) if v
        }
        verdicts = (
            services.check_claims_file(str(file))
            if file is not None
            else [services.check_claim(claim or "", context=ctx)]
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
                    {**v.claim.as_dict(), "verdict": v.verdict, "reasons": " | ".join(v.reasons)}
                    for v in verdicts
                ]
            ).to_csv(sys.stdout, index=False)
            return
        for v in verdicts:
            _show(v)
        if len(verdicts) > 1:
            t = Table(header_style="bold", title="Summary", title_justify="left")
            for col in ("claim", "verdict"):
                t.add_column(col)
            for v in verdicts:
                t.add_row(v.claim.text[:80], v.verdict)
            out.print(t)
