"""`tradewinds oil-tradeoff`, `tradewinds sanctions` and `tradewinds rebuild-mirror`:
the discount kept on Russian crude against the US duty levied for it, the sanctions in
force on a date, and a country's trade rebuilt from its partners' reports."""

from __future__ import annotations

import typer
from rich.table import Table

from tradewinds import services
from tradewinds.cli._common import handle_errors, progress
from tradewinds.cli.output import Format, out, print_wide, render
from tradewinds.formatting import NO_END_DATE, format_number

FMT = typer.Option(Format.table, "--format", "-f", help="table, json or csv.")


def register(app: typer.Typer) -> None:
    @app.command("oil-tradeoff")
    @handle_errors
    def oil_tradeoff(
        country: str = typer.Argument(..., help="The crude importer the duty hits, e.g. IND."),
        as_of: str = typer.Option(..., "--as-of", help="Date, YYYY-MM-DD."),
        supplier: str = typer.Option("RUS", "--supplier", help="Whose crude, e.g. RUS."),
        scenario: str = typer.Option(
            services.DUTY_SCENARIO, "--scenario", help="Scenario that prices the duty (PE)."
        ),
        fmt: Format = FMT,
    ) -> None:
        """The discount COUNTRY keeps on SUPPLIER's crude against the duty levied for it."""
        with progress("pricing the duty (PE on the tariff lines)"):
            a = services.oil_tradeoff_table(
                country, as_of, supplier=supplier, duty_scenario=scenario
            )
        if fmt is not Format.table:
            render(a, fmt, title="")
            return
        t = Table(
            title=f"Oil trade-off of {a.frame['as_of'].iloc[0]}: the discount kept on "
            f"{supplier} crude against the duty levied for it (US$ a year)",
            title_justify="left",
            header_style="bold",
        )
        for c in ("#", "item", "value", "low", "high"):
            t.add_column(c, justify="left" if c == "item" else "right")
        for i, r in enumerate(a.frame.to_dict("records"), 1):
            t.add_row(
                str(i),
                r["item"],
                *(format_number(r[c], "usd") for c in ("value_usd", "low_usd", "high_usd")),
            )
        out.print(t)
        for i, r in enumerate(a.frame.to_dict("records"), 1):
            out.print(f"[dim]{i}. {r['basis']}[/]")
        for n in a.notes:
            out.print(f"[yellow]note:[/] {n}")
        out.print(f"[dim]source: {a.source} | coverage: {a.coverage} | tradewinds {a.version}[/]")

    @app.command("sanctions")
    @handle_errors
    def sanctions(
        as_of: str = typer.Option(..., "--as-of", help="Date, YYYY-MM-DD."),
        kind: str | None = typer.Option(
            None, "--kind", help="embargo, price_cap, designation or secondary."
        ),
        imposer: str | None = typer.Option(None, "--imposer", help="EU, USA or GBR."),
        fmt: Format = FMT,
    ) -> None:
        """The oil sanctions in force on a date, each with its legal citation."""
        a = services.sanctions_in_force(as_of, kind=kind, imposer=imposer)
        if fmt is not Format.table:
            render(a, fmt, title="")
            return
        t = Table(
            title=f"Oil sanctions in force on {as_of} ({len(a.frame)} entries)",
            title_justify="left",
            header_style="bold",
        )
        cols = ("id", "kind", "imposer", "target", "products", "measure", "from", "to")
        rows = [
            [_text(r[c]) or (NO_END_DATE if c == "to" else "") for c in cols]
            for r in a.frame.to_dict("records")
        ]
        for i, c in enumerate(cols):  # an id or a date is never cut; the measure wraps
            longest = max((len(row[i]) for row in rows), default=len(c))
            t.add_column(c, min_width=None if c == "measure" else max(longest, len(c)))
        for row in rows:
            t.add_row(*row)
        print_wide(t)
        des = a.frame[a.frame["kind"] == "designation"]
        for r in des.to_dict("records"):
            if _text(r["export_share"]):
                out.print(
                    f"[bold]{r['id']}[/]: the firms carry {r['export_share']:.0%} of "
                    f"{r['export_share_of']} ({r['export_share_source']})"
                )
        for r in a.frame.to_dict("records"):
            binds = f" | binds: {r['binds']}" if _text(r["binds"]) else ""
            wd = f" | wind-down: {r['wind_down']}" if r["wind_down"] else ""
            out.print(f"[dim]{r['id']}: {r['citation']}{binds}{wd}[/]")
        for n in a.notes:
            out.print(f"[yellow]note:[/] {n}")
        out.print(f"[dim]source: {a.source} | {a.vintage}[/]")
        out.print(f"[dim]coverage: {a.coverage}[/]")

    @app.command("rebuild-mirror")
    @handle_errors
    def rebuild_mirror(
        country: str = typer.Argument(..., help="The country that does not report, e.g. RUS."),
        partner: list[str] | None = typer.Option(
            None, "--partner", "-p", help="Partner(s) whose reports to use; default: all."
        ),
        dataset: str = typer.Option(
            services.EIDB_DATASET, "--dataset", "-d", help="Store dataset of partner reports."
        ),
        no_dataset: bool = typer.Option(False, "--no-dataset", help="Use the crude data only."),
        crude: bool = typer.Option(True, "--crude/--no-crude", help="Add partners' crude data."),
        cif_fob: float | None = typer.Option(
            None, "--cif-fob", help="CIF/FOB ratio to estimate FOB exports (e.g. 1.05)."
        ),
        fmt: Format = FMT,
    ) -> None:
        """COUNTRY's trade rebuilt from its partners' reports (mirror), labelled so."""
        a = services.rebuilt_trade(
            country,
            partners=[p for x in (partner or []) for p in x.split(",") if p.strip()] or None,
            dataset=None if no_dataset else dataset,
            crude=crude,
            cif_fob_ratio=cif_fob,
        )
        cols = ["period", "direction", "partner", "reported_by", "valuation", "scope", "lines",
                "value_usd"]  # fmt: skip
        render(
            a,
            fmt,
            title=f"{a.frame['country'].iloc[0]}'s trade as its partners report it (mirror)",
            columns=cols if fmt is Format.table else None,
        )


def _text(v: object) -> str:
    """A cell as text; missing (None, NaN) as empty."""
    if v is None or (isinstance(v, float) and v != v):
        return ""
    return str(v)
