"""Properties of the bands and sweeps on the 194-country world model (MODELS §4c, §4e)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tradewinds.models.montecarlo import Dist, monte_carlo_world, sweep_world
from tradewinds.parallel import get_executor

FOCUS = ["USA", "IND", "CHN", "RUS", "CAN", "MEX", "DEU", "BRA"]


def _bands(problem, dist: Dist, seed: int, n: int = 24):  # type: ignore[no-untyped-def]
    with get_executor("serial") as ex:
        return monte_carlo_world(problem, {"epsilon": dist}, n_draws=n, seed=seed, executor=ex)


@settings(
    max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    mean=st.floats(3.0, 6.0),
    sd=st.floats(0.3, 1.5),
    seed=st.integers(0, 2**31),
)
def test_bands_contain_the_point_and_widen_with_the_spread(world_problem, mean, sd, seed) -> None:  # type: ignore[no-untyped-def]
    d = Dist.make("lognormal", mean, sd)
    narrow = _bands(world_problem, d, seed).countries
    wide = _bands(world_problem, d.scaled(2.0), seed).countries
    for frame in (narrow, wide):
        w = frame[(frame["outcome"] == "welfare_pct") & frame["iso3"].isin(FOCUS)]
        # the point (ε at the distribution's mean) lies in the 5-95% band: welfare
        # moves monotonically with ε and the mean sits near the 55th percentile
        assert (w["p5"] <= w["point"] + 1e-9).all() and (w["point"] <= w["p95"] + 1e-9).all()
    wn = narrow[narrow["outcome"] == "welfare_pct"].set_index("iso3").loc[FOCUS]
    ww = wide[wide["outcome"] == "welfare_pct"].set_index("iso3").loc[FOCUS]
    # the same seed draws the same standard normals: twice the spread, wider bands for
    # the US (its welfare moves monotonically with ε) and on average over the countries;
    # not for every country: where welfare is not monotone in ε over the drawn range
    # (Canada's, hypothesis found) a wider ε band can map to a narrower welfare band
    width_w, width_n = ww["p95"] - ww["p5"], wn["p95"] - wn["p5"]
    assert width_w["USA"] > width_n["USA"]
    assert width_w.mean() > width_n.mean()


def test_zero_spread_collapses_the_band_on_the_point(world_problem) -> None:  # type: ignore[no-untyped-def]
    r = _bands(world_problem, Dist.make("normal", 4.0, 0.0), seed=1, n=3)
    c = r.countries
    np.testing.assert_allclose(c["p5"], c["point"], atol=1e-8)
    np.testing.assert_allclose(c["p95"], c["point"], atol=1e-8)


def test_sweep_of_the_us_tariff_on_india_is_smooth_and_monotone(world_problem) -> None:  # type: ignore[no-untyped-def]
    grid = np.round(np.arange(0.0, 1.0001, 0.05), 10)
    with get_executor("serial") as ex:
        f = sweep_world(world_problem, "rate", list(grid), country="IND", executor=ex)
    ind = f[f["iso3"] == "IND"].sort_values("value")
    x = ind["IND->USA_usd"].to_numpy()
    assert len(x) == 21
    np.testing.assert_allclose(ind["IND->USA_tariff"], grid)
    # monotone: every step up in the tariff loses exports
    assert (np.diff(x) < 0).all()
    # smooth: convex decline with no jumps (second differences positive and the
    # largest step no more than the first, at 0 → 5%)
    assert (np.diff(x, 2) > 0).all()
    assert np.abs(np.diff(x)).max() == pytest.approx(abs(x[1] - x[0]))
    # the loss at 100% is close to total and India's welfare falls along the curve
    assert x[-1] / x[0] < 0.05
    assert (np.diff(ind["welfare_pct"].to_numpy()) < 0).all()
