"""Library scenarios run in a second Python process beside this one (the case report's
longest runs): ``python -m tradewinds.services._beside HOME OUT NAME...`` runs them on
the store at HOME and writes the results, pickled, to OUT."""

from __future__ import annotations

import contextlib
import os
import pickle
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from typing import Any


def _cores() -> int:
    """Cores this process may run on (all of the machine's where the OS cannot say)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


class Beside:
    """``names`` run in a second process (a fresh interpreter: it imports what it needs,
    ~0.7 s, then reads the same store), started only when this process may use a second
    core. Not multiprocessing: its "spawn" would run the caller's script again in the
    child. :meth:`results` waits for them; a name missing from its answer (no second
    process, or it failed) is for the caller to run, so an error is raised there, typed,
    as without a second process."""

    def __init__(self, names: Sequence[str], home: str) -> None:
        self.names: tuple[str, ...] = ()
        self.proc: subprocess.Popen[bytes] | None = None
        self.path = ""
        if not names or _cores() < 2:
            return
        fd, self.path = tempfile.mkstemp(prefix="tradewinds-runs-", suffix=".pickle")
        os.close(fd)
        cmd = [sys.executable, "-P", "-m", "tradewinds.services._beside", home, self.path]
        self.proc = subprocess.Popen(
            [*cmd, *names],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.names = tuple(names)

    def results(self) -> dict[str, Any]:
        """The results by name (empty if the second process failed)."""
        if self.proc is None:
            return {}
        try:
            if self.proc.wait() == 0:
                with open(self.path, "rb") as f:
                    got = pickle.load(f)
                if isinstance(got, dict):
                    return got
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            pass
        finally:
            self.close()
        return {}

    def close(self) -> None:
        """Stop the second process (if still running) and remove its file."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.proc = None
        if self.path:
            for leftover in (self.path, f"{self.path}.part"):  # .part: stopped mid-write
                with contextlib.suppress(OSError):
                    os.unlink(leftover)
            self.path = ""


def main(home: str, out: str, names: Sequence[str]) -> int:
    from tradewinds.services.data import open_store
    from tradewinds.services.scenarios import run_scenario

    store = open_store(home)
    runs = {n: run_scenario(n, store=store) for n in names}
    tmp = f"{out}.part"
    with open(tmp, "wb") as f:
        pickle.dump(runs, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3:]))
