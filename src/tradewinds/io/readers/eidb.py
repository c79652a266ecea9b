"""India's Export Import Data Bank (Department of Commerce, DGCI&S data).

Reads the tidy layout of the embedded ``india-eidb-exports-partial`` dataset
(``country, hs8, description, unit, fy, value_usd_mn, quantity``; fiscal years
April–March) and the same layout with a ``month`` column (``2024-04``) for
monthly data and an optional ``flow`` column (``export``/``import``). Values are
US$ million (a blank value means no trade in that period: the row is dropped);
HS codes are India's 8-digit ITC-HS lines (kept as strings).

The embedded dataset has partial coverage (lines created in HS 2022, such as
smartphones 8517.13 and crude 2709, are missing): its coverage note travels with
every output.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tradewinds.errors import DataValidationError
from tradewinds.io.embedded import EIDB_FILE, data_path
from tradewinds.io.readers._common import (
    country_codes,
    empty_error,
    hs_codes,
    no_duplicates,
    numeric,
    require_columns,
)
from tradewinds.io.schema import FLOW_COLUMNS, conform
from tradewinds.io.store import DatasetSpec, file_hash, write_frames
from tradewinds.io.validate import check_file, read_csv_table, scaled, show

PARTIAL_COVERAGE = (
    "PARTIAL coverage: scraped EIDB HS8 lines of an older ITC-HS edition; lines created in "
    "HS 2022 (e.g. 85171300 smartphones, all of 2709 crude) are missing. Sums cover about "
    "81% of official exports to Russia and 70% to the US in FY2024-25 (3.96 of ~4.88 bn; "
    "60.6 of ~86.5 bn). Use for composition, not totals."
)
VINTAGE = "EIDB, last updated 2025-10-21 (scraped 2026-01-27)"


def read_eidb(
    path: Path | str | None = None,
    *,
    dataset_id: str = "india-eidb",
    coverage: str | None = None,
    vintage: str | None = None,
) -> DatasetSpec:
    """Read an EIDB export (defaults to the embedded partial dataset)."""
    embedded = path is None
    p = data_path(*EIDB_FILE) if path is None else Path(path)
    check_file(p, what="an EIDB CSV in the documented layout")
    flows = eidb_frame(p, vintage=vintage or (VINTAGE if embedded else "EIDB download"))
    return DatasetSpec(
        id=dataset_id,
        kind="flows",
        source="Department of Commerce, Government of India: Export Import Data Bank (DGCI&S)",
        vintage=vintage or (VINTAGE if embedded else "EIDB download"),
        content_hash=file_hash(p, extra="eidb/v1"),
        write=write_frames({"flows": flows}),
        description="India's trade by ITC-HS 8-digit line and partner, fiscal years "
        "April–March" + (" (exports to Russia and the US)" if embedded else ""),
        coverage=coverage or (PARTIAL_COVERAGE if embedded else "as downloaded from EIDB"),
        reader="eidb",
        origin=str(p),
    )


def eidb_frame(path: Path, *, vintage: str) -> pd.DataFrame:
    table = read_csv_table(path, what="an EIDB CSV", lower_header=True)
    file, raw, lines = table.file, table.frame, table.lines
    monthly = "month" in raw.columns
    require_columns(
        raw.columns, ["country", "hs8", "month" if monthly else "fy", "value_usd_mn"], file=file
    )
    at: dict[str, Any] = {"file": file, "row_offset": 0, "lines": lines}
    partner = country_codes(raw, "country", **at)
    hs8 = hs_codes(raw, "hs8", lengths=(8,), **at)
    # EIDB leaves the value blank where a line had no trade that year (it is listed
    # because it traded the year before): such rows are dropped, not zero-filled.
    value = scaled(
        numeric(raw, "value_usd_mn", nullable=True, **at),
        1e6,
        file=file,
        column="value_usd_mn",
        unit="US$ million",
        lines=lines,
    )
    qty = (
        numeric(raw, "quantity", nullable=True, **at)
        if "quantity" in raw
        else pd.Series(np.nan, index=raw.index)
    )
    flow = (
        raw["flow"].str.strip().str.lower()
        if "flow" in raw
        else pd.Series("export", index=raw.index)
    )
    bad = ~flow.isin(["export", "import"])
    if bad.any():
        pos = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataValidationError(
            f"flow {show(raw['flow'].iloc[pos])} is not export or import",
            file=file,
            row=int(lines[pos]),
            column="flow",
            fix="write export or import",
        )
    if monthly:
        m = raw["month"].str.strip()
        ok = m.str.fullmatch(r"\d{4}-(0[1-9]|1[0-2])").fillna(False)
        if not ok.all():
            pos = int(np.flatnonzero(~ok.to_numpy())[0])
            raise DataValidationError(
                f"month {show(raw['month'].iloc[pos])} is not YYYY-MM",
                file=file,
                row=int(lines[pos]),
                column="month",
                fix="write e.g. 2024-04",
            )
        year, month = m.str[:4].astype(int), m.str[5:7].astype(int)
        period, freq, fy_start = m, "M", pd.Series(pd.NA, index=raw.index, dtype="Int64")
    else:
        fy = raw["fy"].str.strip()
        ok = fy.str.fullmatch(r"(FY)?\d{4}-\d{2}").fillna(False)
        ok &= (
            fy.str[-2:].where(ok, "0").astype(int)
            == (fy.str.replace("FY", "").str[:4].where(ok, "0").astype(int) + 1) % 100
        )
        if not ok.all():
            pos = int(np.flatnonzero(~ok.to_numpy())[0])
            raise DataValidationError(
                f"fiscal year {show(raw['fy'].iloc[pos])} is not like 2024-25",
                file=file,
                row=int(lines[pos]),
                column="fy",
                fix="write the April–March year as 2024-25",
            )
        year = fy.str.replace("FY", "").str[:4].astype(int)
        month = pd.Series(pd.NA, index=raw.index, dtype="Int64")
        period = "FY" + fy.str.replace("FY", "")
        freq, fy_start = "FY", pd.Series(4, index=raw.index, dtype="Int64")
    bad_year = ~year.between(1900, 2100)
    if bad_year.any():
        pos = int(np.flatnonzero(bad_year.to_numpy())[0])
        col = "month" if monthly else "fy"
        raise DataValidationError(
            f"year {show(raw[col].iloc[pos])} is not from 1900 to 2100",
            file=file,
            row=int(lines[pos]),
            column=col,
            fix="check the period",
        )
    out = pd.DataFrame(
        {
            "period": period,
            "freq": freq,
            "year": year,
            "month": month,
            "fy_start_month": fy_start,
            "exporter": partner.where(flow == "import", "IND"),
            "importer": partner.where(flow == "export", "IND"),
            "product": hs8,
            "hs_version": "ITC-HS8",
            "value_usd": value,
            "quantity": qty,
            "unit": raw["unit"].str.strip() if "unit" in raw else None,
            "flow_reporter": "IND",
            "source": "DGCI&S EIDB",
            "vintage": vintage,
        }
    )
    no_duplicates(
        out, ["period", "exporter", "importer", "product"], file=file, row_offset=0, lines=lines
    )
    kept = value.notna().to_numpy()
    if not kept.any():
        raise empty_error(file, what="rows with a value (every value_usd_mn is blank)")
    return conform(out[kept], FLOW_COLUMNS)
