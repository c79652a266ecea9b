"""Accounting: pure frames in, frames out (MODELS.md §1).

Balances, fiscal years, growth and records, composition, dependence, HHI,
RCA, trade complementarity, trade intensity and mirror comparisons.
"""

from tradewinds.accounting.balance import bilateral_balance, goods_totals
from tradewinds.accounting.composition import composition, top_and_other
from tradewinds.accounting.dependence import dependence, hhi, partner_shares, product_dependence
from tradewinds.accounting.fiscal import (
    IncompleteFiscalYearError,
    calendar_year_totals,
    fiscal_year_label,
    fiscal_year_of,
    fiscal_year_totals,
)
from tradewinds.accounting.indicators import rca, trade_complementarity, trade_intensity
from tradewinds.accounting.mirror import mirror_comparison
from tradewinds.accounting.records import growth_and_records

__all__ = [
    "IncompleteFiscalYearError",
    "bilateral_balance",
    "calendar_year_totals",
    "composition",
    "dependence",
    "fiscal_year_label",
    "fiscal_year_of",
    "fiscal_year_totals",
    "goods_totals",
    "growth_and_records",
    "hhi",
    "mirror_comparison",
    "partner_shares",
    "product_dependence",
    "rca",
    "top_and_other",
    "trade_complementarity",
    "trade_intensity",
]
