"""Build the embedded official national statistics and migration data from ../shared/data.

Run from the repository root (pandas only)::

    python scripts/build_national_data.py [--shared ../shared/data]

Writes, under ``src/tradewinds/data/``:

- ``india_tradestat/partners_fy.csv.gz``  India's exports and imports with each of 242
  partners, FY2010-11 … FY2025-26 (DGCI&S TradeStat, US$ million; the DGCI&S partner
  spelling is kept, the reader maps it to ISO3)
- ``india_tradestat/totals_fy.csv``        India's world totals per fiscal year (the source's)
- ``india_tradestat/top_hs2_by_partner_fy2025-26.csv``  top-10 HS chapters, 4 partners
- ``india_eidb_hs2/chapters_world_fy.csv.gz`` and ``totals_fy.csv``  India–world by HS chapter
- ``knomad2021/migrant_stock_2021.csv.gz`` and ``remittances_2021.csv.gz``  KNOMAD matrices
- ``codes/country_spellings.csv``          source spellings that the code list lacks

Every file is checked before it is written (partner sums = totals, chapter sums = page
totals, KNOMAD row sums = World); gzip files are written with mtime 0 so a rebuild of
the same input gives the same bytes (the store's content hash).
"""

from __future__ import annotations

import argparse
import gzip
import io
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "tradewinds" / "data"
sys.path.insert(0, str(ROOT / "src"))

from tradewinds.io.codes import _norm  # noqa: E402

# DGCI&S partners the shared build left without an ISO3: give them the codes
# tradewinds knows (io/codes.py names them).
NO_ISO3 = {"UNSPECIFIED": "XNS", "PANAMA C Z": "PCZ", "PACIFIC IS": "PCI"}
# World Bank (KNOMAD) names that the code list does not hold.
WORLD_BANK = {
    "Channel Islands": "CHI",
    "Egypt, Arab Rep.": "EGY",
    "Faeroe Islands": "FRO",
    "Hong Kong SAR, China": "HKG",
    "Korea, Dem. Rep.": "PRK",
    "Kosovo": "XKX",
    "Macao SAR, China": "MAC",
    "Micronesia, Fed. Sts.": "FSM",
    "Other North": "XON",
    "Other South": "XOS",
    "Venezuela, RB": "VEN",
    "Virgin Islands (U.S.)": "VIR",
    "West Bank and Gaza": "PSE",
    "Yemen, Rep.": "YEM",
}


def write_gz(frame: pd.DataFrame, path: Path) -> None:
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, filename="") as fh:
        fh.write(frame.to_csv(index=False, lineterminator="\n").encode())
    path.write_bytes(buf.getvalue())


def code_keys() -> dict[str, str]:
    """The keys the code list resolves without any spelling table (as CountryCodes.load)."""
    t = pd.read_csv(OUT / "codes" / "countries.csv", dtype=str, keep_default_na=False)
    keys: dict[str, str] = {}
    for r in t.to_dict("records"):
        for k in [r["iso3"], r["iso2"], r["name"], *filter(None, r["aliases"].split("|"))]:
            if k:
                keys.setdefault(_norm(k), r["iso3"])
                keys.setdefault(_norm(k).replace(" ", ""), r["iso3"])
    return keys


def spellings_needed(pairs: dict[str, str], keys: dict[str, str], source: str) -> list[dict]:
    rows = []
    for name, iso3 in sorted(pairs.items()):
        k = _norm(name)
        have = keys.get(k) or keys.get(k.replace(" ", ""))
        if have == iso3:
            continue
        if have is not None:
            raise SystemExit(f"{source} spelling {name!r} is {iso3} but the code list says {have}")
        rows.append({"spelling": name, "iso3": iso3, "source": source})
    return rows


def build_tradestat(shared: Path) -> dict[str, str]:
    src = shared / "india-tradestat-partners-fy"
    p = pd.read_csv(src / "india_trade_by_partner_fy.csv", keep_default_na=False)
    t = pd.read_csv(src / "india_trade_totals_fy.csv")
    # partner sums = the source's India totals, to the cent (the shared build checked it too)
    s = p.groupby("fiscal_year")[["export_usd_mn", "import_usd_mn"]].sum()
    gap = (s - t.set_index("fiscal_year")[["export_usd_mn", "import_usd_mn"]]).abs().max().max()
    assert gap < 0.005, gap
    iso = dict(zip(p["partner_tradestat"], p["partner_iso3"], strict=False))
    iso.update(NO_ISO3)
    out = OUT / "india_tradestat"
    out.mkdir(exist_ok=True)
    part = p.rename(columns={"partner_tradestat": "partner"})[
        ["fiscal_year", "partner", "export_usd_mn", "import_usd_mn", "provisional"]
    ].sort_values(["fiscal_year", "partner"], kind="stable")
    write_gz(part, out / "partners_fy.csv.gz")
    t[
        ["fiscal_year", "export_usd_mn", "import_usd_mn", "provisional", "n_partners_nonzero"]
    ].to_csv(out / "totals_fy.csv", index=False, lineterminator="\n")
    top = pd.read_csv(src / "india_top_hs2_by_partner_fy2025-26.csv", dtype={"hs2": str})
    top.drop(columns=["partner_iso3"]).to_csv(
        out / "top_hs2_by_partner_fy2025-26.csv", index=False, lineterminator="\n"
    )
    print(f"india_tradestat: {len(part)} partner rows, {len(t)} years, gap {gap:.4f}")
    return iso


def build_hs2_world(shared: Path) -> None:
    src = shared / "india-eidb-hs2-world"
    c = pd.read_csv(src / "india_hs2_world_trade_fy2023-24_2025-26.csv", dtype={"hs2": str})
    t = pd.read_csv(src / "india_hs2_world_trade_totals.csv")
    s = c.groupby(["flow", "fiscal_year"])["value_usd_mn"].sum()
    gap = (s - t.set_index(["flow", "fiscal_year"])["total_usd_mn"]).abs().max()
    assert gap < 0.05, gap
    out = OUT / "india_eidb_hs2"
    out.mkdir(exist_ok=True)
    write_gz(
        c[["flow", "fiscal_year", "hs2", "description", "value_usd_mn", "basis"]],
        out / "chapters_world_fy.csv.gz",
    )
    t[["flow", "fiscal_year", "total_usd_mn"]].to_csv(
        out / "totals_fy.csv", index=False, lineterminator="\n"
    )
    print(f"india_eidb_hs2: {len(c)} chapter rows, max |Σ chapters − page total| {gap:.2f}")


def build_knomad(shared: Path) -> set[str]:
    src = shared / "knomad-bilateral-migration-remittances-2021"
    m = pd.read_csv(src / "knomad_bilateral_migrant_stock_2021.csv", keep_default_na=False)
    r = pd.read_csv(src / "knomad_bilateral_remittances_2021.csv", keep_default_na=False)
    # stocks are whole persons; remittances kept to 6 significant digits (estimates)
    m["migrants"] = m["migrants"].round().astype("int64")
    r["remittances_usd_mn"] = r["remittances_usd_mn"].map(lambda v: float(f"{v:.6g}"))
    world = m[m["destination"] == "World"].set_index("origin")["migrants"]
    rows = m[m["destination"] != "World"].groupby("origin")["migrants"].sum()
    gap = ((rows - world).abs() / world).dropna().max()
    assert gap < 1e-6, gap
    out = OUT / "knomad2021"
    out.mkdir(exist_ok=True)
    write_gz(m, out / "migrant_stock_2021.csv.gz")
    write_gz(r, out / "remittances_2021.csv.gz")
    print(f"knomad2021: {len(m)} stock cells, {len(r)} remittance cells, max row gap {gap:.1e}")
    return (
        set(m["origin"])
        | set(m["destination"])
        | set(r["sending_country"])
        | set(r["receiving_country"])
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent.parent / "shared" / "data"))
    a = ap.parse_args()
    shared = Path(a.shared)
    if not shared.is_dir():
        shared = Path("/work/shared/data")
    iso = build_tradestat(shared)
    build_hs2_world(shared)
    names = build_knomad(shared)
    keys = code_keys()
    wb = {n: WORLD_BANK[n] for n in names if n in WORLD_BANK}
    unknown = [
        n
        for n in names
        if n not in wb
        and n.lower() != "world"
        and not (keys.get(_norm(n)) or keys.get(_norm(n).replace(" ", "")))
    ]
    if unknown:
        raise SystemExit(f"KNOMAD names without a code: {unknown}")
    rows = spellings_needed(iso, keys, "DGCI&S TradeStat (FTSPCC partner names)")
    rows += spellings_needed(wb, keys, "World Bank / KNOMAD country names")
    sp = pd.DataFrame(rows, columns=["spelling", "iso3", "source"])
    sp.to_csv(OUT / "codes" / "country_spellings.csv", index=False, lineterminator="\n")
    print(f"codes/country_spellings.csv: {len(sp)} spellings")


if __name__ == "__main__":
    main()
