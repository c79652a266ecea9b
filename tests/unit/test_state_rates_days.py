"""State rates: the days-weighted mean summed once per group of exporters that share
their measures on every day equals the sum exporter by exporter, to the bit; days priced
once are kept for the process (bounded, read-only) and reused whatever the caller."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from tradewinds.tariffs import load_schedule
from tradewinds.tariffs import states as S

EXPORTERS = ["IND", "CHN", "CAN", "MEX", "BRA", "DEU", "JPN", "VNM", "RUS", "GBR", "AUS", "SGP"]
PRODUCTS = ["720851", "760110", "870323", "300490", "271012", "851762", "610910", "270900"]


def _by_exporter(sched, state, halted=()):
    """The mean computed the plain way: every exporter priced alone on every day."""
    days = S.intervals(sched, state) if state.is_period else [(state.start, 1.0)]
    rate = np.zeros((len(PRODUCTS), len(EXPORTERS)))
    banned = np.zeros_like(rate)
    for day, w in days:
        for j, e in enumerate(EXPORTERS):
            r = sched.rates_by_exporter([e], PRODUCTS, day, match="hs6", halted=halted)
            rate[:, j] += w * r["additional_rate"].to_numpy(dtype=float)
            banned[:, j] += w * r["banned"].to_numpy(dtype=bool)
    return rate, banned


@pytest.mark.parametrize(
    "state",
    [S.PolicyState.over("FY2025-26"), S.PolicyState.on(date(2025, 8, 27))],
    ids=["period", "day"],
)
def test_grouped_sum_is_the_sum_by_exporter(state: S.PolicyState) -> None:
    sched = load_schedule("us2025")
    S._DAYS.clear()
    S._SETS.clear()
    got = S.state_rates(sched, EXPORTERS, PRODUCTS, state, match="hs6")
    rate, banned = _by_exporter(sched, state)
    assert got.exporters == tuple(EXPORTERS)
    assert got.rate.tobytes() == rate.tobytes()
    assert got.banned.tobytes() == banned.tobytes()
    assert got.rate[:, EXPORTERS.index("IND")].max() > 0  # the duties are there
    # C-ordered as the plain sum: a matrix product over it rounds the same way
    assert got.rate.flags["C_CONTIGUOUS"] and got.banned.flags["C_CONTIGUOUS"]
    w = {e: float(k + 1) for k, e in enumerate(EXPORTERS)}
    v = np.array([0.0 if e == "IND" else w[e] for e in EXPORTERS])
    assert got.weighted(w, exclude=["IND"]).tobytes() == (rate @ (v / v.sum())).tobytes()
    assert got.of("CHN").tobytes() == rate[:, EXPORTERS.index("CHN")].tobytes()


def test_days_are_reused_read_only_and_bounded() -> None:
    sched = load_schedule("us2025")
    S._DAYS.clear()
    S._SETS.clear()
    state = S.PolicyState.on(date(2025, 8, 27))
    a = S.state_rates(sched, EXPORTERS, PRODUCTS, state, match="hs6")
    assert len(S._DAYS._d) == 1
    sets = len(S._SETS._d)
    assert 1 < sets < len(EXPORTERS)  # exporters under the same measures share one
    # another list of exporters: a new day entry, but its measure sets are all known
    c = S.state_rates(sched, EXPORTERS[::-1], PRODUCTS, state, match="hs6")
    assert len(S._DAYS._d) == 2 and len(S._SETS._d) == sets
    assert c.rate[:, ::-1].tobytes() == a.rate.tobytes()
    S._DAYS._d.pop(next(iter(S._DAYS._d)))
    S._DAYS._d.pop(next(iter(S._DAYS._d)))
    S._DAYS.nbytes = 0
    a = S.state_rates(sched, EXPORTERS, PRODUCTS, state, match="hs6")
    b = S.state_rates(sched, EXPORTERS, PRODUCTS, state, match="hs6", cache={})
    assert len(S._DAYS._d) == 1  # the second call priced nothing
    assert a.rate.tobytes() == b.rate.tobytes()
    (kept,) = S._DAYS._d.values()
    assert not kept[0].flags.writeable
    # another measure with the same id is another schedule: never the same day
    m = sched.measures[0]
    other = sched.with_changes(remove=[m.id], add=[m.model_copy(update={"rate": m.rate + 1})])
    S.state_rates(other, EXPORTERS, PRODUCTS, state, match="hs6")
    assert len(S._DAYS._d) == 2
    S._SETS.clear()
    small = S._Kept(max_bytes=S._Kept._size(kept) + 1)
    small.put(("a",), kept)
    small.put(("b",), kept)
    assert list(small._d) == [("b",)] and small.nbytes <= small.max_bytes
    S._DAYS.clear()
