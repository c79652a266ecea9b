"""Paths of the data that ships inside the package (``tradewinds/data``)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def data_path(*parts: str) -> Path:
    """Path of an embedded data file, e.g. ``data_path("world2023", "gdp.csv")``."""
    return Path(str(files("tradewinds.data").joinpath(*parts)))


WORLD2023_DIR = "world2023"
EIDB_FILE = ("india_eidb", "india_exports_hs8_to_RUS_USA_fy2018-19_2024-25.csv.gz")
