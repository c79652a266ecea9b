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


# words of the frame's column names as a reader reads them in a header
_HEADER_WORDS = (
    ("usd_per_t", "(US$/t)"),
    ("usd_per_bbl", "(US$/bbl)"),
    ("value_usd", "value (US$)"),
    ("dgcis", "DGCI&S"),
    ("ppac", "PPAC"),
    ("_", " "),
)


def _header(col: str) -> str:
    for word, label in _HEADER_WORDS:
        col = col.replace(word, label)
    return col


def _is_number(col: pd.Series) -> bool:
    from pandas.api.types import is_bool_dtype, is_numeric_dtype

    return bool(is_numeric_dtype(col) and not is_bool_dtype(col))


def _display(frame: pd.DataFrame) -> pd.DataFrame:
    """Table cells in the units a reader expects: US$ bn, million tonnes, US$ per tonne
    and per barrel, shares in %, flags as yes/no. A missing value is one the source does
    not cover (the volume of a value-only year, DGCI&S's totals before its S5 table, PPAC's
    part-year): it says so, never blank or 0."""

    def fmt(col: str, v: Any) -> str:
        if v is None or (isinstance(v, float) and math.isnan(v)):
            return "not covered"
        if isinstance(v, bool):
            return "yes" if v else "no"
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
    return pd.DataFrame({_header(c): [fmt(c, v) for v in out[c]] for c in out.columns})


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
            shown = _display(a.frame)
            numbers = [_header(str(c)) for c in a.frame if _is_number(a.frame[c])]
            render(replace(a, frame=shown), Format.table, title=titles[k], numbers=numbers)
            out.print()
