"""What an engine may ask for: the inputs of a scenario, loaded once by the service.

Engines never open the store. They receive an object that satisfies
:class:`ScenarioInputs` (the service's store-backed one, or a toy world in
:mod:`tradewinds.testing`) and ask it for frames and arrays. Each loader is called
at most once per run for the same arguments (the implementation caches), and
``memo`` lets engines share a derived input (the tariff lines priced on two dates,
say) without recomputing it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

import numpy as np
import pandas as pd

from tradewinds.io.icio_data import IcioData

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class DatasetMeta:
    """A dataset's identity and caveats, as results cite it."""

    id: str
    source: str
    vintage: str
    coverage: str
    content_hash: str

    @property
    def partial(self) -> bool:
        return "PARTIAL" in self.coverage


@dataclass(frozen=True, slots=True)
class WorldMatrix:
    """A world trade matrix for the one-sector GE models: ``X`` (N×N, thousands of
    US$, row exporter, no diagonal), GDP (US$), each exporter's announced US tariff
    rate (fraction) and the country codes in the order of every array."""

    X: np.ndarray
    gdp: np.ndarray
    rates: np.ndarray
    countries: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ImportMarket:
    """An importer's purchases of one product by supplier (US$), and what they rest on."""

    values: pd.Series  # supplier ISO3 (or "ROW") → US$
    period: str
    note: str


@dataclass(frozen=True, slots=True)
class BalanceBase:
    """A bilateral balance to start from, with the label that says whose figure it is."""

    label: str
    balance_usd: float


class ScenarioInputs(Protocol):
    """The data a scenario run reads. Raise :class:`~tradewinds.errors.ScenarioError`
    (naming the field that asked) or :class:`~tradewinds.errors.DataValidationError`
    when something is missing."""

    def dataset(self, dataset_id: str) -> DatasetMeta: ...

    def store_hash(self) -> str: ...

    def product_flows(self, dataset_id: str, exporter: str, importer: str) -> pd.DataFrame:
        """The exporter's product-level exports to the importer (no TOTAL rows)."""
        ...

    def market_imports(self, dataset_id: str, importer: str) -> pd.DataFrame:
        """Every flow into the importer (``exporter, product, value_usd``)."""
        ...

    def world_matrix(self, dataset_id: str) -> WorldMatrix: ...

    def published_value(
        self, reporter: str, partner: str, metric: str, period: str
    ) -> float | None:
        """A published figure (US$ bn or %), or None."""
        ...

    def import_market(self, importer: str, product: str, period: str | None) -> ImportMarket: ...

    def balance_bases(self, reporter: str, partner: str, period: str) -> list[BalanceBase]: ...

    def goods_balance(self, reporter: str, partner: str, period: str | None) -> pd.DataFrame:
        """The goods balance of a pair (``period, exports_usd, imports_usd, balance_usd,
        provisional, statistic``): the official statistics for a fiscal year of their
        country, else the calendar world matrix; ``period`` None: every period."""
        ...

    def worker_figures(self) -> pd.DataFrame:
        """Published figures on workers abroad (quotas, permits), with sources."""
        ...

    def migration_corridor(self, origin: str, host: str) -> pd.DataFrame:
        """Migrant stocks and remittances of a corridor both ways (KNOMAD), with vintage."""
        ...

    def cp_inputs(self) -> dict[str, Any]:
        """The Caliendo & Parro (2015) replication inputs."""
        ...

    def yotov_panel(self) -> pd.DataFrame:
        """The Yotov et al. (2016) panel."""
        ...

    def crude_imports(self, importer: str) -> pd.DataFrame:
        """The importer's crude imports by fiscal year and source: period, provisional,
        importer, source, value_usd (CIF), tonnes, compiler (as
        :func:`tradewinds.io.oil_data.india_crude_imports`)."""
        ...

    def crude_second_source(self) -> pd.DataFrame:
        """A second importer's monthly crude imports by source, for the discount's second
        source: month, exporter, value_usd, tonnes (China's customs data)."""
        ...

    def crude_destinations(self, exporter: str) -> pd.DataFrame:
        """Where the exporter's crude went: year, ei_area, tonnes, basis, source (empty
        when no data)."""
        ...

    def memo(self, key: tuple[Any, ...], make: Callable[[], T]) -> T: ...

    def icio(self, dataset_id: str, year: int | None = None) -> IcioData:
        """One year of an ICIO dataset (kind ``"icio"``) as the multi-sector model's arrays
        (``year`` None: the dataset's only year)."""
        ...


class MemoMixin:
    """A per-run cache for :meth:`ScenarioInputs.memo`."""

    def __init__(self) -> None:
        self._memo: dict[tuple[Any, ...], Any] = {}

    def memo(self, key: tuple[Any, ...], make: Callable[[], T]) -> T:
        if key not in self._memo:
            self._memo[key] = make()
        out: T = self._memo[key]
        return out
