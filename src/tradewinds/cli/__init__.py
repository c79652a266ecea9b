"""The ``tradewinds`` command line (Typer + Rich).

Errors of the TradewindsError family print one clean line on stderr and exit
2 (data or usage) or 1 (other); ``--debug`` shows the traceback.
"""

from __future__ import annotations

import atexit
import gc
import os

# BLAS on one thread unless the user set it: the models solve many small dense systems
# (N = 194), where a multithreaded OpenBLAS made a Newton solve ~10× slower on a busy
# 2-core machine. It must be set before numpy loads; commands import numpy only when they
# run, and worker processes (process pool, Dask's nannies) inherit the setting.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

# The cyclic garbage collector, set for a command's life: importing pandas, Arrow, DuckDB
# and pydantic leaves ~10^5 objects that live until exit, and at the default thresholds
# (700, 10, 10) the collector ran ~230 times over them while `tradewinds balance` started
# (40–90 ms), then walked them all once more at exit (~50 ms) only to free what the
# process hands back to the system anyway. A first generation of 100,000 objects runs it
# once or twice at start and still collects a long command's (or the dashboard's) cycles;
# frozen at exit, the last pass has nothing to walk (atexit hooks still run, files are
# still closed).
gc.set_threshold(100_000, 20, 20)
atexit.register(gc.freeze)

import typer  # noqa: E402

from tradewinds.cli._common import state  # noqa: E402

app = typer.Typer(
    name="tradewinds",
    help="Bilateral trade analysis and tariff/sanction scenarios from real data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        from tradewinds._version import __version__

        typer.echo(f"tradewinds {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks on errors."),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    state["debug"] = debug


def _register() -> None:
    from tradewinds.cli import (
        accounting,
        backtest,
        case,
        claims,
        codes,
        crude,
        data,
        migration,
        oil,
        report,
        scenarios,
        serve,
        tariffs,
    )

    app.add_typer(data.app, name="data", help="List, inspect, ingest and remove datasets.")
    app.add_typer(codes.app, name="codes", help="Look up countries, HS codes, product groups.")
    app.add_typer(case.app, name="case", help="Run a showcase case end to end.")
    accounting.register(app)
    tariffs.register(app)
    scenarios.register(app)
    backtest.register(app)
    claims.register(app)
    oil.register(app)
    crude.register(app)
    migration.register(app)
    report.register(app)
    serve.register(app)


_register()

__all__ = ["app"]
