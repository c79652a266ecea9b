"""Properties of the crude replacement model (hypothesis)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from tradewinds.models.crude import (
    PriceResponse,
    ReplacementResult,
    replacement_cost,
    simulate_replacement,
)


class Market(NamedTuple):
    q_target: float
    p_target: float
    q_others: np.ndarray
    p_others: np.ndarray

    def run(self, k: float, pr: PriceResponse | None = None) -> ReplacementResult:
        return simulate_replacement(
            q_target=self.q_target,
            p_target=self.p_target,
            q_others=self.q_others,
            p_others=self.p_others,
            cut_share=k,
            price_response=pr,
        )


@st.composite
def market(draw: st.DrawFn) -> Market:
    n = draw(st.integers(min_value=1, max_value=8))
    return Market(
        draw(st.floats(1e3, 1e8)),
        draw(st.floats(300.0, 900.0)),
        draw(arrays(float, n, elements=st.floats(1e3, 1e8))),
        draw(arrays(float, n, elements=st.floats(300.0, 900.0))),
    )


def _tol(x: float, scale: float = 1.0) -> float:
    return 1e-9 * max(1.0, abs(x), scale)


@settings(max_examples=200, deadline=None)
@given(market(), st.floats(0.0, 1.0), st.floats(0.0, 1.0))
def test_monotone_in_cut_share(mk: Market, a: float, b: float) -> None:
    # the target at or below every other source's price: a non-negative discount
    mk = mk._replace(p_target=float(min(mk.p_others.min(), mk.p_target)))
    lo, hi = sorted((a, b))
    scale = mk.run(0.0).bill_before_usd  # tolerance: rounding on the scale of the bill
    for pr in (
        None,
        PriceResponse(world_tonnes=4e9, supply_elasticity=0.1, demand_elasticity=-0.1),
    ):
        h, l_ = mk.run(hi, pr).extra_bill_usd, mk.run(lo, pr).extra_bill_usd
        assert h >= l_ - _tol(h, scale)


@settings(max_examples=200, deadline=None)
@given(market(), st.floats(0.0, 1.0))
def test_equals_volume_times_discount(mk: Market, k: float) -> None:
    r = mk.run(k)
    d = float(mk.q_others @ mk.p_others / mk.q_others.sum()) - mk.p_target
    expected = float(replacement_cost(mk.q_target, d, k))
    assert abs(r.extra_bill_usd - expected) <= _tol(expected, r.bill_before_usd)
    assert np.isclose(r.q1.sum(), r.q0.sum(), rtol=1e-12)  # every tonne cut is bought elsewhere


@settings(max_examples=100, deadline=None)
@given(market(), st.floats(0.0, 1.0))
def test_zero_discount_zero_cost(mk: Market, k: float) -> None:
    same = mk._replace(p_others=np.full_like(mk.p_others, mk.p_target))
    r = same.run(k)
    assert abs(r.extra_bill_usd) <= _tol(0.0, r.bill_before_usd)


@settings(max_examples=100, deadline=None)
@given(market(), st.floats(0.0, 1.0), st.permutations(range(8)))
def test_relabelling_others_changes_nothing(mk: Market, k: float, perm: list[int]) -> None:
    order = [i for i in perm if i < len(mk.q_others)]
    shuffled = mk._replace(q_others=mk.q_others[order], p_others=mk.p_others[order])
    assert np.isclose(
        mk.run(k).extra_bill_usd, shuffled.run(k).extra_bill_usd, rtol=1e-9, atol=1e-6
    )


@settings(max_examples=100, deadline=None)
@given(market(), st.floats(0.0, 1.0), st.floats(0.01, 100.0))
def test_scaling_volumes_scales_the_bill(mk: Market, k: float, s: float) -> None:
    scaled = mk._replace(q_target=mk.q_target * s, q_others=mk.q_others * s)
    assert np.isclose(
        scaled.run(k).extra_bill_usd, s * mk.run(k).extra_bill_usd, rtol=1e-9, atol=1e-3
    )
