"""Dependence and concentration (MODELS.md §1).

Export share s_ij = X_ij / X_i; import share d_ij = M_ij / M_i; product
dependence d_ijk = M_ijk / M_ik by value and, where units agree, by volume;
HHI = Σ s² and its normalised form (HHI − 1/N)/(1 − 1/N), labelled.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tradewinds.accounting.balance import goods_totals
from tradewinds.errors import DataValidationError
from tradewinds.io.codes import WORLD


def hhi(shares: pd.Series | np.ndarray, *, normalised: bool = False) -> float:
    """Herfindahl–Hirschman index of shares (rescaled to sum to one)."""
    s = np.asarray(shares, dtype=float)
    s = s[s > 0]
    if s.size == 0:
        return float("nan")
    s = s / s.sum()
    h = float(np.sum(s**2))
    if normalised:
        n = s.size
        return (h - 1.0 / n) / (1.0 - 1.0 / n) if n > 1 else 1.0
    return h


def _bilateral_totals(flows: pd.DataFrame) -> pd.DataFrame:
    tot = goods_totals(flows)
    return tot[(tot["exporter"] != WORLD) & (tot["importer"] != WORLD)]


def partner_shares(
    flows: pd.DataFrame, country: str, *, direction: str = "exports", top: int | None = None
) -> pd.DataFrame:
    """Each partner's share of ``country``'s exports or imports, per period.

    Columns: period, country, partner, direction, value_usd, share, rank. The frame's
    ``attrs`` carry ``hhi`` and ``hhi_normalised`` per period.
    """
    if direction not in {"exports", "imports"}:
        raise DataValidationError(
            f"direction {direction!r} is not exports or imports",
            column="direction",
            fix="use exports or imports",
        )
    own, other = ("exporter", "importer") if direction == "exports" else ("importer", "exporter")
    t = _bilateral_totals(flows)
    t = t[(t[own] == country) & (t[other] != country)]
    if t.empty:
        raise DataValidationError(
            f"no {direction} of {country} in this dataset",
            fix="check the country code and the dataset",
        )
    g = t.groupby(["period", other])["value_usd"].sum().reset_index()
    g = g.rename(columns={other: "partner"})
    g["share"] = g["value_usd"] / g.groupby("period")["value_usd"].transform("sum")
    g["rank"] = g.groupby("period")["value_usd"].rank(ascending=False, method="first").astype(int)
    g.insert(1, "country", country)
    g.insert(3, "direction", direction)
    g = g.sort_values(["period", "rank"]).reset_index(drop=True)
    g.attrs["hhi"] = {p: hhi(x["share"]) for p, x in g.groupby("period")}
    g.attrs["hhi_normalised"] = {
        p: hhi(x["share"], normalised=True) for p, x in g.groupby("period")
    }
    if top is not None:
        g = g[g["rank"] <= top].reset_index(drop=True)
    return g


def dependence(flows: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    """How much each side depends on the other, per period: B's share of A's exports
    and imports, and A's share of B's. Columns: period, country, partner,
    export_share, import_share, exports_usd, imports_usd, total_exports_usd,
    total_imports_usd."""
    t = _bilateral_totals(flows)
    rows = []
    for c, p in ((a, b), (b, a)):
        for period, g in t.groupby("period"):
            x_all = g.loc[(g["exporter"] == c) & (g["importer"] != c), "value_usd"].sum()
            m_all = g.loc[(g["importer"] == c) & (g["exporter"] != c), "value_usd"].sum()
            x = g.loc[(g["exporter"] == c) & (g["importer"] == p), "value_usd"].sum()
            m = g.loc[(g["importer"] == c) & (g["exporter"] == p), "value_usd"].sum()
            rows.append(
                {
                    "period": period,
                    "country": c,
                    "partner": p,
                    "export_share": x / x_all if x_all else np.nan,
                    "import_share": m / m_all if m_all else np.nan,
                    "exports_usd": x,
                    "imports_usd": m,
                    "total_exports_usd": x_all,
                    "total_imports_usd": m_all,
                }
            )
    return pd.DataFrame(rows).sort_values(["period", "country"]).reset_index(drop=True)


def product_dependence(
    flows: pd.DataFrame, importer: str, partner: str, product: str
) -> pd.DataFrame:
    """d_ijk: ``partner``'s share of ``importer``'s imports of products starting with
    ``product`` (e.g. Russia's share of India's crude, '2709'), by value and, where all
    rows share one unit, by volume. Columns: period, importer, partner, product,
    value_usd, world_value_usd, share_value, share_volume."""
    f = flows[
        (flows["importer"] == importer)
        & flows["product"].str.startswith(product)
        & (flows["exporter"] != WORLD)
    ]
    if f.empty:
        raise DataValidationError(
            f"no imports of {importer} in HS {product} in this dataset (product dependence "
            "needs the importer's imports by product from all partners)",
            fix="ingest a product-level dataset such as BACI or Comtrade imports",
        )
    rows = []
    for period, g in f.groupby("period"):
        world = g["value_usd"].sum()
        mine = g.loc[g["exporter"] == partner]
        units = set(g["unit"].dropna())
        vol = (
            mine["quantity"].sum() / g["quantity"].sum()
            if len(units) == 1 and g["quantity"].notna().all() and g["quantity"].sum() > 0
            else np.nan
        )
        rows.append(
            {
                "period": period,
                "importer": importer,
                "partner": partner,
                "product": product,
                "value_usd": mine["value_usd"].sum(),
                "world_value_usd": world,
                "share_value": mine["value_usd"].sum() / world if world else np.nan,
                "share_volume": vol,
            }
        )
    return pd.DataFrame(rows)
