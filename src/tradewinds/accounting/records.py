"""Growth and records: "the highest since …", "a record"."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd


def growth_and_records(
    frame: pd.DataFrame, value: str, *, period: str = "period", by: Sequence[str] = ()
) -> pd.DataFrame:
    """Add ``growth_pct`` (on the previous period), ``is_record_high``, ``is_record_low``
    and ``highest_since`` / ``lowest_since`` (the last earlier period with a value at
    least as high / as low; empty where the value is a record over the whole series).

    Periods must sort in time order as strings ('2023', '2024-04', 'FY2024-25' do).
    """
    parts = []
    groups = frame.groupby(list(by), sort=False) if by else [((), frame)]
    for _, g in groups:
        g = g.sort_values(period).copy()
        v = g[value].to_numpy(dtype=float)
        prev = np.r_[np.nan, v[:-1]]
        with np.errstate(divide="ignore", invalid="ignore"):
            g["growth_pct"] = np.where(prev != 0, 100.0 * (v / prev - 1.0), np.nan)
        labels = g[period].astype(str).tolist()
        hi_since, lo_since, rec_hi, rec_lo = [], [], [], []
        for k in range(len(v)):
            earlier = v[:k]
            hi = np.flatnonzero(earlier >= v[k])
            lo = np.flatnonzero(earlier <= v[k])
            hi_since.append(labels[hi[-1]] if hi.size else "")
            lo_since.append(labels[lo[-1]] if lo.size else "")
            rec_hi.append(k > 0 and not hi.size)
            rec_lo.append(k > 0 and not lo.size)
        g["is_record_high"] = rec_hi
        g["is_record_low"] = rec_lo
        g["highest_since"] = hi_since
        g["lowest_since"] = lo_since
        parts.append(g)
    return (
        pd.concat(parts).reset_index(drop=True)
        if parts
        else frame.assign(
            growth_pct=[], is_record_high=[], is_record_low=[], highest_since=[], lowest_since=[]
        )
    )


def describe_record(row: pd.Series, value_label: str, first_period: str) -> str:
    """'a record (data since 2018)' or 'the highest since 2021' or ''."""
    if row["is_record_high"]:
        return f"a record high {value_label} (data since {first_period})"
    if row["is_record_low"]:
        return f"a record low {value_label} (data since {first_period})"
    if row["highest_since"] and row["highest_since"] != row["period"]:
        return f"{value_label}: the highest since {row['highest_since']}"
    return ""
