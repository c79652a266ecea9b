"""Claims: structured published figures, a parser for common phrasings, and checks."""

from tradewinds.claims.parser import Claim, ClaimError, parse_claim

__all__ = ["Claim", "ClaimError", "parse_claim"]
