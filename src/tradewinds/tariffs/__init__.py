"""Tariffs: dated measures, stacking rules, exemptions, exposure (MODELS.md §1)."""

from tradewinds.tariffs.exposure import tariff_exposure
from tradewinds.tariffs.measures import TariffMeasure, Trigger
from tradewinds.tariffs.schedule import TariffSchedule, load_schedule

__all__ = ["TariffMeasure", "TariffSchedule", "Trigger", "load_schedule", "tariff_exposure"]
