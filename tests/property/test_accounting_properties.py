"""Properties of the store and the accounting (hypothesis)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tradewinds.accounting import (
    bilateral_balance,
    composition,
    dependence,
    hhi,
    partner_shares,
)
from tradewinds.io.readers import read_baci
from tradewinds.io.readers.eidb import eidb_frame
from tradewinds.io.store import TradeStore
from tradewinds.testing.strategies import flow_frames
from tradewinds.testing.strategies import hs6_codes as hs6

leading_zero_hs6 = st.from_regex(r"0[0-9]{5}", fullmatch=True)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(codes=st.lists(st.one_of(leading_zero_hs6, hs6), min_size=1, max_size=30, unique=True))
def test_hs_codes_round_trip_through_store(codes: list[str]) -> None:
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "BACI_HS17_Y2022_V202501.csv"
        lines = ["t,i,j,k,v,q"] + [f"2022,699,643,{c},{i + 1}.5,1" for i, c in enumerate(codes)]
        p.write_text("\n".join(lines) + "\n")
        store = TradeStore(Path(d) / "home")
        info = store.ingest(read_baci(p, dataset_id="rt"))
        back = store.read("rt")
        assert sorted(back["product"]) == sorted(codes)
        # and out again through CSV and in through another reader keeps the zeros
        csv = Path(d) / "eidb.csv"
        pd.DataFrame(
            {
                "country": "RUSSIA",
                "hs8": [c + "00" for c in back["product"]],
                "fy": "2024-25",
                "value_usd_mn": 1.0,
            }
        ).to_csv(csv, index=False)
        again = eidb_frame(csv, vintage="t")
        assert sorted(again["product"].str[:6]) == sorted(codes)
        assert info.rows == len(codes)


@settings(max_examples=60, deadline=None)
@given(f=flow_frames())
def test_hs6_sums_equal_hs2_sums(f: pd.DataFrame) -> None:
    e, i = f["exporter"].iloc[0], f["importer"].iloc[0]
    ch = composition(f, e, i, by="chapter")
    sub = composition(f, e, i, by="subheading")
    sec = composition(f, e, i, by="section")
    assert np.isclose(ch["value_usd"].sum(), sub["value_usd"].sum(), rtol=1e-12)
    assert np.isclose(sec["value_usd"].sum(), sub["value_usd"].sum(), rtol=1e-12)
    by_ch = sub.assign(ch=sub["code"].str[:2]).groupby("ch")["value_usd"].sum()
    ch_s = ch.set_index("code")["value_usd"]
    assert np.allclose(by_ch.sort_index().to_numpy(), ch_s.sort_index().to_numpy(), rtol=1e-12)
    assert np.isclose(ch["share"].sum(), 1.0)


@settings(max_examples=60, deadline=None)
@given(f=flow_frames())
def test_balance_antisymmetric_and_shares_sum_to_one(f: pd.DataFrame) -> None:
    e, i = f["exporter"].iloc[0], f["importer"].iloc[0]
    ab = bilateral_balance(f, e, i).fillna(0.0)
    ba = bilateral_balance(f, i, e).fillna(0.0)
    assert np.isclose(ab["balance_usd"].iloc[0], -ba["balance_usd"].iloc[0])
    assert np.isclose(ab["total_usd"].iloc[0], ba["total_usd"].iloc[0])
    ps = partner_shares(f, e)
    assert np.isclose(ps["share"].sum(), 1.0)
    h = ps.attrs["hhi"]["2022"]
    assert 1.0 / len(ps) - 1e-12 <= h <= 1.0 + 1e-12
    d = dependence(f, e, i)
    assert ((d["export_share"].dropna() >= 0) & (d["export_share"].dropna() <= 1 + 1e-12)).all()


@given(
    st.lists(st.floats(min_value=0.001, max_value=1e6), min_size=2, max_size=50),
    st.floats(min_value=0.01, max_value=1e6),
)
def test_hhi_scale_invariant_and_normalised_bounds(values: list[float], k: float) -> None:
    assert np.isclose(hhi(values), hhi([v * k for v in values]))
    n = hhi(values, normalised=True)
    assert -1e-12 <= n <= 1 + 1e-12
    assert np.isclose(hhi([1.0] * len(values), normalised=True), 0.0, atol=1e-12)
