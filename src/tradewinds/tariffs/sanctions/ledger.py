"""The sanctions ledger: what is in force on a date, as tables, tariff measures for the
stacking engine, and shocks for the models (a share of a pair's trade barred)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from tradewinds.errors import UnknownCodeError
from tradewinds.tariffs.measures import ALL, TariffMeasure
from tradewinds.tariffs.sanctions.entries import (
    Designation,
    Embargo,
    Entry,
    PriceCap,
    SecondaryTariff,
)


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
        products, what it does on that date, from, to, the details of its kind (``level``
        and ``unit`` of a price cap on that date; ``rate`` and ``schedule_measure`` of a
        secondary tariff; ``export_share`` with ``export_share_of`` and its source for a
        designation), wind-downs still running, citation, file."""
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
                    **_details(e, on),
                    "wind_down": _winding_down(e, on),
                    "citation": e.citation,
                    "file": self.files.get(e.id, ""),
                }
            )
        cols = ["id", "kind", "imposer", "target", "products", "measure", "from", "to"]
        return pd.DataFrame(rows, columns=[*cols, *DETAILS, "wind_down", "citation", "file"])

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


DETAILS = (
    "level",
    "unit",
    "binds",
    "rate",
    "schedule_measure",
    "export_share",
    "export_share_of",
    "export_share_source",
)


def _details(e: Entry, on: date | None) -> dict[str, Any]:
    """The columns of :data:`DETAILS` that an entry's kind fills (None elsewhere)."""
    out: dict[str, Any] = dict.fromkeys(DETAILS)
    if isinstance(e, PriceCap):
        lv = e.level_on(on) if on is not None else e.levels[-1]
        out |= {
            "level": lv.value if lv is not None else None,
            "unit": e.unit,
            "binds": ", ".join(e.binds),
        }
    elif isinstance(e, SecondaryTariff):
        out |= {"rate": e.rate, "schedule_measure": e.schedule_measure}
    elif isinstance(e, Designation):
        x = e.export_share(e.products[0])
        if x is not None:
            out |= {
                "export_share": x.share,
                "export_share_of": f"{x.of}, {x.period}",
                "export_share_source": x.source,
            }
    return out


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
    return f"cap {level} ({e.product_class})"


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
        return [e.measure]  # the schedule's own measure: one source of truth
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
