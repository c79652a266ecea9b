"""`tradewinds crude`: an importer's crude oil by source."""

from __future__ import annotations

import json
import math
import sys
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import typer

from tradewinds import services
from tradewinds.cases import india_russia as case
from tradewinds.cli._common import handle_errors
from tradewinds.cli.output import Format, _records, out, render

if TYPE_CHECKING:
    import pandas as pd


def _display(frame: pd.DataFrame) -> pd.DataFrame:
    """Table cells in the units a reader expects: US$ bn, million tonnes, US$ per tonne
    and per barrel, shares in %; missing values blank."""

    def fmt(col: str, v: Any) -> str:
        if v is None or (isinstance(v, float) and math.isnan(v)):
            return ""
        if "tonnes" in col:
            return f"{float(v) / 1e6:,.2f} Mt"
        if col.endswith("per_bbl"):
            return f"{float(v):,.2f}"
        if "per_t" in col:
            return f"{float(v):,.0f}"
        if "share" in col:
            return f"{100 * float(v):.1f}%"
        if "value_usd" in col:
            return f"{float(v) / 1e9:,.2f} bn"
        return str(v)

    import pandas as pd

    out = frame.drop(columns=[c for c in ("fy_start",) if c in frame])
    return pd.DataFrame({c.replace("_", " "): [fmt(c, v) for v in out[c]] for c in out.columns})


def register(app: typer.Typer) -> None:
    @app.command()
    @handle_errors
    def crude(
        importer: str = typer.Argument(..., help="Importer, e.g. IND (shipped data: India)."),
        fiscal_year: str | None = typer.Option(
            None, "--fiscal-year", help="Fiscal year of the by-source table, e.g. 2024-25."
        ),
        supplier: str = typer.Option(
            case.RUSSIA, "--supplier", help="The supplier whose share and discount to follow."
        ),
        top: int = typer.Option(12, "--top", help="Sources shown (0 = all)."),
        fmt: Format = typer.Option(Format.table, "--format", "-f", help="table, json or csv."),
    ) -> None:
        """Crude oil by source, the supplier's share over time, totals and discount.

        Value, tonnes, shares and unit values by source; DGCI&S and PPAC totals side by
        side, labelled; the supplier's measured discount per year with its method."""
        c = services.crude_imports(
            importer, supplier=supplier, fiscal_year=fiscal_year, top=top or None
        )
        parts = {
            "by_source": c.by_source,
            "supplier_share": c.supplier_share,
            "totals": c.totals,
            "discount": c.discount,
        }
        if fmt is Format.json:
            doc = {
                k: {"rows": _records(a.frame), "notes": list(a.notes), **a.provenance}
                for k, a in parts.items()
            }
            sys.stdout.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
            return
        if fmt is Format.csv:
            render(c.by_source, fmt, title="")
            return
        titles = {
            "by_source": f"{c.importer}'s crude imports by source, {c.period} (DGCI&S)",
            "supplier_share": f"{c.supplier}'s share of {c.importer}'s crude imports over time",
            "totals": f"{c.importer}'s crude imports: DGCI&S and PPAC totals side by side",
            "discount": f"{c.supplier}'s measured discount in {c.importer}'s imports, per year",
        }
        for k, a in parts.items():
            render(replace(a, frame=_display(a.frame)), Format.table, title=titles[k])
            out.print()
