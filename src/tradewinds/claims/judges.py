"""One judge per kind of claim: a level (total, exports, imports, balance; with the
record check and what happened since), growth, a share, a tariff rate."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from tradewinds.accounting.records import change_since, record_check
from tradewinds.claims.evidence import (
    _COLUMN,
    _WHAT,
    CANNOT,
    CONSISTENT,
    INCONSISTENT,
    _bn,
    _calendar_series,
    _fy_of_calendar,
    _level,
    _signed,
    agrees,
    official_series,
    tolerance_of,
)
from tradewinds.claims.model import Claim


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
    prov = bool(row.get("provisional", False)) if pd.notna(row.get("provisional")) else False
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
    if fiscal and not cal.empty and cal[col].notna().any():
        # why sources differ: the calendar-year figure, shown beside, never compared
        last = cal.dropna(subset=[col]).iloc[-1]
        reasons.append(
            f"sources differ: {calendar_name} gives {_level(float(last[col]), metric)} for "
            f"calendar {last['period']} (January–December, not April–March; BACI reconciles "
            f"exporter and importer reports into FOB values, while {official_name} records "
            "imports CIF)"
        )
        rows.append(
            {
                "kind": "other-period",
                "source": calendar_name,
                "period": str(last["period"]),
                "value": float(last[col]) / 1e9,
                "unit": "usd_bn",
                "exact": False,
                "tag": "",
                "note": "calendar year, reconciled FOB: another period and basis",
            }
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
        if pd.isna(x["change_pct"]):
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


def _judge_product_share(
    claim: Claim, products: pd.DataFrame, tol: float
) -> tuple[str, str, list[str], list[dict[str, Any]]]:
    """The partner's share of the reporter's imports of a product group by value (and
    volume where tonnes are given): Σ partner / Σ all sources in the period."""
    r, p, g = claim.reporter or "", claim.partner or "", claim.product_group or ""
    x = products[(products["importer"] == r) & (products["period"] == claim.period)]
    if x.empty:
        have = sorted(set(products.loc[products["importer"] == r, "period"]))
        return (
            CANNOT,
            "",
            [
                f"cannot check exactly: no {g} imports of {r} by source for {claim.period}"
                + (f" (the data cover {have[0]} … {have[-1]})" if have else "")
            ],
            [],
        )
    mine = x[x["source"] == p]
    value = 100.0 * float(mine["value_usd"].sum()) / float(x["value_usd"].sum())
    vol = (
        100.0 * float(mine["tonnes"].sum()) / float(x["tonnes"].sum())
        if "tonnes" in x and x["tonnes"].notna().all() and float(x["tonnes"].sum()) > 0
        else math.nan
    )
    name = str(x["compiler"].iloc[0]) if "compiler" in x else "the data"
    prov = bool(x["provisional"].any()) if "provisional" in x else False
    ok = agrees(value, claim.value or 0.0, max(tol, 0.05), claim.qualifier)
    ok_vol = math.isfinite(vol) and agrees(vol, claim.value or 0.0, max(tol, 0.05), claim.qualifier)
    statistic = (
        f"{name} {claim.period}{' (provisional)' if prov else ''}: {p}'s share of {r}'s {g} "
        f"imports {value:.1f}% by value ({_bn(float(mine['value_usd'].sum()))} of "
        f"{_bn(float(x['value_usd'].sum()))})"
        + (f", {vol:.1f}% by volume" if math.isfinite(vol) else "")
    )
    reasons = [f"{'agrees with' if ok else 'differs from'} {name}: {statistic}"]
    if not ok and ok_vol:
        reasons.append("the figure matches the share by volume (tonnes), not by value")
    reasons.append(
        "shares by value and by volume differ when the partner's unit value (US$ per tonne) "
        "differs from the average: a discounted supplier's share is larger by volume"
    )
    row = {
        "kind": "computed",
        "source": name,
        "period": claim.period,
        "value": value,
        "unit": "pct",
        "exact": True,
        "tag": "provisional" if prov else "",
        "note": "share by value of imports by source",
    }
    return (CONSISTENT if (ok or ok_vol) else INCONSISTENT), statistic, reasons, [row]


def _judge_share(
    claim: Claim,
    official: pd.DataFrame | None,
    totals: pd.DataFrame | None,
    tol: float,
    official_name: str,
    products: dict[str, pd.DataFrame] | None = None,
) -> tuple[str, str, list[str], list[dict[str, Any]]]:
    r, p = claim.reporter or "", claim.partner or ""
    if claim.product_group and claim.product_group in (products or {}):
        return _judge_product_share(claim, (products or {})[claim.product_group], tol)
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
