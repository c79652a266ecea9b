"""The ``[workers]`` section of a scenario: N workers abroad × monthly wage × months ×
share remitted, every factor a parameter with its source (see
:mod:`tradewinds.accounting.workers`). Published figures (quotas, permits) enter only
when a factor names one with ``published = "<id>"`` (``data/workers/published.csv``),
and the run checks the value against it.

```toml
[workers]
origin = "IND"          # the workers' home country (receives the remittances)
host = "RUS"            # where they work
period = "FY2024-25"    # the goods balance shown beside (official statistics)
resident = false        # under a year: compensation of employees (BPM6 primary income)

[workers.workers]
value = 56500
unit = "persons"
tag = "S"
published = "rus-ind-permits-2025"
source = "work permits issued to Indian nationals in Russia in 2025 (…)"
```
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class WorkerAssumption(BaseModel):
    """One factor: its value, unit, source and tag (S stated, D derived, E estimate or
    own assumption); ``published`` names the published figure it is taken from."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    value: float
    unit: str = ""
    source: str = Field(min_length=1)
    tag: Literal["S", "D", "E"] = "E"
    note: str = ""
    published: str | None = None

    @field_validator("value")
    @classmethod
    def _finite(cls, v: float) -> float:
        if not math.isfinite(v):
            raise ValueError(f"value {v} is not a finite number")
        return v


class WorkersSection(BaseModel):
    """Workers of ``origin`` working in ``host`` and what they send home, beside the
    goods balance of ``period``. The wage is given in US$ (``monthly_wage_usd``) or in
    local currency with its rate (``monthly_wage_local`` and ``local_per_usd``)."""

    model_config = ConfigDict(extra="forbid")
    origin: str
    host: str
    period: str | None = None
    resident: bool = False
    workers: WorkerAssumption
    monthly_wage_usd: WorkerAssumption | None = None
    monthly_wage_local: WorkerAssumption | None = None
    local_per_usd: WorkerAssumption | None = None
    months: WorkerAssumption
    remitted_share: WorkerAssumption

    @model_validator(mode="after")
    def _one_wage(self) -> WorkersSection:
        usd = self.monthly_wage_usd is not None
        local = self.monthly_wage_local is not None or self.local_per_usd is not None
        if usd == local:
            raise ValueError(
                "give the wage once: monthly_wage_usd, or monthly_wage_local with local_per_usd"
            )
        if local and (self.monthly_wage_local is None or self.local_per_usd is None):
            raise ValueError("monthly_wage_local needs local_per_usd (local units per US$)")
        return self

    def factors(self) -> dict[str, WorkerAssumption]:
        """The factors that are given, by name."""
        names = ("workers", "monthly_wage_usd", "monthly_wage_local", "local_per_usd", "months",
                 "remitted_share")  # fmt: skip
        return {n: a for n in names if (a := getattr(self, n)) is not None}
