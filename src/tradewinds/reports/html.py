"""HTML reports: Jinja2 templates with Plotly figures, one self-contained file.

plotly.js is embedded once, so the report works offline (no CDN).
"""

from __future__ import annotations

import contextlib
import contextvars
import copy
import functools
import hashlib
import html as _html
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jinja2
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from _plotly_utils.utils import convert_to_base64
from great_tables import GT
from pandas.api.types import is_bool_dtype, is_float_dtype, is_numeric_dtype

from tradewinds._version import __version__
from tradewinds.formatting import NO_END_DATE, format_number
from tradewinds.reports.figures import OFFLINE_GEO_JS

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("tradewinds.reports", "templates"),
    autoescape=jinja2.select_autoescape(["html"]),
    undefined=jinja2.StrictUndefined,
)


# True while a report is written to be printed (PDF): its figures are static pictures
# (no toolbar, no hover), their values printed on them.
STATIC: contextvars.ContextVar[bool] = contextvars.ContextVar("tradewinds_static", default=False)


@contextlib.contextmanager
def static_output() -> Iterator[None]:
    """Within this block, reports are written for print (see :data:`STATIC`)."""
    token = STATIC.set(True)
    try:
        yield
    finally:
        STATIC.reset(token)


def figure_config(*, static: bool) -> dict[str, Any]:
    """Plotly's config per output: on screen a toolbar without the logo, resizing with its
    box; in print (PDF) a static picture, no toolbar."""
    if static:
        return {"staticPlot": True, "displayModeBar": False, "responsive": True}
    return {"displaylogo": False, "responsive": True}


def figure_html(fig: go.Figure, *, first: bool, static: bool | None = None) -> str:
    """A figure as a <div> that resizes with the page; the first one carries plotly.js
    inline (and the stub that keeps maps offline, see
    :data:`tradewinds.reports.figures.OFFLINE_GEO_JS`). ``static`` (default: whether a
    PDF is being written) drops the toolbar. The title is set as HTML above the chart
    (what :func:`~tradewinds.reports.figures.print_ready` does).

    The figure's JSON is made from its validated properties without copying or
    validating them again; the country shapes of a map (1.4 MB) are serialised once per
    set of shapes and spliced in (through Plotly's own copy and JSON cleaning they cost
    ~1 s of every report with a map)."""
    config = figure_config(static=STATIC.get() if static is None else static)
    spec, shapes = _figure_spec(fig)
    layout = spec["layout"]
    title = layout.get("title") or {}
    text = str((title.get("text") if isinstance(title, dict) else title) or "")
    plain = re.sub(r"\s*<br>\s*", " ", text).strip()
    layout["title"] = {**(title if isinstance(title, dict) else {}), "text": ""}
    layout["margin"] = {**(layout.get("margin") or {}), "t": 24}
    layout.pop("width", None)
    div = str(
        pio.to_html(
            spec,
            validate=False,
            full_html=False,
            include_plotlyjs=first,
            config=config,
            default_width="100%",
        )
    )
    for token, geo in shapes.items():
        div = div.replace(f'"{token}"', _geojson_text(geo), 1)
    head = f'<p class="chart-title">{_html.escape(plain, quote=False)}</p>' if plain else ""
    if any(t.type == "sankey" for t in fig.data):
        head += '<p class="phone-only">Every link with its value is in the table below.</p>'
    block = f'<figure class="chart">{head}{div}</figure>'
    return OFFLINE_GEO_JS + block if first else block


_GEO_TOKEN = "__tradewinds_geojson_{}__"


def _figure_spec(fig: go.Figure) -> tuple[dict[str, Any], dict[str, Any]]:
    """``{"data", "layout"}`` of a figure as plotly.js reads it (what ``fig.to_dict()``
    gives) with every embedded GeoJSON replaced by a token, and the GeoJSON by token.
    Only the trace properties are copied, never the shapes (the figure is not changed)."""
    traces = getattr(fig, "_data", None)
    lay = getattr(fig, "_layout", None)
    if not isinstance(traces, list) or not isinstance(lay, dict):  # another Plotly
        d = fig.to_dict()
        traces, lay = d["data"], d["layout"]
    data: list[dict[str, Any]] = []
    shapes: dict[str, Any] = {}
    for t in traces:
        geo = t.get("geojson")
        light = {k: v for k, v in t.items() if k != "geojson"}
        light = copy.deepcopy(light)
        if isinstance(geo, dict):
            token = _GEO_TOKEN.format(len(shapes))
            shapes[token] = geo
            light["geojson"] = token
        elif geo is not None:
            light["geojson"] = geo
        data.append(light)
    spec: dict[str, Any] = {"data": data, "layout": copy.deepcopy(lay)}
    convert_to_base64(spec)  # numeric arrays as plotly.js typed arrays, as to_dict does
    return spec, shapes


_COMPACT = (",", ":")


def _geojson_text(geo: dict[str, Any]) -> str:
    """GeoJSON as JSON safe inside <script> (<, > and / escaped, as Plotly's own JSON);
    the features of the shipped shapes serialised once each."""
    feats = geo.get("features") if geo.get("type") == "FeatureCollection" else None
    if isinstance(feats, list):
        body = ",".join(_feature_text(f) for f in feats)
        rest = json.dumps({k: v for k, v in geo.items() if k != "features"}, separators=_COMPACT)
        text = rest[:-1] + ',"features":[' + body + "]}"
    else:
        text = json.dumps(geo, separators=_COMPACT)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("/", "\\u002f")


@functools.cache
def _shipped_features() -> dict[int, int]:
    """id → position of every feature of the shipped shapes (kept alive by their cache)."""
    from tradewinds.reports.figures import world_shapes

    return {id(f): i for i, f in enumerate(world_shapes()["features"])}


@functools.cache
def _shipped_feature_text(i: int) -> str:
    from tradewinds.reports.figures import world_shapes

    return json.dumps(world_shapes()["features"][i], separators=_COMPACT)


def _feature_text(feature: Any) -> str:
    i = _shipped_features().get(id(feature))
    return _shipped_feature_text(i) if i is not None else json.dumps(feature, separators=_COMPACT)


def table_html(
    frame: pd.DataFrame,
    *,
    money: tuple[str, ...] = (),
    pct: tuple[str, ...] = (),
    points: tuple[str, ...] = (),
    unit: str = "bn",
    rename: dict[str, str] | None = None,
    wrap: bool = False,
    ends: tuple[str, ...] = (),
) -> str:
    """An HTML table (great-tables); ``money`` columns in US$ ``unit`` (bn or mn), ``pct``
    (fractions: shares, rates) as percent, ``points`` (changes already in percent) signed
    with sensible decimals, booleans as yes/no; ``wrap`` lets long text wrap in every
    column (claims, legal sources). ``ends`` are end dates (a measure's ``to``): a missing
    one reads "no end date", not a blank. Wide tables scroll inside their box.

    Values are formatted here, once, so the report, the dashboard and the CLI print the
    same text; the table id is derived from the content, so the same table gives the same
    HTML in every run."""
    scale = {"bn": 1e9, "mn": 1e6}[unit]
    digits = 3 if unit == "bn" else 1
    f = frame.reset_index(drop=True).copy()
    # a cell given as text ("not covered") is shown as it is
    for c in money:
        if c in f:
            f[c] = f[c].map(
                lambda v: (
                    v if isinstance(v, str) else "n/a" if pd.isna(v) else f"{v / scale:,.{digits}f}"
                )
            )
    for c in pct:
        if c in f:
            f[c] = f[c].map(
                lambda v: v if isinstance(v, str) else "" if pd.isna(v) else f"{100 * v:.1f}%"
            )
    for c in points:
        if c in f:
            f[c] = f[c].map(
                lambda v: v if isinstance(v, str) else "" if pd.isna(v) else format_number(v, "pct")
            )
    for c in ends:
        if c in f:
            f[c] = f[c].map(lambda v: NO_END_DATE if pd.isna(v) or v == "" else v)
    done = {*money, *pct, *points}
    right = [str(c) for c in f.columns[1:] if c in done or is_numeric_dtype(f[c])]
    for c in f.columns:
        if c in done:
            continue
        if is_bool_dtype(f[c]) or f[c].map(lambda v: isinstance(v, bool)).all():
            f[c] = f[c].map(lambda v: "" if pd.isna(v) else ("yes" if v else "no"))
            right = [r for r in right if r != str(c)]
        elif is_float_dtype(f[c]):
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
    return f'<div class="scroll">{table.as_raw_html()}</div>'


def _float_text(v: float) -> str:
    if pd.isna(v):
        return ""
    if abs(v) >= 1e6:
        return f"{v:,.0f}"
    if abs(v) < 5e-4:
        return "0"  # a residual printed as 0.000 or -0 tells a reader nothing
    return f"{v:,.3f}".rstrip("0").rstrip(".") if abs(v) < 1000 else f"{v:,.1f}"


def render_macro(template: str, macro: str, *args: Any) -> str:
    """One macro of a template (a partial shared by the reports and the dashboard)."""
    return str(getattr(_ENV.get_template(template).module, macro)(*args))


def css_text(text: str) -> str:
    """Text safe inside a CSS string in a <style> element (the PDF's running footer)."""
    return re.sub(r"[^\w .,:;()/&+\-–—'’]", "", str(text))[:120]


def render_report(template: str, path: Path, **context: Any) -> Path:
    """Render ``template`` to ``path`` (atomic). The context's ``provenance`` (a list of
    dicts) loses its empty entries and empty parts, so no view shows ``schedule =``."""
    context["provenance"] = [
        {k: v for k, v in p.items() if v not in (None, "")}
        | {k: p.get(k) or "" for k in ("dataset", "source", "vintage", "store_hash")}
        for p in context.get("provenance", [])
        if any(p.get(k) for k in ("vintage", "source"))
    ]
    if "hashes" not in context:  # the title page names every scenario of the report
        context["hashes"] = [(x["name"], x["hash"]) for x in context.get("sections") or []]
    html = _ENV.get_template(template).render(
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        version=__version__,
        css_title=css_text(context.get("title", "")),
        **context,
    )
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(path)
    return path
