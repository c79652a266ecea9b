"""Scenario engines, one module each, and the registry that maps scenarios to them.

Adding an engine is one module (an object with ``name``, ``horizon``,
``applies(scenario)`` and ``run(scenario, inputs, options)``, see :mod:`.base`) plus
one line in :data:`REGISTRY`. Engines run in registry order; each contributes its
part of the result and never calls another.
"""

from __future__ import annotations

from tradewinds.scenarios.engines import (
    caliendo_parro,
    crude_market,
    embargo,
    multisector,
    pe_lines,
    pe_market,
    push,
    tariff_deficit,
    workers,
    world,
    yotov,
)
from tradewinds.scenarios.engines.base import Engine, EnginePart, RunOptions
from tradewinds.scenarios.model import Scenario

REGISTRY: dict[str, Engine] = {
    e.name: e
    for e in (
        pe_lines.ENGINE,
        pe_market.ENGINE,
        embargo.ENGINE,
        crude_market.ENGINE,
        push.ENGINE,
        world.ENGINE,
        tariff_deficit.ENGINE,
        caliendo_parro.ENGINE,
        yotov.BORDERS,
        yotov.NAFTA_EFFECT,
        multisector.ENGINE,
        workers.ENGINE,
    )
}


def engines_for(sc: Scenario, registry: dict[str, Engine] | None = None) -> list[Engine]:
    """The engines a scenario asks for, in registry order."""
    return [e for e in (registry or REGISTRY).values() if e.applies(sc)]


__all__ = ["REGISTRY", "Engine", "EnginePart", "RunOptions", "engines_for"]
