"""Test helpers for tradewinds and for code built on it: toy worlds that run scenarios
without the store (:mod:`.toy`) and hypothesis strategies for trade data
(:mod:`.strategies`, needs ``hypothesis``).

Nothing in tradewinds itself imports this package."""

from tradewinds.testing.toy import ToyInputs, toy_icio, toy_world

__all__ = ["ToyInputs", "toy_icio", "toy_world"]
