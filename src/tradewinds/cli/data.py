"""`tradewinds data list|info|ingest|remove`: the store's datasets."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path

import typer
from rich.table import Table

from tradewinds import services
from tradewinds.cli._common import handle_errors, progress
from tradewinds.cli.output import Format, err, out

app = typer.Typer(no_args_is_help=True)


class Reader(StrEnum):
    baci = "baci"
    comtrade = "comtrade"
    eidb = "eidb"
    dots = "dots"
    dta = "dta"
    world2023 = "world2023"
    icio = "icio"


@app.command("list")
@handle_errors
def list_(fmt: Format = typer.Option(Format.table, "--format", "-f")) -> None:
    """List the datasets in the store."""
    store = services.open_store()
    ds = store.datasets()
    if fmt is not Format.table:
        rows = [d.as_dict() for d in ds]
        if fmt is Format.json:
            sys.stdout.write(json.dumps(rows, indent=2, default=str) + "\n")
        else:
            import pandas as pd

            pd.DataFrame(rows).to_csv(sys.stdout, index=False)
        return
    t = Table(title=f"Datasets in {store.home}", title_justify="left", header_style="bold")
    for c in ("id", "kind", "rows", "source", "vintage", "hash"):
        t.add_column(c, justify="right" if c == "rows" else "left")
    for d in ds:
        t.add_row(d.id, d.kind, f"{d.rows:,}", d.source, d.vintage, d.content_hash[:12])
    out.print(t)
    out.print(f"[dim]store content hash {store.content_hash()[:16]}[/]")


@app.command()
@handle_errors
def info(
    dataset: str = typer.Argument(..., help="Dataset id."),
    fmt: Format = typer.Option(Format.table, "--format", "-f"),
) -> None:
    """Everything recorded about one dataset."""
    d = services.open_store().info(dataset).as_dict()
    if fmt is Format.json:
        sys.stdout.write(json.dumps(d, indent=2, default=str) + "\n")
        return
    for k, v in d.items():
        out.print(f"[bold]{k:>20}[/]  {v}")


@app.command()
@handle_errors
def ingest(
    reader: Reader = typer.Argument(..., help="Source format."),
    path: Path = typer.Argument(..., help="File (or folder, for world2023 and icio)."),
    dataset_id: str | None = typer.Option(
        None, "--id", help="Dataset id (default: from the file name)."
    ),
    replace: bool = typer.Option(
        False, "--replace", help="Swap an existing dataset of the same id with new content."
    ),
    vintage: str | None = typer.Option(None, "--vintage", help="Release or download date."),
    hs_version: str = typer.Option(
        "HS17", "--hs-version", help="BACI: HS version if the file name does not say."
    ),
    year: int | None = typer.Option(
        None, "--year", help="icio: the year to read from the multi-year files (e.g. 2019)."
    ),
) -> None:
    """Validate a file and add it to the store atomically (a no-op if unchanged)."""
    with progress(f"reading and validating {path.name}"):
        info = services.ingest(
            reader.value,
            path,
            dataset_id=dataset_id,
            replace=replace,
            vintage=vintage,
            hs_version=hs_version,
            year=year,
        )
    if info.skipped:
        err.print(f"dataset {info.id!r} unchanged (same content hash); nothing written")
    else:
        err.print(f"ingested {info.id!r}: {info.rows:,} rows, hash {info.content_hash[:12]}")


@app.command()
@handle_errors
def remove(dataset: str = typer.Argument(..., help="Dataset id.")) -> None:
    """Remove a dataset from the store (embedded ones come back on next use)."""
    info = services.open_store().remove(dataset)
    err.print(f"removed {info.id!r} ({info.rows:,} rows)")
