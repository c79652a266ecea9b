"""`tradewinds backtest`: the library's predictions beside the official figures."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table

from tradewinds.cli._common import handle_errors, progress
from tradewinds.cli.output import Format, out, render

FMT = typer.Option(Format.table, "--format", "-f", help="table, json or csv.")
COLUMNS = [
    "prediction",
    "scenario",
    "state",
    "horizon",
    "predicted_usd",
    "observed_usd",
    "error_usd",
    "error_pct",
    "predicted_change_pct",
    "observed_change_pct",
]


def register(app: typer.Typer) -> None:
    @app.command()
    @handle_errors
    def backtest(
        fiscal_year: str = typer.Option(
            "2025-26", "--fiscal-year", help="The observed year the predictions are set beside."
        ),
        base: str = typer.Option(
            "2024-25", "--base", help="The observed year the predictions start from."
        ),
        fmt: Format = FMT,
        chart: Path | None = typer.Option(None, "--chart", help="Save the chart (.html or .png)."),
    ) -> None:
        """Each library prediction with an observed counterpart, beside the official figure.

        With its horizon, policy dates, overlap with the observed year and error; and what
        the models cannot see."""
        from tradewinds import services
        from tradewinds.reports.backtest import backtest_figure
        from tradewinds.scenarios.result import short_horizon

        with progress("running the library's predictions"):
            a = services.backtest(target=fiscal_year, base=base)
        if fmt is not Format.table:
            render(a, fmt, title="", columns=None)
            return
        frame = a.frame.assign(
            horizon=a.frame["horizon"].map(short_horizon),
            error_pct=a.frame["error_pct_of_observed"],
        )
        render(
            services.Analysis(
                frame=frame,
                dataset=a.dataset,
                source=a.source,
                vintage=a.vintage,
                coverage=a.coverage,
                store_hash=a.store_hash,
            ),
            fmt,
            title=f"Predictions against {a.frame['observed_period'].iloc[0]} (official, "
            "provisional)",
            columns=COLUMNS,
        )
        for r in a.frame.to_dict("records"):
            text = f"[bold]{r['scenario']}[/] {r['state']}: {r['how']}"
            if r["overlap"]:
                text += f"; {r['overlap']}"
            if r["note"]:
                text += f" ({r['note']})"
            out.print(text)
        ch = a.extra["chapters"]
        if not ch.empty:
            t = Table(
                title="By HS chapter: predicted change to the US vs observed change to the world",
                title_justify="left",
                header_style="bold",
            )
            for c in (
                "chapter",
                "to US, data",
                "predicted to US",
                "world base",
                "world observed",
                "observed change",
                "error",
            ):
                t.add_column(c, justify="left" if c == "chapter" else "right")
            for r in ch.to_dict("records"):
                t.add_row(
                    r["chapter"],
                    *(
                        f"{r[k] / 1e9:,.2f}"
                        for k in (
                            "to_importer_data_usd",
                            "predicted_change_usd",
                            "world_base_usd",
                            "world_observed_usd",
                            "observed_change_usd",
                            "error_usd",
                        )
                    ),
                )
            out.print(t)
        for r in a.extra["not_yet"].to_dict("records"):
            out.print(f"[dim]not comparable yet: {r['prediction']}: {r['why']}[/]")
        out.print("[bold]What the models cannot see[/]")
        for b in a.extra["blind_spots"]:
            out.print(f" - {b}")
        for n in a.notes:
            out.print(f"[yellow]note:[/] {n}")
        out.print(f"[dim]scenarios: {json.dumps(a.extra['scenarios'])}[/]")
        if chart:
            from tradewinds.cli._common import save_chart

            save_chart(backtest_figure(a), chart)
