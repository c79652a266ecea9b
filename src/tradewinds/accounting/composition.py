"""Composition of a bilateral flow by HS section, chapter, heading or product group."""

from __future__ import annotations

import pandas as pd

from tradewinds.errors import DataValidationError
from tradewinds.io.codes import ProductGroup, hs_nomenclature, load_product_groups
from tradewinds.io.schema import TOTAL

LEVELS = ("section", "chapter", "heading", "subheading", "group")


def composition(
    flows: pd.DataFrame,
    exporter: str,
    importer: str,
    *,
    by: str = "chapter",
    groups: dict[str, ProductGroup] | None = None,
) -> pd.DataFrame:
    """Value and share of each section/chapter/heading/group in exporter→importer flows.

    Columns: period, code, label, value_usd, share (of all goods in the data). Product
    groups may overlap (crude ⊂ energy), so their shares need not sum to one; the
    HS levels partition the flow and their shares do.
    """
    if by not in LEVELS:
        raise DataValidationError(
            f"composition by {by!r} is not one of {', '.join(LEVELS)}",
            column="by",
            fix="use --by chapter",
        )
    f = flows[
        (flows["exporter"] == exporter)
        & (flows["importer"] == importer)
        & (flows["product"] != TOTAL)
    ]
    if f.empty:
        raise DataValidationError(
            f"no product-level flows from {exporter} to {importer} in this dataset",
            fix="use a dataset with HS codes (e.g. india-eidb, or an ingested BACI file)",
        )
    lens = f["product"].str.len()
    f = f[lens == lens.max()]  # the most detailed level only (no double counting)
    totals = f.groupby("period")["value_usd"].sum()
    hs = hs_nomenclature()
    if by == "group":
        groups = groups if groups is not None else load_product_groups()
        rows = []
        for g in groups.values():
            m = f["product"].str.startswith(g.prefixes)
            s = f[m].groupby("period")["value_usd"].sum()
            for period, _total in totals.items():
                rows.append(
                    {
                        "period": period,
                        "code": g.name,
                        "label": g.label,
                        "value_usd": float(s.get(period, 0.0)),
                    }
                )
        out = pd.DataFrame(rows)
    else:
        n = {"section": 2, "chapter": 2, "heading": 4, "subheading": 6}[by]
        key = f["product"].str[:n]
        if by == "section":
            sec = hs.section_of_chapter()
            key = key.map(sec).fillna("?")
        out = f.assign(code=key).groupby(["period", "code"])["value_usd"].sum().reset_index()
        if by == "section":
            names = dict(zip(hs.sections["section"], hs.sections["name"], strict=True))
        else:
            t = hs.table
            names = dict(zip(t["hscode"], t["description"], strict=True))
        out["label"] = out["code"].map(names).fillna("(not in HS 2022)")
    out["share"] = out["value_usd"] / out["period"].map(totals)
    return (
        out[["period", "code", "label", "value_usd", "share"]]
        .sort_values(["period", "value_usd"], ascending=[True, False])
        .reset_index(drop=True)
    )


def top_and_other(frame: pd.DataFrame, top: int = 8) -> pd.DataFrame:
    """Per period, the ``top`` components of the latest period and the rest summed as
    "other": ``period, part, value_usd`` (for non-overlapping codes: chapters, sections).
    The parts add up to each period's total."""
    last = frame[frame["period"] == frame["period"].max()].nlargest(top, "value_usd")
    label = {c: f"{c} {str(lbl)[:28]}" for c, lbl in zip(last["code"], last["label"], strict=True)}
    order = [*label.values(), "other"]
    f = frame.assign(part=frame["code"].map(label).fillna("other"))
    out = pd.DataFrame(f.groupby(["period", "part"], as_index=False)["value_usd"].sum())
    out["part"] = pd.Categorical(out["part"], categories=order, ordered=True)
    return out.sort_values(["period", "part"]).reset_index(drop=True)
