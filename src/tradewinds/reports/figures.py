"""Plotly figures. They draw service results; they never compute numbers."""

from __future__ import annotations

import functools
import gzip
import json
import re
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from tradewinds.errors import MissingDependencyError

_LAYOUT = {
    "template": "plotly_white",
    "margin": {"l": 60, "r": 20, "t": 60, "b": 50},
    "font": {"family": "DejaVu Sans, Arial, sans-serif", "size": 13},
    "autosize": True,
}


def style_layout(fig: go.Figure, **layout: Any) -> go.Figure:
    """``fig.update_layout(**layout)`` with its ``template`` (a registered name) set as
    Plotly sets its default template: the registered object, not validated and
    deep-copied again (that took 8 of a simple figure's 9 ms, ~0.5 s of the case report).
    The figure's JSON is the same."""
    import plotly.io as pio

    name = layout.pop("template", None)
    fig.update_layout(**layout)
    if isinstance(name, str):
        lay = fig.layout
        lay._validate = False  # Plotly's own way (BaseFigure._initialize_layout_template)
        try:
            lay.template = pio.templates[name]
        finally:
            lay._validate = fig._validate
    elif name is not None:
        fig.update_layout(template=name)
    return fig


# a legend under the chart, in the figure's own margin (never over the axis labels)
_LEGEND_BELOW: dict[str, Any] = {
    "legend": {"orientation": "h", "yref": "container", "y": 0.0, "yanchor": "bottom"},
    "margin": {"l": 60, "r": 20, "t": 60, "b": 110},
}
# room the value text beside a bar takes, as a fraction of the axis span (bars end inside)
_TEXT_ROOM = 0.45
LABEL_WIDTH = 24  # characters per line of a category label before it wraps
LABEL_LINES = 2  # lines of a category label before it is abbreviated with "…"
MAX_HEIGHT = 660  # px: a chart fits on one printed A4 landscape page with its title


def wrap_label(text: str, width: int = LABEL_WIDTH, lines: int = LABEL_LINES) -> str:
    """A category label that fits: wrapped at word boundaries into at most ``lines`` lines
    of ``width`` characters (``<br>`` between), the last abbreviated with "…" (the rule,
    so a label is never cut mid-word by the chart and never runs into its neighbour)."""
    words, out, cur = str(text).split(), [], ""
    for w in words:
        if len(w) > width:
            w = w[: width - 1] + "…"
        if cur and len(cur) + 1 + len(w) > width:
            out.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}".strip()
    if cur:
        out.append(cur)
    if len(out) > lines:
        last = out[lines - 1]
        if len(last) + 1 > width and " " in last:
            last = last.rsplit(" ", 1)[0]  # drop the last word rather than cut it
        out = [*out[: lines - 1], last.rstrip(" ,;(") + "…"]
    return "<br>".join(out)


TITLE_WIDTH = 42  # characters per title line (15 px): fits a phone's 390 px screen


def _title(text: str, width: int = TITLE_WIDTH) -> dict[str, Any]:
    """A title that wraps (at most 4 lines) instead of running off a narrow chart."""
    return {"text": wrap_label(text, width, 4), "x": 0, "xref": "paper", "xanchor": "left",
            "y": 1.0, "yref": "paper", "yanchor": "bottom", "pad": {"b": 14},
            "font": {"size": 15}}  # fmt: skip


def print_ready(fig: go.Figure) -> tuple[go.Figure, str]:
    """A copy of ``fig`` without its title, and the title as plain text: a page sets the
    title as HTML above the chart, where it wraps to any screen and never runs into the
    plot (Plotly neither wraps titles nor sizes its margin for wrapped ones)."""
    fig = go.Figure(fig)
    text = str(fig.layout.title.text or "")
    plain = re.sub(r"\s*<br>\s*", " ", text).strip()
    fig.update_layout(title_text="", margin={"t": 24})
    return fig, plain


def value_text(values: Any, unit: str, digits: int | None = None) -> list[str]:
    """The number printed on each bar (values already in the axis unit: bn, mn or %)."""
    out = []
    for v in values:
        if v is None or pd.isna(v):
            out.append("")
        elif unit == "%":
            d = (1 if abs(v) >= 10 else 2) if digits is None else digits
            out.append(f"{v:+.{d}f}%")
        elif unit == "share%":
            out.append(f"{v:.1f}%")
        else:
            d = (1 if abs(v) >= 10 else 2) if digits is None else digits
            out.append(f"{v:,.{d}f}")
    return out


def _padded_range(values: Any) -> list[float]:
    """An axis range with room for the value text outside the bar ends on either side."""
    v = pd.Series(list(values), dtype=float).dropna()
    lo, hi = (
        min(0.0, float(v.min()) if len(v) else 0.0),
        max(0.0, float(v.max()) if len(v) else 1.0),
    )
    span = (hi - lo) or 1.0
    return [
        lo - (_TEXT_ROOM * span if lo < 0 else 0.0),
        hi + (_TEXT_ROOM * span if hi > 0 else 0.0),
    ]


def hbar_figure(
    labels: Any,
    values: Any,
    *,
    title: str,
    unit: str,
    axis_title: str,
    text: Any = None,
    label_lines: int = LABEL_LINES,
) -> go.Figure:
    """Horizontal bars, labels wrapped by rule (at most ``label_lines`` lines), each bar
    with its value outside its end, the axis widened so no text is clipped."""
    labels, values = list(labels), list(values)
    texts = list(text) if text is not None else value_text(values, unit)
    big = max((abs(float(v)) for v in values if v == v), default=0.0) or 1.0
    # the value inside a bar long enough to hold it even on a phone, else beyond its end
    where = [
        "inside" if abs(float(v)) >= big * min(0.9, 0.07 * len(t)) else "outside"
        for v, t in zip(values, texts, strict=True)
    ]
    fig = go.Figure(
        go.Bar(
            x=values,
            y=[wrap_label(lbl, lines=label_lines) for lbl in labels],
            orientation="h",
            text=texts,
            textposition=where,
            insidetextanchor="end",
            textangle=0,
            cliponaxis=False,
            hovertext=labels,
        )
    )
    lines = sum(max(1, wrap_label(lbl, lines=label_lines).count("<br>") + 1) for lbl in labels)
    style_layout(
        fig,
        title=_title(title),
        xaxis={"title": axis_title, "range": _padded_range(values)},
        yaxis={"automargin": True, "type": "category"},
        uniformtext={"minsize": 10, "mode": "show"},
        height=min(MAX_HEIGHT, max(320, 22 * lines + 8 * len(labels) + 140)),
        **_LAYOUT,
    )
    return fig


_FY = re.compile(r"FY\s?(\d{4})(?:-(\d{2,4}))?")
_YEAR = re.compile(r"(\d{4})(?:-(\d{2}))?")


def period_key(period: Any) -> tuple[int, int, str]:
    """A sort key that puts periods in time order: calendar 2023 (Jan) before FY2023-24
    (from April 2023); months 2024-05 in place; text it cannot read at the end."""
    s = str(period)
    m = _FY.search(s)
    if m:
        return (int(m.group(1)), 4, s)
    m = _YEAR.search(s)
    if m:
        return (int(m.group(1)), int(m.group(2) or 1), s)
    return (10_000, 0, s)


def _fill_years(periods: list[str]) -> list[str]:
    """The periods in time order with missing fiscal or calendar years put back, so a gap
    in the data shows as a gap on the axis (FY2021-22, [FY2022-23], FY2023-24)."""
    ordered = sorted(dict.fromkeys(periods), key=period_key)
    fy = [p for p in ordered if re.fullmatch(r"FY\d{4}-\d{2}", p)]
    cal = [p for p in ordered if re.fullmatch(r"\d{4}", p)]
    extra: list[str] = []
    if len(fy) >= 2:
        a, b = int(fy[0][2:6]), int(fy[-1][2:6])
        extra += [f"FY{y}-{(y + 1) % 100:02d}" for y in range(a, b + 1)]
    if len(cal) >= 2:
        extra += [str(y) for y in range(int(cal[0]), int(cal[-1]) + 1)]
    return sorted(dict.fromkeys([*ordered, *extra]), key=period_key)


def balance_figure(
    frame: pd.DataFrame, *, title: str, published: pd.DataFrame | None = None
) -> go.Figure:
    """Exports, imports (bars, each with its value) and balance (line) per period, US$ bn.

    Periods in time order with missing years shown as gaps; with a ``dataset`` column
    each dataset gets its own bars and its own balance line (a line never joins two
    sources)."""
    f = frame.copy()
    f["period"] = f["period"].astype(str)
    if "dataset" not in f:
        # "2023 (BACI)", "FY2024-25 (published)": the source in brackets is the dataset
        parts = f["period"].str.extract(r"^(.*?)\s*\(([^()]*)\)\s*$")
        if parts[1].notna().all() and parts[1].nunique() > 1:
            f["period"], f["dataset"] = parts[0], parts[1]
    axis = _fill_years(f["period"].tolist())
    groups = list(f.groupby("dataset", sort=False)) if "dataset" in f else [("", f)]
    colours = {"exports": "#1f6f8b", "imports": "#e07b39"}
    fig = go.Figure()
    for k, (name, g) in enumerate(groups):
        full = g.set_index("period").reindex(axis)
        own = g.set_index("period").reindex([p for p in axis if p in set(g["period"])])
        tag = " (" + str(name) + ")" if name else ""
        for col, what in (("exports_usd", "exports"), ("imports_usd", "imports")):
            y = own[col] / 1e9
            fig.add_bar(
                x=list(own.index), y=y, name=what + tag, text=value_text(y, "bn"),
                textposition="outside", cliponaxis=False, offsetgroup=what,
                marker_color=colours[what], marker_pattern_shape="/" if k else "",
            )  # fmt: skip
        fig.add_scatter(
            x=axis,
            y=full["balance_usd"] / 1e9,
            name="balance" + tag,
            mode="lines+markers",
            connectgaps=False,
            line={"dash": "dot" if k else "solid", "color": "#2a2a2a"},
            marker={"symbol": "diamond" if k else "circle", "size": 9},
        )
    if published is not None and not published.empty:
        p = published[published["metric"] == "balance"]
        fig.add_scatter(
            x=p["period"],
            y=p["value"],
            name="balance (published)",
            mode="markers",
            marker={"symbol": "diamond", "size": 11},
        )
    style_layout(
        fig,
        title=_title(title),
        yaxis_title="US$ bn",
        barmode="group",
        xaxis={"type": "category", "categoryorder": "array", "categoryarray": axis},
        **{**_LAYOUT, **_LEGEND_BELOW},
    )
    return fig


def composition_figure(frame: pd.DataFrame, *, title: str, top: int = 12) -> go.Figure:
    """Horizontal bars of the largest components of the latest period, with their
    values (US$ mn) and shares."""
    last = frame[frame["period"] == frame["period"].max()].nlargest(top, "value_usd")
    last = last.iloc[::-1]
    labels = [f"{c} {lbl}" for c, lbl in zip(last["code"], last["label"], strict=True)]
    mn = last["value_usd"] / 1e6
    text = [f"{v:,.0f} ({s:.0%})" for v, s in zip(mn, last["share"], strict=True)]
    return hbar_figure(
        labels,
        mn,
        title=f"{title} ({frame['period'].max()})",
        unit="mn",
        axis_title="US$ mn",
        text=text,
    )


def composition_trend_figure(frame: pd.DataFrame, *, title: str) -> go.Figure:
    """Stacked bars per period from :func:`tradewinds.accounting.top_and_other`, US$ bn;
    the total of each period printed on top."""
    fig = go.Figure()
    axis = _fill_years(frame["period"].astype(str).tolist())
    for part, g in frame.groupby("part", observed=True, sort=True):
        y = g.set_index(g["period"].astype(str))["value_usd"].reindex(axis) / 1e9
        fig.add_bar(x=axis, y=y, name=wrap_label(str(part), 28, 1))  # values: the total on top
    tot = frame.groupby(frame["period"].astype(str))["value_usd"].sum().reindex(axis) / 1e9
    fig.add_scatter(
        x=axis, y=tot, mode="text", text=value_text(tot, "bn", 1), textposition="top center",
        showlegend=False, cliponaxis=False, hoverinfo="skip", textfont={"size": 11},
    )  # fmt: skip
    style_layout(
        fig,
        title=_title(title),
        barmode="stack",
        yaxis_title="US$ bn",
        xaxis={"type": "category", "categoryorder": "array", "categoryarray": axis},
        **{**_LAYOUT, **_LEGEND_BELOW, "margin": {"l": 60, "r": 20, "t": 60, "b": 160}},
    )
    return fig


def partner_figure(frame: pd.DataFrame, *, title: str) -> go.Figure:
    """Partner shares of the latest period, by country name, each bar with its share."""
    from tradewinds.io.codes import country_label

    last = frame[frame["period"] == frame["period"].max()].sort_values("share")
    pct = 100 * last["share"]
    return hbar_figure(
        [country_label(str(c)) for c in last["partner"]],
        pct,
        title=title,
        unit="share%",
        axis_title="share, %",
    )


def exposure_figure(frame: pd.DataFrame, *, title: str) -> go.Figure:
    """Trade value by tariff band (or chapter/group), US$ bn, each bar with its value and
    share."""
    key = next(c for c in ("band", "chapter", "label") if c in frame)
    y = frame["value_usd"] / 1e9
    fig = go.Figure(
        go.Bar(
            x=[wrap_label(str(k), 12, 3) for k in frame[key]],
            y=y,
            text=[f"{v:,.1f} bn ({s:.0%})" for v, s in zip(y, frame["share"], strict=True)],
            textposition="outside",
            cliponaxis=False,
        )
    )
    style_layout(
        fig,
        title=_title(title),
        yaxis={"title": "US$ bn", "range": _padded_range(y)},
        xaxis={"type": "category"},
        **_LAYOUT,
    )
    return fig


def series_figure(
    frame: pd.DataFrame, *, x: str, y: str, color: str, title: str, y_title: str, scale: float = 1e9
) -> go.Figure:
    """One line per ``color`` group over time, periods in time order, missing periods
    left as gaps (never bridged)."""
    fig = go.Figure()
    axis = _fill_years(frame[x].astype(str).tolist())
    for key, g in frame.groupby(color):
        from tradewinds.io.codes import country_label

        s = g.set_index(g[x].astype(str))[y].reindex(axis) / scale
        name = country_label(str(key)) if re.fullmatch(r"[A-Z]{3}", str(key)) else str(key)
        last = s.last_valid_index()
        text = ["" if p != last else t for p, t in zip(s.index, value_text(s, "bn"), strict=True)]
        fig.add_scatter(
            x=axis, y=s, name=name, mode="lines+markers+text", connectgaps=False,
            text=text, textposition="top left", cliponaxis=False,
        )  # fmt: skip
    style_layout(
        fig,
        title=_title(title),
        yaxis_title=y_title,
        xaxis={"type": "category", "categoryorder": "array", "categoryarray": axis},
        **{**_LAYOUT, **_LEGEND_BELOW},
    )
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
    style_layout(
        fig,
        title=f"{title} ({lo}–{hi} band)",
        height=min(MAX_HEIGHT, max(380, 24 * len(f) + 140)),
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
    style_layout(fig, title=title, xaxis_title=x_title, yaxis_title="%", **_LAYOUT)
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

    # the shapes (1.4 MB) are set on the built traces without Plotly's validation, which
    # deep-copies them twice (~0.17 s a map); a URL goes through Plotly as usual
    embedded: list[dict[str, Any]] = []

    def geo(features: list[dict[str, Any]]) -> str:
        if shapes_url:
            return shapes_url
        embedded.append({"type": "FeatureCollection", "features": features})
        return ""

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
    traces = getattr(fig, "_data", None)
    for k, g in enumerate(embedded):
        if isinstance(traces, list):
            traces[k]["geojson"] = g
        else:  # another Plotly: through its validation
            fig.data[k].geojson = g
    fig.update_geos(
        visible=False,
        projection_type="natural earth",
        lataxis_range=[-58, 84],
        lonaxis_range=[-170, 190],
    )
    style_layout(
        fig,
        title=title,
        height=500,
        **{**_LAYOUT, "margin": {"l": 10, "r": 10, "t": 60, "b": 10}},
    )
    return fig


def sankey_figure(frame: pd.DataFrame, *, title: str) -> go.Figure:
    """Trade diversion: markets that lose (left) to markets that gain (right), US$ bn.

    ``frame`` has ``source``, ``target`` and ``value_usd`` (from
    :func:`tradewinds.accounting.diversion.trade_diversion`). Every node's label carries
    its value (a printed Sankey has no hover): where a node has one link, that is the
    link's value; the report lists every link in a table under the chart."""
    nodes = list(dict.fromkeys([*frame["source"], *frame["target"]]))
    at = {n: i for i, n in enumerate(nodes)}
    out = frame.groupby("source")["value_usd"].sum()
    into = frame.groupby("target")["value_usd"].sum()
    total = {n: float(out.get(n, 0.0)) + float(into.get(n, 0.0)) for n in nodes}
    labels = [f"{n}: {total[n] / 1e9:,.1f} bn" for n in nodes]
    fig = go.Figure(
        go.Sankey(
            arrangement="snap",
            node={"label": labels, "pad": 14, "thickness": 16},
            link={
                "source": [at[s] for s in frame["source"]],
                "target": [at[t] for t in frame["target"]],
                "value": frame["value_usd"] / 1e9,
                "hovertemplate": "%{source.label} → %{target.label}: %{value:.2f} bn"
                "<extra></extra>",
            },
        )
    )
    style_layout(
        fig, title=_title(title), height=min(MAX_HEIGHT, max(380, 26 * len(nodes) + 120)), **_LAYOUT
    )
    return fig
