"""`tradewinds tariffs` and `tradewinds exposure`: measures, line rates, exposure."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.table import Table

from tradewinds import services
from tradewinds.cli._common import handle_errors, save_chart
from tradewinds.cli.output import Format, out, render

if TYPE_CHECKING:
    import pandas as pd

FMT = typer.Option(Format.table, "--format", "-f", help="table, json or csv.")


def _json_default(v: Any) -> Any:
    if isinstance(v, float) and v != v:
        return None
    return str(v)


def _clean(v: Any) -> Any:
    if isinstance(v, float) and v != v:
        return None
    if isinstance(v, list):
        return [_clean(x) for x in v]
    if isinstance(v, dict):
        return {k: _clean(x) for k, x in v.items()}
    if hasattr(v, "item"):
        return v.item()
    return v


def register(app: typer.Typer) -> None:
    @app.command()
    @handle_errors
    def tariffs(
        importer: str = typer.Argument(..., help="Importer whose schedule applies, e.g. USA."),
        exporter: str = typer.Argument(..., help="Exporter whose goods pay, e.g. IND."),
        as_of: str = typer.Option(..., "--as-of", help="Entry date, YYYY-MM-DD."),
        product: list[str] | None = typer.Option(
            None,
            "--product",
            "-p",
            help="Tariff line(s) of the importer (HTS for the US), "
            "e.g. 03061700; repeat or comma-separate.",
        ),
        loaded: str | None = typer.Option(
            None,
            "--loaded",
            help="Date the goods were loaded (in-transit rules); default: the entry date.",
        ),
        schedule: str = typer.Option("us2025", "--schedule", help="Schedule name or TOML file."),
        match: str = typer.Option(
            "exact",
            "--match",
            help="exact: the importer's own tariff lines (HTS); hs6: another nomenclature's "
            "lines (India's ITC-HS), matched at six digits as the PE and GE engines do.",
        ),
        fmt: Format = FMT,
    ) -> None:
        """The effective rate of tariff lines on a date, with the measures behind it."""
        prods = [p.strip() for x in (product or []) for p in x.split(",") if p.strip()]
        a = services.tariff_lines(
            importer,
            exporter,
            as_of,
            products=prods or None,
            schedule=schedule,
            loaded=loaded,
            match=match,
        )
        if fmt is Format.json:
            rows = []
            for r in a.frame.to_dict("records"):
                r = _clean(r)
                if prods:
                    r["measures"] = [
                        {
                            "name": m["name"],
                            "id": m["id"],
                            "rate": m["rate"],
                            "source": m["source"],
                            "heading": m["heading"],
                            "from": m["from"],
                            "to": m["to"],
                        }
                        for m in r["measures"]
                    ]
                rows.append(r)
            sys.stdout.write(json.dumps(rows, indent=2, default=_json_default) + "\n")
            return
        if fmt is Format.csv:
            f = a.frame.copy()
            for c in ("measures", "exempt_from", "displaced", "sources"):
                if c in f:
                    f[c] = f[c].map(
                        lambda v: "; ".join(x["id"] if isinstance(x, dict) else str(x) for x in v)
                    )
            f.to_csv(sys.stdout, index=False)
            return
        if prods:
            t = Table(
                title=f"{a.frame['importer'].iloc[0]} tariff on goods of "
                f"{a.frame['exporter'].iloc[0]}, entered {a.frame['as_of'].iloc[0]}",
                title_justify="left",
                header_style="bold",
            )
            for c in (
                "product",
                "description",
                "MFN",
                "additional",
                "effective",
                "range",
                "measures",
                "exempt from",
                "displaced",
                "flags",
            ):
                t.add_column(c)
            for r in a.frame.to_dict("records"):
                flags = [f for f in ("partial", "conditional", "mfn_dependent") if r.get(f)]
                t.add_row(
                    r["product"],
                    r["description"][:45],
                    "n/a",
                    f"{r['additional_rate']:.1%}",
                    "banned" if r["banned"] else f"{r['effective_rate']:.1%}",
                    f"{r['rate_low']:.1%}-{r['rate_high']:.1%}"
                    if r["rate_high"] - r["rate_low"] > 1e-12
                    else "-",
                    "\n".join(
                        f"+{m['rate']:.0%} {m['name']} on {m.get('levied_on', 'value')} "
                        f"[{m['heading']}]"
                        for m in r["measures"]
                    )
                    or "-",
                    "\n".join(r["exempt_from"]) or "-",
                    "\n".join(r.get("displaced") or []) or "-",
                    ", ".join(flags) or "-",
                )
            out.print(t)
            srcs = {m["id"]: m["source"] for ms in a.frame["measures"] for m in ms}
            for k, v in srcs.items():
                out.print(f"[dim]{k}: {v}[/]")
        else:
            render(
                a,
                fmt,
                title=f"Measures of {importer} on {exporter} in force on {as_of}",
                columns=[
                    "id",
                    "name",
                    "rate",
                    "kind",
                    "from",
                    "to",
                    "heading",
                    "exempt",
                    "displaced_by",
                ],
                ends=("to",),
            )
            return
        for n in a.notes:
            out.print(f"[yellow]note:[/] {n}")

    @app.command()
    @handle_errors
    def exposure(
        importer: str = typer.Argument(..., help="Importer, e.g. USA."),
        exporter: str = typer.Argument(..., help="Exporter, e.g. IND."),
        as_of: str = typer.Option(..., "--as-of", help="Entry date, YYYY-MM-DD."),
        fiscal_year: str | None = typer.Option(
            None, "--fiscal-year", help="Period of the trade data (default: the latest)."
        ),
        by: str = typer.Option("band", "--by", help="band, chapter or group."),
        dataset: str = typer.Option(services.EIDB_DATASET, "--dataset", "-d"),
        schedule: str = typer.Option("us2025", "--schedule"),
        fmt: Format = FMT,
        chart: Path | None = typer.Option(None, "--chart", help=".html or .png"),
    ) -> None:
        """How much of EXPORTER's trade IMPORTER's measures reach, and at what rate."""
        a = services.exposure(
            importer, exporter, as_of, dataset=dataset, fiscal_year=fiscal_year, schedule=schedule
        )
        if by in {"chapter", "group"}:
            key = "by_chapter" if by == "chapter" else "by_group"
            frame: pd.DataFrame = a.extra[key]
            a = services.Analysis(
                frame=frame,
                dataset=a.dataset,
                source=a.source,
                vintage=a.vintage,
                coverage=a.coverage,
                store_hash=a.store_hash,
                notes=a.notes,
            )
        render(
            a,
            fmt,
            title=f"Exposure of {exporter}'s exports to {importer}'s measures on {as_of} (by {by})",
        )
        if fmt is Format.table:
            s = a.extra.get("summary") if a.extra else None
            if s:
                out.print(
                    f"exempt {s['exempt_usd'] / 1e9:,.2f} bn ({s['exempt_share']:.1%}), "
                    f"non-exempt {s['non_exempt_usd'] / 1e9:,.2f} bn of "
                    f"{s['total_usd'] / 1e9:,.2f} bn"
                )
        if chart:
            from tradewinds.reports.figures import exposure_figure

            save_chart(
                exposure_figure(a.frame, title=f"{exporter} → {importer}, {as_of}"),
                chart,
            )
