"""The report of a bilateral relationship (`tradewinds report relationship A B`)."""

from __future__ import annotations

from pathlib import Path

import plotly.graph_objects as go

from tradewinds.formatting import possessive
from tradewinds.io.codes import country_label
from tradewinds.reports import figures
from tradewinds.reports.html import figure_html, render_report, table_html
from tradewinds.services.bilateral import Relationship

MONEY_LABELS = {
    "exports_usd": "exports (US$ bn)",
    "imports_usd": "imports (US$ bn)",
    "total_usd": "total (US$ bn)",
    "balance_usd": "balance (US$ bn)",
    "growth_pct": "growth of total, %",
    "export_share": "partner's share of exports",
    "import_share": "partner's share of imports",
}


def relationship_figures(
    rel: Relationship, *, shapes_url: str | None = None
) -> dict[str, go.Figure]:
    """The figures of a relationship (shared by the report and the dashboard)."""
    a, b = rel.a, rel.b
    na, nb = country_label(a), country_label(b)
    ex = rel.export_partners.frame
    last = ex[ex["period"] == ex["period"].max()].copy()
    last["share_pct"] = 100 * last["share"]
    last["name"] = [country_label(c) for c in last["partner"]]
    year = str(last["period"].iloc[0]) if len(last) else ""
    figs: dict[str, go.Figure] = {
        "map": figures.map_figure(
            last,
            value="share_pct",
            iso="partner",
            title=f"Where {possessive(country_label(a))} exports go, {year}: "
            "share of each market, %",
            label="%",
            diverging=False,
            shapes_url=shapes_url,
        ),
        "balance": figures.balance_figure(
            rel.balance.frame, title=f"{na} with {nb}: exports, imports and balance (US$ bn)"
        ),
        "partners": figures.partner_figure(
            ex[ex["rank"] <= 12],
            title=f"{possessive(na, start=True)} largest export markets, share, {year}",
        ),
    }
    if rel.series is not None:
        figs["series"] = figures.balance_figure(
            rel.series.frame.assign(
                exports_usd=rel.series.frame["exports_usd"].fillna(0.0),
                imports_usd=rel.series.frame["imports_usd"].fillna(0.0),
            ),
            title=f"{na} with {nb} by period ({rel.series.vintage})",
        )
    if rel.chapters_ab is not None and rel.chapters_ab.frame["period"].nunique() > 1:
        figs["composition_trend"] = figures.composition_trend_figure(
            rel.chapters_ab.frame, title=f"{na} → {nb} by HS chapter over time (US$ bn)"
        )
    if rel.composition_ab is not None:
        figs["composition_ab"] = figures.composition_figure(
            rel.composition_ab.frame, title=f"{na} → {nb}, top HS chapters"
        )
    if rel.composition_ba is not None:
        figs["composition_ba"] = figures.composition_figure(
            rel.composition_ba.frame, title=f"{nb} → {na}, top HS chapters"
        )
    return figs


def write_relationship_report(rel: Relationship, path: Path) -> Path:
    figs = relationship_figures(rel)
    html = [figure_html(f, first=i == 0) for i, f in enumerate(figs.values())]
    bal = rel.balance.frame
    cols = [c for c in ("period", "exports_usd", "imports_usd", "total_usd", "balance_usd",
                        "growth_pct") if c in bal]  # fmt: skip
    tables = [
        (
            "Balance",
            table_html(
                bal[cols],
                money=("exports_usd", "imports_usd", "total_usd", "balance_usd"),
                rename=MONEY_LABELS,
            ),
        ),
        (
            "Who depends on whom",
            table_html(
                rel.dependence.frame[
                    [
                        "country",
                        "partner",
                        "export_share",
                        "import_share",
                        "exports_usd",
                        "imports_usd",
                    ]
                ],
                money=("exports_usd", "imports_usd"),
                pct=("export_share", "import_share"),
                rename=MONEY_LABELS,
            ),
        ),
    ]
    if rel.groups_ab is not None:
        g = rel.groups_ab.frame
        g = g[g["period"] == g["period"].max()]
        tables.append(
            (
                f"{country_label(rel.a)} → {country_label(rel.b)} by product group "
                f"({g['period'].iloc[0]})",
                table_html(
                    g[["label", "value_usd", "share"]],
                    money=("value_usd",),
                    pct=("share",),
                    unit="mn",
                    rename={"value_usd": "exports (US$ mn)"},
                ),
            )
        )
    notes = list(
        dict.fromkeys(
            [
                *rel.balance.notes,
                *rel.export_partners.notes,
                *(rel.groups_ab.notes if rel.groups_ab else ()),
                *rel.notes,
            ]
        )
    )
    prov = [rel.balance.provenance]
    if rel.series is not None:
        prov.append(rel.series.provenance)
    return render_report(
        "relationship.html",
        path,
        title=f"{country_label(rel.a)} and {country_label(rel.b)}: the trade relationship",
        figures=html,
        tables=tables,
        notes=notes,
        coverage=rel.balance.coverage,
        provenance=prov,
    )
