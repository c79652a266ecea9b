"""SIGKILL at every fault point of ingest, replace, remove and sweep.

Each case runs in its own process on its own copy of a store, killed by
``TRADEWINDS_FAULT=POINT`` (the store SIGKILLs itself there); all cases run at
once. After the kill: 0 partial datasets (the catalog is the old one or the new
one, never between, and every registered table reads in full), and after the next
writer's sweep 0 orphaned files. Then the same operation runs again cleanly.
"""

from __future__ import annotations

import shutil
import signal
from pathlib import Path
from typing import Any

from tests.adversarial.store_helpers import assert_store_consistent, snapshot, worker
from tradewinds.io.readers import read_baci
from tradewinds.io.store import FAULT_POINTS, TradeStore

SAMPLE = "BACI_HS17_Y2022_V202501_sample.csv"
OTHER = "t,i,j,k,v,q\n2022,699,643,030617,12.5,1.0\n2022,699,842,300490,7.25,\n"
INGEST_POINTS = ["start", "written", "locked", "after_move", "committed", "cleaned"]
CASES = (
    [(p, "new") for p in INGEST_POINTS]
    + [(p, "replace") for p in INGEST_POINTS]
    + [("remove_committed", "remove"), ("sweeping", "sweep")]
)


def test_every_fault_point_is_covered() -> None:
    assert {p for p, _ in CASES} == set(FAULT_POINTS)


def _run_all(root: Path, fixtures: Path) -> dict[Any, Any]:
    """Run every case at once; {case: (home, snapshot before, returncode, stderr)}."""
    base = root / "base-home"
    store = TradeStore(base)
    store.ingest(read_baci(fixtures / SAMPLE, dataset_id="base"))
    other = root / "BACI_HS17_Y2022_V202501_other.csv"
    other.write_text(OTHER)
    procs = {}
    for point, op in CASES:
        home = root / f"{op}-{point}"
        shutil.copytree(base, home)
        if op == "sweep":  # leftovers of earlier crashes for the sweep to remove
            for n in range(4):
                (home / "tmp" / f"{n:012d}-dead").mkdir()
            (home / "datasets" / "base" / "ffffffffffffffff").mkdir()
        before = snapshot(home)
        args = {
            "new": ["ingest", str(home), str(fixtures / SAMPLE), "new"],
            "replace": ["ingest", str(home), str(other), "base", "replace"],
            "remove": ["remove", str(home), "base"],
            "sweep": ["sweep", str(home)],
        }[op]
        procs[(point, op)] = (home, before, worker(*args, env={"TRADEWINDS_FAULT": point}))
    out = {}
    for case, (home, before, proc) in procs.items():
        _, err = proc.communicate(timeout=180)
        out[case] = (home, before, proc.returncode, err)
    return out


def _check(
    point: str, op: str, home: Path, before: Any, code: int, err: str, fixtures: Path
) -> None:
    assert code == -signal.SIGKILL, f"not killed at {point}: exit {code}\n{err}"
    # 1. right after the crash, with no sweep: every registered dataset is whole
    assert_store_consistent(home, swept=False)
    store = TradeStore(home)
    ids = {d.id for d in store.datasets()}
    committed = point in {"committed", "cleaned", "remove_committed"}
    if op == "new":
        assert ids == ({"base", "new"} if committed else {"base"})
    elif op == "replace":
        assert ids == {"base"}
        assert store.info("base").rows == (2 if committed else 8)
    elif op == "remove":
        assert ids == set()
    if not committed and op != "sweep":
        assert snapshot(home)["catalog"] == before["catalog"]  # the catalog never changed
    # 2. the next writer's sweep leaves no orphan (and nothing registered is touched)
    store.sweep()
    assert_store_consistent(home, swept=True)
    # 3. the operation then runs cleanly
    if op == "new":
        info = store.ingest(read_baci(fixtures / SAMPLE, dataset_id="new"))
        assert info.rows == 8 and (info.skipped == committed)
    elif op == "replace":
        other = home.parent / "BACI_HS17_Y2022_V202501_other.csv"
        info = store.ingest(read_baci(other, dataset_id="base"), replace=True)
        assert info.rows == 2
    assert_store_consistent(home, swept=True)


def test_sigkill_at_every_fault_point_leaves_no_partial_dataset_and_no_orphan(
    tmp_path: Path, fixtures: Path
) -> None:
    """One test (one set of processes, run at once) so that parallel test workers do
    not each start all of them."""
    results = _run_all(tmp_path, fixtures)
    failures = []
    for (point, op), (home, before, code, err) in results.items():
        try:
            _check(point, op, home, before, code, err, fixtures)
        except AssertionError as exc:
            failures.append(f"{op} killed at {point}: {exc}")
    assert not failures, "\n".join(failures)


def test_fault_point_pause_waits_for_the_marker(tmp_path: Path, fixtures: Path) -> None:
    """The pause mode used by the concurrency tests: the ingest waits, then finishes."""
    from tests.adversarial.store_helpers import result, wait_for

    home = tmp_path / "h"
    marker = tmp_path / "m"
    proc = worker(
        "ingest",
        str(home),
        str(fixtures / SAMPLE),
        "p",
        env={"TRADEWINDS_FAULT": "after_move:pause", "TRADEWINDS_FAULT_MARKER": str(marker)},
    )
    wait_for(marker, proc)
    store = TradeStore(home)
    assert not store.has("p")  # moved, not committed: invisible to readers
    assert list((home / "datasets" / "p").iterdir())
    marker.unlink()
    assert result(proc)["rows"] == 8
    assert store.has("p")
    assert_store_consistent(home)
