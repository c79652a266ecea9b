"""Export potential, the ITC method (Decreux & Spies 2016), and deficit arithmetic.

Potential PEV_ikj = S_ik · D_kj · E_ij (MODELS.md §1):

* supply S_ik: exporter i's share of world exports of product k;
* demand D_kj: market j's imports of k, optionally adjusted for i's tariff advantage
  in j ((1 + t̄_jk)/(1 + t_ijk))^σ_k and for distance (d̄_j/d_ij)^δ;
* ease E_ij = Σ_k X_ikj / Σ_k S_ik D_kj, so that Σ_k PEV_ikj = Σ_k X_ikj by
  construction: potential redistributes what i sells j across products by i's
  supply strength and j's demand; unrealised potential is max(0, PEV − X).

A bilateral constant (a distance factor) cancels in E_ij: for one exporter–market pair
it changes no product's potential; it matters when markets are compared. Without
product-level data of all countries the method runs at the level the data allow: by
market, all goods (S_i, D_j, E_i), which the result says.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from tradewinds.errors import DataValidationError
from tradewinds.io.codes import WORLD, ProductGroup
from tradewinds.io.schema import TOTAL


def export_potential(
    flows: pd.DataFrame,
    exporter: str,
    market: str | None = None,
    *,
    digits: int = 6,
    tariff_advantage: pd.Series | None = None,
    distance_factor: Mapping[str, float] | None = None,
    tariff_factor: Mapping[str, float] | None = None,
) -> tuple[pd.DataFrame, str]:
    """Potential of ``exporter`` (in ``market``, by product; or across markets when the
    data hold no products). Returns (frame, level). ``tariff_advantage``: a factor per
    product (index = product code at ``digits``), default 1."""
    f = flows[
        (flows["exporter"] != WORLD)
        & (flows["importer"] != WORLD)
        & (flows["exporter"] != flows["importer"])
    ]
    prod = f[f["product"] != TOTAL]
    if not prod.empty:
        if market is None:
            raise DataValidationError(
                "product-level potential needs a market",
                column="market",
                fix="give the importing market",
            )
        prod = prod[prod["product"].str.len() >= digits].assign(
            k=lambda d: d["product"].str[:digits]
        )
        world_k = prod.groupby("k")["value_usd"].sum()
        mine_k = prod[prod["exporter"] == exporter].groupby("k")["value_usd"].sum()
        if mine_k.sum() <= 0:
            raise DataValidationError(
                f"no exports of {exporter} by product in the data",
                column="exporter",
                fix="check the exporter code",
            )
        supply = (mine_k / world_k).reindex(world_k.index, fill_value=0.0)
        demand = prod[prod["importer"] == market].groupby("k")["value_usd"].sum()
        if demand.sum() <= 0:
            raise DataValidationError(
                f"no imports of {market} by product in the data",
                column="market",
                fix="check the market code",
            )
        demand = demand.reindex(world_k.index, fill_value=0.0)
        adj = (
            tariff_advantage.reindex(world_k.index, fill_value=1.0)
            if tariff_advantage is not None
            else pd.Series(1.0, index=world_k.index)
        )
        if distance_factor and market in distance_factor:
            adj = adj * float(distance_factor[market])
        actual = (
            prod[(prod["exporter"] == exporter) & (prod["importer"] == market)]
            .groupby("k")["value_usd"]
            .sum()
            .reindex(world_k.index, fill_value=0.0)
        )
        out = _ease(actual, supply, demand * adj)
        out.index.name = "product"
        out = out.reset_index()
        out.insert(0, "exporter", exporter)
        out.insert(1, "market", market)
        return out.sort_values(
            "unrealised_usd", ascending=False, ignore_index=True
        ), f"product (HS{digits}) in {market}"
    tot = f.groupby(["exporter", "importer"])["value_usd"].sum()
    if exporter not in tot.index.get_level_values(0):
        raise DataValidationError(
            f"no exports of {exporter} in the data",
            column="exporter",
            fix="check the exporter code",
        )
    world = tot.sum()
    supply_i = tot.loc[exporter].sum() / world
    demand = tot.groupby(level="importer").sum().drop(exporter, errors="ignore")
    raw_demand = demand.copy()
    for factor in (distance_factor, tariff_factor):
        if factor:
            demand = demand * pd.Series(factor).reindex(demand.index, fill_value=1.0)
    actual = tot.loc[exporter].reindex(demand.index, fill_value=0.0)
    out = _ease(actual, pd.Series(supply_i, index=demand.index), demand)
    out["imports_usd"] = raw_demand
    out["distance_factor"] = pd.Series(distance_factor or {}).reindex(demand.index, fill_value=1.0)
    out["tariff_factor"] = pd.Series(tariff_factor or {}).reindex(demand.index, fill_value=1.0)
    out.index.name = "market"
    out = out.reset_index()
    out.insert(0, "exporter", exporter)
    if market is not None:
        out = out[out["market"] == market]
    return out.sort_values(
        "unrealised_usd", ascending=False, ignore_index=True
    ), "market (all goods): the data hold no products of all countries"


def _ease(actual: pd.Series, supply: pd.Series, demand: pd.Series) -> pd.DataFrame:
    base = supply * demand
    denom = float(base.sum())
    ease = float(actual.sum()) / denom if denom > 0 else 0.0
    pev = base * ease
    return pd.DataFrame(
        {
            "actual_usd": actual,
            "supply_share": supply,
            "demand_usd": demand,
            "potential_usd": pev,
            "unrealised_usd": np.maximum(0.0, pev - actual),
            "realised_share": np.where(pev > 0, actual / pev, np.nan),
            "ease": ease,
        }
    )


def potential_by_group(frame: pd.DataFrame, groups: Mapping[str, ProductGroup]) -> pd.DataFrame:
    rows = []
    for g in groups.values():
        m = frame["product"].str.startswith(g.prefixes)
        rows.append(
            {
                "group": g.name,
                "label": g.label,
                "actual_usd": float(frame.loc[m, "actual_usd"].sum()),
                "potential_usd": float(frame.loc[m, "potential_usd"].sum()),
                "unrealised_usd": float(frame.loc[m, "unrealised_usd"].sum()),
            }
        )
    return pd.DataFrame(rows)


def balance_path(
    exports: float,
    imports: float,
    *,
    export_groups: Mapping[str, float],
    export_growth: Mapping[str, float],
    import_groups: Mapping[str, float],
    import_change: Mapping[str, float],
    years: int = 5,
) -> pd.DataFrame:
    """The balance year by year when the named export groups grow at their yearly rates
    and the named import groups change at theirs (the rest constant); values in USD.

    ``export_groups``: group → its value in ``exports``; likewise for imports. Groups
    given should not overlap (a product counted twice grows twice)."""
    if years < 1:
        raise DataValidationError("years must be at least 1", column="years", fix="use 5")
    for name, table in (("export_growth", export_growth), ("import_change", import_change)):
        for g, r in table.items():
            if r < -1:
                raise DataValidationError(
                    f"{name} of {g} is below -100% a year",
                    column=name,
                    fix="rates are fractions: 0.5 = +50%",
                )
    rows = []
    for year in range(years + 1):
        x = exports + sum(
            v * ((1 + export_growth.get(g, 0.0)) ** year - 1) for g, v in export_groups.items()
        )
        m = imports + sum(
            v * ((1 + import_change.get(g, 0.0)) ** year - 1) for g, v in import_groups.items()
        )
        rows.append({"year": year, "exports_usd": x, "imports_usd": m, "balance_usd": x - m})
    return pd.DataFrame(rows)


def growth_to_reach(exports: float, imports: float, target_balance: float, years: int) -> float:
    """Yearly growth of all exports that brings the balance to ``target_balance`` in
    ``years`` with imports constant: exports (1+g)^years − imports = target."""
    need = imports + target_balance
    if exports <= 0 or need <= 0:
        return float("nan")
    return float((need / exports) ** (1 / years) - 1)


DISTANCE_ELASTICITY = 0.84093  # Yotov et al. (2016) ch.1 app.1, ln DIST (PPML)
TRADE_ELASTICITY = 4.0  # Ignatenko et al. (2025)


def distance_factors(
    flows: pd.DataFrame,
    exporter: str,
    distances: pd.DataFrame,
    *,
    elasticity: float = DISTANCE_ELASTICITY,
) -> tuple[dict[str, float], str]:
    """Market factors (d̄_j/d_ij)^δ with d̄_j the import-weighted distance of j's
    suppliers (``distances``: iso_o, iso_d, km). Markets without distances are left
    out (unadjusted). Returns the factors and a note saying how."""
    tot = (
        flows[flows["exporter"] != flows["importer"]]
        .groupby(["exporter", "importer"])["value_usd"]
        .sum()
        .reset_index()
    )
    tot = tot.merge(
        distances, left_on=["exporter", "importer"], right_on=["iso_o", "iso_d"], how="inner"
    ).dropna(subset=["km"])
    tot["w_km"] = tot["km"] * tot["value_usd"]
    g = tot.groupby("importer")[["w_km", "value_usd"]].sum()
    avg: dict[object, float] = (g["w_km"] / g["value_usd"]).to_dict()
    mine: dict[object, float] = (
        tot[tot["exporter"] == exporter].set_index("importer")["km"].to_dict()
    )
    out = {
        str(j): float((avg[j] / km) ** elasticity) for j, km in mine.items() if j in avg and km > 0
    }
    note = (
        f"distance: (import-weighted distance of the market's suppliers / "
        f"distance from {exporter})^{elasticity} (CEPII GeoDist; the "
        "PPML distance elasticity of Yotov et al. 2016); markets without "
        "distances unadjusted"
    )
    return out, note


def tariff_advantage_factor(
    flows: pd.DataFrame,
    exporter: str,
    market: str,
    rates: pd.Series,
    *,
    floor: float = 0.10,
    elasticity: float = TRADE_ELASTICITY,
    label: str = "announced rates",
    market_name: str | None = None,
) -> tuple[dict[str, float], str]:
    """((1 + t̄_j)/(1 + t_ij))^ε for one market: ``rates`` is the market's tariff on
    each exporter (ISO3 index), floored at ``floor``; t̄_j the import-weighted mean
    over the market's suppliers."""
    r = rates.clip(lower=floor)
    sup = flows[flows["importer"] == market].groupby("exporter")["value_usd"].sum()
    sup = sup[sup.index.isin(r.index)]
    t_bar = float(np.average(r.reindex(sup.index), weights=sup))
    if exporter not in r.index:
        return {}, f"tariff advantage: no rate for {exporter} in {market}; unadjusted"
    f = float(((1 + t_bar) / (1 + r[exporter])) ** elasticity)
    note = (
        f"tariff advantage in {market_name or market}: ((1 + {t_bar:.3f}) / (1 + "
        f"{r[exporter]:.2f}))^{elasticity:g} = {f:.3f} "
        f"({label}, {floor:.0%} floor, ε = {elasticity:g})"
    )
    return {market: f}, note
