"""Figures of official series and of partial data, drawn so they cannot mislead: fiscal
years in chronological order, one dataset per trace (never one line through two
sources), the calendar-year figure of another source in a panel of its own, the
provisional year marked, and data of partial coverage drawn as levels (markers, no
connecting line) beside the complete series. They draw service results; they compute
nothing."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from tradewinds.reports.figures import style_layout, value_text

_LAYOUT = {
    "template": "plotly_white",
    "margin": {"l": 60, "r": 20, "t": 70, "b": 60},
    "font": {"family": "DejaVu Sans, Arial, sans-serif", "size": 13},
}
# Plotly's own palette, as every other chart of the reports
EXPORTS, IMPORTS, BALANCE = "#00cc96", "#ef553b", "#636efa"


def chronological(frame: pd.DataFrame, period: str = "period") -> pd.DataFrame:
    """Rows in time order: 'FY2009-10' before 'FY2010-11', '2023' by its year."""
    key = frame[period].astype(str).str.extract(r"(\d{4})")[0].astype(float)
    return frame.assign(_k=key.to_numpy()).sort_values(["_k", period]).drop(columns="_k")


def _provisional(frame: pd.DataFrame) -> list[bool]:
    if "provisional" not in frame:
        return [False] * len(frame)
    return [bool(x) for x in frame["provisional"].fillna(False)]


def fiscal_series_figure(
    official: pd.DataFrame,
    calendar: pd.DataFrame | None = None,
    *,
    title: str,
    official_name: str = "DGCI&S",
    calendar_name: str = "BACI",
) -> go.Figure:
    """Exports and imports (bars) and the balance (line) of an official fiscal-year
    series, US$ bn, in time order, the provisional year hatched; a calendar-year figure
    of another source in a narrow panel of its own (never on the fiscal-year axis)."""
    f = chronological(official)
    prov = _provisional(f)
    hatch = ["/" if p else "" for p in prov]
    cols = 2 if calendar is not None and not calendar.empty else 1
    fig = make_subplots(
        rows=1,
        cols=cols,
        shared_yaxes=True,
        column_widths=[0.86, 0.14] if cols == 2 else [1.0],
        horizontal_spacing=0.03,  # the datasets are named by the legend and the ticks
    )
    x = list(f["period"].astype(str))
    # values on every bar, turned upright so sixteen years fit a phone's width too
    upright = {"textposition": "outside", "textangle": -90, "cliponaxis": False}
    ex, im = f["exports_usd"] / 1e9, -f["imports_usd"] / 1e9
    fig.add_bar(x=x, y=ex, name=f"exports ({official_name})", text=value_text(ex, "bn"),
                marker={"color": EXPORTS, "pattern": {"shape": hatch}}, row=1, col=1,
                **upright)  # fmt: skip
    fig.add_bar(x=x, y=im, name=f"imports ({official_name}, shown < 0)",
                text=value_text(-im, "bn"),
                marker={"color": IMPORTS, "pattern": {"shape": hatch}}, row=1, col=1,
                **upright)  # fmt: skip
    fig.add_scatter(x=x, y=f["balance_usd"] / 1e9, name=f"balance ({official_name})",
                    mode="lines+markers", line={"color": BALANCE}, row=1, col=1)  # fmt: skip
    for per, p in zip(x, prov, strict=True):
        if p:  # above the plot, clear of the values
            fig.add_annotation(x=per, y=1.0, yref="paper", yanchor="bottom", text="provisional",
                               showarrow=False, font={"size": 11}, row=1, col=1)  # fmt: skip
    if cols == 2:
        assert calendar is not None
        c = chronological(calendar)
        cx = [f"{p} ({calendar_name})" for p in c["period"].astype(str)]
        cex, cim = c["exports_usd"] / 1e9, -c["imports_usd"] / 1e9
        fig.add_bar(x=cx, y=cex, name=f"exports ({calendar_name}, calendar)",
                    text=value_text(cex, "bn"), marker={"color": EXPORTS, "opacity": 0.55},
                    row=1, col=2, **upright)  # fmt: skip
        fig.add_bar(x=cx, y=cim, name=f"imports ({calendar_name}, calendar, shown < 0)",
                    text=value_text(-cim, "bn"), marker={"color": IMPORTS, "opacity": 0.55},
                    row=1, col=2, **upright)  # fmt: skip
        fig.add_scatter(x=cx, y=c["balance_usd"] / 1e9, name=f"balance ({calendar_name}, calendar)",
                        mode="markers", marker={"color": BALANCE, "symbol": "diamond", "size": 11},
                        row=1, col=2)  # fmt: skip
        fig.update_xaxes(tickangle=-90, row=1, col=2)
    lo = float(min(im.min(), 0.0)) if len(im) else 0.0
    hi = float(max(ex.max(), 0.0)) if len(ex) else 1.0
    pad = 0.22 * ((hi - lo) or 1.0)  # room for the upright values beyond the bar ends
    fig.update_yaxes(range=[lo - pad, hi + pad])
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=x, tickangle=-90,
                     row=1, col=1)  # fmt: skip
    style_layout(fig, title=title, barmode="relative", yaxis_title="US$ bn", height=520, **_LAYOUT)
    return fig


def deficit_figure(decomposed: pd.DataFrame, *, title: str, part: str = "crude") -> go.Figure:
    """The balance and the balance without one product's imports, per fiscal year with
    that product covered (years without its data are left out, not drawn as 0)."""
    f = chronological(decomposed)
    f = f[f["part_status"] == "covered"] if "part_status" in f else f
    x = list(f["period"].astype(str))
    fig = go.Figure()
    values = {"textposition": "outside", "cliponaxis": False}
    bal, without = f["balance_usd"] / 1e9, f["balance_without_part_usd"] / 1e9
    crude = -f["part_imports_usd"] / 1e9
    fig.add_bar(x=x, y=bal, name="balance", text=value_text(bal, "bn"),
                marker={"color": BALANCE}, **values)  # fmt: skip
    fig.add_bar(x=x, y=without, name=f"balance without {part}", text=value_text(without, "bn"),
                marker={"color": BALANCE, "opacity": 0.45}, **values)  # fmt: skip
    fig.add_bar(x=x, y=crude, name=f"imports of {part}", text=value_text(-crude, "bn"),
                marker={"color": "#6d4c41"}, **values)  # fmt: skip
    lo = float(min(bal.min(), crude.min(), 0.0)) if len(bal) else -1.0
    fig.update_yaxes(range=[lo * 1.25, max(0.0, float(without.max())) + 0.1 * abs(lo)])
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=x)
    style_layout(fig, title=title, barmode="group", yaxis_title="US$ bn", height=440, **_LAYOUT)
    return fig


def partial_levels_figure(
    partial: pd.DataFrame,
    complete: pd.DataFrame | None,
    *,
    y: str,
    color: str,
    title: str,
    partial_name: str,
    complete_name: str,
) -> go.Figure:
    """A series of partial coverage as levels only — markers, no line between them, so
    no rise or fall is drawn that may be lines missing from the data — beside the
    complete series of the same flow as a line (its trend is real)."""
    fig = go.Figure()
    periods = sorted(
        set(partial["period"].astype(str))
        | (set(complete["period"].astype(str)) if complete is not None else set()),
        key=lambda p: (int(p[2:6]) if p.startswith("FY") else int(p[:4]), p),
    )
    keys = sorted(set(partial[color]) | (set(complete[color]) if complete is not None else set()))
    for key in keys:
        if complete is not None:
            g = chronological(complete[complete[color] == key])
            g = g[g["period"].isin(periods)]
            fig.add_scatter(x=g["period"], y=g[y] / 1e9, name=f"{key}: {complete_name}",
                            mode="lines+markers", legendgroup=str(key))  # fmt: skip
        p = chronological(partial[partial[color] == key])
        fig.add_scatter(x=p["period"], y=p[y] / 1e9, name=f"{key}: {partial_name}",
                        mode="markers", marker={"symbol": "circle-open", "size": 10},
                        legendgroup=str(key))  # fmt: skip
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=periods)
    style_layout(fig, title=title, yaxis_title="US$ bn", height=420, **_LAYOUT)
    return fig
