"""A claim in structured form, the error a claim that cannot be read raises, and the
words the parser knows (metrics, months, numbers in words, country groups)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tradewinds.errors import DataValidationError

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
