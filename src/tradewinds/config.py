"""Configuration: defaults < ``tradewinds.toml`` < ``TRADEWINDS_*`` environment.

``tradewinds.toml`` is looked up in the current directory, then in the tradewinds
home. Keys: ``home`` (store directory), ``product_groups`` (path to a TOML file of
named product groups that replaces the defaults), ``lock_timeout`` (seconds a store
writer waits for another; environment ``TRADEWINDS_LOCK_TIMEOUT``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from tradewinds.errors import DataValidationError


@dataclass(frozen=True, slots=True)
class Settings:
    home: Path
    product_groups: Path | None = None
    lock_timeout: float = 60.0


def _read_toml(path: Path) -> dict[str, object]:
    from tradewinds.io.validate import load_toml  # size, encoding and depth checked

    return load_toml(path)


def _seconds(value: object, *, where: str, column: str) -> float:
    try:
        out = float(str(value))
    except ValueError:
        out = float("nan")
    if not 0 <= out <= 86_400:
        raise DataValidationError(
            f"lock_timeout {value!r} is not a number of seconds from 0 to 86400",
            file=where,
            column=column,
            fix="give e.g. 60",
        )
    return out


def get_settings() -> Settings:
    """Resolve settings now (environment changes are seen on every call)."""
    home = Path(platformdirs.user_data_dir("tradewinds", appauthor=False))
    groups: Path | None = None
    timeout = 60.0
    env_home = os.environ.get("TRADEWINDS_HOME")
    candidates = [Path.cwd() / "tradewinds.toml", Path(env_home or home) / "tradewinds.toml"]
    for cand in candidates:
        if cand.is_file():
            data = _read_toml(cand)
            if "home" in data:
                home = Path(str(data["home"])).expanduser()
            if "product_groups" in data:
                groups = Path(str(data["product_groups"])).expanduser()
            if "lock_timeout" in data:
                timeout = _seconds(data["lock_timeout"], where=str(cand), column="lock_timeout")
            break
    if env_home:
        home = Path(env_home).expanduser()
    env_groups = os.environ.get("TRADEWINDS_PRODUCT_GROUPS")
    if env_groups:
        groups = Path(env_groups).expanduser()
    env_timeout = os.environ.get("TRADEWINDS_LOCK_TIMEOUT")
    if env_timeout:
        timeout = _seconds(env_timeout, where="environment", column="TRADEWINDS_LOCK_TIMEOUT")
    return Settings(home=home, product_groups=groups, lock_timeout=timeout)
