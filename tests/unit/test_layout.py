"""The code's shape: layers that do not import upwards (import-linter contracts in
pyproject.toml), modules a reader can hold in their head, services without numerics."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "tradewinds"


def test_no_module_over_600_lines() -> None:
    long = {
        str(p.relative_to(SRC)): n
        for p in SRC.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 600
    }
    assert long == {}


def test_services_do_no_arithmetic_of_their_own() -> None:
    """Services assemble inputs and call pure code: no scipy, and numpy only where a
    matrix is assembled from frames (services/scenarios.py's world matrix)."""
    for p in (SRC / "services").glob("*.py"):
        tree = ast.parse(p.read_text(encoding="utf-8"))
        mods = {
            (n.module or "") if isinstance(n, ast.ImportFrom) else a.name
            for n in ast.walk(tree)
            if isinstance(n, ast.Import | ast.ImportFrom)
            for a in (n.names if isinstance(n, ast.Import) else [n])  # type: ignore[attr-defined]
        }
        assert not any(m.startswith("scipy") for m in mods), p.name
        if p.name != "scenarios.py":
            assert "numpy" not in mods, f"{p.name} imports numpy"


@pytest.mark.skipif(shutil.which("lint-imports") is None, reason="import-linter not installed")
def test_layering_contracts_hold() -> None:
    exe = Path(sys.executable).parent / "lint-imports"
    r = subprocess.run(
        [str(exe) if exe.exists() else "lint-imports"],
        cwd=SRC.parents[1],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stdout[-3000:]


def test_no_service_is_named_like_its_module() -> None:
    """A submodule import sets the package attribute to the module: a service function
    named like the module it lives in (services.backtest in services/backtest.py) would
    then resolve to the module, not the function."""
    import tradewinds.services as services

    modules = {p.stem for p in (SRC / "services").glob("*.py")}
    clash = sorted(n for n in services._WHERE if n in modules)
    assert clash == []
    for name in services.__all__:  # every lazy name resolves to what its module defines
        value = getattr(services, name)
        assert not isinstance(value, type(services)), name
