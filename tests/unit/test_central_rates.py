"""``central_rates`` (what the policy states and the sector rates use) gives the columns
``line_rates`` gives, the same arrays: additional_rate, banned, conditional, and
exempt = an exemption list covers the line (``exempt_from`` not empty)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from tradewinds.io.codes import hs_nomenclature
from tradewinds.tariffs import load_schedule


@pytest.mark.parametrize("on", [date(2025, 4, 5), date(2025, 8, 27), date(2026, 2, 24)])
@pytest.mark.parametrize("match", ["hs6", "exact"])
def test_central_rates_are_line_rates(on: date, match: str) -> None:
    sched = load_schedule("us2025")
    t = hs_nomenclature().table
    hs6 = t.loc[t["level"] == 6, "hscode"].astype(str)
    prods = pd.Series(pd.unique(pd.Series(hs6, dtype="string")), dtype="string")
    exporters = ["IND", "CHN", "CAN", "BRA", "GBR"]
    got = sched.central_rates(exporters, prods, on, match=match)  # type: ignore[arg-type]
    for e, (rate, banned, cond, exempt) in zip(exporters, got, strict=True):
        r = sched.line_rates(e, prods, on, match=match)  # type: ignore[arg-type]
        assert rate.tobytes() == r["additional_rate"].to_numpy(float).tobytes()
        assert np.array_equal(banned, r["banned"].to_numpy(bool))
        assert np.array_equal(cond, r["conditional"].to_numpy(bool))
        assert np.array_equal(exempt, r["exempt_from"].map(len).to_numpy() > 0)
    assert any(x[3].any() for x in got)  # some exemption list reaches the lines
