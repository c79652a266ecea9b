"""Running scenarios: the library or a file, on the store's data.

:func:`run_scenario` resolves the scenario, checks it against the store, and hands
the scenario engines (:mod:`tradewinds.scenarios.engines`) a :class:`StoreInputs`:
every dataset an engine reads is loaded here, once, and recorded in the result's
provenance.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tradewinds import limits
from tradewinds._version import __version__
from tradewinds.errors import DataValidationError, ScenarioError, TradewindsError
from tradewinds.io.codes import load_product_groups
from tradewinds.io.icio_data import IcioData
from tradewinds.io.store import TradeStore
from tradewinds.parallel import Stop, stopping
from tradewinds.scenarios import Scenario, scenario_ref
from tradewinds.scenarios.document import check_overrides
from tradewinds.scenarios.engines import RunOptions
from tradewinds.scenarios.inputs import (
    BalanceBase,
    DatasetMeta,
    ImportMarket,
    MemoMixin,
    WorldMatrix,
)
from tradewinds.scenarios.result import ScenarioResult
from tradewinds.scenarios.runner import run
from tradewinds.services._common import (
    DEFAULT_DATASET,
    load_flows,
    published_value,
)
from tradewinds.services.data import ensure_embedded, open_store

EXECUTORS = ("serial", "processes", "dask")
ANNOUNCED_RATES = "us_tariff_2025_04_02"  # world2023's macro indicator of the USTR rates


def world_matrix(store: TradeStore, dataset: str = DEFAULT_DATASET) -> WorldMatrix:
    """The world matrix (thousands USD, row exporter), GDP, the announced US rates and
    the countries, from a dataset with ``flows`` (TOTAL rows) and ``macro``."""
    macro = store.read(dataset, "macro")
    gdp = macro[macro["indicator"] == "gdp"]
    iso = tuple(gdp["iso3"].astype(str))
    rates_f = macro[macro["indicator"] == ANNOUNCED_RATES].set_index("iso3")["value"]
    flows = store.read(dataset, where="product = 'TOTAL'")
    idx = {c: k for k, c in enumerate(iso)}
    X = np.zeros((len(iso), len(iso)))
    ok = flows["exporter"].isin(idx) & flows["importer"].isin(idx)
    f = flows[ok]
    np.add.at(
        X,
        (f["exporter"].map(idx).to_numpy(), f["importer"].map(idx).to_numpy()),
        f["value_usd"].to_numpy() / 1000.0,
    )
    rates = rates_f.reindex(list(iso)).fillna(0.0).to_numpy()
    return WorldMatrix(X, gdp["value"].to_numpy(), rates, iso)


_READS: dict[tuple[object, ...], pd.DataFrame] = {}
_READS_KEEP = 8  # frames kept (a case reads 3: India's lines to the US, two markets)
_READS_LOCK = threading.Lock()


class StoreInputs(MemoMixin):
    """The scenario inputs read from a :class:`TradeStore` (each at most once)."""

    def __init__(self, store: TradeStore) -> None:
        super().__init__()
        self.store = store
        self.used: dict[str, DatasetMeta] = {}

    def dataset(self, dataset_id: str) -> DatasetMeta:
        if dataset_id not in self.used:
            ensure_embedded(self.store, dataset_id)  # embedded data come in on first use
            i = self.store.info(dataset_id)
            self.used[dataset_id] = DatasetMeta(
                i.id, i.source, i.vintage, i.coverage, i.content_hash
            )
        return self.used[dataset_id]

    def store_hash(self) -> str:
        return self.memo(("store_hash",), self.store.content_hash)

    def _read(self, dataset_id: str, where: str, params: list[Any]) -> pd.DataFrame:
        """Flows of a dataset as :func:`load_flows` reads them, kept for the process by the
        dataset's content hash: the runs of one command (the case's scenarios, its
        backtest and oil trade-off) read the same lines again. Each caller gets its own
        frame (a shallow copy: with copy-on-write, changing it never reaches the kept
        one)."""
        meta = self.dataset(dataset_id)
        key = (str(self.store.home), dataset_id, meta.content_hash, where, *params)
        with _READS_LOCK:
            hit = _READS.pop(key, None)
        if hit is None:
            hit, _ = load_flows(self.store, dataset_id, where, params)
        with _READS_LOCK:
            _READS[key] = hit  # most recently used last
            while len(_READS) > _READS_KEEP:
                _READS.pop(next(iter(_READS)))
        return hit.copy(deep=False)

    def product_flows(self, dataset_id: str, exporter: str, importer: str) -> pd.DataFrame:
        def load() -> pd.DataFrame:
            f = self._read(dataset_id, "exporter = ? AND importer = ?", [exporter, importer])
            return f[f["product"] != "TOTAL"]

        return self.memo(("product_flows", dataset_id, exporter, importer), load)

    def market_imports(self, dataset_id: str, importer: str) -> pd.DataFrame:
        return self.memo(
            ("market_imports", dataset_id, importer),
            lambda: self._read(dataset_id, "importer = ?", [importer]),
        )

    def world_matrix(self, dataset_id: str) -> WorldMatrix:
        def load() -> WorldMatrix:
            self.dataset(dataset_id)
            return world_matrix(self.store, dataset_id)

        return self.memo(("world_matrix", dataset_id), load)

    def published_value(
        self, reporter: str, partner: str, metric: str, period: str
    ) -> float | None:
        return published_value(reporter, partner, metric, period)

    def import_market(self, importer: str, product: str, period: str | None) -> ImportMarket:
        return self.memo(
            ("import_market", importer, product, period),
            lambda: _import_market(importer, product, period),
        )

    def balance_bases(self, reporter: str, partner: str, period: str) -> list[BalanceBase]:
        from tradewinds.services.bilateral import balance

        self.dataset(DEFAULT_DATASET)
        b = balance(reporter, partner, dataset=DEFAULT_DATASET, store=self.store).frame.iloc[-1]
        out = [BalanceBase(f"BACI calendar {b['period']} (computed)", float(b["balance_usd"]))]
        # the period in the official statistics where they cover it (India's fiscal years:
        # DGCI&S), else the published figure, labelled as such
        official = None
        if period.startswith("FY"):
            try:
                a = balance(reporter, partner, fiscal_year=period[2:], store=self.store)
            except TradewindsError:
                a = None
            if a is not None and a.frame["period"].astype(str).eq(period).any():
                row = a.frame[a.frame["period"].astype(str) == period].iloc[0]
                stat = str(row["statistic"]) if "statistic" in row else a.dataset
                label = stat if period in stat else f"{period} ({stat})"
                official = BalanceBase(label, float(row["balance_usd"]))
        if official is not None:
            out.append(official)
        else:
            pub = published_value(reporter, partner, "balance", period)
            if pub is not None:
                out.append(BalanceBase(f"{period} (published)", pub * 1e9))
        return out

    def goods_balance(self, reporter: str, partner: str, period: str | None) -> pd.DataFrame:
        from tradewinds.services.bilateral import balance

        def load() -> pd.DataFrame:
            fy = period[2:] if period and period.startswith("FY") else None
            year = int(period) if period and period.isdigit() else None
            a = balance(reporter, partner, fiscal_year=fy, year=year, store=self.store)
            self.dataset(a.dataset)
            f = a.frame
            if "provisional" not in f:
                f = f.assign(provisional=False)
            return f[["period", "exports_usd", "imports_usd", "balance_usd", "provisional",
                      "statistic"]]  # fmt: skip

        return self.memo(("goods_balance", reporter, partner, period), load)

    def worker_figures(self) -> pd.DataFrame:
        from tradewinds.io.readers.knomad import load_worker_figures

        return self.memo(("worker_figures",), load_worker_figures)

    def migration_corridor(self, origin: str, host: str) -> pd.DataFrame:
        from tradewinds.services.migrants import corridor_frame

        def load() -> pd.DataFrame:
            f, info = corridor_frame(self.store, origin, host)
            self.dataset(info.id)
            return f

        return self.memo(("migration_corridor", origin, host), load)

    def cp_inputs(self) -> dict[str, Any]:
        from tradewinds.io.cp_data import cp_inputs

        return cp_inputs()

    def yotov_panel(self) -> pd.DataFrame:
        return _yotov_panel()

    def crude_imports(self, importer: str) -> pd.DataFrame:
        from tradewinds.io.oil_data import crude_imports_of

        try:
            return crude_imports_of(importer)
        except DataValidationError as exc:
            raise ScenarioError(exc.problem, field="crude.importer", fix=exc.fix) from exc

    def crude_second_source(self) -> pd.DataFrame:
        from tradewinds.io.oil_data import china_crude_imports

        return china_crude_imports()

    def crude_destinations(self, exporter: str) -> pd.DataFrame:
        from tradewinds.io.oil_data import crude_destinations

        return crude_destinations(exporter)

    def icio(self, dataset_id: str, year: int | None = None) -> IcioData:
        from tradewinds.io.icio_data import icio_data_from_store

        def load() -> IcioData:
            self.dataset(dataset_id)
            return icio_data_from_store(self.store, dataset_id, year=year)

        return self.memo(("icio", dataset_id, year), load)


@cache
def _yotov_panel() -> pd.DataFrame:
    from tradewinds.io.embedded import data_path
    from tradewinds.io.readers.dta import panel_from_parquet

    return panel_from_parquet(data_path("yotov2016", "yotov2016_panel.parquet"))


def _import_market(importer: str, product: str, period: str | None) -> ImportMarket:
    """An importer's purchases of a product by supplier: for crude (HS 2709), the
    importer's own customs data by source where shipped (India's DGCI&S); otherwise the
    published figures: the bill of the product group made of exactly this HS code, and
    each partner's share (the rest of the world takes the remainder), labelled as
    published, not computed."""
    from tradewinds.io.oil_data import crude_import_market
    from tradewinds.io.published import load_published_figures

    if product.startswith("2709"):
        crude = crude_import_market(importer, period)
        if crude is not None:
            return ImportMarket(*crude)

    group = next((g.name for g in load_product_groups().values() if g.prefixes == (product,)), None)
    t = load_published_figures()
    if group is not None:
        bills = t[(t["reporter"] == importer) & (t["metric"] == f"imports_{group}")]
        shares = t[(t["reporter"] == importer) & (t["metric"] == f"import_share_{group}")]
        periods = sorted(set(bills["period"]) & set(shares["period"]))
        use = period if period in periods else (periods[-1] if periods and period is None else None)
        if use is not None:
            bill = bills[bills["period"] == use].iloc[0]
            sh = shares[shares["period"] == use]
            values = {
                str(r["partner"]): float(bill["value"]) * float(r["value"]) / 100 * 1e9
                for r in sh.to_dict("records")
            }
            rest = float(bill["value"]) * 1e9 - sum(values.values())
            values["ROW"] = rest
            parts = ", ".join(
                f"{r['partner']} {float(r['value']):.1f}% ({r['source']})"
                for r in sh.to_dict("records")
            )
            note = (
                f"{importer}'s HS {product} market from published figures: bill "
                f"{float(bill['value']):,.0f} bn ({use}, {bill['source']}), {parts}"
            )
            return ImportMarket(pd.Series(values), str(use), note)
    raise ScenarioError(
        f"no data on {importer}'s imports of {product} by supplier"
        + (f" in {period}" if period else ""),
        field="tariffs.add",
        fix="ingest product-level import data (BACI or Comtrade) for this market",
    )


def resolve_scenario(
    name_or_file: str | Path | Scenario, *, files: bool = True
) -> tuple[Scenario, str]:
    """A Scenario object as it is, a library name, or (``files``) a scenario file the
    caller gave by path; and where it came from ("library", the file path, or
    "object"). Names are checked to be names before they are looked up in the library
    (:func:`tradewinds.scenarios.scenario_ref`); ``files=False`` takes names only."""
    if isinstance(name_or_file, Scenario):
        return name_or_file, "object"
    return scenario_ref(name_or_file, files=files)


def run_scenario(
    name_or_file: str | Path | Scenario,
    *,
    files: bool = True,
    store: TradeStore | None = None,
    executor: str = "serial",
    workers: int = 2,
    scheduler_address: str | None = None,
    draws: int | None = None,
    seed: int | None = None,
    on_batch: Callable[[int, int], None] | None = None,
    stop: Stop | None = None,
) -> ScenarioResult:
    """Run a library scenario (by name), a scenario file, or a
    :class:`~tradewinds.scenarios.Scenario` object (the dashboard's form): every engine
    it asks for (PE on tariff lines and markets, embargoes, pushes, the GE models,
    Monte Carlo bands and sweeps on ``executor``). ``draws`` and ``seed`` override the
    scenario's (through the same schema and limits).

    ``stop``: a :class:`~tradewinds.parallel.Stop` to cancel the run from another thread
    (the dashboard) and its time limit; by default the run stops after the
    ``run_seconds`` limit (docs/limits.md). Memory is estimated by the engines before
    their draws or sweep points start, and a run over the ``run_memory`` limit is
    refused with the estimate."""
    if executor not in EXECUTORS:
        raise ScenarioError(
            f"executor {executor!r} is not serial, processes or dask",
            field="executor",
            fix="use --executor serial, processes or dask",
        )
    sc, source = resolve_scenario(name_or_file, files=files)
    check_overrides(sc, draws=draws, seed=seed)  # the schema and limits of [montecarlo]
    store = store or open_store()
    b = sc.baseline
    if b.content_hash:
        info = store.info(b.dataset)
        if not info.content_hash.startswith(b.content_hash):
            raise ScenarioError(
                f"dataset {b.dataset!r} has content {info.content_hash[:16]}, the scenario was "
                f"made on {b.content_hash[:16]}",
                field="baseline.content_hash",
                fix="re-ingest the scenario's data, or drop content_hash to run on what is stored",
            )
    inputs = StoreInputs(store)
    opts = RunOptions(executor, workers, scheduler_address, draws, seed, on_batch)
    if stop is None:
        stop = Stop(seconds=limits.value("run_seconds"), setting="TRADEWINDS_MAX_RUN_SECONDS")
    with stopping(stop):
        res = _run(sc, inputs, opts, source)
    prov = dict(res.provenance)
    for d in inputs.used.values():
        prov.setdefault(d.id, f"{d.vintage} ({d.content_hash[:12]})")
    return ScenarioResult(res.scenario, res.tables, res.outcomes, res.notes, prov, res.source)


def _run(sc: Scenario, inputs: StoreInputs, opts: RunOptions, source: str) -> ScenarioResult:
    return run(
        sc,
        inputs,
        opts,
        provenance={
            "scenario": sc.name,
            "scenario_hash": sc.content_hash()[:16],
            "store_hash": inputs.store_hash()[:16],
            "tradewinds_version": __version__,
        },
        source=source,
    )
