"""Crude oil as one world market with source-specific delivered prices.

Crude is close to a single world good: a refinery can replace one source's barrels by
another's at that source's delivered price. What differs by source is the price, and
the Russian discount is the gap, **measured** from unit values (never assumed).

Notation (one importer, one period). Source s delivers q_s tonnes worth v_s (CIF,
US$); its unit value is p_s = v_s / q_s. For the target source R (Russia) the benchmark
is the volume-weighted average unit value of the other sources,

    p̄ = Σ_{s≠R} v_s / Σ_{s≠R} q_s = Σ_{s≠R} q_s p_s / Σ_{s≠R} q_s,

and the discount is d = p̄ − p_R (US$/t; positive when R is cheaper).

Replacement: the importer cuts a share κ of R's volume; Δq = κ q_R tonnes are bought
from the other sources in proportion to their volumes (or to stated weights w), at
their delivered prices, so the bill rises by

    ΔB = Δq (Σ_s w_s p_s − p_R)   = κ q_R d   with volume weights (exactly).

Optional world-price response: a share φ of the displaced Russian volume leaves the
world market (it is not re-routed to other buyers). With world volume Q_w and short-run
supply and demand elasticities η_s ≥ 0 and η_d ≤ 0 (named in the scenario, with their
source), the world price rises by π = φ Δq / Q_w / (η_s − η_d), and the importer's whole
post-cut bill B₁ by π B₁: the extra bill is ΔB + π B₁ (the importer's own demand
response to π is not modelled: an upper bound of the price cost at given volumes).

The band: the discount is measured by several methods (benchmarks over different
sets of sources, robust to mis-coded rows, and China's customs data as a second
source); the band is the range of those estimates, the central value the first.
Unit values mix grades, freight and contract lags (PROVENANCE of ``data/oil``); the
band is the honest statement of that uncertainty, not a confidence interval.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from tradewinds.errors import DataValidationError, ScenarioError

FloatArray = np.ndarray

#: barrels per tonne of crude, PPAC Ready Reckoner Table 8.24 ("1 MT = 7.33 bbl")
BBL_PER_TONNE = 7.33

#: Published short-run elasticities of world oil supply and demand (η_s, η_d), for
#: the optional price response, as summarised by Bilgin & Ellwanger (Bank of Canada,
#: "The simple economics of global fuel consumption", 2017, slide 2). Choose one and
#: state it; they are parameters, not data.
OIL_ELASTICITIES: dict[str, tuple[float, float, str]] = {
    "kilian-murphy-2014": (0.015, -0.26, "Kilian & Murphy (2014, J. Applied Econometrics)"),
    "baumeister-hamilton-2019": (0.15, -0.35, "Baumeister & Hamilton (2019, AER)"),
    "caldara-cavallo-iacoviello-2019": (
        0.11,
        -0.13,
        "Caldara, Cavallo & Iacoviello (2019, J. Monetary Economics)",
    ),
}

_COLS = ("period", "source", "value_usd", "tonnes")


# ----------------------------------------------------------------- periods
def fiscal_year_of(on: date, *, start_month: int = 4) -> str:
    """The Indian fiscal-year label (April–March) that contains a date: ``FY2025-26``."""
    y = on.year if on.month >= start_month else on.year - 1
    return f"FY{y}-{(y + 1) % 100:02d}"


def fiscal_year_months(period: str, *, start_month: int = 4) -> list[str]:
    """The twelve ``YYYY-MM`` months of a fiscal-year label such as ``FY2024-25``."""
    y = _fy_start(period)
    return [str(p) for p in pd.period_range(f"{y}-{start_month:02d}", periods=12, freq="M")]


def _fy_start(period: str) -> int:
    if not (period.startswith("FY") and len(period) == 9 and period[2:6].isdigit()):
        raise ScenarioError(
            f"{period!r} is not a fiscal-year label", field="period", fix="write e.g. FY2024-25"
        )
    return int(period[2:6])


# ----------------------------------------------------------------- discount
@dataclass(frozen=True, slots=True)
class DiscountEstimate:
    """One way of measuring the target's discount in one period."""

    period: str
    method: str  # e.g. "india.all_others.vw"
    label: str  # what the benchmark is, in words
    data: str  # whose statistics
    coverage: str  # which months / sources entered
    target_unit_value: float  # US$/t
    benchmark_unit_value: float  # US$/t
    discount_usd_per_t: float  # benchmark − target

    def as_row(self) -> dict[str, object]:
        return {
            "period": self.period,
            "method": self.method,
            "label": self.label,
            "data": self.data,
            "coverage": self.coverage,
            "target_unit_value_usd_per_t": self.target_unit_value,
            "benchmark_unit_value_usd_per_t": self.benchmark_unit_value,
            "discount_usd_per_t": self.discount_usd_per_t,
            "discount_usd_per_bbl": self.discount_usd_per_t / BBL_PER_TONNE,
            "discount_pct": 100 * self.discount_usd_per_t / self.benchmark_unit_value,
        }


@dataclass(frozen=True, slots=True)
class MeasuredDiscount:
    """The target source's measured discount in one period, with the band across methods.

    ``central`` is the first estimate (India's unit values, all other sources,
    volume-weighted); ``low``/``high`` span every estimate in ``estimates``.
    """

    period: str
    importer: str
    target: str
    provisional: bool
    target_tonnes: float
    target_value_usd: float
    benchmark_unit_value: float  # of the central method, US$/t
    central: float  # US$/t
    low: float
    high: float
    estimates: tuple[DiscountEstimate, ...]

    @property
    def target_unit_value(self) -> float:
        return self.target_value_usd / self.target_tonnes

    @property
    def per_bbl(self) -> tuple[float, float, float]:
        """(central, low, high) in US$/bbl at 7.33 bbl/t."""
        return (self.central / BBL_PER_TONNE, self.low / BBL_PER_TONNE, self.high / BBL_PER_TONNE)

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame([e.as_row() for e in self.estimates])

    def summary(self) -> dict[str, float]:
        return {
            "discount_usd_per_t": self.central,
            "discount_low_usd_per_t": self.low,
            "discount_high_usd_per_t": self.high,
            "discount_usd_per_bbl": self.central / BBL_PER_TONNE,
            "target_unit_value_usd_per_t": self.target_unit_value,
            "benchmark_unit_value_usd_per_t": self.benchmark_unit_value,
            "target_tonnes": self.target_tonnes,
            "discount_value_usd": self.central * self.target_tonnes,
        }

    def __str__(self) -> str:
        c, lo, hi = self.per_bbl
        return (
            f"{self.target} crude into {self.importer}, {self.period}"
            f"{' (provisional)' if self.provisional else ''}: discount {self.central:.1f} US$/t "
            f"({c:.2f} US$/bbl), band {self.low:.1f} to {self.high:.1f} US$/t "
            f"({lo:.2f} to {hi:.2f} US$/bbl) over {len(self.estimates)} methods"
        )


def _need(frame: pd.DataFrame, cols: Sequence[str], what: str, fix: str) -> None:
    missing = [c for c in cols if c not in frame.columns]
    if missing:
        raise DataValidationError(f"the {what} lacks columns {missing}", column=missing[0], fix=fix)


def _check_imports(imports: pd.DataFrame, where: str = "imports") -> None:
    _need(
        imports,
        _COLS,
        "frame",
        "pass tradewinds.io.oil_data.india_crude_imports() or a frame with "
        "period, source, value_usd, tonnes",
    )
    bad = (imports["tonnes"] < 0) | (imports["value_usd"] < 0)
    if bad.any():
        raise DataValidationError(
            "negative value or tonnes",
            row=int(np.flatnonzero(bad.to_numpy())[0]) + 1,
            column="tonnes",
            fix=f"check the {where} rows",
        )


def _period_rows(imports: pd.DataFrame, period: str, target: str) -> pd.DataFrame:
    x = imports[imports["period"] == period]
    if x.empty:
        known = sorted(imports["period"].unique())
        raise ScenarioError(
            f"no crude imports for period {period!r}", field="period", fix=f"use one of {known}"
        )
    if not (x["source"] == target).any() or x.loc[x["source"] == target, "tonnes"].sum() <= 0:
        raise ScenarioError(
            f"no imports from {target!r} with a quantity in {period}",
            field="target",
            fix="pick a period in which the target supplies tonnes",
        )
    return x[x["tonnes"] > 0]


def _vw(v: pd.Series | FloatArray, q: pd.Series | FloatArray) -> float:
    return float(np.sum(v) / np.sum(q))


def _india_estimates(
    x: pd.DataFrame,
    period: str,
    target: str,
    *,
    major_share: float,
    median_share: float,
    outlier_ratio: float,
    data: str,
) -> list[DiscountEstimate]:
    t = x[x["source"] == target]
    o = x[x["source"] != target]
    pt = _vw(t["value_usd"], t["tonnes"])
    uv = o["value_usd"] / o["tonnes"]
    share = o["tonnes"] / x["tonnes"].sum()
    out: list[DiscountEstimate] = []

    def add(method: str, label: str, sel: pd.Series, coverage: str) -> None:
        if sel.any():
            b = _vw(o.loc[sel, "value_usd"], o.loc[sel, "tonnes"])
            out.append(DiscountEstimate(period, method, label, data, coverage, pt, b, b - pt))

    every = pd.Series(True, index=o.index)
    add(
        "india.all_others.vw",
        "all other sources, volume-weighted",
        every,
        f"{len(o)} sources",
    )
    # robust to mis-coded rows: drop unit values outside [1/r, r] x the volume-weighted median
    order = np.argsort(uv.to_numpy())
    cum = np.cumsum(o["tonnes"].to_numpy()[order]) / o["tonnes"].sum()
    med = float(uv.to_numpy()[order][np.searchsorted(cum, 0.5)])
    keep = (uv <= outlier_ratio * med) & (uv >= med / outlier_ratio)
    dropped = ", ".join(sorted(o.loc[~keep, "source"]))
    add(
        "india.all_others.vw_trimmed",
        f"all other sources, volume-weighted, unit values within 1/{outlier_ratio:g}–"
        f"{outlier_ratio:g}× the median",
        keep,
        f"dropped: {dropped or 'none'}",
    )
    major = share >= major_share
    add(
        "india.major_suppliers.vw",
        f"other sources with ≥ {100 * major_share:g}% of the volume, volume-weighted",
        major,
        ", ".join(o.loc[major, "source"]),
    )
    sel = share >= median_share
    if sel.any():
        b = float(np.median(uv[sel]))
        out.append(
            DiscountEstimate(
                period,
                "india.others.median",
                f"median unit value of other sources with ≥ {100 * median_share:g}% of the volume",
                data,
                f"{int(sel.sum())} sources",
                pt,
                b,
                b - pt,
            )
        )
    return out


def china_discount(
    china: pd.DataFrame,
    months: Sequence[str],
    *,
    period: str,
    target: str = "RUS",
    min_months: int = 6,
) -> DiscountEstimate | None:
    """The target's discount in China's imports over ``months``: its unit value against the
    volume-weighted unit value of China's other reported sources (Saudi Arabia and Iraq
    in the shipped data). ``None`` when fewer than ``min_months`` months have quantities.
    """
    need = ("month", "exporter", "value_usd", "tonnes")
    _need(china, need, "China frame", "pass tradewinds.io.oil_data.china_crude_imports()")
    x = china[china["month"].isin(list(months)) & china["tonnes"].notna() & (china["tonnes"] > 0)]
    t, o = x[x["exporter"] == target], x[x["exporter"] != target]
    have = sorted(set(t["month"]) & set(o["month"]))
    if len(have) < min_months:
        return None
    t, o = t[t["month"].isin(have)], o[o["month"].isin(have)]
    pt, b = _vw(t["value_usd"], t["tonnes"]), _vw(o["value_usd"], o["tonnes"])
    others = "+".join(sorted(o["exporter"].unique()))
    return DiscountEstimate(
        period,
        "china.others.vw",
        f"China's imports: {target} against {others}, volume-weighted",
        "UN Comtrade (China reporter)",
        f"{have[0]}…{have[-1]} ({len(have)} of {len(months)} months)",
        pt,
        b,
        b - pt,
    )


def measure_discount(
    imports: pd.DataFrame,
    period: str,
    *,
    target: str = "RUS",
    china: pd.DataFrame | None = None,
    major_share: float = 0.04,
    median_share: float = 0.005,
    outlier_ratio: float = 2.0,
) -> MeasuredDiscount:
    """Measure the target source's discount in one fiscal year from unit values.

    ``imports``: one row per period and source with value_usd and tonnes (as
    :func:`tradewinds.io.oil_data.india_crude_imports`). Methods (the band spans all):

    * ``india.all_others.vw`` (central): all other sources, volume-weighted;
    * ``india.all_others.vw_trimmed``: the same without unit values outside
      [1/r, r] × the volume-weighted median (r = ``outlier_ratio``; mis-coded rows
      such as 2 t at 5,000 US$/t);
    * ``india.major_suppliers.vw``: other sources with at least ``major_share`` of the
      year's volume;
    * ``india.others.median``: the median unit value of other sources with at least
      ``median_share`` of the volume (unweighted: composition does not drive it);
    * ``china.others.vw`` (if ``china`` is given and has ≥ 6 months with quantities in
      the fiscal year): China's imports, the target against Saudi Arabia and Iraq.
    """
    _check_imports(imports)
    x = _period_rows(imports, period, target)
    data = "DGCI&S (India)" if "compiler" not in x or x["compiler"].iloc[0] == "DGCI&S" else "India"
    est = _india_estimates(
        x,
        period,
        target,
        major_share=major_share,
        median_share=median_share,
        outlier_ratio=outlier_ratio,
        data=data,
    )
    if china is not None:
        c = china_discount(china, fiscal_year_months(period), period=period, target=target)
        if c is not None:
            est.append(c)
    d = [e.discount_usd_per_t for e in est]
    t = x[x["source"] == target]
    prov = bool(x["provisional"].any()) if "provisional" in x else False
    importer = str(x["importer"].iloc[0]) if "importer" in x else ""
    return MeasuredDiscount(
        period=period,
        importer=importer,
        target=target,
        provisional=prov,
        target_tonnes=float(t["tonnes"].sum()),
        target_value_usd=float(t["value_usd"].sum()),
        benchmark_unit_value=est[0].benchmark_unit_value,
        central=d[0],
        low=min(d),
        high=max(d),
        estimates=tuple(est),
    )


def discount_table(
    imports: pd.DataFrame, *, target: str = "RUS", china: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The measured discount in every period where the target supplies tonnes: period,
    provisional, target_tonnes, target and benchmark unit values, discount (US$/t and
    US$/bbl) with its band, and the value of the discount on the target's volume."""
    _check_imports(imports)
    rows = []
    for p in sorted(imports["period"].unique()):
        x = imports[(imports["period"] == p) & (imports["source"] == target)]
        if x.empty or x["tonnes"].sum() <= 0:
            continue
        m = measure_discount(imports, p, target=target, china=china)
        rows.append(
            {
                "period": p,
                "provisional": m.provisional,
                "target": target,
                "target_tonnes": m.target_tonnes,
                "target_unit_value_usd_per_t": m.target_unit_value,
                "benchmark_unit_value_usd_per_t": m.benchmark_unit_value,
                "discount_usd_per_t": m.central,
                "discount_low_usd_per_t": m.low,
                "discount_high_usd_per_t": m.high,
                "discount_usd_per_bbl": m.central / BBL_PER_TONNE,
                "discount_value_usd": m.central * m.target_tonnes,
                "methods": len(m.estimates),
            }
        )
    return pd.DataFrame(rows)


def china_discounts_by_year(china: pd.DataFrame, *, target: str = "RUS") -> pd.DataFrame:
    """China's calendar-year unit values by source and the target's discount against the
    others (volume-weighted), for years with twelve months of quantities."""
    rows = []
    for y in sorted(china["month"].str.slice(0, 4).unique()):
        months = [f"{y}-{m:02d}" for m in range(1, 13)]
        e = china_discount(china, months, period=str(y), target=target, min_months=12)
        if e is None:
            continue
        x = china[china["month"].isin(months)]
        g = x.groupby("exporter")[["value_usd", "tonnes"]].sum()
        row: dict[str, object] = {"year": int(y)}
        for s, r in g.iterrows():
            row[f"unit_value_{s}_usd_per_t"] = r["value_usd"] / r["tonnes"]
        row |= {
            "benchmark_unit_value_usd_per_t": e.benchmark_unit_value,
            "discount_usd_per_t": e.discount_usd_per_t,
            "discount_usd_per_bbl": e.discount_usd_per_t / BBL_PER_TONNE,
        }
        rows.append(row)
    return pd.DataFrame(rows)


# ----------------------------------------------------------------- replacement
@dataclass(frozen=True, slots=True)
class PriceResponse:
    """A world-price response to Russian barrels leaving the market (stated parameters).

    π = lost_share · Δq / world_tonnes / (supply_elasticity − demand_elasticity).
    """

    world_tonnes: float  # Q_w, tonnes a year, with its source in ``source``
    supply_elasticity: float  # η_s ≥ 0
    demand_elasticity: float  # η_d ≤ 0
    lost_share: float = 1.0  # φ: share of the displaced volume not re-routed to others
    source: str = ""

    def __post_init__(self) -> None:
        if not self.world_tonnes > 0:
            raise ScenarioError(
                "world_tonnes must be positive", field="price_response.world_tonnes"
            )
        if self.supply_elasticity < 0 or self.demand_elasticity > 0:
            raise ScenarioError(
                "supply elasticity must be ≥ 0 and demand elasticity ≤ 0",
                field="price_response",
                fix="e.g. supply 0.11, demand -0.13 (Caldara, Cavallo & Iacoviello 2019)",
            )
        if self.supply_elasticity - self.demand_elasticity <= 0:
            raise ScenarioError(
                "supply and demand elasticities are both zero: the price is undetermined",
                field="price_response",
            )
        if not 0.0 <= self.lost_share <= 1.0:
            raise ScenarioError("lost_share must be in [0, 1]", field="price_response.lost_share")

    @classmethod
    def published(
        cls, name: str, *, world_tonnes: float, lost_share: float = 1.0, world_source: str = ""
    ) -> PriceResponse:
        """A response with one of :data:`OIL_ELASTICITIES` (named in ``source``)."""
        if name not in OIL_ELASTICITIES:
            raise ScenarioError(
                f"unknown elasticity set {name!r}",
                field="price_response.elasticities",
                fix=f"use one of {sorted(OIL_ELASTICITIES)}",
            )
        es, ed, cite = OIL_ELASTICITIES[name]
        src = f"elasticities: {cite}; world volume: {world_source or 'stated by caller'}"
        return cls(world_tonnes, es, ed, lost_share, src)

    def price_change(self, tonnes_removed: float) -> float:
        """Relative change of the world price when ``tonnes_removed`` leave the market."""
        return (
            self.lost_share
            * tonnes_removed
            / self.world_tonnes
            / (self.supply_elasticity - self.demand_elasticity)
        )


@dataclass(frozen=True, slots=True)
class ReplacementResult:
    """Cutting a share of one source's crude and buying it from the others."""

    period: str
    target: str
    sources: tuple[str, ...]  # order of the arrays below (target first)
    q0: FloatArray  # tonnes before
    q1: FloatArray  # tonnes after
    p: FloatArray  # delivered unit values, US$/t (before any price response)
    cut_share: float
    rule: str
    tonnes_replaced: float
    replacement_unit_value: float  # Σ w p of the replacing sources
    discount_usd_per_t: float  # replacement price − target price
    discount_band_usd_per_t: tuple[float, float]
    lost_discount_usd: float  # Δq · d
    lost_discount_band_usd: tuple[float, float]
    world_price_change: float  # π (0 without a price response)
    price_effect_usd: float  # π · B₁
    extra_bill_usd: float
    extra_bill_band_usd: tuple[float, float]
    notes: tuple[str, ...] = field(default=())

    @property
    def bill_before_usd(self) -> float:
        return float(self.q0 @ self.p)

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "source": self.sources,
                "unit_value_usd_per_t": self.p,
                "tonnes_before": self.q0,
                "tonnes_after": self.q1,
                "tonnes_change": self.q1 - self.q0,
                "value_before_usd": self.q0 * self.p,
                "value_after_usd": self.q1 * self.p * (1 + self.world_price_change),
            }
        )

    def summary(self) -> dict[str, float]:
        lo, hi = self.extra_bill_band_usd
        return {
            "cut_share": self.cut_share,
            "tonnes_replaced": self.tonnes_replaced,
            "discount_usd_per_t": self.discount_usd_per_t,
            "lost_discount_usd": self.lost_discount_usd,
            "world_price_change": self.world_price_change,
            "price_effect_usd": self.price_effect_usd,
            "extra_bill_usd": self.extra_bill_usd,
            "extra_bill_low_usd": lo,
            "extra_bill_high_usd": hi,
        }

    def __str__(self) -> str:
        lo, hi = self.extra_bill_band_usd
        return (
            f"{self.period}: cutting {100 * self.cut_share:g}% of {self.target} crude "
            f"({self.tonnes_replaced / 1e6:.1f} Mt) and buying it at {self.rule} raises the "
            f"bill by US$ {self.extra_bill_usd / 1e9:.2f} bn a year (band {lo / 1e9:.2f} to "
            f"{hi / 1e9:.2f} bn); discount {self.discount_usd_per_t:.1f} US$/t"
        )


def replacement_cost(
    tonnes: float | FloatArray, discount_usd_per_t: float | FloatArray, cut_share: float = 1.0
) -> float | FloatArray:
    """Extra bill of replacing ``cut_share`` of ``tonnes`` at a ``discount``: κ q d (US$)."""
    return cut_share * np.asarray(tonnes, dtype=float) * np.asarray(discount_usd_per_t, dtype=float)


def simulate_replacement(
    *,
    q_target: float,
    p_target: float,
    q_others: FloatArray,
    p_others: FloatArray,
    cut_share: float,
    weights: FloatArray | None = None,
    discount_band: tuple[float, float] | None = None,
    price_response: PriceResponse | None = None,
    sources: Sequence[str] | None = None,
    period: str = "",
    target: str = "target",
) -> ReplacementResult:
    """The array core: cut ``cut_share`` of the target's ``q_target`` tonnes and buy them
    from the others at their delivered prices ``p_others``, split by ``weights``
    (default: the others' volumes ``q_others``). See the module docstring for the
    formulas. ``discount_band`` (US$/t) turns into the band of the lost discount."""
    q_o = np.asarray(q_others, dtype=float)
    p_o = np.asarray(p_others, dtype=float)
    if q_o.ndim != 1 or q_o.shape != p_o.shape or q_o.size == 0:
        raise ScenarioError("q_others and p_others must be vectors of one length", field="q_others")
    if not 0.0 <= cut_share <= 1.0:
        raise ScenarioError(
            f"cut_share {cut_share} is outside [0, 1]",
            field="cut_share",
            fix="write 1.0 to stop all of the source's crude, 0.5 for half",
        )
    if q_target < 0 or np.any(q_o < 0):
        raise ScenarioError("tonnes must be ≥ 0", field="q_others")
    w = q_o if weights is None else np.asarray(weights, dtype=float)
    if w.shape != q_o.shape or np.any(w < 0) or w.sum() <= 0:
        raise ScenarioError(
            "weights must be ≥ 0, one per other source, and not all zero", field="weights"
        )
    p_rep = float(w @ p_o / w.sum())  # Σ w p / Σ w: exactly Σ v / Σ q with volume weights
    w = w / w.sum()
    dq = cut_share * q_target
    d = p_rep - p_target
    lost = dq * d
    band = discount_band if discount_band is not None else (d, d)
    band = (min(band[0], d), max(band[1], d))
    lost_band = (dq * band[0], dq * band[1])
    q0 = np.concatenate([[q_target], q_o])
    q1 = np.concatenate([[q_target - dq], q_o + dq * w])
    p = np.concatenate([[p_target], p_o])
    bill1 = float(q1 @ p)
    pi = price_response.price_change(dq) if price_response is not None else 0.0
    price_effect = pi * bill1
    notes = []
    if price_response is not None:
        notes.append(
            f"world price +{100 * pi:.3f}% ({price_response.source or 'source not stated'}); "
            "the importer's own demand response to it is not modelled"
        )
    names = tuple(sources) if sources is not None else (target, *(f"s{i}" for i in range(q_o.size)))
    return ReplacementResult(
        period=period,
        target=target,
        sources=names,
        q0=q0,
        q1=q1,
        p=p,
        cut_share=cut_share,
        rule="the other sources' delivered prices, by volume shares"
        if weights is None
        else "the other sources' delivered prices, by stated weights",
        tonnes_replaced=dq,
        replacement_unit_value=p_rep,
        discount_usd_per_t=d,
        discount_band_usd_per_t=band,
        lost_discount_usd=lost,
        lost_discount_band_usd=lost_band,
        world_price_change=pi,
        price_effect_usd=price_effect,
        extra_bill_usd=lost + price_effect,
        extra_bill_band_usd=(lost_band[0] + price_effect, lost_band[1] + price_effect),
        notes=tuple(notes),
    )


def replace_supplier(
    imports: pd.DataFrame,
    period: str,
    *,
    target: str = "RUS",
    cut_share: float = 1.0,
    weights: Mapping[str, float] | None = None,
    china: pd.DataFrame | None = None,
    price_response: PriceResponse | None = None,
) -> ReplacementResult:
    """The importer stops ``cut_share`` of its crude from ``target`` in ``period`` and buys
    it from the other sources at their delivered unit values.

    Rule: by the other sources' volume shares (default), or by ``weights``
    (source → weight; sources not named get none), e.g. ``{"SAU": 1, "IRQ": 1, "ARE": 1}``.
    The band comes from :func:`measure_discount` (``china`` adds China's data)."""
    _check_imports(imports)
    x = _period_rows(imports, period, target)
    m = measure_discount(imports, period, target=target, china=china)
    o = x[x["source"] != target].groupby("source", sort=False)[["value_usd", "tonnes"]].sum()
    w = None
    if weights is not None:
        unknown = sorted(set(weights) - set(o.index))
        if unknown:
            raise ScenarioError(
                f"weights name sources with no imports in {period}: {unknown}",
                field="weights",
                fix=f"use sources among {sorted(o.index)}",
            )
        w = np.array([float(weights.get(s, 0.0)) for s in o.index])
    r = simulate_replacement(
        q_target=m.target_tonnes,
        p_target=m.target_unit_value,
        q_others=o["tonnes"].to_numpy(),
        p_others=(o["value_usd"] / o["tonnes"]).to_numpy(),
        cut_share=cut_share,
        weights=w,
        discount_band=(m.low, m.high),
        price_response=price_response,
        sources=(target, *o.index),
        period=period,
        target=target,
    )
    note = (
        f"{period}{' (provisional)' if m.provisional else ''}: unit values from "
        f"{m.estimates[0].data}; band over {len(m.estimates)} discount methods "
        f"({', '.join(e.method for e in m.estimates)})"
    )
    return _with_notes(r, note)


def _with_notes(r: ReplacementResult, *notes: str) -> ReplacementResult:
    from dataclasses import replace

    return replace(r, notes=(*r.notes, *notes))


# ----------------------------------------------------------------- the trade-off
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
