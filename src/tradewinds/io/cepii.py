"""CEPII GeoDist distances for the world 2023 countries (embedded subset)."""

from __future__ import annotations

from functools import cache

import pandas as pd

from tradewinds.io.embedded import data_path


@cache
def distances() -> pd.DataFrame:
    """iso_o, iso_d, km (population-weighted distw where CEPII has it, else dist)."""
    d = pd.read_csv(data_path("cepii", "dist_world2023.csv.gz"))
    d["km"] = d["distw"].fillna(d["dist"])
    return d[["iso_o", "iso_d", "km", "contig", "comlang_off"]]
