from __future__ import annotations

from pathlib import Path

import pytest

from tradewinds.errors import DataValidationError, UnknownCodeError
from tradewinds.io.codes import (
    countries,
    hs_correlations,
    hs_nomenclature,
    load_product_groups,
    product_group,
)


@pytest.mark.parametrize(
    "text,iso",
    [
        ("IND", "IND"),
        ("India", "IND"),
        ("356", "IND"),
        ("U S A", "USA"),
        ("United States of America", "USA"),
        ("Russian Federation", "RUS"),
        ("RUSSIA", "RUS"),
        ("Türkiye", "TUR"),
        ("Turkey", "TUR"),
        ("Korea, Rep.", "KOR"),
        ("Viet Nam", "VNM"),
        ("Côte d'Ivoire", "CIV"),
        ("ROM", "ROU"),
        ("World", "WLD"),
    ],
)
def test_country_spellings(text: str, iso: str) -> None:
    assert countries().resolve(text) == iso


def test_every_iso3_code_resolves_to_itself_without_the_name_map() -> None:
    """A code as written needs no name matching (the map of names is built on the first
    name); "AND" (Andorra) is a code although 'and' is a stop-word of names."""
    from tradewinds.io.codes import CountryCodes

    fresh = CountryCodes.load()
    codes = sorted(fresh.iso3_codes)
    assert [fresh.resolve(c) for c in codes] == codes
    assert "_by_key" not in vars(fresh)
    assert fresh.resolve("AND") == "AND" and fresh.name("AND") == "Andorra"
    assert fresh.resolve("andorra") == "AND"
    assert "_by_key" in vars(fresh)


def test_baci_codes_are_not_iso() -> None:
    assert countries().from_baci(699) == "IND"
    assert countries().from_baci(842) == "USA"
    assert countries().from_baci(490) == "TWN"
    with pytest.raises(UnknownCodeError):
        countries().from_baci(1)


def test_unknown_country_suggests() -> None:
    with pytest.raises(UnknownCodeError) as e:
        countries().resolve("Rusia")
    assert e.value.suggestions[0].startswith("RUS")
    assert isinstance(e.value, KeyError) and isinstance(e.value, DataValidationError)


def test_hs() -> None:
    hs = hs_nomenclature()
    assert len(hs.chapters) == 97
    assert hs.describe("2709").startswith("Petroleum oils")
    assert "shrimps" in hs.describe("03061700")  # an HS8 line takes its HS6 description
    assert hs.section_of_chapter()["30"] == "VI"
    with pytest.raises(UnknownCodeError):
        hs.validate("7701")
    with pytest.raises(DataValidationError):
        hs.validate("30A")


def test_correlations() -> None:
    c = hs_correlations("HS2017")
    assert {"hs2022", "code", "relationship"} <= set(c.columns)
    assert (c["hs2022"].str.len() == 6).all()
    with pytest.raises(UnknownCodeError):
        hs_correlations("HS1888")


def test_default_groups() -> None:
    g = load_product_groups()
    assert g["energy"].contains("270900") and g["crude"].contains("27090010")
    assert g["agriculture"].contains("010121") and g["agriculture"].contains("2401")
    assert not g["agriculture"].contains("2501")
    assert g["textiles_apparel"].contains("6109") and g["pharmaceuticals"].contains("3004")
    with pytest.raises(UnknownCodeError):
        product_group("pharma", g)


def test_user_groups(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "g.toml"
    p.write_text('[groups.shrimp]\nlabel = "Shrimp"\nhs = ["030617", "160521-22"]\n')
    with pytest.raises(DataValidationError) as e:
        load_product_groups(p)
    assert e.value.column == "groups.shrimp.hs"
    p.write_text('[groups.shrimp]\nlabel = "Shrimp"\nhs = ["030617", "24-01"]\n')
    with pytest.raises(DataValidationError, match="backwards"):
        load_product_groups(p)
    p.write_text('[groups.shrimp]\nlabel = "Shrimp"\nhs = ["030617"]\n')
    monkeypatch.setenv("TRADEWINDS_PRODUCT_GROUPS", str(p))
    assert list(load_product_groups()) == ["shrimp"]
