"""The OECD ICIO tables of the store (kind ``"icio"``) as the arrays of the multi-sector model.

:func:`icio_data` turns one year of the tables that :func:`tradewinds.io.readers.icio.read_icio`
writes (sector_flows, sector_tariffs, elasticities, sectors, countries) into an
:class:`IcioData`; :func:`icio_data_from_store` reads them from the store first.
:func:`hs_icio_concordance` is the shipped HS 2017 / HS 2022 six-digit → ICIO sector key.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import pandas as pd

from tradewinds.errors import DataValidationError, UnknownCodeError
from tradewinds.io.embedded import data_path
from tradewinds.io.store import TradeStore

FloatArray = np.ndarray

ICIO_DIR = "icio"
REST_OF_WORLD = "ROW"
SOURCE = (
    "OECD Inter-Country Input-Output tables (2025 edition, 'Extended'), Teti Global Tariff "
    "Database (v beta1, 2024-12); via ahmadlp/tariffwar 98636984"
)


@dataclass(frozen=True)
class IcioData:
    """One ICIO year as arrays for :mod:`tradewinds.models.ge.multisector`.

    ``X[i, j, k]`` is exporter i's sales to importer j in sector k at basic (producer)
    prices in US dollars, domestic sales on the diagonal; ``t[i, j, k]`` importer j's
    applied tariff on i's goods (fraction); ``elasticity_sets[name]`` the trade elasticity
    ε_k of each sector, in ``sectors`` order. The arrays are read-only (the embedded data are
    cached and shared): copy before changing them."""

    year: int
    countries: tuple[str, ...]
    sectors: tuple[str, ...]
    sector_names: tuple[str, ...]
    is_services: np.ndarray  # (S,) bool
    X: FloatArray  # (N, N, S), USD
    t: FloatArray  # (N, N, S), fraction
    elasticity_sets: Mapping[str, FloatArray]
    elasticity_sources: Mapping[str, str] = field(default_factory=dict)
    tariff_source_year: int | None = None
    source: str = SOURCE
    vintage: str = ""

    @property
    def goods(self) -> np.ndarray:
        """(S,) True for goods sectors (every sector but services)."""
        return ~self.is_services

    def country_index(self, iso3: str) -> int:
        try:
            return self.countries.index(iso3)
        except ValueError:
            raise UnknownCodeError(
                "ICIO economy",
                iso3,
                suggestions=difflib.get_close_matches(iso3, self.countries, n=3),
                fix=f"use one of the {len(self.countries)} ICIO economies "
                f"({', '.join(self.countries[:6])}, …; others are in {REST_OF_WORLD})",
            ) from None

    def sector_index(self, code: str) -> int:
        try:
            return self.sectors.index(code)
        except ValueError:
            raise unknown_sector_error(code, self.sectors) from None

    def epsilon(self, name: str) -> FloatArray:
        """The elasticity set ``name`` (IS, U4, CP, BSY, GYY, Shap, FGO, LL) as (S,)."""
        try:
            return self.elasticity_sets[name]
        except KeyError:
            raise UnknownCodeError(
                "elasticity set",
                name,
                suggestions=difflib.get_close_matches(name, list(self.elasticity_sets), n=3),
                fix=f"use one of {', '.join(self.elasticity_sets)}",
            ) from None


def unknown_sector_error(
    code: str,
    sectors: Sequence[str],
    *,
    file: str | None = None,
    row: int | None = None,
    column: str | None = None,
) -> UnknownCodeError:
    return UnknownCodeError(
        "ICIO sector",
        str(code),
        suggestions=difflib.get_close_matches(str(code), list(sectors), n=3, cutoff=0.5),
        file=file,
        row=row,
        column=column,
        fix=f"use one of the {len(sectors)} ICIO sector codes ({', '.join(sectors)})",
    )


def _first_bad(mask: np.ndarray | pd.Series) -> int:
    return int(np.flatnonzero(np.asarray(mask))[0])


def icio_vintage(year: int, tariff_year: int | None) -> str:
    ty = f"; Teti tariffs of {tariff_year}" if tariff_year and tariff_year != year else ""
    return f"OECD ICIO 2025 ed., year {year}{ty} (tariffwar 98636984)"


def tariff_source_year(tar: pd.DataFrame) -> int | None:
    if tar.empty or "tariff_source_year" not in tar:
        return None
    return int(pd.Series(tar["tariff_source_year"]).max())


# ------------------------------------------------------------------------------ arrays
def icio_data(tables: Mapping[str, pd.DataFrame], *, year: int | None = None) -> IcioData:
    """The store's ICIO tables (one year) as model arrays. Pure: frames in, arrays out."""
    ctab = tables["countries"].sort_values("country_order", kind="stable")
    stab = tables["sectors"].sort_values("sector_order", kind="stable")
    econ = tuple(str(c) for c in ctab["iso3"])
    sec = tuple(str(s) for s in stab["sector"])
    flows = tables["sector_flows"]
    tar = tables["sector_tariffs"]
    years = sorted({int(y) for y in flows["year"].unique()})
    if year is None:
        if len(years) != 1:
            raise DataValidationError(
                f"the tables hold {len(years)} years ({', '.join(map(str, years))})",
                column="year",
                fix="name the year to use",
            )
        year = years[0]
    if year not in years:
        raise DataValidationError(
            f"year {year} is not in the data (it has {', '.join(map(str, years)) or 'none'})",
            column="year",
            fix="choose one of those years, or ingest the ICIO files of that year",
        )
    flows = flows[flows["year"] == year]
    tar = tar[tar["year"] == year]
    N, S = len(econ), len(sec)

    def cube(frame: pd.DataFrame, col: str) -> FloatArray:
        out = np.zeros((N, N, S))
        idx = []
        for name, codes in (("exporter", econ), ("importer", econ), ("sector", sec)):
            pos = pd.Index(codes).get_indexer(pd.Index(frame[name].astype(str)))
            if (pos < 0).any():
                code = str(frame[name].iloc[_first_bad(pos < 0)])
                if name == "sector":
                    raise unknown_sector_error(code, sec, column=name)
                raise UnknownCodeError("ICIO economy", code, column=name)
            idx.append(pos)
        out[idx[0], idx[1], idx[2]] = frame[col].to_numpy(dtype=float)
        out.setflags(write=False)  # shared (cached) data: copy before changing
        return out

    el = tables["elasticities"]
    sets: dict[str, FloatArray] = {}
    sources: dict[str, str] = {}
    for name, grp in el.groupby("elasticity_set", sort=False):
        g = grp.set_index("sector")
        sets[str(name)] = g["epsilon"].reindex(list(sec)).to_numpy(dtype=float, copy=True)
        sets[str(name)].setflags(write=False)
        sources[str(name)] = str(g["source"].iloc[0])
    ty = tariff_source_year(tar)
    return IcioData(
        year=int(year),
        countries=econ,
        sectors=sec,
        sector_names=tuple(str(n) for n in stab["name"]),
        is_services=stab["is_services"].to_numpy(dtype=bool),
        X=cube(flows, "value_usd"),
        t=cube(tar, "tariff"),
        elasticity_sets=sets,
        elasticity_sources=sources,
        tariff_source_year=ty,
        vintage=icio_vintage(int(year), ty),
    )


def icio_data_from_store(
    store: TradeStore, dataset_id: str, *, year: int | None = None
) -> IcioData:
    """An ingested ICIO dataset (kind ``"icio"``) as arrays."""
    info = store.info(dataset_id)
    if info.kind != "icio":
        raise DataValidationError(
            f"dataset {dataset_id!r} is of kind {info.kind!r}, not 'icio'",
            fix="ingest the ICIO files with `tradewinds data ingest icio DIR --year YEAR`",
        )
    names = ("sector_flows", "sector_tariffs", "elasticities", "sectors", "countries")
    return icio_data({n: store.read(dataset_id, n) for n in names}, year=year)


@cache
def hs_icio_concordance() -> pd.DataFrame:
    """HS 2017 and HS 2022 six-digit codes → ISIC Rev.4 → ICIO sector (embedded).

    Columns: hs_version (HS2017 / HS2022), hs6, hs2017_basis, hs_link, isic4, icio_sector
    (the UN conversion target's sector; empty for the one unmapped code 999999),
    icio_ambiguous (the HS 2022 code correlates with HS 2017 codes in more than one ICIO
    sector), icio_split ("SECTOR:n|…": those sectors and how many linked HS 2017 codes fall
    in each, the primary first), alt_icio_oecd_btdixe (the OECD key's second opinion)."""
    frame = pd.read_csv(data_path(ICIO_DIR, "hs6_to_icio.csv.gz"), dtype=str, keep_default_na=False)
    frame["icio_ambiguous"] = frame["icio_ambiguous"] == "True"
    return frame


__all__ = [
    "ICIO_DIR",
    "REST_OF_WORLD",
    "SOURCE",
    "IcioData",
    "hs_icio_concordance",
    "icio_data",
    "icio_data_from_store",
    "icio_vintage",
    "tariff_source_year",
    "unknown_sector_error",
]
