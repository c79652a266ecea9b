"""Crude oil as one world market with source-specific delivered prices.

* :mod:`.discount`: the target source's discount measured from unit values, with its
  band across methods (India's data, China's as a second source);
* :mod:`.replacement`: cutting a share of the target's crude and buying it from the
  other sources at their delivered prices, with an optional world-price response;
* :mod:`.tradeoff`: the discount kept against a third country's duty, and re-routing.
"""

from tradewinds.models.crude.discount import (
    BBL_PER_TONNE,
    DiscountEstimate,
    MeasuredDiscount,
    china_discount,
    china_discounts_by_year,
    discount_table,
    fiscal_year_months,
    fiscal_year_of,
    measure_discount,
)
from tradewinds.models.crude.replacement import (
    OIL_ELASTICITIES,
    PriceResponse,
    ReplacementResult,
    replace_supplier,
    replacement_cost,
    simulate_replacement,
)
from tradewinds.models.crude.tradeoff import (
    DiscountKept,
    DutySide,
    OilTradeoff,
    discount_kept,
    duty_side_from_lines,
    no_duty,
    oil_tradeoff,
    rerouting_counterfactual,
    rerouting_shares,
    tradeoff_periods,
)

__all__ = [
    "BBL_PER_TONNE",
    "OIL_ELASTICITIES",
    "DiscountEstimate",
    "DiscountKept",
    "DutySide",
    "MeasuredDiscount",
    "OilTradeoff",
    "PriceResponse",
    "ReplacementResult",
    "china_discount",
    "china_discounts_by_year",
    "discount_kept",
    "discount_table",
    "duty_side_from_lines",
    "fiscal_year_months",
    "fiscal_year_of",
    "measure_discount",
    "no_duty",
    "oil_tradeoff",
    "replace_supplier",
    "replacement_cost",
    "rerouting_counterfactual",
    "rerouting_shares",
    "simulate_replacement",
    "tradeoff_periods",
]
