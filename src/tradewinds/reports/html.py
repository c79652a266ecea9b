"""HTML reports: Jinja2 templates with Plotly figures, one self-contained file.

plotly.js is embedded once, so the report works offline (no CDN).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jinja2
import pandas as pd
import plotly.graph_objects as go
import plotly.offline

from tradewinds import __version__
from tradewinds.reports.figures import OFFLINE_GEO_JS

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("tradewinds.reports", "templates"),
    autoescape=jinja2.select_autoescape(["html"]),
    undefined=jinja2.StrictUndefined,
)


def figure_html(fig: go.Figure, *, first: bool) -> str:
    """A figure as a <div>; the first one carries plotly.js inline (and the stub that keeps
    maps offline, see :data:`tradewinds.reports.figures.OFFLINE_GEO_JS`)."""
    div = str(
        plotly.offline.plot(
            fig, output_type="div", include_plotlyjs=first, config={"displaylogo": False}
        )
    )
    return OFFLINE_GEO_JS + div if first else div


def table_html(
    frame: pd.DataFrame,
    *,
    money: tuple[str, ...] = (),
    pct: tuple[str, ...] = (),
    unit: str = "bn",
    rename: dict[str, str] | None = None,
    wrap: bool = False,
) -> str:
    """An HTML table; ``money`` columns in US$ ``unit`` (bn or mn), ``pct`` as percent;
    ``wrap`` lets long text wrap in every column (claims, legal sources)."""
    scale = {"bn": 1e9, "mn": 1e6}[unit]
    digits = 3 if unit == "bn" else 1
    f = frame.copy()
    for c in money:
        if c in f:
            f[c] = f[c].map(lambda v: "n/a" if pd.isna(v) else f"{v / scale:,.{digits}f}")
    for c in pct:
        if c in f:
            f[c] = f[c].map(lambda v: "" if pd.isna(v) else f"{100 * v:.1f}%")
    if rename:
        f = f.rename(columns=rename)
    return str(f.to_html(index=False, classes="tbl wrap" if wrap else "tbl", border=0, na_rep=""))


def render_report(template: str, path: Path, **context: Any) -> Path:
    html = _ENV.get_template(template).render(
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), version=__version__, **context
    )
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(path)
    return path
