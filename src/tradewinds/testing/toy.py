"""Toy worlds: a few countries with made-up but consistent trade, GDP and announced
tariffs, to run the world GE engines without the store (and without India or Russia:
generic code must not need them)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from tradewinds.errors import ScenarioError
from tradewinds.scenarios.inputs import (
    BalanceBase,
    DatasetMeta,
    ImportMarket,
    MemoMixin,
    WorldMatrix,
)


def toy_world(
    countries: Sequence[str] = ("USA", "MEX", "CAN"), *, seed: int = 0, scale: float = 1e6
) -> WorldMatrix:
    """A world of ``countries`` (one must be USA for the world tariff model): bilateral
    trade in thousands of US$ (no diagonal), GDP well above trade, announced US rates
    between 10% and 40%."""
    rng = np.random.default_rng(seed)
    n = len(countries)
    X = rng.uniform(0.2, 1.0, (n, n)) * scale
    np.fill_diagonal(X, 0.0)
    gdp = (X.sum(axis=0) + X.sum(axis=1)) * 1000.0 * rng.uniform(3.0, 6.0, n)
    rates = rng.uniform(0.10, 0.40, n)
    return WorldMatrix(X, gdp, rates, tuple(countries))


class ToyInputs(MemoMixin):
    """Scenario inputs from a toy world: the world matrix is there; any other dataset
    is a ScenarioError naming what the toy world lacks."""

    def __init__(self, world: WorldMatrix | None = None, dataset_id: str = "toy") -> None:
        super().__init__()
        self.world = world or toy_world()
        self.dataset_id = dataset_id

    def _lack(self, what: str) -> ScenarioError:
        return ScenarioError(f"the toy world has no {what}", field="baseline", fix="use the store")

    def dataset(self, dataset_id: str) -> DatasetMeta:
        return DatasetMeta(dataset_id, "toy world", "made up", "all goods", "0" * 64)

    def store_hash(self) -> str:
        return "0" * 64

    def product_flows(self, dataset_id: str, exporter: str, importer: str) -> pd.DataFrame:
        raise self._lack("product lines")

    def market_imports(self, dataset_id: str, importer: str) -> pd.DataFrame:
        raise self._lack("product lines")

    def world_matrix(self, dataset_id: str) -> WorldMatrix:
        return self.world

    def published_value(
        self, reporter: str, partner: str, metric: str, period: str
    ) -> float | None:
        return None

    def import_market(self, importer: str, product: str, period: str | None) -> ImportMarket:
        raise self._lack("import markets")

    def balance_bases(self, reporter: str, partner: str, period: str) -> list[BalanceBase]:
        raise self._lack("balances")

    def goods_balance(self, reporter: str, partner: str, period: str | None) -> pd.DataFrame:
        raise self._lack("balances")

    def worker_figures(self) -> pd.DataFrame:
        raise self._lack("published worker figures")

    def migration_corridor(self, origin: str, host: str) -> pd.DataFrame:
        raise self._lack("migration data")

    def cp_inputs(self) -> dict[str, Any]:
        raise self._lack("Caliendo–Parro data")

    def yotov_panel(self) -> pd.DataFrame:
        raise self._lack("gravity panel")
