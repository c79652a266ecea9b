"""What the Scenario page's form needs besides its widgets: which field an error names,
every field's error at once, which fields the browser has not yet reported after the
server set them, the overrides box, a run's label in Compare, the run's progress and its
stop, and reading an uploaded file within the limits."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from tradewinds import limits
from tradewinds.errors import DataValidationError, ScenarioError, TradewindsError
from tradewinds.parallel import Stop
from tradewinds.scenarios import Scenario, library_scenario, scenario_from_dict

START = "us-india-2025-08"  # the library scenario the page opens with

# form fields → the scenario fields their errors name
FIELDS = {
    "name": ("name",),
    "models": ("models",),
    "ge_epsilon": ("ge.epsilon", "ge"),
    "ge_revenue": ("ge.revenue",),
    "ge_retaliation": ("ge.retaliation",),
    "ge_overrides": ("ge.rate_overrides",),
    "m_rate": ("tariffs.add",),
    "m_from": ("tariffs.add",),
    "t_date": ("tariffs.date", "tariffs.baseline_date"),
    "pe_epsilon": ("pe.epsilon",),
    "pe_sigma": ("pe.sigma_source", "pe.method", "pe"),
    "mc_draws": ("montecarlo.draws", "montecarlo"),
}
ERROR_KEYS = [*FIELDS, "general", "upload", "new_measure"]

# inputs the server sets from a scenario → the form keys left as the scenario has them
# while the browser has not reported the new value (a measure's fields follow its id)
SET_BY_SERVER = {
    "name": ("name",),
    "models": ("models",),
    "pe_epsilon": ("pe_epsilon",),
    "pe_sigma": ("pe_sigma",),
    "pe_method": ("pe_sigma",),
    "ge_epsilon": ("ge_epsilon",),
    "ge_revenue": ("ge_revenue",),
    "ge_retaliation": ("ge_retaliation",),
    "ge_overrides": ("ge_overrides",),
    "mc_draws": ("mc_draws",),
    "t_date": ("t_date",),
    "m_id": ("m_rate", "m_from"),
    "m_rate": ("m_rate",),
    "m_from": ("m_from",),
}


def _same(a: Any, b: Any) -> bool:
    """Whether a value the browser reports is the one the server set: numbers by value,
    dates as ISO text, lists and tuples by their items, None as empty text."""

    def norm(v: Any) -> Any:
        if v is None:
            return ""
        if isinstance(v, bool):
            return v
        if isinstance(v, int | float):
            return float(v)
        if isinstance(v, date):
            return v.isoformat()
        if isinstance(v, list | tuple):
            return tuple(norm(x) for x in v)
        return v

    return bool(norm(a) == norm(b))


class ServerSet:
    """The inputs the server has set whose new value the browser has not reported yet.

    A field set from the server (``ui.update_*``) keeps its old value on the server until
    the browser sends the new one, a round trip later and debounced. A run clicked in
    between read the old value: a measure just added took the rate the field had before
    (0 when none was selected) instead of its own. Such a field is *pending* until the
    browser reports the last value the server set, or a value the server never set (the
    user's own edit); a report of the old value or of a value set earlier in the same
    wait (a scenario picked and replaced within one round trip) changes nothing.
    Meanwhile the form leaves the field as the scenario has it, which is what the server
    sent last."""

    def __init__(self, read: Callable[[str], Any]) -> None:
        self._read = read  # the input's value on the server now (None when unset)
        self._sent: dict[str, list[Any]] = {}  # the old value, then each value set since

    def sent(self, name: str, value: Any) -> None:
        """The server has just set input ``name`` to ``value``."""
        if name in self._sent:
            self._sent[name].append(value)
            return
        now = self._read(name)
        if not _same(now, value):
            self._sent[name] = [now, value]

    def seen(self, name: str, value: Any) -> None:
        """The browser reports ``value`` for input ``name``."""
        values = self._sent.get(name)
        if values is None:
            return
        if _same(value, values[-1]) or not any(_same(value, v) for v in values):
            del self._sent[name]

    def skip(self) -> frozenset[str]:
        """The form keys to leave as the scenario has them."""
        return frozenset(k for name in self._sent for k in SET_BY_SERVER.get(name, (name,)))


def field_of(err: ScenarioError) -> str:
    """The form input whose field an error names ('general' when none does): the input
    with the longest matching field, so ``ge.rate_overrides.XYZ`` is the overrides' error,
    not the one of ``ge`` as a whole."""
    where = (err.field or "").split(": ", 1)[-1].removeprefix("form.")
    best, length = "general", -1
    for input_id, prefixes in FIELDS.items():
        for p in prefixes:
            hit = where == p or where.startswith(p + ".") or where.startswith(p + "[")
            if hit and len(p) > length:
                best, length = input_id, len(p)
    return best


def all_errors(build: Any, limit: int = len(FIELDS) + 1) -> tuple[Any, dict[str, str]]:
    """Every field's error at once: ``build(skip)`` makes the scenario from the form with
    the inputs in ``skip`` left as they were; each failing input is put aside and the
    rest is validated again, so two wrong fields show two errors. Returns the scenario
    (None if any field is wrong) and the errors by input."""
    errs: dict[str, str] = {}
    for _ in range(limit):
        try:
            sc = build(frozenset(errs))
        except ScenarioError as e:
            key = field_of(e)
            if key in errs or key == "general":
                errs.setdefault(key, str(e))
                return None, errs
            errs[key] = str(e)
            continue
        return (None if errs else sc), errs
    return None, errs


def parse_overrides(text: str) -> dict[str, float]:
    """'IND=0.5; CHN=0.34' → {'IND': 0.5, 'CHN': 0.34}; errors name the entry."""
    out: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.replace(",", ";").split(";"))):
        code, sep, value = part.partition("=")
        try:
            if not sep:
                raise ValueError
            out[code.strip().upper()] = float(value)
        except ValueError:
            raise ScenarioError(
                f"cannot read {part!r}",
                field="ge.rate_overrides",
                fix="write ISO3=rate pairs separated by ';', e.g. IND=0.5; CHN=0.34",
            ) from None
    return out


def session_label(res: Any) -> str:
    """A run's name in Compare: the library name if it ran as in the library, else the
    name with "(edited …)" and its hash, so an edited run never passes for the original."""
    try:
        same = library_scenario(str(res.name)).content_hash() == res.scenario_hash
    except TradewindsError:
        same = False
    return str(res.name) if same else f"{res.name} (edited {res.scenario_hash[:8]})"


@dataclass
class RunState:
    """The run on its worker thread: progress, and its stop (Cancel sets it; the run
    ends within one batch, and only then does the page say "cancelled")."""

    started: float = 0.0
    done: int = 0
    total: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    stop: Stop | None = None
    begun: bool = False  # False while the run waits for a free worker

    def on_batch(self, done: int, total: int) -> None:
        """Progress from the service between batches (draws or sweep points)."""
        with self.lock:
            self.done, self.total = done, total


def upload_error(name: str, size: int | None) -> DataValidationError | None:
    """Why an upload of ``size`` bytes is refused (over the upload limit), or None."""
    cap = limits.value("upload_bytes")
    if size is not None and size > cap:
        return DataValidationError(
            f"the file is {limits.show_amount(size, 'bytes')}, over the limit of "
            f"{limits.show_amount(cap, 'bytes')} for an uploaded scenario",
            file=name,
            fix="a scenario is a few kB: check the file" + limits.setting_hint("upload_bytes"),
        )
    return None


def read_upload(name: str, path: str, size: int | None) -> Scenario:
    """An uploaded scenario file: size, encoding, TOML depth and the scenario's own
    limits checked (io.validate.parse_toml, scenario_from_dict); names only, no paths."""
    from tradewinds.io.validate import parse_toml

    refused = upload_error(name, size)
    if refused is not None:
        raise refused
    cap = int(limits.value("upload_bytes"))
    with Path(path).open("rb") as fh:
        raw = fh.read(cap + 1)
    try:
        doc = parse_toml(raw, file=name, max_bytes=cap)
    except DataValidationError as exc:
        where = f" (line {exc.row})" if exc.row is not None else ""
        raise ScenarioError(f"{exc.problem}{where}", field=name, fix=exc.fix) from None
    return scenario_from_dict(doc, where=name, files=False)
