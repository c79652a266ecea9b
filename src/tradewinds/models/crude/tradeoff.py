"""The trade-off the story asks for: the discount an importer keeps by buying the
target's crude against the duty a third country levies for it; and where the target's
crude went (re-routing)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from tradewinds.errors import ScenarioError
from tradewinds.models.crude.discount import (
    _check_imports,
    _need,
    fiscal_year_of,
    measure_discount,
)


@dataclass(frozen=True, slots=True)
class DiscountKept:
    """What the importer saves in a year by buying the target's crude at its discount."""

    on: date
    period: str
    provisional: bool
    target: str
    tonnes: float
    discount_usd_per_t: float
    discount_band_usd_per_t: tuple[float, float]
    value_usd: float  # tonnes × discount, a year
    value_band_usd: tuple[float, float]
    basis: str

    def summary(self) -> dict[str, float]:
        return {
            "discount_kept_usd": self.value_usd,
            "discount_kept_low_usd": self.value_band_usd[0],
            "discount_kept_high_usd": self.value_band_usd[1],
            "tonnes": self.tonnes,
            "discount_usd_per_t": self.discount_usd_per_t,
        }


def discount_kept(
    imports: pd.DataFrame,
    on: date,
    *,
    target: str = "RUS",
    china: pd.DataFrame | None = None,
    period: str | None = None,
) -> DiscountKept:
    """The discount kept by buying ``target``'s crude, for the fiscal year containing ``on``
    (or the latest earlier one in the data; or ``period`` if given): the year's volume
    from the target × its measured discount (= the extra bill of stopping it all)."""
    _check_imports(imports)
    periods = sorted(imports["period"].unique())
    if period is None:
        want = fiscal_year_of(on)
        earlier = [p for p in periods if p <= want]
        if not earlier:
            raise ScenarioError(
                f"no crude data for {want} or earlier", field="as_of", fix=f"data cover {periods}"
            )
        period = earlier[-1]
    m = measure_discount(imports, period, target=target, china=china)
    basis = (
        f"{m.target} crude into {m.importer or 'the importer'}, {period}"
        f"{' (provisional)' if m.provisional else ''}: {m.target_tonnes / 1e6:.2f} Mt × "
        f"{m.central:.1f} US$/t (unit values, {m.estimates[0].data}); band over "
        f"{len(m.estimates)} methods"
    )
    return DiscountKept(
        on=on,
        period=period,
        provisional=m.provisional,
        target=target,
        tonnes=m.target_tonnes,
        discount_usd_per_t=m.central,
        discount_band_usd_per_t=(m.low, m.high),
        value_usd=m.central * m.target_tonnes,
        value_band_usd=(m.low * m.target_tonnes, m.high * m.target_tonnes),
        basis=basis,
    )


@dataclass(frozen=True, slots=True)
class DutySide:
    """The US duty attributable to Russian oil, computed elsewhere (the tariff engine and
    the PE/GE models) and passed in. All values in US$ a year; ``trade_effect_usd`` is
    the fall in the importer-country's exports (positive = a loss)."""

    duty_usd: float
    duty_band_usd: tuple[float, float]
    trade_effect_usd: float
    trade_effect_band_usd: tuple[float, float]
    covered_exports_usd: float
    rate: float = 0.25
    model: str = ""  # e.g. "PE exact, Broda-Weinstein σ"
    source: str = ""  # e.g. "EO 14329 sec. 2(b), via the us2025 schedule"

    def __post_init__(self) -> None:
        for name, (lo, hi) in (
            ("duty_band_usd", self.duty_band_usd),
            ("trade_effect_band_usd", self.trade_effect_band_usd),
        ):
            if lo > hi:
                raise ScenarioError(f"{name} has low {lo} above high {hi}", field=name)


@dataclass(frozen=True, slots=True)
class OilTradeoff:
    """The discount kept against the US duty attributable to Russian oil, with bands."""

    on: date
    kept: DiscountKept
    duty: DutySide

    def to_frame(self) -> pd.DataFrame:
        k, d = self.kept, self.duty
        rows = [
            (
                "discount kept on Russian crude",
                k.value_usd,
                *k.value_band_usd,
                k.basis,
            ),
            (
                f"US duty attributable to Russian oil ({100 * d.rate:g} points): duty on "
                "covered exports",
                d.duty_usd,
                *d.duty_band_usd,
                f"{d.source}; covered exports US$ {d.covered_exports_usd / 1e9:.2f} bn; "
                "collected from US importers, borne as pass-through decides",
            ),
            (
                "US duty attributable to Russian oil: fall in exports",
                d.trade_effect_usd,
                *d.trade_effect_band_usd,
                d.model,
            ),
            (
                "discount kept − duty",
                k.value_usd - d.duty_usd,
                k.value_band_usd[0] - d.duty_band_usd[1],
                k.value_band_usd[1] - d.duty_band_usd[0],
                "band by interval arithmetic (most adverse pairing)",
            ),
            (
                "discount kept − fall in exports",
                k.value_usd - d.trade_effect_usd,
                k.value_band_usd[0] - d.trade_effect_band_usd[1],
                k.value_band_usd[1] - d.trade_effect_band_usd[0],
                "band by interval arithmetic (most adverse pairing)",
            ),
        ]
        t = pd.DataFrame(rows, columns=["item", "value_usd", "low_usd", "high_usd", "basis"])
        t.insert(0, "as_of", self.on.isoformat())
        t["unit"] = "US$ a year"
        return t

    def summary(self) -> dict[str, float]:
        f = self.to_frame().set_index("item")["value_usd"]
        return {
            "discount_kept_usd": float(f.iloc[0]),
            "duty_usd": float(f.iloc[1]),
            "trade_effect_usd": float(f.iloc[2]),
            "kept_minus_duty_usd": float(f.iloc[3]),
            "kept_minus_trade_effect_usd": float(f.iloc[4]),
        }


def oil_tradeoff(kept: DiscountKept, duty: DutySide) -> OilTradeoff:
    """Set the discount kept (:func:`discount_kept`) beside the duty side (from the tariff
    engine): one table, US$ a year, with bands."""
    return OilTradeoff(kept.on, kept, duty)


# ----------------------------------------------------------------- re-routing
def rerouting_shares(destinations: pd.DataFrame) -> pd.DataFrame:
    """Where the exporter's crude went, by Energy Institute area and year: tonnes and the
    share of that year's total, with each year's basis (seaborne or all modes).

    ``destinations``: tidy rows with year, ei_area, tonnes, basis (as
    :func:`tradewinds.io.oil_data.russia_crude_destinations`)."""
    need = ("year", "ei_area", "tonnes", "basis")
    fix = "pass tradewinds.io.oil_data.russia_crude_destinations()"
    _need(destinations, need, "destinations frame", fix)
    g = destinations.groupby(["year", "basis", "ei_area"])["tonnes"].sum().reset_index()
    g["share"] = g["tonnes"] / g.groupby("year")["tonnes"].transform("sum")
    return g.sort_values(["year", "tonnes"], ascending=[True, False]).reset_index(drop=True)
