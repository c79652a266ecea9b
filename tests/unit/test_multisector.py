"""The multi-sector model on ICIO 2022: data, reader, engine, scenarios, bands, tariff lines."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tradewinds.errors import DataValidationError, ScenarioError, UnknownCodeError
from tradewinds.io.readers.icio import (
    IcioData,
    hs_icio_concordance,
    icio_data_from_store,
    icio_embedded,
    icio_embedded_data,
    icio_tables,
    load_icio,
    read_icio,
)
from tradewinds.io.store import TradeStore
from tradewinds.models.ge.multisector import (
    MultisectorResult,
    calibrate_multisector,
    raise_tariffs,
    solve_multisector,
    solve_multisector_ge,
)
from tradewinds.models.ge.multisector_bands import (
    elasticity_draws,
    elasticity_set_band,
    log_spread_across_sets,
)
from tradewinds.tariffs.sectors import WEIGHT_SIMPLE, WEIGHT_TRADE, lines_to_sectors

EXEMPT_B = ("C21", "C26", "B05", "B06", "C19")


@pytest.fixture(scope="module")
def icio() -> IcioData:
    return icio_embedded_data()


def goods(d: IcioData) -> list[str]:
    return [s for s, serv in zip(d.sectors, d.is_services, strict=True) if not serv]


def scenario(d: IcioData, name: str) -> np.ndarray:
    """The two library test scenarios of issue 13 (t′ over the Teti baseline)."""
    if name == "icio2022-us-50-all":
        return raise_tariffs(
            d.t, d.countries, d.sectors, importer="USA", add=0.5, only_sectors=goods(d)
        )
    return raise_tariffs(
        d.t, d.countries, d.sectors, importer="USA", add=0.5, exporters=["IND"],
        only_sectors=goods(d), except_sectors=EXEMPT_B,
    )  # fmt: skip


# ------------------------------------------------------------------------------ data
def test_embedded_icio_2022(icio: IcioData) -> None:
    d = icio
    assert d.year == 2022 and d.X.shape == (81, 81, 28) and d.t.shape == (81, 81, 28)
    assert {"IND", "RUS", "USA", "CHN", "SAU", "ARE", "ROW"} <= set(d.countries)
    assert list(d.sectors[:3]) == ["A01", "A02", "A03"] and d.sectors[-1] == "SERV"
    assert d.is_services.sum() == 1 and d.is_services[-1]
    assert sorted(d.elasticity_sets) == sorted(
        ["IS", "U4", "CP", "BSY", "GYY", "Shap", "FGO", "LL"]
    )
    assert d.epsilon("CP")[d.sector_index("C19")] == pytest.approx(64.85)
    assert d.X.sum() / 1e12 == pytest.approx(199.69, abs=0.01)  # world gross output, US$ tn
    ind, usa = d.country_index("IND"), d.country_index("USA")
    assert d.X[ind, usa, d.goods].sum() / 1e9 == pytest.approx(86.5, abs=0.05)
    assert d.tariff_source_year == 2021
    assert (d.t[np.arange(81), np.arange(81), :] == 0).all()
    assert not d.X.flags.writeable and not d.epsilon("CP").flags.writeable  # cached, shared
    # the file carries Teti rates on the services aggregate too (kept as tariffwar uses them)
    assert np.count_nonzero(d.t[:, :, d.is_services]) == 5084


def test_embedded_ingests_and_reads_back(icio: IcioData, tmp_path: Path) -> None:
    store = TradeStore(tmp_path / "home")
    info = store.ingest(icio_embedded())
    assert info.id == "icio-2022" and info.kind == "icio"
    assert set(info.tables) == {
        "sector_flows", "sector_tariffs", "elasticities", "sectors", "countries"
    }  # fmt: skip
    back = icio_data_from_store(store, "icio-2022")
    np.testing.assert_array_equal(back.X, icio.X)
    np.testing.assert_array_equal(back.t, icio.t)
    for k, v in icio.elasticity_sets.items():
        np.testing.assert_array_equal(back.elasticity_sets[k], v)
    assert store.ingest(icio_embedded()).skipped  # same content: a no-op


def test_concordance(icio: IcioData) -> None:
    c = hs_icio_concordance()
    assert len(c) == 11_000 and int(c["icio_ambiguous"].sum()) == 43
    assert set(c["icio_sector"]) - {""} <= set(icio.sectors)
    row = c[(c.hs_version == "HS2022") & (c.hs6 == "270900")].iloc[0]
    assert row.icio_sector == "B06"


# ------------------------------------------------------------------------------ reader
def tiny_folder(folder: Path, *, years: tuple[int, ...] = (2019, 2020)) -> Path:
    """A three-economy, two-sector folder in the shared ICIO format."""
    folder.mkdir(parents=True, exist_ok=True)
    c = ["USA", "IND", "ROW"]
    pd.DataFrame({"iso3": c, "order": [1, 2, 3]}).to_csv(folder / "icio_countries.csv", index=False)
    pd.DataFrame(
        {
            "sector_code": ["A01", "SERV"],
            "sector_label_in_source": ["A01", "Services (aggregate)"],
            "sector_order": [1, 2],
            "is_services": ["False", "True"],
            "sector_name": ["Crops", "Services"],
        }
    ).to_csv(folder / "icio_sectors.csv", index=False)
    rows, tar = [], []
    for y in years:
        for i, e in enumerate(c):
            for j, m in enumerate(c):
                for s in ("A01", "SERV"):
                    v = (50.0 if i == j else 5.0 + i + 2 * j) * (1 + (y - 2019) / 10)
                    rows.append((y, e, m, s, v))
                    if i != j and s == "A01":
                        tar.append((y, e, m, s, 0.05 * (1 + j), min(y, 2021)))
    pd.DataFrame(
        rows, columns=["year", "exporter_iso3", "importer_iso3", "sector_code", "value_usd_mn"]
    ).to_csv(folder / "icio_trade_by_sector_test.csv", index=False)
    pd.DataFrame(
        tar,
        columns=["year", "exporter_iso3", "importer_iso3", "sector_code", "tariff",
                 "tariff_source_year"],
    ).to_csv(folder / "icio_tariffs_teti_by_sector_test.csv", index=False)  # fmt: skip
    pd.DataFrame(
        {
            "dataset": "icio",
            "elasticity_set": ["CP", "CP", "U4", "U4"],
            "source": ["cp", "cp", "u4", "u4"],
            "sector_code": ["A01", "SERV", "A01", "SERV"],
            "trade_elasticity_epsilon": [9.11, 4.0, 4.0, 4.0],
        }
    ).to_csv(folder / "trade_elasticities_by_sector.csv", index=False)
    return folder


def test_reader_reads_any_year(tmp_path: Path) -> None:
    folder = tiny_folder(tmp_path / "icio")
    a, b = load_icio(folder, year=2019), load_icio(folder, year=2020)
    assert a.X.shape == (3, 3, 2) and a.countries == ("USA", "IND", "ROW")
    np.testing.assert_allclose(b.X, a.X * 1.1)
    assert a.X[0, 0, 0] == 50e6  # millions → US$
    assert a.t[0, 1, 0] == pytest.approx(0.10) and a.t[0, 1, 1] == 0
    spec = read_icio(folder, year=2020)
    assert spec.id == "icio-2020" and spec.kind == "icio" and "2020" in spec.vintage
    r = solve_multisector_ge(a.X, a.t, a.t * 2, epsilon=a.epsilon("CP"))
    assert r.max_residual < 1e-12


def test_reader_names_a_year_the_data_lack(tmp_path: Path) -> None:
    folder = tiny_folder(tmp_path / "icio")
    with pytest.raises(DataValidationError) as e:
        read_icio(folder, year=2023)
    assert "2023" in str(e.value) and "2019–2020" in str(e.value)
    assert e.value.file and e.value.file.endswith("icio_trade_by_sector_test.csv")
    with pytest.raises(DataValidationError, match="year 2023 is not in the data"):
        load_icio(year=2023)  # the embedded copy has 2022 only


def _edit(path: Path, line: int, column: str, value: str) -> None:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[line - 2, column] = value
    frame.to_csv(path, index=False)


@pytest.mark.parametrize(
    ("file", "line", "column", "value", "error", "words"),
    [
        ("icio_trade_by_sector_test.csv", 5, "sector_code", "C99", UnknownCodeError, "ICIO sector"),
        ("icio_trade_by_sector_test.csv", 7, "exporter_iso3", "XXX", UnknownCodeError, "XXX"),
        ("icio_trade_by_sector_test.csv", 4, "value_usd_mn", "-3", DataValidationError, "below 0"),
        ("icio_trade_by_sector_test.csv", 6, "value_usd_mn", "inf", DataValidationError, "finite"),
        ("icio_tariffs_teti_by_sector_test.csv", 3, "tariff", "abc", DataValidationError, "number"),
        ("trade_elasticities_by_sector.csv", 3, "trade_elasticity_epsilon", "0",
         DataValidationError, "positive"),
        ("trade_elasticities_by_sector.csv", 2, "sector_code", "A1", UnknownCodeError, "A01"),
    ],
)  # fmt: skip
def test_reader_bad_input_names_file_row_column(
    tmp_path: Path,
    file: str,
    line: int,
    column: str,
    value: str,
    error: type[Exception],
    words: str,
) -> None:
    folder = tiny_folder(tmp_path / "icio")
    _edit(folder / file, line, column, value)
    with pytest.raises(error) as e:
        icio_tables(folder, year=2019)
    err = e.value
    assert isinstance(err, DataValidationError)
    assert err.file is not None and err.file.endswith(file)
    assert err.row == line and err.column == column
    assert words in str(err) and err.fix


def test_reader_needs_all_files(tmp_path: Path) -> None:
    folder = tiny_folder(tmp_path / "icio")
    (folder / "trade_elasticities_by_sector.csv").unlink()
    with pytest.raises(DataValidationError, match="elasticities"):
        read_icio(folder, year=2019)


# ------------------------------------------------------------------------------ engine
@pytest.mark.parametrize("name", ["icio2022-us-50-all", "icio2022-us-india-50-goods"])
@pytest.mark.parametrize("mode", ["fixed", "balanced"])
def test_library_test_scenarios_solve(icio: IcioData, name: str, mode: str) -> None:
    d = icio
    base = calibrate_multisector(
        d.X, d.t, epsilon=d.epsilon("CP"), countries=d.countries, sectors=d.sectors,
        deficits=mode,  # type: ignore[arg-type]
    )  # fmt: skip
    r = solve_multisector(base, scenario(d, name))
    assert r.max_residual < 1e-10 and r.iterations <= 8
    if mode == "balanced":
        assert base.balance_residual < 1e-10
        assert np.max(np.abs(base.D)) < 1e-6 * base.Y.sum()
    f = r.countries_frame().set_index("iso3")
    got = f.loc[["USA", "IND", "CHN", "RUS"], "welfare_pct"].to_numpy()
    # our own figures (MODELS §4f, CP elasticities), pinned against regressions
    want = {
        ("icio2022-us-50-all", "fixed"): [-0.218858735, -0.073922837, -0.132896821, -0.183506524],
        ("icio2022-us-50-all", "balanced"): [-0.253881689, -0.109072201, -0.082549793,
                                             -0.019345927],
        ("icio2022-us-india-50-goods", "fixed"): [-0.012931029, -0.066186364, 0.001182297,
                                                  -0.004157447],
        ("icio2022-us-india-50-goods", "balanced"): [-0.013196355, -0.056882016, 0.000904623,
                                                     -0.001223415],
    }[(name, mode)]  # fmt: skip
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-7)
    assert f["baseline"].eq(mode).all()


def test_scenario_b_leaves_the_exempt_sectors_alone(icio: IcioData) -> None:
    d = icio
    tb = scenario(d, "icio2022-us-india-50-goods")
    ta = scenario(d, "icio2022-us-50-all")
    ind, usa = d.country_index("IND"), d.country_index("USA")
    delta = tb - d.t
    assert np.count_nonzero(delta) == 27 - len(EXEMPT_B)
    for s in EXEMPT_B:
        assert delta[ind, usa, d.sector_index(s)] == 0
    assert (delta[ind, usa, d.is_services] == 0).all()
    assert np.count_nonzero(ta - d.t) == 80 * 27  # every other economy, every goods sector
    base = calibrate_multisector(
        d.X, d.t, epsilon=d.epsilon("CP"), countries=d.countries, sectors=d.sectors
    )
    ra, rb = solve_multisector(base, ta), solve_multisector(base, tb)
    ps = rb.pair_sector_frame()
    ind_us = ps[(ps.exporter == "IND") & (ps.importer == "USA")].set_index("sector")
    assert ind_us.loc["C21", "value_after"] > 0.9 * ind_us.loc["C21", "value_before"]
    assert ind_us.loc["C13T15", "value_after"] < 0.2 * ind_us.loc["C13T15", "value_before"]
    fall = {
        k: r.X_after[ind, usa, d.goods].sum() / d.X[ind, usa, d.goods].sum()
        for k, r in (("a", ra), ("b", rb))
    }
    assert fall["a"] < fall["b"] < 1


def test_frames(icio: IcioData) -> None:
    d = icio
    base = calibrate_multisector(
        d.X, d.t, epsilon=d.epsilon("CP"), countries=d.countries, sectors=d.sectors
    )
    r = solve_multisector(base, scenario(d, "icio2022-us-india-50-goods"))
    c = r.countries_frame()
    assert len(c) == 81 and c["iso3"].tolist() == list(d.countries)
    for col in ("welfare_pct", "wage_pct", "prices_pct", "tariff_revenue_after",
                "exports_before", "exports_after", "imports_after", "deficit_after"):  # fmt: skip
        assert col in c
    assert abs(c["deficit_after"].sum()) < 1e-9 * d.X.sum()
    cs = r.country_sector_frame()
    assert len(cs) == 81 * 28 and {"price_hat", "domestic_share_after"} <= set(cs.columns)
    ps = r.pair_sector_frame()
    assert len(ps) == int((d.X > 0).sum())
    assert ps["value_after"].sum() == pytest.approx(r.X_after.sum(), rel=1e-12)
    assert r.notes[0].startswith("Baseline: data deficits")


def test_model_bad_input_is_typed(icio: IcioData) -> None:
    d = icio
    eps = d.epsilon("CP").copy()
    eps[d.sector_index("C26")] = 0.0
    with pytest.raises(ScenarioError, match=r"C26") as e:
        calibrate_multisector(d.X, d.t, epsilon=eps, countries=d.countries, sectors=d.sectors)
    assert e.value.field == "epsilon[C26]"
    X = d.X.copy()
    X[3, 5, 2] = -1.0
    with pytest.raises(DataValidationError, match=r"negative") as e2:
        calibrate_multisector(X, d.t, epsilon=d.epsilon("CP"), countries=d.countries,
                              sectors=d.sectors)  # fmt: skip
    assert e2.value.column == f"X[{d.countries[3]}, {d.countries[5]}, {d.sectors[2]}]"
    with pytest.raises(ScenarioError, match="elasticities for 28 sectors"):
        calibrate_multisector(d.X, d.t, epsilon=eps[:5])
    with pytest.raises(ScenarioError, match="shape"):
        calibrate_multisector(d.X, d.t[:, :, :3], epsilon=d.epsilon("CP"))
    base = calibrate_multisector(d.X, d.t, epsilon=d.epsilon("CP"), countries=d.countries,
                                 sectors=d.sectors)  # fmt: skip
    bad = d.t.copy()
    bad[d.country_index("IND"), d.country_index("USA"), 0] = -1.5
    with pytest.raises(ScenarioError, match=r"t_new\[IND, USA, A01\]"):
        solve_multisector(base, bad)
    with pytest.raises(ScenarioError, match="deficits"):
        calibrate_multisector(d.X, d.t, epsilon=d.epsilon("CP"), deficits="zero")  # type: ignore[arg-type]
    with pytest.raises(UnknownCodeError, match="elasticity set"):
        d.epsilon("XX")
    with pytest.raises(UnknownCodeError, match="ICIO sector"):
        d.sector_index("C99")
    with pytest.raises(ScenarioError, match="unknown sector 'C99'"):
        raise_tariffs(d.t, d.countries, d.sectors, importer="USA", add=0.5, only_sectors=["C99"])


def test_results_are_frozen(icio: IcioData) -> None:
    d = icio
    r: MultisectorResult = solve_multisector_ge(d.X, d.t, d.t, epsilon=d.epsilon("U4"))
    with pytest.raises(ValueError, match="read-only"):
        r.w_hat[0] = 2.0
    with pytest.raises(ValueError, match="read-only"):
        r.baseline.X[0, 0, 0] = 2.0
    assert np.all(r.welfare_hat == 1.0)


# ------------------------------------------------------------------------------ bands
def test_band_across_the_eight_sets(icio: IcioData) -> None:
    d = icio
    band = elasticity_set_band(
        d.X, d.t, scenario(d, "icio2022-us-50-all"), elasticity_sets=d.elasticity_sets,
        point="CP", countries=d.countries, sectors=d.sectors,
    )  # fmt: skip
    f = band.to_frame().set_index("iso3")
    assert len(band.labels) == 8 and band.max_residual < 1e-10
    np.testing.assert_allclose(f["point"], f["CP"], atol=1e-10)
    assert (f["min"] <= f["point"] + 1e-12).all() and (f["point"] <= f["max"] + 1e-12).all()
    assert f.loc["USA", "min"] < f.loc["USA", "max"]
    assert len(band.long_frame()) == 8 * 6 * 81
    with pytest.raises(ScenarioError, match="point"):
        elasticity_set_band(d.X, d.t, d.t, elasticity_sets=d.elasticity_sets, point="ZZ")


def test_draws_are_reproducible_and_centred(icio: IcioData) -> None:
    d = icio
    tn = scenario(d, "icio2022-us-india-50-goods")
    kw = dict(
        epsilon=d.epsilon("CP"), draws=16, spread="sets", elasticity_sets=d.elasticity_sets,
        seed=7, point_label="CP", countries=d.countries, sectors=d.sectors,
    )  # fmt: skip
    a = elasticity_draws(d.X, d.t, tn, **kw)  # type: ignore[arg-type]
    b = elasticity_draws(d.X, d.t, tn, **kw)  # type: ignore[arg-type]
    np.testing.assert_array_equal(a.values, b.values)
    sigma = log_spread_across_sets(d.elasticity_sets)
    logs = np.log(np.stack(list(d.elasticity_sets.values())))
    np.testing.assert_allclose(sigma, logs.std(axis=0, ddof=1))
    z = np.log(a.epsilons / d.epsilon("CP"))  # draws are log-normal around the set
    assert np.all(np.abs(z) <= 6 * sigma + 1e-12)
    f = a.to_frame().set_index("iso3")
    assert (f["p5"] <= f["median"]).all() and (f["median"] <= f["p95"]).all()
    assert "lognormal" in a.spread and "seed 7" in a.spread
    with pytest.raises(ScenarioError, match="spread"):
        elasticity_draws(d.X, d.t, tn, epsilon=d.epsilon("CP"), spread=-1.0)


# ------------------------------------------------------------------------------ tariff lines
def lines() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "exporter": ["IND"] * 6,
            "importer": ["USA"] * 6,
            "product": ["30049099", "85171300", "61091000", "6109909000", "030990", "270900"],
            "hs_version": ["HS22"] * 6,
            "rate": [0.5, 0.5, 0.5, 0.25, 0.5, 0.5],
            "exempt": [True, True, False, False, False, True],
            "value_usd": [10e9, 14e9, 1e9, 3e9, 7e6, 2e9],
        }
    )


def test_lines_to_sectors_trade_weighted_with_exemptions() -> None:
    m = lines_to_sectors(lines())
    t = m.mapping.set_index("sector")
    assert t.loc["C13T15", "lines"] == 2  # two national lines under HS 6109
    assert t.loc["C13T15", "effective_rate"] == pytest.approx((0.5 * 1 + 0.25 * 3) / 4)
    assert t.loc["C21", "effective_rate"] == 0 and t.loc["C21", "exempt_value_usd"] == 10e9
    assert t.loc["C26", "covered_value_usd"] == 0 and t.loc["B06", "lines_exempt"] == 1
    assert t.loc["A03", "lines_ambiguous"] == 1  # HS 2022 030990 → A03 (UN target)
    assert (m.mapping["weighting"] == WEIGHT_TRADE).all()
    arr = m.to_array(["IND", "USA", "ROW"], ["A03", "B06", "C13T15", "C21", "C26"])
    assert arr[0, 1].tolist() == pytest.approx([0.5, 0.0, 0.3125, 0.0, 0.0])
    assert arr[1].sum() == 0


def test_lines_to_sectors_simple_average_and_split() -> None:
    simple = lines_to_sectors(lines().drop(columns="value_usd"))
    t = simple.mapping.set_index("sector")
    assert t.loc["C13T15", "effective_rate"] == pytest.approx(0.375)
    assert (simple.mapping["weighting"] == WEIGHT_SIMPLE).all()
    assert any("simple line average" in n for n in simple.notes)
    split = lines_to_sectors(lines(), ambiguous="split").mapping.set_index("sector")
    # 030990 correlates with 3 HS 2017 codes in A03 and 4 in C10T12
    assert split.loc["A03", "total_value_usd"] == pytest.approx(7e6 * 3 / 7)
    assert split.loc["C10T12", "total_value_usd"] == pytest.approx(7e6 * 4 / 7)


def test_hs_code_not_in_concordance() -> None:
    bad = lines()
    bad.loc[3, "product"] = "61091900"  # no such HS 2022 subheading
    with pytest.raises(UnknownCodeError) as e:
        lines_to_sectors(bad)
    assert e.value.code == "610919" and e.value.row == 4 and e.value.column == "product"
    assert "610910" in str(e.value)  # a close match is suggested
    with pytest.raises(UnknownCodeError) as e2:
        lines_to_sectors(bad, file="us_lines.csv")
    assert e2.value.row == 5 and e2.value.file == "us_lines.csv"
    kept = lines_to_sectors(bad, unmapped="collect")
    assert kept.unmapped["product"].tolist() == ["61091900"]
    assert any("left out" in n for n in kept.notes)


def test_lines_bad_input() -> None:
    with pytest.raises(DataValidationError, match="HS version 'HS12'"):
        lines_to_sectors(lines().assign(hs_version="HS12"))
    with pytest.raises(DataValidationError, match="six digits"):
        lines_to_sectors(lines().assign(product=["10121"] * 6))
    with pytest.raises(DataValidationError, match="HS version of the codes"):
        lines_to_sectors(lines().drop(columns="hs_version"))
    with pytest.raises(DataValidationError, match="value_usd"):
        lines_to_sectors(lines().assign(value_usd=[1.0, None, 1, 1, 1, 1]))
    assert lines_to_sectors(lines().drop(columns="hs_version"), hs_version="2022").rates.size
    with pytest.raises(UnknownCodeError, match="ICIO economy"):
        lines_to_sectors(lines()).to_array(["USA", "ROW"], ["C21"])
