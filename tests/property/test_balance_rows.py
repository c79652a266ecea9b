"""The balance on a few rows in plain Python gives exactly the pandas path's frame."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from tradewinds.accounting.balance import _balance_frame, bilateral_balance
from tradewinds.accounting.balance_rows import balance_rows

_ROW = st.fixed_dictionaries(
    {
        "period": st.sampled_from(["2021", "2022", "2023"]),
        "exporter": st.sampled_from(["IND", "RUS", "USA"]),
        "importer": st.sampled_from(["IND", "RUS", "USA"]),
        "product": st.sampled_from(["TOTAL", "27", "2709", "270900", "100199"]),
        "value_usd": st.one_of(
            st.floats(min_value=0, max_value=1e12, allow_nan=False),
            st.just(0.1),
            st.just(float("nan")),
        ),
        "flow_reporter": st.sampled_from(["BACI", "IND", "RUS", "AGTPA"]),
        "month": st.sampled_from([None, None, 3]),
        "vintage": st.sampled_from(["v1", "v1", "v2"]),
    }
)


def _frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    f = pd.DataFrame(rows)
    f["freq"] = "A"
    f["year"] = f["period"].astype(int)
    f["month"] = f["month"].astype("Int32")
    f["source"] = "BACI"
    return f


@settings(max_examples=300, deadline=None)
@given(
    rows=st.lists(_ROW, min_size=1, max_size=40),
    report=st.sampled_from(["reporter", "partner", "reconciled"]),
    freq=st.sampled_from([None, "A"]),
    periods=st.sampled_from([None, ["2022"], ["2021", "2023"]]),
)
def test_plain_python_equals_pandas(
    rows: list[dict[str, object]], report: str, freq: str | None, periods: list[str] | None
) -> None:
    flows = _frame(rows)
    fast = balance_rows(flows, "IND", "RUS", freq=freq, report=report, periods=periods)
    kw = {"freq": freq, "fy_start_month": 4, "allow_partial": False, "periods": periods}
    if fast is None:  # not covered: bilateral_balance takes the pandas path
        return
    slow = _balance_frame(flows, "IND", "RUS", report=report, **kw)  # type: ignore[arg-type]
    pd.testing.assert_frame_equal(fast, slow, check_exact=True)
    assert list(fast.dtypes) == list(slow.dtypes)


def test_the_fast_path_is_taken_for_a_pairs_totals() -> None:
    base = {"period": "2022", "product": "010121", "flow_reporter": "BACI", "month": None}
    flows = _frame(
        [
            {**base, "exporter": "IND", "importer": "RUS", "value_usd": 2.0, "vintage": "v"},
            {**base, "exporter": "RUS", "importer": "IND", "value_usd": 5.0, "vintage": "v"},
        ]
    )
    fast = balance_rows(flows, "IND", "RUS", freq=None, report="reporter", periods=None)
    assert fast is not None
    assert fast[["exports_usd", "imports_usd", "balance_usd"]].iloc[0].tolist() == [2, 5, -3]
    pd.testing.assert_frame_equal(bilateral_balance(flows, "IND", "RUS"), fast)
