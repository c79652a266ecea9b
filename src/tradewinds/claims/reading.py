"""Reading one figure in its clause: the metric it measures, the countries it is
about, its period, product and whether it is growth; the helpers :func:`parse_claims`
calls for each figure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from tradewinds.claims.lexicon import (
    _GROWTH_DOWN,
    _GROWTH_UP,
    _METRIC_RES,
    _PRODUCT_BEFORE_FLOW,
    _PRODUCTS,
    _RECORD,
    _Country,
    _Figure,
    _fy_label,
    _Period,
)
from tradewinds.claims.model import (
    _BLOCS,
    _COUNTRY_WORDS,
    _WORD_NUMBERS,
    Claim,
    ClaimError,
)
from tradewinds.errors import UnknownCodeError

# ----------------------------------------------------------------- helpers


def _resolve(name: str, role: str = "country") -> str:
    """ISO3 of a country named in a claim; an unknown name raises with suggestions."""
    from tradewinds.io.codes import countries

    clean = name.strip().removesuffix("'s").removesuffix("’s")
    try:
        return countries().resolve(clean)
    except UnknownCodeError as exc:
        raise UnknownCodeError("country", clean, suggestions=exc.suggestions, column=role) from None


_BOUNDARY = re.compile(
    r"[;:]\s|—|\s–\s|,\s+(?=(?:with|while|whereas|but|as|even\s+as|which|compared|against|despite|"
    r"and\s+(?:imports|exports|the\s+trade)|up\s+from|down\s+from|from|leaving|making|led|"
    r"driven|pushing|taking|resulting|registering|reflecting|marking|versus)\b)|"
    r"\s+(?=(?:while|whereas)\b)",
    re.I,
)


def _clauses(t: str) -> list[tuple[int, int]]:
    cuts = [0] + [m.start() for m in _BOUNDARY.finditer(t)] + [len(t)]
    return [(a, b) for a, b in pairwise(cuts) if b > a]


def _clause_of(clauses: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    for a, b in clauses:
        if a <= pos < b:
            return a, b
    return clauses[-1]


def _metric_near(t: str, a: int, b: int, fig: _Figure) -> str | None:
    """The metric a figure speaks of: a balance word right after it ('$59 billion
    deficit') or anywhere in its clause; else the nearest metric word before it, else
    after it."""
    after = t[fig.end : min(b, fig.end + 30)]
    for pat, metric in _METRIC_RES:
        if metric == "balance" and pat.match(after.lstrip(" -")):
            return "balance"
    m = re.match(
        r"\s+(?:(?:rise|increase|growth|jump|surge|fall|drop|decline)\s+)?"
        r"(?:in|of)\s+(?:the\s+)?(\w+)(?:\s+(\w+))?(?:\s+(\w+))?",
        after,
    )
    if m:  # "an increase of 7.44 per cent in imports", "… in merchandise exports"
        for word in filter(None, m.groups()):
            for pat, metric in _METRIC_RES:
                if metric in {"exports", "imports", "total"} and pat.fullmatch(word):
                    return metric
    clause = t[a:b]
    hits = []
    for pat, metric in _METRIC_RES:
        for m in pat.finditer(clause):
            hits.append((a + m.start(), metric))
    if any(m == "balance" for _, m in hits):
        return "balance"
    before = [h for h in hits if h[0] < fig.start]
    if before:
        # the closest word before the figure; "imports … trade" prefers the flow word
        _, metric = max(before, key=lambda h: h[0])
        flows = [h for h in before if h[1] in {"exports", "imports", "share", "tariff"}]
        if metric == "total" and flows and "trade" not in t[flows[-1][0] : fig.start].lower():
            return flows[-1][1]
        return metric
    later = [h for h in hits if h[0] > fig.start]
    return min(later)[1] if later else None


def _growth_sign(t: str, a: int, fig: _Figure) -> float:
    window = t[max(a, fig.start - 60) : fig.start]
    up = [m.end() for m in _GROWTH_UP.finditer(window)]
    down = [m.end() for m in _GROWTH_DOWN.finditer(window)]
    if down and (not up or max(down) > max(up)):
        return -1.0
    return 1.0


def _is_growth_pct(t: str, a: int, b: int, fig: _Figure) -> bool:
    window = t[max(a, fig.start - 60) : min(b, fig.end + 25)]
    return bool(_GROWTH_UP.search(window) or _GROWTH_DOWN.search(window))


@dataclass
class _Parties:
    reporter: str | None = None
    partner: str | None = None
    note: str = ""


def _after_word(t: str, cs: list[_Country], word: str, lo: int, hi: int) -> _Country | None:
    """The first country right after 'word' (to/from/with/on) between lo and hi."""
    for m in re.finditer(rf"\b{word}\s+(?:the\s+)?", t[lo:hi], re.I):
        p = lo + m.end()
        for c in cs:
            if c.possessive:
                continue  # "with India's oil imports": a subject, not a partner
            if c.start == p or (
                0 <= c.start - p <= 14 and re.fullmatch(r"(?:[a-z-]+\s+){0,2}", t[p : c.start])
            ):
                return c
    return None


def _parties(t: str, cs: list[_Country], metric: str, a: int, b: int, fig: _Figure) -> _Parties:
    """Reporter and partner of a figure, from the constructions reporters use."""
    in_clause = [c for c in cs if a <= c.start < b]
    pool = in_clause or cs
    distinct = list(dict.fromkeys(c.iso3 for c in pool))
    allc = list(dict.fromkeys(c.iso3 for c in cs))
    poss = [c for c in pool if c.possessive] or [c for c in cs if c.possessive]
    out = _Parties()
    if metric in {"exports", "imports"}:
        to = _after_word(t, cs, "to", a, b) if metric == "exports" else None
        frm = _after_word(t, cs, "from", a, b)
        target = to if metric == "exports" else frm
        out.partner = target.iso3 if target else None
        # the flow word this figure speaks of: the last one before it, else the first after
        flow_re = re.compile(
            r"\b(?:export(?:s|ed)?|shipped|shipments)\b"
            if metric == "exports"
            else r"\b(?:import(?:s|ed)?|purchases|bought)\b",
            re.I,
        )
        words = list(flow_re.finditer(t, a, b))
        earlier = [m for m in words if m.start() < fig.start]
        kw = earlier[-1] if earlier else (words[0] if words else None)
        src = (
            frm
            if metric == "exports" and frm is not None and (to is None or frm.start < to.start)
            else None
        )
        if src is not None:
            out.reporter = src.iso3  # "exports from <A> to <B>"
        elif kw is not None:
            # "<A>'s (total) exports", "Indian goods exports", "<A> exported … to <B>":
            # the nearest country before the flow word that is not the partner
            before_kw = [
                c for c in pool if c.end <= kw.start() and (target is None or c.iso3 != target.iso3)
            ]
            attached = [
                c
                for c in before_kw
                if re.fullmatch(r"(?:'s|')?\s*(?:[A-Za-z-]+\s+){0,2}", t[c.end : kw.start()])
            ]
            pick = attached[-1] if attached else (before_kw[-1] if before_kw else None)
            out.reporter = pick.iso3 if pick else None
        if out.reporter is None:
            cand = [c for c in (poss or pool) if target is None or c.iso3 != target.iso3]
            out.reporter = cand[0].iso3 if cand else None
        if out.partner is None and metric == "imports":
            # "imports of Russian oil": a demonym right before the product
            m = re.search(r"\bof\s+(\w+)\s+(?:crude|oil|gas|coal|goods|energy)", t[a:b])
            if m:
                hit = [c for c in cs if c.word == m.group(1)]
                out.partner = hit[0].iso3 if hit else None
    elif metric == "share":
        m = re.search(r"share\s+of\s+(?:the\s+)?", t[a:b], re.I)
        of = [c for c in pool if c.possessive and m and c.start > a + m.end() - 1]
        owner = [c for c in pool if c.possessive and (not m or c.start < a + m.start())]
        if m and of:
            out.reporter, out.partner = of[0].iso3, (owner[0].iso3 if owner else None)
        else:
            # "<A> made up X% of <B>'s exports"
            after = [c for c in pool if c.possessive and c.start > fig.end]
            before = [c for c in pool if c.start < fig.start]
            out.reporter = after[0].iso3 if after else None
            out.partner = before[0].iso3 if before else None
    elif metric == "tariff":
        imposer = None
        for c in cs:
            near = t[c.end : c.end + 40].lower()
            if re.match(
                r"^\.?\s*(?:additional\s+|reciprocal\s+|punitive\s+|secondary\s+)*"
                r"(?:tariffs?|duties|duty|levies)",
                near,
            ):
                imposer = c
                break
        if imposer is None:
            imposer = (
                _after_word(t, cs, "imposed by", 0, len(t))
                or _after_word(t, cs, "shipped to", 0, len(t))
                or _after_word(t, cs, "by", 0, len(t))
            )
        target = next((c for c in cs if imposer is None or c.iso3 != imposer.iso3), None)
        out.reporter = imposer.iso3 if imposer else None
        out.partner = target.iso3 if target else None
        out.note = "tariff: reporter = the country that imposes it, partner = the one facing it"
    else:  # total and balance
        w = _after_word(t, cs, "with", a, b) or _after_word(t, cs, "with", 0, len(t))
        if metric == "balance" and w is not None:
            out.partner = w.iso3
            holders = [c for c in poss if c.iso3 != w.iso3]
            others = [x for x in allc if x != w.iso3]
            out.reporter = holders[0].iso3 if holders else (others[0] if others else None)
        elif metric == "balance" and len(allc) >= 2:
            holder = poss[0].iso3 if poss else None
            if holder is None:
                holder = allc[0]
                out.note = f"deficit taken as {holder}'s (the first country named)"
            out.reporter = holder
            out.partner = next(x for x in allc if x != holder)
        elif metric == "balance":
            out.reporter = (poss[0].iso3 if poss else None) or (allc[0] if allc else None)
        elif w is not None:
            out.partner = w.iso3
            others = [x for x in (distinct + allc) if x != w.iso3]
            out.reporter = (poss[0].iso3 if poss and poss[0].iso3 != w.iso3 else None) or (
                others[0] if others else None
            )
        else:
            pair = distinct if len(distinct) >= 2 else allc
            if len(pair) >= 2:
                out.reporter, out.partner = pair[0], pair[1]
            elif pair:
                out.reporter = pair[0]
    return out


def _metric_before(t: str, clauses: list[tuple[int, int]], pos: int) -> str | None:
    """The metric of the nearest earlier clause that names one (flow words, not balance
    words that belong to their own figure)."""
    for a, b in reversed([c for c in clauses if c[1] <= pos]):
        clause = t[a:b]
        hits = [
            (m.start(), metric == "balance", metric)
            for pat, metric in _METRIC_RES
            for m in pat.finditer(clause)
            if metric in {"total", "exports", "imports", "balance"}
        ]
        if hits:
            return max(hits)[2]
    return None


def _record_figures(t: str, figs: list[_Figure]) -> list[_Figure]:
    """The figure each "record"/"all-time high" speaks of: the first money figure after
    it (within 60 characters, no other figure between), else the one just before it."""
    out = []
    for m in _RECORD.finditer(t):
        after = [f for f in figs if f.kind == "money" and 0 <= f.start - m.end() <= 60]
        between = [
            f for f in figs if m.end() <= f.start and (not after or f.start < after[0].start)
        ]
        if after and not between:
            out.append(after[0])
            continue
        before = [f for f in figs if f.kind == "money" and 0 <= m.start() - f.end <= 40]
        if before:
            out.append(before[-1])
    return out


def _check_pair_names(t: str, cs: list[_Country]) -> None:
    """ "India–Rusia trade": a pair written as A–B before 'trade' whose names are not
    countries raises UnknownCodeError with close matches."""
    m = re.search(
        rf"({_COUNTRY_WORDS})\s*[–—-]\s*({_COUNTRY_WORDS})\s+(?:bilateral\s+)?"
        r"(?:trade|commerce|relations)",
        t,
    )
    if not m:
        return
    for g, role in ((1, "reporter"), (2, "partner")):
        word = m.group(g)
        if any(c.start >= m.start(g) and c.end <= m.end(g) for c in cs):
            continue
        if word.split()[-1] in {"Bilateral", "Total", "The", "Overall"}:
            continue
        if word in _BLOCS:
            continue
        _resolve(word.split()[-1] if g == 1 and len(word.split()) > 1 else word, role)


def _product(t: str, a: int, b: int, fig: _Figure, metric: str) -> str | None:
    if metric not in {"exports", "imports", "share"}:
        return None
    for m in _PRODUCT_BEFORE_FLOW.finditer(t[a:b]):
        if a + m.start() < fig.start:
            word = m.group(1).lower()
            for pat, group in _PRODUCTS.items():
                if re.fullmatch(pat, word):
                    return group
    return None


def _missing(what: list[str], text: str) -> ClaimError:
    hints = {
        "metric": "say what the figure is: 'trade', 'exports to', 'imports from', 'deficit'",
        "reporter": "name both countries, e.g. 'India's exports to Russia'",
        "partner": "name both countries, e.g. 'India–Russia trade' or 'trade with Russia'",
        "period": "say the period, e.g. 'in FY2024-25', 'in the year ended March 2025', 'in 2023'",
    }
    return ClaimError(
        f"cannot tell the {' and '.join(what)} of {text!r}",
        column=what[0],
        fix="; ".join(hints[w] for w in what)
        + " (or give a [context] with reporter, partner and period)",
    )


def _relative(p: _Period, as_of: date | None, main: str | None) -> tuple[str | None, str]:
    """A relative period resolved against the article date (India's April–March year)."""
    if as_of is None:
        return None, ""
    cur = as_of.year if as_of.month >= 4 else as_of.year - 1
    if p.kind == "relative-last":
        return _fy_label(
            cur - 1
        ), f"'{p.text}' read as FY{cur - 1}-{cur % 100:02d} (before {as_of})"
    if p.kind == "relative-last-year":
        return str(as_of.year - 1), f"'{p.text}' read as {as_of.year - 1} (before {as_of})"
    return None, ""


def _previous(label: str) -> str:
    m = re.fullmatch(r"FY(\d{4})-\d{2}", label)
    if m:
        return _fy_label(int(m.group(1)) - 1)
    return str(int(label) - 1) if label.isdigit() else label


def _shift(label: str, years: int) -> str:
    m = re.fullmatch(r"FY(\d{4})-\d{2}", label)
    if m:
        return _fy_label(int(m.group(1)) - years)
    return str(int(label) - years) if label.isdigit() else label


_COMPARE_BEFORE = re.compile(
    r"\b(?:from|compared\s+(?:to|with)|against|than|versus|over|since|up\s+from|down\s+from)\b"
    r"[^;]{0,40}$",
    re.I,
)


def _pick_period(
    t: str,
    fig: _Figure,
    metric: str,
    pers: list[_Period],
    figs: list[_Figure],
    clause: tuple[int, int],
    done: list[Claim],
    *,
    as_of: date | None,
    has_context: bool,
    context_period: str | None = None,
) -> tuple[str | None, int | None, str | None, list[str]]:
    """(period, fy_start_month, base_period, notes) of one figure.

    The period written right after the figure ("$86.51 billion in FY25") wins; else the
    nearest one before it in the sentence with no other figure in between ("In 2024-25,
    India's exports … were $86.5 billion"); else the sentence's only period. A relative
    period ("the previous year") next to a comparison is the year before the sentence's
    main period; otherwise it needs the article's date. Growth takes the latest period of
    the sentence and, as base, the period after "from/compared to/since"."""
    notes: list[str] = []
    others = [f for f in figs if f is not fig and f.kind in {"money", "pct", "times"}]
    usable = [p for p in pers if p.kind not in {"part-year", "target", "error"}]
    absolute = [p for p in usable if p.kind in {"fiscal", "fiscal-ending", "calendar"}]

    def clear(x: int, y: int) -> bool:
        return not any(x <= f.start < y for f in others)

    def after(p: _Period) -> bool:
        return (
            p.start >= fig.end
            and p.start - fig.end <= 40
            and clear(fig.end, p.start)
            and (not re.search(r"[;]|\bwhile\b|\bwhereas\b", t[fig.end : p.start]))
        )

    def resolve(p: _Period) -> tuple[str | None, int | None, str]:
        if p.kind in {"fiscal", "fiscal-ending", "calendar", "since"}:
            return p.label, p.fy_start_month, p.note
        # relative: the year before the sentence's main period when it is a comparison
        mains = [x for x in absolute if x is not p]
        comparison = bool(re.search(r"previous|preceding|prior|last|earlier", p.text)) and bool(
            _COMPARE_BEFORE.search(t[max(0, p.start - 60) : p.start])
        )
        if comparison and mains:
            main = max(mains, key=lambda x: x.label or "")
            lab = _previous(main.label or "")
            return (
                lab,
                main.fy_start_month,
                f"'{p.text}' read as {lab} (the year before {main.label})",
            )
        rel_label, note = _relative(p, as_of, None)
        if rel_label is not None:
            return rel_label, p.fy_start_month, note
        if mains and not has_context:
            main = max(mains, key=lambda x: x.label or "")
            return (
                main.label,
                main.fy_start_month,
                (f"'{p.text}' read as {main.label}, the period the sentence names"),
            )
        if has_context:
            return None, None, ""
        raise ClaimError(
            f"'{p.text}' depends on when it was written",
            column="period",
            fix="give the article's date (as_of / --date) or write the year, e.g. 'in FY2024-25'",
        )

    base: str | None = None
    if metric == "growth":
        nxt = [
            p
            for p in usable
            if after(p) and not _COMPARE_BEFORE.search(t[max(0, p.start - 60) : p.start])
        ]
        cand = nxt[0] if nxt and nxt[0].kind != "since" else None
        if cand is None and absolute:
            cand = max(absolute, key=lambda x: x.label or "")
            if len({x.label for x in absolute}) > 1:
                notes.append(f"growth to {cand.label}: the latest period the sentence names")
            elif _COMPARE_BEFORE.search(t[max(0, cand.start - 60) : cand.start]):
                lab = _shift(cand.label or "", -1)
                notes.append(f"growth to {lab}: the year after the comparison year {cand.label}")
                return lab, cand.fy_start_month, cand.label, notes
        if cand is None:
            rel = [p for p in usable if p.kind.startswith("relative")]
            cand = rel[0] if rel else None
        period, fy, note = resolve(cand) if cand else (None, None, "")
        if period is None and context_period:
            period, fy = context_period, 4 if context_period.startswith("FY") else 1
            note = f"period {period} from the context"
        if note:
            notes.append(note)
        # base: the period after "from/compared to/since/over", not the growth's own
        for p in usable:
            if p is cand or p.label == period:
                continue
            if _COMPARE_BEFORE.search(t[max(0, p.start - 60) : p.start]) or p.kind == "since":
                base, _, bnote = resolve(p) if p.kind != "since" else (p.label, None, "")
                if bnote:
                    notes.append(bnote)
                break
        if base is None and period:
            m = re.search(
                r"\b(?:in|over)\s+(?:the\s+)?(?:last\s+|past\s+)?(\w+)\s+years\b", t, re.I
            )
            k = (
                (
                    _WORD_NUMBERS.get(m.group(1).lower())
                    or (int(m.group(1)) if m.group(1).isdigit() else None)
                )
                if m
                else None
            )
            if k:
                base = _shift(period, k)
                notes.append(f"over {k} years: since {base}")
        return period, fy, base, notes
    nxt = [p for p in usable if after(p) and p.kind != "since"]
    if nxt:
        period, fy, note = resolve(nxt[0])
        return period, fy, None, [note] if note else []
    before = [
        p for p in usable if p.end <= fig.start and clear(p.end, fig.start) and p.kind != "since"
    ]
    if before:
        period, fy, note = resolve(before[-1])
        return period, fy, None, [note] if note else []
    labels = {p.label for p in absolute}
    if len(labels) == 1:
        p = absolute[0]
        cmp = _COMPARE_BEFORE.search(t[max(0, p.start - 60) : p.start])
        if cmp and fig.start < max(0, p.start - 60) + cmp.start():
            # "… to $86.51 billion, compared to $77.52 billion in 2023-24": this figure is
            # the year after the comparison year
            lab = _shift(p.label or "", -1)
            return (
                lab,
                p.fy_start_month,
                None,
                [f"period {lab} taken as the year after the comparison year {p.label}"],
            )
        return p.label, p.fy_start_month, None, [p.note] if p.note else []
    rel = [p for p in usable if p.kind.startswith("relative")]
    if len(labels) == 0 and rel:
        period, fy, note = resolve(rel[0])
        return period, fy, None, [note] if note else []
    if len(labels) > 1:
        # a comparison figure with its period before it ("$35.32 billion in the previous
        # year" was handled above); otherwise the latest period of the sentence
        later = [p for p in absolute if p.start > fig.end]
        if later and re.search(
            r"\b(?:compared|against|than|from|up\s+from)\b", t[fig.end : later[0].start], re.I
        ):
            lab = _shift(later[0].label or "", -1)
            return (
                lab,
                later[0].fy_start_month,
                None,
                [f"period {lab} taken as the year after the comparison year {later[0].label}"],
            )
        latest = max(absolute, key=lambda x: x.label or "")
        return (
            latest.label,
            latest.fy_start_month,
            None,
            [f"period {latest.label}: the latest the sentence names"],
        )
    return None, None, None, notes
