"""The Russian discount, measured from unit values (never assumed).

Crude is close to a single world good: a refinery can replace one source's barrels by
another's at that source's delivered price. What differs by source is the price, and
the discount is the gap. Notation (one importer, one period): source s delivers q_s
tonnes worth v_s (CIF, US$); its unit value is p_s = v_s / q_s. For the target source
R (Russia) the benchmark is the volume-weighted average unit value of the other sources,

    p̄ = Σ_{s≠R} v_s / Σ_{s≠R} q_s = Σ_{s≠R} q_s p_s / Σ_{s≠R} q_s,

and the discount is d = p̄ − p_R (US$/t; positive when R is cheaper).

The band: the discount is measured by several methods (benchmarks over different
sets of sources, robust to mis-coded rows, and China's customs data as a second
source); the band is the range of those estimates, the central value the first.
Unit values mix grades, freight and contract lags (PROVENANCE of ``data/oil``); the
band is the honest statement of that uncertainty, not a confidence interval.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from tradewinds.errors import DataValidationError, ScenarioError

FloatArray = np.ndarray

#: barrels per tonne of crude, PPAC Ready Reckoner Table 8.24 ("1 MT = 7.33 bbl")
BBL_PER_TONNE = 7.33

_COLS = ("period", "source", "value_usd", "tonnes")


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
