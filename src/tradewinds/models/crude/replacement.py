"""Replacing a supplier's crude at the other sources' delivered prices.

The importer cuts a share κ of the target R's volume; Δq = κ q_R tonnes are bought
from the other sources in proportion to their volumes (or to stated weights w), at
their delivered prices, so the bill rises by

    ΔB = Δq (Σ_s w_s p_s − p_R)   = κ q_R d   with volume weights (exactly),

d being the discount of :mod:`tradewinds.models.crude.discount`.

Optional world-price response: a share φ of the displaced Russian volume leaves the
world market (it is not re-routed to other buyers). With world volume Q_w and short-run
supply and demand elasticities η_s ≥ 0 and η_d ≤ 0 (named in the scenario, with their
source), the world price rises by π = φ Δq / Q_w / (η_s − η_d), and the importer's whole
post-cut bill B₁ by π B₁: the extra bill is ΔB + π B₁ (the importer's own demand
response to π is not modelled: an upper bound of the price cost at given volumes).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from tradewinds.errors import ScenarioError
from tradewinds.models.crude.discount import (
    FloatArray,
    _check_imports,
    _period_rows,
    measure_discount,
)

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
    return replace(r, notes=(*r.notes, *notes))
