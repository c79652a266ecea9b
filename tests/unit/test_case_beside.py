"""The case's longest scenarios run in a second process (``services._beside``): the same
results as run here, a failure leaves nothing behind and is re-run here (its error
raised here, typed), and the whole case is the same with one process or two."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pandas as pd
import pytest

from tradewinds import services
from tradewinds.cases import india_russia as case
from tradewinds.errors import TradewindsError
from tradewinds.services._beside import Beside, _cores

two_cores = pytest.mark.skipif(
    _cores() < 2, reason="a second process starts only with a second core"
)


TIMED = re.compile(r"(_ms|_s|seconds|secs|time)$")  # how long it took differs run to run


def _untimed(f: pd.DataFrame) -> pd.DataFrame:
    return f[[c for c in f.columns if not TIMED.search(str(c))]]


def _same(a: services.ScenarioResult, b: services.ScenarioResult) -> None:
    assert a.name == b.name and a.scenario_hash == b.scenario_hash
    assert a.values.keys() == b.values.keys()
    for k, v in a.values.items():
        if TIMED.search(k):
            continue
        w = b.values[k]
        if isinstance(v, float):
            assert v == pytest.approx(w, rel=1e-12, nan_ok=True), k
        else:
            assert v == w, k
    assert sorted(a.tables) == sorted(b.tables)
    for k in a.tables:
        pd.testing.assert_frame_equal(_untimed(a.tables[k]), _untimed(b.tables[k]), rtol=1e-12)
    ms = re.compile(r"\d+(\.\d+)? ms\b")
    assert [ms.sub("", n) for n in a.notes] == [ms.sub("", n) for n in b.notes]
    assert dict(a.provenance) == dict(b.provenance)


def test_a_result_pickles_to_itself(store) -> None:  # type: ignore[no-untyped-def]
    r = services.run_scenario("india-russia-export-push", store=store)
    _same(pickle.loads(pickle.dumps(r)), r)


@two_cores
def test_second_process_gives_the_results_run_here(store) -> None:  # type: ignore[no-untyped-def]
    b = Beside(["india-russia-export-push"], str(store.home))
    assert b.proc is not None and b.names == ("india-russia-export-push",)
    path = Path(b.path)
    got = b.results()
    assert not path.exists() and b.proc is None  # its file removed once read
    _same(got["india-russia-export-push"], services.run_scenario("india-russia-export-push",
                                                                  store=store))  # fmt: skip


@two_cores
def test_a_failing_second_process_answers_nothing_and_the_error_comes_here(store) -> None:  # type: ignore[no-untyped-def]
    b = Beside(["no-such-scenario"], str(store.home))
    path = Path(b.path)
    assert b.results() == {} and not path.exists()
    with pytest.raises(TradewindsError):
        services.run_scenario("no-such-scenario", store=store, files=False)


def test_one_process_when_nothing_to_run_beside(store) -> None:  # type: ignore[no-untyped-def]
    b = Beside([], str(store.home))
    assert b.proc is None and b.results() == {} and b.names == ()


@two_cores
@pytest.mark.slow
def test_the_case_is_the_same_with_one_process_or_two(store) -> None:  # type: ignore[no-untyped-def]
    one = services.case_india_russia(store=store, workers=1)
    two = services.case_india_russia(store=store, workers=2)
    assert [r.name for r in two.scenarios] == list(case.SCENARIOS)
    for a, b in zip(one.scenarios, two.scenarios, strict=True):
        _same(a, b)
    assert one.backtest is not None and two.backtest is not None
    pd.testing.assert_frame_equal(one.backtest.frame, two.backtest.frame, rtol=1e-12)


def test_the_second_process_runs_what_the_backtest_needs_beyond_the_case() -> None:
    from tradewinds.cases.india_russia_backtest import COUNTERPARTS

    wanted = {c.scenario for c in COUNTERPARTS}
    assert wanted <= set(case.SCENARIOS) | set(case.SECOND_PROCESS)
    assert set(case.SECOND_PROCESS) <= wanted | set(case.SCENARIOS)  # nothing it does not use
