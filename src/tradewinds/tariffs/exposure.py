"""Tariff exposure: how much of an exporter's trade a schedule reaches, and at what rate.

Exposure = trade covered by a measure / total trade, at the tariff-line level
(MODELS.md §1). Lines are grouped in rate bands by the additional duty they pay;
exempt lines are those that an exemption list (or the absence of any measure)
leaves at 0. Results come by band, by HS chapter and by product group.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from tradewinds.io.codes import ProductGroup

BANDS = (
    ("0% (exempt or no measure)", -np.inf, 1e-12),
    ("up to 10%", 1e-12, 0.10 + 1e-12),
    ("10-25%", 0.10 + 1e-12, 0.25 + 1e-12),
    ("25-50%", 0.25 + 1e-12, 0.50 - 1e-12),
    ("50% and over", 0.50 - 1e-12, np.inf),
)


def rate_band(rate: np.ndarray, banned: np.ndarray) -> np.ndarray:
    out = np.empty(len(rate), dtype=object)
    for label, lo, hi in BANDS:
        out[(rate >= lo) & (rate < hi)] = label
    out[banned] = "banned"
    return out


@dataclass(frozen=True)
class Exposure:
    lines: pd.DataFrame  # product, value_usd, effective_rate, band, exempt, partial, …
    by_band: pd.DataFrame
    by_chapter: pd.DataFrame
    by_group: pd.DataFrame
    total_usd: float
    exempt_usd: float
    partial_usd: float
    notes: tuple[str, ...] = field(default=())

    @property
    def exempt_share(self) -> float:
        return self.exempt_usd / self.total_usd if self.total_usd else float("nan")

    def summary(self) -> dict[str, float]:
        return {
            "total_usd": self.total_usd,
            "exempt_usd": self.exempt_usd,
            "non_exempt_usd": self.total_usd - self.exempt_usd,
            "exempt_share": self.exempt_share,
            "partial_usd": self.partial_usd,
        }


def tariff_exposure(
    trade: pd.DataFrame, rates: pd.DataFrame, *, groups: dict[str, ProductGroup] | None = None
) -> Exposure:
    """Combine trade lines (``product``, ``value_usd``) with line rates
    (from :meth:`TariffSchedule.line_rates`) into exposure tables."""
    t = trade.groupby("product", as_index=False)["value_usd"].sum()
    r = rates[
        [
            "product",
            "effective_rate",
            "additional_rate",
            "banned",
            "partial",
            "measures",
            "exempt_from",
        ]
    ]
    lines = t.merge(r, on="product", how="left", validate="one_to_one")
    rate = lines["additional_rate"].fillna(0.0).to_numpy()
    banned = lines["banned"].fillna(False).to_numpy(dtype=bool)
    lines["band"] = rate_band(rate, banned)
    lines["exempt"] = (rate <= 1e-12) & ~banned
    lines["chapter"] = lines["product"].str[:2]
    total = float(lines["value_usd"].sum())

    lines["exempt_usd"] = np.where(lines["exempt"], lines["value_usd"], 0.0)
    lines["_duty_x_value"] = lines["additional_rate"].fillna(0.0) * lines["value_usd"]

    def _table(key: str) -> pd.DataFrame:
        g = lines.groupby(key).agg(
            value_usd=("value_usd", "sum"),
            lines=("product", "size"),
            exempt_usd=("exempt_usd", "sum"),
            duty=("_duty_x_value", "sum"),
        )
        g["share"] = g["value_usd"] / total if total else np.nan
        g["mean_rate"] = np.where(g["value_usd"] > 0, g["duty"] / g["value_usd"], np.nan)
        g = g.drop(columns="duty")
        return g.reset_index().sort_values("value_usd", ascending=False, ignore_index=True)

    by_band = _table("band")
    order = {label: i for i, (label, _, _) in enumerate(BANDS)} | {"banned": len(BANDS)}
    by_band = by_band.sort_values("band", key=lambda s: s.map(order)).reset_index(drop=True)
    by_chapter = _table("chapter")
    rows = []
    for g in (groups or {}).values():
        m = lines["product"].str.startswith(g.prefixes)
        v = float(lines.loc[m, "value_usd"].sum())
        ex = float(lines.loc[m & lines["exempt"], "value_usd"].sum())
        rows.append(
            {
                "group": g.name,
                "label": g.label,
                "value_usd": v,
                "exempt_usd": ex,
                "share": v / total if total else np.nan,
                "exempt_share_of_group": ex / v if v else np.nan,
            }
        )
    by_group = pd.DataFrame(rows)
    lines = lines.drop(columns="_duty_x_value")
    return Exposure(
        lines=lines,
        by_band=by_band,
        by_chapter=by_chapter,
        by_group=by_group,
        total_usd=total,
        exempt_usd=float(lines.loc[lines["exempt"], "value_usd"].sum()),
        partial_usd=float(lines.loc[lines["partial"].fillna(False), "value_usd"].sum()),
    )
