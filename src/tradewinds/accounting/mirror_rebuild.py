"""A non-reporting country's trade rebuilt from its partners' reports (mirror statistics).

Russia stopped publishing customs data by partner in 2022. Its exports to partner j are
then j's reported imports from Russia (valued CIF at j's border), and its imports from j
are j's reported exports to Russia (FOB). Every row this module returns says so: ``basis``
is ``"mirror"``, ``reported_by`` names the partner, ``valuation`` says CIF or FOB.

An optional CIF/FOB ratio turns the partners' CIF import values into estimated FOB
exports of the rebuilt country (``value_usd_fob_est``); the ratio is a stated
parameter (typically 1.03–1.10 for goods, more for crude on long voyages), never
assumed.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from tradewinds.errors import DataValidationError

_NEED = ("period", "exporter", "importer", "product", "value_usd", "flow_reporter")


def rebuild_from_partners(
    flows: pd.DataFrame,
    country: str,
    *,
    partners: Sequence[str] | None = None,
    cif_fob_ratio: float | None = None,
) -> pd.DataFrame:
    """``country``'s exports and imports by partner, period and product, as its partners
    report them.

    ``flows``: tidy flows (``tradewinds.io.schema.FLOW_COLUMNS``: period, exporter,
    importer, product, value_usd, flow_reporter; quantity, unit, source, vintage and the
    period columns are carried when present). Rows reported by ``country`` itself are
    ignored. Returns: period (and freq/year/month when present), direction
    (``exports``/``imports`` of ``country``), country, partner, exporter, importer,
    product, value_usd, quantity, unit, reported_by, valuation, basis (``mirror``),
    value_usd_fob_est (exports only, with ``cif_fob_ratio``), source, vintage.
    """
    missing = [c for c in _NEED if c not in flows.columns]
    if missing:
        raise DataValidationError(
            f"the flows lack columns {missing}",
            column=missing[0],
            fix="pass tidy flows with period, exporter, importer, product, value_usd, "
            "flow_reporter",
        )
    if cif_fob_ratio is not None and not cif_fob_ratio >= 1.0:
        raise DataValidationError(
            f"cif_fob_ratio {cif_fob_ratio} is below 1 (CIF includes freight and insurance)",
            column="cif_fob_ratio",
            fix="use e.g. 1.05, or None to keep CIF values",
        )
    f = flows[flows["flow_reporter"] != country]
    exp = f[(f["exporter"] == country) & (f["flow_reporter"] == f["importer"])].copy()
    imp = f[(f["importer"] == country) & (f["flow_reporter"] == f["exporter"])].copy()
    exp["direction"], exp["partner"], exp["valuation"] = "exports", exp["importer"], "CIF"
    imp["direction"], imp["partner"], imp["valuation"] = "imports", imp["exporter"], "FOB"
    out = pd.concat([exp, imp], ignore_index=True)
    if partners is not None:
        out = out[out["partner"].isin(list(partners))]
    out["country"] = country
    out["reported_by"] = out["flow_reporter"]
    out["basis"] = "mirror"
    out["value_usd_fob_est"] = (
        (out["value_usd"] / cif_fob_ratio).where(out["direction"] == "exports")
        if cif_fob_ratio is not None
        else pd.Series(float("nan"), index=out.index)
    )
    for c in ("quantity", "unit", "source", "vintage"):
        if c not in out:
            out[c] = None
    period_cols = [c for c in ("period", "freq", "year", "month") if c in out]
    cols = [
        *period_cols,
        "direction",
        "country",
        "partner",
        "exporter",
        "importer",
        "product",
        "value_usd",
        "quantity",
        "unit",
        "reported_by",
        "valuation",
        "basis",
        "value_usd_fob_est",
        "source",
        "vintage",
    ]
    return out[cols].sort_values([*period_cols[:1], "direction", "partner"]).reset_index(drop=True)


def mirror_totals(rebuilt: pd.DataFrame) -> pd.DataFrame:
    """Totals of a rebuilt country's trade by period and direction over the partners that
    report, with how many partners entered (a lower bound: partners that do not report
    are missing). Columns: period, direction, value_usd, partners, basis."""
    g = rebuilt.groupby(["period", "direction"])
    out = g.agg(value_usd=("value_usd", "sum"), partners=("partner", "nunique")).reset_index()
    out["basis"] = "mirror (sum over reporting partners)"
    return out


def mirror_by_partner(rebuilt: pd.DataFrame, *, product: str | None = None) -> pd.DataFrame:
    """A rebuilt country's trade by period, direction and partner as each partner reports
    it, split into ``product`` (e.g. ``"2709"``, crude) and the partner's other lines.

    Columns: period, country, direction, partner, reported_by, valuation, scope
    (``product`` or ``"other lines"``), lines (distinct product codes), value_usd,
    basis, source."""
    if rebuilt.empty:
        cols = ["period", "country", "direction", "partner", "reported_by", "valuation"]
        return pd.DataFrame(columns=[*cols, "scope", "lines", "value_usd", "basis", "source"])
    scope = (
        rebuilt["product"].where(rebuilt["product"] == product, "other lines")
        if product is not None
        else pd.Series("all lines", index=rebuilt.index)
    )
    keys = ["period", "country", "direction", "partner", "reported_by", "valuation", "scope"]
    g = (
        rebuilt.assign(scope=scope, source=rebuilt["source"].fillna(""))
        .groupby([*keys, "source"], dropna=False)
        .agg(lines=("product", "nunique"), value_usd=("value_usd", "sum"))
        .reset_index()
    )
    g["basis"] = "mirror (as the partner reports it)"
    return g[[*keys, "lines", "value_usd", "basis", "source"]].sort_values(keys, ignore_index=True)
