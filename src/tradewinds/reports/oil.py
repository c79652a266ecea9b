"""The oil section of the case report (and the dashboard): the trade-off table with its
bands, the Russian discount by fiscal year, where Russia's crude went, and the sanctions
in force. It calls services only and draws what they return (no numbers of its own).

The lead wires :func:`oil_section` into the case report and the dashboard; the section
is self-contained (tables, figures, notes, provenance)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from tradewinds import services
from tradewinds.formatting import name_in_text, possessive
from tradewinds.io.codes import country_label
from tradewinds.io.store import TradeStore
from tradewinds.reports.figures import hbar_figure, style_layout, value_text, wrap_label
from tradewinds.reports.html import figure_html, table_html

#: the crude scenario whose tables the section shows
CRUDE_SCENARIO = "india-halts-russian-crude-2025"

_LAYOUT: dict[str, Any] = {
    "template": "plotly_white",
    "margin": {"l": 60, "r": 20, "t": 60, "b": 50},
    "font": {"family": "DejaVu Sans, Arial, sans-serif", "size": 13},
}


@dataclass(frozen=True)
class OilSection:
    """What a report or a dashboard page shows of the oil story."""

    title: str
    as_of: date
    tables: dict[str, pd.DataFrame]
    figures: dict[str, go.Figure]
    notes: tuple[str, ...] = ()
    provenance: dict[str, str] = field(default_factory=dict)


def oil_section(
    country: str = "IND",
    as_of: str | date = "2025-08-27",
    *,
    supplier: str = "RUS",
    store: TradeStore | None = None,
) -> OilSection:
    """The oil section for ``country`` on ``as_of``: tables ``tradeoff``,
    ``discount_by_year``, ``discount_methods``, ``rerouting``, ``sanctions``; figures
    ``tradeoff``, ``discount_by_year``, ``rerouting``."""
    t = services.oil_tradeoff_table(country, as_of, supplier=supplier, store=store)
    on = date.fromisoformat(str(t.frame["as_of"].iloc[0]))
    crude = services.run_scenario(CRUDE_SCENARIO, store=store)
    sanc = services.sanctions_in_force(on)
    return oil_section_of(t, crude, sanc, country=country, supplier=supplier)


def oil_section_of(t: Any, crude: Any, sanc: Any, *, country: str, supplier: str) -> OilSection:
    """The section from what the services computed: the trade-off table ``t``, the crude
    scenario's result ``crude`` and the sanctions in force ``sanc``."""
    on = date.fromisoformat(str(t.frame["as_of"].iloc[0]))
    tables = {
        "tradeoff": t.frame,
        "discount_by_year": crude.tables["crude_discount_by_year"],
        "discount_methods": crude.tables["crude_discount_methods"],
        "sanctions": sanc.frame,
    }
    figs = {
        "tradeoff": tradeoff_figure(
            t.frame, title=f"The oil trade-off on {on}: US$ bn a year, with bands"
        ),
        "discount_by_year": discount_figure(
            crude.tables["crude_discount_by_year"],
            title=f"Crude from {name_in_text(country_label(supplier))} into "
            f"{name_in_text(country_label(country))}: discount to other sources, US$/t",
        ),
    }
    if "crude_rerouting" in crude.tables:
        tables["rerouting"] = crude.tables["crude_rerouting"]
        figs["rerouting"] = rerouting_figure(
            crude.tables["crude_rerouting"],
            title=f"Where {possessive(country_label(supplier))} crude went (shares) and where "
            f"{possessive(country_label(country))} cut would go",
        )
    prov = {
        "tradeoff": f"{t.source} | {t.coverage}",
        "crude_scenario": f"{CRUDE_SCENARIO} ({crude.provenance.get('scenario_hash', '')})",
        "sanctions": f"{sanc.source}; {sanc.vintage}",
    }
    return OilSection(
        title=f"Oil: the discount {name_in_text(country_label(country))} keeps on crude from "
        f"{name_in_text(country_label(supplier))} and the duty it paid",
        as_of=on,
        tables=tables,
        figures=figs,
        notes=(*t.notes, *crude.notes, *sanc.notes),
        provenance=prov,
    )


def tradeoff_figure(frame: pd.DataFrame, *, title: str) -> go.Figure:
    """The trade-off rows as bars with their values and bands (US$ bn a year)."""
    f = frame.iloc[::-1]
    v = f["value_usd"] / 1e9
    fig = hbar_figure(
        f["item"], v, title=title, unit="bn", axis_title="US$ bn a year", label_lines=4
    )
    fig.update_traces(
        insidetextanchor="start",  # values at the bars' base, clear of the bands' whiskers
        marker={"color": ["#c0392b" if x < 0 else "#1f4e79" for x in v]},
        error_x={
            "type": "data",
            "symmetric": False,
            "array": (f["high_usd"] - f["value_usd"]) / 1e9,
            "arrayminus": (f["value_usd"] - f["low_usd"]) / 1e9,
            "color": "rgba(60, 60, 60, 0.45)",  # light: the value under it stays legible
            "thickness": 1.2,
        },
    )
    lo = float(min(0.0, (f["low_usd"] / 1e9).min()))
    hi = float(max(0.0, (f["high_usd"] / 1e9).max()))
    span = (hi - lo) or 1.0
    fig.update_xaxes(range=[lo - 0.3 * span * (lo < 0), hi + 0.3 * span * (hi > 0)])
    return fig


def discount_figure(frame: pd.DataFrame, *, title: str) -> go.Figure:
    """The measured discount by fiscal year with its band across methods; provisional
    years drawn hollow."""
    f = frame.sort_values("period")
    fig = go.Figure()
    fig.add_scatter(
        x=f["period"],
        y=f["discount_usd_per_t"],
        mode="lines+markers",
        name="discount (all other sources, volume-weighted)",
        marker={
            "size": 10,
            "symbol": ["circle-open" if p else "circle" for p in f["provisional"]],
        },
        error_y={
            "type": "data",
            "symmetric": False,
            "array": (f["discount_high_usd_per_t"] - f["discount_usd_per_t"]).clip(lower=0),
            "arrayminus": (f["discount_usd_per_t"] - f["discount_low_usd_per_t"]).clip(lower=0),
        },
    )
    style_layout(
        fig, title=title + " (hollow: provisional)", yaxis_title="US$ per tonne", **_LAYOUT
    )
    return fig


# the counterfactual's volumes that no buyer takes in the model
_AREA = {"displaced": "no buyer in the model (displaced)"}


def rerouting_figure(frame: pd.DataFrame, *, title: str) -> go.Figure:
    """Shares by destination area for each year of the data and the counterfactual,
    each bar with its value."""
    cols = [c for c in frame.columns if c not in ("ei_area", "scenario_tonnes")]
    top = frame.head(8).iloc[::-1]
    fig = go.Figure()
    for c in cols:
        share = 100 * top[c].astype(float)
        fig.add_bar(
            y=[wrap_label(_AREA.get(str(a), str(a))) for a in top["ei_area"]],
            x=share,
            orientation="h",
            name="scenario" if c == "scenario" else str(c),
            text=value_text(share, "share%"),
            textposition="outside",
            cliponaxis=False,
        )
    hi = float(100 * frame[cols].astype(float).max().max()) if cols else 100.0
    style_layout(
        fig,
        title=title,
        barmode="group",
        xaxis={"title": "% of the year's crude exports", "range": [0, hi * 1.25]},
        yaxis={"automargin": True},
        height=min(1100, 140 + 26 * len(top) * max(1, len(cols))),
        **_LAYOUT,
    )
    return fig


__all__ = [
    "CRUDE_SCENARIO",
    "OilSection",
    "discount_figure",
    "oil_section",
    "rerouting_figure",
    "tradeoff_figure",
]


_DISCOUNT = {
    "period": "fiscal year",
    "provisional": "provisional",
    "target_tonnes": "tonnes",
    "target_unit_value_usd_per_t": "its unit value (US$/t)",
    "benchmark_unit_value_usd_per_t": "other sources (US$/t)",
    "discount_usd_per_t": "discount (US$/t)",
    "discount_low_usd_per_t": "band low (US$/t)",
    "discount_high_usd_per_t": "band high (US$/t)",
    "discount_usd_per_bbl": "discount (US$/bbl)",
    "discount_value_usd": "discount × tonnes (US$ bn)",
}
_SANCTIONS = {
    "imposer": "by",
    "kind": "kind",
    "measure": "measure",
    "target": "on",
    "products": "HS",
    "from": "from",
    "to": "to",
    "citation": "legal instrument",
}


def oil_html(oil: OilSection) -> dict[str, Any]:
    """The section's HTML pieces (the case report's section 8, the dashboard's page)."""
    money = ("value_usd", "low_usd", "high_usd")
    trade = oil.tables["tradeoff"]
    return {
        "title": oil.title,
        "tradeoff_table": table_html(
            trade.drop(columns=["as_of", "unit"], errors="ignore"),
            money=tuple(c for c in money if c in trade),
            rename={
                "value_usd": "US$ bn a year",
                "low_usd": "low (US$ bn)",
                "high_usd": "high (US$ bn)",
                "basis": "how it is measured",
            },
            wrap=True,
        ),
        "discount_table": table_html(
            oil.tables["discount_by_year"][[*_DISCOUNT]],
            money=("discount_value_usd",),
            rename=_DISCOUNT,
            wrap=True,
        ),
        "sanctions_table": table_html(
            oil.tables["sanctions"][[c for c in _SANCTIONS if c in oil.tables["sanctions"]]],
            rename=_SANCTIONS,
            ends=("to",),
            wrap=True,
        ),
        "charts": [figure_html(f, first=False) for f in oil.figures.values()],
        "notes": list(dict.fromkeys(oil.notes)),
    }
