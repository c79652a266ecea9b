"""The table of published headline figures (``data/published_figures.csv``)."""

from __future__ import annotations

import pandas as pd

from tradewinds.io.embedded import data_path


def load_published_figures() -> pd.DataFrame:
    """Published figures with their sources; tag S = stated, D = derived from stated."""
    t = pd.read_csv(data_path("published_figures.csv"), dtype={"period": str})
    return t
