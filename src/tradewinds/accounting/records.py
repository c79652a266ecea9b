"""Growth and records that respect coverage: "a record", "the highest since …", "up X%".

A level can be read from any dataset; a trend cannot. Growth, records and "highest
since" compare periods, so they are computed only where every period compared is
*complete* (a dataset whose coverage is complete for that period: official totals, a
full BACI year; not the partial EIDB lines) and consecutive (no missing period in
between). Partial periods give levels only, unless the caller asks with
``allow_partial=True`` (and then says so). "Highest since" is said only of a rise
(a year that fell is not "the highest since" anything), "lowest since" only of a fall.

Periods must sort in time order as strings ('2023', '2024-04', 'FY2024-25' do).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import pandas as pd

from tradewinds.errors import DataValidationError

PARTIAL_NOTE = "partial coverage: level only (no growth, record or trend)"
PARTIAL_ALLOWED_NOTE = "partial coverage: compared anyway (allow_partial)"


def period_ordinal(label: str) -> int | None:
    """A number that grows by one per period: 'FY2024-25' → 2024, '2023' → 2023,
    '2024-04' → 2024·12 + 3; None for a label of another form (no gap check)."""
    s = str(label)
    m = re.fullmatch(r"FY(\d{4})-\d{2}", s)
    if m:
        return int(m.group(1))
    if re.fullmatch(r"\d{4}", s):
        return int(s)
    m = re.fullmatch(r"(\d{4})-(\d{2})", s)
    if m and 1 <= int(m.group(2)) <= 12:
        return int(m.group(1)) * 12 + int(m.group(2)) - 1
    return None


def _consecutive(a: str, b: str) -> bool:
    oa, ob = period_ordinal(a), period_ordinal(b)
    return oa is None or ob is None or ob == oa + 1


def _complete_flags(g: pd.DataFrame, complete: str | bool) -> np.ndarray:
    if isinstance(complete, bool):
        return np.full(len(g), complete)
    if complete not in g:
        raise DataValidationError(
            f"no column {complete!r} to tell complete from partial periods",
            column=complete,
            fix="pass complete=True/False for the whole frame or the name of a boolean column",
        )
    col = g[complete]
    if col.dtype == object or pd.api.types.is_string_dtype(col):
        return ~col.fillna("partial").astype(str).str.lower().str.startswith("partial").to_numpy()
    return col.fillna(False).astype(bool).to_numpy()


def growth_and_records(
    frame: pd.DataFrame,
    value: str,
    *,
    period: str = "period",
    by: Sequence[str] = (),
    complete: str | bool = True,
    allow_partial: bool = False,
) -> pd.DataFrame:
    """Add ``growth_pct`` (on the previous period), ``is_record_high``, ``is_record_low``,
    ``highest_since`` / ``lowest_since`` and ``trend_note``.

    ``complete``: True/False for the whole frame, or the name of a column (boolean, or
    text where values starting with "partial" are partial) telling per period whether
    coverage is complete. Rules:

    - growth at t needs t and t−1 complete (or ``allow_partial``), consecutive, t−1 ≠ 0;
    - a record high at t is a value above every earlier period, all complete and without
      gaps from the first period on; over a shorter complete run it is not called a record;
    - ``highest_since`` is filled only for a rise: the last earlier period (in the complete
      run) with a value at least as high; ``lowest_since`` only for a fall;
    - partial periods keep their level; the flags stay empty and ``trend_note`` says why.
    """
    parts = []
    groups = frame.groupby(list(by), sort=False) if by else [((), frame)]
    for _, g in groups:
        g = g.sort_values(period).copy()
        v = g[value].to_numpy(dtype=float)
        labels = g[period].astype(str).tolist()
        ok = _complete_flags(g, complete)
        usable = ok | allow_partial
        n = len(v)
        growth = np.full(n, np.nan)
        rec_hi = np.zeros(n, dtype=bool)
        rec_lo = np.zeros(n, dtype=bool)
        hi_since = [""] * n
        lo_since = [""] * n
        notes = [""] * n
        start = 0  # first period of the current complete, consecutive run
        for k in range(n):
            if not usable[k] or not math.isfinite(v[k]):
                notes[k] = PARTIAL_NOTE if not usable[k] else "no value"
                start = k + 1
                continue
            if not ok[k]:
                notes[k] = PARTIAL_ALLOWED_NOTE
            if k > start and not _consecutive(labels[k - 1], labels[k]):
                start = k
                notes[k] = notes[k] or f"gap before {labels[k]}: not compared with earlier periods"
            if k == start:
                continue
            prev = v[k - 1]
            if prev != 0 and math.isfinite(prev):
                with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
                    growth[k] = 100.0 * (v[k] / prev - 1.0)
            earlier = v[start:k]
            whole = start == 0
            if v[k] > prev:
                hi = np.flatnonzero(earlier >= v[k])
                if hi.size:
                    hi_since[k] = labels[start + hi[-1]]
                elif whole:
                    rec_hi[k] = True
                else:
                    notes[k] = notes[k] or (
                        f"highest of the complete periods {labels[start]} … {labels[k]} only "
                        "(earlier periods are partial or missing: not a record)"
                    )
            elif v[k] < prev:
                lo = np.flatnonzero(earlier <= v[k])
                if lo.size:
                    lo_since[k] = labels[start + lo[-1]]
                elif whole:
                    rec_lo[k] = True
        g["growth_pct"] = growth
        g["is_record_high"] = rec_hi
        g["is_record_low"] = rec_lo
        g["highest_since"] = hi_since
        g["lowest_since"] = lo_since
        g["trend_note"] = notes
        parts.append(g)
    if not parts:
        return frame.assign(
            growth_pct=[],
            is_record_high=[],
            is_record_low=[],
            highest_since=[],
            lowest_since=[],
            trend_note=[],
        )
    return pd.concat(parts).reset_index(drop=True)


@dataclass(frozen=True, slots=True)
class RecordCheck:
    """Is ``period`` the highest of a series? Computed only on complete periods."""

    period: str
    value: float
    is_record: bool | None  # above every earlier period; None: cannot tell (partial, gaps)
    rank: int | None  # 1 = highest of the whole series (later periods included)
    first: str
    last: str
    n_periods: int
    higher: tuple[tuple[str, float], ...]  # periods above it, with values
    highest_since: str
    provisional: tuple[str, ...]  # provisional periods in the series
    statement: str


RECORD = "record"  # "highest since": higher than every earlier period of the data


def highest_since_text(frame: pd.DataFrame) -> list[str]:
    """The "highest since" of each row for a table: the period the value last reached,
    or "record" where it is higher than every earlier period (``is_record_high``), so a
    record is not shown as a blank cell; blank for a fall or no comparison."""
    since = frame["highest_since"].astype(object).where(frame["highest_since"].notna(), "")
    if "is_record_high" not in frame:
        return [str(s) for s in since]
    record = frame["is_record_high"].astype(object).fillna(False).astype(bool)
    return [RECORD if r else str(s) for s, r in zip(since, record, strict=True)]


def record_check(
    frame: pd.DataFrame,
    value: str,
    at: str,
    *,
    period: str = "period",
    complete: str | bool = True,
    provisional: str | None = "provisional",
    allow_partial: bool = False,
    unit_label: str = "",
    scale: float = 1.0,
) -> RecordCheck:
    """Whether ``at`` was a record: its ``value`` above every earlier period of ``frame``
    (all complete, no gaps). Later periods are looked at too: a record beaten since is
    said so, and ``rank`` is over the whole series. Partial coverage gives
    ``is_record=None`` unless ``allow_partial``. ``scale`` divides values in the
    statement (1e9 → bn)."""
    f = frame.sort_values(period).reset_index(drop=True)
    labels = f[period].astype(str).tolist()
    if at not in labels:
        return RecordCheck(
            at,
            math.nan,
            None,
            None,
            labels[0] if labels else "",
            labels[-1] if labels else "",
            len(labels),
            (),
            "",
            (),
            f"{at} is not in the series ({', '.join(labels[:1] + labels[-1:])})",
        )
    ok = _complete_flags(f, complete) | allow_partial
    prov = (
        tuple(lab for lab, p in zip(labels, f[provisional].fillna(False), strict=True) if p)
        if provisional and provisional in f
        else ()
    )
    v = f[value].to_numpy(dtype=float)
    k = labels.index(at)
    if not ok.all():
        bad = [lab for lab, o in zip(labels, ok, strict=True) if not o]
        return RecordCheck(
            at,
            float(v[k]),
            None,
            None,
            labels[0],
            labels[-1],
            len(labels),
            (),
            "",
            prov,
            "cannot tell whether it is a record: coverage is partial in "
            + ", ".join(bad[:4])
            + (" …" if len(bad) > 4 else ""),
        )
    gaps = [b for a, b in pairwise(labels) if not _consecutive(a, b)]
    higher = tuple((labels[j], float(v[j])) for j in range(len(v)) if v[j] > v[k])
    rank = 1 + len(higher)
    before = [j for j in range(k) if v[j] >= v[k]]  # a tie is not a new record
    later = [labels[j] for j in range(k + 1, len(v)) if v[j] > v[k]]
    since = labels[before[-1]] if before and k > 0 and v[k] > v[k - 1] else ""
    fmt = lambda x: f"{x / scale:,.2f}{unit_label}"  # noqa: E731
    span = f"{labels[0]} … {labels[-1]}"
    gap_note = f" (gaps before {', '.join(gaps)})" if gaps else ""
    if k == 0:
        is_record: bool | None = None
        text = f"{at} is the first period of the series: nothing to compare it with"
    elif gaps:
        is_record = None
        text = f"cannot tell whether {at} is a record: the series has gaps{gap_note}"
    elif not before and not later:
        is_record = True
        text = f"{at} ({fmt(v[k])}) is the highest of {span}"
    elif not before:
        is_record = True
        text = (
            f"{at} ({fmt(v[k])}) was a record when reached (the highest of {labels[0]} … "
            f"{at}); beaten since in {', '.join(later)}"
        )
    else:
        is_record = False
        top = max(((labels[j], float(v[j])) for j in before), key=lambda t: t[1])
        text = f"{at} ({fmt(v[k])}) is not a record: {top[0]} was higher ({fmt(top[1])})" + (
            f"; the highest since {since}" if since else ""
        )
    if prov:
        text += f"; {', '.join(prov)} provisional"
    return RecordCheck(
        at,
        float(v[k]),
        is_record,
        rank,
        labels[0],
        labels[-1],
        len(labels),
        higher,
        since,
        prov,
        text,
    )


def change_since(
    frame: pd.DataFrame,
    value: str,
    at: str,
    *,
    period: str = "period",
    complete: str | bool = True,
    provisional: str | None = "provisional",
    allow_partial: bool = False,
) -> pd.DataFrame:
    """What happened after ``at``: each later period's value and its change on ``at``
    (``change_pct``), with the provisional flag. Later periods with partial coverage get
    their level but no change (unless ``allow_partial``)."""
    f = frame.sort_values(period).reset_index(drop=True)
    labels = f[period].astype(str)
    if at not in set(labels):
        return pd.DataFrame(columns=["period", value, "change_pct", "provisional", "note"])
    ok = _complete_flags(f, complete) | allow_partial
    base_ok = bool(ok[labels.tolist().index(at)])
    base = float(f.loc[labels == at, value].iloc[0])
    later = f[labels > at].copy()
    later_ok = ok[(labels > at).to_numpy()]
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        ch = 100.0 * (later[value].to_numpy(dtype=float) / base - 1.0)
    later["change_pct"] = np.where(later_ok & base_ok & (base != 0), ch, np.nan)
    later["provisional"] = (
        later[provisional].fillna(False).astype(bool)
        if provisional and provisional in later
        else False
    )
    later["note"] = np.where(later_ok & base_ok, "", PARTIAL_NOTE)
    return later[[period, value, "change_pct", "provisional", "note"]].reset_index(drop=True)
