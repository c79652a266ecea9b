"""Checks on a scenario document before (and after) the pydantic model reads it.

Whatever the source (a TOML file, the dashboard's form or upload, a dict from Python,
a CLI flag such as ``--draws``), a scenario goes through :func:`check_document` first:
sizes are counted on the raw document, so a 100,000-measure file or a sweep of a
billion points is refused in microseconds instead of being built; then the values the
model read are checked again (:func:`check_values`), since pydantic turns the text
``"nan"`` into a float. Every problem is a :class:`ScenarioError` naming the field.

* numbers: finite everywhere (NaN never; +inf only where the field means "infinitely
  elastic", :data:`INF_FIELDS`);
* sizes: the limits of :mod:`tradewinds.limits` (measures, products, entries, text,
  draws, sweep points counted arithmetically);
* dates: TOML dates or ISO text ``YYYY-MM-DD``, never a number or a date-time;
* periods: ``FY2024-25`` (consecutive years) or ``2024``, exactly.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from tradewinds import limits
from tradewinds.errors import ScenarioError

#: fields where +inf is a value the model reads (the export-supply elasticity: infinitely
#: elastic supply, the small-country case)
INF_FIELDS = frozenset({"pe.beta"})
#: keys whose values are dates (in any section)
DATE_KEYS = frozenset({"date", "baseline_date", "from", "to", "in_transit_until", "chain"})
#: keys whose values are period labels
PERIOD_KEYS = frozenset({"period", "line_period", "fiscal_year", "periods"})
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_FY = re.compile(r"^(?:FY)?(\d{4})-(\d{2})$", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})$")

# lists and tables with their own limit (by path, indexes as [])
_LIST_LIMITS = {
    "tariffs.add": "scenario_measures",
    "tariffs.add[].products": "measure_products",
    "tariffs.add[].exempt": "measure_products",
    "halt[].products": "measure_products",
    "sanctions[].products": "measure_products",
    "ge.multisector.shocks[].products": "measure_products",
    "pe.sigma_overrides": "sigma_overrides",
    "tariffs.chain": "chain_dates",
    "tariffs.periods": "chain_periods",
    "sweep.values": "sweep_points",
}
_NOUNS = {
    "scenario_measures": "measures",
    "measure_products": "HS codes",
    "chain_dates": "dated states",
    "chain_periods": "period states",
    "sweep_points": "sweep values",
    "sigma_overrides": "σ overrides",
}


def _walk(node: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """(path, value) for every node, iteratively (the depth was checked on reading)."""
    stack: list[tuple[str, Any]] = [(path, node)]
    while stack:
        p, v = stack.pop()
        yield p, v
        if isinstance(v, dict):
            stack.extend((f"{p}.{k}" if p else str(k), x) for k, x in v.items())
        elif isinstance(v, (list, tuple)):
            stack.extend((f"{p}[{i}]", x) for i, x in enumerate(v))


def _shape(path: str) -> str:
    return re.sub(r"\[\d+\]", "[]", path)


def _last_key(path: str) -> str:
    return re.sub(r"\[\d+\]$", "", path).rsplit(".", 1)[-1]


def check_period(text: Any, field: str) -> str:
    """A period label exactly: 'FY2024-25' (the second year follows the first) or '2024'."""
    s = str(text).strip()
    m = _FY.match(s)
    if m and (int(m.group(1)) + 1) % 100 == int(m.group(2)):
        return s
    if _YEAR.match(s):
        return s
    hint = ""
    if m:
        y = int(m.group(1))
        hint = f" (FY{y}-{(y + 1) % 100:02d} is one fiscal year; a span of years is not a period)"
    raise ScenarioError(
        f"{s!r} is not a fiscal year like FY2024-25 or a calendar year like 2024{hint}",
        field=field,
        fix="write one fiscal year, FY2024-25 (April-March for India), or a year, 2024",
    )


def _number(path: str, v: float) -> None:
    if math.isnan(v):
        raise ScenarioError(
            "NaN is not a number", field=path, fix="give a finite number (NaN is not a value)"
        )
    if math.isinf(v) and not (v > 0 and path in INF_FIELDS):
        raise ScenarioError(
            f"{'-' if v < 0 else ''}inf is not a finite number",
            field=path,
            fix="give a finite number"
            + (
                " (only pe.beta may be inf: infinitely elastic supply)" if path != "pe.beta" else ""
            ),
        )


def _date(path: str, v: Any) -> None:
    if isinstance(v, datetime):
        raise ScenarioError(
            f"{v.isoformat()} is a date and time", field=path, fix="give a date: 2025-08-27"
        )
    if isinstance(v, date) or v is None:
        return
    if isinstance(v, str) and _ISO_DATE.match(v.strip()):
        try:
            date.fromisoformat(v.strip())
            return
        except ValueError:
            pass
    raise ScenarioError(
        f"{v!r} is not a date", field=path, fix="write the date as 2025-08-27 (year-month-day)"
    )


def check_document(doc: Any, where: str = "scenario") -> None:
    """Sizes, numbers, dates and periods of a raw scenario document (see the module)."""
    if not isinstance(doc, dict):
        raise ScenarioError(
            f"a scenario is a table of fields, not {type(doc).__name__}",
            field=where,
            fix="give a TOML document with name = '…' and its sections",
        )
    for path, v in _walk(doc):
        if isinstance(v, bool):
            continue
        if isinstance(v, float):
            _number(path, v)
        elif isinstance(v, str):
            limits.check("text_chars", len(v), field=path, what="characters of text")
        elif isinstance(v, (list, dict)) and path:
            key = _LIST_LIMITS.get(_shape(path), "scenario_entries")
            limits.check(key, len(v), field=path, what=_NOUNS.get(key, "entries"))
        if not path or isinstance(v, (dict, list)):
            continue
        key = _last_key(path)  # list items count as their list's key: chain[2] is a date
        if key in DATE_KEYS:
            _date(path, v)
        elif key in PERIOD_KEYS and v is not None:
            check_period(v, path)
    _check_draws(doc.get("montecarlo"))
    _check_sweep(doc.get("sweep"))


def _check_draws(mc: Any) -> None:
    if not isinstance(mc, dict) or "draws" not in mc:
        return
    n = mc["draws"]
    if isinstance(n, int) and not isinstance(n, bool):
        if n < 1:
            raise ScenarioError(
                f"{n} draws", field="montecarlo.draws", fix="ask for at least one draw"
            )
        limits.check("montecarlo_draws", n, field="montecarlo.draws", what="Monte Carlo draws")


def sweep_points(start: float, stop: float, step: float) -> int:
    """How many points ``start, start + step, …, stop`` holds, counted, not built."""
    return math.floor((stop - start) / step + 1e-9) + 1


def _check_sweep(sw: Any) -> None:
    if not isinstance(sw, dict) or sw.get("values"):
        return
    try:
        start = float(sw.get("start", 0.0))
        stop = float(sw.get("stop", 1.0))
        step = float(sw.get("step", 0.05))
    except (TypeError, ValueError):
        return  # the model names the field
    if not (step > 0 and stop >= start):
        raise ScenarioError(
            f"grid {start:g}..{stop:g} by {step:g}",
            field="sweep.step",
            fix="step > 0 and stop >= start",
        )
    n = sweep_points(start, stop, step)
    limits.check(
        "sweep_points", n, field="sweep.step", what=f"points of the grid {start:g}..{stop:g} by "
        f"{step:g}"
    )  # fmt: skip


def check_values(dumped: dict[str, Any]) -> None:
    """Numbers of the validated scenario (its ``model_dump()``) are finite: catches
    text such as 'nan' or 'inf' that the model read as a float."""
    for path, v in _walk(dumped):
        if isinstance(v, float):
            _number(path, v)


def check_overrides(sc: Any, *, draws: Any = None, seed: Any = None) -> None:
    """Overrides of ``[montecarlo]`` from a flag (``--draws``, ``--seed``) or the API go
    through the same schema and limits as the file's values."""
    from pydantic import ValidationError

    if draws is None and seed is None:
        return
    flag = "--draws" if draws is not None else "--seed"
    if sc.montecarlo is None:
        raise ScenarioError(
            f"scenario {sc.name!r} has no [montecarlo] section: {flag} would change nothing",
            field=flag,
            fix="drop the flag, or run a scenario with bands (scenarios list: '…-bands')",
        )
    doc = sc.montecarlo.model_dump(mode="python")
    if draws is not None:
        if isinstance(draws, bool) or not isinstance(draws, int):
            raise ScenarioError(f"{draws!r} is not a whole number", field="--draws",
                                fix="give a number of draws, e.g. --draws 500")  # fmt: skip
        if draws < 1:
            raise ScenarioError(f"{draws} draws", field="--draws", fix="ask for at least one draw")
        limits.check("montecarlo_draws", draws, field="--draws", what="Monte Carlo draws")
        doc["draws"] = draws
    if seed is not None:
        doc["seed"] = seed
    try:
        type(sc.montecarlo).model_validate(doc)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise ScenarioError(
            str(err["msg"]), field=flag, fix="give a whole number (see docs/limits.md)"
        ) from None


#: fields that name something tradewinds loads (a schedule, a dataset): names only
#: where the user is remote (the dashboard), never a path
_NAME_FIELDS = frozenset(
    {
        "schedule",
        "dataset",
        "market_dataset",
        "hs6_weights",
        "aggregate_weights",
        "one_sector_dataset",
    }
)
_A_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")


def check_names(doc: dict[str, Any]) -> None:
    """Every field that names a schedule or a dataset holds a name, not a path (the
    dashboard: a file is read only when a user on this machine names it, on the command
    line or in Python). Shipped schedules only, datasets by id."""
    from tradewinds.io.tariff_data import SCHEDULES

    for path, v in _walk(doc):
        if not isinstance(v, str) or not path:
            continue
        key = _last_key(path)
        parent = _last_key(path.rsplit(".", 1)[0]) if "." in path else ""
        is_schedule = key == "schedule" or (parent == "schedule" and key == "name")
        if not (is_schedule or key in _NAME_FIELDS or parent == "line_weights"):
            continue
        if not _A_NAME.fullmatch(v) or ".." in v:
            raise ScenarioError(
                f"{v[:80]!r} is a path; here a field names a "
                f"{'schedule' if is_schedule else 'dataset'}, it does not read a file",
                field=path,
                fix="give a name (a dataset id from `tradewinds data list`"
                + (f", a schedule of {', '.join(SCHEDULES)}" if is_schedule else "")
                + "); files are read from the command line only",
            )
        if is_schedule and v not in SCHEDULES:
            raise ScenarioError(
                f"no shipped schedule {v!r}",
                field=path,
                fix=f"use {' or '.join(SCHEDULES)} (a schedule file is read from the command "
                "line only)",
            )


_TYPE_FIXES = {
    "missing": "add the field (see docs/scenarios.md)",
    "extra_forbidden": "remove the field or check its spelling (docs/scenarios.md)",
    "literal_error": "use one of the values the message lists",
    "string_pattern_mismatch": "use lower-case letters, digits, '-', '_' or '.'",
    "int_parsing": "give a whole number",
    "int_from_float": "give a whole number",
    "int_type": "give a whole number",
    "float_parsing": "give a number, e.g. 0.25",
    "float_type": "give a number, e.g. 0.25",
    "list_type": "give a list, [ … ] (a section of several entries is [[name]])",
    "dict_type": "give a table: [name] with its fields",
    "model_type": "give a table: [name] with its fields",
    "string_type": "give text in quotes",
    "date_parsing": "write the date as 2025-08-27",
    "date_from_datetime_parsing": "write the date as 2025-08-27",
    "date_type": "write the date as 2025-08-27",
    "greater_than_equal": "give a larger value (the message says the bound)",
    "less_than_equal": "give a smaller value (the message says the bound)",
}


def from_validation_error(exc: Any, where: str) -> ScenarioError:
    """The first problem of a pydantic ValidationError as a ScenarioError: the file and
    the field (``tariffs.add[0].rate``), the message, and a fix (a validator's own
    ScenarioError keeps its field and fix)."""
    err = exc.errors()[0]
    loc = "".join(f"[{x}]" if isinstance(x, int) else f".{x}" for x in err["loc"]).lstrip(".")
    inner = (err.get("ctx") or {}).get("error")
    if isinstance(inner, ScenarioError):
        field = inner.field or loc
        return ScenarioError(inner.problem, field=f"{where}: {field}", fix=inner.fix)
    msg = str(err["msg"]).removeprefix("Value error, ")
    fix = _TYPE_FIXES.get(
        str(err["type"]), "correct the value (docs/scenarios.md describes each field)"
    )
    return ScenarioError(msg, field=f"{where}: {loc}" if loc else where, fix=fix)


def check_types(doc: Any, dumped: dict[str, Any]) -> None:
    """A true/false where the model holds a number (pydantic reads true as 1.0)."""
    for path, v in _walk(doc):
        if not isinstance(v, bool) or not path:
            continue
        got: Any = dumped
        for part in re.findall(r"[^.\[\]]+|\[\d+\]", path):
            if isinstance(got, dict):
                got = got.get(part)
            elif isinstance(got, list) and part.startswith("["):
                i = int(part[1:-1])
                got = got[i] if i < len(got) else None
            else:
                got = None
        if isinstance(got, (int, float)) and not isinstance(got, bool):
            raise ScenarioError(
                f"{str(v).lower()} is not a number", field=path, fix="give a number, e.g. 0.25"
            )
