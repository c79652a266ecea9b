"""`tradewinds report scenario|relationship … --out FILE.html|.pdf`."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape

from tradewinds.cli._common import check_out_file, handle_errors, progress
from tradewinds.cli.output import err

app = typer.Typer(no_args_is_help=True)

OUT_HELP = "Report file: .html (one offline file) or .pdf (printed by headless Chromium)."


@app.command("scenario")
@handle_errors
def scenario(
    name: str = typer.Argument(..., help="Library name or scenario .toml file."),
    out_file: Path = typer.Option(Path("scenario.html"), "--out", "-o", help=OUT_HELP),
    draws: int | None = typer.Option(None, "--draws", min=1, help="Monte Carlo draws."),
    seed: int | None = typer.Option(None, "--seed", help="Monte Carlo seed."),
) -> None:
    """Run a scenario and write its report (tables, charts, map, Sankey, provenance)."""
    from tradewinds import services
    from tradewinds.reports.pdf import check_report_path, write_report
    from tradewinds.reports.scenario import write_scenario_report

    check_out_file(out_file)
    check_report_path(out_file)
    with progress(f"running {name}"):
        res = services.run_scenario(name, draws=draws, seed=seed)
    with progress("writing the report"):
        path = write_report(out_file, lambda p: write_scenario_report(res, p))
    err.print(escape(f"report written to {path}"))


@app.command("relationship")
@handle_errors
def relationship(
    a: str = typer.Argument(..., help="Country (ISO3, ISO2 or name)."),
    b: str = typer.Argument(..., help="Partner country."),
    out_file: Path = typer.Option(Path("relationship.html"), "--out", "-o", help=OUT_HELP),
    dataset: str = typer.Option("world2023", "--dataset", help="Dataset of the balance."),
    year: int | None = typer.Option(None, "--year", help="Calendar year (default: all)."),
    product_dataset: str = typer.Option(
        "india-eidb", "--product-dataset", help="Product-level dataset for the composition."
    ),
    fiscal_year: str | None = typer.Option(
        None, "--fiscal-year", help="Fiscal year of the composition, e.g. 2024-25."
    ),
) -> None:
    """The trade of A with B: balance, dependence, partners map, composition."""
    from tradewinds import services
    from tradewinds.reports.pdf import check_report_path, write_report
    from tradewinds.reports.relationship import write_relationship_report

    check_out_file(out_file)
    check_report_path(out_file)
    with progress(f"computing {a}–{b}"):
        rel = services.relationship(
            a,
            b,
            dataset=dataset,
            year=year,
            product_dataset=product_dataset,
            fiscal_year=fiscal_year,
        )
    with progress("writing the report"):
        path = write_report(out_file, lambda p: write_relationship_report(rel, p))
    err.print(escape(f"report written to {path}"))


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="report", help="Write an HTML or PDF report of an analysis.")
