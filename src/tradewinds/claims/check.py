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
import re
from dataclasses import dataclass
from typing import Any

import pandas as pd

from tradewinds.accounting.balance import bilateral_balance
from tradewinds.accounting.records import change_since, record_check
from tradewinds.claims.parser import Claim

_PUBLISHED_METRIC = {("share", "crude"): "import_share_crude"}
CONSISTENT = "consistent"
INCONSISTENT = "inconsistent"
CANNOT = "cannot check exactly"
INCONSISTENT_PUBLISHED = "inconsistent with published figures"
NOT_CHECKABLE = "not checkable"
VERDICTS = (CONSISTENT, INCONSISTENT, CANNOT, INCONSISTENT_PUBLISHED, NOT_CHECKABLE)
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

    def as_dict(self) -> dict[str, object]:
        return {
            **self.claim.as_dict(),
            "verdict": self.verdict,
            "tolerance": self.tolerance,
            "statistic": self.statistic,
            "record_check": self.record,
            "since": list(self.since),
            "reasons": list(self.reasons),
            "evidence": self.evidence.to_dict("records"),
        }


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


def _is_nan(x: object) -> bool:
    return isinstance(x, float) and math.isnan(x)


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
    frames = (official, official_totals, calendar, published, partial)
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
            claim, official, official_totals, tol, official_name
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


def _judge_tariff(claim: Claim, pub: pd.DataFrame, tol: float) -> tuple[str, str, list[str]]:
    if pub.empty:
        return (
            CANNOT,
            "",
            [
                f"cannot check exactly: no published rate here for tariffs of {claim.reporter} on "
                f"{claim.partner} (the tariff schedule answers this: `tradewinds tariffs`)"
            ],
        )
    top = pub.sort_values("value").iloc[-1]
    v = float(top["value"])
    ok = abs(v - (claim.value or 0.0)) <= max(tol, 0.5)
    stat = (
        f"{claim.reporter}'s additional tariff on goods from {claim.partner}: at most "
        f"{v:g}% ({top['source']}, from {top['period']})"
    )
    why = [f"{'agrees with' if ok else 'differs from'} the legal texts: {stat}"]
    if claim.qualifier == "up to":
        why.append(
            "'up to': exempt goods (Annex II, e.g. pharmaceuticals, energy, smartphones) "
            "and Section 232 goods pay less"
        )
    return (CONSISTENT if ok else INCONSISTENT), stat, why


def _level_of(series: pd.DataFrame, claim: Claim) -> tuple[float | None, pd.Series | None]:
    if series.empty or claim.period not in set(series["period"]):
        return None, None
    row = series[series["period"] == claim.period].iloc[0]
    v = row[_COLUMN[claim.metric or "total"]]
    return (None if pd.isna(v) else float(v)), row


def _judge_level(
    claim: Claim,
    official: pd.DataFrame | None,
    official_totals: pd.DataFrame | None,
    calendar: pd.DataFrame | None,
    tol: float,
    official_name: str,
    calendar_name: str,
) -> tuple[str, str, list[str], str, list[str], list[dict[str, Any]]]:
    r, p = claim.reporter or "", claim.partner or ""
    metric = claim.metric or "total"
    col = _COLUMN[metric]
    what = f"{_WHAT[metric]} {r}–{p}" if metric != "total" else f"total trade {r}–{p}"
    if metric == "exports":
        what = f"{r}'s exports to {p}" if p != "WLD" else f"{r}'s merchandise exports"
    elif metric == "imports":
        what = f"{r}'s imports from {p}" if p != "WLD" else f"{r}'s merchandise imports"
    elif metric == "balance":
        what = f"{r}'s balance with {p}" if p != "WLD" else f"{r}'s merchandise balance"
    reasons: list[str] = []
    rows: list[dict[str, Any]] = []
    since: list[str] = []
    record_text = ""
    claim_usd = (claim.value_bn or 0.0) * 1e9
    off, whose = (
        official_series(official, r, p, totals=official_totals)
        if official is not None
        else (pd.DataFrame(), "")
    )
    cal = _calendar_series(calendar, r, p)
    fiscal = bool(claim.period and claim.period.startswith("FY"))
    series, name, basis = (
        (off, official_name, whose)
        if fiscal
        else (cal, calendar_name, "BACI: both reports reconciled into FOB values, calendar year")
    )
    v, row = _level_of(series, claim)
    if v is None and not fiscal and claim.period and not off.empty:
        # a calendar year claimed of India's trade: the official fiscal year that starts
        # in it is shown beside, not used
        fy = _fy_of_calendar(claim.period)
        if fy in set(off["period"]):
            fv = float(off.loc[off["period"] == fy, col].iloc[0])
            reasons.append(
                f"{official_name} gives {_bn(fv)} for {fy} (a fiscal year, April–"
                f"March; the claim names calendar {claim.period})"
            )
            rows.append(
                {
                    "kind": "other-period",
                    "source": official_name,
                    "period": fy,
                    "value": fv / 1e9,
                    "unit": "usd_bn",
                    "exact": False,
                    "tag": "",
                    "note": "fiscal year, not the calendar year claimed",
                }
            )
    if v is None:
        have = sorted(set(series["period"])) if not series.empty else []
        other = cal if fiscal else (off if not rows else pd.DataFrame())
        for x in other.dropna(subset=[col]).tail(1).to_dict("records") if not other.empty else []:
            nm = calendar_name if fiscal else official_name
            reasons.append(
                f"{nm} gives {_bn(float(x[col]))} for {x['period']} ("
                + (
                    "calendar year; BACI reconciles both reports into FOB values"
                    if fiscal
                    else "fiscal year April–March, India's report"
                )
                + ")"
            )
            rows.append(
                {
                    "kind": "other-period",
                    "source": nm,
                    "period": x["period"],
                    "value": float(x[col]) / 1e9,
                    "unit": "usd_bn",
                    "exact": False,
                    "tag": "",
                    "note": "another basis",
                }
            )
        reasons.insert(
            0,
            f"cannot check exactly: no data here for {what} in {claim.period}"
            + (f" ({name} covers {have[0]} … {have[-1]})" if have else ""),
        )
        return CANNOT, "", reasons, record_text, since, rows
    assert row is not None
    stat = v
    claim_cmp = claim_usd
    if metric == "balance" and not claim.sign_known:
        stat, claim_cmp = abs(v), abs(claim_usd)
        reasons.append(
            f"the sentence does not say whose deficit it is: the data say "
            f"{r if v < 0 else p} runs it ({_signed(v)} for {r})"
        )
    ok = agrees(stat / 1e9, claim_cmp / 1e9, tol, claim.qualifier)
    prov = bool(row.get("provisional", False)) if not _is_nan(row.get("provisional")) else False
    statistic = (
        f"{name} {claim.period}{' (provisional)' if prov else ''}: {what} "
        f"{_bn(v) if metric != 'balance' else _signed(v)} ({basis})"
    )
    qual = "" if claim.qualifier == "exact" else f"{claim.qualifier} "
    claimed = (
        f"{qual}{_level(claim_usd, metric)}"
        if claim.sign_known or metric != "balance"
        else f"{qual}{_bn(abs(claim_usd))} (holder not stated)"
    )
    reasons.insert(
        0,
        f"{'agrees with' if ok else 'differs from'} {name}: {_level(v, metric)} vs "
        f"{claimed} claimed (±{tol:.2g} bn); {statistic}",
    )
    rows.append(
        {
            "kind": "computed",
            "source": name,
            "period": claim.period,
            "value": v / 1e9,
            "unit": "usd_bn",
            "exact": True,
            "tag": "provisional" if prov else "",
            "note": basis,
        }
    )
    verdict = CONSISTENT if ok else INCONSISTENT
    if not ok and fiscal:
        reasons.append(
            "DGCI&S revises its figures: an early release (quick estimates) can "
            "differ from the data here by up to a few tenths of a percent"
            if abs(stat - claim_cmp) < 0.02 * abs(stat)
            else f"off by {100 * (claim_cmp / stat - 1):+.1f}% of the statistic"
        )
    if prov:
        reasons.append(f"{claim.period} is provisional in {name}: it may be revised")
    if p == "WLD" and claim_cmp > 1.5 * abs(stat):
        reasons.append(
            "these are merchandise (goods) totals; a figure near twice as large "
            "likely includes services"
        )
    # record and what happened since: on the complete official (or calendar) series
    complete = "coverage" if "coverage" in series else True
    if claim.record:
        rc = record_check(
            series, col, claim.period or "", complete=complete, scale=1e9, unit_label=" bn"
        )
        record_text = rc.statement
        if rc.is_record is True:
            reasons.append(f"record: {rc.statement} ({name})")
        elif rc.is_record is False:
            verdict = INCONSISTENT
            reasons.append(f"not a record: {rc.statement} ({name})")
        else:
            reasons.append(f"record not checked: {rc.statement}")
    later = change_since(series, col, claim.period or "", complete=complete)
    for x in later.to_dict("records"):
        val = float(x[col])
        if _is_nan(x["change_pct"]):
            ch = ""
        elif metric == "balance" and (val < 0) == (v < 0):
            size = 100 * (abs(val) / abs(v) - 1) if v else math.nan
            ch = f", {abs(size):.1f}% {'larger' if size > 0 else 'smaller'} than in {claim.period}"
        else:
            ch = f", {x['change_pct']:+.1f}% on {claim.period}"
        since.append(
            f"{x['period']}{' (provisional)' if x['provisional'] else ''}: "
            f"{_level(val, metric)}{ch}"
        )
    if since:
        reasons.append("since then: " + "; ".join(since))
    return verdict, statistic, reasons, record_text, since, rows


def _series_for(
    claim: Claim,
    official: pd.DataFrame | None,
    totals: pd.DataFrame | None,
    calendar: pd.DataFrame | None,
    official_name: str,
    calendar_name: str,
) -> tuple[pd.DataFrame, str]:
    r, p = claim.reporter or "", claim.partner or ""
    if claim.period and claim.period.startswith("FY") and official is not None:
        s, _ = official_series(official, r, p, totals=totals)
        return s, official_name
    return _calendar_series(calendar, r, p), calendar_name


def _judge_growth(
    claim: Claim,
    official: pd.DataFrame | None,
    totals: pd.DataFrame | None,
    calendar: pd.DataFrame | None,
    official_name: str,
    calendar_name: str,
    published: pd.DataFrame | None = None,
) -> tuple[str, str, list[str], list[dict[str, Any]]]:
    metric = claim.base_metric or "total"
    col = _COLUMN[metric]
    series, name = _series_for(claim, official, totals, calendar, official_name, calendar_name)
    reasons: list[str] = []
    tol = tolerance_of(claim.value or 0.0, claim.figure or claim.text)
    if series.empty or claim.period not in set(series["period"]):
        return (
            CANNOT,
            "",
            [f"cannot check exactly: no series here for {claim.period}"],
            [
                {
                    "kind": "growth",
                    "source": name,
                    "period": claim.period,
                    "value": math.nan,
                    "unit": claim.unit,
                    "exact": False,
                    "tag": "",
                    "note": "",
                    "tolerance": tol,
                }
            ],
        )
    labels = list(series.sort_values("period")["period"])
    k = labels.index(claim.period)
    base = claim.base_period
    if base is None:
        if k == 0:
            return CANNOT, "", [f"cannot check exactly: {claim.period} is the first period"], []
        base = labels[k - 1]
    elif base not in labels and base.isdigit() and _fy_of_calendar(base) in labels:
        fy = _fy_of_calendar(base)
        reasons.append(
            f"the sentence compares calendar {base} with {claim.period}: {base} is "
            f"read as {fy}, the fiscal year that starts in it"
        )
        base = fy or base
    if base not in labels:
        return CANNOT, "", [f"cannot check exactly: no data here for {base} in {name}"], []
    per = claim.period or ""
    by = dict(zip(series["period"], series[col], strict=True))
    v1, v0 = float(by[per]), float(by[base])
    signed = v1
    if metric == "balance":
        v1, v0 = abs(v1), abs(v0)
    if v0 == 0:
        return CANNOT, "", [f"cannot check exactly: {base} is zero"], []
    cov_col = series["coverage"] if "coverage" in series else ["complete"] * len(series)
    cov = dict(zip(series["period"], cov_col, strict=True))
    if "partial" in {str(cov.get(per)), str(cov.get(base))}:
        return CANNOT, "", ["cannot check exactly: partial coverage gives levels, not growth"], []
    if claim.unit == "times":
        stat = v1 / v0
        shown = f"×{stat:.2f}"
        tol = max(tol, 0.05)
    else:
        stat = 100.0 * (v1 / v0 - 1.0)
        shown = f"{stat:+.1f}%"
        tol = max(tol, 0.05)
    ok = agrees(stat, claim.value or 0.0, tol, claim.qualifier)
    what = {
        "total": "total trade",
        "exports": "exports",
        "imports": "imports",
        "balance": "the size of the " + ("deficit" if signed < 0 else "surplus"),
    }[metric]
    statistic = (
        f"{name}: {what} {claim.reporter}–{claim.partner} {base} → {claim.period}: "
        f"{_bn(v0)} → {_bn(v1)} ({shown})"
    )
    qual = "" if claim.qualifier == "exact" else f"{claim.qualifier} "
    unit = "×" if claim.unit == "times" else "%"
    reasons.insert(
        0,
        f"{'agrees with' if ok else 'differs from'} {name}: {shown} vs {qual}"
        f"{claim.value:g}{unit} claimed; {statistic}",
    )
    if not ok and published is not None and not published.empty:
        pm = published[
            (published["metric"] == metric)
            & (published["reporter"] == claim.reporter)
            & (published["partner"] == claim.partner)
        ]
        pv = dict(zip(pm["period"], pm["value"], strict=True))
        pdate = dict(zip(pm["period"], pm["source_date"], strict=True))
        if per in pv and base in pv:
            p1, p0 = abs(float(pv[per])), abs(float(pv[base]))
            g = p1 / p0 if claim.unit == "times" else 100.0 * (p1 / p0 - 1.0)
            if agrees(g, claim.value or 0.0, tol, claim.qualifier):
                reasons.append(
                    f"the claim matches the figures published on "
                    f"{pdate[per]} ({p0:,.2f} → {p1:,.2f}, "
                    f"{g:+.1f}{'×' if claim.unit == 'times' else '%'}): {name} has revised "
                    "them since"
                )
    prov_col = series["provisional"] if "provisional" in series else [False] * len(series)
    prov = dict(zip(series["period"], prov_col, strict=True))
    if bool(prov.get(per, False)):
        reasons.append(f"{claim.period} is provisional in {name}")
    row = {
        "kind": "computed",
        "source": name,
        "period": claim.period,
        "value": stat,
        "unit": claim.unit,
        "exact": True,
        "tag": "",
        "note": f"{base} → {claim.period}",
        "tolerance": tol,
    }
    return (CONSISTENT if ok else INCONSISTENT), statistic, reasons, [row]


def _judge_share(
    claim: Claim,
    official: pd.DataFrame | None,
    totals: pd.DataFrame | None,
    tol: float,
    official_name: str,
) -> tuple[str, str, list[str], list[dict[str, Any]]]:
    r, p = claim.reporter or "", claim.partner or ""
    if claim.product_group:
        return (
            CANNOT,
            "",
            [
                f"cannot check exactly: a share of {r}'s {claim.product_group} "
                f"{claim.flow or 'imports'} needs product data by source (the partner totals "
                "here have no products)"
            ],
            [],
        )
    if official is None or totals is None or totals.empty:
        return CANNOT, "", ["cannot check exactly: no official totals here"], []
    pair, _ = official_series(official, r, p)
    if (
        pair.empty
        or claim.period not in set(pair["period"])
        or claim.period not in set(totals["period"])
    ):
        return CANNOT, "", [f"cannot check exactly: no official data for {claim.period}"], []
    col = _COLUMN[claim.flow or "exports"]
    num = float(pair.loc[pair["period"] == claim.period, col].iloc[0])
    den = float(totals.loc[totals["period"] == claim.period, col].iloc[0])
    stat = 100.0 * num / den
    ok = agrees(stat, claim.value or 0.0, max(tol, 0.05), claim.qualifier)
    statistic = (
        f"{official_name} {claim.period}: {p}'s share of {r}'s {claim.flow} "
        f"{stat:.1f}% ({_bn(num)} of {_bn(den)})"
    )
    row = {
        "kind": "computed",
        "source": official_name,
        "period": claim.period,
        "value": stat,
        "unit": "pct",
        "exact": True,
        "tag": "",
        "note": "partner / world total",
    }
    return (
        (CONSISTENT if ok else INCONSISTENT),
        statistic,
        [f"{'agrees with' if ok else 'differs from'} {official_name}: {statistic}"],
        [row],
    )
