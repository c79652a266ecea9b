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

import numpy as np
import pandas as pd

from tradewinds.errors import DataValidationError
from tradewinds.io.readers._common import country_codes, no_duplicates, require_columns
from tradewinds.io.schema import FLOW_COLUMNS, TOTAL, conform
from tradewinds.io.store import DatasetSpec, file_hash, write_frames

_INDICATORS = {"TXG_FOB_USD": "X", "TMG_CIF_USD": "M"}
_PERIOD = re.compile(r"^(\d{4})(?:M(\d{1,2}))?$")


def read_dots(
    path: Path | str, *, dataset_id: str | None = None, vintage: str | None = None
) -> DatasetSpec:
    path = Path(path)
    if not path.is_file():
        raise DataValidationError(
            "file not found", file=str(path), fix="give the path of an IMF DOTS bulk CSV"
        )
    flows = dots_frame(path, vintage=vintage or "DOTS download")
    return DatasetSpec(
        id=dataset_id or re.sub(r"[^A-Za-z0-9_.-]", "-", path.stem.lower())[:64],
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
    file = str(path)
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    raw.columns = [c.strip() for c in raw.columns]
    require_columns(
        raw.columns, ["Country Name", "Indicator Code", "Counterpart Country Name"], file=file
    )
    periods = [c for c in raw.columns if _PERIOD.match(c)]
    if not periods:
        raise DataValidationError(
            "no period columns (2023, 2023M01 …)",
            file=file,
            fix="download the DOTS time series with periods as columns",
        )
    if "Attribute" in raw:
        raw = raw[raw["Attribute"].str.strip().isin(["Value", ""])]
    raw = raw[raw["Indicator Code"].str.strip().isin(list(_INDICATORS))]
    lines = raw.index.to_numpy() + 2
    raw = raw.reset_index(drop=True)
    rep = country_codes(raw, "Country Name", file=file, row_offset=2)
    par = country_codes(raw, "Counterpart Country Name", file=file, row_offset=2)
    flow = raw["Indicator Code"].str.strip().map(_INDICATORS)
    long = []
    for col in periods:
        text = raw[col].str.strip().str.replace(",", "", regex=False)
        vals = pd.to_numeric(text, errors="coerce")
        bad = vals.isna() & (text != "")
        bad |= vals < 0
        if bad.any():
            pos = int(np.flatnonzero(bad.to_numpy())[0])
            raise DataValidationError(
                f"value {raw[col].iloc[pos]!r} is not a number",
                file=file,
                row=int(lines[pos]),
                column=col,
                fix="give values in millions of USD, or leave empty",
            )
        m = _PERIOD.match(col)
        assert m is not None
        year, month = int(m.group(1)), (int(m.group(2)) if m.group(2) else None)
        if month is not None and not 1 <= month <= 12:
            raise DataValidationError(
                f"period column {col!r} has no month 1-12",
                file=file,
                row=1,
                column=col,
                fix="use periods like 2023M01",
            )
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
                    "value_usd": vals[keep] * 1e6,
                    "flow_reporter": rep[keep],
                }
            )
        )
    out = pd.concat(long, ignore_index=True)
    out["product"] = TOTAL
    out["source"] = "IMF DOTS"
    out["vintage"] = vintage
    no_duplicates(out, ["period", "exporter", "importer", "flow_reporter"], file=file, row_offset=2)
    return conform(out, FLOW_COLUMNS)
