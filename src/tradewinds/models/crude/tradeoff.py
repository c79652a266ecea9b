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
    if period is None:
        period = tradeoff_periods(imports, on)[0]
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


def tradeoff_periods(imports: pd.DataFrame, on: date) -> tuple[str, str | None]:
    """The fiscal years a trade-off on ``on`` uses: the year containing ``on`` (or, past
    the data, the latest earlier one), and the complete (not provisional) year before it
    (None when the data lack it). The first may be provisional; the second is the last
    full year of customs data behind it."""
    _check_imports(imports)
    periods = sorted(imports["period"].unique())
    want = fiscal_year_of(on)
    earlier = [p for p in periods if p <= want]
    if not earlier:
        raise ScenarioError(
            f"no crude data for {want} or earlier", field="as_of", fix=f"data cover {periods}"
        )
    first = earlier[-1]
    y = int(first[2:6]) - 1
    prev = f"FY{y}-{(y + 1) % 100:02d}"
    provisional = (
        bool(imports.loc[imports["period"] == prev, "provisional"].any())
        if "provisional" in imports
        else False
    )
    ok = prev in periods and not provisional
    return first, prev if ok else None


def duty_side_from_lines(
    lines: pd.DataFrame,
    *,
    rate: float,
    pe_change_usd: float,
    pe_base_usd: float,
    pe_band_pct: tuple[float, float] | None = None,
    exports_total_bn: float | None = None,
    model: str = "",
    source: str = "",
) -> DutySide:
    """The duty a measure raises on an exporter's lines and the fall in its exports.

    ``lines``: one row per line with ``value_usd`` (the year's exports), ``rate0`` and
    ``rate1`` (the tariff engine's rates without and with the measure, its central hs6
    rule), ``rate0_alt`` and ``rate1_alt`` (the same under the other hs6 rule) and
    ``value_after_usd`` (the line's exports after the trade response, from the PE).
    The duty is Σ value × (rate1 − rate0) at the year's trade (central); its band spans
    the other hs6 rule and the trade after the response (less trade, less duty). Covered
    exports are the lines the measure adds to; ``exports_total_usd`` (the exporter's
    published total to the market) states what share of it the lines hold.

    The fall in exports is −``pe_change_usd`` (the PE's change of the lines' exports,
    from ``pe_base_usd``); ``pe_band_pct``: the PE's band of that change in percent."""
    need = ("value_usd", "rate0", "rate1", "rate0_alt", "rate1_alt", "value_after_usd")
    _need(lines, need, "lines frame", f"pass {', '.join(need)}")
    v = lines["value_usd"].astype(float)
    d = lines["rate1"].astype(float) - lines["rate0"].astype(float)
    d_alt = lines["rate1_alt"].astype(float) - lines["rate0_alt"].astype(float)
    central = float((v * d).sum())
    alt = float((v * d_alt).sum())
    after = float((lines["value_after_usd"].astype(float) * d).sum())
    covered = float(v[d > 0].sum())
    cover = ""
    if exports_total_bn:
        exports_total_usd = exports_total_bn * 1e9
        cover = (
            f"; the lines hold {v.sum() / 1e9:,.2f} bn of {exports_total_usd / 1e9:,.2f} bn "
            f"exports ({v.sum() / exports_total_usd:.0%}): duty on the rest is not counted"
        )
    effect = -pe_change_usd
    band = [effect] + [-p / 100 * pe_base_usd for p in (pe_band_pct or ())]
    return DutySide(
        duty_usd=central,
        duty_band_usd=(min(central, alt, after), max(central, alt, after)),
        trade_effect_usd=effect,
        trade_effect_band_usd=(min(band), max(band)),
        covered_exports_usd=covered,
        rate=rate,
        model=model,
        source=source + cover,
    )


def no_duty(reason: str) -> DutySide:
    """The duty side on a date when no such duty is in force: zeros, saying why."""
    return DutySide(0.0, (0.0, 0.0), 0.0, (0.0, 0.0), 0.0, rate=0.0, model=reason, source=reason)


@dataclass(frozen=True, slots=True)
class OilTradeoff:
    """The discount kept against the US duty attributable to Russian oil, with bands;
    ``beside``: the discount kept in other fiscal years (the previous complete one)."""

    on: date
    kept: DiscountKept
    duty: DutySide
    beside: tuple[DiscountKept, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        d = self.duty
        rows = [self._kept_row(self.kept)]
        rows += [
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
            *self._net_rows(self.kept, ""),
        ]
        for k in self.beside:
            rows += [self._kept_row(k, f" ({k.period})"), *self._net_rows(k, f" ({k.period})")]
        t = pd.DataFrame(rows, columns=["item", "value_usd", "low_usd", "high_usd", "basis"])
        t.insert(0, "as_of", self.on.isoformat())
        t["unit"] = "US$ a year"
        return t

    @staticmethod
    def _kept_row(k: DiscountKept, tag: str = "") -> tuple[str, float, float, float, str]:
        return ("discount kept on Russian crude" + tag, k.value_usd, *k.value_band_usd, k.basis)

    def _net_rows(self, k: DiscountKept, tag: str) -> list[tuple[str, float, float, float, str]]:
        d = self.duty
        why = "band by interval arithmetic (most adverse pairing)"
        return [
            (
                "discount kept − duty" + tag,
                k.value_usd - d.duty_usd,
                k.value_band_usd[0] - d.duty_band_usd[1],
                k.value_band_usd[1] - d.duty_band_usd[0],
                why,
            ),
            (
                "discount kept − fall in exports" + tag,
                k.value_usd - d.trade_effect_usd,
                k.value_band_usd[0] - d.trade_effect_band_usd[1],
                k.value_band_usd[1] - d.trade_effect_band_usd[0],
                why,
            ),
        ]

    def summary(self) -> dict[str, float]:
        f = self.to_frame().set_index("item")["value_usd"]
        return {
            "discount_kept_usd": float(f.iloc[0]),
            "duty_usd": float(f.iloc[1]),
            "trade_effect_usd": float(f.iloc[2]),
            "kept_minus_duty_usd": float(f.iloc[3]),
            "kept_minus_trade_effect_usd": float(f.iloc[4]),
        }


def oil_tradeoff(
    kept: DiscountKept, duty: DutySide, *, beside: tuple[DiscountKept, ...] = ()
) -> OilTradeoff:
    """Set the discount kept (:func:`discount_kept`) beside the duty side (from the tariff
    engine): one table, US$ a year, with bands; ``beside``: the discount kept in other
    years (e.g. the previous complete fiscal year), each with its differences."""
    return OilTradeoff(kept.on, kept, duty, beside)


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


def rerouting_counterfactual(
    destinations: pd.DataFrame, *, area: str, tonnes_cut: float, year: int | None = None
) -> pd.DataFrame:
    """Where the exporter's crude went, year by year (shares), beside a counterfactual:
    the latest year (or ``year``) with ``tonnes_cut`` taken from ``area``'s purchases and
    shown as "displaced" (to find other buyers or leave the market).

    Wide frame: ei_area, one share column per year and basis (e.g. ``2021 seaborne``,
    ``2024 all modes``), ``scenario`` (the counterfactual shares of the same total), and
    ``scenario_tonnes``. ``destinations`` as for :func:`rerouting_shares`."""
    g = rerouting_shares(destinations)
    if g.empty:
        return pd.DataFrame(columns=["ei_area", "scenario", "scenario_tonnes"])
    g["label"] = g["year"].astype(str) + " " + g["basis"]
    wide = g.pivot_table(index="ei_area", columns="label", values="share", aggfunc="sum")
    wide = wide.fillna(0.0)
    y = int(g["year"].max()) if year is None else year
    base = g[g["year"] == y].groupby("ei_area")["tonnes"].sum()
    if area not in base.index:
        raise ScenarioError(
            f"no {y} flows to {area!r} in the destinations data",
            field="area",
            fix=f"use one of {sorted(base.index)}",
        )
    cut = min(float(tonnes_cut), float(base[area]))
    after = base.copy()
    after[area] -= cut
    after["displaced"] = after.get("displaced", 0.0) + cut
    wide = wide.reindex(after.index.union(wide.index), fill_value=0.0)
    wide["scenario_tonnes"] = after.reindex(wide.index).fillna(0.0)
    wide["scenario"] = wide["scenario_tonnes"] / float(base.sum())
    out = wide.sort_values("scenario_tonnes", ascending=False).reset_index()
    out.columns.name = None
    return out
