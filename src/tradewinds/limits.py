"""Every user-controlled size tradewinds caps, in one table (docs/limits.md).

A limit is checked where the input enters (a scenario document before it is validated,
a file before it is read, a run before it starts), and the error names the limit, the
value that went over it, and the setting that changes it where there is one. Limits
with an environment variable can be raised or lowered per process
(``TRADEWINDS_MAX_RUN_MEMORY=8GiB``); the others are part of the file formats.

:func:`value` reads a limit (the environment is read on every call, as
:func:`tradewinds.config.get_settings` does), :func:`over` builds the message, and
:func:`check_run_memory` refuses a run whose estimated memory is over the limit before
it starts.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass

from tradewinds.errors import ScenarioError

KiB, MiB, GiB = 1 << 10, 1 << 20, 1 << 30


@dataclass(frozen=True, slots=True)
class Limit:
    key: str
    default: float
    unit: str  # "bytes" | "count" | "seconds" | "levels" | "characters"
    what: str  # what is limited, as the docs table says it
    env: str | None = None  # the environment variable that changes it
    why: str = ""


# fmt: off
_TABLE: tuple[Limit, ...] = (
    # scenario documents (TOML files, the dashboard's form and uploads, Python dicts)
    Limit("scenario_measures", 1_000, "count", "measures a scenario adds ([[tariffs.add]])"),
    Limit(
        "measure_products",
        20_000,
        "count",
        "HS codes in one measure or halt (products)",
        why="longer lists go in a named product list",
    ),
    Limit(
        "scenario_entries",
        300,
        "count",
        "entries of any other list or table of a scenario ([[halt]], [[push]], "
        "[[sanctions]], focus, notes, rate_overrides, pairs, sweep targets …)",
        why="one per country of the world matrix (194) with room",
    ),
    Limit("sigma_overrides", 20_000, "count", "σ overrides in [pe] sigma_overrides"),
    Limit("chain_dates", 12, "count", "dated states in one [tariffs] chain"),
    Limit("chain_periods", 4, "count", "period states in one [tariffs] periods"),
    Limit("text_chars", 20_000, "characters", "any one text value of a scenario"),
    Limit(
        "montecarlo_draws",
        1_000_000,
        "count",
        "Monte Carlo draws ([montecarlo] draws, --draws, the dashboard's field)",
        why="the run's memory estimate refuses most large counts first",
    ),
    Limit(
        "sweep_points",
        5_000,
        "count",
        "points of a [sweep] grid (counted from start, stop and step before any is made)",
        env="TRADEWINDS_MAX_SWEEP_POINTS",
    ),
    # runs
    Limit(
        "run_memory",
        2 * GiB,
        "bytes",
        "memory a run's draws or sweep points may need, estimated before it starts",
        env="TRADEWINDS_MAX_RUN_MEMORY",
    ),
    Limit(
        "run_seconds",
        3600,
        "seconds",
        "time one scenario run may take (checked between batches of draws or points)",
        env="TRADEWINDS_MAX_RUN_SECONDS",
    ),
    Limit(
        "batch_seconds",
        0.25,
        "seconds",
        "target time of one batch of draws or sweep points (how soon cancel and the "
        "time limit take effect)",
        env="TRADEWINDS_BATCH_SECONDS",
    ),
    # the dashboard
    Limit(
        "dashboard_run_seconds",
        300,
        "seconds",
        "time one dashboard run may take",
        env="TRADEWINDS_DASHBOARD_RUN_SECONDS",
    ),
    Limit(
        "dashboard_runs",
        1,
        "count",
        "runs the dashboard computes at once (all sessions)",
        env="TRADEWINDS_DASHBOARD_RUNS",
        why="on 2 cores one run at a time keeps the pages quick",
    ),
    Limit(
        "dashboard_queue",
        4,
        "count",
        "runs waiting for a free worker; one more is refused with the reason "
        "(and each session runs one at a time)",
        env="TRADEWINDS_DASHBOARD_QUEUE",
    ),
    Limit(
        "upload_bytes",
        1 * MiB,
        "bytes",
        "a scenario file uploaded to the dashboard",
        env="TRADEWINDS_MAX_UPLOAD_BYTES",
    ),
    # files (io.validate)
    Limit("toml_bytes", 8 * MiB, "bytes", "a TOML file (scenario, schedule, claims, settings)"),
    Limit("json_bytes", 512 * MiB, "bytes", "a JSON file (Comtrade API responses)"),
    Limit(
        "csv_bytes",
        2048 * MiB,
        "bytes",
        "a CSV read into memory (BACI is streamed by DuckDB and not capped)",
    ),
    Limit("document_depth", 64, "levels", "nesting of JSON and TOML documents"),
    Limit("article_bytes", 2_000_000, "bytes", "an article checked by `tradewinds check --file`"),
    Limit("claims_per_file", 1_000, "count", "[[claims]] in one claims file"),
    Limit("claim_chars", 5_000, "characters", "one claim's text"),
    Limit("lookup_codes", 50, "count", "tariff lines looked up at once (dashboard)"),
)
# fmt: on
LIMITS: dict[str, Limit] = {lim.key: lim for lim in _TABLE}

_SIZE = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*([kmgt]i?b?|b)?\s*$", re.IGNORECASE)
_FACTORS = {"": 1, "b": 1, "k": KiB, "m": MiB, "g": GiB, "t": 1 << 40}


def parse_amount(text: str, unit: str, *, name: str) -> float:
    """'2GiB', '512MB', '1e9' (bytes), '600' (seconds or a count); a typed error else."""
    from tradewinds.errors import DataValidationError

    m = _SIZE.match(text) if unit == "bytes" else None
    try:
        if m:
            num, suffix = float(m.group(1)), (m.group(2) or "").lower()
            out = num * _FACTORS[suffix[:1] if suffix != "b" else "b"]
        else:
            out = float(text)
    except (ValueError, KeyError):
        out = math.nan
    if not (math.isfinite(out) and out > 0):
        example = "8GiB" if unit == "bytes" else "600" if unit == "seconds" else "4"
        raise DataValidationError(
            f"{text!r} is not a positive {'size' if unit == 'bytes' else 'number'}",
            file="environment",
            column=name,
            fix=f"set {name} to e.g. {example}, or unset it for the default",
        )
    return out


def value(key: str) -> float:
    """The limit now: its environment variable if set, else the default."""
    lim = LIMITS[key]
    raw = os.environ.get(lim.env) if lim.env else None
    if raw is None or not raw.strip():
        return lim.default
    return parse_amount(raw, lim.unit, name=str(lim.env))


def count(key: str) -> int:
    return int(value(key))


def show_amount(x: float, unit: str) -> str:
    """An amount as a reader reads it: 51.5 GiB, 600 s, 1,000,000."""
    if unit == "bytes":
        for factor, name in ((GiB, "GiB"), (MiB, "MiB"), (KiB, "KiB")):
            if x >= factor:
                return f"{x / factor:,.1f} {name}"
        return f"{x:,.0f} bytes"
    if unit == "seconds":
        return f"{x:,.0f} s" if x >= 10 else f"{x:g} s"
    return f"{x:,.0f}"


def setting_hint(key: str) -> str:
    """', or set TRADEWINDS_… (docs/limits.md)' for limits that have one."""
    lim = LIMITS[key]
    return f", or set {lim.env} (docs/limits.md)" if lim.env else " (docs/limits.md)"


def over(key: str, got: float, *, field: str, what: str | None = None) -> ScenarioError:
    """The error for ``got`` over the limit ``key`` at ``field``."""
    lim = LIMITS[key]
    cap = value(key)
    noun = what or {
        "bytes": "bytes",
        "seconds": "seconds",
        "characters": "characters",
        "levels": "levels",
    }.get(lim.unit, "entries")
    amount = show_amount(got, lim.unit)
    return ScenarioError(
        f"{amount} {noun}, over the limit of {show_amount(cap, lim.unit)}"
        if lim.unit in ("count", "characters")
        else f"{noun}: {amount}, over the limit of {show_amount(cap, lim.unit)}",
        field=field,
        fix=f"give at most {show_amount(cap, lim.unit)}{setting_hint(key)}",
    )


def check(key: str, got: float, *, field: str, what: str | None = None) -> None:
    if got > value(key):
        raise over(key, got, field=field, what=what)


def check_run_memory(
    *, per_item: float, items: int, fixed: float = 0.0, field: str, what: str
) -> float:
    """Refuse a run whose estimate (``fixed + per_item × items`` bytes) is over the
    memory limit, naming the estimate, the limit and how many items would fit; returns
    the estimate."""
    need = fixed + per_item * items
    cap = value("run_memory")
    if need > cap:
        fit = max(int((cap - fixed) // max(per_item, 1.0)), 0)
        raise ScenarioError(
            f"{items:,} {what} would need about {show_amount(need, 'bytes')} "
            f"({show_amount(per_item, 'bytes')} each), over the limit of "
            f"{show_amount(cap, 'bytes')} for one run",
            field=field,
            fix=f"ask for at most {fit:,} {what}{setting_hint('run_memory')}",
        )
    return need


def table_rows() -> list[tuple[str, str, str, str]]:
    """(what, limit, setting, why) for docs/limits.md."""
    words = {"characters": " characters", "levels": " levels"}
    return [
        (
            lim.what,
            show_amount(lim.default, lim.unit) + words.get(lim.unit, ""),
            f"`{lim.env}`" if lim.env else "fixed",
            lim.why,
        )
        for lim in _TABLE
    ]
