"""Configuration: defaults < ``tradewinds.toml`` < ``TRADEWINDS_*`` environment.

``tradewinds.toml`` is looked up in the current directory, then in the tradewinds
home. Keys: ``home`` (store directory), ``product_groups`` (path to a TOML file of
named product groups that replaces the defaults).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from tradewinds.errors import DataValidationError


@dataclass(frozen=True, slots=True)
class Settings:
    home: Path
    product_groups: Path | None = None


def _read_toml(path: Path) -> dict[str, object]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise DataValidationError(
            f"not valid TOML ({exc})", file=str(path), fix="correct the TOML syntax"
        ) from exc


def get_settings() -> Settings:
    """Resolve settings now (environment changes are seen on every call)."""
    home = Path(platformdirs.user_data_dir("tradewinds", appauthor=False))
    groups: Path | None = None
    env_home = os.environ.get("TRADEWINDS_HOME")
    candidates = [Path.cwd() / "tradewinds.toml", Path(env_home or home) / "tradewinds.toml"]
    for cand in candidates:
        if cand.is_file():
            data = _read_toml(cand)
            if "home" in data:
                home = Path(str(data["home"])).expanduser()
            if "product_groups" in data:
                groups = Path(str(data["product_groups"])).expanduser()
            break
    if env_home:
        home = Path(env_home).expanduser()
    env_groups = os.environ.get("TRADEWINDS_PRODUCT_GROUPS")
    if env_groups:
        groups = Path(env_groups).expanduser()
    return Settings(home=home, product_groups=groups)
