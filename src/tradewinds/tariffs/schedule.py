"""A tariff schedule: measures in force on a date, combined line by line by the rule table.

Effective rate of a line = MFN (when a schedule is shipped; here it is not, so
``mfn_rate`` is null and the effective rate counts the additional measures only)
+ the additional duties of the measures that reach it: in force on the entry date,
levied on the exporter, covering the product, not exempting it. How the measures of
different legal programs meet on one line (232 autos instead of 232 steel, the 232
metal duties on their metal content and the reciprocal duty on the rest, the Russia-oil
duty on top of the reciprocal one …) is the rule table of :mod:`tradewinds.tariffs.rules`,
applied here once for every caller. A measure that *replaces* sets the rate alone; an
embargo bans the line.

Products are matched as prefixes. ``match="exact"``: the codes are the importer's
own tariff lines (HTS for the US). ``match="hs6"``: the codes come from another
nomenclature (India's ITC-HS 8-digit lines), which agrees with the HTS only to six
digits; a list entry longer than six digits then reaches the line only "partially",
and the result says so (``partial``, ``rate_low``/``rate_high``) instead of guessing
(:data:`tradewinds.tariffs.rules.HS6_RULE`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Literal

import numpy as np
import pandas as pd

from tradewinds.errors import ScenarioError
from tradewinds.io.tariff_data import load_product_list
from tradewinds.tariffs import rules as R
from tradewinds.tariffs.measures import ALL, TariffMeasure

Match = Literal["exact", "hs6"]
HS6Rule = Literal["any", "strict"]

# levied-on codes in the per-line details
_BASE_NONE, _BASE_VALUE, _BASE_METAL, _BASE_REST = 0, 1, 2, 3
_BASE_LABEL = {_BASE_VALUE: "value", _BASE_METAL: "metal content", _BASE_REST: "non-metal content"}


def _whole_hs6(code: str) -> str:
    """An 8/10-digit code whose digits after the sixth are all zeros is, by HTS convention,
    not subdivided below its HS6: it stands for the HS6."""
    return code[:6] if len(code) > 6 and set(code[6:]) == {"0"} else code


class _Codes:
    """The lines to match, keyed once per call: prefixes of each length are cached.
    Matching is set membership over plain strings (a product list holds thousands of
    codes; Arrow's ``isin`` rebuilt its value set on every call)."""

    def __init__(self, products: pd.Series, how: Match) -> None:
        p = pd.Series(np.asarray(products, dtype=object)).astype(str)
        self.chapter = p.str[:2].to_numpy()
        if how == "hs6":
            key = p.where(p.str.len() <= 6, p.str[:6])
        else:
            longer = p.str.len() > 6
            zeros = longer & p.str[6:].str.fullmatch(r"0+").fillna(False).astype(bool)
            key = p.where(~zeros, p.str[:6])
        self.key = key.reset_index(drop=True)
        self._keys: list[str] = [str(k) for k in self.key]
        self.klen = np.fromiter(map(len, self._keys), dtype=np.int64, count=len(self._keys))
        self.lengths = sorted(set(self.klen.tolist()))
        self.n = len(self._keys)
        self._pref: dict[int, list[str]] = {}
        self._reach: dict[PrefixSet, Reach] = {}

    def reach_of(self, ps: PrefixSet) -> Reach:
        """Where ``ps`` reaches these lines, once per distinct prefix set (a product list
        stands the same on most days of a period)."""
        r = self._reach.get(ps)
        if r is None:
            r = ps.reach(self)
            for a in (r.any, r.strict, r.use):
                a.flags.writeable = False  # shared by every day and exporter
            self._reach[ps] = r
        return r

    def prefix(self, length: int) -> list[str]:
        if length not in self._pref:
            self._pref[length] = [k[:length] for k in self._keys]
        return self._pref[length]

    def _isin(self, values: list[str], wanted: set[str]) -> np.ndarray:
        return np.fromiter((v in wanted for v in values), dtype=bool, count=self.n)

    def hits(self, entries: Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
        """(full, part): lines whose key starts with an entry; lines whose key is a
        shorter prefix of an entry (the entry covers part of the line)."""
        full = np.zeros(self.n, dtype=bool)
        part = np.zeros(self.n, dtype=bool)
        by_len: dict[int, set[str]] = {}
        for e in entries:
            by_len.setdefault(len(e), set()).add(e)
        for L, pref in by_len.items():
            if L == 0:
                full[:] = True
                continue
            full |= (self.klen >= L) & self._isin(self.prefix(L), pref)
            for k in self.lengths:
                if k < L:
                    part |= (self.klen == k) & self._isin(self._keys, {c[:k] for c in pref})
        return full, part & ~full


_CODES: dict[tuple[object, ...], _Codes] = {}
_CODES_LOCK = threading.Lock()
_CODES_KEEP = 16  # product lists kept (the case uses 4: lines, HS6, market HS6, ICIO)


def _codes_of(prods: pd.Series, how: Match) -> _Codes:
    """The keyed lines of ``prods``, shared by every call on the same products (with the
    reach of every product list on them)."""
    key = (how, tuple(prods.tolist()))
    with _CODES_LOCK:
        hit = _CODES.pop(key, None)
        if hit is None:
            hit = _Codes(prods, how)
        _CODES[key] = hit  # most recently used last
        while len(_CODES) > _CODES_KEEP:
            _CODES.pop(next(iter(_CODES)))
        return hit


@dataclass(frozen=True)
class Reach:
    """Where a product list reaches the lines: under ``hs6_rule="any"``, under
    ``"strict"``, and only for one end use (never in the central rate)."""

    any: np.ndarray
    strict: np.ndarray
    use: np.ndarray

    def get(self, rule: HS6Rule, with_use: bool = False) -> np.ndarray:
        r = self.any if rule == "any" else self.strict
        return r | self.use if with_use else r

    @property
    def partial(self) -> np.ndarray:
        return (self.any != self.strict) | (self.use & ~self.any)


@dataclass(frozen=True)
class PrefixSet:
    """Prefixes (with per-code start dates and exclusions) matched against codes."""

    codes: tuple[str, ...]
    starts: tuple[date | None, ...]
    excluded: frozenset[str] = frozenset()
    use: frozenset[str] = frozenset()

    @classmethod
    def build(cls, entries: Iterable[str], as_of: date) -> PrefixSet:
        return _prefix_set(tuple(entries), as_of)

    def reach(self, codes: _Codes) -> Reach:
        norm = [_whole_hs6(c) for c in self.codes]
        full, part = codes.hits(norm)
        ufull, upart = codes.hits(_whole_hs6(c) for c in self.use)
        if self.excluded:
            xfull, xpart = codes.hits(_whole_hs6(c) for c in self.excluded)
        else:
            xfull = xpart = np.zeros(codes.n, dtype=bool)
        any_ = (full | part) & ~xfull
        strict = full & ~xfull & ~xpart
        use = (ufull | upart) & ~xfull & ~any_
        return Reach(any_, strict, use)

    def match(self, products: pd.Series, how: Match) -> tuple[np.ndarray, np.ndarray]:
        """(covered, partial) boolean arrays for each product code."""
        r = self.reach(_Codes(pd.Series(products), how))
        return r.strict, r.partial


@lru_cache(maxsize=512)
def _prefix_set(entries: tuple[str, ...], as_of: date) -> PrefixSet:
    codes: list[str] = []
    excluded: set[str] = set()
    use: set[str] = set()
    for e in entries:
        if e == ALL:
            codes.append("")
        elif e.startswith("list:"):
            t = load_product_list(e[5:])
            live = t[
                (t["effective_from"] <= as_of)
                & t["effective_to"].map(lambda d: d is None or as_of < d).astype(bool)
            ]
            keep = live[~live["excluded"]]
            codes += keep.loc[keep["scope"] == "line", "code"].tolist()
            use |= set(keep.loc[keep["scope"] == "use", "code"])
            excluded |= set(live.loc[live["excluded"], "code"])
        else:
            codes.append(e)
    return PrefixSet(tuple(codes), tuple(None for _ in codes), frozenset(excluded), frozenset(use))


@dataclass(frozen=True)
class _Ask:
    """What a rate query asks, whatever the exporter."""

    on: date
    hs6_rule: HS6Rule
    loaded: date | None
    halted: Sequence[tuple[str, str, str]]
    metal_share: float | None


@dataclass
class _Combined:
    """The rate of each line as A + B·S (S: the share of value the metal duties are
    levied on), the lines banned, and what applied where (for the details)."""

    A: np.ndarray
    B: np.ndarray
    banned: np.ndarray
    applied: dict[str, np.ndarray]
    base: dict[str, np.ndarray]
    covered: dict[str, np.ndarray]
    exempt: dict[str, np.ndarray]
    mfn_dependent: np.ndarray
    conditional: np.ndarray
    share: tuple[np.ndarray, np.ndarray, np.ndarray]

    def rate(self, s: np.ndarray) -> np.ndarray:
        return self.A + self.B * s


@dataclass(frozen=True)
class TariffSchedule:
    name: str
    importer: str
    measures: tuple[TariffMeasure, ...]
    description: str = ""
    source_file: str = ""
    notes: tuple[str, ...] = field(default=())

    # ---------------------------------------------------------------- queries
    def measure(self, measure_id: str) -> TariffMeasure:
        for m in self.measures:
            if m.id == measure_id:
                return m
        import difflib

        from tradewinds.errors import UnknownCodeError

        raise UnknownCodeError(
            "measure",
            measure_id,
            suggestions=difflib.get_close_matches(measure_id, [m.id for m in self.measures], n=3),
        )

    def in_force(
        self,
        exporter: str,
        on: date,
        *,
        loaded: date | None = None,
        halted: Sequence[tuple[str, str, str]] = (),
    ) -> list[TariffMeasure]:
        """Measures levied on ``exporter``'s goods entering on ``on``.

        ``halted``: (country, imports_from, product prefix) trades that have stopped;
        a secondary tariff whose whole trigger has stopped no longer applies. Within a
        program, a measure naming the exporter on all products replaces the
        all-exporters measure (rule table, 'overrides': India's Annex I rate instead of
        the 10% baseline; goods in transit keep the 10% when the country rate is not in
        force for them)."""
        out = []
        for m in self.measures:
            if not (m.reaches(exporter) and m.in_force(on, loaded=loaded)):
                continue
            if m.kind == "secondary" and m.trigger is not None:
                t = m.trigger
                stopped = all(
                    any(
                        h[0] == t.country and h[1] == t.imports_from and p.startswith(h[2])
                        for h in halted
                    )
                    for p in t.products
                )
                if stopped:
                    continue
            out.append(m)
        whole = {m.program for m in out if m.program and m.names_exporter and m.products == [ALL]}
        return [m for m in out if not (m.program in whole and not m.names_exporter)]

    def with_changes(
        self, add: Sequence[TariffMeasure] = (), remove: Sequence[str] = ()
    ) -> TariffSchedule:
        ids = {m.id for m in self.measures}
        for r in remove:
            if r not in ids:
                raise ScenarioError(
                    f"no measure {r!r} in schedule {self.name!r}",
                    field="remove",
                    fix=f"use one of {sorted(ids)}",
                )
        kept = [m for m in self.measures if m.id not in set(remove)]
        for m in add:
            if m.id in {k.id for k in kept}:
                raise ScenarioError(
                    f"measure id {m.id!r} is already in the schedule",
                    field="add.id",
                    fix="give the new measure another id",
                )
        return TariffSchedule(
            self.name, self.importer, (*kept, *add), self.description, self.source_file, self.notes
        )

    # ------------------------------------------------------------------ rates
    def line_rates(
        self,
        exporter: str,
        products: Sequence[str] | pd.Series,
        on: date,
        *,
        match: Match = "exact",
        hs6_rule: HS6Rule = "any",
        loaded: date | None = None,
        halted: Sequence[tuple[str, str, str]] = (),
        details: bool = True,
        metal_share: float | None = None,
    ) -> pd.DataFrame:
        """One row per distinct product: product, mfn_rate (null: no MFN schedule shipped),
        additional_rate, effective_rate, banned, partial, measures (list of dicts: the
        measures that apply, each with ``levied_on``: value, metal content or non-metal
        content), exempt_from (ids of measures whose exemption lists cover the line),
        displaced (ids of measures in force on the line that the rule table takes out),
        rate_low and rate_high (the rate under the other hs6 rule, the end-use entries and
        a metal content anywhere between 0 and 1), metal_share (the share of value the
        232 metal duties are levied on; NaN where none applies), mfn_dependent (a measure
        that tops MFN up to its rate applies: the rate shown is its upper bound, reached
        at zero MFN), conditional (a measure with a condition the data cannot check
        applies, e.g. goods not qualifying under USMCA).

        ``hs6_rule`` says what a list entry longer than the line's six digits does (see
        :data:`tradewinds.tariffs.rules.HS6_RULE`): ``"any"`` lets it reach the line,
        ``"strict"`` does not; lines where the two differ are flagged ``partial``.
        ``metal_share``: the metal content share of derivative articles (default
        :data:`tradewinds.tariffs.rules.DERIVATIVE_METAL_SHARE`)."""
        prods = pd.Series(pd.unique(pd.Series(products, dtype="string")), dtype="string")
        ask = _Ask(on, hs6_rule, loaded, halted, metal_share)
        return self._rates(exporter, prods, _codes_of(prods, match), ask, details=details, cache={})

    def rates_by_exporter(
        self,
        exporters: Sequence[str],
        products: Sequence[str] | pd.Series,
        on: date,
        *,
        match: Match = "exact",
        hs6_rule: HS6Rule = "any",
        loaded: date | None = None,
        halted: Sequence[tuple[str, str, str]] = (),
        metal_share: float | None = None,
        wide: bool = False,
    ) -> pd.DataFrame:
        """The rate each exporter pays on each product on ``on``, by the same rules as
        :meth:`line_rates` (product lists are matched once for all exporters).

        Long frame: exporter, product, additional_rate, rate_low, rate_high, banned,
        partial, mfn_dependent, conditional. ``wide=True``: additional_rate as a
        products × exporters frame."""
        prods = pd.Series(pd.unique(pd.Series(products, dtype="string")), dtype="string")
        codes = _codes_of(prods, match)
        ask = _Ask(on, hs6_rule, loaded, halted, metal_share)
        cache: dict[tuple[object, ...], Reach] = {}
        cols = [
            "product",
            "additional_rate",
            "rate_low",
            "rate_high",
            "banned",
            "partial",
            "mfn_dependent",
            "conditional",
        ]
        # exporters under the same measures pay the same rates: computed once per set
        by_set: dict[tuple[str, ...], pd.DataFrame] = {}
        frames = []
        for exp in dict.fromkeys(str(e) for e in exporters):
            live = self.in_force(exp, on, loaded=loaded, halted=halted)
            key = tuple(m.id for m in live)  # (the same set and order: the same rates)
            if key not in by_set:
                r = self._rates(exp, prods, codes, ask, details=False, cache=cache, live=live)
                by_set[key] = r[cols]
            frames.append(by_set[key].assign(exporter=exp)[["exporter", *cols]])
        out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
        if wide:
            return out.pivot(index="product", columns="exporter", values="additional_rate")
        return out

    def _reach(
        self, entries: list[str], on: date, codes: _Codes, cache: dict[tuple[object, ...], Reach]
    ) -> Reach:
        key = (*entries, on)
        if key not in cache:
            cache[key] = codes.reach_of(PrefixSet.build(entries, on))
        return cache[key]

    def _combine(
        self,
        live: list[TariffMeasure],
        applies: dict[str, np.ndarray],
        covered: dict[str, np.ndarray],
        exempt: dict[str, np.ndarray],
        chapter: np.ndarray,
        on: date,
        metal_share: float | None,
    ) -> _Combined:
        n = len(chapter)
        zeros = np.zeros(n, dtype=bool)
        # 1. within a program: a measure naming the exporter before an all-exporters one,
        #    then the later 'from', then the later in the schedule (rule table: overrides)
        order = {m.id: i for i, m in enumerate(self.measures)}
        final: dict[str, np.ndarray] = {}
        prog_app: dict[str, np.ndarray] = {}
        by_prog: dict[str, list[TariffMeasure]] = {}
        for m in live:
            if m.program:
                by_prog.setdefault(m.program, []).append(m)
        for p, ms in by_prog.items():
            taken = zeros.copy()
            for m in sorted(
                ms,
                key=lambda m: (m.names_exporter, m.from_, order.get(m.id, 1 << 30)),
                reverse=True,
            ):
                got = applies[m.id] & ~taken
                final[m.id] = got
                taken |= got
            prog_app[p] = taken
        # 2. the rule table, in order
        content_ex: list[tuple[str, str]] = []
        for rule in R.active_rules(on):
            if rule.relation == "excludes":
                for first in rule.first:
                    for second in rule.second:
                        if first != second and first in prog_app and second in prog_app:
                            prog_app[second] = prog_app[second] & ~prog_app[first]
            elif rule.relation == "excludes_content":
                content_ex += [(f, s) for f in rule.first for s in rule.second]
        for m in live:
            if m.program:
                final[m.id] = final[m.id] & prog_app[m.program]
        # 3. the share of value the metal duties are levied on
        metals = {p: prog_app[p] for p in R.S232_METALS if p in prog_app}
        share = R.metal_share(chapter, metals, default=metal_share)
        k = np.zeros(n)
        for where in metals.values():
            k += where
        k = np.maximum(k, 1.0)
        rest = {p: zeros.copy() for p in prog_app}
        for first, second in content_ex:
            if first in prog_app and second in prog_app:
                rest[second] |= prog_app[first] & prog_app[second]
        # 4. A + B·S
        A = np.zeros(n)
        B = np.zeros(n)
        base: dict[str, np.ndarray] = {}
        mfn_dep = zeros.copy()
        cond = zeros.copy()
        banned = zeros.copy()
        for m in live:
            if not m.program:
                continue
            a = final[m.id]
            if R.PROGRAMS[m.program].basis == "metal_content":
                B += np.where(a, m.rate / k, 0.0)
                base[m.id] = np.where(a, _BASE_METAL, _BASE_NONE)
            else:
                r_ = rest[m.program] & a
                A += np.where(a, m.rate, 0.0)
                B -= np.where(r_, m.rate, 0.0)
                base[m.id] = np.where(r_, _BASE_REST, np.where(a, _BASE_VALUE, _BASE_NONE))
            if m.stacking == "top_up":
                mfn_dep |= a
            if m.condition:
                cond |= a
        # 5. measures outside the table: add, unless displaced by a group they name
        by_group: dict[str, np.ndarray] = {}
        for m in live:
            a = final.get(m.id, applies[m.id])
            if m.group:
                by_group[m.group] = by_group.get(m.group, zeros) | a
        replaced = zeros.copy()
        rep_rate = np.zeros(n)
        for m in live:
            if m.program:
                continue
            a = applies[m.id]
            for g in m.displaced_by:
                if g in by_group:
                    a = a & ~by_group[g]
            final[m.id] = a
            base[m.id] = np.where(a, _BASE_VALUE, _BASE_NONE)
            if m.kind == "embargo":
                banned |= a
            elif m.stacking == "replace":
                new = a & ~replaced
                rep_rate[new] = m.rate
                replaced |= new
            else:
                A += np.where(a, m.rate, 0.0)
                if m.stacking == "top_up":
                    mfn_dep |= a
            if m.condition:
                cond |= a
        if replaced.any():
            A = np.where(replaced, rep_rate, A)
            B = np.where(replaced, 0.0, B)
            for m in live:
                if m.stacking != "replace" and m.kind != "embargo":
                    final[m.id] = final[m.id] & ~replaced
                    base[m.id] = np.where(replaced, _BASE_NONE, base[m.id])
        return _Combined(A, B, banned, final, base, covered, exempt, mfn_dep, cond, share)

    def _rates(
        self,
        exporter: str,
        prods: pd.Series,
        codes: _Codes,
        ask: _Ask,
        *,
        details: bool,
        cache: dict[tuple[object, ...], Reach],
        live: list[TariffMeasure] | None = None,
    ) -> pd.DataFrame:
        n = len(prods)
        on, hs6_rule = ask.on, ask.hs6_rule
        if live is None:
            live = self.in_force(exporter, on, loaded=ask.loaded, halted=ask.halted)
        reach = {m.id: self._reach(m.products, on, codes, cache) for m in live}
        ex_reach = {m.id: self._reach(m.exempt, on, codes, cache) for m in live}
        partial = np.zeros(n, dtype=bool)
        uses = np.zeros(n, dtype=bool)
        for m in live:
            c, e = reach[m.id], ex_reach[m.id]
            partial |= c.partial | (c.any & e.partial)
            uses |= c.use

        def scenario(rule: HS6Rule, with_use: bool) -> _Combined:
            cov = {m.id: reach[m.id].get(rule, with_use) for m in live}
            ex = {m.id: ex_reach[m.id].get(rule) for m in live}
            app = {i: cov[i] & ~ex[i] for i in cov}
            return self._combine(live, app, cov, ex, codes.chapter, on, ask.metal_share)

        central = scenario(hs6_rule, False)
        s_c, s_lo, s_hi = central.share
        rate = central.rate(s_c)
        lows = [rate, central.rate(s_lo), central.rate(s_hi)]
        other: HS6Rule = "strict" if hs6_rule == "any" else "any"
        alts = []
        if partial.any():
            alts.append(scenario(other, False))
        if uses.any():
            alts += [scenario(hs6_rule, True), scenario(other, True)]
        for alt in alts:
            a_c, a_lo, a_hi = alt.share
            lows += [alt.rate(a_c), alt.rate(a_lo), alt.rate(a_hi)]
        stack = np.vstack(lows)
        banned = central.banned
        any_metal = s_hi > 0
        # lines with the same measures share one (empty or per-combination) list
        rows_measures: list[list[dict[str, object]]] = [[]] * n
        exempt_from: list[list[str]] = [[]] * n
        displaced: list[list[str]] = [[]] * n
        if details and live:
            rows_measures, exempt_from, displaced = _details(live, central, s_c)
        return pd.DataFrame(
            {
                "product": prods.reset_index(drop=True),
                "mfn_rate": np.full(n, np.nan),
                "additional_rate": rate,
                "effective_rate": np.where(banned, np.nan, rate),
                "banned": banned,
                "partial": partial,
                "measures": rows_measures,
                "exempt_from": exempt_from,
                "displaced": displaced,
                "rate_low": stack.min(axis=0),
                "rate_high": stack.max(axis=0),
                "metal_share": np.where(any_metal, s_c, np.nan),
                "mfn_dependent": central.mfn_dependent,
                "conditional": central.conditional,
            }
        )


def _details(
    live: list[TariffMeasure], c: _Combined, share: np.ndarray
) -> tuple[list[list[dict[str, object]]], list[list[str]], list[list[str]]]:
    """Per line: the measures levied (with what they are levied on), the measures whose
    exemption lists cover it, and those the rule table takes out. Built once per distinct
    combination of flags (lines of a combination share their lists)."""
    ids = [m.id for m in live]
    k = len(ids)
    whole = share >= 1.0  # the metal duties take the whole value: nothing is left
    levied = [np.where(whole & (c.base[i] == _BASE_REST), _BASE_NONE, c.base[i]) for i in ids]
    flags = np.column_stack(
        [lv.astype(np.int8) for lv in levied]
        + [(c.covered[i] & c.exempt[i]).astype(np.int8) for i in ids]
        + [
            (c.covered[i] & ~c.exempt[i] & (lv == _BASE_NONE)).astype(np.int8)
            for i, lv in zip(ids, levied, strict=True)
        ]
    )
    combos, inverse = np.unique(flags, axis=0, return_inverse=True)
    rows = [m.as_row() for m in live]
    per_combo = [
        (
            [{**rows[j], "levied_on": _BASE_LABEL[int(f[j])]} for j in range(k) if f[j]],
            [ids[j] for j in range(k) if f[k + j]],
            [ids[j] for j in range(k) if f[2 * k + j]],
        )
        for f in combos
    ]
    inv = np.asarray(inverse).ravel()
    return (
        [per_combo[ci][0] for ci in inv],
        [per_combo[ci][1] for ci in inv],
        [per_combo[ci][2] for ci in inv],
    )


from tradewinds.tariffs.schedule_files import (  # noqa: E402, F401 (reading schedules)
    _parse,
    check_overlaps,
    load_schedule,
    parse_measure,
)
