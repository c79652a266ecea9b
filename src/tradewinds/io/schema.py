"""The canonical schemas of the tables the store holds."""

from __future__ import annotations

from typing import Any

import pandas as pd

# Tidy bilateral flows: one row per period, exporter, importer, product, reporter.
# value_usd is in US dollars (readers convert thousands/millions); product is a
# zero-padded HS string or "TOTAL" for all goods. freq: "A" calendar year,
# "M" month, "FY" fiscal year (year = the calendar year the FY starts in).
FLOW_COLUMNS: dict[str, str] = {
    "period": "VARCHAR",
    "freq": "VARCHAR",
    "year": "INTEGER",
    "month": "INTEGER",
    "fy_start_month": "INTEGER",
    "exporter": "VARCHAR",
    "importer": "VARCHAR",
    "product": "VARCHAR",
    "hs_version": "VARCHAR",
    "value_usd": "DOUBLE",
    "quantity": "DOUBLE",
    "unit": "VARCHAR",
    "flow_reporter": "VARCHAR",
    "source": "VARCHAR",
    "vintage": "VARCHAR",
}
FLOW_KEY = ["period", "exporter", "importer", "product", "flow_reporter"]
TOTAL = "TOTAL"

# Country-level indicators (GDP, tariffs announced for an exporter, …)
MACRO_COLUMNS: dict[str, str] = {
    "iso3": "VARCHAR",
    "year": "INTEGER",
    "indicator": "VARCHAR",
    "value": "DOUBLE",
    "unit": "VARCHAR",
    "source": "VARCHAR",
}

_PANDAS = {"VARCHAR": "string", "INTEGER": "Int64", "DOUBLE": "float64"}


def conform(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """Return a copy with exactly ``columns`` in order and their dtypes (missing → null)."""
    out = pd.DataFrame(index=frame.index)
    for col, sql in columns.items():
        if col in frame:
            dtype: Any = _PANDAS[sql]
            out[col] = frame[col].astype(dtype)
        else:
            out[col] = pd.Series(None, index=frame.index, dtype=_PANDAS[sql])
    return out.reset_index(drop=True)


def period_label(freq: str, year: int, month: int | None = None) -> str:
    """'2023', '2024-04' or 'FY2024-25'."""
    if freq == "A":
        return f"{year}"
    if freq == "M":
        return f"{year}-{month:02d}"
    if freq == "FY":
        return f"FY{year}-{(year + 1) % 100:02d}"
    raise ValueError(f"unknown frequency {freq!r}")
