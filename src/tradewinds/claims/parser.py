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
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from itertools import pairwise
from typing import Any

from tradewinds.errors import DataValidationError, UnknownCodeError

METRICS = ("total", "exports", "imports", "balance", "share", "growth", "tariff")
_MONTH_NAMES = [
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
]
_MONTHS = {m: i for i, m in enumerate(_MONTH_NAMES, start=1)}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_MONTH_RE = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
)
_WORD_NUMBERS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
}
_MULTIPLE_VERBS = {"doubled": 2.0, "tripled": 3.0, "trebled": 3.0, "quadrupled": 4.0}
_COUNTRY_WORDS = r"[A-Z][A-Za-z\u00C0-\u024F.]+(?:\s+[A-Z][A-Za-z\u00C0-\u024F.]+)?"
_BLOCS = {
    "EU": "the European Union",
    "European Union": "the European Union",
    "EAEU": "the Eurasian Economic Union",
    "Eurasian Economic Union": "the Eurasian Economic Union",
    "ASEAN": "ASEAN",
    "BRICS": "BRICS",
    "G7": "the G7",
}


class ClaimError(DataValidationError):
    """A claim that cannot be read as given: names what is missing and how to write it."""


@dataclass(frozen=True)
class Claim:
    """One figure of a sentence, in structured form (see the module docstring)."""

    text: str
    metric: str | None = None
    reporter: str | None = None
    partner: str | None = None
    product_group: str | None = None
    period: str | None = None  # "2023" or "FY2024-25"
    fy_start_month: int | None = None
    value: float | None = None
    unit: str | None = None  # usd_bn | usd_mn | pct | times | pp
    record: bool = False
    source: str = ""
    understood: tuple[str, ...] = field(default=())
    qualifier: str = "exact"  # exact | about | nearly | more than | less than | up to
    base_metric: str | None = None  # growth: of what (total, exports, imports, balance)
    base_period: str | None = None  # growth: since when (None: the previous period)
    flow: str | None = None  # share: of the reporter's exports or imports
    sign_known: bool = True  # False: a deficit whose holder the sentence does not say
    figure: str = ""  # the figure as written ("$68.7 billion"): its precision sets the tolerance
    checkable: bool = True
    why_not: str = ""  # why a recognised statement cannot be checked

    @property
    def value_bn(self) -> float | None:
        """The value in US$ billion for money claims (None otherwise)."""
        if self.value is None:
            return None
        return {"usd_bn": self.value, "usd_mn": self.value / 1000.0}.get(self.unit or "")

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
                "qualifier",
                "base_metric",
                "base_period",
                "flow",
                "sign_known",
                "figure",
                "checkable",
                "why_not",
            )
        }


# ----------------------------------------------------------------- lexicons


@cache
def _country_lexicon() -> tuple[re.Pattern[str], dict[str, str]]:
    """One regex over every country word (names, aliases, capitals, demonyms)."""
    import pandas as pd

    from tradewinds.io.codes import countries
    from tradewinds.io.embedded import data_path

    words: dict[str, str] = {}
    t = countries().table
    for r in t.to_dict("records"):
        if r.get("historic") == "1":
            continue
        for w in [r["name"], *filter(None, str(r["aliases"]).split("|"))]:
            w = re.sub(r"^the\s+", "", str(w).strip())
            if len(w) >= 4 and w[0].isupper() and "*" not in w and "(" not in w:
                words.setdefault(w, r["iso3"])
    extra = pd.read_csv(data_path("claims", "country_words.csv"), dtype=str)
    for w, iso in zip(extra["word"], extra["iso3"], strict=True):
        words[w] = iso  # the hand-written words win (e.g. "US" is the United States)
    alts = sorted(words, key=len, reverse=True)
    body = "|".join(re.escape(w) for w in alts)
    # no letter on either side; "U.S." ends with a dot, so no \b after it
    pat = re.compile(rf"(?<![A-Za-z])(?:{body})(?![A-Za-z])")
    return pat, words


_BLOC_RE = re.compile(r"(?<![A-Za-z])(" + "|".join(map(re.escape, _BLOCS)) + r")(?![A-Za-z])")
_POSSESSIVE = re.compile(r"^(?:'s|’s|'|’)")

_METRIC_WORDS: dict[str, str] = {
    r"\b(?:trade\s+)?deficits?\b": "balance",
    r"\b(?:trade\s+)?surplus(?:es)?\b": "balance",
    r"\b(?:trade\s+)?imbalances?\b": "balance",
    r"\btrade\s+gap\b": "balance",
    r"\bexport(?:s|ed|ing)?\b": "exports",
    r"\bshipments?\b|\bshipped\b|\boutbound\b": "exports",
    r"\bimport(?:s|ed|ing)?\b": "imports",
    r"\bpurchases?\b|\bbought\b|\binbound\b|\bimport\s+bill\b": "imports",
    r"\btrade\b|\bcommerce\b|\bturnover\b|\btraded\b": "total",
    r"\bshare\b|\bmade\s+up\b|\baccount(?:s|ed)?\s+for\b": "share",
    r"\btariffs?\b|\bdut(?:y|ies)\b|\blev(?:y|ies)\b": "tariff",
}
_METRIC_RES = [(re.compile(p, re.I), m) for p, m in _METRIC_WORDS.items()]
_TRADE_WORD = re.compile(
    r"\b(?:trade|exports?|imports?|exported|imported|deficit|surplus|imbalance|commerce|"
    r"turnover|shipments?|tariffs?|duty|duties)\b",
    re.I,
)
_GROWTH_UP = re.compile(
    r"\b(?:(?<!made\s)up|rose|rise|rising|risen|grew|grown|growth|increased?|increasing|jump(?:ed|s)?|"
    r"surg(?:ed|e)|climb(?:ed|s)?|soar(?:ed)?|widen(?:ed|ing)?|expanded|higher|gain(?:ed)?|"
    r"spurted|ballooning|ballooned|registering)\b",
    re.I,
)
_GROWTH_DOWN = re.compile(
    r"\b(?:down|fell|fall|falling|declin(?:ed|e|ing)|drop(?:ped|s)?|contract(?:ed|ion)|"
    r"slipped|plummeted|plunged|shrank|narrowed|dipped|lower|tumbled|slump(?:ed)?)\b",
    re.I,
)
_SHARE_WORDS = re.compile(
    r"\bshare\b|\bmade\s+up\b|\baccount(?:s|ed)?\s+for\b|%\s+of\s+\w+['’]s\b|"
    r"per\s?cent\s+of\s+\w+['’]s\b",
    re.I,
)
_RECORD = re.compile(
    r"\brecord\b|\ball[- ]time\s+high\b|\bhighest[- ]ever\b|\bhistoric(?:al)?\s+high\b|"
    r"\bnew\s+high\b|\bever\s+highest\b",
    re.I,
)
_JUDGEMENT = re.compile(
    r"\b(?:steadiest|strongest|closest|most\s+(?:stable|reliable|important|trusted)|"
    r"time[- ]tested|special\s+and\s+privileged|warmest|deepest|best\s+friends?)\b",
    re.I,
)
_TARGET = re.compile(
    r"\b(?:target(?:s|ed)?|goals?|aims?|aimed|aiming|ambition|ambitious|project(?:ed|ion|s)|"
    r"forecasts?|expected|expects?|plans?|planned|will|would|could|may|might|set\s+to|"
    r"on\s+track|potential(?:ly)?|toward|towards)\b",
    re.I,
)
_PRODUCTS = {
    r"crude(?:\s+oil)?|oil": "crude",
    r"pharma(?:ceuticals?)?|drugs?|medicines?": "pharmaceuticals",
    r"fertili[sz]ers?": "fertilisers",
    r"textiles?|garments?|apparel": "textiles",
    r"smartphones?|electronics?": "electronics",
    r"coal": "coal",
    r"gold": "gold",
    r"diamonds?": "diamonds",
    r"defen[cs]e": "defence",
}
_PRODUCT_BEFORE_FLOW = re.compile(
    r"\b(" + "|".join(_PRODUCTS) + r")\s+(?:and\s+\w+\s+)?(exports|imports|shipments|purchases)\b",
    re.I,
)


# ----------------------------------------------------------------- mentions


@dataclass(frozen=True, slots=True)
class _Figure:
    kind: str  # money | pct | times | rupee | price | bare
    start: int
    end: int
    value: float
    unit: str
    qualifier: str
    text: str


@dataclass(frozen=True, slots=True)
class _Period:
    start: int
    end: int
    label: str | None  # "FY2024-25", "2021"; None: relative or part-year
    fy_start_month: int | None
    kind: str  # fiscal | calendar | part-year | relative-last | relative-current | error
    text: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class _Country:
    start: int
    end: int
    iso3: str
    word: str
    possessive: bool


_NUM = r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_SCALE = r"(trillion|tn|billion|bn|bln|million|mn|mln)"
_SCALE_BN = {
    "trillion": 1000.0,
    "tn": 1000.0,
    "billion": 1.0,
    "bn": 1.0,
    "bln": 1.0,
    "million": 1.0,
    "mn": 1.0,
    "mln": 1.0,
}
_MONEY = re.compile(rf"(?:US\s?\$|USD|US\s+dollars?|\$)\s?{_NUM}(?:\s?-?\s?{_SCALE}\b)?", re.I)
_MONEY_WORDS = re.compile(rf"\b{_NUM}\s?{_SCALE}\s+(?:US\s+)?dollars?\b", re.I)
_RUPEE = re.compile(
    rf"(?:Rs\.?|INR|₹)\s?{_NUM}(?:\s?(lakh\s+crore|crore|lakh|billion|million))?", re.I
)
_PCT = re.compile(rf"{_NUM}\s?(%|per\s?cent\b|percent\b|pc\b|percentage\s+points?\b)", re.I)
_TIMES = re.compile(
    r"\b(\d+(?:\.\d+)?|" + "|".join(_WORD_NUMBERS) + r")[\s-]?(?:fold|times)\b", re.I
)
_MULT_VERB = re.compile(r"\b(" + "|".join(_MULTIPLE_VERBS) + r")\b", re.I)
_BARE = re.compile(rf"\b{_NUM}\s?{_SCALE}\b(?!\s+(?:US\s+)?dollars?)", re.I)
_NOT_MONEY_UNITS = re.compile(
    r"^\s*(?:barrels?|bpd|b/d|tonnes?|tons?|mt\b|people|persons?|workers?|migrants?|"
    r"indians|jobs|positions|visas?|permits?|users?|units?|vehicles?|cubic|litres?|kg)",
    re.I,
)
_QUALIFIERS = [
    (re.compile(r"\b(?:up\s+to)\s*$", re.I), "up to"),
    (re.compile(r"\b(?:nearly|almost|close\s+to|just\s+(?:under|shy\s+of))\s*$", re.I), "nearly"),
    (
        re.compile(
            r"\b(?:about|around|roughly|approximately|approx\.?|some|an\s+estimated|"
            r"estimated|~)\s*$",
            re.I,
        ),
        "about",
    ),
    (
        re.compile(
            r"\b(?:over|more\s+than|above|exceeding|in\s+excess\s+of|upwards\s+of|"
            r"at\s+least|surpassed|crossed|topped|exceeded|"
            r"beyond)\s*$",
            re.I,
        ),
        "more than",
    ),
    (re.compile(r"\b(?:under|less\s+than|below|at\s+most|short\s+of)\s*$", re.I), "less than"),
]


def _qualifier(text: str, start: int) -> str:
    before = re.sub(r"\s+an?\s*$", " ", text[max(0, start - 30) : start])  # "more than a five-fold"
    for pat, q in _QUALIFIERS:
        if pat.search(before):
            return q
    return "exact"


def _num(s: str) -> float:
    return float(s.replace(",", ""))


def _figures(t: str) -> list[_Figure]:
    out: list[_Figure] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    for m in _RUPEE.finditer(t):
        out.append(
            _Figure(
                "rupee",
                m.start(),
                m.end(),
                _num(m.group(1)),
                "inr",
                _qualifier(t, m.start()),
                m.group(0),
            )
        )
        taken.append(m.span())
    for m in _MONEY.finditer(t):
        if not free(*m.span()):
            continue
        v = _num(m.group(1))
        scale = (m.group(2) or "").lower()
        after = t[m.end() : m.end() + 16].lower()
        if re.match(r"\s*(?:per|a|/)\s*(?:barrel|bbl|tonne|ton|t\b|unit|kg)", after):
            out.append(_Figure("price", m.start(), m.end(), v, "usd", "exact", m.group(0)))
        elif not scale:
            out.append(_Figure("noscale", m.start(), m.end(), v, "", "exact", m.group(0)))
        else:
            unit = "usd_mn" if scale in {"million", "mn", "mln"} else "usd_bn"
            out.append(
                _Figure(
                    "money",
                    m.start(),
                    m.end(),
                    v * _SCALE_BN[scale],
                    unit,
                    _qualifier(t, m.start()),
                    m.group(0),
                )
            )
        taken.append(m.span())
    for m in _MONEY_WORDS.finditer(t):
        if not free(*m.span()):
            continue
        scale = m.group(2).lower()
        unit = "usd_mn" if scale in {"million", "mn", "mln"} else "usd_bn"
        out.append(
            _Figure(
                "money",
                m.start(),
                m.end(),
                _num(m.group(1)) * _SCALE_BN[scale],
                unit,
                _qualifier(t, m.start()),
                m.group(0),
            )
        )
        taken.append(m.span())
    for m in _PCT.finditer(t):
        if not free(*m.span()):
            continue
        unit = "pp" if "point" in m.group(2).lower() else "pct"
        out.append(
            _Figure(
                "pct",
                m.start(),
                m.end(),
                _num(m.group(1)),
                unit,
                _qualifier(t, m.start()),
                m.group(0),
            )
        )
        taken.append(m.span())
    for m in _TIMES.finditer(t):
        if not free(*m.span()):
            continue
        w = m.group(1).lower()
        v = float(_WORD_NUMBERS.get(w, 0) or _num(w))
        out.append(
            _Figure("times", m.start(), m.end(), v, "times", _qualifier(t, m.start()), m.group(0))
        )
        taken.append(m.span())
    for m in _MULT_VERB.finditer(t):
        if not free(*m.span()):
            continue
        out.append(
            _Figure(
                "times",
                m.start(),
                m.end(),
                _MULTIPLE_VERBS[m.group(1).lower()],
                "times",
                _qualifier(t, m.start()),
                m.group(0),
            )
        )
        taken.append(m.span())
    for m in _BARE.finditer(t):
        if not free(*m.span()) or _NOT_MONEY_UNITS.match(t[m.end() :]):
            continue
        before = t[max(0, m.start() - 2) : m.start()]
        if "$" in before:
            continue
        out.append(_Figure("bare", m.start(), m.end(), _num(m.group(1)), "", "exact", m.group(0)))
        taken.append(m.span())
    return sorted(out, key=lambda f: f.start)


def _countries(t: str) -> list[_Country]:
    pat, words = _country_lexicon()
    out = []
    for m in pat.finditer(t):
        w = m.group(0)
        if w == "US" and t[max(0, m.start() - 1) : m.start()] == "$":
            continue  # "US$" is a currency
        if w in {"US", "USA"} and re.match(r"\s?\$", t[m.end() : m.end() + 2]):
            continue
        poss = bool(_POSSESSIVE.match(t[m.end() : m.end() + 2]))
        out.append(_Country(m.start(), m.end(), words[w], w, poss))
    return out


def _fy_label(start_year: int, start_month: int = 4) -> str:
    if start_month == 1:
        return str(start_year)
    return f"FY{start_year}-{(start_year + 1) % 100:02d}"


def _periods(t: str) -> list[_Period]:
    """Every period expression of a sentence, with its kind; overlapping forms are read once
    (the longest, most specific first)."""
    low = t.lower()
    out: list[_Period] = []
    taken: list[tuple[int, int]] = []

    def add(
        m: re.Match[str], label: str | None, fsm: int | None, kind: str, note: str = ""
    ) -> None:
        if all(m.end() <= a or m.start() >= b for a, b in taken):
            out.append(_Period(m.start(), m.end(), label, fsm, kind, m.group(0), note))
            taken.append(m.span())

    # the (fiscal) year ended/ending/to March 2025
    for m in re.finditer(
        r"(?:fiscal\s+|financial\s+)?year\s+(?:that\s+)?(?:ended|ending|ends|to)\s+(?:on\s+)?"
        rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?({_MONTH_RE})"
        r"(?:\s+\d{1,2}(?:st|nd|rd|th)?,?(?=\s+\d{4}))?(?:\s+(\d{4}))?",
        low,
    ):
        end_month = _MONTHS[m.group(1).rstrip(".")]
        sm = end_month % 12 + 1
        if m.group(2):
            ey = int(m.group(2))
            sy = ey - 1 if sm > 1 else ey
            add(m, _fy_label(sy, sm), sm, "fiscal" if sm > 1 else "calendar")
        else:
            add(m, None, sm, "relative-last")
    # April 2022 to/and March 2023; April 2022-March 2023
    for m in re.finditer(
        rf"({_MONTH_RE})\s+(\d{{4}})\s*(?:-|–|—|to|and|through|till|until)\s*({_MONTH_RE})"
        r"\s+(\d{4})",
        low,
    ):
        m1, y1 = _MONTHS[m.group(1).rstrip(".")], int(m.group(2))
        m2, y2 = _MONTHS[m.group(3).rstrip(".")], int(m.group(4))
        n = (y2 * 12 + m2) - (y1 * 12 + m1) + 1
        if n == 12:
            add(m, _fy_label(y1, m1), m1, "fiscal" if m1 > 1 else "calendar")
        else:
            add(m, None, None, "part-year", note=f"{n} months")
    # April-December, between April and August (a part of a year unless 12 months)
    for m in re.finditer(
        rf"(?:between\s+)?({_MONTH_RE})\s*(?:-|–|—|to|and|till|until|through)\s*({_MONTH_RE})"
        r"(?:\s+(?:period|\d{4}))?",
        low,
    ):
        m1, m2 = _MONTHS[m.group(1).rstrip(".")], _MONTHS[m.group(2).rstrip(".")]
        n = (m2 - m1) % 12 + 1
        if n == 12:
            taken.append(m.span())  # "(April-March)" just restates a fiscal year
        else:
            add(m, None, None, "part-year", note=f"{n} months")
    for m in re.finditer(
        r"\bfirst\s+(?:half|quarter|(?:\w+|\d+)\s+months)\b|\b(?:in|during|over)\s+(?:the\s+)?"
        r"(?:past\s+|first\s+|last\s+)?(?:\w+|\d+)\s+months\b|\bh[12]\b|\bq[1-4]\b|"
        r"\byear[- ]to[- ]date\b|\bso\s+far\s+(?:this|in)\b",
        low,
    ):
        add(m, None, None, "part-year")
    # FY labels
    for m in re.finditer(r"\bfy\s?'?(\d{4})\s?[-–/]\s?(\d{2,4})\b", low):
        a, b = int(m.group(1)), int(m.group(2))
        if b % 100 == (a + 1) % 100:
            add(m, _fy_label(a), 4, "fiscal")
        else:
            add(
                m,
                None,
                None,
                "error",
                note=f"'{m.group(0).upper().replace(' ', '')}' is not one fiscal year "
                f"(FY{a}-{(a + 1) % 100:02d} is; a span of years is not a period here)",
            )
    for m in re.finditer(r"\bfy\s?'?(\d{2}|\d{4})\b(?!\s?[-–/]\s?\d)", low):
        y = int(m.group(1))
        y = y + 2000 if y < 100 else y
        add(
            m,
            _fy_label(y - 1),
            4,
            "fiscal",
            note=f"{m.group(0).upper()} read as India's FY{y - 1}-{y % 100:02d} "
            f"(April {y - 1} – March {y})",
        )
    for m in re.finditer(r"\bfiscal\s+(?:year\s+)?(\d{4})\b(?!\s?[-–/]\s?\d)", low):
        y = int(m.group(1))
        add(
            m,
            _fy_label(y - 1),
            4,
            "fiscal-ending",
            note=f"'fiscal {y}' read as India's FY{y - 1}-{y % 100:02d} (the year ending "
            f"March {y})",
        )
    for m in re.finditer(r"\b(\d{4})\s?[-–/]\s?(\d{2}|\d{4})\b", low):
        a, b = int(m.group(1)), int(m.group(2))
        if not 1900 <= a <= 2100:
            continue
        if b % 100 == (a + 1) % 100 and (b < 100 or b == a + 1):
            add(m, _fy_label(a), 4, "fiscal")
        elif b < 100 and 1 <= b <= 12 and "-" in m.group(0):
            add(m, None, None, "part-year", note="a month")
        else:
            add(
                m,
                None,
                None,
                "error",
                note=f"'{m.group(0)}' is not one fiscal year (a fiscal year is like "
                f"{a}-{(a + 1) % 100:02d})",
            )
    # relative periods
    for m in re.finditer(
        r"\b(?:the\s+)?(?:last|previous|past|preceding|prior|just[- ]ended|just[- ]concluded|"
        r"recently\s+concluded)\s+(?:fiscal|financial)(?:\s+year)?\b|\blast\s+fiscal\b|"
        r"\bthe\s+fiscal\s+year\s+that\s+ended\b",
        low,
    ):
        add(m, None, 4, "relative-last")
    for m in re.finditer(
        r"\b(?:this|the\s+current|current)\s+(?:fiscal|financial)(?:\s+year)?\b", low
    ):
        add(m, None, 4, "relative-current")
    for m in re.finditer(r"\b(?:last|previous|the\s+previous)\s+year\b", low):
        add(m, None, 1, "relative-last-year")
    # dates and months are not periods of annual figures
    for m in re.finditer(
        rf"\b(?:\d{{1,2}}\s+{_MONTH_RE}\s+\d{{4}}|{_MONTH_RE}\s+\d{{1,2}},?\s+\d{{4}})\b", low
    ):
        taken.append(m.span())
    for m in re.finditer(rf"\b(?:in|during|for)\s+({_MONTH_RE})(?:\s+(\d{{4}}))?\b", low):
        if m.group(1).rstrip(".") in _MONTHS and m.group(1) not in {"may", "mar"}:
            add(m, None, None, "part-year", note="a month")
    # calendar years (not "since 1945", not a target "by 2030")
    for m in re.finditer(r"\b(19\d{2}|20\d{2})\b", low):
        before = low[max(0, m.start() - 8) : m.start()]
        if re.search(r"\bsince\s+$|\bafter\s+$", before):
            add(m, m.group(1), 1, "since")
        elif re.search(r"\bby\s+$|\buntil\s+$|\btill\s+$", before):
            add(m, m.group(1), 1, "target")
        else:
            add(m, m.group(1), 1, "calendar")
    return sorted(out, key=lambda p: p.start)


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


def with_context(claim: Claim, **kw: Any) -> Claim:
    return replace(claim, **kw)


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
