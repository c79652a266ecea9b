"""Arithmetic of scenario results on frames: totals by chapter and product group,
export pushes by product group, and a bilateral balance before and after.

No model here: these functions add up what a model or an assumption changed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tradewinds.io.codes import ProductGroup


@dataclass(frozen=True, slots=True)
class PushSpec:
    """A chosen rise of an exporter's sales of a product group to a partner."""

    exporter: str
    partner: str
    group: str
    growth: float  # proportional rise, 0.5 = +50%


def by_chapter_and_group(
    lines: pd.DataFrame, groups: Mapping[str, ProductGroup]
) -> dict[str, pd.DataFrame]:
    """``lines`` with product, m0, m1, change_usd → the same by HS chapter and by
    (overlapping) product group."""
    ch = (
        lines.assign(chapter=lines["product"].str[:2])
        .groupby("chapter", as_index=False)[["m0", "m1", "change_usd"]]
        .sum()
    )
    ch["change_pct"] = 100 * (ch["m1"] / ch["m0"] - 1)
    rows = []
    for g in groups.values():
        m = lines["product"].str.startswith(g.prefixes)
        m0, m1 = float(lines.loc[m, "m0"].sum()), float(lines.loc[m, "m1"].sum())
        rows.append(
            {
                "group": g.name,
                "label": g.label,
                "m0": m0,
                "m1": m1,
                "change_usd": m1 - m0,
                "change_pct": 100 * (m1 / m0 - 1) if m0 else np.nan,
            }
        )
    return {
        "by_chapter": ch.sort_values("change_usd", ignore_index=True),
        "by_group": pd.DataFrame(rows),
    }


def push_effect(
    composition: pd.DataFrame, pushes: Sequence[PushSpec], groups: Mapping[str, ProductGroup]
) -> pd.DataFrame:
    """``composition``: product, value_usd of the exporter's sales to the partner.

    Groups may overlap; a product in two pushed groups grows by the larger push."""
    growth = np.zeros(len(composition))
    label = np.array([""] * len(composition), dtype=object)
    for p in pushes:
        g = groups[p.group]
        hit = composition["product"].str.startswith(g.prefixes).to_numpy()
        better = hit & (p.growth > growth)
        growth[better] = p.growth
        label[better] = p.group
    rows = []
    for p in pushes:
        m = label == p.group
        base = float(composition.loc[m, "value_usd"].sum())
        rows.append(
            {
                "exporter": p.exporter,
                "partner": p.partner,
                "group": p.group,
                "label": groups[p.group].label,
                "growth_pct": 100 * p.growth,
                "base_usd": base,
                "added_usd": base * p.growth,
            }
        )
    return pd.DataFrame(rows)


def balance_effect(
    bases: Sequence[tuple[str, float]],
    *,
    exports_change: float = 0.0,
    imports_change: float = 0.0,
    scaled_exports_change: float | None = None,
) -> pd.DataFrame:
    """A balance before and after on each base (``label, balance_usd``). With
    ``scaled_exports_change``, each base but the first is repeated with the export
    change scaled to its totals (a push measured on partial lines, say)."""
    rows = []
    for k, (label, before) in enumerate(bases):
        rows.append(
            {
                "base": label,
                "balance_before_usd": before,
                "exports_change_usd": exports_change,
                "imports_change_usd": imports_change,
            }
        )
        if scaled_exports_change is not None and k > 0:
            rows.append(
                {
                    "base": f"{label}, push scaled to published exports",
                    "balance_before_usd": before,
                    "exports_change_usd": scaled_exports_change,
                    "imports_change_usd": imports_change,
                }
            )
    f = pd.DataFrame(
        rows,
        columns=["base", "balance_before_usd", "exports_change_usd", "imports_change_usd"],
    )
    f["balance_after_usd"] = (
        f["balance_before_usd"] + f["exports_change_usd"] - f["imports_change_usd"]
    )
    f["change_pct_of_deficit"] = (
        100 * (f["balance_after_usd"] - f["balance_before_usd"]) / f["balance_before_usd"].abs()
    )
    return f
