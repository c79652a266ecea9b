"""Build the embedded ICIO data of ``src/tradewinds/data/icio`` from ``../shared/data``.

Run by a developer when the shared data change (never at run or test time):

    python scripts/build_icio_data.py /work/shared/data [--year 2022]

Inputs (each folder has its own PROVENANCE.md, summarised in ``data/icio/PROVENANCE.md``):

* ``multisector-trade-icio-wiod/``: OECD ICIO trade by sector 2011–2022 (via Lashkaripour's
  ``tariffwar``), Teti applied tariffs, eight published elasticity sets, country and sector
  lists. Only ``--year`` (default 2022) is kept, **in the same file format** (same columns,
  same row order, the year's rows only), so that one reader
  (:func:`tradewinds.io.readers.icio.read_icio`) reads both the shared files and the
  embedded copy. Elasticities: the ``icio`` rows only.
* ``hs-to-icio-concordance/hs6_to_icio.csv``: HS 2017 / HS 2022 six-digit codes → ISIC Rev.4 →
  ICIO sector. Kept: the columns the mapping needs; the long free-text ``note`` is replaced by
  ``icio_split``, the ICIO sectors of the HS 2017 subheadings a split HS 2022 code correlates
  with, parsed from that note ("C10T12:4|A03:3" = four linked HS 2017 codes in C10T12, three
  in A03; the UN conversion target's sector first). Empty for codes that are not ambiguous.

Outputs are gzip-compressed CSV written with a fixed gzip timestamp, so a rebuild from the same
inputs is byte-identical. The script checks row counts and the figures quoted in PROVENANCE.md.
"""

from __future__ import annotations

import argparse
import gzip
import re
import shutil
from collections import Counter
from pathlib import Path

import pandas as pd

OUT = Path(__file__).resolve().parents[1] / "src" / "tradewinds" / "data" / "icio"
ICIO = "multisector-trade-icio-wiod"
CONC = "hs-to-icio-concordance"


def write_gz(frame: pd.DataFrame, path: Path) -> None:
    """CSV, gzip level 9, mtime 0 (reproducible bytes)."""
    text = frame.to_csv(index=False, lineterminator="\n").encode()
    with (
        path.open("wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as f,
    ):
        f.write(text)


def year_slice(src: Path, out: Path, year: int) -> pd.DataFrame:
    """The year's rows of a multi-year gz CSV, unchanged (values kept as text)."""
    frame = pd.read_csv(src, dtype=str, keep_default_na=False)
    part = frame[frame["year"] == str(year)]
    if part.empty:
        raise SystemExit(f"{src.name}: no rows for {year}")
    write_gz(part, out)
    return part


_SPLIT = re.compile(r"HS2017 (\d{6})->ISIC [^/]+/([A-Z0-9_]+)")


def icio_split(row: pd.Series) -> str:
    """'SECTOR:n|…' from the concordance note of an ambiguous code (primary sector first)."""
    if row["icio_ambiguous"] != "True":
        return ""
    pairs = _SPLIT.findall(row["note"])
    counts = Counter(sector for _, sector in pairs)
    if len(counts) < 2:
        raise SystemExit(f"HS {row['hs6']}: ambiguous but the note lists {dict(counts)}")
    primary = row["icio_sector"]
    if primary not in counts:
        raise SystemExit(f"HS {row['hs6']}: primary sector {primary} not among {dict(counts)}")
    others = sorted((s for s in counts if s != primary), key=lambda s: (-counts[s], s))
    order = [primary, *others]
    return "|".join(f"{s}:{counts[s]}" for s in order)


def build(shared: Path, year: int) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    src = shared / ICIO
    trade = year_slice(
        src / "icio_trade_by_sector_2011_2022.csv.gz",
        OUT / f"icio_trade_by_sector_{year}.csv.gz",
        year,
    )
    tariffs = year_slice(
        src / "icio_tariffs_teti_by_sector_2011_2022.csv.gz",
        OUT / f"icio_tariffs_teti_by_sector_{year}.csv.gz",
        year,
    )
    el = pd.read_csv(src / "trade_elasticities_by_sector.csv", dtype=str, keep_default_na=False)
    el = el[el["dataset"] == "icio"]
    el.to_csv(OUT / "trade_elasticities_by_sector.csv", index=False, lineterminator="\n")
    for name in ("icio_countries.csv", "icio_sectors.csv"):
        shutil.copyfile(src / name, OUT / name)

    conc = pd.read_csv(shared / CONC / "hs6_to_icio.csv", dtype=str, keep_default_na=False)
    conc["icio_split"] = conc.apply(icio_split, axis=1)
    keep = [
        "hs_version",
        "hs6",
        "hs2017_basis",
        "hs_link",
        "isic4",
        "icio_sector",
        "icio_ambiguous",
        "icio_split",
        "alt_icio_oecd_btdixe",
    ]
    write_gz(conc[keep], OUT / "hs6_to_icio.csv.gz")

    # ---- checks quoted in PROVENANCE.md
    v = trade.assign(value=trade["value_usd_mn"].astype(float))
    goods = v[v["sector_code"] != "SERV"]
    intl = goods[goods["exporter_iso3"] != goods["importer_iso3"]]
    pair = intl.groupby(["exporter_iso3", "importer_iso3"])["value"].sum()
    print(
        f"trade {year}: {len(trade):,} rows; world {v['value'].sum() / 1e6:.1f} tn; "
        f"intl goods {intl['value'].sum() / 1e6:.2f} tn; "
        f"IND->USA goods {pair.loc[('IND', 'USA')] / 1e3:.1f} bn; "
        f"RUS->IND goods {pair.loc[('RUS', 'IND')] / 1e3:.1f} bn"
    )
    src_years = sorted(set(tariffs["tariff_source_year"]))
    print(f"tariffs {year}: {len(tariffs):,} rows (source year {src_years})")
    print(f"elasticities: {len(el)} rows, sets {sorted(set(el['elasticity_set']))}")
    amb = conc[conc["icio_ambiguous"] == "True"]
    unmapped = int((conc["icio_sector"] == "").sum())
    print(
        f"concordance: {len(conc):,} rows; ambiguous {len(amb)} "
        f"({dict(Counter(amb['hs_version']))}); unmapped {unmapped}"
    )
    total = 0
    for p in sorted(OUT.iterdir()):
        if p.suffix in {".gz", ".csv"}:
            total += p.stat().st_size
            print(f"  {p.name}: {p.stat().st_size / 1e3:,.0f} KB")
    print(f"  total {total / 1e6:.2f} MB")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("shared", type=Path, help="the shared data folder (../shared/data)")
    ap.add_argument("--year", type=int, default=2022)
    a = ap.parse_args()
    build(a.shared, a.year)


if __name__ == "__main__":
    main()
