"""tradewinds: bilateral trade analysis and tariff and sanction scenarios.

The public API returns tidy pandas DataFrames. Start with :class:`TradeStore`
(the DuckDB + Parquet store, with the embedded world 2023 and India EIDB data)
and the accounting functions, or the use cases in :mod:`tradewinds.services`.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("tradewinds")
except PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
