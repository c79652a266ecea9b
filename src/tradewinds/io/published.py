"""The table of published headline figures (``data/published_figures.csv``)."""

from __future__ import annotations

from functools import cache, lru_cache

import pandas as pd

from tradewinds.io.embedded import data_path


def load_published_figures() -> pd.DataFrame:
    """Published figures with their sources; tag S = stated, D = derived from stated.

    The file is parsed once per process (every balance shows the pair's figures); each
    call gets its own copy, so a caller's changes never reach the next one."""
    return _published().copy()


@cache
def _published() -> pd.DataFrame:
    return pd.read_csv(data_path("published_figures.csv"), dtype={"period": str})


def published_for_pair(reporter: str, partner: str) -> pd.DataFrame:
    """The published figures of one pair (cut once per process and pair; each call gets
    its own frame, so a caller's changes never reach the next one)."""
    return _pair(reporter, partner).copy(deep=False)  # copy-on-write: the rows stay apart


@lru_cache(maxsize=256)
def _pair(reporter: str, partner: str) -> pd.DataFrame:
    t = _published()
    return t[(t["reporter"] == reporter) & (t["partner"] == partner)].reset_index(drop=True)
