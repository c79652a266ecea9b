"""Published claims as reporters write them, turned into structured, checkable claims.

A claim is: metric (total, exports, imports, balance, share, growth, tariff), reporter,
partner, product group, period (calendar year, or fiscal year with its start month),
value, unit, qualifier ("about", "more than" …), and whether it says "record".
:func:`parse_claims` reads every figure of one sentence, e.g.

    "Bilateral trade between New Delhi and Moscow reached a record $68.7 billion for the
    year ended March 2025, with India's increased oil imports contributing to a $59
    billion deficit."

→ total IND–RUS FY2024-25 68.7 bn (record) and balance IND–RUS FY2024-25 −59 bn.
Countries may be names, capitals or demonyms ("New Delhi", "Moscow", "Washington",
"Indian", "the U.S."; ``data/claims/country_words.csv``); periods "the year ended March
2025", "fiscal 2025", "FY25", "FY2024-25", "2024-25" (India's fiscal year April–March;
"FY2023-27" is refused: not one year); growth "up 11.6%", "doubled", "five-fold".

It never guesses silently: what it inferred it says in ``understood``; what it cannot
read raises :class:`ClaimError` naming what is missing and how to write it. Statements
no statistic can confirm ("the steadiest relationship since 1945"), targets ("$100
billion by 2030") and part-year figures ("in April–December") come back as claims with
``checkable=False`` and the reason. :func:`find_claims` reads a whole article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from tradewinds.claims.lexicon import (
    _BLOC_RE,
    _JUDGEMENT,
    _PRODUCTS,
    _RECORD,
    _SHARE_WORDS,
    _TARGET,
    _TRADE_WORD,
    _countries,
    _figures,
    _periods,
)
from tradewinds.claims.model import (
    _BLOCS,
    METRICS,
    Claim,
    ClaimError,
)
from tradewinds.claims.reading import (
    _check_pair_names,
    _clause_of,
    _clauses,
    _growth_sign,
    _is_growth_pct,
    _metric_before,
    _metric_near,
    _missing,
    _Parties,
    _parties,
    _pick_period,
    _product,
    _record_figures,
    _resolve,
)
from tradewinds.errors import UnknownCodeError

# ----------------------------------------------------------------- the parser


def parse_claims(
    text: str,
    *,
    context: dict[str, Any] | None = None,
    source: str = "",
    as_of: date | None = None,
) -> list[Claim]:
    """Every figure of one sentence as a :class:`Claim` (in the order written).

    ``context`` (reporter, partner, period, fy_start_month) fills what the sentence does
    not say; ``as_of`` (the article's date) resolves "last fiscal year". Raises
    :class:`ClaimError` (or :class:`UnknownCodeError` for an unknown country name) when a
    figure cannot be read; a sentence with no figure but a judgement ("steadiest since
    1945") gives one claim with ``checkable=False``.
    """
    ctx = dict(context or {})
    t = " ".join(str(text).replace("\u00a0", " ").split())
    t = t.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    figs = _figures(t)
    cs = _countries(t)
    pers = _periods(t)
    record = bool(_RECORD.search(t))
    blocs = [m.group(1) for m in _BLOC_RE.finditer(t)]
    usable = [f for f in figs if f.kind in {"money", "pct", "times"}]
    if not usable:
        for f in figs:
            if f.kind == "rupee":
                raise ClaimError(
                    f"the amount '{f.text}' is in rupees",
                    column="unit",
                    fix="give the US$ figure (DGCI&S and BACI data here are in US dollars), "
                    "e.g. '$68.7 billion'",
                )
            if f.kind == "noscale":
                raise ClaimError(
                    f"the amount '{f.text.strip()}' has no scale",
                    column="unit",
                    fix="write '$68.7 billion' or '$4,260 million'",
                )
            if f.kind == "bare" and _TRADE_WORD.search(t):
                raise ClaimError(
                    f"the value '{f.text}' has no currency",
                    column="unit",
                    fix="write the currency, e.g. '$59 billion'",
                )
        if _JUDGEMENT.search(t):
            return [
                Claim(
                    t,
                    source=source,
                    checkable=False,
                    why_not="a judgement about the relationship ('"
                    + _JUDGEMENT.search(t).group(0)  # type: ignore[union-attr]
                    + "…'), not a figure: no statistic can confirm or refute it",
                    understood=("recognised as a judgement, not a checkable figure",),
                )
            ]
        raise ClaimError(
            f"no value found in {text!r}",
            column="value",
            fix="give the value with its unit, e.g. '$68.7 billion' or '35%'",
        )
    clauses = _clauses(t)
    errors = [p for p in pers if p.kind == "error"]
    if errors:
        raise ClaimError(
            errors[0].note, column="period", fix="write one fiscal year, e.g. FY2023-24 or 2023-24"
        )
    _check_pair_names(t, cs)
    record_figs = _record_figures(t, usable)
    out: list[Claim] = []
    for fig in usable:
        a, b = _clause_of(clauses, fig.start)
        understood: list[str] = []
        clause = t[a:b]
        # targets, forecasts and part-year figures are recognised, not checked
        own = [p for p in pers if a <= p.start < b]
        near_after = t[fig.end : min(b, fig.end + 25)].lower()
        target_year = re.match(r"^\s*(?:\w+\s+){0,3}by\s+(20\d{2})", near_after)
        before = t[a : fig.start]
        if target_year or (
            _TARGET.search(before)
            and not re.search(
                r"\b(?:reached|rose|grew|stood|was|were|touched|hit|increased|jumped|"
                r"declined|fell|amounted|totalled|totaled)\b",
                before,
                re.I,
            )
        ):
            out.append(
                Claim(
                    t,
                    source=source,
                    checkable=False,
                    value=fig.value,
                    unit=fig.unit,
                    why_not=f"a target or forecast ('{fig.text}"
                    + (f" by {target_year.group(1)}" if target_year else "")
                    + "'), not a recorded figure",
                    understood=("recognised as a target/forecast",),
                )
            )
            continue
        part = [p for p in own if p.kind == "part-year"]
        if part:
            out.append(
                Claim(
                    t,
                    source=source,
                    checkable=False,
                    value=fig.value,
                    unit=fig.unit,
                    why_not=f"a part-year figure ('{part[0].text}'): the data here are "
                    "whole fiscal or calendar years",
                    understood=("recognised as a part-year figure",),
                )
            )
            continue
        if blocs and not cs:
            raise ClaimError(
                f"{_BLOCS[blocs[0]]} is a group of countries",
                column="partner",
                fix="tradewinds checks figures of one country with another; name the countries",
            )
        # the metric
        base_metric: str | None = None
        flow: str | None = None
        value = fig.value
        unit = fig.unit
        if fig.kind == "pct" and fig.unit == "pct":
            near_metric = _metric_near(t, a, b, fig)
            share_of = re.match(
                r"\s+of\s+(?:\w+['’]s|its|their|the\s+country['’]s)\s+"
                r"(?:\w+\s+)?(?:exports|imports|purchases)",
                t[fig.end : b],
                re.I,
            )
            if share_of or (_SHARE_WORDS.search(clause) and not _is_growth_pct(t, a, b, fig)):
                metric = "share"
            elif near_metric == "tariff" or re.search(r"\btariffs?|dut(?:y|ies)\b", clause, re.I):
                metric = "tariff"
            elif _is_growth_pct(t, a, b, fig):
                metric = "growth"
                value = fig.value * _growth_sign(t, a, fig)
                base_metric = (
                    near_metric if near_metric not in {None, "growth", "share", "tariff"} else None
                )
            else:
                metric = near_metric or ""
                if metric in {"total", "exports", "imports", "balance"}:
                    raise ClaimError(
                        f"a percentage ('{fig.text}') for the metric {metric}",
                        column="unit",
                        fix="percentages go with shares ('X% of India's exports'), growth "
                        "('up 11.6%') or tariffs",
                    )
        elif fig.kind == "times":
            metric = "growth"
            near_metric = _metric_near(t, a, b, fig)
            base_metric = (
                near_metric if near_metric in {"total", "exports", "imports", "balance"} else None
            )
            if base_metric is None:
                sentence_metric = _metric_near(t, 0, len(t), fig)
                base_metric = (
                    sentence_metric
                    if sentence_metric in {"total", "exports", "imports", "balance"}
                    else None
                )
        elif fig.kind == "pct":  # percentage points
            metric = "share" if _SHARE_WORDS.search(clause) else "growth"
        else:
            metric = _metric_near(t, a, b, fig) or ""
            if not metric:
                # a clause without a metric word ("compared to $77.52 billion in 2023-24",
                # "from $13 billion in 2021 to $68 billion") speaks of the clauses before it
                metric = _metric_before(t, clauses, a) or ""
                if metric:
                    understood.append(f"{metric}: the subject of the sentence before this figure")
            if metric in {"share", "tariff"}:
                metric = _metric_near(t, a, fig.start, fig) or metric
        imbalance = False
        if metric == "balance" and fig.kind == "money":
            words = (clause + " " + t[fig.end : fig.end + 30]).lower()
            last = re.findall(r"deficit|surplus|imbalance|gap", t[: fig.end + 30].lower())
            if re.search(r"deficit", words) or (last and last[-1] == "deficit"):
                value = -abs(value)
                understood.append("a deficit (a negative balance)")
            elif re.search(r"surplus", words) or (last and last[-1] == "surplus"):
                understood.append("a surplus")
            else:
                value = -abs(value)
                imbalance = True
                understood.append("an imbalance: the sentence does not say who runs the deficit")
        if metric not in METRICS:
            if ctx.get("metric") in METRICS:
                metric = str(ctx["metric"])
            else:
                raise _missing(["metric"], text)
        # parties
        pm = metric if metric != "growth" else (base_metric or "total")
        prev = [o for o in out if o.checkable and o.reporter and o.partner]
        if prev and not any(a <= c.start < b for c in cs):
            # a clause that names no country ("compared to $77.52 billion in 2023-24")
            # speaks of the pair of the figure before it
            parties = _Parties(prev[-1].reporter, prev[-1].partner)
        else:
            parties = _parties(t, cs, pm, a, b, fig)
        reporter, partner = parties.reporter, parties.partner
        sign_known = not parties.note.startswith("deficit taken") and not imbalance
        if parties.note:
            understood.append(parties.note)
        if pm == "total" and partner == "IND" and reporter not in {None, "IND"}:
            reporter, partner = "IND", reporter  # total trade is symmetric: India's report first
        if metric == "share":
            near = re.search(r"\b(imports?|purchases|exports?)\b", t[fig.end : b], re.I) or (
                re.search(r"\b(imports?|purchases|exports?)\b", clause, re.I)
            )
            flow = "exports" if near and near.group(1).lower().startswith("export") else "imports"
        same = [o for o in out if o.checkable and o.metric == metric and o.reporter and o.partner]
        if same and (reporter is None or partner is None):
            # "… 20% of India's exports and 6.3% of its imports": the same pair
            reporter = reporter or same[-1].reporter
            partner = partner or same[-1].partner
        if reporter is None and ctx.get("reporter"):
            reporter = _resolve(str(ctx["reporter"]), "reporter")
            understood.append(f"reporter {reporter} from the context")
        if partner is None and ctx.get("partner") and str(ctx["partner"]) != reporter:
            partner = _resolve(str(ctx["partner"]), "partner")
            understood.append(f"partner {partner} from the context")
        world_words = re.search(
            r"\b(?:total|overall|merchandise|goods|global(?:ly)?|world)\b", clause, re.I
        )
        if (
            partner is None
            and reporter is not None
            and metric in {"total", "exports", "imports", "balance"}
            and world_words
            and len({c.iso3 for c in cs}) <= 1
        ):
            partner = "WLD"
            understood.append("no partner named: trade with the world")
        if reporter == partner and reporter is not None:
            partner = None
        if blocs and partner is None:
            raise ClaimError(
                f"{_BLOCS[blocs[0]]} is a group of countries",
                column="partner",
                fix="tradewinds checks figures of one country with another; name the countries",
            )
        # the period
        period, fy_start, base_period, pnotes = _pick_period(
            t,
            fig,
            metric,
            pers,
            figs,
            (a, b),
            out,
            as_of=as_of,
            has_context=bool(ctx.get("period")),
            context_period=str(ctx["period"]) if ctx.get("period") else None,
        )
        understood.extend(pnotes)
        from_money = re.search(
            r"\bfrom\s+(?:about\s+|around\s+|roughly\s+|nearly\s+)?"
            r"(?:US\s?\$|USD|\$)\s?\d",
            t,
            re.I,
        )
        if (
            period is None
            and fig.kind == "money"
            and re.search(
                r"\bfrom\s+(?:about\s+|around\s+|roughly\s+|nearly\s+)?$",
                t[max(0, fig.start - 20) : fig.start],
                re.I,
            )
        ):
            out.append(
                Claim(
                    t,
                    source=source,
                    checkable=False,
                    value=fig.value,
                    unit=fig.unit,
                    figure=fig.text,
                    why_not=f"a starting value ('from {fig.text}') whose year the "
                    "sentence does not say",
                    understood=("recognised as a starting value without a period",),
                )
            )
            continue
        if (
            metric == "growth"
            and base_period is None
            and from_money
            and not [p for p in pers if p.kind in {"fiscal", "fiscal-ending", "calendar", "since"}]
        ):
            out.append(
                Claim(
                    t,
                    source=source,
                    checkable=False,
                    value=fig.value,
                    unit=fig.unit,
                    figure=fig.text,
                    why_not="a change from a starting value whose year the sentence "
                    "does not say ('" + from_money.group(0) + "…')",
                    understood=("recognised as growth without a base year",),
                )
            )
            continue
        if period is None and ctx.get("period"):
            period = str(ctx["period"])
            fy_start = int(ctx.get("fy_start_month", 4 if period.startswith("FY") else 1))
            understood.append(f"period {period} from the context")
        # tariffs: the period is the date the rate applies, often unstated
        if metric == "tariff" and period is None:
            period = ""
        fiscal_kind = [p for p in pers if p.kind == "fiscal-ending"]
        if fiscal_kind and "IND" not in {reporter, partner}:
            raise ClaimError(
                f"'{fiscal_kind[0].text}' does not say whose fiscal year (India's ends in March, "
                "the US federal year in September)",
                column="period",
                fix="write the months, e.g. 'the year ended March 2025', or FY2024-25",
            )
        missing = [
            name
            for name, v in (
                ("reporter", reporter),
                ("partner", partner),
                ("period", period),
            )
            if v is None
        ]
        if missing:
            raise _missing(missing, text)
        product = _product(t, a, b, fig, metric)
        if metric == "share" and product is None:
            m = re.search(r"['’]s\s+(\w+)\s+(?:imports|exports)", clause)
            if m:
                w = m.group(1).lower()
                product = next((g for pat, g in _PRODUCTS.items() if re.fullmatch(pat, w)), None)
        head = (
            f"{metric} | {reporter}–{partner} | {period or 'date not stated'} | "
            f"{'' if fig.qualifier == 'exact' else fig.qualifier + ' '}{value:g} {unit}"
        )
        if metric == "growth":
            head += f" of {base_metric or 'trade'}" + (
                f" since {base_period}" if base_period else " on the previous period"
            )
        understood.insert(0, head)
        is_record = (
            record and metric in {"total", "exports", "imports", "balance"} and (fig in record_figs)
        )
        if is_record:
            understood.append("claimed to be a record")
        out.append(
            Claim(
                t,
                metric,
                reporter,
                partner,
                product,
                period,
                fy_start if period else None,
                value,
                unit,
                is_record,
                source,
                tuple(understood),
                qualifier=fig.qualifier,
                base_metric=base_metric,
                base_period=base_period,
                flow=flow,
                sign_known=sign_known,
                figure=fig.text,
            )
        )
    return out


def parse_claim(
    text: str, *, context: dict[str, Any] | None = None, source: str = "", as_of: date | None = None
) -> Claim:
    """The first checkable claim of a sentence (see :func:`parse_claims`); a sentence
    with only recognised-but-uncheckable statements gives that statement."""
    claims = parse_claims(text, context=context, source=source, as_of=as_of)
    return next((c for c in claims if c.checkable), claims[0])


# ----------------------------------------------------------------- articles

_ABBREV = re.compile(
    r"(?:\b(?:U\.S|U\.K|U\.S\.A|Mr|Mrs|Ms|Dr|Prof|St|No|Nos|Rs|Sr|Jr|vs|approx|Inc|Ltd|Co|"
    r"Corp|Gov|Gen|Rep|Sen|e\.g|i\.e|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)|"
    r"\b[A-Z])\.$"
)


def split_sentences(text: str) -> list[tuple[int, str]]:
    """Sentences of a plain-text article with their character offsets (abbreviations
    such as "U.S." and decimals do not end a sentence; blank lines always do)."""
    out: list[tuple[int, str]] = []
    # a block ends at a blank line or before a line that starts a list item, a heading or
    # a table row (plain text and light markdown)
    block = re.compile(r"[^\n]+(?:\n(?!\s*\n|\s*(?:[-*•#|>]|\d+[.)])\s)[^\n]+)*")
    for para in block.finditer(text):
        start = para.start()
        chunk = para.group(0)
        pos = 0
        for m in re.finditer(r"[.!?][\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9$])", chunk):
            piece = chunk[pos : m.end()].strip()
            if _ABBREV.search(chunk[pos : m.start() + 1].rstrip()):
                continue
            if piece:
                out.append((start + pos, piece))
            pos = m.end()
        tail = chunk[pos:].strip()
        if tail:
            out.append((start + pos, tail))
    return out


@dataclass(frozen=True)
class Finding:
    """One sentence of an article that states a figure (or a judgement)."""

    sentence: str
    offset: int  # character offset in the article
    line: int  # 1-based line of the article
    claims: tuple[Claim, ...] = ()
    error: ClaimError | UnknownCodeError | None = None

    @property
    def status(self) -> str:
        """checkable | not checkable | unreadable"""
        if self.error is not None:
            return "unreadable"
        return "checkable" if any(c.checkable for c in self.claims) else "not checkable"


def find_claims(
    text: str,
    *,
    context: dict[str, Any] | None = None,
    as_of: date | None = None,
    source: str = "",
) -> list[Finding]:
    """Every sentence of an article that states a trade figure, parsed.

    Sentences with a money figure, a percentage or a multiple next to trade words, or
    a judgement about the relationship, are kept; each comes back with its claims (some
    ``checkable=False`` with the reason) or with the :class:`ClaimError` that says what
    could not be read. Sentences with no figure are skipped.
    """
    out: list[Finding] = []
    for offset, s in split_sentences(text):
        figs = [f for f in _figures(s) if f.kind in {"money", "pct", "times", "rupee", "noscale"}]
        relevant = (figs and _TRADE_WORD.search(s)) or (_JUDGEMENT.search(s) and not figs)
        if not relevant:
            continue
        line = text.count("\n", 0, offset) + 1
        try:
            claims = tuple(parse_claims(s, context=context, as_of=as_of, source=source))
        except (ClaimError, UnknownCodeError) as exc:
            out.append(Finding(s, offset, line, (), exc))
            continue
        out.append(Finding(s, offset, line, claims, None))
    return out


__all__ = [
    "METRICS",
    "Claim",
    "ClaimError",
    "Finding",
    "find_claims",
    "parse_claim",
    "parse_claims",
    "split_sentences",
]
