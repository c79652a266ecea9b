"""Checking a claim against every source that can answer it, with the reasons sources
differ (fiscal vs calendar year, FOB vs CIF, reporter vs mirror, revisions, coverage).

:func:`judge` is pure: the caller (the claims service) loads the evidence and passes
it as frames —

- ``official``: a statistical office's partner flows (``kind="official"``, e.g.
  ``india-tradestat``: fiscal years, per-row ``provisional``), and
  ``official_totals``: its world totals per period;
- ``calendar``: reconciled calendar-year flows (BACI / ``world2023``);
- ``published``: the published-figures table (``data/published_figures.csv``);
- ``partial``: partial datasets by name (``{"india-eidb": flows}``): lower bounds only;
- ``products``: imports of a product group by source (``{"crude": frame}`` with period,
  importer, source, value_usd, tonnes, provisional, compiler): shares such as "Russia's
  share of India's crude imports";

and gets a :class:`Verdict`. India's fiscal years are checked against the official
series; calendar years against BACI; every verdict names the statistic it used.

Tolerances. A figure agrees when it is within half a unit of its last quoted digit of
the statistic, and never tighter than 0.5% of it (68.7 → ±0.34; 59 → ±0.5): releases
are revised and reporters round. "about/around/nearly/almost" widen this to 5%; "more
than/over/surpassed" ask for statistic ≥ figure − tolerance; "less than/under" for
statistic ≤ figure + tolerance; "up to" for the maximum to equal the figure.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from tradewinds.accounting.balance import bilateral_balance
from tradewinds.claims.evidence import (
    _COLUMN,
    _PUBLISHED_METRIC,
    CANNOT,
    CONSISTENT,
    INCONSISTENT,
    INCONSISTENT_PUBLISHED,
    NOT_CHECKABLE,
    UNREADABLE,
    VERDICTS,
    Verdict,
    _bn,
    agrees,
    empty_evidence,
    official_series,
    tolerance_of,
    unreadable,
)
from tradewinds.claims.judges import (
    _judge_growth,
    _judge_level,
    _judge_share,
    _judge_tariff,
)
from tradewinds.claims.model import Claim

# ----------------------------------------------------------------- the judge


def judge(
    claim: Claim,
    evidence: pd.DataFrame | None = None,
    notes: tuple[str, ...] = (),
    *,
    official: pd.DataFrame | None = None,
    official_totals: pd.DataFrame | None = None,
    calendar: pd.DataFrame | None = None,
    published: pd.DataFrame | None = None,
    partial: dict[str, pd.DataFrame] | None = None,
    products: dict[str, pd.DataFrame] | None = None,
    official_name: str = "DGCI&S",
    calendar_name: str = "BACI",
) -> Verdict:
    """A verdict on ``claim``.

    Two ways to call it: with ``evidence`` rows already gathered (the original form:
    kind, source, period, value, unit, exact, tag, note), or with the evidence frames as
    keywords (``official``, ``official_totals``, ``calendar``, ``published``, ``partial``;
    see the module docstring), which is the form to use: the judge then picks the
    statistic itself, checks "record" on the official series (complete periods only) and
    says what happened since."""
    frames = (official, official_totals, calendar, published, partial, products)
    if not claim.checkable:
        return Verdict(
            claim, NOT_CHECKABLE, math.nan, empty_evidence(), (f"not checkable: {claim.why_not}",)
        )
    if any(f is not None for f in frames):
        return _judge_frames(
            claim,
            official=official,
            official_totals=official_totals,
            calendar=calendar,
            published=published,
            partial=partial or {},
            products=products or {},
            notes=notes,
            official_name=official_name,
            calendar_name=calendar_name,
        )
    return _judge_rows(claim, evidence if evidence is not None else empty_evidence(), notes)


def _judge_rows(claim: Claim, evidence: pd.DataFrame, notes: tuple[str, ...]) -> Verdict:
    """consistent / inconsistent / cannot check exactly, from gathered evidence rows."""
    assert claim.value is not None
    tol = tolerance_of(claim.value, claim.figure or claim.text)
    reasons: list[str] = []
    exact = evidence[evidence["exact"].astype(bool)] if not evidence.empty else evidence
    computed = exact[exact["kind"] == "computed"] if not exact.empty else exact
    published = exact[exact["kind"] == "published"] if not exact.empty else exact
    verdict = CANNOT
    if not computed.empty:
        v = float(computed["value"].iloc[0])
        ok = agrees(v, claim.value, tol, claim.qualifier)
        verdict = CONSISTENT if ok else INCONSISTENT
        reasons.append(
            f"computed from {computed['source'].iloc[0]}: {v:,.2f} "
            f"({'within' if ok else 'outside'} ±{tol:g} of {claim.value:g})"
        )
    elif not published.empty:
        v = float(published["value"].iloc[0])
        ok = agrees(v, claim.value, tol, claim.qualifier)
        verdict = CANNOT if ok else INCONSISTENT_PUBLISHED
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
                verdict = INCONSISTENT
                reasons.append(f"not a record: {top['period']} is higher ({top['value']:,.2f})")
    reasons.extend(notes)
    if verdict == CANNOT:
        have = sorted({f"{r['source']} {r['period']}" for r in near.to_dict("records")})
        reasons.insert(
            0,
            "cannot check exactly: no trade data here cover "
            f"{claim.period} on this basis" + (f" (only {', '.join(have)})" if have else ""),
        )
    return Verdict(claim, verdict, tol, evidence.reset_index(drop=True), tuple(reasons))


def _published_rows(claim: Claim, published: pd.DataFrame | None) -> pd.DataFrame:
    if published is None or published.empty:
        return pd.DataFrame()
    metric = _PUBLISHED_METRIC.get((claim.metric or "", claim.product_group or ""), claim.metric)
    if claim.metric == "tariff":
        metric = "tariff_additional"
    pairs = {(claim.reporter, claim.partner)}
    if claim.metric == "total":
        pairs.add((claim.partner, claim.reporter))
    m = published["metric"] == metric
    m &= pd.Series(
        [(r, p) in pairs for r, p in zip(published["reporter"], published["partner"], strict=True)],
        index=published.index,
    )
    return published[m]


def _judge_frames(
    claim: Claim,
    *,
    official: pd.DataFrame | None,
    official_totals: pd.DataFrame | None,
    calendar: pd.DataFrame | None,
    published: pd.DataFrame | None,
    partial: dict[str, pd.DataFrame],
    notes: tuple[str, ...],
    official_name: str,
    calendar_name: str,
    products: dict[str, pd.DataFrame] | None = None,
) -> Verdict:
    assert claim.value is not None
    r, p = claim.reporter or "", claim.partner or ""
    rows: list[dict[str, Any]] = []
    reasons: list[str] = []
    since: list[str] = []
    record_text = ""
    statistic = ""
    verdict = CANNOT
    tol = tolerance_of(claim.value, claim.figure or claim.text)
    if claim.unit == "usd_mn":
        tol /= 1000.0  # every money comparison is in US$ bn
    cmp_value = claim.value_bn if claim.value_bn is not None else claim.value
    pub = _published_rows(claim, published)
    for x in pub.to_dict("records"):
        rows.append(
            {
                "kind": "published",
                "source": x["source"],
                "period": x["period"],
                "value": float(x["value"]),
                "unit": x["unit"],
                "exact": x["period"] == claim.period or claim.metric == "tariff",
                "tag": x["tag"],
                "note": "published figure (shown beside, never mixed in)",
            }
        )

    if claim.metric == "tariff":
        verdict, statistic, reasons = _judge_tariff(claim, pub, tol)
    elif claim.metric in _COLUMN:
        verdict, statistic, reasons, record_text, since, more = _judge_level(
            claim, official, official_totals, calendar, tol, official_name, calendar_name
        )
        rows.extend(more)
    elif claim.metric == "growth":
        verdict, statistic, reasons, more = _judge_growth(
            claim, official, official_totals, calendar, official_name, calendar_name, published
        )
        rows.extend(more)
        tol = more[0]["tolerance"] if more else tol
    elif claim.metric == "share":
        verdict, statistic, reasons, more = _judge_share(
            claim, official, official_totals, tol, official_name, products
        )
        rows.extend(more)
    # published figures beside the statistic
    same = pub[pub["period"] == claim.period] if not pub.empty else pub
    for x in same.to_dict("records"):
        if claim.metric == "tariff":
            continue
        v = float(x["value"])
        ok = (
            agrees(v, cmp_value, tol, claim.qualifier)
            if claim.sign_known
            else agrees(abs(v), abs(cmp_value), tol, claim.qualifier)
        )
        if verdict == INCONSISTENT and ok:
            # the figure was right when published and has been revised since
            reasons = [x_ for x_ in reasons if not x_.startswith(("DGCI&S revises", "off by"))]
            reasons.append(
                f"the claim matches the figure published on {x.get('source_date', '')} "
                f"({v:,.2f}; {x['source']}, tag {x['tag']}): {official_name} has revised it since"
            )
        else:
            reasons.append(
                f"{'agrees with' if ok else 'differs from'} the published figure {v:,.2f} "
                f"({x['source']}, {x.get('source_date', '')}, tag {x['tag']}): shown beside, "
                "not a recomputation"
            )
        if verdict == CANNOT and not ok:
            verdict = INCONSISTENT_PUBLISHED
    # partial datasets: lower bounds only
    if claim.metric in {"exports", "imports", "total"} and claim.period:
        for name, flows in partial.items():
            try:
                b = bilateral_balance(flows, r, p)
            except Exception:
                continue
            hit = b[b["period"] == claim.period]
            col = _COLUMN[claim.metric]
            if not hit.empty and pd.notna(hit[col].iloc[0]):
                v = float(hit[col].iloc[0])
                rows.append(
                    {
                        "kind": "computed-partial",
                        "source": name,
                        "period": claim.period,
                        "value": v / 1e9,
                        "unit": "usd_bn",
                        "exact": False,
                        "tag": "",
                        "note": "partial coverage: a lower bound",
                    }
                )
                reasons.append(
                    f"{name} (partial coverage) sums to {_bn(v)}: a lower bound, never a total"
                )
    reasons.extend(notes)
    evidence = (
        pd.DataFrame(rows, columns=[*empty_evidence().columns, "tolerance"]).drop(
            columns="tolerance"
        )
        if rows
        else empty_evidence()
    )
    return Verdict(
        claim, verdict, tol, evidence, tuple(reasons), statistic, tuple(since), record_text
    )


__all__ = [
    "CANNOT",
    "CONSISTENT",
    "INCONSISTENT",
    "INCONSISTENT_PUBLISHED",
    "NOT_CHECKABLE",
    "UNREADABLE",
    "VERDICTS",
    "Verdict",
    "agrees",
    "empty_evidence",
    "judge",
    "official_series",
    "tolerance_of",
    "unreadable",
]
