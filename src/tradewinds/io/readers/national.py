"""Official national statistics: a statistical office's own trade figures by fiscal year.

The default is India's DGCI&S "country-wise total trade" table (TradeStat FTSPCC,
Department of Commerce): exports and imports with every partner, FY2010-11 …
FY2025-26, US$ million, the latest year provisional, embedded in
``tradewinds/data/india_tradestat`` (see its PROVENANCE.md). A dataset of this kind
(``kind="official"``) holds two tables:

- ``flows``: the canonical flow columns (``period`` "FY2024-25", ``freq`` "FY",
  ``fy_start_month`` 4, product "TOTAL", ``flow_reporter`` the reporter) plus per-row
  ``provisional``, ``coverage`` ("complete": the office's own total for the pair) and
  ``partner_label`` (the office's spelling, e.g. "U ARAB EMTS");
- ``totals``: the reporter's world totals per period as the office states them
  (``REPORTER_TOTAL_COLUMNS``); partner rows add up to them (checked on read).

Partner file layout (CSV, header on line 1): ``fiscal_year`` ("2024-25" or
"FY2024-25"), ``partner`` (the office's spelling, an ISO3 code or a name; the
shared file's ``partner_tradestat`` is accepted too), ``export_usd_mn``,
``import_usd_mn``, optional ``provisional`` (True/False) and optional
``partner_iso3`` (checked against the spelling where filled). Totals layout:
``fiscal_year``, ``export_usd_mn``, ``import_usd_mn``, optional ``provisional``
and ``n_partners_nonzero``.

:func:`read_national_chapters` reads India's trade with the world by HS chapter
(DGCI&S EIDB "commodity-wise" pages, ``india-eidb-hs2-world``), which fits the flows
schema (exporter/importer "WLD", product the 2-digit chapter).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from tradewinds.errors import DataValidationError
from tradewinds.io.embedded import data_path
from tradewinds.io.readers._common import country_codes, numeric, require_columns
from tradewinds.io.readers.national_chapters import (
    CHAPTER_TOTALS_FILE,
    CHAPTERS_COVERAGE,
    CHAPTERS_DATASET,
    CHAPTERS_FILE,
    CHAPTERS_VINTAGE,
    chapter_frames,
    covered_periods,
    read_national_chapters,
)
from tradewinds.io.readers.official_csv import (
    _fiscal_years,
    _flags,
    _money,
    finite_numbers,
    read_csv_text,
    rounding_tolerance_usd,
)
from tradewinds.io.schema import (
    COMPLETE,
    OFFICIAL_FLOW_COLUMNS,
    REPORTER_TOTAL_COLUMNS,
    TOTAL,
    conform,
)
from tradewinds.io.store import DatasetSpec, file_hash, write_frames

DGCIS_SOURCE = "DGCI&S, Department of Commerce, Government of India (TradeStat)"
DGCIS_VINTAGE = (
    "TradeStat FTSPCC country-wise total trade, fetched 2026-06-10 (March cumulative "
    "table of each year; FY2025-26 provisional)"
)
DGCIS_COVERAGE = (
    "complete: every partner of India's merchandise trade (242 partners incl. "
    "'unspecified'), FY2010-11 … FY2025-26; partner rows add up to India's totals; "
    "FY2025-26 provisional. Exports FOB, imports CIF, India's report, fiscal years "
    "April–March, current US$."
)
NATIONAL_DATASET = "india-tradestat"
PARTNERS_FILE = ("india_tradestat", "partners_fy.csv.gz")
TOTALS_FILE = ("india_tradestat", "totals_fy.csv")


def _check_years(
    year: pd.Series, label: pd.Series, provisional: pd.Series, *, file: str, column: str
) -> list[int]:
    years = sorted(set(year.tolist()))
    gaps = [y for y in range(years[0], years[-1] + 1) if y not in set(years)]
    if gaps:
        lab = label.iloc[0]
        missing = [f"FY{y}-{(y + 1) % 100:02d}" if lab.startswith("FY") else str(y) for y in gaps]
        raise DataValidationError(
            f"year{'s' if len(gaps) > 1 else ''} {', '.join(missing)} missing: the file runs "
            f"{label[year == years[0]].iloc[0]} … {label[year == years[-1]].iloc[0]} with a gap",
            file=file,
            column=column,
            fix="add the missing year's rows (or drop the years around it); growth and "
            "records over a gap would compare years that are not consecutive",
        )
    by_year = pd.DataFrame({"y": year, "p": provisional}).groupby("y")["p"]
    mixed = by_year.nunique()
    if (mixed > 1).any():
        y = int(mixed[mixed > 1].index[0])
        pos = int(np.flatnonzero((year == y).to_numpy())[0])
        raise DataValidationError(
            f"{label.iloc[pos]} is provisional on some rows and final on others",
            file=file,
            row=pos + 2,
            column="provisional",
            fix="a year is provisional as a whole: set the same flag on all its rows",
        )
    flag = by_year.first()
    prov = [int(y) for y in flag[flag].index]
    final = [int(y) for y in flag[~flag].index]
    if prov and final and min(prov) < max(final):
        y = min(prov)
        pos = int(np.flatnonzero((year == y).to_numpy())[0])
        raise DataValidationError(
            f"{label.iloc[pos]} is provisional but a later year is final",
            file=file,
            row=pos + 2,
            column="provisional",
            fix="only the latest years can be provisional; check the flags",
        )
    return years


def national_frames(
    path: Path | str,
    totals: Path | str | None = None,
    *,
    reporter: str = "IND",
    fy_start_month: int = 4,
    source: str = DGCIS_SOURCE,
    vintage: str = DGCIS_VINTAGE,
    tolerance_usd: float | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Validated ``(flows, totals)`` frames of a partner-by-fiscal-year file.

    ``flows`` has OFFICIAL_FLOW_COLUMNS, two rows per year and partner (reporter's
    exports, reporter's imports; zeros kept: the table is complete, a zero is no trade);
    ``totals`` has REPORTER_TOTAL_COLUMNS (empty when no totals file is given). Raises
    :class:`DataValidationError` naming file, row and column on a malformed year, a
    negative, empty, non-numeric or non-finite value, an unknown partner (with close
    matches), a partner listed twice in a year, a year missing from the run, a partner
    missing from a year, inconsistent provisional flags, or partner sums that differ
    from the stated totals by more than ``tolerance_usd`` (default:
    :func:`rounding_tolerance_usd` for the number of partners).
    """
    p = Path(path)
    file = str(p)
    raw = read_csv_text(p)
    if "partner" not in raw and "partner_tradestat" in raw:
        raw = raw.rename(columns={"partner_tradestat": "partner"})
    require_columns(
        raw.columns, ["fiscal_year", "partner", "export_usd_mn", "import_usd_mn"], file=file
    )
    if raw.empty:
        raise DataValidationError(
            "no rows", file=file, fix="the file needs one row per year and partner"
        )
    year, label = _fiscal_years(raw, "fiscal_year", file=file, fy_start_month=fy_start_month)
    partner = country_codes(raw, "partner", file=file, row_offset=2)
    if "partner_iso3" in raw:
        given = raw["partner_iso3"].astype("string").str.strip().str.upper()
        clash = (given != "") & (given != partner)
        if clash.any():
            pos = int(np.flatnonzero(clash.to_numpy())[0])
            raise DataValidationError(
                f"partner {raw['partner'].iloc[pos]!r} is {partner.iloc[pos]} but partner_iso3 "
                f"says {given.iloc[pos]}",
                file=file,
                row=pos + 2,
                column="partner_iso3",
                fix="correct the ISO3 code or the spelling (or leave partner_iso3 empty)",
            )
    exports = _money(raw, "export_usd_mn", file=file)
    imports = _money(raw, "import_usd_mn", file=file)
    provisional = _flags(raw, "provisional", file=file)
    key = pd.DataFrame({"year": year, "partner": partner})
    dup = key.duplicated(keep="first")
    if dup.any():
        pos = int(np.flatnonzero(dup.to_numpy())[0])
        first = int(np.flatnonzero(((key == key.iloc[pos]).all(axis=1)).to_numpy())[0])
        raise DataValidationError(
            f"partner {partner.iloc[pos]} appears twice in {label.iloc[pos]} "
            f"({raw['partner'].iloc[first]!r} at row {first + 2} and "
            f"{raw['partner'].iloc[pos]!r})",
            file=file,
            row=pos + 2,
            column="partner",
            fix="keep one row per partner and year (sum the two rows if they are parts)",
        )
    years = _check_years(year, label, provisional, file=file, column="fiscal_year")
    have = key.groupby("partner")["year"].nunique()
    short = have[have < len(years)]
    if not short.empty:
        iso = str(short.index[0])
        got = set(key.loc[key["partner"] == iso, "year"])
        lack = [y for y in years if y not in got]
        spelled = raw.loc[(partner == iso).to_numpy(), "partner"].iloc[0]
        raise DataValidationError(
            f"partner {spelled!r} ({iso}) has no row for "
            + ", ".join(str(label[year == y].iloc[0]) for y in lack[:3])
            + (" …" if len(lack) > 3 else ""),
            file=file,
            column="fiscal_year",
            fix="give every partner a row in every year (0 where there was no trade); a "
            "missing row would read as no trade",
        )
    base = pd.DataFrame(
        {
            "period": label,
            "freq": "FY" if fy_start_month != 1 else "A",
            "year": year,
            "fy_start_month": fy_start_month if fy_start_month != 1 else pd.NA,
            "product": TOTAL,
            "flow_reporter": reporter,
            "source": source,
            "vintage": vintage,
            "provisional": provisional,
            "coverage": COMPLETE,
            "partner_label": raw["partner"].str.strip(),
        }
    )
    out = pd.concat(
        [
            base.assign(exporter=reporter, importer=partner, value_usd=exports),
            base.assign(exporter=partner, importer=reporter, value_usd=imports),
        ],
        ignore_index=True,
    )
    out = out.sort_values(["year", "partner_label", "exporter"], kind="stable")
    flows = conform(out, OFFICIAL_FLOW_COLUMNS)
    tot = (
        _totals_frame(
            Path(totals),
            reporter=reporter,
            fy_start_month=fy_start_month,
            source=source,
            vintage=vintage,
        )
        if totals is not None
        else conform(pd.DataFrame(), REPORTER_TOTAL_COLUMNS)
    )
    if totals is not None:
        check_partner_totals(
            flows,
            tot,
            reporter=reporter,
            tolerance_usd=tolerance_usd
            if tolerance_usd is not None
            else rounding_tolerance_usd(int(have.size)),
            file=str(totals),
        )
    return flows, tot


def _totals_frame(
    path: Path, *, reporter: str, fy_start_month: int, source: str, vintage: str
) -> pd.DataFrame:
    file = str(path)
    raw = read_csv_text(path)
    require_columns(raw.columns, ["fiscal_year", "export_usd_mn", "import_usd_mn"], file=file)
    year, label = _fiscal_years(raw, "fiscal_year", file=file, fy_start_month=fy_start_month)
    dup = year.duplicated()
    if dup.any():
        pos = int(np.flatnonzero(dup.to_numpy())[0])
        raise DataValidationError(
            f"{label.iloc[pos]} appears twice",
            file=file,
            row=pos + 2,
            column="fiscal_year",
            fix="keep one totals row per year",
        )
    provisional = _flags(raw, "provisional", file=file)
    _check_years(year, label, provisional, file=file, column="fiscal_year")
    n = (
        numeric(raw, "n_partners_nonzero", file=file, row_offset=2, nullable=True)
        if "n_partners_nonzero" in raw
        else pd.Series(np.nan, index=raw.index)
    )
    out = pd.DataFrame(
        {
            "period": label,
            "freq": "FY" if fy_start_month != 1 else "A",
            "year": year,
            "fy_start_month": fy_start_month if fy_start_month != 1 else pd.NA,
            "reporter": reporter,
            "exports_usd": _money(raw, "export_usd_mn", file=file),
            "imports_usd": _money(raw, "import_usd_mn", file=file),
            "provisional": provisional,
            "n_partners_nonzero": n.round().astype("Int64"),
            "source": source,
            "vintage": vintage,
        }
    )
    return conform(out.sort_values("year"), REPORTER_TOTAL_COLUMNS)


def check_partner_totals(
    flows: pd.DataFrame,
    totals: pd.DataFrame,
    *,
    reporter: str = "IND",
    tolerance_usd: float,
    file: str | None = None,
) -> pd.DataFrame:
    """Σ partners vs the stated totals, per period and flow; raises beyond the tolerance.

    Returns ``period, flow, partner_sum_usd, stated_usd, gap_usd`` (gap = sum − stated).
    Periods in one table but not the other raise too.
    """
    exp = flows[flows["exporter"] == reporter].groupby("period")["value_usd"].sum()
    imp = flows[flows["importer"] == reporter].groupby("period")["value_usd"].sum()
    stated = totals.set_index("period")
    stated_by = {
        col: dict(zip(totals["period"], totals[col], strict=True))
        for col in ("exports_usd", "imports_usd")
    }
    only = sorted(set(exp.index) ^ set(stated.index))
    if only:
        raise DataValidationError(
            f"periods {', '.join(only)} are in only one of the partner and totals files",
            file=file,
            column="fiscal_year",
            fix="give totals for exactly the years of the partner file",
        )
    rows = []
    for flow, s, col in (("exports", exp, "exports_usd"), ("imports", imp, "imports_usd")):
        for period, v in s.items():
            rows.append(
                {
                    "period": period,
                    "flow": flow,
                    "partner_sum_usd": float(v),
                    "stated_usd": float(stated_by[col][period]),
                }
            )
    gaps = pd.DataFrame(rows)
    gaps["gap_usd"] = gaps["partner_sum_usd"] - gaps["stated_usd"]
    bad = gaps[gaps["gap_usd"].abs() > tolerance_usd]
    if not bad.empty:
        r = bad.iloc[0]
        pos = list(stated.index).index(r["period"])
        raise DataValidationError(
            f"{r['period']} {r['flow']}: partners add up to {r['partner_sum_usd'] / 1e6:,.2f} "
            f"but the stated total is {r['stated_usd'] / 1e6:,.2f} US$ mn (gap "
            f"{r['gap_usd'] / 1e6:+,.2f}; rounding allows ±{tolerance_usd / 1e6:,.2f})",
            file=file,
            row=pos + 2,
            column="export_usd_mn" if r["flow"] == "exports" else "import_usd_mn",
            fix="check for a missing partner or a mistyped value (the gap is its size)",
        )
    return gaps


def read_national(
    path: Path | str | None = None,
    *,
    totals: Path | str | None = None,
    dataset_id: str = NATIONAL_DATASET,
    reporter: str = "IND",
    fy_start_month: int = 4,
    source: str | None = None,
    vintage: str | None = None,
    coverage: str | None = None,
) -> DatasetSpec:
    """Official partner-by-fiscal-year trade of a reporter (default: India's embedded
    DGCI&S table and its totals) as a ``kind="official"`` dataset with tables
    ``flows`` and ``totals``."""
    embedded = path is None
    p = data_path(*PARTNERS_FILE) if path is None else Path(path)
    t = data_path(*TOTALS_FILE) if (embedded and totals is None) else totals
    src = source or (DGCIS_SOURCE if embedded else "national statistical office")
    vin = vintage or (DGCIS_VINTAGE if embedded else "as downloaded")
    flows, tot = national_frames(
        p, t, reporter=reporter, fy_start_month=fy_start_month, source=src, vintage=vin
    )
    first, last = flows["period"].iloc[0], flows["period"].iloc[-1]
    paths = [p] + ([Path(t)] if t is not None else [])
    return DatasetSpec(
        id=dataset_id,
        kind="official",
        source=src,
        vintage=vin,
        content_hash=file_hash(*paths, extra=f"national/v1/{reporter}/{fy_start_month}"),
        write=write_frames({"flows": flows, "totals": tot}),
        description=f"{reporter}'s merchandise trade with each partner by fiscal year, "
        f"{first} … {last} (official national statistics)",
        coverage=coverage
        or (DGCIS_COVERAGE if embedded else f"complete (as stated by {src}); {first} … {last}"),
        reader="national",
        origin=", ".join(map(str, paths)),
    )


__all__ = [
    "CHAPTERS_COVERAGE",
    "CHAPTERS_DATASET",
    "CHAPTERS_FILE",
    "CHAPTERS_VINTAGE",
    "CHAPTER_TOTALS_FILE",
    "DGCIS_SOURCE",
    "NATIONAL_DATASET",
    "chapter_frames",
    "check_partner_totals",
    "covered_periods",
    "finite_numbers",
    "national_frames",
    "read_csv_text",
    "read_national",
    "read_national_chapters",
    "rounding_tolerance_usd",
]
