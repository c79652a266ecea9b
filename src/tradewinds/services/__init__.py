"""The use cases, one module each. The CLI, the reports, the dashboard and notebooks
call only these.

Each service parses its arguments into typed values, loads its inputs through
:mod:`tradewinds.io`, calls pure code (``accounting``, ``tariffs``, ``models``,
``scenarios``) and returns a result with its provenance: an :class:`Analysis` (a
tidy frame, dataset, source, vintage, coverage, store hash, package version, notes,
published figures kept apart) or a scenario's
:class:`~tradewinds.scenarios.result.ScenarioResult`.

* ``data``: open_store, ingest, datasets, dataset_info, remove, fetch_baci, fetch_comtrade
* ``bilateral``: balance, composition, chapter_trend, partners, dependence, indicators,
  mirror, relationship
* ``tariffs``: tariff_lines, exposure
* ``scenarios``: run_scenario, world_matrix
* ``gravity``: estimate_gravity
* ``prospects``: potential, balance_path
* ``claims``: check_claim, check_article, check_claims_file
* ``case``: case_india_russia
* ``oil``: oil_tradeoff_table, sanctions_in_force, rebuilt_trade
* ``outcomes``: backtest (the library's predictions beside the official figures)
* ``crude``: crude_imports
* ``migrants``: migration

Names are imported on first use, so ``import tradewinds.services`` is cheap and a
command pays only for the modules it calls.
"""

from __future__ import annotations

import importlib
import inspect
from typing import TYPE_CHECKING, Any

_WHERE = {
    "Analysis": "_common",
    "DEFAULT_DATASET": "_defaults",
    "EIDB_DATASET": "_defaults",
    "CODES_DATASET": "_defaults",
    "OFFICIAL_DATASET": "_defaults",
    "CHAPTERS_DATASET": "_defaults",
    "MIGRATION_DATASET": "_defaults",
    "published_figures": "_common",
    "published_value": "_common",
    "open_store": "data",
    "ingest": "data",
    "read_file": "data",
    "datasets": "data",
    "dataset_info": "data",
    "remove": "data",
    "READER_NAMES": "data",
    "ensure_embedded": "data",
    "fetch_baci": "data",
    "fetch_comtrade": "data",
    "balance": "bilateral",
    "composition": "bilateral",
    "chapter_trend": "bilateral",
    "partners": "bilateral",
    "dependence": "bilateral",
    "indicators": "bilateral",
    "mirror": "bilateral",
    "relationship": "bilateral",
    "Relationship": "bilateral",
    "tariff_lines": "tariffs",
    "exposure": "tariffs",
    "MFN_NOTE": "tariffs",
    "run_scenario": "scenarios",
    "resolve_scenario": "scenarios",
    "world_matrix": "scenarios",
    "StoreInputs": "scenarios",
    "EXECUTORS": "scenarios",
    "estimate_gravity": "gravity",
    "potential": "prospects",
    "balance_path": "prospects",
    "check_claim": "claims",
    "check_claims_file": "claims",
    "check_article": "claims",
    "IndiaRussiaCase": "case",
    "CrudeImports": "crude",
    "Migration": "migrants",
    "migration": "migrants",
    "crude_imports": "crude",
    "case_india_russia": "case",
    "oil_tradeoff_table": "oil",
    "sanctions_in_force": "oil",
    "rebuilt_trade": "oil",
    "DUTY_SCENARIO": "_defaults",
    "backtest": "outcomes",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    mod = _WHERE.get(name)
    if mod is None:
        raise AttributeError(f"module 'tradewinds.services' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"tradewinds.services.{mod}"), name)
    if inspect.isfunction(value):
        value = _edge(value)
    globals()[name] = value
    return value


def _edge(fn: Any) -> Any:
    """The Python API's edge: what the system raises (a file that cannot be written,
    memory) reaches the caller as the typed error the CLI would print
    (:func:`tradewinds.errors.translate`); tradewinds' own errors pass unchanged."""
    import functools

    @functools.wraps(fn)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (OSError, MemoryError, RecursionError) as exc:
            from tradewinds.errors import TradewindsError, translate

            typed = translate(exc)
            if typed is None or isinstance(exc, TradewindsError):
                raise
            raise typed from exc

    return call


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:
    from tradewinds.services._common import Analysis, published_figures, published_value
    from tradewinds.services._defaults import (
        CHAPTERS_DATASET,
        CODES_DATASET,
        DEFAULT_DATASET,
        DUTY_SCENARIO,
        EIDB_DATASET,
        MIGRATION_DATASET,
        OFFICIAL_DATASET,
    )
    from tradewinds.services.bilateral import (
        Relationship,
        balance,
        chapter_trend,
        composition,
        dependence,
        indicators,
        mirror,
        partners,
        relationship,
    )
    from tradewinds.services.case import IndiaRussiaCase, case_india_russia
    from tradewinds.services.claims import check_article, check_claim, check_claims_file
    from tradewinds.services.crude import CrudeImports, crude_imports
    from tradewinds.services.data import (
        READER_NAMES,
        dataset_info,
        datasets,
        ensure_embedded,
        fetch_baci,
        fetch_comtrade,
        ingest,
        open_store,
        read_file,
        remove,
    )
    from tradewinds.services.gravity import estimate_gravity
    from tradewinds.services.migrants import Migration, migration
    from tradewinds.services.oil import (
        oil_tradeoff_table,
        rebuilt_trade,
        sanctions_in_force,
    )
    from tradewinds.services.outcomes import backtest
    from tradewinds.services.prospects import balance_path, potential
    from tradewinds.services.scenarios import (
        EXECUTORS,
        StoreInputs,
        resolve_scenario,
        run_scenario,
        world_matrix,
    )
    from tradewinds.services.tariffs import MFN_NOTE, exposure, tariff_lines
