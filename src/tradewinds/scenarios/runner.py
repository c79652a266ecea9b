"""Running a scenario: the engines it asks for, each on inputs loaded once, assembled
into one frozen :class:`~tradewinds.scenarios.result.ScenarioResult`."""

from __future__ import annotations

from collections.abc import Mapping

from tradewinds.errors import ScenarioError
from tradewinds.parallel import check_stop
from tradewinds.scenarios.engines import REGISTRY, Engine, EnginePart, RunOptions, engines_for
from tradewinds.scenarios.inputs import ScenarioInputs
from tradewinds.scenarios.model import Scenario
from tradewinds.scenarios.result import Outcome, ScenarioResult, with_references


def run(
    sc: Scenario,
    inputs: ScenarioInputs,
    options: RunOptions | None = None,
    *,
    provenance: Mapping[str, str] | None = None,
    source: str = "",
    registry: dict[str, Engine] | None = None,
) -> ScenarioResult:
    """Run every engine that applies to ``sc`` and assemble the result.

    ``provenance``: what the caller knows (store hash, package version …); engines add
    theirs (datasets, seed). A scenario no engine applies to is an error."""
    opts = options or RunOptions()
    engines = engines_for(sc, registry or REGISTRY)
    if not engines:
        raise ScenarioError(
            "no engine runs this scenario",
            field="models",
            fix="add [tariffs] with models = ['pe'], or [ge] with models = ['ge']",
        )
    tables: dict[str, object] = {}
    outcomes: list[Outcome] = []
    notes = list(sc.notes)
    prov = dict(provenance or {})
    prov.setdefault("seed", "none (deterministic)")
    for e in engines:
        check_stop()  # cancelled or over time between engines too
        part: EnginePart = e.run(sc, inputs, opts)
        tables.update(part.tables)
        keys = {o.key for o in part.outcomes}
        outcomes = [o for o in outcomes if o.key not in keys] + part.outcomes
        notes += part.notes
        prov.update(part.provenance)
    horizons = list(dict.fromkeys(e.horizon for e in engines))
    notes.append("Horizon: " + "; ".join(horizons) + ".")
    if sc.tariffs is not None:
        prov["schedule"] = sc.tariffs.schedule
    return ScenarioResult(
        scenario=sc,
        tables=tables,  # type: ignore[arg-type]
        outcomes=with_references(outcomes, sc),
        notes=tuple(notes),
        provenance=prov,
        source=source,
    )
