"""The scenario parameters of the multi-sector ICIO model (``[ge] model = "icio-multisector"``).

``[ge.multisector]`` names the data (dataset, year), the elasticity set, the deficit mode,
what happens to the data's services tariffs, and the shocks: tariff changes by importer,
exporter and sector (``[[ge.multisector.shocks]]``), a dated tariff schedule mapped from its
lines (``[ge.multisector.schedule]``) and sanctions from the ledger as prohibitive trade
costs (``[ge.multisector.sanctions]``). ``[montecarlo] parameters = { epsilon_set = … }``
asks for the published elasticity sets as a band or draws around the chosen set.
See docs/scenarios.md, "The multi-sector model on ICIO data".
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from tradewinds.errors import ScenarioError

if TYPE_CHECKING:
    from tradewinds.scenarios.model import Scenario

ALL = "*"
SECTOR_GROUPS = ("goods", "all")
AGGREGATES = ("ROW",)  # economies of the ICIO data that are not countries


class SectorShock(BaseModel):
    """A tariff change: ``importer``'s rate on ``exporters``' goods in ``sectors`` (codes,
    "goods" or "all") except ``except_sectors``, raised by ``add`` (0.5 = 50 percentage
    points over the baseline) or set to ``rate``; with ``products`` (HS 2022 six-digit
    codes) only those lines change and a sector moves by their share of its lines."""

    model_config = ConfigDict(extra="forbid")
    importer: str
    exporters: list[str] = [ALL]
    sectors: list[str] = ["goods"]
    except_sectors: list[str] = []
    products: list[str] = []
    add: float | None = None
    rate: float | None = None

    @model_validator(mode="after")
    def _one_change(self) -> SectorShock:
        if (self.add is None) == (self.rate is None):
            raise ValueError("give exactly one of add (percentage points) or rate (the new rate)")
        v = self.add if self.add is not None else self.rate
        assert v is not None
        if not math.isfinite(v):
            raise ValueError(f"tariff change {v} is not a finite number")
        if self.rate is not None and self.rate <= -1:
            raise ValueError(f"rate {self.rate} is at or below -100%; rates are fractions")
        return self


class ScheduleParams(BaseModel):
    """A dated tariff schedule on every supplier, mapped from lines to sectors."""

    model_config = ConfigDict(extra="forbid")
    name: str = "us2025"
    date: dt.date
    baseline_date: dt.date | None = None  # None: the schedule's rates on `date` over the data's
    exporters: list[str] = [ALL]
    line_weights: dict[str, str] = {}  # exporter -> dataset of its own lines (e.g. HS8)
    line_period: str | None = None  # period of those lines (default: the latest)
    hs6_weights: str | None = None  # dataset of HS6 flows into the importer (BACI)
    aggregate_weights: str = "world2023"  # weights of ROW's members (total flows)
    announced: Literal["none", "ustr-2025-04-02"] = "none"
    announced_like: str = "ieepa-reciprocal-baseline"  # program and exemptions they take
    announced_floor: float = 0.10
    unmapped: Literal["raise", "collect"] = "raise"

    @model_validator(mode="after")
    def _dates(self) -> ScheduleParams:
        if self.baseline_date is not None and self.baseline_date > self.date:
            raise ValueError(
                f"baseline_date {self.baseline_date} is after date {self.date}; the scenario "
                "is measured from the earlier date"
            )
        return self


class SanctionsParams(BaseModel):
    """The sanctions ledger's embargoes and designations on ``date`` as prohibitive trade
    costs on pair × sector (HS 2709 → B06, 2710 → C19); those already in force on
    ``baseline_date`` are in the baseline."""

    model_config = ConfigDict(extra="forbid")
    date: dt.date
    baseline_date: dt.date | None = None
    imposers: list[str] = []  # default: every imposer in the ledger
    ids: list[str] = []  # default: every embargo and designation in force
    residual: float = 1e-6  # the share of trade a full ban keeps

    @field_validator("residual")
    @classmethod
    def _res(cls, v: float) -> float:
        if not 0.0 < v < 1.0:
            raise ValueError(f"residual {v} must be a share between 0 and 1 (e.g. 1e-6)")
        return v

    @model_validator(mode="after")
    def _dates(self) -> SanctionsParams:
        if self.baseline_date is not None and self.baseline_date > self.date:
            raise ValueError(f"baseline_date {self.baseline_date} is after date {self.date}")
        return self


class MultisectorParams(BaseModel):
    """``[ge.multisector]``: the multi-sector model on ICIO data (MODELS §4f)."""

    model_config = ConfigDict(extra="forbid")
    dataset: str = "icio-2022"
    year: int | None = None  # default: the dataset's only year
    elasticities: str = "CP"
    epsilon_overrides: dict[str, float] = {}  # sector -> trade elasticity ε
    deficits: Literal["fixed", "balanced"] = "fixed"
    services_tariffs: Literal["zero", "data"] = "zero"
    shocks: list[SectorShock] = []
    schedule: ScheduleParams | None = None
    sanctions: SanctionsParams | None = None
    one_sector: bool = False  # also the one-sector world model on the same per-exporter rates
    one_sector_dataset: str = "world2023"
    pair_tables: Literal["focus", "all"] = "focus"

    @field_validator("epsilon_overrides")
    @classmethod
    def _eps(cls, v: dict[str, float]) -> dict[str, float]:
        for k, e in v.items():
            if not (math.isfinite(e) and e > 0):
                raise ValueError(
                    f"the trade elasticity {e} for sector {k} must be positive (ε = σ − 1, e.g. 4)"
                )
        return v

    @field_validator("year")
    @classmethod
    def _year(cls, v: int | None) -> int | None:
        if v is not None and not 1990 <= v <= 2100:
            raise ValueError(f"year {v} is not a plausible data year")
        return v


# ------------------------------------------------------------------------------ checks
@cache
def known_sectors() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The ICIO sector codes and elasticity-set names of the embedded data (every ICIO year
    shares them; a run checks again against the dataset it reads)."""
    from tradewinds.io.embedded import data_path

    s = pd.read_csv(data_path("icio", "icio_sectors.csv"), dtype=str)
    e = pd.read_csv(data_path("icio", "trade_elasticities_by_sector.csv"), dtype=str)
    return tuple(s["sector_code"]), tuple(dict.fromkeys(e["elasticity_set"]))


def sector_error(code: str, field: str, sectors: tuple[str, ...]) -> ScenarioError:
    close = difflib.get_close_matches(code, list(sectors), n=3, cutoff=0.5)
    return ScenarioError(
        f"unknown ICIO sector {code!r}",
        field=field,
        fix=(f"did you mean {', '.join(close)}? " if close else "")
        + f"the sectors are {', '.join(sectors)} (or 'goods', 'all')",
    )


def check_epsilon_set(text: str) -> None:
    """``[montecarlo] parameters.epsilon_set``: "band" (the published sets), "draws:SIGMA"
    (lognormal draws around the chosen set, σ of log ε) or "draws:sets" (σ_k from the
    spread across the sets)."""
    if text == "band":
        return
    kind, _, arg = text.partition(":")
    if kind == "draws":
        if arg == "sets":
            return
        try:
            v = float(arg)
        except ValueError:
            v = float("nan")
        if math.isfinite(v) and v >= 0:
            return
    raise ValueError(
        f"epsilon_set = {text!r}: write 'band' (the published elasticity sets), "
        "'draws:0.25' (lognormal draws, σ of log ε) or 'draws:sets' (σ from the sets' spread)"
    )


def check_multisector(sc: Scenario, iso: Callable[[str, str], None]) -> None:
    """The checks of a multi-sector scenario that need code lists (``iso(code, field)``
    checks an ISO3 code); every error names its field."""
    ge = sc.ge
    icio = ge is not None and ge.model == "icio-multisector"
    if ge is not None and ge.multisector is not None and not icio:
        raise ScenarioError(
            "[ge.multisector] belongs to model = 'icio-multisector'",
            field="ge.multisector",
            fix="set [ge] model = 'icio-multisector', or drop [ge.multisector]",
        )
    mc = sc.montecarlo
    if mc is not None and "epsilon_set" in mc.parameters and not icio:
        raise ScenarioError(
            "epsilon_set draws belong to the multi-sector model",
            field="montecarlo.parameters.epsilon_set",
            fix="set [ge] model = 'icio-multisector'",
        )
    if not icio:
        return
    assert ge is not None
    p = ge.multisector or MultisectorParams()
    if mc is not None and set(mc.parameters) != {"epsilon_set"}:
        raise ScenarioError(
            "the multi-sector model's bands re-solve the published elasticity sets",
            field="montecarlo.parameters",
            fix="parameters = { epsilon_set = 'band' } (or 'draws:0.25', 'draws:sets')",
        )
    if not (p.shocks or p.schedule or p.sanctions):
        raise ScenarioError(
            "the multi-sector scenario changes nothing",
            field="ge.multisector",
            fix="add [[ge.multisector.shocks]], [ge.multisector.schedule] or "
            "[ge.multisector.sanctions]",
        )
    sectors, sets = known_sectors()
    if p.elasticities not in sets:
        close = difflib.get_close_matches(p.elasticities, list(sets), n=3)
        raise ScenarioError(
            f"unknown elasticity set {p.elasticities!r}",
            field="ge.multisector.elasticities",
            fix=f"use one of {', '.join(sets)}" + (f" (did you mean {close[0]}?)" if close else ""),
        )
    for k in p.epsilon_overrides:
        if k not in sectors:
            raise sector_error(k, f"ge.multisector.epsilon_overrides.{k}", sectors)

    def economy(code: str, field: str) -> None:
        if code != ALL and code not in AGGREGATES:
            iso(code, field)

    for n, s in enumerate(p.shocks):
        at = f"ge.multisector.shocks[{n}]"
        economy(s.importer, f"{at}.importer")
        for m, e in enumerate(s.exporters):
            economy(e, f"{at}.exporters[{m}]")
        for key in ("sectors", "except_sectors"):
            for m, k in enumerate(getattr(s, key)):
                if k not in sectors and not (key == "sectors" and k in SECTOR_GROUPS):
                    raise sector_error(k, f"{at}.{key}[{m}]", sectors)
        if s.products:
            _check_products(s.products, f"{at}.products")
    if p.schedule is not None:
        from tradewinds.tariffs.schedule import load_schedule

        try:
            load_schedule(p.schedule.name)
        except Exception as exc:
            raise ScenarioError(
                f"unknown tariff schedule {p.schedule.name!r}",
                field="ge.multisector.schedule.name",
                fix=str(getattr(exc, "fix", "use us2025")),
            ) from exc
        for m, e in enumerate(p.schedule.exporters):
            economy(e, f"ge.multisector.schedule.exporters[{m}]")
        for e in p.schedule.line_weights:
            economy(e, f"ge.multisector.schedule.line_weights.{e}")
    if p.sanctions is not None:
        from tradewinds.tariffs.sanctions import load_sanctions

        ledger = load_sanctions()
        ids = {e.id for e in ledger}
        for m, i in enumerate(p.sanctions.ids):
            if i not in ids:
                close = difflib.get_close_matches(i, sorted(ids), n=3)
                raise ScenarioError(
                    f"no entry {i!r} in the sanctions ledger",
                    field=f"ge.multisector.sanctions.ids[{m}]",
                    fix=f"did you mean {', '.join(close)}?" if close else "see the ledger",
                )


def _check_products(products: list[str], field: str) -> None:
    from tradewinds.io.icio_data import hs_icio_concordance

    c = hs_icio_concordance()
    known = set(c.loc[(c["hs_version"] == "HS2022") & (c["icio_sector"] != ""), "hs6"])
    for m, code in enumerate(products):
        if not (code.isdigit() and len(code) == 6):
            raise ScenarioError(
                f"product {code!r} is not an HS six-digit code",
                field=f"{field}[{m}]",
                fix="write HS 2022 six-digit codes as quoted text, '851713'",
            )
        if code not in known:
            close = difflib.get_close_matches(code, sorted(k for k in known if k[:4] == code[:4]))
            raise ScenarioError(
                f"HS 2022 code {code} is not in the HS→ICIO concordance",
                field=f"{field}[{m}]",
                fix=(f"did you mean {', '.join(close)}? " if close else "")
                + "use an HS 2022 six-digit code (data/icio/hs6_to_icio.csv.gz)",
            )


__all__ = [
    "MultisectorParams",
    "SanctionsParams",
    "ScheduleParams",
    "SectorShock",
    "check_epsilon_set",
    "check_multisector",
    "known_sectors",
]
