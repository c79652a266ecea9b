"""The oil sections of a scenario: ``[crude]`` (crude as one world market: an importer
cuts a supplier's crude and buys it from the others) and ``[[sanctions]]`` (ledger
entries applied as bans in the PE model of a market).

``[crude]`` runs the crude-market engine (:mod:`tradewinds.scenarios.engines.crude_market`,
``models = ["crude"]``)::

    [crude]
    importer = "IND"                 # whose crude imports (data: India's DGCI&S by source)
    supplier = "RUS"                 # the source cut
    cut_share = 1.0                  # share of the supplier's volume cut, 0 … 1
    fiscal_year = "FY2024-25"        # default: the latest complete (not provisional) year
    rule = "volume-shares"           # or "weights" (then [crude.weights])
    china_second_source = true       # China's unit values as one more discount method
    weights = { SAU = 1, IRQ = 1 }   # rule = "weights": source -> weight

    [crude.price_response]           # optional world-price response
    elasticities = "caldara-cavallo-iacoviello-2019"   # a named set, or the two numbers:
    # supply_elasticity = 0.11; demand_elasticity = -0.13; elasticity_source = "…"
    world_tonnes = 5.08e9            # Q_w, tonnes a year
    world_source = "…"               # where Q_w comes from
    lost_share = 1.0                 # share of the cut volume that leaves the world market

``[[sanctions]]`` runs the embargo engine (``models = ["pe"]``)::

    [[sanctions]]
    entry = "us-ofac-rosneft-lukoil"   # a ledger id (`tradewinds sanctions --as-of …`)
    market = "IND"                     # the importer whose market PE simulates
    products = ["2709"]                # default: the entry's products
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from tradewinds.errors import ScenarioError

if TYPE_CHECKING:
    from tradewinds.models.crude import PriceResponse

_FY = re.compile(r"^FY(\d{4})-(\d{2})$")


class CrudePriceResponse(BaseModel):
    """A world-price response to the cut volume leaving the market (stated parameters)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    elasticities: str = ""  # a set of tradewinds.models.crude.OIL_ELASTICITIES
    supply_elasticity: float | None = None
    demand_elasticity: float | None = None
    elasticity_source: str = ""
    world_tonnes: float = Field(gt=0.0)
    world_source: str = Field(min_length=3)
    lost_share: float = Field(1.0, ge=0.0, le=1.0)

    @model_validator(mode="after")
    def _one_way(self) -> CrudePriceResponse:
        from tradewinds.models.crude import OIL_ELASTICITIES

        numbers = (self.supply_elasticity, self.demand_elasticity)
        if self.elasticities:
            if any(x is not None for x in numbers):
                raise ValueError("name a set of elasticities or give the two numbers, not both")
            if self.elasticities not in OIL_ELASTICITIES:
                raise ValueError(
                    f"unknown elasticity set {self.elasticities!r}; use one of "
                    f"{sorted(OIL_ELASTICITIES)} or give supply_elasticity, "
                    "demand_elasticity and elasticity_source"
                )
        elif any(x is None for x in numbers) or len(self.elasticity_source) < 3:
            raise ValueError(
                "give supply_elasticity, demand_elasticity and elasticity_source (who "
                "estimated them), or name a set with elasticities = '…'"
            )
        return self

    def to_model(self) -> PriceResponse:
        from tradewinds.models.crude import PriceResponse

        if self.elasticities:
            return PriceResponse.published(
                self.elasticities,
                world_tonnes=self.world_tonnes,
                lost_share=self.lost_share,
                world_source=self.world_source,
            )
        assert self.supply_elasticity is not None and self.demand_elasticity is not None
        src = f"elasticities: {self.elasticity_source}; world volume: {self.world_source}"
        return PriceResponse(
            self.world_tonnes,
            self.supply_elasticity,
            self.demand_elasticity,
            self.lost_share,
            src,
        )


class CrudeParams(BaseModel):
    """Crude as one world good: ``importer`` cuts ``cut_share`` of ``supplier``'s crude
    in ``fiscal_year`` and buys it from the other sources at their delivered prices."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    importer: str = "IND"
    supplier: str = "RUS"
    cut_share: float = Field(1.0, ge=0.0, le=1.0)
    fiscal_year: str | None = None
    rule: Literal["volume-shares", "weights"] = "volume-shares"
    weights: dict[str, float] = {}
    china_second_source: bool = True
    price_response: CrudePriceResponse | None = None

    @field_validator("fiscal_year")
    @classmethod
    def _fy(cls, v: str | None) -> str | None:
        if v is None:
            return v
        m = _FY.match(v)
        if not m or int(m.group(2)) != (int(m.group(1)) + 1) % 100:
            raise ValueError(f"fiscal year {v!r} is not like FY2024-25")
        return v

    @model_validator(mode="after")
    def _rule(self) -> CrudeParams:
        if self.rule == "weights" and not self.weights:
            raise ValueError("rule = 'weights' needs [crude.weights] (source -> weight)")
        if self.rule == "volume-shares" and self.weights:
            raise ValueError("weights are given but rule = 'volume-shares'; write rule = 'weights'")
        if any(not w >= 0 for w in self.weights.values()) or (
            self.weights and sum(self.weights.values()) <= 0
        ):
            raise ValueError("weights must be ≥ 0 and not all zero")
        return self


class SanctionInPE(BaseModel):
    """A ledger entry (embargo or designation) applied as a ban in ``market``'s PE."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    entry: str = Field(min_length=3)
    market: str
    products: list[str] = []


def check_oil_sections(
    crude: CrudeParams | None,
    sanctions: list[SanctionInPE],
    models: list[str],
    iso: Callable[[str, str], None],
) -> None:
    """Checks that need the code lists and the ledger (called by the scenario check with
    its ISO3 check ``iso(code, field)``)."""
    if ("crude" in models) != (crude is not None):
        raise ScenarioError(
            "models lists 'crude' without a [crude] section"
            if crude is None
            else "there is a [crude] section but models does not list 'crude'",
            field="crude",
            fix="use both: models = ['crude'] and [crude] (see docs/scenarios.md)",
        )
    if crude is not None:
        iso(crude.importer, "crude.importer")
        iso(crude.supplier, "crude.supplier")
        if crude.importer == crude.supplier:
            raise ScenarioError(
                "the importer cuts its own crude", field="crude.supplier", fix="name another source"
            )
        for k in crude.weights:
            iso(k, f"crude.weights.{k}")
    if not sanctions:
        return
    from tradewinds.tariffs.sanctions import Designation, Embargo, load_sanctions

    ledger = load_sanctions()
    for i, s in enumerate(sanctions):
        try:
            e = ledger.entry(s.entry)
        except KeyError as exc:
            raise ScenarioError(
                f"no sanctions entry {s.entry!r}",
                field=f"sanctions[{i}].entry",
                fix=str(getattr(exc, "fix", None) or "see `tradewinds sanctions --as-of DATE`"),
            ) from exc
        if not isinstance(e, Embargo | Designation):
            raise ScenarioError(
                f"{s.entry!r} is a {e.kind}: PE applies embargoes and designations as bans",
                field=f"sanctions[{i}].entry",
                fix="secondary tariffs are schedule measures ([tariffs]); price caps bind services",
            )
        iso(s.market, f"sanctions[{i}].market")
        if isinstance(e, Embargo) and e.input_origin:
            raise ScenarioError(
                f"{s.entry!r} bans products made from {e.input_origin} crude: the share of each "
                "exporter's products that is barred is not in the data",
                field=f"sanctions[{i}].entry",
                fix="apply it in the multi-sector model with a stated share",
            )
        if isinstance(e, Embargo) and not e.input_origin and s.market not in e.importer_codes:
            raise ScenarioError(
                f"{s.entry!r} is imposed by {', '.join(e.importers)}, not on {s.market}'s imports",
                field=f"sanctions[{i}].market",
                fix=f"use one of its importers ({', '.join(e.importer_codes[:5])} …)",
            )
        for p in s.products:
            if not any(p.startswith(q) for q in e.products):
                raise ScenarioError(
                    f"product {p!r} is not covered by {s.entry!r} ({', '.join(e.products)})",
                    field=f"sanctions[{i}].products",
                )
    if "pe" not in models:
        raise ScenarioError(
            "[[sanctions]] are applied in PE", field="models", fix="add 'pe' to models"
        )
