"""The balance service emits no growth, record or "highest since" for data of partial
coverage — whatever the dataset's coverage says and wherever it is partial — unless
asked with allow_partial_trends; complete official data get them, rises only."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tradewinds import services
from tradewinds.io.readers.national import read_national
from tradewinds.io.store import TradeStore

YEARS = [f"20{y:02d}-{y + 1:02d}" for y in range(16, 22)]


def _file(tmp: Path, values: list[float]) -> Path:
    rows = ["fiscal_year,partner,export_usd_mn,import_usd_mn"]
    for fy, v in zip(YEARS, values, strict=True):
        rows += [f"{fy},RUSSIA,{v:.2f},{2 * v:.2f}", f"{fy},CHINA P RP,1.00,1.00"]
    p = tmp / "partners.csv"
    p.write_text("\n".join(rows) + "\n")
    return p


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    values=st.lists(st.floats(min_value=1, max_value=1e5, allow_nan=False), min_size=6, max_size=6),
    coverage=st.sampled_from(
        [
            "complete (as stated by the office)",
            "PARTIAL: some partners missing",
            "complete for exports; imports FY2020-21 not covered",
            "partial coverage",
        ]
    ),
    allow=st.booleans(),
)
def test_no_trend_on_partial_data(
    tmp_path: Path, values: list[float], coverage: str, allow: bool
) -> None:
    store = TradeStore(tmp_path / f"h{abs(hash((tuple(values), coverage, allow)))}")
    store.ingest(read_national(_file(tmp_path, values), dataset_id="office", coverage=coverage))
    a = services.balance("IND", "RUS", dataset="office", allow_partial_trends=allow, store=store)
    f = a.frame
    partial = "partial" in coverage.lower() or "not covered" in coverage.lower()
    if partial and not allow:
        assert f["growth_pct"].isna().all()
        assert (f["highest_since"] == "").all() and not f["is_record_high"].any()
        assert not any("is a record" in n for n in a.notes)
        assert any("levels only" in n for n in a.notes)
    else:
        assert f["growth_pct"].iloc[1:].notna().all()
        total = f["total_usd"].tolist()
        for k in range(1, len(f)):  # "highest since" only of a rise
            if f["highest_since"].iloc[k]:
                assert total[k] > total[k - 1]
        rec = f["is_record_high"].tolist()
        for k in range(1, len(f)):
            assert rec[k] == (total[k] > max(total[:k]) and total[k] > total[k - 1])
    assert isinstance(f, pd.DataFrame)
