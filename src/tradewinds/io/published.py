"""The table of published headline figures (``data/published_figures.csv``)."""

from __future__ import annotations

from functools import cache

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
