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

# Per-row provenance that a flows table MAY carry beyond FLOW_COLUMNS (the store reads
# such tables with ``SELECT *``, so every reader still sees FLOW_COLUMNS). Official
# national statistics write them: ``provisional`` (the statistical office may still
# revise the period), ``coverage`` ("complete": every line of trade is in the figure;
# "partial": some lines are missing, so the figure is a lower bound and never a trend),
# and ``partner_label`` (the partner as the source spells it, e.g. "U ARAB EMTS").
FLOW_PROVENANCE_COLUMNS: dict[str, str] = {
    "provisional": "BOOLEAN",
    "coverage": "VARCHAR",
    "partner_label": "VARCHAR",
}
OFFICIAL_FLOW_COLUMNS: dict[str, str] = {**FLOW_COLUMNS, **FLOW_PROVENANCE_COLUMNS}
COMPLETE = "complete"
PARTIAL = "partial"

# A reporter's own world totals per period (official national statistics publish them
# beside the partner table; partner rows must add up to them).
REPORTER_TOTAL_COLUMNS: dict[str, str] = {
    "period": "VARCHAR",
    "freq": "VARCHAR",
    "year": "INTEGER",
    "fy_start_month": "INTEGER",
    "reporter": "VARCHAR",
    "exports_usd": "DOUBLE",
    "imports_usd": "DOUBLE",
    "provisional": "BOOLEAN",
    "n_partners_nonzero": "INTEGER",
    "source": "VARCHAR",
    "vintage": "VARCHAR",
}

# Bilateral migrant stocks (persons, by country of birth and of residence) and
# remittances (US dollars, from the host country to the origin country), one vintage.
MIGRANT_STOCK_COLUMNS: dict[str, str] = {
    "year": "INTEGER",
    "origin": "VARCHAR",
    "destination": "VARCHAR",
    "origin_label": "VARCHAR",
    "destination_label": "VARCHAR",
    "migrants": "DOUBLE",
    "source": "VARCHAR",
    "vintage": "VARCHAR",
}
REMITTANCE_COLUMNS: dict[str, str] = {
    "year": "INTEGER",
    "sender": "VARCHAR",
    "receiver": "VARCHAR",
    "sender_label": "VARCHAR",
    "receiver_label": "VARCHAR",
    "value_usd": "DOUBLE",
    "source": "VARCHAR",
    "vintage": "VARCHAR",
}

# Dataset kinds in the catalog: "flows" (trade flows), "official" (a statistical
# office's own trade figures: flows + reporter totals, fiscal periods, provisional
# flags), "migration" (migrant stocks + remittances), "macro", "codes".
DATASET_KINDS = ("flows", "official", "migration", "macro", "codes")

# Country-level indicators (GDP, tariffs announced for an exporter, …)
MACRO_COLUMNS: dict[str, str] = {
    "iso3": "VARCHAR",
    "year": "INTEGER",
    "indicator": "VARCHAR",
    "value": "DOUBLE",
    "unit": "VARCHAR",
    "source": "VARCHAR",
}

_PANDAS = {"VARCHAR": "string", "INTEGER": "Int64", "DOUBLE": "float64", "BOOLEAN": "boolean"}


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
