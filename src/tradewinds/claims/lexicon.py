"""What a sentence mentions: figures (money, percentages, multiples), countries (names,
capitals, demonyms) and periods (fiscal and calendar years, part-years, relative years),
each with its position, and the word lists that find them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from tradewinds.claims.model import (
    _BLOCS,
    _MONTH_RE,
    _MONTHS,
    _MULTIPLE_VERBS,
    _WORD_NUMBERS,
)


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
