"""Coverage: what a dataset holds, and "not covered" (never 0) for what it lacks.

A partial dataset (e.g. the embedded EIDB lines, which miss everything created in
HS 2022: smartphones 8517.13, crude 2709) cannot say a product had no trade: a line
absent from it is *not covered*, a missing value, never zero. A complete dataset
(official totals, BACI) can: a line absent from it had no recorded trade.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from tradewinds.io.schema import COMPLETE, PARTIAL

NOT_COVERED = "not covered"
NO_TRADE = "no trade recorded"
COVERED = "covered"


def is_complete(coverage: str | None) -> bool:
    """Whether a dataset's coverage text states complete coverage.

    Text that says "partial" anywhere (case-insensitive) is partial, and so is text
    that says a period or flow is "not covered"; anything else ("complete: …", BACI's
    "reconciled FOB values, calendar years", "all goods") is complete for what it holds.
    """
    t = (coverage or "").lower()
    return not ("partial" in t or "not covered" in t)


def coverage_kind(coverage: str | None) -> str:
    """ "complete" or "partial" from a dataset's coverage text (see :func:`is_complete`)."""
    return COMPLETE if is_complete(coverage) else PARTIAL


def row_complete(frame: pd.DataFrame, dataset_coverage: str | None = None) -> pd.Series:
    """Per row: True where coverage is complete. Uses the row's ``coverage`` column where
    the frame has one (official statistics carry it), else the dataset's text."""
    if "coverage" in frame:
        col = frame["coverage"].astype("string").fillna(PARTIAL).str.lower()
        return ~col.str.startswith(PARTIAL)
    return pd.Series(is_complete(dataset_coverage), index=frame.index)


def mark_not_covered(
    frame: pd.DataFrame,
    expected: pd.DataFrame,
    value: str,
    *,
    on: Sequence[str],
    complete: bool,
) -> pd.DataFrame:
    """Every row of ``expected`` (the keys ``on``: e.g. period × product) with its value
    from ``frame`` and a ``status``: "covered", "not covered" (absent from a partial
    dataset: value NaN, never 0) or "no trade recorded" (absent from a complete one:
    value 0). Rows of ``frame`` outside ``expected`` are kept as "covered"."""
    keys = list(on)
    left = expected[keys].drop_duplicates()
    merged = left.merge(frame, on=keys, how="outer", indicator=True)
    absent = (merged["_merge"] == "left_only").to_numpy()
    merged["status"] = np.where(absent, NO_TRADE if complete else NOT_COVERED, COVERED)
    merged[value] = merged[value].astype(float)
    if complete:
        merged.loc[absent, value] = 0.0
    else:
        merged.loc[absent, value] = np.nan
    return merged.drop(columns="_merge").sort_values(keys).reset_index(drop=True)


def format_level(
    value: float | None, status: str | None = None, *, scale: float = 1e9, digits: int = 2
) -> str:
    """A level for a table cell: '4.88', or 'not covered' (never '0.00') when the value
    is missing because the dataset does not cover it."""
    if status == NOT_COVERED or value is None or (isinstance(value, float) and math.isnan(value)):
        return NOT_COVERED
    return f"{value / scale:,.{digits}f}"


def share_of_level(share: float, level: float | None, status: str | None = None) -> float | str:
    """A share for a table cell beside its level: 'not covered' when the level is (the
    dataset does not cover it), 0 when no trade is recorded (a complete dataset leaves
    the share of a level of 0 missing), else the share itself."""
    if format_level(level, status) == NOT_COVERED:
        return NOT_COVERED
    if share != share and level == 0:
        return 0.0
    return share
