"""Stata ``.dta`` gravity panels, such as those of Yotov, Piermartini, Monteiro & Larch
(2016), *An Advanced Guide to Trade Policy Analysis* (WTO/UNCTAD).

:func:`read_dta_panel` returns the panel as a tidy frame (exporter, importer, year,
trade and every covariate), checked; :func:`yotov_flows` turns it into a store
dataset of flows (trade in millions of USD, domestic flows included).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from tradewinds.errors import DataValidationError
from tradewinds.io.readers._common import country_codes, no_duplicates, numeric, require_columns
from tradewinds.io.schema import FLOW_COLUMNS, TOTAL, conform
from tradewinds.io.store import DatasetSpec, file_hash, write_frames


def read_dta_panel(
    path: Path | str,
    *,
    exporter: str = "exporter",
    importer: str = "importer",
    year: str | None = "year",
    value: str = "trade",
) -> pd.DataFrame:
    """A Stata gravity panel with ISO3 exporter/importer (old codes such as ROM mapped)."""
    path = Path(path)
    file = str(path)
    if not path.is_file():
        raise DataValidationError("file not found", file=file, fix="give the path of a .dta file")
    try:
        df = pd.read_stata(path)
    except (ValueError, OSError) as exc:
        raise DataValidationError(
            f"not a readable Stata file ({exc})", file=file, fix="save it from Stata 8-15 (.dta)"
        ) from exc
    cols = [exporter, importer, value] + ([year] if year else [])
    require_columns(df.columns, cols, file=file)
    out = df.copy()
    out[exporter] = country_codes(out, exporter, file=file, row_offset=1)
    out[importer] = country_codes(out, importer, file=file, row_offset=1)
    out[value] = numeric(out, value, file=file, row_offset=1)
    if year:
        out[year] = numeric(out, year, file=file, row_offset=1).astype(int)
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
            "value_usd": panel["trade"] * unit_multiplier,
            "flow_reporter": "AGTPA",
            "source": "Yotov et al. (2016) AGTPA",
            "vintage": "AGTPA 2016",
        }
    )
    return DatasetSpec(
        id=dataset_id or path.stem.lower()[:64],
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
