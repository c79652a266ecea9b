"""Sanctions on oil as dated, cited data (``data/sanctions/*.toml``).

* :mod:`.entries`: the entry models (embargo, price cap, designation, secondary tariff)
  and :class:`SanctionsDataError`;
* :mod:`.ledger`: :class:`SanctionsLedger` (what is in force on a date, tariff measures
  for the stacking engine, shocks for the models) and :func:`trade_cost_shocks`;
* :mod:`.loader`: :func:`load_sanctions` and :func:`parse_sanctions`.
"""

from tradewinds.tariffs.sanctions.entries import (
    EU27,
    GROUPS,
    IMPOSERS,
    SECTIONS,
    CapLevel,
    Citation,
    Designation,
    Embargo,
    Entry,
    Exemption,
    ExportShare,
    Firm,
    PriceCap,
    SanctionsDataError,
    SecondaryTariff,
    WindDown,
)
from tradewinds.tariffs.sanctions.ledger import HS_TO_ICIO, SanctionsLedger, trade_cost_shocks
from tradewinds.tariffs.sanctions.loader import load_sanctions, parse_sanctions

__all__ = [
    "EU27",
    "GROUPS",
    "HS_TO_ICIO",
    "IMPOSERS",
    "SECTIONS",
    "CapLevel",
    "Citation",
    "Designation",
    "Embargo",
    "Entry",
    "Exemption",
    "ExportShare",
    "Firm",
    "PriceCap",
    "SanctionsDataError",
    "SanctionsLedger",
    "SecondaryTariff",
    "WindDown",
    "load_sanctions",
    "parse_sanctions",
    "trade_cost_shocks",
]
