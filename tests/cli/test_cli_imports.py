"""The command line imports only what the command it runs uses.

``import tradewinds.cli`` (what ``tradewinds --help`` and every command pay first) must
load Typer, Rich and the command modules only: no pandas, numpy, DuckDB, Arrow, pydantic,
models, charts or dashboard. ``tradewinds balance`` needs pandas and DuckDB, but never the
models' stack (scipy, pyfixest), charts (plotly), the dashboard (shiny) or Dask.

The check is on the set of modules imported, which does not depend on how busy the
machine is; the cumulative import time has a generous budget beside it (below).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

# never imported by `import tradewinds.cli` (each costs 30–400 ms of a command's start)
NOT_AT_IMPORT = (
    "pandas",
    "numpy",
    "pyarrow",
    "duckdb",
    "pydantic",
    "scipy",
    "plotly",
    "shiny",
    "pyfixest",
    "dask",
    "distributed",
    "jinja2",
    "great_tables",
    "importlib.metadata",  # the version is a constant (src/tradewinds/_version.py)
)
# never imported by `tradewinds balance` (nor by `--help`)
NOT_FOR_BALANCE = (
    "scipy",
    "plotly",
    "shiny",
    "pyfixest",
    "dask",
    "distributed",
    "great_tables",
    "tradewinds.models",
    "tradewinds.scenarios",
    "tradewinds.reports",
)
# The sum of `-X importtime` self times of `import tradewinds.cli` is ~70 ms on the
# 2-core development machine (typer ~45, rich ~15, the command modules ~10). The budget
# is 7× that so a loaded CI machine or a checkout without compiled bytecode never fails
# it; a heavy library imported at the top of a command module (pandas alone is ~400 ms)
# still does, and the module list above names it.
IMPORT_BUDGET_MS = 500.0

_PROBE = """
import atexit, json, sys
atexit.register(lambda: sys.stderr.write("MODULES " + json.dumps(sorted(sys.modules)) + "\\n"))
from tradewinds.cli import app
sys.argv = ["tradewinds", *sys.argv[1:]]
app()
"""


def _env(home: Path | None = None) -> dict[str, str]:
    env = dict(os.environ)
    src = str(Path(__file__).resolve().parents[2] / "src")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH")) if p)
    if home is not None:
        env["TRADEWINDS_HOME"] = str(home)
    return env


def _modules_of(args: list[str], home: Path | None = None) -> set[str]:
    r = subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        capture_output=True,
        text=True,
        env=_env(home),
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    line = next(ln for ln in r.stderr.splitlines() if ln.startswith("MODULES "))
    return set(json.loads(line.removeprefix("MODULES ")))


def _loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return [n for n in names if n in modules or any(m.startswith(n + ".") for m in modules)]


def test_import_cli_loads_no_heavy_module_and_stays_in_budget() -> None:
    r = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import tradewinds.cli"],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    rows = [ln.split("|") for ln in r.stderr.splitlines() if ln.startswith("import time:")]
    rows = [row for row in rows if row[0].split(":")[1].strip().isdigit()]  # not the header
    modules = {row[2].strip() for row in rows}
    assert "tradewinds.cli" in modules
    assert _loaded(modules, NOT_AT_IMPORT) == []
    total_ms = sum(int(row[0].split(":")[1]) for row in rows) / 1000
    assert total_ms < IMPORT_BUDGET_MS, f"import tradewinds.cli took {total_ms:.0f} ms"


def test_help_loads_no_heavy_module() -> None:
    assert _loaded(_modules_of(["--help"]), NOT_AT_IMPORT) == []


def test_balance_loads_neither_models_nor_charts(home: Path) -> None:
    modules = _modules_of(["balance", "IND", "RUS", "--year", "2023"], home)
    assert "tradewinds.services.bilateral" in modules  # the command did run
    assert _loaded(modules, NOT_FOR_BALANCE) == []


def test_version_without_package_metadata() -> None:
    from tradewinds._version import __version__

    r = subprocess.run(
        [sys.executable, "-c", _PROBE, "--version"],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == f"tradewinds {__version__}"
    assert "importlib.metadata" not in r.stderr.split("MODULES ", 1)[1]
