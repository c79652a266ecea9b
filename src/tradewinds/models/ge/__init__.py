"""General equilibrium: shared fixed-point machinery and the models built on it."""

from tradewinds.models.ge.core import FixedPointInfo, anderson_fixed_point
from tradewinds.models.ge.ilms2025 import (
    ILMSData,
    ILMSResult,
    calibrate_ilms,
    solve_ilms,
    solve_ilms_fsolve,
    us_tariffs,
)
from tradewinds.models.ge.tariff_deficit import TariffGEResult, solve_tariff_ge

__all__ = [
    "FixedPointInfo",
    "ILMSData",
    "ILMSResult",
    "TariffGEResult",
    "anderson_fixed_point",
    "calibrate_ilms",
    "solve_ilms",
    "solve_ilms_fsolve",
    "solve_tariff_ge",
    "us_tariffs",
]
