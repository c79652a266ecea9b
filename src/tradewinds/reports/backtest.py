"""The "model against outcome" section: each prediction beside the observed value, the
error, the horizon and the policy's overlap with the observed year; the chapters; what
the models cannot see. It draws :func:`tradewinds.services.outcomes.backtest`'s result
and computes nothing.

:func:`backtest_tables` gives the section's frames (for the CLI, the dashboard or a
notebook), :func:`backtest_figure` its chart, :func:`backtest_section` the HTML pieces a
report template places (``title``, ``table``, ``chart``, ``chapters_table``,
``not_yet_table``, ``blind_spots``, ``notes``, ``provenance``).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from tradewinds.reports.figures import _LAYOUT, _LEGEND_BELOW, style_layout, value_text, wrap_label
from tradewinds.reports.html import figure_html, table_html
from tradewinds.scenarios.result import short_horizon

TITLE = "Model against outcome"

_MAIN = {
    "prediction": "prediction",
    "scenario": "scenario",
    "model": "model (horizon)",
    "policy": "policy assumed",
    "overlap": "how the observed year saw it",
    "base_usd": "base (US$ bn)",
    "predicted_usd": "predicted (US$ bn)",
    "observed_usd": "observed (US$ bn)",
    "error_usd": "error (US$ bn)",
    "error_pct_of_observed": "error (% of observed)",
    "note": "note",
}


def backtest_tables(a: Any) -> dict[str, pd.DataFrame]:
    """``a``: the backtest Analysis. The main table (one row per prediction, the no-change
    yardstick last), the chapters, the predictions not yet comparable, the blind spots."""
    f = a.frame.copy()
    f["model"] = [
        f"{_model(r)} ({short_horizon(r['horizon'])})" if r["horizon"] else "-"
        for r in f.to_dict("records")
    ]
    f["error_pct_of_observed"] = f["error_pct_of_observed"].round(1)
    main = f[[*_MAIN]].rename(columns=_MAIN)
    return {
        "predictions": main,
        "chapters": a.extra.get("chapters", pd.DataFrame()),
        "not_yet": a.extra.get("not_yet", pd.DataFrame()),
        "blind_spots": pd.DataFrame({"what the models cannot see": a.extra.get("blind_spots", [])}),
    }


def _model(row: dict[str, Any]) -> str:
    """The prediction's model in a few words, from how it was formed."""
    how = str(row["how"])
    if row["scenario"] == "(no change)":
        return "no change"
    if how.startswith("observed base + the PE"):
        return "PE lines"
    if "multi-sector GE" in how:
        return "multi-sector GE"
    if "one-sector GE" in how:
        return "one-sector GE, no exemptions"
    if "GE" in how:
        return "GE"
    if "halted imports" in how:
        return "halt assumed"
    if "chosen push" in how:
        return "push assumed"
    return "assumption"


def backtest_figure(a: Any) -> go.Figure:
    """Predicted and observed values side by side, one pair per prediction, each bar
    with its value (US$ bn)."""
    f = a.frame.iloc[::-1]
    # the prediction in words (scenario names are identifiers that cannot wrap)
    labels = [
        wrap_label(
            f"{r['prediction']}: {_model(r)}" + (f", {r['state']}" if r.get("state") else "")
        )
        for r in f.to_dict("records")
    ]
    fig = go.Figure()
    for col, name in (("predicted_usd", "predicted"), ("observed_usd", "observed (provisional)")):
        v = f[col] / 1e9
        fig.add_bar(
            y=labels,
            x=v,
            orientation="h",
            name=name,
            text=value_text(v, "bn"),
            textposition="outside",
            cliponaxis=False,
        )
    fig.add_scatter(
        y=labels,
        x=f["base_usd"] / 1e9,
        mode="markers",
        marker={"symbol": "line-ns-open", "size": 18, "color": "#333"},
        name="base year (observed)",
    )
    hi = float(max(f["predicted_usd"].max(), f["observed_usd"].max(), f["base_usd"].max())) / 1e9
    style_layout(
        fig,
        title="Predictions against what happened (US$ bn)",
        barmode="group",
        xaxis={"title": "US$ bn", "range": [0, hi * 1.2]},
        yaxis={"automargin": True},
        height=min(1600, 200 + 84 * len(f)),  # room for two values a row
        **{**_LAYOUT, **_LEGEND_BELOW},
    )
    return fig


def backtest_section(a: Any, *, first_figure: bool = False) -> dict[str, Any]:
    """The HTML pieces of the section."""
    t = backtest_tables(a)
    money = ("base (US$ bn)", "predicted (US$ bn)", "observed (US$ bn)", "error (US$ bn)")
    ch = t["chapters"]
    chapters_html = ""
    if not ch.empty:
        chapters_html = table_html(
            ch[
                [
                    "chapter",
                    "to_importer_data_usd",
                    "predicted_change_usd",
                    "world_base_usd",
                    "world_observed_usd",
                    "observed_change_usd",
                    "error_usd",
                ]
            ],
            money=(
                "to_importer_data_usd",
                "predicted_change_usd",
                "world_base_usd",
                "world_observed_usd",
                "observed_change_usd",
                "error_usd",
            ),
            rename={
                "to_importer_data_usd": "to the US, data (US$ bn)",
                "predicted_change_usd": "predicted change to the US (US$ bn)",
                "world_base_usd": "to the world, base (US$ bn)",
                "world_observed_usd": "to the world, observed (US$ bn)",
                "observed_change_usd": "observed change (US$ bn)",
                "error_usd": "error (US$ bn)",
            },
        )
    return {
        "title": TITLE,
        "table": table_html(t["predictions"], money=money, wrap=True),
        "chart": figure_html(backtest_figure(a), first=first_figure),
        "chapters_table": chapters_html,
        "not_yet_table": table_html(t["not_yet"], wrap=True) if not t["not_yet"].empty else "",
        "blind_spots": list(a.extra.get("blind_spots", [])),
        "notes": list(a.notes),
        "provenance": a.provenance,
    }
