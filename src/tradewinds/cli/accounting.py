"""Accounting commands: balance, composition, partners, dependence, indicators, mirror."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import typer

from tradewinds import services
from tradewinds.cli._common import exclusive, handle_errors, save_chart
from tradewinds.cli.output import Format, render

FMT = typer.Option(Format.table, "--format", "-f", help="table, json or csv.")
DATASET = typer.Option(
    services.DEFAULT_DATASET,
    "--dataset",
    "-d",
    help="Dataset id in the store (see `tradewinds data list`).",
)
AUTO_DATASET = typer.Option(
    None,
    "--dataset",
    "-d",
    help="Dataset id in the store (see `tradewinds data list`). Default: the official "
    "statistics for a fiscal year of their country (India: india-tradestat, DGCI&S), "
    "else world2023 (BACI, calendar 2023).",
)
PARTIAL_TRENDS = typer.Option(
    False,
    "--allow-partial-trends",
    help="Compute growth, records and 'highest since' on a dataset with partial coverage "
    "too (they then compare incomplete figures: off by default).",
)
YEAR = typer.Option(None, "--year", "-y", help="Calendar year, e.g. 2023.")
FY = typer.Option(
    None,
    "--fiscal-year",
    help="Fiscal year, e.g. 2024-25 (from monthly data, or as the source publishes it).",
)
CHART = typer.Option(None, "--chart", help="Write a chart: .html (offline) or .png.")


def register(app: typer.Typer) -> None:
    @app.command()
    @handle_errors
    def balance(
        reporter: str = typer.Argument(..., help="Reporter: ISO3 code or name, e.g. IND."),
        partner: str = typer.Argument(..., help="Partner, e.g. RUS."),
        year: int | None = YEAR,
        fiscal_year: str | None = FY,
        fy_start: int = typer.Option(
            4,
            "--fy-start",
            help="First month of the fiscal year (India 4, Australia 7, US federal 10).",
        ),
        allow_partial: bool = typer.Option(
            False,
            "--allow-partial",
            help="Total a fiscal year with missing months (and list them).",
        ),
        allow_partial_trends: bool = PARTIAL_TRENDS,
        report: str = typer.Option(
            "reporter", "--report", help="Whose report: reporter, partner or reconciled."
        ),
        dataset: str | None = AUTO_DATASET,
        fmt: Format = FMT,
        chart: Path | None = CHART,
    ) -> None:
        """Exports, imports, total and balance of REPORTER with PARTNER."""
        exclusive(year=year, fiscal_year=fiscal_year)
        a = services.balance(
            reporter,
            partner,
            dataset=dataset,
            year=year,
            fiscal_year=fiscal_year,
            fy_start_month=fy_start,
            allow_partial=allow_partial,
            allow_partial_trends=allow_partial_trends,
            report=report,
        )
        if fmt is Format.table and "highest_since" in a.frame:
            from tradewinds.accounting.records import highest_since_text

            # a record is the highest of all the data: the cell says so instead of blank
            a = replace(a, frame=a.frame.assign(highest_since=highest_since_text(a.frame)))
        cols = [
            *(["reporter", "partner"] if fmt is not Format.table else []),
            "period",
            "exports_usd",
            "imports_usd",
            "total_usd",
            "balance_usd",
            "growth_pct",
            "highest_since",
            "months",
            "missing_months",
            "provisional",
            *(["coverage", "flow_reporter", "dataset"] if fmt is not Format.table else []),
            "statistic",
        ]
        render(
            a,
            fmt,
            title=f"Trade of {a.frame['reporter'].iloc[0]} with {a.frame['partner'].iloc[0]}",
            columns=cols,
            show_published=True,
        )
        if chart:
            from tradewinds.reports.figures import balance_figure

            full = services.balance(
                reporter,
                partner,
                dataset=a.dataset,
                fy_start_month=fy_start,
                allow_partial=allow_partial,
                allow_partial_trends=allow_partial_trends,
                report=report,
            )
            save_chart(balance_figure(full.frame, title=f"{reporter} with {partner}"), chart)

    @app.command()
    @handle_errors
    def composition(
        exporter: str = typer.Argument(..., help="Exporter, e.g. IND."),
        importer: str = typer.Argument(..., help="Importer, e.g. RUS."),
        by: str = typer.Option(
            "chapter", "--by", help="section, chapter, heading, subheading or group."
        ),
        year: int | None = YEAR,
        fiscal_year: str | None = FY,
        top: int | None = typer.Option(15, "--top", help="Rows per period (0 = all)."),
        dataset: str = typer.Option(
            services.EIDB_DATASET, "--dataset", "-d", help="Dataset id with product codes."
        ),
        fmt: Format = FMT,
        chart: Path | None = CHART,
    ) -> None:
        """What EXPORTER's exports to IMPORTER are made of."""
        a = services.composition(
            exporter,
            importer,
            by=by,
            dataset=dataset,
            year=year,
            fiscal_year=fiscal_year,
            top=top or None,
        )
        render(a, fmt, title=f"Composition of {exporter} → {importer} by {by}")
        if chart:
            from tradewinds.reports.figures import composition_figure

            save_chart(composition_figure(a.frame, title=f"{exporter} → {importer}"), chart)

    @app.command()
    @handle_errors
    def partners(
        country: str = typer.Argument(..., help="Country, e.g. IND."),
        direction: str = typer.Option("exports", "--direction", help="exports or imports."),
        year: int | None = YEAR,
        fiscal_year: str | None = FY,
        top: int = typer.Option(10, "--top", help="Number of partners (0 = all)."),
        dataset: str | None = AUTO_DATASET,
        fmt: Format = FMT,
        chart: Path | None = CHART,
    ) -> None:
        """COUNTRY's partners by share of its exports or imports, with HHI."""
        a = services.partners(
            country,
            direction=direction,
            dataset=dataset,
            year=year,
            fiscal_year=fiscal_year,
            top=top or None,
        )
        render(a, fmt, title=f"Partners of {country} ({direction})")
        if chart:
            from tradewinds.reports.figures import partner_figure

            save_chart(partner_figure(a.frame, title=f"{country} {direction} by partner"), chart)

    @app.command()
    @handle_errors
    def dependence(
        country: str = typer.Argument(..., help="Country A, e.g. IND."),
        partner: str = typer.Argument(..., help="Country B, e.g. RUS."),
        product: str | None = typer.Option(
            None, "--product", help="HS prefix: B's share of A's imports of it (e.g. 2709)."
        ),
        year: int | None = YEAR,
        fiscal_year: str | None = FY,
        dataset: str | None = AUTO_DATASET,
        fmt: Format = FMT,
    ) -> None:
        """How much A and B depend on each other (shares of exports and imports)."""
        a = services.dependence(
            country,
            partner,
            dataset=dataset,
            year=year,
            fiscal_year=fiscal_year,
            product=product,
        )
        render(a, fmt, title=f"Dependence of {country} and {partner}")

    @app.command()
    @handle_errors
    def indicators(
        exporter: str = typer.Argument(..., help="Exporter, e.g. IND."),
        importer: str = typer.Argument(..., help="Importer, e.g. RUS."),
        year: int | None = YEAR,
        digits: int = typer.Option(2, "--digits", help="HS level for RCA/complementarity."),
        dataset: str = DATASET,
        fmt: Format = FMT,
    ) -> None:
        """Trade intensity, complementarity and RCA."""
        a = services.indicators(exporter, importer, dataset=dataset, year=year, digits=digits)
        render(a, fmt, title=f"Indicators {exporter} → {importer}")

    @app.command()
    @handle_errors
    def estimate(
        source: str = typer.Argument(
            ..., help="Dataset id with a panel table, or a .dta / .parquet gravity panel."
        ),
        x: str = typer.Option(
            ...,
            "--x",
            help="Regressors, comma-separated (ln_DIST, CNTG, INTL_BRDR, RTA, ln1p_TARIFF …).",
        ),
        y: str = typer.Option("trade", "--y", help="Trade flow column."),
        fe: str = typer.Option(
            "exporter-year,importer-year",
            "--fe",
            help="Fixed effects: exporter-year, importer-year, exporter, importer, pair.",
        ),
        years: str | None = typer.Option(None, "--years", help="e.g. 1986,1990,1994"),
        domestic: bool = typer.Option(False, "--domestic", help="Keep domestic flows."),
        border: bool = typer.Option(False, "--border", help="Add INTL_BRDR."),
        log: str = typer.Option("DIST", "--log", help="Variables to log (ln_X)."),
        vcov: str = typer.Option("hetero", "--vcov", help="hetero, iid or cluster:VAR."),
        fmt: Format = FMT,
    ) -> None:
        """Estimate structural gravity by PPML with fixed effects (pyfixest)."""
        a = services.estimate_gravity(
            source,
            x=[v.strip() for v in x.split(",")],
            y=y,
            fe=[v.strip() for v in fe.split(",")],
            years=[int(v) for v in years.split(",")] if years else None,
            domestic=domestic,
            border=border,
            logs=[v.strip() for v in log.split(",") if v.strip()],
            vcov=vcov,
        )
        render(
            a,
            fmt,
            title="PPML gravity estimates",
            columns=["term", "estimate", "std_error", "t_value", "p_value", "nobs"],
        )

    @app.command()
    @handle_errors
    def mirror(
        country: str = typer.Argument(..., help="Country A."),
        partner: str = typer.Argument(..., help="Country B."),
        dataset: str = typer.Option(
            ..., "--dataset", "-d", help="A dataset with both sides' reports (Comtrade)."
        ),
        fmt: Format = FMT,
    ) -> None:
        """Compare what each side reports of the same flows (FOB vs CIF)."""
        a = services.mirror(country, partner, dataset=dataset)
        render(a, fmt, title=f"Mirror flows {country} ↔ {partner}")
