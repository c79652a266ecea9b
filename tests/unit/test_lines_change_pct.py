"""A Monte Carlo draw of PE on tariff lines (``lines_change_pct``) solves the same two
markets as :func:`chained_line_pe` without its frames: the same number, to the bit."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tradewinds.models.pe_markets import (
    chained_line_pe,
    lines_change_pct,
    lines_change_pct_draws,
)


def _lines(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "product": [f"{i:08d}" for i in range(n)],
            "value_usd": rng.lognormal(12, 2, n),
            "sigma": rng.uniform(1.5, 8, n),
            "rate_data": rng.choice([0.0, 0.1, 0.25], n),
            "rest_data": rng.uniform(0, 0.2, n),
            "rate0": rng.choice([0.1, 0.25, 0.5], n),
            "rest0": rng.uniform(0, 0.3, n),
            "banned0": rng.random(n) < 0.02,
            "rate1": rng.choice([0.25, 0.5], n),
            "rest1": rng.uniform(0, 0.3, n),
            "banned1": rng.random(n) < 0.05,
        },
        index=pd.RangeIndex(5, 5 + n),  # not 0-based: positions, not labels, carry σ
    )


@pytest.mark.parametrize("method", ["exact", "wits_compat"])
@pytest.mark.parametrize("seed", [1, 2])
def test_draw_is_the_chained_solve(method: str, seed: int) -> None:
    lines = _lines(500, seed)
    sigma = np.random.default_rng(seed + 10).uniform(1.2, 10, len(lines))
    r = chained_line_pe(lines.assign(sigma=sigma), share=0.03, epsilon=-1.5, method=method)  # type: ignore[arg-type]
    want = float(100 * (r["m1"].sum() / r["m0"].sum() - 1))
    got = lines_change_pct(lines, share=0.03, epsilon=-1.5, method=method, sigma=sigma)
    assert got == want
    assert got != 0.0


@pytest.mark.parametrize("method", ["exact", "wits_compat"])
def test_stacked_draws_are_the_draws_one_by_one(method: str) -> None:
    """Draws solved as one stack of markets give each draw's own number (to 1e-13)."""
    lines = _lines(300, 3)
    sigmas = np.random.default_rng(4).uniform(1.2, 10, (7, len(lines)))
    got = lines_change_pct_draws(lines, share=0.03, epsilon=-1.5, method=method, sigmas=sigmas)
    one = [
        lines_change_pct(lines, share=0.03, epsilon=-1.5, method=method, sigma=s) for s in sigmas
    ]
    assert got.shape == (7,)
    np.testing.assert_allclose(got, one, rtol=1e-13, atol=0)
    assert len(set(np.round(got, 12))) == 7  # the draws differ
