"""The installed package's version (a leaf module every layer may import)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("tradewinds")
except PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.0.0+unknown"
