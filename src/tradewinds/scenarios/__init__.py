"""Scenarios: the TOML scenario model, the library of case scenarios and the runner."""

from tradewinds.scenarios.library import library_names, library_scenario, scenario_ref
from tradewinds.scenarios.model import Scenario, load_scenario, scenario_from_dict, to_toml

__all__ = [
    "Scenario",
    "library_names",
    "library_scenario",
    "load_scenario",
    "scenario_from_dict",
    "scenario_ref",
    "to_toml",
]
