"""Plotly figures. They draw service results; they never compute numbers."""

from __future__ import annotations

from pathlib import Path

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
        fig.write_html(path, include_plotlyjs=True, full_html=True)
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
