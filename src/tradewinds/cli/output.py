"""Rendering of service results: Rich tables, JSON or CSV, always with provenance."""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Sequence
from enum import StrEnum
from typing import Any

import pandas as pd
from rich.console import Console
from rich.table import Table

from tradewinds.services._common import Analysis

out = Console(soft_wrap=False, width=140)
err = Console(stderr=True)


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def _money(v: Any) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "n/a"
    v = float(v)
    if abs(v) >= 1e9:
        return f"{v / 1e9:,.3f} bn"
    if abs(v) >= 1e6:
        return f"{v / 1e6:,.2f} mn"
    return f"{v:,.0f}"


def _cell(col: str, v: Any) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
        return ""
    if col.endswith("_usd"):
        return _money(v)
    if col in {
        "share",
        "export_share",
        "import_share",
        "share_value",
        "share_volume",
        "share_exporter",
        "share_world",
        "share_of_exporter",
        "importer_share_of_world",
    }:
        return f"{100 * float(v):.2f}%"
    if col.endswith("_pct"):
        return f"{float(v):+.2f}%"
    if isinstance(v, float):
        return f"{v:,.4f}"
    return str(v)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    recs = json.loads(frame.to_json(orient="records", double_precision=15))
    return list(recs)


def render(
    a: Analysis,
    fmt: Format,
    *,
    title: str,
    columns: Sequence[str] | None = None,
    show_published: bool = False,
) -> None:
    frame = a.frame if columns is None else a.frame[[c for c in columns if c in a.frame]]
    prov = a.provenance
    if fmt is Format.json:
        rows = _records(frame)
        for r in rows:
            for k, v in prov.items():
                r.setdefault(k, v)
        sys.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        return
    if fmt is Format.csv:
        f = frame.copy()
        for k, v in prov.items():
            if k not in f:
                f[k] = v
        f.to_csv(sys.stdout, index=False)
        return
    t = Table(title=title, title_justify="left", header_style="bold")
    for c in frame.columns:
        t.add_column(c, justify="right" if pd.api.types.is_numeric_dtype(frame[c]) else "left")
    status = list(frame["status"]) if "status" in frame else [None] * len(frame)
    for row, st in zip(frame.itertuples(index=False), status, strict=True):
        cells = [_cell(c, v) for c, v in zip(frame.columns, row, strict=True)]
        if st == "not covered":  # a missing value of a partial dataset: never shown as 0
            cells = [x or "not covered" for x in cells]
        t.add_row(*cells)
    out.print(t)
    for n in a.notes:
        out.print(f"[yellow]note:[/] {n}")
    if show_published and a.published is not None and not a.published.empty:
        pt = Table(
            title="Published figures (shown beside, never mixed in)",
            title_justify="left",
            header_style="bold",
        )
        for c in ("period", "metric", "value", "unit", "tag", "source", "source_date"):
            pt.add_column(c)
        for pub in a.published.to_dict("records"):
            pt.add_row(
                *(str(pub[c]) for c in ("period", "metric")),
                f"{pub['value']:,.2f}",
                *(str(pub[c]) for c in ("unit", "tag", "source", "source_date")),
            )
        out.print(pt)
        out.print(
            "[dim]tag S = stated by the source; D = derived by arithmetic from stated figures[/]"
        )
    out.print(
        f"[dim]source: {a.source} | vintage: {a.vintage} | dataset: {a.dataset} "
        f"| store {prov['store_hash']} | tradewinds {a.version}[/]"
    )
    out.print(f"[dim]coverage: {a.coverage}[/]")
