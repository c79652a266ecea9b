"""Same seed ⇒ the same numbers, whatever runs the draws: in this process, a process
pool, or a two-worker Dask LocalCluster."""

from __future__ import annotations

import pandas as pd
import pytest

from tradewinds.errors import MissingDependencyError, ScenarioError
from tradewinds.models.montecarlo import Dist, monte_carlo_world, sweep_world
from tradewinds.parallel import get_executor, map_batched

pytestmark = pytest.mark.distributed

DISTS = {"epsilon": Dist.parse("lognormal:4:1"), "kappa": Dist.parse("uniform:0.3:0.7")}


def _run(problem, kind: str):  # type: ignore[no-untyped-def]
    with get_executor(kind, workers=2) as ex:
        mc = monte_carlo_world(
            problem, DISTS, n_draws=16, seed=7, executor=ex, workers=2, batch_size=3
        )
        sw = sweep_world(problem, "rate", [0.0, 0.25, 0.5], country="IND", executor=ex)
    return mc, sw


def test_same_seed_same_results_serial_processes_dask(world_problem) -> None:  # type: ignore[no-untyped-def]
    serial_mc, serial_sw = _run(world_problem, "serial")
    for kind in ("processes", "dask"):
        mc, sw = _run(world_problem, kind)
        # bit-for-bit: the same draws solved from the same start by the same code
        pd.testing.assert_frame_equal(mc.countries, serial_mc.countries, check_exact=True)
        pd.testing.assert_frame_equal(mc.pairs, serial_mc.pairs, check_exact=True)
        pd.testing.assert_frame_equal(mc.draws, serial_mc.draws, check_exact=True)
        pd.testing.assert_frame_equal(sw, serial_sw, check_exact=True)
    assert serial_mc.failed == 0
    # and a different seed gives different draws
    with get_executor("serial") as ex:
        other = monte_carlo_world(world_problem, DISTS, n_draws=16, seed=8, executor=ex)
    assert not other.draws["epsilon"].equals(serial_mc.draws["epsilon"])


def test_map_batched_keeps_order_and_batches() -> None:
    seen: list[tuple[int, int]] = []
    with get_executor("processes", workers=2) as ex:
        got = map_batched(
            abs, list(range(-50, 50)), ex, batch_size=7, on_batch=lambda k, n: seen.append((k, n))
        )
    assert got == [abs(x) for x in range(-50, 50)]
    assert len(seen) == 15  # one report per batch of 7
    assert seen[-1] == (100, 100)  # items done of all


def test_unknown_executor_names_the_choices() -> None:
    with pytest.raises(ScenarioError, match="serial, processes or dask"), get_executor("spark"):
        pass


def test_missing_dask_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails as if absent
    with pytest.raises(MissingDependencyError, match=r"tradewinds\[dask\]"), get_executor("dask"):
        pass
