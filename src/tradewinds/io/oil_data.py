"""Reading the embedded oil data (``data/oil``, see its PROVENANCE.md) and the sanctions files.

Every function returns a fresh tidy frame in US$ and tonnes; the models in
:mod:`tradewinds.models.crude` take these frames and never open a file.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

from tradewinds.io.embedded import data_path

OIL_DIR = "oil"
SANCTIONS_DIR = "sanctions"

#: Where each shipped series comes from and as of when (what results cite as data date).
VINTAGES = {
    "india": "DGCI&S TradeStat (principal commodity S5, crude), FY2021-22 … FY2025-26 "
    "(FY2025-26 provisional), via chandn0/india-trade-dashboard a1ae6e71",
    "china": "UN Comtrade (China reporter) 2020-2024, GACC 2025 (values only), via "
    "DoiEnnoson/china-energy-monitor 8b15f90d",
    "ei": "Energy Institute Statistical Review of World Energy 2025 (2024 inter-area movements)",
    "kpler": "Kpler via CREA Russia Fossil Tracker (seaborne, 2021-2022; not official)",
}

#: Importers whose crude imports by source are shipped (ISO3 -> reader).
CRUDE_IMPORTERS = ("IND",)

#: India's two compilers of crude-import totals, as labelled in every output.
COMPILERS = {
    "DGCI&S": "DGCI&S (customs, TradeStat principal commodity S5)",
    "PPAC": "PPAC Ready Reckoner Table 8.24 (oil-company returns)",
}


# text columns of the shipped files (read as strings, empty cells as "")
_TEXT = (
    "period",
    "month",
    "coverage",
    "compiler",
    "source",
    "source_name",
    "importer",
    "exporter",
    "destination",
    "destination_iso3",
    "ei_area",
    "from_area",
    "to_area",
    "from_iso3",
    "to_iso3",
    "freq",
)


@cache
def _read_cached(name: str) -> pd.DataFrame:
    path = data_path(OIL_DIR, name)
    head = pd.read_csv(path, nrows=0).columns
    text = {c: str for c in head if c in _TEXT}
    blank = {c: [""] for c in head if c not in text}  # an empty number is missing, text is ""
    return pd.read_csv(path, dtype=text, keep_default_na=False, na_values=blank)


def _read(name: str) -> pd.DataFrame:
    """A fresh copy of a shipped file (the cache is never handed out)."""
    return _read_cached(name).copy()


def _fy_start(period: pd.Series) -> pd.Series:
    return period.str.slice(2, 6).astype(int)


def india_crude_imports() -> pd.DataFrame:
    """India's crude imports by fiscal year and source (DGCI&S), FY2021-22 … FY2025-26.

    Columns: period (``FY2024-25``), fy_start (2024), provisional, importer (``IND``),
    source (ISO3), source_name (TradeStat spelling), value_usd (CIF), tonnes,
    unit_value_usd_per_t, value_share and volume_share (fractions of the year's total),
    compiler (``DGCI&S``). Rows are sorted by period, then value (largest first).
    """
    t = _read("india_crude_imports_by_source_fy2021-22_2025-26.csv.gz")
    t["fy_start"] = _fy_start(t["period"])
    t["importer"] = "IND"
    t["provisional"] = t["provisional"].astype(bool)
    t["unit_value_usd_per_t"] = (t["value_usd"] / t["tonnes"]).where(t["tonnes"] > 0)
    g = t.groupby("period")
    t["value_share"] = t["value_usd"] / g["value_usd"].transform("sum")
    t["volume_share"] = t["tonnes"] / g["tonnes"].transform("sum")
    t["compiler"] = "DGCI&S"
    cols = [
        "period",
        "fy_start",
        "provisional",
        "importer",
        "source",
        "source_name",
        "value_usd",
        "tonnes",
        "unit_value_usd_per_t",
        "value_share",
        "volume_share",
        "value_share_pct_tradestat",
        "compiler",
    ]
    t = t[cols].sort_values(["period", "value_usd"], ascending=[True, False])
    return t.reset_index(drop=True)


def india_crude_totals(*, wide: bool = False) -> pd.DataFrame:
    """India's total crude imports by fiscal year from DGCI&S and from PPAC, labelled.

    Long (default): period, fy_start, compiler (``DGCI&S`` or ``PPAC``), compiler_label,
    coverage (``Apr-Mar`` or ``Apr-Sep``), provisional, value_usd, tonnes,
    unit_value_usd_per_t, source. ``wide=True``: one row per fiscal year with the two
    compilers side by side (full-year rows only): value_usd_dgcis, tonnes_dgcis,
    unit_value_usd_per_t_dgcis, the same for ``_ppac``, and provisional.
    """
    t = _read("india_crude_imports_totals.csv")
    t["fy_start"] = _fy_start(t["period"])
    t["compiler_label"] = t["compiler"].map(COMPILERS)
    t["provisional"] = t["provisional"].astype(bool)
    t["unit_value_usd_per_t"] = t["value_usd"] / t["tonnes"]
    cols = [
        "period",
        "fy_start",
        "compiler",
        "compiler_label",
        "coverage",
        "provisional",
        "value_usd",
        "tonnes",
        "unit_value_usd_per_t",
        "source",
    ]
    t = t[cols].sort_values(["period", "compiler", "coverage"]).reset_index(drop=True)
    if not wide:
        return t
    full = t[t["coverage"] == "Apr-Mar"]
    w = full.pivot(
        index=["period", "fy_start"],
        columns="compiler",
        values=["value_usd", "tonnes", "unit_value_usd_per_t"],
    )
    values, comp = w.columns.get_level_values(0), w.columns.get_level_values(1)
    names = [f"{v}_{c}" for v, c in zip(values, comp, strict=True)]
    w.columns = [n.replace("&", "").lower() for n in names]
    w = w.reset_index()
    prov = full.groupby("period")["provisional"].any()
    w["provisional"] = w["period"].map(prov).astype(bool)
    return w


def india_hs2709_value_history() -> pd.DataFrame:
    """India's HS 2709 imports by source, value only, FY2017-18 … FY2022-23 (EIDB).

    Columns: period, fy_start, coverage (``Apr-Mar``; FY2022-23 is ``Apr-Aug``), importer,
    source, source_name, value_usd, value_share.
    """
    t = _read("india_hs2709_imports_by_source_fy2017-18_2022-23.csv.gz")
    t["fy_start"] = _fy_start(t["period"])
    t["importer"] = "IND"
    t["value_share"] = t["value_usd"] / t.groupby("period")["value_usd"].transform("sum")
    cols = ["period", "fy_start", "coverage", "importer", "source", "source_name"]
    return t[[*cols, "value_usd", "value_share"]]


def indian_basket_price() -> pd.DataFrame:
    """PPAC Indian basket crude price (US$/bbl): period, freq (``FY`` or ``M``), usd_per_bbl."""
    return _read("indian_basket_usd_per_bbl.csv")


def china_crude_imports() -> pd.DataFrame:
    """China's monthly crude imports from Russia, Saudi Arabia and Iraq, 2020-01 … 2025-12.

    Columns: month (``YYYY-MM``), year, importer (``CHN``), exporter, value_usd, tonnes
    (missing for 2025: China Customs published values only), unit_value_usd_per_t, source.
    """
    t = _read("china_crude_imports_rus_sau_irq_monthly_2020-2025.csv.gz")
    t["year"] = t["month"].str.slice(0, 4).astype(int)
    t["unit_value_usd_per_t"] = t["value_usd"] / t["tonnes"]
    cols = ["month", "year", "importer", "exporter", "value_usd", "tonnes"]
    return t[[*cols, "unit_value_usd_per_t", "source"]]


def brent_monthly() -> pd.DataFrame:
    """EIA Europe Brent spot price FOB, monthly average: month, usd_per_bbl."""
    return _read("eia_brent_monthly.csv")


def ei_crude_trade_2024() -> pd.DataFrame:
    """Energy Institute crude trade matrix 2024 (inter-area movements).

    Columns: year, from_area, to_area, from_iso3, to_iso3 (empty for regions), tonnes.
    """
    return _read("ei_crude_interarea_movements_2024.csv")


def russia_crude_destinations() -> pd.DataFrame:
    """Where Russia's crude went: Kpler seaborne 2021 and 2022, Energy Institute 2024.

    Tidy rows: year, exporter (``RUS``), destination (as the source spells it),
    destination_iso3 (empty for regions), ei_area (the EI 2024 area the destination
    falls in, so years compare), tonnes, basis (``seaborne`` or ``all modes``), source.
    """
    k = _read("kpler_russia_seaborne_crude_by_destination_2021-2022.csv")
    k["basis"] = "seaborne"
    k["source"] = "Kpler via CREA Russia Fossil Tracker (not an official statistic)"
    ei = ei_crude_trade_2024()
    ei = ei[ei["from_iso3"] == "RUS"]
    e = pd.DataFrame(
        {
            "year": ei["year"],
            "exporter": "RUS",
            "destination": ei["to_area"],
            "destination_iso3": ei["to_iso3"],
            "ei_area": ei["to_area"],
            "tonnes": ei["tonnes"],
            "basis": "all modes",
            "source": "Energy Institute Statistical Review of World Energy 2025, "
            "inter-area movements",
        }
    )
    out = pd.concat([k, e], ignore_index=True)
    return out.sort_values(["year", "tonnes"], ascending=[True, False]).reset_index(drop=True)


def crude_imports_of(importer: str) -> pd.DataFrame:
    """An importer's crude imports by fiscal year and source (the frame of
    :func:`india_crude_imports`); a :class:`~tradewinds.errors.DataValidationError`
    for an importer whose data are not shipped."""
    from tradewinds.errors import DataValidationError

    if importer == "IND":
        return india_crude_imports()
    raise DataValidationError(
        f"no crude imports by source are shipped for {importer}",
        column="importer",
        fix=f"crude imports by source exist for {', '.join(CRUDE_IMPORTERS)}",
    )


def latest_complete_period(imports: pd.DataFrame) -> str:
    """The latest fiscal year of a crude-imports frame that is not provisional."""
    done = imports.loc[~imports["provisional"].astype(bool), "period"]
    return str(max(done)) if len(done) else str(max(imports["period"]))


def crude_import_market(importer: str, period: str | None) -> tuple[pd.Series, str, str] | None:
    """The importer's crude (HS 2709) purchases by source in ``period`` (default: the
    latest complete fiscal year), US$ CIF, with a note saying whose figures they are;
    None when no data are shipped for the importer or the period."""
    if importer not in CRUDE_IMPORTERS:
        return None
    t = crude_imports_of(importer)
    use = period or latest_complete_period(t)
    x = t[t["period"] == use]
    if x.empty:
        return None
    values = x.groupby("source", sort=False)["value_usd"].sum()
    prov = " (provisional)" if bool(x["provisional"].any()) else ""
    note = (
        f"{importer}'s crude (HS 2709) imports by source, {use}{prov}: "
        f"{values.sum() / 1e9:,.1f} bn from {len(values)} sources ({VINTAGES['india']})"
    )
    return values, use, note


def crude_destinations(exporter: str) -> pd.DataFrame:
    """Where the exporter's crude went by year (:func:`russia_crude_destinations` for
    Russia; an empty frame of the same columns for others)."""
    t = russia_crude_destinations()
    return t[t["exporter"] == exporter].reset_index(drop=True)


def sanctions_files() -> list[Path]:
    """The shipped sanctions ledger files (``data/sanctions/*.toml``), sorted by name."""
    return sorted(Path(str(data_path(SANCTIONS_DIR))).glob("*.toml"))


def crude_import_flows() -> pd.DataFrame:
    """India's (fiscal years) and China's (months) crude imports as tidy flows
    (``tradewinds.io.schema.FLOW_COLUMNS``), each reported by the importer: the input of
    a mirror rebuild of the exporters' side (e.g. Russia's, which it no longer reports)."""
    from tradewinds.io.schema import FLOW_COLUMNS, conform

    ind = india_crude_imports()
    a = pd.DataFrame(
        {
            "period": ind["period"],
            "freq": "FY",
            "year": ind["fy_start"],
            "fy_start_month": 4,
            "exporter": ind["source"],
            "importer": "IND",
            "product": "2709",
            "value_usd": ind["value_usd"],
            "quantity": ind["tonnes"],
            "unit": "t",
            "flow_reporter": "IND",
            "source": "DGCI&S (TradeStat)",
            "vintage": "FY2025-26 provisional",
        }
    )
    chn = china_crude_imports()
    b = pd.DataFrame(
        {
            "period": chn["month"],
            "freq": "M",
            "year": chn["year"],
            "month": chn["month"].str.slice(5, 7).astype(int),
            "exporter": chn["exporter"],
            "importer": chn["importer"],
            "product": "2709",
            "value_usd": chn["value_usd"],
            "quantity": chn["tonnes"],
            "unit": "t",
            "flow_reporter": "CHN",
            "source": chn["source"],
            "vintage": "china-energy-monitor 8b15f90d",
        }
    )
    return conform(pd.concat([a, b], ignore_index=True), FLOW_COLUMNS)
