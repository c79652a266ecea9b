"""Build the embedded data of ``src/tradewinds/data`` from ``../shared/data``.

Run by a developer when the shared data change (never at run or test time):

    python scripts/build_embedded_data.py ../shared/data

It copies the small real datasets byte for byte where possible and builds the
compact code lists (countries, HS 2022, HS concordances). Every output folder has
a PROVENANCE.md written by hand; this script only makes the data files.
"""

from __future__ import annotations

import shutil
import sys
import unicodedata
from pathlib import Path

import pandas as pd

OUT = Path(__file__).resolve().parents[1] / "src" / "tradewinds" / "data"

# Spellings found in trade sources that the standard lists lack. Keys are ISO3.
EXTRA_ALIASES = {
    "USA": ["U S A", "USA", "United States", "US", "America", "United States of America"],
    "RUS": ["Russia", "RUSSIA", "Russian Federation", "Russian Fed.", "Russian Federation, The"],
    "TUR": ["Turkey", "Türkiye", "Turkiye", "Türkiye, Rep. of", "Turkey, Rep. of"],
    "GBR": ["UK", "United Kingdom", "Britain", "Great Britain", "U K"],
    "KOR": ["South Korea", "Korea, Rep.", "Korea RP", "Republic of Korea", "Korea"],
    "PRK": ["North Korea", "Korea, Dem. People's Rep.", "Korea DP RP"],
    "IRN": ["Iran", "Iran, Islamic Rep."],
    "VNM": ["Vietnam", "Viet Nam"],
    "TWN": ["Taiwan", "Chinese Taipei", "Other Asia, nes", "Taipei"],
    "CZE": ["Czech Republic", "Czechia"],
    "LAO": ["Laos", "Lao PDR"],
    "SYR": ["Syria"],
    "BOL": ["Bolivia"],
    "VEN": ["Venezuela"],
    "TZA": ["Tanzania"],
    "MDA": ["Moldova"],
    "CIV": ["Ivory Coast", "Cote d'Ivoire", "Côte d'Ivoire"],
    "COD": [
        "ZAR",
        "DR Congo",
        "Congo, Dem. Rep.",
        "Democratic Republic of the Congo",
        "Congo D. Rep.",
    ],
    "COG": ["Congo, Rep.", "Republic of the Congo", "Congo P Rep"],
    "HKG": ["Hong Kong", "Hong Kong SAR", "China, Hong Kong SAR", "China, P.R.: Hong Kong"],
    "MAC": ["Macau", "Macao", "China, Macao SAR"],
    "ARE": ["UAE", "U Arab Emts", "United Arab Emirates"],
    "SAU": ["Saudi Arab", "Saudi Arabia"],
    "NLD": ["Netherlands", "Holland"],
    "EGY": ["Egypt", "Egypt A Rp"],
    "MKD": ["North Macedonia", "Macedonia"],
    "SWZ": ["Eswatini", "Swaziland"],
    "CPV": ["Cape Verde", "Cabo Verde"],
    "MMR": ["Myanmar", "Burma"],
    "BRN": ["Brunei"],
    "KGZ": ["Kyrgyzstan", "Kyrgyz Republic"],
    "SVK": ["Slovakia", "Slovak Republic"],
    "PSE": ["Palestine", "State of Palestine"],
    # superseded ISO/UN codes still used in older panels (e.g. Yotov et al. 2016 use ROM)
    "ROU": ["ROM", "Romania"],
    "TLS": ["TMP", "East Timor"],
    # IMF DOTS spellings
    "CHN": ["China, P.R.: Mainland", "China, People's Republic of", "China"],
}

HISTORIC = [  # BACI codes of countries that no longer exist (HS92 releases)
    ("CSK", "", 200, "Czechoslovakia (...1992)"),
    ("DDR", "", 278, "German Democratic Republic (...1990)"),
    ("ANT", "AN", 530, "Netherlands Antilles (...2010)"),
    ("SUN", "SU", 810, "USSR (...1990)"),
    ("SCG", "CS", 891, "Serbia and Montenegro (...2005)"),
    ("YUG", "YU", 890, "Yugoslavia (...1991)"),
    ("ZA1", "", 711, "Southern African Customs Union (...1999)"),
    ("R20", "", 697, "Europe EFTA, nes"),
    ("PUS", "PU", 849, "US Misc. Pacific Isds"),
]


def _clean(name: str) -> str:
    return name.replace("(the)", "").strip()


def build_countries(src: Path) -> None:
    cc = pd.read_csv(src / "country-codes/country-codes.csv", keep_default_na=False, dtype=str)
    baci = pd.read_csv(
        src / "country-codes/baci_country_codes_V202501.csv", keep_default_na=False, dtype=str
    )
    w = pd.read_csv(src / "world2023/country_labels.csv", keep_default_na=False, dtype=str)
    baci_by_iso = {r.country_iso3: (int(r.country_code), r.country_name) for r in baci.itertuples()}
    baci_by_iso["TWN"] = (490, "Other Asia, nes")  # BACI codes Taiwan as 490 'Other Asia, nes'
    wnames = dict(zip(w.iso3, w.CountryName, strict=True))
    rows = []
    for r in cc.to_dict("records"):
        iso3 = r["ISO3166-1-Alpha-3"]
        if not iso3:
            continue
        name = r["CLDR display name"] or _clean(r["UNTERM English Short"]) or r["official_name_en"]
        if iso3 in wnames:
            name = wnames[iso3]
        aliases = {
            _clean(r["UNTERM English Short"]),
            _clean(r["UNTERM English Formal"]),
            r["official_name_en"],
            r["CLDR display name"],
            wnames.get(iso3, ""),
            baci_by_iso.get(iso3, (0, ""))[1],
            *EXTRA_ALIASES.get(iso3, []),
        }
        aliases.discard("")
        aliases.discard(name)
        code, _ = baci_by_iso.get(iso3, (None, ""))
        rows.append(
            {
                "iso3": iso3,
                "iso2": r["ISO3166-1-Alpha-2"],
                "iso_numeric": r["ISO3166-1-numeric"],
                "m49": r["M49"],
                "baci_code": "" if code is None else str(code),
                "name": name,
                "aliases": "|".join(sorted(aliases)),
                "region": r["Region Name"],
                "sub_region": r["Sub-region Name"],
                "in_world2023": "1" if iso3 in wnames else "0",
                "historic": "0",
            }
        )
    for iso3, iso2, code, name in HISTORIC:
        rows.append(
            {
                "iso3": iso3,
                "iso2": iso2,
                "iso_numeric": "",
                "m49": "",
                "baci_code": str(code),
                "name": name,
                "aliases": "",
                "region": "",
                "sub_region": "",
                "in_world2023": "0",
                "historic": "1",
            }
        )
    out = pd.DataFrame(rows).sort_values("iso3")
    missing = set(baci.country_iso3) - set(out.iso3) - {"S19"}
    assert not missing, missing
    # every alias must point to one country only
    seen: dict[str, str] = {}
    for r in out.itertuples():
        for a in [r.name, *filter(None, r.aliases.split("|"))]:
            key = unicodedata.normalize("NFKD", a).casefold()
            assert seen.setdefault(key, r.iso3) == r.iso3, (a, seen[key], r.iso3)
    out.to_csv(OUT / "codes/countries.csv", index=False)


def build_hs(src: Path) -> None:
    hs = pd.read_csv(
        src / "hs-nomenclature/harmonized-system.csv", dtype=str, keep_default_na=False
    )
    hs = hs[hs.level.isin(["2", "4", "6"])]
    hs.to_csv(OUT / "codes/hs2022.csv.gz", index=False, compression={"method": "gzip", "mtime": 0})
    sec = pd.read_csv(src / "hs-nomenclature/sections.csv", dtype=str, encoding="utf-8-sig")
    sec["name"] = sec["name"].str[0].str.upper() + sec["name"].str[1:]
    sec.to_csv(OUT / "codes/hs_sections.csv", index=False)
    frames = []
    for old in ["HS1992", "HS2002", "HS2007", "HS2012", "HS2017"]:
        name = f"HS2022to{old}ConversionAndCorrelationTables.xlsx"
        f = src / "hs-nomenclature/un-correlation-tables" / name
        x = pd.read_excel(f, sheet_name=1, header=None, dtype=str).iloc[2:, :3]
        x.columns = ["hs2022", "code", "relationship"]
        x.insert(1, "to_version", old)
        frames.append(x.dropna(subset=["hs2022", "code"]))
    conc = pd.concat(frames, ignore_index=True)
    assert conc.hs2022.str.len().eq(6).all() and conc.code.str.len().eq(6).all()
    conc.to_csv(
        OUT / "codes/hs2022_correlations.csv.gz",
        index=False,
        compression={"method": "gzip", "mtime": 0},
    )


def copy_datasets(src: Path) -> None:
    for name in ["trade_cepii.csv.gz", "gdp.csv", "tariffs.csv", "country_labels.csv"]:
        shutil.copyfile(src / "world2023" / name, OUT / "world2023" / name)
    eidb = "india_exports_hs8_to_RUS_USA_fy2018-19_2024-25.csv.gz"
    shutil.copyfile(src / "india-eidb-exports-partial" / eidb, OUT / "india_eidb" / eidb)


def build_tariffs(src: Path) -> None:
    """The US 2025-26 tariff lists and the generated part of us2025.toml: see
    scripts/build_tariff_data.py (kept apart: it also writes measures)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import build_tariff_data

    build_tariff_data.build(src)


def copy_elasticities(src: Path) -> None:
    out = OUT / "elasticities"
    out.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(
        src / "elasticities/fontagne-guimbard-orefice-2022/ptle_HS2007.csv.gz",
        out / "protee_hs2007.csv.gz",
    )
    shutil.copyfile(
        src / "elasticities/broda-weinstein/sigma_hs0_73countries.csv.gz",
        out / "broda_weinstein_sigma_hs3.csv.gz",
    )


def main(src: Path) -> None:
    for sub in ["codes", "world2023", "india_eidb"]:
        (OUT / sub).mkdir(parents=True, exist_ok=True)
    build_countries(src)
    build_hs(src)
    copy_datasets(src)
    build_tariffs(src)
    copy_elasticities(src)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data"))
