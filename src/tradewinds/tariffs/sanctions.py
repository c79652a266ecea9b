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
* ``secondary`` — a tariff on a country for importing a product from a third country,
  with its trigger and the order that removed it.

Embargoes and secondary tariffs become :class:`TariffMeasure` objects
(:meth:`SanctionsLedger.tariff_measures`) so the tariff stacking engine applies them;
price caps and designations are not border measures and feed the models through
:meth:`SanctionsLedger.shocks` and :meth:`SanctionsLedger.price_caps`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

import pandas as pd
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from tradewinds.errors import DataValidationError, UnknownCodeError
from tradewinds.tariffs.measures import ALL, TariffMeasure, Trigger

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


class SecondaryTariff(_Entry):
    kind: Literal["secondary"] = "secondary"
    target: str
    rate: float = Field(gt=0.0, le=5.0)
    trigger: Trigger
    products: list[Annotated[str, Field(pattern=r"^(\*|list:[A-Za-z0-9_.-]+|\d{2,10})$")]] = [ALL]
    exempt: list[Annotated[str, Field(pattern=r"^(list:[A-Za-z0-9_.-]+|\d{2,10})$")]] = []
    displaced_by: list[str] = []
    group: str = ""
    heading: str = ""
    in_transit_until: date | None = None
    removal: Citation | None = None


Entry = Embargo | PriceCap | Designation | SecondaryTariff
SECTIONS: dict[str, type[BaseModel]] = {
    "embargo": Embargo,
    "price_cap": PriceCap,
    "designation": Designation,
    "secondary_tariff": SecondaryTariff,
}
_HEADER = {"ledger", "description", "jurisdiction"}


# ----------------------------------------------------------------- the ledger
@dataclass(frozen=True)
class SanctionsLedger:
    """All entries of one or more ledger files; queries by date."""

    entries: tuple[Entry, ...]
    files: dict[str, str] = field(default_factory=dict)  # entry id -> file it came from

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def entry(self, entry_id: str) -> Entry:
        for e in self.entries:
            if e.id == entry_id:
                return e
        import difflib

        raise UnknownCodeError(
            "sanctions entry",
            entry_id,
            suggestions=difflib.get_close_matches(entry_id, [e.id for e in self.entries], n=3),
        )

    def as_of(self, on: date) -> list[Entry]:
        """The entries in force on ``on`` (``from`` ≤ on < ``to``)."""
        return [e for e in self.entries if e.in_force(on)]

    def table(self, on: date | None = None) -> pd.DataFrame:
        """One row per entry (in force on ``on``, or all): id, kind, imposer, whom it hits,
        products, what it does on that date, from, to, citation, file."""
        rows = []
        for e in self.as_of(on) if on is not None else self.entries:
            rows.append(
                {
                    "id": e.id,
                    "kind": e.kind,
                    "imposer": e.imposer,
                    "target": _target(e),
                    "products": ", ".join(e.products),
                    "measure": _what(e, on),
                    "from": e.from_.isoformat(),
                    "to": e.to.isoformat() if e.to else None,
                    "wind_down": _winding_down(e, on),
                    "citation": e.citation,
                    "file": self.files.get(e.id, ""),
                }
            )
        cols = ["id", "kind", "imposer", "target", "products", "measure", "from", "to"]
        return pd.DataFrame(rows, columns=[*cols, "wind_down", "citation", "file"])

    def price_caps(self, on: date) -> pd.DataFrame:
        """The cap levels in force on ``on``: imposer, product class, level, unit, services
        bound, the level's dates and citation."""
        rows = []
        for e in self.entries:
            if isinstance(e, PriceCap) and (lv := e.level_on(on)) is not None:
                rows.append(
                    {
                        "id": e.id,
                        "imposer": e.imposer,
                        "exporter": e.exporter,
                        "products": ", ".join(e.products),
                        "product_class": e.product_class,
                        "level": lv.value,
                        "unit": e.unit,
                        "binds": ", ".join(e.binds),
                        "from": lv.from_.isoformat(),
                        "to": lv.to.isoformat() if lv.to else None,
                        "citation": str(lv.source),
                    }
                )
        return pd.DataFrame(rows)

    def tariff_measures(
        self, on: date | None = None, *, importer: str | None = None
    ) -> list[TariffMeasure]:
        """Embargoes and secondary tariffs as :class:`TariffMeasure` (one per importer),
        optionally only those in force on ``on`` and levied by ``importer``. Entries the
        tariff engine cannot express are listed by :meth:`unconverted`."""
        out: list[TariffMeasure] = []
        for e in self.entries:
            if on is not None and not e.in_force(on):
                continue
            out += [m for m in _to_measures(e) if importer is None or m.importer == importer]
        return out

    def unconverted(self, on: date | None = None) -> list[tuple[str, str]]:
        """(entry id, reason) for what :meth:`tariff_measures` leaves out or simplifies."""
        out: list[tuple[str, str]] = []
        for e in self.entries:
            if on is not None and not e.in_force(on):
                continue
            if isinstance(e, PriceCap):
                out.append((e.id, "a price cap binds services, not goods at the border"))
            elif isinstance(e, Designation):
                out.append(
                    (e.id, "a designation blocks firms, not a country's goods: see shocks()")
                )
            elif isinstance(e, Embargo):
                if e.input_origin:
                    out.append(
                        (
                            e.id,
                            f"bans only products made from {e.input_origin} crude: a share of "
                            "each exporter's products, which a tariff line cannot express",
                        )
                    )
                for x in e.exemptions:
                    if not x.products:
                        out.append((e.id, f"exemption not by product, not applied: {x.what}"))
        return out

    def shocks(self, on: date) -> pd.DataFrame:
        """What the models apply on ``on``: one row per (imposer, importer, exporter,
        product, entry) with the share of that trade barred (1 for an embargo; the
        firms' stated export share for a designation; empty where it must be supplied,
        e.g. the Russian-crude content of a third country's refined products)."""
        rows: list[dict[str, Any]] = []
        for e in self.as_of(on):
            if isinstance(e, Embargo):
                for imp in e.importer_codes:
                    for p in e.products:
                        rows.append(
                            {
                                "id": e.id,
                                "kind": e.kind,
                                "imposer": e.imposer,
                                "importer": imp,
                                "exporter": ALL if e.input_origin else e.exporter,
                                "exempt_exporters": ", ".join(e.exempt_exporters),
                                "input_origin": e.input_origin,
                                "product": p,
                                "barred_share": None if e.input_origin else 1.0,
                                "basis": e.citation,
                            }
                        )
            elif isinstance(e, Designation):
                for p in e.products:
                    s = e.export_share(p)
                    rows.append(
                        {
                            "id": e.id,
                            "kind": e.kind,
                            "imposer": e.imposer,
                            "importer": ALL,
                            "exporter": e.exporter,
                            "exempt_exporters": "",
                            "input_origin": "",
                            "product": p,
                            "barred_share": s.share if s else None,
                            "basis": f"{s.of}, {s.period} ({s.source})" if s else e.citation,
                        }
                    )
        cols = ["id", "kind", "imposer", "importer", "exporter", "exempt_exporters"]
        return pd.DataFrame(
            rows, columns=[*cols, "input_origin", "product", "barred_share", "basis"]
        )


def _winding_down(e: Entry, on: date | None) -> str:
    """The wind-downs still running on ``on`` (all of them without a date)."""
    if isinstance(e, PriceCap):
        lv = e.level_on(on) if on is not None else None
        wd = lv.wind_down if lv is not None else [w for x in e.levels for w in x.wind_down]
    else:
        wd = e.wind_down if isinstance(e, Embargo | Designation) else []
    live = [w for w in wd if on is None or w.until is None or on < w.until]
    return "; ".join(f"{w.what} (until {w.until or 'no end date'})" for w in live)


def _target(e: Entry) -> str:
    if isinstance(e, Embargo):
        who = f"{e.exporter} → {', '.join(e.importers)}"
        return (
            f"products from {e.input_origin} crude → {', '.join(e.importers)}"
            if (e.input_origin)
            else who
        )
    if isinstance(e, SecondaryTariff):
        return e.target
    if isinstance(e, Designation):
        return ", ".join(f.name for f in e.firms)
    return e.exporter


def _what(e: Entry, on: date | None) -> str:
    if isinstance(e, Embargo):
        return "import ban"
    if isinstance(e, SecondaryTariff):
        t = e.trigger
        return (
            f"+{100 * e.rate:g}% on all goods while {t.country} imports "
            f"{'/'.join(t.products)} from {t.imports_from}"
        )
    if isinstance(e, Designation):
        return f"blocked ({e.program})"
    lv = e.level_on(on) if on is not None else e.levels[-1]
    level = f"{lv.value:g} {e.unit}" if lv is not None else "no level"
    return f"cap {level} ({e.product_class}); binds {', '.join(e.binds)}"


def _to_measures(e: Entry) -> list[TariffMeasure]:
    if isinstance(e, Embargo) and not e.input_origin:
        exempt = [p for x in e.exemptions for p in x.products]
        return [
            TariffMeasure.model_validate(
                {
                    "id": f"{e.id}.{imp}",
                    "name": e.name,
                    "importer": imp,
                    "exporters": [e.exporter],
                    "products": e.products,
                    "kind": "embargo",
                    "exempt": exempt,
                    "from": e.from_,
                    "to": e.to,
                    "source": e.citation,
                }
            )
            for imp in e.importer_codes
        ]
    if isinstance(e, SecondaryTariff):
        return [
            TariffMeasure.model_validate(
                {
                    "id": e.id,
                    "name": e.name,
                    "importer": e.imposer,
                    "exporters": [e.target],
                    "products": e.products,
                    "rate": e.rate,
                    "kind": "secondary",
                    "group": e.group,
                    "displaced_by": e.displaced_by,
                    "exempt": e.exempt,
                    "from": e.from_,
                    "to": e.to,
                    "in_transit_until": e.in_transit_until,
                    "trigger": e.trigger,
                    "source": e.citation + (f"; removed by {e.removal}" if e.removal else ""),
                    "heading": e.heading,
                }
            )
        ]
    return []


#: HS headings of the ledger -> OECD ICIO sectors (B06 crude petroleum and natural gas
#: extraction; C19 coke and refined petroleum products)
HS_TO_ICIO: dict[str, str] = {"2709": "B06", "2710": "C19"}


def trade_cost_shocks(
    shocks: pd.DataFrame,
    *,
    theta: Mapping[str, float],
    residual: float = 1e-6,
    hs_to_sector: Mapping[str, str] = HS_TO_ICIO,
) -> pd.DataFrame:
    """Turn :meth:`SanctionsLedger.shocks` into iceberg trade-cost changes for a sectoral
    gravity/GE model: barring a share s of a pair's trade in a sector with trade
    elasticity θ is, at given prices, τ̂ = (1 − s)^(−1/θ) (trade ∝ τ^(−θ)); a full ban
    keeps ``residual`` of the trade, τ̂ = residual^(−1/θ) (a prohibitive, finite cost).

    ``theta``: sector -> θ, named by the caller with its source (e.g. the Caliendo–Parro
    set for B06/C19). Rows without a share (to be supplied) are dropped; ``importer``
    ``"*"`` (a designation hits every buyer) is left for the caller to expand.
    Columns: id, imposer, importer, exporter, sector, barred_share, theta, tau_hat.
    """
    if not 0.0 < residual < 1.0:
        raise ValueError(f"residual {residual} must be in (0, 1)")
    x = shocks[shocks["barred_share"].notna()].copy()
    x["sector"] = x["product"].map(dict(hs_to_sector))
    missing = sorted(set(x["sector"].dropna()) - set(theta))
    if missing:
        raise UnknownCodeError("sector elasticity", missing[0], suggestions=sorted(theta))
    x = x[x["sector"].notna()]
    s = x["barred_share"].astype(float).clip(upper=1.0 - residual)
    th = x["sector"].map(dict(theta)).astype(float)
    x["theta"] = th
    x["tau_hat"] = (1.0 - s) ** (-1.0 / th)
    cols = ["id", "imposer", "importer", "exporter", "sector", "barred_share", "theta", "tau_hat"]
    return x[cols].reset_index(drop=True)


# ----------------------------------------------------------------- parsing
def parse_sanctions(doc: dict[str, Any], file: str) -> list[Entry]:
    """Validate one ledger document (a parsed TOML file); errors name file, entry, field."""
    out: list[Entry] = []
    for key, raw in doc.items():
        if key in _HEADER:
            continue
        if key not in SECTIONS:
            raise SanctionsDataError(
                f"unknown section [[{key}]]",
                file=file,
                entry="(file)",
                field=key,
                fix=f"use one of {', '.join(f'[[{s}]]' for s in SECTIONS)}",
            )
        if not isinstance(raw, list):
            raise SanctionsDataError(
                f"[{key}] must be an array of tables",
                file=file,
                entry="(file)",
                field=key,
                fix=f"write [[{key}]] before each entry",
            )
        for i, item in enumerate(raw):
            out.append(_parse_entry(key, i, item, file))
    _check_entries(out, file)
    return out


def _entry_name(section: str, i: int, item: object) -> str:
    ident = item.get("id") if isinstance(item, dict) else None
    return f"'{ident}' ([[{section}]] #{i + 1})" if ident else f"[[{section}]] #{i + 1}"


_FIXES = {
    "missing": "add the field",
    "extra_forbidden": "remove the field or check its spelling",
    "date_from_datetime_parsing": "write dates as YYYY-MM-DD (TOML dates, unquoted)",
    "date_parsing": "write dates as YYYY-MM-DD (TOML dates, unquoted)",
    "date_type": "write dates as YYYY-MM-DD (TOML dates, unquoted)",
    "literal_error": "use one of the allowed values",
    "string_pattern_mismatch": "products are HS prefixes of 2-10 digits as quoted strings",
}


def _parse_entry(section: str, i: int, item: object, file: str) -> Entry:
    where = _entry_name(section, i, item)
    model = SECTIONS[section]
    try:
        e = model.model_validate(item)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(x) for x in err["loc"]) or "(entry)"
        msg = str(err["msg"]).removeprefix("Value error, ")
        fix = _FIXES.get(str(err["type"]))
        if err["type"] == "missing" and loc.split(".")[-1] in ("source", "unit"):
            what = loc.split(".")[-1]
            fix = (
                "cite the legal instrument: source = { instrument, date, article }; "
                "what cannot be cited is not entered"
                if what == "source"
                else 'state the cap\'s unit, e.g. unit = "USD/bbl"'
            )
        raise SanctionsDataError(msg, file=file, entry=where, field=loc, fix=fix) from exc
    assert isinstance(e, Embargo | PriceCap | Designation | SecondaryTariff)
    _check_codes(e, where, file)
    if isinstance(e, PriceCap):
        _check_levels(e, where, file)
    if isinstance(e, SecondaryTariff) and e.to is not None and e.removal is None:
        raise SanctionsDataError(
            "a secondary tariff with an end date needs the instrument that removed it",
            file=file,
            entry=where,
            field="removal",
            fix="add removal = { instrument, date, article }",
        )
    return e


def _check_levels(e: PriceCap, where: str, file: str) -> None:
    for k in range(1, len(e.levels)):
        prev, cur = e.levels[k - 1], e.levels[k]
        if prev.to is None or prev.to > cur.from_:
            raise SanctionsDataError(
                f"level {k + 1} starts {cur.from_} while level {k} is still in force",
                file=file,
                entry=where,
                field=f"levels.{k}.from",
                fix="order the levels by date and end each ('to') on or before the next starts",
            )


def _check_codes(e: Entry, where: str, file: str) -> None:
    from tradewinds.io.codes import countries

    cc = countries()

    def iso(code: str, fld: str, groups: bool = False) -> None:
        if code == ALL or (groups and code in GROUPS):
            return
        try:
            ok = cc.resolve(code) == code
        except Exception:
            ok = False
        if not ok:
            raise SanctionsDataError(
                f"{code!r} is not an ISO3 country code"
                + (f" or a group ({', '.join(GROUPS)})" if groups else ""),
                file=file,
                entry=where,
                field=fld,
                fix="write ISO3 codes such as RUS, IND, USA",
            )

    if e.imposer not in IMPOSERS:
        raise SanctionsDataError(
            f"unknown imposer {e.imposer!r}",
            file=file,
            entry=where,
            field="imposer",
            fix=f"use one of {', '.join(IMPOSERS)}",
        )
    iso(e.exporter if not isinstance(e, SecondaryTariff) else e.target, "exporter")
    if isinstance(e, Embargo):
        for c in e.importers:
            iso(c, "importers", groups=True)
        for c in e.exempt_exporters:
            iso(c, "exempt_exporters")
        if e.input_origin:
            iso(e.input_origin, "input_origin")
    if isinstance(e, SecondaryTariff):
        for c in (e.trigger.country, e.trigger.imports_from):
            iso(c, "trigger")
    if isinstance(e, Designation):
        for f in e.firms:
            iso(f.country, "firms.country")


def _check_entries(entries: Sequence[Entry], file: str) -> None:
    seen: set[str] = set()
    for e in entries:
        if e.id in seen:
            raise SanctionsDataError(
                "the id is used twice",
                file=file,
                entry=f"'{e.id}'",
                field="id",
                fix="give each entry its own id",
            )
        seen.add(e.id)


def load_sanctions(paths: Sequence[str | Path] | None = None) -> SanctionsLedger:
    """The shipped ledger (``data/sanctions/*.toml``), or the given TOML files."""
    from tradewinds.io.oil_data import sanctions_files
    from tradewinds.io.tariff_data import read_toml

    files = [Path(p) for p in paths] if paths is not None else sanctions_files()
    entries: list[Entry] = []
    where: dict[str, str] = {}
    for f in files:
        for e in parse_sanctions(read_toml(f), str(f)):
            if e.id in where:
                raise SanctionsDataError(
                    f"the id is also used in {where[e.id]}",
                    file=str(f),
                    entry=f"'{e.id}'",
                    field="id",
                    fix="ids are unique across the ledger files",
                )
            where[e.id] = f.name
            entries.append(e)
    return SanctionsLedger(tuple(entries), where)
