"""Bilateral balance B_ij = X_ij − M_ij from one report (MODELS.md §1).

Whose report counts: the reporter's own (exports FOB, imports CIF), else a
reconciled source (BACI, which reconciles both sides into FOB), else the
partner's mirror report. The output says which in ``flow_reporter``.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from tradewinds.accounting.balance_rows import balance_rows
from tradewinds.accounting.fiscal import fiscal_year_totals
from tradewinds.errors import DataValidationError
from tradewinds.io.schema import TOTAL

_NEUTRAL = ("BACI", "AGTPA")


def goods_totals(flows: pd.DataFrame) -> pd.DataFrame:
    """All-goods value per period, exporter, importer and reporter.

    Uses the ``TOTAL`` rows where a source has them; otherwise sums product rows at
    their shortest code length (so HS2 and HS6 rows of one download are not
    double counted).
    """
    keys = ["period", "freq", "year", "month", "exporter", "importer", "flow_reporter"]
    f = flows.copy()
    f["month"] = f["month"].astype("Int64")
    f["_len"] = f["product"].where(f["product"] != TOTAL, "").str.len()
    has_total = f.groupby(keys, dropna=False)["_len"].transform("min")
    f = f[f["_len"] == has_total]
    agg: dict[str, tuple[str, object]] = {
        "value_usd": ("value_usd", "sum"),
        "source": ("source", "first"),
        "vintage": ("vintage", "first"),
    }
    # per-row provenance of official statistics travels with the total: provisional if
    # any part is, partial if any part is
    if "provisional" in f:
        f["provisional"] = f["provisional"].fillna(False).astype(bool)
        agg["provisional"] = ("provisional", "max")
    if "coverage" in f:
        f["_partial"] = f["coverage"].fillna("").astype(str).str.lower().str.startswith("partial")
        agg["_partial"] = ("_partial", "max")
    out = f.groupby(keys, dropna=False).agg(**agg).reset_index()
    if "_partial" in out:
        out["coverage"] = out.pop("_partial").map({True: "partial", False: "complete"})
    return out


def _pick_reporter(f: pd.DataFrame, reporter: str, partner: str, report: str) -> pd.DataFrame:
    avail = set(f["flow_reporter"])
    order = {
        "reporter": [reporter, *_NEUTRAL, partner],
        "partner": [partner, *_NEUTRAL, reporter],
        "reconciled": [*_NEUTRAL, reporter, partner],
    }[report]
    for who in order:
        if who in avail:
            return f[f["flow_reporter"] == who]
    if avail:
        return f[f["flow_reporter"] == sorted(avail)[0]]
    return f


def bilateral_balance(
    flows: pd.DataFrame,
    reporter: str,
    partner: str,
    *,
    freq: str | None = None,
    fy_start_month: int = 4,
    allow_partial: bool = False,
    report: str = "reporter",
    periods: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Exports, imports, total and balance of ``reporter`` with ``partner`` per period.

    ``freq``: None keeps the data's own periods; "A" sums months to calendar years;
    "FY" sums months to fiscal years starting in ``fy_start_month``. Columns:
    reporter, partner, period, exports_usd, imports_usd, total_usd, balance_usd,
    flow_reporter, source, vintage (and months/missing_months for fiscal years built from
    months; provisional and coverage where the flows carry them, e.g. official national
    statistics: a period is provisional if either direction is).
    """
    if report not in {"reporter", "partner", "reconciled"}:
        raise DataValidationError(
            f"report {report!r} is not reporter, partner or reconciled",
            column="report",
            fix="use report='reporter'",
        )
    fast = balance_rows(flows, reporter, partner, freq=freq, report=report, periods=periods)
    if fast is not None:  # a few rows (a pair's totals): plain Python, the same frame
        return fast
    return _balance_frame(
        flows,
        reporter,
        partner,
        freq=freq,
        fy_start_month=fy_start_month,
        allow_partial=allow_partial,
        report=report,
        periods=periods,
    )


def _balance_frame(
    flows: pd.DataFrame,
    reporter: str,
    partner: str,
    *,
    freq: str | None,
    fy_start_month: int,
    allow_partial: bool,
    report: str,
    periods: Sequence[str] | None,
) -> pd.DataFrame:
    """:func:`bilateral_balance` in pandas (any number of rows, months to years, flags)."""
    pair = flows[
        ((flows["exporter"] == reporter) & (flows["importer"] == partner))
        | ((flows["exporter"] == partner) & (flows["importer"] == reporter))
    ]
    tot = goods_totals(pair)
    tot = _pick_reporter(tot, reporter, partner, report)
    tot = tot.assign(
        direction=(tot["exporter"] == reporter).map({True: "exports_usd", False: "imports_usd"})
    )
    if freq in {"A", "FY"} and not tot.empty:
        monthly = tot[tot["freq"] == "M"]
        if monthly.empty and set(tot["freq"]) == {freq}:
            pass  # already at the asked frequency
        else:
            if (tot["freq"] != "M").any():
                raise DataValidationError(
                    f"{'fiscal' if freq == 'FY' else 'calendar'} years can only be built from "
                    "monthly data; this source has " + ", ".join(sorted(set(tot["freq"]))),
                    column="freq",
                    fix="choose a monthly dataset or drop --fiscal-year",
                )
            tot = fiscal_year_totals(
                monthly,
                start_month=fy_start_month if freq == "FY" else 1,
                by=["direction", "flow_reporter", "source", "vintage"],
                allow_partial=allow_partial,
            )
    cols = ["period", "flow_reporter", "source", "vintage"]
    extra = [c for c in ("months", "missing_months") if c in tot]
    # one column per direction (what pivot_table gives, at a third of its cost: the
    # balance service runs this on a few rows, where pandas' overhead is the time)
    wide = (
        tot.groupby([*cols, *extra, "direction"])["value_usd"]
        .sum()
        .unstack("direction", fill_value=0)
        .reset_index()
        if not tot.empty
        else pd.DataFrame(columns=cols)
    )
    flags = [c for c in ("provisional", "coverage") if c in tot]
    if flags and not tot.empty:
        per = tot.groupby("period").agg(
            **({"provisional": ("provisional", "max")} if "provisional" in tot else {}),
            **(
                {
                    "coverage": (
                        "coverage",
                        lambda c: "partial" if (c == "partial").any() else "complete",
                    )
                }
                if "coverage" in tot
                else {}
            ),
        )
        wide = wide.merge(per.reset_index(), on="period", how="left")
        extra += flags
    for c in ("exports_usd", "imports_usd"):
        if c not in wide:  # the data has no flow in this direction at all: unknown, not 0
            wide[c] = float("nan")
    wide["total_usd"] = wide["exports_usd"] + wide["imports_usd"]
    wide["balance_usd"] = wide["exports_usd"] - wide["imports_usd"]
    wide.insert(0, "reporter", reporter)
    wide.insert(1, "partner", partner)
    if periods is not None:
        wide = wide[wide["period"].isin(list(periods))]
    order = [
        "reporter",
        "partner",
        "period",
        "exports_usd",
        "imports_usd",
        "total_usd",
        "balance_usd",
        "flow_reporter",
        "source",
        "vintage",
        *extra,
    ]
    wide.columns.name = None
    return wide[order].sort_values("period").reset_index(drop=True)
