"""The library of case scenarios shipped with tradewinds (one TOML file each)."""

from __future__ import annotations

import difflib
from importlib.resources import files
from pathlib import Path

from tradewinds.errors import UnknownCodeError
from tradewinds.scenarios.model import Scenario, load_scenario


def _folder() -> Path:
    return Path(str(files("tradewinds.scenarios.library")))


def library_names() -> list[str]:
    return sorted(p.stem for p in _folder().glob("*.toml"))


def library_path(name: str) -> Path:
    p = _folder() / f"{name}.toml"
    if not p.is_file():
        raise UnknownCodeError(
            "scenario",
            name,
            suggestions=difflib.get_close_matches(name, library_names(), n=3, cutoff=0.4),
            fix="see `tradewinds scenarios list`, or give a .toml file",
        )
    return p


def library_scenario(name_or_file: str) -> Scenario:
    """A library scenario by name, or a scenario file by path."""
    p = Path(name_or_file)
    if p.suffix == ".toml" and p.exists():
        return load_scenario(p)
    return load_scenario(library_path(name_or_file))
