"""India's trade with the world by HS chapter (DGCI&S EIDB "commodity-wise" pages,
``india-eidb-hs2-world``), read into the flows schema (exporter/importer "WLD", product
the 2-digit chapter), and which (period, flow) a table covers."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from tradewinds.errors import DataValidationError
from tradewinds.io.embedded import data_path
from tradewinds.io.readers._common import require_columns
from tradewinds.io.readers.official_csv import _fiscal_years, _money, read_csv_text
from tradewinds.io.schema import COMPLETE, OFFICIAL_FLOW_COLUMNS, conform
from tradewinds.io.store import DatasetSpec, file_hash, write_frames

CHAPTERS_DATASET = "india-eidb-hs2-world"
CHAPTERS_FILE = ("india_eidb_hs2", "chapters_world_fy.csv.gz")
CHAPTER_TOTALS_FILE = ("india_eidb_hs2", "totals_fy.csv")
CHAPTERS_VINTAGE = "EIDB commodity-wise pages, pulled 2026-07-21 (FY2025-26 provisional)"
CHAPTERS_COVERAGE = (
    "complete by HS chapter for India's exports FY2023-24 … FY2025-26 and imports "
    "FY2023-24 … FY2024-25; imports FY2025-26 NOT COVERED (not pulled from the source). "
    "World only (no partner split); chapters 98–99 are India's national chapters. "
    "FY2025-26 provisional."
)


def chapter_frames(
    path: Path | str,
    totals: Path | str | None = None,
    *,
    reporter: str = "IND",
    source: str = "DGCI&S EIDB (commodity-wise, world)",
    vintage: str = CHAPTERS_VINTAGE,
    provisional_years: Sequence[str] = ("FY2025-26",),
    tolerance_usd: float = 0.05e6,
) -> pd.DataFrame:
    """India–world trade by HS chapter as flows (exporter or importer "WLD").

    Layout: ``flow`` (export/import), ``fiscal_year``, ``hs2`` (2-digit text),
    ``value_usd_mn`` (+ optional ``description``, ``basis``). With ``totals``
    (``flow, fiscal_year, total_usd_mn``), chapter sums must match the page totals
    within ``tolerance_usd`` (the source's own gap is at most 0.03 US$ mn: the page
    rounds each chapter and the total separately).
    """
    p = Path(path)
    file = str(p)
    raw = read_csv_text(p)
    require_columns(raw.columns, ["flow", "fiscal_year", "hs2", "value_usd_mn"], file=file)
    flow = raw["flow"].str.strip().str.lower()
    bad = ~flow.isin(["export", "import"])
    if bad.any():
        pos = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataValidationError(
            f"flow {raw['flow'].iloc[pos]!r} is not export or import",
            file=file,
            row=pos + 2,
            column="flow",
            fix="write export or import",
        )
    year, label = _fiscal_years(raw, "fiscal_year", file=file, fy_start_month=4)
    hs2 = raw["hs2"].str.strip()
    ok = hs2.str.fullmatch(r"\d{2}")
    if not ok.all():
        pos = int(np.flatnonzero(~ok.to_numpy())[0])
        raise DataValidationError(
            f"HS chapter {raw['hs2'].iloc[pos]!r} is not 2 digits",
            file=file,
            row=pos + 2,
            column="hs2",
            fix="keep chapters as zero-padded text (01, not 1)",
        )
    value = _money(raw, "value_usd_mn", file=file)
    out = pd.DataFrame(
        {
            "period": label,
            "freq": "FY",
            "year": year,
            "fy_start_month": 4,
            "exporter": np.where(flow == "export", reporter, "WLD"),
            "importer": np.where(flow == "export", "WLD", reporter),
            "product": hs2,
            "hs_version": "ITC-HS2",
            "value_usd": value,
            "flow_reporter": reporter,
            "source": source,
            "vintage": vintage,
            "provisional": label.isin(list(provisional_years)),
            "coverage": COMPLETE,
            "partner_label": "World",
        }
    )
    dup = out.duplicated(["period", "exporter", "importer", "product"])
    if dup.any():
        pos = int(np.flatnonzero(dup.to_numpy())[0])
        raise DataValidationError(
            f"chapter {hs2.iloc[pos]} appears twice for {raw['flow'].iloc[pos]} {label.iloc[pos]}",
            file=file,
            row=pos + 2,
            column="hs2",
            fix="keep one row per flow, year and chapter",
        )
    if totals is not None:
        traw = read_csv_text(Path(totals))
        require_columns(traw.columns, ["flow", "fiscal_year", "total_usd_mn"], file=str(totals))
        _, tlabel = _fiscal_years(traw, "fiscal_year", file=str(totals), fy_start_month=4)
        stated = _money(traw, "total_usd_mn", file=str(totals))
        sums = out.assign(flow=flow).groupby(["flow", "period"])["value_usd"].sum()
        for i, (f, per, v) in enumerate(
            zip(traw["flow"].str.strip().str.lower(), tlabel, stated, strict=True)
        ):
            got = float(sums.get((f, per), np.nan))
            if not np.isfinite(got) or abs(got - v) > tolerance_usd:
                raise DataValidationError(
                    f"{f} {per}: chapters add up to {got / 1e6:,.2f} but the page total is "
                    f"{v / 1e6:,.2f} US$ mn",
                    file=str(totals),
                    row=i + 2,
                    column="total_usd_mn",
                    fix="check for a missing or mistyped chapter",
                )
    return conform(out, OFFICIAL_FLOW_COLUMNS)


def read_national_chapters(
    path: Path | str | None = None,
    *,
    totals: Path | str | None = None,
    dataset_id: str = CHAPTERS_DATASET,
    coverage: str | None = None,
) -> DatasetSpec:
    """India's exports and imports with the world by HS chapter (default: the embedded
    EIDB pull, FY2023-24 … FY2025-26) as a ``kind="official"`` dataset."""
    embedded = path is None
    p = data_path(*CHAPTERS_FILE) if path is None else Path(path)
    t = data_path(*CHAPTER_TOTALS_FILE) if (embedded and totals is None) else totals
    flows = chapter_frames(p, t)
    paths = [p] + ([Path(t)] if t is not None else [])
    return DatasetSpec(
        id=dataset_id,
        kind="official",
        source="DGCI&S EIDB, Department of Commerce, Government of India",
        vintage=CHAPTERS_VINTAGE,
        content_hash=file_hash(*paths, extra="national-chapters/v1"),
        write=write_frames({"flows": flows}),
        description="India's merchandise trade with the world by HS chapter, fiscal years",
        coverage=coverage or (CHAPTERS_COVERAGE if embedded else COMPLETE),
        reader="national-chapters",
        origin=", ".join(map(str, paths)),
    )


def covered_periods(flows: pd.DataFrame, *, reporter: str = "IND") -> pd.DataFrame:
    """Which (period, flow) a chapter or partner table covers: ``period, flow, covered``
    over the product of the periods and both flows (a flow-period with no rows is
    ``covered=False``: "not covered", never zero)."""
    periods = sorted(flows["period"].unique())
    have = set(
        zip(
            flows["period"],
            np.where(flows["exporter"] == reporter, "exports", "imports"),
            strict=True,
        )
    )
    rows = [
        {"period": p, "flow": f, "covered": (p, f) in have}
        for p in periods
        for f in ("exports", "imports")
    ]
    return pd.DataFrame(rows)
