"""Fiscal years from monthly data (MODELS.md §1).

India's FY "2024-25" runs 1 Apr 2024 – 31 Mar 2025; any start month works (July
for Australia, October for the US federal year). A fiscal year starting in
January is the calendar year. Totals are refused when months are missing unless
``allow_partial`` (then the missing months are listed).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from tradewinds.errors import DataValidationError


class IncompleteFiscalYearError(DataValidationError):
    """A fiscal (or calendar) year lacks months; names them."""

    def __init__(self, label: str, missing: Sequence[str], group: str = "") -> None:
        self.label = label
        self.missing = list(missing)
        super().__init__(
            f"{label}{' for ' + group if group else ''} is missing "
            f"{len(self.missing)} month{'s' if len(self.missing) != 1 else ''}: "
            f"{', '.join(self.missing)}",
            fix="use --allow-partial to total the months present (the output lists the "
            "missing ones), or ingest the missing months",
        )


def fiscal_year_of(
    year: int | np.ndarray, month: int | np.ndarray, start_month: int = 4
) -> int | np.ndarray:
    """The calendar year in which the fiscal year containing (year, month) starts."""
    return year - (np.asarray(month) < start_month).astype(int) if start_month > 1 else year


def fiscal_year_label(start_year: int, start_month: int = 4) -> str:
    """'FY2024-25' (start month > 1) or '2024' (January start)."""
    if start_month == 1:
        return str(start_year)
    return f"FY{start_year}-{(start_year + 1) % 100:02d}"


def _months_of(start_year: int, start_month: int) -> list[tuple[int, int]]:
    out = []
    for k in range(12):
        m = (start_month - 1 + k) % 12 + 1
        y = start_year + (start_month - 1 + k) // 12
        out.append((y, m))
    return out


def fiscal_year_totals(
    monthly: pd.DataFrame,
    *,
    start_month: int = 4,
    by: Sequence[str] = (),
    value_columns: Sequence[str] = ("value_usd",),
    allow_partial: bool = False,
) -> pd.DataFrame:
    """Sum monthly rows (columns ``year``, ``month``) into fiscal years.

    Returns ``by…, period, fy_start_year, months, missing_months`` and the summed
    ``value_columns``. Raises :class:`IncompleteFiscalYearError` when a fiscal year
    lacks months, unless ``allow_partial``.
    """
    if not 1 <= start_month <= 12:
        raise DataValidationError(
            f"fiscal-year start month {start_month} is not 1-12",
            column="start_month",
            fix="use 4 for India's April start",
        )
    if monthly.empty:
        cols = [*by, "period", "fy_start_year", "months", "missing_months", *value_columns]
        return pd.DataFrame(columns=cols)
    if monthly["month"].isna().any():
        raise DataValidationError(
            "rows without a month cannot be split into fiscal years",
            column="month",
            fix="pass monthly data (freq M)",
        )
    f = monthly.copy()
    yr = f["year"].to_numpy(dtype=int)
    mo = f["month"].to_numpy(dtype=int)
    f["fy_start_year"] = fiscal_year_of(yr, mo, start_month)
    keys = [*by, "fy_start_year"]
    agg = f.groupby(keys, dropna=False)[list(value_columns)].sum().reset_index()
    present: dict[Any, frozenset[tuple[int, int]]] = {
        k: frozenset(zip(g["year"].astype(int), g["month"].astype(int), strict=True))
        for k, g in f.groupby(keys, dropna=False)
    }
    months, missing_col = [], []
    for _, row in agg.iterrows():
        key = tuple(row[k] for k in keys)
        have = present[key]
        need = _months_of(int(row["fy_start_year"]), start_month)
        missing = [f"{y}-{m:02d}" for (y, m) in need if (y, m) not in have]
        if missing and not allow_partial:
            group = ", ".join(f"{k}={row[k]}" for k in by)
            raise IncompleteFiscalYearError(
                fiscal_year_label(int(row["fy_start_year"]), start_month), missing, group
            )
        months.append(12 - len(missing))
        missing_col.append(", ".join(missing))
    agg["period"] = [fiscal_year_label(int(y), start_month) for y in agg["fy_start_year"]]
    agg["months"] = months
    agg["missing_months"] = missing_col
    return agg[[*by, "period", "fy_start_year", "months", "missing_months", *value_columns]]


def calendar_year_totals(monthly: pd.DataFrame, **kwargs: object) -> pd.DataFrame:
    """Calendar-year totals from monthly rows (a fiscal year starting in January)."""
    return fiscal_year_totals(monthly, start_month=1, **kwargs)  # type: ignore[arg-type]
