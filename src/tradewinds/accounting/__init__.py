"""Accounting: pure frames in, frames out (MODELS.md §1).

Balances, fiscal years, growth and records (on complete coverage only), coverage ("not
covered", never 0), composition, dependence, HHI, RCA, trade complementarity, trade
intensity, mirror comparisons, and workers' remittances beside the goods balance.
"""

from tradewinds.accounting.balance import bilateral_balance, goods_totals
from tradewinds.accounting.composition import composition, top_and_other
from tradewinds.accounting.coverage import (
    NOT_COVERED,
    format_level,
    is_complete,
    mark_not_covered,
    row_complete,
)
from tradewinds.accounting.deficit import decompose_balance
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
from tradewinds.accounting.records import (
    RecordCheck,
    change_since,
    growth_and_records,
    record_check,
)
from tradewinds.accounting.workers import (
    Assumption,
    WorkerFlows,
    beside_goods,
    remittance_per_migrant,
    worker_remittances,
)

__all__ = [
    "NOT_COVERED",
    "Assumption",
    "IncompleteFiscalYearError",
    "RecordCheck",
    "WorkerFlows",
    "beside_goods",
    "bilateral_balance",
    "calendar_year_totals",
    "change_since",
    "composition",
    "decompose_balance",
    "dependence",
    "fiscal_year_label",
    "fiscal_year_of",
    "fiscal_year_totals",
    "format_level",
    "goods_totals",
    "growth_and_records",
    "hhi",
    "is_complete",
    "mark_not_covered",
    "mirror_comparison",
    "partner_shares",
    "product_dependence",
    "rca",
    "record_check",
    "remittance_per_migrant",
    "row_complete",
    "top_and_other",
    "trade_complementarity",
    "trade_intensity",
    "worker_remittances",
]
