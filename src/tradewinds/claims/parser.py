"""Published claims as structured data, and a small parser for common English phrasings.

A claim is: metric (total, exports, imports, balance, share, growth, record), reporter,
partner, product group, period (calendar year or fiscal year with its start month),
value, unit, source. :func:`parse_claim` turns sentences such as "India–Russia trade
reached a record $68.7 billion for the year ended March 2025", "a $59 billion deficit"
or "Russia's share of India's crude imports was 35% in FY2024-25" into that structure
and shows what it understood; what it cannot find it asks for (a ``context`` can supply
reporter, partner and period), and it never guesses silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from tradewinds.errors import DataValidationError, UnknownCodeError

METRICS = ("total", "exports", "imports", "balance", "share", "growth")
_MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
_COUNTRY_WORDS = r"[A-Z][A-Za-z\u00C0-\u024F.]+(?:\s+[A-Z][A-Za-z\u00C0-\u024F.]+)?"


class ClaimError(DataValidationError):
    """A claim that cannot be checked as given: names what is missing."""


@dataclass(frozen=True)
class Claim:
    text: str
    metric: str | None = None
    reporter: str | None = None
    partner: str | None = None
    product_group: str | None = None
    period: str | None = None  # "2023" or "FY2024-25"
    fy_start_month: int | None = None
    value: float | None = None
    unit: str | None = None  # usd_bn | usd_mn | pct
    record: bool = False
    source: str = ""
    understood: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        return {
            k: getattr(self, k)
            for k in (
                "text",
                "metric",
                "reporter",
                "partner",
                "product_group",
                "period",
                "fy_start_month",
                "value",
                "unit",
                "record",
                "source",
            )
        }


def _resolve(name: str, role: str = "country") -> str:
    """ISO3 of a country named in a claim; an unknown name raises with suggestions."""
    from tradewinds.io.codes import countries

    clean = name.strip().removesuffix("'s").removesuffix("’s")
    try:
        return countries().resolve(clean)
    except UnknownCodeError as exc:
        raise UnknownCodeError("country", clean, suggestions=exc.suggestions, column=role) from None


def _money(text: str) -> tuple[float, str] | None:
    m = re.search(r"(?:US)?\$\s*([\d,.]+)\s*(billion|bn|million|mn|trillion)?", text, re.I)
    if m:
        v = float(m.group(1).replace(",", ""))
        scale = (m.group(2) or "").lower()
        unit = {
            "billion": "usd_bn",
            "bn": "usd_bn",
            "million": "usd_mn",
            "mn": "usd_mn",
            "trillion": "usd_tn",
        }.get(scale)
        if unit is None:
            raise ClaimError(
                f"the amount '{m.group(0).strip()}' has no scale",
                column="unit",
                fix="write '$68.7 billion' or '$4,260 million'",
            )
        if unit == "usd_tn":
            v, unit = v * 1000, "usd_bn"
        return v, unit
    m = re.search(r"([\d,.]+)\s*(%|per ?cent)", text, re.I)
    if m:
        return float(m.group(1).replace(",", "")), "pct"
    m = re.search(r"\b([\d,.]+)\s*(billion|million|bn)\b", text, re.I)
    if m:  # a number with a scale but no currency
        raise ClaimError(
            f"the value '{m.group(0)}' has no currency",
            column="unit",
            fix="write the currency, e.g. '$59 billion'",
        )
    return None


def _period(text: str) -> tuple[str, int] | None:
    t = text.lower()
    m = re.search(r"(?:fiscal year|fy|year)\s+ended\s+(" + "|".join(_MONTHS) + r")\s+(\d{4})", t)
    if m:
        end_month, end_year = _MONTHS[m.group(1)], int(m.group(2))
        start_month = end_month % 12 + 1
        start_year = end_year - 1 if start_month > 1 else end_year
        if start_month == 1:
            return str(end_year), 1
        return f"FY{start_year}-{(start_year + 1) % 100:02d}", start_month
    m = re.search(r"\bfy\s?(\d{4})[-–/](\d{2,4})\b", t) or re.search(r"\b(\d{4})[-–/](\d{2})\b", t)
    if m:
        y0 = int(m.group(1))
        return f"FY{y0}-{(y0 + 1) % 100:02d}", 4
    m = re.search(r"\b(?:in|for|during|of)\s+(19\d{2}|20\d{2})\b", t)
    if m:
        return m.group(1), 1
    return None


def parse_claim(text: str, *, context: dict[str, Any] | None = None, source: str = "") -> Claim:
    """The structure of a claim; missing pieces come from ``context`` or raise."""
    ctx = dict(context or {})
    understood: list[str] = []
    t = " ".join(text.split())
    low = t.lower()
    metric: str | None = None
    product: str | None = None
    reporter = partner = None
    # share: "<A>'s share of <B>'s <product> imports was 35%"
    m = re.search(
        rf"({_COUNTRY_WORDS})['’]s share of ({_COUNTRY_WORDS})['’]s\s+(\w+)\s+"
        r"(imports|exports)",
        t,
    )
    if m:
        metric = "share"
        partner, reporter = _resolve(m.group(1), "partner"), _resolve(m.group(2), "reporter")
        product = {"crude": "crude", "oil": "crude", "pharmaceutical": "pharmaceuticals"}.get(
            m.group(3).lower(), m.group(3).lower()
        )
        understood.append(f"share of {m.group(2)}'s {m.group(3)} {m.group(4)} from {m.group(1)}")
    else:
        m = re.search(
            rf"({_COUNTRY_WORDS})\s*[–—-]\s*({_COUNTRY_WORDS})\s+(?:bilateral\s+)?"
            r"trade",
            t,
        )
        if m:
            reporter, partner = _resolve(m.group(1), "reporter"), _resolve(m.group(2), "partner")
            metric = "total"
            understood.append(f"total trade between {m.group(1)} and {m.group(2)}")
        m2 = re.search(
            rf"({_COUNTRY_WORDS})['’]s\s+(exports|imports)\s+(?:to|from)\s+"
            rf"({_COUNTRY_WORDS})",
            t,
        )
        if m2:
            reporter, partner = _resolve(m2.group(1), "reporter"), _resolve(m2.group(3), "partner")
            metric = m2.group(2).lower()
            understood.append(f"{m2.group(1)}'s {metric} with {m2.group(3)}")
        if re.search(r"\bdeficit\b", low):
            metric = "balance"
            understood.append("a deficit (a negative balance)")
        elif re.search(r"\bsurplus\b", low):
            metric = "balance"
            understood.append("a surplus")
        if reporter is None:
            m3 = re.search(rf"^({_COUNTRY_WORDS})['’]s\b", t) or re.search(
                rf"\b(?:left|gave)\s+({_COUNTRY_WORDS})\b", t
            )
            if m3:
                try:
                    reporter = _resolve(m3.group(1), "reporter")
                except UnknownCodeError:
                    reporter = None  # a sentence's first word need not be a country
    record = bool(re.search(r"\brecord\b|all-time high|highest ever", low))
    if record:
        understood.append("claimed to be a record")
    money = _money(t)
    if money is None:
        raise ClaimError(
            f"no value found in {text!r}",
            column="value",
            fix="give the value with its unit, e.g. '$68.7 billion' or '35%'",
        )
    value, unit = money
    if metric == "balance" and "deficit" in low:
        value = -abs(value)
    per = _period(t)
    if per is None and ctx.get("period"):
        per = (
            str(ctx["period"]),
            int(ctx.get("fy_start_month", 4 if str(ctx["period"]).startswith("FY") else 1)),
        )
        understood.append(f"period {per[0]} from the context")
    if reporter is None and ctx.get("reporter"):
        reporter = _resolve(str(ctx["reporter"]), "reporter")
    if partner is None and ctx.get("partner"):
        partner = _resolve(str(ctx["partner"]), "partner")
    missing = [
        name
        for name, v in (
            ("metric", metric),
            ("reporter", reporter),
            ("partner", partner),
            ("period", per),
        )
        if v is None
    ]
    if missing:
        raise ClaimError(
            f"cannot tell the {' and '.join(missing)} of {text!r}",
            column=missing[0],
            fix="say it in the sentence (e.g. 'in FY2024-25', 'India–Russia trade') or give "
            "a [context] with reporter, partner and period",
        )
    if unit == "pct" and metric not in {"share", "growth"}:
        raise ClaimError(
            f"a percentage for the metric {metric}",
            column="unit",
            fix="percentages go with shares or growth",
        )
    assert per is not None
    understood.insert(0, f"{metric} | {reporter}–{partner} | {per[0]} | {value:g} {unit}")
    return Claim(
        t,
        metric,
        reporter,
        partner,
        product,
        per[0],
        per[1],
        value,
        unit,
        record,
        source,
        tuple(understood),
    )


def with_context(claim: Claim, **kw: Any) -> Claim:
    return replace(claim, **kw)
