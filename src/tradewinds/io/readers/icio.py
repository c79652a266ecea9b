"""OECD ICIO bilateral trade by sector, Teti applied tariffs and published trade elasticities.

The shared format (``multisector-trade-icio-wiod``, built from Lashkaripour's ``tariffwar``;
see ``data/icio/PROVENANCE.md``):

======================================  =====================================================
``icio_trade_by_sector_*.csv.gz``       year, exporter_iso3, importer_iso3, sector_code,
                                        value_usd_mn — X_ijk at basic prices, exporter i sells
                                        to importer j; exporter == importer is domestic sales;
                                        zero cells omitted
``icio_tariffs_teti_by_sector_*.csv.gz`` year, exporter_iso3, importer_iso3, sector_code,
                                        tariff (fraction, importer j's rate on i's goods),
                                        tariff_source_year; zeros omitted
``trade_elasticities_by_sector.csv``    [dataset,] elasticity_set, source, sector_code,
                                        trade_elasticity_epsilon
``icio_countries.csv``                  iso3, order (81 economies; ROW = rest of the world)
``icio_sectors.csv``                    sector_code, sector_order, is_services, sector_name
======================================  =====================================================

One reader for every year 2011–2022 of the shared files and for the embedded 2022 copy (the
same format, the year's rows only): :func:`read_icio` validates and hands the store a dataset
of kind ``"icio"`` with these tables:

* ``sector_flows``: year, exporter, importer, sector, value_usd (US dollars: the file's
  millions × 10⁶), domestic sales where exporter == importer; zero cells omitted.
* ``sector_tariffs``: year, exporter, importer, sector, tariff (fraction), tariff_source_year.
* ``elasticities``: elasticity_set, source, sector, epsilon (trade elasticity ε = σ − 1).
* ``sectors``: sector, sector_order, is_services, name. ``countries``: iso3, country_order.
:func:`~tradewinds.io.icio_data.icio_data` (re-exported here) turns those tables (from the
store or straight from the files) into the arrays the multi-sector model takes
(:class:`IcioData`). Validation raises :class:`DataValidationError` /
:class:`UnknownCodeError` naming the file, the line (header = line 1), the column and the
fix: unknown economy or sector codes, negative or non-finite values, duplicated keys,
elasticities ≤ 0, a year the files lack.

The two large files (trade, tariffs) are read first with typed columns (pyarrow); when a
value does not parse or a check fails, the file is read again as text so that the error
names the exact line, column and value (a clean file never takes the slow road).
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from tradewinds.errors import DataValidationError, UnknownCodeError
from tradewinds.io.codes import countries as country_codes
from tradewinds.io.embedded import data_path
from tradewinds.io.icio_data import (
    ICIO_DIR,
    REST_OF_WORLD,
    SOURCE,
    IcioData,
    hs_icio_concordance,
    icio_data,
    icio_data_from_store,
    icio_vintage,
    tariff_source_year,
    unknown_sector_error,
)
from tradewinds.io.store import DatasetSpec, file_hash, write_frames

EMBEDDED_YEAR = 2022
YEARS = range(2011, 2023)

_ROLES = {
    "trade": ("icio_trade_by_sector_", "ICIO trade by sector"),
    "tariffs": ("icio_tariffs_teti_by_sector_", "Teti tariffs by ICIO sector"),
    "elasticities": ("trade_elasticities_by_sector", "sectoral trade elasticities"),
    "countries": ("icio_countries", "ICIO country list"),
    "sectors": ("icio_sectors", "ICIO sector list"),
}
_COLUMNS = {
    "trade": ["year", "exporter_iso3", "importer_iso3", "sector_code", "value_usd_mn"],
    "tariffs": ["year", "exporter_iso3", "importer_iso3", "sector_code", "tariff"],
    "elasticities": ["elasticity_set", "source", "sector_code", "trade_elasticity_epsilon"],
    "countries": ["iso3"],
    "sectors": ["sector_code", "is_services"],
}
_HEADER = 2  # file line of the first data row


# ------------------------------------------------------------------------------- files
def _locate(folder_or_files: Path | str | Sequence[Path | str]) -> dict[str, Path]:
    """The five files by role, from a folder or a list of paths."""
    if isinstance(folder_or_files, str | Path):
        base = Path(folder_or_files)
        if not base.exists():
            raise DataValidationError(
                "folder not found", file=str(base), fix="give the folder holding the ICIO files"
            )
        paths = sorted(base.iterdir()) if base.is_dir() else [base]
    else:
        paths = [Path(p) for p in folder_or_files]
    found: dict[str, Path] = {}
    for role, (stem, _) in _ROLES.items():
        hits = [p for p in paths if p.name.startswith(stem) and p.is_file()]
        if role == "trade" and len(hits) > 1:
            hits = [p for p in hits if p.name.endswith((".csv", ".csv.gz"))]
        if not hits:
            where = paths[0].parent if paths else Path(".")
            raise DataValidationError(
                f"no {_ROLES[role][1]} file ({stem}*.csv[.gz])",
                file=str(where),
                fix="give the folder of the shared ICIO files (multisector-trade-icio-wiod) or "
                "list all five files: trade, tariffs, elasticities, countries, sectors",
            )
        if len(hits) > 1:
            raise DataValidationError(
                f"{len(hits)} candidate {_ROLES[role][1]} files: "
                + ", ".join(p.name for p in hits),
                file=str(hits[0].parent),
                fix="keep one file per role in the folder, or list the files",
            )
        found[role] = hits[0]
    return found


def _read(path: Path, role: str) -> pd.DataFrame:
    try:
        frame = pd.read_csv(path, engine="pyarrow", dtype="string")
    except Exception as exc:  # pyarrow's parse errors: one clean message
        raise DataValidationError(
            f"cannot read the file as CSV ({str(exc).splitlines()[0]})",
            file=str(path),
            fix="give the CSV (optionally gzipped) of the shared ICIO format",
        ) from None
    missing = [c for c in _COLUMNS[role] if c not in frame.columns]
    if missing:
        raise DataValidationError(
            f"missing column {missing[0]!r} (found {', '.join(map(repr, frame.columns))})",
            file=str(path),
            column=missing[0],
            fix=f"the {_ROLES[role][1]} file needs the columns {', '.join(_COLUMNS[role])}",
        )
    return frame


def _first_bad(mask: np.ndarray | pd.Series) -> int:
    return int(np.flatnonzero(np.asarray(mask))[0])


def _numbers(
    frame: pd.DataFrame,
    column: str,
    *,
    file: Path,
    rows: np.ndarray,
    low: float,
    low_inclusive: bool,
    what: str,
) -> np.ndarray:
    """Column as floats; the first empty, non-numeric, non-finite or too-low value raises."""
    text = frame[column].str.strip()
    vals = pd.to_numeric(text, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bad_low = vals < low if low_inclusive else vals <= low
    bad = ~np.isfinite(vals) | bad_low
    if bad.any():
        pos = _first_bad(bad)
        raw = text.iloc[pos]
        if pd.isna(raw) or raw == "":
            problem, fix = "is empty", "fill the value or drop the row (missing cells mean 0)"
        elif np.isnan(vals[pos]):
            problem, fix = "is not a number", "give a plain number (no units or text)"
        elif not np.isfinite(vals[pos]):
            problem, fix = "is not finite", "give a finite number"
        else:
            problem = f"is {'below' if low_inclusive else 'at or below'} {low:g}"
            fix = what
        raise DataValidationError(
            f"value {raw!r} {problem}", file=str(file), row=int(rows[pos]), column=column, fix=fix
        )
    return vals


def _codes_in(
    frame: pd.DataFrame,
    column: str,
    allowed: Sequence[str],
    *,
    kind: str,
    file: Path,
    rows: np.ndarray,
) -> pd.Series:
    codes = frame[column].str.strip()
    ok = codes.isin(list(allowed)).to_numpy(dtype=bool, na_value=False)
    if not ok.all():
        pos = _first_bad(~ok)
        code = codes.iloc[pos]
        code = "" if pd.isna(code) else str(code)
        if kind == "ICIO sector":
            raise unknown_sector_error(
                code, allowed, file=str(file), row=int(rows[pos]), column=column
            )
        raise UnknownCodeError(
            kind,
            code,
            suggestions=difflib.get_close_matches(code, list(allowed), n=3),
            file=str(file),
            row=int(rows[pos]),
            column=column,
            fix=f"use a code of the file's own list ({len(allowed)} codes: "
            f"{', '.join(list(allowed)[:6])}, …)",
        )
    return codes


def _year_rows(frame: pd.DataFrame, year: int, *, file: Path) -> pd.DataFrame:
    """The rows of ``year``; a year the file lacks raises naming the years it has."""
    text = frame["year"].str.strip()
    uniq = pd.unique(text)
    have: set[int] = set()
    for u in uniq:
        try:
            have.add(int(str(u)))
        except ValueError:
            pos = _first_bad((text == u).to_numpy(dtype=bool, na_value=False) | text.isna())
            raise DataValidationError(
                f"year {u!r} is not a year",
                file=str(file),
                row=pos + _HEADER,
                column="year",
                fix="give four-digit years",
            ) from None
    if year not in have:
        span = f"{min(have)}–{max(have)}" if have else "no years"
        raise DataValidationError(
            f"year {year} is not in the data (the file has {span})",
            file=str(file),
            column="year",
            fix=f"choose a year in {span}, or give the ICIO release that covers {year}",
        )
    return frame[(text == str(year)).to_numpy(dtype=bool, na_value=False)]


def _no_duplicates(frame: pd.DataFrame, key: list[str], *, file: Path, rows: np.ndarray) -> None:
    dup = frame.duplicated(subset=key, keep="first").to_numpy()
    if dup.any():
        pos = _first_bad(dup)
        raise DataValidationError(
            f"duplicated key ({', '.join(key)}) = "
            f"({', '.join(map(str, frame[key].iloc[pos].tolist()))})",
            file=str(file),
            row=int(rows[pos]),
            column=key[1],
            fix="keep one row per exporter, importer and sector",
        )


_VALUE = {"trade": "value_usd_mn", "tariffs": "tariff"}


def _fast_bilateral(
    path: Path,
    role: str,
    year: int,
    economies: Sequence[str],
    sectors: Sequence[str],
    low: float,
    low_inclusive: bool,
) -> pd.DataFrame | None:
    """A clean file's rows of ``year`` read with typed columns (about four times faster than
    the text read); None as soon as anything is off, and the text read then names it."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    value = _VALUE[role]
    code = pa.dictionary(pa.int32(), pa.string())
    types = {"year": pa.int64(), value: pa.float64(), "tariff_source_year": pa.int64()}
    types |= {c: code for c in ("exporter_iso3", "importer_iso3", "sector_code")}
    cols = ["year", "exporter_iso3", "importer_iso3", "sector_code", value]
    if role == "tariffs":
        cols.append("tariff_source_year")
    try:
        opts = pacsv.ConvertOptions(
            column_types=types, include_columns=cols, include_missing_columns=True
        )
        tbl = pacsv.read_csv(path, convert_options=opts)
    except (pa.ArrowException, OSError, ValueError):
        return None
    if tbl.num_rows == 0 or tbl["year"].null_count or tbl["exporter_iso3"].null_count == len(tbl):
        return None
    tbl = tbl.filter(pc.equal(tbl["year"], year)).unify_dictionaries()
    if tbl.num_rows == 0:
        return None
    pos = []
    for col, allowed in (
        ("exporter_iso3", economies),
        ("importer_iso3", economies),
        ("sector_code", sectors),
    ):
        arr = tbl[col].combine_chunks()
        if arr.null_count:
            return None
        where = {c: k for k, c in enumerate(allowed)}
        lut = np.array([where.get(str(d), -1) for d in arr.dictionary.to_pylist()], dtype=np.int64)
        p = lut[arr.indices.to_numpy(zero_copy_only=False)] if lut.size else np.zeros(0, int)
        if (p < 0).any():
            return None
        pos.append(p)
    vals = tbl[value].to_numpy()
    ok = np.isfinite(vals) & ((vals >= low) if low_inclusive else (vals > low))
    if not ok.all():
        return None
    N, S = len(economies), len(sectors)
    key = (pos[0] * N + pos[1]) * S + pos[2]
    if key.size and np.bincount(key, minlength=N * N * S).max() > 1:
        return None
    # categorical codes: no per-row string objects (the store writes them as strings)
    econ = pd.Index(list(economies), dtype=object)
    out = pd.DataFrame(
        {
            "year": year,
            "exporter": pd.Categorical.from_codes(pos[0], categories=econ),
            "importer": pd.Categorical.from_codes(pos[1], categories=econ),
            "sector": pd.Categorical.from_codes(pos[2], categories=pd.Index(list(sectors))),
            "value": vals,
        }
    )
    if role == "tariffs":
        src = tbl["tariff_source_year"].to_numpy(zero_copy_only=False)
        out["tariff_source_year"] = np.where(pd.isna(src), year, src).astype(int)
    return out


def icio_tables(
    folder_or_files: Path | str | Sequence[Path | str], *, year: int
) -> dict[str, pd.DataFrame]:
    """Read and validate one year of the shared-format files into the store's tables."""
    if not isinstance(year, int | np.integer):
        raise DataValidationError(
            f"year {year!r} is not an integer", column="year", fix="give e.g. --year 2019"
        )
    year = int(year)
    files = _locate(folder_or_files)
    cc = country_codes()

    cf = files["countries"]
    ctab = _read(cf, "countries")
    iso = ctab["iso3"].str.strip()
    for pos, code in enumerate(iso):
        if code == REST_OF_WORLD:
            continue
        try:
            ok = not pd.isna(code) and cc.resolve(str(code)) == code
        except UnknownCodeError:
            ok = False
        if not ok:
            raise UnknownCodeError(
                "country",
                "" if pd.isna(code) else str(code),
                file=str(cf),
                row=pos + _HEADER,
                column="iso3",
                fix="the country list holds ISO3 codes (and ROW for the rest of the world)",
            )
    if iso.duplicated().any():
        pos = _first_bad(iso.duplicated().to_numpy())
        raise DataValidationError(
            f"economy {iso.iloc[pos]} listed twice",
            file=str(cf),
            row=pos + _HEADER,
            column="iso3",
            fix="list each economy once",
        )
    order = ctab["order"].astype(int).to_numpy() if "order" in ctab else np.arange(1, len(iso) + 1)
    economies = tuple(str(c) for c in iso.iloc[np.argsort(order, kind="stable")])

    sf = files["sectors"]
    stab = _read(sf, "sectors")
    scodes = stab["sector_code"].str.strip()
    if scodes.duplicated().any() or scodes.isna().any():
        pos = _first_bad((scodes.duplicated() | scodes.isna()).to_numpy())
        raise DataValidationError(
            "sector code missing or listed twice",
            file=str(sf),
            row=pos + _HEADER,
            column="sector_code",
            fix="list each sector once",
        )
    flags = stab["is_services"].str.strip().str.lower()
    good = flags.isin(["true", "false", "1", "0"]).to_numpy(dtype=bool, na_value=False)
    if not good.all():
        pos = _first_bad(~good)
        raise DataValidationError(
            f"is_services {flags.iloc[pos]!r} is not True or False",
            file=str(sf),
            row=pos + _HEADER,
            column="is_services",
            fix="write True or False",
        )
    sorder = (
        stab["sector_order"].astype(int).to_numpy()
        if "sector_order" in stab
        else np.arange(1, len(stab) + 1)
    )
    names = stab.get("sector_name", scodes)
    sectors = pd.DataFrame(
        {
            "sector": scodes.astype(str),
            "sector_order": sorder,
            "is_services": flags.isin(["true", "1"]).to_numpy(dtype=bool),
            "name": names.fillna("").astype(str),
        }
    ).sort_values("sector_order", kind="stable")
    sector_list = tuple(sectors["sector"])

    def bilateral(role: str, low: float, low_inclusive: bool, what: str) -> pd.DataFrame:
        """The year's rows of the trade or tariff file: exporter, importer, sector, value
        (and tariff_source_year for tariffs); typed read first, text read to name an error."""
        f = files[role]
        fast = _fast_bilateral(f, role, year, economies, sector_list, low, low_inclusive)
        if fast is not None:
            return fast
        part = _year_rows(_read(f, role), year, file=f)
        rows = part.index.to_numpy() + _HEADER
        exp = _codes_in(part, "exporter_iso3", economies, kind="ICIO economy", file=f, rows=rows)
        imp = _codes_in(part, "importer_iso3", economies, kind="ICIO economy", file=f, rows=rows)
        sec = _codes_in(part, "sector_code", sector_list, kind="ICIO sector", file=f, rows=rows)
        out = pd.DataFrame(
            {
                "year": year,
                "exporter": exp.astype(str).to_numpy(),
                "importer": imp.astype(str).to_numpy(),
                "sector": sec.astype(str).to_numpy(),
            }
        )
        _no_duplicates(out, ["year", "exporter", "importer", "sector"], file=f, rows=rows)
        col = _VALUE[role]
        out["value"] = _numbers(
            part, col, file=f, rows=rows, low=low, low_inclusive=low_inclusive, what=what
        )
        if role == "tariffs":
            if "tariff_source_year" in part:
                src_year = pd.to_numeric(part["tariff_source_year"], errors="coerce")
                out["tariff_source_year"] = src_year.fillna(year).astype(int).to_numpy()
            else:
                out["tariff_source_year"] = year
        return out

    flows = bilateral(
        "trade", 0.0, True, "trade values are ≥ 0 (the source floors negative cells at 0)"
    )
    flows["value_usd"] = flows.pop("value") * 1e6
    flows = flows[flows["value_usd"] > 0].reset_index(drop=True)
    tar = bilateral("tariffs", -1.0, False, "tariffs are fractions above −1 (0.05 for 5%)")
    tar = tar.rename(columns={"value": "tariff"})

    ef = files["elasticities"]
    el = _read(ef, "elasticities")
    erows = el.index.to_numpy() + _HEADER
    if "dataset" in el:
        keep = (el["dataset"].str.strip() == "icio").to_numpy(dtype=bool, na_value=False)
        el, erows = el[keep], erows[keep]
    esec = _codes_in(el, "sector_code", sector_list, kind="ICIO sector", file=ef, rows=erows)
    eps = _numbers(
        el,
        "trade_elasticity_epsilon",
        file=ef,
        rows=erows,
        low=0.0,
        low_inclusive=False,
        what="a trade elasticity ε must be positive (ε = σ − 1; e.g. 4)",
    )
    elasticities = pd.DataFrame(
        {
            "elasticity_set": el["elasticity_set"].str.strip().astype(str).to_numpy(),
            "source": el["source"].fillna("").astype(str).to_numpy(),
            "sector": esec.astype(str).to_numpy(),
            "epsilon": eps,
        }
    )
    _no_duplicates(
        elasticities.reset_index(drop=True), ["elasticity_set", "sector"], file=ef, rows=erows
    )
    for name, grp in elasticities.groupby("elasticity_set", sort=False):
        missing = sorted(set(sector_list) - set(grp["sector"]))
        if missing:
            raise DataValidationError(
                f"elasticity set {name} has no value for sector {missing[0]}"
                + (f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""),
                file=str(ef),
                column="sector_code",
                fix="give every sector a value in every set",
            )
    if elasticities.empty:
        raise DataValidationError(
            "no ICIO elasticity rows", file=str(ef), fix="the file needs dataset = icio rows"
        )
    return {
        "sector_flows": flows[["year", "exporter", "importer", "sector", "value_usd"]],
        "sector_tariffs": tar[
            ["year", "exporter", "importer", "sector", "tariff", "tariff_source_year"]
        ],
        "elasticities": elasticities,
        "sectors": sectors.reset_index(drop=True),
        "countries": pd.DataFrame(
            {"iso3": list(economies), "country_order": np.arange(1, len(economies) + 1)}
        ),
    }


def read_icio(
    folder_or_files: Path | str | Sequence[Path | str] | None = None,
    *,
    year: int = EMBEDDED_YEAR,
    dataset_id: str | None = None,
) -> DatasetSpec:
    """One ICIO year of the shared-format files as a store dataset of kind ``"icio"``.

    ``folder_or_files``: the folder of the shared files (``multisector-trade-icio-wiod``) or
    the five files; defaults to the embedded 2022 copy. Any year the files hold (2011–2022 in
    the shared release) can be read; the data are validated here, before the store sees them.
    """
    source = folder_or_files if folder_or_files is not None else data_path(ICIO_DIR)
    tables = icio_tables(source, year=year)
    files = _locate(source)
    ty = tariff_source_year(tables["sector_tariffs"])
    return DatasetSpec(
        id=dataset_id or f"icio-{year}",
        kind="icio",
        source=SOURCE,
        vintage=icio_vintage(year, ty),
        content_hash=file_hash(*files.values(), extra=f"icio/v1/{year}"),
        write=write_frames(tables),
        description=f"Bilateral trade by sector incl. domestic sales, {year}: "
        f"{len(tables['countries'])} economies × {len(tables['sectors'])} sectors, with Teti "
        "applied tariffs and eight published sets of sectoral trade elasticities",
        coverage=f"Calendar year {year}; basic prices (no trade or transport margins); all "
        "services in one sector; ROW = the rest of the world; OECD estimates for recent years",
        reader="icio",
        origin=", ".join(str(p) for p in files.values()),
    )


def icio_embedded() -> DatasetSpec:
    """The embedded ICIO 2022 (dataset id ``icio-2022``)."""
    return read_icio(data_path(ICIO_DIR), year=EMBEDDED_YEAR, dataset_id=f"icio-{EMBEDDED_YEAR}")


def load_icio(
    folder_or_files: Path | str | Sequence[Path | str] | None = None, *, year: int = EMBEDDED_YEAR
) -> IcioData:
    """Arrays straight from the files (validated as :func:`read_icio` does)."""
    source = folder_or_files if folder_or_files is not None else data_path(ICIO_DIR)
    return icio_data(icio_tables(source, year=year), year=year)


@cache
def icio_embedded_data() -> IcioData:
    """The embedded ICIO 2022 as arrays (read once per process)."""
    return load_icio(data_path(ICIO_DIR), year=EMBEDDED_YEAR)


__all__ = [
    "EMBEDDED_YEAR",
    "ICIO_DIR",
    "REST_OF_WORLD",
    "IcioData",
    "hs_icio_concordance",
    "icio_data",
    "icio_data_from_store",
    "icio_embedded",
    "icio_embedded_data",
    "icio_tables",
    "load_icio",
    "read_icio",
]
