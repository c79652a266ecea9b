"""Rendering of service results: Rich tables, JSON or CSV, always with provenance."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape
from rich.measure import Measurement
from rich.segment import Segment
from rich.table import Table

from tradewinds.formatting import NO_END_DATE, column_label, format_cell

if TYPE_CHECKING:  # pandas and the services load with the command that renders them
    import pandas as pd

    from tradewinds.services._common import Analysis

out = Console(soft_wrap=False, width=140)
err = Console(stderr=True)


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def _cell(col: str, v: Any) -> str:
    return format_cell(col, v)


MAX_WORD = 30  # a longer word of text (a URL, a list without spaces) may fold


def _drawn(table: Table, width: int) -> int:
    """The width of the widest line of ``table`` drawn on a page ``width`` wide."""
    lines = Segment.split_lines(out.render(table, out.options.update_width(width)))
    return max((Segment.get_line_length(ln) for ln in lines), default=0)


def print_wide(table: Table) -> None:
    """Print a table at the console's width, or wider when its columns need it (a
    table is never cut at the right edge: a terminal scrolls, a pipe keeps it all)."""
    size = Measurement.get(out, out.options.update(max_width=10_000), table)
    width = out.width
    at = max(width, size.minimum)
    # a table that fits at its natural width is drawn as measured; one that Rich must
    # narrow is drawn once more to check (columns with a minimum width come back wider)
    if size.maximum > at and _drawn(table, at) > at:
        # Rich widens columns with a minimum width again after narrowing the others, so
        # it can draw wider than it measured: each column at its minimum then
        for c in table.columns:
            if c.min_width is not None:
                c.width = c.min_width
        if _drawn(table, at) > at:  # the columns without a minimum drawn unwrapped
            at = max(width, _drawn(table, 10_000))
    out.width = at
    try:
        out.print(table)
    finally:
        out.width = width


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
    numbers: Sequence[str] = (),
    ends: Sequence[str] = (),
) -> None:
    """Print ``a`` as a table (with its notes and provenance), JSON or CSV. ``numbers``
    names text columns that hold numbers already formatted ("87.54 Mt"): they are
    right-aligned and never broken, as numeric columns are. ``ends`` names end-date
    columns (a measure's ``to``): in a table a missing one reads "no end date"."""
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
    t = Table(title=escape(title), title_justify="left", header_style="bold")
    cells = [[_cell(c, v) for v in frame[c]] for c in frame.columns]
    # a missing value of a partial dataset is "not covered", never shown as 0 or blank
    status = list(frame["status"]) if "status" in frame else [None] * len(frame)
    for col in cells:
        for i_row, st in enumerate(status):
            if st == "not covered" and not col[i_row]:
                col[i_row] = "not covered"
    for c, col in zip(frame.columns, cells, strict=True):
        if c in ends:
            col[:] = [x or NO_END_DATE for x in col]
    from pandas.api.types import is_bool_dtype, is_numeric_dtype

    for c, col in zip(frame.columns, cells, strict=True):
        numeric = c in numbers or (is_numeric_dtype(frame[c]) and not is_bool_dtype(frame[c]))
        longest = max((len(x) for x in col), default=0)
        word = max((len(w) for w in column_label(str(c)).split()), default=0)
        # numbers are never broken inside a cell, nor is a text of up to 12 characters
        # ("4.32 Mt") or a word of up to MAX_WORD (a scenario's name); headers and long
        # text wrap at word boundaries
        words = max((len(w) for x in col for w in x.split()), default=0)
        text = max(min(longest, 12), min(words, MAX_WORD))
        t.add_column(
            escape(column_label(str(c))),
            justify="right" if numeric else "left",
            min_width=max(word, longest if numeric else text),
            overflow="fold",
        )
    for row in zip(*cells, strict=True):
        t.add_row(*[escape(x) for x in row])
    print_wide(t)
    for n in a.notes:
        out.print(f"[yellow]note:[/] {escape(str(n))}")
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
                *(escape(str(pub[c])) for c in ("period", "metric")),
                f"{pub['value']:,.2f}",
                *(escape(str(pub[c])) for c in ("unit", "tag", "source", "source_date")),
            )
        out.print(pt)
        out.print(
            "[dim]tag S = stated by the source; D = derived by arithmetic from stated figures[/]"
        )
    store = f"| store {prov['store_hash']} " if prov["store_hash"] else ""  # embedded: none
    out.print(
        escape(
            f"source: {a.source} | vintage: {a.vintage} | dataset: {a.dataset} "
            f"{store}| tradewinds {a.version}"
        ),
        style="dim",
    )
    out.print(escape(f"coverage: {a.coverage}"), style="dim")
