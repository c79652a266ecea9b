"""`tradewinds scenarios list|show|validate|diff` and `tradewinds run`."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from tradewinds.cli._common import (
    exclusive,
    handle_errors,
    prepare_out_dir,
    progress,
    write_manifest,
)
from tradewinds.cli.output import err, out

app = typer.Typer(no_args_is_help=True)


@app.command("list")
@handle_errors
def list_() -> None:
    """The scenarios of the library."""
    from tradewinds.scenarios import library_names, library_scenario

    t = Table(header_style="bold", title="Scenario library", title_justify="left")
    t.add_column("name", no_wrap=True)
    t.add_column("description", overflow="fold")  # wrapped at words by Rich, never cut
    for n in library_names():
        t.add_row(escape(n), escape(library_scenario(n).description))
    out.print(t)


@app.command()
@handle_errors
def show(name: str = typer.Argument(..., help="Library name or .toml file.")) -> None:
    """Print a scenario as TOML (ready to copy and edit)."""
    from tradewinds.scenarios import scenario_ref, to_toml

    sc, _ = scenario_ref(name, files=True)
    sys.stdout.write(f"# scenario hash {sc.content_hash()[:16]}\n" + to_toml(sc))


@app.command()
@handle_errors
def validate(path: Path = typer.Argument(..., help="Scenario .toml file.")) -> None:
    """Check a scenario file; errors name the field and the fix."""
    from tradewinds.scenarios import load_scenario

    sc = load_scenario(path)
    err.print(f"{path}: valid scenario {sc.name!r} (hash {sc.content_hash()[:16]})")


def _measures(sc: Any) -> dict[str, dict[str, Any]]:
    if sc.tariffs is None:
        return {}
    return {m.id: m.model_dump(mode="json", by_alias=True) for m in sc.tariffs.add}


@app.command()
@handle_errors
def diff(
    a: str = typer.Argument(..., help="Scenario A (name or file)."),
    b: str = typer.Argument(..., help="Scenario B (name or file)."),
) -> None:
    """What differs between two scenarios, field by field and measure by measure."""
    from tradewinds.scenarios import scenario_ref

    (sa, _), (sb, _) = scenario_ref(a, files=True), scenario_ref(b, files=True)
    da = sa.model_dump(mode="json", by_alias=True)
    db = sb.model_dump(mode="json", by_alias=True)
    rows: list[tuple[str, str, str]] = []

    def walk(x: Any, y: Any, path: str) -> None:
        if path in {"tariffs.add"}:
            return
        if isinstance(x, dict) and isinstance(y, dict):
            for k in sorted(set(x) | set(y)):
                walk(x.get(k), y.get(k), f"{path}.{k}" if path else k)
        elif x != y:
            rows.append((path, json.dumps(x, default=str), json.dumps(y, default=str)))

    walk(da, db, "")
    ma, mb = _measures(sa), _measures(sb)
    for mid in sorted(set(ma) | set(mb)):
        if mid not in mb:
            rows.append((f"measure {mid}", "added here", "absent"))
        elif mid not in ma:
            rows.append((f"measure {mid}", "absent", "added here"))
        else:
            for k in sorted(set(ma[mid]) | set(mb[mid])):
                if ma[mid].get(k) != mb[mid].get(k):
                    rows.append(
                        (
                            f"measure {mid}.{k}",
                            json.dumps(ma[mid].get(k)),
                            json.dumps(mb[mid].get(k)),
                        )
                    )
    if not rows:
        out.print("no differences")
        return
    t = Table(header_style="bold", title=escape(f"{sa.name} → {sb.name}"), title_justify="left")
    for c in ("field", sa.name, sb.name):
        t.add_column(escape(c), overflow="fold")
    for r in rows:
        t.add_row(*[escape(x) for x in r])
    out.print(t)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="scenarios", help="List, show, validate and compare scenarios.")

    @root.command()
    @handle_errors
    def run(
        scenario: str = typer.Argument(..., help="Library name or scenario .toml file."),
        out_dir: Path = typer.Option(
            Path("tradewinds-out"), "--out", "-o", help="Folder for the results and the report."
        ),
        executor: Executor = typer.Option(
            Executor.serial,
            "--executor",
            help="Where Monte Carlo draws and sweep points run: serial, processes or dask.",
            case_sensitive=False,
        ),
        workers: int = typer.Option(2, "--workers", min=1, help="Processes or Dask workers."),
        scheduler_address: str | None = typer.Option(
            None,
            "--scheduler-address",
            help="An existing Dask scheduler (tcp://host:8786); default: a local cluster.",
        ),
        draws: int | None = typer.Option(
            None,
            "--draws",
            min=1,
            help="Monte Carlo draws (overrides \\[montecarlo].draws; at most 1,000,000 and "
            "what fits the memory limit, docs/limits.md).",
        ),
        seed: int | None = typer.Option(
            None, "--seed", help="Monte Carlo seed (overrides \\[montecarlo].seed)."
        ),
        overwrite: bool = typer.Option(
            False,
            "--overwrite",
            help="Replace the files a previous run wrote in --out (others are kept).",
        ),
    ) -> None:
        """Run a scenario: writes tables, summary.json, the scenario and report.html."""
        from tradewinds import services
        from tradewinds.reports.scenario import write_scenario_outputs

        if scheduler_address and executor is not Executor.dask:
            exclusive(scheduler_address=scheduler_address, executor=executor.value)
        prepare_out_dir(out_dir, overwrite=overwrite)
        with progress(f"running {scenario}"):
            res = services.run_scenario(
                scenario,
                executor=executor.value,
                workers=workers,
                scheduler_address=scheduler_address,
                draws=draws,
                seed=seed,
            )
            paths = write_scenario_outputs(res, out_dir)
            write_manifest(out_dir, paths)
        print_summary(res)
        err.print(escape(f"results in {out_dir}: " + ", ".join(p.name for p in paths)))


class Executor(StrEnum):
    serial = "serial"
    processes = "processes"
    dask = "dask"


def print_summary(res: Any) -> None:
    """A scenario's results as readers read them: labels, units, each alternative measure
    under the result it stands beside with why they differ, then the settings and the
    solver's diagnostics on a line each (the keys are in summary.json)."""
    from tradewinds.scenarios.result import short_horizon

    table = res.summary()
    rows = table.reader_rows()
    t = Table(
        title=escape(f"{res.name}  (scenario {res.scenario_hash[:12]})"),
        title_justify="left",
        header_style="bold",
    )
    t.add_column("result", overflow="fold", max_width=80)
    t.add_column("value", justify="right", no_wrap=True)
    t.add_column("horizon", no_wrap=True)
    has_ref = any(o.reference for o in rows)
    if has_ref:
        t.add_column("published", overflow="fold")
    for o in rows:
        label = escape(o.label)
        if o.role == "alternative":
            label = f"  or: {label}" + (f"\n  [dim]{escape(o.why)}[/]" if o.why else "")
        cells = [label, escape(o.text), escape(short_horizon(o.horizon))]
        cells += [escape(o.reference)] if has_ref else []
        t.add_row(*cells)
    out.print(t)
    for h in dict.fromkeys(o.horizon for o in res.outcomes if o.horizon):
        out.print(f"[bold]horizon:[/] {escape(h)}")
    for role, name in (("setting", "assumed"), ("diagnostic", "solver")):
        line = table.line(role)
        if line:
            out.print(f"[dim]{name}: {escape(line)}[/]")
    for n in res.notes:
        out.print(f"[yellow]note:[/] {escape(str(n))}")
