"""Policy states: what a schedule levies on every exporter's lines on a date, or on
average over a period, and the one rate per exporter a one-sector model needs.

A *state* is a date (the measures in force for goods entered, and loaded, that day) or
a period (the mean of the daily states, every day weighted equally: the policy under
which a period's trade was made; FY2024-25 = 1 Apr 2024 … 31 Mar 2025). A period is
priced on each stretch of days between two changes of the schedule (a measure, a
product-list row or a rule of the rule table starting or ending), so the mean is exact.

Rates come from :meth:`TariffSchedule.rates_by_exporter` (the rule table of
:mod:`tradewinds.tariffs.rules`), so a line priced here has the rate ``tariffs``,
``exposure`` and every engine give it. Exporters under the same measures on a day share
one computation.

:func:`exporter_rates` turns the line rates into one rate per exporter, with the weights
stated: an exporter whose own lines and trade values are given (India's HS8 lines) gets
their trade-weighted mean; the others the simple mean over the HS6 subheadings of the
nomenclature (no product-level trade of theirs is needed). This is the rate the
one-sector GE models and the aggregate PE market use.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import Generic, Literal, TypeVar, cast

import numpy as np
import pandas as pd

from tradewinds.errors import DataValidationError
from tradewinds.io.tariff_data import load_product_list
from tradewinds.tariffs import rules as R
from tradewinds.tariffs.schedule import HS6Rule, Match, TariffSchedule

WEIGHT_LINES = "trade-weighted over its own lines"
WEIGHT_HS6 = "simple mean over the HS6 subheadings"
MAX_PERIOD_DAYS = 3 * 366  # a period longer than three years is not a policy state

_FY = re.compile(r"^(?:FY)?(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")


def period_bounds(period: str, *, fy_start_month: int = 4) -> tuple[date, date]:
    """First day and the day after the last of a period label: 'FY2024-25' (a fiscal
    year starting in ``fy_start_month``, April for India) or '2023' (a calendar year)."""
    text = str(period).strip().upper()
    m = _FY.match(text)
    if m and (int(m.group(1)) + 1) % 100 == int(m.group(2)):
        y = int(m.group(1))
        start = date(y, fy_start_month, 1)
        return start, date(y + 1, fy_start_month, 1)
    m = _YEAR.match(text)
    if m:
        y = int(m.group(1))
        return date(y, 1, 1), date(y + 1, 1, 1)
    raise DataValidationError(
        f"period {period!r} is not a fiscal year like FY2024-25 or a calendar year like 2023",
        column="period",
        fix="write FY2024-25 (April-March) or 2023",
    )


@dataclass(frozen=True)
class PolicyState:
    """A date, or a period whose days are averaged: ``start`` ≤ d < ``end``."""

    key: str
    label: str
    start: date
    end: date

    @classmethod
    def on(cls, d: date) -> PolicyState:
        return cls(d.isoformat(), f"{d.day} {d:%b %Y}", d, d + timedelta(days=1))

    @classmethod
    def over(cls, period: str, *, fy_start_month: int = 4) -> PolicyState:
        a, b = period_bounds(period, fy_start_month=fy_start_month)
        return cls(str(period), f"{period} (mean of its days)", a, b)

    @classmethod
    def end_of(cls, period: str, *, fy_start_month: int = 4) -> PolicyState:
        _, b = period_bounds(period, fy_start_month=fy_start_month)
        d = b - timedelta(days=1)
        return cls(d.isoformat(), f"{d.day} {d:%b %Y} (last day of {period})", d, b)

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    @property
    def is_period(self) -> bool:
        return self.days > 1


def change_dates(schedule: TariffSchedule, start: date, end: date) -> tuple[date, ...]:
    """Days ``start`` < d < ``end`` on which something of the schedule changes: a measure
    starts or ends, a row of one of its product lists starts or ends, a rule of the rule
    table starts or ends."""
    found: set[date] = set()
    lists: set[str] = set()
    for m in schedule.measures:
        found.add(m.from_)
        if m.to is not None:
            found.add(m.to)
        lists |= {e[5:] for e in [*m.products, *m.exempt] if e.startswith("list:")}
    for name in lists:
        t = load_product_list(name)
        found |= set(t["effective_from"])
        found |= {d for d in t["effective_to"] if d is not None}
    for r in R.RULES:
        found |= {d for d in (r.from_, r.to) if d is not None}
    return tuple(sorted(d for d in found if start < d < end))


def intervals(schedule: TariffSchedule, state: PolicyState) -> list[tuple[date, float]]:
    """(first day, share of the state's days) of each stretch over which nothing changes."""
    if state.days > MAX_PERIOD_DAYS:
        raise DataValidationError(
            f"{state.label}: {state.days} days is longer than {MAX_PERIOD_DAYS}",
            column="period",
            fix="average over a year or a few (one fiscal or calendar year)",
        )
    cuts = [state.start, *change_dates(schedule, state.start, state.end), state.end]
    return [(a, (b - a).days / state.days) for a, b in itertools.pairwise(cuts)]


def _expand(grouped: np.ndarray, column: np.ndarray) -> np.ndarray:
    """Products × exporters from one column per group, C-ordered as the sums were
    (``a[:, idx]`` is F-ordered, and a matrix product over it may round differently)."""
    return np.take(grouped, column, axis=1)


@dataclass(frozen=True)
class StateRates:
    """Each exporter's rate on each product in one state (a period: the days-weighted
    mean). ``rate``, ``banned`` (share of the days banned) and ``conditional`` (a
    measure with a condition the data cannot check applies on some day) are
    products × exporters.

    Held as one column per group of exporters under the same measures (``grouped``,
    ``column`` the group of each exporter): the full arrays are built on first use, and
    one exporter's column (:meth:`of`, :meth:`column`) never needs them."""

    state: PolicyState
    products: tuple[str, ...]
    exporters: tuple[str, ...]
    grouped: tuple[np.ndarray, np.ndarray, np.ndarray] = field(repr=False)
    column: np.ndarray = field(repr=False)

    @cached_property
    def rate(self) -> np.ndarray:
        return _expand(self.grouped[0], self.column)

    @cached_property
    def banned(self) -> np.ndarray:
        return _expand(self.grouped[1], self.column)

    @cached_property
    def conditional(self) -> np.ndarray:
        return _expand(self.grouped[2], self.column)

    def col(self, k: int, which: int = 0) -> np.ndarray:
        """Exporter ``k``'s column of rate (0), banned (1) or conditional (2)."""
        return self.grouped[which][:, self.column[k]]

    def of(self, exporter: str) -> np.ndarray:
        return self.col(self.exporters.index(exporter))

    def banned_of(self, exporter: str) -> np.ndarray:
        return self.col(self.exporters.index(exporter), 1)

    def weighted(self, weights: Mapping[str, float], *, exclude: Sequence[str] = ()) -> np.ndarray:
        """Per product: the mean rate of the exporters in ``weights`` (by exporter, e.g.
        their imports into the market), weighted, leaving out ``exclude``: the rate the
        'rest of the world' pays."""
        w = np.array([0.0 if e in exclude else float(weights.get(e, 0.0)) for e in self.exporters])
        if not w.sum() > 0:
            return np.zeros(len(self.products))
        return self.rate @ (w / w.sum())

    def wide(self) -> pd.DataFrame:
        """``rate`` as a products × exporters frame."""
        return pd.DataFrame(self.rate, index=list(self.products), columns=list(self.exporters))

    def frame(self) -> pd.DataFrame:
        """Long: exporter, product, additional_rate, banned_share, conditional."""
        P, E = self.rate.shape
        return pd.DataFrame(
            {
                "exporter": np.repeat(np.array(self.exporters, dtype=object), P),
                "product": np.tile(np.array(self.products, dtype=object), E),
                "additional_rate": self.rate.T.ravel(),
                "banned_share": self.banned.T.ravel(),
                "conditional": self.conditional.T.ravel(),
            }
        )


Conditions = Literal["met", "not_met"]


def without_conditions(schedule: TariffSchedule) -> TariffSchedule:
    """The schedule without the measures whose condition the data cannot check (as if
    every good met it: USMCA-qualifying goods pay no border duty)."""
    drop = [m.id for m in schedule.measures if m.condition]
    return schedule.with_changes(remove=drop) if drop else schedule


# a day's rates: (rate, banned, conditional) as products × representatives (one column
# per distinct set of measures in force), and each exporter's representative
DayRates = tuple[np.ndarray, np.ndarray, np.ndarray, tuple[int, ...]]
# one measure set's (rate, banned, conditional) on a day, by product
SetRates = tuple[np.ndarray, np.ndarray, np.ndarray]
V = TypeVar("V", DayRates, SetRates)
DayCache = dict[tuple[object, ...], DayRates]


def _schedule_key(schedule: TariffSchedule) -> tuple[object, ...]:
    """What a schedule's rates depend on: its importer and every measure as written
    (a scenario's added measure may reuse an id with other content)."""
    return (
        schedule.name,
        schedule.importer,
        tuple(m.model_dump_json() for m in schedule.measures),
    )


class _Kept(Generic[V]):
    """Rates already priced, kept for the process: the runs of one command (the case
    report's scenarios, its backtest and oil trade-off, a sweep's points) price the same
    schedule on the same lines and days again. Rates are a pure function of the key
    (schedule content, exporters, products, day, match, hs6 rule, halts; the rule table
    and product lists are the package's own); least recently used days are dropped over
    ``max_bytes``."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.nbytes = 0
        self._d: dict[tuple[object, ...], V] = {}
        self._lock = threading.Lock()  # the dashboard runs scenarios on a thread pool

    @staticmethod
    def _size(v: V) -> int:
        return int(v[0].nbytes + v[1].nbytes + v[2].nbytes)

    def get(self, key: tuple[object, ...]) -> V | None:
        with self._lock:
            v = self._d.pop(key, None)
            if v is not None:
                self._d[key] = v  # most recently used last
            return v

    def put(self, key: tuple[object, ...], value: V) -> None:
        size = self._size(value)
        if size > self.max_bytes:
            return
        for a in value[:3]:
            a.flags.writeable = False  # shared by every caller: never changed in place
        with self._lock:
            old = self._d.pop(key, None)
            if old is not None:
                self.nbytes -= self._size(old)
            while self._d and self.nbytes + size > self.max_bytes:
                first = next(iter(self._d))
                self.nbytes -= self._size(self._d.pop(first))
            self._d[key] = value
            self.nbytes += size

    def clear(self) -> None:
        with self._lock:
            self._d.clear()
            self.nbytes = 0


_DAYS: _Kept[DayRates] = _Kept(max_bytes=128 * 2**20)  # the case keeps ~30 MB
_SETS: _Kept[SetRates] = _Kept(max_bytes=64 * 2**20)  # the case keeps ~18 MB


def _rates_on(
    schedule: TariffSchedule,
    exporters: tuple[str, ...],
    products: pd.Series,
    on: date,
    *,
    match: Match,
    hs6_rule: HS6Rule,
    halted: Sequence[tuple[str, str, str]],
    ident: tuple[object, ...],
) -> DayRates:
    """(rate, banned, conditional) on one day, products × representatives, and the
    representative of each exporter: one ``rates_by_exporter`` row set per distinct set
    of measures in force (exporters under the same measures pay the same rates).
    ``ident``: the schedule's key and the products, for the rates kept per set."""
    sets: dict[tuple[str, ...], str] = {}
    rep_of: list[str] = []
    for e in exporters:
        key = tuple(m.id for m in schedule.in_force(e, on, halted=halted))
        rep_of.append(sets.setdefault(key, e))
    reps = list(dict.fromkeys(rep_of))
    set_of = {e: k for k, e in sets.items()}
    # a measure set's rates do not depend on who pays them: kept per set, so another
    # list of exporters (the GE models' 194 against the lines' 193) reuses them
    got = {e: _SETS.get((*ident, on, match, hs6_rule, set_of[e])) for e in reps}
    todo = [e for e in reps if got[e] is None]
    if todo:
        cols = schedule.central_rates(
            todo, products, on, match=match, hs6_rule=hs6_rule, halted=halted
        )
        for e, (rate, banned, cond, _) in zip(todo, cols, strict=True):
            one = (rate.astype(float), banned.astype(bool), cond.astype(bool))
            _SETS.put((*ident, on, match, hs6_rule, set_of[e]), one)
            got[e] = one
    col = {e: k for k, e in enumerate(reps)}

    def grid(k: int) -> np.ndarray:
        return np.column_stack([cast("SetRates", got[e])[k] for e in reps])

    idx = tuple(col[x] for x in rep_of)
    return grid(0), grid(1), grid(2), idx


def state_rates(
    schedule: TariffSchedule,
    exporters: Sequence[str],
    products: Sequence[str] | pd.Series,
    state: PolicyState,
    *,
    match: Match = "exact",
    hs6_rule: HS6Rule = "any",
    halted: Sequence[tuple[str, str, str]] = (),
    conditions: Conditions = "not_met",
    cache: DayCache | None = None,
) -> StateRates:
    """Every exporter's rate on every product in ``state`` (a period: the days-weighted
    mean over its stretches). ``conditions``: measures with a condition the data cannot
    check (goods of Canada and Mexico not qualifying under USMCA) are levied on every good
    (``"not_met"``, the upper bound ``line_rates`` shows) or on none (``"met"``).
    ``cache`` (a dict the caller keeps) reuses the days already priced for the same
    schedule, exporters, products and halts.

    Exporters that share their representative on every day of the state have the same
    mean: it is summed once for them (the same sum, in the same order, as exporter by
    exporter) and copied to each at the end."""
    if conditions == "met":
        schedule = without_conditions(schedule)
    prods = pd.Series(pd.unique(pd.Series(products, dtype="string")), dtype="string")
    exps = tuple(dict.fromkeys(str(e) for e in exporters))
    P = len(prods)
    sched_key = _schedule_key(schedule)
    prods_key = tuple(prods.to_numpy(dtype=object))  # (not str by str from Arrow)
    ident = (*sched_key, exps, prods_key)
    days = intervals(schedule, state) if state.is_period else [(state.start, 1.0)]
    got: list[DayRates] = []
    for day, _ in days:
        key = (*ident, match, hs6_rule, tuple(halted), day)
        hit = cache.get(key) if cache is not None else None
        if hit is None:
            hit = _DAYS.get(key)
        if hit is None:
            hit = _rates_on(
                schedule,
                exps,
                prods,
                day,
                match=match,
                hs6_rule=hs6_rule,
                halted=halted,
                ident=(*sched_key, prods_key),
            )
            _DAYS.put(key, hit)
        if cache is not None:
            cache[key] = hit
        got.append(hit)
    # exporters with the same representative on every day: one column of the sums
    signature = list(zip(*(g[3] for g in got), strict=True)) if got else []
    groups: dict[tuple[int, ...], int] = {}
    col_of = np.array([groups.setdefault(sig, len(groups)) for sig in signature], dtype=np.intp)
    reps = list(groups)  # per group, its representative's column on each day
    G = len(reps)
    rate = np.zeros((P, G))
    banned = np.zeros((P, G))
    cond = np.zeros((P, G), dtype=bool)
    for k, ((_, w), (a, b, c, _)) in enumerate(zip(days, got, strict=True)):
        sel = [sig[k] for sig in reps]
        rate += w * a[:, sel]
        banned += w * b[:, sel]
        cond |= c[:, sel]
    return StateRates(state, prods_key, exps, (rate, banned, cond), col_of)


def exporter_rates(
    rates: StateRates,
    *,
    own: Mapping[str, tuple[StateRates, pd.Series]] | None = None,
) -> pd.DataFrame:
    """One rate per exporter: ``rates`` on the HS6 subheadings (their simple mean), and
    for the exporters in ``own`` (exporter → (its line rates, its trade value per line in
    the same order)) the trade-weighted mean over those lines. Columns: exporter, rate,
    weighting, lines, conditional_share (share of the lines, by the same weights, under a
    condition the data cannot check: the rate is then an upper bound)."""
    rows = []
    own = own or {}
    for k, e in enumerate(rates.exporters):
        if e in own:
            lr, v = own[e]
            w = np.asarray(v, dtype=float)
            r = lr.of(e)
            c = lr.col(lr.exporters.index(e), 2)
            tot = w.sum()
            rate = float((r * w).sum() / tot) if tot > 0 else float(r.mean())
            cshare = float((c * w).sum() / tot) if tot > 0 else float(c.mean())
            rows.append((e, rate, WEIGHT_LINES, len(r), cshare))
        else:
            col = rates.col(k)
            rows.append(
                (
                    e,
                    float(col.mean()) if len(col) else 0.0,
                    WEIGHT_HS6,
                    len(col),
                    float(rates.col(k, 2).mean()) if len(col) else 0.0,
                )
            )
    return pd.DataFrame(
        rows, columns=["exporter", "rate", "weighting", "lines", "conditional_share"]
    )


def days_in_force(
    schedule: TariffSchedule, exporter: str, on: date, period: PolicyState
) -> tuple[int, date | None, date | None]:
    """On how many days of ``period`` the exporter faced exactly the measures in force on
    ``on`` (same measures; their lists may differ by day), and the first and last of
    those days."""
    want = {m.id for m in schedule.in_force(exporter, on)}
    days = 0
    first: date | None = None
    last: date | None = None
    cuts = [period.start, *change_dates(schedule, period.start, period.end), period.end]
    for a, b in itertools.pairwise(cuts):
        if {m.id for m in schedule.in_force(exporter, a)} == want:
            days += (b - a).days
            first = first or a
            last = b - timedelta(days=1)
    return days, first, last
