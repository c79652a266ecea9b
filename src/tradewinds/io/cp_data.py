"""Reading the embedded Caliendo & Parro (2015) model inputs."""

from __future__ import annotations

from functools import cache

import numpy as np

from tradewinds.io.embedded import data_path

_FILES = ("xbilat1993", "tariffs1993", "tariffs2005", "GO", "B", "IO", "T")


@cache
def cp_inputs() -> dict[str, np.ndarray]:
    """The CP text files as arrays (xbilat in USD: the file's thousands × 1000)."""
    out = {n: np.loadtxt(data_path("caliendo_parro_2015", f"{n}.txt.gz")) for n in _FILES}
    out["xbilat1993"] = out["xbilat1993"] * 1000.0
    return out


@cache
def cp_sector_map() -> dict[int, list[str]]:
    """HS prefixes → CP tradable sectors (``data/cp_sectors.toml``)."""
    import tomllib

    with data_path("cp_sectors.toml").open("rb") as fh:
        doc = tomllib.load(fh)
    return {int(k): [str(x) for x in v] for k, v in doc["sectors"].items()}
