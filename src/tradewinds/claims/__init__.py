"""Claims: structured published figures, a parser for reporters' phrasings, and checks."""

from tradewinds.claims.check import Verdict, judge, official_series
from tradewinds.claims.parser import (
    Claim,
    ClaimError,
    Finding,
    find_claims,
    parse_claim,
    parse_claims,
    split_sentences,
)

__all__ = [
    "Claim",
    "ClaimError",
    "Finding",
    "Verdict",
    "find_claims",
    "judge",
    "official_series",
    "parse_claim",
    "parse_claims",
    "split_sentences",
]
