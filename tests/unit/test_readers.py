from __future__ import annotations

import pandas as pd
import pytest

from tradewinds.errors import DataValidationError, UnknownCodeError
from tradewinds.io.readers import (
    read_baci,
    read_dots,
    read_dta_panel,
    read_eidb,
    read_world2023,
    yotov_flows,
)
from tradewinds.io.readers.dots import dots_frame
from tradewinds.io.readers.eidb import eidb_frame


def test_baci_sample(store, fixtures) -> None:  # type: ignore[no-untyped-def]
    info = store.ingest(read_baci(fixtures / "BACI_HS17_Y2022_V202501_sample.csv"))
    assert info.id == "baci_hs17_y2022_v202501_sample"
    assert info.vintage == "BACI V202501"
    f = store.read(info.id)
    assert len(f) == 8
    shrimp = f[(f["exporter"] == "IND") & (f["importer"] == "USA") & (f["product"] == "030617")]
    assert shrimp["value_usd"].iloc[0] == pytest.approx(2_098_765_432.0)
    assert shrimp["quantity"].iloc[0] == pytest.approx(212_345.0)
    assert f.loc[f["product"] == "010121", "exporter"].iloc[0] == "IND"  # leading zero kept
    assert f["quantity"].isna().sum() == 1
    assert set(f["hs_version"]) == {"HS17"}


def test_eidb_embedded_layout() -> None:
    spec = read_eidb()
    assert "PARTIAL" in spec.coverage


def test_eidb_monthly_with_imports(fixtures) -> None:  # type: ignore[no-untyped-def]
    f = eidb_frame(fixtures / "eidb_monthly_sample.csv", vintage="test")
    assert set(f["freq"]) == {"M"}
    crude = f[f["product"] == "27090000"]
    assert (crude["exporter"] == "RUS").all() and (crude["importer"] == "IND").all()
    assert f["product"].str.len().eq(8).all()
    assert f.loc[f["product"] == "03061720", "value_usd"].iloc[0] == pytest.approx(2.5e6)


def test_dots(fixtures) -> None:  # type: ignore[no-untyped-def]
    f = dots_frame(fixtures / "dots_ind_rus.csv", vintage="test")
    x = f[(f["period"] == "2023") & (f["exporter"] == "IND") & (f["flow_reporter"] == "IND")]
    assert x["value_usd"].iloc[0] == pytest.approx(4_030.5e6)
    m = f[(f["period"] == "2023-02") & (f["importer"] == "IND")]
    assert m["value_usd"].iloc[0] == pytest.approx(5_120.0e6)
    mirror = f[(f["period"] == "2023") & (f["flow_reporter"] == "RUS")]
    assert mirror["importer"].iloc[0] == "RUS" and mirror["exporter"].iloc[0] == "IND"
    assert "TBG" not in set(f["source"])  # balance indicator not read as a flow
    assert read_dots(fixtures / "dots_ind_rus.csv").reader == "dots"


def test_dta_panel_real_subset(fixtures) -> None:  # type: ignore[no-untyped-def]
    p = read_dta_panel(fixtures / "yotov_ch1app1_subset.dta")
    assert "ROU" in set(p["exporter"])  # ROM mapped
    row = p[(p["exporter"] == "IND") & (p["importer"] == "USA") & (p["year"] == 2006)]
    assert row["trade"].iloc[0] == pytest.approx(18_304.6, abs=0.05)  # AGTPA provenance
    spec = yotov_flows(fixtures / "yotov_ch1app1_subset.dta", dataset_id="yotov-sub")
    assert spec.kind == "flows"


def test_world2023_reader_rejects_shape_mismatch(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tradewinds.io.embedded import data_path

    src = data_path("world2023")
    for n in ("country_labels.csv", "gdp.csv", "tariffs.csv"):
        (tmp_path / n).write_bytes((src / n).read_bytes())
    pd.DataFrame({"export_ij1": [1.0, 2.0]}).to_csv(tmp_path / "trade_cepii.csv.gz", index=False)
    with pytest.raises(DataValidationError, match="194"):
        read_world2023(tmp_path)


def test_unknown_country_in_eidb(tmp_path) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "e.csv"
    p.write_text(
        "country,hs8,fy,value_usd_mn\nRUSSIA,03061700,2024-25,1.0\nRUSIA,03061700,2024-25,2.0\n"
    )
    with pytest.raises(UnknownCodeError) as e:
        eidb_frame(p, vintage="t")
    assert e.value.row == 3 and e.value.column == "country"
    assert any("RUS" in s for s in e.value.suggestions)
