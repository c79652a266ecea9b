"""The command line sets the cyclic collector for a command's life (cli/__init__): a
large first generation, so importing pandas, Arrow and DuckDB does not run it hundreds
of times, and frozen at exit, so the last pass does not walk every object again."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

_PROBE = """
import atexit, gc
before = gc.get_threshold()
# registered before the command line's hook, so it runs after it (last in, first out)
atexit.register(lambda: print("frozen", gc.get_freeze_count() > 0, flush=True))
import tradewinds.cli
print(before[0], gc.get_threshold()[0], gc.isenabled(), gc.get_freeze_count() > 0)
"""


def test_collector_set_for_a_command() -> None:
    env = dict(os.environ)
    src = str(Path(__file__).resolve().parents[2] / "src")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH")) if p)
    r = subprocess.run(
        [sys.executable, "-c", _PROBE], capture_output=True, text=True, env=env, check=True
    )
    first, frozen = r.stdout.splitlines()
    default, set_, enabled, frozen_early = first.split()
    assert int(default) == 700 and int(set_) >= 50_000 and enabled == "True"
    assert frozen_early == "False"  # collected as usual while the command runs …
    assert frozen == "frozen True"  # … and frozen at exit
