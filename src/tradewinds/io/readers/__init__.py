"""Readers: each turns one source format into a :class:`DatasetSpec` for the store.

Every reader validates before anything is registered and raises
:class:`DataValidationError` naming the file, row (1-based line, header = 1),
column and the fix.
"""

from tradewinds.io.readers.baci import read_baci
from tradewinds.io.readers.comtrade import read_comtrade
from tradewinds.io.readers.dots import read_dots
from tradewinds.io.readers.dta import read_dta_panel, yotov_flows
from tradewinds.io.readers.eidb import read_eidb
from tradewinds.io.readers.icio import read_icio
from tradewinds.io.readers.knomad import read_knomad
from tradewinds.io.readers.national import read_national, read_national_chapters
from tradewinds.io.readers.world2023 import read_world2023

READERS = {
    "baci": read_baci,
    "comtrade": read_comtrade,
    "eidb": read_eidb,
    "dots": read_dots,
    "world2023": read_world2023,
    "dta": yotov_flows,
    "national": read_national,
    "national-chapters": read_national_chapters,
    "knomad": read_knomad,
    "icio": read_icio,
}

__all__ = [
    "READERS",
    "read_baci",
    "read_comtrade",
    "read_dots",
    "read_dta_panel",
    "read_eidb",
    "read_icio",
    "read_knomad",
    "read_national",
    "read_national_chapters",
    "read_world2023",
    "yotov_flows",
]
