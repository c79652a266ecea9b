"""Records and trends respect coverage (hypothesis over coverage flags): no record, growth
or "highest since" is emitted for a partial period or across one, "highest since" only
for rises, and ``allow_partial`` is the only way to compare partial periods."""

from __future__ import annotations

import math

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from tradewinds.accounting.records import (
    PARTIAL_NOTE,
    change_since,
    growth_and_records,
    record_check,
)

values = st.floats(min_value=0.0, max_value=1e12, allow_nan=False, allow_infinity=False)


@st.composite
def series(draw: st.DrawFn) -> pd.DataFrame:
    n = draw(st.integers(min_value=1, max_value=12))
    y0 = draw(st.integers(min_value=2000, max_value=2020))
    v = draw(st.lists(values, min_size=n, max_size=n))
    complete = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    fiscal = draw(st.booleans())
    periods = [f"FY{y}-{(y + 1) % 100:02d}" if fiscal else str(y) for y in range(y0, y0 + n)]
    return pd.DataFrame({"period": periods, "v": v, "complete": complete})


@settings(max_examples=200, deadline=None)
@given(series())
def test_no_record_or_growth_on_partial_periods(f: pd.DataFrame) -> None:
    g = growth_and_records(f, "v", complete="complete").set_index("period")
    ok = f.set_index("period")["complete"]
    labels = list(f["period"])
    for k, p in enumerate(labels):
        row = g.loc[p]
        touched = not ok[p] or (k > 0 and not ok[labels[k - 1]])
        if touched:
            assert math.isnan(row["growth_pct"])
        if not ok[p]:
            assert not row["is_record_high"] and not row["is_record_low"]
            assert row["highest_since"] == "" and row["lowest_since"] == ""
            assert row["trend_note"] == PARTIAL_NOTE
        if row["is_record_high"]:
            # a record needs every period up to it complete
            assert all(ok[x] for x in labels[: k + 1])
            assert all(f["v"].iloc[j] < f["v"].iloc[k] for j in range(k))
        if row["highest_since"]:
            # only for a rise, and never reaching back across a partial period
            assert f["v"].iloc[k] > f["v"].iloc[k - 1]
            j = labels.index(row["highest_since"])
            assert all(ok[x] for x in labels[j : k + 1])
            assert f["v"].iloc[j] >= f["v"].iloc[k]
        if row["lowest_since"]:
            assert f["v"].iloc[k] < f["v"].iloc[k - 1]


@settings(max_examples=200, deadline=None)
@given(series())
def test_a_wholly_partial_dataset_gives_levels_only(f: pd.DataFrame) -> None:
    g = growth_and_records(f, "v", complete=False)
    assert g["growth_pct"].isna().all()
    assert not g["is_record_high"].any() and not g["is_record_low"].any()
    assert (g["highest_since"] == "").all() and (g["lowest_since"] == "").all()
    assert (g["v"].to_numpy() == f.sort_values("period")["v"].to_numpy()).all()  # levels kept
    at = str(f["period"].iloc[-1])
    rc = record_check(f, "v", at, complete=False)
    assert rc.is_record is None and "partial" in rc.statement
    assert change_since(f, "v", str(f["period"].iloc[0]), complete=False)["change_pct"].isna().all()


@settings(max_examples=100, deadline=None)
@given(series())
def test_allow_partial_is_the_explicit_way(f: pd.DataFrame) -> None:
    a = growth_and_records(f, "v", complete=True)
    b = growth_and_records(f.assign(complete=False), "v", complete="complete", allow_partial=True)
    pd.testing.assert_series_equal(a["growth_pct"], b["growth_pct"])
    assert (a["is_record_high"] == b["is_record_high"]).all()


@settings(max_examples=100, deadline=None)
@given(series())
def test_record_check_agrees_with_the_flags(f: pd.DataFrame) -> None:
    f = f.assign(complete=True)
    g = growth_and_records(f, "v").set_index("period")
    for p in f["period"]:
        rc = record_check(f, "v", p)
        if g.loc[p, "is_record_high"]:
            assert rc.is_record is True
        if rc.is_record is True and rc.period != f["period"].iloc[0]:
            k = list(f["period"]).index(p)
            assert all(f["v"].iloc[j] < f["v"].iloc[k] for j in range(k))


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "India",
                "Russia's",
                "the U.S.",
                "New Delhi",
                "Moscow",
                "trade",
                "exports to",
                "imports from",
                "deficit",
                "surplus",
                "record",
                "$68.7 billion",
                "$59 bn",
                "50%",
                "up 12%",
                "doubled",
                "five-fold",
                "in FY2024-25",
                "in 2023",
                "fiscal 2025",
                "FY25",
                "2023-27",
                "the year ended March 2025",
                "last fiscal year",
                "by 2030",
                "April-December",
                "Rs 5 crore",
                "$68.7",
                "68.7 billion",
                "steadiest since 1945",
                "from",
                "to",
                "compared to",
                "while",
                ",",
                ".",
                ";",
                "\n",
                "\n\n",
                "- ",
            ]
        ),
        max_size=40,
    )
)
def test_reading_any_text_never_crashes(words: list[str]) -> None:
    """find_claims on arbitrary text gives findings or typed errors, never an exception."""
    from tradewinds.claims.parser import find_claims

    for f in find_claims(" ".join(words)):
        assert f.status in {"checkable", "not checkable", "unreadable"}
        assert f.error is None or "Fix:" in str(f.error)
