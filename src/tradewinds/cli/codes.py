"""`tradewinds codes countries|hs|groups`: look up code lists."""

from __future__ import annotations

import typer
from rich.markup import escape
from rich.table import Table

from tradewinds.cli._common import handle_errors
from tradewinds.cli.output import out

app = typer.Typer(no_args_is_help=True)


@app.command()
@handle_errors
def countries(
    query: str | None = typer.Argument(None, help="Name or code to resolve."),
) -> None:
    """Resolve a country name or code (or list all)."""
    from tradewinds.io.codes import countries as cc

    c = cc()
    t = c.table
    if query:
        iso = c.resolve(query)
        t = t[t["iso3"] == iso]
        if t.empty:
            out.print(escape(f"{query} → {iso} ({c.name(iso)})"))
            return
    tab = Table(header_style="bold")
    for col in ("iso3", "iso2", "m49", "baci_code", "name", "region"):
        tab.add_column(col)
    for r in t.to_dict("records"):
        tab.add_row(*(str(r[c]) for c in ("iso3", "iso2", "m49", "baci_code", "name", "region")))
    out.print(tab)


@app.command()
@handle_errors
def hs(code: str = typer.Argument(..., help="HS code (2-10 digits), e.g. 030617.")) -> None:
    """Describe an HS code, with its chapter and section."""
    from tradewinds.io.codes import hs_nomenclature

    h = hs_nomenclature()
    h.validate(code)
    sec = h.section_of_chapter().get(code[:2], "?")
    secname = dict(zip(h.sections["section"], h.sections["name"], strict=True)).get(sec, "")
    for n in (2, 4, 6):
        if len(code) >= n:
            out.print(f"[bold]{code[:n]:>8}[/]  {h.describe(code[:n])}")
    out.print(f"[dim]section {sec}: {secname} (HS 2022)[/]")


@app.command()
@handle_errors
def groups() -> None:
    """The named product groups (edit via TRADEWINDS_PRODUCT_GROUPS)."""
    from tradewinds.io.codes import load_product_groups

    tab = Table(header_style="bold")
    for col in ("group", "label", "HS prefixes"):
        tab.add_column(col)
    for g in load_product_groups().values():
        tab.add_row(escape(g.name), escape(g.label), escape(" ".join(g.prefixes)))
    out.print(tab)
