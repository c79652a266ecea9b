"""Plotly figures. They draw service results; they never compute numbers."""

from __future__ import annotations

import functools
import gzip
import json
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from tradewinds.errors import MissingDependencyError

_LAYOUT = {
    "template": "plotly_white",
    "margin": {"l": 60, "r": 20, "t": 60, "b": 50},
    "font": {"family": "DejaVu Sans, Arial, sans-serif", "size": 13},
}


def balance_figure(
    frame: pd.DataFrame, *, title: str, published: pd.DataFrame | None = None
) -> go.Figure:
    """Exports, imports (bars) and balance (line) per period, US$ bn."""
    f = frame.sort_values("period")
    fig = go.Figure()
    fig.add_bar(x=f["period"], y=f["exports_usd"] / 1e9, name="exports")
    fig.add_bar(x=f["period"], y=f["imports_usd"] / 1e9, name="imports")
    fig.add_scatter(x=f["period"], y=f["balance_usd"] / 1e9, name="balance", mode="lines+markers")
    if published is not None and not published.empty:
        p = published[published["metric"] == "balance"]
        fig.add_scatter(
            x=p["period"],
            y=p["value"],
            name="balance (published)",
            mode="markers",
            marker={"symbol": "diamond", "size": 11},
        )
    fig.update_layout(title=title, yaxis_title="US$ bn", barmode="group", **_LAYOUT)
    return fig


def composition_figure(frame: pd.DataFrame, *, title: str, top: int = 12) -> go.Figure:
    """Horizontal bars of the largest components of the latest period."""
    last = frame[frame["period"] == frame["period"].max()].nlargest(top, "value_usd")
    last = last.iloc[::-1]
    labels = [f"{c} {str(lbl)[:40]}" for c, lbl in zip(last["code"], last["label"], strict=True)]
    fig = go.Figure(
        go.Bar(
            x=last["value_usd"] / 1e6,
            y=labels,
            orientation="h",
            text=[f"{s:.1%}" for s in last["share"]],
            textposition="outside",
        )
    )
    fig.update_layout(
        title=f"{title} ({frame['period'].max()})",
        xaxis_title="US$ mn",
        height=max(350, 32 * len(last) + 120),
        **_LAYOUT,
    )
    return fig


def composition_trend_figure(frame: pd.DataFrame, *, title: str) -> go.Figure:
    """Stacked bars per period from :func:`tradewinds.accounting.top_and_other`, US$ bn."""
    fig = go.Figure()
    for part, g in frame.groupby("part", observed=True, sort=True):
        fig.add_bar(x=g["period"], y=g["value_usd"] / 1e9, name=str(part))
    fig.update_layout(title=title, barmode="stack", yaxis_title="US$ bn", **_LAYOUT)
    return fig


def partner_figure(frame: pd.DataFrame, *, title: str) -> go.Figure:
    last = frame[frame["period"] == frame["period"].max()].sort_values("share")
    fig = go.Figure(go.Bar(x=100 * last["share"], y=last["partner"], orientation="h"))
    fig.update_layout(
        title=title, xaxis_title="share, %", height=max(350, 28 * len(last) + 120), **_LAYOUT
    )
    return fig


def exposure_figure(frame: pd.DataFrame, *, title: str) -> go.Figure:
    """Trade value by tariff band (or chapter/group), US$ bn."""
    key = next(c for c in ("band", "chapter", "label") if c in frame)
    fig = go.Figure(
        go.Bar(
            x=frame[key],
            y=frame["value_usd"] / 1e9,
            text=[f"{s:.0%}" for s in frame["share"]],
            textposition="outside",
        )
    )
    fig.update_layout(title=title, yaxis_title="US$ bn", **_LAYOUT)
    return fig


def series_figure(
    frame: pd.DataFrame, *, x: str, y: str, color: str, title: str, y_title: str, scale: float = 1e9
) -> go.Figure:
    fig = go.Figure()
    for key, g in frame.groupby(color):
        g = g.sort_values(x)
        fig.add_scatter(x=g[x], y=g[y] / scale, name=str(key), mode="lines+markers")
    fig.update_layout(title=title, yaxis_title=y_title, **_LAYOUT)
    return fig


def write_figure(fig: go.Figure, path: Path) -> Path:
    """Save as offline HTML (plotly.js embedded) or PNG (needs kaleido + Chromium)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in {".html", ".htm"}:
        from tradewinds.reports.html import figure_html

        body = figure_html(fig, first=True)
        path.write_text(
            f'<!doctype html>\n<html><head><meta charset="utf-8"></head><body>{body}</body></html>',
            encoding="utf-8",
        )
        return path
    if suffix in {".png", ".svg", ".pdf"}:
        try:
            import kaleido  # noqa: F401
        except ImportError:
            raise MissingDependencyError("kaleido", "png", "Saving charts as images") from None
        fig.write_image(path)
        return path
    from tradewinds.errors import DataValidationError

    raise DataValidationError(
        f"chart format {suffix or '(none)'} is not supported",
        file=str(path),
        fix="end the file name in .html or .png",
    )


def band_figure(
    frame: pd.DataFrame, *, title: str, lo: str, hi: str, label: str = "iso3", top: int = 25
) -> go.Figure:
    """Point estimates with their Monte Carlo bands (a horizontal fan per row)."""
    f = frame.reindex(frame["point"].abs().sort_values(ascending=False).index).head(top)
    f = f.iloc[::-1]
    fig = go.Figure()
    fig.add_scatter(
        x=f["point"],
        y=f[label],
        mode="markers",
        name="point estimate",
        marker={"size": 9, "color": "#1f4e79"},
        error_x={
            "type": "data",
            "symmetric": False,
            "array": (f[hi] - f["point"]).clip(lower=0),
            "arrayminus": (f["point"] - f[lo]).clip(lower=0),
            "color": "#7fa7cf",
            "thickness": 6,
            "width": 0,
        },
    )
    if "median" in f:
        fig.add_scatter(
            x=f["median"],
            y=f[label],
            mode="markers",
            name="median of draws",
            marker={"symbol": "line-ns-open", "size": 14, "color": "#c0392b"},
        )
    fig.update_layout(
        title=f"{title} ({lo}–{hi} band)",
        height=max(380, 24 * len(f) + 140),
        xaxis_title="%",
        **_LAYOUT,
    )
    return fig


def sweep_figure(
    frame: pd.DataFrame, *, x: str, columns: dict[str, str], title: str, x_title: str
) -> go.Figure:
    """One line per column against the swept value."""
    fig = go.Figure()
    for col, name in columns.items():
        fig.add_scatter(x=frame[x], y=frame[col], mode="lines+markers", name=name)
    fig.update_layout(title=title, xaxis_title=x_title, yaxis_title="%", **_LAYOUT)
    return fig


@functools.cache
def world_shapes() -> dict[str, Any]:
    """The shipped Natural Earth 1:50m country shapes, keyed by ISO3 (see PROVENANCE)."""
    from tradewinds.io.embedded import data_path

    with gzip.open(data_path("shapes", "countries-50m.geojson.gz"), "rt", encoding="utf-8") as fh:
        shapes: dict[str, Any] = json.load(fh)
    return shapes


# plotly.js draws `go.Choropleth` on the shipped GeoJSON with d3 (SVG, prints to PDF), but
# first asks a CDN for its own base-map topology. An empty topology registered under that
# name stops the request; with ``geo.visible = False`` nothing of it is drawn. (The tile
# map `go.Choroplethmap` needs WebGL and a blob worker that Chromium refuses to pages opened
# from file://, so an emailed report would show an empty map.)
OFFLINE_GEO_JS = (
    "<script>window.PlotlyGeoAssets = window.PlotlyGeoAssets || {topojson: {}};"
    'window.PlotlyGeoAssets.topojson.world_110m = {"type": "Topology", "objects": {}, '
    '"arcs": []};</script>'
)


def map_figure(
    frame: pd.DataFrame,
    *,
    value: str,
    title: str,
    label: str = "%",
    iso: str = "iso3",
    name: str | None = "name",
    diverging: bool = True,
    shapes_url: str | None = None,
) -> go.Figure:
    """A world map of ``value`` per country on the shipped Natural Earth shapes (offline;
    embed with :data:`OFFLINE_GEO_JS`, which :func:`tradewinds.reports.html.figure_html`
    does). Diverging colours centred on zero; countries without a value in grey.

    The shapes are embedded in the figure (a file that stands alone), or, with
    ``shapes_url``, read by the browser from that address (the dashboard serves them:
    the figure is then 1.4 MB lighter and builds in milliseconds)."""
    f = frame[frame[value].notna()]
    shapes = world_shapes()["features"]
    have = set(f[iso])
    text = f[name] if name and name in f else f[iso]
    v = f[value].astype(float)
    span = float(v.abs().quantile(0.95)) if len(v) else 1.0
    span = span or float(v.abs().max()) or 1.0
    rest = [s for s in shapes if s["id"] not in have]

    def geo(features: list[dict[str, Any]]) -> dict[str, Any] | str:
        return shapes_url or {"type": "FeatureCollection", "features": features}

    fig = go.Figure()
    if rest:
        fig.add_choropleth(
            geojson=geo(rest),
            locations=[s["id"] for s in rest],
            z=[0.0] * len(rest),
            featureidkey="id",
            colorscale=[[0, "#e3e6e8"], [1, "#e3e6e8"]],
            showscale=False,
            hoverinfo="skip",
            marker_line_width=0.3,
            marker_line_color="#aaa",
        )
    fig.add_choropleth(
        geojson=geo([s for s in shapes if s["id"] in have]),
        locations=f[iso],
        featureidkey="id",
        z=v,
        text=text,
        hovertemplate="%{text}: %{z:+.2f}" + label + "<extra></extra>",
        colorscale="RdBu" if diverging else "Blues",
        zmid=0.0 if diverging else None,
        zmin=-span if diverging else None,
        zmax=span if diverging else None,
        marker_line_width=0.3,
        marker_line_color="#777",
        colorbar={"title": {"text": label}},
    )
    fig.update_geos(
        visible=False,
        projection_type="natural earth",
        lataxis_range=[-58, 84],
        lonaxis_range=[-170, 190],
    )
    fig.update_layout(
        title=title,
        height=500,
        **{**_LAYOUT, "margin": {"l": 10, "r": 10, "t": 60, "b": 10}},
    )
    return fig


def sankey_figure(frame: pd.DataFrame, *, title: str) -> go.Figure:
    """Trade diversion: markets that lose (left) to markets that gain (right), US$ bn.

    ``frame`` has ``source``, ``target`` and ``value_usd`` (from
    :func:`tradewinds.accounting.diversion.trade_diversion`)."""
    nodes = list(dict.fromkeys([*frame["source"], *frame["target"]]))
    at = {n: i for i, n in enumerate(nodes)}
    fig = go.Figure(
        go.Sankey(
            node={"label": nodes, "pad": 14, "thickness": 16},
            link={
                "source": [at[s] for s in frame["source"]],
                "target": [at[t] for t in frame["target"]],
                "value": frame["value_usd"] / 1e9,
                "hovertemplate": "%{source.label} → %{target.label}: %{value:.2f} bn"
                "<extra></extra>",
            },
        )
    )
    fig.update_layout(title=title, height=max(380, 22 * len(nodes) + 120), **_LAYOUT)
    return fig
