"""Tariff measures as dated, sourced data (one pydantic model, shared with scenarios).

A measure is levied by an importer on some exporters' goods (HS or national
tariff-line prefixes of any length, or a named product list), at an ad valorem rate,
in force on entry dates ``from`` ≤ d < ``to``. It *adds* to MFN and to the other
measures, *replaces* them, or *tops up* MFN to its rate (the EU's 15% of EO 14326).
It may exempt products and exporters. A measure of a legal ``program`` (Section 232
autos, the IEEPA reciprocal tariff …) meets the other programs on a line as the rule
table of :mod:`tradewinds.tariffs.rules` says; a measure without a program adds, unless
it is displaced on a line by a ``group`` it names in ``displaced_by``. An embargo bans
the products; a secondary tariff is levied on a country for importing a product from a
third country (EO 14329) and holds only while that trade goes on.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from tradewinds.errors import ScenarioError

ALL = "*"
_CODE = re.compile(r"^(\*|list:[A-Za-z0-9_.-]+|\d{2,10})$")


class Trigger(BaseModel):
    """The trade that a secondary tariff punishes: ``country`` importing ``products``
    from ``imports_from``."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    country: str
    imports_from: str
    products: list[str]


class TariffMeasure(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    name: str
    importer: str = ""
    exporters: list[str] = [ALL]
    products: list[str] = [ALL]
    rate: float = 0.0
    kind: Literal["tariff", "embargo", "secondary"] = "tariff"
    stacking: Literal["add", "replace", "top_up"] = "add"
    group: str = ""
    displaced_by: list[str] = []
    exempt: list[str] = []
    program: str = ""
    exempt_exporters: list[str] = []
    condition: str = ""
    from_: date = Field(alias="from")
    to: date | None = None
    in_transit_until: date | None = None
    trigger: Trigger | None = None
    source: str
    heading: str = ""

    @field_validator("rate")
    @classmethod
    def _rate(cls, v: float) -> float:
        if v < -1.0:
            raise ValueError(
                f"rate {v} is below -100% (a subsidy cannot exceed the price); "
                "write rates as fractions: 0.25 for 25%"
            )
        if v > 100:
            raise ValueError(f"rate {v} looks like a percent; write 0.25 for 25%")
        return v

    @field_validator("products", "exempt")
    @classmethod
    def _codes(cls, v: list[str]) -> list[str]:
        for c in v:
            if not _CODE.match(str(c)):
                raise ValueError(
                    f"product {c!r} is not an HS prefix of 2-10 digits, '*' or 'list:NAME' "
                    "(keep codes as quoted strings so leading zeros survive)"
                )
        return [str(c) for c in v]

    @field_validator("program")
    @classmethod
    def _program(cls, v: str) -> str:
        from tradewinds.tariffs.rules import PROGRAMS

        if v and v not in PROGRAMS:
            raise ValueError(
                f"program {v!r} is not in the rule table; use one of {sorted(PROGRAMS)} "
                "or leave it empty (the measure then adds to the others)"
            )
        return v

    @model_validator(mode="after")
    def _dates(self) -> TariffMeasure:
        if self.to is not None and self.to <= self.from_:
            raise ValueError(
                f"'to' ({self.to}) is not after 'from' ({self.from_}): the dates are "
                "reversed or the measure lasts no day; 'to' is the first day no longer in force"
            )
        if self.kind == "secondary" and self.trigger is None:
            raise ValueError("a secondary tariff needs a trigger (country, imports_from, products)")
        return self

    def in_force(self, on: date, *, loaded: date | None = None) -> bool:
        """In force for goods entered on ``on`` (and loaded on ``loaded``)."""
        if on < self.from_ or (self.to is not None and on >= self.to):
            return False
        in_transit = (
            loaded is not None
            and loaded < self.from_
            and self.in_transit_until is not None
            and on < self.in_transit_until
        )
        return not in_transit

    def reaches(self, exporter: str) -> bool:
        if exporter in self.exempt_exporters:
            return False
        return ALL in self.exporters or exporter in self.exporters

    @property
    def names_exporter(self) -> bool:
        """Levied on named exporters (not on all): it overrides an all-exporters measure
        of the same program (rule table)."""
        return ALL not in self.exporters

    def as_row(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "rate": self.rate,
            "kind": self.kind,
            "group": self.group,
            "program": self.program,
            "stacking": self.stacking,
            "source": self.source,
            "heading": self.heading,
            "from": self.from_.isoformat(),
            "to": self.to.isoformat() if self.to else None,
            "condition": self.condition,
        }


def measure_error(exc: Exception, where: str) -> ScenarioError:
    """Translate a pydantic ValidationError into a ScenarioError naming the field."""
    from pydantic import ValidationError

    if isinstance(exc, ValidationError):
        err = exc.errors()[0]
        loc = ".".join(str(x) for x in err["loc"])
        msg = str(err["msg"]).removeprefix("Value error, ")
        field_name = f"{where}.{loc}" if loc else where
        return ScenarioError(msg, field=field_name, fix=_FIXES.get(str(err["type"])))
    return ScenarioError(str(exc), field=where)


_FIXES = {
    "missing": "add the field (see docs/scenarios.md)",
    "extra_forbidden": "remove the field or check its spelling (see docs/scenarios.md)",
    "date_from_datetime_parsing": "write dates as YYYY-MM-DD",
    "date_parsing": "write dates as YYYY-MM-DD",
    "float_parsing": "write the rate as a number, e.g. 0.25",
}
