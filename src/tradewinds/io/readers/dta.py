"""Stata ``.dta`` gravity panels, such as those of Yotov, Piermartini, Monteiro & Larch
(2016), *An Advanced Guide to Trade Policy Analysis* (WTO/UNCTAD).

:func:`read_dta_panel` returns the panel as a tidy frame (exporter, importer, year,
trade and every covariate), checked; :func:`yotov_flows` turns it into a store
dataset of flows (trade in millions of USD, domestic flows included).
"""

from __future__ import annotations

import struct
import warnings
import zlib
from pathlib import Path

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
from tradewinds.io.validate import check_file, refuse_archive, scaled, show, sniff_compression

_STATA_ERRORS = (
    ValueError,
    OSError,
    EOFError,
    struct.error,
    UnicodeDecodeError,
    KeyError,
    IndexError,
    TypeError,
    OverflowError,
    MemoryError,
    zlib.error,
)


def read_dta_panel(
    path: Path | str,
    *,
    exporter: str = "exporter",
    importer: str = "importer",
    year: str | None = "year",
    value: str = "trade",
) -> pd.DataFrame:
    """A Stata gravity panel with ISO3 exporter/importer (old codes such as ROM mapped)."""
    path = check_file(path, what="a Stata .dta file")
    file = str(path)
    kind = sniff_compression(path)
    if kind is not None:
        refuse_archive(path, kind, member_hint="the .dta file inside")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pandas warns on odd but readable files
            df = pd.read_stata(path)
    except _STATA_ERRORS as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise DataValidationError(
            f"not a readable Stata file ({first})",
            file=file,
            fix="save it from Stata 8-15 (.dta); a cut-off download cannot be read",
        ) from None
    cols = [exporter, importer, value] + ([year] if year else [])
    require_columns(df.columns, cols, file=file, row=None)
    if df.empty:
        raise empty_error(file, what="observations (the panel is empty)")
    out = df.copy()
    out[exporter] = country_codes(out, exporter, file=file, row_offset=1)
    out[importer] = country_codes(out, importer, file=file, row_offset=1)
    out[value] = numeric(out, value, file=file, row_offset=1)
    if year:
        y = numeric(out, year, file=file, row_offset=1)
        bad = ~((y >= 1900) & (y <= 2100) & (y == np.floor(y)))
        if bad.any():
            pos = int(np.flatnonzero(bad.to_numpy())[0])
            raise DataValidationError(
                f"year {show(df[year].iloc[pos])} is not a whole year from 1900 to 2100",
                file=file,
                row=pos + 1,
                column=year,
                fix="give the year as a whole number",
            )
        out[year] = y.astype(int)
    no_duplicates(out, [exporter, importer] + ([year] if year else []), file=file, row_offset=1)
    return out


def yotov_flows(
    path: Path | str, *, dataset_id: str | None = None, unit_multiplier: float = 1e6
) -> DatasetSpec:
    """A Yotov et al. (2016) panel as flows (``trade`` in millions of USD by default)."""
    path = Path(path)
    panel = read_dta_panel(path)
    flows = pd.DataFrame(
        {
            "period": panel["year"].astype(str),
            "freq": "A",
            "year": panel["year"],
            "exporter": panel["exporter"],
            "importer": panel["importer"],
            "product": TOTAL,
            "hs_version": "",
            "value_usd": scaled(
                panel["trade"],
                unit_multiplier,
                file=str(path),
                column="trade",
                unit="the file's unit",
                row_offset=1,
            ),
            "flow_reporter": "AGTPA",
            "source": "Yotov et al. (2016) AGTPA",
            "vintage": "AGTPA 2016",
        }
    )
    return DatasetSpec(
        id=dataset_id or id_from_name(path.stem),
        kind="flows",
        source="Yotov, Piermartini, Monteiro & Larch (2016), WTO/UNCTAD",
        vintage="AGTPA 2016",
        content_hash=file_hash(path, extra=f"dta/v1/{unit_multiplier}"),
        write=write_frames({"flows": conform(flows, FLOW_COLUMNS), "panel": panel}),
        description="Aggregate manufacturing trade incl. domestic flows, with gravity "
        "covariates (table 'panel')",
        coverage="manufacturing only; 69 countries; domestic flows included",
        reader="dta",
        origin=str(path),
    )


def panel_from_parquet(path: Path | str) -> pd.DataFrame:
    """A gravity panel saved as Parquet (same columns as :func:`read_dta_panel`)."""
    path = Path(path)
    df = pd.read_parquet(path)
    require_columns(df.columns, ["exporter", "importer", "year", "trade"], file=str(path))
    return df
