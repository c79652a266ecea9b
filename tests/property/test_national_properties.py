"""Properties of official partner tables: partners add up to the stated totals.

Tolerance: each partner value is rounded to the cent of a US$ million (2 decimals), so
n partners may add up to at most (n + 1) × 0.005 US$ mn away from a total rounded the
same way (:func:`rounding_tolerance_usd`; 1.215 US$ mn for 242 partners, 3e-6 of India's
exports). The embedded DGCI&S table meets a much tighter bound: every year, both flows,
within 0.01 US$ mn (float summation), as the source itself adds up to the cent.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradewinds.errors import DataValidationError
from tradewinds.io.embedded import data_path
from tradewinds.io.readers.national import (
    PARTNERS_FILE,
    TOTALS_FILE,
    check_partner_totals,
    national_frames,
    rounding_tolerance_usd,
)


@pytest.fixture(scope="module")
def official() -> tuple[pd.DataFrame, pd.DataFrame]:
    return national_frames(data_path(*PARTNERS_FILE), data_path(*TOTALS_FILE))


def test_partner_flows_sum_to_the_stated_totals_every_year(official) -> None:  # type: ignore[no-untyped-def]
    flows, totals = official
    gaps = check_partner_totals(flows, totals, tolerance_usd=rounding_tolerance_usd(242))
    assert len(gaps) == 2 * 16  # every year, both flows
    assert set(gaps["period"]) == set(totals["period"])
    assert gaps["gap_usd"].abs().max() < 0.01e6


PARTNERS = ["RUSSIA", "U S A", "CHINA P RP", "U ARAB EMTS", "SAUDI ARAB", "UNSPECIFIED"]
cents = st.integers(min_value=0, max_value=10_000_000)  # US$ mn × 100


def _files(tmp: Path, values: list[list[tuple[int, int]]], years: list[int]) -> tuple[Path, Path]:
    rows = ["fiscal_year,partner,export_usd_mn,import_usd_mn"]
    tot = ["fiscal_year,export_usd_mn,import_usd_mn"]
    for y, per_partner in zip(years, values, strict=True):
        fy = f"{y}-{(y + 1) % 100:02d}"
        for name, (x, m) in zip(PARTNERS, per_partner, strict=True):
            rows.append(f"{fy},{name},{x / 100:.2f},{m / 100:.2f}")
        tot.append(
            f"{fy},{sum(x for x, _ in per_partner) / 100:.2f},"
            f"{sum(m for _, m in per_partner) / 100:.2f}"
        )
    p, t = tmp / "p.csv", tmp / "t.csv"
    p.write_text("\n".join(rows) + "\n")
    t.write_text("\n".join(tot) + "\n")
    return p, t


@settings(max_examples=40, deadline=None)
@given(
    st.integers(min_value=2000, max_value=2030).flatmap(
        lambda y0: st.tuples(
            st.just(y0),
            st.lists(
                st.lists(st.tuples(cents, cents), min_size=len(PARTNERS), max_size=len(PARTNERS)),
                min_size=1,
                max_size=4,
            ),
        )
    ),
    st.data(),
)
def test_sums_hold_for_any_table_and_a_wrong_total_is_refused(
    tmp_path_factory: pytest.TempPathFactory, case: tuple[int, list], data: st.DataObject
) -> None:
    y0, values = case
    years = list(range(y0, y0 + len(values)))
    tmp = tmp_path_factory.mktemp("national")
    p, t = _files(tmp, values, years)
    flows, totals = national_frames(p, t)
    gaps = check_partner_totals(flows, totals, tolerance_usd=rounding_tolerance_usd(6))
    assert gaps["gap_usd"].abs().max() <= rounding_tolerance_usd(6)
    # shift one stated total by more than the rounding bound: refused, naming that year
    k = data.draw(st.integers(min_value=0, max_value=len(years) - 1))
    lines = t.read_text().splitlines()
    fy, x, m = lines[k + 1].split(",")
    lines[k + 1] = f"{fy},{float(x) + 2.0:.2f},{m}"
    t.write_text("\n".join(lines) + "\n")
    with pytest.raises(DataValidationError, match=f"FY{fy[:4]}"):
        national_frames(p, t)
