"""The scenario file: one pydantic model, read from and written to TOML.

A scenario names its baseline data, the tariff schedule and dates it compares, the
measures it adds or removes (tariffs, embargoes, secondary tariffs), trade it halts,
export pushes, and the models to run with their parameters. Every error names the
field and the fix (:class:`ScenarioError`). See docs/scenarios.md for every field.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from tradewinds.errors import DataValidationError, ScenarioError
from tradewinds.limits import LIMITS
from tradewinds.scenarios.multisector_params import (
    MultisectorParams,
    check_epsilon_set,
    check_multisector,
)
from tradewinds.scenarios.oil_sections import CrudeParams, SanctionInPE, check_oil_sections
from tradewinds.scenarios.workers_section import WorkersSection
from tradewinds.tariffs.measures import TariffMeasure


class Baseline(BaseModel):
    model_config = ConfigDict(extra="forbid")
    dataset: str = "india-eidb"  # product lines of the exporter's trade
    market_dataset: str = "world2023"  # the aggregate market (all suppliers)
    period: str | None = None  # e.g. "FY2024-25"; default: the latest
    content_hash: str | None = None  # refuse to run if the store's dataset differs


class Halt(BaseModel):
    """Trade that stops: ``country`` no longer imports ``products`` from ``imports_from``."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    country: str
    imports_from: str
    products: list[str]


Day = date  # (inside TariffChanges, ``date`` is a field)


class TariffChanges(BaseModel):
    model_config = ConfigDict(extra="forbid")
    schedule: str = "us2025"
    importer: str
    exporter: str
    baseline_date: date  # the policy state the scenario is compared with
    date: date  # the scenario's state (with ``add``/``remove`` and the halts)
    add: list[TariffMeasure] = []
    remove: list[str] = []
    # Chained, dated states (docs/scenarios.md): every state is computed from the same
    # data, first mapped to their own policy state (``data_state``: the mean of the
    # period's days, or its last day); ``chain`` lists the dated states in order and holds
    # baseline_date and date; ``periods`` adds states averaged over a period (FY2025-26)
    # to set beside that period's observed trade.
    chain: list[Day] = []
    periods: list[str] = []
    data_state: Literal["average", "end"] = "average"
    # measures with a condition the data cannot check (USMCA-qualifying goods of Canada
    # and Mexico are exempt): "met" leaves them out, "not_met" levies them on every good
    conditions: Literal["met", "not_met"] = "met"

    @model_validator(mode="after")
    def _chain(self) -> TariffChanges:
        from tradewinds.tariffs.states import period_bounds

        c = self.chain
        if len(c) > MAX_CHAIN:
            raise ValueError(f"a chain of {len(c)} dates is longer than {MAX_CHAIN}")
        if any(b <= a for a, b in itertools.pairwise(c)):
            raise ValueError(f"chain dates {[d.isoformat() for d in c]} are not in order")
        for name, d in (("baseline_date", self.baseline_date), ("date", self.date)):
            if c and d not in c:
                raise ValueError(f"{name} {d} is not in the chain; add it to chain")
        if len(self.periods) > MAX_PERIODS or len(set(self.periods)) < len(self.periods):
            raise ValueError(f"periods {self.periods}: at most {MAX_PERIODS}, each once")
        for p in self.periods:
            try:
                period_bounds(p)
            except Exception as exc:
                raise ValueError(f"period {p!r} is not like FY2025-26 or 2025") from exc
        return self


MAX_CHAIN = 12  # dated states in one chain
MAX_PERIODS = 4  # period states in one scenario


class Push(BaseModel):
    """A chosen rise of the exporter's sales of a product group to a partner."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    exporter: str
    partner: str
    group: str
    growth: float = Field(description="proportional rise, 0.5 = +50%")

    @field_validator("growth")
    @classmethod
    def _g(cls, v: float) -> float:
        if v < -1:
            raise ValueError(f"growth {v} would make exports negative; -1 is the floor")
        return v


SIGMA_SOURCES = ("protee", "broda-weinstein")


class PEParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    method: Literal["exact", "wits_compat"] = "exact"
    epsilon: float = -1.0
    sigma_source: str | float = "protee"
    sigma_overrides: dict[str, float] = {}
    beta: float = math.inf

    @field_validator("sigma_source")
    @classmethod
    def _sigma_source(cls, v: str | float) -> str | float:
        if isinstance(v, str) and v not in SIGMA_SOURCES:
            raise ValueError(
                f"sigma_source {v[:60]!r} is not {' or '.join(SIGMA_SOURCES)}, or a number"
            )
        return v

    @field_validator("epsilon")
    @classmethod
    def _eps(cls, v: float) -> float:
        if not v < 0:
            raise ValueError(
                f"the import-demand elasticity {v} must be negative "
                "(imports fall when their price rises), e.g. -1.0"
            )
        return v

    @field_validator("beta")
    @classmethod
    def _beta(cls, v: float) -> float:
        if not v > 0:
            raise ValueError(f"the export-supply elasticity {v} must be positive, or inf")
        return v


class GEParams(BaseModel):
    """General equilibrium: the model of Ignatenko et al. (2025) on the world matrix."""

    model_config = ConfigDict(extra="forbid")
    model: Literal[
        "ilms2025",
        "tariffs-deficits",
        "caliendo-parro-2015",
        "yotov2016-borders",
        "yotov2016-nafta",
        "icio-multisector",
    ] = "ilms2025"
    method: Literal["converged", "book"] = "converged"  # yotov2016-*: exact-hat or the book loop
    deficits: Literal["zero", "held"] = "zero"  # caliendo-parro-2015
    experiment: Literal["nafta", "schedule"] = "nafta"  # caliendo-parro-2015: which shock
    sigma: float = 7.0  # yotov2016-borders
    dataset: str = "world2023"
    # "schedule": the [tariffs] schedule's rate on each exporter in each state of the chain
    us_tariffs: Literal["ustr-2025-04-02", "none", "optimal-uniform", "schedule"] = (
        "ustr-2025-04-02"
    )
    special_case: Literal["none", "eaton-kortum"] = "none"
    rate_overrides: dict[str, float] = {}  # exporter ISO3 -> US tariff (fraction)
    floor: float = 0.10
    revenue: Literal["income_tax", "lump_sum"] = "income_tax"
    retaliation: Literal["none", "reciprocal", "optimal"] = "none"
    epsilon: float = 4.0
    pass_through: Literal["complete", "incomplete"] = "complete"
    multisector: MultisectorParams | None = None  # icio-multisector (scenarios/multisector_params)

    @field_validator("epsilon")
    @classmethod
    def _eps(cls, v: float) -> float:
        if not v > 0:
            raise ValueError(f"the trade elasticity {v} must be positive (the paper uses 4)")
        return v

    @field_validator("rate_overrides")
    @classmethod
    def _rates(cls, v: dict[str, float]) -> dict[str, float]:
        for k, r in v.items():
            if r <= -1:
                raise ValueError(f"rate {r} for {k} is at or below -100%; rates are fractions")
        return v


class MonteCarloParams(BaseModel):
    """Uncertainty bands for the GE model: parameter distributions and draws."""

    model_config = ConfigDict(extra="forbid")
    draws: int = Field(default=200, ge=1, le=int(LIMITS["montecarlo_draws"].default))
    seed: int = 20250827
    percentiles: list[float] = [5.0, 95.0]
    # parameter -> "lognormal:4:1" | "normal:MEAN:SD" | "uniform:LOW:HIGH" |
    # "triangular:LOW:MODE:HIGH" | a number (see models/montecarlo.py);
    # yotov2016-nafta: { rta = "ppml" } draws the RTA coefficient from its PPML estimate;
    # PE: { sigma = "dispersion" } draws σ from the dispersion of the σ source's estimates
    # icio-multisector: { epsilon_set = "band" | "draws:0.25" | "draws:sets" }
    parameters: dict[Literal["epsilon", "kappa", "psi", "rta", "sigma", "epsilon_set"], str] = {
        "epsilon": "lognormal:4:1"
    }
    pairs: list[tuple[str, str]] = []

    @field_validator("percentiles")
    @classmethod
    def _pct(cls, v: list[float]) -> list[float]:
        if not v or not all(0 < q < 100 for q in v):
            raise ValueError(f"percentiles {v} must be numbers between 0 and 100")
        return sorted(v)

    @field_validator("parameters")
    @classmethod
    def _dists(cls, v: dict[str, str]) -> dict[str, str]:
        from tradewinds.models.montecarlo import Dist

        for k, text in v.items():
            if k == "epsilon_set":
                check_epsilon_set(text)
                continue
            if k == "sigma":
                if text != "dispersion":
                    raise ValueError(
                        f"sigma = {text!r}: σ is drawn from the dispersion of the σ "
                        "source's estimates; write sigma = 'dispersion'"
                    )
                continue
            if k == "rta":
                if text != "ppml":
                    raise ValueError(
                        f"rta = {text!r}: the RTA coefficient is drawn from its PPML "
                        "estimate and covariance; write rta = 'ppml'"
                    )
                continue
            Dist.parse(text, name=f"montecarlo.parameters.{k}")
        return v


class SweepParams(BaseModel):
    """A grid of GE runs: one parameter takes each value (or each country is the target)."""

    model_config = ConfigDict(extra="forbid")
    parameter: Literal["rate", "target", "floor", "epsilon"] = "rate"
    country: str | None = None  # rate: the exporter whose US tariff is swept
    start: float = 0.0
    stop: float = 1.0
    step: float = 0.05
    values: list[float] = []  # explicit values (instead of start/stop/step)
    targets: list[str] = []  # target: ISO3 codes, or ["all"]
    rate: float = 0.5  # target: the tariff each target gets in turn
    pairs: list[tuple[str, str]] = []

    def grid(self) -> list[float]:
        if self.values:
            return list(self.values)
        if not self.step > 0 or self.stop < self.start:
            raise ScenarioError(
                f"grid {self.start}..{self.stop} by {self.step}",
                field="sweep.step",
                fix="step > 0 and stop >= start",
            )
        n = math.floor((self.stop - self.start) / self.step + 1e-9) + 1
        return [round(self.start + k * self.step, 12) for k in range(n)]


class Reference(BaseModel):
    """A published figure a scenario reproduces (shown beside its result)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    value: float
    source: str = Field(min_length=1)

    @field_validator("value")
    @classmethod
    def _finite(cls, v: float) -> float:
        if not math.isfinite(v):
            raise ValueError(f"reference value {v} is not a finite number")
        return v


class Scenario(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    description: str = ""
    # countries whose results the summary names (ISO3); the data decide the rest
    focus: list[str] | None = None
    # published figures the results reproduce, by summary key
    references: dict[str, Reference] | None = None
    baseline: Baseline = Baseline()
    tariffs: TariffChanges | None = None
    halt: list[Halt] = []
    push: list[Push] = []
    models: list[Literal["pe", "ge", "crude"]] = ["pe"]
    pe: PEParams = PEParams()
    ge: GEParams | None = None
    crude: CrudeParams | None = None  # crude as one world market (scenarios/oil_sections.py)
    sanctions: list[SanctionInPE] | None = None  # ledger entries as bans in PE
    montecarlo: MonteCarloParams | None = None
    sweep: SweepParams | None = None
    workers: WorkersSection | None = None  # workers abroad and their remittances
    outputs: list[Literal["tables", "report"]] = ["tables", "report"]
    notes: list[str] = []

    def content_hash(self) -> str:
        doc = self.model_dump(mode="json", by_alias=True, exclude_none=True)
        return hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).hexdigest()

    def measures_added(self) -> list[TariffMeasure]:
        return list(self.tariffs.add) if self.tariffs else []


def _named(exc: ScenarioError, where: str) -> ScenarioError:
    """The error with the file (or form) named first, as the syntax errors name it."""
    if exc.field and exc.field.startswith(f"{where}: "):
        return exc
    field = f"{where}: {exc.field}" if exc.field else where
    return ScenarioError(exc.problem, field=field, fix=exc.fix)


def scenario_from_dict(
    doc: dict[str, Any], where: str = "scenario", *, files: bool = True
) -> Scenario:
    """Validate a scenario document; the first problem raises ScenarioError.

    Sizes, numbers, dates and periods are checked on the raw document first
    (:mod:`tradewinds.scenarios.document`), so no oversized input is ever built.
    ``files=False`` (the dashboard): fields that name a schedule or dataset must be
    names, never paths."""
    from tradewinds.scenarios.document import (
        check_document,
        check_names,
        check_types,
        check_values,
        from_validation_error,
    )

    try:
        check_document(doc, where)
        if not files:
            check_names(doc)
    except ScenarioError as exc:
        raise _named(exc, where) from None
    try:
        sc = Scenario.model_validate(doc)
    except ValidationError as exc:
        raise from_validation_error(exc, where) from None
    try:
        dumped = sc.model_dump(mode="python", by_alias=True)
        check_values(dumped)
        check_types(doc, dumped)
        _check_semantics(sc)
    except ScenarioError as exc:  # name the file (or form) as the syntax errors do
        raise _named(exc, where) from exc
    return sc


def _check_semantics(sc: Scenario) -> None:
    """Checks that need the code lists and the schedule."""
    from tradewinds.io.codes import countries, load_product_groups
    from tradewinds.tariffs.schedule import check_overlaps, load_schedule, parse_measure

    cc = countries()

    def iso(code: str, field_name: str) -> None:
        try:
            got = cc.resolve(code)
        except Exception as exc:
            raise ScenarioError(
                f"unknown country {code!r}",
                field=field_name,
                fix=str(getattr(exc, "fix", "use an ISO3 code")),
            ) from exc
        if got != code:
            raise ScenarioError(
                f"{code!r} is not an ISO3 code", field=field_name, fix=f"write {got!r}"
            )

    for i, c in enumerate(sc.focus or []):
        iso(c, f"focus[{i}]")
    if sc.tariffs is not None:
        t = sc.tariffs
        iso(t.importer, "tariffs.importer")
        iso(t.exporter, "tariffs.exporter")
        if t.date < t.baseline_date:
            raise ScenarioError(
                f"date {t.date} is before baseline_date {t.baseline_date}",
                field="tariffs.date",
                fix="the scenario date must not precede the baseline date",
            )
        try:
            sched = load_schedule(t.schedule)
        except DataValidationError as exc:  # a schedule not shipped, or its file broken
            raise ScenarioError(exc.problem, field="tariffs.schedule", fix=exc.fix) from None
        for i, m in enumerate(t.add):
            parse_measure(
                m.model_dump(by_alias=True), f"tariffs.add[{i}]", m.importer or t.importer
            )
        changed = sched.with_changes(
            add=[m if m.importer else m.model_copy(update={"importer": t.importer}) for m in t.add],
            remove=t.remove,
        )
        check_overlaps(list(changed.measures), "tariffs")
    if sc.workers is not None:
        iso(sc.workers.origin, "workers.origin")
        iso(sc.workers.host, "workers.host")
    for i, h in enumerate(sc.halt):
        iso(h.country, f"halt[{i}].country")
        iso(h.imports_from, f"halt[{i}].imports_from")
        for p in h.products:
            if not (p.isdigit() and 2 <= len(p) <= 10):
                raise ScenarioError(
                    f"product {p!r} is not an HS prefix",
                    field=f"halt[{i}].products",
                    fix="write HS codes as quoted digits, '2709'",
                )
    groups = load_product_groups()
    for i, push in enumerate(sc.push):
        iso(push.exporter, f"push[{i}].exporter")
        iso(push.partner, f"push[{i}].partner")
        if push.group not in groups:
            import difflib

            close = [g for g in groups if g.startswith(push.group)] or difflib.get_close_matches(
                push.group, list(groups), n=3
            )
            raise ScenarioError(
                f"unknown product group {push.group!r}",
                field=f"push[{i}].group",
                fix=f"did you mean {', '.join(close)}?"
                if close
                else "see `tradewinds codes groups`",
            )
    if "ge" in sc.models and sc.ge is None:
        raise ScenarioError(
            "models asks for 'ge' but there is no [ge] section",
            field="ge",
            fix="add [ge] (see docs/scenarios.md), or drop 'ge' from models",
        )
    if sc.ge is not None:
        for k in sc.ge.rate_overrides:
            iso(k, f"ge.rate_overrides.{k}")
    check_multisector(sc, iso)
    ilms = sc.ge is not None and sc.ge.model == "ilms2025"
    if sc.montecarlo is not None:
        mc = sc.montecarlo
        keys = set(mc.parameters)
        if "rta" in keys and (keys != {"rta"} or sc.ge is None or sc.ge.model != "yotov2016-nafta"):
            raise ScenarioError(
                "rta draws belong to the yotov2016-nafta model, alone",
                field="montecarlo.parameters.rta",
                fix="use [ge] model = 'yotov2016-nafta' with parameters = { rta = 'ppml' }",
            )
        if sc.ge is not None and sc.ge.model == "yotov2016-nafta" and keys != {"rta"}:
            raise ScenarioError(
                "yotov2016-nafta bands draw the estimated RTA coefficient only",
                field="montecarlo.parameters",
                fix="parameters = { rta = 'ppml' }",
            )
        if keys & {"epsilon", "kappa", "psi"} and not ilms:
            raise ScenarioError(
                "[montecarlo] draws of epsilon, kappa or psi need the world GE model",
                field="montecarlo",
                fix="add [ge] with model = 'ilms2025' (the default)",
            )
        if "sigma" in keys and not (
            "pe" in sc.models
            and sc.tariffs is not None
            and sc.pe.sigma_source in ("protee", "broda-weinstein")
        ):
            raise ScenarioError(
                "sigma draws need a PE run on tariff lines with σ from protee or broda-weinstein",
                field="montecarlo.parameters.sigma",
                fix="models = ['pe'], a [tariffs] section and pe.sigma_source = 'protee' "
                "or 'broda-weinstein'",
            )
        for n, (ex, im) in enumerate(mc.pairs):
            iso(ex, f"montecarlo.pairs[{n}][0]")
            iso(im, f"montecarlo.pairs[{n}][1]")
    if sc.sweep is not None:
        if not ilms:
            raise ScenarioError(
                "[sweep] needs the world GE model",
                field="sweep",
                fix="add [ge] with model = 'ilms2025' (the default)",
            )
        for n, (ex, im) in enumerate(sc.sweep.pairs):
            iso(ex, f"sweep.pairs[{n}][0]")
            iso(im, f"sweep.pairs[{n}][1]")
    if sc.sweep is not None:
        sw = sc.sweep
        if sw.parameter == "rate":
            if sw.country is None:
                raise ScenarioError(
                    "a rate sweep needs the exporter", field="sweep.country", fix="country = 'IND'"
                )
            iso(sw.country, "sweep.country")
        if sw.parameter == "target":
            if not sw.targets:
                raise ScenarioError(
                    "a target sweep needs targets", field="sweep.targets", fix='targets = ["all"]'
                )
            for n, c in enumerate(sw.targets):
                if c != "all":
                    iso(c, f"sweep.targets[{n}]")
        if sw.parameter != "target":
            sw.grid()
    check_oil_sections(sc.crude, sc.sanctions or [], list(sc.models), iso)
    if "pe" in sc.models and sc.tariffs is None and not (sc.halt or sc.push or sc.sanctions):
        raise ScenarioError(
            "models asks for 'pe' but the scenario has no [tariffs], [[halt]], [[push]] "
            "or [[sanctions]]",
            field="models",
            fix="add what PE should simulate, or use models = ['ge']",
        )


def load_scenario(path: Path | str) -> Scenario:
    from tradewinds.io.tariff_data import read_toml

    p = Path(path)
    return scenario_from_dict(read_toml(p), where=str(p))


def to_toml(sc: Scenario) -> str:
    """The scenario as TOML (round-trips through :func:`load_scenario` unchanged)."""
    doc = sc.model_dump(mode="python", by_alias=True, exclude_none=True)
    return _dump_toml(doc)


def _fmt(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, list | tuple):
        return "[" + ", ".join(_fmt(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_fmt(x)}" for k, x in v.items()) + " }"
    raise TypeError(type(v))


def _key(k: str) -> str:
    import re

    return k if re.fullmatch(r"[A-Za-z0-9_-]+", k) else json.dumps(k)


def _dump_toml(doc: dict[str, Any], prefix: str = "") -> str:
    lines: list[str] = []
    tables: list[tuple[str, dict[str, Any]]] = []
    arrays: list[tuple[str, list[dict[str, Any]]]] = []
    for k, v in doc.items():
        if isinstance(v, dict) and v and k not in {"sigma_overrides", "trigger", "rate_overrides"}:
            tables.append((k, v))
        elif isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
            arrays.append((k, v))
        else:
            lines.append(f"{_key(k)} = {_fmt(v)}")
    out = "\n".join(lines)
    for k, v in tables:
        name = f"{prefix}{k}"
        out += f"\n\n[{name}]\n" + _dump_toml(v, prefix=f"{name}.")
    for k, items in arrays:
        for item in items:
            name = f"{prefix}{k}"
            out += f"\n\n[[{name}]]\n" + _dump_toml(item, prefix=f"{name}.")
    return out.strip() + "\n"
