"""How numbers are shown: one place for units, labels and formats.

Every view (CLI tables, reports, dashboard, notebooks) formats a value through
:func:`format_number` with the value's unit, so the same figure reads the same way
everywhere. Units:

``usd``    US dollars (US$ 4.05 bn, US$ 384.2 mn)    ``pct``    a change already in percent
``share``  a fraction shown as a percentage    ``rate``   a tariff rate (fraction) as %
``count``  an integer                          ``ms`` / ``s``  durations
``text``   a word or code                      ``bool``   yes/no
``number`` any other number

This module depends on nothing else in tradewinds (every layer may use it).
"""

from __future__ import annotations

import math
import sys
from typing import Any

NO_END_DATE = "no end date"  # a measure in force until changed, never a blank "to"
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
        return _usd(v, digits)
    if unit == "pct":
        d = (1 if abs(v) >= 10 else 2) if digits is None else digits
        out = f"{v:+.{d}f}%"
        return f"{0:.{d}f}%" if float(out[:-1]) == 0 else out
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


def _usd(v: float, digits: int | None) -> str:
    """US dollars with their scale: US$ 4.05 bn, -US$ 46.2 bn, US$ 384.2 mn."""
    sign = "-" if v < 0 else ""
    a = abs(v)
    for scale, word in ((1e9, "bn"), (1e6, "mn")):
        if a >= scale:
            d = (1 if a >= 10 * scale else 2) if digits is None else digits
            if round(a / scale, d) == 0:
                continue
            return f"{sign}US$ {a / scale:,.{d}f} {word}"
    return f"{sign}US$ {a:,.0f}"


def format_value(key: str, value: Any) -> str:
    """A result value formatted by the unit its key implies."""
    return format_number(value, unit_of(key, value))


# columns of service frames whose fractions are shares (shown as %); every other column's
# unit follows its name (``_usd``, ``_pct``, …)
_SHARE_COLUMNS = frozenset(
    {
        "share",
        "export_share",
        "import_share",
        "share_value",
        "share_volume",
        "share_exporter",
        "share_world",
        "share_of_exporter",
        "importer_share_of_world",
        "realised_share",
        "supply_share",
        "exempt_share",
        "exempt_share_of_group",
        "mean_rate",
        "rate",
        "effective_rate",
        "additional_rate",
        "mfn_rate",
    }
)


def column_unit(column: str, value: Any = None) -> str:
    """The unit of a frame column by its name (the convention of every service frame)."""
    if isinstance(value, bool):
        return "bool"
    c = column.lower()
    if c in _SHARE_COLUMNS:
        return "rate" if "rate" in c else "share"
    if c.endswith("_usd"):
        return "usd"
    if c.endswith("_pct"):
        return "pct"
    if isinstance(value, str):
        return "text"
    return "number"


def column_label(column: str) -> str:
    """A column header for readers: ``exports_usd`` → "exports (US$)", ``growth_pct`` →
    "growth %", ``realised_share`` → "realised share"."""
    c = str(column)
    if c.endswith("_usd"):
        return c.removesuffix("_usd").replace("_", " ") + " (US$)"
    if c.endswith("_pct"):
        return c.removesuffix("_pct").replace("_", " ") + " %"
    return c.replace("_", " ")


def _missing(value: Any) -> bool:
    """None, NaN or pandas' NA (pandas is not imported for this: a value can only be NA
    when pandas is already loaded)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return True
    pd = sys.modules.get("pandas")
    return pd is not None and value is pd.NA


def format_cell(column: str, value: Any) -> str:
    """One cell of a terminal table: US$ to 3 decimals of bn (2 of mn), shares and rates
    as %, changes in % signed, booleans as yes/no, other floats to 4 significant
    decimals; missing values blank."""
    if _missing(value):
        return ""
    unit = column_unit(column, value)
    if unit == "usd":
        v = float(value)
        if abs(v) >= 1e9:
            return f"{v / 1e9:,.3f} bn"
        if abs(v) >= 1e6:
            return f"{v / 1e6:,.2f} mn"
        return f"{v:,.0f}"
    if unit == "share":
        return f"{100 * float(value):.2f}%"
    if unit == "rate":
        return format_number(value, "rate")
    if unit == "pct":
        return format_number(value, "pct", digits=2)
    if unit == "bool":
        return "yes" if value else "no"
    if isinstance(value, float):
        if value != 0 and abs(value) < 5e-5:
            return f"{value:.1e}"
        return f"{value:,.4f}"
    return str(value)


# country names read with "the" in running text ("exports to the United States")
_WITH_THE = (
    "United ",
    "Netherlands",
    "Philippines",
    "Czech Republic",
    "Dominican Republic",
    "Central African Republic",
    "Bahamas",
    "Gambia",
    "Maldives",
    "Marshall Islands",
    "Solomon Islands",
    "Comoros",
)


def name_in_text(name: str, *, start: bool = False) -> str:
    """A country's name as a sentence uses it: "the United States", "the Netherlands";
    ``start``: capitalised at the start of a title."""
    out = f"the {name}" if name.startswith(_WITH_THE) else name
    return out[:1].upper() + out[1:] if start else out


def possessive(name: str, *, start: bool = False) -> str:
    """ "India's", "the United States'", "The Netherlands'" (``start``: a title's first
    word)."""
    text = name_in_text(name, start=start)
    return f"{text}'" if text.endswith("s") else f"{text}'s"
