"""How numbers are shown: one place for units, labels and formats.

Every view (CLI tables, reports, dashboard, notebooks) formats a value through
:func:`format_number` with the value's unit, so the same figure reads the same way
everywhere. Units:

``usd``    US dollars (shown in bn or mn)      ``pct``    a change already in percent
``share``  a fraction shown as a percentage    ``rate``   a tariff rate (fraction) as %
``count``  an integer                          ``ms`` / ``s``  durations
``text``   a word or code                      ``bool``   yes/no
``number`` any other number

This module depends on nothing else in tradewinds (every layer may use it).
"""

from __future__ import annotations

import math
from typing import Any

UNITS = ("usd", "pct", "share", "rate", "count", "ms", "s", "text", "bool", "number", "date")

_COUNT_WORDS = ("iterations", "lines", "draws", "points", "rounds", "failed")


def unit_of(key: str, value: Any = None) -> str:
    """The unit a result key implies by its name (the convention of every table)."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, str):
        return "text"
    k = key.lower()
    if k.endswith("_usd"):
        return "usd"
    if k.endswith("_pct"):
        return "pct"
    if k.endswith("_ms"):
        return "ms"
    if k.endswith("_seconds") or k.endswith("_s"):
        return "s"
    if "share" in k:
        return "share"
    if "rate" in k or "tariff" in k:
        return "rate"
    if any(w in k for w in _COUNT_WORDS):
        return "count"
    return "number"


def label_of(key: str) -> str:
    """A readable label from a key: ``exports_change_pct`` → "exports change"."""
    k = key
    for suffix in ("_usd", "_pct", "_ms", "_seconds"):
        k = k.removesuffix(suffix)
    return k.replace("_", " ").strip()


def format_number(value: Any, unit: str, *, digits: int | None = None) -> str:
    """``value`` in ``unit`` as people read it: 4.05 bn, +1.13%, 25.0%, 1,234."""
    if value is None:
        return "n/a"
    if isinstance(value, bool) or unit == "bool":
        return "yes" if value else "no"
    if isinstance(value, str) or unit in ("text", "date"):
        return str(value)
    try:
        v = float(value)
    except (TypeError, ValueError):
        return str(value)
    if math.isnan(v):
        return "n/a"
    if math.isinf(v):
        return "∞" if v > 0 else "−∞"
    if unit == "usd":
        d = 2 if digits is None else digits
        if abs(v) >= 1e9:
            return f"{v / 1e9:,.{d}f} bn"
        if abs(v) >= 1e6:
            return f"{v / 1e6:,.{d}f} mn"
        return f"{v:,.0f}"
    if unit == "pct":
        d = 2 if digits is None else digits
        out = f"{v:+.{d}f}%"
        return "0.00%" if out in ("+0.00%", "-0.00%") else out
    if unit in ("share", "rate"):
        d = 1 if digits is None else digits
        return f"{100 * v:.{d}f}%"
    if unit == "count":
        return f"{v:,.0f}"
    if unit == "ms":
        return f"{v:,.0f} ms" if abs(v) >= 10 else f"{v:.1f} ms"
    if unit == "s":
        return f"{v:,.1f} s"
    d = 3 if digits is None else digits
    if v != 0 and abs(v) < 10 ** (-d):
        return f"{v:.1e}"
    return f"{v:,.{d}f}"


def format_value(key: str, value: Any) -> str:
    """A result value formatted by the unit its key implies."""
    return format_number(value, unit_of(key, value))
