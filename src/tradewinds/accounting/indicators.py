"""Revealed comparative advantage, trade complementarity and trade intensity
(MODELS.md §1; Balassa 1965; Michaely 1996; Brown 1949/Kojima 1964)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tradewinds.accounting.balance import goods_totals
from tradewinds.errors import DataValidationError
from tradewinds.io.codes import WORLD
from tradewinds.io.schema import TOTAL


def _products(flows: pd.DataFrame, digits: int) -> pd.DataFrame:
    f = flows[
        (flows["product"] != TOTAL) & (flows["exporter"] != WORLD) & (flows["importer"] != WORLD)
    ]
    if f.empty:
        raise DataValidationError(
            "this indicator needs product-level trade of all countries (world totals by "
            "product); the dataset has none",
            fix="ingest an HS6 BACI file (`tradewinds data ingest baci FILE`)",
        )
    f = f[f["product"].str.len() >= digits]
    return f.assign(k=f["product"].str[:digits])


def rca(flows: pd.DataFrame, exporter: str, *, digits: int = 2) -> pd.DataFrame:
    """Balassa RCA_ik = (x_ik / X_i) / (x_wk / X_w) per period and product group."""
    f = _products(flows, digits)
    w = f.groupby(["period", "k"])["value_usd"].sum()
    wt = f.groupby("period")["value_usd"].sum()
    mine = f[f["exporter"] == exporter]
    if mine.empty:
        raise DataValidationError(
            f"no exports of {exporter} by product in this dataset", fix="check the exporter code"
        )
    x = mine.groupby(["period", "k"])["value_usd"].sum()
    xt = mine.groupby("period")["value_usd"].sum()
    out = x.rename("exports_usd").reset_index()
    out["share_exporter"] = out["exports_usd"] / out["period"].map(xt)
    out["share_world"] = [w[(p, k)] / wt[p] for p, k in zip(out["period"], out["k"], strict=True)]
    out["rca"] = out["share_exporter"] / out["share_world"]
    return out.rename(columns={"k": "product"}).sort_values(
        ["period", "rca"], ascending=[True, False]
    )


def trade_complementarity(
    flows: pd.DataFrame, exporter: str, importer: str, *, digits: int = 2
) -> pd.DataFrame:
    """TC_ij = 100·(1 − ½ Σ_k |m_jk − x_ik|), shares of j's imports and i's exports."""
    f = _products(flows, digits)
    rows = []
    for period, g in f.groupby("period"):
        x = g[g["exporter"] == exporter].groupby("k")["value_usd"].sum()
        m = g[g["importer"] == importer].groupby("k")["value_usd"].sum()
        if x.sum() == 0 or m.sum() == 0:
            continue
        xs, ms = (x / x.sum()), (m / m.sum())
        ks = xs.index.union(ms.index)
        diff = (ms.reindex(ks, fill_value=0) - xs.reindex(ks, fill_value=0)).abs().sum()
        rows.append(
            {
                "period": period,
                "exporter": exporter,
                "importer": importer,
                "complementarity": 100.0 * (1.0 - 0.5 * diff),
            }
        )
    if not rows:
        raise DataValidationError(
            f"no product-level exports of {exporter} or imports of {importer} in this dataset",
            fix="check the codes",
        )
    return pd.DataFrame(rows)


def trade_intensity(flows: pd.DataFrame, exporter: str, importer: str) -> pd.DataFrame:
    """TI_ij = (x_ij / X_i) / (x_wj / X_w): > 1 when i exports more to j than the world
    does, relative to size."""
    t = goods_totals(flows)
    t = t[(t["exporter"] != WORLD) & (t["importer"] != WORLD) & (t["exporter"] != t["importer"])]
    rows = []
    for period, g in t.groupby("period"):
        xi = g.loc[g["exporter"] == exporter, "value_usd"].sum()
        xij = g.loc[(g["exporter"] == exporter) & (g["importer"] == importer), "value_usd"].sum()
        xwj = g.loc[g["importer"] == importer, "value_usd"].sum()
        xw = g["value_usd"].sum()
        ti = (xij / xi) / (xwj / xw) if xi and xwj else np.nan
        rows.append(
            {
                "period": period,
                "exporter": exporter,
                "importer": importer,
                "share_of_exporter": xij / xi if xi else np.nan,
                "importer_share_of_world": xwj / xw if xw else np.nan,
                "intensity": ti,
            }
        )
    return pd.DataFrame(rows)
