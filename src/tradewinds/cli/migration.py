"""`tradewinds migration`: migrant stocks and remittances of a corridor, and the
published figures on workers, apart."""

from __future__ import annotations

import json
import sys

import typer
from rich.table import Table

from tradewinds import services
from tradewinds.cli._common import handle_errors
from tradewinds.cli.output import Format, _records, out, render


def register(app: typer.Typer) -> None:
    @app.command()
    @handle_errors
    def migration(
        origin: str = typer.Argument(..., help="The migrants' home country, e.g. IND."),
        host: str = typer.Argument(..., help="Where they live and work, e.g. RUS."),
        dataset: str = typer.Option(
            services.MIGRATION_DATASET, "--dataset", "-d", help="A migration dataset."
        ),
        fmt: Format = typer.Option(Format.table, "--format", "-f", help="table, json or csv."),
    ) -> None:
        """Migrant stock and remittances of a corridor (KNOMAD 2021), published figures apart."""
        m = services.migration(origin, host, dataset=dataset)
        a = m.corridor
        if fmt is Format.json:
            doc = {
                "corridor": _records(a.frame),
                "notes": list(a.notes),
                **a.provenance,
                "published_figures": _records(m.published),
            }
            sys.stdout.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
            return
        if fmt is Format.csv:
            render(a, fmt, title="")
            return
        f = a.frame.assign(
            value=[
                f"{v:,.0f} persons" if meas == "migrant stock" else f"{v / 1e6:,.1f} mn US$"
                for meas, v in zip(a.frame["measure"], a.frame["value"], strict=True)
            ]
        )[["measure", "from_", "to", "value", "unit"]]
        render(
            services.Analysis(
                frame=f,
                dataset=a.dataset,
                source=a.source,
                vintage=a.vintage,
                coverage=a.coverage,
                store_hash=a.store_hash,
                notes=a.notes,
            ),
            Format.table,
            title=f"{m.origin}–{m.host}: migrants and remittances, 2021 (KNOMAD estimates)",
        )
        if not m.published.empty:
            t = Table(
                title=f"Published figures on {m.origin} workers in {m.host} (kept apart: "
                "never added to the estimates)",
                title_justify="left",
                header_style="bold",
            )
            for c in ("period", "metric", "value", "status", "source", "date"):
                t.add_column(c, justify="right" if c == "value" else "left")
            for r in m.published.to_dict("records"):
                t.add_row(
                    str(r["period"]),
                    str(r["metric"]),
                    f"{float(r['value']):,.0f}",
                    str(r["status"]),
                    str(r["source"]),
                    str(r["source_date"]),
                )
            out.print(t)
            out.print(
                "[dim]work_quota: a ceiling; work_permits: issued in the year; "
                "workers_present: a stock at a date; a denied claim is shown as such[/]"
            )
