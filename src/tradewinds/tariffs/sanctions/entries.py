"""Sanctions on oil as dated, cited data: embargoes, price caps, designations, secondary tariffs.

The ledger lives in ``data/sanctions/*.toml`` (one file per jurisdiction) and follows the
conventions of :class:`~tradewinds.tariffs.measures.TariffMeasure`: ``from`` is the first
day in force, ``to`` the first day no longer in force (empty: still in force), products
are HS prefixes kept as strings, countries ISO3 (plus the group ``EU27``).

Every entry cites its legal instrument (number, date, article) in ``source``; a level of
a price cap, a wind-down and an exemption cite theirs. What cannot be cited is not
entered. Figures that are not in the instrument (the share of Russia's exports that a
designated firm carries) are stated with their own source in ``export_shares``.

Kinds:

* ``embargo`` — importers ban the exporter's products (``input_origin``: products made
  in third countries from that origin's crude, Regulation 833/2014 Art. 3ma);
  exemptions (by product, importer or transport mode) and wind-downs are listed.
* ``price_cap`` — the services a jurisdiction's firms may supply (shipping, insurance,
  finance …) only if the oil is sold at or below a cap; the cap is a list of dated
  levels with a unit.
* ``designation`` — firms blocked (asset freeze, transactions barred), with general
  licences as wind-downs.
* ``secondary`` — a tariff on a country for importing a product from a third country.
  The tariff itself lives in a tariff schedule (``schedule_measure =
  "us2025:ieepa-russia-oil-india"``: rate, dates, exemptions, trigger, stacking, one
  source of truth); the ledger adds what the schedule lacks: the legal citation of the
  trigger and the instrument that removed the duty.

Embargoes and secondary tariffs become :class:`TariffMeasure` objects
(:meth:`SanctionsLedger.tariff_measures`) so the tariff stacking engine applies them;
price caps and designations are not border measures and feed the models through
:meth:`SanctionsLedger.shocks` and :meth:`SanctionsLedger.price_caps`.

This module holds the entry models; :mod:`.ledger` the queries by date and
:mod:`.loader` the reading and checking of the TOML files.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationInfo, field_validator

from tradewinds.errors import DataValidationError
from tradewinds.tariffs.measures import TariffMeasure, Trigger

#: Member states of the European Union (the 27 since 1 Feb 2020), for ``importers = ["EU27"]``.
EU27: tuple[str, ...] = (
    "AUT",
    "BEL",
    "BGR",
    "HRV",
    "CYP",
    "CZE",
    "DNK",
    "EST",
    "FIN",
    "FRA",
    "DEU",
    "GRC",
    "HUN",
    "IRL",
    "ITA",
    "LVA",
    "LTU",
    "LUX",
    "MLT",
    "NLD",
    "POL",
    "PRT",
    "ROU",
    "SVK",
    "SVN",
    "ESP",
    "SWE",
)
GROUPS: dict[str, tuple[str, ...]] = {"EU27": EU27}
#: who imposes: a country (ISO3) or a group
IMPOSERS = ("EU", "USA", "GBR")

Service = Literal[
    "shipping",
    "insurance",
    "finance",
    "brokering",
    "trading",
    "technical_assistance",
    "flagging",
    "customs_brokering",
]
_PRODUCT = r"^(\*|\d{2,10})$"
_ID = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"


class SanctionsDataError(DataValidationError):
    """A sanctions ledger entry is malformed; names the file, the entry and the field."""

    def __init__(
        self,
        problem: str,
        *,
        file: str,
        entry: str,
        field: str,
        fix: str | None = None,
    ) -> None:
        self.entry = entry
        self.field = field
        super().__init__(problem, file=file, column=field, fix=fix)

    def _format(self) -> str:
        msg = f"file {self.file}, entry {self.entry}, field '{self.field}': {self.problem}"
        return f"{msg}. Fix: {self.fix}" if self.fix else msg


# ----------------------------------------------------------------- building blocks
class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Citation(_Strict):
    """A legal instrument: number/title, date, article (and where to read it)."""

    instrument: str = Field(min_length=3)
    date: date
    article: str = Field(min_length=1)
    url: str = ""
    note: str = ""

    def __str__(self) -> str:
        return f"{self.instrument} of {self.date.isoformat()}, {self.article}"


def _after(v: date | None, info: ValidationInfo) -> date | None:
    """``to`` must be after ``from`` (``to`` is the first day no longer in force)."""
    begin = info.data.get("from_")
    if v is not None and begin is not None and v <= begin:
        raise ValueError(
            f"the date range ends ({v}) before or on the day it starts ({begin}); "
            "'to' is the first day no longer in force"
        )
    return v


class WindDown(_Strict):
    """Trade that may go on after a measure starts, until ``until`` (the first day it may
    not; empty: no end date)."""

    until: date | None = None
    what: str = Field(min_length=3)
    source: Citation


class Exemption(_Strict):
    """What a measure does not reach: products, importers, exporters or a transport mode."""

    what: str = Field(min_length=3)
    products: list[Annotated[str, Field(pattern=_PRODUCT)]] = []
    importers: list[str] = []
    exporters: list[str] = []
    mode: Literal["", "pipeline", "sea"] = ""
    from_: date | None = Field(None, alias="from")
    to: date | None = None
    source: Citation

    check_to = field_validator("to")(_after)


class ExportShare(_Strict):
    """A share of a country's exports (or output) carried by designated firms, with source."""

    share: float = Field(gt=0.0, le=1.0)
    of: str = Field(min_length=3)  # what it is a share of, e.g. "Russia's seaborne crude exports"
    basis: Literal["exports", "seaborne exports", "production"]
    products: list[Annotated[str, Field(pattern=_PRODUCT)]] = ["2709"]  # of which products
    period: str = Field(min_length=4)
    source: str = Field(min_length=3)
    date: date


class Firm(_Strict):
    name: str = Field(min_length=2)
    country: str
    also_known_as: list[str] = []


class _Dated(_Strict):
    """In force from ``from`` (first day) until ``to`` (first day no longer; empty: open)."""

    from_: date = Field(alias="from")
    to: date | None = None

    check_to = field_validator("to")(_after)

    def in_force(self, on: date) -> bool:
        return self.from_ <= on and (self.to is None or on < self.to)


class _Entry(_Dated):
    id: str = Field(pattern=_ID)
    name: str = Field(min_length=3)
    imposer: str
    source: Citation
    notes: list[str] = []

    @property
    def citation(self) -> str:
        return str(self.source)


class Embargo(_Entry):
    kind: Literal["embargo"] = "embargo"
    importers: list[str] = Field(min_length=1)
    exporter: str
    products: list[Annotated[str, Field(pattern=_PRODUCT)]] = Field(min_length=1)
    input_origin: str = ""
    exempt_exporters: list[str] = []
    exemptions: list[Exemption] = []
    wind_down: list[WindDown] = []
    adopted: date | None = None

    @property
    def importer_codes(self) -> tuple[str, ...]:
        return tuple(c for i in self.importers for c in GROUPS.get(i, (i,)))


class CapLevel(_Dated):
    value: float = Field(gt=0.0)
    source: Citation
    wind_down: list[WindDown] = []


class PriceCap(_Strict):
    """A price cap: services in ``binds`` may serve the exporter's ``products`` only at or
    below the level in force. ``from``/``to`` are those of the first and last level."""

    kind: Literal["price_cap"] = "price_cap"
    id: str = Field(pattern=_ID)
    name: str = Field(min_length=3)
    imposer: str
    exporter: str
    products: list[Annotated[str, Field(pattern=_PRODUCT)]] = Field(min_length=1)
    product_class: Literal["crude", "premium-to-crude", "discount-to-crude"]
    unit: Literal["USD/bbl"]
    binds: list[Service] = Field(min_length=1)
    coalition: str = ""
    levels: list[CapLevel] = Field(min_length=1)
    source: Citation
    notes: list[str] = []

    @property
    def from_(self) -> date:
        return self.levels[0].from_

    @property
    def to(self) -> date | None:
        return self.levels[-1].to

    def level_on(self, on: date) -> CapLevel | None:
        for lv in self.levels:
            if lv.in_force(on):
                return lv
        return None

    def in_force(self, on: date) -> bool:
        return self.level_on(on) is not None

    @property
    def citation(self) -> str:
        return str(self.source)


class Designation(_Entry):
    kind: Literal["designation"] = "designation"
    program: str = Field(min_length=3)
    firms: list[Firm] = Field(min_length=1)
    exporter: str
    products: list[Annotated[str, Field(pattern=_PRODUCT)]] = ["2709"]
    export_shares: list[ExportShare] = []
    wind_down: list[WindDown] = []

    def export_share(self, product: str = "2709") -> ExportShare | None:
        """The first stated share of the exporter's exports of ``product`` that the firms
        carry (a share of production does not count), or None."""
        ex = [
            s
            for s in self.export_shares
            if s.basis != "production" and any(product.startswith(p) for p in s.products)
        ]
        return ex[0] if ex else None


class SecondaryTariff(_Strict):
    """A secondary tariff, by reference to the schedule measure that levies it.

    ``schedule_measure`` (``"<schedule>:<measure id>"``) names the measure of a tariff
    schedule that holds the rate, dates, exemptions, trigger and stacking; the loader
    resolves it (:meth:`resolved`) and the dates and rate below read through it. The
    ledger keeps ``source`` (the instrument, with the article defining the trigger) and
    ``removal`` (the instrument that ended the duty)."""

    kind: Literal["secondary"] = "secondary"
    id: str = Field(pattern=_ID)
    name: str = Field(min_length=3)
    imposer: str
    schedule_measure: str = Field(pattern=r"^[A-Za-z0-9_.-]+:[A-Za-z0-9][A-Za-z0-9_.-]*$")
    source: Citation
    removal: Citation | None = None
    notes: list[str] = []
    _measure: TariffMeasure | None = PrivateAttr(None)

    @property
    def schedule(self) -> str:
        return self.schedule_measure.split(":", 1)[0]

    @property
    def measure_id(self) -> str:
        return self.schedule_measure.split(":", 1)[1]

    def resolved(self, measure: TariffMeasure) -> SecondaryTariff:
        """A copy that reads its tariff from ``measure`` (the schedule's)."""
        out = self.model_copy()
        out._measure = measure
        return out

    @property
    def measure(self) -> TariffMeasure:
        if self._measure is None:
            raise RuntimeError(
                f"{self.id}: {self.schedule_measure} not resolved (load through load_sanctions)"
            )
        return self._measure

    @property
    def from_(self) -> date:
        return self.measure.from_

    @property
    def to(self) -> date | None:
        return self.measure.to

    @property
    def rate(self) -> float:
        return self.measure.rate

    @property
    def target(self) -> str:
        return self.measure.exporters[0]

    @property
    def trigger(self) -> Trigger:
        t = self.measure.trigger
        assert t is not None  # checked by the loader
        return t

    @property
    def products(self) -> list[str]:
        return self.measure.products

    def in_force(self, on: date) -> bool:
        return self.from_ <= on and (self.to is None or on < self.to)

    @property
    def citation(self) -> str:
        return str(self.source)


Entry = Embargo | PriceCap | Designation | SecondaryTariff
SECTIONS: dict[str, type[BaseModel]] = {
    "embargo": Embargo,
    "price_cap": PriceCap,
    "designation": Designation,
    "secondary_tariff": SecondaryTariff,
}
