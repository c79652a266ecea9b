"""README's speed table is the benchmarks' result files as ``scripts/speed_table.py``
writes them: no speed figure in README is typed by hand."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def _script() -> ModuleType:
    path = ROOT / "scripts" / "speed_table.py"
    spec = importlib.util.spec_from_file_location("speed_table", path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


ST = _script()


def test_readme_speed_table_is_the_benchmark_results() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    fix = "regenerate: python scripts/speed_table.py --write"
    assert ST.replace_block(text, ST.table()) == text, fix


def test_table_follows_the_result_files(tmp_path: Path) -> None:
    """A changed result changes the table, and an aim not met says so."""
    src = json.loads((ST.RESULTS / "cp.json").read_text(encoding="utf-8"))
    src["summary"]["accelerated_ms_median"] = 123.4
    src["summary"]["accelerated_ms_max"] = 234.5
    (tmp_path / "cp.json").write_text(json.dumps(src), encoding="utf-8")
    out = ST.table(tmp_path)
    row = next(r for r in out.splitlines() if r.startswith("| Caliendo"))
    assert "123.4 ms (234.5 ms)" in row and "≤ 60 ms: **not met**" in row
