"""HTML reports: Jinja2 templates with Plotly figures, one self-contained file.

plotly.js is embedded once, so the report works offline (no CDN).
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jinja2
import pandas as pd
import plotly.graph_objects as go
import plotly.offline
from great_tables import GT
from pandas.api.types import is_float_dtype, is_numeric_dtype

from tradewinds._version import __version__
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
    """An HTML table (great-tables); ``money`` columns in US$ ``unit`` (bn or mn), ``pct``
    as percent; ``wrap`` lets long text wrap in every column (claims, legal sources).

    Values are formatted here, once, so the report, the dashboard and the CLI print the
    same text; the table id is derived from the content, so the same table gives the same
    HTML in every run."""
    scale = {"bn": 1e9, "mn": 1e6}[unit]
    digits = 3 if unit == "bn" else 1
    f = frame.reset_index(drop=True).copy()
    for c in money:
        if c in f:
            f[c] = f[c].map(lambda v: "n/a" if pd.isna(v) else f"{v / scale:,.{digits}f}")
    for c in pct:
        if c in f:
            f[c] = f[c].map(lambda v: "" if pd.isna(v) else f"{100 * v:.1f}%")
    right = [str(c) for c in f.columns[1:] if c in money or c in pct or is_numeric_dtype(f[c])]
    for c in f.columns:
        if c not in money and c not in pct and is_float_dtype(f[c]):
            f[c] = f[c].map(_float_text)
    f = f.astype(object).where(f.notna(), "")  # blanks, not "None"/"nan"
    f.columns = [str(c) for c in f.columns]
    if rename:
        f = f.rename(columns=rename)
        right = [rename.get(c, c) for c in right]
    tid = "t" + hashlib.sha1(f.to_csv(index=False).encode()).hexdigest()[:12]
    table = (
        GT(f, id=tid, auto_align=False)
        .cols_align("left")
        .tab_options(
            table_font_size="13px",
            table_margin_left="0",
            table_margin_right="0",
            column_labels_background_color="#eef3f6",
            column_labels_font_weight="bold",
            data_row_padding="3px",
            table_border_top_color="#1f6f8b",
        )
    )
    if right:
        table = table.cols_align("right", columns=right)
    if not wrap:
        table = table.opt_css(f"#{tid} .gt_col_heading, #{tid} .gt_row {{ white-space: nowrap; }}")
    return str(table.as_raw_html())


def _float_text(v: float) -> str:
    if pd.isna(v):
        return ""
    return f"{v:,.0f}" if abs(v) >= 1e6 else f"{v:.6g}"


def render_report(template: str, path: Path, **context: Any) -> Path:
    html = _ENV.get_template(template).render(
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), version=__version__, **context
    )
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(path)
    return path
