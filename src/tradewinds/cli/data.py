"""`tradewinds data list|info|ingest|remove`: the store's datasets."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path

import typer
from rich.markup import escape
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
    national = "national"
    national_chapters = "national-chapters"
    knomad = "knomad"


@app.command("list")
@handle_errors
def list_(fmt: Format = typer.Option(Format.table, "--format", "-f")) -> None:
    """List the datasets in the store."""
    store = services.open_store()
    ds = services.datasets(store)
    if fmt is not Format.table:
        rows = [d.as_dict() for d in ds]
        if fmt is Format.json:
            sys.stdout.write(json.dumps(rows, indent=2, default=str) + "\n")
        else:
            import pandas as pd

            pd.DataFrame(rows).to_csv(sys.stdout, index=False)
        return
    t = Table(title=escape(f"Datasets in {store.home}"), title_justify="left", header_style="bold")
    for c in ("id", "kind", "rows", "source", "vintage", "hash"):
        t.add_column(c, justify="right" if c == "rows" else "left")
    for d in ds:
        t.add_row(
            *map(escape, (d.id, d.kind, f"{d.rows:,}", d.source, d.vintage)), d.content_hash[:12]
        )
    out.print(t)
    out.print(f"[dim]store content hash {store.content_hash()[:16]}[/]")


@app.command()
@handle_errors
def info(
    dataset: str = typer.Argument(..., help="Dataset id."),
    fmt: Format = typer.Option(Format.table, "--format", "-f"),
) -> None:
    """Everything recorded about one dataset."""
    d = services.dataset_info(dataset).as_dict()
    if fmt is Format.json:
        sys.stdout.write(json.dumps(d, indent=2, default=str) + "\n")
        return
    for k, v in d.items():
        out.print(f"[bold]{k:>20}[/]  {escape(str(v))}")


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
        err.print(escape(f"dataset {info.id!r} unchanged (same content hash); nothing written"))
    else:
        err.print(
            escape(f"ingested {info.id!r}: {info.rows:,} rows, hash {info.content_hash[:12]}")
        )


@app.command()
@handle_errors
def remove(dataset: str = typer.Argument(..., help="Dataset id.")) -> None:
    """Remove a dataset from the store (embedded ones come back on next use)."""
    info = services.open_store().remove(dataset)
    err.print(f"removed {info.id!r} ({info.rows:,} rows)")


fetch_app = typer.Typer(no_args_is_help=True)
app.add_typer(fetch_app, name="fetch", help="Download BACI or UN Comtrade data (online).")


def _csv(text: str, option: str) -> list[str]:
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if not parts:
        from tradewinds.errors import DataValidationError

        raise DataValidationError("nothing given", column=option, fix=f"e.g. {option} 2022,2023")
    return parts


@contextmanager
def _bar(what: str, unit: str) -> Iterator[Callable[[int, int | None], None]]:
    """A progress bar on stderr; yields the callback the download calls."""
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    cols = (DownloadColumn(), TransferSpeedColumn()) if unit == "bytes" else (MofNCompleteColumn(),)
    with Progress(
        TextColumn("{task.description}"), BarColumn(), *cols, TimeRemainingColumn(), console=err
    ) as p:
        task = p.add_task(what, total=None)

        def update(done: int, total: int | None) -> None:
            p.update(task, completed=done, total=total)

        yield update


@fetch_app.command("baci")
@handle_errors
def fetch_baci(
    release: str = typer.Option(..., "--release", help="BACI release, e.g. V202501."),
    years: str = typer.Option(..., "--years", help="Years to extract, e.g. 2022,2023."),
    hs_version: str = typer.Option("HS17", "--hs", help="HS version: HS92, HS02 … HS22."),
    out_dir: Path = typer.Option(Path("baci"), "--out", help="Folder for the zip and CSVs."),
    do_ingest: bool = typer.Option(False, "--ingest", help="Add each year to the store."),
    max_gb: float = typer.Option(8.0, "--max-gb", help="Refuse a download larger than this."),
) -> None:
    """Download a CEPII BACI release (resumable) and extract years; optionally ingest."""
    try:
        ys = [int(y) for y in _csv(years, "--years")]
    except ValueError:
        from tradewinds.errors import DataValidationError

        raise DataValidationError(
            f"{years!r} is not a list of years", column="years", fix="--years 2022,2023"
        ) from None
    with _bar(f"BACI {hs_version} {release}", "bytes") as cb:
        got = services.fetch_baci(
            release,
            ys,
            out_dir,
            hs_version=hs_version,
            ingest_years=do_ingest,
            max_bytes=int(max_gb * 1024**3),
            on_progress=cb,
        )
    for g in got:
        err.print(escape(f"ingested {g.id!r}" if hasattr(g, "id") else f"wrote {g}"))


@fetch_app.command("comtrade")
@handle_errors
def fetch_comtrade(
    reporter: str = typer.Option(..., "--reporter", help="Reporter, e.g. IND."),
    periods: str = typer.Option(..., "--periods", help="e.g. 2024 or 202404,202405."),
    partners: str = typer.Option("WLD", "--partners", help="e.g. RUS,USA,WLD."),
    flows: str = typer.Option("X,M", "--flows", help="X exports, M imports."),
    cmd: str = typer.Option("TOTAL", "--cmd", help="Commodity codes, e.g. TOTAL or 2709."),
    freq: str = typer.Option("A", "--freq", help="A annual or M monthly."),
    out_file: Path = typer.Option(Path("comtrade.json"), "--out", help="JSON file to write."),
    do_ingest: bool = typer.Option(False, "--ingest", help="Add the file to the store."),
    dataset_id: str | None = typer.Option(None, "--id", help="Dataset id when ingesting."),
) -> None:
    """Download a UN Comtrade query (key: COMTRADE_API_KEY; resumable); optionally ingest."""
    with _bar(f"Comtrade {reporter}", "calls") as cb:
        got = services.fetch_comtrade(
            reporter,
            _csv(periods, "--periods"),
            out_file,
            partners=_csv(partners, "--partners"),
            flows=_csv(flows, "--flows"),
            cmd=_csv(cmd, "--cmd"),
            freq=freq,
            ingest_file=do_ingest,
            dataset_id=dataset_id,
            on_progress=cb,
        )
    err.print(escape(f"ingested {got.id!r}" if hasattr(got, "id") else f"wrote {got}"))
