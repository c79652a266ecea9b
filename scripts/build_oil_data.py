"""Build the embedded oil data of ``src/tradewinds/data/oil`` from ``../shared/data``.

Run by a developer when the shared data change (never at run or test time):

    python scripts/build_oil_data.py ../shared/data

Inputs (read their PROVENANCE.md):
  india-crude-imports-by-source/   DGCI&S crude imports by source country (value, tonnes),
                                   EIDB HS 2709 values, PPAC Ready Reckoner totals and prices
  oil-market-flows-prices/         EI 2024 inter-area crude movements, Kpler-via-CREA Russian
                                   crude by destination, China's monthly crude imports, EIA Brent

Every output keeps the source's numbers (renamed, converted to US$ and tonnes where the
source used millions); nothing is estimated here. The checks printed at the end are the
ones PROVENANCE.md quotes. The folder's PROVENANCE.md is written by hand.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

OUT = Path(__file__).resolve().parents[1] / "src" / "tradewinds" / "data" / "oil"

# Kpler/CREA destination spellings -> (ISO3, Energy Institute area of the 2024 matrix).
# EI's "Europe" includes Türkiye and Ukraine; "Middle East" and "Africa" are EI's
# destination aggregates; "Other CIS" the CIS less Russia.
KPLER_DESTINATIONS: dict[str, tuple[str, str]] = {
    "Australia": ("AUS", "Australasia"),
    "Azerbaijan": ("AZE", "Other CIS"),
    "Bahamas": ("BHS", "S. & Cent. America"),
    "Brazil": ("BRA", "S. & Cent. America"),
    "Brunei": ("BRN", "Other Asia Pacific"),
    "Bulgaria": ("BGR", "Europe"),
    "China": ("CHN", "China"),
    "Croatia": ("HRV", "Europe"),
    "Cuba": ("CUB", "S. & Cent. America"),
    "Denmark": ("DNK", "Europe"),
    "Egypt": ("EGY", "Africa"),
    "Estonia": ("EST", "Europe"),
    "Finland": ("FIN", "Europe"),
    "France": ("FRA", "Europe"),
    "Germany": ("DEU", "Europe"),
    "Greece": ("GRC", "Europe"),
    "India": ("IND", "India"),
    "Israel": ("ISR", "Middle East"),
    "Italy": ("ITA", "Europe"),
    "Japan": ("JPN", "Japan"),
    "Kazakhstan": ("KAZ", "Other CIS"),
    "Lithuania": ("LTU", "Europe"),
    "Malaysia": ("MYS", "Other Asia Pacific"),
    "Netherlands": ("NLD", "Europe"),
    "Panama": ("PAN", "S. & Cent. America"),
    "Philippines": ("PHL", "Other Asia Pacific"),
    "Poland": ("POL", "Europe"),
    "Portugal": ("PRT", "Europe"),
    "Romania": ("ROU", "Europe"),
    "Singapore Republic": ("SGP", "Singapore"),
    "South Korea": ("KOR", "Other Asia Pacific"),
    "Spain": ("ESP", "Europe"),
    "Sri Lanka": ("LKA", "Other Asia Pacific"),
    "Sweden": ("SWE", "Europe"),
    "Thailand": ("THA", "Other Asia Pacific"),
    "Turkey": ("TUR", "Europe"),
    "Turkmenistan": ("TKM", "Other CIS"),
    "Ukraine": ("UKR", "Europe"),
    "United Arab Emirates": ("ARE", "Middle East"),
    "United Kingdom": ("GBR", "Europe"),
    "United States": ("USA", "US"),
    "Unknown": ("", "Unknown"),
    "Vietnam": ("VNM", "Other Asia Pacific"),
}
# EI area names that are single countries
EI_COUNTRIES = {
    "Canada": "CAN",
    "China": "CHN",
    "India": "IND",
    "Iraq": "IRQ",
    "Japan": "JPN",
    "Kuwait": "KWT",
    "Mexico": "MEX",
    "Russia": "RUS",
    "Saudi Arabia": "SAU",
    "Singapore": "SGP",
    "UAE": "ARE",
    "US": "USA",
}


def _fy(label: str) -> str:
    """'2024-25' -> 'FY2024-25'."""
    return label if label.startswith("FY") else f"FY{label}"


def _write(df: pd.DataFrame, name: str) -> None:
    p = OUT / name
    gz = {"method": "gzip", "mtime": 0}  # reproducible bytes: no timestamp in the header
    df.to_csv(p, index=False, compression=gz if name.endswith(".gz") else None)
    print(f"wrote {name}: {len(df):,} rows, {p.stat().st_size / 1e3:.1f} kB")


def build_india(src: Path) -> None:
    d = src / "india-crude-imports-by-source"
    a = pd.read_csv(d / "india_crude_imports_by_source_fy2021-22_2025-26.csv", dtype=str)
    by_source = pd.DataFrame(
        {
            "period": a["fiscal_year"].map(_fy),
            "provisional": a["provisional"].map({"True": True, "False": False}),
            "source": a["country_iso3"],
            "source_name": a["country_tradestat"],
            "value_usd": (a["value_usd_mn"].astype(float) * 1e6).round(0),
            "tonnes": a["quantity_t"].astype(float),
            "value_share_pct_tradestat": a["value_share_pct_source"].astype(float),
        }
    )
    _write(by_source, "india_crude_imports_by_source_fy2021-22_2025-26.csv.gz")

    totals = a.drop_duplicates("fiscal_year")
    rows = [
        {
            "period": _fy(r.fiscal_year),
            "compiler": "DGCI&S",
            "coverage": "Apr-Mar",
            "provisional": r.provisional == "True",
            "value_usd": round(float(r.total_value_usd_mn) * 1e6),
            "tonnes": float(r.total_quantity_t),
            "source": "DGCI&S / TradeStat principal commodity PETROLEUM: CRUDE (S5), "
            "via chandn0/india-trade-dashboard",
        }
        for r in totals.itertuples()
    ]
    ppac = pd.read_csv(d / "ppac" / "india_crude_imports_total_ppac_fy2018-19_2025-26h1.csv")
    for r in ppac.itertuples():
        label = str(r.period)
        half = "(H1)" in label
        rows.append(
            {
                "period": _fy(label.replace(" (H1)", "")),
                "compiler": "PPAC",
                "coverage": "Apr-Sep" if half else "Apr-Mar",
                "provisional": label.startswith("2025-26"),
                "value_usd": round(float(r.value_usd_mn) * 1e6),
                "tonnes": float(r.quantity_mmt) * 1e6,
                "source": "PPAC Ready Reckoner FY2025-26 H1, Table 8.24 (1 MT = 7.33 bbl)",
            }
        )
    _write(pd.DataFrame(rows), "india_crude_imports_totals.csv")

    b = pd.read_csv(d / "india_hs2709_imports_by_country_fy2017-18_2022-23.csv", dtype=str)
    hist = pd.DataFrame(
        {
            "period": b["fiscal_year"].map(_fy),
            "coverage": b["period"],
            "source": b["country_iso3"],
            "source_name": b["country_tradestat"],
            "value_usd": (b["value_usd_mn"].astype(float) * 1e6).round(0),
        }
    )
    _write(hist, "india_hs2709_imports_by_source_fy2017-18_2022-23.csv.gz")

    basket = pd.read_csv(d / "ppac" / "indian_basket_crude_price_usd_per_bbl.csv")
    names = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
    period = [
        _fy(p) if f == "fiscal_year" else f"{f.split('_')[1]}-{names.index(p) + 1:02d}"
        for p, f in zip(basket["period"], basket["frequency"], strict=True)
    ]
    _write(
        pd.DataFrame(
            {
                "period": period,
                "freq": basket["frequency"].map(lambda f: "FY" if f == "fiscal_year" else "M"),
                "usd_per_bbl": basket["usd_per_bbl"],
            }
        ),
        "indian_basket_usd_per_bbl.csv",
    )


def build_market(src: Path) -> None:
    d = src / "oil-market-flows-prices"
    c = pd.read_csv(d / "china_crude_imports_rus_sau_irq_monthly_2020_2025.csv")
    china = pd.DataFrame(
        {
            "month": c["month"],
            "importer": c["importer_iso3"],
            "exporter": c["exporter_iso3"],
            "value_usd": (c["value_usd_bn"] * 1e9).round(0),
            "tonnes": c["qty_mt"] * 1e6,
            "source": c["source"],
        }
    )
    _write(china, "china_crude_imports_rus_sau_irq_monthly_2020-2025.csv.gz")

    ei = pd.read_csv(d / "ei_crude_interarea_movements_2024.csv")
    ei_out = pd.DataFrame(
        {
            "year": ei["year"],
            "from_area": ei["from_area"],
            "to_area": ei["to_area"],
            "from_iso3": ei["from_area"].map(EI_COUNTRIES).fillna(""),
            "to_iso3": ei["to_area"].map(EI_COUNTRIES).fillna(""),
            "tonnes": (ei["crude_mt"] * 1e6).round(0),
        }
    )
    _write(ei_out, "ei_crude_interarea_movements_2024.csv")

    k = pd.read_csv(d / "crea_kpler_seaborne_exports.csv", dtype={"period": str})
    ru = k[(k["product"] == "crude") & (k["flow"] == "russia_seaborne_exports_by_destination")]
    unknown = sorted(set(ru["country"]) - set(KPLER_DESTINATIONS))
    assert not unknown, unknown
    kpler = pd.DataFrame(
        {
            "year": ru["period"].astype(int),
            "exporter": "RUS",
            "destination": ru["country"],
            "destination_iso3": ru["country"].map(lambda x: KPLER_DESTINATIONS[x][0]),
            "ei_area": ru["country"].map(lambda x: KPLER_DESTINATIONS[x][1]),
            "tonnes": (ru["kt"] * 1e3).round(0),
        }
    ).sort_values(["year", "tonnes"], ascending=[True, False])
    _write(kpler, "kpler_russia_seaborne_crude_by_destination_2021-2022.csv")

    b = pd.read_csv(d / "eia_spot_crude_monthly.csv")
    brent = b[b["benchmark"] == "brent"][["month", "usd_per_bbl"]]
    _write(brent, "eia_brent_monthly.csv")


def checks() -> None:
    imp = pd.read_csv(OUT / "india_crude_imports_by_source_fy2021-22_2025-26.csv.gz")
    tot = pd.read_csv(OUT / "india_crude_imports_totals.csv")
    g = imp.groupby("period")[["value_usd", "tonnes"]].sum()
    t = tot[tot["compiler"] == "DGCI&S"].set_index("period")
    assert ((g["value_usd"] - t["value_usd"]).abs() < 0.01e6).all()
    assert ((g["tonnes"] - t["tonnes"]).abs() < 1).all()
    for fy in ("FY2023-24", "FY2024-25", "FY2025-26"):
        x = imp[imp["period"] == fy]
        ru = x[x["source"] == "RUS"].iloc[0]
        o = x[x["source"] != "RUS"]
        bench = o["value_usd"].sum() / o["tonnes"].sum()
        uv = ru["value_usd"] / ru["tonnes"]
        print(
            f"{fy}: Russia {ru['tonnes'] / 1e6:.2f} Mt at {uv:.2f} US$/t; other sources "
            f"(volume-weighted) {bench:.2f} US$/t; discount {bench - uv:.2f} US$/t"
        )
    ei = pd.read_csv(OUT / "ei_crude_interarea_movements_2024.csv")
    ru_in = ei[(ei["from_iso3"] == "RUS") & (ei["to_iso3"] == "IND")]["tonnes"].sum()
    print("EI 2024 Russia -> India Mt:", ru_in / 1e6)
    ch = pd.read_csv(OUT / "china_crude_imports_rus_sau_irq_monthly_2020-2025.csv.gz")
    ru24 = ch[(ch["exporter"] == "RUS") & ch["month"].str.startswith("2024")]
    print("China from Russia 2024 Mt:", round(ru24["tonnes"].sum() / 1e6, 2))


def main(src: Path) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    build_india(src)
    build_market(src)
    checks()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data"))
