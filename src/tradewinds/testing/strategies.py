"""Hypothesis strategies for trade data (``pip install hypothesis``).

* :func:`trade_worlds`: balanced N×N trade matrices with home bias and two tariff
  matrices (baseline and counterfactual), for GE properties;
* :func:`pe_markets`: one importing market (imports by source, tariffs before and
  after, ε, σ), for PE properties;
* :func:`flow_frames`: tidy BACI-like flows of a few countries and HS6 products, for
  accounting properties.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from tradewinds.io.schema import FLOW_COLUMNS, conform

BACI_CODES = {"IND": 699, "RUS": 643, "USA": 842, "CHN": 156, "DEU": 276}
hs6_codes = st.text(alphabet="0123456789", min_size=6, max_size=6)


@st.composite
def trade_worlds(
    draw: st.DrawFn, min_n: int = 2, max_n: int = 7
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(X, t, t_new): balanced trade (exports = imports) with home bias; fixed deficits
    in levels can make a shocked world infeasible, which solvers report, not solve."""
    n = draw(st.integers(min_n, max_n))
    A = draw(arrays(float, (n, n), elements=st.floats(1.0, 1e4)))
    X = (A + A.T) / 2
    X[np.diag_indices(n)] *= 5
    t = draw(arrays(float, (n, n), elements=st.floats(0.0, 0.3)))
    tn = draw(arrays(float, (n, n), elements=st.floats(0.0, 0.6)))
    np.fill_diagonal(t, 0)
    np.fill_diagonal(tn, 0)
    return X, t, tn


@st.composite
def pe_markets(
    draw: st.DrawFn, max_sources: int = 8
) -> tuple[np.ndarray, np.ndarray, np.ndarray, float, float]:
    """(m0, t0, t1, ε, σ) of one market with 1…``max_sources`` sources."""
    n = draw(st.integers(min_value=1, max_value=max_sources))
    m0 = draw(arrays(float, n, elements=st.floats(0.1, 1e6)))
    t0 = draw(arrays(float, n, elements=st.floats(0.0, 1.0)))
    t1 = draw(arrays(float, n, elements=st.floats(0.0, 1.0)))
    eps = draw(st.floats(-5.0, -0.1))
    sig = draw(st.floats(0.2, 15.0))
    return m0, t0, t1, eps, sig


def flows_frame(
    values: list[float], codes: list[str], pairs: list[tuple[str, str]], period: str = "2022"
) -> pd.DataFrame:
    """Tidy flows (canonical schema) from values, HS codes and (exporter, importer)."""
    rows = [
        {
            "period": period,
            "freq": "A",
            "year": int(period),
            "exporter": e,
            "importer": i,
            "product": c,
            "value_usd": v,
            "flow_reporter": "BACI",
            "source": "BACI",
            "vintage": "t",
        }
        for v, c, (e, i) in zip(values, codes, pairs, strict=True)
    ]
    keys = ["period", "freq", "year", "exporter", "importer", "product"]
    keys += ["flow_reporter", "source", "vintage"]
    f = pd.DataFrame(pd.DataFrame(rows).groupby(keys, as_index=False)["value_usd"].sum())
    return conform(f, FLOW_COLUMNS)


countries_st = st.sampled_from(list(BACI_CODES))
pair_st = st.tuples(countries_st, countries_st).filter(lambda p: p[0] != p[1])
value_st = st.floats(min_value=0.01, max_value=1e9, allow_nan=False)


@st.composite
def flow_frames(draw: st.DrawFn, max_rows: int = 40) -> pd.DataFrame:
    n = draw(st.integers(min_value=1, max_value=max_rows))
    return flows_frame(
        draw(st.lists(value_st, min_size=n, max_size=n)),
        draw(st.lists(hs6_codes, min_size=n, max_size=n)),
        draw(st.lists(pair_st, min_size=n, max_size=n)),
    )
