"""tradewinds: bilateral trade analysis and tariff and sanction scenarios.

The public API returns tidy pandas DataFrames with their provenance::

    import tradewinds as tw

    tw.balance("IND", "RUS", fiscal_year="2024-25").frame
    res = tw.run_scenario("liberation-day-2025")
    print(res.summary())            # a readable table (Jupyter renders it as HTML)
    res.scenario                    # the exact Scenario that ran

Everything here is a service of :mod:`tradewinds.services` (one module per use case)
or a type of :mod:`tradewinds.scenarios`; names are imported on first use, so
``import tradewinds`` is cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from tradewinds._version import __version__

_SERVICES = (
    "open_store",
    "ingest",
    "datasets",
    "balance",
    "composition",
    "partners",
    "dependence",
    "indicators",
    "mirror",
    "relationship",
    "tariff_lines",
    "exposure",
    "run_scenario",
    "estimate_gravity",
    "potential",
    "balance_path",
    "check_claim",
    "check_claims_file",
    "check_article",
    "crude_imports",
    "migration",
    "case_india_russia",
    "Analysis",
)
_SCENARIOS = ("Scenario", "load_scenario", "library_names", "library_scenario", "to_toml")
_OTHER = {"ScenarioResult": "tradewinds.scenarios.result", "TradeStore": "tradewinds.io.store"}

__all__ = ["__version__", *_SERVICES, *_SCENARIOS, *_OTHER]


def __getattr__(name: str) -> Any:
    if name in _SERVICES:
        value = getattr(importlib.import_module("tradewinds.services"), name)
    elif name in _SCENARIOS:
        value = getattr(importlib.import_module("tradewinds.scenarios"), name)
    elif name in _OTHER:
        value = getattr(importlib.import_module(_OTHER[name]), name)
    else:
        raise AttributeError(f"module 'tradewinds' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


if TYPE_CHECKING:
    from tradewinds.io.store import TradeStore
    from tradewinds.scenarios import (
        Scenario,
        library_names,
        library_scenario,
        load_scenario,
        to_toml,
    )
    from tradewinds.scenarios.result import ScenarioResult
    from tradewinds.services import (
        Analysis,
        balance,
        balance_path,
        case_india_russia,
        check_article,
        check_claim,
        check_claims_file,
        composition,
        crude_imports,
        datasets,
        dependence,
        estimate_gravity,
        exposure,
        indicators,
        ingest,
        migration,
        mirror,
        open_store,
        partners,
        potential,
        relationship,
        run_scenario,
        tariff_lines,
    )
