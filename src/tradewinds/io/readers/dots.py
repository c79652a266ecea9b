"""IMF Direction of Trade Statistics (DOTS) bulk CSV: bilateral goods totals.

Layout (IMF data portal bulk download): ``Country Name, Country Code, Indicator Name,
Indicator Code, Counterpart Country Name, Counterpart Country Code, Attribute`` then
one column per period (``2023``, ``2023M01`` or ``2023M1``), values in millions of
USD. Indicators kept: ``TXG_FOB_USD`` (exports FOB, the country's report) and
``TMG_CIF_USD`` (imports CIF). Countries are matched by name (IMF numeric codes
differ from ISO); rows with ``Attribute`` other than ``Value`` are skipped.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tradewinds.errors import DataValidationError
from tradewinds.io.readers._common import (
    country_codes,
    empty_error,
    no_duplicates,
    numeric,
    require_columns,
)
from tradewinds.io.schema import FLOW_COLUMNS, TOTAL, conform
from tradewinds.io.store import DatasetSpec, file_hash, write_frames
from tradewinds.io.store_types import id_from_name
from tradewinds.io.validate import check_file, read_csv_table, scaled

_INDICATORS = {"TXG_FOB_USD": "X", "TMG_CIF_USD": "M"}
_PERIOD = re.compile(r"^(\d{4})(?:M(\d{1,2}))?$")


def read_dots(
    path: Path | str, *, dataset_id: str | None = None, vintage: str | None = None
) -> DatasetSpec:
    path = check_file(path, what="an IMF DOTS bulk CSV")
    flows = dots_frame(path, vintage=vintage or "DOTS download")
    return DatasetSpec(
        id=dataset_id or id_from_name(path.stem),
        kind="flows",
        source="IMF Direction of Trade Statistics",
        vintage=vintage or "download",
        content_hash=file_hash(path, extra="dots/v1"),
        write=write_frames({"flows": flows}),
        description="IMF DOTS bilateral goods trade totals",
        coverage="as reported to the IMF (exports FOB, imports CIF); all goods",
        reader="dots",
        origin=str(path),
    )


def dots_frame(path: Path, *, vintage: str) -> pd.DataFrame:
    table = read_csv_table(path, what="an IMF DOTS bulk CSV")
    file, raw, lines = table.file, table.frame, table.lines
    require_columns(
        raw.columns, ["Country Name", "Indicator Code", "Counterpart Country Name"], file=file
    )
    periods = [c for c in raw.columns if _PERIOD.match(c)]
    if not periods:
        raise DataValidationError(
            "no period columns (2023, 2023M01 …)",
            file=file,
            row=1,
            fix="download the DOTS time series with periods as columns",
        )
    for col in periods:
        m = _PERIOD.match(col)
        assert m is not None
        month = int(m.group(2)) if m.group(2) else None
        if month is not None and not 1 <= month <= 12:
            raise DataValidationError(
                f"period column {col!r} has no month 1-12",
                file=file,
                row=1,
                column=col,
                fix="use periods like 2023M01",
            )
        if not 1900 <= int(m.group(1)) <= 2100:
            raise DataValidationError(
                f"period column {col!r} is not a year from 1900 to 2100",
                file=file,
                row=1,
                column=col,
                fix="use periods like 2023 or 2023M01",
            )
    keep = np.ones(len(raw), dtype=bool)
    if "Attribute" in raw:
        keep &= raw["Attribute"].str.strip().isin(["Value", ""]).to_numpy()
    keep &= raw["Indicator Code"].str.strip().isin(list(_INDICATORS)).to_numpy()
    raw, lines = raw[keep].reset_index(drop=True), lines[keep]
    if raw.empty:
        raise empty_error(file, what="rows of exports (TXG_FOB_USD) or imports (TMG_CIF_USD)")
    at: dict[str, Any] = {"file": file, "row_offset": 0, "lines": lines}
    rep = country_codes(raw, "Country Name", **at)
    par = country_codes(raw, "Counterpart Country Name", **at)
    flow = raw["Indicator Code"].str.strip().map(_INDICATORS)
    long = []
    for col in periods:
        vals = scaled(
            numeric(raw, col, nullable=True, **at),
            1e6,
            file=file,
            column=col,
            unit="US$ million",
            lines=lines,
        )
        m = _PERIOD.match(col)
        assert m is not None
        year, month = int(m.group(1)), (int(m.group(2)) if m.group(2) else None)
        keep = vals.notna().to_numpy()
        long.append(
            pd.DataFrame(
                {
                    "period": f"{year}-{month:02d}" if month else f"{year}",
                    "freq": "M" if month else "A",
                    "year": year,
                    "month": month,
                    "exporter": rep.where(flow == "X", par)[keep],
                    "importer": par.where(flow == "X", rep)[keep],
                    "value_usd": vals[keep],
                    "flow_reporter": rep[keep],
                    "_line": lines[keep],
                }
            )
        )
    out = pd.concat(long, ignore_index=True)
    if out.empty:
        raise empty_error(file, what="values (every period cell is blank)")
    out["product"] = TOTAL
    out["source"] = "IMF DOTS"
    out["vintage"] = vintage
    no_duplicates(
        out,
        ["period", "exporter", "importer", "flow_reporter"],
        file=file,
        row_offset=0,
        lines=out["_line"].to_numpy(),
        column="Counterpart Country Name",
    )
    return conform(out, FLOW_COLUMNS)
