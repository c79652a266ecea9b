"""The interface every scenario engine implements.

An engine is a module with one object satisfying :class:`Engine`: a ``name``, the
``horizon`` its results hold for, ``applies(scenario)`` and
``run(scenario, inputs, options) -> EnginePart``. It reads data only through
``inputs`` (:class:`~tradewinds.scenarios.inputs.ScenarioInputs`), calls pure code in
``models``/``tariffs``/``accounting``, and returns its part of the result; the runner
assembles the parts into one frozen :class:`~tradewinds.scenarios.result.ScenarioResult`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import pandas as pd

from tradewinds.scenarios.inputs import ScenarioInputs
from tradewinds.scenarios.model import Scenario
from tradewinds.scenarios.result import Outcome

SHORT_RUN = "short run (PE: a year or two, before suppliers and buyers re-sort)"
LONG_RUN = "long run (GE: after labour and trade reallocate across countries)"


@dataclass(frozen=True)
class RunOptions:
    """How to run what a scenario asks (executors for draws and sweeps, overrides)."""

    executor: str = "serial"
    workers: int = 2
    scheduler_address: str | None = None
    draws: int | None = None
    seed: int | None = None
    on_batch: Callable[[int, int], None] | None = None


@dataclass
class EnginePart:
    """What one engine adds to the result (built by the engine, frozen by the runner)."""

    horizon: str = ""
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    outcomes: list[Outcome] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    provenance: dict[str, str] = field(default_factory=dict)

    def add(
        self,
        key: str,
        value: Any,
        *,
        unit: str | None = None,
        label: str | None = None,
    ) -> None:
        """Add (or replace) one outcome; the engine's horizon comes with it."""
        o = Outcome.of(key, value, unit=unit, label=label, horizon=self.horizon)
        self.outcomes = [x for x in self.outcomes if x.key != key]
        self.outcomes.append(o)

    def update(self, values: dict[str, Any]) -> None:
        for k, v in values.items():
            self.add(k, v)


class Engine(Protocol):
    name: str
    horizon: str

    def applies(self, sc: Scenario) -> bool: ...

    def run(self, sc: Scenario, inputs: ScenarioInputs, opts: RunOptions) -> EnginePart: ...


def num(value: Any) -> float:
    """A frame cell as a float (a typed way to read ``frame.at[row, col]``)."""
    return float(value)


def focus_countries(
    sc: Scenario, available: tuple[str, ...] | list[str], *default: str
) -> list[str]:
    """The countries a summary names: the scenario's ``focus``, else ``default``, kept
    to those the data hold (a toy world has no India)."""
    want = list(sc.focus) if sc.focus else list(default)
    have = set(available)
    return [c for c in dict.fromkeys(want) if c in have]
