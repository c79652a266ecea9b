"""The result of a scenario run: frozen, carrying the scenario that ran.

Like the result objects of pyfixest and linearmodels, a :class:`ScenarioResult` is
what a notebook user holds: ``res.summary()`` is a readable table (``print`` it, or
let Jupyter render it), ``res.values["ge_us_welfare_pct"]`` the raw numbers,
``res.tables`` the tidy frames, ``res.notes`` the caveats, ``res.provenance`` where
every number came from, and ``res.scenario`` the exact :class:`Scenario` that ran
(reports never look it up again by name).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

import pandas as pd

from tradewinds.formatting import format_number, label_of, unit_of
from tradewinds.io.codes import country_label
from tradewinds.scenarios.labels import VALUE_WORDS, KeyInfo, describe
from tradewinds.scenarios.model import Scenario


@dataclass(frozen=True, slots=True)
class Outcome:
    """One headline result: its value, unit, label, the horizon it holds for and,
    where the scenario states one, the published figure it reproduces.

    ``role`` says where a reader sees it (:mod:`tradewinds.scenarios.labels`): a result,
    an ``alternative`` measure of the result ``alt_of`` (``why`` says why they differ), a
    Monte Carlo ``band``, a ``setting`` of the run or a solver ``diagnostic``."""

    key: str
    value: Any
    unit: str
    label: str
    horizon: str = ""
    reference: str = ""  # e.g. "+1.13% (Ignatenko et al. 2025, Table 1)"
    role: str = "result"
    alt_of: str = ""
    why: str = ""

    @classmethod
    def of(
        cls,
        key: str,
        value: Any,
        *,
        unit: str | None = None,
        label: str | None = None,
        horizon: str = "",
    ) -> Outcome:
        info = describe(key, country_label)
        if info is None:
            info = KeyInfo(label_of(key))
        if isinstance(value, bool):
            unit = "bool"
        unit = unit or info.unit or unit_of(key, value)
        return cls(
            key,
            value,
            unit,
            label or info.label,
            horizon,
            role=info.role,
            alt_of=info.alt_of,
            why=info.why,
        )

    @property
    def text(self) -> str:
        if self.unit == "text" and isinstance(self.value, str):
            return VALUE_WORDS.get(self.value, self.value.replace("_", " "))
        return format_number(self.value, self.unit)

    def with_reference(self, reference: str) -> Outcome:
        return replace(self, reference=reference)


class SummaryTable:
    """The headline results as a table: ``str()`` for terminals, ``_repr_html_`` for
    notebooks, ``.frame`` for code (every outcome, with its role), ``.reader_rows()`` for
    reports (results with their alternatives beneath; settings and solver diagnostics as
    one line each)."""

    def __init__(self, title: str, outcomes: Iterable[Outcome], notes: Iterable[str] = ()):
        self.title = title
        self.outcomes = tuple(outcomes)
        self.notes = tuple(notes)

    @property
    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {
                    "key": o.key,
                    "result": o.label,
                    "value": o.text,
                    "horizon": o.horizon,
                    "published": o.reference,
                    "role": o.role,
                    "why": o.why,
                }
                for o in self.outcomes
            ],
            columns=["key", "result", "value", "horizon", "published", "role", "why"],
        )

    def reader_rows(self) -> list[Outcome]:
        """Results and bands in order, each alternative right after the result it measures
        another way (or in place, when that result is absent)."""
        shown = [o for o in self.outcomes if o.role in ("result", "alternative", "band")]
        keys = {o.key for o in shown}
        alts: dict[str, list[Outcome]] = {}
        for o in shown:
            if o.role == "alternative" and o.alt_of in keys:
                alts.setdefault(o.alt_of, []).append(o)
        out: list[Outcome] = []
        for o in shown:
            if o.role == "alternative" and o.alt_of in keys:
                continue
            out.append(o)
            out += alts.get(o.key, [])
        return out

    def line(self, role: str) -> str:
        """The outcomes of one role as one line: "model: …; σ from: …"."""
        return "; ".join(f"{o.label}: {o.text}" for o in self.outcomes if o.role == role)

    def __str__(self) -> str:
        rows = [
            (
                ("  or " if o.role == "alternative" else "") + o.label,
                o.text,
                short_horizon(o.horizon),
                o.reference,
            )
            for o in self.reader_rows()
        ]
        w0 = max([len("result"), *(len(r[0]) for r in rows)])
        w1 = max([len("value"), *(len(r[1]) for r in rows)])
        w2 = max([len("horizon"), *(len(r[2]) for r in rows)])
        has_ref = any(r[3] for r in rows)
        head = f"{'result':<{w0}}  {'value':>{w1}}  {'horizon':<{w2}}" + (
            "  published" if has_ref else ""
        )
        lines = [self.title, head, "-" * len(head)]
        lines += [
            (f"{a:<{w0}}  {b:>{w1}}  {h:<{w2}}" + (f"  {c}" if has_ref and c else "")).rstrip()
            for a, b, h, c in rows
        ]
        horizons = dict.fromkeys(o.horizon for o in self.outcomes if o.horizon)
        lines += [f"{short_horizon(h)}: {h}" for h in horizons]
        for role, name in (("setting", "settings"), ("diagnostic", "solver")):
            text = self.line(role)
            if text:
                lines.append(f"{name}: {text}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        e = html.escape
        rows = self.reader_rows()
        has_ref = any(o.reference for o in rows)
        head = "<tr><th>result</th><th>value</th><th>horizon</th>" + (
            "<th>published</th>" if has_ref else ""
        )
        body = "".join(
            f"<tr><td>{e(o.label)}</td><td style='text-align:right'>{e(o.text)}</td>"
            f"<td title='{e(o.horizon)}'>{e(short_horizon(o.horizon))}</td>"
            + (f"<td>{e(o.reference)}</td>" if has_ref else "")
            + "</tr>"
            for o in rows
        )
        return (
            f"<table class='tradewinds-summary'><caption>{e(self.title)}</caption>"
            f"<thead>{head}</tr></thead><tbody>{body}</tbody></table>"
        )


def short_horizon(horizon: str) -> str:
    """'short run (PE: a year or two, …)' → 'short run (PE)'."""
    if not horizon:
        return ""
    head, _, rest = horizon.partition(" (")
    model = rest.split(":")[0] if rest else ""
    return f"{head} ({model})" if model and len(model) <= 12 else head


@dataclass(frozen=True)
class ScenarioResult:
    """What a scenario run produced. Immutable: engines build parts, the runner
    freezes them into one result."""

    scenario: Scenario
    tables: Mapping[str, pd.DataFrame] = field(default_factory=dict)
    outcomes: tuple[Outcome, ...] = ()
    notes: tuple[str, ...] = ()
    provenance: Mapping[str, str] = field(default_factory=dict)
    source: str = ""  # "library" or the file it was read from

    def __post_init__(self) -> None:
        object.__setattr__(self, "tables", MappingProxyType(dict(self.tables)))
        object.__setattr__(self, "provenance", MappingProxyType(dict(self.provenance)))
        object.__setattr__(self, "outcomes", tuple(self.outcomes))
        object.__setattr__(self, "notes", tuple(self.notes))

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as its fields, the read-only mappings as dicts (a result computed in
        another process, e.g. the case's second one, comes back the same)."""
        return (
            ScenarioResult,
            (self.scenario, dict(self.tables), self.outcomes, self.notes,
             dict(self.provenance), self.source),
        )  # fmt: skip

    @property
    def name(self) -> str:
        return self.scenario.name

    @property
    def description(self) -> str:
        return self.scenario.description

    @property
    def scenario_hash(self) -> str:
        return self.scenario.content_hash()

    @property
    def values(self) -> Mapping[str, Any]:
        """The raw value of every outcome, by key (read-only)."""
        return MappingProxyType({o.key: o.value for o in self.outcomes})

    def outcome(self, key: str) -> Outcome:
        for o in self.outcomes:
            if o.key == key:
                return o
        raise KeyError(key)

    def summary(self) -> SummaryTable:
        return SummaryTable(
            f"{self.name} (scenario {self.scenario_hash[:12]})", self.outcomes, self.notes
        )

    def _repr_html_(self) -> str:
        return self.summary()._repr_html_()

    def to_json(self) -> dict[str, Any]:
        """What ``summary.json`` holds: values by key, and each outcome's unit, label,
        horizon and published reference."""
        return {
            "scenario": self.name,
            "scenario_hash": self.scenario_hash,
            "summary": dict(self.values),
            "outcomes": [
                {
                    "key": o.key,
                    "value": o.value,
                    "unit": o.unit,
                    "label": o.label,
                    "horizon": o.horizon,
                    "reference": o.reference,
                    "role": o.role,
                    "alt_of": o.alt_of,
                    "why": o.why,
                }
                for o in self.outcomes
            ],
            "notes": list(self.notes),
            "provenance": dict(self.provenance),
        }


def with_references(outcomes: Iterable[Outcome], scenario: Scenario) -> tuple[Outcome, ...]:
    """Attach the published figures the scenario states (``[references]``) to its
    outcomes."""
    refs = scenario.references or {}
    out = []
    for o in outcomes:
        r = refs.get(o.key)
        if r is not None:
            text = f"{format_number(r.value, o.unit)} ({r.source})"
            o = o.with_reference(text)
        out.append(o)
    return tuple(out)
