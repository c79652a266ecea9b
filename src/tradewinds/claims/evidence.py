"""Verdicts and the evidence they rest on: the verdict words, tolerances, and the
series a claim is checked against (a statistical office's own report of a pair, its
world totals, BACI's calendar years), with the words that name them."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from tradewinds.accounting.balance import bilateral_balance
from tradewinds.claims.model import Claim

_PUBLISHED_METRIC = {("share", "crude"): "import_share_crude"}
CONSISTENT = "consistent"
INCONSISTENT = "inconsistent"
CANNOT = "cannot check exactly"
INCONSISTENT_PUBLISHED = "inconsistent with published figures"
NOT_CHECKABLE = "not checkable"
UNREADABLE = "unreadable"
VERDICTS = (CONSISTENT, INCONSISTENT, CANNOT, INCONSISTENT_PUBLISHED, NOT_CHECKABLE, UNREADABLE)
ABOUT_TOLERANCE = 0.05
_COLUMN = {
    "total": "total_usd",
    "exports": "exports_usd",
    "imports": "imports_usd",
    "balance": "balance_usd",
}
_SERIES_COLUMNS = [
    "period",
    "exports_usd",
    "imports_usd",
    "total_usd",
    "balance_usd",
    "provisional",
    "coverage",
    "source",
    "vintage",
]
_WHAT = {"total": "total trade", "exports": "exports", "imports": "imports", "balance": "balance"}


@dataclass(frozen=True)
class Verdict:
    claim: Claim
    verdict: str  # consistent | inconsistent | cannot check exactly | … | not checkable
    tolerance: float
    evidence: pd.DataFrame  # kind, source, period, value, unit, exact, tag, note
    reasons: tuple[str, ...]
    statistic: str = ""  # the statistic the verdict rests on, in words
    since: tuple[str, ...] = ()  # what happened after the claim's period
    record: str = ""  # the record check, in words
    line: int | None = None  # the claim's line in an article (1-based)

    def as_dict(self) -> dict[str, object]:
        return {
            **self.claim.as_dict(),
            "line": self.line,
            "verdict": self.verdict,
            "tolerance": self.tolerance,
            "statistic": self.statistic,
            "record_check": self.record,
            "since": list(self.since),
            "reasons": list(self.reasons),
            "evidence": self.evidence.to_dict("records"),
        }


def unreadable(sentence: str, error: Exception, line: int | None = None) -> Verdict:
    """The verdict on a sentence that states a figure the parser cannot read: what was
    missing and how to write it (from the :class:`ClaimError`)."""
    c = Claim(
        sentence,
        checkable=False,
        why_not=str(error),
        understood=("could not be read as a claim",),
    )
    return Verdict(c, UNREADABLE, float("nan"), empty_evidence(), (str(error),), line=line)


def tolerance_of(value: float, text: str) -> float:
    """Half a unit of the last digit quoted (68.7 → 0.05; 59 → 0.5), at least 0.5%."""
    digits = re.findall(r"\d[\d,]*(?:\.(\d+))?", text)
    decimals = 0
    for d in digits:
        if d:
            decimals = max(decimals, len(d))
    return max(0.5 * 10 ** (-decimals), 0.005 * abs(value))


def agrees(stat: float, figure: float, tol: float, qualifier: str = "exact") -> bool:
    """Whether a statistic bears out a figure written with a qualifier (module docstring)."""
    if qualifier in {"about", "nearly"}:
        return abs(stat - figure) <= max(tol, ABOUT_TOLERANCE * abs(figure))
    if qualifier == "more than":
        return stat >= figure - tol
    if qualifier == "less than":
        return stat <= figure + tol
    return abs(stat - figure) <= tol


def empty_evidence() -> pd.DataFrame:
    return pd.DataFrame(
        columns=["kind", "source", "period", "value", "unit", "exact", "tag", "note"]
    )


# ----------------------------------------------------------------- evidence series


def official_series(
    official: pd.DataFrame,
    reporter: str,
    partner: str,
    *,
    totals: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, str]:
    """The official series of a pair as the claim names it: ``period, exports_usd,
    imports_usd, total_usd, balance_usd, provisional, coverage, source, vintage``, and a
    note on whose report it is. The office's own country may be either side: "Russia's
    exports to India" are India's imports from Russia as India records them (mirrored).
    Partner "WLD" uses the office's world totals. Empty when the office's country is
    neither side."""
    if official is None or official.empty:
        return pd.DataFrame(), ""
    office = str(official["flow_reporter"].dropna().iloc[0])
    if partner == "WLD" or reporter == "WLD":
        if totals is None or totals.empty or office not in {reporter, partner}:
            return pd.DataFrame(), ""
        t = totals.rename(columns={}).copy()
        t["total_usd"] = t["exports_usd"] + t["imports_usd"]
        t["balance_usd"] = t["exports_usd"] - t["imports_usd"]
        t["coverage"] = "complete"
        out = t[_SERIES_COLUMNS]
        if reporter == "WLD":
            out = _mirror(out)
        return out.reset_index(drop=True), f"{office}'s world totals (merchandise)"
    if office not in {reporter, partner}:
        return pd.DataFrame(), ""
    other = partner if reporter == office else reporter
    b = bilateral_balance(official, office, other)
    if "provisional" not in b:
        b["provisional"] = False
    if "coverage" not in b:
        b["coverage"] = "complete"
    b = b[_SERIES_COLUMNS]
    if reporter == office:
        return b, f"{office}'s own report: exports FOB, imports CIF"
    return _mirror(b), (
        f"{office}'s report, mirrored: {reporter}'s exports to {office} are {office}'s imports "
        f"from {reporter} as {office} records them (CIF); {reporter}'s own report (FOB, its "
        "own calendar) differs"
    )


def _mirror(b: pd.DataFrame) -> pd.DataFrame:
    m = b.copy()
    m["exports_usd"], m["imports_usd"] = b["imports_usd"], b["exports_usd"]
    m["balance_usd"] = -b["balance_usd"]
    return m


def _calendar_series(calendar: pd.DataFrame | None, r: str, p: str) -> pd.DataFrame:
    if calendar is None or calendar.empty or "WLD" in {r, p}:
        return pd.DataFrame()
    sub = calendar[
        ((calendar["exporter"] == r) & (calendar["importer"] == p))
        | ((calendar["exporter"] == p) & (calendar["importer"] == r))
    ]
    if sub.empty:
        return pd.DataFrame()
    return bilateral_balance(sub, r, p, report="reconciled")


def _fy_of_calendar(label: str) -> str | None:
    return f"FY{label}-{(int(label) + 1) % 100:02d}" if label.isdigit() else None


def _bn(x: float) -> str:
    return f"{x / 1e9:,.2f} bn"


def _level(x: float, metric: str) -> str:
    """'68.69 bn', or for a balance 'a deficit of 58.93 bn' / 'a surplus of 40.89 bn'."""
    if metric != "balance":
        return _bn(x)
    return f"a {'deficit' if x < 0 else 'surplus'} of {_bn(abs(x))}"


def _signed(x: float) -> str:
    return f"{x / 1e9:+,.2f} bn"
