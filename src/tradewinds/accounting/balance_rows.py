"""The bilateral balance on a few rows in plain Python (what a balance of a pair's
all-goods totals needs: a handful of rows, where pandas' groupby and unstack cost
~10 ms of overhead and the arithmetic microseconds).

:func:`balance_rows` gives exactly the frame of the pandas path of
:func:`~tradewinds.accounting.balance.bilateral_balance` (same rows, order, dtypes
and sums, with pandas' compensated summation), or None where that path does more
than this one covers: fiscal or calendar years built from months, per-row
provisional or coverage flags, empty keys, or more rows than :data:`MAX_ROWS`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pandas as pd

from tradewinds.io.schema import TOTAL

#: above this many rows the pandas path is as quick and this one not needed
MAX_ROWS = 5_000
_KEYS = ("period", "freq", "year", "month", "exporter", "importer", "flow_reporter")
_NEEDED = (*_KEYS, "product", "value_usd", "source", "vintage")
_NEUTRAL = ("BACI", "AGTPA")


class _Sum:
    """pandas' groupby sum: Kahan-compensated, NaN skipped, 0.0 when nothing is summed."""

    __slots__ = ("comp", "total")

    def __init__(self) -> None:
        self.total = 0.0
        self.comp = 0.0

    def add(self, x: float) -> None:
        if x != x:  # NaN: skipped
            return
        y = x - self.comp
        t = self.total + y
        c = t - self.total - y
        self.comp = 0.0 if c != c else c
        self.total = t


def _like(flows: pd.DataFrame, column: str, values: list[Any]) -> Any:
    """``values`` with the dtype of ``flows[column]`` (a groupby key keeps its dtype)."""
    dtype: Any = flows[column].dtype
    return pd.array(values, dtype=dtype)


def _null(x: Any) -> bool:
    return x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x))


def balance_rows(
    flows: pd.DataFrame,
    reporter: str,
    partner: str,
    *,
    freq: str | None,
    report: str,
    periods: Sequence[str] | None,
) -> pd.DataFrame | None:
    """The balance frame of ``flows`` for the pair, or None (use the pandas path)."""
    if len(flows) > MAX_ROWS or any(c not in flows for c in _NEEDED):
        return None
    if "provisional" in flows or "coverage" in flows or flows["value_usd"].dtype != "float64":
        return None
    cols = {c: flows[c].tolist() for c in _NEEDED}
    groups: dict[tuple[Any, ...], list[int]] = {}
    for n in range(len(flows)):
        e, i = cols["exporter"][n], cols["importer"][n]
        if not ((e == reporter and i == partner) or (e == partner and i == reporter)):
            continue
        key = tuple(cols[c][n] for c in _KEYS)
        if any(_null(x) for k, x in zip(_KEYS, key, strict=True) if k != "month"):
            return None
        if _null(cols["source"][n]) or _null(cols["vintage"][n]) or _null(cols["product"][n]):
            return None
        if _null(key[3]):
            key = (*key[:3], None, *key[4:])
        groups.setdefault(key, []).append(n)
    if not groups:
        return None
    # goods_totals: per key, the rows at the shortest code length (TOTAL rows first)
    tot: list[tuple[tuple[Any, ...], float, str, str]] = []
    for key, rows in groups.items():
        lens = [0 if cols["product"][n] == TOTAL else len(cols["product"][n]) for n in rows]
        low = min(lens)
        keep = [n for n, ln in zip(rows, lens, strict=True) if ln == low]
        s = _Sum()
        for n in keep:
            s.add(float(cols["value_usd"][n]))
        tot.append((key, s.total, cols["source"][keep[0]], cols["vintage"][keep[0]]))
    # in the order of pandas' sorted groupby (a missing month last)
    tot.sort(key=lambda r: (*r[0][:3], r[0][3] is None, r[0][3] or 0, *r[0][4:]))
    avail = {r[0][6] for r in tot}
    order = {
        "reporter": [reporter, *_NEUTRAL, partner],
        "partner": [partner, *_NEUTRAL, reporter],
        "reconciled": [*_NEUTRAL, reporter, partner],
    }[report]
    who = next((w for w in order if w in avail), sorted(avail)[0])
    tot = [r for r in tot if r[0][6] == who]
    if freq in {"A", "FY"} and {r[0][1] for r in tot} != {freq}:
        return None  # years built from months: the pandas path
    # one column per direction, summed per period, reporter, source and vintage
    wide: dict[tuple[str, str, str, str], dict[str, _Sum]] = {}
    seen: set[str] = set()
    for key, value, source, vintage in tot:
        direction = "exports_usd" if key[4] == reporter else "imports_usd"
        seen.add(direction)
        cell = wide.setdefault((key[0], key[6], source, vintage), {})
        cell.setdefault(direction, _Sum()).add(value)
    out = sorted(wide.items())
    if periods is not None:
        keep_p = set(periods)
        out = [r for r in out if r[0][0] in keep_p]
    if len({r[0][0] for r in out}) != len(out) or not out:
        return None  # several rows a period (or none): pandas' sort decides the order
    nan = float("nan")

    def col(d: str) -> list[float]:
        if d not in seen:
            return [nan] * len(out)
        return [c[d].total if d in c else 0.0 for _, c in out]

    ex, im = col("exports_usd"), col("imports_usd")
    return pd.DataFrame(
        {
            "reporter": [reporter] * len(out),
            "partner": [partner] * len(out),
            "period": _like(flows, "period", [k[0] for k, _ in out]),
            "exports_usd": ex,
            "imports_usd": im,
            "total_usd": [a + b for a, b in zip(ex, im, strict=True)],
            "balance_usd": [a - b for a, b in zip(ex, im, strict=True)],
            "flow_reporter": _like(flows, "flow_reporter", [k[1] for k, _ in out]),
            "source": _like(flows, "source", [k[2] for k, _ in out]),
            "vintage": _like(flows, "vintage", [k[3] for k, _ in out]),
        }
    )
