"""Toy worlds: a few countries with made-up but consistent trade, GDP and announced
tariffs, to run the world GE engines without the store (and without India or Russia:
generic code must not need them)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from tradewinds.errors import DataValidationError, ScenarioError
from tradewinds.io.icio_data import IcioData
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


def toy_icio(
    countries: Sequence[str] = ("USA", "CHN", "MEX", "ROW"),
    sectors: Sequence[str] = ("A01", "B06", "C19", "C26", "SERV"),
    *,
    year: int = 2022,
    seed: int = 0,
) -> IcioData:
    """A small ICIO-like world for the multi-sector engine: trade by exporter, importer and
    sector in US$ with large domestic sales, tariffs of 0–10% off the diagonal (services
    too, as in the Teti data), three elasticity sets (CP, U4, LL) over ICIO sector codes
    (the last sector is services)."""
    rng = np.random.default_rng(seed)
    n, s = len(countries), len(sectors)
    X = rng.uniform(0.5, 2.0, (n, n, s)) * 1e9
    d = np.arange(n)
    X[d, d, :] *= 20.0
    t = rng.uniform(0.0, 0.10, (n, n, s))
    t[d, d, :] = 0.0
    services = np.zeros(s, dtype=bool)
    services[-1] = True
    sets = {
        "CP": np.linspace(3.0, 12.0, s),
        "U4": np.full(s, 4.0),
        "LL": np.linspace(6.0, 2.0, s),
    }
    for a in (X, t, services, *sets.values()):
        a.setflags(write=False)
    return IcioData(
        year=year,
        countries=tuple(countries),
        sectors=tuple(sectors),
        sector_names=tuple(f"sector {k}" for k in sectors),
        is_services=services,
        X=X,
        t=t,
        elasticity_sets=sets,
        elasticity_sources={k: "made up" for k in sets},
        tariff_source_year=year,
        source="toy ICIO world",
        vintage="made up",
    )


class ToyInputs(MemoMixin):
    """Scenario inputs from a toy world: the world matrix is there; any other dataset
    is a ScenarioError naming what the toy world lacks."""

    def __init__(
        self,
        world: WorldMatrix | None = None,
        dataset_id: str = "toy",
        icio: IcioData | None = None,
    ) -> None:
        super().__init__()
        self.world = world or toy_world()
        self.dataset_id = dataset_id
        self.icio_world = icio or toy_icio()

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

    def crude_imports(self, importer: str) -> pd.DataFrame:
        raise self._lack("crude imports by source")

    def crude_second_source(self) -> pd.DataFrame:
        raise self._lack("crude imports by source")

    def crude_destinations(self, exporter: str) -> pd.DataFrame:
        return pd.DataFrame(columns=["year", "ei_area", "tonnes", "basis", "source"])

    def icio(self, dataset_id: str, year: int | None = None) -> IcioData:
        if year is not None and year != self.icio_world.year:
            raise DataValidationError(
                f"year {year} is not in the data (it has {self.icio_world.year})",
                column="year",
                fix="choose one of those years",
            )
        return self.icio_world
