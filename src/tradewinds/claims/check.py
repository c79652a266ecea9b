"""Checking a claim against every source that can answer it, with the reasons sources
differ (fiscal vs calendar year, FOB vs CIF, reporter vs mirror, coverage)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from tradewinds.claims.parser import Claim

_PUBLISHED_METRIC = {("share", "crude"): "import_share_crude"}


@dataclass(frozen=True)
class Verdict:
    claim: Claim
    verdict: str  # consistent | inconsistent | cannot check exactly
    tolerance: float
    evidence: pd.DataFrame  # source, basis, period, value, unit, exact, note
    reasons: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            **self.claim.as_dict(),
            "verdict": self.verdict,
            "tolerance": self.tolerance,
            "reasons": list(self.reasons),
            "evidence": self.evidence.to_dict("records"),
        }


def tolerance_of(value: float, text: str) -> float:
    """Half a unit of the last digit quoted (68.7 → 0.05; 59 → 0.5), at least 0.5%."""
    import re

    digits = re.findall(r"\d[\d,]*(?:\.(\d+))?", text)
    decimals = 0
    for d in digits:
        if d:
            decimals = max(decimals, len(d))
    return max(0.5 * 10 ** (-decimals), 0.005 * abs(value))


def judge(claim: Claim, evidence: pd.DataFrame, notes: tuple[str, ...] = ()) -> Verdict:
    """consistent / inconsistent / cannot check exactly, from the evidence rows."""
    assert claim.value is not None
    tol = tolerance_of(claim.value, claim.text)
    reasons: list[str] = []
    exact = evidence[evidence["exact"]] if not evidence.empty else evidence
    computed = exact[exact["kind"] == "computed"] if not exact.empty else exact
    published = exact[exact["kind"] == "published"] if not exact.empty else exact
    verdict = "cannot check exactly"
    if not computed.empty:
        v = float(computed["value"].iloc[0])
        ok = abs(v - claim.value) <= tol
        verdict = "consistent" if ok else "inconsistent"
        reasons.append(
            f"computed from {computed['source'].iloc[0]}: {v:,.2f} "
            f"({'within' if ok else 'outside'} ±{tol:g} of {claim.value:g})"
        )
    elif not published.empty:
        v = float(published["value"].iloc[0])
        ok = abs(v - claim.value) <= tol
        verdict = "cannot check exactly" if ok else "inconsistent with published figures"
        reasons.append(
            f"{'agrees with' if ok else 'differs from'} the published figure {v:,.2f} "
            f"({published['source'].iloc[0]}, tag {published['tag'].iloc[0]}): a published "
            "figure, not a recomputation"
        )
    near = (
        evidence[evidence["kind"].isin(["other-period", "computed-partial"])]
        if not evidence.empty
        else evidence
    )
    for r in near.to_dict("records"):
        reasons.append(f"{r['source']} gives {r['value']:,.2f} for {r['period']} ({r['note']})")
    if claim.record:
        series = (
            evidence[(evidence["kind"] == "published-series")] if not evidence.empty else evidence
        )
        if not series.empty:
            top = series.sort_values("value").iloc[-1]
            if top["period"] == claim.period:
                reasons.append(
                    "record: the highest of the fiscal years in the published "
                    f"table ({', '.join(series['period'])}); other years are "
                    "not in it, so 'record' is checked against these only"
                )
            else:
                verdict = "inconsistent"
                reasons.append(f"not a record: {top['period']} is higher ({top['value']:,.2f})")
    reasons.extend(notes)
    if verdict == "cannot check exactly":
        have = sorted({f"{r['source']} {r['period']}" for r in near.to_dict("records")})
        reasons.insert(
            0,
            "cannot check exactly: no trade data here cover "
            f"{claim.period} on this basis" + (f" (only {', '.join(have)})" if have else ""),
        )
    return Verdict(claim, verdict, tol, evidence.reset_index(drop=True), tuple(reasons))


def empty_evidence() -> pd.DataFrame:
    return pd.DataFrame(
        columns=["kind", "source", "period", "value", "unit", "exact", "tag", "note"]
    )


def _is_nan(x: object) -> bool:
    return isinstance(x, float) and math.isnan(x)
